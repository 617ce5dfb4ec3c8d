from app.catalogue import pricing
from tests.factories import make_procedure

FEES = [
    {"code": "le-phi", "name": "Lệ phí cấp hộ chiếu", "amount": 200000, "online_amount": 100000},
    {"code": "phi-in", "name": "Phí in", "amount": 10000},
    {"code": "le-phi", "name": "Lệ phí (Hà Nội)", "amount": 150000, "online_amount": 0, "province": 1},
]


def test_the_national_rule_applies_when_no_province_is_given():
    lines = pricing.fee_lines(make_procedure(fees=FEES))
    assert [(line.name, line.amount, line.online_amount) for line in lines] == [
        ("Lệ phí cấp hộ chiếu", 200000, 100000), ("Phí in", 10000, 10000)]
    assert lines[0].online_saving == 100000 and not lines[0].waived_online
    assert pricing.total(lines, online=True) == 110000
    assert pricing.total(lines, online=False) == 210000


def test_a_province_rule_replaces_the_national_item_with_the_same_code():
    procedure = make_procedure(fees=FEES)
    lines = pricing.fee_lines(procedure, province_code=1)
    assert [(line.name, line.amount, line.online_amount) for line in lines] == [
        ("Lệ phí (Hà Nội)", 150000, 0), ("Phí in", 10000, 10000)]
    assert lines[0].waived_online
    assert pricing.fee_lines(procedure, province_code=79)[0].name == "Lệ phí cấp hộ chiếu"
    assert [line.province_code for line in pricing.province_overrides(procedure)] == [1]


def test_online_amount_may_not_exceed_the_counter_amount():
    from app.catalogue.importer import check_catalogue
    from tests.factories import catalogue, procedure_record

    record = procedure_record(fees=[{"code": "x", "name": "Phí", "amount": 1000, "online_amount": 2000}])
    assert any("online_amount" in problem for problem in check_catalogue(catalogue(record)))
