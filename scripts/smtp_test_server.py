"""aiosmtpd for the tests: STARTTLS required, AUTH required, each accepted message written to
--out as N.eml, and a JSON summary of it (parsed with Python's email package) as N.json.
--fail-first N answers 451 to the first N messages; --refuse ADDRESS answers 550 to that
recipient; --plain listens without TLS or AUTH (a local relay); --die-after N kills this very process with SIGKILL once it has taken the Nth message,
before answering it (a server lost mid-dialogue). Numbering goes on from the files already in
--out, so a server restarted on the same folder keeps every message. Prints "listening PORT"
and writes OUT/ready once ready; stops on SIGTERM."""
import argparse
import email
import email.policy
import hashlib
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert", default="")
parser.add_argument("--key", default="")
parser.add_argument("--plain", action="store_true", help="no TLS and no AUTH: a local relay, for the browser suite")
parser.add_argument("--user", default="vendo")
parser.add_argument("--password", default="secret")
parser.add_argument("--out", required=True)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--refuse", default="")
parser.add_argument("--die-after", type=int, default=0)
args = parser.parse_args()


def summary(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            parts.append({"type": part.get_content_type()})
            continue
        payload = part.get_payload(decode=True) or b""
        parts.append({"type": part.get_content_type(), "filename": part.get_filename(),
                      "sha256": hashlib.sha256(payload).hexdigest(), "text": payload.decode("utf-8", "replace")
                      if part.get_content_maintype() == "text" else None})
    return {"subject": str(message["subject"]), "from": str(message["from"]), "to": str(message["to"]),
            "cc": str(message["cc"]) if message["cc"] else None, "reply_to": str(message["reply-to"]) if message["reply-to"] else None,
            "message_id": str(message["message-id"]), "date": str(message["date"]), "parts": parts,
            "defects": [str(d) for d in message.defects]}


class Handler:
    def __init__(self):
        self.count = len([name for name in os.listdir(args.out) if name.endswith(".json")])
        self.failures = args.fail_first

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.refuse and address == args.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        name = os.path.join(args.out, str(self.count))
        with open(name + ".eml", "wb") as handle:
            handle.write(envelope.original_content)
        record = summary(envelope.original_content)
        record["envelope_from"] = envelope.mail_from
        record["envelope_to"] = envelope.rcpt_tos
        record["tls"] = session.ssl is not None
        with open(name + ".json", "w") as handle:
            json.dump(record, handle)
        if args.die_after and self.count >= args.die_after:
            os.kill(os.getpid(), signal.SIGKILL)
        return "250 2.0.0 queued as %d" % self.count


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    return AuthResult(success=ok, handled=False)


if args.plain:
    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port)
else:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(Handler(), hostname="127.0.0.1", port=args.port, tls_context=context, require_starttls=True,
                            auth_required=True, auth_require_tls=True, authenticator=authenticate)
controller.start()
print("listening %d" % args.port, flush=True)
if os.path.exists(os.path.join(args.out, "ready")):
    os.remove(os.path.join(args.out, "ready"))
with open(os.path.join(args.out, "ready"), "w") as handle:
    handle.write(str(args.port))
done = threading.Event()
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
signal.signal(signal.SIGTERM, lambda *_: done.set())
while not done.wait(0.2):
    pass
controller.stop()
