"""Signed-in sessions: a fresh id at sign-in, ended on the server at sign-out, idle and absolute timeouts."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.database import utcnow
from app.extensions import db
from app.identity.enums import SessionEnd
from app.identity.models import SignInSession
from tests.pages import check_page, text_of
from tests.signin import csrf_token, query_of, sign_in, sign_out


def session_cookie(client) -> str:
    return client.get_cookie("session", domain="portal.test").value


def test_signing_in_starts_a_new_session_and_drops_what_came_before(client):
    with client.session_transaction() as session:
        session["sid"] = "planted-by-someone-else"
        session["leftover"] = "x"
    sign_in(client, next_path="/account")
    with client.session_transaction() as session:
        assert session["sid"] != "planted-by-someone-else"
        assert "leftover" not in session and "oidc_pending" not in session
    assert client.get("/account").status_code == 200


def test_signing_out_ends_the_session_so_a_copied_cookie_stops_working(client, app, eid_issuer):
    sign_in(client, next_path="/account")
    copied = session_cookie(client)
    response = sign_out(client)
    provider_logout = response.headers["Location"]
    assert provider_logout.startswith(f"{eid_issuer}/oauth2/end_session?")
    query = query_of(provider_logout)
    assert query["post_logout_redirect_uri"] == "http://portal.test/signed-out"
    assert query["id_token_hint"].count(".") == 2
    ended = db.session.scalar(select(SignInSession))
    assert ended.end_reason is SessionEnd.SIGNED_OUT and ended.id_token is None

    thief = app.test_client()
    thief.set_cookie("session", copied, domain="portal.test")
    assert thief.get("/account").status_code == 302
    check_page(client.get("/signed-out"))


def test_signing_out_needs_the_csrf_token(client):
    sign_in(client)
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_an_idle_session_ends_and_signing_in_again_returns_to_the_page(client, app):
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/account").status_code == 200  # activity restarts the idle clock
        clock.shift(timedelta(minutes=29))
        assert client.get("/account").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/account?tab=contact")
        assert response.status_code == 302
        assert query_of(response.headers["Location"])["next"] == "/account?tab=contact"
        login = check_page(client.get(response.headers["Location"]))  # cookies carry the travelled time
        assert "không thao tác" in text_of(login.find(class_="flashes"))
    # Back in the present, where the provider's ID tokens are dated: the browser follows the sign-in link.
    back = sign_in(app.test_client(), next_path=query_of(response.headers["Location"])["next"])
    assert back.headers["Location"] == "/account?tab=contact"
    ended = db.session.scalar(select(SignInSession).order_by(SignInSession.id))
    assert ended.end_reason is SessionEnd.IDLE
    timeout = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "session_timeout"))
    assert timeout.detail == {"reason": "idle_timeout"}


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client):
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client)
        for _ in range(35):  # every 20 minutes for 11 h 40 min
            clock.shift(timedelta(minutes=20))
            assert client.get("/account").status_code == 200
        clock.shift(timedelta(minutes=21))
        assert client.get("/account").status_code == 302
    assert db.session.scalar(select(SignInSession)).end_reason is SessionEnd.ABSOLUTE


def test_the_warnings_status_poll_does_not_keep_the_session_alive(client):
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client)
        clock.shift(timedelta(minutes=28))
        status = client.get("/session/status").get_json()
        assert status == {"signed_in": True, "expires_in": 120}
        clock.shift(timedelta(minutes=3))
        assert client.get("/session/status").get_json() == {"signed_in": False, "expires_in": 0}


def test_staying_signed_in_restarts_the_idle_clock_with_and_without_javascript(client):
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in(client)
        token = csrf_token(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/session/status").get_json()["expires_in"] == 60
        with_js = client.post("/session/extend", data={"csrf_token": token}, headers={"Accept": "application/json"})
        assert with_js.get_json() == {"expires_in": 1800}
        clock.shift(timedelta(minutes=29))
        without_js = client.post("/session/extend", data={"csrf_token": token, "next": "/procedures?q=ho+chieu"})
        assert without_js.status_code == 303 and without_js.headers["Location"] == "/procedures?q=ho+chieu"
        clock.shift(timedelta(minutes=29))
        assert client.get("/account").status_code == 200


def test_signed_in_pages_carry_the_warning_and_its_no_javascript_fallback(client):
    with time_machine.travel(utcnow(), tick=False):
        sign_in(client)
        response = client.get("/account")
    page = check_page(response)
    dialog = page.find("dialog", id="session-timeout")
    assert dialog["data-expires-in"] == "1800" and dialog["data-warn-before"] == "120"
    assert dialog.find("form", action="/session/extend")
    assert "/session/extend" in str(page.find("noscript"))
    assert response.headers["X-Session-Expires-In"] == "1800"
    assert "no-store" in response.headers["Cache-Control"]
