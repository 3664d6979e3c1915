"""Issue 9, pupils at risk: the director adds a row to the school's table (a wrong figure is refused beside its
field, nothing saved), corrects it, removes it again with confirmation; the coordinator's table lists the school."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from run import (PASSWORD, CheckFailed, check, click, db_rows, find, login, logout, open_path, submit_form,
                 wait_for, wait_path)


def journey_pupils_at_risk(driver, server):
    """director-ku enters «11 класс, химия» on the school's table form and sees its share on the school card."""
    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku")
    school = db_rows(server, "SELECT schoolId FROM user WHERE login = 'director-ku'")[0][0]
    open_path(driver, server, f"/schools/{school}", r"^/schools/\d+$", "the school card")
    click(driver, find(driver, "#school-pupils-at-risk-link", "the link to the pupils-at-risk table"))
    wait_path(driver, rf"^/schools/{school}/pupils-at-risk$", "the school's pupils-at-risk page")
    form = find(driver, "form#pupils-form", "the table form")
    Select(find(driver, "#grade-new", "the grade of the new row")).select_by_value("11")
    Select(find(driver, "#subject-new", "the subject of the new row")).select_by_value("Химия")
    find(driver, "#pupils-new", "pupils of the new row").send_keys("24")
    find(driver, "#atRisk-new", "at risk of the new row").send_keys("30")
    find(driver, "#plan-new", "plan of the new row").send_keys("Практикум по решению задач")
    submit_form(driver, form, "the table form")
    wait_for(driver, lambda d: "не может быть больше обучающихся (30), чем в параллели (24)" in d.page_source,
             "the message beside «В зоне риска»")
    check(not db_rows(server, f"SELECT id FROM pupilsAtRisk WHERE schoolId = {school} AND subject = 'Химия'"),
          "a refused row was saved")
    field = find(driver, "#atRisk-new", "at risk of the new row")
    field.clear()
    field.send_keys("6")
    submit_form(driver, find(driver, "form#pupils-form", "the table form"), "the corrected table form")
    wait_for(driver, lambda d: "Изменения сохранены." in d.page_source, "the «Изменения сохранены.» notice")
    rows = [tr.text for tr in driver.find_elements(By.CSS_SELECTOR, "table#pupils-at-risk tbody tr")]
    check(any("11 класс, химия" in r and "25,0 %" in r for r in rows), f"no «11 класс, химия» row at 25,0 % in {rows}")

    open_path(driver, server, f"/schools/{school}", r"^/schools/\d+$", "the school card again")
    card = find(driver, "table#school-pupils-at-risk", "the pupils-at-risk section of the card").text
    check("11 класс, химия" in card and "6 из 24" in card, f"the card does not show the new row: {card}")

    open_path(driver, server, f"/schools/{school}/pupils-at-risk", r"^/schools/\d+/pupils-at-risk$", "the table again")
    row_id = db_rows(server, f"SELECT id FROM pupilsAtRisk WHERE schoolId = {school} AND subject = 'Химия'")[0][0]
    click(driver, find(driver, f"a[href='/pupils-at-risk/rows/{row_id}/remove']", "the «Удалить» link of the new row"))
    wait_path(driver, rf"^/pupils-at-risk/rows/{row_id}/remove$", "the confirmation page")
    check("Вы уверены" in driver.page_source or "Удалить строку «11 класс, химия»" in driver.page_source,
          "the confirmation page does not name the row")
    submit_form(driver, find(driver, "main form", "the confirmation form"), "the confirmation form")
    wait_for(driver, lambda d: "Удалено." in d.page_source, "the «Удалено.» notice")
    check(not db_rows(server, f"SELECT id FROM pupilsAtRisk WHERE schoolId = {school} AND subject = 'Химия'"),
          "the removed row is still in the database")
    logout(driver, server.base)

    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    click(driver, find(driver, "nav.site-nav a[href='/pupils-at-risk']", "the «Зона риска» navigation item"))
    wait_path(driver, r"^/pupils-at-risk$", "the municipal table")
    summary = find(driver, "table#pupils-summary", "the per-subject summary").text
    check("9 класс, математика" in summary, f"the summary has no «9 класс, математика»: {summary}")
    logout(driver, server.base)


JOURNEYS = [journey_pupils_at_risk]
