"""The desk processes a dossier to its result, and the citizen follows: every allowed and forbidden
change per role, the supplement rules, transfer, results and their verification, access between
agencies."""

import hashlib
import io
from datetime import date, datetime, timedelta
from itertools import product

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.audit.models import AuditEvent
from app.backoffice import services as desk
from app.core.calendar import VIETNAM, add_working_days, local_date, working_days_between
from app.core.database import utcnow
from app.documents.models import StoredFile
from app.dossiers import deadlines, lifecycle
from app.dossiers.enums import DossierState as S
from app.dossiers.models import Dossier, Result, SupplementRequest
from app.dossiers.services import answer_supplement
from app.extensions import db
from app.identity.models import Person, SignInSession
from app.notifications.models import Notification
from tests.factories import agency_record, make_procedures, procedure_record
from tests.files import pdf, png
from tests.pages import check_page, text_of
from tests.signin import csrf_token, sign_in
from tests.test_dossiers import FORM, fill_in, only_dossier, post, start

DOCUMENTS = [
    {"code": "to-khai", "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True, "from_form": True},
    {"code": "cccd", "name": "Căn cước", "form": "original", "copies": 1, "mandatory": True, "from_eid": True},
    {"code": "giay-xac-nhan", "name": "Giấy xác nhận nơi làm việc", "form": "copy", "copies": 1,
     "mandatory": True, "from_wallet": True},
    {"code": "anh", "name": "Ảnh chân dung", "form": "original", "copies": 1, "mandatory": False},
]

# Who may move a dossier from which state to which, written out here independently of the code:
# anything not listed is forbidden for everyone.
EXPECTED = {
    (None, S.DRAFT): {"citizen", "assistant"},
    (S.DRAFT, S.SUBMITTED): {"citizen", "assistant"},
    (S.DRAFT, S.AWAITING_PAYMENT): {"citizen", "assistant"},
    (S.AWAITING_PAYMENT, S.SUBMITTED): {"system"},
    (S.AWAITING_PAYMENT, S.WITHDRAWN): {"citizen"},
    (S.SUBMITTED, S.RECEIVED): {"officer"},
    (S.SUBMITTED, S.NOT_RECEIVED): {"officer"},
    (S.SUBMITTED, S.WITHDRAWN): {"citizen"},
    (S.RECEIVED, S.PROCESSING): {"officer"},
    (S.RECEIVED, S.SUPPLEMENT_REQUESTED): {"officer", "specialist"},
    (S.RECEIVED, S.WITHDRAWN): {"citizen"},
    (S.PROCESSING, S.SUPPLEMENT_REQUESTED): {"officer", "specialist"},
    (S.PROCESSING, S.RESULT_READY): {"officer", "specialist"},
    (S.PROCESSING, S.REFUSED): {"officer", "specialist"},
    (S.PROCESSING, S.WITHDRAWN): {"citizen"},
    (S.SUPPLEMENT_REQUESTED, S.PROCESSING): {"citizen"},
    (S.SUPPLEMENT_REQUESTED, S.WITHDRAWN): {"citizen"},
    (S.RESULT_READY, S.RETURNED): {"officer"},
}
EXPECTED_STEPS = {
    ("assigned", S.PROCESSING): {"officer"},
    ("transferred", S.RECEIVED): {"officer"},
    ("transferred", S.PROCESSING): {"officer"},
    **{("apology", state): {"system"} for state in (S.SUBMITTED, S.RECEIVED, S.PROCESSING)},
}
ROLES = ("citizen", "assistant", "officer", "specialist", "system")


@pytest.mark.parametrize("current, to, role", [
    (current, to, role) for current, to, role in product([None, *S], S, ROLES)])
def test_every_change_of_state_is_allowed_only_to_the_roles_the_lifecycle_names(current, to, role):
    dossier = Dossier(state=current or S.DRAFT, code="X-1")
    dossier.id = None if current is None else 1
    allowed = role in EXPECTED.get((current, to), set())
    assert lifecycle.can(dossier, to, role) is allowed
    if not allowed:
        with pytest.raises(lifecycle.TransitionRefused):
            lifecycle.transition(dossier, to, actor=None, role=role)
        assert dossier.state is (current or S.DRAFT)


@pytest.mark.parametrize("step, state, role", list(product(["assigned", "transferred", "apology"], S, ROLES)))
def test_every_step_that_keeps_the_state_is_allowed_only_where_the_lifecycle_says(step, state, role):
    dossier = Dossier(state=state, code="X-1")
    dossier.id = 1
    assert lifecycle.can_step(dossier, step, role) is (role in EXPECTED_STEPS.get((step, state), set()))


def upload(client, dossier, code, data: bytes, name="giay.png"):
    return client.post(f"/dossiers/{dossier.key}/documents/{code}", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name)})


