"""A dossier followed to its result, two people at once: the citizen on a phone, the officer at the
desk in a second browser context. Axe on every page both see."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from e2e.conftest import Visit, sign_in
from e2e.test_submit_a_dossier import (check, fill_child_parents_and_result, fill_office_and_applicant,
                                       sign_in_and_start, upload_and_submit)
from tests import files


def test_a_dossier_goes_from_the_citizens_phone_through_the_desk_to_a_verified_result(browser, live_server):
    citizen_visit = Visit(browser, live_server, "android-360", javascript=True)
    officer_visit = Visit(browser, live_server, "desktop", javascript=True)
    citizen, officer = citizen_visit.page, officer_visit.page
    try:
        sign_in_and_start(citizen)
        fill_office_and_applicant(citizen, javascript=True)
        fill_child_parents_and_result(citizen, javascript=True)
        code = upload_and_submit(citizen)
        status = citizen.locator("#dossier-status")
        expect(status).to_contain_text("Chờ tiếp nhận")

        # The officer receives the dossier and asks, once, for a clearer birth certificate.
        sign_in(officer, f"/backoffice/dossiers/{code}", "Phạm Thu Hà")
        expect(officer.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
        check(officer)
        officer.get_by_role("button", name="Tiếp nhận hồ sơ").click()
        expect(officer.locator(".flashes")).to_contain_text("Đã tiếp nhận hồ sơ")
        check(officer)
        officer.get_by_role("link", name="Yêu cầu bổ sung").click()
        expect(officer.get_by_role("heading", level=1)).to_contain_text("Yêu cầu bổ sung hồ sơ")
        check(officer)
        expect(officer.get_by_role("checkbox")).to_have_count(3)  # the published list, less the e-form and eID
        officer.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
        expect(officer.locator(".error-summary")).to_contain_text("Hãy chọn ít nhất một giấy tờ cần bổ sung")
        check(officer)
        officer.get_by_label("Giấy chứng sinh do cơ sở y tế cấp").check()
        officer.get_by_label("Lý do cần bổ sung").fill("Ảnh Giấy chứng sinh bị mờ, không đọc được số.")
        officer.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
        expect(officer.locator(".flashes")).to_contain_text("Đã gửi yêu cầu bổ sung")

        # The citizen's open page shows the request without being reloaded.
        expect(status).to_contain_text("Cần bổ sung giấy tờ", timeout=15000)
        expect(status).to_contain_text("Ảnh Giấy chứng sinh bị mờ")
        check(citizen)
        citizen.get_by_role("link", name="Bổ sung giấy tờ").click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Bổ sung hồ sơ {code}")
        check(citizen)
        citizen.get_by_role("button", name="Gửi bổ sung").click()  # nothing uploaded yet
        expect(citizen.locator(".error-summary")).to_contain_text("Chưa tải lên giấy tờ bổ sung")
        check(citizen)
        card = citizen.locator("#doc-giay-chung-sinh")
        card.get_by_label(re.compile("^Chọn tệp")).set_input_files(files={
            "name": "giay-chung-sinh-ro.png", "mimeType": "image/png", "buffer": files.png(400, 300)})
        card.get_by_role("button", name=re.compile("^Tải lên")).click()
        expect(citizen.locator("#doc-giay-chung-sinh")).to_contain_text("giay-chung-sinh-ro.png")
        citizen.get_by_label(re.compile("Ghi chú gửi cơ quan")).fill("Đã chụp lại rõ hơn.")
        citizen.get_by_role("button", name="Gửi bổ sung").click()
        expect(citizen.locator(".flashes")).to_contain_text("Đã gửi giấy tờ bổ sung")
        expect(status).to_contain_text("Đang xử lý")
        check(citizen)

        # The officer sees the new file and issues the e-result.
        officer.reload()
        expect(officer.locator("main")).to_contain_text("giay-chung-sinh-ro.png")
        officer.get_by_role("link", name="Trả kết quả").click()
        check(officer)
        officer.get_by_role("button", name="Phê duyệt và trả kết quả").click()
        expect(officer.locator(".flashes")).to_contain_text("Đã trả kết quả cho người nộp")
        check(officer)

        # The citizen downloads it, and anyone can check it through its QR code.
        expect(status).to_contain_text("Đã có kết quả", timeout=15000)
        check(citizen)
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name="Tải kết quả (PDF)").click()
        content = download.value.path().read_bytes()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert "GIẤY KHAI SINH" in text and "Nguyễn Minh Khang" in text and code in text
        verify_url = re.search(r"http://\S+/verify/\S+", text.replace("\n", "")).group(0)

        # Asked to rate the service, she does, on her phone.
        citizen.get_by_role("link", name="Đánh giá việc giải quyết").click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Đánh giá hồ sơ {code}")
        check(citizen)
        citizen.get_by_role("button", name="Gửi đánh giá").click()
        expect(citizen.locator(".error-summary")).to_contain_text("Hãy chọn một mức hài lòng")
        check(citizen)
        citizen.get_by_label("Hài lòng", exact=True).check()
        citizen.get_by_label("Nhận kết quả đúng hẹn").check()
        citizen.get_by_label("Góp ý thêm (không bắt buộc)").fill("Bổ sung giấy tờ dễ dàng.")
        citizen.get_by_role("button", name="Gửi đánh giá").click()
        expect(citizen.locator(".flashes")).to_contain_text("Cảm ơn bạn đã đánh giá")
        expect(citizen.get_by_role("link", name="Sửa đánh giá")).to_be_visible()

        stranger = Visit(browser, live_server, "iphone-390", javascript=True)
        try:
            stranger.page.goto(verify_url)
            expect(stranger.page.locator(".panel--success")).to_contain_text("do cơ quan nhà nước cấp")
            expect(stranger.page.locator("main")).to_contain_text(code)
            expect(stranger.page.locator("main")).not_to_contain_text("Nguyễn Thị Lan")
            check(stranger.page)
            stranger.page.get_by_label("Tệp kết quả bạn đang có").set_input_files(files={
                "name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": content})
            stranger.page.get_by_role("button", name="Kiểm tra tệp").click()
            expect(stranger.page.locator("main")).to_contain_text("Tệp trùng khớp với kết quả đã cấp")
            check(stranger.page)
        finally:
            stranger.close()
        assert stranger.console_errors == []
    finally:
        citizen_visit.close()
        officer_visit.close()
    assert citizen_visit.console_errors == [] and officer_visit.console_errors == []
