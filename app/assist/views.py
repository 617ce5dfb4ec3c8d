"""The post-office counter: an assistant names the citizen, the citizen consents (their own eID on this
screen, or a code texted to the phone on their eID record), and the assistant then uses the ordinary
dossier pages for them until the session ends. Citizens see and revoke these sessions on /account."""

from __future__ import annotations

import time
from functools import wraps

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from app.assist import services
from app.assist.context import ASSISTED, assisted_session
from app.assist.forms import ConfirmCodeForm, RecordCounterPaymentForm, StartAssistedSessionForm
from app.assist.models import Permission
from app.core.responses import public_url
from app.core.text import masked_name
from app.dossiers import services as dossiers
from app.extensions import limiter
from app.i18n import current_language
from app.identity import services as identity
from app.identity.claims import profile_from_claims
from app.audit.services import record_now
from app.core.errors import DomainError
from app.identity.enums import StaffRole
from app.identity.sessions import current_person, login_required
from app.identity.provider import PENDING_MAX_AGE, claim_names, eid_provider, sign_in_rate_limit
from app.identity.sessions import REAUTHENTICATE
from app.integrations.eid import EidError, EidStateMismatch, PendingSignIn
from app.payments import services as payments

blueprint = Blueprint("assist", __name__, url_prefix="/assist")
CONSENT_PENDING = "assist_consent_pending"


@blueprint.app_template_global()
def masked(name: str) -> str:
    return masked_name(name)


@blueprint.app_template_filter("permission_label")
def permission_label(value: str) -> str:
    return str(Permission(value).label)


class AssistantsOnly(DomainError):
    status = 403


def assistant_required(view):
    """Signed in and holding the assistant role; anyone else is told plainly, and the attempt logged."""
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        person = current_person()
        if not person.has_role(StaffRole.ASSISTANT):
            record_now("access_denied", person_id=person.id, subject=person.subject, path=request.path)
            raise AssistantsOnly("Trang này chỉ dành cho nhân viên bưu điện hỗ trợ nộp hồ sơ (vai trò “assistant”). "
                                 "Hãy nhờ quản trị viên cấp vai trò nếu bạn làm việc này. / Only post-office "
                                 "assistants can help citizens submit.")
        return view(*args, **kwargs)

    return guarded


def _assistant_form() -> StartAssistedSessionForm:
    return StartAssistedSessionForm(longest=current_app.config["ASSIST_SESSION_MINUTES"])


def assist_rate_limit() -> str:
    return current_app.config["ASSIST_RATE_LIMIT"]


@blueprint.route("/", methods=["GET", "POST"])
@assistant_required
@limiter.limit(assist_rate_limit, methods=["POST"])
def start():
    """Name the citizen, what they allow and for how long, and how they will consent."""
    if assisted_session() is not None:
        return redirect(url_for("assist.current"), 303)
    assistant = current_person()
    agency = services.post_office(assistant)
    form = _assistant_form()
    if form.validate_on_submit():
        try:
            permissions, minutes = services.checked_scope(form.permissions.data, int(form.minutes.data))
            if form.method.data == "code":
                consent = services.send_code(assistant, form.personal_id.data, permissions, minutes)
                return redirect(url_for("assist.confirm_code", consent_id=consent.id), 303)
            return _start_eid_consent(form.personal_id.data, permissions, minutes)
        except services.AssistRefused as refused:
            form.form_errors.append(refused.message)
        except EidError:
            form.form_errors.append(str(_l("Hệ thống định danh điện tử tạm thời không kết nối được. Hãy thử lại sau "
                                           "ít phút hoặc dùng cách gửi mã.")))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("assist/start.html", form=form, agency=agency), status


def _start_eid_consent(personal_id: str, permissions: list[str], minutes: int):
    """Send the citizen to the eID provider on this screen, asking them to sign in afresh. Their sign-in
    comes back as consent only: the assistant's own session is untouched."""
    url, pending = eid_provider().start(public_url("assist.consent_callback"), "", current_language(),
                                        force_login=True)
    session[CONSENT_PENDING] = {"oidc": pending.as_dict(), "personal_id": personal_id,
                                "permissions": permissions, "minutes": minutes}
    return redirect(url, 303)


