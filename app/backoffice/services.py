"""The one-stop desk's use cases: its queue, and every action on a dossier from receipt to the result
handed over. Every change goes through `lifecycle.transition`, which writes the timeline and tells the
citizen; every action is also in the audit log. Each function owns its commit."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.catalogue.enums import AgencyKind, Level
from app.catalogue.models import Agency, Procedure, RequiredDocument
from app.core import calendar
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.documents import letters
from app.documents import services as documents
from app.documents.models import StoredFile
from app.dossiers import deadlines, lifecycle
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier, Result, SupplementRequest
from app.extensions import db
from app.identity.enums import StaffRole
from app.identity.models import Person, StaffGrant
from app.integrations.storage import storage

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
        statement = statement.where(Dossier.state.in_(deadlines.CLOCK_RUNNING), Dossier.appointment_date.is_not(None))
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


def desk_role(person: Person, dossier: Dossier) -> str | None:
    """The role `person` acts in on `dossier`: officer of its agency, the specialist it is assigned
    to, or None (no business with it)."""
    roles = {grant.role for grant in person.grants if grant.agency_id == dossier.agency_id}
    if StaffRole.OFFICER in roles:
        return lifecycle.OFFICER
    if StaffRole.SPECIALIST in roles and dossier.assignee_id == person.id:
        return lifecycle.SPECIALIST
    return None


def _role(person: Person, dossier: Dossier) -> str:
    role = desk_role(person, dossier)
    if role is None:
        raise lifecycle.TransitionRefused("Hồ sơ này không được giao cho bạn. / This dossier is not assigned to you.")
    return role


def _audit(action: str, dossier: Dossier, person: Person, role: str, **detail) -> None:
    record(f"dossier_{action}", person_id=person.id, subject=dossier.code, role=role,
           agency=dossier.agency.code if dossier.agency else None, **detail)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(message)
    return text


class ActionRefused(DomainError):
    status = 400


def dossier_file(dossier: Dossier, file_id: int) -> tuple[StoredFile, bytes]:
    """A file that belongs to the dossier, and its content; any other file is "not found"."""
    ids = {given.file_id for given in documents.documents_of(dossier).values()}
    ids |= {letter.file_id for letter in dossier.apologies} | ({dossier.result.file_id} if dossier.result else set())
    ids |= set((dossier.supplement.replaced_files or {}).values()) if dossier.supplement else set()
    stored = db.session.get(StoredFile, file_id) if file_id in ids else None
    if stored is None:
        raise NotFound("Không tìm thấy tệp của hồ sơ. / No such file in this dossier.")
    return stored, storage().get(stored.storage_key)


def receive(dossier: Dossier, officer: Person, note: str = "", today: date | None = None) -> None:
    """Take the dossier in: the appointment date counts the procedure's working days from today."""
    today = today or calendar.local_date(utcnow())
    role = _role(officer, dossier)
    appointment = calendar.add_working_days(today, dossier.procedure.processing_days)
    lifecycle.transition(dossier, DossierState.RECEIVED, actor=officer, role=role, note=note.strip(),
                         notice=f"Ngày hẹn trả kết quả / result due: {appointment:%d/%m/%Y}")
    dossier.appointment_date = appointment
    _audit("received", dossier, officer, role, appointment=appointment.isoformat())
    db.session.commit()


def refuse_to_receive(dossier: Dossier, officer: Person, reason: str) -> None:
    """Refuse the dossier at the desk, saying why in writing."""
    reason = _required(reason, "Hãy ghi lý do không tiếp nhận. / Give the reason for not receiving the dossier.")
    role = _role(officer, dossier)
    lifecycle.transition(dossier, DossierState.NOT_RECEIVED, actor=officer, role=role, note=reason)
    deadlines.settle(dossier, utcnow())
    _audit("not_received", dossier, officer, role)
    db.session.commit()