def staff(app, sub: str, role: str, agency: str = "UBND-XA-TEST"):
    app.test_cli_runner().invoke(args=["staff", "grant", sub, role, agency])
    client = app.test_client()
    sign_in(client, sub=sub)
    return client


def received(client, app, clock: str = "continue", processing_days: int = 5):
    """A dossier with an uploaded document, submitted by the level-2 citizen and received by the officer."""
    [procedure] = make_procedures(procedure_record(form=FORM, documents=DOCUMENTS, processing_days=processing_days,
                                                   supplement_clock=clock))
    sign_in(client)
    start(client, procedure)
    dossier = only_dossier()
    fill_in(client, dossier.reference)
    assert upload(client, dossier, "giay-xac-nhan", png()).status_code == 303
    assert post(client, f"/dossiers/{dossier.reference}/check", {"declaration": "y"}).status_code == 303
    officer = staff(app, "demo-officer-ha", "officer")
    assert post(officer, f"/backoffice/dossiers/{only_dossier().code}/receive", {}).status_code == 303
    return only_dossier(), officer


def processing(client, app, **options):
    """A received dossier the officer has taken on themselves."""
    dossier, officer = received(client, app, **options)
    me = dossier.events[-1].actor_id
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/assign", {"assignee": str(me)}).status_code == 303
    return only_dossier(), officer


def test_the_officer_assigns_a_specialist_who_alone_of_the_specialists_may_act(client, app):
    dossier, officer = received(client, app)
    specialist = staff(app, "demo-officer-quang", "specialist")
    other = staff(app, "demo-citizen-nam", "specialist")
    page = check_page(officer.get(f"/backoffice/dossiers/{dossier.code}"))
    options = {option.text for option in page.find(id="assignee").find_all("option")}
    assert {"Hoàng Văn Quang", "Lê Hoàng Nam", "Phạm Thu Hà"} <= options
    quang = next(option["value"] for option in page.find(id="assignee").find_all("option")
                 if option.text == "Hoàng Văn Quang")
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/assign", {"assignee": quang}).status_code == 303
    dossier = only_dossier()
    assert dossier.state is S.PROCESSING and dossier.assignee.full_name == "Hoàng Văn Quang"
    assert "Hoàng Văn Quang" in dossier.events[-1].note
    assert post(other, f"/backoffice/dossiers/{dossier.code}/refuse", {"reason": "Không"}).status_code == 403
    assert only_dossier().state is S.PROCESSING
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "access_denied",
                                                      AuditEvent.subject == dossier.code)) is not None
    check_page(specialist.get(f"/backoffice/dossiers/{dossier.code}/refuse"))
    assert post(specialist, f"/backoffice/dossiers/{dossier.code}/refuse", {"reason": "Không đủ điều kiện"}
                ).status_code == 303
    assert only_dossier().state is S.REFUSED and only_dossier().decided_at is not None


def test_assigning_someone_outside_the_agency_is_refused(client, app):
    dossier, officer = received(client, app)
    make_procedures(procedure_record(agency="OTHER"), agencies=[agency_record("OTHER")])
    staff(app, "demo-officer-quang", "specialist", agency="OTHER")
    outsider = db.session.scalar(select(Person).where(Person.subject == "demo-officer-quang"))
    for someone in (outsider.id, dossier.owner_id):
        response = post(officer, f"/backoffice/dossiers/{dossier.code}/assign", {"assignee": str(someone)})
        assert response.status_code == 400
    assert only_dossier().state is S.RECEIVED and only_dossier().assignee_id is None


def test_a_supplement_offers_only_the_published_documents_the_citizen_hands_in(client, app):
    dossier, officer = processing(client, app)
    page = check_page(officer.get(f"/backoffice/dossiers/{dossier.code}/supplement"))
    offered = {box["value"] for box in page.find_all("input", type="checkbox")}
    assert offered == {"giay-xac-nhan", "anh"}  # not the e-form's paper, not the eID's


