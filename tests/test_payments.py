"""Paying a dossier's fee through the development gateway, and every way the gateway's answers can
arrive: the IPN is the truth, the return only shows, nothing is paid twice."""

from __future__ import annotations

from datetime import timedelta
import io
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx2 as httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.config import DEFAULTS
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.integrations import vnpay
from app.payments.models import Payment, PaymentState
from app.payments.services import reconcile
from tests.factories import agency_record, make_procedures, procedure_record
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, csrf_token, sign_in
from tests.test_dossiers import a_procedure, fill_in, only_dossier, post, start

SECRET = DEFAULTS["PAYMENT_HASH_SECRET"]
FEES = [{"code": "le-phi", "name": "Lệ phí", "amount": 50000, "online_amount": 25000}]


@pytest.fixture
def waiting(client):
    """A dossier waiting for its 25.000 đ fee."""
    procedure = a_procedure(fees=FEES)
    sign_in(client)
    start(client, procedure)
    fill_in(client, only_dossier().reference)
    post(client, f"/dossiers/{only_dossier().reference}/check", {"declaration": "y"})
    dossier = only_dossier()
    assert dossier.state is DossierState.AWAITING_PAYMENT
    return dossier


def pay(client, dossier) -> dict:
    response = client.post(f"/payments/dossiers/{dossier.code}/pay", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


def gateway_answer(request: dict, code: str = "00", **changes) -> dict:
    """What the gateway sends back for a payment request, signed as the gateway signs it."""
    answer = {"vnp_Amount": request["vnp_Amount"], "vnp_BankCode": "NCB", "vnp_OrderInfo": request["vnp_OrderInfo"],
              "vnp_PayDate": "20261123091500", "vnp_ResponseCode": code, "vnp_TmnCode": request["vnp_TmnCode"],
              "vnp_TransactionNo": "14100001", "vnp_TransactionStatus": "00" if code == "00" else "02",
              "vnp_TxnRef": request["vnp_TxnRef"], **changes}
    answer["vnp_SecureHash"] = vnpay.sign(vnpay.hash_data(answer), SECRET)
    return answer


def ipn(client, params: dict) -> dict:
    response = client.get("/payments/vnpay/ipn", query_string=params)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def the_payment() -> Payment:
    return db.session.scalar(select(Payment).order_by(Payment.id.desc()))


def test_the_dossier_page_shows_the_fee_and_the_saving(client, waiting):
    page = check_page(client.get(f"/dossiers/{waiting.code}"))
    text = text_of(page.find("main"))
    assert "25.000 đ" in text and "tiết kiệm 25.000 đ" in text
    assert page.find("button", string="Thanh toán")


def test_paying_sends_the_citizen_to_the_gateway_with_a_signed_request(client, waiting, gateway_url):
    response = client.post(f"/payments/dossiers/{waiting.code}/pay", data={"csrf_token": csrf_token(client)})
    location = response.headers["Location"]
    assert location.startswith(f"{gateway_url}/paymentv2/vpcpay.html?")
    request = dict(parse_qsl(urlsplit(location).query))
    assert request["vnp_Amount"] == "2500000" and request["vnp_TxnRef"] == the_payment().txn_ref
    assert request["vnp_ReturnUrl"] == "http://portal.test/payments/vnpay/return"
    assert vnpay.verify(request, SECRET)
    assert httpx.get(location).status_code == 200  # the gateway accepts it
    assert pay(client, waiting)["vnp_TxnRef"] == request["vnp_TxnRef"]  # one open attempt, reused


def test_a_successful_ipn_pays_and_submits_and_a_repeat_changes_nothing(client, waiting):
    answer = gateway_answer(pay(client, waiting))
    assert ipn(client, answer) == {"RspCode": "00", "Message": "Confirm Success"}
    payment, dossier = the_payment(), only_dossier()
    assert payment.state is PaymentState.PAID and payment.transaction_no == "14100001"
    assert dossier.state is DossierState.SUBMITTED and dossier.appointment_date is not None
    assert ipn(client, answer) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert len([event for event in dossier.events if event.to_state is DossierState.SUBMITTED]) == 1


@pytest.mark.parametrize("tamper, expected", [
    (lambda answer: {**answer, "vnp_SecureHash": "0" * 128}, "97"),
    (lambda answer: {key: value for key, value in answer.items() if key != "vnp_SecureHash"}, "97"),
    (lambda answer: gateway_answer(answer, vnp_Amount="100"), "04"),
    (lambda answer: gateway_answer(answer, vnp_TxnRef="NOSUCHORDER"), "01"),
    (lambda answer: gateway_answer(answer, vnp_TmnCode="OTHERMERCHANT"), "01"),
])
def test_a_forged_wrong_or_unknown_ipn_changes_nothing(client, waiting, tamper, expected):
    answer = gateway_answer(pay(client, waiting))
    assert ipn(client, tamper(answer))["RspCode"] == expected
    assert the_payment().state is PaymentState.PENDING and only_dossier().state is DossierState.AWAITING_PAYMENT


def test_after_a_failure_the_citizen_pays_again_with_a_new_attempt(client, waiting):
    first = pay(client, waiting)
    assert ipn(client, gateway_answer(first, code="51"))["RspCode"] == "00"
    assert the_payment().state is PaymentState.FAILED
    status = check_page(client.get(f"/payments/{first['vnp_TxnRef']}"))
    assert status.find("button", string="Thanh toán lại")
    second = pay(client, waiting)
    assert second["vnp_TxnRef"] != first["vnp_TxnRef"]
    ipn(client, gateway_answer(second))
    assert only_dossier().state is DossierState.SUBMITTED


def test_a_cancel_is_a_cancel(client, waiting):
    ipn(client, gateway_answer(pay(client, waiting), code="24"))
    assert the_payment().state is PaymentState.CANCELLED


def test_the_return_only_shows_and_a_forged_one_is_refused(client, waiting):
    answer = gateway_answer(pay(client, waiting))
    back = client.get("/payments/vnpay/return", query_string=answer)
    assert back.status_code == 303 and back.headers["Location"] == f"/payments/{answer['vnp_TxnRef']}"
    assert the_payment().state is PaymentState.PENDING  # the return settles nothing
    page = check_page(client.get(back.headers["Location"]))
    assert page.find(id="payment-status")["hx-trigger"] == "every 2s"
    assert page.find("a", string="Cập nhật trạng thái")
    check_page(client.get("/payments/vnpay/return", query_string={**answer, "vnp_ResponseCode": "00x"}), 400)
    ipn(client, answer)
    page = check_page(client.get(back.headers["Location"]))
    assert "Đã thanh toán" in text_of(page.find(id="payment-status"))
    assert page.find(id="payment-status").get("hx-trigger") is None


def test_an_ipn_after_the_attempt_expired_still_credits_the_dossier(client, waiting):
    answer = gateway_answer(pay(client, waiting))
    payment = the_payment()
    payment.state = PaymentState.EXPIRED
    db.session.commit()
    assert ipn(client, answer)["RspCode"] == "00"
    assert the_payment().state is PaymentState.PAID and only_dossier().state is DossierState.SUBMITTED


def test_a_second_success_for_a_paid_dossier_is_paid_back(client, waiting, gateway_url):
    first = urlencode(pay(client, waiting))
    given_up = the_payment()
    given_up.state = PaymentState.EXPIRED  # the citizen gave up on it and tried again
    db.session.commit()
    second = urlencode(pay(client, waiting))
    for request in (second, first):  # both go through at the gateway, the old one last
        decided = httpx.post(f"{gateway_url}/paymentv2/decide", data={"request": request, "outcome": "no_ipn"})
        assert decided.status_code == 302
        assert ipn(client, dict(parse_qsl(urlsplit(decided.headers["location"]).query)))["RspCode"] == "00"
    payments = db.session.scalars(select(Payment).order_by(Payment.id)).all()
    assert [payment.state for payment in payments] == [PaymentState.PAID, PaymentState.PAID]
    assert [payment.refund_due for payment in payments] == [True, False]
    assert reconcile()["refunded"] == 1
    assert db.session.scalars(select(Payment).order_by(Payment.id)).first().state is PaymentState.REFUNDED
    assert only_dossier().state is DossierState.SUBMITTED


def test_reconciliation_credits_a_payment_whose_ipn_was_lost(client, waiting, gateway_url):
    response = client.post(f"/payments/dossiers/{waiting.code}/pay", data={"csrf_token": csrf_token(client)})
    query = urlsplit(response.headers["Location"]).query
    httpx.post(f"{gateway_url}/paymentv2/decide", data={"request": query, "outcome": "no_ipn"})
    payment = the_payment()
    assert reconcile(now=payment.created_at + timedelta(minutes=1)) == {"settled": 0, "expired": 0, "refunded": 0}
    assert reconcile(now=payment.created_at + timedelta(minutes=6)) == {"settled": 1, "expired": 0, "refunded": 0}
    assert the_payment().state is PaymentState.PAID and only_dossier().state is DossierState.SUBMITTED


def test_reconciliation_expires_an_attempt_the_gateway_never_saw(client, waiting):
    pay(client, waiting)
    payment = the_payment()
    assert reconcile(now=payment.created_at + timedelta(minutes=16))["expired"] == 1
    assert the_payment().state is PaymentState.EXPIRED
    assert pay(client, waiting)["vnp_TxnRef"] != payment.txn_ref


def test_the_electronic_receipt(client, waiting):
    request = pay(client, waiting)
    assert client.get(f"/payments/{request['vnp_TxnRef']}/receipt.pdf").status_code == 303  # not paid yet
    ipn(client, gateway_answer(request))
    response = client.get(f"/payments/{request['vnp_TxnRef']}/receipt.pdf")
    assert response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "BIÊN LAI" in text and waiting.code in text and "25.000 đ" in text and "14100001" in text
    assert "Nguyễn Thị Lan" in text


def test_someone_elses_payment_is_not_found(client, waiting, app):
    request = pay(client, waiting)
    other = app.test_client()
    sign_in(other, sub=CITIZEN_LEVEL_1)
    assert other.get(f"/payments/{request['vnp_TxnRef']}").status_code == 404
    assert other.post(f"/payments/dossiers/{waiting.code}/pay", data={"csrf_token": csrf_token(other)}).status_code == 404
    assert db.session.scalar(select(Dossier)).state is DossierState.AWAITING_PAYMENT


def test_an_officer_of_the_agency_refunds_and_the_citizen_sees_it(client, waiting, app, gateway_url):
    response = client.post(f"/payments/dossiers/{waiting.code}/pay", data={"csrf_token": csrf_token(client)})
    httpx.post(f"{gateway_url}/paymentv2/decide", data={"request": urlsplit(response.headers["Location"]).query,
                                                       "outcome": "no_ipn"})
    payment = the_payment()
    reconcile(now=payment.created_at + timedelta(minutes=6))  # the gateway says it was paid
    assert the_payment().state is PaymentState.PAID
    agency = only_dossier().agency.code
    officer = app.test_client()
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-officer-ha", "officer", agency])
    sign_in(officer, sub="demo-officer-ha")
    page = check_page(officer.get(f"/backoffice/dossiers/{waiting.code}"))
    assert page.find("button", string="Hoàn tiền")
    refused = officer.post(f"/backoffice/dossiers/{waiting.code}/payments/{payment.txn_ref}/refund",
                           data={"csrf_token": csrf_token(officer), "reason": " "})
    assert refused.status_code == 303 and the_payment().state is PaymentState.PAID
    done = officer.post(f"/backoffice/dossiers/{waiting.code}/payments/{payment.txn_ref}/refund",
                        data={"csrf_token": csrf_token(officer), "reason": "Hồ sơ không được tiếp nhận"})
    assert done.status_code == 303 and the_payment().state is PaymentState.REFUNDED
    mine = check_page(client.get(f"/dossiers/{waiting.code}"))
    assert "Đã hoàn tiền" in text_of(mine.find("main")) and "Hồ sơ không được tiếp nhận" in text_of(mine.find("main"))


def test_officers_see_only_their_agencys_dossiers_and_citizens_none(client, waiting, app):
    other_agency = app.test_client()
    make_procedures(procedure_record(agency="OTHER-AGENCY"), agencies=[agency_record("OTHER-AGENCY")])
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-officer-ha", "officer", "OTHER-AGENCY"])
    sign_in(other_agency, sub="demo-officer-ha")
    check_page(other_agency.get(f"/backoffice/dossiers/{waiting.code}"), 404)
    check_page(client.get(f"/backoffice/dossiers/{waiting.code}"), 403)
