"""Consent to be helped, and the assisted session it opens.

A session is one assistant, one citizen, a time window and a list of what the assistant may do. The
assistant's browser holds only the session's id inside their own signed-in session, never the
citizen's sign-in.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.models import Agency
from app.core.database import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.identity.models import Person


class Permission(StrEnum):
    SUBMIT = "submit"
    UPLOAD = "upload"
    COUNTER_PAYMENT = "counter_payment"

    @property
    def label(self):
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.SUBMIT: _l("Tạo và nộp hồ sơ"),
    Permission.UPLOAD: _l("Tải lên giấy tờ"),
    Permission.COUNTER_PAYMENT: _l("Ghi nhận tiền phí nộp tại quầy"),
}


class ConsentMethod(StrEnum):
    EID = "eid"
    CODE = "code"

    @property
    def label(self):
        return CONSENT_LABELS[self]


CONSENT_LABELS = {
    ConsentMethod.EID: _l("Công dân đăng nhập định danh điện tử trên máy này"),
    ConsentMethod.CODE: _l("Mã một lần gửi đến số điện thoại của công dân"),
}


class SessionEnd(StrEnum):
    ENDED = "ended"
    EXPIRED = "expired"
    REVOKED = "revoked"

    @property
    def label(self):
        return SESSION_END_LABELS[self]


SESSION_END_LABELS = {
    SessionEnd.ENDED: _l("Nhân viên đã kết thúc phiên"),
    SessionEnd.EXPIRED: _l("Đã hết thời gian"),
    SessionEnd.REVOKED: _l("Bạn đã thu hồi"),
}


class AssistedSession(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    method: Mapped[ConsentMethod] = mapped_column(str_enum(ConsentMethod))
    permissions: Mapped[list] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[SessionEnd | None] = mapped_column(str_enum(SessionEnd))

    assistant: Mapped[Person] = relationship(foreign_keys=[assistant_id])
    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
    agency: Mapped[Agency] = relationship()

    def is_active(self, now: datetime | None = None) -> bool:
        return self.ended_at is None and (now or utcnow()) < self.expires_at

    def allows(self, permission: Permission) -> bool:
        return permission.value in self.permissions


class ConsentCode(db.Model):
    """A one-time code sent to the phone on the citizen's eID record; read out, it opens a session."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assistant_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    permissions: Mapped[list] = mapped_column(JSON)
    minutes: Mapped[int] = mapped_column(Integer)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    citizen: Mapped[Person] = relationship(foreign_keys=[citizen_id])