def processors(dossier: Dossier) -> list[Person]:
    """Who can be given the dossier: the specialists and officers of its agency."""
    granted = (select(Person.id)
               .join(StaffGrant, (StaffGrant.issuer == Person.issuer) & (StaffGrant.subject == Person.subject))
               .where(StaffGrant.agency_id == dossier.agency_id,
                      StaffGrant.role.in_([StaffRole.SPECIALIST, StaffRole.OFFICER])))
    return list(db.session.scalars(select(Person).where(Person.id.in_(granted)).order_by(Person.full_name)))


def assign(dossier: Dossier, officer: Person, assignee_id: int, note: str = "") -> None:
    """Give the dossier to a specialist (or an officer) of its agency; a received dossier goes into
    processing with it."""
    role = _role(officer, dossier)
    assignee = next((person for person in processors(dossier) if person.id == assignee_id), None)
    if assignee is None:
        raise ActionRefused("Hãy chọn một cán bộ của cơ quan. / Choose someone of the agency.")
    text = f"Giao cho / assigned to {assignee.full_name}" + (f": {note.strip()}" if note.strip() else "")
    if dossier.state is DossierState.RECEIVED:
        lifecycle.transition(dossier, DossierState.PROCESSING, actor=officer, role=role, note=text, notice="")
    else:
        lifecycle.transition(dossier, dossier.state, actor=officer, role=role, note=text, step=lifecycle.ASSIGNED)
    dossier.assignee = assignee
    _audit("assigned", dossier, officer, role, assignee_id=assignee.id)
    db.session.commit()


def requestable_documents(dossier: Dossier) -> list[RequiredDocument]:
    """What a supplement request may ask for: the procedure's published documents that the citizen
    hands in (never what the eID or the e-form already gives, never anything outside the list)."""
    return documents.asked_for(dossier)


def request_supplement(dossier: Dossier, person: Person, codes: list[str], reason: str,
                       today: date | None = None) -> SupplementRequest:
    """Ask, once and in writing, for documents of the published list. The deadline clock stops: the
    working days left are kept for when the supplement arrives."""
    role = _role(person, dossier)
    if dossier.supplement is not None:
        raise ActionRefused("Hồ sơ đã được yêu cầu bổ sung một lần; không yêu cầu lần nữa được. / A supplement was "
                            "already requested for this dossier; it can be requested only once.")
    published = {document.code for document in requestable_documents(dossier)}
    chosen = list(dict.fromkeys(codes))
    if not chosen:
        raise ActionRefused("Hãy chọn ít nhất một giấy tờ cần bổ sung. / Choose at least one document.")
    if not set(chosen) <= published:
        raise ActionRefused("Chỉ được yêu cầu giấy tờ có trong danh mục thủ tục đã công bố. / Only documents of the "
                            "procedure's published list can be requested.")
    reason = _required(reason, "Hãy ghi lý do cần bổ sung. / Give the reason for the supplement.")
    today = today or calendar.local_date(utcnow())
    days_left = max(0, calendar.working_days_between(today, dossier.appointment_date)) \
        if dossier.appointment_date else dossier.procedure.processing_days
    names = ", ".join(document.name for document in requestable_documents(dossier) if document.code in chosen)
    lifecycle.transition(dossier, DossierState.SUPPLEMENT_REQUESTED, actor=person, role=role,
                         note=f"{reason}\n{names}", notice=f"{reason} — {names}")
    supplement = SupplementRequest(dossier=dossier, requested_at=utcnow(), requested_by=person, reason=reason,
                                   document_codes=chosen, days_left=days_left, answer_note="")
    db.session.add(supplement)
    _audit("supplement_requested", dossier, person, role, documents=chosen)
    try:
        db.session.commit()
    except IntegrityError as error:  # another officer asked at the same moment: theirs stands
        db.session.rollback()
        raise ActionRefused("Hồ sơ vừa được yêu cầu bổ sung. / A supplement was just requested.") from error
    return supplement


def transfer_targets(dossier: Dossier) -> list[Agency]:
    """Agencies a dossier can be sent on to (liên thông): the located offices of its province and
    the central agencies, other than its own."""
    province = dossier.agency.province_code if dossier.agency else None
    return list(db.session.scalars(
        select(Agency).where(Agency.id != dossier.agency_id, Agency.kind == AgencyKind.AUTHORITY,
                             or_(Agency.level == Level.CENTRAL,
                                 (Agency.province_code == province) & Agency.authority_id.is_not(None)))
        .order_by(Agency.name)))


