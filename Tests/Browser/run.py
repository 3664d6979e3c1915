#!/usr/bin/env python3
"""Browser tests of Opora: headless Chromium (Debian) driven by Selenium 4.

Builds nothing. Uses the binary in OPORA_BIN (default .build/debug/opora): creates a demo database
in a temporary folder, starts `opora serve` on a free loopback port, runs one journey per function,
stops the server, and ends with the line `N passed, M failed` (exit status 1 if any failed).
Screenshots and page sources of failures go to a temporary folder whose path is printed.

Environment: OPORA_BIN; CHROMIUM (default /usr/bin/chromium); CHROMEDRIVER (default
/usr/bin/chromedriver); BROWSER_TIMEOUT seconds per wait (default 15); KEEP_TMP=1 keeps the database
folder; ONLY=name,name runs only those journeys (names as printed, without the journey_ prefix).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "opora-demo"
# login -> (role as shown, expected number of school rows or None for "at least one")
ROLES = {
    "admin": ("Администратор", None),
    "region": ("Региональный координатор", None),
    "mun-ku": ("Муниципальный координатор", None),
    "curator-ku": ("Куратор", None),
    "director-ku": ("Директор школы", 1),
}
SCHOOL_PATH = re.compile(r"^/schools/(\d+)$")
TIMEOUT = float(os.environ.get("BROWSER_TIMEOUT", "15"))

try:
    from selenium import webdriver
    from selenium.common.exceptions import (ElementClickInterceptedException, NoSuchElementException,
                                            StaleElementReferenceException, TimeoutException,
                                            WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("selenium is not installed: run `make browser-deps`", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)


class CheckFailed(Exception):
    pass


def check(cond, message):
    if not cond:
        raise CheckFailed(message)


# --------------------------------------------------------------------------- server

class Server:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.db = os.path.join(workdir, "db.sqlite")
        self.log_path = os.path.join(workdir, "server.log")
        self.proc = None
        self.port = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def demo(self):
        # The living demo as of today (the clock), or of OPORA_DEMO_TODAY (yyyy-mm-dd) when set.
        today = os.environ.get("OPORA_DEMO_TODAY")
        out = subprocess.run([self.binary, "demo", "--db", self.db] + (["--today", today] if today else []),
                             capture_output=True, text=True, timeout=600)
        if out.returncode != 0:
            raise CheckFailed(f"opora demo exited {out.returncode}:\n{out.stdout}\n{out.stderr}")

    def start(self):
        self.port = free_port()
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise CheckFailed(f"opora serve exited {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise CheckFailed(f"/healthz did not answer within 60 s:\n{self.log_tail()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc:
            self.log.close()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- browser helpers

def new_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=ru-RU", "--no-first-run",
                "--disable-extensions", "--disable-background-networking"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
        "profile.password_manager_leak_detection": False,
    })
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    return driver


def path_of(driver):
    return urllib.parse.urlparse(driver.current_url).path


def wait_for(driver, condition, what):
    try:
        return WebDriverWait(driver, TIMEOUT).until(lambda d: condition(d))
    except TimeoutException:
        raise CheckFailed(f"timed out after {TIMEOUT:g} s waiting for {what} (at {driver.current_url})")


def page_replaced(element):
    """Like EC.staleness_of, but also treats chromedriver's navigation race ("Node with given id
    does not belong to the document") as the old page being gone."""
    def condition(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return condition


def wait_path(driver, pattern, what):
    rx = re.compile(pattern)
    wait_for(driver, lambda d: rx.match(path_of(d)), f"{what}: a URL path matching {pattern}")


def find(driver, css, what):
    try:
        return driver.find_element(By.CSS_SELECTOR, css)
    except NoSuchElementException:
        raise CheckFailed(f"no {what} ({css}) on {driver.current_url}")


def click(driver, element):
    try:
        element.click()
    except ElementClickInterceptedException:
        driver.execute_script("arguments[0].click()", element)


def submit_button(driver, form_css, what):
    return find(driver, f"{form_css} button[type=submit], {form_css} input[type=submit]",
                f"submit button of {what}")


def school_rows(driver):
    """Rows of #schools that link to /schools/N, as (row, anchor) pairs."""
    table = find(driver, "table#schools", "schools table")
    rows = []
    for row in table.find_elements(By.CSS_SELECTOR, "tr"):
        for a in row.find_elements(By.CSS_SELECTOR, "a[href]"):
            if SCHOOL_PATH.match(urllib.parse.urlparse(a.get_attribute("href")).path):
                rows.append((row, a))
                break
    return rows


def login(driver, base, user, password):
    driver.get(base + "/login")
    form = find(driver, "form#login-form", "login form")
    check((form.get_attribute("method") or "").lower() == "post", "login form method is not post")
    check(urllib.parse.urlparse(form.get_attribute("action") or "").path == "/login",
          "login form does not post to /login")
    find(driver, "form#login-form input[type=hidden][name=_csrf]", "hidden _csrf input")
    field = find(driver, "form#login-form [name=login]", "login field")
    field.clear()
    field.send_keys(user)
    field = find(driver, "form#login-form [name=password]", "password field")
    field.clear()
    field.send_keys(password)
    click(driver, submit_button(driver, "form#login-form", "the login form"))


def logout(driver, base):
    page = driver.find_element(By.TAG_NAME, "html")
    click(driver, submit_button(driver, "form#logout-form", "the logout form"))
    wait_for(driver, page_replaced(page), "the page after logging out")
    driver.get(base + "/")
    wait_path(driver, r"^/login$", "/ after logging out")


# --------------------------------------------------------------------------- journeys
# Each journey gets (driver, server) and raises CheckFailed (or anything) on failure.

def journey_healthz(driver, server):
    with urllib.request.urlopen(server.base + "/healthz", timeout=5) as r:
        body = r.read().decode().strip()
        check(r.status == 200 and body == "ok", f"/healthz answered {r.status} {body!r}")


def journey_login_page(driver, server):
    driver.get(server.base + "/login")
    find(driver, "form#login-form", "login form")
    for name in ("login", "password"):
        find(driver, f"form#login-form input[name={name}]", f"input {name}")
    find(driver, "form#login-form input[type=hidden][name=_csrf]", "hidden _csrf input")
    submit_button(driver, "form#login-form", "the login form")
    driver.get(server.base + "/")
    wait_path(driver, r"^/login$", "/ without a session")


def journey_wrong_password(driver, server):
    login(driver, server.base, "admin", "not-the-password")
    summary = wait_for(driver, lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, ".error-summary")
                                               if e.is_displayed()), None),
                       "a visible .error-summary")
    check(summary.text.strip(), "the error summary is empty")
    check(path_of(driver) == "/login", f"wrong password left /login for {driver.current_url}")
    check(not driver.find_elements(By.ID, "current-user"), "#current-user shown after a wrong password")
    check(driver.get_cookie("opora_session") is None or not driver.get_cookie("opora_session").get("value"),
          "a session cookie was set after a wrong password")


