"""The one-stop desk's use cases: its queue, and receiving or refusing what comes in. Every change goes
through `lifecycle.transition`, which writes the timeline; the citizen is told in the portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import func, or_, select

from app.catalogue.models import Procedure
from app.core import calendar
from app.core.database import utcnow
from app.core.errors import DomainError
from app.dossiers import lifecycle
from app.dossiers.enums import FINISHED, DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.identity.enums import StaffRole
from app.identity.models import Person
from app.notifications import services as notifications

PER_PAGE = 20
DUE_SOON_DAYS = 2
HIDDEN_FROM_DESK = (DossierState.DRAFT, DossierState.AWAITING_PAYMENT)


@dataclass(frozen=True)
class QueueFilters:
    state: DossierState | None = None
    procedure: str | None = None
    due: str | None = None  # "soon" or "overdue"
    q: str = ""


@dataclass
class QueuePage:
    items: list[Dossier]
    total: int
    counts: dict[DossierState, int]
    page: int
    pages: int


def desk_agencies(person: Person) -> set[int]:
    return {grant.agency_id for grant in person.grants
            if grant.role in (StaffRole.OFFICER, StaffRole.SPECIALIST) and grant.agency_id}


def queue(person: Person, filters: QueueFilters, page: int = 1, today: date | None = None) -> QueuePage:
    """The dossiers of the officer's agencies, filtered, oldest appointment first, with counts by state."""
    today = today or calendar.local_date(utcnow())
    at_desk = (Dossier.agency_id.in_(desk_agencies(person)), Dossier.state.not_in(HIDDEN_FROM_DESK))
    counts = dict(db.session.execute(select(Dossier.state, func.count()).where(*at_desk).group_by(Dossier.state)).all())
    statement = select(Dossier).where(*at_desk)
    if filters.state:
        statement = statement.where(Dossier.state == filters.state)
    if filters.procedure:
        statement = statement.join(Procedure, Procedure.id == Dossier.procedure_id).where(
            Procedure.code == filters.procedure)
    if filters.due in ("soon", "overdue"):
        statement = statement.where(Dossier.state.not_in(FINISHED), Dossier.appointment_date.is_not(None))
        statement = statement.where(Dossier.appointment_date < today) if filters.due == "overdue" else \
            statement.where(Dossier.appointment_date >= today,
                            Dossier.appointment_date <= calendar.add_working_days(today, DUE_SOON_DAYS))
    if filters.q.strip():
        words = f"%{filters.q.strip()}%"
        statement = statement.join(Person, Person.id == Dossier.owner_id).where(
            or_(Dossier.code.ilike(words), Person.full_name.ilike(words)))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(statement.order_by(Dossier.appointment_date.asc().nulls_last(), Dossier.id)
                                    .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return QueuePage(items, total, counts, page, pages)


def receive(dossier: Dossier, officer: Person, note: str = "", today: date | None = None) -> None:
    """Take the dossier in: the appointment date counts the procedure's working days from today."""
    today = today or calendar.local_date(utcnow())
    lifecycle.transition(dossier, DossierState.RECEIVED, actor=officer, role=lifecycle.OFFICER, note=note.strip())
    dossier.appointment_date = calendar.add_working_days(today, dossier.procedure.processing_days)
    notifications.notify(dossier.owner_id, f"Hồ sơ {dossier.code} đã được tiếp nhận / was received",
                         f"Ngày hẹn trả kết quả / result due: {dossier.appointment_date:%d/%m/%Y}",
                         link=f"/dossiers/{dossier.code}")
    db.session.commit()


def refuse_to_receive(dossier: Dossier, officer: Person, reason: str) -> None:
    """Refuse the dossier at the desk, saying why in writing."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy ghi lý do không tiếp nhận. / Give the reason for not receiving the dossier.")
    lifecycle.transition(dossier, DossierState.NOT_RECEIVED, actor=officer, role=lifecycle.OFFICER, note=reason)
    notifications.notify(dossier.owner_id, f"Hồ sơ {dossier.code} không được tiếp nhận / was not received", reason,
                         link=f"/dossiers/{dossier.code}")
    db.session.commit()


def is_overdue(dossier: Dossier, today: date | None = None) -> bool:
    today = today or calendar.local_date(utcnow())
    return bool(dossier.appointment_date and dossier.state not in FINISHED and dossier.appointment_date < today)

