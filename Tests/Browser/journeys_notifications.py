"""Issue 7, notifications: a curator returns a submitted report; its school's director sees the unread count in the
header, opens the inbox and follows the notification («Открыть») to the report, which marks it read."""
import urllib.parse

from selenium.webdriver.common.by import By

from run import (PASSWORD, check, db_rows, find, login, logout, open_path, submit_form, visible_error_summary,
                 wait_path)


def unread_count(driver):
    badge = driver.find_elements(By.CSS_SELECTOR, "#inbox-count")
    return badge[0].text.strip() if badge else ""


def journey_notifications_report_returned(driver, server):
    # A submitted report whose roadmap year has an assigned curator, and the school's director.
    found = db_rows(server, """
        SELECT rep.id, c.login, d.login, d.id FROM report rep
        JOIN roadmap r ON r.id = rep.roadmapId
        JOIN curatorAssignment a ON a.schoolId = r.schoolId AND a.schoolYear = r.schoolYear
        JOIN user c ON c.id = a.curatorId AND c.role = 'curator' AND c.isActive = 1
        JOIN user d ON d.schoolId = r.schoolId AND d.role = 'director' AND d.isActive = 1
        WHERE rep.status = 'submitted'
        ORDER BY d.login = 'director-ku' DESC, c.login = 'curator-ku' DESC, rep.id""")
    check(found, "the demo holds no submitted report with an assigned curator and a director")
    report_id, curator, director, director_id = found[0]
    report_path = f"/reports/{report_id}"
    comment = "Приложите протоколы педагогических советов"
    before = db_rows(server, "SELECT COUNT(*) FROM notification WHERE userId = ? AND readAt IS NULL", (director_id,))[0][0]

    # The curator returns the report with a comment.
    login(driver, server.base, curator, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {curator}")
    open_path(driver, server, report_path, r"^/reports/\d+$", "the submitted report")
    form = find(driver, "form#return-report", "the return form")
    form.find_element(By.ID, "comment").send_keys(comment)
    submit_form(driver, form, "the return form")
    check(not visible_error_summary(driver), f"returning the report failed: {visible_error_summary(driver)}")
    logout(driver, server.base)

    # The director sees the count in the header of the home page.
    login(driver, server.base, director, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {director}")
    expected = str(before + 1)
    check(unread_count(driver) == expected, f"the header shows «{unread_count(driver)}» unread, expected {expected}")
    find(driver, "#inbox-link", "the inbox link in the header").click()
    wait_path(driver, r"^/notifications$", "the inbox")
    items = driver.find_elements(By.CSS_SELECTOR, "#notification-list li.notification--unread")
    check(items, "the inbox lists no unread notification")
    first = items[0]
    check("возвращён на доработку" in first.text, f"the newest notification reads «{first.text}»")
    check(comment in first.text, "the notification does not carry the curator's comment")
    open_form = first.find_element(By.CSS_SELECTOR, "form.notification__open")
    check(urllib.parse.urlparse(open_form.get_attribute("action")).path.endswith("/open"), "«Открыть» does not post to /open")
    submit_form(driver, open_form, "«Открыть»")
    wait_path(driver, r"^/reports/\d+$", "the report after «Открыть»")
    check(urllib.parse.urlparse(driver.current_url).path == report_path,
          f"«Открыть» led to {driver.current_url}, not {report_path}")
    check("возвращён" in driver.page_source, "the report page does not show it as returned")
    left = db_rows(server, "SELECT COUNT(*) FROM notification WHERE userId = ? AND readAt IS NULL", (director_id,))[0][0]
    check(left == before, f"after opening, {left} notifications are unread (expected {before})")
    check(unread_count(driver) == ("" if before == 0 else str(before)),
          f"after opening, the header still shows «{unread_count(driver)}»")
    logout(driver, server.base)


JOURNEYS = [journey_notifications_report_returned]
