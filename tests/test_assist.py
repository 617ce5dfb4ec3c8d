"""A post-office assistant submits for a citizen who consented: by the citizen's own eID on the
assistant's screen, or by a code texted to the phone on their eID record. Scope, expiry, revocation,
and nothing of the citizen's beyond the session."""

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.assist.models import AssistedSession, ConsentCode
from app.audit.models import AuditEvent
from app.core.database import utcnow
from app.dossiers.enums import DossierState as S
from app.dossiers.models import Dossier
from app.extensions import db
from app.identity.models import Person
from app.notifications.models import Notification
from app.payments.models import Payment
from tests.factories import agency_record, make_procedures, procedure_record
from tests.files import png
from tests.pages import check_page, text_of
from tests.signin import authorize, csrf_token, local, sign_in
from tests.test_dossiers import FORM, FORM_ONLY, fill_in

POST_OFFICE = {"code": "BD-TEST", "name": "Bưu điện văn hóa thử", "level": "central", "kind": "post_office"}
ALL = ["submit", "upload", "counter_payment"]


@pytest.fixture
def procedure():
    [found] = make_procedures(procedure_record(form=FORM, documents=FORM_ONLY, processing_days=3),
                              agencies=[agency_record(), POST_OFFICE])
    return found


@pytest.fixture
def citizen(app):
    """Lan has signed in to the portal before, so her eID phone number is known."""
    client = app.test_client()
    sign_in(client)
    return client


@pytest.fixture
def assistant(app, procedure):
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-assistant-tuan", "assistant", "BD-TEST"])
    client = app.test_client()
    sign_in(client, sub="demo-assistant-tuan")
    return client


def post(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def ask(assistant, method: str = "code", permissions=ALL, minutes: str = "60", personal_id: str = "001188012345"):
    return post(assistant, "/assist/", {"personal_id": personal_id, "permissions": permissions, "minutes": minutes,
                                        "method": method})


def texted_code(mailbox) -> str:
    [*_, last] = mailbox.messages()["sms"]
    assert last["to"] == "0912345678"
    return re.search(r"\b(\d{6})\b", last["text"]).group(1)


def by_code(assistant, mailbox, **options):
    response = ask(assistant, **options)
    assert response.status_code == 303, response.data[:500]
    confirm = response.headers["Location"]
    assert post(assistant, confirm, {"code": texted_code(mailbox)}).status_code == 303
    return db.session.scalar(select(AssistedSession))


def submit_for(assistant, procedure):
    response = post(assistant, f"/dossiers/new/{procedure.code}", {})
    assert response.status_code == 303, response.data[:300]
    return submit_for_existing(assistant, response.headers["Location"])


def submit_for_existing(assistant, draft: str):
    reference = draft.rsplit("/", 1)[-1]
    fill_in(assistant, reference)
    assert post(assistant, f"/dossiers/{reference}/check", {"declaration": "y"}).status_code == 303
    return db.session.scalar(select(Dossier).where(Dossier.reference == reference))


def test_the_code_goes_to_the_eid_phone_and_read_out_it_opens_a_session(citizen, assistant, mailbox):
    assisted = by_code(assistant, mailbox)
    assert assisted.citizen.full_name == "Nguyễn Thị Lan" and assisted.agency.code == "BD-TEST"
    assert assisted.method == "code" and assisted.permissions == ALL
    assert timedelta(minutes=59) < assisted.expires_at - assisted.started_at <= timedelta(minutes=60)
    page = check_page(assistant.get("/assist/session"))
    assert "Nguyễn Thị Lan" in text_of(page.find("h1"))
    notice = db.session.scalar(select(Notification).where(Notification.person_id == assisted.citizen_id)
                               .order_by(Notification.id.desc()).limit(1))
    assert "đang hỗ trợ bạn nộp hồ sơ" in notice.title


def test_a_wrong_code_is_refused_and_the_tries_run_out(citizen, assistant, mailbox):
    confirm = ask(assistant).headers["Location"]
    right = texted_code(mailbox)
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        response = post(assistant, confirm, {"code": wrong})
        assert response.status_code == 400 and f"Còn {left} lần thử" in response.get_data(as_text=True)
    response = post(assistant, confirm, {"code": right})
    assert response.status_code == 400 and "sai quá nhiều lần" in response.get_data(as_text=True)
    assert db.session.scalar(select(AssistedSession)) is None
    assert post(assistant, confirm, {"code": "12"}).status_code == 400  # not six digits: the form says so


def test_an_expired_code_opens_nothing(citizen, assistant, mailbox):
    confirm = ask(assistant).headers["Location"]
    code = texted_code(mailbox)
    consent = db.session.scalar(select(ConsentCode))
    consent.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = post(assistant, confirm, {"code": code})
    assert response.status_code == 400 and "hết hạn" in response.get_data(as_text=True)
    assert db.session.scalar(select(AssistedSession)) is None


def test_a_code_is_used_once(citizen, assistant, mailbox):
    confirm = ask(assistant).headers["Location"]
    code = texted_code(mailbox)
    assert post(assistant, confirm, {"code": code}).status_code == 303
    post(assistant, "/assist/session/end", {})
    replay = post(assistant, confirm, {"code": code})
    assert replay.status_code == 400 and "đã được dùng" in replay.get_data(as_text=True)
    assert len(db.session.scalars(select(AssistedSession)).all()) == 1


def test_another_assistant_cannot_use_someone_elses_code(app, citizen, assistant, mailbox):
    confirm = ask(assistant).headers["Location"]
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-admin-bao", "assistant", "BD-TEST"])
    other = app.test_client()
    sign_in(other, sub="demo-admin-bao")
    assert post(other, confirm, {"code": texted_code(mailbox)}).status_code == 404


def test_a_citizen_unknown_to_the_portal_cannot_get_a_code(assistant, procedure):
    response = ask(assistant, personal_id="079099000000")
    assert response.status_code == 400 and "đăng nhập trên máy này" in response.get_data(as_text=True)
    assert db.session.scalar(select(ConsentCode)) is None


def test_only_assistants_start_assisted_sessions(app, citizen, procedure):
    assert citizen.get("/assist/").status_code == 403
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-officer-ha", "officer", "UBND-XA-TEST"])
    officer = app.test_client()
    sign_in(officer, sub="demo-officer-ha")
    assert officer.get("/assist/").status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "access_denied",
                                                      AuditEvent.detail["path"].as_string() == "/assist/"))


