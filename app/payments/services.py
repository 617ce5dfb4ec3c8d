"""Paying a dossier's fees at the gateway. The gateway's IPN (server to server) is the truth; the
browser's return only shows what is known. A payment is never lost (reconciliation asks the gateway
about any left pending) and never taken twice (one open attempt per dossier; a success that arrives
for a dossier already paid is paid back).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.audit.services import record
from app.catalogue import pricing
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.dossiers import lifecycle
from app.dossiers import services as dossiers
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.identity.models import Person
from app.integrations import vnpay
from app.payments.models import Payment, PaymentMethod, PaymentState

PAYMENT_WINDOW = timedelta(minutes=15)


class PaymentRefused(DomainError):
    status = 409


def merchant() -> vnpay.Merchant:
    config = current_app.config
    return vnpay.Merchant(config["PAYMENT_GATEWAY_URL"], config["PAYMENT_MERCHANT_CODE"], config["PAYMENT_HASH_SECRET"])


def payments_of(dossier: Dossier) -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(Payment.dossier_id == dossier.id).order_by(Payment.id)))


def payment_for(person: Person, txn_ref: str) -> Payment:
    payment = db.session.scalar(select(Payment).where(Payment.txn_ref == txn_ref))
    if payment is None or payment.dossier.owner_id != person.id:
        raise NotFound("Không tìm thấy giao dịch. / No such payment.")
    return payment


def start_payment(dossier: Dossier, ip: str, now: datetime | None = None) -> Payment:
    """The attempt to send the citizen to the gateway with: the open one if there is one, else a new
    one. Never two open attempts for one dossier, so two payments cannot both go through."""
    now = now or utcnow()
    if dossier.state is not DossierState.AWAITING_PAYMENT:
        raise PaymentRefused("Hồ sơ này không còn chờ thanh toán. / This dossier is not waiting for payment.")
    attempts = payments_of(dossier)
    if any(payment.state is PaymentState.PAID for payment in attempts):
        raise PaymentRefused("Hồ sơ đã được thanh toán. / This dossier is already paid.")
    open_attempt = next((payment for payment in attempts if payment.state is PaymentState.PENDING
                         and payment.expires_at > now + timedelta(minutes=1)), None)
    if open_attempt is not None:
        return open_attempt
    payment = Payment(dossier=dossier, txn_ref=f"{dossier.id}T{secrets.token_hex(6).upper()}", amount=dossier.fees_due,
                      order_info=f"Thanh toan phi, le phi ho so {dossier.code}", client_ip=ip, created_at=now,
                      expires_at=now + PAYMENT_WINDOW)
    db.session.add(payment)
    record("payment_started", person_id=dossier.owner_id, dossier=dossier.code, txn_ref=payment.txn_ref,
           amount=payment.amount)
    db.session.commit()
    return payment


def counter_amount(dossier: Dossier) -> int:
    """What the fees come to in cash at a counter: the reduction for paying online does not apply."""
    return pricing.total(pricing.fee_lines(dossier.procedure, dossier.agency.province_code if dossier.agency else None),
                         online=False)


def record_counter_payment(dossier: Dossier, assistant: Person, receipt_number: str,
                           now: datetime | None = None) -> Payment:
    """Cash taken at the post-office counter for a waiting dossier, with the paper receipt's number: the
    dossier goes on to the desk at once. Never for a dossier already paid, never twice for one receipt."""
    receipt_number = receipt_number.strip()
    if not receipt_number or len(receipt_number) > 40:
        raise PaymentRefused("Hãy nhập số biên lai (tối đa 40 ký tự). / Enter the receipt number (at most 40 characters).")
    try:
        lifecycle.hold(dossier, DossierState.AWAITING_PAYMENT, "Hồ sơ này không còn chờ thanh toán. / This dossier is "
                                                               "not waiting for payment.")
    except lifecycle.TransitionRefused as refused:
        raise PaymentRefused(refused.message) from refused
    if any(payment.state in (PaymentState.PAID, PaymentState.PENDING) for payment in payments_of(dossier)):
        db.session.rollback()
        raise PaymentRefused("Hồ sơ đang có giao dịch thanh toán trực tuyến. / An online payment is under way.")
    if db.session.scalar(select(Payment.id).where(Payment.method == PaymentMethod.COUNTER,
                                                  Payment.receipt_number == receipt_number)):
        db.session.rollback()
        raise PaymentRefused("Số biên lai này đã được ghi cho một hồ sơ khác. / This receipt number is already "
                             "recorded for another dossier.")
    now = now or utcnow()
    amount = counter_amount(dossier)
    dossier.fees_due = amount
    dossier.paid_by = PaymentMethod.COUNTER
    payment = Payment(dossier=dossier, txn_ref=f"{dossier.id}Q{secrets.token_hex(6).upper()}", amount=amount,
                      order_info=f"Nop tai quay ho so {dossier.code}", client_ip="counter", created_at=now,
                      expires_at=now, finished_at=now, paid_at=now, state=PaymentState.PAID,
                      method=PaymentMethod.COUNTER, receipt_number=receipt_number, recorded_by_id=assistant.id)
    db.session.add(payment)
    dossiers.complete_submission(dossier, now, commit=False)
    record("payment_counter", person_id=assistant.id, dossier=dossier.code, txn_ref=payment.txn_ref,
           amount=payment.amount, receipt_number=receipt_number, citizen_id=dossier.owner_id)
    db.session.commit()
    return payment


def payment_url(payment: Payment, return_url: str, locale: str) -> str:
    return merchant().payment_url(txn_ref=payment.txn_ref, amount=payment.amount, order_info=payment.order_info,
                                  return_url=return_url, ip=payment.client_ip, locale=locale,
                                  created=payment.created_at, expires=payment.expires_at)


def handle_ipn(params: dict[str, str], now: datetime | None = None) -> tuple[str, str]:
    """Apply the gateway's notification and say how it went, as (RspCode, Message)."""
    try:
        return _handle_ipn(params, now or utcnow())
    except Exception:
        db.session.rollback()
        current_app.logger.exception("IPN failed")
        return vnpay.IPN_UNKNOWN_ERROR


