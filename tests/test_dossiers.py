"""Filling in and submitting a dossier online, page by page, through the views."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader

from sqlalchemy import func, select

from app.core.calendar import add_working_days, local_date
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.dossiers.lifecycle import TransitionRefused
from app.dossiers.services import complete_submission, pages_of, save_page, submit_dossier
from app.extensions import db
from tests.factories import MINIMAL_FORM, agency_record, make_procedure, make_procedures, procedure_record
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, CITIZEN_LEVEL_2, csrf_token, sign_in

FORM = {"pages": [
    MINIMAL_FORM["pages"][0] | {"fields": [
        *MINIMAL_FORM["pages"][0]["fields"],
        {"name": "so_dinh_danh", "type": "personal_id", "label": {"vi": "Số định danh", "en": "ID number"},
         "required": True, "prefill": "personal_id"},
        {"name": "ly_do", "type": "select", "label": {"vi": "Lý do", "en": "Reason"}, "required": True,
         "options": [{"value": "moi", "label": {"vi": "Cấp mới", "en": "New"}},
                     {"value": "mat", "label": {"vi": "Bị mất", "en": "Lost"}}]},
        {"name": "ngay_mat", "type": "date", "label": {"vi": "Ngày mất", "en": "Date lost"}, "required": True,
         "show_if": {"field": "ly_do", "equals": "mat"}, "validation": {"max_date": "today"}},
    ]},
    {"id": "gia-dinh", "title": {"vi": "Gia đình", "en": "Family"}, "fields": [
        {"name": "thanh_vien", "type": "group", "label": {"vi": "Thành viên", "en": "Members"},
         "item_label": {"vi": "Thành viên", "en": "Member"}, "repeat": {"min": 1, "max": 3}, "fields": [
             {"name": "ho_ten", "type": "text", "label": {"vi": "Họ và tên", "en": "Full name"}, "required": True},
             {"name": "so_tien", "type": "money", "label": {"vi": "Thu nhập", "en": "Income"}},
         ]},
    ]},
]}


FORM_ONLY = [{"code": "to-khai", "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True,
              "from_form": True}]


def a_procedure(**overrides):
    """A procedure whose only paper is the application form itself, filled in on the portal."""
    return make_procedure(**{"form": FORM, "processing_days": 3, "documents": FORM_ONLY, **overrides})


def start(client, procedure) -> str:
    response = client.post(f"/dossiers/new/{procedure.code}", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303, response.data[:300]
    return response.headers["Location"]


def post(client, url: str, data: dict):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def only_dossier() -> Dossier:
    return db.session.scalar(select(Dossier))


def test_starting_makes_a_draft_with_the_eid_answers_already_in(client):
    procedure = a_procedure()
    sign_in(client)
    tasks = start(client, procedure)
    page = check_page(client.get(tasks))
    assert "Đã xong 0/2 phần" in text_of(page.find("main"))
    dossier = only_dossier()
    assert dossier.state is DossierState.DRAFT and dossier.code is None
    assert dossier.answers == {"ho_ten": "Nguyễn Thị Lan", "so_dinh_danh": "001188012345"}
    step = check_page(client.get(f"/dossiers/{dossier.reference}/pages/nguoi-yeu-cau"))
    assert "Nguyễn Thị Lan" in text_of(step.find(class_="from-eid"))
    assert step.find("input", attrs={"name": "ho_ten"}) is None  # not asked again


def test_a_page_with_mistakes_is_shown_again_with_plain_messages_and_nothing_is_saved(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    url = f"/dossiers/{only_dossier().reference}/pages/nguoi-yeu-cau"
    page = check_page(post(client, url, {"ly_do": "mat", "ngay_mat": "31/02/2026"}), 400)
    summary = text_of(page.find(class_="error-summary"))
    assert "“Ngày mất” phải là một ngày có thật" in summary
    assert page.find("input", attrs={"name": "ngay_mat"})["value"] == "31/02/2026"
    assert page.title.get_text().startswith("Lỗi:")
    check_page(post(client, url, {"ly_do": "stolen"}), 400)
    assert only_dossier().completed_pages == []


def test_a_condition_not_met_drops_the_answer(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    url = f"/dossiers/{only_dossier().reference}/pages/nguoi-yeu-cau"
    response = post(client, url, {"ly_do": "moi", "ngay_mat": "2026-01-01"})
    assert response.status_code == 303
    assert "ngay_mat" not in only_dossier().answers


def test_repeating_groups_add_and_remove_items_without_javascript(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    url = f"/dossiers/{only_dossier().reference}/pages/gia-dinh"
    page = check_page(client.get(url))
    assert page.find("input", attrs={"name": "thanh_vien.count"})["value"] == "0"
    page = check_page(post(client, url, {"thanh_vien.count": "0", "action": "add:thanh_vien"}))
    page = check_page(post(client, url, {"thanh_vien.count": "1", "thanh_vien.0.ho_ten": "Trần Văn An",
                                         "action": "add:thanh_vien"}))
    assert page.find("input", attrs={"name": "thanh_vien.0.ho_ten"})["value"] == "Trần Văn An"
    assert page.find("input", attrs={"name": "thanh_vien.1.ho_ten"}) is not None
    response = post(client, url, {"thanh_vien.count": "2", "thanh_vien.0.ho_ten": "Trần Văn An",
                                  "thanh_vien.0.so_tien": "1.500.000", "thanh_vien.1.ho_ten": "Trần Thị Bình"})
    assert response.status_code == 303
    assert only_dossier().answers["thanh_vien"] == [{"ho_ten": "Trần Văn An", "so_tien": 1500000},
                                                    {"ho_ten": "Trần Thị Bình"}]
    empty = check_page(post(client, url, {"thanh_vien.count": "0"}), 400)
    assert "Cần ít nhất 1 mục “Thành viên”" in text_of(empty.find(class_="error-summary"))


def fill_in(client, reference: str) -> None:
    assert post(client, f"/dossiers/{reference}/pages/nguoi-yeu-cau", {"ly_do": "moi"}).status_code == 303
    assert post(client, f"/dossiers/{reference}/pages/gia-dinh", {
        "thanh_vien.count": "1", "thanh_vien.0.ho_ten": "Trần Văn An"}).status_code == 303


def test_the_whole_journey_ends_with_a_code_and_an_appointment_in_working_days(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    fill_in(client, reference)
    check = check_page(client.get(f"/dossiers/{reference}/check"))
    text = text_of(check.find("main"))
    assert "Cấp mới" in text and "Trần Văn An" in text and "001188012345" in text
    refused = check_page(post(client, f"/dossiers/{reference}/check", {}), 400)
    assert "cam đoan" in text_of(refused.find(class_="error-summary"))
    response = post(client, f"/dossiers/{reference}/check", {"declaration": "y"})
    assert response.status_code == 303
    dossier = only_dossier()
    today = local_date(dossier.submitted_at)
    assert dossier.state is DossierState.SUBMITTED
    assert dossier.code == f"UBND-XA-TEST-{today:%y%m%d}-0001"
    assert dossier.appointment_date == add_working_days(today, 3)
    assert response.headers["Location"] == f"/dossiers/{dossier.code}"
    page = check_page(client.get(response.headers["Location"]))
    assert dossier.code in text_of(page.find(class_="panel"))
    assert f"{dossier.appointment_date:%d/%m/%Y}" in text_of(page.find("main"))


def test_the_appointment_counts_working_days_across_tet(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    fill_in(client, only_dossier().reference)
    dossier = only_dossier()
    eve_of_tet = datetime(2027, 2, 3, 2, 0, tzinfo=timezone.utc)  # Wednesday 09:00 in Hà Nội
    submit_dossier(dossier, dossier.owner, now=eve_of_tet)
    assert dossier.code.endswith("-270203-0001")
    assert dossier.appointment_date == date(2027, 2, 15)  # Tết runs 4–10 February


def test_submitting_twice_makes_one_dossier_with_one_code(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    fill_in(client, reference)
    token = csrf_token(client)
    first = client.post(f"/dossiers/{reference}/check", data={"csrf_token": token, "declaration": "y"})
    second = client.post(f"/dossiers/{reference}/check", data={"csrf_token": token, "declaration": "y"})
    assert first.status_code == second.status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1
    assert len(only_dossier().events) == 2  # draft, submitted


def test_a_dossier_with_fees_waits_for_payment(client):
    procedure = a_procedure(fees=[{"code": "le-phi", "name": "Lệ phí", "amount": 50000, "online_amount": 25000}])
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    fill_in(client, reference)
    post(client, f"/dossiers/{reference}/check", {"declaration": "y"})
    dossier = only_dossier()
    assert dossier.state is DossierState.AWAITING_PAYMENT and dossier.fees_due == 25000
    assert dossier.appointment_date is None
    complete_submission(dossier)
    assert dossier.state is DossierState.SUBMITTED and dossier.appointment_date is not None


def test_someone_elses_draft_is_not_found(client, app):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    other = app.test_client()
    sign_in(other, sub=CITIZEN_LEVEL_1)
    for url in (f"/dossiers/{reference}", f"/dossiers/{reference}/pages/nguoi-yeu-cau", f"/dossiers/{reference}/check"):
        check_page(other.get(url), 404)


def test_a_page_post_without_the_csrf_token_is_refused(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    response = client.post(f"/dossiers/{only_dossier().reference}/pages/nguoi-yeu-cau", data={"ly_do": "moi"})
    assert response.status_code == 400
    assert only_dossier().completed_pages == []


def test_the_citizen_can_withdraw_with_a_reason(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    fill_in(client, reference)
    post(client, f"/dossiers/{reference}/check", {"declaration": "y"})
    code = only_dossier().code
    check_page(post(client, f"/dossiers/{code}/withdraw", {"reason": "  "}), 400)
    assert post(client, f"/dossiers/{code}/withdraw", {"reason": "Nộp nhầm thủ tục"}).status_code == 303
    dossier = only_dossier()
    assert dossier.state is DossierState.WITHDRAWN and dossier.withdrawn_reason == "Nộp nhầm thủ tục"
    assert "Nộp nhầm thủ tục" in text_of(check_page(client.get(f"/dossiers/{code}")).find(class_="timeline"))


def test_my_dossiers_lists_drafts_and_submitted_ones(client):
    first, second = a_procedure(), a_procedure()
    sign_in(client)
    start(client, first)
    start(client, second)
    page = check_page(client.get("/dossiers"))
    assert len(page.find_all(class_="result")) == 2
    assert "Bản nháp" in text_of(page.find(class_="result-list"))


def test_a_commune_level_procedure_asks_where_to_apply_and_checks_the_commune(client):
    [procedure] = make_procedures(
        procedure_record(form=FORM, level="commune", agency="UBND-XA-T", documents=FORM_ONLY),
        agencies=[agency_record("UBND-XA-T", "commune", "Ủy ban nhân dân cấp xã")],
    )
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    url = f"/dossiers/{reference}/pages/noi-nop-ho-so"
    page = check_page(client.get(url))
    assert page.find("select", attrs={"name": "noi_nop_ho_so.province"})
    wrong = check_page(post(client, url, {"noi_nop_ho_so.province": "1", "noi_nop_ho_so.commune": "26743"}), 400)
    assert "không thuộc tỉnh" in text_of(wrong.find(class_="error-summary"))
    refreshed = check_page(post(client, url, {"noi_nop_ho_so.province": "1", "action": "refresh"}))
    communes = refreshed.find("select", attrs={"name": "noi_nop_ho_so.commune"})
    assert communes.find("option", attrs={"value": "25"}).get_text() == "Phường Giảng Võ"
    fragment = client.get(f"/dossiers/{reference}/communes?field=noi_nop_ho_so&noi_nop_ho_so.province=79",
                          headers={"HX-Request": "true"})
    assert "Phường Bến Thành" in fragment.get_data(as_text=True)
    assert post(client, url, {"noi_nop_ho_so.province": "1", "noi_nop_ho_so.commune": "25"}).status_code == 303
    fill_in(client, reference)
    post(client, f"/dossiers/{reference}/check", {"declaration": "y"})
    dossier = only_dossier()
    assert dossier.agency.code == "UBND-XA-T-00025" and dossier.code.startswith("UBND-XA-T-00025-")


def test_a_level_1_citizen_cannot_start_a_level_2_procedure_by_posting(client):
    procedure = a_procedure(assurance_level=2)
    sign_in(client, sub=CITIZEN_LEVEL_1)
    response = client.post(f"/dossiers/new/{procedure.code}", data={"csrf_token": csrf_token(client)})
    assert "mức 2" in text_of(check_page(response).find("h1"))
    assert only_dossier() is None
    assert CITIZEN_LEVEL_2


def test_the_receipt_is_a_pdf_with_the_code_and_a_qr_code(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    assert client.get(f"/dossiers/{reference}/receipt.pdf").status_code == 404  # a draft has none
    fill_in(client, reference)
    post(client, f"/dossiers/{reference}/check", {"declaration": "y"})
    dossier = only_dossier()
    response = client.get(f"/dossiers/{dossier.code}/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.data))
    text = reader.pages[0].extract_text()
    assert dossier.code in text and "PHIẾU TIẾP NHẬN" in text and "Nguyễn Thị Lan" in text
    assert f"{dossier.appointment_date:%d/%m/%Y}" in text
    assert f"http://portal.test/dossiers/{dossier.code}" in text
    assert len(reader.pages[0].images) == 1  # the QR code


def test_every_field_type_is_drawn_with_its_own_control(client):
    options = [{"value": "a", "label": {"vi": "Một", "en": "One"}}, {"value": "b", "label": {"vi": "Hai", "en": "Two"}}]
    fields = [{"name": f"f_{kind}", "type": kind, "label": {"vi": f"Trường {kind}", "en": kind},
               **({"options": options} if kind in ("select", "radio", "checkboxes") else {})}
              for kind in ("text", "textarea", "number", "money", "date", "select", "radio", "checkboxes", "yesno",
                           "personal_id", "phone", "email", "address")]
    procedure = a_procedure(form={"pages": [{"id": "tat-ca", "title": {"vi": "Tất cả", "en": "All"},
                                             "fields": fields}]})
    sign_in(client)
    start(client, procedure)
    page = check_page(client.get(f"/dossiers/{only_dossier().reference}/pages/tat-ca"))
    form = page.find("form", class_="eform")
    assert form.find("input", attrs={"name": "f_text", "type": "text"})
    assert form.find("textarea", attrs={"name": "f_textarea"})
    assert form.find("input", attrs={"name": "f_number", "inputmode": "numeric"})
    assert form.find("input", attrs={"name": "f_money", "inputmode": "numeric"})
    assert form.find("input", attrs={"name": "f_date", "type": "date"})
    assert [option["value"] for option in form.find("select", attrs={"name": "f_select"}).find_all("option")] == ["", "a", "b"]
    assert len(form.find_all("input", attrs={"name": "f_radio", "type": "radio"})) == 2
    assert len(form.find_all("input", attrs={"name": "f_checkboxes", "type": "checkbox"})) == 2
    assert [radio["value"] for radio in form.find_all("input", attrs={"name": "f_yesno"})] == ["yes", "no"]
    assert form.find("input", attrs={"name": "f_personal_id", "inputmode": "numeric"})
    assert form.find("input", attrs={"name": "f_phone", "type": "tel"})
    assert form.find("input", attrs={"name": "f_email", "type": "email"})
    assert form.find("select", attrs={"name": "f_address.province"}) and form.find("input", attrs={"name": "f_address.street"})
    for control in form.find_all(["input", "select", "textarea"]):
        if control.get("type") not in ("hidden", "radio", "checkbox") and control.name != "button":
            assert page.find("label", attrs={"for": control["id"]}), control
    answers = {"f_text": "x", "f_textarea": "y", "f_number": "3", "f_money": "150.000", "f_date": "14/03/2024",
               "f_select": "b", "f_radio": "a", "f_checkboxes": ["a", "b"], "f_yesno": "no",
               "f_personal_id": "001 188 012 345", "f_phone": "+84 912 345 678", "f_email": "a@b.vn",
               "f_address.province": "79", "f_address.commune": "26743", "f_address.street": "45 Lê Thánh Tôn"}
    assert post(client, f"/dossiers/{only_dossier().reference}/pages/tat-ca", answers).status_code == 303
    saved = only_dossier().answers
    assert saved["f_number"] == 3 and saved["f_money"] == 150000 and saved["f_date"] == "2024-03-14"
    assert saved["f_checkboxes"] == ["a", "b"] and saved["f_personal_id"] == "001188012345"
    assert saved["f_phone"] == "0912345678"
    assert saved["f_address"]["text"] == "45 Lê Thánh Tôn, Phường Bến Thành, Thành phố Hồ Chí Minh"


def test_malformed_numbers_are_refused_not_a_500(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    for count in ("²", "9" * 5000, "-1"):
        response = post(client, f"/dossiers/{reference}/pages/gia-dinh", {"thanh_vien.count": count})
        assert response.status_code == 400, count
    response = client.get("/files/18446744073709551616")
    assert response.status_code == 404


def test_a_repeating_group_keeps_no_more_items_than_its_maximum(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    data = {"thanh_vien.count": "10", **{f"thanh_vien.{index}.ho_ten": f"Người {index}" for index in range(10)}}
    assert post(client, f"/dossiers/{reference}/pages/gia-dinh", data).status_code == 303
    assert len(only_dossier().answers["thanh_vien"]) == 3


def test_an_answer_whose_condition_no_longer_holds_is_not_submitted(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    dossier = only_dossier()
    fill_in(client, dossier.reference)
    dossier.answers = {**dossier.answers, "ngay_mat": "2026-01-01"}  # saved when the reason was "lost"
    db.session.commit()
    check = check_page(client.get(f"/dossiers/{dossier.reference}/check"))
    assert "Ngày mất" not in text_of(check.find("main"))
    post(client, f"/dossiers/{dossier.reference}/check", {"declaration": "y"})
    assert "ngay_mat" not in only_dossier().answers


def test_a_submitted_dossier_cannot_be_changed_by_a_late_save(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    dossier = only_dossier()
    fill_in(client, dossier.reference)
    post(client, f"/dossiers/{dossier.reference}/check", {"declaration": "y"})
    with pytest.raises(TransitionRefused):
        save_page(dossier, pages_of(dossier)[0], {"ly_do": "mat"})
    assert only_dossier().answers["ly_do"] == "moi"


def test_a_question_that_depends_on_an_earlier_page_is_asked_only_when_it_applies(client):
    form = {"pages": [
        {"id": "mot", "title": {"vi": "Một", "en": "One"}, "fields": [
            {"name": "co_con", "type": "yesno", "label": {"vi": "Có con?", "en": "Children?"}, "required": True}]},
        {"id": "hai", "title": {"vi": "Hai", "en": "Two"}, "fields": [
            {"name": "so_con", "type": "number", "label": {"vi": "Số con", "en": "How many"}, "required": True,
             "show_if": {"field": "co_con", "equals": "yes"}},
            {"name": "ghi_chu", "type": "text", "label": {"vi": "Ghi chú", "en": "Note"}}]},
    ]}
    procedure = a_procedure(form=form)
    sign_in(client)
    start(client, procedure)
    reference = only_dossier().reference
    post(client, f"/dossiers/{reference}/pages/mot", {"co_con": "no"})
    page = check_page(client.get(f"/dossiers/{reference}/pages/hai"))
    assert page.find("input", attrs={"name": "so_con"}) is None
    post(client, f"/dossiers/{reference}/pages/mot", {"co_con": "yes"})
    page = check_page(client.get(f"/dossiers/{reference}/pages/hai"))
    assert page.find("input", attrs={"name": "so_con"}) is not None
    assert page.find(attrs={"data-show-if": True}) is None  # decided here, not in the browser
