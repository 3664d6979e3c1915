"""The watchlist that fills itself (issue 14): a coordinator switches a rule on, sees a school flagged with its
reason on the dashboard, and dismisses the flag with a note."""
import datetime

from run import (PASSWORD, By, check, click, find, login, logout, open_path, submit_form, visible_error_summary, wait_path)


def running_year_title():
    today = datetime.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{start + 1}"


def put_a_school_in_the_programme(driver, server):
    """When no school is in this year's programme yet (a demo that stops in an earlier year), the coordinator
    puts the first school of their list on this year's ШНОР list through the status form."""
    open_path(driver, server, "/schools", r"^/schools$", "the school list")
    link = find(driver, "table#schools tbody tr td a", "a school of the list")
    school = link.get_attribute("href").rstrip("/").split("/")[-1]
    open_path(driver, server, f"/schools/{school}/status?flag=lowResults&action=set", rf"^/schools/{school}/status$", "the status form")
    year = find(driver, "input#year", "the year field")
    year.clear()
    year.send_keys(running_year_title())
    find(driver, "textarea#reason", "the reason field").send_keys("Приказ управления образования № 1")
    submit_form(driver, find(driver, "main form[method=post]", "the status form"), "the status form")
    wait_path(driver, rf"^/schools/{school}$", "the school card after setting the status")


def journey_watchlist_rule_flags_and_dismissal(driver, server):
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    click(driver, find(driver, "a#watch-rules-link", "the «Правила наблюдения» link of the dashboard"))
    wait_path(driver, r"^/watch-rules/municipalities/\d+$", "the municipality's watchlist rules")

    # A number that is not one: the error next to the field, nothing saved.
    form = find(driver, "form#watch-rules", "the rules form")
    box = find(driver, "input#rule-silent", "the «нет активности» checkbox")
    if not box.is_selected():
        click(driver, box)
    field = find(driver, "input#silent-value", "the number of days")
    field.clear()
    field.send_keys("месяц")
    submit_form(driver, form, "the rules form")
    check(visible_error_summary(driver), "no error summary after a wrong number of days")
    check("Укажите целое число" in find(driver, "#silent-value-error", "the error next to the days").text,
          "the error next to the number of days is missing")

    # «нет активности 0 дней»: every school in this year's programme trips it.
    field = find(driver, "input#silent-value", "the number of days")
    field.clear()
    field.send_keys("0")
    if not find(driver, "input#rule-silent", "the checkbox").is_selected():
        click(driver, find(driver, "input#rule-silent", "the checkbox"))
    submit_form(driver, find(driver, "form#watch-rules", "the rules form"), "the rules form")
    wait_path(driver, r"^/watch-rules/municipalities/\d+$", "the rules after saving")
    check(find(driver, "input#rule-silent", "the checkbox").is_selected(), "the rule is not on after saving")

    open_path(driver, server, "/", r"^/$", "the dashboard")
    if not driver.find_elements(By.CSS_SELECTOR, "table#watch-flags tbody tr"):
        put_a_school_in_the_programme(driver, server)
        open_path(driver, server, "/", r"^/$", "the dashboard")
    row = find(driver, "table#watch-flags tbody tr", "a flagged school on the dashboard")
    row_id = row.get_attribute("id")
    school = row.find_element(By.CSS_SELECTOR, "td a").text.strip()
    reason = row.find_element(By.CSS_SELECTOR, ".watch-flag__reason").text
    check("нет активности" in reason, f"the flag's reason reads {reason!r}")

    # Dismiss it: a note is required, then the flag moves to «Снятые флаги» with the note.
    click(driver, row.find_element(By.LINK_TEXT, "Снять флаг"))
    wait_path(driver, r"^/schools/\d+/watch-flags/silent/dismiss$", "the dismissal form")
    check(school in find(driver, "h1", "the heading").text, f"the dismissal form is not about «{school}»")
    submit_form(driver, find(driver, "form#watch-flag-dismiss", "the dismissal form"), "the empty dismissal")
    check("Напишите, почему" in find(driver, "#note-error", "the error next to the note").text, "no error next to the empty note")
    find(driver, "textarea#note", "the note").send_keys("Школа на карантине до конца недели")
    submit_form(driver, find(driver, "form#watch-flag-dismiss", "the dismissal form"), "the dismissal")
    wait_path(driver, r"^/$", "the dashboard after the dismissal")
    check(not driver.find_elements(By.CSS_SELECTOR, f"table#watch-flags tr#{row_id}"), "the dismissed flag is still listed")
    dismissed = find(driver, "details#watch-flags-dismissed", "the dismissed flags")
    click(driver, dismissed.find_element(By.CSS_SELECTOR, "summary"))
    item = find(driver, f"details#watch-flags-dismissed li#{row_id}", "the dismissed flag")
    check("Школа на карантине" in item.text, f"the note is not shown with the dismissed flag: {item.text!r}")
    logout(driver, server.base)


JOURNEYS = [journey_watchlist_rule_flags_and_dismissal]
