"""The one function that changes a dossier's state (DESIGN.md, "Dossier lifecycle"): it checks who may
make the change from which state and writes the `DossierEvent` that is both timeline and audit trail.

Steps that keep the state (assigning a specialist, transferring to another agency, an apology letter)
go through the same function and the same kind of event, checked against `STEPS`."""

from __future__ import annotations

from sqlalchemy import update

from app.core.database import utcnow
from app.core.errors import DomainError
from app.dossiers.enums import RATEABLE
from app.dossiers.enums import DossierState as S
from app.dossiers.models import Dossier, DossierEvent
from app.extensions import db
from app.identity.models import Person
from app.notifications import services as notifications

CITIZEN, SYSTEM, OFFICER, SPECIALIST, ASSISTANT = "citizen", "system", "officer", "specialist", "assistant"
STAFF = {OFFICER, SPECIALIST}
APPLICANT = {CITIZEN, ASSISTANT}  # a post-office assistant fills in and submits for a consenting citizen

# (from, to) → who may make that change.
ALLOWED: dict[tuple[S | None, S], set[str]] = {
    (None, S.DRAFT): APPLICANT,
    (S.DRAFT, S.SUBMITTED): APPLICANT,
    (S.DRAFT, S.AWAITING_PAYMENT): APPLICANT,
    (S.AWAITING_PAYMENT, S.SUBMITTED): {SYSTEM},
    (S.SUBMITTED, S.RECEIVED): {OFFICER},
    (S.SUBMITTED, S.NOT_RECEIVED): {OFFICER},
    (S.RECEIVED, S.PROCESSING): {OFFICER},
    (S.RECEIVED, S.SUPPLEMENT_REQUESTED): STAFF,
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED): STAFF,
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING): {CITIZEN},
    (S.PROCESSING, S.RESULT_READY): STAFF,
    (S.PROCESSING, S.REFUSED): STAFF,
    (S.RESULT_READY, S.RETURNED): {OFFICER},
    **{(state, S.WITHDRAWN): {CITIZEN} for state in (S.AWAITING_PAYMENT, S.SUBMITTED, S.RECEIVED, S.PROCESSING,
                                                   S.SUPPLEMENT_REQUESTED)},
}


ASSIGNED, TRANSFERRED, APOLOGY = "assigned", "transferred", "apology"
OPEN_AT_DESK = frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING})
# step → (the states it may happen in, who may take it).
STEPS: dict[str, tuple[frozenset[S], set[str]]] = {
    ASSIGNED: (frozenset({S.PROCESSING}), {OFFICER}),
    TRANSFERRED: (frozenset({S.RECEIVED, S.PROCESSING}), {OFFICER}),
    APOLOGY: (OPEN_AT_DESK, {SYSTEM}),
}

# What the owner is told of each change: Vietnamese, then English (one notice serves both).
NOTICES: dict[S | str, str] = {
    S.AWAITING_PAYMENT: "đang chờ thanh toán phí, lệ phí / is waiting for the fee to be paid",
    S.SUBMITTED: "đã được gửi đến cơ quan tiếp nhận / was sent to the office",
    S.RECEIVED: "đã được tiếp nhận / was received",
    S.NOT_RECEIVED: "không được tiếp nhận / was not received",
    S.PROCESSING: "đang được xử lý / is being processed",
    S.SUPPLEMENT_REQUESTED: "cần bổ sung giấy tờ / needs more documents",
    S.RESULT_READY: "đã có kết quả / has its result",
    S.REFUSED: "bị từ chối giải quyết / was refused",
    S.RETURNED: "đã trả kết quả / its result was handed over",
    S.WITHDRAWN: "đã được rút / was withdrawn",
    TRANSFERRED: "được chuyển đến cơ quan khác / was transferred to another agency",
    APOLOGY: "bị trễ hẹn: thư xin lỗi và ngày hẹn mới / is late: a letter of apology and a new date",
}


class TransitionRefused(DomainError):
    status = 409


def can(dossier: Dossier | None, to: S, role: str) -> bool:
    current = dossier.state if dossier is not None and dossier.id is not None else None
    return role in ALLOWED.get((current, to), set())


def can_step(dossier: Dossier, step: str, role: str) -> bool:
    states, roles = STEPS[step]
    return dossier.state in states and role in roles


def hold_draft(dossier: Dossier) -> None:
    """Refuse any change to a dossier that is no longer a draft. The conditional UPDATE also holds the
    row until the caller commits, so a submission running at the same moment waits for the change and
    then checks it."""
    hold(dossier, S.DRAFT, "Hồ sơ đã nộp, không thay đổi được nữa. / The dossier was submitted and can no "
                           "longer be changed.")


def hold(dossier: Dossier, state: S, refusal: str) -> None:
    """Refuse with `refusal` unless the dossier is in `state`, and hold its row in that state until the
    caller commits."""
    held = dossier.state is state and db.session.execute(
        update(Dossier).where(Dossier.id == dossier.id, Dossier.state == state)
        .values(updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not held:
        db.session.rollback()
        raise TransitionRefused(refusal)


def transition(dossier: Dossier, to: S, *, actor: Person | None, role: str, note: str = "",
               step: str | None = None, notice: str | None = None) -> DossierEvent:
    """Move `dossier` to `to` as `actor` acting in `role`, or refuse; with `step`, take that step in
    the current state (`to` must be the current state). The owner is told, with `notice` (or the note)
    as the message. The caller commits."""
    current = dossier.state if dossier.id is not None else None
    allowed = can_step(dossier, step, role) and to is current if step else role in ALLOWED.get((current, to), set())
    if not allowed:
        raise TransitionRefused(
            f"Hồ sơ đang ở trạng thái “{current.label if current else '-'}”, không thực hiện được việc này. / "
            f"The dossier cannot go from {current} to {to}{f' ({step})' if step else ''}."
        )
    now = utcnow()
    if current is not None:
        # The change applies only to the state it was checked against: of two changes racing (a double
        # click, a refusal and a result at once), the second finds the state moved on and is refused.
        moved = db.session.execute(
            update(Dossier).where(Dossier.id == dossier.id, Dossier.state == current)
            .values(state=to, updated_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if moved != 1:
            db.session.rollback()
            raise TransitionRefused("Hồ sơ vừa được người khác xử lý. Hãy tải lại trang. / The dossier was just changed "
                                    "by someone else; reload the page.")
    event = DossierEvent(dossier=dossier, at=now, actor=actor, role=role, from_state=current, to_state=to, note=note,
                         step=step)
    dossier.state = to
    dossier.updated_at = now
    db.session.add(event)
    _announce(dossier, step or to, notice if notice is not None else note)
    if to in RATEABLE and current not in RATEABLE:
        notifications.notify(dossier.owner_id, f"Đánh giá việc giải quyết hồ sơ {dossier.code} / Rate the service",
                             "Ý kiến của bạn được tính vào chỉ số phục vụ của cơ quan; đánh giá không ghi tên. / "
                             "Your rating counts towards the agency's service index, without your name.",
                             link=f"/dossiers/{dossier.code}/rating")
    return event


def _announce(dossier: Dossier, change: S | str, body: str) -> None:
    """Tell the owner, in the same transaction as the change (the outbox delivers email and SMS)."""
    if dossier.code is None or change not in NOTICES:
        return  # a draft is the citizen's own business; assigning a specialist is the desk's
    notifications.notify(dossier.owner_id, f"Hồ sơ {dossier.code} {NOTICES[change]}", body,
                         link=f"/dossiers/{dossier.code}")
