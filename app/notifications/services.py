"""Telling people things. The notice, and its email and SMS copies in the outbox, are written in the
caller's transaction, so they exist exactly when the change they announce does."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.core.database import utcnow
from app.extensions import db
from app.identity.models import Person
from app.notifications import outbox
from app.notifications.models import Notification


def notify(person_id: int, title: str, body: str = "", link: str | None = None) -> Notification:
    """Add an in-portal notice for a person, and queue its email and SMS copies as they asked (the caller
    commits; `flask --app wsgi jobs work` sends the copies)."""
    notice = Notification(person_id=person_id, title=title, body=body, link=link, created_at=utcnow())
    db.session.add(notice)
    outbox.enqueue(db.session.get(Person, person_id), title, body, link)
    return notice


@dataclass(frozen=True)
class Contact:
    """Someone known only by what they left on a form (no account): an email and/or a phone number."""

    email_for_notices: str | None
    phone_for_notices: str | None
    notify_by_email: bool = True
    notify_by_sms: bool = True
    language: str = "vi"


def tell_contact(email: str | None, phone: str | None, title: str, body: str = "", link: str | None = None) -> None:
    """Queue the email and SMS copies of a notice for someone without an account (the caller commits)."""
    outbox.enqueue(Contact(email, phone), title, body, link)


def recent(person_id: int, limit: int = 5) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(person_id: int) -> None:
    db.session.execute(update(Notification).where(Notification.person_id == person_id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
