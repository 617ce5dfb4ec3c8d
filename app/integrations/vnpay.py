"""VNPay's public payment protocol, version 2.1.0, from the merchant's side.

- Payment: the browser goes to the gateway's `vpcpay.html` with `vnp_*` parameters signed by
  `vnp_SecureHash` = HMAC-SHA512(secret, the parameters sorted by name, each value URL-encoded
  (`quote_plus`), joined as a query string).
- The gateway's answers (the IPN, server to server, which is the truth, and the browser's return) carry
  the same kind of signature over the `vnp_*` parameters it sends.
- Transaction query (`querydr`) and refund (`refund`): JSON posted to the merchant API, signed over
  the fields joined with `|` in the order the protocol fixes.

Nothing here touches the database; `app/payments/services.py` decides what an answer means for a dossier.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

import httpx2 as httpx

from app.core.text import ascii_text

VERSION = "2.1.0"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PAY_PATH = "/paymentv2/vpcpay.html"
API_PATH = "/merchant_webapi/api/transaction"
TIMEOUT = httpx.Timeout(10.0)
SUCCESS = "00"
CANCELLED = "24"

# The IPN's answers (RspCode) and what each means.
IPN_CONFIRMED = ("00", "Confirm Success")
IPN_ORDER_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "Invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_UNKNOWN_ERROR = ("99", "Unknown error")

QUERY_FIELDS = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
                "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo")
QUERY_ANSWER_FIELDS = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                       "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                       "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode",
                       "vnp_PromotionAmount")
REFUND_FIELDS = ("vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef",
                 "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate",
                 "vnp_IpAddr", "vnp_OrderInfo")
REFUND_ANSWER_FIELDS = ("vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                        "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                        "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo")


class GatewayError(Exception):
    """The gateway could not be reached, or answered with something unsigned or malformed."""


def timestamp(moment: datetime) -> str:
    """yyyyMMddHHmmss in GMT+7, as every VNPay date is written."""
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def parse_timestamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM)
    except (TypeError, ValueError):
        return None


def hash_data(params: dict[str, str]) -> str:
    """The signed text: `vnp_*` parameters but the hash itself, sorted by name, values URL-encoded."""
    signed = sorted((key, str(value)) for key, value in params.items()
                    if key.startswith("vnp_") and key not in ("vnp_SecureHash", "vnp_SecureHashType") and value != "")
    return "&".join(f"{key}={quote_plus(value)}" for key, value in signed)


def sign(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def verify(params: dict[str, str], secret: str) -> bool:
    """Whether the gateway's parameters carry a correct signature (compared in constant time)."""
    given = str(params.get("vnp_SecureHash", "")).lower()
    return hmac.compare_digest(sign(hash_data(params), secret).encode(), given.encode())


@dataclass(frozen=True)
class Merchant:
    gateway_url: str
    tmn_code: str
    hash_secret: str

    def payment_url(self, *, txn_ref: str, amount: int, order_info: str, return_url: str, ip: str, locale: str,
                    created: datetime, expires: datetime, order_type: str = "other") -> str:
        params = {
            "vnp_Version": VERSION, "vnp_Command": "pay", "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(amount * 100), "vnp_CurrCode": "VND", "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": ascii_text(order_info), "vnp_OrderType": order_type,
            "vnp_Locale": "en" if locale == "en" else "vn", "vnp_ReturnUrl": return_url, "vnp_IpAddr": ip,
            "vnp_CreateDate": timestamp(created), "vnp_ExpireDate": timestamp(expires),
        }
        text = hash_data(params)
        return f"{self.gateway_url.rstrip('/')}{PAY_PATH}?{text}&{urlencode({'vnp_SecureHash': sign(text, self.hash_secret)})}"

    def query(self, *, txn_ref: str, order_info: str, transaction_date: datetime, ip: str, now: datetime) -> dict:
        """Ask the gateway how a payment ended (`querydr`); the answer's signature is checked."""
        request = {
            "vnp_RequestId": secrets.token_hex(16), "vnp_Version": VERSION, "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code, "vnp_TxnRef": txn_ref, "vnp_OrderInfo": ascii_text(order_info),
            "vnp_TransactionDate": timestamp(transaction_date), "vnp_CreateDate": timestamp(now), "vnp_IpAddr": ip,
        }
        return self._call(request, QUERY_FIELDS, QUERY_ANSWER_FIELDS)

    def refund(self, *, txn_ref: str, amount: int, transaction_no: str, transaction_date: datetime, order_info: str,
               created_by: str, ip: str, now: datetime) -> dict:
        """Ask the gateway to pay the whole amount back (`refund`, type 02)."""
        request = {
            "vnp_RequestId": secrets.token_hex(16), "vnp_Version": VERSION, "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code, "vnp_TransactionType": "02", "vnp_TxnRef": txn_ref,
            "vnp_Amount": str(amount * 100), "vnp_TransactionNo": transaction_no,
            "vnp_TransactionDate": timestamp(transaction_date), "vnp_CreateBy": ascii_text(created_by, 250),
            "vnp_CreateDate": timestamp(now), "vnp_IpAddr": ip, "vnp_OrderInfo": ascii_text(order_info),
        }
        return self._call(request, REFUND_FIELDS, REFUND_ANSWER_FIELDS)

    def _call(self, request: dict, fields: tuple[str, ...], answer_fields: tuple[str, ...]) -> dict:
        request["vnp_SecureHash"] = sign("|".join(request.get(field, "") for field in fields), self.hash_secret)
        try:
            response = httpx.post(f"{self.gateway_url.rstrip('/')}{API_PATH}", json=request, timeout=TIMEOUT)
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise GatewayError(f"{request['vnp_Command']}: {error}") from error
        expected = sign("|".join(str(answer.get(field, "")) for field in answer_fields), self.hash_secret)
        if not hmac.compare_digest(expected.encode(), str(answer.get("vnp_SecureHash", "")).lower().encode()):
            raise GatewayError(f"{request['vnp_Command']}: the answer's signature is wrong")
        return answer
