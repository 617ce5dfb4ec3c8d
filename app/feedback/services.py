"""Use cases of what citizens tell the administration. Ratings: given once a dossier's answer came,
changeable for a while, seen by the agency without names. Feedback and petitions (PAKN): sent by anyone,
answered by the agency concerned, published without personal data when the sender agreed."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.catalogue.models import Agency, Procedure
from app.core import calendar
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.documents import services as documents
from app.dossiers import services as dossiers
from app.dossiers.enums import RATEABLE
from app.dossiers.models import Dossier
from app.extensions import db
from app.feedback.models import Criterion, Petition, PetitionCategory, PetitionStatus, Rating, Satisfaction
from app.identity.enums import StaffRole
from app.identity.models import Person
from app.integrations.storage import storage
from app.notifications import services as notifications


class RatingRefused(DomainError):
    status = 400


def rating_of(dossier: Dossier) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.dossier_id == dossier.id))


def change_window() -> timedelta:
    return timedelta(days=current_app.config["RATING_CHANGE_DAYS"])


def can_rate(dossier: Dossier, now: datetime | None = None) -> bool:
    """Open once the administration answered (result, refusal, return), and until the rating is settled."""
    if dossier.state not in RATEABLE:
        return False
    existing = rating_of(dossier)
    return existing is None or (now or utcnow()) < existing.created_at + change_window()


def rate(dossier: Dossier, overall: int, criteria: list[str], comment: str, now: datetime | None = None) -> Rating:
    """Rate the dossier's service, or change the rating within the window; the caller checked that the
    dossier is the person's own."""
    now = now or utcnow()
    if dossier.state not in RATEABLE:
        raise RatingRefused("Chỉ đánh giá được khi hồ sơ đã có kết quả hoặc đã bị từ chối. / You can rate once the "
                            "dossier has its result or was refused.")
    if overall not in {level.value for level in Satisfaction}:
        raise RatingRefused("Hãy chọn một mức hài lòng. / Choose how satisfied you are.")
    held = {criterion.value: criterion.value in criteria for criterion in Criterion}
    rating = rating_of(dossier)
    if rating is not None and now >= rating.created_at + change_window():
        raise RatingRefused("Đã quá thời hạn sửa đánh giá. / The rating can no longer be changed.")
    if rating is None:
        rating = Rating(dossier=dossier, agency_id=dossier.agency_id, created_at=now)
        db.session.add(rating)
    rating.overall, rating.criteria, rating.comment, rating.updated_at = overall, held, comment.strip()[:1000], now
    record("dossier_rated", person_id=dossier.owner_id, subject=dossier.code)
    try:
        db.session.commit()
    except IntegrityError as error:  # rated a moment ago in another tab: that one stands
        db.session.rollback()
        raise RatingRefused("Hồ sơ vừa được đánh giá ở nơi khác. Hãy tải lại trang. / This dossier was just rated "
                            "elsewhere; reload the page.") from error
    return rating


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None
    by_level: dict[int, int]
    criteria_held: dict[str, int]


def summary(agency_ids: set[int]) -> RatingSummary:
    """The agency's ratings in figures: how many, the average level, each level's count, and how often
    each criterion held."""
    where = Rating.agency_id.in_(agency_ids)
    count, average = db.session.execute(select(func.count(), func.avg(Rating.overall)).where(where)).one()
    by_level = dict(db.session.execute(select(Rating.overall, func.count()).where(where).group_by(Rating.overall)).all())
    held = {criterion.value: 0 for criterion in Criterion}
    for criteria in db.session.scalars(select(Rating.criteria).where(where)):
        for name, value in (criteria or {}).items():
            if value and name in held:
                held[name] += 1
    return RatingSummary(count, float(average) if average is not None else None, by_level, held)


def recent(agency_ids: set[int], limit: int = 50) -> list[Rating]:
    return list(db.session.scalars(select(Rating).where(Rating.agency_id.in_(agency_ids))
                                   .order_by(Rating.created_at.desc()).limit(limit)))


