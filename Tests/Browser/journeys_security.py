"""Security sweep in the real browser: XSS payloads through every text field of every form, found by crawling.

On its own server and demo database (the sweep writes hostile text everywhere, so it must not disturb other
journeys): as the municipal coordinator and as a director, crawl the app's pages (bounded), fill every text field
of every distinct form with a payload unique to that field, submit; then crawl again as each of them and the
administrator and check every page: no alert dialog, no element or attribute born of a payload, no `javascript:`
URL in a link or source. Generic: new forms and pages are covered as soon as they are linked from the app.
SECURITY_BUDGET seconds (default 240) bounds the whole journey.
"""

import os
import re
import shutil
import tempfile
import time
import urllib.parse

from run import PASSWORD, CheckFailed, Server, check, login, wait_for, wait_path

from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                        UnexpectedAlertPresentException, WebDriverException)
from selenium.webdriver.common.by import By

BUDGET = float(os.environ.get("SECURITY_BUDGET", "240"))
SKIP_LINK = re.compile(r"^/(login|logout|static/)|download|\.(csv|xlsx|ico)$|format=(csv|xlsx)")
TEXT_FIELDS = ("input:not([type]), input[type=text], input[type=search], input[type=url], input[type=email], "
               "input[type=tel], textarea")

# Every element and attribute a payload could have become, and every javascript: URL.
INSPECT_JS = r"""
const bad = [];
for (const el of document.querySelectorAll('*')) {
  for (const a of Array.from(el.attributes)) {
    const n = a.name.toLowerCase();
    if (n.startsWith('on')) bad.push(`<${el.tagName.toLowerCase()} ${n}="${a.value.slice(0, 60)}">`);
    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(n)
        && a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase().startsWith('javascript:'))
      bad.push(`<${el.tagName.toLowerCase()} ${n}="${a.value.slice(0, 60)}">`);
  }
}
for (const img of document.querySelectorAll('img[src="x"]')) bad.push('<img src="x">');
for (const s of document.querySelectorAll('script')) {
  if (!s.src || /alert\(/.test(s.textContent)) bad.push(`<script>${s.textContent.slice(0, 60)}</script>`);
}
return bad;
"""

FORMS_JS = r"""
const sel = arguments[0];
return Array.from(document.querySelectorAll('form')).map((f, i) => ({
  index: i,
  method: (f.getAttribute('method') || 'get').toLowerCase(),
  action: new URL(f.getAttribute('action') || location.href, location.href).pathname,
  fields: Array.from(f.querySelectorAll(sel)).filter(e => !e.disabled && !e.readOnly && e.name).map(e => e.name),
  passwords: f.querySelectorAll('input[type=password]').length,
}));
"""

LINKS_JS = r"""
return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
"""


