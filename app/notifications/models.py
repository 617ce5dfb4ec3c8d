"""What the portal tells a person: the notice shown in the portal, and the email and SMS copies waiting
in the outbox to be sent by the job workers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Notification(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


# The drain asks for the oldest due message among those neither sent nor given up; the partial index
# holds only those, so it stays small however many sent messages pile up.
PENDING = text("sent_at IS NULL AND failed_at IS NULL")


class OutboxMessage(db.Model):
    """One email or SMS to send, written in the transaction of the change it announces. Sent at most
    once (`sent_at`); after too many failed attempts it is given up (`failed_at`) but kept."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "available_at", "id", postgresql_where=PENDING,
                            sqlite_where=PENDING),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def reference(self) -> str:
        """The message's name outside the portal (Message-ID, SMS reference), the same at every attempt,
        so a provider that sees it twice can tell."""
        return f"outbox-{self.id}"
