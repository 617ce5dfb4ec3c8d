import copy

from app.catalogue.formschema import check_form_schema

LABEL = {"vi": "Nhãn", "en": "Label"}

VALID = {
    "pages": [
        {
            "id": "nguoi-yeu-cau",
            "title": {"vi": "Người yêu cầu", "en": "Applicant"},
            "fields": [
                {"name": "ho_ten", "type": "text", "label": LABEL, "required": True, "prefill": "full_name",
                 "validation": {"max_length": 100}},
                {"name": "da_ket_hon", "type": "yesno", "label": LABEL},
                {"name": "ngay_ket_hon", "type": "date", "label": LABEL, "validation": {"max_date": "today"},
                 "show_if": {"field": "da_ket_hon", "equals": "yes"}},
                {"name": "loai", "type": "radio", "label": LABEL,
                 "options": [{"value": "a", "label": LABEL}, {"value": "b", "label": LABEL}]},
                {"name": "thanh_vien", "type": "group", "label": LABEL, "item_label": LABEL,
                 "repeat": {"min": 0, "max": 5},
                 "fields": [
                     {"name": "ho_ten", "type": "text", "label": LABEL},
                     {"name": "so_dinh_danh", "type": "personal_id", "label": LABEL,
                      "show_if": {"field": "loai", "in": ["a"]}},
                 ]},
            ],
        }
    ]
}


def problems_with(change) -> list[str]:
    schema = copy.deepcopy(VALID)
    change(schema)
    return [f"{problem.path}: {problem.message}" for problem in check_form_schema(schema)]


def fields(schema):
    return schema["pages"][0]["fields"]


def test_a_complete_schema_has_no_problems():
    assert check_form_schema(VALID) == []


def test_group_fields_have_their_own_scope_and_see_enclosing_fields():
    assert problems_with(lambda schema: None) == []


def test_unknown_type_is_named_with_its_path():
    problems = problems_with(lambda schema: fields(schema)[0].update(type="slider"))
    assert problems and problems[0].startswith("form.pages[0].fields[0].type")


def test_choice_fields_need_options_and_others_must_not_have_them():
    assert any("fields[3].options" in p for p in problems_with(lambda s: fields(s)[3].pop("options")))
    assert any("fields[0].options" in p for p in problems_with(
        lambda s: fields(s)[0].update(options=[{"value": "x", "label": LABEL}])))


def test_condition_must_name_an_earlier_field():
    problems = problems_with(lambda s: fields(s)[1].update(show_if={"field": "ngay_ket_hon", "equals": "x"}))
    assert any("fields[1].show_if.field" in p for p in problems)


def test_names_are_ascii_and_unique():
    assert any("fields[1].name" in p for p in problems_with(lambda s: fields(s)[1].update(name="Họ tên")))
    assert any("duplicate" in p for p in problems_with(lambda s: fields(s)[1].update(name="ho_ten")))


def test_labels_need_both_languages():
    problems = problems_with(lambda s: fields(s)[0].update(label={"vi": "Họ tên"}))
    assert problems == ["form.pages[0].fields[0].label: cần cả 'vi' và 'en' / needs both 'vi' and 'en' text"]


def test_validation_rules_are_checked():
    assert problems_with(lambda s: fields(s)[0]["validation"].update(pattern="(")) != []
    assert problems_with(lambda s: fields(s)[2]["validation"].update(max_date="yesterday")) != []
    assert problems_with(lambda s: fields(s)[0]["validation"].update(colour="red")) != []
    assert problems_with(lambda s: fields(s)[2]["validation"].update(max_date="today-18y")) == []


def test_prefill_must_be_an_eid_claim():
    assert problems_with(lambda s: fields(s)[0].update(prefill="salary")) != []


def test_a_form_without_pages_is_refused():
    assert [p.path for p in check_form_schema({"pages": []})] == ["form"]
    assert [p.path for p in check_form_schema(None)] == ["form"]