# --- Feedback and petitions (PAKN) -------------------------------------------------------------------

PERSONAL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|(\+?84|0)[\d .-]{8,12}\d|\b\d{9,12}\b")


class PetitionRefused(DomainError):
    status = 400


@dataclass(frozen=True)
class NewPetition:
    category: PetitionCategory
    text: str
    procedure_code: str = ""
    dossier_key: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    publish_consent: bool = False
    attachment: tuple[str, bytes] | None = None


def send_petition(person: Person | None, new: NewPetition, limits: documents.Limits,
                  now: datetime | None = None) -> Petition:
    """File feedback for the agency concerned: that of the dossier named (the sender's own), else that of
    the procedure. Someone not signed in leaves a phone or an email for the answer. Nothing is kept if
    any part is refused."""
    now = now or utcnow()
    text = new.text.strip()
    if not text:
        raise PetitionRefused("Hãy viết nội dung phản ánh, kiến nghị. / Write what you want to say.")
    if person is None and not (new.contact_phone or new.contact_email):
        raise PetitionRefused("Hãy để lại số điện thoại hoặc email để nhận trả lời. / Leave a phone number or an "
                              "email for the answer.")
    dossier = procedure = None
    if new.dossier_key:
        if person is None:
            raise PetitionRefused("Hãy đăng nhập để phản ánh về hồ sơ của bạn. / Sign in to give feedback on your "
                                  "dossier.")
        dossier = dossiers.dossier_for(person, new.dossier_key)
        procedure = dossier.procedure
    elif new.category is PetitionCategory.HANDLING:
        raise PetitionRefused("Hãy chọn hồ sơ bạn phản ánh. / Choose the dossier you give feedback on.")
    elif new.procedure_code:
        procedure = db.session.scalar(select(Procedure).where(Procedure.code == new.procedure_code.strip()))
        if procedure is None:
            raise PetitionRefused("Không tìm thấy thủ tục có mã này. / No procedure has this code.")
    else:
        raise PetitionRefused("Hãy cho biết thủ tục hoặc hồ sơ bạn phản ánh. / Say which procedure or dossier "
                              "it is about.")
    agency = dossier.agency if dossier is not None and dossier.agency else procedure.agency
    stored = None
    if new.attachment is not None:
        name, data = new.attachment
        stored = documents.store_file(person.id if person else None, name,
                                      data, documents.check_file(name, data, limits))
    try:
        petition = Petition(code=_petition_code(now), person_id=person.id if person else None,
                            contact_name=new.contact_name.strip()[:200], contact_phone=new.contact_phone or None,
                            contact_email=new.contact_email or None, agency=agency, procedure=procedure,
                            dossier=dossier, category=new.category, text=text[:4000], attachment=stored,
                            publish_consent=new.publish_consent, status=PetitionStatus.RECEIVED, created_at=now,
                            due_date=calendar.add_working_days(calendar.local_date(now),
                                                               current_app.config["PAKN_ANSWER_DAYS"]))
        db.session.add(petition)
        db.session.flush()
        record("petition_sent", person_id=person.id if person else None, subject=petition.code,
               agency=agency.code, category=new.category.value)
        _tell_sender(petition, f"Đã nhận phản ánh, kiến nghị {petition.code} / Feedback received",
                     f"Hạn trả lời / answer due: {petition.due_date:%d/%m/%Y}")
        db.session.commit()
    except Exception:
        if stored is not None:
            documents.discard(stored)
        else:
            db.session.rollback()
        raise
    return petition


def _petition_code(now: datetime) -> str:
    return f"PAKN-{calendar.local_date(now):%y%m%d}-{secrets.token_hex(4).upper()}"


def _tell_sender(petition: Petition, title: str, body: str) -> None:
    link = f"/feedback/{petition.code}"
    if petition.person_id is not None:
        notifications.notify(petition.person_id, title, body, link=link)
    else:
        notifications.tell_contact(petition.contact_email, petition.contact_phone, title, body, link=link)


