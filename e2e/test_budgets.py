"""The byte budget of DESIGN.md, measured on what the browser really loads."""

import gzip
import re

import pytest

from e2e.conftest import sign_in


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


def check_budget(context, path: str, base_url: str) -> None:
    """Load `path` in a fresh tab and weigh, gzipped, what the browser fetched."""
    page = context.new_page()
    loaded = []
    page.on("response", lambda response: loaded.append(response))
    page.goto(path, wait_until="networkidle")
    sizes = {response.url: gzipped(response.body()) for response in loaded if response.status < 300}
    document = sizes[page.url]
    blocking_css = sum(size for url, size in sizes.items() if url.split("?")[0].endswith(".css"))
    assert document + blocking_css <= 14 * 1024, (path, document, blocking_css)
    assert sum(sizes.values()) <= 45 * 1024, (path, sizes)
    assert all(url.startswith(base_url) for url in sizes), "third-party request"
    page.close()


@pytest.mark.parametrize("path", ["/", "/procedures?q=khai+sinh", "/procedures", "/procedures/{first}", "/login"])
def test_page_fits_the_byte_budget(phone, live_server, path):
    if "{first}" in path:
        phone.page.goto("/procedures?q=ho+chieu")
        path = phone.page.locator(".result__title a").first.get_attribute("href")
    check_budget(phone.context, path, live_server)


def test_signed_in_pages_fit_the_byte_budget(phone, live_server):
    page = phone.page
    sign_in(page, "/dossiers/new/1.001193", "Nguyễn Thị Lan")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    page.wait_for_url(re.compile(r"/dossiers/[0-9a-f]{16}$"))
    draft = page.url
    for path in (draft, f"{draft}/pages/noi-nop-ho-so", f"{draft}/pages/tre", f"{draft}/documents", f"{draft}/check",
                 "/dossiers", "/account"):
        check_budget(phone.context, path, live_server)
