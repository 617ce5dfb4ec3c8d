"""A citizen on a phone finds a procedure and reads what it asks for, with and without JavaScript."""

import re

from playwright.sync_api import expect

from e2e.conftest import check_accessibility, check_fits_screen


def test_newcomer_finds_birth_registration_typing_without_diacritics(phone):
    page = phone.page
    page.goto("/")
    check_accessibility(page)
    check_fits_screen(page)
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/procedures\?q=dang(\+|%20)ky(\+|%20)khai(\+|%20)sinh"))
    first = page.locator(".result__title a").first
    expect(first).to_have_text(re.compile(r"^(Thủ tục )?[Đđ]ăng ký khai sinh$"))
    check_accessibility(page)
    check_fits_screen(page)
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("khai sinh"))
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    check_accessibility(page)
    check_fits_screen(page)


def test_results_update_while_typing_and_the_address_can_be_shared(phone):
    page = phone.page
    page.goto("/procedures")
    search = page.get_by_role("searchbox", name="Tìm thủ tục")
    search.press_sequentially("ho chieu", delay=40)
    results = page.locator("#results")
    expect(results).to_contain_text(re.compile("hộ chiếu", re.IGNORECASE))
    expect(page).to_have_url(re.compile(r"q=ho(\+|%20)chieu"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm thủ tục")
    check_accessibility(page)
    search.fill("ly lich tu phap")
    expect(results.locator(".result__title a").first).to_contain_text("lý lịch tư pháp")
    shared = page.url
    other = phone.context.new_page()
    other.goto(shared)
    expect(other.locator(".result__title a").first).to_contain_text("lý lịch tư pháp")
    other.close()


def test_filters_narrow_results_as_they_change(phone):
    page = phone.page
    page.goto("/procedures?q=dang+ky")
    page.get_by_text("Lọc kết quả").click()
    page.get_by_label("Cấp thực hiện").select_option("commune")
    expect(page).to_have_url(re.compile(r"level=commune"))
    metas = page.locator(".result__meta")
    expect(metas.first).to_contain_text("Cấp xã")
    assert all("Cấp xã" in text for text in metas.all_inner_texts())
    page.get_by_label("Chỉ thủ tục nộp trực tuyến toàn trình").check()
    expect(page).to_have_url(re.compile(r"online=y"))
    tags = page.locator(".result__tags .tag").all_inner_texts()
    assert tags and all(tag == "Trực tuyến toàn trình" for tag in tags)
    check_accessibility(page)


def test_search_filters_and_pages_work_without_javascript(phone_without_js):
    page = phone_without_js.page
    page.goto("/procedures")
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("giay phep lai xe")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator(".result__title a").first).to_contain_text(re.compile("giấy phép lái xe", re.IGNORECASE))
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("")
    page.get_by_text("Lọc kết quả").click()
    page.get_by_label("Cấp thực hiện").select_option("province")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"level=province"))
    assert all("Cấp tỉnh" in text for text in page.locator(".result__meta").all_inner_texts())
    next_link = page.get_by_role("link", name=re.compile("Trang sau"))
    if next_link.count():
        next_link.click()
        expect(page).to_have_url(re.compile(r"page=2"))
        assert all("Cấp tỉnh" in text for text in page.locator(".result__meta").all_inner_texts())
    check_fits_screen(page)


def test_pagination_goes_through_every_procedure_without_javascript(phone_without_js):
    page = phone_without_js.page
    page.goto("/procedures")
    seen = []
    while True:
        seen += page.locator(".result__title a").all_inner_texts()
        next_link = page.get_by_role("link", name=re.compile("Trang sau"))
        if not next_link.count():
            break
        next_link.click()
    assert len(seen) >= 40 and len(seen) == len(set(seen))


def test_no_result_gives_suggestions(phone):
    page = phone.page
    page.goto("/procedures?q=xyzxyz+qwqw")
    expect(page.get_by_role("heading", name="Không tìm thấy thủ tục phù hợp")).to_be_visible()
    page.get_by_role("link", name="hộ chiếu").first.click()
    expect(page.locator(".result__title a").first).to_contain_text(re.compile("hộ chiếu", re.IGNORECASE))
    check_accessibility(page)


def test_procedure_page_leads_a_fully_online_procedure_to_sign_in(phone_without_js, phone):
    for visit in (phone_without_js, phone):
        page = visit.page
        page.goto("/procedures?q=khai+sinh")
        page.locator(".result__title a").first.click()
        for section in ("Thông tin chung", "Phí, lệ phí", "Thành phần hồ sơ", "Các bước thực hiện", "Kết quả",
                        "Ai được thực hiện", "Căn cứ pháp lý"):
            expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
        code = page.url.rsplit("/", 1)[1]
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
        expect(page).to_have_url(re.compile(rf"/login\?next=%2Fdossiers%2Fnew%2F{re.escape(code)}"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
        check_fits_screen(page)
    check_accessibility(phone.page)


def test_the_interface_switches_to_english_on_every_page(phone):
    page = phone.page
    page.goto("/procedures?q=ho+chieu")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a procedure")
    expect(page).to_have_url(re.compile(r"/procedures\?q=ho\+chieu"))
    check_accessibility(page)
    page.locator(".result__title a").first.click()
    expect(page.get_by_role("heading", name="General information")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_error_pages_are_accessible(phone):
    page = phone.page
    response = page.goto("/procedures/0.000000")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    check_accessibility(page)
    response = page.goto("/procedures?level=district")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Lựa chọn không hợp lệ")
    check_accessibility(page)
