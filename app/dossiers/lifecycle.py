"""The one function that changes a dossier's state (DESIGN.md, "Dossier lifecycle"): it checks who may
make the change from which state and writes the `DossierEvent` that is both timeline and audit trail."""

from __future__ import annotations

from sqlalchemy import update

from app.core.database import utcnow
from app.core.errors import DomainError
from app.dossiers.enums import DossierState as S
from app.dossiers.models import Dossier, DossierEvent
from app.extensions import db
from app.identity.models import Person

CITIZEN, SYSTEM, OFFICER, SPECIALIST = "citizen", "system", "officer", "specialist"
STAFF = {OFFICER, SPECIALIST}

# (from, to) → who may make that change.
ALLOWED: dict[tuple[S | None, S], set[str]] = {
    (None, S.DRAFT): {CITIZEN},
    (S.DRAFT, S.SUBMITTED): {CITIZEN},
    (S.DRAFT, S.AWAITING_PAYMENT): {CITIZEN},
    (S.AWAITING_PAYMENT, S.SUBMITTED): {SYSTEM},
    (S.SUBMITTED, S.RECEIVED): {OFFICER},
    (S.SUBMITTED, S.NOT_RECEIVED): {OFFICER},
    (S.RECEIVED, S.PROCESSING): STAFF,
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED): STAFF,
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING): {CITIZEN},
    (S.PROCESSING, S.RESULT_READY): STAFF,
    (S.PROCESSING, S.REFUSED): STAFF,
    (S.RESULT_READY, S.RETURNED): {OFFICER},
    **{(state, S.WITHDRAWN): {CITIZEN} for state in (S.AWAITING_PAYMENT, S.SUBMITTED, S.RECEIVED, S.PROCESSING,
                                                   S.SUPPLEMENT_REQUESTED)},
}


class TransitionRefused(DomainError):
    status = 409


def can(dossier: Dossier | None, to: S, role: str) -> bool:
    current = dossier.state if dossier is not None and dossier.id is not None else None
    return role in ALLOWED.get((current, to), set())


def hold_draft(dossier: Dossier) -> None:
    """Refuse any change to a dossier that is no longer a draft. The conditional UPDATE also holds the
    row until the caller commits, so a submission running at the same moment waits for the change and
    then checks it."""
    held = dossier.state is S.DRAFT and db.session.execute(
        update(Dossier).where(Dossier.id == dossier.id, Dossier.state == S.DRAFT)
        .values(updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not held:
        db.session.rollback()
        raise TransitionRefused("Hồ sơ đã nộp, không thay đổi được nữa. / The dossier was submitted and can no "
                                "longer be changed.")


def transition(dossier: Dossier, to: S, *, actor: Person | None, role: str, note: str = "") -> DossierEvent:
    """Move `dossier` to `to` as `actor` acting in `role`, or refuse. The caller commits."""
    current = dossier.state if dossier.id is not None else None
    if role not in ALLOWED.get((current, to), set()):
        raise TransitionRefused(
            f"Hồ sơ đang ở trạng thái “{current.label if current else '-'}”, không chuyển sang “{to.label}” được. / "
            f"The dossier cannot go from {current} to {to}."
        )
    now = utcnow()
    event = DossierEvent(dossier=dossier, at=now, actor=actor, role=role, from_state=current, to_state=to, note=note)
    dossier.state = to
    dossier.updated_at = now
    db.session.add(event)
    return event
