"""Browser journeys of the bank of practices (issue 9)."""

from run import (PASSWORD, By, CheckFailed, Select, check, click, db_rows, find, link_by_text, login, logout,
                 open_path, submit_form, wait_path)

TITLE = "Математическая карусель для шестиклассников"
DESCRIPTION = ("Команды обучающихся решают задачи по кругу; учитель даёт обратную связь по критериям "
               "и фиксирует затруднения для взаимопосещения уроков.")


def practice_status(driver):
    return find(driver, "#practice-status", "the practice's status").text.strip()


def journey_practice_propose_publish_find(driver, server):
    """Issue 9: director-ku writes a practice and proposes it; director-ku-02 does not see it yet; mun-ku
    publishes it; director-ku-02 finds it by a word of its description typed in capitals («ЗАТРУДНЕН»)."""
    # Director: the new-practice form from the bank, saved as a draft, then proposed.
    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku")
    click(driver, link_by_text(driver, "Банк практик", "the navigation"))
    wait_path(driver, r"^/practices$", "the bank of practices")
    click(driver, find(driver, "a#new-practice", "the «Предложить практику» link"))
    wait_path(driver, r"^/practices/new$", "the new practice form")
    form = find(driver, "form#practice-form", "the practice form")
    submit_form(driver, form, "the empty practice form")
    check(driver.find_elements(By.CSS_SELECTOR, ".error-summary"), "no error summary after an empty practice form")
    check("Введите название практики" in driver.page_source, "no message next to the title")
    find(driver, "#title", "the title field").send_keys(TITLE)
    Select(find(driver, "#category", "the category select")).select_by_visible_text("Формирующее оценивание")
    find(driver, "#description", "the description field").send_keys(DESCRIPTION)
    find(driver, "#authors", "the authors field").send_keys("Смирнова О. П., учитель математики")
    click(driver, find(driver, "#authorsConsent", "the consent checkbox"))
    find(driver, "#tags", "the tags field").send_keys("математика, Формирующее оценивание")
    submit_form(driver, find(driver, "form#practice-form", "the practice form"), "the practice form")
    wait_path(driver, r"^/practices/\d+$", "the practice page after saving")
    practice_path = driver.current_url.split("?")[0].replace(server.base, "")
    check(practice_status(driver) == "черновик", f"a new practice is {practice_status(driver)!r}")
    submit_form(driver, find(driver, "#propose-practice", "the propose button").find_element(By.XPATH, "./ancestor::form[1]"),
                "proposing the practice")
    wait_path(driver, r"^/practices/\d+$", "the practice page after proposing")
    check(practice_status(driver) == "предложена", f"after proposing the practice is {practice_status(driver)!r}")
    logout(driver, server.base)

    # Another school: not visible before publication.
    login(driver, server.base, "director-ku-02", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku-02")
    open_path(driver, server, "/practices?q=затруднен", r"^/practices$", "the search before publication")
    check(TITLE not in driver.page_source, "another school sees a practice that is not yet published")
    logout(driver, server.base)

    # Coordinator: publishes.
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    open_path(driver, server, "/practices?status=proposed", r"^/practices$", "the proposed practices")
    click(driver, link_by_text(driver, TITLE, "the proposed practice in the list"))
    wait_path(driver, r"^/practices/\d+$", "the proposed practice")
    submit_form(driver, find(driver, "#publish-practice", "the publish button").find_element(By.XPATH, "./ancestor::form[1]"),
                "publishing the practice")
    wait_path(driver, r"^/practices/\d+$", "the practice page after publishing")
    check(practice_status(driver) == "опубликована", f"after publishing the practice is {practice_status(driver)!r}")
    logout(driver, server.base)

    # Another school's director finds it by a word of its description, in capitals and cut to a prefix.
    login(driver, server.base, "director-ku-02", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku-02")
    click(driver, link_by_text(driver, "Банк практик", "the navigation"))
    wait_path(driver, r"^/practices$", "the bank of practices")
    field = find(driver, "form[role=search] #q", "the search field")
    field.clear()
    field.send_keys("ЗАТРУДНЕН")
    submit_form(driver, find(driver, "form[role=search]", "the search form"), "the search form")
    wait_path(driver, r"^/practices$", "the search results")
    table = find(driver, "table#practice-table", "the practices table")
    check(TITLE in table.text, f"the search for «ЗАТРУДНЕН» does not find the practice: {table.text!r}")
    check("Кураторская методика" not in table.text, "the search lists practices without the word")
    click(driver, link_by_text(driver, TITLE, "the found practice"))
    wait_path(driver, r"^/practices/\d+$", "the found practice")
    check(driver.current_url.split("?")[0].endswith(practice_path), "the link leads to another practice")
    check("затруднения для взаимопосещения" in find(driver, "#practice-description", "the description").text,
          "the practice page does not show the description")
    check(not driver.find_elements(By.CSS_SELECTOR, "#edit-practice"), "another school may edit the practice")
    rows = db_rows(server, "SELECT status FROM practice WHERE title = ?", (TITLE,))
    check(rows == [("published",)], f"the database holds {rows!r}")
    logout(driver, server.base)


JOURNEYS = [journey_practice_propose_publish_find]