def petition_by_code(code: str) -> Petition | None:
    if not code or len(code) > 30:
        return None
    return db.session.scalar(select(Petition).where(Petition.code == code.strip().upper()))


def desk_offices(person: Person) -> set[int]:
    """The agencies whose petitions the person answers: their offices, and the catalogue authorities of
    those offices (feedback on a procedure's rules names the authority, not an office)."""
    offices = {grant.agency_id for grant in person.grants
               if grant.role in (StaffRole.OFFICER, StaffRole.SPECIALIST) and grant.agency_id}
    authorities = set(db.session.scalars(select(Agency.authority_id).where(Agency.id.in_(offices),
                                                                          Agency.authority_id.is_not(None))))
    return offices | authorities


def petitions_for_desk(person: Person) -> list[Petition]:
    return list(db.session.scalars(
        select(Petition).where(Petition.agency_id.in_(desk_offices(person)))
        .order_by(Petition.status == PetitionStatus.ANSWERED, Petition.due_date, Petition.id)))


def desk_petition(person: Person, code: str) -> Petition:
    petition = petition_by_code(code)
    if petition is None or petition.agency_id not in desk_offices(person):
        raise NotFound("Không tìm thấy phản ánh của cơ quan bạn. / No such feedback at your agency.")
    return petition


def take_up(petition: Petition, officer: Person) -> None:
    if petition.status is PetitionStatus.RECEIVED:
        petition.status = PetitionStatus.HANDLING
        record("petition_taken_up", person_id=officer.id, subject=petition.code)
        _tell_sender(petition, f"Phản ánh {petition.code} đang được xử lý / is being handled", "")
        db.session.commit()


def answer_petition(petition: Petition, officer: Person, answer: str, publish: bool,
                    now: datetime | None = None) -> None:
    """Answer in writing; publish (personal data removed) only if the sender agreed."""
    answer = answer.strip()
    if not answer:
        raise PetitionRefused("Hãy viết nội dung trả lời. / Write the answer.")
    if petition.status is PetitionStatus.ANSWERED:
        raise PetitionRefused("Phản ánh này đã được trả lời. / This was already answered.")
    petition.answer, petition.answered_at, petition.answered_by_id = answer[:4000], now or utcnow(), officer.id
    petition.status = PetitionStatus.ANSWERED
    petition.published = publish and petition.publish_consent
    record("petition_answered", person_id=officer.id, subject=petition.code, published=petition.published)
    _tell_sender(petition, f"Phản ánh {petition.code} đã được trả lời / was answered", answer[:500])
    db.session.commit()


def redacted(text: str, names: list[str]) -> str:
    """Text fit to publish: e-mail addresses, phone and ID numbers, and the sender's names blanked out."""
    text = PERSONAL.sub("[…]", text)
    for name in filter(None, names):
        text = re.sub(rf"\b{re.escape(name)}\b", "[…]", text, flags=re.IGNORECASE)
    return text


def published(q: str = "", limit: int = 50) -> list[Petition]:
    statement = select(Petition).where(Petition.published.is_(True)).order_by(Petition.answered_at.desc())
    if q.strip():
        words = f"%{q.strip()[:100]}%"
        statement = statement.where(or_(Petition.text.ilike(words), Petition.answer.ilike(words)))
    return list(db.session.scalars(statement.limit(limit)))


def public_text(petition: Petition) -> tuple[str, str]:
    """The question and the answer as published."""
    names = [petition.contact_name]
    if petition.person_id is not None:
        person = db.session.get(Person, petition.person_id)
        names += [person.full_name, *person.full_name.split()[-1:]] if person else []
    return redacted(petition.text, names), redacted(petition.answer, names)


def attachment_of(petition: Petition):
    """The file sent with a petition, and its content."""
    return petition.attachment, storage().get(petition.attachment.storage_key)
