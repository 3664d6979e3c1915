#!/usr/bin/env python3
"""Login flood against a running `opora serve` on loopback (issue 13, items 2 and 3).

    python3 Tests/Bench/login_flood.py --port 18090 [--flooders 16] [--seconds 10] [--spread]
                                       [--db PATH] [--long-logins 20]

1. Signs in as mun-ku (password opora-demo) and takes the median latency of GET /schools, alone.
2. Starts --flooders threads posting wrong passwords to /login for --seconds (from 127.0.0.1, or with --spread each
   from its own loopback address 127.0.1.N, as a botnet would), and takes the same median meanwhile.
3. With --db, posts --long-logins failed logins whose login is 400 KB and reports the growth of the database files.
Everything is bounded: the flood stops after --seconds, every request has a 30 s timeout.
"""
import argparse
import http.client
import os
import re
import statistics
import threading
import time
import urllib.parse
from collections import Counter


def connection(port, source=None):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                      source_address=(source, 0) if source else None)


def login_form(conn):
    conn.request("GET", "/login")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"opora_csrf=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)
    return cookie, token


def post_login(conn, cookie, token, login, password):
    body = urllib.parse.urlencode({"_csrf": token, "login": login, "password": password})
    conn.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"opora_csrf={cookie}"})
    response = conn.getresponse()
    response.read()
    return response


def sign_in(port):
    conn = connection(port)
    cookie, token = login_form(conn)
    response = post_login(conn, cookie, token, "mun-ku", "opora-demo")
    assert response.status == 303, response.status
    session = re.search(r"opora_session=([^;]+)", response.getheader("Set-Cookie")).group(1)
    return conn, f"opora_session={session}"


def median_ms(conn, cookie, count=None, until=None):
    samples = []
    while (count is not None and len(samples) < count) or (until is not None and time.time() < until):
        started = time.perf_counter()
        conn.request("GET", "/schools", headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), len(samples)


def flood(port, source, until, statuses, lock):
    conn = connection(port, source)
    cookie, token = login_form(conn)
    n = 0
    while time.time() < until:
        n += 1
        try:
            # A fresh wrong login each time (spraying), so no per-login delay helps the server.
            status = post_login(conn, cookie, token, f"flood-{source or 'x'}-{threading.get_ident()}-{n}", f"wrong-{n}").status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = connection(port, source)
            status = "error"
        with lock:
            statuses[status] += 1


def db_size(path):
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--flooders", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--spread", action="store_true", help="each flooder from its own loopback address")
    parser.add_argument("--db")
    parser.add_argument("--long-logins", type=int, default=20)
    args = parser.parse_args()

    conn, cookie = sign_in(args.port)
    median_ms(conn, cookie, count=20)  # warm up
    alone, _ = median_ms(conn, cookie, count=200)
    print(f"signed-in GET /schools alone: median {alone:.1f} ms")

    statuses, lock = Counter(), threading.Lock()
    until = time.time() + args.seconds
    threads = [threading.Thread(target=flood, args=(args.port, f"127.0.1.{i + 1}" if args.spread else None,
                                                     until, statuses, lock)) for i in range(args.flooders)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    flooded, samples = median_ms(conn, cookie, until=until)
    for t in threads:
        t.join()
    where = "each from its own address" if args.spread else "from one address"
    print(f"signed-in GET /schools during {args.flooders} login flooders ({where}, {args.seconds:.0f} s): "
          f"median {flooded:.1f} ms over {samples} requests; login answers {dict(statuses)}")

    if args.db:
        before = db_size(args.db)
        for i in range(args.long_logins):
            c = connection(args.port, f"127.0.2.{i + 1}")
            csrf, token = login_form(c)
            post_login(c, csrf, token, "x" * 400_000 + str(i), "wrong-password")
            c.close()
        time.sleep(0.5)
        print(f"{args.long_logins} failed logins with 400 KB login names: database files grew by "
              f"{(db_size(args.db) - before) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