def test_consent_by_the_citizens_own_eid_on_the_assistants_screen(citizen, assistant):
    response = ask(assistant, method="eid")
    assert response.status_code == 303 and "prompt=login" in response.headers["Location"]
    callback = assistant.get(local(authorize(response.headers["Location"], sub="demo-citizen-lan")))
    assert callback.status_code == 303
    assisted = db.session.scalar(select(AssistedSession))
    assert assisted.method == "eid" and assisted.citizen.subject == "demo-citizen-lan"
    # The assistant is still themselves: their own session, their own name.
    assert "Võ Minh Tuấn" in text_of(check_page(assistant.get("/account")).find("header"))


def test_someone_else_signing_in_is_not_the_citizens_consent(citizen, assistant):
    response = ask(assistant, method="eid")
    callback = assistant.get(local(authorize(response.headers["Location"], sub="demo-citizen-nam")))
    assert callback.status_code == 400
    assert "không phải công dân" in callback.get_data(as_text=True)
    assert db.session.scalar(select(AssistedSession)) is None


def test_the_assistant_submits_and_the_citizen_sees_who_did_it(citizen, assistant, mailbox, procedure):
    assisted = by_code(assistant, mailbox)
    dossier = submit_for(assistant, procedure)
    assert dossier.state is S.SUBMITTED and dossier.owner_id == assisted.citizen_id
    assert dossier.submitted_by_id == assisted.assistant_id
    assert "Nộp hộ bởi Võ Minh Tuấn, Bưu điện văn hóa thử" in dossier.events[-1].note
    assert dossier.events[-1].role == "assistant"
    mine = check_page(citizen.get("/dossiers"))
    assert dossier.code in text_of(mine.find(class_="result-list"))
    page = check_page(citizen.get(f"/dossiers/{dossier.code}"))
    assert "Nộp hộ bởi Võ Minh Tuấn" in text_of(page)
    assert db.session.scalar(select(Notification).where(Notification.person_id == dossier.owner_id,
                                                        Notification.title.contains(dossier.code)))
    actions = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "assisted_action")).all()
    assert actions and all(event.person_id == assisted.assistant_id
                           and event.detail["citizen_id"] == assisted.citizen_id for event in actions)


def test_the_assistant_never_sees_the_citizens_other_dossiers(citizen, assistant, mailbox, procedure):
    response = post(citizen, f"/dossiers/new/{procedure.code}", {})
    own = response.headers["Location"]
    by_code(assistant, mailbox)
    assert assistant.get(own).status_code == 404
    assert own.rsplit("/", 1)[-1] not in assistant.get("/dossiers").get_data(as_text=True)


