#!/usr/bin/env python3
"""Open N keep-alive connections to a loopback HTTP server and hold them idle.

Each connection sends one `GET PATH HTTP/1.1` (keep-alive) and reads the whole reply; then all of
them sit idle for HOLD seconds while something else (wrk) measures the server. Connections the
server closes during the hold are counted. Prints, then exits 0 when every connection got a 2xx:

    ready: opened=N answered=A failed=F seconds=S
    done: opened=N answered=A failed=F open_at_end=O closed_by_server=C hold_s=H

Only loopback hosts are accepted.
"""

import argparse
import ipaddress
import resource
import selectors
import socket
import sys
import time


def raise_nofile(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def check_loopback(host: str) -> None:
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            sys.exit(f"idle_clients: {host} is not a loopback address")


class Conn:
    __slots__ = ("sock", "buf", "done", "ok")

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = b""
        self.done = False
        self.ok = False


def reply_complete(buf: bytes) -> "tuple[bool, bool]":
    """(complete, is_2xx) for one HTTP/1.1 response in buf."""
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return False, False
    head = buf[:head_end].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    ok = len(parts) >= 2 and parts[1].startswith("2")
    body = buf[head_end + 4:]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        return len(body) >= int(headers["content-length"]), ok
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return body.endswith(b"0\r\n\r\n"), ok
    return True, ok  # no body framing: take the head as the whole reply


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", "--connections", type=int, default=2000)
    ap.add_argument("--hold", type=float, default=15.0, help="seconds to hold the connections idle")
    ap.add_argument("--path", default="/healthz")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds allowed to open and get the replies")
    args = ap.parse_args()

    check_loopback(args.host)
    raise_nofile(args.connections + 64)

    request = (f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\n"
               "Connection: keep-alive\r\nUser-Agent: opora-idle-clients\r\n\r\n").encode()
    started = time.monotonic()
    deadline = started + args.timeout
    conns: "list[Conn]" = []
    failed = 0
    # 1. open and send: connects are blocking (loopback), replies are read afterwards.
    for i in range(args.connections):
        if time.monotonic() > deadline:
            failed += args.connections - i
            print(f"idle_clients: time-out after opening {i} connections", file=sys.stderr)
            break
        try:
            s = socket.create_connection((args.host, args.port), timeout=10)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.sendall(request)
            s.setblocking(False)
            conns.append(Conn(s))
        except OSError as e:
            failed += args.connections - i
            print(f"idle_clients: connection {i + 1} failed: {e}", file=sys.stderr)
            break

    # 2. read one complete reply on each.
    sel = selectors.DefaultSelector()  # epoll: no FD_SETSIZE limit
    for c in conns:
        sel.register(c.sock, selectors.EVENT_READ, c)
    pending = len(conns)
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            c = key.data
            try:
                chunk = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                chunk = b""
            if not chunk:  # closed before a full reply
                c.done, c.ok = True, False
            else:
                c.buf += chunk
                complete, ok = reply_complete(c.buf)
                if not complete:
                    continue
                c.done, c.ok = True, ok
            pending -= 1
            sel.unregister(c.sock)
            if not c.ok:
                c.sock.close()
    answered = sum(1 for c in conns if c.ok)
    failed += len(conns) - answered
    print(f"ready: opened={len(conns)} answered={answered} failed={failed} "
          f"seconds={time.monotonic() - started:.2f}", flush=True)

    # 3. hold the answered connections idle; notice the ones the server closes.
    live = [c for c in conns if c.ok]
    for c in conns:
        if c.done and not c.ok:
            continue
        if not c.done:
            sel.unregister(c.sock)
            c.sock.close()
    for c in live:
        c.buf = b""
        sel.register(c.sock, selectors.EVENT_READ, c)
    closed = 0
    hold_end = time.monotonic() + args.hold
    while time.monotonic() < hold_end and closed < len(live):
        for key, _ in sel.select(timeout=max(0.0, hold_end - time.monotonic())):
            c = key.data
            try:
                chunk = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                chunk = b""
            if not chunk:
                closed += 1
                sel.unregister(c.sock)
                c.sock.close()
    print(f"done: opened={len(conns)} answered={answered} failed={failed} "
          f"open_at_end={len(live) - closed} closed_by_server={closed} hold_s={args.hold:g}", flush=True)
    for c in live:
        try:
            c.sock.close()
        except OSError:
            pass
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
