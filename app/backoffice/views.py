"""The back office's front door, and the one dossier action payments need now: a refund. The queue of
dossiers and the processing actions come with the processing issue. Staff only; citizens get 403,
and officers see only their own agency's dossiers (404 otherwise)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.errors import NotFound
from app.dossiers.models import Dossier
from app.extensions import db
from app.identity.enums import StaffRole
from app.identity.sessions import current_person, staff_required
from app.payments import services as payments
from app.payments.models import PaymentState

blueprint = Blueprint("backoffice", __name__, url_prefix="/backoffice")


@blueprint.get("/")
@staff_required()
def home():
    return render_template("backoffice/home.html", person=current_person())


def _agency_dossier(code: str) -> Dossier:
    person = current_person()
    agencies = {grant.agency_id for grant in person.grants if grant.role in (StaffRole.OFFICER, StaffRole.SPECIALIST)}
    dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None or dossier.agency_id not in agencies:
        raise NotFound("Không tìm thấy hồ sơ của cơ quan bạn. / No such dossier at your agency.")
    return dossier


@blueprint.get("/dossiers/<code>")
@staff_required(StaffRole.OFFICER, StaffRole.SPECIALIST)
def dossier(code: str):
    found = _agency_dossier(code)
    return render_template("backoffice/dossier.html", dossier=found, payments=payments.payments_of(found),
                           PaymentState=PaymentState)


@blueprint.post("/dossiers/<code>/payments/<txn_ref>/refund")
@staff_required(StaffRole.OFFICER)
def refund(code: str, txn_ref: str):
    """Pay a fee back through the gateway (for example, a dossier not received)."""
    found = _agency_dossier(code)
    payment = next((row for row in payments.payments_of(found) if row.txn_ref == txn_ref), None)
    if payment is None:
        raise NotFound("Không tìm thấy giao dịch. / No such payment.")
    reason = request.form.get("reason", "").strip()[:500]
    if not reason:
        flash(_l("Hãy ghi lý do hoàn tiền."), "error")
        return redirect(url_for("backoffice.dossier", code=code), 303)
    try:
        payments.refund(payment, current_person().full_name, reason)
    except payments.vnpay.GatewayError:
        flash(_l("Không kết nối được cổng thanh toán; chưa hoàn tiền. Hãy thử lại sau."), "error")
    else:
        flash(_l("Đã hoàn %(amount)s cho người nộp.", amount=f"{payment.amount:,}".replace(",", ".") + " đ"),
              "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)
