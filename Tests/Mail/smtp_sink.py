"""A loopback SMTP server for Opora's mail tests, on aiosmtpd (PyPI).

Writes each message it accepts to DIR as N.json: envelope, headers, the decoded subject (RFC 2047), the text and
HTML parts (decoded), and the raw message as N.eml. Prints the port it listens on, then serves until killed.

  python3 smtp_sink.py --dir DIR [--port P] [--refuse CODE] [--tls CERT KEY] [--auth USER:PASSWORD [--login-only]]

--refuse 550: answer RCPT TO with 550 (a permanent refusal); 451: a temporary one.
--tls: offer STARTTLS with that certificate and require it before MAIL.
--auth: offer AUTH PLAIN and LOGIN and require them (after STARTTLS when --tls is given); --login-only: LOGIN alone.
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = refuse
        self.count = len([n for n in os.listdir(directory) if n.endswith(".json")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return f"{self.refuse} {'5.1.1 mailbox unavailable' if self.refuse >= 500 else '4.3.0 try again later'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTo": envelope.rcpt_tos,
            "subject": str(email.header.make_header(email.header.decode_header(message["Subject"] or ""))),
            "rawSubject": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace"),
            "headers": {k: str(v) for k, v in message.items()},
            "contentType": message.get_content_type(),
            "text": parts.get("text/plain", ""),
            "html": parts.get("text/html", ""),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--refuse", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    parser.add_argument("--login-only", action="store_true", help="offer AUTH LOGIN, not PLAIN")
    args = parser.parse_args()

    handler = Sink(args.dir, args.refuse)
    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
    authenticator = None
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

    def factory():
        return SMTP(handler, hostname="sink.localhost", tls_context=context, require_starttls=context is not None,
                    authenticator=authenticator, auth_required=authenticator is not None,
                    auth_require_tls=context is not None,
                    auth_exclude_mechanism=["PLAIN"] if args.login_only else None)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", args.port))
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
