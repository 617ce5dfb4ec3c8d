"""A citizen submits a dossier from a phone: start → fill in → upload → check → submit → receipt, with
JavaScript on and off, axe on every step; and a draft resumed in a second browser."""

import re

from playwright.sync_api import expect

from e2e.conftest import check_accessibility, check_fits_screen, sign_in, sign_in_at_provider
from tests import files

BIRTH = "1.001193"  # Đăng ký khai sinh: commune level, fully online, no fee


WITHOUT_JAVASCRIPT: set[int] = set()


def check(page) -> None:
    """axe and the 360 px check run in the page's JavaScript, which a no-JavaScript phone has not got;
    the same pages are checked in the journey with JavaScript."""
    if id(page) in WITHOUT_JAVASCRIPT:
        return
    check_accessibility(page)
    check_fits_screen(page)


def sign_in_and_start(page, name: str = "Nguyễn Thị Lan") -> None:
    page.goto(f"/procedures/{BIRTH}")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    sign_in_at_provider(page, name)
    expect(page.get_by_role("button", name="Bắt đầu khai hồ sơ")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ nháp")
    check(page)


def save(page) -> None:
    page.get_by_role("button", name="Lưu và tiếp tục").click()


def choose_place(page, javascript: bool, province: str, commune: str) -> None:
    page.get_by_label("Tỉnh, thành phố").select_option(label=province)
    if not javascript:
        page.get_by_role("button", name="Hiện danh sách xã, phường của tỉnh đã chọn").click()
    expect(page.get_by_label("Xã, phường, đặc khu").locator("option", has_text=commune)).to_have_count(1)
    page.get_by_label("Xã, phường, đặc khu").select_option(label=commune)


def fill_office_and_applicant(page, javascript: bool) -> None:
    page.get_by_role("link", name="Nơi nộp hồ sơ").click()
    check(page)
    choose_place(page, javascript, "Thành phố Hà Nội", "Phường Giảng Võ")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Người yêu cầu")
    expect(page.locator(".from-eid")).to_contain_text(re.compile(r"Số định danh cá nhân\s*\d{12}"))
    check(page)
    page.get_by_label("Quan hệ với người được đăng ký khai sinh").select_option(label="Mẹ")
    save(page)


def fill_child_parents_and_result(page, javascript: bool) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Người được khai sinh")
    save(page)  # nothing filled in: the errors come back, in plain words, with the page kept
    expect(page.locator(".error-summary")).to_contain_text("Hãy nhập “Họ, chữ đệm và tên của trẻ”")
    check(page)
    page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Nguyễn Minh Khang")
    page.get_by_role("group", name="Giới tính").get_by_label("Nam").check()
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-11-02")
    page.get_by_label("Tại cơ sở y tế").check()
    page.get_by_label("Tên cơ sở y tế").fill("Bệnh viện Phụ sản Hà Nội")
    choose_place(page, javascript, "Thành phố Hà Nội", "Phường Giảng Võ")
    page.get_by_label("Số nhà, đường phố, thôn, xóm").fill("929 đường La Thành")
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Quốc tịch").fill("Việt Nam")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông tin cha, mẹ")
    check(page)
    page.get_by_label("Họ, chữ đệm và tên người mẹ").fill("Nguyễn Thị Lan")
    page.get_by_label("Số định danh cá nhân của mẹ").fill("001188012345")
    page.get_by_label("Ngày sinh của mẹ").fill("1988-03-14")
    page.get_by_role("group", name="Có khai thông tin người cha?").get_by_label("Không").check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận kết quả")
    check(page)
    page.get_by_label("Nhận trực tiếp tại nơi nộp hồ sơ").check()
    save(page)


def upload_and_submit(page) -> str:
    expect(page.get_by_role("heading", level=1)).to_have_text("Giấy tờ kèm theo")
    check(page)
    card = page.locator("#doc-giay-chung-sinh")
    card.get_by_label("Chọn tệp").set_input_files(files={"name": "giay-chung-sinh.png", "mimeType": "image/png",
                                                         "buffer": files.png()})
    card.get_by_role("button", name=re.compile("^Tải lên")).click()
    expect(page.locator("#doc-giay-chung-sinh")).to_contain_text("giay-chung-sinh.png")
    check(page)
    page.get_by_role("link", name="Tiếp tục: kiểm tra và nộp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra trước khi nộp")
    expect(page.locator("main")).to_contain_text("Nguyễn Minh Khang")
    check(page)
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    panel = page.locator(".panel")
    expect(panel).to_contain_text("Đã nộp hồ sơ")
    check(page)
    code = panel.locator(".panel__code").inner_text()
    assert re.fullmatch(r"UBND-XA-00025-\d{6}-\d{4}", code), code
    return code


def test_a_citizen_submits_a_birth_registration_from_a_phone(phone):
    page = phone.page
    sign_in_and_start(page)
    fill_office_and_applicant(page, javascript=True)
    fill_child_parents_and_result(page, javascript=True)
    code = upload_and_submit(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải phiếu tiếp nhận (PDF)").click()
    assert download.value.suggested_filename == f"phieu-tiep-nhan-{code}.pdf"
    page.locator("header").get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.locator(".result-list")).to_contain_text(code)
    check(page)


def test_the_same_journey_works_without_javascript(phone_without_js):
    page = phone_without_js.page
    WITHOUT_JAVASCRIPT.add(id(page))
    sign_in_and_start(page, name="Lê Hoàng Nam")
    fill_office_and_applicant(page, javascript=False)
    fill_child_parents_and_result(page, javascript=False)
    upload_and_submit(page)


def test_a_conditional_question_appears_only_when_it_applies(phone):
    page = phone.page
    sign_in_and_start(page)
    page.goto(page.url + "/pages/tre")
    hospital = page.get_by_label("Tên cơ sở y tế")
    expect(hospital).to_be_hidden()
    page.get_by_label("Tại cơ sở y tế").check()
    expect(hospital).to_be_visible()
    page.get_by_label(re.compile("^Ngoài cơ sở y tế")).check()
    expect(hospital).to_be_hidden()


def test_a_draft_started_on_one_device_is_finished_on_another(browser, live_server):
    from e2e.conftest import Visit

    first = Visit(browser, live_server, "android-360", javascript=True)
    try:
        sign_in_and_start(first.page)
        fill_office_and_applicant(first.page, javascript=True)
        draft_reference = re.search(r"/dossiers/([0-9a-f]{16})", first.page.url).group(1)
    finally:
        first.close()
    second = Visit(browser, live_server, "iphone-390", javascript=True)
    try:
        page = second.page
        sign_in(page, "/dossiers", "Nguyễn Thị Lan")
        expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
        check(page)
        page.locator(".result", has_text="Bản nháp").first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ nháp")
        expect(page.locator(".task-list")).to_contain_text("Đã xong")
        assert "Đã xong 2/" in page.locator("main").inner_text()
        assert page.url.rstrip("/").endswith(draft_reference)
        page.get_by_role("link", name="Người được khai sinh").click()
        fill_child_parents_and_result(page, javascript=True)
        upload_and_submit(page)
    finally:
        second.close()
    assert second.console_errors == [] and first.console_errors == []
