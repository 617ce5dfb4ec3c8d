"""People who sign in with the eID, their signed-in sessions, and the staff roles the portal grants."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Agency
from app.core.database import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.identity.enums import SessionEnd, StaffRole


class Person(db.Model):
    """Someone known to the eID provider, keyed by (issuer, sub). The identity fields are the eID's
    and are overwritten at every sign-in; the contact preferences are the person's own."""

    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_person_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    personal_id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(10))
    permanent_address: Mapped[str] = mapped_column(Text, default="")
    address_parts: Mapped[dict] = mapped_column(JSON, default=dict)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    assurance_level: Mapped[int] = mapped_column(Integer, default=1)
    notify_by_email: Mapped[bool] = mapped_column(Boolean, default=True)
    notify_by_sms: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    grants: Mapped[list[StaffGrant]] = relationship(
        primaryjoin="and_(Person.issuer == foreign(StaffGrant.issuer), Person.subject == foreign(StaffGrant.subject))",
        viewonly=True, lazy="selectin",
    )

    @property
    def masked_personal_id(self) -> str:
        number = self.personal_id_number or ""
        return "•" * (len(number) - 4) + number[-4:] if len(number) > 4 else number

    @property
    def email_for_notices(self) -> str | None:
        return self.contact_email or self.email

    @property
    def phone_for_notices(self) -> str | None:
        return self.contact_phone or self.phone

    @property
    def is_staff(self) -> bool:
        return bool(self.grants)

    def has_role(self, *roles: StaffRole) -> bool:
        return any(grant.role in roles for grant in self.grants)


class StaffGrant(db.Model):
    """A staff role at an agency, given by the portal (never by the eID) to an (issuer, sub); it may
    be granted before the person first signs in."""

    __table_args__ = (UniqueConstraint("issuer", "subject", "role", "agency_id", name="uq_staff_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[StaffRole] = mapped_column(str_enum(StaffRole))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency: Mapped[Agency | None] = relationship(lazy="joined")


class SignInSession(db.Model):
    """A signed-in session on the server. The cookie holds only a random token whose hash is kept
    here, so signing out (or a timeout) ends the session for every copy of the cookie."""

    __tablename__ = "sign_in_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[SessionEnd | None] = mapped_column(str_enum(SessionEnd))
    # Kept for RP-initiated logout (`id_token_hint`); never logged, dropped when the session ends.
    id_token: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(lazy="joined")
