"""The deadline clock of a dossier, in working days (app/core/calendar.py counts them).

The clock runs from submission until a result or a refusal. It stops while a supplement is awaited,
then continues with the days that were left or restarts from the procedure's full time, as the
procedure's data says. A dossier whose appointment date has passed while the clock runs is overdue
(derived, never stored); the overdue sweep writes it an apology letter with a new date, once for each
date it missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.catalogue.enums import SupplementClock
from app.core import calendar
from app.core.database import utcnow
from app.documents import letters
from app.documents import services as documents
from app.dossiers import lifecycle
from app.dossiers.enums import DossierState
from app.dossiers.models import ApologyLetter, Dossier
from app.extensions import db

log = logging.getLogger(__name__)
CLOCK_RUNNING = frozenset({DossierState.SUBMITTED, DossierState.RECEIVED, DossierState.PROCESSING})


def today() -> date:
    return calendar.local_date(utcnow())


def is_overdue(dossier: Dossier, on: date | None = None) -> bool:
    return bool(dossier.appointment_date and dossier.state in CLOCK_RUNNING
                and dossier.appointment_date < (on or today()))


def days_left(dossier: Dossier, on: date | None = None) -> int | None:
    """Working days until the appointment date (negative when late), or None when the clock is not
    running (a draft, a finished dossier, one waiting for a supplement or already answered)."""
    if dossier.appointment_date is None or dossier.state not in CLOCK_RUNNING:
        return None
    return calendar.working_days_between(on or today(), dossier.appointment_date)


def settle(dossier: Dossier, now: datetime) -> None:
    """Record how the decision (result, refusal, not received) went against the clock, for the service
    index: working days from submission, and whether it came by the first date promised, without an
    apology letter."""
    decided_on = calendar.local_date(now)
    dossier.decided_at = now
    dossier.days_taken = max(0, calendar.working_days_between(calendar.local_date(dossier.submitted_at), decided_on)) \
        if dossier.submitted_at else None
    dossier.on_time = bool(dossier.appointment_date and decided_on <= dossier.appointment_date and not dossier.apologies)


def resumed_appointment(dossier: Dossier, on: date) -> date:
    """The appointment date once a supplement arrives on `on`."""
    procedure = dossier.procedure
    if procedure.supplement_clock is SupplementClock.RESTART or dossier.supplement is None:
        return calendar.add_working_days(on, procedure.processing_days)
    return calendar.add_working_days(on, dossier.supplement.days_left)


def sweep_overdue(extra_days: int, status_url: Callable[[str], str], now: datetime | None = None) -> dict[str, int]:
    """Write an apology letter for every dossier past its appointment date with the clock running,
    give it a new date `extra_days` working days from today, put it on the timeline and tell the
    citizen. A missed date gets one letter only, whichever worker gets there first."""
    now = now or utcnow()
    on = calendar.local_date(now)
    late = list(db.session.scalars(
        select(Dossier.id).where(Dossier.state.in_(CLOCK_RUNNING), Dossier.appointment_date < on)
        .where(~select(ApologyLetter.id).where(ApologyLetter.dossier_id == Dossier.id,
                                               ApologyLetter.missed_date == Dossier.appointment_date).exists())
        .order_by(Dossier.id)))
    written = 0
    for dossier_id in late:
        dossier = db.session.get(Dossier, dossier_id)
        if dossier is None or not is_overdue(dossier, on):
            continue
        try:
            written += _apologise(dossier, calendar.add_working_days(on, extra_days), now, status_url(dossier.code))
        except Exception:  # one dossier's trouble must not hold up every letter after it
            db.session.rollback()
            log.exception("apology letter for dossier %s failed", dossier_id)
    return {"apologies": written}


def _apologise(dossier: Dossier, new_date: date, now: datetime, status_url: str) -> bool:
    missed = dossier.appointment_date
    data = letters.apology_pdf(dossier, missed, new_date, now, status_url)
    stored = documents.store_file(dossier.owner_id, f"thu-xin-loi-{dossier.code}-{missed:%Y%m%d}.pdf", data,
                                  "application/pdf")
    try:
        db.session.add(ApologyLetter(dossier=dossier, missed_date=missed, new_date=new_date, file=stored,
                                     created_at=now))
        lifecycle.transition(dossier, dossier.state, actor=None, role=lifecycle.SYSTEM, step=lifecycle.APOLOGY,
                             note=f"Thư xin lỗi; ngày hẹn mới / letter of apology; new date: {new_date:%d/%m/%Y}")
        dossier.appointment_date = new_date
        record("dossier_apology", subject=dossier.code, missed=missed.isoformat(), new_date=new_date.isoformat())
        db.session.commit()
    except IntegrityError:  # another worker wrote this letter first
        documents.discard(stored)
        return False
    except Exception:
        documents.discard(stored)
        raise
    return True