@pytest.mark.parametrize("codes", [["giay-khai-sinh-ban-sao"], ["cccd"], ["to-khai"], ["anh", "ho-khau"]])
def test_asking_for_a_paper_outside_the_list_is_refused_and_nothing_is_saved(client, app, codes):
    dossier, officer = processing(client, app)
    response = post(officer, f"/backoffice/dossiers/{dossier.code}/supplement",
                    {"documents": codes, "reason": "Cần thêm giấy tờ"})
    assert response.status_code == 400
    assert "danh mục thủ tục đã công bố" in text_of(check_page(response, 400).find(class_="error-summary"))
    assert only_dossier().state is S.PROCESSING
    assert db.session.scalar(select(func.count()).select_from(SupplementRequest)) == 0


def test_a_supplement_needs_a_reason_and_a_document(client, app):
    dossier, officer = processing(client, app)
    for data in ({"documents": ["anh"], "reason": "  "}, {"reason": "Ảnh mờ"}):
        response = post(officer, f"/backoffice/dossiers/{dossier.code}/supplement", data)
        assert response.status_code == 400
    assert only_dossier().state is S.PROCESSING


def test_a_supplement_is_asked_once_and_the_citizen_answers_with_exactly_those_documents(client, app):
    dossier, officer = processing(client, app)
    response = post(officer, f"/backoffice/dossiers/{dossier.code}/supplement",
                    {"documents": ["giay-xac-nhan"], "reason": "Ảnh chụp mờ, không đọc được"})
    assert response.status_code == 303
    dossier = only_dossier()
    assert dossier.state is S.SUPPLEMENT_REQUESTED
    notice = db.session.scalar(select(Notification).order_by(Notification.id.desc()).limit(1))
    assert "cần bổ sung" in notice.title and "Ảnh chụp mờ" in notice.body

    page = check_page(client.get(f"/dossiers/{dossier.code}"))
    assert "Ảnh chụp mờ" in text_of(page.find(class_="panel--action"))
    form_page = check_page(client.get(f"/dossiers/{dossier.code}/supplement"))
    assert [section["id"] for section in form_page.find_all("section")] == ["doc-giay-xac-nhan"]

    # Not yet uploaded again: refused, the dossier still waits.
    refused = post(client, f"/dossiers/{dossier.code}/supplement", {"note": "Đây"})
    assert refused.status_code == 400 and "Chưa tải lên giấy tờ bổ sung" in refused.get_data(as_text=True)
    # A document that was not asked for cannot change; the refusal shows beside the one that was.
    refused_upload = upload(client, dossier, "anh", png())
    assert refused_upload.status_code == 400
    assert check_page(refused_upload, 400).find(class_="error-summary").find("a")["href"] == "#file-giay-xac-nhan"
    # The file the officer could not read does not answer the request, not even from the wallet.
    first_file = db.session.scalar(select(StoredFile.id).where(StoredFile.name == "giay.png"))
    page = check_page(client.get(f"/dossiers/{dossier.code}/supplement"))
    assert page.find("option", value=str(first_file)) is None
    again = client.post(f"/dossiers/{dossier.code}/documents/giay-xac-nhan", data={
        "csrf_token": csrf_token(client), "wallet_file": str(first_file)})
    assert again.status_code == 400
    assert upload(client, dossier, "giay-xac-nhan", png(80, 60), "ro-hon.png").status_code == 303
    assert post(client, f"/dossiers/{dossier.code}/supplement", {"note": "Đã chụp lại"}).status_code == 303
    dossier = only_dossier()
    assert dossier.state is S.PROCESSING and dossier.supplement.answer_note == "Đã chụp lại"
    assert dossier.supplement.replaced_files == {"giay-xac-nhan": first_file}
    desk_page = check_page(officer.get(f"/backoffice/dossiers/{dossier.code}"))
    kept = desk_page.find("a", string="Giấy xác nhận nơi làm việc")
    assert officer.get(kept["href"]).data == png()
    assert upload(client, dossier, "giay-xac-nhan", png()).status_code == 400  # answered: closed again

    again = post(officer, f"/backoffice/dossiers/{dossier.code}/supplement",
                 {"documents": ["anh"], "reason": "Thêm ảnh"})
    assert again.status_code == 303  # the page is no longer offered
    assert only_dossier().state is S.PROCESSING
    assert db.session.scalar(select(func.count()).select_from(SupplementRequest)) == 1


