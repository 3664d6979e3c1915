"""Journey of the new school year (issue 14, item 6): «Новый учебный год» from the coordinator's dashboard."""

import os
import re

from selenium.webdriver.common.by import By

from run import (PASSWORD, check, click, db_rows, find, login, logout, open_path, submit_form, visible_error_summary,
                 wait_path)


def confirm_one_school(driver, server, mun_id, mun_name, target):
    """The list of `target` needs results of the year before: mun-ku imports two low ВПР results for one school,
    then confirms it on the identification page, as in August."""
    procs = {subject: pid for pid, subject in db_rows(server, """
        SELECT id, subject FROM procedure WHERE family = 'vpr' AND grade = 5 AND variant = '' AND archivedAt IS NULL""")}
    check("Математика" in procs and "Русский язык" in procs, f"no ВПР Математика 5 / Русский язык 5 in {procs}")
    rows = db_rows(server, """
        SELECT s.id, s.code, s.name FROM school s
        WHERE s.municipalityId = ? AND s.archivedAt IS NULL AND s.code IS NOT NULL AND s.code <> ''
          AND s.kind NOT IN ('lyceum', 'gymnasium')
          AND s.id NOT IN (SELECT schoolId FROM schoolStatus WHERE flag = 'lowResults' AND schoolYear = ?)
        ORDER BY s.id""", (mun_id, target))
    check(rows, "no school with a code off the list of the new year")
    school_id, code, name = rows[0]
    data_year = f"{target - 1}/{target}"
    header = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
              "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"]
    lines = [header,
             [mun_name, code, name, data_year, "ВПР", "Математика", "5", "40", "16", "14", "7", "3", "", "", "", "", ""],
             [mun_name, code, name, data_year, "ВПР", "Русский язык", "5", "40", "14", "16", "8", "2", "", "", "", "", ""]]
    csv_path = os.path.join(server.workdir, f"results-{target - 1}.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(";".join(r) for r in lines) + "\r\n")
    open_path(driver, server, "/results/import", r"^/results/import$", "the import page")
    form = find(driver, "form#import-form", "the upload form")
    find(driver, "form#import-form input#file[type=file]", "the file input").send_keys(csv_path)
    submit_form(driver, form, "the upload form")
    check(find(driver, "#count-errors", "the error count").text.strip() == "0",
          f"the preview reports errors: {visible_error_summary(driver)}")
    submit_form(driver, find(driver, "form#commit-form", "the commit form"), "the commit form")
    check(not visible_error_summary(driver), f"committing the import failed: {visible_error_summary(driver)}")

    driver.get(f"{server.base}/identification?year={target}")
    box = find(driver, f"input[type=checkbox][name=school][value='{school_id}']", f"the checkbox of {name} on the list")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    click(driver, box)
    button = next((b for b in driver.find_elements(By.CSS_SELECTOR, "button[type=submit]")
                   if b.text.strip() == "Подтвердить выбранные"), None)
    check(button is not None, "no «Подтвердить выбранные» button")
    submit_form(driver, button.find_element(By.XPATH, "./ancestor::form[1]"), "the selection")
    wait_path(driver, r"^/identification/confirm$", "the check page")
    submit_form(driver, find(driver, f"form:has(tr#school{school_id})", "the confirmation form"), "the confirmation form")
    check(not visible_error_summary(driver), f"confirming failed: {visible_error_summary(driver)}")
    return school_id


def journey_rollover_new_school_year(driver, server):
    """mun-ku follows «Новый учебный год» from the dashboard, reads Y+1 from the page; when its ШНОР list is not
    confirmed yet, the page says so, and mun-ku confirms one school first. The check-your-answers page counts what
    will be created; mun-ku applies it, sees the draft roadmaps and the periods, and a second apply creates nothing."""
    mun_id, mun_name = db_rows(server, """
        SELECT m.id, m.name FROM user u JOIN municipality m ON m.id = u.municipalityId WHERE u.login = 'mun-ku'""")[0]
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    link = find(driver, "#new-year-link a", "the «Новый учебный год» link on the dashboard")
    click(driver, link)
    wait_path(driver, rf"^/municipalities/{mun_id}/new-year$", "the new school year page")
    heading = find(driver, "h1", "the heading").text
    found = re.search(r"новый учебный год (\d{4})/(\d{4})", heading)
    check(found, f"the heading does not name the new school year: {heading!r}")
    target = int(found.group(1))
    if driver.find_elements(By.CSS_SELECTOR, "#rollover-not-confirmed"):
        check(find(driver, "#rollover-not-confirmed a", "the link to the identification").get_attribute("href")
              .endswith(f"/identification?year={target}"), "the notice does not link the identification of the new year")
        confirm_one_school(driver, server, mun_id, mun_name, target)
        open_path(driver, server, f"/municipalities/{mun_id}/new-year", rf"^/municipalities/{mun_id}/new-year$",
                  "the new school year page again")
    find(driver, "#rollover-confirmed", "the confirmed list of the new year")
    roadmaps = int(find(driver, "#count-roadmaps", "the count of draft roadmaps").text.strip())
    periods = int(find(driver, "#count-periods", "the count of report periods").text.strip())
    check(roadmaps >= 1, f"no draft roadmaps proposed ({roadmaps})")
    existing = db_rows(server, "SELECT COUNT(*) FROM roadmap WHERE schoolYear = ? AND municipalityId = ? AND schoolId IS NOT NULL",
                       (target, mun_id))[0][0]
    submit_form(driver, find(driver, "form#rollover-form", "the rollover form"), "the rollover form")
    check(not visible_error_summary(driver), f"applying failed: {visible_error_summary(driver)}")
    check("подготовлен" in find(driver, "#rollover-done", "the result heading").text, "the result page does not say it is done")
    drafts = driver.find_elements(By.CSS_SELECTOR, "#created-roadmaps a")
    check(len(drafts) == roadmaps, f"the result lists {len(drafts)} roadmaps, the page promised {roadmaps}")
    if periods:
        check(len(driver.find_elements(By.CSS_SELECTOR, "#created-periods a")) == periods, "the created periods are not listed")
    got = db_rows(server, "SELECT COUNT(*) FROM roadmap WHERE schoolYear = ? AND municipalityId = ? AND schoolId IS NOT NULL",
                  (target, mun_id))[0][0]
    check(got == existing + roadmaps, f"the database holds {got} roadmaps of {target}, expected {existing + roadmaps}")
    href = drafts[0].get_attribute("href")
    click(driver, drafts[0])
    wait_path(driver, rf"^/schools/\d+/roadmap/{target}$", "the draft roadmap")
    check(driver.current_url == href, f"the link led to {driver.current_url}")
    check(find(driver, "#roadmap-status", "the roadmap status").text.strip().lower().startswith("черновик"),
          "the new roadmap is not a draft")
    open_path(driver, server, f"/municipalities/{mun_id}/report-periods", rf"^/municipalities/{mun_id}/report-periods$",
              "the report periods")
    main = find(driver, "main", "the report periods page").text
    title = f"{target}/{target + 1}"
    check(f"I полугодие {title}" in main and f"II полугодие {title}" in main, f"the periods of {title} are not listed")

    open_path(driver, server, f"/municipalities/{mun_id}/new-year?year={target}", rf"^/municipalities/{mun_id}/new-year$",
              "the new school year page after applying")
    find(driver, "#rollover-nothing", "«Создавать нечего»")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#rollover-form button[type=submit]"),
          "the apply button is still offered when there is nothing to create")
    logout(driver, server.base)


JOURNEYS = [journey_rollover_new_school_year]