class Sweep:
    def __init__(self, driver, base):
        self.driver = driver
        self.base = base
        self.deadline = time.monotonic() + BUDGET
        self.counter = 0
        self.markers = {}          # marker -> (form signature, field)
        self.problems = []
        self.pages_checked = 0
        self.forms_sent = 0

    def time_left(self):
        return self.deadline - time.monotonic()

    def load(self, path):
        try:
            self.driver.get(self.base + path)
        except UnexpectedAlertPresentException as e:
            raise CheckFailed(f"an alert appeared on {path}: {e.alert_text!r}")

    def inspect(self, where):
        """Checks the current page; records problems (with the page) instead of stopping at the first."""
        try:
            bad = self.driver.execute_script(INSPECT_JS)
        except UnexpectedAlertPresentException as e:
            raise CheckFailed(f"an alert appeared on {where}: {e.alert_text!r}")
        self.pages_checked += 1
        for b in bad:
            self.problems.append(f"{where}: {b}")

    def shown_markers(self):
        text = self.driver.execute_script("return document.documentElement.outerHTML")
        return {m for m in self.markers if m in text}

    def payload(self, name, input_type, rotation):
        self.counter += 1
        marker = f"xq{self.counter}z"
        if input_type == "url" or re.search(r"url|link|href|evidence", name, re.I):
            value = f"javascript:alert('{marker}')"
        else:
            value = [f"{marker}<script>alert('{marker}')</script>",
                     f"{marker}\"'><img src=x onerror=alert('{marker}')>",
                     f"{marker}<svg onload=alert('{marker}')>"][rotation % 3]
        return marker, value

    def crawl(self, limit, on_page):
        """Breadth-first over the app's links from /, at most two pages of one shape (/schools/N)."""
        queue, seen, shapes, visited = ["/"], {"/"}, {}, 0
        while queue and visited < limit and self.time_left() > 20:
            path = queue.pop(0)
            self.load(path)
            visited += 1
            here = urllib.parse.urlparse(self.driver.current_url)
            if here.path.startswith("/login"):
                raise CheckFailed(f"signed out while crawling (at {path})")
            on_page(path)
            for href in self.driver.execute_script(LINKS_JS):
                url = urllib.parse.urlparse(urllib.parse.urljoin(self.driver.current_url, href))
                if url.netloc != here.netloc:
                    continue
                link = url.path + (f"?{url.query}" if url.query else "")
                if link in seen or SKIP_LINK.search(link):
                    continue
                shape = re.sub(r"\d+", "N", url.path)
                if shapes.get(shape, 0) >= 2:
                    continue
                shapes[shape] = shapes.get(shape, 0) + 1
                seen.add(link)
                queue.append(link)
        return visited

    def collect_forms(self, limit):
        forms = {}

        def on_page(path):
            for f in self.driver.execute_script(FORMS_JS, TEXT_FIELDS):
                if not f["fields"] or f["action"] in ("/logout", "/login") or f["passwords"]:
                    continue
                signature = (f["method"], re.sub(r"\d+", "N", f["action"]),
                             tuple(sorted({re.sub(r"\d+", "N", name) for name in f["fields"]})))
                forms.setdefault(signature, (path, f["index"]))
            self.inspect(path)

        self.crawl(limit, on_page)
        return forms

    def send(self, signature, path, index):
        """Fills every text field of the form with its own payload and submits it; on a validation error puts back
        the fields the error names (dates, numbers…) and submits once more, so the other payloads get stored."""
        self.load(path)
        forms = self.driver.find_elements(By.TAG_NAME, "form")
        if index >= len(forms):
            return
        form = forms[index]
        originals = {}
        for i, field in enumerate(form.find_elements(By.CSS_SELECTOR, TEXT_FIELDS)):
            name = field.get_attribute("name")
            if not name or not field.is_enabled() or field.get_attribute("readonly") is not None or name == "login":
                continue
            marker, value = self.payload(name, (field.get_attribute("type") or "text").lower(), i + self.forms_sent)
            self.markers[marker] = (signature, name)
            originals[name] = field.get_attribute("value") or ""
            # Set as a script would: bypasses maxlength and the browser's own validation, so the server sees it all.
            self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
        if not originals:
            return
        self.driver.execute_script("arguments[0].noValidate = true", form)
        self.submit(form, f"{signature[1]} on {path}")
        self.forms_sent += 1
        errors = [a.get_attribute("href") or "" for a in self.driver.find_elements(By.CSS_SELECTOR, ".error-summary a")]
        bad_fields = {urllib.parse.urlparse(h).fragment for h in errors if "#" in h}
        if bad_fields:
            for form in self.driver.find_elements(By.TAG_NAME, "form"):
                fields = [f for f in form.find_elements(By.CSS_SELECTOR, TEXT_FIELDS) if f.get_attribute("name") in originals]
                if not fields:
                    continue
                restored = False
                for f in fields:
                    if (f.get_attribute("id") or "") in bad_fields or f.get_attribute("name") in bad_fields:
                        self.driver.execute_script("arguments[0].value = arguments[1]", f, originals[f.get_attribute("name")])
                        restored = True
                if restored:
                    self.driver.execute_script("arguments[0].noValidate = true", form)
                    self.submit(form, f"{signature[1]} on {path} (again)")
                break

    def submit(self, form, what):
        page = self.driver.find_element(By.TAG_NAME, "html")
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit], button:not([type])")
        try:
            if buttons:
                self.driver.execute_script("arguments[0].click()", buttons[0])
            else:
                self.driver.execute_script("arguments[0].submit()", form)
            wait_for(self.driver, lambda _: self._left(page), f"the page after submitting {what}")
            self.inspect(f"the answer to {what}")
        except UnexpectedAlertPresentException as e:
            raise CheckFailed(f"an alert appeared after submitting {what}: {e.alert_text!r}")

    @staticmethod
    def _left(page):
        try:
            page.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True


def sign_in(driver, base, user):
    driver.delete_all_cookies()
    login(driver, base, user, PASSWORD)
    wait_path(driver, r"^/$", f"home after logging in as {user}")


def journey_security_xss_sweep(driver, server):
    own = Server(server.binary, tempfile.mkdtemp(prefix="opora-security-"))
    started = time.monotonic()
    try:
        own.demo()
        own.start()
        sweep = Sweep(driver, own.base)
        sent = {}
        for user in ("mun-ku", "director-ku"):
            sign_in(driver, own.base, user)
            forms = sweep.collect_forms(limit=int(os.environ.get("SECURITY_PAGES", "120")))
            for signature, (path, index) in forms.items():
                if sweep.time_left() < BUDGET * 0.35:
                    break
                if signature in sent:
                    continue
                sent[signature] = user
                if os.environ.get("SECURITY_VERBOSE"):
                    print(f"    {user}: {signature[0].upper()} {signature[1]} {', '.join(signature[2])} (from {path})")
                try:
                    sweep.send(signature, path, index)
                except (NoSuchElementException, StaleElementReferenceException):
                    continue
        check(sweep.forms_sent >= 3, f"only {sweep.forms_sent} forms with text fields were found and sent")
        shown = set()
        for user in ("mun-ku", "director-ku", "admin"):
            if sweep.time_left() < 25:
                break
            sign_in(driver, own.base, user)

            def on_page(path):
                sweep.inspect(f"{path} as {user}")
                shown.update(sweep.shown_markers())
            sweep.crawl(limit=70, on_page=on_page)
        print(f"    security sweep: {sweep.forms_sent} forms, {len(sweep.markers)} payloads, "
              f"{len(shown)} shown inert, {sweep.pages_checked} pages checked in {time.monotonic() - started:.0f} s")
        check(not sweep.problems, "payloads became live markup:\n  " + "\n  ".join(sorted(set(sweep.problems))[:30]))
        check(shown, f"none of the {len(sweep.markers)} payloads was found on any page afterwards: nothing was tested")
    finally:
        own.stop()
        shutil.rmtree(own.workdir, ignore_errors=True)


JOURNEYS = [journey_security_xss_sweep]
