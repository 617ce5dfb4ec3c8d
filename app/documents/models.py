"""Files people hand in or receive: stored under generated keys, with name, type, size and SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, utcnow
from app.extensions import db


class StoredFile(db.Model):
    """A file in storage, owned by one person; their wallet is the list of these."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a file sent with feedback by someone without an account.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DossierDocument(db.Model):
    """The file given for one required document of a dossier (one file per requirement)."""

    __table_args__ = (UniqueConstraint("dossier_id", "requirement_code", name="uq_dossier_document"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    requirement_code: Mapped[str] = mapped_column(String(60))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    file: Mapped[StoredFile] = relationship(lazy="joined")
