"""Ratings of a dossier's service (đánh giá mức độ hài lòng), and feedback and petitions (PAKN)."""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum, StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Agency, Procedure
from app.core.database import UTCDateTime, str_enum, utcnow
from app.documents.models import StoredFile
from app.dossiers.models import Dossier
from app.extensions import db


class Satisfaction(IntEnum):
    VERY_SATISFIED = 5
    SATISFIED = 4
    NEUTRAL = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self):
        return SATISFACTION_LABELS[self]


SATISFACTION_LABELS = {
    Satisfaction.VERY_SATISFIED: _l("Rất hài lòng"),
    Satisfaction.SATISFIED: _l("Hài lòng"),
    Satisfaction.NEUTRAL: _l("Bình thường"),
    Satisfaction.DISSATISFIED: _l("Không hài lòng"),
    Satisfaction.VERY_DISSATISFIED: _l("Rất không hài lòng"),
}


class Criterion(StrEnum):
    CLEAR_GUIDANCE = "clear_guidance"
    ON_TIME = "on_time"
    STAFF_ATTITUDE = "staff_attitude"
    NO_EXTRA_PAPERS = "no_extra_papers"
    NO_UNOFFICIAL_PAYMENTS = "no_unofficial_payments"

    @property
    def label(self):
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    Criterion.CLEAR_GUIDANCE: _l("Hướng dẫn rõ ràng, dễ làm theo"),
    Criterion.ON_TIME: _l("Nhận kết quả đúng hẹn"),
    Criterion.STAFF_ATTITUDE: _l("Cán bộ có thái độ đúng mực, tận tình"),
    Criterion.NO_EXTRA_PAPERS: _l("Không bị yêu cầu giấy tờ ngoài danh mục"),
    Criterion.NO_UNOFFICIAL_PAYMENTS: _l("Không phải trả khoản tiền nào ngoài quy định"),
}


class Rating(db.Model):
    """One citizen's rating of one dossier (the unique key allows no second), changeable for a while.
    Public figures never show who rated."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    overall: Mapped[int] = mapped_column(Integer)
    # Criterion value → true when the citizen says it held.
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dossier: Mapped[Dossier] = relationship()

    @property
    def satisfaction(self) -> Satisfaction:
        return Satisfaction(self.overall)


class PetitionCategory(StrEnum):
    RULES = "rules"
    HANDLING = "handling"
    ATTITUDE = "attitude"
    OTHER = "other"

    @property
    def label(self):
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    PetitionCategory.RULES: _l("Quy định của thủ tục hành chính"),
    PetitionCategory.HANDLING: _l("Việc giải quyết một hồ sơ"),
    PetitionCategory.ATTITUDE: _l("Thái độ, cách làm việc của cán bộ"),
    PetitionCategory.OTHER: _l("Việc khác"),
}


class PetitionStatus(StrEnum):
    RECEIVED = "received"
    HANDLING = "handling"
    ANSWERED = "answered"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    PetitionStatus.RECEIVED: _l("Đã tiếp nhận"),
    PetitionStatus.HANDLING: _l("Đang xử lý"),
    PetitionStatus.ANSWERED: _l("Đã trả lời"),
}


class Petition(db.Model):
    """Phản ánh, kiến nghị (PAKN): feedback on a procedure's rules or on how a dossier was handled, with
    the agency's answer; published without personal data when the sender agreed and the agency chose to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedure.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"))
    category: Mapped[PetitionCategory] = mapped_column(str_enum(PetitionCategory))
    text: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    publish_consent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[PetitionStatus] = mapped_column(str_enum(PetitionStatus), default=PetitionStatus.RECEIVED,
                                                   index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    due_date: Mapped[date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    published: Mapped[bool] = mapped_column(default=False)

    agency: Mapped[Agency] = relationship()
    procedure: Mapped[Procedure | None] = relationship()
    dossier: Mapped[Dossier | None] = relationship()
    attachment: Mapped[StoredFile | None] = relationship()
