"""The gate in front of an online dossier: signed in, a fully-online procedure, the eID level it needs."""

from tests.factories import make_procedure
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, CITIZEN_LEVEL_2, sign_in


def test_starting_a_dossier_signed_out_goes_through_sign_in_and_back(client):
    procedure = make_procedure(online_level="full", assurance_level=1)
    response = client.get(f"/dossiers/new/{procedure.code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2Fdossiers%2Fnew%2F{procedure.code.replace('.', '.')}"
    back = sign_in(client, sub=CITIZEN_LEVEL_1, next_path=f"/dossiers/new/{procedure.code}")
    assert back.headers["Location"] == f"/dossiers/new/{procedure.code}"
    check_page(client.get(back.headers["Location"]))


def test_a_level_1_citizen_is_told_plainly_why_and_how_to_upgrade(client):
    procedure = make_procedure(online_level="full", assurance_level=2)
    sign_in(client, sub=CITIZEN_LEVEL_1)
    page = check_page(client.get(f"/dossiers/new/{procedure.code}"))
    assert "mức 2" in text_of(page.find("h1"))
    assert "công an cấp xã" in text_of(page.find("main"))


def test_a_level_2_citizen_may_start_a_level_2_procedure(client):
    procedure = make_procedure(online_level="full", assurance_level=2)
    sign_in(client, sub=CITIZEN_LEVEL_2)
    page = check_page(client.get(f"/dossiers/new/{procedure.code}"))
    assert page.find("button", string="Bắt đầu khai hồ sơ")


def test_a_procedure_not_fully_online_cannot_be_started_online(client):
    procedure = make_procedure(online_level="partial")
    sign_in(client)
    check_page(client.get(f"/dossiers/new/{procedure.code}"), 404)
