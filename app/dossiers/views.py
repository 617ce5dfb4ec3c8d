"""A citizen's dossiers: start one, fill it in page by page, check the answers, submit, withdraw."""

from __future__ import annotations

import hashlib

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app import geography
from app.catalogue import pricing
from app.catalogue import services as catalogue
from app.core import calendar
from app.core.database import utcnow
from app.core.responses import pdf_attachment, public_url
from app.core.text import masked_name
from app.assist.context import applicant, assisted_session, within
from app.assist.models import Permission
from app.documents import services as documents
from app.documents.receipt import receipt_pdf
from app.dossiers import deadlines, eform, lifecycle, services
from app.dossiers.enums import RATEABLE, DossierState
from app.dossiers.forms import (AnswerSupplementForm, CheckResultFileForm, LookUpDossierForm, SubmitDossierForm,
                                WithdrawDossierForm)
from app.extensions import limiter
from app.feedback import services as ratings
from app.notifications import services as notifications
from app.payments import services as payments
from app.identity.sessions import current_person, login_required

blueprint = Blueprint("dossiers", __name__)


@blueprint.record_once
def eform_helpers(state):
    """Globals rather than context, so that the e-form macros imported by templates see them too."""
    state.app.jinja_env.globals.update(
        localized=eform.localized, dom_id=eform.dom_id, condition_hint=eform.condition_hint,
        decided_elsewhere=eform.decided_elsewhere, error_target=eform.error_target,
        display=eform.display_value, provinces=geography.provinces,
        communes_of=lambda code: geography.communes_by_province().get(code, ()),
        can_withdraw=lambda dossier: lifecycle.can(dossier, DossierState.WITHDRAWN, lifecycle.CITIZEN),
        masked_name=masked_name,
    )


@blueprint.get("/dossiers")
@login_required
def index():
    state = request.args.get("state")
    chosen = DossierState(state) if state in DossierState.__members__.values() else None
    person = applicant()
    notices = [] if assisted_session() else notifications.recent(person.id)
    return render_template("dossiers/index.html", dossiers=services.dossiers_of(person, chosen, within=within()),
                           chosen_state=chosen, states=list(DossierState), notices=notices,
                           days_left=deadlines.days_left, is_overdue=deadlines.is_overdue)


def _mine(key: str, need: Permission | None = None):
    """The dossier `key` of the person this request works for: the signed-in citizen's own, or in an
    assisted session only those of that session, and only for what the citizen allowed."""
    assisted = assisted_session()
    if assisted is not None and need is not None and not assisted.allows(need):
        abort(403)
    return services.dossier_for(applicant(), key, within())


@blueprint.route("/dossiers/new/<code>", methods=["GET", "POST"])
@login_required
def new(code: str):
    procedure = catalogue.get_procedure(code)
    if not procedure.is_fully_online:
        raise services.NotOnline("Thủ tục này chưa nộp trực tuyến được. / This procedure cannot be applied for "
                                 "online.")
    person = applicant()
    if assisted_session() is not None and not assisted_session().allows(Permission.SUBMIT):
        abort(403)
    if person.assurance_level < procedure.assurance_level:
        return render_template("dossiers/level_required.html", procedure=procedure, person=person)
    if request.method == "POST":
        dossier = services.start_dossier(person, procedure, assisted=assisted_session())
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    return render_template("dossiers/new.html", procedure=procedure, person=person,
                           pages=eform.all_pages(procedure.form_schema, procedure.level.value),
                           fees=pricing.fee_lines(procedure))


@blueprint.get("/dossiers/<key>")
@login_required
def show(key: str):
    dossier = _mine(key)
    if dossier.state is DossierState.DRAFT:
        return render_template("dossiers/tasks.html", dossier=dossier, tasks=services.tasks(dossier))
    return render_template("dossiers/show.html", **_status_context(dossier))