def _handle_ipn(params: dict[str, str], now: datetime) -> tuple[str, str]:
    if not vnpay.verify(params, current_app.config["PAYMENT_HASH_SECRET"]):
        record("payment_ipn_refused", reason="signature", txn_ref=str(params.get("vnp_TxnRef", ""))[:40])
        db.session.commit()
        return vnpay.IPN_INVALID_SIGNATURE
    payment = db.session.scalar(
        select(Payment).where(Payment.txn_ref == params.get("vnp_TxnRef", "")).with_for_update(of=Payment))
    if payment is None or params.get("vnp_TmnCode") != current_app.config["PAYMENT_MERCHANT_CODE"]:
        return vnpay.IPN_ORDER_NOT_FOUND
    if params.get("vnp_Amount") != str(payment.amount * 100):
        record("payment_ipn_refused", reason="amount", txn_ref=payment.txn_ref, amount=params.get("vnp_Amount"))
        db.session.commit()
        return vnpay.IPN_INVALID_AMOUNT
    if payment.state.is_final and payment.state is not PaymentState.EXPIRED:
        db.session.rollback()  # a repeated or replayed notification changes nothing
        return vnpay.IPN_ALREADY_CONFIRMED
    succeeded = params.get("vnp_ResponseCode") == vnpay.SUCCESS and params.get("vnp_TransactionStatus") == vnpay.SUCCESS
    _settle(payment, succeeded, params.get("vnp_ResponseCode", ""), params.get("vnp_TransactionNo"),
            params.get("vnp_BankCode"), vnpay.parse_timestamp(params.get("vnp_PayDate", "")), now, source="ipn")
    db.session.commit()
    return vnpay.IPN_CONFIRMED


def _settle(payment: Payment, succeeded: bool, response_code: str, transaction_no: str | None, bank_code: str | None,
            paid_at: datetime | None, now: datetime, source: str) -> None:
    """Record how an attempt ended; a success completes the dossier's submission, or is paid back when
    the dossier was already paid."""
    payment.response_code = response_code[:4]
    payment.transaction_no = transaction_no
    payment.bank_code = bank_code
    payment.finished_at = now
    dossier = payment.dossier
    if succeeded:
        payment.state = PaymentState.PAID
        payment.paid_at = paid_at or now
        # Only a dossier still waiting is completed: once another attempt paid, it has moved on.
        if dossier.state is DossierState.AWAITING_PAYMENT:
            dossier.paid_by = PaymentMethod.GATEWAY
            dossiers.complete_submission(dossier, now=now, commit=False)
        else:
            payment.refund_due = True
            payment.refund_reason = "Thanh toán trùng hoặc sau khi hồ sơ không còn chờ thanh toán / paid twice or too late"
    else:
        payment.state = PaymentState.CANCELLED if response_code == vnpay.CANCELLED else PaymentState.FAILED
    record(f"payment_{payment.state.value}", person_id=dossier.owner_id, dossier=dossier.code,
           txn_ref=payment.txn_ref, amount=payment.amount, transaction_no=transaction_no, source=source,
           refund_due=payment.refund_due)


