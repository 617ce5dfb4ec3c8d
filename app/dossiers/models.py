"""Dossiers: what a citizen submits for a procedure, its answers, and the timeline of its states."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.assist.models import AssistedSession
from app.catalogue.models import Agency, Procedure
from app.core.database import UTCDateTime, str_enum, utcnow
from app.documents.models import StoredFile
from app.dossiers.enums import ROLE_LABELS, STEP_LABELS, DossierState
from app.extensions import db
from app.identity.models import Person


# The states in which a dossier's deadline clock runs, as SQL: the predicate of the partial index that
# counts overdue dossiers. A query must spell it the same way (never as bound parameters) to use it.
CLOCK_RUNS = "state IN ('submitted', 'received', 'processing')"


def new_reference() -> str:
    return secrets.token_hex(8)


class Dossier(db.Model):
    # The service index reads dossiers by the day they were submitted, agency by agency.
    __table_args__ = (
        Index("ix_dossier_submitted_agency", "submitted_at", "agency_id",
              postgresql_include=["state", "submitted_by_id", "decided_at", "on_time", "days_taken",
                                  "appointment_date", "paid_by", "result_kind"]),
        # Overdue is counted live, from the dossiers whose clock still runs: a small part of the table.
        Index("ix_dossier_running", "submitted_at", postgresql_include=["agency_id", "appointment_date"],
              postgresql_where=text(CLOCK_RUNS), sqlite_where=text(CLOCK_RUNS)),
    )

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
    # The specialist processing the dossier, chosen by the desk.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # When the result (or a refusal) was issued: "on time" compares its day with the appointment date.
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set with `decided_at` (deadlines.settle): working days from submission, and whether it came by
    # the date first promised. The service index adds these up.
    days_taken: Mapped[int | None] = mapped_column(Integer)
    on_time: Mapped[bool | None] = mapped_column()
    # How the fees were paid ("vnpay" or "counter"), and the kind of result issued ("generated" or
    # "uploaded"): kept here too so that the service index reads one table.
    paid_by: Mapped[str | None] = mapped_column(String(20))
    result_kind: Mapped[str | None] = mapped_column(String(20))
    # Who submitted it, when not the owner: a post-office assistant, in the assisted session it belongs to.
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    assisted_session_id: Mapped[int | None] = mapped_column(ForeignKey("assisted_session.id"), index=True)

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    owner: Mapped[Person] = relationship(foreign_keys=[owner_id])
    assignee: Mapped[Person | None] = relationship(foreign_keys=[assignee_id])
    submitted_by: Mapped[Person | None] = relationship(foreign_keys=[submitted_by_id])
    assisted_session: Mapped[AssistedSession | None] = relationship()
    agency: Mapped[Agency | None] = relationship(lazy="joined")
    events: Mapped[list[DossierEvent]] = relationship(back_populates="dossier", order_by="DossierEvent.id",
                                                      cascade="all, delete-orphan")
    supplement: Mapped[SupplementRequest | None] = relationship(back_populates="dossier",
                                                               cascade="all, delete-orphan")
    result: Mapped[Result | None] = relationship(back_populates="dossier", cascade="all, delete-orphan")
    apologies: Mapped[list[ApologyLetter]] = relationship(back_populates="dossier", order_by="ApologyLetter.id",
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
    # A step that keeps the state (assigned, transferred, apology), or None for a change of state.
    step: Mapped[str | None] = mapped_column(String(20))

    dossier: Mapped[Dossier] = relationship(back_populates="events")
    actor: Mapped[Person | None] = relationship()

    @property
    def label(self):
        return STEP_LABELS.get(self.step, self.step) if self.step else self.to_state.label

    @property
    def role_label(self):
        return ROLE_LABELS.get(self.role, self.role)


class SupplementRequest(db.Model):
    """Yêu cầu bổ sung: at most one per dossier (the unique key makes a second one impossible), naming
    only documents of the procedure's published list. The deadline clock stops while it is open."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(Text)
    document_codes: Mapped[list] = mapped_column(JSON)
    # Working days that were left on the clock when it stopped (for procedures whose clock continues).
    days_left: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_note: Mapped[str] = mapped_column(Text, default="")
    # The files handed in first, by document code, before the supplement replaced them: kept for the desk.
    replaced_files: Mapped[dict] = mapped_column(JSON, default=dict)

    dossier: Mapped[Dossier] = relationship(back_populates="supplement")
    requested_by: Mapped[Person | None] = relationship()


class Result(db.Model):
    """Kết quả giải quyết: the signed file the agency uploaded, or the e-result the portal generated.
    `token` is the address of its public verification page (the QR code on an e-result)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # "uploaded" or "generated"
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(String(32), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    dossier: Mapped[Dossier] = relationship(back_populates="result")
    file: Mapped[StoredFile] = relationship(lazy="joined")
    issued_by: Mapped[Person | None] = relationship()


class ApologyLetter(db.Model):
    """Thư xin lỗi: one per missed appointment date (the unique key keeps the job from writing two)."""

    __table_args__ = (UniqueConstraint("dossier_id", "missed_date", name="uq_apology_letter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    missed_date: Mapped[date] = mapped_column(Date)
    new_date: Mapped[date] = mapped_column(Date)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="apologies")
    file: Mapped[StoredFile] = relationship(lazy="joined")


class DossierSequence(db.Model):
    """The last sequence number given for an agency on a day, for dossier codes."""

    __table_args__ = (UniqueConstraint("agency_code", "day", name="uq_dossier_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(60))
    day: Mapped[str] = mapped_column(String(6))
    value: Mapped[int] = mapped_column(Integer, default=0)