def make_role_journey(user, expected_rows):
    def journey(driver, server):
        login(driver, server.base, user, PASSWORD)
        wait_path(driver, r"^/$", f"home after logging in as {user}")
        current = find(driver, "#current-user", "#current-user")
        check(current.text.strip(), "#current-user is empty")
        cookie = driver.get_cookie("opora_session")
        check(cookie is not None, "no opora_session cookie after logging in")
        check(cookie.get("httpOnly"), "the opora_session cookie is not HttpOnly")
        if not driver.find_elements(By.CSS_SELECTOR, "table#schools"):
            # The region's home page compares municipalities: its schools are on /schools.
            check(driver.find_elements(By.CSS_SELECTOR, "table#municipalities"), f"no #schools nor #municipalities on {user}'s home")
            driver.get(server.base + "/schools")
        rows = school_rows(driver)
        if expected_rows is None:
            check(len(rows) >= 1, f"#schools has no school rows for {user}")
        else:
            check(len(rows) == expected_rows,
                  f"#schools has {len(rows)} school rows for {user}, expected {expected_rows}")
        _, anchor = rows[0]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", anchor)
        click(driver, anchor)
        wait_path(driver, SCHOOL_PATH.pattern, "the school page")
        h1 = find(driver, "h1", "school page <h1>")
        check(h1.text.strip(), "the school page's <h1> is empty")
        find(driver, "#current-user", "#current-user on the school page")
        logout(driver, server.base)
    journey.__name__ = f"journey_role_{user.replace('-', '_')}"
    return journey


