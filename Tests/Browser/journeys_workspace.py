"""Journeys of the coordinator's registries (issue 7): events and management decisions."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from run import (PASSWORD, check, click, db_rows, find, link_by_text, login, logout, open_path, submit_form,
                 visible_error_summary, wait_path)


def fill(driver, css, text):
    field = find(driver, css, css)
    field.clear()
    field.send_keys(text)


def journey_workspace_event_and_decision(driver, server):
    """mun-ku records a round table on the calendar (first with a missing date: the error shows next to the field),
    sees it under its month and on the host school's card; then records a decision addressed to one school, whose
    director gets exactly one notification and sees it on the school's card."""
    school_id, school_name = db_rows(server, """
        SELECT s.id, s.shortName FROM user u JOIN school s ON s.id = u.schoolId WHERE u.login = 'director-ku-02'""")[0]
    title = "ВСОКО: итоги первого полугодия"
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    open_path(driver, server, "/events", r"^/events$", "the events calendar")
    click(driver, find(driver, "#new-event", "«Добавить мероприятие»"))
    wait_path(driver, r"^/events/new$", "the new event form")
    form = find(driver, "form#event-form", "event form")
    Select(find(driver, "#format", "format select")).select_by_visible_text("Круглый стол")
    fill(driver, "#title", title)
    submit_form(driver, find(driver, "form#event-form", "event form"), "the event form without a date")
    check(any("Введите дату проведения" in s for s in visible_error_summary(driver)), "no error summary for the missing date")
    check("Введите дату проведения" in find(driver, ".field--error", "the date field in error").text, "the error is not next to the date field")
    fill(driver, "#heldOn", "25.01.2024")
    Select(find(driver, "#hostSchool", "host select")).select_by_visible_text(school_name)
    click(driver, find(driver, f"#participant-{school_id}", "the participant checkbox"))
    fill(driver, "#goal", "Обсудить результаты мониторинга ВСОКО")
    submit_form(driver, find(driver, "form#event-form", "event form"), "the event form")
    wait_path(driver, r"^/events/\d+$", "the event page")
    check(title in find(driver, "h1", "heading").text, "the event page does not show its title")
    check("25.01.2024" in driver.page_source and "2023/2024" in driver.page_source, "the event page lacks its date and school year")
    open_path(driver, server, "/events?year=2023", r"^/events$", "the calendar for 2023/2024")
    months = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "h2.event-month")]
    check("Январь 2024" in months, f"no «Январь 2024» month on the calendar: {months}")
    link_by_text(driver, title, "the event in the calendar")
    open_path(driver, server, f"/schools/{school_id}", r"^/schools/\d+$", "the host school's card")
    check(title in find(driver, "#school-events", "the card's events").text, "the card does not list the event")

    # A decision addressed to one school.
    text = "Провести методический совет по итогам круглого стола"
    open_path(driver, server, "/decisions", r"^/decisions$", "the decisions list")
    overdue_before = int(find(driver, "#overdue-link", "the overdue count").text)
    check(overdue_before >= 1, "the demo's overdue decision is not counted")
    click(driver, find(driver, "#new-decision", "«Записать решение»"))
    wait_path(driver, r"^/decisions/new$", "the new decision form")
    Select(find(driver, "#year", "year select")).select_by_visible_text("2023/2024")
    fill(driver, "#text", text)
    click(driver, find(driver, "#addressee-school", "«одна школа»"))
    click(driver, find(driver, f"#school-{school_id}", "the school checkbox"))
    fill(driver, "#responsible", "заместитель директора по УВР")
    fill(driver, "#dueOn", "29.02.2024")
    submit_form(driver, find(driver, "form#decision-form", "decision form"), "the decision form")
    wait_path(driver, r"^/decisions$", "the decisions list after saving")
    check(text in find(driver, "#decision-table", "decisions table").text, "the decision is not listed")
    check(int(find(driver, "#overdue-link", "the overdue count").text) == overdue_before + 1,
          "a decision due 29.02.2024 and open is not counted as overdue")
    (decision_id,) = db_rows(server, "SELECT MAX(id) FROM managementDecision")[0]
    notified = db_rows(server, "SELECT u.login FROM notification n JOIN user u ON u.id = n.userId WHERE n.dedupeKey = ?",
                       (f"decision:{decision_id}",))
    check(notified == [("director-ku-02",)], f"expected one notification for director-ku-02, got {notified}")
    logout(driver, server.base)

    login(driver, server.base, "director-ku-02", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku-02")
    open_path(driver, server, f"/schools/{school_id}", r"^/schools/\d+$", "the director's school card")
    check(text in find(driver, "#school-decisions", "the card's decisions").text, "the director does not see the decision on the card")
    logout(driver, server.base)


JOURNEYS = [journey_workspace_event_and_decision]