def clock_test(client, app, clock: str):
    """A dossier received on Monday 23 November 2026 with 5 working days (due Monday 30 November), a
    supplement asked on Wednesday 25 November and answered a week later, on Wednesday 2 December."""
    dossier, officer = processing(client, app, clock=clock, processing_days=5)
    dossier.appointment_date = date(2026, 11, 30)
    db.session.commit()
    officer_person = dossier.events[-1].actor
    desk.request_supplement(dossier, officer_person, ["anh"], "Thiếu ảnh", today=date(2026, 11, 25))
    upload(client, dossier, "anh", png())
    answer_supplement(only_dossier(), dossier.owner, "", on=date(2026, 12, 2))
    return only_dossier()


def test_the_clock_stops_during_a_supplement_and_continues_with_the_days_left(client, app):
    dossier = clock_test(client, app, "continue")
    assert dossier.supplement.days_left == 3  # Thursday, Friday, Monday were left
    assert dossier.appointment_date == date(2026, 12, 7)  # 3 working days after Wednesday 2 December


def test_a_procedure_whose_clock_restarts_gets_its_full_time_again(client, app):
    dossier = clock_test(client, app, "restart")
    assert dossier.appointment_date == date(2026, 12, 9)  # 5 working days after Wednesday 2 December


def test_a_dossier_waiting_for_a_supplement_is_not_overdue(client, app):
    dossier, officer = processing(client, app)
    post(officer, f"/backoffice/dossiers/{dossier.code}/supplement", {"documents": ["anh"], "reason": "Thiếu ảnh"})
    dossier = only_dossier()
    dossier.appointment_date = date(2026, 1, 5)
    db.session.commit()
    assert not deadlines.is_overdue(dossier) and deadlines.days_left(dossier) is None
    page = check_page(officer.get("/backoffice/queue", query_string={"due": "overdue"}))
    assert page.find(class_="result") is None


def test_the_generated_e_result_has_a_qr_code_to_a_page_that_confirms_it(client, app):
    dossier, officer = processing(client, app)
    check_page(officer.get(f"/backoffice/dossiers/{dossier.code}/result"))
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "generate"}).status_code == 303
    dossier = only_dossier()
    assert dossier.state is S.RESULT_READY and dossier.result.kind == "generated"
    assert (dossier.result_kind, dossier.on_time, dossier.days_taken) == ("generated", True, 0)
    download = client.get(f"/files/{dossier.result.file.id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    content = download.data
    assert hashlib.sha256(content).hexdigest() == dossier.result.sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert dossier.code in text and "Nguyễn Thị Lan" in text and f"/verify/{dossier.result.token}" in text

    anyone = app.test_client()
    page = check_page(anyone.get(f"/verify/{dossier.result.token}"))
    facts = text_of(page.find("dl"))
    assert dossier.code in facts and dossier.result.sha256 in facts and "N***** T** L**" in facts
    assert "Nguyễn Thị Lan" not in text_of(page)
    same = anyone.post(f"/verify/{dossier.result.token}", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(anyone, f"/verify/{dossier.result.token}"), "file": (io.BytesIO(content), "kq.pdf")})
    assert "trùng khớp với kết quả đã cấp" in text_of(check_page(same))
    forged = anyone.post(f"/verify/{dossier.result.token}", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(anyone, f"/verify/{dossier.result.token}"),
        "file": (io.BytesIO(content + b"%"), "kq.pdf")})
    assert "KHÔNG trùng khớp" in text_of(check_page(forged))


def test_an_unknown_verification_code_says_the_paper_is_not_genuine(client):
    page = check_page(client.get("/verify/khong-co-ma-nay"), 404)
    assert "không phải do Cổng Dịch vụ công cấp" in text_of(page)


def test_the_result_goes_to_the_citizens_wallet_for_reuse(client, app):
    dossier, officer = processing(client, app)
    post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "generate"})
    result_file = only_dossier().result.file
    [procedure] = make_procedures(procedure_record(form=FORM, documents=DOCUMENTS))
    start(client, procedure)
    draft = db.session.scalar(select(Dossier).where(Dossier.code.is_(None)))
    page = check_page(client.get(f"/dossiers/{draft.reference}/documents"))
    wallet = {option["value"] for option in page.find(id="wallet-giay-xac-nhan").find_all("option")}
    assert str(result_file.id) in wallet


