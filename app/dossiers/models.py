"""Dossiers: what a citizen submits for a procedure, its answers, and the timeline of its states."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Agency, Procedure
from app.core.database import UTCDateTime, str_enum, utcnow
from app.dossiers.enums import DossierState
from app.extensions import db
from app.identity.models import Person


def new_reference() -> str:
    return secrets.token_hex(8)


class Dossier(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The address of a dossier before it has a code (drafts), unguessable; kept after submission too.
    reference: Mapped[str] = mapped_column(String(16), unique=True, default=new_reference)
    code: Mapped[str | None] = mapped_column(String(60), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    state: Mapped[DossierState] = mapped_column(str_enum(DossierState), index=True, default=DossierState.DRAFT)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Pages of the form the citizen has saved at least once, for the task list.
    completed_pages: Mapped[list] = mapped_column(JSON, default=list)
    fees_due: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appointment_date: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # When the owner was told that this untouched draft will be deleted.
    purge_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    owner: Mapped[Person] = relationship()
    agency: Mapped[Agency | None] = relationship(lazy="joined")
    events: Mapped[list[DossierEvent]] = relationship(back_populates="dossier", order_by="DossierEvent.id",
                                                      cascade="all, delete-orphan")

    @property
    def key(self) -> str:
        """What the dossier's address uses: its code once it has one, its reference before."""
        return self.code or self.reference


class DossierEvent(db.Model):
    """One step of a dossier's life: the citizen's timeline and the audit trail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[DossierState | None] = mapped_column(str_enum(DossierState))
    to_state: Mapped[DossierState] = mapped_column(str_enum(DossierState))
    note: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="events")
    actor: Mapped[Person | None] = relationship()


class DossierSequence(db.Model):
    """The last sequence number given for an agency on a day, for dossier codes."""

    __table_args__ = (UniqueConstraint("agency_code", "day", name="uq_dossier_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(60))
    day: Mapped[str] = mapped_column(String(6))
    value: Mapped[int] = mapped_column(Integer, default=0)
