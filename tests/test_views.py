import json

import pytest
from flask import Blueprint, Flask

from app import create_app
from app.config import ConfigError
from tests.factories import agency_record, field_record, make_procedures, procedure_record
from tests.pages import check_page, get_page, text_of

BIRTH = dict(
    code="1.001193", name="Đăng ký khai sinh", name_en="Birth registration", level="commune", agency="UBND-XA-T",
    processing_days=0, processing_note="Ngay trong ngày làm việc", keywords=["làm giấy khai sinh"],
    fees=[{"code": "le-phi", "name": "Lệ phí đăng ký khai sinh", "amount": 8000, "online_amount": 0,
           "note": "Miễn khi nộp trực tuyến"},
          {"code": "le-phi", "name": "Lệ phí đăng ký khai sinh", "amount": 5000, "online_amount": 0, "province": 79}],
    documents=[
        {"code": "to-khai", "name": "Tờ khai đăng ký khai sinh", "form": "original", "copies": 1, "mandatory": True},
        {"code": "giay-chung-sinh", "name": "Giấy chứng sinh", "form": "original", "copies": 1, "mandatory": True,
         "from_wallet": True},
        {"code": "cccd", "name": "Căn cước của người đi đăng ký", "form": "original_or_copy", "copies": 1,
         "mandatory": True, "from_eid": True},
        {"code": "uy-quyen", "name": "Văn bản ủy quyền", "form": "certified_copy", "copies": 1, "mandatory": False},
    ],
    steps=["Nộp tờ khai trực tuyến", "Nhận giấy khai sinh điện tử"],
    legal_basis=["Luật Hộ tịch số 60/2014/QH13"],
)


def seed():
    return make_procedures(
        procedure_record(**BIRTH),
        procedure_record(code="2.000001", name="Cấp hộ chiếu phổ thông", online_level="partial", assurance_level=2),
        agencies=[agency_record(), agency_record("UBND-XA-T", "commune", "Ủy ban nhân dân cấp xã")],
        fields=[field_record()],
    )


def test_home_page_offers_search_and_browsing_by_field(client):
    seed()
    page = get_page(client, "core.home")
    form = page.find("form", role="search")
    assert form["action"] == "/procedures" and form.find("input", attrs={"name": "q"})
    assert "Hộ tịch" in text_of(page.find("ul", class_="link-list"))


def test_search_page_without_javascript_lists_matching_procedures(client):
    seed()
    page = get_page(client, "catalogue.index", q="dang ky khai sinh")
    results = page.find(id="results")
    assert results["aria-live"] == "polite"
    assert [text_of(a) for a in results.select(".result__title a")] == ["Đăng ký khai sinh"]
    assert "1 thủ tục phù hợp" in text_of(results)


