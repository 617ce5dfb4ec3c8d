"""The development mailbox: a real SMTP server and the portal's SMS API, its own process, keeping what
it receives in memory and showing it on one page.

    python -m app.devtools.mailbox [--smtp-port 9025] [--http-port 9600]

- SMTP on 127.0.0.1:9025 (aiosmtpd) takes any message for anyone: the portal's `SMTP_URL`
  outside production.
- `POST /sms` on 127.0.0.1:9600 is the SMS API of `app/integrations/sms.py`, with the bearer key
  `SMS_API_KEY` (the development key unless set): the portal's `SMS_URL` outside production.
- `GET /` lists the emails and SMS received, newest first; `GET /messages.json` gives them to tests.

Only the last 1,000 of each are kept, and nothing survives a restart.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import secrets
import threading
from collections import deque
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from flask import Flask, jsonify, render_template_string, request
from markupsafe import Markup, escape

from app.config import DEVELOPMENT_DEFAULTS

KEEP = 1000
# Like a provider, it refuses what is not a phone number, so a refusal for good can be tried out.
PHONE = re.compile(r"\+?\d{8,15}")
URL = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)]")

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hộp thư phát triển – Development mailbox</title></head><body>
<header><p><strong>Môi trường phát triển</strong> · <span lang="en">development only: nothing here reaches a
real mailbox or phone</span></p></header>
<main>
<h1>Hộp thư phát triển <span lang="en">/ Development mailbox</span></h1>
<p>Thư gửi tới SMTP {{ smtp }} và tin nhắn SMS gửi tới {{ sms }}, mới nhất ở trên.
<span lang="en">Email sent to SMTP {{ smtp }} and SMS posted to {{ sms }}, newest first.</span></p>
<p><a href="/">Tải lại <span lang="en">/ Reload</span></a></p>
<nav aria-label="Mục lục / Contents"><ul>
<li><a href="#email">Thư điện tử <span lang="en">/ Email</span> ({{ emails | length }})</a></li>
<li><a href="#sms">Tin nhắn SMS <span lang="en">/ SMS</span> ({{ texts | length }})</a></li>
</ul></nav>
<section aria-labelledby="email">
<h2 id="email">Thư điện tử <span lang="en">/ Email</span> ({{ emails | length }})</h2>
{% for mail in emails %}
<article aria-labelledby="email-{{ mail.id }}">
<h3 id="email-{{ mail.id }}">{{ mail.subject or "(không có tiêu đề / no subject)" }}</h3>
<dl>
<dt>Đến <span lang="en">/ To</span></dt><dd>{{ mail.recipients | join(", ") }}</dd>
<dt>Từ <span lang="en">/ From</span></dt><dd>{{ mail.sender }}</dd>
<dt>Lúc <span lang="en">/ Received</span></dt>
<dd><time datetime="{{ mail.received_at }}">{{ mail.received_at }}</time></dd>
<dt>Message-ID</dt><dd>{{ mail.message_id }}</dd>
</dl>
{{ mail.body | paragraphs }}
</article>
{% else %}
<p>Chưa có thư nào. <span lang="en">No email yet.</span></p>
{% endfor %}
</section>
<section aria-labelledby="sms">
<h2 id="sms">Tin nhắn SMS <span lang="en">/ SMS</span> ({{ texts | length }})</h2>
{% for text in texts %}
<article aria-labelledby="sms-{{ text.id }}">
<h3 id="sms-{{ text.id }}">Tới <span lang="en">/ To</span> {{ text.to }}</h3>
<dl>
<dt>Lúc <span lang="en">/ Received</span></dt>
<dd><time datetime="{{ text.received_at }}">{{ text.received_at }}</time></dd>
<dt>Mã tham chiếu <span lang="en">/ Reference</span></dt><dd>{{ text.reference or "–" }}</dd>
</dl>
{{ text.text | paragraphs }}
</article>
{% else %}
<p>Chưa có tin nhắn nào. <span lang="en">No SMS yet.</span></p>
{% endfor %}
</section>
</main></body></html>"""


@dataclass(frozen=True)
class Email:
    id: int
    received_at: str
    sender: str
    recipients: list[str]
    subject: str
    message_id: str
    body: str


