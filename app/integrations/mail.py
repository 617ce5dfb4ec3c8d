"""Email over SMTP (smtplib), from the portal's side.

`SMTP_URL` names the server and how to speak to it:
- `smtp://host[:25]`: plain SMTP, as the development mailbox speaks it;
- `smtp+starttls://host[:587]`: upgraded to TLS with STARTTLS before anything is sent;
- `smtps://host[:465]`: TLS from the first byte.
A user and password in the URL (`smtp+starttls://user:password@host`) sign in with AUTH.

Each message carries a Message-ID made from its outbox reference, the same at every attempt, so a
relay or mailbox that receives it twice can tell. Nothing here touches the database;
`app/notifications/outbox.py` decides when to send and what a failure means.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import unquote, urlsplit

# Seconds for each step. Short, because on SQLite every other writer waits while a message is sent.
TIMEOUT = 10
PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class MailError(Exception):
    """The server could not be reached or did not take the message; a later attempt may work."""


class Rejected(MailError):
    """The server refused the recipient for good (a 5xx answer): no later attempt will work."""


@dataclass(frozen=True)
class Mailer:
    url: str
    sender: str  # the From header, "Display name <address>"

    def message(self, *, to: str, subject: str, body: str, reference: str) -> EmailMessage:
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "localhost"
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = f"<{reference}@{domain}>"
        # Quoted-printable keeps Vietnamese text readable and 7-bit clean for servers without 8BITMIME.
        message.set_content(body, cte="quoted-printable")
        return message

    def send(self, *, to: str, subject: str, body: str, reference: str) -> None:
        """Hand one message to the server; raise `Rejected` or `MailError` when it does not take it."""
        message = self.message(to=to, subject=subject, body=body, reference=reference)
        parts = urlsplit(self.url)
        if parts.scheme not in PORTS or not parts.hostname:
            raise MailError(f"SMTP_URL must be smtp://, smtp+starttls:// or smtps://host[:port], not {self.url!r}")
        try:
            if parts.scheme == "smtps":
                server = smtplib.SMTP_SSL(parts.hostname, parts.port or PORTS["smtps"], timeout=TIMEOUT,
                                          context=ssl.create_default_context())
            else:
                server = smtplib.SMTP(parts.hostname, parts.port or PORTS[parts.scheme], timeout=TIMEOUT)
            with server:
                if parts.scheme == "smtp+starttls":
                    server.starttls(context=ssl.create_default_context())
                if parts.username:
                    server.login(unquote(parts.username), unquote(parts.password or ""))
                server.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            answers = "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())
            if all(code >= 500 for code, _ in error.recipients.values()):
                raise Rejected(f"recipient refused: {answers}") from error
            raise MailError(f"recipient refused for now: {answers}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"{type(error).__name__}: {error}") from error
