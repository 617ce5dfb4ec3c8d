"""The e-form of a procedure (its `form_schema`, docs/catalogue-format.md): which fields a page asks,
reading and checking the answers sent for a page, and the answers taken from the eID.

Answers are plain JSON: a string for text-like fields, an int for number and money, an ISO date
string, a list for checkboxes, `{"province", "commune", "street", "text"}` for an address, a dict for a
group and a list of dicts for a repeating group. Inputs are named by path: `ho_ten`, `noi_o.province`,
`thanh_vien.0.ho_ten`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app import geography

PERSONAL_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^0\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RELATIVE = re.compile(r"^today(?:([+-])(\d+)([dmy]))?$")
TEXT_LIMIT = 2000  # characters, when the schema sets no max_length
REPEAT_ACTION = re.compile(r"^(add|remove):([a-z][a-z0-9_]*)(?::(\d+))?$")


def small_number(raw: str | None, digits: int = 6) -> int | None:
    """An ASCII whole number of at most `digits` digits, else None ("²" and 5,000-digit strings included)."""
    return int(raw) if isinstance(raw, str) and re.fullmatch(rf"[0-9]{{1,{digits}}}", raw) else None


def localized(text: dict | None) -> str:
    if not text:
        return ""
    return text.get("en") if str(get_locale()) == "en" and text.get("en") else text.get("vi", "")


@dataclass
class PageAnswers:
    """What came back for one page: the answers to keep, what to show again, and what is wrong."""

    answers: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


OFFICE_PAGE_ID = "noi-nop-ho-so"
OFFICE_FIELD = "noi_nop_ho_so"


def pages(schema: dict) -> list[dict]:
    return schema.get("pages", [])


def office_page(level: str) -> dict | None:
    """For a province- or commune-level procedure, the page where the citizen says which province's (or
    commune's) office the dossier goes to; central procedures go to the one central agency."""
    if level not in {"province", "commune"}:
        return None
    hint = ({"vi": "Hồ sơ được gửi đến cơ quan của xã, phường nơi bạn chọn.",
             "en": "The dossier goes to the office of the commune you choose."} if level == "commune" else
            {"vi": "Hồ sơ được gửi đến cơ quan của tỉnh, thành phố nơi bạn chọn.",
             "en": "The dossier goes to the office of the province you choose."})
    return {"id": OFFICE_PAGE_ID, "title": {"vi": "Nơi nộp hồ sơ", "en": "Where to apply"},
            "fields": [{"name": OFFICE_FIELD, "type": "office", "level": level, "required": True, "hint": hint,
                        "label": {"vi": "Cơ quan tiếp nhận hồ sơ ở", "en": "The receiving office is in"}}]}


def all_pages(schema: dict, level: str) -> list[dict]:
    office = office_page(level)
    return ([office] if office else []) + pages(schema)


def page_by_id(page_list: list[dict], page_id: str) -> dict | None:
    return next((page for page in page_list if page["id"] == page_id), None)


def is_shown(spec: dict, answers: dict) -> bool:
    condition = spec.get("show_if")
    if not condition:
        return True
    answer = answers.get(condition["field"])
    wanted = condition["in"] if "in" in condition else [condition["equals"]]
    if isinstance(answer, list):
        return any(value in wanted for value in answer)
    return answer in wanted


def prefilled(schema: dict, person) -> dict:
    """Answers the eID already gives, for fields marked `prefill`, at the form's top level."""
    known = {
        "full_name": person.full_name or None,
        "personal_id": person.personal_id_number,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.sex,
        "phone": person.phone,
        "email": person.email,
        "address": {"text": person.permanent_address} if person.permanent_address else None,
    }
    answers = {}
    for page in pages(schema):
        for spec in page["fields"]:
            value = known.get(spec.get("prefill"))
            if value is None:
                continue
            if spec["type"] in {"radio", "select"}:
                value = _matching_option(spec, value)
            if value is not None:
                answers[spec["name"]] = value
    return answers


