"""Use cases of a dossier before it reaches the desk: start, save a page, submit, withdraw.

Each function owns its commit. States change only through `lifecycle.transition`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.datastructures import MultiDict

from app.audit.services import record
from app.catalogue import pricing
from app.catalogue.models import Agency, Procedure
from app.core import calendar
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.documents import services as documents
from app.dossiers import deadlines, eform, lifecycle
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier, DossierSequence, Result
from app.extensions import db
from app.identity.models import Person
from app.notifications import services as notifications


class NotOnline(NotFound):
    pass


class SubmissionRefused(DomainError):
    """The dossier cannot be submitted as it is; `problems` says what to fix, page by page."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(message for _page, message in problems))
        self.problems = problems


DOCUMENTS_TASK = "giay-to"


@dataclass(frozen=True)
class Task:
    page: dict
    done: bool


def start_dossier(person: Person, procedure: Procedure, assisted=None) -> Dossier:
    """A new draft for `person`, with what the eID already says filled in; in an `assisted` session the
    assistant starts it for them, and it belongs to that session too."""
    if not procedure.is_fully_online:
        raise NotOnline("Thủ tục này chưa nộp trực tuyến được. / This procedure cannot be applied for online.")
    dossier = Dossier(procedure=procedure, owner=person, state=None,
                      answers=eform.prefilled(procedure.form_schema, person), completed_pages=[],
                      assisted_session_id=assisted.id if assisted else None)
    actor, role = (assisted.assistant, lifecycle.ASSISTANT) if assisted else (person, lifecycle.CITIZEN)
    lifecycle.transition(dossier, DossierState.DRAFT, actor=actor, role=role)
    db.session.add(dossier)
    db.session.commit()
    return dossier


def dossier_for(person: Person, key: str, within: int | None = None) -> Dossier:
    """The person's own dossier by code or reference; anyone else's is "not found", as if it did not exist.
    `within` an assisted session, only that session's dossiers are found."""
    dossier = db.session.scalar(select(Dossier).where(or_(Dossier.code == key, Dossier.reference == key)))
    if dossier is None or dossier.owner_id != person.id or (within is not None
                                                            and dossier.assisted_session_id != within):
        raise NotFound("Không tìm thấy hồ sơ. / No such dossier.")
    return dossier


def dossiers_of(person: Person, state: DossierState | None = None, within: int | None = None) -> list[Dossier]:
    statement = select(Dossier).where(Dossier.owner_id == person.id).order_by(Dossier.updated_at.desc())
    if state:
        statement = statement.where(Dossier.state == state)
    if within is not None:
        statement = statement.where(Dossier.assisted_session_id == within)
    return list(db.session.scalars(statement))


def pages_of(dossier: Dossier) -> list[dict]:
    return eform.all_pages(dossier.procedure.form_schema, dossier.procedure.level.value)


def prefill_of(dossier: Dossier) -> dict:
    return eform.prefilled(dossier.procedure.form_schema, dossier.owner)


def tasks(dossier: Dossier) -> list[Task]:
    """The pages of the form, then the documents to hand in (if any), each done or not."""
    steps = [Task(page, page["id"] in dossier.completed_pages) for page in pages_of(dossier)]
    if documents.asked_for(dossier):
        title = {"vi": "Giấy tờ kèm theo", "en": "Supporting documents"}
        steps.append(Task({"id": DOCUMENTS_TASK, "title": title}, not documents.missing_mandatory(dossier)))
    return steps


def save_page(dossier: Dossier, page: dict, answers: dict) -> None:
    """Keep a page's checked answers in the draft; fields of the page that were not answered are cleared."""
    lifecycle.hold_draft(dossier)
    kept = {name: value for name, value in dossier.answers.items()
            if name not in {spec["name"] for spec in page["fields"]}}
    dossier.answers = {**kept, **answers}
    if page["id"] not in dossier.completed_pages:
        dossier.completed_pages = [*dossier.completed_pages, page["id"]]
    dossier.updated_at = utcnow()
    db.session.commit()


def check_everything(dossier: Dossier, today: date) -> list[tuple[str, str]]:
    """Every problem that stops submission, as (page id, message): pages not done, and answers that no
    longer pass their page's checks."""
    return checked_answers(dossier, today)[0]


def checked_answers(dossier: Dossier, today: date) -> tuple[list[tuple[str, str]], dict]:
    """The problems, and the answers as the pages read them now: an answer whose condition no longer
    holds (its controlling answer changed since) is left out, so it is neither shown nor sent."""
    problems: list[tuple[str, str]] = []
    prefill = prefill_of(dossier)
    answers: dict = {}
    for page in pages_of(dossier):
        if page["id"] not in dossier.completed_pages:
            problems.append((page["id"], f"{eform.localized(page['title'])}: chưa hoàn thành / not done yet"))
            continue
        posted = MultiDict(eform.as_form_data(page["fields"], dossier.answers))
        result = eform.read_page(page, posted, answers, prefill, today)
        answers.update(result.answers)
        problems.extend((page["id"], f"{eform.localized(page['title'])}: {message}")
                        for message in result.errors.values())
    problems.extend((DOCUMENTS_TASK, f"Chưa có giấy tờ bắt buộc / a required document is missing: {document.name}")
                    for document in documents.missing_mandatory(dossier))
    return problems, answers