def journey_out_of_scope(driver, server):
    """A director asking for a school outside their scope gets a 403 page in Russian."""
    login(driver, server.base, "admin", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as admin")
    driver.get(server.base + "/schools")
    all_ids = {SCHOOL_PATH.match(urllib.parse.urlparse(a.get_attribute("href")).path).group(1)
               for _, a in school_rows(driver)}
    logout(driver, server.base)
    login(driver, server.base, "director-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as director-ku")
    own = {SCHOOL_PATH.match(urllib.parse.urlparse(a.get_attribute("href")).path).group(1)
           for _, a in school_rows(driver)}
    others = sorted(all_ids - own, key=int)
    check(others, "the admin's /schools lists no school outside director-ku's scope")
    session = driver.get_cookie("opora_session")["value"]
    req = urllib.request.Request(f"{server.base}/schools/{others[0]}",
                                 headers={"Cookie": f"opora_session={session}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            status, body = r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read().decode("utf-8", "replace")
    check(status == 403, f"/schools/{others[0]} answered {status} to director-ku, expected 403")
    check(re.search("[А-Яа-яЁё]", body), "the 403 page has no Russian text")
    driver.get(f"{server.base}/schools/{others[0]}")
    check(driver.find_elements(By.ID, "current-user") or driver.find_elements(By.TAG_NAME, "h1"),
          "the 403 page shows neither the header nor a heading")


def journey_assign_curator(driver, server):
    """mun-ku assigns curator-ku-3 to a school it was not assigned to; curator-ku-3 then sees that school."""
    login(driver, server.base, "curator-ku-3", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as curator-ku-3")
    driver.get(server.base + "/schools")
    before = {SCHOOL_PATH.match(urllib.parse.urlparse(a.get_attribute("href")).path).group(1)
              for _, a in (school_rows(driver) if driver.find_elements(By.CSS_SELECTOR, "table#schools") else [])}
    logout(driver, server.base)

    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    nav = find(driver, "nav.site-nav a[href='/curators']", "the «Кураторы» navigation item")
    click(driver, nav)
    wait_path(driver, r"^/curators$", "the curators list")
    # The list shows names; each curator's page shows the login.
    ids = [urllib.parse.urlparse(a.get_attribute("href")).path
           for a in driver.find_elements(By.CSS_SELECTOR, "table#curators a[href^='/curators/']")]
    check(ids, "the curators list of mun-ku is empty")
    target = None
    for path in ids:
        driver.get(server.base + path)
        logins = [dd.text.strip() for dd in driver.find_elements(By.CSS_SELECTOR, ".summary-list dd")]
        if "curator-ku-3" in logins:
            target = path
            break
    check(target, "no curator with the login curator-ku-3 in mun-ku's list")
    form = find(driver, "form#assign-form", "the «Закрепить школу» form")
    select = form.find_element(By.CSS_SELECTOR, "select[name=schoolId]")
    options = [(o.get_attribute("value"), o.text) for o in select.find_elements(By.TAG_NAME, "option") if o.get_attribute("value")]
    candidates = [(v, t) for v, t in options if v not in before]
    check(candidates, "every school of the municipality is already assigned to curator-ku-3")
    school_id, school_name = candidates[0]
    Select(select).select_by_value(school_id)
    click(driver, submit_button(driver, "form#assign-form", "the «Закрепить школу» form"))
    wait_for(driver, lambda d: "Куратор закреплён." in d.page_source, "the «Куратор закреплён.» notice")
    check(driver.find_elements(By.CSS_SELECTOR, f"table.assignments a[href='/schools/{school_id}']"),
          f"the curator's page does not list school {school_name} after assigning it")
    logout(driver, server.base)

    login(driver, server.base, "curator-ku-3", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as curator-ku-3 again")
    driver.get(server.base + "/schools")
    after = {SCHOOL_PATH.match(urllib.parse.urlparse(a.get_attribute("href")).path).group(1) for _, a in school_rows(driver)}
    check(school_id in after, f"curator-ku-3's #schools does not contain the newly assigned school {school_name} ({school_id})")
    logout(driver, server.base)


def journey_results_entry(driver, server):
    """mun-ku opens a school's results with the chart, enters a wrong figure (error at the field, nothing
    saved), corrects it and saves; the municipality's results page has its chart and export form."""
    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    click(driver, find(driver, "nav.site-nav a[href$='/results']", "the «Результаты» navigation item"))
    wait_path(driver, r"^/municipalities/\d+/results$", "the municipality's results page")
    find(driver, "svg.chart[role=img] title", "the municipality's chart with a title")
    find(driver, "form[action$='/results/export.xlsx'] select[name=year]", "the export form")
    driver.get(server.base + "/schools")
    _, anchor = school_rows(driver)[0]
    click(driver, anchor)
    wait_path(driver, r"^/schools/\d+$", "a school card")
    click(driver, find(driver, "main a[href^='/schools/'][href$='/results']", "the results link of the school card"))
    wait_path(driver, r"^/schools/\d+/results$", "the school's results page")
    find(driver, "svg.chart[role=img] desc", "the school's chart with a description")
    find(driver, "table#results tbody tr", "a row of the results table")
    click(driver, find(driver, "main a[href^='/schools/'][href$='/edit']", "the «Ввести или изменить результаты» link"))
    wait_path(driver, r"^/schools/\d+/results/\d+/edit$", "the results grid")
    field = find(driver, "input[id='p1.mark2']", "the «2» input of ВПР Математика 5 кл.")
    original = field.get_attribute("value")
    field.clear()
    field.send_keys("999")
    click(driver, submit_button(driver, "form[action$='/edit']", "the results grid"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#p1.mark2']"),
             "the error summary linking to p1.mark2")
    check(find(driver, "input[id='p1.mark2']", "the «2» input again").get_attribute("value") == "999",
          "the typed value is not kept after the error")
    check(driver.find_elements(By.CSS_SELECTOR, "td.field--error .field__error"), "no error message next to the field")
    field = find(driver, "input[id='p1.mark2']", "the «2» input")
    field.clear()
    field.send_keys(original)
    click(driver, submit_button(driver, "form[action$='/edit']", "the results grid"))
    wait_for(driver, lambda d: "Изменения сохранены." in d.page_source, "the «Изменения сохранены.» notice")
    wait_path(driver, r"^/schools/\d+/results$", "the results page after saving")
    logout(driver, server.base)


def db_rows(server, sql, params=()):
    """Read-only queries of the test's database (the server keeps running; SQLite allows readers)."""
    import sqlite3
    con = sqlite3.connect(f"file:{server.db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def visible_error_summary(driver):
    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".error-summary") if e.is_displayed()]


def submit_form(driver, form, what):
    """Clicks the form's submit button and waits for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
    check(buttons, f"no submit button in {what}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    click(driver, buttons[0])
    wait_for(driver, lambda _: page_left(page), f"the page after submitting {what}")


def page_left(page):
    """True once `page` (the old html element) is gone. After a file upload Chromium may answer
    "Node with given id does not belong to the document" instead of a stale element: that counts as gone too."""
    try:
        page.is_enabled()
        return False
    except WebDriverException:
        return True


def button_form(driver, label, what):
    """The form whose submit button reads `label`."""
    for b in driver.find_elements(By.CSS_SELECTOR, "form button[type=submit]"):
        if b.text.strip() == label:
            return b.find_element(By.XPATH, "./ancestor::form[1]")
    raise CheckFailed(f"no «{label}» button ({what}) on {driver.current_url}")


def link_by_text(driver, text, what):
    for a in driver.find_elements(By.CSS_SELECTOR, "main a[href], a[href]"):
        if a.text.strip() == text:
            return a
    raise CheckFailed(f"no «{text}» link ({what}) on {driver.current_url}")


def journey_results_import_identification(driver, server):
    """Issue 4: mun-ku uploads a CSV that makes one school of Каменск-Уральский low in ВПР Математика 5 and
    ВПР Русский язык 5 in the school year before the running one (Y−1), sees the preview, commits, sees the journal;
    the list for the running year Y marks the school «новая»; mun-ku confirms it and the school's page shows ШНОР for Y."""
    year = running_year(server)
    data_title, list_title = f"{year - 1}/{year}", f"{year}/{year + 1}"
    mun = db_rows(server, "SELECT id, name FROM municipality WHERE name LIKE '%Каменск-Уральский%' ORDER BY id")
    check(mun, "no municipality Каменск-Уральский in the demo database")
    mun_id, mun_name = mun[0]
    procs = {}
    for pid, subject, grade in db_rows(server, "SELECT id, subject, grade FROM procedure WHERE family = 'vpr' "
                                               "AND grade = 5 AND variant = '' AND archivedAt IS NULL"):
        procs[subject] = pid
    check("Математика" in procs and "Русский язык" in procs, f"no ВПР Математика 5 / Русский язык 5 in {procs}")
    # A school with a code, not on the lists of Y−1 and Y (so «новая» in Y) and with no roadmap of Y (the roadmap
    # journeys work on those).
    candidates = db_rows(server, """
        SELECT s.id, s.code, s.name FROM school s
        WHERE s.municipalityId = ? AND s.code IS NOT NULL AND s.code <> ''
          AND s.id NOT IN (SELECT schoolId FROM schoolStatus WHERE flag = 'lowResults' AND schoolYear >= ?)
          AND s.id NOT IN (SELECT schoolId FROM roadmap WHERE schoolId IS NOT NULL AND schoolYear = ?)
        ORDER BY s.id""", (mun_id, year - 1, year))
    check(candidates, "no school of Каменск-Уральский with a code, off the recent lists and without a roadmap")
    school_id, code, name = candidates[0]
    existing = {pid for (pid,) in db_rows(server, "SELECT procedureId FROM result WHERE schoolId = ? AND schoolYear = ?",
                                          (school_id, year - 1))}
    header = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
              "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"]
    rows = [  # 40 % and 35 % of «2»: both low (the threshold is 30 %)
        [mun_name, code, name, data_title, "ВПР", "Математика", "5", "40", "16", "14", "7", "3", "", "", "", "", ""],
        [mun_name, code, name, data_title, "ВПР", "Русский язык", "5", "40", "14", "16", "8", "2", "", "", "", "", ""],
    ]
    csv_path = os.path.join(server.workdir, f"results-{year - 1}.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join(";".join(r) for r in [header] + rows) + "\r\n")

    login(driver, server.base, "mun-ku", PASSWORD)
    wait_path(driver, r"^/$", "home after logging in as mun-ku")
    driver.get(server.base + "/results/import")
    find(driver, "#template-csv", "the «Скачать шаблон CSV» link")
    form = find(driver, "form#import-form", "the upload form")
    find(driver, "form#import-form input#file[type=file]", "the file input").send_keys(csv_path)
    submit_form(driver, form, "the upload form")
    find(driver, "#import-summary", "the preview summary")
    errors = find(driver, "#count-errors", "the error count").text.strip()
    check(errors == "0", f"the preview reports {errors} rows with errors: {visible_error_summary(driver)}")
    inserts = int(find(driver, "#count-insert", "the insert count").text.strip())
    updates = int(find(driver, "#count-update", "the update count").text.strip())
    want_inserts = sum(1 for s in ("Математика", "Русский язык") if procs[s] not in existing)
    check(inserts == want_inserts and inserts + updates == 2,
          f"the preview shows {inserts} to add and {updates} to change, expected {want_inserts} and {2 - want_inserts}")
    if want_inserts:
        table = find(driver, "table#inserts", "the «Добавятся» table")
        check(code in table.text or name.split()[0] in table.text or table.find_elements(By.CSS_SELECTOR, "tbody tr"),
              "the «Добавятся» table does not list the school")
    submit_form(driver, find(driver, "form#commit-form", "the «Загрузить результаты» form"), "the commit form")
    check(not visible_error_summary(driver), f"committing the import failed: {visible_error_summary(driver)}")
    driver.get(server.base + "/results/imports")
    journal = find(driver, "table#imports", "the imports journal")
    check(f"results-{year - 1}.csv" in journal.text, f"the journal does not list results-{year - 1}.csv")
    got = db_rows(server, "SELECT procedureId, participants, mark2 FROM result WHERE schoolId = ? AND schoolYear = ? "
                          "AND procedureId IN (?, ?)", (school_id, year - 1, procs["Математика"], procs["Русский язык"]))
    check(sorted(g[2] for g in got) == [14, 16], f"the database holds {got} after the import")

    driver.get(server.base + f"/identification?year={year}")
    row = None
    for tr in driver.find_elements(By.CSS_SELECTOR, "table tbody tr"):
        if tr.find_elements(By.CSS_SELECTOR, f"a[href='/schools/{school_id}']"):
            row = tr
            break
    check(row is not None, f"the list for {list_title} does not contain {name} ({school_id}) after the import")
    check("новая" in row.text, f"the school's row is not marked «новая»: {row.text!r}")
    box = row.find_element(By.CSS_SELECTOR, f"input[type=checkbox][name=school][value='{school_id}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    click(driver, box)
    confirm_button = next((b for b in driver.find_elements(By.CSS_SELECTOR, "button[type=submit]")
                           if b.text.strip() == "Подтвердить выбранные"), None)
    check(confirm_button is not None, "no «Подтвердить выбранные» button")
    submit_form(driver, confirm_button.find_element(By.XPATH, "./ancestor::form[1]"), "the selection")
    wait_path(driver, r"^/identification/confirm$", "the check page")
    find(driver, f"tr#school{school_id}", "the school's row on the check page")
    form = find(driver, f"form:has(tr#school{school_id})", "the confirmation form")
    submit_form(driver, form, "the confirmation form")
    check(not visible_error_summary(driver), f"confirming failed: {visible_error_summary(driver)}")
    driver.get(f"{server.base}/schools/{school_id}")
    main = find(driver, "main", "the school page")
    check(re.search(rf"ШНОР[^\n]*{list_title}|{list_title}[^\n]*ШНОР", main.text),
          f"the school page does not show ШНОР for {list_title}: {main.text[:600]!r}")
    logout(driver, server.base)


def running_year(server):
    """The demo's running school year: the latest year of its statuses."""
    return db_rows(server, "SELECT MAX(schoolYear) FROM schoolStatus")[0][0]


def open_path(driver, server, path, pattern, what):
    driver.get(server.base + path)
    wait_path(driver, pattern, what)


def roadmap_status(driver):
    return find(driver, "#roadmap-status", "the roadmap status").text.strip()


def measure_row(driver, title):
    for tr in driver.find_elements(By.CSS_SELECTOR, "table#roadmap tr.roadmap-measure"):
        if title in tr.text:
            return tr
    raise CheckFailed(f"no measure «{title}» in table#roadmap on {driver.current_url}")


def fill_measure(driver, title, due, responsible, expected):
    for field, value in (("title", title), ("due", due), ("responsible", responsible), ("expectedResult", expected)):
        el = find(driver, f"form#measure-form #{field}", f"the measure's {field} field")
        el.clear()
        el.send_keys(value)
    submit_form(driver, find(driver, "form#measure-form", "the measure form"), "the measure form")
    if driver.find_elements(By.CSS_SELECTOR, "form#measure-form"):
        # A roadmap may require risk factors: tick the first one and save again.
        boxes = driver.find_elements(By.CSS_SELECTOR, "form#measure-form #riskFactors input[type=checkbox]")
        check(boxes and not any(b.is_selected() for b in boxes),
              f"saving the measure failed: {visible_error_summary(driver)}")
        click(driver, boxes[0])
        submit_form(driver, find(driver, "form#measure-form", "the measure form"), "the measure form again")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#measure-form"),
          f"saving the measure failed: {visible_error_summary(driver)}")


def journey_roadmap_report_cycle(driver, server):
    """Issue 5: the director of school Y saves the risk profile, adds a measure to the draft roadmap of the running year and
    submits it; the curator returns it with a comment; the director edits and resubmits; the curator approves;
    the director fills and submits the I полугодие report; the curator accepts; mun-ku sees it «принят»."""
    # School Y: director-ku-02's school if its roadmap of the running year is a draft with no report yet (not a
    # second revision) and has an assigned curator; otherwise the first such school of the demo (curator-ku-3 preferred).
    year = running_year(server)
    found = db_rows(server, """
        SELECT s.id, s.shortName, s.municipalityId, r.id, c.login, d.login FROM user d
        JOIN school s ON s.id = d.schoolId
        JOIN roadmap r ON r.schoolId = s.id AND r.schoolYear = ? AND r.status = 'draft'
                          AND NOT EXISTS (SELECT 1 FROM report WHERE report.roadmapId = r.id)
        JOIN curatorAssignment a ON a.schoolId = s.id AND a.schoolYear = ?
        JOIN user c ON c.id = a.curatorId AND c.role = 'curator'
        WHERE d.role = 'director' AND s.municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-ku')
        ORDER BY d.login = 'director-ku-02' DESC, c.login = 'curator-ku-3' DESC, s.id, c.login""", (year, year))
    check(found, f"no school of mun-ku's municipality has a draft roadmap of {year} and an assigned curator")
    school_id, school_short, mun_id, roadmap_id, curator, director = found[0]
    coordinator = db_rows(server, "SELECT login FROM user WHERE role = 'municipal' AND municipalityId = ? "
                                  "ORDER BY login = 'mun-ku' DESC, login", (mun_id,))[0][0]
    roadmap_path = f"/schools/{school_id}/roadmap/{year}"
    title = "Методический семинар по итогам ВПР"
    comment = "Уточните ответственного и ожидаемый результат"

    # Director: the risk profile, then the measure, then «Отправить на согласование».
    login(driver, server.base, director, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {director}")
    open_path(driver, server, f"/schools/{school_id}/risk-profile", r"^/schools/\d+/risk-profile", "the risk profile")
    edit = driver.find_elements(By.CSS_SELECTOR, "main a.button[href*='/risk-profile/'][href$='/edit']")
    check(edit, "the risk profile has no edit link for the director")
    click(driver, edit[0])
    wait_path(driver, r"^/schools/\d+/risk-profile/\d+/edit$", "the risk profile form")
    for fs in driver.find_elements(By.CSS_SELECTOR, "form#risk-profile-form fieldset.risk-factor"):
        radios = fs.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        if radios and not any(r.is_selected() for r in radios):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radios[0])
            click(driver, radios[0])
    submit_form(driver, find(driver, "form#risk-profile-form", "the risk profile form"), "the risk profile form")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#risk-profile-form"),
          f"saving the risk profile failed: {visible_error_summary(driver)}")
    saved = db_rows(server, "SELECT 1 FROM riskProfile p JOIN user u ON u.id = p.updatedBy "
                            "WHERE p.schoolId = ? AND u.login = ?", (school_id, director))
    check(saved, f"no risk profile of the school was saved by {director}")

    open_path(driver, server, roadmap_path, rf"^/schools/\d+/roadmap/{year}$", "the roadmap")
    add = driver.find_elements(By.CSS_SELECTOR, "table#roadmap tr.roadmap-section__add a[href]")
    if not add:
        form = find(driver, "form.roadmap-new-section", "the «Новый раздел» form")
        form.find_element(By.ID, "title").send_keys("Работа с результатами ВПР")
        submit_form(driver, form, "the new section form")
        add = driver.find_elements(By.CSS_SELECTOR, "table#roadmap tr.roadmap-section__add a[href]")
    check(add, "no «Добавить мероприятие в раздел» link on the draft roadmap")
    click(driver, add[0])
    wait_path(driver, r"^/roadmaps/\d+/measures/new$", "the new measure form")
    fill_measure(driver, title, "март", "Заместитель директора по УВР", "Учителя разобрали ошибки ВПР")
    wait_path(driver, rf"^/schools/\d+/roadmap/{year}$", "the roadmap after adding the measure")
    measure_row(driver, title)
    submit_form(driver, button_form(driver, "Отправить на согласование", "submit the roadmap"), "the submit form")
    check(roadmap_status(driver) == "на согласовании", f"the roadmap status after submitting is «{roadmap_status(driver)}»")
    logout(driver, server.base)

    # Curator: from «Ждёт проверки», return with a comment.
    login(driver, server.base, curator, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {curator}")
    # Asked for all years, as a curator looking for anything waiting.
    open_path(driver, server, "/review?year=all", r"^/review$", "the review queue")
    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "table#review-items a[href]")
             if urllib.parse.urlparse(a.get_attribute("href")).path == roadmap_path]
    check(links, f"{curator}'s «Ждёт проверки» does not list the submitted roadmap {roadmap_path}")
    click(driver, links[0])
    wait_path(driver, rf"^/schools/\d+/roadmap/{year}$", "the roadmap from the review queue")
    click(driver, link_by_text(driver, "Вернуть на доработку", "return the roadmap"))
    wait_path(driver, r"^/roadmaps/\d+/return$", "the return page")
    find(driver, "textarea#reason", "the comment field").send_keys(comment)
    submit_form(driver, find(driver, "form:has(textarea#reason)", "the return form"), "the return form")
    check(not visible_error_summary(driver), f"returning failed: {visible_error_summary(driver)}")
    logout(driver, server.base)

    # Director: sees «на доработке» and the comment, edits the measure, resubmits.
    login(driver, server.base, director, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {director} again")
    open_path(driver, server, roadmap_path, rf"^/schools/\d+/roadmap/{year}$", "the returned roadmap")
    check(roadmap_status(driver) == "на доработке", f"the returned roadmap's status is «{roadmap_status(driver)}»")
    check(comment in find(driver, "main", "main").text, "the director does not see the curator's comment on the roadmap")
    click(driver, link_by_text_in(measure_row(driver, title), "Изменить", "edit the measure"))
    wait_path(driver, r"^/roadmaps/\d+/measures/\d+/edit$", "the measure edit form")
    fill_measure(driver, title + " (уточнено)", "март", "Заместитель директора по УВР Иванова И. И.",
                 "Учителя разобрали ошибки ВПР, доля «2» снизилась")
    measure_row(driver, title + " (уточнено)")
    submit_form(driver, button_form(driver, "Отправить на согласование", "resubmit the roadmap"), "the resubmit form")
    check(roadmap_status(driver) == "на согласовании", f"the status after resubmitting is «{roadmap_status(driver)}»")
    logout(driver, server.base)

    # Curator approves.
    login(driver, server.base, curator, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {curator} again")
    open_path(driver, server, roadmap_path, rf"^/schools/\d+/roadmap/{year}$", "the resubmitted roadmap")
    submit_form(driver, button_form(driver, "Утвердить", "approve the roadmap"), "the approve form")
    check(roadmap_status(driver) == "утверждена", f"the status after approving is «{roadmap_status(driver)}»")
    logout(driver, server.base)

    # The I полугодие period must be open: the coordinator opens it if the demo has not.
    period = db_rows(server, "SELECT id, isOpen FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = 1",
                     (mun_id, year))
    check(period, f"the demo has no I полугодие {year} period in the school's municipality")
    period_id, is_open = period[0]
    if not is_open:
        login(driver, server.base, coordinator, PASSWORD)
        wait_path(driver, r"^/$", f"home after logging in as {coordinator}")
        open_path(driver, server, f"/municipalities/{mun_id}/report-periods", r"^/municipalities/\d+/report-periods$",
                  "the report periods")
        form = find(driver, f"form[action='/report-periods/{period_id}/open']", "the «Открыть период» form")
        submit_form(driver, form, "the open period form")
        logout(driver, server.base)

    # Director: starts, fills and submits the report.
    login(driver, server.base, director, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {director} for the report")
    open_path(driver, server, f"/schools/{school_id}/reports?year={year}", r"^/schools/\d+/reports$", "the school's reports")
    starts = driver.find_elements(By.CSS_SELECTOR, f"form:has(input[name=period][value='{period_id}'])")
    if starts:
        submit_form(driver, starts[0], "the «Начать отчёт» form")
        check(not visible_error_summary(driver), f"starting the report failed: {visible_error_summary(driver)}")
    if not re.match(r"^/reports/\d+", path_of(driver)):
        open_path(driver, server, f"/schools/{school_id}/reports?year={year}", r"^/schools/\d+/reports$", "the reports again")
        click(driver, link_by_text(driver, "Открыть отчёт", "the I полугодие report"))
    if not path_of(driver).endswith("/edit"):
        click(driver, link_by_text(driver, "Заполнить отчёт", "fill the report"))
    wait_path(driver, r"^/reports/\d+/edit$", "the report form")
    report_id = int(re.match(r"^/reports/(\d+)/edit$", path_of(driver)).group(1))
    # One compact row per measure; the reason, evidence and indicator wait under «Подробнее».
    items = driver.find_elements(By.CSS_SELECTOR, "form#report-form tbody.report-item")
    check(items, "the report form lists no measures")
    for i, item in enumerate(items):
        status = "done" if i % 2 == 0 else "inProgress"
        Select(item.find_element(By.CSS_SELECTOR, "select")).select_by_value(status)
        textareas = item.find_elements(By.CSS_SELECTOR, "tr:first-child textarea")
        for ta in textareas:
            if not ta.get_attribute("value").strip():
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", ta)
                ta.send_keys("Проведено в срок" if status == "done" else "Идёт по плану, завершим во II полугодии")
    for field, text in (("summary", "Основные мероприятия I полугодия проведены."),
                        ("selfAssessment", "Работа идёт по дорожной карте.")):
        el = find(driver, f"form#report-form #{field}", field)
        if not el.get_attribute("value").strip():
            el.send_keys(text)
    submit_form(driver, find(driver, "form#report-form", "the report form"), "the report form")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#report-form"),
          f"saving the report failed: {visible_error_summary(driver)}")
    wait_path(driver, rf"^/reports/{report_id}$", "the report page after saving")
    submit_form(driver, find(driver, "form#submit-report", "the «Сдать отчёт на проверку» form"), "the submit report form")
    check(not visible_error_summary(driver), f"submitting the report failed: {visible_error_summary(driver)}")
    check(find(driver, "#report-status", "the report status").text.startswith("сдан"),
          f"the report status after submitting is «{find(driver, '#report-status', 'status').text}»")
    logout(driver, server.base)

    # Curator accepts.
    login(driver, server.base, curator, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {curator} for the report")
    open_path(driver, server, f"/reports/{report_id}", r"^/reports/\d+$", "the submitted report")
    submit_form(driver, find(driver, "form#accept-report", "the «Принять отчёт» form"), "the accept form")
    check(find(driver, "#report-status", "the report status").text.startswith("принят"),
          f"the report status after accepting is «{find(driver, '#report-status', 'status').text}»")
    share = find(driver, "#report-share", "the share done").text.strip()
    logout(driver, server.base)

    # Coordinator: the municipality's overview for the period.
    login(driver, server.base, coordinator, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {coordinator} for the overview")
    open_path(driver, server, f"/municipalities/{mun_id}/reports?period={period_id}", r"^/municipalities/\d+/reports$",
              "the municipality's reports")
    row = next((tr for tr in driver.find_elements(By.CSS_SELECTOR, "table#report-overview tbody tr")
                if tr.find_elements(By.CSS_SELECTOR, f"a[href='/schools/{school_id}']")), None)
    check(row is not None, f"the overview does not list school {school_short}")
    check("принят" in row.text, f"the school's report is not «принят» in the overview: {row.text!r}")
    check(re.search(r"\d+ из \d+", share) and share in row.text,
          f"the overview row does not show the share done ({share!r}): {row.text!r}")
    logout(driver, server.base)


def link_by_text_in(element, text, what):
    for a in element.find_elements(By.CSS_SELECTOR, "a[href]"):
        if a.text.strip() == text:
            return a
    raise CheckFailed(f"no «{text}» link ({what})")


DOC_FILE_NAME = "Антирисковая программа.pdf"


def write_pdf(folder, note):
    """A minimal valid PDF named DOC_FILE_NAME in its own subfolder of `folder`; returns (absolute path, bytes)."""
    sub = tempfile.mkdtemp(prefix="v", dir=folder)
    data = f"%PDF-1.4\n% {note}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    path = os.path.join(sub, DOC_FILE_NAME)
    with open(path, "wb") as f:
        f.write(data)
    return os.path.abspath(path), data


def document_state(driver):
    return find(driver, "#document-state", "the document's state").text.strip()


def upload_file(driver, path, what):
    form = find(driver, "form#document-upload", "the upload form")
    form.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(path)
    submit_form(driver, form, what)
    check(not visible_error_summary(driver), f"{what} failed: {visible_error_summary(driver)}")


def review_current_version(driver, server, document_id, not_met, decision, comment):
    """Opens the review form from the document page; marks the criteria in `not_met` (indexes) not met with a comment,
    the others met; records `decision` (accepted/returned) with `comment`. Returns the criteria titles."""
    open_path(driver, server, f"/documents/{document_id}", r"^/documents/\d+$", "the document page")
    click(driver, find(driver, "a#review-link", "the «Проверить текущую версию» link"))
    wait_path(driver, r"^/documents/\d+/review$", "the review form")
    form = find(driver, "form#document-review", "the review form")
    criteria = [fs for fs in form.find_elements(By.CSS_SELECTOR, "fieldset") if fs.get_attribute("id") != "decision"]
    check(criteria, "the review form lists no criteria")
    titles = []
    for i, fs in enumerate(criteria):
        titles.append(fs.find_element(By.TAG_NAME, "legend").text.strip())
        value = "notMet" if i in not_met else "met"
        radio = fs.find_element(By.CSS_SELECTOR, f"input[type=radio][value={value}]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
        click(driver, radio)
        if i in not_met:
            fs.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys(f"Не раскрыт критерий {i + 1}")
    radio = form.find_element(By.CSS_SELECTOR, f"#decision input[type=radio][value={decision}]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
    click(driver, radio)
    if comment:
        form.find_element(By.CSS_SELECTOR, "textarea#comment").send_keys(comment)
    submit_form(driver, form, "the review form")
    check(not driver.find_elements(By.CSS_SELECTOR, "form#document-review"),
          f"recording the review failed: {visible_error_summary(driver)}")
    wait_path(driver, r"^/documents/\d+$", "the document page after the review")
    return titles


def set_row(driver, title):
    for tr in driver.find_elements(By.CSS_SELECTOR, "table#document-set tbody tr"):
        if tr.find_elements(By.TAG_NAME, "td") and tr.find_elements(By.TAG_NAME, "td")[0].text.strip() == title:
            return tr
    raise CheckFailed(f"no row «{title}» in table#document-set on {driver.current_url}")


def journey_documents_review_cycle(driver, server):
    """Issue 6: director-ku uploads an anti-risk programme («Антирисковая программа.pdf») for the latest year; curator-ku
    returns it «на доработке» with criteria not met and a comment; the director sees the comment and uploads
    version 2; the curator accepts it; the director sees «принят»; version 1 still downloads with its Cyrillic name."""
    found = db_rows(server, """
        SELECT d.schoolId, a.schoolYear FROM user d
        JOIN curatorAssignment a ON a.schoolId = d.schoolId
        JOIN user c ON c.id = a.curatorId AND c.login = 'curator-ku'
        WHERE d.login = 'director-ku' ORDER BY a.schoolYear DESC""")
    check(found, "curator-ku is not assigned to director-ku's school in any year")
    school_id, year = found[0]
    year_title = f"{year}/{year + 1}"
    set_path = f"/schools/{school_id}/documents?year={year}"
    comment = "Программа не опирается на результаты диагностики: доработайте"
    tmp = tempfile.mkdtemp(prefix="opora-docs-")
    try:
        v1_path, v1_bytes = write_pdf(tmp, "version 1")
        v2_path, _ = write_pdf(tmp, "version 2")

        # Director: the school's documents for the year, the anti-risk programme upload.
        login(driver, server.base, "director-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as director-ku")
        open_path(driver, server, f"/schools/{school_id}", r"^/schools/\d+$", "the school card")
        click(driver, find(driver, "a#school-documents", "the school's documents link"))
        wait_path(driver, rf"^/schools/{school_id}/documents$", "the school's documents")
        page = driver.find_element(By.TAG_NAME, "html")
        Select(find(driver, "select#year-filter", "the year filter")).select_by_value(str(year))
        click(driver, driver.find_element(By.XPATH, "//select[@id='year-filter']/ancestor::form[1]//button[@type='submit']"))
        wait_for(driver, page_replaced(page), "the documents of the chosen year")
        h1 = find(driver, "main h1", "the heading").text
        check(year_title in h1, f"the documents page is not for {year_title}: {h1!r}")
        kind = Select(find(driver, "form#document-upload select#kind", "the kind select"))
        kind_options = [o for o in kind.options if "антирисков" in o.text.lower()]
        check(kind_options, f"no anti-risk programme kind in {[o.text for o in kind.options]}")
        kind_title = re.sub(r"\s*\(укажите фактор риска\)$", "", kind_options[0].text.strip())
        kind.select_by_value(kind_options[0].get_attribute("value"))
        factor = Select(find(driver, "form#document-upload select#riskFactor", "the risk factor select"))
        factors = [o for o in factor.options if o.get_attribute("value")]
        check(factors, "the risk factor select offers no factor")
        factor_title = factors[0].text.strip()
        factor.select_by_value(factors[0].get_attribute("value"))
        upload_file(driver, v1_path, "uploading version 1")
        wait_path(driver, r"^/documents/\d+$", "the document page after the upload")
        document_id = int(path_of(driver).rsplit("/", 1)[1])
        check(document_state(driver) == "на проверке", f"after the upload the state is {document_state(driver)!r}")
        open_path(driver, server, set_path, rf"^/schools/{school_id}/documents$", "the school's documents")
        row = set_row(driver, f"{kind_title}: {factor_title.lower()}")
        check("на проверке" in row.text and DOC_FILE_NAME in row.text,
              f"the set does not list the programme as awaiting review with its file: {row.text!r}")
        logout(driver, server.base)

        # Curator: criteria 1 not met, «на доработке» with a comment.
        login(driver, server.base, "curator-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as curator-ku")
        titles = review_current_version(driver, server, document_id, {0}, "returned", comment)
        check(document_state(driver) == "на доработке", f"after returning the state is {document_state(driver)!r}")
        logout(driver, server.base)

        # Director: sees the return and the comment, uploads version 2.
        login(driver, server.base, "director-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as director-ku")
        open_path(driver, server, set_path, rf"^/schools/{school_id}/documents$", "the school's documents")
        row = set_row(driver, f"{kind_title}: {factor_title.lower()}")
        check("на доработке" in row.text, f"the set does not show «на доработке»: {row.text!r}")
        click(driver, link_by_text_in(row, f"{kind_title}: {factor_title.lower()}", "the document"))
        wait_path(driver, rf"^/documents/{document_id}$", "the document page")
        check(document_state(driver) == "на доработке", f"the director sees the state {document_state(driver)!r}")
        main = find(driver, "main", "the document page").text
        check(comment in main, "the director does not see the curator's comment")
        check(titles[0] in main and "Не раскрыт критерий 1" in main,
              "the director does not see the unmet criterion with its comment")
        upload_file(driver, v2_path, "uploading version 2")
        wait_path(driver, rf"^/documents/{document_id}$", "the document page after version 2")
        rows = driver.find_elements(By.CSS_SELECTOR, "table#document-versions tbody tr")
        check(len(rows) == 2, f"the document lists {len(rows)} versions, not 2")
        current = {r.find_element(By.TAG_NAME, "td").text.split()[0]: bool(r.find_elements(By.CSS_SELECTOR, "td .tag"))
                   for r in rows}
        check(current == {"1": False, "2": True}, f"version 2 is not the only one marked current: {current}")
        check(document_state(driver) == "на проверке", f"after version 2 the state is {document_state(driver)!r}")
        v1_href = [r for r in rows if r.find_element(By.TAG_NAME, "td").text.split()[0] == "1"][0] \
            .find_element(By.CSS_SELECTOR, "a[href*='/download']").get_attribute("href")
        logout(driver, server.base)

        # Curator: version 2, all criteria met, «принят».
        login(driver, server.base, "curator-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as curator-ku")
        review_current_version(driver, server, document_id, set(), "accepted", "")
        check(document_state(driver) == "принят", f"after accepting the state is {document_state(driver)!r}")
        logout(driver, server.base)

        # Director: «принят»; version 1 still downloads with its Cyrillic name.
        login(driver, server.base, "director-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as director-ku")
        open_path(driver, server, set_path, rf"^/schools/{school_id}/documents$", "the school's documents")
        row = set_row(driver, f"{kind_title}: {factor_title.lower()}")
        check("принят" in row.text and "2" in row.find_elements(By.TAG_NAME, "td")[3].text,
              f"the set does not show the programme «принят» with 2 versions: {row.text!r}")
        open_path(driver, server, f"/documents/{document_id}", r"^/documents/\d+$", "the document page")
        check(document_state(driver) == "принят", f"the director sees the state {document_state(driver)!r}")
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
        request = urllib.request.Request(v1_href, headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                status, disposition, body = r.status, r.headers.get("Content-Disposition", ""), r.read()
        except urllib.error.HTTPError as e:
            raise CheckFailed(f"downloading version 1 ({v1_href}) answered {e.code}")
        check(status == 200, f"downloading version 1 answered {status}")
        expected = "filename*=UTF-8''" + urllib.parse.quote(DOC_FILE_NAME, safe="")
        check(expected in disposition, f"Content-Disposition {disposition!r} lacks {expected!r}")
        check(body == v1_bytes, "the downloaded version 1 differs from the uploaded file")
        logout(driver, server.base)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


JOURNEYS = ([journey_healthz, journey_login_page, journey_wrong_password]
            + [make_role_journey(user, rows) for user, (_, rows) in ROLES.items()]
            + [journey_out_of_scope, journey_assign_curator, journey_results_entry,
               journey_results_import_identification, journey_roadmap_report_cycle,
               journey_documents_review_cycle])


def area_journeys():
    """Journeys of the other areas: every `journeys_<area>.py` beside this file defines JOURNEYS and
    imports what it needs from `run` (this file), so areas add journeys without editing this list."""
    import glob
    import importlib
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    found = []
    for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "journeys_*.py"))):
        module = importlib.import_module(os.path.basename(path)[:-3])
        found.extend(module.JOURNEYS)
    return found


# --------------------------------------------------------------------------- runner

def record_failure(driver, name, shots_dir):
    if driver is None:
        return
    try:
        driver.save_screenshot(os.path.join(shots_dir, f"{name}.png"))
        with open(os.path.join(shots_dir, f"{name}.html"), "w", encoding="utf-8") as f:
            f.write(f"<!-- {driver.current_url} -->\n{driver.page_source}")
    except WebDriverException as e:
        print(f"    (no screenshot: {e.msg})")


def main():
    binary = os.environ.get("OPORA_BIN", ".build/debug/opora")
    if not os.path.isabs(binary):
        binary = os.path.join(ROOT, binary)
    workdir = tempfile.mkdtemp(prefix="opora-browser-")
    shots_dir = tempfile.mkdtemp(prefix="opora-browser-failures-")
    server = Server(binary, workdir)
    passed = failed = 0

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)

    try:
        if not os.access(binary, os.X_OK):
            raise CheckFailed(f"{binary} is not an executable: build it first (make build)")
        print(f"browser tests: {binary}")
        server.demo()
        server.start()
        print(f"browser tests: server on {server.base}, database {server.db}")
        only = {n.strip() for n in os.environ.get("ONLY", "").split(",") if n.strip()}
        for journey in JOURNEYS + area_journeys():
            name = journey.__name__.removeprefix("journey_")
            if only and name not in only:
                continue
            driver = None
            started = time.monotonic()
            try:
                driver = new_driver()
                journey(driver, server)
                passed += 1
                print(f"  PASS {name} ({time.monotonic() - started:.1f} s)")
            except Exception as e:  # a failed check, a driver error, anything: the journey failed
                failed += 1
                detail = str(e) if isinstance(e, CheckFailed) else traceback.format_exc(limit=3)
                print(f"  FAIL {name} ({time.monotonic() - started:.1f} s): {detail}")
                record_failure(driver, name, shots_dir)
                if server.proc and server.proc.poll() is not None:
                    print(f"  the server exited {server.proc.returncode}:\n{server.log_tail()}")
                    break
            finally:
                if driver is not None:
                    try:
                        driver.quit()
                    except Exception:
                        pass
    except (CheckFailed, OSError, subprocess.SubprocessError, WebDriverException) as e:
        failed += 1
        print(f"  FAIL setup: {e}")
    except KeyboardInterrupt as e:
        failed += 1
        print(f"  interrupted: {e}")
    finally:
        server.stop()
        if failed:
            if os.path.exists(server.log_path):
                shutil.copy(server.log_path, shots_dir)
            print(f"browser tests: failure screenshots, pages and the server log in {shots_dir}")
        else:
            shutil.rmtree(shots_dir, ignore_errors=True)
        if os.environ.get("KEEP_TMP") == "1":
            print(f"browser tests: kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
