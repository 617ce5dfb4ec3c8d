"""Payments of a dossier's fees: one row per attempt at the gateway."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.database import UTCDateTime, str_enum, utcnow
from app.dossiers.models import Dossier
from app.extensions import db


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"

    @property
    def label(self):
        return PAYMENT_STATE_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self is not PaymentState.PENDING


class PaymentMethod(StrEnum):
    GATEWAY = "vnpay"
    COUNTER = "counter"  # cash taken by a post-office assistant, with the paper receipt's number


PAYMENT_STATE_LABELS = {
    PaymentState.PENDING: _l("Đang chờ kết quả"),
    PaymentState.PAID: _l("Đã thanh toán"),
    PaymentState.FAILED: _l("Không thành công"),
    PaymentState.CANCELLED: _l("Đã hủy"),
    PaymentState.EXPIRED: _l("Hết hạn"),
    PaymentState.REFUNDED: _l("Đã hoàn tiền"),
}


class Payment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    txn_ref: Mapped[str] = mapped_column(String(40), unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    state: Mapped[PaymentState] = mapped_column(str_enum(PaymentState), index=True, default=PaymentState.PENDING)
    order_info: Mapped[str] = mapped_column(String(255))
    client_ip: Mapped[str] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_code: Mapped[str | None] = mapped_column(String(4))
    transaction_no: Mapped[str | None] = mapped_column(String(40))
    bank_code: Mapped[str | None] = mapped_column(String(20))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A payment that succeeded for a dossier already paid by another attempt is paid back.
    refund_due: Mapped[bool] = mapped_column(default=False)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refund_reason: Mapped[str | None] = mapped_column(String(500))
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod), default=PaymentMethod.GATEWAY)
    receipt_number: Mapped[str | None] = mapped_column(String(40))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    dossier: Mapped[Dossier] = relationship(lazy="joined")
