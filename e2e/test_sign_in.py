"""Signing in and out with the eID on a phone, through the real redirects of the development provider."""

import re

from playwright.sync_api import expect

from e2e.conftest import check_accessibility, check_fits_screen, sign_in, sign_in_at_provider, sign_out


def check(page) -> None:
    check_accessibility(page)
    check_fits_screen(page)


def test_citizen_signs_in_from_a_procedure_comes_back_and_signs_out(phone, eid_issuer):
    page = phone.page
    page.goto("/procedures/1.001193")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    check(page)
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    expect(page).to_have_url(re.compile(re.escape(eid_issuer) + r"/oauth2/authorize\?.*code_challenge_method=S256"))
    check(page)  # the development provider's page, standing in for VNeID's
    sign_in_at_provider(page, "Nguyễn Thị Lan")
    expect(page).to_have_url(re.compile(r"/dossiers/new/1\.001193$"))
    expect(page.locator("header")).to_contain_text("Nguyễn Thị Lan")
    check(page)

    page.get_by_role("link", name=re.compile("Nguyễn Thị Lan")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.locator("main")).to_contain_text("••••••••2345")
    check(page)
    page.get_by_label("Số điện thoại nhận tin nhắn").fill("0987 654 321")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flashes")).to_contain_text("Đã lưu")
    expect(page.get_by_label("Số điện thoại nhận tin nhắn")).to_have_value("0987654321")
    check(page)

    page.get_by_role("button", name="Đăng xuất").first.click()
    expect(page).to_have_url(re.compile(re.escape(eid_issuer) + "/oauth2/end_session"))
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã đăng xuất")
    check(page)
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))


def test_a_level_1_citizen_is_told_how_to_reach_level_2(phone):
    page = phone.page
    sign_in(page, "/dossiers/new/1.001456", "Trần Văn Minh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục này cần tài khoản định danh mức 2")
    expect(page.get_by_role("heading", name="Cách nâng lên mức 2")).to_be_visible()
    check(page)


def test_refusing_at_the_provider_ends_on_a_page_that_offers_to_try_again(phone):
    page = phone.page
    page.goto("/login?next=/account")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    page.get_by_role("button", name=re.compile("Từ chối")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã không cho phép chia sẻ thông tin")
    check(page)
    page.get_by_role("link", name="Thử đăng nhập lại").click()
    sign_in_at_provider(page, "Nguyễn Thị Lan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")


def test_an_officer_reaches_the_back_office_and_a_citizen_is_refused(phone):
    page = phone.page
    sign_in(page, "/backoffice/", "Phạm Thu Hà")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quản lý hồ sơ")
    expect(page.locator("main")).to_contain_text("Cán bộ một cửa")
    check(page)
    sign_out(page)
    sign_in(page, "/backoffice/", "Trần Văn Minh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn không có quyền truy cập trang này")
    check(page)


def test_sign_in_and_out_work_without_javascript(phone_without_js, eid_issuer):
    page = phone_without_js.page
    sign_in(page, "/account", "Lê Hoàng Nam")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đã đăng xuất")


def test_the_idle_warning_offers_to_stay_signed_in_then_signs_out_and_back_in(short_session_phone):
    page = short_session_phone.page
    sign_in(page, "/account", "Nguyễn Thị Lan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    stay = page.get_by_role("button", name="Tiếp tục phiên đăng nhập")
    if short_session_phone.javascript:
        dialog = page.get_by_role("dialog", name="Bạn sắp bị đăng xuất")
        expect(dialog).to_be_visible(timeout=8000)
        expect(stay).to_be_focused()
        check_accessibility(page)
        stay.click()
        expect(dialog).to_be_hidden()
        expect(dialog).to_be_visible(timeout=8000)  # the clock started again; now let it run out
        expect(page).to_have_url(re.compile(r"/session/ended\?next=(%2F|/)account$"), timeout=15000)
        check(page)
    else:
        expect(page.locator(".session-note")).to_contain_text("phiên đăng nhập sẽ kết thúc lúc")
        page.wait_for_timeout(3000)
        stay.click()  # a plain form post restarts the clock
        expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
        page.wait_for_timeout(13500)  # past the 12 s idle limit since that last request
        page.goto("/account")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Faccount$"))
        expect(page.locator(".flashes")).to_contain_text("không thao tác")
        page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    if short_session_phone.javascript:
        page.get_by_role("link", name="Đăng nhập lại và quay về trang đang xem").click()
    sign_in_at_provider(page, "Nguyễn Thị Lan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
