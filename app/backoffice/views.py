"""The one-stop desk: the agency's queue, and each action on a dossier from receipt to the result
handed over. Staff only; citizens get 403, and officers see only their own agency's dossiers (404
otherwise). A specialist acts only on the dossiers assigned to them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.audit.services import record_now
from app.backoffice import services as desk
from app.backoffice.forms import (AssignDossierForm, IssueResultForm, ReceiveDossierForm, RefuseDossierForm,
                                  RefuseToReceiveForm, RequestSupplementForm, ReturnResultForm, TransferDossierForm)
from app.core.errors import NotFound
from app.core.responses import file_download, public_url
from app.documents import services as documents
from app.dossiers import deadlines, eform, lifecycle
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.feedback import services as feedback
from app.feedback.forms import AnswerPetitionForm
from app.feedback.models import Criterion, Satisfaction
from app.identity.enums import StaffRole
from app.identity.sessions import current_person, staff_required
from app.payments import services as payments
from app.payments.models import PaymentState

DESK = (StaffRole.OFFICER, StaffRole.SPECIALIST)

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
                           is_overdue=deadlines.is_overdue,
                           page_args={key: value for key, value in args.items() if key != "page"})


@blueprint.get("/ratings")
@staff_required(*DESK)
def ratings():
    """How citizens rated the agency's service: figures and comments, never who rated or for which dossier."""
    agencies = desk.desk_agencies(current_person())
    return render_template("backoffice/ratings.html", summary=feedback.summary(agencies),
                           ratings=feedback.recent(agencies), Satisfaction=Satisfaction, Criterion=Criterion)


@blueprint.get("/feedback")
@staff_required(*DESK)
def petitions():
    """Feedback and petitions for the agency, the oldest due first."""
    return render_template("backoffice/petitions.html", petitions=feedback.petitions_for_desk(current_person()))


@blueprint.route("/feedback/<code>", methods=["GET", "POST"])
@staff_required(*DESK)
def petition(code: str):
    """Read one petition, take it up, answer it (and publish it if the sender agreed)."""
    person = current_person()
    found = feedback.desk_petition(person, code)
    if request.method == "GET" and found.status.value == "received":
        feedback.take_up(found, person)
    form = AnswerPetitionForm()
    if found.status.value != "answered" and form.validate_on_submit():
        try:
            feedback.answer_petition(found, person, form.answer.data, form.publish.data)
        except feedback.PetitionRefused as refused:
            form.answer.errors = [*form.answer.errors, refused.message]
        else:
            flash(_l("Đã gửi trả lời."), "success")
            return redirect(url_for("backoffice.petition", code=found.code), 303)
    status = 400 if form.errors else 200
    return render_template("backoffice/petition.html", petition=found, form=form), status


@blueprint.get("/feedback/<code>/attachment")
@staff_required(*DESK)
def petition_attachment(code: str):
    found = feedback.desk_petition(current_person(), code)
    if found.attachment is None:
        raise NotFound("Phản ánh này không có tệp kèm theo. / No attachment.")
    stored, content = feedback.attachment_of(found)
    return file_download(stored, content)


def _agency_dossier(code: str) -> Dossier:
    """A dossier of the officer's agencies; another agency's is "not found", and the attempt is logged."""
    dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
    person = current_person()
    if dossier is None or dossier.agency_id not in desk.desk_agencies(person):
        if dossier is not None:
            record_now("access_denied", person_id=person.id, subject=code, path=request.path)
        raise NotFound("Không tìm thấy hồ sơ của cơ quan bạn. / No such dossier at your agency.")
    return dossier


@blueprint.get("/dossiers/<code>")
@staff_required(*DESK)
def dossier(code: str):
    found = _agency_dossier(code)
    return _render_dossier(found)


def _render_dossier(found: Dossier, status: int = 200, **posted):
    """The dossier's page with its action forms; `posted` is the form that came back with errors."""
    person = current_person()
    role = desk.desk_role(person, found)
    forms = dict(receive_form=ReceiveDossierForm(formdata=None), not_received_form=RefuseToReceiveForm(formdata=None),
                 assign_form=AssignDossierForm(formdata=None, assignee=str(found.assignee_id or "")),
                 return_form=ReturnResultForm(formdata=None))
    forms.update(posted)
    forms["assign_form"].assignee.choices = _assignees(found)
    return render_template(
        "backoffice/dossier.html", dossier=found, payments=payments.payments_of(found), PaymentState=PaymentState,
        role=role, given=documents.documents_of(found), overdue=deadlines.is_overdue(found),
        days_left=deadlines.days_left(found), has_errors=any(form.errors for form in forms.values()),
        requestable=desk.requestable_documents(found),
        may=lambda to, step=None: role is not None and (
            lifecycle.can_step(found, step, role) if step else lifecycle.can(found, to, role)),
        S=DossierState, lifecycle=lifecycle, **forms,
    ), status


def _assignees(found: Dossier) -> list[tuple[str, str]]:
    return [SelectChoice("", _l("Chọn người xử lý"))] + [SelectChoice(str(person.id), person.full_name)
                                                         for person in desk.processors(found)]


@blueprint.get("/dossiers/<code>/files/<int(max=2147483647):file_id>")
@staff_required(*DESK)
def file(code: str, file_id: int):
    """A file of one of the agency's dossiers: a document handed in (or replaced by a supplement), the
    result, an apology letter."""
    stored, content = desk.dossier_file(_agency_dossier(code), file_id)
    return file_download(stored, content)


