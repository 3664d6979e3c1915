"""The living demo (issue 14, item 1): opened today, the demo runs in the running school year."""

from selenium.webdriver.common.by import By

from run import PASSWORD, check, db_rows, find, login, logout, open_path, wait_path


def journey_living_demo_opens_on_the_running_year(driver, server):
    """mun-ku's dashboard opens on the running school year and its calendar has the year's events of this month and
    the next; director-ku's dashboard names the open I полугодие of that year, due after today, and its report."""
    year = db_rows(server, "SELECT MAX(schoolYear) FROM schoolStatus")[0][0]
    title = f"{year}/{year + 1}"
    mun_id = db_rows(server, "SELECT municipalityId FROM user WHERE login = 'mun-ku'")[0][0]
    period = db_rows(server, "SELECT dueDate FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = 1 "
                             "AND isOpen = 1", (mun_id, year))
    check(period, f"mun-ku's municipality has no open I полугодие {title}")
    y, m, d = period[0][0].split("-")
    due = f"{d}.{m}.{y}"
    events = [t for (t,) in db_rows(server, "SELECT title FROM municipalEvent WHERE municipalityId = ? AND schoolYear = ? "
                                            "AND heldOn >= date('now', 'start of month') ORDER BY heldOn", (mun_id, year))]
    check(len(events) >= 2, f"the demo has {len(events)} events of {title} from this month on")

    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    heading = find(driver, "main h1", "the dashboard heading").text
    check(f"сводка за {title}" in heading, f"mun-ku's dashboard does not open on {title}: {heading!r}")
    open_path(driver, server, "/events", r"^/events$", "the events calendar")
    page = find(driver, "main", "the calendar").text
    for event in events:
        check(event in page, f"the calendar does not list «{event}»")
    logout(driver, server.base)

    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku")
    shown = find(driver, "#director-period", "the director's report period").text
    check(f"I полугодие {title}" in shown and due in shown, f"the director's period reads {shown!r}, expected {title} due {due}")
    report = find(driver, "#director-report", "the director's report").text
    check(report and "просроч" not in report.lower(), f"the director's report of the open period reads {report!r}")
    check(not driver.find_elements(By.CSS_SELECTOR, "#director-period .tag--late"), "the open period is marked late")
    logout(driver, server.base)


JOURNEYS = [journey_living_demo_opens_on_the_running_year]
