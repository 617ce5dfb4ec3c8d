"""The published catalogue: procedures, the agencies that carry them out, their fields of work."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.enums import AgencyKind, DocumentForm, Level, OnlineLevel, SupplementClock
from app.core.database import str_enum, utcnow
from app.extensions import db


class LocalisedName:
    """Models with `name` and an optional `name_en` show the English one in the English interface."""

    name: str
    name_en: str | None

    @property
    def display_name(self) -> str:
        if self.name_en and str(get_locale()) == "en":
            return self.name_en
        return self.name


class Field(LocalisedName, db.Model):
    """Lĩnh vực: the area of government a procedure belongs to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))


class Agency(LocalisedName, db.Model):
    """Cơ quan thực hiện.

    A catalogue agency (no location) is the authority as published: "Ủy ban nhân dân cấp xã". Each
    province- or commune-level catalogue agency has one located office per province or commune,
    pointing back to it through `authority`; dossiers go to located offices.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    level: Mapped[Level] = mapped_column(str_enum(Level))
    province_code: Mapped[int | None] = mapped_column(Integer, index=True)
    ward_code: Mapped[int | None] = mapped_column(Integer, index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[AgencyKind] = mapped_column(str_enum(AgencyKind), default=AgencyKind.AUTHORITY)

    authority: Mapped[Agency | None] = relationship(remote_side=[id])


class Procedure(LocalisedName, db.Model):
    """Thủ tục hành chính as published, with the e-form a citizen fills in to apply for it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str | None] = mapped_column(String(500))
    # Folded copies of the text people search (see app/core/text.py); the full-text indexes on both
    # databases are built over these two columns. They come before the long columns so that SQLite
    # reads them without following a row's overflow pages.
    search_name: Mapped[str] = mapped_column(Text, default="", index=True)
    search_body: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    level: Mapped[Level] = mapped_column(str_enum(Level), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("field.id"), index=True)
    online_level: Mapped[OnlineLevel] = mapped_column(str_enum(OnlineLevel), index=True)
    assurance_level: Mapped[int] = mapped_column(Integer, default=1)
    processing_days: Mapped[int] = mapped_column(Integer)
    processing_note: Mapped[str] = mapped_column(Text, default="")
    supplement_clock: Mapped[SupplementClock] = mapped_column(str_enum(SupplementClock),
                                                              default=SupplementClock.CONTINUE)
    eligibility: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list] = mapped_column(JSON, default=list)
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    form_schema: Mapped[dict] = mapped_column(JSON, default=dict)
    # The wording of the e-result the portal can issue: {"title": ..., "body": [paragraphs]}, with
    # {name}-style slots (see docs/catalogue-format.md); empty means the general wording.
    result_template: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    field: Mapped[Field] = relationship()
    documents: Mapped[list[RequiredDocument]] = relationship(
        back_populates="procedure", order_by="RequiredDocument.position", cascade="all, delete-orphan"
    )
    fee_rules: Mapped[list[FeeRule]] = relationship(
        back_populates="procedure", order_by="FeeRule.position", cascade="all, delete-orphan"
    )

    @property
    def is_fully_online(self) -> bool:
        return self.online_level is OnlineLevel.FULL


class RequiredDocument(db.Model):
    """Thành phần hồ sơ: one paper of the published list; a supplement request may ask only for these."""

    __table_args__ = (UniqueConstraint("procedure_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(Text)
    form: Mapped[DocumentForm] = mapped_column(str_enum(DocumentForm))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    mandatory: Mapped[bool] = mapped_column(default=True)
    from_eid: Mapped[bool] = mapped_column(default=False)
    from_wallet: Mapped[bool] = mapped_column(default=False)
    # The portal's e-form replaces this paper (the application form itself) when applying online.
    from_form: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    procedure: Mapped[Procedure] = relationship(back_populates="documents")


class FeeRule(db.Model):
    """One fee item (phí, lệ phí) of a procedure: the national rule, or one province's own amount."""

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(Text)
    amount: Mapped[int] = mapped_column(Integer)
    online_amount: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    province_code: Mapped[int | None] = mapped_column(Integer)

    procedure: Mapped[Procedure] = relationship(back_populates="fee_rules")


class SearchTerm(db.Model):
    """A word that occurs in procedure names: the vocabulary a mistyped query is corrected against."""

    term: Mapped[str] = mapped_column(String(100), primary_key=True)