@blueprint.post("/dossiers/<code>/receive")
@staff_required(StaffRole.OFFICER)
def receive(code: str):
    found = _agency_dossier(code)
    form = ReceiveDossierForm()
    if not form.validate_on_submit():
        return _render_dossier(found, 400, receive_form=form)
    desk.receive(found, current_person(), form.note.data or "")
    flash(_l("Đã tiếp nhận hồ sơ."), "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)


@blueprint.post("/dossiers/<code>/assign")
@staff_required(StaffRole.OFFICER)
def assign(code: str):
    found = _agency_dossier(code)
    form = AssignDossierForm()
    form.assignee.choices = _assignees(found)
    if not form.validate_on_submit():
        return _render_dossier(found, 400, assign_form=form)
    desk.assign(found, current_person(), int(form.assignee.data), form.note.data or "")
    flash(_l("Đã giao hồ sơ cho %(name)s.", name=found.assignee.full_name), "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)


@blueprint.route("/dossiers/<code>/supplement", methods=["GET", "POST"])
@staff_required(*DESK)
def request_supplement(code: str):
    """Ask the citizen, once and in writing, for documents of the procedure's published list."""
    found = _agency_dossier(code)
    form = RequestSupplementForm()
    form.documents.choices = [SelectChoice(document.code, document.name)
                              for document in desk.requestable_documents(found)]
    return _action(found, form, _l("Yêu cầu bổ sung hồ sơ"), _l("Gửi yêu cầu bổ sung"), _l("Đã gửi yêu cầu bổ sung."),
                   lambda: desk.request_supplement(found, current_person(), form.documents.data, form.reason.data),
                   available=found.supplement is None and (lifecycle.can(found, DossierState.SUPPLEMENT_REQUESTED,
                                                                         _role_or_none(found))))


@blueprint.route("/dossiers/<code>/transfer", methods=["GET", "POST"])
@staff_required(StaffRole.OFFICER)
def transfer(code: str):
    """Send the dossier on to another agency (liên thông)."""
    found = _agency_dossier(code)
    form = TransferDossierForm()
    form.agency.choices = [SelectChoice("", _l("Chọn cơ quan"))] + [SelectChoice(str(agency.id), agency.display_name)
                                                                    for agency in desk.transfer_targets(found)]
    return _action(found, form, _l("Chuyển hồ sơ liên thông"), _l("Chuyển hồ sơ"), _l("Đã chuyển hồ sơ."),
                   lambda: desk.transfer(found, current_person(), int(form.agency.data), form.note.data),
                   available=lifecycle.can_step(found, lifecycle.TRANSFERRED, _role_or_none(found) or ""),
                   back_to_queue=True)


@blueprint.route("/dossiers/<code>/result", methods=["GET", "POST"])
@staff_required(*DESK)
def issue_result(code: str):
    """Approve and issue the result: the signed PDF, or an e-result with a verification QR code."""
    found = _agency_dossier(code)
    form = IssueResultForm()

    def issue():
        upload = (form.file.data.filename, form.file.data.read()) if form.how.data == "upload" else None
        desk.issue_result(found, current_person(), upload=upload, note=form.note.data or "",
                          verify_url=lambda token: public_url("dossiers.verify", token=token),
                          limits=documents.configured_limits())

    return _action(found, form, _l("Trả kết quả giải quyết"), _l("Phê duyệt và trả kết quả"),
                   _l("Đã trả kết quả cho người nộp."), issue,
                   available=lifecycle.can(found, DossierState.RESULT_READY, _role_or_none(found)))


@blueprint.route("/dossiers/<code>/refuse", methods=["GET", "POST"])
@staff_required(*DESK)
def refuse(code: str):
    found = _agency_dossier(code)
    form = RefuseDossierForm()
    return _action(found, form, _l("Từ chối giải quyết hồ sơ"), _l("Từ chối giải quyết"), _l("Đã từ chối hồ sơ."),
                   lambda: desk.refuse(found, current_person(), form.reason.data),
                   available=lifecycle.can(found, DossierState.REFUSED, _role_or_none(found)))


@blueprint.post("/dossiers/<code>/returned")
@staff_required(StaffRole.OFFICER)
def returned(code: str):
    found = _agency_dossier(code)
    form = ReturnResultForm()
    if not form.validate_on_submit():
        return _render_dossier(found, 400, return_form=form)
    desk.mark_returned(found, current_person(), form.note.data or "")
    flash(_l("Đã ghi nhận: đã trả kết quả."), "success")
    return redirect(url_for("backoffice.dossier", code=code), 303)


def _role_or_none(found: Dossier) -> str:
    return desk.desk_role(current_person(), found) or ""


def _action(found: Dossier, form, title, button, done, act, available: bool, back_to_queue: bool = False):
    """One action page: the form, and on a valid post the service; refusals come back as form errors.
    Someone of the agency with no part in this dossier (a specialist it is not assigned to) gets 403."""
    person = current_person()
    if desk.desk_role(person, found) is None:
        record_now("access_denied", person_id=person.id, subject=found.code, path=request.path)
        abort(403)
    if not available:
        flash(_l("Việc này không làm được với hồ sơ ở trạng thái hiện tại."), "error")
        return redirect(url_for("backoffice.dossier", code=found.code), 303)
    if form.validate_on_submit():
        try:
            act()
        except (desk.ActionRefused, documents.UploadRefused) as refused:
            form.form_errors.append(refused.message)
        else:
            flash(done, "success")
            target = url_for("backoffice.queue") if back_to_queue else url_for("backoffice.dossier", code=found.code)
            return redirect(target, 303)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("backoffice/action.html", dossier=found, form=form, title=title, button=button), status


@blueprint.post("/dossiers/<code>/not-received")
@staff_required(StaffRole.OFFICER)
def not_received(code: str):
    found = _agency_dossier(code)
    form = RefuseToReceiveForm()
    if not form.validate_on_submit():
        return _render_dossier(found, 400, not_received_form=form)
    desk.refuse_to_receive(found, current_person(), form.reason.data)
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
