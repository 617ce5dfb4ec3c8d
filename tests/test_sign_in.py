"""Signing in with the eID through the real development provider, and every way it can fail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.identity.models import Person, SignInSession
from app.integrations.eid import EidProvider
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_2, authorize, local, query_of, sign_in, sign_out, start


def events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


def test_citizen_signs_in_and_comes_back_to_the_page_they_came_from(client):
    response = sign_in(client, next_path="/procedures/1.001193?from=search")
    assert response.status_code == 303
    assert response.headers["Location"] == "/procedures/1.001193?from=search"
    header = check_page(client.get("/")).find("header")
    assert "Nguyễn Thị Lan" in text_of(header)
    person = db.session.scalar(select(Person).where(Person.subject == CITIZEN_LEVEL_2))
    assert person.personal_id_number == "001188012345"
    assert person.assurance_level == 2
    assert [event.person_id for event in events("sign_in")] == [person.id]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_the_return_path_never_leaves_the_site(client, target):
    response = sign_in(client, next_path=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_authorization_request_carries_pkce_state_and_nonce(client, eid_issuer):
    url = start(client, "/account")
    query = query_of(url)
    assert url.startswith(f"{eid_issuer}/oauth2/authorize?")
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert "openid" in query["scope"].split()
    assert query["redirect_uri"] == "http://portal.test/auth/callback"
    with client.session_transaction() as session:
        kept = session["oidc_pending"]
    assert kept["state"] == query["state"] and kept["nonce"] == query["nonce"]
    assert kept["code_verifier"] not in url


def test_refusing_at_the_provider_ends_on_a_clear_page_not_signed_in(client):
    callback = authorize(start(client, "/account"), deny=True)
    page = check_page(client.get(local(callback)), 403)
    assert "không cho phép" in text_of(page.find("h1"))
    assert page.find("a", href=lambda href: href and href.startswith("/login/eid"))
    assert client.get("/account").status_code == 302
    assert [event.detail["reason"] for event in events("sign_in_failed")] == ["access_denied"]


def test_a_replayed_callback_is_refused(client):
    callback = local(authorize(start(client, "/account")))
    assert client.get(callback).status_code == 303
    sign_out(client)
    check_page(client.get(callback), 400)
    assert [event.detail["reason"] for event in events("sign_in_failed")] == ["bad_state"]


def test_a_changed_state_is_refused(client):
    callback = local(authorize(start(client, "/account")))
    state = query_of(callback)["state"]
    page = check_page(client.get(callback.replace(state, state[:-2] + "xx")), 400)
    assert "không hợp lệ" in text_of(page.find("h1"))
    assert client.get("/account").status_code == 302


def test_a_wrong_nonce_is_refused(client):
    callback = local(authorize(start(client, "/account")))
    with client.session_transaction() as session:
        session["oidc_pending"] = {**session["oidc_pending"], "nonce": "another-nonce-than-was-sent"}
    check_page(client.get(callback), 400)
    [failure] = events("sign_in_failed")
    assert failure.detail["reason"] == "invalid_token" and "nonce" in failure.detail["detail"]
    assert db.session.scalar(select(Person)) is None


def test_a_code_already_used_is_refused(client):
    first = local(authorize(start(client, "/account")))
    assert client.get(first).status_code == 303
    sign_out(client)
    second = query_of(start(client, "/account"))
    used_code = query_of(first)["code"]
    check_page(client.get("/auth/callback", query_string={"state": second["state"], "code": used_code}), 400)
    assert events("sign_in_failed")[-1].detail["reason"] == "code_rejected"


def test_a_tampered_id_token_is_refused(client, monkeypatch):
    verify = EidProvider.verify_id_token

    def tampered(self, raw, nonce):
        header, payload, signature = raw.split(".")
        flipped = ("A" if signature[10] != "A" else "B")
        return verify(self, ".".join([header, payload, signature[:10] + flipped + signature[11:]]), nonce)

    monkeypatch.setattr(EidProvider, "verify_id_token", tampered)
    check_page(sign_in(client, next_path="/account"), 400)
    assert events("sign_in_failed")[-1].detail["reason"] == "invalid_token"
    assert db.session.scalar(select(SignInSession)) is None


def test_an_unreachable_provider_ends_on_a_clear_page(client, app, monkeypatch):
    from tests.processes import free_port

    monkeypatch.setitem(app.extensions, "eid", EidProvider(f"http://127.0.0.1:{free_port()}", "portal", "secret",
                                                           "openid"))
    page = check_page(client.get("/login/eid?next=/account"), 503)
    assert "không kết nối được" in text_of(page.find("h1"))
    assert events("sign_in_failed")[-1].detail["reason"] == "provider_unreachable"


def test_a_callback_with_no_sign_in_under_way_is_refused(client):
    check_page(client.get("/auth/callback?state=abc&code=def"), 400)


def test_sign_in_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "3 per minute")
    statuses = [client.get("/login/eid").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]


def test_the_audit_log_holds_no_tokens(client):
    sign_in(client, next_path="/account")
    with client.session_transaction() as session:
        cookie_token = session["sid"]
    id_token = db.session.scalar(select(SignInSession.id_token))
    sign_out(client)
    logged = " ".join(str(event.detail) + str(event.subject) for event in db.session.scalars(select(AuditEvent)))
    assert cookie_token not in logged and id_token not in logged
    assert [event.event for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [
        "sign_in", "sign_out"]
    assert all(event.at.tzinfo is not None and event.at.utcoffset().total_seconds() == 0
               for event in db.session.scalars(select(AuditEvent)))


@pytest.mark.parametrize("target", ["/%0afoo", "/x%0d%0aSet-Cookie:%20a=b", "/tab%09here"])
def test_a_return_path_with_a_line_break_is_replaced_not_a_500(client, target):
    response = client.get(f"/login/eid?next={target}")
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert session["oidc_pending"]["next_path"] == "/"


def test_a_state_with_non_ascii_characters_is_refused_not_a_500(client):
    start(client, "/account")
    check_page(client.get("/auth/callback?state=%C3%A9&code=x"), 400)


def test_signing_in_again_ends_the_session_the_browser_held(client):
    sign_in(client)
    sign_in(client, sub=CITIZEN_LEVEL_2)
    sessions = db.session.scalars(select(SignInSession).order_by(SignInSession.id)).all()
    assert [bool(row.ended_at) for row in sessions] == [True, False]


def test_after_a_timeout_the_provider_is_asked_to_authenticate_again(client, app):
    sign_in(client)
    row = db.session.scalar(select(SignInSession))
    row.last_seen_at = row.last_seen_at - app.config["SESSION_IDLE_TIMEOUT"]
    db.session.commit()
    client.get("/")
    assert query_of(start(client, "/account"))["prompt"] == "login"
    assert "prompt" not in query_of(start(app.test_client(), "/account"))

