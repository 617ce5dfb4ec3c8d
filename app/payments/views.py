"""Paying at the gateway: the pay button, the gateway's IPN, the browser's return, the status page
(refreshing itself until final) and the electronic receipt."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from app.core.htmx import render_page_or_fragment
from app.core.responses import pdf_attachment, public_url
from app.dossiers import services as dossiers
from app.extensions import csrf
from app.i18n import current_language
from app.identity.sessions import current_person, login_required
from app.payments import services
from app.payments.models import PaymentState
from app.payments.receipt import payment_receipt_pdf

blueprint = Blueprint("payments", __name__, url_prefix="/payments")


@blueprint.post("/dossiers/<key>/pay")
@login_required
def pay(key: str):
    dossier = dossiers.dossier_for(current_person(), key)
    payment = services.start_payment(dossier, request.remote_addr or "127.0.0.1")
    return_url = public_url("payments.gateway_return")
    return redirect(services.payment_url(payment, return_url, current_language()), 303)


@blueprint.get("/vnpay/ipn")
@csrf.exempt
def ipn():
    """The gateway's server-to-server notification (GET, as the protocol sends it)."""
    code, message = services.handle_ipn(request.args.to_dict())
    return jsonify(RspCode=code, Message=message)


@blueprint.get("/vnpay/return")
def gateway_return():
    """Where the gateway sends the browser back: checked, and shown; never settles anything."""
    payment = services.verified_return(request.args.to_dict())
    if payment is None:
        return render_template("payments/unverified.html"), 400
    return redirect(url_for("payments.status", txn_ref=payment.txn_ref), 303)


@blueprint.get("/<txn_ref>")
@login_required
def status(txn_ref: str):
    payment = services.payment_for(current_person(), txn_ref)
    response = render_page_or_fragment("payments/status.html", "payments/_status.html", "payment-status",
                                       payment=payment, dossier=payment.dossier, PaymentState=PaymentState)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/<txn_ref>/receipt.pdf")
@login_required
def receipt(txn_ref: str):
    payment = services.payment_for(current_person(), txn_ref)
    if payment.state not in (PaymentState.PAID, PaymentState.REFUNDED):
        return redirect(url_for("payments.status", txn_ref=txn_ref), 303)
    return pdf_attachment(payment_receipt_pdf(payment), f"bien-lai-{payment.txn_ref}.pdf")

