"""Two workers draining the outbox at the same moment, each with its own session on its own connection,
as two `jobs work` processes would: every message reaches the mailbox exactly once. On PostgreSQL they
share the work (FOR UPDATE SKIP LOCKED); on SQLite they take turns at the database's write lock."""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter

from sqlalchemy import delete, select

from app import create_app
from app.core.database import utcnow
from app.extensions import db
from app.notifications import outbox
from app.notifications.models import Channel, OutboxMessage

MESSAGES = 60


def test_two_workers_draining_together_send_every_message_exactly_once(app, mailbox):
    worker_app = create_app({key: app.config[key] for key in (
        "APP_ENV", "TESTING", "OIDC_ISSUER", "PAYMENT_GATEWAY_URL", "STORAGE_URL", "PUBLIC_BASE_URL", "SMTP_URL",
        "SMS_URL", "SMS_API_KEY", "MAIL_FROM", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS")})
    tag, first_number = secrets.token_hex(4), secrets.randbelow(10**8 - MESSAGES)
    recipients = [f"song.song.{tag}.{n}@example.vn" if n % 2 else f"09{first_number + n:08d}" for n in range(MESSAGES)]
    with worker_app.app_context():
        rows = [OutboxMessage(channel=Channel.SMS if recipient.startswith("09") else Channel.EMAIL,
                              recipient=recipient, subject=f"Song song {tag} / concurrent", body="Thử / test",
                              created_at=utcnow(), available_at=utcnow(), attempts=0) for recipient in recipients]
        db.session.add_all(rows)
        db.session.commit()
        ids = {row.id for row in rows}
    sent: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def slow_sender(message: OutboxMessage) -> None:
        time.sleep(0.01)  # long enough for the other worker to come looking for the same message
        outbox.deliver(message)
        with lock:
            sent.append((threading.current_thread().name, message.id))

    def work() -> None:
        with worker_app.app_context():
            try:
                barrier.wait()
                outbox.drain_outbox(sender=slow_sender, batch=10 * MESSAGES)
            except BaseException as error:  # a thread's exception would otherwise vanish
                errors.append(error)
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=work, name=f"worker-{n}") for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == [] and not any(thread.is_alive() for thread in threads)
        times_sent = Counter(message_id for _, message_id in sent)
        assert {message_id for message_id in times_sent if message_id in ids} == ids
        assert max(times_sent.values()) == 1
        with worker_app.app_context():
            stored = list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))))
            assert all(row.sent_at is not None and row.attempts == 0 and row.failed_at is None for row in stored)
            if db.engine.dialect.name == "postgresql":
                assert {worker for worker, _ in sent} == {"worker-1", "worker-2"}  # they really ran side by side
        messages = mailbox.messages()
        arrived = Counter([recipient for email in messages["emails"] for recipient in email["recipients"]]
                          + [sms["to"] for sms in messages["sms"]])
        assert all(arrived[recipient] == 1 for recipient in recipients), arrived
    finally:
        with worker_app.app_context():
            db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
            db.session.commit()
            db.engine.dispose()