def _matching_option(spec: dict, value: str) -> str | None:
    """eID sexes are `male`/`female`; a form's options may be `nam`/`nu` or the like."""
    aliases = {"male": {"male", "nam"}, "female": {"female", "nu", "nữ"}}.get(value, {value})
    return next((option["value"] for option in spec["options"] if option["value"] in aliases), None)


def is_prefilled(spec: dict, prefill: dict) -> bool:
    return bool(spec.get("prefill")) and spec["name"] in prefill


def read_page(page: dict, form, answers_so_far: dict, prefill: dict, today: date) -> PageAnswers:
    """Read and check the answers sent for `page`. Fields the eID supplied keep the eID's value;
    fields whose condition is not met are dropped."""
    result = PageAnswers()
    scope = {**answers_so_far}
    for spec in page["fields"]:
        name = spec["name"]
        if is_prefilled(spec, prefill):
            result.answers[name] = prefill[name]
            scope[name] = prefill[name]
            continue
        if not is_shown(spec, scope):
            continue
        value, raw = _read(spec, name, form, scope, today, result.errors)
        result.values[name] = raw
        if value not in (None, "", [], {}):
            result.answers[name] = value
            scope[name] = value
        else:
            scope.pop(name, None)
    return result


def _read(spec: dict, path: str, form, scope: dict, today: date, errors: dict):
    """(answer, what to show again) for one field; a problem goes into `errors[path]`."""
    kind = spec["type"]
    if kind == "group":
        return _read_group(spec, path, form, scope, today, errors)
    if kind in {"address", "office"}:
        return _read_address(spec, path, form, errors)
    if kind == "checkboxes":
        raw = form.getlist(path)
        return _check_choices(spec, path, raw, errors), raw
    raw = (form.get(path) or "").strip()
    if not raw:
        if spec.get("required"):
            errors[path] = _required_message(spec)
        return None, raw
    checker = CHECKS.get(kind, _check_text)
    value, problem = checker(spec, raw, today)
    if problem is None and isinstance(value, str):
        problem = _check_text_rules(spec, value)
    if problem:
        errors[path] = problem
        return None, raw
    return value, raw


def _required_message(spec: dict) -> str:
    label = localized(spec["label"])
    if spec["type"] in {"select", "radio", "yesno", "checkboxes", "address"}:
        return str(_l("Hãy chọn câu trả lời cho “%(label)s”.", label=label))
    return str(_l("Hãy nhập “%(label)s”.", label=label))


def _check_text(spec: dict, raw: str, today: date):
    return raw, None


def _check_text_rules(spec: dict, value: str) -> str | None:
    rules = spec.get("validation", {})
    label = localized(spec["label"])
    maximum = rules.get("max_length", TEXT_LIMIT)
    if len(value) > maximum:
        return str(_l("“%(label)s” dài tối đa %(count)d ký tự; hiện có %(length)d.", label=label, count=maximum,
                      length=len(value)))
    if "min_length" in rules and len(value) < rules["min_length"]:
        return str(_l("“%(label)s” cần ít nhất %(count)d ký tự.", label=label, count=rules["min_length"]))
    if "pattern" in rules and not re.fullmatch(rules["pattern"], value):
        return localized(rules.get("pattern_message")) or str(_l("“%(label)s” chưa đúng định dạng.", label=label))
    return None


def _check_number(spec: dict, raw: str, today: date):
    label = localized(spec["label"])
    digits = raw.replace(".", "").replace(",", "").replace(" ", "") if spec["type"] == "money" else raw
    if not re.fullmatch(r"-?\d{1,15}", digits):
        if spec["type"] == "money":
            return None, str(_l("“%(label)s” là số tiền bằng đồng, chỉ gồm chữ số, ví dụ 150000.", label=label))
        return None, str(_l("“%(label)s” phải là một số nguyên, ví dụ 3.", label=label))
    number = int(digits)
    rules = spec.get("validation", {})
    if "min" in rules and number < rules["min"]:
        return None, str(_l("“%(label)s” phải từ %(number)s trở lên.", label=label, number=rules["min"]))
    if "max" in rules and number > rules["max"]:
        return None, str(_l("“%(label)s” không được lớn hơn %(number)s.", label=label, number=rules["max"]))
    return number, None