def test_an_uploaded_result_must_be_a_pdf_and_a_failed_one_leaves_nothing(client, app):
    dossier, officer = processing(client, app)
    files_before = db.session.scalar(select(func.count()).select_from(StoredFile))
    image = officer.post(f"/backoffice/dossiers/{dossier.code}/result", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(officer), "how": "upload", "file": (io.BytesIO(png()), "kq.png")})
    assert image.status_code == 400 and "PDF" in image.get_data(as_text=True)
    missing = post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "upload"})
    assert missing.status_code == 400
    assert only_dossier().state is S.PROCESSING
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == files_before
    signed = officer.post(f"/backoffice/dossiers/{dossier.code}/result", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(officer), "how": "upload", "file": (io.BytesIO(pdf()), "ket-qua.pdf")})
    assert signed.status_code == 303
    result = db.session.scalar(select(Result))
    assert result.kind == "uploaded" and result.sha256 == hashlib.sha256(pdf()).hexdigest()


def test_the_officer_marks_the_result_returned_and_the_dossier_is_finished(client, app):
    dossier, officer = processing(client, app)
    post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "generate"})
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/returned", {"note": "Đã nhận"}).status_code == 303
    assert only_dossier().state is S.RETURNED
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/returned", {}).status_code == 409


def test_a_transferred_dossier_leaves_the_first_agency_for_the_second(client, app):
    dossier, officer = processing(client, app)
    make_procedures(procedure_record(agency="SO-TU-PHAP"), agencies=[agency_record("SO-TU-PHAP")])
    page = check_page(officer.get(f"/backoffice/dossiers/{dossier.code}/transfer"))
    target = next(option["value"] for option in page.find(id="agency").find_all("option")
                  if "SO-TU-PHAP" in option.text)
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/transfer", {"agency": target, "note": ""}
                ).status_code == 400
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/transfer",
                {"agency": target, "note": "Cần Sở Tư pháp xác minh"}).status_code == 303
    dossier = only_dossier()
    assert dossier.agency.code == "SO-TU-PHAP" and dossier.assignee_id is None
    assert dossier.events[-1].step == "transferred" and dossier.state is S.PROCESSING
    check_page(officer.get(f"/backoffice/dossiers/{dossier.code}"), 404)
    receiving = staff(app, "demo-officer-quang", "officer", agency="SO-TU-PHAP")
    check_page(receiving.get(f"/backoffice/dossiers/{dossier.code}"))


def test_officers_of_another_agency_and_other_citizens_reach_nothing(client, app):
    dossier, _officer = processing(client, app)
    make_procedures(procedure_record(agency="OTHER"), agencies=[agency_record("OTHER")])
    stranger = staff(app, "demo-officer-quang", "officer", agency="OTHER")
    for path in ("", "/supplement", "/result", "/refuse", "/transfer"):
        check_page(stranger.get(f"/backoffice/dossiers/{dossier.code}{path}"), 404)
    file_id = db.session.scalar(select(StoredFile.id))
    assert stranger.get(f"/backoffice/dossiers/{dossier.code}/files/{file_id}").status_code == 404
    denials = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "access_denied",
                                                          AuditEvent.subject == dossier.code))
    assert len(list(denials)) == 6
    neighbour = app.test_client()
    sign_in(neighbour, sub="demo-citizen-nam")
    for path in ("", "/supplement"):
        check_page(neighbour.get(f"/dossiers/{dossier.code}{path}"), 404)


def test_both_sides_download_the_documents_handed_in(client, app):
    dossier, officer = processing(client, app)
    mine = check_page(client.get(f"/dossiers/{dossier.code}")).find("a", string="giay.png")
    assert client.get(mine["href"]).data == png()
    page = check_page(officer.get(f"/backoffice/dossiers/{dossier.code}"))
    link = page.find("a", string="giay.png")
    response = officer.get(link["href"])
    assert response.status_code == 200 and response.data == png()