@pytest.mark.parametrize("ending", ["end", "expire", "revoke"])
def test_when_the_session_ends_the_assistant_loses_all_access(citizen, assistant, mailbox, procedure, ending):
    assisted = by_code(assistant, mailbox)
    dossier = submit_for(assistant, procedure)
    assert assistant.get(f"/dossiers/{dossier.code}").status_code == 200
    if ending == "end":
        assert post(assistant, "/assist/session/end", {}).status_code == 303
    elif ending == "expire":
        assisted.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    else:
        page = check_page(citizen.get("/account"))
        assert "Bưu điện văn hóa thử" in text_of(page.find(id="assisted-sessions").find_next("ul"))
        assert post(citizen, f"/assist/sessions/{assisted.id}/revoke", {}).status_code == 303
    assert assistant.get(f"/dossiers/{dossier.code}").status_code == 404
    assert assistant.get("/assist/session").status_code == 302
    db.session.refresh(assisted)
    assert assisted.end_reason == {"end": "ended", "expire": "expired", "revoke": "revoked"}[ending]


def test_a_citizen_cannot_revoke_someone_elses_session(app, citizen, assistant, mailbox):
    assisted = by_code(assistant, mailbox)
    other = app.test_client()
    sign_in(other, sub="demo-citizen-nam")
    assert post(other, f"/assist/sessions/{assisted.id}/revoke", {}).status_code == 404
    db.session.refresh(assisted)
    assert assisted.ended_at is None


def test_the_assistant_does_only_what_the_citizen_allowed(citizen, assistant, mailbox, procedure):
    assert ask(assistant, permissions=["upload"]).status_code == 400  # creating and submitting must be allowed
    by_code(assistant, mailbox, permissions=["submit"])
    draft = post(assistant, f"/dossiers/new/{procedure.code}", {}).headers["Location"]
    upload = assistant.post(f"{draft}/documents/to-khai", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(assistant), "file": (io.BytesIO(png()), "scan.png")})
    assert upload.status_code == 403
    dossier = submit_for_existing(assistant, draft)
    refused = post(assistant, f"/assist/dossiers/{dossier.code}/counter-payment", {"receipt_number": "BL-1"})
    assert refused.status_code == 403 and "không cho phép" in refused.get_data(as_text=True)


def test_a_window_longer_than_allowed_or_no_permission_is_refused(citizen, assistant):
    assert ask(assistant, minutes="600").status_code == 400
    assert ask(assistant, permissions=[]).status_code == 400
    assert db.session.scalar(select(ConsentCode)) is None


def paid_procedure():
    [paid] = make_procedures(procedure_record(form=FORM, documents=FORM_ONLY, processing_days=3, fees=[
        {"code": "le-phi", "name": "Lệ phí", "amount": 50000, "online_amount": 40000, "note": "Lệ phí thử",
         "province": None}]), agencies=[agency_record(), POST_OFFICE])
    return paid


def test_cash_at_the_counter_pays_the_counter_fee_and_the_receipt_prints_it(app, citizen, assistant, mailbox):
    by_code(assistant, mailbox)
    dossier = submit_for(assistant, paid_procedure())
    assert dossier.state is S.AWAITING_PAYMENT and dossier.fees_due == 40000  # the online price, if paid online
    blank = post(assistant, f"/assist/dossiers/{dossier.code}/counter-payment", {"receipt_number": ""})
    assert blank.status_code == 400
    assert check_page(blank, 400).find(class_="error-summary").find("a")["href"] == f"#receipt-{dossier.id}"
    assert db.session.get(Dossier, dossier.id).state is S.AWAITING_PAYMENT
    assert post(assistant, f"/assist/dossiers/{dossier.code}/counter-payment", {"receipt_number": "BL-000123"}
                ).status_code == 303
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state is S.SUBMITTED
    payment = db.session.scalar(select(Payment))
    assert (payment.method, payment.receipt_number, payment.amount) == ("counter", "BL-000123", 50000)
    assert dossier.paid_by == "counter"
    receipt = check_page(assistant.get("/assist/session/receipt"))
    assert dossier.code in text_of(receipt) and "BL-000123" in text_of(receipt)
    twice = post(assistant, f"/assist/dossiers/{dossier.code}/counter-payment", {"receipt_number": "BL-000124"})
    assert twice.status_code == 400 and db.session.scalars(select(Payment)).all() == [payment]