def _check_date(spec: dict, raw: str, today: date):
    label = localized(spec["label"])
    value = _parse_date(raw)
    if value is None:
        return None, str(_l("“%(label)s” phải là một ngày có thật, ví dụ 14/03/2024.", label=label))
    rules = spec.get("validation", {})
    earliest, latest = resolve_date(rules.get("min_date"), today), resolve_date(rules.get("max_date"), today)
    if earliest and value < earliest:
        return None, str(_l("“%(label)s” phải từ ngày %(date)s trở đi.", label=label,
                            date=earliest.strftime("%d/%m/%Y")))
    if latest and value > latest:
        return None, str(_l("“%(label)s” không được sau ngày %(date)s.", label=label,
                            date=latest.strftime("%d/%m/%Y")))
    return value.isoformat(), None


def _parse_date(raw: str) -> date | None:
    """The browser's YYYY-MM-DD, or DD/MM/YYYY typed where there is no date picker."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def resolve_date(rule: str | None, today: date) -> date | None:
    """`2024-01-31`, `today`, `today-18y`, `today+30d`, `today-6m` as a date."""
    if not rule:
        return None
    match = RELATIVE.match(rule)
    if not match:
        return date.fromisoformat(rule)
    sign, amount, unit = match.groups()
    if not sign:
        return today
    amount = int(amount) * (1 if sign == "+" else -1)
    if unit == "d":
        return today + timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    year, month = divmod(today.month - 1 + months, 12)
    year += today.year
    day = min(today.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                          31, 31, 30, 31, 30, 31][month])
    return date(year, month + 1, day)


def _check_choice(spec: dict, raw: str, today: date):
    values = {option["value"] for option in spec.get("options", [])} if spec["type"] != "yesno" else {"yes", "no"}
    if raw not in values:
        return None, str(_l("Lựa chọn cho “%(label)s” không có trong danh sách.", label=localized(spec["label"])))
    return raw, None


def _check_choices(spec: dict, path: str, raw: list[str], errors: dict) -> list[str] | None:
    label = localized(spec["label"])
    allowed = [option["value"] for option in spec["options"]]
    if any(value not in allowed for value in raw):
        errors[path] = str(_l("Lựa chọn cho “%(label)s” không có trong danh sách.", label=label))
        return None
    chosen = [value for value in allowed if value in raw]
    rules = spec.get("validation", {})
    if not chosen and spec.get("required"):
        errors[path] = _required_message(spec)
    elif chosen and len(chosen) < rules.get("min_items", 0):
        errors[path] = str(_l("Hãy chọn ít nhất %(count)d mục cho “%(label)s”.", count=rules["min_items"], label=label))
    elif len(chosen) > rules.get("max_items", len(allowed)):
        errors[path] = str(_l("Chỉ chọn tối đa %(count)d mục cho “%(label)s”.", count=rules["max_items"], label=label))
    return chosen or None


def _check_personal_id(spec: dict, raw: str, today: date):
    number = raw.replace(" ", "")
    if not PERSONAL_ID.match(number):
        return None, str(_l("Số định danh cá nhân gồm đúng 12 chữ số, ví dụ 001188012345."))
    return number, None


def _check_phone(spec: dict, raw: str, today: date):
    number = re.sub(r"[\s.-]", "", raw)
    if number.startswith("+84"):
        number = "0" + number[3:]
    if not PHONE.match(number):
        return None, str(_l("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0, ví dụ 0912345678."))
    return number, None


def _check_email(spec: dict, raw: str, today: date):
    if len(raw) > 254 or not EMAIL.match(raw):
        return None, str(_l("Email chưa đúng dạng, ví dụ ten@example.vn."))
    return raw, None


CHECKS = {
    "number": _check_number, "money": _check_number, "date": _check_date, "select": _check_choice,
    "radio": _check_choice, "yesno": _check_choice, "personal_id": _check_personal_id, "phone": _check_phone,
    "email": _check_email,
}


def _read_address(spec: dict, path: str, form, errors: dict):
    """An address (province, commune, street) or, for the office page, a province and, for commune-level
    procedures, a commune."""
    raw = {part: (form.get(f"{path}.{part}") or "").strip() for part in ("province", "commune", "street")}
    wants_commune = spec["type"] == "address" or spec.get("level") == "commune"
    if not any(raw.values()):
        if spec.get("required"):
            errors[path] = _required_message(spec)
        return None, raw
    province, commune = small_number(raw["province"]), small_number(raw["commune"])
    if province not in geography.province_by_code():
        errors[path] = str(_l("Hãy chọn tỉnh, thành phố."))
    elif commune is None and wants_commune:
        errors[path] = str(_l("Hãy chọn xã, phường, đặc khu."))
    elif wants_commune and commune not in {int(ward.code) for ward in geography.communes_by_province()[province]}:
        errors[path] = str(_l("Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn. Hãy chọn lại."))
    elif len(raw["street"]) > 200:
        errors[path] = str(_l("Số nhà, đường phố dài tối đa 200 ký tự."))
    if path in errors:
        return None, raw
    if not wants_commune:
        return {"province": province, "text": geography.full_address("", None, province)}, raw
    return {"province": province, "commune": commune, "street": raw["street"],
            "text": geography.full_address(raw["street"], commune, province)}, raw


def _read_group(spec: dict, path: str, form, scope: dict, today: date, errors: dict):
    if not spec.get("repeat"):
        item, raw = _read_item(spec, path, form, scope, today, errors)
        return item or None, raw
    count = min(item_count(form, path), spec["repeat"]["max"])
    items, raws = [], []
    for index in range(count):
        item, raw = _read_item(spec, f"{path}.{index}", form, scope, today, errors)
        raws.append(raw)
        if item:
            items.append(item)
    low = spec["repeat"].get("min", 0)
    if len(items) < low:
        errors[path] = str(_l("Cần ít nhất %(count)d mục “%(label)s”.", count=low,
                              label=localized(spec.get("item_label") or spec["label"])))
    return items or None, raws


def _read_item(spec: dict, path: str, form, scope: dict, today: date, errors: dict):
    item, raw = {}, {}
    for child in spec["fields"]:
        if not is_shown(child, {**scope, **item}):
            continue
        value, child_raw = _read(child, f"{path}.{child['name']}", form, {**scope, **item}, today, errors)
        raw[child["name"]] = child_raw
        if value not in (None, "", [], {}):
            item[child["name"]] = value
    return item, raw


def item_count(form, path: str) -> int:
    """How many items of a repeating group were on the page (a hidden `path.count` field)."""
    raw = form.get(f"{path}.count", "0")
    return min(small_number(raw) or 0, 50)


def repeat_action(form) -> tuple[str, str, int | None] | None:
    """The "add another" / "remove" button pressed, if any: (verb, group name, index)."""
    match = REPEAT_ACTION.match(form.get("action", ""))
    if not match:
        return None
    verb, group, index = match.groups()
    return verb, group, int(index) if index is not None else None


def as_form_data(fields: list[dict], answers: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Saved answers turned back into what a browser would post, so that submission checks them with
    exactly the rules the page used."""
    pairs: list[tuple[str, str]] = []
    for spec in fields:
        value, path = answers.get(spec["name"]), f"{prefix}{spec['name']}"
        if value in (None, "", [], {}) or not _has_shape(spec, value):
            continue  # unanswered, or saved in a shape this field no longer has: asked again
        kind = spec["type"]
        if kind == "group" and spec.get("repeat"):
            pairs.append((f"{path}.count", str(len(value))))
            for index, item in enumerate(value):
                pairs.extend(as_form_data(spec["fields"], item, f"{path}.{index}."))
        elif kind == "group":
            pairs.extend(as_form_data(spec["fields"], value, f"{path}."))
        elif kind in {"address", "office"}:
            pairs.extend((f"{path}.{part}", str(value[part])) for part in ("province", "commune", "street")
                         if value.get(part) is not None)
        elif kind == "checkboxes":
            pairs.extend((path, item) for item in value)
        else:
            pairs.append((path, str(value)))
    return pairs