def test_htmx_search_gets_only_the_results_fragment_and_responses_vary_on_it(client):
    seed()
    response = client.get("/procedures?q=khai+sinh", headers={"HX-Request": "true", "HX-Target": "results"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and "Đăng ký khai sinh" in body
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get("/procedures?q=khai+sinh",
                         headers={"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "results"})
    check_page(boosted)


def test_no_result_offers_suggestions_instead_of_an_empty_page(client):
    seed()
    page = get_page(client, "catalogue.index", q="qqqzzz", level="commune")
    suggestions = page.find(class_="no-results")
    assert "Không tìm thấy thủ tục phù hợp" in text_of(suggestions)
    assert suggestions.find("a", string="bỏ các bộ lọc và tìm lại")["href"] == "/procedures?q=qqqzzz"
    assert suggestions.select("a.chip")


def test_a_corrected_search_says_what_it_searched_for(client):
    seed()
    page = get_page(client, "catalogue.index", q="khai sinhh")
    assert "Kết quả cho “khai sinh”" in text_of(page.find(class_="notice"))


def test_an_invalid_filter_is_a_400_with_an_error_summary_in_vietnamese(client):
    seed()
    page = get_page(client, "catalogue.index", status=400, level="district", q="x" * 201)
    summary = text_of(page.find(class_="error-summary"))
    assert "Lựa chọn không hợp lệ" in summary and "dài quá 200 ký tự" in summary
    assert page.find(id="level")["aria-invalid"] == "true"


def test_pagination_links_keep_the_query_and_filters(client):
    make_procedures(*[procedure_record(name=f"Thủ tục phân trang {n}") for n in range(25)])
    page = get_page(client, "catalogue.index", q="phan trang", online="y")
    next_link = page.find("a", rel="next")["href"]
    assert "q=phan+trang" in next_link and "online=y" in next_link and "page=2" in next_link
    second = check_page(client.get(next_link))
    assert len(second.select(".result")) == 5 and second.find("a", rel="prev")


def test_procedure_page_shows_everything_a_citizen_needs_before_applying(client):
    seed()
    page = get_page(client, "catalogue.show", code="1.001193")
    text = text_of(page)
    for expected in ("1.001193", "Cấp xã", "Ủy ban nhân dân cấp xã", "Hộ tịch", "Trực tuyến toàn trình",
                     "Trong ngày làm việc", "Ngay trong ngày làm việc", "8.000 đ", "Miễn", "tiết kiệm 8.000 đ",
                     "Thành phố Hồ Chí Minh", "Bản chính hoặc bản sao", "Bản sao có chứng thực", "không bắt buộc",
                     "Lấy từ tài khoản định danh, không cần nộp", "Có thể dùng lại từ kho dữ liệu cá nhân",
                     "Nộp tờ khai trực tuyến", "Luật Hộ tịch số 60/2014/QH13", "Giấy xác nhận", "Công dân Việt Nam"):
        assert expected in text, expected
    start = page.find("a", string="Nộp hồ sơ trực tuyến")
    assert start["href"] == "/dossiers/new/1.001193"


def test_a_partly_online_procedure_has_no_online_submission_button(client):
    seed()
    page = get_page(client, "catalogue.show", code="2.000001")
    assert page.find("a", string="Nộp hồ sơ trực tuyến") is None
    assert "Cần tài khoản định danh mức 2" in text_of(page)


def test_an_unknown_procedure_is_a_friendly_404(client):
    page = get_page(client, "catalogue.show", code="0.000000", status=404)
    assert text_of(page.find("h1")) == "Không tìm thấy trang"


def test_the_interface_switches_to_english_and_back(client):
    seed()
    response = client.get("/language/en", query_string={"next": "/procedures?q=khai+sinh"})
    assert response.status_code == 303 and response.headers["Location"] == "/procedures?q=khai+sinh"
    assert "lang=en" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    page = get_page(client, "catalogue.index", q="khai sinh")
    assert page.html["lang"] == "en"
    assert text_of(page.find("h1")) == "Find a procedure"
    assert [text_of(a) for a in page.select(".result__title a")] == ["Birth registration"]
    switch = page.find("a", hreflang="vi")
    assert text_of(switch) == "Tiếng Việt" and switch["lang"] == "vi"
    client.get("/language/vi")
    assert get_page(client, "core.home").html["lang"] == "vi"


def test_the_language_switch_never_sends_anyone_off_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.get("/language/en", query_string={"next": target})
        assert response.headers["Location"] == "/", target


def test_every_page_sends_a_strict_content_security_policy_and_companions(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # not in local development or tests


def test_production_settings_send_hsts_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "the-portal-client-secret")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    production = create_app()
    assert production.config["SESSION_COOKIE_SECURE"] and production.config["SESSION_COOKIE_HTTPONLY"]
    response = production.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_refuses_to_start_with_the_built_in_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_to_start_with_the_development_eid_client_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.delenv("OIDC_CLIENT_SECRET", raising=False)
    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET"):
        create_app()


def test_no_inline_script_or_style_in_any_page(client):
    seed()
    for url in ("/", "/procedures?q=khai", "/procedures/1.001193", "/login", "/nowhere"):
        page = check_page(client.get(url), status=404 if url == "/nowhere" else 200)
        assert all(script.get("src") for script in page.find_all("script")), url
        assert not page.find_all("style") and not page.find_all(style=True), url
        assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)], url


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(monkeypatch):
    monkeypatch.setenv("APP_ENV", "testing")
    broken = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                         "SQLALCHEMY_ENGINE_OPTIONS": {}})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_search_is_rate_limited_with_a_clear_page(app, client):
    app.config["SEARCH_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [client.get("/procedures?q=a").status_code for _ in range(4)]
    finally:
        app.config["SEARCH_RATE_LIMIT"] = "120 per minute"
    assert statuses == [200, 200, 200, 429]


def _app_with_extra_routes(monkeypatch) -> Flask:
    monkeypatch.setenv("APP_ENV", "testing")
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/test/post", "post", lambda: "saved", methods=["POST"])
    extra.add_url_rule("/test/boom", "boom", lambda: 1 / 0)
    application = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SQLALCHEMY_ENGINE_OPTIONS": {}})
    application.register_blueprint(extra)
    return application


def test_a_post_without_the_csrf_token_is_refused_with_an_explanation(monkeypatch):
    client = _app_with_extra_routes(monkeypatch).test_client()
    page = check_page(client.post("/test/post"), status=400)
    assert text_of(page.find("h1")) == "Phiên làm việc đã hết hạn"


def test_an_htmx_post_carries_the_csrf_token_in_a_header(monkeypatch):
    client = _app_with_extra_routes(monkeypatch).test_client()
    page = check_page(client.get("/login"))
    headers = page.body["hx-headers"]
    token = json.loads(headers)["X-CSRFToken"]
    assert client.post("/test/post", headers={"X-CSRFToken": token, "HX-Request": "true"}).data == b"saved"


def test_an_unexpected_error_is_a_500_page_that_blames_the_system_not_the_user(monkeypatch):
    client = _app_with_extra_routes(monkeypatch).test_client()
    page = check_page(client.get("/test/boom"), status=500)
    assert "Lỗi không phải do bạn" in text_of(page)
