#!/usr/bin/env python3
"""Browser tests of Opora: headless Chromium (Debian) driven by Selenium 4.

Builds nothing. Uses the binary in OPORA_BIN (default .build/debug/opora): creates a demo database
in a temporary folder, starts `opora serve` on a free loopback port, runs one journey per function,
stops the server, and ends with the line `N passed, M failed` (exit status 1 if any failed).
Screenshots and page sources of failures go to a temporary folder whose path is printed.

Environment: OPORA_BIN; CHROMIUM (default /usr/bin/chromium); CHROMEDRIVER (default
/usr/bin/chromedriver); BROWSER_TIMEOUT seconds per wait (default 15); KEEP_TMP=1 keeps the database
folder.
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
                                            TimeoutException, WebDriverException)
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
        out = subprocess.run([self.binary, "demo", "--db", self.db], capture_output=True, text=True,
                             timeout=600)
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
    wait_for(driver, EC.staleness_of(page), "the page after logging out")
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


JOURNEYS = ([journey_healthz, journey_login_page, journey_wrong_password]
            + [make_role_journey(user, rows) for user, (_, rows) in ROLES.items()]
            + [journey_out_of_scope, journey_assign_curator, journey_results_entry])


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
        for journey in JOURNEYS:
            name = journey.__name__.removeprefix("journey_")
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
