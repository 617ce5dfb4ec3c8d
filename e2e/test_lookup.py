"""The public lookup on a phone: plain messages for bad input, the same answer for unknown dossiers."""

from playwright.sync_api import expect

from e2e.conftest import check_accessibility, check_fits_screen


def test_looking_up_a_dossier_without_signing_in(phone):
    page = phone.page
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Tra cứu hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu hồ sơ")
    check_accessibility(page)
    check_fits_screen(page)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".error-summary")).to_contain_text("Hãy nhập mã hồ sơ")
    check_accessibility(page)
    page.get_by_label("Mã hồ sơ").fill("UBND-XA-00025-261123-9999")
    page.get_by_label("4 số cuối của số định danh cá nhân người nộp").fill("2345")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#lookup-result")).to_contain_text("Không tìm thấy hồ sơ")
    check_accessibility(page)
    check_fits_screen(page)


def test_the_lookup_works_without_javascript(phone_without_js):
    page = phone_without_js.page
    page.goto("/lookup")
    page.get_by_label("Mã hồ sơ").fill("UBND-XA-00025-261123-9999")
    page.get_by_label("4 số cuối của số định danh cá nhân người nộp").fill("2345")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#lookup-result")).to_contain_text("Không tìm thấy hồ sơ")