def verified_return(params: dict[str, str]) -> Payment | None:
    """The payment a browser came back about, if the gateway really signed what it brings. Changes nothing."""
    if not vnpay.verify(params, current_app.config["PAYMENT_HASH_SECRET"]):
        return None
    return db.session.scalar(select(Payment).where(Payment.txn_ref == params.get("vnp_TxnRef", "")))


def reconcile(now: datetime | None = None, older_than: timedelta = timedelta(minutes=5)) -> dict[str, int]:
    """Ask the gateway about attempts still pending after a while, and settle or expire them; pay back
    successes that came for an already-paid dossier."""
    now = now or utcnow()
    settled = expired = refunded = 0
    pending = list(db.session.scalars(select(Payment).where(
        Payment.state == PaymentState.PENDING, Payment.created_at <= now - older_than)))
    for payment in pending:
        try:
            answer = merchant().query(txn_ref=payment.txn_ref, order_info=payment.order_info,
                                      transaction_date=payment.created_at, ip="127.0.0.1", now=now)
        except vnpay.GatewayError:
            current_app.logger.warning("reconciliation could not reach the gateway for %s", payment.txn_ref)
            continue
        locked = db.session.scalar(select(Payment).where(Payment.id == payment.id).with_for_update(of=Payment))
        if locked.state is not PaymentState.PENDING:
            db.session.rollback()
            continue
        status = answer.get("vnp_TransactionStatus")
        if answer.get("vnp_ResponseCode") == "00" and status == vnpay.SUCCESS \
                and answer.get("vnp_Amount") == str(locked.amount * 100):
            _settle(locked, True, "00", answer.get("vnp_TransactionNo"), answer.get("vnp_BankCode"),
                    vnpay.parse_timestamp(answer.get("vnp_PayDate", "")), now, source="reconciliation")
            settled += 1
        elif answer.get("vnp_ResponseCode") == "00" and status not in (None, "01"):
            _settle(locked, False, str(status), answer.get("vnp_TransactionNo"), answer.get("vnp_BankCode"), None,
                    now, source="reconciliation")
            settled += 1
        elif now >= locked.expires_at:
            locked.state = PaymentState.EXPIRED
            locked.finished_at = now
            record("payment_expired", person_id=locked.dossier.owner_id, txn_ref=locked.txn_ref)
            expired += 1
        db.session.commit()
    for payment in db.session.scalars(select(Payment).where(Payment.refund_due.is_(True),
                                                             Payment.state == PaymentState.PAID)):
        refund(payment, "Hệ thống / system", payment.refund_reason or "", now=now)
        refunded += 1
    return {"settled": settled, "expired": expired, "refunded": refunded}


def refund(payment: Payment, by: str, reason: str, now: datetime | None = None) -> Payment:
    """Pay a paid attempt back through the gateway; the dossier shows it."""
    now = now or utcnow()
    if payment.state is not PaymentState.PAID or not payment.transaction_no:
        raise PaymentRefused("Chỉ hoàn tiền được cho giao dịch đã thanh toán. / Only a paid payment can be refunded.")
    answer = merchant().refund(txn_ref=payment.txn_ref, amount=payment.amount, transaction_no=payment.transaction_no,
                               transaction_date=payment.created_at, order_info=f"Hoan tien {payment.order_info}",
                               created_by=by, ip="127.0.0.1", now=now)
    if answer.get("vnp_ResponseCode") != "00":
        raise PaymentRefused(f"Cổng thanh toán từ chối hoàn tiền (mã {answer.get('vnp_ResponseCode')}). / The gateway "
                             "refused the refund.")
    payment.state = PaymentState.REFUNDED
    payment.refunded_at = now
    payment.refund_due = False
    payment.refund_reason = reason or payment.refund_reason
    record("payment_refunded", person_id=payment.dossier.owner_id, txn_ref=payment.txn_ref, amount=payment.amount,
           by=by)
    db.session.commit()
    return payment
