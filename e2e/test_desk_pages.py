"""The desk's remaining pages with axe: sending a dossier on, refusing it, the agency's ratings and its
feedback queue; and feedback sent from a phone without JavaScript."""

import re

from playwright.sync_api import expect

from e2e.conftest import Visit, sign_in, sign_out
from e2e.test_submit_a_dossier import (WITHOUT_JAVASCRIPT, BIRTH, check, fill_child_parents_and_result,
                                       fill_office_and_applicant, sign_in_and_start, upload_and_submit)


def test_the_desk_pages_for_sending_on_refusing_ratings_and_feedback(browser, live_server):
    visit = Visit(browser, live_server, "desktop", javascript=True)
    page = visit.page
    try:
        sign_in_and_start(page)
        fill_office_and_applicant(page, javascript=True)
        fill_child_parents_and_result(page, javascript=True)
        code = upload_and_submit(page)
        page.goto(f"/feedback/new?dossier={code}")
        page.get_by_label("Việc giải quyết một hồ sơ").check()
        page.get_by_label("Nội dung").fill("Tôi muốn biết khi nào có kết quả.")
        page.get_by_role("button", name="Gửi", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Phản ánh PAKN-")
        sign_out(page)

        sign_in(page, f"/backoffice/dossiers/{code}", "Phạm Thu Hà")
        page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
        expect(page.locator(".flashes")).to_contain_text("Đã tiếp nhận hồ sơ")
        page.get_by_label("Giao cho").select_option(label="Phạm Thu Hà")
        page.get_by_role("button", name="Giao xử lý").click()
        expect(page.locator(".flashes")).to_contain_text("Đã giao hồ sơ cho Phạm Thu Hà")
        check(page)
        for link, heading in (("Chuyển liên thông", "Chuyển hồ sơ liên thông"),
                              ("Từ chối giải quyết", "Từ chối giải quyết hồ sơ")):
            page.get_by_role("link", name=link).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            check(page)
            page.get_by_role("button", name=re.compile("^(Chuyển hồ sơ|Từ chối giải quyết)$")).click()
            expect(page.locator(".error-summary")).to_be_visible()  # nothing chosen or written: refused
            check(page)
            page.get_by_role("link", name="Quay lại hồ sơ").click()
        page.goto("/backoffice/ratings")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá của người dân")
        check(page)
        page.goto("/backoffice/feedback")
        check(page)
        page.locator(".result").first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Phản ánh PAKN-")
        check(page)
        page.get_by_label("Nội dung trả lời").fill("Hồ sơ đang được xử lý, dự kiến có kết quả trong tuần.")
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.locator(".flashes")).to_contain_text("Đã gửi trả lời")
        check(page)
    finally:
        visit.close()
    assert visit.console_errors == []


def test_feedback_and_its_code_work_without_javascript(phone_without_js):
    page = phone_without_js.page
    WITHOUT_JAVASCRIPT.add(id(page))
    page.goto("/feedback/new")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Hãy chọn nội dung bạn phản ánh")
    expect(page.get_by_label("Nội dung")).to_have_value("")
    page.get_by_label("Quy định của thủ tục hành chính").check()
    page.get_by_label("Mã thủ tục (khi phản ánh về quy định)").fill(BIRTH)
    page.get_by_label("Nội dung").fill("Không cần JavaScript vẫn gửi được.")
    page.get_by_label("Email nhận trả lời").fill("ban.doc@example.vn")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phản ánh PAKN-")
    expect(page.locator("main")).to_contain_text("Đã tiếp nhận")
