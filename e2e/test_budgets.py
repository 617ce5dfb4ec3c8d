"""The byte budget of DESIGN.md, measured on what the browser really loads."""

import gzip

import pytest


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9))


@pytest.mark.parametrize("path", ["/", "/procedures?q=khai+sinh", "/procedures", "/procedures/{first}", "/login"])
def test_page_fits_the_byte_budget(phone, live_server, path):
    if "{first}" in path:
        phone.page.goto("/procedures?q=ho+chieu")
        path = phone.page.locator(".result__title a").first.get_attribute("href")
    page = phone.context.new_page()
    loaded = []
    page.on("response", lambda response: loaded.append(response))
    page.goto(path, wait_until="networkidle")
    sizes = {response.url: gzipped(response.body()) for response in loaded if response.status < 300}
    document = sizes[page.url]
    blocking_css = sum(size for url, size in sizes.items() if url.split("?")[0].endswith(".css"))
    assert document + blocking_css <= 14 * 1024, (path, document, blocking_css)
    assert sum(sizes.values()) <= 45 * 1024, (path, sizes)
    assert all(url.startswith(live_server) for url in sizes), "third-party request"