def condition_hint(spec: dict, fields: list[dict]) -> str:
    """"Answer this if “Have you registered before?” is “Yes”", for pages read without JavaScript,
    where every conditional field is shown."""
    condition = spec.get("show_if")
    if not condition:
        return ""
    controlling = next((field for field in fields if field["name"] == condition["field"]), None)
    if controlling is None:
        return ""
    wanted = condition["in"] if "in" in condition else [condition["equals"]]
    shown = " / ".join(display_value(controlling, [value] if controlling["type"] == "checkboxes" else value)
                       for value in wanted)
    return str(_l("Chỉ trả lời nếu “%(question)s” là “%(answer)s”.", question=localized(controlling["label"]),
                  answer=shown))


def decided_elsewhere(spec: dict, fields: list[dict], known: dict) -> bool | None:
    """For a conditional field whose controlling question is not among `fields` (an earlier page, or
    an answer the eID gave): whether it is asked, from the answers so far. None when the controlling
    question is on the same page, where the browser (or the hint without JavaScript) decides."""
    condition = spec.get("show_if")
    if not condition or any(field["name"] == condition["field"] for field in fields):
        return None
    return is_shown(spec, known)


def error_target(page: dict, path: str) -> str:
    """Where an error-summary link should take the focus: the control itself, or for a choice or
    address the first control in it."""
    spec = _spec_at(page["fields"], path.split("."))
    kind = spec["type"] if spec else ""
    if kind in {"address", "office"}:
        return f"{dom_id(path)}-province"
    if kind in {"radio", "yesno", "checkboxes"}:
        return f"{dom_id(path)}-1"
    return dom_id(path)


