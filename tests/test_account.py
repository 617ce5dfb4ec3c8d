"""The account page: what the eID supplied, masked where it must be, and the contact preferences."""

from sqlalchemy import select

from app.extensions import db
from app.identity.models import Person
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, CITIZEN_LEVEL_2, csrf_token, set_person, sign_in


def test_the_account_shows_the_eid_data_with_the_personal_id_masked(client):
    sign_in(client, next_path="/account")
    page = check_page(client.get("/account"))
    text = text_of(page.find("main"))
    for shown in ("Nguyễn Thị Lan", "••••••••2345", "14/03/1988", "Nữ", "Phường Giảng Võ", "0912345678",
                  "lan.nguyen@example.vn", "Mức 2"):
        assert shown in text, shown
    assert "001188012345" not in page.decode()


def test_identity_fields_are_not_editable_here(client):
    sign_in(client)
    page = check_page(client.get("/account"))
    names = {field["name"] for field in page.find("form", action="/account").find_all(["input", "select"])}
    assert names == {"csrf_token", "contact_email", "contact_phone", "notify_by_email", "notify_by_sms", "language"}


def test_a_level_1_citizen_is_told_how_to_upgrade(client):
    sign_in(client, sub=CITIZEN_LEVEL_1)
    assert "mức 1" in text_of(check_page(client.get("/account")).find("main"))


def test_contact_preferences_are_saved(client):
    sign_in(client)
    response = client.post("/account", data={
        "csrf_token": csrf_token(client, "/account"), "contact_email": " lan.work@example.vn ",
        "contact_phone": "0987 654 321", "notify_by_sms": "y", "language": "en",
    })
    assert response.status_code == 303
    person = db.session.scalar(select(Person).where(Person.subject == CITIZEN_LEVEL_2))
    assert (person.contact_email, person.contact_phone, person.notify_by_email, person.notify_by_sms,
            person.language) == ("lan.work@example.vn", "0987654321", False, True, "en")
    assert person.email == "lan.nguyen@example.vn"  # the eID's own stays as it was
    assert "Đã lưu" in text_of(check_page(client.get("/account")).find(class_="flashes"))


def test_bad_contact_details_are_refused_with_plain_messages_and_kept(client):
    sign_in(client)
    response = client.post("/account", data={
        "csrf_token": csrf_token(client, "/account"), "contact_email": "lan@", "contact_phone": "12345",
        "notify_by_email": "y", "language": "fr",
    })
    page = check_page(response, 400)
    summary = text_of(page.find(class_="error-summary"))
    assert "Email chưa đúng dạng" in summary and "10 chữ số" in summary and "ngôn ngữ" in summary
    assert page.find("input", attrs={"name": "contact_email"})["value"] == "lan@"
    person = db.session.scalar(select(Person).where(Person.subject == CITIZEN_LEVEL_2))
    assert person.contact_email is None and person.language == "vi"


def test_text_messages_need_a_phone_number_from_somewhere(client, eid_issuer):
    set_person(eid_issuer, "no-phone-citizen", {"name": "Đỗ Thị Hoa", "acr": "level2"})
    sign_in(client, sub="no-phone-citizen")
    response = client.post("/account", data={
        "csrf_token": csrf_token(client, "/account"), "notify_by_sms": "y", "language": "vi",
    })
    assert "số điện thoại" in text_of(check_page(response, 400).find(class_="error-summary"))


def test_the_account_page_needs_signing_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount"


def test_the_account_page_in_english(client):
    sign_in(client)
    client.set_cookie("lang", "en", domain="portal.test")
    page = check_page(client.get("/account"))
    assert text_of(page.find("h1")) == "My account"
