from tests.factories import make_procedure


def test_the_catalogue_is_open_data_as_json(client):
    procedure = make_procedure(name="Đăng ký khai sinh", fees=[
        {"code": "le-phi", "name": "Lệ phí", "amount": 8000, "online_amount": 0}])
    listing = client.get("/api/procedures?q=khai+sinh")
    assert listing.status_code == 200 and listing.headers["Access-Control-Allow-Origin"] == "*"
    assert listing.json["total"] == 1
    item = listing.json["items"][0]
    assert item["code"] == procedure.code and item["url"].endswith(f"/procedures/{procedure.code}")
    detail = client.get(item["api_url"]).json
    assert detail["fees"] == [{"code": "le-phi", "name": "Lệ phí", "amount": 8000, "online_amount": 0,
                               "note": "", "province": None}]
    assert detail["documents"][0]["code"] == "to-khai"
    assert detail["form"]["pages"][0]["fields"][0]["name"] == "ho_ten"


def test_the_api_answers_errors_in_json(client):
    missing = client.get("/api/procedures/0.000000")
    assert missing.status_code == 404 and missing.json["error"]["status"] == 404
    invalid = client.get("/api/procedures?level=district")
    assert invalid.status_code == 400 and "level" in invalid.json["error"]["fields"]
