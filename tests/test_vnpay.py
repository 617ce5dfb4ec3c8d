"""VNPay 2.1.0 signing and verifying, checked against vectors computed here independently of the adapter."""

import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote_plus, urlsplit

import pytest

from app.core.text import ascii_text
from app.integrations import vnpay

SECRET = "SECRETKEYFORTEST0123456789ABCDEF"


def independent_signature(params: dict) -> str:
    # Written out by hand from the protocol: sort, quote_plus each value, join, HMAC-SHA512, hex.
    pieces = []
    for key in sorted(params):
        if key.startswith("vnp_") and key not in ("vnp_SecureHash", "vnp_SecureHashType"):
            pieces.append(key + "=" + quote_plus(str(params[key])))
    return hmac.new(SECRET.encode("utf-8"), "&".join(pieces).encode("utf-8"), hashlib.sha512).hexdigest()


def test_a_known_vector():
    params = {"vnp_Amount": "1000000", "vnp_TxnRef": "ABC123", "vnp_OrderInfo": "Thanh toan phi ho so",
              "vnp_TmnCode": "TTHCDEV1", "vnp_ReturnUrl": "http://127.0.0.1:5000/payments/vnpay/return"}
    text = vnpay.hash_data(params)
    assert text == ("vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan+phi+ho+so"
                    "&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A5000%2Fpayments%2Fvnpay%2Freturn"
                    "&vnp_TmnCode=TTHCDEV1&vnp_TxnRef=ABC123")
    assert vnpay.sign(text, SECRET) == independent_signature(params)
    assert len(vnpay.sign(text, SECRET)) == 128


def test_the_payment_url_carries_every_field_and_a_correct_signature():
    merchant = vnpay.Merchant("http://gateway.test", "TTHCDEV1", SECRET)
    created = datetime(2026, 11, 23, 2, 5, 9, tzinfo=timezone.utc)
    url = merchant.payment_url(txn_ref="P000123", amount=25000, order_info="Lệ phí hồ sơ Đăng ký khai sinh",
                               return_url="http://portal.test/payments/vnpay/return", ip="127.0.0.1", locale="vi",
                               created=created, expires=created.replace(minute=20))
    parts = urlsplit(url)
    assert parts.path == "/paymentv2/vpcpay.html"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_Amount"] == "2500000" and params["vnp_CurrCode"] == "VND" and params["vnp_Locale"] == "vn"
    assert params["vnp_OrderInfo"] == "Le phi ho so Dang ky khai sinh"
    assert params["vnp_CreateDate"] == "20261123090509" and params["vnp_ExpireDate"] == "20261123092009"
    assert params["vnp_SecureHash"] == independent_signature(params)
    assert vnpay.verify(params, SECRET)


@pytest.mark.parametrize("change", [
    {"vnp_Amount": "2500001"}, {"vnp_ResponseCode": "24"}, {"vnp_SecureHash": "00" * 64}, {"vnp_SecureHash": ""},
])
def test_any_change_breaks_the_signature(change):
    params = {"vnp_Amount": "2500000", "vnp_ResponseCode": "00", "vnp_TxnRef": "P1"}
    params["vnp_SecureHash"] = independent_signature(params)
    assert vnpay.verify(params, SECRET)
    assert not vnpay.verify({**params, **change}, SECRET)


def test_the_hash_may_come_in_capitals():
    params = {"vnp_Amount": "100", "vnp_TxnRef": "P2"}
    params["vnp_SecureHash"] = independent_signature(params).upper()
    assert vnpay.verify(params, SECRET)


def test_order_info_has_no_diacritics_or_odd_characters():
    assert ascii_text("Phí: Đăng ký <xe> & “hộ chiếu”") == "Phi: Dang ky xe ho chieu"
