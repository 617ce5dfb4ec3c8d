"""Property-based: whatever order the gateway's answers arrive in (duplicates, reordering, forgeries,
wrong amounts, answers after expiry), a dossier is paid at most once, for exactly its fee, and its
state agrees with its payments."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.config import DEFAULTS
from app.core.database import utcnow
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.identity.models import Person
from app.integrations import vnpay
from app.payments import services
from app.payments.models import Payment, PaymentState
from tests.factories import make_procedure

FEE = 25000
_codes = count(1)

PAY = st.just(("pay",))
SUCCESS = st.tuples(st.just("ipn"), st.integers(0, 3), st.just("00"))
EXPIRE = st.tuples(st.just("expire"), st.integers(0, 3))
# Paying, expiring and succeeding are drawn more often: the dangerous orders are made of them.
EVENTS = st.lists(st.one_of(
    PAY, PAY, SUCCESS, SUCCESS, EXPIRE,
    st.tuples(st.just("ipn"), st.integers(0, 3), st.sampled_from(["51", "24"])),
    st.tuples(st.just("forged"), st.integers(0, 3)),
    st.tuples(st.just("wrong_amount"), st.integers(0, 3)),
), min_size=1, max_size=12)


def answer(payment: Payment, code: str, amount: int | None = None) -> dict:
    params = {"vnp_Amount": str((amount or payment.amount) * 100), "vnp_ResponseCode": code,
              "vnp_TransactionStatus": "00" if code == "00" else "02", "vnp_TmnCode": DEFAULTS["PAYMENT_MERCHANT_CODE"],
              "vnp_TransactionNo": f"9{payment.id:07d}", "vnp_TxnRef": payment.txn_ref, "vnp_PayDate": "20261123091500"}
    params["vnp_SecureHash"] = vnpay.sign(vnpay.hash_data(params), DEFAULTS["PAYMENT_HASH_SECRET"])
    return params


def a_waiting_dossier(procedure, person) -> Dossier:
    dossier = Dossier(procedure=procedure, owner=person, state=DossierState.AWAITING_PAYMENT, answers={},
                      completed_pages=[], code=f"PROP-{next(_codes):06d}", fees_due=FEE, agency=procedure.agency,
                      submitted_at=utcnow())
    db.session.add(dossier)
    db.session.commit()
    return dossier


@pytest.fixture
def procedure():
    return make_procedure(fees=[{"code": "le-phi", "name": "Lệ phí", "amount": FEE}])


@pytest.fixture
def person() -> Person:
    person = Person(issuer="https://eid.test", subject="property-citizen", full_name="Phạm Văn Thử")
    db.session.add(person)
    db.session.commit()
    return person


# One procedure and one person for all examples (fixtures run once per test); a new dossier per example.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS)
@example(events=[("pay",), ("expire", 0), ("pay",), ("ipn", 1, "00"), ("ipn", 0, "00"), ("ipn", 0, "00")])
def test_no_sequence_of_gateway_answers_pays_a_dossier_twice(procedure, person, events):
    dossier = a_waiting_dossier(procedure, person)
    now = utcnow()
    for event in events:
        attempts = services.payments_of(dossier)
        if event[0] == "pay":
            try:
                services.start_payment(dossier, "127.0.0.1", now=now)
            except services.PaymentRefused:
                assert dossier.state is not DossierState.AWAITING_PAYMENT or any(
                    payment.state is PaymentState.PAID for payment in attempts)
            continue
        if not attempts:
            continue
        payment = attempts[event[1] % len(attempts)]
        if event[0] == "ipn":
            code, _ = services.handle_ipn(answer(payment, event[2]), now=now)
            assert code in ("00", "02")
        elif event[0] == "forged":
            assert services.handle_ipn({**answer(payment, "00"), "vnp_SecureHash": "ab" * 64}, now=now)[0] == "97"
        elif event[0] == "wrong_amount":
            assert services.handle_ipn(answer(payment, "00", amount=FEE + 1), now=now)[0] == "04"
        elif event[0] == "expire" and payment.state is PaymentState.PENDING:
            payment.state, payment.finished_at = PaymentState.EXPIRED, now
            db.session.commit()
            now += timedelta(minutes=20)
        check_invariants(dossier)


def check_invariants(dossier: Dossier) -> None:
    db.session.refresh(dossier)
    payments = services.payments_of(dossier)
    kept = [payment for payment in payments if payment.state is PaymentState.PAID and not payment.refund_due]
    assert len(kept) <= 1, "paid twice"
    assert all(payment.amount == dossier.fees_due for payment in payments)
    assert (dossier.state is DossierState.SUBMITTED) == (len(kept) == 1)
    assert len([payment for payment in payments if payment.state is PaymentState.PENDING]) <= 1

