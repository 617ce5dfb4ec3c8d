"""Reading a catalogue file (docs/catalogue-format.md): every problem found before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

from app import geography
from app.catalogue.enums import AgencyKind, DocumentForm, Level, OnlineLevel, SupplementClock
from app.catalogue.formschema import check_form_schema
from app.core.errors import DomainError

FORMAT_VERSION = 1


class CatalogueFileError(DomainError):
    """The file cannot be imported; `problems` names each record and field at fault."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_catalogue_file(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueFileError([f"{path}: không tìm thấy tệp / file not found"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueFileError([f"{path}: không phải JSON UTF-8 hợp lệ / not valid UTF-8 JSON ({error})"]) from None
    problems = check_catalogue(data)
    if problems:
        raise CatalogueFileError(problems)
    return data


def check_catalogue(data: object, known_agencies: dict[str, Level] | None = None,
                    known_fields: set[str] | None = None) -> list[str]:
    """All problems of a parsed catalogue file, each prefixed by the record and field at fault.

    `known_agencies` and `known_fields` are what the database already holds, so a file may refer to
    them without repeating them.
    """
    if not isinstance(data, dict):
        return ["(tệp): phải là một đối tượng JSON / must be a JSON object"]
    checker = _CatalogueChecker(known_agencies or {}, known_fields or set())
    checker.check(data)
    return checker.problems


