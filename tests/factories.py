"""Test data, built through the same import service the operator uses, so it is always valid."""

from __future__ import annotations

import copy
from itertools import count

from app.catalogue import services
from app.catalogue.models import Procedure

_sequence = count(1)

MINIMAL_FORM = {
    "pages": [
        {
            "id": "nguoi-yeu-cau",
            "title": {"vi": "Người yêu cầu", "en": "Applicant"},
            "fields": [
                {"name": "ho_ten", "type": "text", "label": {"vi": "Họ và tên", "en": "Full name"},
                 "required": True, "prefill": "full_name"},
            ],
        }
    ]
}


def field_record(code: str = "ho-tich", name: str = "Hộ tịch", name_en: str = "Civil status") -> dict:
    return {"code": code, "name": name, "name_en": name_en}


def agency_record(code: str = "UBND-XA-TEST", level: str = "central", name: str | None = None) -> dict:
    return {"code": code, "name": name or f"Cơ quan thử nghiệm {code}", "name_en": f"Test agency {code}", "level": level}


def procedure_record(**overrides) -> dict:
    """A valid procedure record of the catalogue file; traits by keyword (`online_level="partial"`)."""
    number = next(_sequence)
    record = {
        "code": f"9.{number:06d}",
        "name": f"Thủ tục thử nghiệm {number}",
        "name_en": f"Test procedure {number}",
        "summary": "Thủ tục dùng trong kiểm thử.",
        "keywords": [],
        "level": "central",
        "agency": "UBND-XA-TEST",
        "field": "ho-tich",
        "online_level": "full",
        "assurance_level": 1,
        "processing_days": 5,
        "eligibility": "Công dân Việt Nam",
        "result": "Giấy xác nhận",
        "steps": ["Nộp hồ sơ", "Nhận kết quả"],
        "legal_basis": ["Luật thử nghiệm"],
        "fees": [],
        "documents": [
            {"code": "to-khai", "name": "Tờ khai", "form": "original", "copies": 1, "mandatory": True},
        ],
        "form": copy.deepcopy(MINIMAL_FORM),
    }
    record.update(overrides)
    return record


def catalogue(*procedures: dict, fields=None, agencies=None) -> dict:
    return {
        "format": 1,
        "fields": fields if fields is not None else [field_record()],
        "agencies": agencies if agencies is not None else [agency_record()],
        "procedures": list(procedures),
    }


def make_procedures(*records: dict, **catalogue_options) -> list[Procedure]:
    services.import_catalogue(catalogue(*records, **catalogue_options))
    return [services.get_procedure(record["code"]) for record in records]


def make_procedure(**overrides) -> Procedure:
    return make_procedures(procedure_record(**overrides))[0]
