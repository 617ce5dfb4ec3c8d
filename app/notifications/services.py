"""Telling people things. The notice is written in the caller's transaction, so it exists exactly when
the change it announces does."""

from __future__ import annotations

from sqlalchemy import select, update

from app.core.database import utcnow
from app.extensions import db
from app.notifications.models import Notification


def notify(person_id: int, title: str, body: str = "", link: str | None = None) -> Notification:
    """Add an in-portal notice for a person (the caller commits)."""
    notice = Notification(person_id=person_id, title=title, body=body, link=link, created_at=utcnow())
    db.session.add(notice)
    return notice


def recent(person_id: int, limit: int = 5) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(person_id: int) -> None:
    db.session.execute(update(Notification).where(Notification.person_id == person_id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
