"""Feedback and petitions (PAKN): sent by anyone, answered by the agency concerned, followed by code,
published without personal data when the sender agreed."""

import io

from sqlalchemy import func, select

from app.documents.models import StoredFile
from app.extensions import db
from app.feedback.models import Petition
from app.feedback.services import redacted
from app.notifications.models import Notification, OutboxMessage
from tests.files import png
from tests.pages import check_page, text_of
from tests.signin import csrf_token, sign_in
from tests.test_dossiers import post
from tests.test_processing import received, staff


def send(client, data: dict, attachment: bytes | None = None):
    fields = {"csrf_token": csrf_token(client, "/feedback/new"), **data}
    if attachment is not None:
        fields["attachment"] = (io.BytesIO(attachment), "anh.png")
    return client.post("/feedback/new", data=fields, content_type="multipart/form-data")


def petitions() -> int:
    return db.session.scalar(select(func.count()).select_from(Petition))


def test_someone_without_an_account_sends_feedback_on_a_procedure_and_follows_it(client, app):
    dossier, officer = received(client, app)
    anonymous = app.test_client()
    check_page(anonymous.get(f"/feedback/new?procedure={dossier.procedure.code}"))
    response = send(anonymous, {"category": "rules", "procedure": dossier.procedure.code,
                                "text": "Tờ khai yêu cầu quá nhiều thông tin.", "contact_phone": "0987 654 321",
                                "contact_name": "Trần Văn Bình", "publish_consent": "y"}, attachment=png())
    assert response.status_code == 303
    petition = db.session.scalar(select(Petition))
    assert petition.code.startswith("PAKN-") and petition.contact_phone == "0987654321"
    assert petition.agency_id == dossier.procedure.agency_id and petition.attachment.owner_id is None
    page = check_page(anonymous.get(response.headers["Location"]))
    assert "Đã tiếp nhận" in text_of(page)
    sms = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "0987654321"))
    assert sms is not None and petition.code in sms.body


def test_feedback_needs_text_a_subject_and_a_way_to_answer(client, app):
    dossier, _officer = received(client, app)
    anonymous = app.test_client()
    for data in ({"category": "rules", "procedure": dossier.procedure.code, "text": "Chậm",
                  "contact_phone": ""},
                 {"category": "rules", "procedure": "0.000000", "text": "Chậm", "contact_phone": "0912345678"},
                 {"category": "rules", "procedure": dossier.procedure.code, "text": "", "contact_phone": "0912345678"},
                 {"category": "handling", "procedure": "", "text": "Chậm", "contact_phone": "0912345678"},
                 {"category": "rules", "procedure": dossier.procedure.code, "text": "Chậm", "contact_phone": "12"},
                 {"category": "spam", "procedure": dossier.procedure.code, "text": "x", "contact_phone": "0912345678"}):
        response = send(anonymous, data)
        assert response.status_code == 400, data
        assert check_page(response, 400).find(class_="error-summary") is not None
    assert petitions() == 0


def test_a_bad_attachment_is_refused_and_nothing_is_kept(client, app):
    dossier, _officer = received(client, app)
    files = db.session.scalar(select(func.count()).select_from(StoredFile))
    response = send(client, {"category": "rules", "procedure": dossier.procedure.code, "text": "Xem tệp"},
                    attachment=b"MZ not an image")
    assert response.status_code == 400
    assert petitions() == 0 and db.session.scalar(select(func.count()).select_from(StoredFile)) == files


def test_a_signed_in_citizen_gives_feedback_on_their_own_dossier_only(client, app):
    dossier, _officer = received(client, app)
    response = send(client, {"category": "handling", "dossier": dossier.code, "text": "Cán bộ hẹn lại nhiều lần."})
    assert response.status_code == 303
    petition = db.session.scalar(select(Petition))
    assert petition.dossier_id == dossier.id and petition.agency_id == dossier.agency_id
    assert db.session.scalar(select(Notification).where(Notification.link == f"/feedback/{petition.code}"))
    neighbour = app.test_client()
    sign_in(neighbour, sub="demo-citizen-nam")
    refused = send(neighbour, {"category": "handling", "dossier": dossier.code, "text": "Không phải của tôi"})
    assert refused.status_code == 400 and petitions() == 1


