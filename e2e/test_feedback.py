"""Feedback and petitions on a phone, without an account; and the public service index. Axe on every page."""

import re

from playwright.sync_api import expect

from e2e.test_submit_a_dossier import BIRTH, check


def test_someone_without_an_account_sends_feedback_and_follows_it(phone):
    page = phone.page
    page.goto("/feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phản ánh, kiến nghị")
    check(page)
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị")
    check(page)
    page.get_by_role("button", name="Gửi", exact=True).click()  # nothing filled in
    expect(page.locator(".error-summary")).to_contain_text("Hãy chọn nội dung bạn phản ánh")
    check(page)
    page.get_by_label("Quy định của thủ tục hành chính").check()
    page.get_by_label("Mã thủ tục (khi phản ánh về quy định)").fill(BIRTH)
    page.get_by_label("Nội dung").fill("Tờ khai hỏi lại thông tin đã có trong căn cước.")
    page.get_by_label("Số điện thoại nhận trả lời").fill("0987654321")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".flashes")).to_contain_text(re.compile(r"Mã phản ánh của bạn là PAKN-\d{6}-"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phản ánh PAKN-")
    expect(page.locator("main")).to_contain_text("Đã tiếp nhận")
    check(page)


def test_the_service_index_reads_on_a_phone(phone):
    page = phone.page
    page.goto("/stats")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ số phục vụ người dân")
    check(page)
    page.get_by_label("Từ ngày").fill("2026-01-01")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"start=2026-01-01"))
    check(page)