def _spec_at(fields: list[dict], parts: list[str]) -> dict | None:
    spec = next((field for field in fields if field["name"] == parts[0]), None)
    rest = [part for part in parts[1:] if not part.isdigit()]
    if spec is None or not rest:
        return spec
    return _spec_at(spec.get("fields", []), rest)


def dom_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


def _has_shape(spec: dict, value) -> bool:
    kind = spec["type"]
    if kind == "group":
        return (isinstance(value, list) and all(isinstance(item, dict) for item in value)) if spec.get("repeat") \
            else isinstance(value, dict)
    if kind in {"address", "office"}:
        return isinstance(value, dict)
    if kind == "checkboxes":
        return isinstance(value, list)
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def display_value(spec: dict, value) -> str:
    """An answer as the check-your-answers page shows it."""
    if value in (None, "", [], {}):
        return ""
    if not _has_shape(spec, value):
        return str(value)
    kind = spec["type"]
    if kind in {"select", "radio"}:
        return next((localized(option["label"]) for option in spec["options"] if option["value"] == value), value)
    if kind == "checkboxes":
        return ", ".join(localized(option["label"]) for option in spec["options"] if option["value"] in value)
    if kind == "yesno":
        return str(_l("Có")) if value == "yes" else str(_l("Không"))
    if kind == "date":
        parsed = _parse_date(str(value))
        return parsed.strftime("%d/%m/%Y") if parsed else str(value)
    if kind == "money" and isinstance(value, int):
        return f"{value:,}".replace(",", ".") + " đ"
    if kind in {"address", "office"}:
        return value.get("text", "")
    return str(value)
