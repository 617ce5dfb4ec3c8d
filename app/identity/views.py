"""Signing in with the national eID, signing out, the account page and the session-timeout endpoints."""

from __future__ import annotations

import time

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l

from app.core.responses import public_url
from app.extensions import limiter
from app.i18n import current_language, safe_next_path
from app.identity import services
from app.identity.claims import profile_from_claims
from app.identity.enums import SEX_LABELS
from app.identity.forms import UpdateContactPreferencesForm
from app.identity.sessions import (REAUTHENTICATE, current_person, forget_session, login_required, seconds_left,
                                   start_session, touch_now, where_am_i)
from app.identity.provider import PENDING_MAX_AGE, claim_names, eid_provider, sign_in_rate_limit
from app.integrations.eid import EidError, EidStateMismatch, PendingSignIn

blueprint = Blueprint("identity", __name__)

PENDING = "oidc_pending"
FAILURES = {
    "access_denied": (403, _l("Bạn đã không cho phép chia sẻ thông tin"),
                      _l("Cổng cần thông tin định danh của bạn để đăng nhập. Bạn có thể thử lại và chọn đồng ý.")),
    "bad_state": (400, _l("Phiên đăng nhập không hợp lệ hoặc đã hết hạn"),
                  _l("Yêu cầu đăng nhập đã được dùng, đã quá lâu, hoặc không xuất phát từ cổng này. Hãy bắt đầu lại.")),
    "code_rejected": (400, _l("Không hoàn tất được việc đăng nhập"),
                      _l("Mã xác thực từ hệ thống định danh đã hết hạn hoặc đã được dùng. Hãy bắt đầu lại.")),
    "invalid_token": (400, _l("Không xác minh được thông tin đăng nhập"),
                      _l("Thông tin nhận được từ hệ thống định danh không hợp lệ nên bạn chưa được đăng nhập. "
                         "Hãy thử lại.")),
    "provider_unreachable": (503, _l("Hệ thống định danh điện tử tạm thời không kết nối được"),
                             _l("Lỗi không phải do bạn. Hãy thử lại sau ít phút.")),
}


@blueprint.get("/login")
def login():
    next_path = safe_next_path(request.args.get("next"))
    if current_person():
        return redirect(next_path)
    return render_template("identity/login.html", next_path=next_path)


@blueprint.get("/login/eid")
@limiter.limit(sign_in_rate_limit)
def start_sign_in():
    next_path = safe_next_path(request.args.get("next"))
    try:
        url, pending = eid_provider().start(public_url("identity.callback"), next_path, current_language(),
                                            force_login=bool(session.get(REAUTHENTICATE)))
    except EidError as error:
        return _failed(error, next_path)
    session[PENDING] = pending.as_dict()
    return redirect(url, 303)


@blueprint.get("/auth/callback")
@limiter.limit(sign_in_rate_limit)
def callback():
    pending = PendingSignIn.from_dict(session.pop(PENDING, None))
    next_path = pending.next_path if pending else "/"
    try:
        if pending is None or time.time() - pending.started_at > PENDING_MAX_AGE:
            raise EidStateMismatch("no sign-in under way, or it started too long ago")
        result = eid_provider().finish(pending, request.args.to_dict(), public_url("identity.callback"))
        profile = profile_from_claims(result.claims, claim_names())
    except EidError as error:
        return _failed(error, next_path)
    previous = services.active_session(session.get("sid"))
    if previous is not None:
        services.sign_out(previous)
    _person, token = services.sign_in(eid_provider().issuer, profile, result.id_token)
    start_session(token)
    return redirect(safe_next_path(next_path), 303)


def _failed(error: EidError, next_path: str):
    services.record_sign_in_failure(error.reason, error.detail)
    status, title, message = FAILURES[error.reason]
    return render_template("identity/sign_in_failed.html", title=title, message=message,
                           next_path=next_path), status


@blueprint.post("/logout")
def logout():
    from app.assist import services as assisted_sessions  # assisted sessions build on identity

    sign_in_session = services.active_session(session.get("sid"))
    if g.get("assisted") is not None:  # signing out ends any session of helping a citizen, too
        assisted_sessions.end(g.assisted, by=current_person())
    forget_session()
    if sign_in_session is None:
        return redirect(url_for("identity.signed_out"), 303)
    id_token = services.sign_out(sign_in_session)
    provider_logout = eid_provider().end_session_url(id_token, public_url("identity.signed_out"))
    return redirect(provider_logout or url_for("identity.signed_out"), 303)


@blueprint.get("/signed-out")
def signed_out():
    return render_template("identity/signed_out.html")


@blueprint.get("/session/ended")
def session_ended():
    next_path = safe_next_path(request.args.get("next"))
    if current_person():
        return redirect(next_path)
    return render_template("identity/session_ended.html", next_path=next_path)


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    person = current_person()
    form = UpdateContactPreferencesForm(obj=services.contact_preferences(person), person=person)
    if form.validate_on_submit():
        services.update_contact_preferences(person, form.preferences())
        flash(_l("Đã lưu cách nhận thông báo."), "success")
        return redirect(url_for("identity.account"), 303)
    status = 400 if form.errors else 200
    from app.assist.services import sessions_of  # assisted sessions build on identity, not the reverse

    return render_template("identity/account.html", person=person, form=form, sex_labels=SEX_LABELS,
                           assisted_sessions=sessions_of(person)), status


@blueprint.post("/session/extend")
@login_required
def extend_session():
    """"Stay signed in" from the timeout warning: restarts the idle clock."""
    touch_now()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(expires_in=seconds_left())
    return redirect(safe_next_path(request.form.get("next") or where_am_i()), 303)


@blueprint.get("/session/status")
def session_status():
    """What the timeout warning polls; reading it does not count as activity."""
    if current_person() is None:
        return jsonify(signed_in=False, expires_in=0)
    return jsonify(signed_in=True, expires_in=seconds_left())
