import json

import pytest
from sqlalchemy import func, select

from app import geography
from app.catalogue import services
from app.catalogue.importer import CatalogueFileError, read_catalogue_file
from app.catalogue.models import Agency, Procedure, RequiredDocument
from app.cli import DEMO_CATALOGUE
from app.extensions import db
from tests.factories import agency_record, catalogue, procedure_record


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_importing_the_same_file_twice_updates_and_never_duplicates():
    data = catalogue(procedure_record(code="1.000001"), procedure_record(code="1.000002"))
    first = services.import_catalogue(data)
    data["procedures"][0]["name"] = "Tên mới"
    second = services.import_catalogue(data)
    assert (first.procedures_created, first.procedures_updated) == (2, 0)
    assert (second.procedures_created, second.procedures_updated) == (0, 2)
    assert count(Procedure) == 2
    assert services.get_procedure("1.000001").name == "Tên mới"


def test_documents_are_updated_in_place_so_references_to_them_survive_a_reimport():
    data = catalogue(procedure_record(code="1.000003"))
    services.import_catalogue(data)
    document_id = services.get_procedure("1.000003").documents[0].id
    data["procedures"][0]["documents"][0]["name"] = "Tờ khai (mẫu mới)"
    data["procedures"][0]["documents"].append({"code": "anh", "name": "Ảnh 4x6", "form": "original", "copies": 2})
    services.import_catalogue(data)
    documents = services.get_procedure("1.000003").documents
    assert [(d.id == document_id, d.name) for d in documents] == [(True, "Tờ khai (mẫu mới)"), (False, "Ảnh 4x6")]
    assert count(RequiredDocument) == 2


def test_local_agencies_get_one_office_per_province_or_commune_from_the_package():
    data = catalogue(agencies=[agency_record("SO-TEST", "province"), agency_record("XA-TEST", "commune")])
    summary = services.import_catalogue(data)
    assert summary.offices == len(geography.provinces()) + len(geography.communes()) == 34 + 3321
    assert services.import_catalogue(data).offices == 0
    hanoi = db.session.scalar(select(Agency).where(Agency.code == "SO-TEST-01"))
    assert hanoi.name == "Cơ quan thử nghiệm SO-TEST Thành phố Hà Nội"
    assert hanoi.authority.code == "SO-TEST" and hanoi.province_code == 1


def test_a_bad_record_names_itself_and_its_field_and_nothing_is_written():
    good = procedure_record(code="1.000010")
    bad = procedure_record(code="1.000011", processing_days=-3, level="district")
    bad["fees"] = [{"code": "le-phi", "name": "Lệ phí", "amount": "50.000"}]
    with pytest.raises(CatalogueFileError) as raised:
        services.import_catalogue(catalogue(good, bad))
    problems = raised.value.problems
    assert "procedures[1] (1.000011) › processing_days: phải là số nguyên ≥ 0 / must be an integer ≥ 0" in problems
    assert any(p.startswith("procedures[1] (1.000011) › level: phải là một trong") for p in problems)
    assert any(p.startswith("procedures[1] (1.000011) › fees[0] › amount") for p in problems)
    assert count(Procedure) == 0


def test_references_to_unknown_agencies_fields_and_provinces_are_refused():
    record = procedure_record(agency="KHONG-CO", field="khong-co")
    record["fees"] = [{"code": "phi", "name": "Phí", "amount": 1000, "province": 63}]
    with pytest.raises(CatalogueFileError) as raised:
        services.import_catalogue(catalogue(record))
    paths = [problem.split(":")[0] for problem in raised.value.problems]
    code = record["code"]
    assert paths == [f"procedures[0] ({code}) › agency", f"procedures[0] ({code}) › field",
                     f"procedures[0] ({code}) › fees[0] › province"]


def test_a_form_schema_problem_is_reported_with_the_procedure():
    record = procedure_record()
    record["form"]["pages"][0]["fields"][0]["type"] = "slider"
    with pytest.raises(CatalogueFileError) as raised:
        services.import_catalogue(catalogue(record))
    assert raised.value.problems[0].startswith(f"procedures[0] ({record['code']}) › form.pages[0].fields[0].type")


def test_a_file_that_is_not_json_gets_a_clear_error(tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueFileError, match="không phải JSON UTF-8 hợp lệ / not valid UTF-8 JSON"):
        read_catalogue_file(path)
    with pytest.raises(CatalogueFileError, match="không tìm thấy tệp / file not found"):
        read_catalogue_file(tmp_path / "missing.json")


def test_the_import_command_reports_problems_and_exits_non_zero(app, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(catalogue(procedure_record(code="1.000020", online_level="sometimes"))), "utf-8")
    result = app.test_cli_runner().invoke(args=["catalogue", "import", str(path)])
    assert result.exit_code == 1
    assert "procedures[0] (1.000020) › online_level" in result.output
    assert count(Procedure) == 0


def test_the_import_command_imports_a_good_file(app, tmp_path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(catalogue(procedure_record(code="1.000021"))), "utf-8")
    result = app.test_cli_runner().invoke(args=["catalogue", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 thủ tục mới/new" in result.output
    assert services.get_procedure("1.000021")


def test_synthetic_procedures_are_generated_and_replaced_not_added(app):
    services.import_catalogue(catalogue(procedure_record()))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["catalogue", "synthesize", "--count", "250"]).exit_code == 0
    assert runner.invoke(args=["catalogue", "synthesize", "--count", "120"]).exit_code == 0
    synthetic = select(func.count()).where(Procedure.code.startswith(services.SYNTHETIC_PREFIX))
    assert db.session.scalar(synthetic) == 120


def test_the_demo_catalogue_imports_cleanly_with_real_procedures_at_every_level():
    summary = services.import_catalogue(read_catalogue_file(DEMO_CATALOGUE))
    assert summary.procedures_created >= 40
    levels = dict(db.session.execute(select(Procedure.level, func.count()).group_by(Procedure.level)).all())
    assert all(levels.get(level, 0) >= 3 for level in ("central", "province", "commune")), levels
    names = " | ".join(db.session.scalars(select(Procedure.name)))
    for expected in ("khai sinh", "kết hôn", "thường trú", "tạm trú", "lý lịch tư pháp", "hộ chiếu", "giấy phép lái xe",
                     "hộ kinh doanh", "giấy phép xây dựng"):
        assert expected in names.lower(), expected
