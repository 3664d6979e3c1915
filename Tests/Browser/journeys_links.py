"""Link crawl (issue 13, item 10): no internal link leads to a 404.

journey_links_crawl: for admin, mun-ku and director-ku, logs in with the browser, then walks the app's own links
breadth-first over plain HTTP with the session cookie (faster than the browser; the pages are the server's raw HTML):
every distinct internal `<a href>` found is requested once (downloads and exports with HEAD), at most LINKS_MAX_PAGES
requests per user, and pages of one route shape (the path with numbers replaced) are read for further links at most
LINKS_PER_SHAPE times. `/logout` is not followed. Fails listing every link that answered 404 (or 5xx) with the page
it was on. The crawl runs on a server of its own with a fresh demo database.

Environment: LINKS_MAX_PAGES (default 400), LINKS_PER_SHAPE (default 6), LINKS_ROLES (default admin,mun-ku,director-ku).
"""
import collections
import html
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from run import PASSWORD, CheckFailed, Server, login, wait_path

ROLES = [r for r in os.environ.get("LINKS_ROLES", "admin,mun-ku,director-ku").split(",") if r]
MAX_PAGES = int(os.environ.get("LINKS_MAX_PAGES", "400"))
PER_SHAPE = int(os.environ.get("LINKS_PER_SHAPE", "6"))
HREF = re.compile(r"<a\b[^>]*?\shref=\"([^\"]*)\"", re.I)
SKIP = re.compile(r"^/logout$|^/static/")
DOWNLOAD = re.compile(r"(\.(csv|xlsx|ics|pdf)$)|(/download$)", re.I)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(server, target, cookie, method):
    req = urllib.request.Request(server.base + target, method=method, headers={"Cookie": f"opora_session={cookie}"})
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read() if method == "GET" else b"", r.headers.get("Location")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), b"", e.headers.get("Location")


def shape_of(target):
    parsed = urllib.parse.urlsplit(target)
    return re.sub(r"/\d+", "/N", parsed.path) + ("?" if parsed.query else "")


def internal_links(body):
    for raw in HREF.findall(body):
        href = html.unescape(raw).split("#", 1)[0]
        if not href.startswith("/") or href.startswith("//") or SKIP.search(urllib.parse.urlsplit(href).path):
            continue
        yield href


def crawl(server, cookie):
    """(requests made, [(status, link, page it was on)])."""
    seen = {"/": "(start)"}
    queue = collections.deque(["/"])
    shapes = collections.Counter()
    bad = []
    requests = 0
    while queue and requests < MAX_PAGES:
        target = queue.popleft()
        path = urllib.parse.urlsplit(target).path
        method = "HEAD" if DOWNLOAD.search(path) or "/export" in path else "GET"
        status, ctype, body, location = fetch(server, target, cookie, method)
        requests += 1
        if status == 404 or status >= 500:
            bad.append((status, target, seen[target]))
            continue
        if status in (302, 303) and location and location.startswith("/login"):
            raise CheckFailed(f"the session ended at {target} (from {seen[target]})")
        if method != "GET" or status != 200 or "text/html" not in ctype:
            continue
        shape = shape_of(target)
        shapes[shape] += 1
        if shapes[shape] > PER_SHAPE:
            continue
        for link in internal_links(body.decode("utf-8", "replace")):
            if link not in seen:
                seen[link] = target
                queue.append(link)
    return requests, bad


def journey_links_crawl(driver, server):
    # A server of its own: some GET pages mark things read, which the other journeys must not see.
    own = Server(server.binary, tempfile.mkdtemp(prefix="opora-links-"))
    problems = []
    try:
        own.demo()
        own.start()
        for user in ROLES:
            login(driver, own.base, user, PASSWORD)
            wait_path(driver, r"^/$", f"{user}'s home page")
            cookie = driver.get_cookie("opora_session")["value"]
            requests, bad = crawl(own, cookie)
            print(f"    {user}: {requests} links requested, {len(bad)} broken")
            problems += [f"{user}: {status} {link} (on {page})" for status, link, page in bad]
            driver.delete_all_cookies()
    finally:
        own.stop()
        shutil.rmtree(own.workdir, ignore_errors=True)
    if problems:
        raise CheckFailed(f"{len(problems)} internal links lead nowhere:\n      " + "\n      ".join(problems[:60]))


JOURNEYS = [journey_links_crawl]