def test_one_paper_receipt_pays_one_dossier(app, citizen, assistant, mailbox):
    by_code(assistant, mailbox)
    procedure = paid_procedure()
    first, second = submit_for(assistant, procedure), submit_for(assistant, procedure)
    post(assistant, f"/assist/dossiers/{first.code}/counter-payment", {"receipt_number": "BL-7"})
    again = post(assistant, f"/assist/dossiers/{second.code}/counter-payment", {"receipt_number": "BL-7"})
    assert again.status_code == 400 and "đã được ghi cho một hồ sơ khác" in again.get_data(as_text=True)
    assert db.session.get(Dossier, second.id).state is S.AWAITING_PAYMENT


def test_every_assisted_step_is_audited_with_both_people(citizen, assistant, mailbox, procedure):
    assisted = by_code(assistant, mailbox)
    submit_for(assistant, procedure)
    post(assistant, "/assist/session/end", {})
    events = {event.event: event for event in db.session.scalars(select(AuditEvent))}
    for name in ("assist_code_sent", "assist_session_started", "dossier_submitted_for", "assist_session_ended"):
        assert events[name].person_id == assisted.assistant_id, name
    assert events["assist_session_started"].detail["citizen_id"] == assisted.citizen_id
    assert db.session.get(Person, assisted.citizen_id).personal_id_number == "001188012345"


def test_a_new_code_replaces_the_last_and_a_citizen_gets_only_a_few(citizen, assistant, mailbox):
    first = ask(assistant).headers["Location"]
    first_code = texted_code(mailbox)
    second = ask(assistant).headers["Location"]
    refused = post(assistant, first, {"code": first_code})
    assert refused.status_code == 400 and "hết hạn" in refused.get_data(as_text=True)
    assert first != second
    ask(assistant)
    too_many = ask(assistant)
    assert too_many.status_code == 400 and "chờ 15 phút" in too_many.get_data(as_text=True)
    assert len(mailbox.messages()["sms"]) >= 3 and db.session.scalar(select(AssistedSession)) is None


def test_a_failed_request_in_a_session_leaves_nothing_half_saved(citizen, assistant, mailbox, procedure,
                                                                   monkeypatch):
    by_code(assistant, mailbox)
    draft = post(assistant, f"/dossiers/new/{procedure.code}", {}).headers["Location"]
    reference = draft.rsplit("/", 1)[-1]
    fill_in(assistant, reference)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the desk is unreachable")

    monkeypatch.setattr("app.dossiers.services._complete", broken)
    assert post(assistant, f"/dossiers/{reference}/check", {"declaration": "y"}).status_code == 500
    dossier = db.session.scalar(select(Dossier).where(Dossier.reference == reference))
    db.session.refresh(dossier)
    assert dossier.state is S.DRAFT and dossier.code is None and dossier.submitted_by_id is None
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "assisted_action")).all()[-1]
    assert failed.detail["status"] == 500


def test_signing_out_or_losing_the_role_ends_the_session(app, citizen, assistant, mailbox, procedure):
    assisted = by_code(assistant, mailbox)
    post(assistant, "/logout", {})
    db.session.refresh(assisted)
    assert assisted.end_reason == "ended" and assisted.ended_at is not None
    sign_in(assistant, sub="demo-assistant-tuan")
    again = by_code(assistant, mailbox)
    app.test_cli_runner().invoke(args=["staff", "revoke", "demo-assistant-tuan", "assistant", "BD-TEST"])
    assert post(assistant, f"/dossiers/new/{procedure.code}", {}).status_code == 303  # now only for themselves
    db.session.refresh(again)
    assert again.ended_at is not None
    assert db.session.scalar(select(Dossier)).owner.subject == "demo-assistant-tuan"


def test_consent_by_eid_ends_the_citizens_sign_in_at_the_provider(citizen, assistant, eid_issuer):
    response = ask(assistant, method="eid")
    callback = assistant.get(local(authorize(response.headers["Location"], sub="demo-citizen-lan")))
    assert callback.headers["Location"].startswith(eid_issuer)  # the provider's end-session endpoint
    assert "id_token_hint=" in callback.headers["Location"]
    assert "prompt=login" in assistant.get("/login/eid").headers["Location"]


def test_the_assistant_sees_no_links_to_the_citizens_files(citizen, assistant, mailbox, procedure):
    by_code(assistant, mailbox)
    dossier = submit_for(assistant, procedure)
    page = check_page(assistant.get(f"/dossiers/{dossier.code}"))
    assert not page.find("a", href=re.compile(r"^/files/")) and not page.find("a", href=re.compile(r"^/payments/"))
