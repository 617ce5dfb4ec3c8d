"""The development payment gateway: VNPay's protocol (2.1.0) from the gateway's side, its own process.

    python -m app.devtools.payment_gateway [--port 9500] [--ipn-url http://127.0.0.1:5000/payments/vnpay/ipn]

It checks the merchant's signed payment request and shows a hosted payment page where the tester picks
what happens: success, failure, cancel, or "paid, but the IPN comes late / twice". It then calls the
portal's IPN (server to server) and sends the browser back to `vnp_ReturnUrl`, both signed. It also
answers transaction queries (`querydr`) and refunds. The merchant code and secret are the portal's
development defaults unless `PAYMENT_MERCHANT_CODE` / `PAYMENT_HASH_SECRET` say otherwise.
"""

from __future__ import annotations

import argparse
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode

import httpx2 as httpx
from flask import Flask, abort, jsonify, redirect, render_template_string, request

from app.config import DEFAULTS
from app.integrations import vnpay

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – Cổng thanh toán (môi trường thử)</title>
<style>
body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}main{max-width:32rem;margin:0 auto;padding:1rem}
.banner{background:#fff3c4;border-bottom:2px solid #8a6d00;padding:.5rem 1rem;margin:0}.banner p{margin:0}
button{font:inherit;min-height:44px;width:100%;margin:.25rem 0;padding:.5rem 1rem;border:2px solid #003d7a;
background:#fff;color:#003d7a;border-radius:4px;cursor:pointer}button.primary{background:#0b6b2f;color:#fff;border-color:#0b6b2f}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:700}dd{margin:0;word-break:break-word}
</style></head><body>
<header class="banner"><p><strong>Cổng thanh toán – môi trường phát triển</strong> · development payment gateway, not VNPay</p></header>
<main><h1>{{ title }}</h1>
{% if error %}<p>{{ error }}</p>{% else %}
<dl><dt>Đơn vị / Merchant</dt><dd>{{ params.vnp_TmnCode }}</dd><dt>Nội dung / Order</dt><dd>{{ params.vnp_OrderInfo }}</dd>
<dt>Số tiền / Amount</dt><dd>{{ "{:,}".format(params.vnp_Amount | int // 100).replace(",", ".") }} đ</dd></dl>
<form method="post" action="/paymentv2/decide">
<input type="hidden" name="request" value="{{ query }}">
<button class="primary" type="submit" name="outcome" value="success">Thanh toán thành công / pay</button>
<button type="submit" name="outcome" value="failure">Thất bại / fail</button>
<button type="submit" name="outcome" value="cancel">Hủy giao dịch / cancel</button>
<button type="submit" name="outcome" value="late">Thành công, IPN đến muộn / paid, IPN late</button>
<button type="submit" name="outcome" value="twice">Thành công, IPN gửi hai lần / paid, IPN twice</button>
<button type="submit" name="outcome" value="no_ipn">Thành công, IPN bị mất / paid, IPN lost</button>
</form>{% endif %}
</main></body></html>"""


@dataclass
class Transaction:
    params: dict
    outcome: str
    transaction_no: str
    pay_date: str
    refunded: bool = False
    ipn_answers: list = field(default_factory=list)


class Gateway:
    def __init__(self, tmn_code: str, secret: str, ipn_url: str, late_seconds: float):
        self.tmn_code, self.secret, self.ipn_url, self.late_seconds = tmn_code, secret, ipn_url, late_seconds
        self.transactions: dict[str, Transaction] = {}
        self.lock = threading.Lock()

    def answer(self, transaction: Transaction) -> dict:
        """The signed parameters the gateway sends back, to the IPN and to the browser alike."""
        params = transaction.params
        succeeded = transaction.outcome in {"success", "late", "twice", "no_ipn"}
        code = "00" if succeeded else ("24" if transaction.outcome == "cancel" else "51")
        answer = {
            "vnp_Amount": params["vnp_Amount"], "vnp_BankCode": "NCB", "vnp_BankTranNo": f"VNP{transaction.transaction_no}",
            "vnp_CardType": "ATM", "vnp_OrderInfo": params["vnp_OrderInfo"], "vnp_PayDate": transaction.pay_date,
            "vnp_ResponseCode": code, "vnp_TmnCode": params["vnp_TmnCode"], "vnp_TransactionNo": transaction.transaction_no,
            "vnp_TransactionStatus": "00" if succeeded else "02", "vnp_TxnRef": params["vnp_TxnRef"],
        }
        answer["vnp_SecureHash"] = vnpay.sign(vnpay.hash_data(answer), self.secret)
        return answer

    def call_ipn(self, transaction: Transaction, delay: float = 0) -> None:
        if delay:
            time.sleep(delay)
        try:
            response = httpx.get(self.ipn_url, params=self.answer(transaction), timeout=10)
            transaction.ipn_answers.append(response.json())
        except (httpx.HTTPError, ValueError) as error:
            transaction.ipn_answers.append({"error": str(error)})


def create_gateway(tmn_code: str, secret: str, ipn_url: str, late_seconds: float = 8.0) -> Flask:
    app = Flask("payment_gateway")
    gateway = Gateway(tmn_code, secret, ipn_url, late_seconds)
    app.extensions["gateway"] = gateway

    @app.get("/paymentv2/vpcpay.html")
    def pay_page():
        params = request.args.to_dict()
        error = None
        if not vnpay.verify(params, gateway.secret):
            error = "Chữ ký không hợp lệ / invalid signature (vnp_SecureHash)"
        elif params.get("vnp_TmnCode") != gateway.tmn_code or params.get("vnp_Version") != vnpay.VERSION:
            error = "Sai mã đơn vị hoặc phiên bản / wrong merchant code or version"
        elif (vnpay.parse_timestamp(params.get("vnp_ExpireDate", "")) or datetime.min.replace(tzinfo=timezone.utc)) \
                < datetime.now(timezone.utc):
            error = "Giao dịch đã hết hạn / the payment request has expired"
        status = 400 if error else 200
        return render_template_string(PAGE, title="Thanh toán / Payment", params=params, error=error,
                                      query=request.query_string.decode()), status

    @app.post("/paymentv2/decide")
    def decide():
        params = dict(parse_qsl(request.form.get("request", "")))
        outcome = request.form.get("outcome", "")
        if not vnpay.verify(params, gateway.secret) or outcome not in {"success", "failure", "cancel", "late", "twice",
                                                                        "no_ipn"}:
            abort(400)
        with gateway.lock:
            transaction = gateway.transactions.get(params["vnp_TxnRef"])
            if transaction is None or transaction.outcome in {"failure", "cancel"}:
                transaction = Transaction(params=params, outcome=outcome,
                                          transaction_no=str(secrets.randbelow(10**8)).zfill(8),
                                          pay_date=vnpay.timestamp(datetime.now(timezone.utc)))
                gateway.transactions[params["vnp_TxnRef"]] = transaction
        if outcome == "late":
            threading.Thread(target=gateway.call_ipn, args=(transaction, gateway.late_seconds), daemon=True).start()
        elif outcome != "no_ipn":
            gateway.call_ipn(transaction)
            if outcome == "twice":
                gateway.call_ipn(transaction)
        return redirect(f"{params['vnp_ReturnUrl']}?{urlencode(gateway.answer(transaction))}", 302)

    @app.post(vnpay.API_PATH)
    def merchant_api():
        body = request.get_json(silent=True) or {}
        command = body.get("vnp_Command")
        fields = vnpay.QUERY_FIELDS if command == "querydr" else vnpay.REFUND_FIELDS
        expected = vnpay.sign("|".join(str(body.get(name, "")) for name in fields), gateway.secret)
        answer = {"vnp_ResponseId": secrets.token_hex(16), "vnp_Command": command, "vnp_TmnCode": gateway.tmn_code,
                  "vnp_TxnRef": body.get("vnp_TxnRef", ""), "vnp_Amount": "", "vnp_BankCode": "", "vnp_PayDate": "",
                  "vnp_TransactionNo": "", "vnp_TransactionType": "01", "vnp_TransactionStatus": "",
                  "vnp_OrderInfo": body.get("vnp_OrderInfo", ""), "vnp_PromotionCode": "", "vnp_PromotionAmount": ""}
        transaction = gateway.transactions.get(body.get("vnp_TxnRef", ""))
        if command not in {"querydr", "refund"} or not secrets.compare_digest(expected, str(body.get("vnp_SecureHash", ""))):
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif transaction is None:
            answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
        else:
            paid = gateway.answer(transaction)
            answer.update(vnp_ResponseCode="00", vnp_Message="Success", vnp_Amount=paid["vnp_Amount"],
                          vnp_BankCode="NCB", vnp_PayDate=transaction.pay_date,
                          vnp_TransactionNo=transaction.transaction_no,
                          vnp_TransactionStatus=paid["vnp_TransactionStatus"])
            if command == "refund":
                if paid["vnp_TransactionStatus"] != "00" or transaction.refunded:
                    answer.update(vnp_ResponseCode="94", vnp_Message="Refund not allowed")
                else:
                    transaction.refunded = True
                    answer.update(vnp_TransactionType="02", vnp_TransactionStatus="05")
            elif transaction.refunded:
                answer.update(vnp_TransactionStatus="05")
        answer_fields = vnpay.QUERY_ANSWER_FIELDS if command == "querydr" else vnpay.REFUND_ANSWER_FIELDS
        answer["vnp_SecureHash"] = vnpay.sign("|".join(str(answer.get(name, "")) for name in answer_fields),
                                              gateway.secret)
        return jsonify(answer)

    @app.get("/")
    def index():
        return "Development payment gateway (VNPay 2.1.0 protocol)."

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9500)
    parser.add_argument("--ipn-url", default="http://127.0.0.1:5000/payments/vnpay/ipn")
    parser.add_argument("--late-seconds", type=float, default=8.0)
    args = parser.parse_args()
    from werkzeug.serving import run_simple

    app = create_gateway(os.environ.get("PAYMENT_MERCHANT_CODE") or DEFAULTS["PAYMENT_MERCHANT_CODE"],
                         os.environ.get("PAYMENT_HASH_SECRET") or DEFAULTS["PAYMENT_HASH_SECRET"],
                         args.ipn_url, args.late_seconds)
    run_simple(args.host, args.port, app, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
