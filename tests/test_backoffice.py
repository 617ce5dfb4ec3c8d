"""The one-stop desk: the agency's queue, and receiving or refusing a submitted dossier."""

from sqlalchemy import select

from app.core.calendar import add_working_days, local_date
from app.core.database import utcnow
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import agency_record, make_procedures, procedure_record
from tests.pages import check_page, text_of
from tests.signin import csrf_token, sign_in
from tests.test_dossiers import FORM_ONLY, FORM, fill_in, only_dossier, post, start


def submitted_and_officer(client, app):
    """A dossier submitted by the level-2 citizen, and a client signed in as an officer of its agency."""
    [procedure] = make_procedures(procedure_record(form=FORM, documents=FORM_ONLY, processing_days=3))
    sign_in(client)
    start(client, procedure)
    fill_in(client, only_dossier().reference)
    post(client, f"/dossiers/{only_dossier().reference}/check", {"declaration": "y"})
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-officer-ha", "officer", "UBND-XA-TEST"])
    officer = app.test_client()
    sign_in(officer, sub="demo-officer-ha")
    return only_dossier(), officer


def test_the_queue_lists_the_agencys_dossiers_with_counts_and_search(client, app):
    dossier, officer = submitted_and_officer(client, app)
    page = check_page(officer.get("/backoffice/queue"))
    assert dossier.code in text_of(page.find(class_="result-list"))
    assert "Chờ tiếp nhận: 1" in text_of(page.find(class_="chips"))
    found = check_page(officer.get("/backoffice/queue", query_string={"q": "Nguyễn Thị"}))
    assert dossier.code in text_of(found.find(class_="result-list"))
    none = check_page(officer.get("/backoffice/queue", query_string={"q": "Không Ai", "state": "received"}))
    assert none.find(class_="result") is None
    overdue = check_page(officer.get("/backoffice/queue", query_string={"due": "overdue"}))
    assert overdue.find(class_="result") is None


def test_another_agencys_officer_sees_nothing_of_it(client, app):
    dossier, _ = submitted_and_officer(client, app)
    make_procedures(procedure_record(agency="OTHER-AGENCY"), agencies=[agency_record("OTHER-AGENCY")])
    app.test_cli_runner().invoke(args=["staff", "grant", "demo-officer-quang", "officer", "OTHER-AGENCY"])
    other = app.test_client()
    sign_in(other, sub="demo-officer-quang")
    assert check_page(other.get("/backoffice/queue")).find(class_="result") is None
    check_page(other.get(f"/backoffice/dossiers/{dossier.code}"), 404)


def test_receiving_sets_the_appointment_and_tells_the_citizen(client, app):
    dossier, officer = submitted_and_officer(client, app)
    response = officer.post(f"/backoffice/dossiers/{dossier.code}/receive",
                            data={"csrf_token": csrf_token(officer), "note": "Đủ giấy tờ"})
    assert response.status_code == 303
    dossier = only_dossier()
    assert dossier.state is DossierState.RECEIVED
    assert dossier.appointment_date == add_working_days(local_date(utcnow()), 3)
    assert dossier.events[-1].note == "Đủ giấy tờ" and dossier.events[-1].role == "officer"
    notice = db.session.scalar(select(Notification).order_by(Notification.id.desc()).limit(1))
    assert "đã được tiếp nhận" in notice.title and "hẹn trả kết quả" in notice.body and notice.person_id == dossier.owner_id
    again = officer.post(f"/backoffice/dossiers/{dossier.code}/receive", data={"csrf_token": csrf_token(officer)})
    assert again.status_code == 409


def test_refusing_to_receive_needs_a_reason(client, app):
    dossier, officer = submitted_and_officer(client, app)
    officer.post(f"/backoffice/dossiers/{dossier.code}/not-received", data={"csrf_token": csrf_token(officer),
                                                                             "reason": "  "})
    assert only_dossier().state is DossierState.SUBMITTED
    officer.post(f"/backoffice/dossiers/{dossier.code}/not-received",
                 data={"csrf_token": csrf_token(officer), "reason": "Sai cơ quan tiếp nhận"})
    assert only_dossier().state is DossierState.NOT_RECEIVED
    mine = check_page(client.get(f"/dossiers/{dossier.code}"))
    assert "Sai cơ quan tiếp nhận" in text_of(mine.find(class_="timeline"))


def test_a_citizen_cannot_act_at_the_desk(client, app):
    dossier, _ = submitted_and_officer(client, app)
    assert client.post(f"/backoffice/dossiers/{dossier.code}/receive",
                       data={"csrf_token": csrf_token(client)}).status_code == 403
    assert db.session.scalar(select(Dossier)).state is DossierState.SUBMITTED
