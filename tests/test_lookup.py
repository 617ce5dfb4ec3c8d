"""The public lookup: code plus the last 4 digits of the owner's personal ID number, state and dates
only, the same answer for a wrong code and wrong digits, rate-limited."""

from bs4 import BeautifulSoup

from tests.pages import check_page, text_of
from tests.signin import csrf_token, sign_in
from tests.test_dossiers import a_procedure, fill_in, only_dossier, post, start


def submitted(client):
    sign_in(client)
    start(client, a_procedure())
    fill_in(client, only_dossier().reference)
    post(client, f"/dossiers/{only_dossier().reference}/check", {"declaration": "y"})
    return only_dossier()


def look_up(client, code, digits, status=200):
    return check_page(client.post("/lookup", data={"csrf_token": csrf_token(client, "/lookup"), "code": code,
                                                   "last_digits": digits}), status)


def test_the_right_code_and_digits_show_the_state_and_dates_and_nothing_personal(client, app):
    dossier = submitted(client)
    anyone = app.test_client()
    page = look_up(anyone, dossier.code.lower(), "2345")
    result = text_of(page.find(id="lookup-result"))
    assert dossier.code in result and "Chờ tiếp nhận" in result
    assert f"{dossier.appointment_date:%d/%m/%Y}" in result
    assert "Nguyễn Thị Lan" not in page.decode() and "001188012345" not in page.decode()


def test_a_wrong_code_and_wrong_digits_get_the_same_answer(client, app):
    dossier = submitted(client)
    anyone = app.test_client()
    wrong_digits = text_of(look_up(anyone, dossier.code, "9999").find(id="lookup-result"))
    no_such_code = text_of(look_up(anyone, "UBND-XA-TEST-000000-0001", "2345").find(id="lookup-result"))
    assert wrong_digits == no_such_code and "Không tìm thấy" in wrong_digits


def test_a_draft_is_not_found(client, app):
    sign_in(client)
    start(client, a_procedure())
    assert "Không tìm thấy" in text_of(look_up(app.test_client(), only_dossier().reference, "2345")
                                       .find(id="lookup-result"))


def test_bad_input_gets_plain_messages(client):
    page = look_up(client, "", "12a", 400)
    summary = text_of(page.find(class_="error-summary"))
    assert "Hãy nhập mã hồ sơ" in summary and "đúng 4 chữ số" in summary


def test_the_lookup_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOOKUP_RATE_LIMIT", "2 per minute")
    token = csrf_token(client, "/lookup")
    statuses = [client.post("/lookup", data={"csrf_token": token, "code": "X", "last_digits": "1234"}).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert BeautifulSoup(client.get("/lookup").data, "html.parser").find("h1")
