"""Handing in documents: type from content, limits, replace and remove, the wallet, downloads."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.documents.models import DossierDocument, StoredFile
from app.documents.services import Limits, UploadRefused, check_file, sniff
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.integrations.storage import storage
from tests import files
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, csrf_token, sign_in
from tests.test_dossiers import FORM, fill_in, start

DOCUMENTS = [
    {"code": "to-khai", "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True, "from_form": True},
    {"code": "giay-chung-sinh", "name": "Giấy chứng sinh", "form": "original", "copies": 1, "mandatory": True,
     "from_wallet": True},
    {"code": "cccd", "name": "Căn cước", "form": "copy", "copies": 1, "mandatory": True, "from_eid": True},
    {"code": "anh", "name": "Ảnh chân dung", "form": "original", "copies": 1, "mandatory": False},
]
LIMITS = Limits(per_file=10 * 1024 * 1024, per_dossier=50 * 1024 * 1024)


@pytest.fixture
def draft(client):
    from tests.factories import make_procedure

    procedure = make_procedure(form=FORM, processing_days=3, documents=DOCUMENTS)
    sign_in(client)
    start(client, procedure)
    return db.session.scalar(select(Dossier))


def upload(client, dossier, code, data: bytes, name="giay.png", field="file"):
    return client.post(f"/dossiers/{dossier.reference}/documents/{code}", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(client), field: (io.BytesIO(data), name)})


def counts():
    return (db.session.scalar(select(func.count()).select_from(StoredFile)),
            db.session.scalar(select(func.count()).select_from(DossierDocument)))


@pytest.mark.parametrize("data, kind", [(files.pdf(), "application/pdf"), (files.jpeg(), "image/jpeg"),
                                        (files.png(), "image/png"), (b"GIF89a....", None),
                                        (b"<html><script>", None)])
def test_the_type_comes_from_the_content(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("data, message", [
    (b"", "trống"),
    (b"MZ\x90\x00 an executable renamed .pdf", "không phải PDF, JPEG hay PNG"),
    (files.png()[:40], "bị hỏng"),
    (b"%PDF-1.4 cut off in the middle", "bị hỏng"),
])
def test_bad_files_are_refused_with_a_plain_message(data, message):
    with pytest.raises(UploadRefused, match=message):
        check_file("giay.pdf", data, LIMITS)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(UploadRefused, match="lớn hơn 1 MB"):
        check_file("big.png", files.png() + b"\0" * 1024 * 1024, Limits(per_file=1024 * 1024, per_dossier=LIMITS.per_dossier))


def test_the_documents_page_lists_what_to_hand_in_and_what_is_not_needed(client, draft):
    page = check_page(client.get(f"/dossiers/{draft.reference}/documents"))
    cards = [text_of(card.find("h2")) for card in page.find_all(class_="document-card")]
    assert cards == ["Giấy chứng sinh", "Ảnh chân dung (không bắt buộc)"]
    not_needed = text_of(page.find(class_="from-eid"))
    assert "Căn cước" in not_needed and "Tờ khai" in not_needed
    camera = page.find("input", attrs={"name": "photo"})
    assert camera["capture"] == "environment" and camera["accept"] == "image/jpeg,image/png"


def test_an_upload_is_stored_under_a_generated_name_and_listed(client, draft):
    response = upload(client, draft, "giay-chung-sinh", files.png(), name="../../etc/Giấy chứng sinh.png")
    assert response.status_code == 303
    stored = db.session.scalar(select(StoredFile))
    assert stored.name == "Giấy chứng sinh.png" and stored.content_type == "image/png"
    assert "Giấy" not in stored.storage_key and stored.storage_key.endswith(".png")
    assert len(stored.sha256) == 64 and stored.size == len(files.png())
    assert storage().get(stored.storage_key) == files.png()
    page = check_page(client.get(f"/dossiers/{draft.reference}/documents"))
    assert "Giấy chứng sinh.png" in text_of(page.find(id="doc-giay-chung-sinh"))


def test_a_photo_from_the_camera_is_taken_too(client, draft):
    assert upload(client, draft, "giay-chung-sinh", files.jpeg(), name="IMG_0001.jpg", field="photo").status_code == 303
    assert db.session.scalar(select(StoredFile.content_type)) == "image/jpeg"


def test_replacing_keeps_one_document_and_removing_detaches_it(client, draft):
    upload(client, draft, "giay-chung-sinh", files.png(), name="first.png")
    upload(client, draft, "giay-chung-sinh", files.pdf(), name="second.pdf")
    [given] = db.session.scalars(select(DossierDocument)).all()
    assert given.file.name == "second.pdf"
    response = client.post(f"/dossiers/{draft.reference}/documents/giay-chung-sinh",
                           data={"csrf_token": csrf_token(client), "action": "remove"})
    assert response.status_code == 303
    assert counts() == (2, 0)  # both files stay in the wallet


@pytest.mark.parametrize("data, name, message", [
    (b"", "empty.pdf", "trống"),
    (b"just text, named like a picture", "anh.jpg", "không phải PDF, JPEG hay PNG"),
    (files.png()[:50], "broken.png", "bị hỏng"),
])
def test_a_refused_upload_leaves_no_row_and_no_file(client, draft, data, name, message):
    before = set(storage().root.rglob("*"))
    page = check_page(upload(client, draft, "giay-chung-sinh", data, name=name), 400)
    assert message in text_of(page.find(class_="error-summary"))
    assert counts() == (0, 0)
    assert set(storage().root.rglob("*")) == before


def test_a_file_too_large_for_the_request_gets_a_clear_page(client, draft, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    response = upload(client, draft, "giay-chung-sinh", files.png(200, 200) + b"\0" * 4096)
    assert "quá lớn" in text_of(check_page(response, 413).find("h1"))
    assert counts() == (0, 0)


def test_the_dossier_total_is_limited(client, draft, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_DOSSIER_BYTES", len(files.png()) + 10)
    assert upload(client, draft, "giay-chung-sinh", files.png()).status_code == 303
    page = check_page(upload(client, draft, "anh", files.png()), 400)
    assert "Tổng dung lượng" in text_of(page.find(class_="error-summary"))


def test_an_earlier_upload_can_be_reused_from_the_wallet(client, draft):
    upload(client, draft, "anh", files.png(), name="chan-dung.png")
    stored = db.session.scalar(select(StoredFile))
    page = check_page(client.get(f"/dossiers/{draft.reference}/documents"))
    assert page.find("select", attrs={"name": "wallet_file"}) is None  # already used in this dossier
    client.post(f"/dossiers/{draft.reference}/documents/anh", data={"csrf_token": csrf_token(client), "action": "remove"})
    page = check_page(client.get(f"/dossiers/{draft.reference}/documents"))
    assert page.find("select", attrs={"name": "wallet_file"}).find("option")["value"] == str(stored.id)
    response = client.post(f"/dossiers/{draft.reference}/documents/giay-chung-sinh",
                           data={"csrf_token": csrf_token(client), "wallet_file": str(stored.id)})
    assert response.status_code == 303
    assert counts() == (1, 1)


def test_someone_elses_file_can_neither_be_reused_nor_downloaded(client, draft, app):
    upload(client, draft, "giay-chung-sinh", files.pdf(), name="mine.pdf")
    stored = db.session.scalar(select(StoredFile))
    other = app.test_client()
    sign_in(other, sub=CITIZEN_LEVEL_1)
    assert other.get(f"/files/{stored.id}").status_code == 404
    check_page(other.post(f"/dossiers/{draft.reference}/documents/giay-chung-sinh",
                          data={"csrf_token": csrf_token(other), "wallet_file": str(stored.id)}), 404)


def test_the_owner_downloads_a_file_as_an_attachment(client, draft):
    upload(client, draft, "giay-chung-sinh", files.pdf(), name="Giấy chứng sinh.pdf")
    stored = db.session.scalar(select(StoredFile))
    response = client.get(f"/files/{stored.id}")
    assert response.status_code == 200 and response.data == files.pdf()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Gi%E1%BA%A5y" in response.headers["Content-Disposition"]


def test_submission_needs_the_mandatory_documents(client, draft):
    fill_in(client, draft.reference)
    page = check_page(client.post(f"/dossiers/{draft.reference}/check",
                                  data={"csrf_token": csrf_token(client), "declaration": "y"}), 400)
    assert "Giấy chứng sinh" in text_of(page.find(class_="error-summary"))
    upload(client, draft, "giay-chung-sinh", files.pdf())
    response = client.post(f"/dossiers/{draft.reference}/check",
                           data={"csrf_token": csrf_token(client), "declaration": "y"})
    assert response.status_code == 303
    assert db.session.scalar(select(Dossier)).state is DossierState.SUBMITTED


def test_documents_cannot_change_after_submission(client, draft):
    upload(client, draft, "giay-chung-sinh", files.pdf())
    fill_in(client, draft.reference)
    client.post(f"/dossiers/{draft.reference}/check", data={"csrf_token": csrf_token(client), "declaration": "y"})
    page = check_page(upload(client, draft, "anh", files.png()), 400)
    assert "đã nộp" in text_of(page.find(class_="error-summary"))


def test_when_saving_the_rows_fails_the_stored_file_is_removed_again(client, draft, monkeypatch):
    from app.documents import services

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_attach", broken)
    before = {path for path in storage().root.rglob("*") if path.is_file()}
    with pytest.raises(RuntimeError):
        services.upload_document(draft, "giay-chung-sinh", "a.png", files.png(), LIMITS)
    assert counts() == (0, 0)
    assert {path for path in storage().root.rglob("*") if path.is_file()} == before
