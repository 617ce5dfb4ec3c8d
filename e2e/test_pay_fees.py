"""A citizen pays a dossier's fee at the development gateway from a phone: a failure first, then a
retry that pays; the status page follows the gateway's IPN; the receipt downloads."""

import re

from playwright.sync_api import expect

from e2e.conftest import check_accessibility, check_fits_screen, sign_in

SPLIT_HOUSEHOLD = "1.010038"  # Tách hộ: 10.000 đ, 5.000 đ online


def check(page) -> None:
    check_accessibility(page)
    check_fits_screen(page)


def submit_split_household(page, javascript: bool = True) -> None:
    sign_in(page, f"/dossiers/new/{SPLIT_HOUSEHOLD}", "Nguyễn Thị Lan")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    page.get_by_role("link", name="Nơi nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nơi nộp hồ sơ")
    if javascript:
        check(page)
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    if not javascript:
        page.get_by_role("button", name="Hiện danh sách xã, phường của tỉnh đã chọn").click()
    expect(page.get_by_label("Xã, phường, đặc khu").locator("option", has_text="Phường Giảng Võ")).to_have_count(1)
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Giảng Võ")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người đề nghị làm chủ hộ mới")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộ mới")
    page.get_by_label("Họ tên chủ hộ hiện tại").fill("Nguyễn Văn Hùng")
    page.get_by_label("Số định danh cá nhân của chủ hộ hiện tại").fill("001060001234")
    page.get_by_label("Có nhu cầu lập hộ riêng").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    if page.get_by_role("heading", level=1).inner_text() == "Giấy tờ kèm theo":
        page.get_by_role("link", name="Tiếp tục: kiểm tra và nộp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra trước khi nộp")
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()


def test_a_failed_payment_then_a_paid_one(phone):
    page = phone.page
    submit_split_household(page)
    expect(page.locator("main")).to_contain_text("Chờ thanh toán")
    expect(page.locator("main")).to_contain_text("5.000 đ")
    check(page)
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page).to_have_url(re.compile(r"/paymentv2/vpcpay\.html\?"))
    check(page)  # the development gateway's page
    page.get_by_role("button", name=re.compile("^Thất bại")).click()
    expect(page.locator("#payment-status")).to_contain_text("Bạn chưa bị trừ tiền")
    check(page)
    page.get_by_role("button", name="Thanh toán lại").click()
    page.get_by_role("button", name=re.compile("^Thanh toán thành công")).click()
    expect(page.locator("#payment-status")).to_contain_text("Đã thanh toán 5.000 đ")
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên lai điện tử (PDF)").click()
    assert download.value.suggested_filename.startswith("bien-lai-")
    page.get_by_role("link", name="Quay lại hồ sơ").click()
    expect(page.locator("main")).to_contain_text("Chờ tiếp nhận")


def test_the_status_page_waits_for_a_late_ipn_by_itself(phone):
    page = phone.page
    submit_split_household(page)
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.get_by_role("button", name=re.compile("IPN đến muộn")).click()
    status = page.locator("#payment-status")
    expect(status).to_contain_text("Đang chờ cổng thanh toán xác nhận")
    check(page)
    expect(status).to_contain_text("Đã thanh toán 5.000 đ", timeout=10000)  # htmx polls every 2 s


def test_paying_works_without_javascript(phone_without_js):
    page = phone_without_js.page
    submit_split_household(page, javascript=False)
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.get_by_role("button", name=re.compile("^Thanh toán thành công")).click()
    expect(page.locator("#payment-status")).to_contain_text("Đã thanh toán 5.000 đ")
    expect(page.get_by_role("link", name="Tải biên lai điện tử (PDF)")).to_be_visible()