@blueprint.get("/dossiers/<key>/status")
def status(key: str):
    """The changing part of a dossier's page, which the open page asks for again (static/js/live-status.js):
    204 when nothing changed since the version it has. Passive (app/identity/sessions.py): asking does
    not keep a session alive, and once the session is over there is nothing to show."""
    if current_person() is None:
        return make_response("", 204)
    dossier = _mine(key)
    context = _status_context(dossier)
    if dossier.state is DossierState.DRAFT or request.args.get("since") == context["version"]:
        response = make_response("", 204)
    else:
        response = make_response(render_template("dossiers/_status.html", **context))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _status_context(dossier) -> dict:
    found_payments = payments.payments_of(dossier)
    today = calendar.local_date(utcnow())
    # What the citizen could see change, today: the version the page's polling compares.
    facts = (today, dossier.state, dossier.updated_at, len(dossier.events), dossier.appointment_date,
             [(payment.id, payment.state) for payment in found_payments], dossier.result is not None,
             len(dossier.apologies), dossier.supplement.answered_at if dossier.supplement else None,
             dossier.state in RATEABLE)
    return dict(dossier=dossier, days_left=deadlines.days_left(dossier, today),
                can_rate=ratings.can_rate(dossier), rating=ratings.rating_of(dossier),
                overdue=deadlines.is_overdue(dossier, today), payments=found_payments,
                given=documents.documents_of(dossier), version=hashlib.sha256(repr(facts).encode()).hexdigest()[:16],
                fee_lines=pricing.fee_lines(dossier.procedure,
                                            dossier.agency.province_code if dossier.agency else None))


@blueprint.route("/dossiers/<key>/pages/<page_id>", methods=["GET", "POST"])
@login_required
def page(key: str, page_id: str):
    dossier = _mine(key, Permission.SUBMIT)
    if dossier.state is not DossierState.DRAFT:
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    page_list = services.pages_of(dossier)
    spec = eform.page_by_id(page_list, page_id)
    if spec is None:
        abort(404)
    prefill = services.prefill_of(dossier)
    if request.method == "GET":
        posted = MultiDict(eform.as_form_data(spec["fields"], dossier.answers))
        values = eform.read_page(spec, posted, dossier.answers, prefill, _today()).values
        return _render_page(dossier, spec, page_list, values, {}, prefill)
    action = eform.repeat_action(request.form)
    if action or request.form.get("action") == "refresh":
        # "Add another", "remove" or "show the communes": show the page again as typed, saving nothing yet.
        values = eform.read_page(spec, request.form, dossier.answers, prefill, _today()).values
        return _render_page(dossier, spec, page_list, _apply(action, spec, values), {}, prefill)
    result = eform.read_page(spec, request.form, dossier.answers, prefill, _today())
    if not result.valid:
        return _render_page(dossier, spec, page_list, result.values, result.errors, prefill, status=400)
    services.save_page(dossier, spec, result.answers)
    return redirect(_next_step(dossier, page_list, page_id), 303)


def _today():
    return calendar.local_date(utcnow())


def _apply(action, spec: dict, values: dict) -> dict:
    if not action:
        return values
    verb, group, index = action
    group_spec = next((field for field in spec["fields"] if field["name"] == group and field.get("repeat")), None)
    if group_spec is None:
        return values
    items = list(values.get(group) or [])
    if verb == "add" and len(items) < group_spec["repeat"]["max"]:
        items.append({})
    elif verb == "remove" and index is not None and 0 <= index < len(items):
        items.pop(index)
    return {**values, group: items}


def _next_step(dossier, page_list: list[dict], page_id: str) -> str:
    ids = [page["id"] for page in page_list]
    after = ids[ids.index(page_id) + 1:]
    following = next((page for page in after if page not in dossier.completed_pages), None)
    if following and not request.form.get("return_to_check"):
        return url_for("dossiers.page", key=dossier.key, page_id=following)
    if not all(page in dossier.completed_pages for page in ids):
        return url_for("dossiers.show", key=dossier.key)
    if documents.missing_mandatory(dossier) and not request.form.get("return_to_check"):
        return url_for("dossiers.documents_page", key=dossier.key)
    return url_for("dossiers.check", key=dossier.key)


def _render_page(dossier, spec, page_list, values, errors, prefill, status=200):
    number = [page["id"] for page in page_list].index(spec["id"]) + 1
    return render_template("dossiers/page.html", dossier=dossier, page=spec, number=number, count=len(page_list),
                           values=values, errors=errors, prefill=prefill,
                           return_to_check=request.values.get("return_to_check")), status