def transfer(dossier: Dossier, officer: Person, agency_id: int, note: str) -> None:
    """Send the dossier on to another agency (liên thông); it leaves this desk's queue."""
    role = _role(officer, dossier)
    target = next((agency for agency in transfer_targets(dossier) if agency.id == agency_id), None)
    if target is None:
        raise ActionRefused("Hãy chọn cơ quan nhận hồ sơ. / Choose the agency to send the dossier to.")
    note = _required(note, "Hãy ghi nội dung chuyển hồ sơ. / Say why the dossier is sent on.")
    lifecycle.transition(dossier, dossier.state, actor=officer, role=role, step=lifecycle.TRANSFERRED,
                         note=f"{dossier.agency.name} → {target.name}: {note}", notice=f"{target.name}: {note}")
    _audit("transferred", dossier, officer, role, to_agency=target.code)
    dossier.agency = target
    dossier.assignee = None
    db.session.commit()


def issue_result(dossier: Dossier, person: Person, *, upload: tuple[str, bytes] | None = None,
                 note: str = "", verify_url: Callable[[str], str], limits: documents.Limits) -> Result:
    """Approve and issue the result: the signed file uploaded (a PDF), or an e-result generated from
    the procedure's template with a QR code to its verification page. The file goes to the citizen's
    wallet, for reuse in later dossiers."""
    role = _role(person, dossier)
    if not lifecycle.can(dossier, DossierState.RESULT_READY, role):
        raise lifecycle.TransitionRefused("Hồ sơ chưa thể trả kết quả ở trạng thái này. / The dossier cannot get a "
                                          "result in this state.")
    now = utcnow()
    token = secrets.token_urlsafe(16)
    if upload is not None:
        name, data = upload
        content_type = documents.check_file(name, data, limits)
        if content_type != "application/pdf":
            raise ActionRefused("Kết quả phải là tệp PDF đã ký số. / The result must be a signed PDF.")
        kind = "uploaded"
    else:
        name, kind, content_type = f"ket-qua-{dossier.code}.pdf", "generated", "application/pdf"
        data = letters.e_result_pdf(dossier, now, person.full_name, verify_url(token))
    stored = documents.store_file(dossier.owner_id, name, data, content_type)
    try:
        lifecycle.transition(dossier, DossierState.RESULT_READY, actor=person, role=role, note=note.strip())
        result = Result(dossier=dossier, kind=kind, file=stored, sha256=stored.sha256, token=token, issued_at=now,
                        issued_by=person)
        db.session.add(result)
        deadlines.settle(dossier, now)
        dossier.result_kind = kind
        _audit("result_issued", dossier, person, role, kind=kind, sha256=stored.sha256)
        db.session.commit()
    except IntegrityError as error:  # a result issued a moment ago by someone else stands
        documents.discard(stored)
        raise ActionRefused("Hồ sơ vừa được trả kết quả. / A result was just issued for this dossier.") from error
    except Exception:
        documents.discard(stored)
        raise
    return result


def refuse(dossier: Dossier, person: Person, reason: str) -> None:
    """Refuse the application (từ chối giải quyết), saying why in writing."""
    reason = _required(reason, "Hãy ghi lý do từ chối. / Give the reason for the refusal.")
    role = _role(person, dossier)
    lifecycle.transition(dossier, DossierState.REFUSED, actor=person, role=role, note=reason)
    deadlines.settle(dossier, utcnow())
    _audit("refused", dossier, person, role)
    db.session.commit()


def mark_returned(dossier: Dossier, officer: Person, note: str = "") -> None:
    """The result was handed over (or downloaded): the dossier is finished."""
    role = _role(officer, dossier)
    lifecycle.transition(dossier, DossierState.RETURNED, actor=officer, role=role, note=note.strip())
    _audit("returned", dossier, officer, role)
    db.session.commit()
