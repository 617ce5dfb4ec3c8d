"""The notifications outbox: the email and SMS copies of a notice, sent by `flask --app wsgi jobs work`.

`enqueue()` writes the messages in the caller's transaction, so they exist exactly when the change they
announce does: a change rolled back sends nothing, a change committed is never lost. `drain_outbox()`
sends them one per transaction, keeping the message locked from before the send until it is marked
sent, so two workers never send the same one; a failure is tried again later, with a growing wait, and
a message that keeps failing is given up but kept. See docs/adr/0006-notification-outbox.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from app.core.database import utcnow
from app.extensions import db
from app.identity.models import Person
from app.integrations import mail, sms
from app.notifications.models import Channel, OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
# An SMS is the title and the link; a long title is cut so the text stays within a few SMS segments.
SMS_TITLE_LIMIT = 120
SETTINGS = {Channel.EMAIL: "SMTP_URL", Channel.SMS: "SMS_URL"}


def configured_channels() -> list[Channel]:
    """The channels this process sends on: one whose URL is empty is off (production without it)."""
    return [channel for channel, setting in SETTINGS.items() if current_app.config[setting]]


def absolute_url(link: str | None) -> str | None:
    """A portal path as the outside world reaches it (`PUBLIC_BASE_URL`); a message has no request."""
    if not link or link.startswith(("http://", "https://")):
        return link
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/" + link.lstrip("/")


# What frames a notice in an email, in the language the person chose for their notices (the notices
# themselves come bilingual from the callers).
EMAIL_FRAME = {
    "vi": ("Xem chi tiết: {url}", "Cổng Dịch vụ công gửi thư này tự động, xin đừng trả lời.\n"
                                  "Đổi cách nhận thông báo: {account}"),
    "en": ("Details: {url}", "The Public Services Portal sent this message automatically: please do not reply.\n"
                             "Change how you are notified: {account}"),
}


def email_text(title: str, body: str, url: str | None, language: str = "vi") -> str:
    details, footer = EMAIL_FRAME.get(language, EMAIL_FRAME["vi"])
    parts = [title, body.strip(), details.format(url=url) if url else "",
             "—\n" + footer.format(account=absolute_url("/account"))]
    return "\n\n".join(part for part in parts if part)


def sms_text(title: str, url: str | None) -> str:
    if len(title) > SMS_TITLE_LIMIT:
        title = title[:SMS_TITLE_LIMIT - 1].rstrip() + "…"
    return f"{title} {url}" if url else title


def enqueue(person: Person, title: str, body: str = "", link: str | None = None) -> list[OutboxMessage]:
    """Queue the email and SMS copies of a notice: each when the person asked for it, has an address or
    number for it, and the channel is on (the caller commits)."""
    now = utcnow()
    channels = configured_channels()
    title = " ".join(title.split())  # one line: it becomes a mail header
    url = absolute_url(link)
    messages = []
    if Channel.EMAIL in channels and person.notify_by_email and person.email_for_notices:
        messages.append(OutboxMessage(channel=Channel.EMAIL, recipient=person.email_for_notices, subject=title[:300],
                                      body=email_text(title, body, url, person.language), created_at=now,
                                      available_at=now, attempts=0))
    if Channel.SMS in channels and person.notify_by_sms and person.phone_for_notices:
        messages.append(OutboxMessage(channel=Channel.SMS, recipient=person.phone_for_notices, subject="",
                                      body=sms_text(title, url), created_at=now, available_at=now, attempts=0))
    db.session.add_all(messages)
    return messages


def deliver(message: OutboxMessage) -> None:
    """Send one message through its channel's outside system, as this process is configured."""
    config = current_app.config
    if message.channel is Channel.EMAIL:
        mail.Mailer(config["SMTP_URL"], config["MAIL_FROM"]).send(
            to=message.recipient, subject=message.subject, body=message.body, reference=message.reference)
    else:
        sms.SmsGateway(config["SMS_URL"], config["SMS_API_KEY"]).send(
            to=message.recipient, text=message.body, reference=message.reference)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 30 s, doubling each time, at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


def drain_outbox(sender: Callable[[OutboxMessage], None] = deliver, batch: int = 200, now: datetime | None = None,
                 max_attempts: int = MAX_ATTEMPTS) -> dict[str, int]:
    """Send up to `batch` due messages, oldest first, and say how many were sent, put off and given up.

    Each message is locked, sent, and marked in one transaction, committed only after the send: a second
    worker skips it while it is locked and no longer finds it due once committed. A failure counts an
    attempt and puts the message off (`retry_delay`); a refusal for good, or the `max_attempts`-th
    failure, gives it up (`failed_at`), kept and logged.
    """
    counts = {"sent": 0, "retried": 0, "failed": 0}
    channels = configured_channels()
    if not channels:
        return counts
    for _ in range(batch):
        moment = now or utcnow()
        message = _lock_next_due(channels, moment)
        if message is None:
            db.session.rollback()
            break
        try:
            sender(message)
        except Exception as error:  # whatever went wrong, the message stays and is tried again
            outcome = _record_failure(message, error, moment, max_attempts)
        else:
            message.sent_at = moment
            outcome = "sent"
        db.session.commit()
        counts[outcome] += 1
    return counts


def _lock_next_due(channels: list[Channel], now: datetime) -> OutboxMessage | None:
    def due(*columns):
        return (select(*columns).where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                                       OutboxMessage.available_at <= now, OutboxMessage.channel.in_(channels))
                .order_by(OutboxMessage.available_at, OutboxMessage.id).limit(1))

    if db.session.get_bind().dialect.name == "postgresql":
        # A message another worker is sending stays locked until it is marked sent: pass over it.
        return db.session.scalar(due(OutboxMessage).with_for_update(skip_locked=True))
    # SQLite has no row locks. A write as the transaction's first statement takes the database's write
    # lock, so workers claim one after another, each reading what the one before it committed.
    claim = (update(OutboxMessage).where(OutboxMessage.id == due(OutboxMessage.id).scalar_subquery())
             .values(attempts=OutboxMessage.attempts).returning(OutboxMessage.id)
             .execution_options(synchronize_session=False))
    claimed = db.session.scalar(claim)
    return None if claimed is None else db.session.get(OutboxMessage, claimed, populate_existing=True)


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, max_attempts: int) -> str:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if isinstance(error, (mail.Rejected, sms.Rejected)) or message.attempts >= max_attempts:
        message.failed_at = now
        log.error("outbox message %s (%s) given up after %d attempts: %s", message.id, message.channel,
                  message.attempts, message.last_error)
        return "failed"
    message.available_at = now + retry_delay(message.attempts)
    log.warning("outbox message %s (%s) failed, attempt %d, next at %s: %s", message.id, message.channel,
                message.attempts, message.available_at.isoformat(), message.last_error)
    return "retried"
