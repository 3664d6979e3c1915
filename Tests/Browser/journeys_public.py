"""Browser journey of the public page (issue 9): the municipal coordinator of Каменск-Уральский opens the settings
from the municipality page, publishes the summary report for 2021/2022–2022/2023 and switches the page on (with
«Вы уверены?»); an anonymous browser opens the page from the list without login and sees the report, the published
practices and no names; the coordinator switches it off and the page is «not found» again."""
from run import (By, Select, button_form, check, click, db_rows, find, link_by_text, login, logout, open_path, submit_form,
                 wait_path)


def journey_public_page(driver, server):
    login(driver, server.base, "mun-ku", "opora-demo")
    wait_path(driver, r"^/$", "home after login")
    click(driver, link_by_text(driver, "Муниципалитет", "the navigation item"))
    wait_path(driver, r"^/municipalities/\d+$", "the municipality page")
    mid = driver.current_url.rstrip("/").split("/")[-1]
    click(driver, link_by_text(driver, "Настройки публичной страницы", "the settings link"))
    wait_path(driver, r"^/municipalities/\d+/public-page$", "the settings of the public page")
    check("выключена" in find(driver, "#public-status", "the state").text, "the page is not off by default")
    form = find(driver, "form#public-summary-form", "the publishing form")
    Select(find(driver, "select#from", "the first year")).select_by_visible_text("2021/2022")
    Select(find(driver, "select#to", "the last year")).select_by_visible_text("2022/2023")
    submit_form(driver, form, "the publishing form")
    wait_path(driver, r"^/municipalities/\d+/public-page$", "the settings after publishing")
    check("2021/2022–2022/2023" in find(driver, "#public-range", "the published range").text, "the range is not published")
    click(driver, find(driver, "#public-enable", "«Включить публичную страницу»"))
    wait_path(driver, r"^/municipalities/\d+/public-page/enable$", "the confirmation")
    submit_form(driver, button_form(driver, "Включить", "the confirmation"), "the confirmation")
    wait_path(driver, r"^/municipalities/\d+/public-page$", "the settings after switching on")
    check("включена" in find(driver, "#public-status", "the state").text, "the page is not on")
    logout(driver, server.base)

    # Without login: the list, then the page.
    open_path(driver, server, "/public", r"^/public$", "the list of public pages")
    click(driver, find(driver, f"#public-municipalities a[href='/public/municipalities/{mid}']", "the municipality in the list"))
    wait_path(driver, r"^/public/municipalities/\d+$", "the public page")
    main = find(driver, "main", "the public page").text
    check("Итоговая справка за 2021/2022–2022/2023 учебные годы" in main, "the published report is not shown")
    check("Формирующее оценивание на уроках математики в 5–6 классах" in main, "the published practice is not shown")
    check("Совместные консультации для родителей девятиклассников" not in main, "a draft practice is shown")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#logout-form"), "the public page shows a signed-in user")
    names = [r[0] for r in db_rows(server, "SELECT fullName FROM user")]
    leaked = [n for n in names if n in main]
    check(not leaked, f"the public page names {leaked}")

    # Switched off: not found.
    login(driver, server.base, "mun-ku", "opora-demo")
    wait_path(driver, r"^/$", "home after login")
    open_path(driver, server, f"/municipalities/{mid}/public-page/disable", r"^/municipalities/\d+/public-page/disable$", "the confirmation")
    submit_form(driver, button_form(driver, "Выключить", "the confirmation"), "the confirmation")
    wait_path(driver, r"^/municipalities/\d+/public-page$", "the settings after switching off")
    logout(driver, server.base)
    open_path(driver, server, f"/public/municipalities/{mid}", r"^/public/municipalities/\d+$", "the switched-off page")
    check("Страница не найдена" in driver.page_source or "не найдена" in find(driver, "main", "the error page").text,
          "the switched-off page is not «not found»")


JOURNEYS = [journey_public_page]