def test_the_agency_answers_and_publishes_without_personal_data(client, app):
    dossier, officer = received(client, app)
    send(client, {"category": "handling", "dossier": dossier.code, "publish_consent": "y",
                  "text": "Tôi là Nguyễn Thị Lan, số 001188012345, gọi 0912345678 mà không ai nghe."})
    petition = db.session.scalar(select(Petition))
    queue = check_page(officer.get("/backoffice/feedback"))
    assert petition.code in text_of(queue)
    page = check_page(officer.get(f"/backoffice/feedback/{petition.code}"))
    assert "Đang xử lý" in text_of(page)
    assert post(officer, f"/backoffice/feedback/{petition.code}", {"answer": "  "}).status_code == 400
    assert post(officer, f"/backoffice/feedback/{petition.code}", {
        "answer": "Cơ quan đã nhắc nhở cán bộ; chị Lan gọi 024 3825 1234 nếu cần.", "publish": "y"}).status_code == 303
    db.session.refresh(petition)
    assert petition.status == "answered" and petition.published
    public = text_of(check_page(app.test_client().get("/feedback")))
    assert "mà không ai nghe" in public and "không ai nghe" in public
    for secret in ("Nguyễn Thị Lan", "001188012345", "0912345678", "3825 1234"):
        assert secret not in public, secret
    found = text_of(check_page(app.test_client().get("/feedback", query_string={"q": "nhắc nhở"})))
    assert petition.code in found
    none = text_of(check_page(app.test_client().get("/feedback", query_string={"q": "hộ chiếu"})))
    assert petition.code not in none


def test_without_consent_an_answer_stays_private(client, app):
    dossier, officer = received(client, app)
    send(client, {"category": "handling", "dossier": dossier.code, "text": "Chậm trả kết quả"})
    petition = db.session.scalar(select(Petition))
    post(officer, f"/backoffice/feedback/{petition.code}", {"answer": "Đã xử lý", "publish": "y"})
    db.session.refresh(petition)
    assert not petition.published and petition.code not in text_of(check_page(app.test_client().get("/feedback")))


def test_another_agency_cannot_see_the_petition(client, app):
    dossier, _officer = received(client, app)
    send(client, {"category": "handling", "dossier": dossier.code, "text": "Chậm"})
    petition = db.session.scalar(select(Petition))
    from tests.factories import agency_record, make_procedures, procedure_record

    make_procedures(procedure_record(agency="OTHER"), agencies=[agency_record("OTHER")])
    other = staff(app, "demo-officer-quang", "officer", agency="OTHER")
    assert other.get(f"/backoffice/feedback/{petition.code}").status_code == 404
    assert petition.code not in text_of(check_page(other.get("/backoffice/feedback")))


def test_an_unknown_code_is_not_found(client):
    assert client.get("/feedback/PAKN-000000-XXXXXXXX").status_code == 404


def test_personal_data_is_blanked_out_before_publishing():
    text = "Liên hệ an.tran@example.vn hoặc +84 912 345 678, CCCD 079095004321; ông An đã đến, anh Thanh thì không."
    assert redacted(text, ["An"]) == "Liên hệ […] hoặc […], CCCD […]; ông […] đã đến, anh Thanh thì không."


def test_an_oversized_attachment_is_refused_with_a_clear_message(client, app, monkeypatch):
    dossier, _officer = received(client, app)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_FILE_BYTES", 1000)
    response = send(client, {"category": "rules", "procedure": dossier.procedure.code, "text": "Ảnh kèm"},
                    attachment=png(400, 400))
    assert response.status_code == 400 and "MB" in text_of(check_page(response, 400).find(class_="error-summary"))
    assert petitions() == 0


def test_a_flood_of_feedback_is_slowed_down(client, app):
    dossier, _officer = received(client, app)
    statuses = [send(client, {"category": "rules", "procedure": dossier.procedure.code, "text": f"Lần {number}"}
                     ).status_code for number in range(12)]
    assert 429 in statuses and petitions() == 10
