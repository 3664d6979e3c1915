"""Browser journey of the summary report (issue 7): the municipal coordinator opens «Итоговая справка» for
Каменск-Уральский 2021/2022–2022/2023 from the navigation and the form, sees the seven numbered sections and the
«Выводы» computed from the data, and the print stylesheet applies (navigation and actions hidden under
@media print, the report itself printed on A4 pages)."""
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

from run import (By, CheckFailed, Select, check, click, find, link_by_text, login, logout, submit_form, wait_path)

SECTIONS = [
    "1. Идентификация школ с низкими образовательными результатами",
    "2. Динамика образовательных результатов",
    "3. Меры поддержки",
    "4. Проведённые мероприятия",
    "5. Развитие кадрового потенциала",
    "6. Выход из перечня ШНОР",
    "7. Управленческие решения и их исполнение",
]


def displayed(driver, css):
    return driver.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).display : null;", css)


def open_report(driver, first, last):
    """On the summary form (the page shown): the years chosen and the report opened."""
    form = find(driver, "form.summary-form", "the summary form")
    Select(find(driver, "select#from", "the first year")).select_by_visible_text(first)
    Select(find(driver, "select#to", "the last year")).select_by_visible_text(last)
    submit_form(driver, form, "the summary form")
    wait_path(driver, r"^/municipalities/\d+/summary$", "the summary report")


def journey_summary_report(driver, server):
    login(driver, server.base, "mun-ku", "opora-demo")
    wait_path(driver, r"^/$", "home after login")
    click(driver, link_by_text(driver, "Итоговая справка", "the navigation item"))
    wait_path(driver, r"^/summary$", "the summary form")
    open_report(driver, "2021/2022", "2022/2023")
    main = find(driver, "main", "the report")
    check("2021/2022–2022/2023" in main.text, "the report does not name the years 2021/2022–2022/2023")
    headings = [h.text.strip() for h in driver.find_elements(By.CSS_SELECTOR, "section.summary-section > h2")]
    check(headings[:7] == SECTIONS, f"the numbered sections read {headings}")
    check(headings[-1] == "Выводы", f"the last section is {headings[-1]!r}, not «Выводы»")
    conclusions = find(driver, "#conclusions", "the conclusions").text
    check(re.search(r"Все 8 школ перечня ШНОР 2021/2022–2022/2023 .* вышли из ШНОР", conclusions),
          f"«Выводы» do not say that all 8 schools left the list: {conclusions[:500]!r}")
    exits = driver.find_elements(By.CSS_SELECTOR, "table#summary-exits tbody tr")
    check(len(exits) == 8, f"the exits table has {len(exits)} rows, not 8")
    check(find(driver, "#summary-dynamics-chart-title", "the chart's title").get_attribute("id"), "no chart")
    check("Мероприятия не зарегистрированы" in main.text or driver.find_elements(By.CSS_SELECTOR, "table#summary-events"),
          "section 4 neither lists events nor says there are none")
    # Screen: navigation shown. Print: navigation and the report's actions hidden, the sections printed.
    check(displayed(driver, ".site-nav") != "none", "the navigation is hidden on screen")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        check(displayed(driver, ".site-nav") == "none", "the navigation is printed (no @media print rule applies)")
        check(displayed(driver, ".summary-actions") == "none", "the report's links are printed")
        check(displayed(driver, "#section-6") not in (None, "none"), "section 6 is not printed")
        page_rule = driver.execute_script("""
            for (const sheet of document.styleSheets) {
              for (const rule of sheet.cssRules) {
                if (rule.type === CSSRule.PAGE_RULE && rule.selectorText === 'summary') return rule.cssText;
              }
            }
            return null;""")
        check(page_rule and "a4" in page_rule.lower(), f"no A4 @page rule for the report: {page_rule!r}")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    # The workbook link carries the same years.
    link = link_by_text(driver, "Скачать Excel (XLSX)", "the workbook link")
    check(link.get_attribute("href").endswith("/summary.xlsx?from=2021&to=2022"), f"the workbook link is {link.get_attribute('href')}")
    logout(driver, server.base)


def journey_summary_docx(driver, server):
    """«Скачать DOCX» next to the workbook: LibreOffice (headless) converts the document to text, and python-docx
    reads its paragraphs and tables. Skipped, with a message, only where soffice is absent (`make browser-deps`
    installs it)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("    SKIP summary_docx: soffice (LibreOffice) is not installed; `make browser-deps` installs libreoffice-writer-nogui")
        return
    import docx  # python-docx, installed by `make browser-deps`
    login(driver, server.base, "mun-ku", "opora-demo")
    wait_path(driver, r"^/$", "home after login")
    driver.get(server.base + "/summary")
    open_report(driver, "2021/2022", "2023/2024")
    link = link_by_text(driver, "Скачать DOCX", "the DOCX link")
    href = link.get_attribute("href")
    check(href.endswith("/summary.docx?from=2021&to=2023"), f"the DOCX link is {href}")
    cookie = driver.get_cookie("opora_session")["value"]
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": f"opora_session={cookie}"}), timeout=60) as r:
        check(r.headers.get("Content-Type") == "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              f"the DOCX is served as {r.headers.get('Content-Type')}")
        body = r.read()
    tmp = tempfile.mkdtemp(prefix="opora-docx-")
    try:
        path = os.path.join(tmp, "summary.docx")
        with open(path, "wb") as f:
            f.write(body)
        # A private profile: a second soffice (another engineer's, a desktop session) must not swallow the conversion.
        profile = "file://" + os.path.join(tmp, "profile")
        done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "txt:Text",
                               "--outdir", tmp, path], capture_output=True, text=True, timeout=180)
        text_path = os.path.join(tmp, "summary.txt")
        check(done.returncode == 0 and os.path.exists(text_path),
              f"LibreOffice did not convert the DOCX ({done.returncode}): {done.stderr[-500:]}")
        with open(text_path, encoding="utf-8-sig") as f:
            text = f.read()
        for expected in ["Итоговая справка", "Выводы"] + SECTIONS + ["Выезды кураторов в школы", "Участники по группам"]:
            check(expected in text, f"the converted text lacks {expected!r}: {text[:400]!r}")
        document = docx.Document(path)
        paragraphs = [p.text for p in document.paragraphs]
        check(paragraphs[0] == "Итоговая справка", f"the first paragraph is {paragraphs[0]!r}")
        check("1. Идентификация школ с низкими образовательными результатами" in paragraphs, "python-docx finds no section 1 heading")
        check(len(document.tables) >= 7, f"python-docx finds {len(document.tables)} tables")
        headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
        visits = [h for h in headers if h[:3] == ["Школа", "В программе", "Выездов"]]
        check(visits, f"no table of visits among the headers {headers}")
        events = [t for t in document.tables if "Участники по группам" in [c.text for c in t.rows[0].cells]]
        check(events and len(events[0].rows) > 1, "the events table has no rows")
        groups = " ".join(c.text for row in events[0].rows[1:] for c in row.cells)
        check(re.search(r"\u2014 \d+", groups), f"the events table shows no group with a head count: {groups[:300]!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    logout(driver, server.base)


JOURNEYS = [journey_summary_report, journey_summary_docx]