def receiving_office(dossier: Dossier) -> Agency:
    """The office the dossier goes to: the central agency, or the located office of the chosen province
    or commune (ADR 0003)."""
    procedure = dossier.procedure
    if procedure.level.value == "central":
        return procedure.agency
    chosen = dossier.answers.get(eform.OFFICE_FIELD) or {}
    where = (Agency.ward_code == chosen.get("commune") if procedure.level.value == "commune"
             else Agency.province_code == chosen.get("province"))
    office = db.session.scalar(select(Agency).where(Agency.authority_id == procedure.agency_id, where))
    if office is None:
        raise SubmissionRefused([(eform.OFFICE_PAGE_ID, "Chưa chọn được cơ quan tiếp nhận. / No receiving office "
                                                        "was found for the place chosen.")])
    return office


def submit_dossier(dossier: Dossier, person: Person, now: datetime | None = None, assisted=None) -> Dossier:
    """Check everything again and submit: a code, the office, the fees due. With fees to pay the dossier
    waits for payment; without, submission completes at once. Submitting twice does nothing more. In an
    `assisted` session the assistant submits, and the timeline says who and from which post office."""
    if dossier.state is not DossierState.DRAFT:
        return dossier  # a second click, or a second tab: the first submission stands
    now = now or utcnow()
    problems, answers = checked_answers(dossier, calendar.local_date(now))
    if problems:
        raise SubmissionRefused(problems)
    office = receiving_office(dossier)
    province = office.province_code
    fees = pricing.total(pricing.fee_lines(dossier.procedure, province), online=True)
    # Claim the draft: of two requests racing here, only one changes the row from draft.
    claimed = db.session.execute(
        update(Dossier).where(Dossier.id == dossier.id, Dossier.state == DossierState.DRAFT)
        .values(state=DossierState.DRAFT, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        db.session.refresh(dossier)
        return dossier
    dossier.answers = answers
    dossier.agency = office
    dossier.fees_due = fees
    dossier.code = next_code(office.code, calendar.local_date(now))
    dossier.submitted_at = now
    actor, role, note = person, lifecycle.CITIZEN, ""
    if assisted is not None:
        actor, role = assisted.assistant, lifecycle.ASSISTANT
        note = f"Nộp hộ bởi {assisted.assistant.full_name}, {assisted.agency.name}"
        dossier.submitted_by_id = assisted.assistant_id
        record("dossier_submitted_for", person_id=assisted.assistant_id, subject=dossier.code,
               citizen_id=person.id, assisted_session=assisted.id)
    if fees > 0:
        lifecycle.transition(dossier, DossierState.AWAITING_PAYMENT, actor=actor, role=role,
                             note="; ".join(filter(None, [note, "Chờ thanh toán phí, lệ phí"])))
    else:
        _complete(dossier, actor, role, now, note)
    db.session.commit()
    return dossier


def complete_submission(dossier: Dossier, now: datetime | None = None, commit: bool = True) -> Dossier:
    """The payment seam: once the fees are paid, the waiting dossier goes on to the desk. The payment
    that paid calls it inside its own transaction (`commit=False`)."""
    _complete(dossier, None, lifecycle.SYSTEM, now or utcnow())
    if commit:
        db.session.commit()
    return dossier


def _complete(dossier: Dossier, actor: Person | None, role: str, now: datetime, note: str = "") -> None:
    dossier.appointment_date = calendar.add_working_days(calendar.local_date(now), dossier.procedure.processing_days)
    lifecycle.transition(dossier, DossierState.SUBMITTED, actor=actor, role=role, note=note)


def look_up(code: str, last_digits: str) -> Dossier | None:
    """The public lookup: a submitted dossier by its code, if the last 4 digits of its owner's personal
    ID number match. "No such code" and "wrong digits" are the same None, so neither can be probed."""
    dossier = db.session.scalar(select(Dossier).where(Dossier.code == code.strip().upper()))
    number = (dossier.owner.personal_id_number or "") if dossier is not None else ""
    matches = secrets.compare_digest((number[-4:] or "----").encode(), last_digits.encode())
    return dossier if dossier is not None and matches and dossier.state is not DossierState.DRAFT else None


def handed_in(dossier: Dossier) -> list[tuple[str, str]]:
    """What the dossier contains, for the receipt: each required document and how it was given."""
    given = documents.documents_of(dossier)
    lines = []
    for document in dossier.procedure.documents:
        if document.from_eid:
            lines.append((document.name, "lấy từ tài khoản định danh / from the eID"))
        elif document.from_form:
            lines.append((document.name, "khai trên cổng / filled in online"))
        elif document.code in given:
            lines.append((document.name, f"tệp / file {given[document.code].file.name}"))
    return lines


def withdraw_dossier(dossier: Dossier, person: Person, reason: str) -> None:
    """The citizen takes the dossier back before its result, saying why."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Hãy cho biết lý do rút hồ sơ. / Say why you withdraw the dossier.")
    lifecycle.transition(dossier, DossierState.WITHDRAWN, actor=person, role=lifecycle.CITIZEN, note=reason)
    dossier.withdrawn_reason = reason
    db.session.commit()


def answer_supplement(dossier: Dossier, person: Person, note: str, on: date | None = None) -> None:
    """The citizen hands in what the supplement request asked for: every requested document must have
    a file given after the request. The dossier goes back to processing and the clock runs again."""
    supplement = dossier.supplement
    if dossier.state is not DossierState.SUPPLEMENT_REQUESTED or supplement is None or supplement.answered_at:
        raise lifecycle.TransitionRefused("Hồ sơ không chờ bổ sung. / The dossier is not waiting for a supplement.")
    given = documents.documents_of(dossier)
    missing = [document for document in dossier.procedure.documents if document.code in supplement.document_codes
               and (document.code not in given or given[document.code].added_at <= supplement.requested_at)]
    if missing:
        raise SubmissionRefused([(document.code, f"Chưa tải lên giấy tờ bổ sung / not uploaded yet: {document.name}")
                                 for document in missing])
    on = on or calendar.local_date(utcnow())
    note = note.strip()
    lifecycle.transition(dossier, DossierState.PROCESSING, actor=person, role=lifecycle.CITIZEN,
                         note=note or "Đã bổ sung giấy tờ / documents supplied")
    supplement.answered_at = utcnow()
    supplement.answer_note = note
    dossier.appointment_date = deadlines.resumed_appointment(dossier, on)
    record("dossier_supplemented", person_id=person.id, subject=dossier.code, documents=supplement.document_codes)
    db.session.commit()


def verify_result(token: str) -> Result | None:
    """The result a verification QR code points to, or None: the page then says it is not genuine."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Result).where(Result.token == token))


def same_file(result: Result, data: bytes) -> bool:
    """Whether `data` is, byte for byte, the file that was issued."""
    return secrets.compare_digest(hashlib.sha256(data).hexdigest(), result.sha256)


def sweep_drafts(keep: timedelta, notice: timedelta, now: datetime | None = None) -> dict[str, int]:
    """Tell owners of drafts untouched for `keep - notice` that they will be deleted, and delete those
    still untouched `notice` after being told. Files stay in their owner's wallet."""
    now = now or utcnow()
    drafts = select(Dossier).where(Dossier.state == DossierState.DRAFT)
    warned = 0
    for dossier in db.session.scalars(drafts.where(
            Dossier.updated_at <= now - (keep - notice),
            or_(Dossier.purge_noticed_at.is_(None), Dossier.purge_noticed_at < Dossier.updated_at))):
        deleted_on = calendar.local_date(now + notice)
        notifications.notify(
            dossier.owner_id,
            f"Bản nháp “{dossier.procedure.name}” sẽ bị xóa vào ngày {deleted_on:%d/%m/%Y} / The draft will be "
            f"deleted on {deleted_on:%d/%m/%Y}",
            "Bản nháp chưa được sửa trong thời gian dài. Hãy mở và tiếp tục khai để giữ lại. / Open the draft and "
            "carry on to keep it.",
            link=f"/dossiers/{dossier.reference}",
        )
        dossier.purge_noticed_at = now
        warned += 1
    db.session.commit()
    purged = 0
    for dossier in db.session.scalars(drafts.where(
            Dossier.purge_noticed_at.is_not(None), Dossier.purge_noticed_at <= now - notice,
            Dossier.updated_at <= Dossier.purge_noticed_at)):
        record("draft_purged", person_id=dossier.owner_id, procedure=dossier.procedure.code,
               reference=dossier.reference)
        db.session.delete(dossier)
        purged += 1
    db.session.commit()
    return {"noticed": warned, "purged": purged}


def next_code(agency_code: str, day: date, session=None) -> str:
    """`<agency code>-<YYMMDD>-<sequence>`; one atomic upsert per code, so concurrent submissions on
    PostgreSQL (or SQLite, which serialises writers) never get the same number."""
    session = session or db.session
    stamp = day.strftime("%y%m%d")
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        dialect_insert(DossierSequence).values(agency_code=agency_code, day=stamp, value=1)
        .on_conflict_do_update(index_elements=["agency_code", "day"], set_={"value": DossierSequence.value + 1})
        .returning(DossierSequence.value)
    )
    value = session.execute(statement).scalar_one()
    return f"{agency_code}-{stamp}-{value:04d}"