@blueprint.get("/dossiers/<key>/communes")
@login_required
def communes(key: str):
    """The commune list for a chosen province: a fragment for htmx, and a plain page's worth without it."""
    _mine(key)
    field = request.args.get("field", "")
    province = request.args.get(f"{field}.province", type=int)
    response = make_response(render_template(
        "dossiers/_communes.html", path=field, communes=geography.communes_by_province().get(province, ()),
        chosen=None))
    response.vary.add("HX-Request")
    return response


def upload_rate_limit() -> str:
    return current_app.config["UPLOAD_RATE_LIMIT"]


@blueprint.get("/dossiers/<key>/documents")
@login_required
def documents_page(key: str):
    person = applicant()
    dossier = _mine(key)
    if dossier.state is not DossierState.DRAFT:
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    return _render_documents(dossier, person)


def _render_documents(dossier, person, errors=None, status=200):
    given = documents.documents_of(dossier)
    used = {document.file_id for document in given.values()}
    return render_template(
        "dossiers/documents.html", dossier=dossier, asked=documents.asked_for(dossier), given=given,
        supplied=[document for document in dossier.procedure.documents if document.from_eid or document.from_form],
        wallet=_wallet(person, used),
        errors=errors or {}, limits=documents.configured_limits(),
    ), status


@blueprint.post("/dossiers/<key>/documents/<code>")
@login_required
@limiter.limit(upload_rate_limit)
def document(key: str, code: str):
    """Upload (from a file or the camera), reuse from the wallet, or remove the file for one document."""
    person = applicant()
    dossier = _mine(key, Permission.UPLOAD)
    documents.requirement(dossier, code)
    try:
        if request.form.get("action") == "remove":
            documents.remove_document(dossier, code)
            flash(_l("Đã gỡ tệp."), "success")
        elif eform.small_number(request.form.get("wallet_file"), digits=9) is not None and not assisted_session():
            documents.attach_from_wallet(dossier, code, int(request.form["wallet_file"]), documents.configured_limits())
            flash(_l("Đã dùng lại tệp từ kho dữ liệu của bạn."), "success")
        else:
            upload = _chosen_file()
            if upload is None:
                raise documents.UploadRefused(str(_l("Hãy chọn một tệp hoặc chụp ảnh giấy tờ trước khi tải lên.")))
            documents.upload_document(dossier, code, upload.filename, upload.read(), documents.configured_limits())
            flash(_l("Đã tải lên “%(name)s”.", name=documents.clean_name(upload.filename)), "success")
    except documents.UploadRefused as refused:
        if dossier.state is DossierState.SUPPLEMENT_REQUESTED:
            return _render_supplement(dossier, person, AnswerSupplementForm(formdata=None), {code: refused.message})
        return _render_documents(dossier, person, errors={code: refused.message}, status=400)
    page = "dossiers.supplement" if dossier.state is DossierState.SUPPLEMENT_REQUESTED else "dossiers.documents_page"
    return redirect(url_for(page, key=dossier.key) + f"#doc-{code}", 303)


@blueprint.route("/dossiers/<key>/supplement", methods=["GET", "POST"])
@login_required
def supplement(key: str):
    """Answer a supplement request: upload exactly the documents asked for, add a note, send."""
    person = applicant()
    dossier = _mine(key, Permission.UPLOAD)
    if not documents.requested_again(dossier):
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    form = AnswerSupplementForm()
    if form.validate_on_submit():
        try:
            services.answer_supplement(dossier, person, form.note.data or "")
        except services.SubmissionRefused as refused:
            return _render_supplement(dossier, person, form, dict(refused.problems))
        flash(_l("Đã gửi giấy tờ bổ sung. Hồ sơ tiếp tục được xử lý."), "success")
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    return _render_supplement(dossier, person, form, {}, 400 if form.errors else 200)


def _render_supplement(dossier, person, form, errors: dict, status: int = 400):
    asked = [document for document in dossier.procedure.documents
             if document.code in dossier.supplement.document_codes]
    # A refusal for a document that was not asked for is shown on the first one that was.
    errors = {(code if code in dossier.supplement.document_codes else asked[0].code): message
              for code, message in errors.items()}
    given = documents.documents_of(dossier)
    fresh = {code: item for code, item in given.items() if item.added_at > dossier.supplement.requested_at}
    held = documents.handed_in_before(dossier)
    return render_template("dossiers/supplement.html", dossier=dossier, asked=asked, given=fresh, form=form,
                           errors=errors, limits=documents.configured_limits(),
                           wallet=_wallet(person, held)), status


