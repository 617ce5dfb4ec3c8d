"""The e-form schema: the fields a citizen fills in for a procedure (docs/catalogue-format.md).

Checked once at import so that every screen that renders or validates a form can trust its shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_TYPES = frozenset(
    {
        "text", "textarea", "number", "money", "date", "select", "radio", "checkboxes", "yesno",
        "personal_id", "phone", "email", "address", "group",
    }
)
CHOICE_TYPES = frozenset({"select", "radio", "checkboxes"})
PREFILL_CLAIMS = frozenset({"full_name", "personal_id", "birth_date", "sex", "address", "phone", "email"})
VALIDATION_KEYS = {
    "min_length": int, "max_length": int, "pattern": str, "pattern_message": dict,
    "min": (int, float), "max": (int, float), "min_date": str, "max_date": str,
    "min_items": int, "max_items": int,
}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RELATIVE_DATE = re.compile(r"^(today([+-]\d+[dmy])?|\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class SchemaError:
    path: str
    message: str


def check_form_schema(schema: object) -> list[SchemaError]:
    """Every problem in a form schema, each with the path of the offending part."""
    checker = _Checker()
    checker.form(schema)
    return checker.errors


class _Checker:
    def __init__(self):
        self.errors: list[SchemaError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(SchemaError(path, message))

    def form(self, schema: object) -> None:
        if not isinstance(schema, dict) or not isinstance(schema.get("pages"), list) or not schema["pages"]:
            self.fail("form", "cần có danh sách 'pages' không rỗng / needs a non-empty 'pages' list")
            return
        page_ids: set[str] = set()
        known: list[dict] = []
        names: set[str] = set()
        for index, page in enumerate(schema["pages"]):
            path = f"form.pages[{index}]"
            if not isinstance(page, dict):
                self.fail(path, "phải là một đối tượng / must be an object")
                continue
            page_id = page.get("id")
            if not isinstance(page_id, str) or not PAGE_ID.match(page_id):
                self.fail(f"{path}.id", "cần mã trang dạng chữ thường không dấu / needs a lower-case ASCII id")
            elif page_id in page_ids:
                self.fail(f"{path}.id", f"trùng mã trang '{page_id}' / duplicate page id")
            else:
                page_ids.add(page_id)
            self.text(page, "title", path, required=True)
            self.fields(page.get("fields"), f"{path}.fields", names, [known])

    def fields(self, fields: object, path: str, names: set[str], scopes: list[list[dict]]) -> None:
        if not isinstance(fields, list) or not fields:
            self.fail(path, "cần danh sách trường không rỗng / needs a non-empty list of fields")
            return
        for index, field in enumerate(fields):
            self.field(field, f"{path}[{index}]", names, scopes)

    def field(self, field: object, path: str, names: set[str], scopes: list[list[dict]]) -> None:
        if not isinstance(field, dict):
            self.fail(path, "phải là một đối tượng / must be an object")
            return
        name = field.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            self.fail(f"{path}.name", "tên trường chỉ gồm chữ thường, số và '_' / lower-case letters, digits and '_'")
        elif name in names:
            self.fail(f"{path}.name", f"trùng tên trường '{name}' / duplicate field name")
        else:
            names.add(name)
        kind = field.get("type")
        if kind not in FIELD_TYPES:
            self.fail(f"{path}.type", f"loại trường không hợp lệ: {kind!r} / unknown field type")
        self.text(field, "label", path, required=True)
        self.text(field, "hint", path)
        self.text(field, "example", path)
        if "required" in field and not isinstance(field["required"], bool):
            self.fail(f"{path}.required", "phải là true hoặc false / must be true or false")
        self.options(field, kind, path)
        self.validation(field.get("validation"), f"{path}.validation")
        if "prefill" in field and field["prefill"] not in PREFILL_CLAIMS:
            self.fail(f"{path}.prefill", f"không có dữ liệu định danh '{field['prefill']}' / unknown eID claim")
        if "show_if" in field:
            self.condition(field["show_if"], f"{path}.show_if", scopes)
        if kind == "group":
            self.group(field, path, scopes)
        scopes[-1].append(field)

    def group(self, field: dict, path: str, scopes: list[list[dict]]) -> None:
        repeat = field.get("repeat")
        if repeat is not None:
            low, high = (repeat.get("min", 0), repeat.get("max")) if isinstance(repeat, dict) else (None, None)
            if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high and high >= 1):
                self.fail(f"{path}.repeat", "cần {'min': n, 'max': m} với 0 ≤ n ≤ m / needs 0 ≤ min ≤ max")
            self.text(field, "item_label", path)
        self.fields(field.get("fields"), f"{path}.fields", set(), [*scopes, []])

    def options(self, field: dict, kind: object, path: str) -> None:
        options = field.get("options")
        if kind not in CHOICE_TYPES:
            if options is not None:
                self.fail(f"{path}.options", "chỉ dùng cho select, radio, checkboxes / only for choice fields")
            return
        if not isinstance(options, list) or not options:
            self.fail(f"{path}.options", "cần danh sách lựa chọn / needs a list of options")
            return
        values: set[str] = set()
        for index, option in enumerate(options):
            option_path = f"{path}.options[{index}]"
            value = option.get("value") if isinstance(option, dict) else None
            if not isinstance(value, str) or not value:
                self.fail(f"{option_path}.value", "cần giá trị dạng chuỗi / needs a string value")
                continue
            if value in values:
                self.fail(f"{option_path}.value", f"trùng giá trị '{value}' / duplicate value")
            values.add(value)
            self.text(option, "label", option_path, required=True)

    def validation(self, rules: object, path: str) -> None:
        if rules is None:
            return
        if not isinstance(rules, dict):
            self.fail(path, "phải là một đối tượng / must be an object")
            return
        for key, value in rules.items():
            expected = VALIDATION_KEYS.get(key)
            if expected is None:
                self.fail(f"{path}.{key}", "quy tắc không được hỗ trợ / unknown rule")
            elif not isinstance(value, expected) or isinstance(value, bool):
                self.fail(f"{path}.{key}", "kiểu giá trị không đúng / wrong value type")
            elif key == "pattern":
                try:
                    re.compile(value)
                except re.error:
                    self.fail(f"{path}.pattern", "biểu thức chính quy không hợp lệ / invalid regular expression")
            elif key in {"min_date", "max_date"} and not RELATIVE_DATE.match(value):
                self.fail(f"{path}.{key}", "dùng YYYY-MM-DD, today, today-18y… / use YYYY-MM-DD or today±N[dmy]")
        if "pattern_message" in rules:
            self.text(rules, "pattern_message", path)

    def condition(self, condition: object, path: str, scopes: list[list[dict]]) -> None:
        if not isinstance(condition, dict) or not isinstance(condition.get("field"), str):
            self.fail(path, "cần {'field': tên, 'equals' hoặc 'in': …} / needs field and equals or in")
            return
        if ("equals" in condition) == ("in" in condition):
            self.fail(path, "dùng đúng một trong 'equals' hoặc 'in' / use exactly one of equals or in")
        elif "in" in condition and not isinstance(condition["in"], list):
            self.fail(f"{path}.in", "phải là danh sách / must be a list")
        earlier = {field.get("name") for scope in scopes for field in scope}
        if condition["field"] not in earlier:
            self.fail(
                f"{path}.field",
                f"trường '{condition['field']}' phải đứng trước trong biểu mẫu / must name an earlier field",
            )

    def text(self, owner: dict, key: str, path: str, required: bool = False) -> None:
        value = owner.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", "thiếu nội dung / missing")
            return
        if not (isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip()
                                                 for lang in ("vi", "en"))):
            self.fail(f"{path}.{key}", "cần cả 'vi' và 'en' / needs both 'vi' and 'en' text")
