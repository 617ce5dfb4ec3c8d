"""The e-form reader, field type by field type: what is accepted, how it is kept, what is refused."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from app.dossiers import eform

TODAY = date(2026, 11, 23)
OPTIONS = [{"value": "a", "label": {"vi": "Một", "en": "One"}}, {"value": "b", "label": {"vi": "Hai", "en": "Two"}},
           {"value": "c", "label": {"vi": "Ba", "en": "Three"}}]


def field(kind: str, **extra) -> dict:
    spec = {"name": "x", "type": kind, "label": {"vi": "Câu hỏi", "en": "Question"}, **extra}
    if kind in ("select", "radio", "checkboxes"):
        spec.setdefault("options", OPTIONS)
    return spec


def read(spec: dict, posted, answers=None, prefill=None):
    page = {"id": "p", "title": {"vi": "Trang", "en": "Page"}, "fields": [spec] if isinstance(spec, dict) else spec}
    return eform.read_page(page, MultiDict(posted), answers or {}, prefill or {}, TODAY)


@pytest.mark.parametrize("kind, raw, kept", [
    ("text", "  Nguyễn Văn A  ", "Nguyễn Văn A"),
    ("textarea", "dòng 1\ndòng 2", "dòng 1\ndòng 2"),
    ("number", "12", 12),
    ("money", "1.500.000", 1500000),
    ("money", "2 000 000", 2000000),
    ("date", "2024-03-14", "2024-03-14"),
    ("date", "14/03/2024", "2024-03-14"),
    ("select", "b", "b"),
    ("radio", "a", "a"),
    ("yesno", "yes", "yes"),
    ("personal_id", "001 188 012 345", "001188012345"),
    ("phone", "0912.345.678", "0912345678"),
    ("phone", "+84912345678", "0912345678"),
    ("email", "lan@example.vn", "lan@example.vn"),
])
def test_each_type_keeps_a_good_answer_in_its_plain_form(kind, raw, kept):
    result = read(field(kind), [("x", raw)])
    assert result.errors == {} and result.answers == {"x": kept}


@pytest.mark.parametrize("kind, raw, message", [
    ("number", "ba", "số nguyên"),
    ("number", "1.5", "số nguyên"),
    ("money", "một triệu", "số tiền bằng đồng"),
    ("date", "30/02/2024", "ngày có thật"),
    ("date", "hôm qua", "ngày có thật"),
    ("select", "z", "không có trong danh sách"),
    ("radio", "z", "không có trong danh sách"),
    ("yesno", "maybe", "không có trong danh sách"),
    ("personal_id", "12345678901", "12 chữ số"),
    ("phone", "12345", "10 chữ số"),
    ("email", "lan@", "Email chưa đúng dạng"),
])
def test_each_type_refuses_a_bad_answer_with_a_plain_message_and_keeps_what_was_typed(kind, raw, message):
    result = read(field(kind), [("x", raw)])
    assert message in result.errors["x"] and result.answers == {}
    assert result.values["x"] == raw


@pytest.mark.parametrize("kind", ["text", "number", "date", "select", "radio", "yesno", "checkboxes", "address"])
def test_a_required_question_left_empty_is_asked_for(kind):
    result = read(field(kind, required=True), [])
    assert result.errors["x"].startswith(("Hãy nhập", "Hãy chọn"))


def test_an_optional_question_may_stay_empty():
    assert read(field("text"), [("x", "   ")]).answers == {}


@pytest.mark.parametrize("rules, raw, ok", [
    ({"max_length": 5}, "123456", False), ({"max_length": 5}, "12345", True),
    ({"min_length": 3}, "ab", False),
    ({"pattern": "[A-Z]{2}\\d{4}", "pattern_message": {"vi": "Biển số như AB1234", "en": "Like AB1234"}}, "ab12", False),
    ({"pattern": "[A-Z]{2}\\d{4}"}, "AB1234", True),
])
def test_text_rules(rules, raw, ok):
    result = read(field("text", validation=rules), [("x", raw)])
    assert (result.errors == {}) is ok
    if "pattern_message" in rules and not ok:
        assert result.errors["x"] == "Biển số như AB1234"


def test_number_and_money_limits():
    assert "từ 2 trở lên" in read(field("number", validation={"min": 2, "max": 6}), [("x", "1")]).errors["x"]
    assert "không được lớn hơn 6" in read(field("number", validation={"min": 2, "max": 6}), [("x", "7")]).errors["x"]


def test_date_limits_relative_to_today():
    adult = field("date", validation={"max_date": "today-18y"})
    assert read(adult, [("x", "2008-11-23")]).errors == {}
    assert "không được sau ngày 23/11/2008" in read(adult, [("x", "2008-11-24")]).errors["x"]
    soon = field("date", validation={"min_date": "today", "max_date": "today+30d"})
    assert read(soon, [("x", "2026-12-23")]).errors == {}
    assert "phải từ ngày 23/11/2026" in read(soon, [("x", "2026-11-22")]).errors["x"]
    assert eform.resolve_date("today-6m", date(2026, 8, 31)) == date(2026, 2, 28)


def test_checkboxes_keep_the_order_of_the_options_and_count_the_choices():
    spec = field("checkboxes", validation={"min_items": 2, "max_items": 2})
    assert read(spec, [("x", "c"), ("x", "a")]).answers == {"x": ["a", "c"]}
    assert "ít nhất 2" in read(spec, [("x", "a")]).errors["x"]
    assert "tối đa 2" in read(spec, [("x", "a"), ("x", "b"), ("x", "c")]).errors["x"]
    assert "không có trong danh sách" in read(spec, [("x", "a"), ("x", "zz")]).errors["x"]


def test_an_address_needs_a_commune_of_its_province():
    spec = field("address", required=True)
    good = read(spec, [("x.province", "1"), ("x.commune", "25"), ("x.street", "12 Kim Mã")])
    assert good.answers["x"] == {"province": 1, "commune": 25, "street": "12 Kim Mã",
                                 "text": "12 Kim Mã, Phường Giảng Võ, Thành phố Hà Nội"}
    assert "không thuộc tỉnh" in read(spec, [("x.province", "1"), ("x.commune", "26743")]).errors["x"]
    assert "Hãy chọn xã" in read(spec, [("x.province", "1")]).errors["x"]
    assert "Hãy chọn tỉnh" in read(spec, [("x.province", "99"), ("x.commune", "25")]).errors["x"]


def test_a_question_shown_only_for_some_answers():
    fields = [field("radio", name="kind"), {**field("text", required=True), "show_if": {"field": "kind", "in": ["b", "c"]}}]
    fields[0]["name"] = "kind"
    assert read(fields, [("kind", "a"), ("x", "ignored")]).answers == {"kind": "a"}
    assert "Hãy nhập" in read(fields, [("kind", "b")]).errors["x"]
    earlier_page = [{**field("text"), "show_if": {"field": "kind", "equals": "b"}}]
    assert read(earlier_page, [("x", "kept")], answers={"kind": "b"}).answers == {"x": "kept"}
    assert read(earlier_page, [("x", "kept")], answers={"kind": "a"}).answers == {}


def test_a_group_and_a_repeating_group():
    member = [{"name": "ten", "type": "text", "label": {"vi": "Tên", "en": "Name"}, "required": True},
              {"name": "tuoi", "type": "number", "label": {"vi": "Tuổi", "en": "Age"}}]
    once = {"name": "x", "type": "group", "label": {"vi": "Người", "en": "Person"}, "fields": member}
    assert read(once, [("x.ten", "An"), ("x.tuoi", "7")]).answers == {"x": {"ten": "An", "tuoi": 7}}
    many = {**once, "repeat": {"min": 1, "max": 3}, "item_label": {"vi": "Thành viên", "en": "Member"}}
    result = read(many, [("x.count", "2"), ("x.0.ten", "An"), ("x.1.ten", ""), ("x.1.tuoi", "3")])
    assert result.errors == {"x.1.ten": "Hãy nhập “Tên”."}
    assert read(many, [("x.count", "0")]).errors["x"].startswith("Cần ít nhất 1")


def test_the_eid_answer_stands_whatever_is_posted():
    spec = field("text", prefill="full_name", required=True)
    assert read(spec, [("x", "Someone Else")], prefill={"x": "Nguyễn Thị Lan"}).answers == {"x": "Nguyễn Thị Lan"}


def test_saved_answers_read_back_the_same_way():
    fields = [field("money"), {**field("checkboxes"), "name": "y"}, {**field("address"), "name": "z"}]
    posted = [("x", "150000"), ("y", "a"), ("y", "c"), ("z.province", "79"), ("z.commune", "26743"), ("z.street", "45")]
    first = read(fields, posted)
    again = read(fields, eform.as_form_data(fields, first.answers))
    assert again.answers == first.answers and again.errors == {}
