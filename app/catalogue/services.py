"""Catalogue use cases: import the published catalogue, generate scale-test data, read procedures."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from app import geography
from app.catalogue.enums import AgencyKind, DocumentForm, Level, OnlineLevel, SupplementClock
from app.catalogue.importer import CatalogueFileError, check_catalogue
from app.catalogue.models import Agency, FeeRule, Field, Procedure, RequiredDocument
from app.catalogue.search import refresh_search_terms, search_text
from app.core.errors import NotFound
from app.extensions import db

SYNTHETIC_PREFIX = "SYN."


@dataclass(frozen=True)
class ImportSummary:
    fields: int
    agencies: int
    offices: int
    procedures_created: int
    procedures_updated: int


def import_catalogue(data: dict) -> ImportSummary:
    """Create or update everything in a parsed catalogue file, in one transaction.

    Records are matched by code, so a second import of the same file changes nothing; any problem in
    the file raises `CatalogueFileError` before anything is written.
    """
    known_agencies = {code: level for code, level in db.session.execute(
        select(Agency.code, Agency.level).where(Agency.authority_id.is_(None), Agency.kind == AgencyKind.AUTHORITY))}
    known_fields = set(db.session.scalars(select(Field.code)))
    problems = check_catalogue(data, known_agencies, known_fields)
    if problems:
        raise CatalogueFileError(problems)
    try:
        fields = {record["code"]: _upsert_field(record) for record in data.get("fields", [])}
        agencies = {record["code"]: _upsert_agency(record) for record in data.get("agencies", [])}
        db.session.flush()
        offices = sum(_ensure_offices(agency) for agency in agencies.values())
        created = updated = 0
        for record in data.get("procedures", []):
            procedure, is_new = _upsert_procedure(record, fields, agencies)
            created += is_new
            updated += not is_new
        db.session.flush()
        refresh_search_terms()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ImportSummary(len(fields), len(agencies), offices, created, updated)


def _upsert_field(record: dict) -> Field:
    field = db.session.scalar(select(Field).where(Field.code == record["code"])) or Field(code=record["code"])
    field.name = record["name"]
    field.name_en = record.get("name_en")
    db.session.add(field)
    return field


def _upsert_agency(record: dict) -> Agency:
    agency = db.session.scalar(select(Agency).where(Agency.code == record["code"])) or Agency(code=record["code"])
    agency.name = record["name"]
    agency.name_en = record.get("name_en")
    agency.level = Level(record["level"])
    agency.kind = AgencyKind(record.get("kind") or AgencyKind.AUTHORITY)
    db.session.add(agency)
    return agency


def _ensure_offices(authority: Agency) -> int:
    """Create the located offices of a province- or commune-level agency that do not exist yet."""
    if authority.level is Level.CENTRAL:
        return 0
    existing = set(db.session.scalars(select(Agency.code).where(Agency.authority_id == authority.id)))
    base_name = authority.name.removesuffix(" cấp tỉnh").removesuffix(" cấp xã")
    base_name_en = (authority.name_en or authority.name).removesuffix(" (province)").removesuffix(" (commune)")
    rows = []
    if authority.level is Level.PROVINCE:
        for province in geography.provinces():
            code = f"{authority.code}-{int(province.code):02d}"
            if code not in existing:
                title = geography.province_title(province)
                rows.append(dict(code=code, name=f"{base_name} {title}", name_en=f"{base_name_en}, {province.name}",
                                 level=Level.PROVINCE, province_code=int(province.code), authority_id=authority.id,
                                 kind=authority.kind))
    else:
        for ward in geography.communes():
            code = f"{authority.code}-{int(ward.code):05d}"
            if code not in existing:
                rows.append(dict(code=code, name=f"{base_name} {ward.name}", name_en=f"{base_name_en}, {ward.name}",
                                 level=Level.COMMUNE, province_code=int(ward.province_code),
                                 ward_code=int(ward.code), authority_id=authority.id, kind=authority.kind))
    if rows:
        db.session.execute(insert(Agency), rows)
    return len(rows)


def _upsert_procedure(record: dict, fields: dict[str, Field], agencies: dict[str, Agency]) -> tuple[Procedure, bool]:
    procedure = db.session.scalar(
        select(Procedure).where(Procedure.code == record["code"])
        .options(selectinload(Procedure.documents), selectinload(Procedure.fee_rules))
    )
    is_new = procedure is None
    if is_new:
        procedure = Procedure(code=record["code"])
        db.session.add(procedure)
    field = fields.get(record["field"]) or db.session.scalar(select(Field).where(Field.code == record["field"]))
    agency = agencies.get(record["agency"]) or db.session.scalar(select(Agency).where(Agency.code == record["agency"]))
    procedure.name = record["name"]
    procedure.name_en = record.get("name_en")
    procedure.summary = record["summary"]
    procedure.keywords = list(record["keywords"])
    procedure.level = Level(record["level"])
    procedure.agency = agency
    procedure.field = field
    procedure.online_level = OnlineLevel(record["online_level"])
    procedure.assurance_level = record["assurance_level"]
    procedure.processing_days = record["processing_days"]
    procedure.processing_note = record.get("processing_note") or ""
    procedure.supplement_clock = SupplementClock(record.get("supplement_clock") or "continue")
    procedure.result_template = dict(record.get("result_template") or {})
    procedure.eligibility = record["eligibility"]
    procedure.result = record["result"]
    procedure.steps = list(record["steps"])
    procedure.legal_basis = list(record["legal_basis"])
    procedure.form_schema = record["form"]
    procedure.search_name, procedure.search_body = search_text(procedure)
    _sync_documents(procedure, record["documents"])
    _sync_fees(procedure, record["fees"])
    return procedure, is_new


def _sync_documents(procedure: Procedure, records: list[dict]) -> None:
    """Update documents in place by code, so anything that refers to one keeps referring to it."""
    by_code = {document.code: document for document in procedure.documents}
    keep = []
    for position, record in enumerate(records):
        document = by_code.get(record["code"]) or RequiredDocument(code=record["code"])
        document.position = position
        document.name = record["name"]
        document.form = DocumentForm(record["form"])
        document.copies = record.get("copies", 1)
        document.mandatory = record.get("mandatory", True)
        document.from_eid = record.get("from_eid", False)
        document.from_wallet = record.get("from_wallet", False)
        document.from_form = record.get("from_form", False)
        document.note = record.get("note") or ""
        keep.append(document)
    procedure.documents = keep


def _sync_fees(procedure: Procedure, records: list[dict]) -> None:
    by_key = {(rule.code, rule.province_code): rule for rule in procedure.fee_rules}
    keep = []
    for position, record in enumerate(records):
        rule = by_key.get((record["code"], record.get("province"))) or FeeRule(code=record["code"])
        rule.position = position
        rule.name = record["name"]
        rule.amount = record["amount"]
        rule.online_amount = record.get("online_amount")
        rule.note = record.get("note") or ""
        rule.province_code = record.get("province")
        keep.append(rule)
    procedure.fee_rules = keep


def get_procedure(code: str) -> Procedure:
    procedure = db.session.scalar(
        select(Procedure).where(Procedure.code == code)
        .options(selectinload(Procedure.documents), selectinload(Procedure.fee_rules),
                 selectinload(Procedure.agency), selectinload(Procedure.field))
    )
    if procedure is None:
        raise NotFound(f"Không có thủ tục mã {code}")
    return procedure


def catalogue_agencies() -> list[Agency]:
    """The agencies as published, for filters: never the thousands of located offices."""
    return list(db.session.scalars(
        select(Agency).where(Agency.authority_id.is_(None), Agency.id.in_(select(Procedure.agency_id)))
        .order_by(Agency.level, Agency.name)
    ))


def all_fields() -> list[Field]:
    return list(db.session.scalars(select(Field).order_by(Field.name)))


SYNTHETIC_SUBJECTS = [
    "giấy phép", "chứng chỉ hành nghề", "giấy chứng nhận", "văn bản xác nhận", "hồ sơ đăng ký", "thẻ",
    "sổ", "giấy xác nhận", "quyết định công nhận", "bản sao trích lục",
]
SYNTHETIC_ACTIONS = ["Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Xác nhận"]
SYNTHETIC_TOPICS = [
    "kinh doanh dịch vụ lữ hành", "hoạt động khoáng sản", "cơ sở giáo dục mầm non", "phòng khám đa khoa",
    "nhà thuốc", "trang trại chăn nuôi", "tàu cá", "cửa hàng xăng dầu", "cơ sở karaoke", "hội nghề nghiệp",
    "đại lý bảo hiểm", "trung tâm ngoại ngữ", "sân golf", "bến thủy nội địa", "cơ sở in", "quảng cáo ngoài trời",
    "di tích lịch sử", "vật liệu nổ công nghiệp", "hóa chất", "giống cây trồng", "thủy sản", "rừng trồng",
    "nước sạch nông thôn", "nghĩa trang", "chợ đầu mối", "cơ sở lưu trú du lịch", "nhà văn hóa", "thư viện",
    "câu lạc bộ thể thao", "điểm truy cập internet", "trạm sạc xe điện", "điện mặt trời mái nhà",
]


def synthesize_procedures(count: int, seed: int = 2025) -> int:
    """Replace the synthetic procedures with `count` new ones (codes `SYN.nnnnnn`) for scale tests.

    They reuse the imported agencies and fields, so the demo catalogue must be imported first.
    """
    agencies = list(db.session.scalars(select(Agency).where(Agency.authority_id.is_(None),
                                                            Agency.kind == AgencyKind.AUTHORITY)))
    fields = list(db.session.scalars(select(Field)))
    template = db.session.scalar(select(Procedure).where(~Procedure.code.startswith(SYNTHETIC_PREFIX)).limit(1))
    if not agencies or not fields or template is None:
        raise CatalogueFileError(["Cần nhập danh mục thủ tục trước / import the catalogue first"])
    randomiser = random.Random(seed)
    try:
        db.session.execute(delete(Procedure).where(Procedure.code.startswith(SYNTHETIC_PREFIX)))
        for start in range(0, count, 1000):
            rows = [_synthetic_row(number, randomiser, agencies, fields, template)
                    for number in range(start + 1, min(start + 1000, count) + 1)]
            db.session.execute(insert(Procedure), rows)
        refresh_search_terms()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count


def _synthetic_row(number: int, randomiser: random.Random, agencies: list[Agency], fields: list[Field],
                   template: Procedure) -> dict:
    agency = randomiser.choice(agencies)
    field = randomiser.choice(fields)
    name = (f"{randomiser.choice(SYNTHETIC_ACTIONS)} {randomiser.choice(SYNTHETIC_SUBJECTS)} "
            f"{randomiser.choice(SYNTHETIC_TOPICS)}")
    procedure = Procedure(
        code=f"{SYNTHETIC_PREFIX}{number:06d}", name=name, name_en=None,
        summary=f"Thủ tục thử nghiệm số {number} thuộc lĩnh vực {field.name.lower()}.",
        keywords=[], result=f"{name.split(' ', 1)[1].capitalize()}", eligibility="Tổ chức, cá nhân",
        agency=agency, field=field,
    )
    search_name, search_body = search_text(procedure)
    return dict(
        code=procedure.code, name=name, name_en=None, summary=procedure.summary, keywords=[],
        level=agency.level, agency_id=agency.id, field_id=field.id,
        online_level=randomiser.choice([OnlineLevel.FULL, OnlineLevel.PARTIAL]),
        assurance_level=randomiser.choice([1, 2]), processing_days=randomiser.choice([0, 3, 5, 10, 15, 20, 30]),
        processing_note="", eligibility=procedure.eligibility, result=procedure.result, steps=template.steps,
        legal_basis=template.legal_basis, form_schema=template.form_schema,
        search_name=search_name, search_body=search_body,
    )


def fields_with_counts() -> list[tuple[Field, int]]:
    """Fields that have procedures, with how many, for browsing from the home page."""
    count = func.count(Procedure.id)
    return [(field, number) for field, number in db.session.execute(
        select(Field, count).join(Procedure, Procedure.field_id == Field.id)
        .group_by(Field.id).order_by(Field.name)
    )]
