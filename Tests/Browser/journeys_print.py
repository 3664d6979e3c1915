"""Printing (issue 19): every kind of page printed from headless Chromium. Under print media, at the printable
width of an A4 portrait page (718 px at 96 dpi with Chromium's default margins), nothing is wider than the page, the
page's tables are printed, no control (button, field) and no action link («Скачать XLSX», «Копировать в школы»,
«Добавить школу» …) is printed; and Chromium's PDF of the page is a real PDF of a sane number of pages."""
import base64
import re

from run import PASSWORD, CheckFailed, check, db_rows, login, logout, open_path, wait_path

PRINTABLE_WIDTH = 718
MAX_PAGES = 60
ACTION_LINK = r"^(Скачать|Копировать|Добавить|Выгрузить|Загрузить|Создать|Новая|Новый)|\b(XLSX|CSV)$"

PRINT_CHECK = """
const width = arguments[0], tables = arguments[1], actionLink = new RegExp(arguments[2]);
const shown = e => { for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
    const s = getComputedStyle(n); if (s.display === 'none' || s.visibility === 'hidden') return false; }
  return e.getClientRects().length > 0; };
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const wide = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if ((r.width || r.height) && (r.right > width + 1 || r.left < -1) && shown(e)) wide.push(name(e) + ' ' + Math.round(r.left) + '…' + Math.round(r.right));
}
const controls = [...document.querySelectorAll('button, select, textarea, input:not([type=hidden])')].filter(shown).map(name);
const links = [...document.querySelectorAll('a')].filter(a => shown(a) && actionLink.test(a.textContent.trim())).map(a => a.textContent.trim());
const missing = tables.filter(css => !([...document.querySelectorAll(css)].some(shown)));
return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5), wideCount: wide.length,
        controls: controls.slice(0, 5), links: links.slice(0, 5), missing: missing};
"""


def printed(driver, what, tables):
    """The checks of one page under print media at the printable width, then its PDF."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": PRINTABLE_WIDTH, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        r = driver.execute_script(PRINT_CHECK, PRINTABLE_WIDTH, tables, ACTION_LINK)
        problems = []
        if r["scrollWidth"] > PRINTABLE_WIDTH + 1 or r["wideCount"]:
            problems.append(f"wider than the page ({r['scrollWidth']} px; {r['wideCount']} elements, e.g. {r['wide']})")
        if r["missing"]:
            problems.append(f"tables not printed: {r['missing']}")
        if r["controls"]:
            problems.append(f"controls printed: {r['controls']}")
        if r["links"]:
            problems.append(f"action links printed: {r['links']}")
        check(not problems, f"{what} prints badly: " + "; ".join(problems))
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        check(pdf.startswith(b"%PDF-") and 1 <= pages <= MAX_PAGES, f"{what}: the PDF is {len(pdf)} bytes of {pages} pages")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def journey_print_every_page_kind(driver, server):
    (municipality, school), = db_rows(server, "SELECT u.municipalityId, d.schoolId FROM user u, user d "
                                              "WHERE u.login = 'mun-ku' AND d.login = 'director-ku'")
    roadmap = db_rows(server, """
        SELECT r.schoolId, r.schoolYear FROM roadmap r JOIN school s ON s.id = r.schoolId
        JOIN measure m ON m.roadmapId = r.id WHERE s.municipalityId = ?
        GROUP BY r.id ORDER BY COUNT(*) DESC, r.id LIMIT 1""", (municipality,))
    report = db_rows(server, """
        SELECT rep.id FROM report rep JOIN roadmap r ON r.id = rep.roadmapId JOIN school s ON s.id = r.schoolId
        JOIN reportItem i ON i.reportId = rep.id WHERE s.municipalityId = ?
        GROUP BY rep.id ORDER BY COUNT(*) DESC, rep.id LIMIT 1""", (municipality,))
    check(roadmap and report, "the demo has no roadmap or report with measures in mun-ku's municipality")
    identified = db_rows(server, "SELECT MAX(schoolYear) FROM schoolStatus WHERE flag = 'lowResults'")[0][0]
    pages = [
        ("the dashboard", "/", []),
        ("the school list", "/schools", ["table"]),
        ("a school card", f"/schools/{school}", []),
        ("a roadmap", f"/schools/{roadmap[0][0]}/roadmap/{roadmap[0][1]}", [".roadmap-table"]),
        ("a half-year report", f"/reports/{report[0][0]}", ["#report-items"]),
        ("the identification list", f"/identification?year={identified}", ["form table"]),
        ("the summary report", f"/municipalities/{municipality}/summary", [".summary-table"]),
        ("the municipality's results", f"/municipalities/{municipality}/results", ["table"]),
        ("the partner groups", "/partnerships", []),
    ]
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    failures = []
    for what, path, tables in pages:
        open_path(driver, server, path, "^" + re.escape(path.split("?")[0]) + "$", what)
        try:
            printed(driver, what, tables)
        except CheckFailed as e:
            failures.append(str(e))
    logout(driver, server.base)
    check(not failures, "\n".join(failures))


JOURNEYS = [journey_print_every_page_kind]