@blueprint.get("/consent/callback")
@assistant_required
@limiter.limit(sign_in_rate_limit)
def consent_callback():
    """The citizen's eID sign-in, used once as consent: checked like any sign-in, never a session."""
    waiting = session.pop(CONSENT_PENDING, None) or {}
    pending = PendingSignIn.from_dict(waiting.get("oidc"))
    try:
        if pending is None or time.time() - pending.started_at > PENDING_MAX_AGE:
            raise EidStateMismatch("no consent under way, or it started too long ago")
        result = eid_provider().finish(pending, request.args.to_dict(), public_url("assist.consent_callback"))
        profile = profile_from_claims(result.claims, claim_names())
    except EidError as error:
        identity.record_sign_in_failure(error.reason, f"assisted consent: {error.detail}")
        return render_template("assist/consent_failed.html", title=_l("Chưa có sự đồng ý của công dân"),
                               message=_l("Việc đăng nhập định danh điện tử của công dân không hoàn tất.")), 400
    citizen = identity.vouched_person(eid_provider().issuer, profile)
    # The citizen signed in on a screen that is not theirs: end that sign-in at the provider at once,
    # and make the next sign-in on this browser ask for credentials again, whoever it is.
    session[REAUTHENTICATE] = True
    leave_provider = eid_provider().end_session_url(result.id_token, public_url("assist.current"))
    try:
        assisted = services.consent_by_eid(current_person(), waiting.get("personal_id", ""), citizen,
                                           waiting.get("permissions", []), int(waiting.get("minutes", 0)))
    except services.AssistRefused as refused:
        return render_template("assist/consent_failed.html", title=_l("Chưa có sự đồng ý của công dân"),
                               message=refused.message, leave_provider=leave_provider), 400
    session[ASSISTED] = assisted.id
    flash(_l("Công dân đã đồng ý. Bạn có thể nộp hồ sơ thay họ."), "success")
    return redirect(leave_provider or url_for("assist.current"), 303)


@blueprint.route("/consent/<int(max=2147483647):consent_id>", methods=["GET", "POST"])
@assistant_required
@limiter.limit(assist_rate_limit, methods=["POST"])
def confirm_code(consent_id: int):
    """The citizen reads out the code texted to them; the right code, once, opens the session."""
    assistant = current_person()
    consent = services.pending_code(assistant, consent_id)
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        try:
            assisted = services.confirm_code(assistant, consent, form.code.data)
        except services.AssistRefused as refused:
            form.code.errors = [*form.code.errors, refused.message]
        else:
            session[ASSISTED] = assisted.id
            flash(_l("Công dân đã đồng ý. Bạn có thể nộp hồ sơ thay họ."), "success")
            return redirect(url_for("assist.current"), 303)
    status = 400 if form.errors else 200
    return render_template("assist/code.html", form=form, consent=consent), status


@blueprint.get("/session")
@assistant_required
def current():
    """The session under way: whom it is for, until when, what is allowed, the dossiers made in it."""
    assisted = assisted_session()
    if assisted is None:
        return redirect(url_for("assist.start"))
    return _render_session(assisted)


def _render_session(assisted, payment_errors: dict | None = None, typed: str = ""):
    found = dossiers.dossiers_of(assisted.citizen, within=assisted.id)
    return render_template("assist/session.html", assisted=assisted, Permission=Permission, dossiers=found,
                           payment_errors=payment_errors or {}, typed=typed,
                           cash={dossier.id: payments.counter_amount(dossier) for dossier in found
                                 if dossier.fees_due})


@blueprint.get("/session/receipt")
@assistant_required
def receipt():
    """What was done for the citizen in this session, to print and hand them (print stylesheet)."""
    assisted = assisted_session()
    if assisted is None:
        return redirect(url_for("assist.start"))
    found = dossiers.dossiers_of(assisted.citizen, within=assisted.id)
    return render_template("assist/receipt.html", assisted=assisted, dossiers=found,
                           payments={dossier.id: payments.payments_of(dossier) for dossier in found})


@blueprint.post("/session/end")
@assistant_required
def end():
    assisted = assisted_session()
    if assisted is not None:
        services.end(assisted, by=current_person())
    session.pop(ASSISTED, None)
    g.assisted = None
    flash(_l("Đã kết thúc phiên hỗ trợ. Bạn không còn xem được hồ sơ của công dân này."), "success")
    return redirect(url_for("assist.start"), 303)


@blueprint.post("/dossiers/<key>/counter-payment")
@assistant_required
def counter_payment(key: str):
    """Cash taken at the counter, with the number of the paper receipt handed over."""
    assisted = assisted_session()
    if assisted is None or not assisted.allows(Permission.COUNTER_PAYMENT):
        raise AssistantsOnly("Công dân không cho phép ghi nhận tiền nộp tại quầy trong phiên này. / The citizen did "
                             "not allow counter payments in this session.")
    dossier = dossiers.dossier_for(assisted.citizen, key, within=assisted.id)
    form = RecordCounterPaymentForm()
    error = form.receipt_number.errors[0] if not form.validate_on_submit() else None
    if error is None:
        try:
            payments.record_counter_payment(dossier, assisted.assistant, form.receipt_number.data)
        except payments.PaymentRefused as refused:
            error = refused.message
    if error is not None:
        return _render_session(assisted, {dossier.id: error}, form.receipt_number.data or ""), 400
    flash(_l("Đã ghi nhận tiền nộp tại quầy; hồ sơ đã được gửi đến cơ quan."), "success")
    return redirect(url_for("assist.current"), 303)


@blueprint.post("/sessions/<int(max=2147483647):session_id>/revoke")
@login_required
def revoke(session_id: int):
    """The citizen ends a session that someone runs for them, from their account page."""
    services.revoke(current_person(), session_id)
    flash(_l("Đã thu hồi quyền nộp hộ. Nhân viên bưu điện không còn xem được hồ sơ của bạn."), "success")
    return redirect(url_for("identity.account") + "#assisted-sessions", 303)