def test_every_desk_action_is_in_the_audit_log_with_who_did_it(client, app):
    dossier, officer = processing(client, app)
    post(officer, f"/backoffice/dossiers/{dossier.code}/supplement", {"documents": ["anh"], "reason": "Thiếu ảnh"})
    upload(client, dossier, "anh", png())
    post(client, f"/dossiers/{dossier.code}/supplement", {})
    post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "generate"})
    post(officer, f"/backoffice/dossiers/{dossier.code}/returned", {})
    events = [(entry.event, entry.person_id) for entry in db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject == dossier.code).order_by(AuditEvent.id))]
    officer_id = only_dossier().events[2].actor_id
    assert [name for name, _ in events] == ["dossier_received", "dossier_assigned", "dossier_supplement_requested",
                                            "dossier_supplemented", "dossier_result_issued", "dossier_returned"]
    assert {person for name, person in events if name != "dossier_supplemented"} == {officer_id}


def test_my_dossiers_shows_the_working_days_left_and_the_overdue_flag(client, app, monkeypatch):
    dossier, _officer = received(client, app, processing_days=5)
    today = local_date(utcnow())
    page = check_page(client.get("/dossiers"))
    left = working_days_between(today, add_working_days(today, 5))
    assert f"còn {left} ngày làm việc" in text_of(page.find(class_="result-list"))
    for timeout in ("SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_TIMEOUT"):
        monkeypatch.setitem(app.config, timeout, timedelta(days=30))
    with time_machine.travel(datetime.combine(add_working_days(today, 6), datetime.min.time(), VIETNAM) + timedelta(hours=9)):
        page = check_page(client.get("/dossiers"))
        assert "Quá hạn" in text_of(page.find(class_="result-list"))
        status = check_page(client.get(f"/dossiers/{dossier.code}")).find(id="dossier-status")
        assert "Quá hạn" in text_of(status)


def test_the_open_dossier_page_asks_again_and_gets_nothing_until_something_changes(client, app):
    dossier, officer = received(client, app)
    region = check_page(client.get(f"/dossiers/{dossier.code}")).find(id="dossier-status")
    url, version = region["data-refresh-url"], region["data-version"]
    assert url == f"/dossiers/{dossier.code}/status"
    assert client.get(url, query_string={"since": version}).status_code == 204
    post(officer, f"/backoffice/dossiers/{dossier.code}/supplement", {"documents": ["anh"], "reason": "Thiếu ảnh"})
    changed = client.get(url, query_string={"since": version})
    assert changed.status_code == 200 and "Thiếu ảnh" in changed.get_data(as_text=True)
    assert changed.get_data(as_text=True).lstrip().startswith('<div id="dossier-status"')


def test_asking_for_changes_does_not_keep_the_session_alive(client, app):
    dossier, _officer = received(client, app)
    sign_in_session = db.session.scalar(select(SignInSession).where(SignInSession.person_id == dossier.owner_id,
                                                                    SignInSession.ended_at.is_(None)))
    seen = sign_in_session.last_seen_at
    with time_machine.travel(utcnow() + timedelta(minutes=5)):
        assert client.get(f"/dossiers/{dossier.code}/status", query_string={"since": "x"}).status_code == 200
    db.session.refresh(sign_in_session)
    assert sign_in_session.last_seen_at == seen
    neighbour = app.test_client()
    assert neighbour.get(f"/dossiers/{dossier.code}/status").status_code == 204  # signed out: nothing to show


def test_a_finished_dossier_cannot_be_acted_on_by_anyone(client, app):
    dossier, officer = processing(client, app)
    post(client, f"/dossiers/{dossier.code}/withdraw", {"reason": "Không cần nữa"})
    assert only_dossier().state is S.WITHDRAWN
    for path, data in (("/result", {"how": "generate"}), ("/refuse", {"reason": "x"}),
                       ("/supplement", {"documents": ["anh"], "reason": "x"})):
        assert post(officer, f"/backoffice/dossiers/{dossier.code}{path}", data).status_code == 303
    assert only_dossier().state is S.WITHDRAWN
    assert db.session.scalar(select(func.count()).select_from(Result)) == 0


def test_a_change_checked_against_a_state_that_has_moved_on_is_refused(client, app):
    dossier, officer = processing(client, app)
    # Someone else withdraws it a moment before; this request still holds the dossier as it was.
    officer_person = dossier.events[-1].actor
    db.session.execute(update(Dossier).where(Dossier.id == dossier.id).values(state=S.WITHDRAWN)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    set_committed_value(dossier, "state", S.PROCESSING)
    with pytest.raises(lifecycle.TransitionRefused):
        desk.refuse(dossier, officer_person, "Không đủ điều kiện")
    db.session.expire_all()
    assert only_dossier().state is S.WITHDRAWN and only_dossier().decided_at is None
