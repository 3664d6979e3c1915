"""Dashboards (issue 7): a coordinator opens the dashboard, follows «просрочен» to the late reports, pins a school."""
import re

from run import (PASSWORD, By, CheckFailed, check, click, find, login, logout, open_path, submit_form, wait_path)


def journey_dashboard_late_reports(driver, server):
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    find(driver, "h1", "the dashboard's heading")
    check("сводка" in find(driver, "h1", "h1").text, "the coordinator's home page is not the dashboard")
    late = find(driver, "a#figure-report-late", "the «просрочен» figure")
    count = int(late.find_element(By.CSS_SELECTOR, "strong").text.strip())
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", late)
    click(driver, late)
    wait_path(driver, r"^/municipalities/\d+/reports$", "the reports overview after «просрочен»")
    check("status=late" in driver.current_url, f"«просрочен» did not filter the overview: {driver.current_url}")
    rows = driver.find_elements(By.CSS_SELECTOR, "table#report-overview tbody tr")
    check(len(rows) == count, f"the overview lists {len(rows)} late reports, the dashboard said {count}")
    for tr in rows:
        check("просрочен" in tr.text, f"a row of the late reports is not late: {tr.text!r}")
    if count == 0:
        find(driver, ".empty-state", "the empty state of the late reports")

    # Pin the first school of the dashboard's table; it shows in the watchlist at the top.
    open_path(driver, server, "/", r"^/$", "the dashboard again")
    first = find(driver, "table#schools tbody tr", "a school row of the dashboard")
    name = first.find_element(By.CSS_SELECTOR, "td a").text.strip()
    forms = first.find_elements(By.CSS_SELECTOR, "form.watch-form")
    check(forms, "no «Наблюдать» button in the school row")
    submit_form(driver, forms[0], "the «Наблюдать» form")
    wait_path(driver, r"^/$", "the dashboard after pinning")
    watch = find(driver, "table#watchlist", "the watchlist table")
    check(name in watch.text, f"the pinned school «{name}» is not in the watchlist: {watch.text!r}")
    logout(driver, server.base)


JOURNEYS = [journey_dashboard_late_reports]
