"""Who is signed in on this request, and the guards that pages use.

The cookie (Flask's signed session) carries only a random session token; the session itself lives in
the database (`SignInSession`), so it can be ended for good. Every request checks the idle and absolute
timeouts and, unless it is a passive one (the timeout warning's status poll, static files), restarts
the idle clock.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l

from app.audit.services import record_now
from app.core.database import utcnow
from app.identity import services
from app.identity.enums import SessionEnd, StaffRole
from app.identity.models import Person
from app.i18n import safe_next_path

SESSION_TOKEN = "sid"
REAUTHENTICATE = "reauthenticate"
# Requests that are not the person doing something: they neither restart the idle clock nor flash.
PASSIVE_ENDPOINTS = {"static", "identity.session_status", "identity.session_ended", "core.healthz", "dossiers.status"}
TIMEOUT_MESSAGES = {
    SessionEnd.IDLE: _l("Bạn đã được đăng xuất vì không thao tác trong một thời gian. Hãy đăng nhập lại để tiếp tục."),
    SessionEnd.ABSOLUTE: _l("Phiên đăng nhập đã đến thời hạn tối đa và đã kết thúc. Hãy đăng nhập lại để tiếp tục."),
}


def timeouts() -> services.Timeouts:
    return services.Timeouts(idle=current_app.config["SESSION_IDLE_TIMEOUT"],
                             absolute=current_app.config["SESSION_ABSOLUTE_TIMEOUT"])


def current_person() -> Person | None:
    return g.get("person")


def seconds_left() -> int | None:
    """Seconds until this request's session times out, if nothing else happens; None when signed out."""
    sign_in_session = g.get("sign_in_session")
    if sign_in_session is None:
        return None
    remaining = services.expires_at(sign_in_session, timeouts()) - utcnow()
    return max(0, int(remaining.total_seconds()))


def touch_now() -> None:
    services.touch(g.sign_in_session, timeouts(), force=True)


def start_session(token: str) -> None:
    """A new session cookie at sign-in: nothing from before survives, so a fixed session cannot be reused."""
    session.clear()
    session[SESSION_TOKEN] = token


def forget_session() -> None:
    session.clear()


def where_am_i() -> str:
    """The path to come back to after signing in again: this page, or for a form post the page it came
    from (the home page when the browser did not say)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = request.referrer or ""
    host = request.host_url
    return safe_next_path(referrer[len(host) - 1:]) if referrer.startswith(host) else "/"


def sign_in_url(next_path: str) -> str:
    return url_for("identity.login") + "?" + urlencode({"next": next_path})


def login_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_person() is None:
            return redirect(sign_in_url(where_am_i()), 303 if request.method != "GET" else 302)
        return view(*args, **kwargs)

    return guarded


def staff_required(*roles: StaffRole):
    """Signed in and holding one of `roles` (any staff role when none is named); others get 403."""
    allowed = roles or tuple(StaffRole)

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            person = current_person()
            if not person.has_role(*allowed):
                record_now("access_denied", person_id=person.id, subject=person.subject, path=request.path)
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def init_app(app: Flask) -> None:
    @app.before_request
    def load_person():
        g.person = None
        g.sign_in_session = None
        if request.endpoint == "static":
            return
        sign_in_session = services.active_session(session.get(SESSION_TOKEN))
        if sign_in_session is None:
            if SESSION_TOKEN in session:
                session.pop(SESSION_TOKEN)
            return
        ended = services.end_if_timed_out(sign_in_session, timeouts())
        if ended:
            forget_session()
            # The provider's own session may still be open on a shared phone: the next sign-in must
            # authenticate the person again rather than slip the last one back in.
            session[REAUTHENTICATE] = True
            if request.endpoint not in PASSIVE_ENDPOINTS:
                flash(TIMEOUT_MESSAGES[ended], "info")
            return
        if request.endpoint not in PASSIVE_ENDPOINTS:
            services.touch(sign_in_session, timeouts())
        g.person = sign_in_session.person
        g.sign_in_session = sign_in_session

    @app.after_request
    def session_headers(response):
        left = seconds_left()
        if left is not None:
            # The timeout warning reads this after htmx requests, which extend the session too.
            response.headers["X-Session-Expires-In"] = str(left)
            response.headers.setdefault("Cache-Control", "private, no-store")
            response.vary.add("Cookie")
        return response

    @app.context_processor
    def identity_context():
        sign_in_session = g.get("sign_in_session")
        context = {"person": current_person(), "session_expires_in": seconds_left()}
        if sign_in_session is not None:
            context.update(
                session_expires_at=services.expires_at(sign_in_session, timeouts()),
                session_warning_seconds=int(current_app.config["SESSION_WARNING_BEFORE"].total_seconds()),
                session_idle_minutes=int(current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds() // 60),
            )
        return context
