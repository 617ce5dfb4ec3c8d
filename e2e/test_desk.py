"""An officer of the one-stop desk receives a dossier a citizen submitted, on a phone, axe on every page."""

import re

from playwright.sync_api import expect

from e2e.conftest import sign_in, sign_out
from e2e.test_submit_a_dossier import (check, fill_child_parents_and_result, fill_office_and_applicant,
                                       sign_in_and_start, upload_and_submit)


def test_an_officer_receives_a_submitted_dossier(phone):
    page = phone.page
    sign_in_and_start(page)
    fill_office_and_applicant(page, javascript=True)
    fill_child_parents_and_result(page, javascript=True)
    code = upload_and_submit(page)
    sign_out(page)

    sign_in(page, "/backoffice/queue", "Phạm Thu Hà")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hàng đợi hồ sơ")
    check(page)
    page.get_by_label("Mã hồ sơ hoặc tên người nộp").fill(code)
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))  # the filtered list has replaced the whole queue
    expect(page.locator(".result")).to_have_count(1)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    check(page)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator(".flashes")).to_contain_text("Đã tiếp nhận hồ sơ")
    expect(page.locator(".timeline")).to_contain_text("Đã tiếp nhận")
    check(page)
