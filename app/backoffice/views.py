"""The back office's front door, and the one dossier action payments need now: a refund. The queue of
dossiers and the processing actions come with the processing issue. Staff only; citizens get 403,
and officers see only their own agency's dossiers (404 otherwise)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.backoffice import services as desk
from app.core.errors import NotFound
from app.dossiers import eform
from app.dossiers.enums import DossierState
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


@blueprint.get("/queue")
@staff_required(StaffRole.OFFICER, StaffRole.SPECIALIST)
def queue():
    """The agency's dossiers, filtered by state, procedure, due soon or overdue, and searched by code or name."""
    args = request.args
    state = args.get("state")
    filters = desk.QueueFilters(
        state=DossierState(state) if state in DossierState.__members__.values() else None,
        procedure=args.get("procedure") or None, due=args.get("due") if args.get("due") in ("soon", "overdue") else None,
        q=args.get("q", "")[:100],
    )
    page = eform.small_number(args.get("page")) or 1
    return render_template("backoffice/queue.html", result=desk.queue(current_person(), filters, page),
                           filters=filters, states=[state for state in DossierState if state not in desk.HIDDEN_FROM_DESK],
                           is_overdue=desk.is_overdue,
                           page_args={key: value for key, value in args.items() if key != "page"})


def _agency_dossier(code: str) -> Dossier:
    dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None or dossier.agency_id not in desk.desk_agencies(current_person()):
        raise NotFound("Không tìm thấy hồ sơ của cơ quan bạn. / No such dossier at your agency.")
    return dossier


@blueprint.get("/dossiers/<code>")
@staff_required(StaffRole.OFFICER, StaffRole.SPECIALIST)
def dossier(code: str):
    found = _agency_dossier(code)
    return render_template("backoffice/dossier.html", dossier=found, payments=payments.payments_of(found),
                           PaymentState=PaymentState)


@blueprint.post("/dossiers/<code>/receive")
@staff_required(StaffRole.OFFICER)
def receive(code: str):
    desk.receive(_agency_dossier(code), current_person(), request.form.get("note", "")[:1000])
    flash(_l("Đã tiếp nhận hồ sơ."), "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)


@blueprint.post("/dossiers/<code>/not-received")
@staff_required(StaffRole.OFFICER)
def not_received(code: str):
    found = _agency_dossier(code)
    reason = request.form.get("reason", "")[:1000]
    if not reason.strip():
        flash(_l("Hãy ghi lý do không tiếp nhận."), "error")
        return redirect(url_for("backoffice.dossier", code=code), 303)
    desk.refuse_to_receive(found, current_person(), reason)
    flash(_l("Đã ghi nhận: hồ sơ không được tiếp nhận."), "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)


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