def _wallet(person, leave_out: set[int]) -> list:
    """The person's files to reuse, less `leave_out`; an assistant never browses a citizen's wallet."""
    if assisted_session() is not None:
        return []
    return [stored for stored in documents.wallet_of(person) if stored.id not in leave_out]


def _chosen_file():
    for field in ("file", "photo"):
        upload = request.files.get(field)
        if upload is not None and upload.filename:
            return upload
    return None


@blueprint.route("/dossiers/<key>/check", methods=["GET", "POST"])
@login_required
def check(key: str):
    person = applicant()
    dossier = _mine(key, Permission.SUBMIT)
    if dossier.state is not DossierState.DRAFT:
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    form = SubmitDossierForm()
    problems, answers = services.checked_answers(dossier, _today())
    if form.validate_on_submit():
        try:
            services.submit_dossier(dossier, person, assisted=assisted_session())
        except services.SubmissionRefused as refused:
            problems = refused.problems
        else:
            return redirect(url_for("dossiers.show", key=dossier.key), 303)
    status = 400 if request.method == "POST" else 200
    return render_template("dossiers/check.html", dossier=dossier, pages=services.pages_of(dossier), form=form,
                           problems=problems, answers=answers, asked=documents.asked_for(dossier),
                           given=documents.documents_of(dossier)), status


def lookup_rate_limit() -> str:
    return current_app.config["LOOKUP_RATE_LIMIT"]


@blueprint.route("/lookup", methods=["GET", "POST"])
@limiter.limit(lookup_rate_limit, methods=["POST"])
def lookup():
    """Anyone with the receipt can see where a dossier stands: state and dates, nothing personal."""
    form = LookUpDossierForm()
    found, searched = None, False
    if form.validate_on_submit():
        found, searched = services.look_up(form.code.data, form.last_digits.data), True
    status = 400 if form.errors else 200
    return render_template("dossiers/lookup.html", form=form, found=found, searched=searched,
                           days_left=deadlines.days_left(found) if found else None), status


@blueprint.get("/dossiers/<key>/receipt.pdf")
@login_required
def receipt(key: str):
    """The receipt (phiếu tiếp nhận) of a submitted dossier, with a QR code to its page."""
    dossier = _mine(key)
    if dossier.code is None or dossier.appointment_date is None:
        abort(404)
    handed_in = services.handed_in(dossier)
    status_url = public_url("dossiers.show", key=dossier.code)
    return pdf_attachment(receipt_pdf(dossier, handed_in, status_url), f"phieu-tiep-nhan-{dossier.code}.pdf")


@blueprint.route("/dossiers/<key>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(key: str):
    if assisted_session() is not None:
        abort(403)  # only the citizen withdraws their own dossier
    person = current_person()
    dossier = services.dossier_for(person, key)
    if not lifecycle.can(dossier, DossierState.WITHDRAWN, lifecycle.CITIZEN):
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    form = WithdrawDossierForm()
    if form.validate_on_submit():
        services.withdraw_dossier(dossier, person, form.reason.data)
        return redirect(url_for("dossiers.show", key=dossier.key), 303)
    return render_template("dossiers/withdraw.html", dossier=dossier, form=form), 400 if form.errors else 200


@blueprint.route("/verify/<token>", methods=["GET", "POST"])
@limiter.limit(lookup_rate_limit, methods=["POST"])
def verify(token: str):
    """Anyone holding an e-result can check it: the QR code opens this page, which confirms what was
    issued (or says it is not genuine); a file can be checked byte for byte against it."""
    result = services.verify_result(token)
    form = CheckResultFileForm()
    matches = None
    if result is not None and form.validate_on_submit():
        matches = services.same_file(result, form.file.data.read())
    status = 404 if result is None else 400 if form.errors else 200
    return render_template("dossiers/verify.html", result=result, form=form, matches=matches), status
