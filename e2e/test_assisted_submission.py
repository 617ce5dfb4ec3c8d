"""At the post-office counter: the assistant at a desktop, the citizen with their phone. The citizen
consents (a code texted to their eID phone, or their own eID sign-in on the assistant's screen), the
assistant submits for them, and the citizen finds the dossier in their own account. Axe on every page."""

import re

from playwright.sync_api import expect

from e2e.conftest import Visit, sign_in, sign_in_at_provider
from e2e.test_submit_a_dossier import (BIRTH, check, fill_child_parents_and_result, fill_office_and_applicant,
                                       upload_and_submit)

LAN_ID = "001188012345"


def ask_for_consent(page, method: str) -> None:
    sign_in(page, "/assist/", "Võ Minh Tuấn")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hỗ trợ công dân nộp hồ sơ")
    check(page)
    page.get_by_role("button", name="Xin công dân đồng ý").click()  # nothing filled in
    expect(page.locator(".error-summary")).to_contain_text("Hãy nhập số định danh cá nhân của công dân")
    check(page)
    page.get_by_label("Số định danh cá nhân của công dân").fill(LAN_ID)
    page.get_by_label("Tạo và nộp hồ sơ").check()  # what the citizen said yes to
    page.get_by_label("Tải lên giấy tờ").check()
    page.get_by_label(method).check()
    page.get_by_role("button", name="Xin công dân đồng ý").click()


def submit_birth_registration(page) -> str:
    page.get_by_role("link", name="Tìm thủ tục và nộp hồ sơ mới").click()
    expect(page).to_have_url(re.compile(r"/procedures\?online=y"))
    page.goto(f"/procedures/{BIRTH}")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ nháp")
    check(page)
    fill_office_and_applicant(page, javascript=True)
    fill_child_parents_and_result(page, javascript=True)
    return upload_and_submit(page)


def test_consent_by_a_texted_code_then_the_assistant_submits_and_the_citizen_sees_it(browser, live_server, mailbox):
    citizen_visit = Visit(browser, live_server, "android-360", javascript=True)
    assistant_visit = Visit(browser, live_server, "desktop", javascript=True)
    citizen, assistant = citizen_visit.page, assistant_visit.page
    try:
        sign_in(citizen, "/account", "Nguyễn Thị Lan")  # known to the portal, so is her eID phone
        expect(citizen.get_by_role("heading", level=1)).to_be_visible()

        ask_for_consent(assistant, "Mã một lần gửi đến số điện thoại của công dân")
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Nhập mã đồng ý")
        check(assistant)
        assistant.get_by_label("Mã công dân đọc cho bạn").fill("000000")
        assistant.get_by_role("button", name="Xác nhận").click()
        expect(assistant.locator(".error-summary")).to_contain_text("lần thử")
        check(assistant)
        [*_, text] = mailbox.messages()["sms"]
        assert text["to"] == "0912345678"
        code = re.search(r"\b(\d{6})\b", text["text"]).group(1)
        assistant.get_by_label("Mã công dân đọc cho bạn").fill(code)
        assistant.get_by_role("button", name="Xác nhận").click()
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Phiên hỗ trợ: Nguyễn Thị Lan")
        expect(assistant.locator(".assisted-bar")).to_contain_text("Đang nộp hộ cho Nguyễn Thị Lan")
        check(assistant)

        dossier_code = submit_birth_registration(assistant)
        expect(assistant.locator("main")).to_contain_text("Nộp hộ bởi Võ Minh Tuấn")
        assistant.get_by_role("link", name="Phiên hỗ trợ").click()
        expect(assistant.locator(".result-list")).to_contain_text(dossier_code)
        assistant.get_by_role("link", name="In phiếu cho công dân").click()
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Phiếu hỗ trợ nộp hồ sơ")
        expect(assistant.locator("main")).to_contain_text(dossier_code)
        check(assistant)

        # The citizen finds it in her own account, and ends the assistant's access.
        citizen.goto("/dossiers")
        expect(citizen.locator(".result-list")).to_contain_text(dossier_code)
        check(citizen)
        citizen.locator(".result", has_text=dossier_code).get_by_role("link").click()
        expect(citizen.locator("main")).to_contain_text("Nộp hộ bởi Võ Minh Tuấn")
        check(citizen)
        citizen.goto("/account")
        sessions = citizen.locator("#assisted-sessions + ul")
        expect(sessions).to_contain_text("Võ Minh Tuấn")
        check(citizen)
        sessions.get_by_role("button", name=re.compile("Thu hồi quyền nộp hộ")).click()
        expect(citizen.locator(".flashes")).to_contain_text("Đã thu hồi quyền nộp hộ")
        check(citizen)

        assert assistant.goto(f"/dossiers/{dossier_code}").status == 404
        expect(assistant.locator(".flashes")).to_contain_text("Phiên hỗ trợ công dân đã kết thúc")
        check(assistant)
    finally:
        citizen_visit.close()
        assistant_visit.close()
    assert citizen_visit.console_errors == [] and assistant_visit.console_errors == []


def test_consent_by_the_citizens_own_eid_on_the_assistants_screen(browser, live_server):
    assistant_visit = Visit(browser, live_server, "desktop", javascript=True)
    assistant = assistant_visit.page
    try:
        ask_for_consent(assistant, "Công dân đăng nhập định danh điện tử trên máy này")
        sign_in_at_provider(assistant, "Nguyễn Thị Lan")
        # Her sign-in at the provider ends at once on this shared screen.
        assistant.get_by_role("button", name=re.compile("Đăng xuất")).click()
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Phiên hỗ trợ: Nguyễn Thị Lan")
        expect(assistant.locator("header")).to_contain_text("Võ Minh Tuấn")  # still the assistant's own session
        check(assistant)
        assistant.get_by_role("button", name="Kết thúc phiên hỗ trợ").click()
        expect(assistant.locator(".flashes")).to_contain_text("Đã kết thúc phiên hỗ trợ")
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Hỗ trợ công dân nộp hồ sơ")
        check(assistant)
    finally:
        assistant_visit.close()
    assert assistant_visit.console_errors == []


def test_someone_else_signing_in_at_the_counter_is_not_consent(browser, live_server):
    assistant_visit = Visit(browser, live_server, "desktop", javascript=True)
    assistant = assistant_visit.page
    try:
        ask_for_consent(assistant, "Công dân đăng nhập định danh điện tử trên máy này")
        sign_in_at_provider(assistant, "Lê Hoàng Nam")
        expect(assistant.get_by_role("heading", level=1)).to_have_text("Chưa có sự đồng ý của công dân")
        expect(assistant.locator("main")).to_contain_text("không phải công dân")
        check(assistant)
    finally:
        assistant_visit.close()
    assert assistant_visit.console_errors == []