class _CatalogueChecker:
    def __init__(self, known_agencies: dict[str, Level], known_fields: set[str]):
        self.problems: list[str] = []
        self.agencies = dict(known_agencies)
        self.fields = set(known_fields)
        self.post_offices: set[str] = set()

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def check(self, data: dict) -> None:
        if data.get("format") != FORMAT_VERSION:
            self.fail("format", f"phải là {FORMAT_VERSION} / must be {FORMAT_VERSION}")
        for key in ("fields", "agencies", "procedures"):
            if not isinstance(data.get(key, []), list):
                self.fail(key, "phải là một danh sách / must be a list")
                return
        self.check_records(data.get("fields", []), "fields", self.field)
        self.check_records(data.get("agencies", []), "agencies", self.agency)
        self.check_records(data.get("procedures", []), "procedures", self.procedure)

    def check_records(self, records: list, key: str, check_one) -> None:
        seen: set[str] = set()
        for index, record in enumerate(records):
            code = record.get("code") if isinstance(record, dict) else None
            where = f"{key}[{index}]" + (f" ({code})" if isinstance(code, str) else "")
            if not isinstance(record, dict):
                self.fail(where, "phải là một đối tượng / must be an object")
                continue
            if not isinstance(code, str) or not code.strip():
                self.fail(f"{where} › code", "thiếu mã / missing code")
                continue
            if code in seen:
                self.fail(f"{where} › code", "trùng mã trong tệp / duplicate code in the file")
            seen.add(code)
            check_one(record, where)

    def field(self, record: dict, where: str) -> None:
        self.string(record, "name", where)
        self.string(record, "name_en", where, required=False)
        self.fields.add(record["code"])

    def agency(self, record: dict, where: str) -> None:
        self.string(record, "name", where)
        self.string(record, "name_en", where, required=False)
        level = self.enum(record, "level", Level, where)
        if record.get("kind") is not None:
            self.enum(record, "kind", AgencyKind, where)
        if record.get("kind") == AgencyKind.POST_OFFICE:
            self.post_offices.add(record["code"])
        if level is not None:
            self.agencies[record["code"]] = level

    def procedure(self, record: dict, where: str) -> None:
        for key in ("name", "summary", "eligibility", "result"):
            self.string(record, key, where)
        self.string(record, "name_en", where, required=False)
        self.string(record, "processing_note", where, required=False)
        level = self.enum(record, "level", Level, where)
        self.enum(record, "online_level", OnlineLevel, where)
        agency_level = self.agencies.get(record.get("agency"))
        if record.get("agency") in self.post_offices:
            self.fail(f"{where} › agency", "bưu điện không thực hiện thủ tục / a post office carries out no procedure")
        if agency_level is None:
            self.fail(f"{where} › agency", f"không có cơ quan mã {record.get('agency')!r} / unknown agency")
        elif level is not None and agency_level != level:
            self.fail(f"{where} › agency", f"cơ quan ở {agency_level.value}, thủ tục ở {level.value} "
                                           "/ agency and procedure levels differ")
        if record.get("field") not in self.fields:
            self.fail(f"{where} › field", f"không có lĩnh vực mã {record.get('field')!r} / unknown field")
        if record.get("assurance_level") not in (1, 2):
            self.fail(f"{where} › assurance_level", "phải là 1 hoặc 2 / must be 1 or 2")
        self.integer(record, "processing_days", where)
        if record.get("supplement_clock") is not None:
            self.enum(record, "supplement_clock", SupplementClock, where)
        self.result_template(record.get("result_template"), where)
        for key in ("keywords", "steps", "legal_basis"):
            self.string_list(record, key, where)
        self.fees(record.get("fees"), where)
        self.documents(record.get("documents"), where)
        for problem in check_form_schema(record.get("form")):
            self.fail(f"{where} › {problem.path}", problem.message)

    def result_template(self, template: object, where: str) -> None:
        if template is None:
            return
        if (not isinstance(template, dict) or not isinstance(template.get("title"), str)
                or not isinstance(template.get("body"), list)
                or not all(isinstance(paragraph, str) for paragraph in template["body"])):
            self.fail(f"{where} › result_template", "cần {\"title\": chuỗi, \"body\": [chuỗi]} / needs a title "
                                                    "string and a list of paragraphs")

    def fees(self, fees: object, where: str) -> None:
        if not isinstance(fees, list):
            self.fail(f"{where} › fees", "phải là một danh sách (có thể rỗng) / must be a list, maybe empty")
            return
        keys: set[tuple] = set()
        for index, fee in enumerate(fees):
            at = f"{where} › fees[{index}]"
            if not isinstance(fee, dict):
                self.fail(at, "phải là một đối tượng / must be an object")
                continue
            self.string(fee, "code", at)
            self.string(fee, "name", at)
            self.integer(fee, "amount", at)
            if fee.get("online_amount") is not None:
                self.integer(fee, "online_amount", at)
                amount = fee.get("amount")
                if isinstance(amount, int) and isinstance(fee["online_amount"], int) and fee["online_amount"] > amount:
                    self.fail(f"{at} › online_amount", "không được lớn hơn amount / must not exceed amount")
            self.string(fee, "note", at, required=False)
            province = fee.get("province")
            if province is not None and province not in geography.province_by_code():
                self.fail(f"{at} › province", f"không có tỉnh mã {province!r} / unknown province code")
            key = (fee.get("code"), province)
            if key in keys:
                self.fail(f"{at} › code", "trùng khoản phí cho cùng tỉnh / duplicate fee item for this province")
            keys.add(key)

    def documents(self, documents: object, where: str) -> None:
        if not isinstance(documents, list) or not documents:
            self.fail(f"{where} › documents", "cần danh sách thành phần hồ sơ / needs the list of documents")
            return
        codes: set[str] = set()
        for index, document in enumerate(documents):
            at = f"{where} › documents[{index}]"
            if not isinstance(document, dict):
                self.fail(at, "phải là một đối tượng / must be an object")
                continue
            self.string(document, "code", at)
            if document.get("code") in codes:
                self.fail(f"{at} › code", "trùng mã giấy tờ / duplicate document code")
            codes.add(document.get("code"))
            self.string(document, "name", at)
            self.string(document, "note", at, required=False)
            self.enum(document, "form", DocumentForm, at)
            copies = document.get("copies", 1)
            if not isinstance(copies, int) or isinstance(copies, bool) or copies < 1:
                self.fail(f"{at} › copies", "phải là số nguyên ≥ 1 / must be an integer ≥ 1")
            for flag in ("mandatory", "from_eid", "from_wallet", "from_form"):
                if not isinstance(document.get(flag, False), bool):
                    self.fail(f"{at} › {flag}", "phải là true hoặc false / must be true or false")

    def string(self, record: dict, key: str, where: str, required: bool = True) -> None:
        value = record.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where} › {key}", "thiếu nội dung hoặc không phải chuỗi / missing or not a string")

    def string_list(self, record: dict, key: str, where: str) -> None:
        value = record.get(key)
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(f"{where} › {key}", "phải là danh sách chuỗi / must be a list of strings")

    def integer(self, record: dict, key: str, where: str) -> None:
        value = record.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(f"{where} › {key}", "phải là số nguyên ≥ 0 / must be an integer ≥ 0")

    def enum(self, record: dict, key: str, enum_class, where: str):
        try:
            return enum_class(record.get(key))
        except ValueError:
            allowed = ", ".join(member.value for member in enum_class)
            self.fail(f"{where} › {key}", f"phải là một trong: {allowed} / must be one of: {allowed}")
            return None