@dataclass(frozen=True)
class Sms:
    id: int
    received_at: str
    to: str
    text: str
    reference: str


class Mailbox:
    """What has arrived, over SMTP and over HTTP, each in the order it arrived."""

    def __init__(self):
        self.emails: deque[Email] = deque(maxlen=KEEP)
        self.texts: deque[Sms] = deque(maxlen=KEEP)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    @staticmethod
    def _now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")

    def add_email(self, sender: str, recipients: list[str], subject: str, message_id: str, body: str) -> Email:
        with self._lock:
            email = Email(next(self._ids), self._now(), sender, recipients, subject, message_id, body)
            self.emails.append(email)
        return email

    def add_sms(self, to: str, text: str, reference: str) -> Sms:
        with self._lock:
            sms = Sms(next(self._ids), self._now(), to, text, reference)
            self.texts.append(sms)
        return sms

    def snapshot(self) -> tuple[list[Email], list[Sms]]:
        with self._lock:
            return list(self.emails), list(self.texts)


class SmtpHandler:
    """aiosmtpd's handler: every message is accepted and put in the mailbox."""

    def __init__(self, mailbox: Mailbox):
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content().replace("\r\n", "\n") if part is not None else ""
        self.mailbox.add_email(sender=str(message.get("From", envelope.mail_from)), recipients=list(envelope.rcpt_tos),
                               subject=str(message.get("Subject", "")), message_id=str(message.get("Message-ID", "")),
                               body=body)
        return "250 Message accepted for delivery"


def paragraphs(text: str) -> Markup:
    """Plain text as paragraphs, its line breaks kept and its web addresses made links."""
    def linked(line: str) -> Markup:
        out, last = Markup(), 0
        for match in URL.finditer(line):
            out += escape(line[last:match.start()]) + Markup('<a href="{0}">{0}</a>').format(match.group())
            last = match.end()
        return out + escape(line[last:])

    blocks = [block for block in re.split(r"\n\s*\n", text.strip()) if block]
    return Markup("\n").join(Markup("<p>{}</p>").format(Markup("<br>\n").join(map(linked, block.splitlines())))
                             for block in blocks)


def create_mailbox(mailbox: Mailbox, api_key: str, smtp_address: str) -> Flask:
    app = Flask("mailbox")
    app.jinja_env.filters["paragraphs"] = paragraphs

    @app.post("/sms")
    def receive_sms():
        given = request.headers.get("Authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {api_key}".encode()):
            return jsonify(error="unauthorized"), 401, {"WWW-Authenticate": "Bearer"}
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not all(isinstance(body.get(name), str) and body[name].strip()
                                                 for name in ("to", "text")):
            return jsonify(error="'to' and 'text' are required strings"), 400
        if not PHONE.fullmatch(body["to"]):
            return jsonify(error="'to' is not a phone number"), 400
        sms = mailbox.add_sms(body["to"], body["text"], str(body.get("reference", "")))
        return jsonify(id=sms.id, status="accepted"), 202

    @app.get("/messages.json")
    def messages():
        emails, texts = mailbox.snapshot()
        return jsonify(emails=[asdict(email) for email in emails], sms=[asdict(sms) for sms in texts])

    @app.get("/")
    def index():
        emails, texts = mailbox.snapshot()
        return render_template_string(PAGE, emails=emails[::-1], texts=texts[::-1], smtp=smtp_address,
                                      sms=request.host_url + "sms")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=9025)
    parser.add_argument("--http-port", type=int, default=9600)
    args = parser.parse_args()
    from werkzeug.serving import run_simple

    mailbox = Mailbox()
    smtp = Controller(SmtpHandler(mailbox), hostname=args.host, port=args.smtp_port)
    smtp.start()  # returns once the server answers, so the HTTP side coming up means both are up
    try:
        app = create_mailbox(mailbox, os.environ.get("SMS_API_KEY") or DEVELOPMENT_DEFAULTS["SMS_API_KEY"],
                             f"{args.host}:{args.smtp_port}")
        run_simple(args.host, args.http_port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        smtp.stop()


if __name__ == "__main__":
    main()
