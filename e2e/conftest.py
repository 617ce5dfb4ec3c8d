"""Browser journeys against a live portal: its own process, a migrated SQLite file with the demo
catalogue, Debian's Chromium driven by Playwright, axe-core for accessibility."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests import processes

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

PHONES = {
    "android-360": dict(viewport={"width": 360, "height": 800}, device_scale_factor=3, is_mobile=True, has_touch=True,
                        user_agent="Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
                                   "Chrome/130.0 Mobile Safari/537.36"),
    "iphone-390": dict(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True,
                       user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                                  "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
}

DEVICES = {**PHONES, "desktop": dict(viewport={"width": 1280, "height": 800})}


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


@contextmanager
def portal(workdir: Path, issuer: str, port: int | None = None, **settings):
    """The portal under gunicorn on a migrated SQLite file with the demo data, signed in through `issuer`."""
    port = port or processes.free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": f"sqlite:///{workdir / 'portal.db'}",
           "SECRET_KEY": "e2e-secret", "SEARCH_RATE_LIMIT": "10000 per minute", "OIDC_ISSUER": issuer,
           "PUBLIC_BASE_URL": base_url, **settings}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    with processes.running(gunicorn, f"{base_url}/healthz", workdir / "server.log", env=env):
        yield base_url


@pytest.fixture(scope="session")
def eid_issuer(tmp_path_factory):
    with processes.eid_provider(tmp_path_factory.mktemp("eid")) as issuer:
        yield issuer


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory):
    """The development mailbox: the live portal's SMS (consent codes) arrive here."""
    with processes.mailbox(tmp_path_factory.mktemp("mailbox")) as urls:
        yield urls


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, eid_issuer, mailbox):
    """The portal, with the development payment gateway calling its IPN (IPNs sent late wait 3 s) and
    the development mailbox taking its SMS; an open dossier page asks for changes every second."""
    workdir = tmp_path_factory.mktemp("live")
    port = processes.free_port()
    ipn_url = f"http://127.0.0.1:{port}/payments/vnpay/ipn"
    with processes.payment_gateway(workdir, ipn_url, late_seconds=3) as gateway_url, \
            portal(workdir, eid_issuer, port=port, PAYMENT_GATEWAY_URL=gateway_url, LIVE_REFRESH_SECONDS="1",
                   SMTP_URL=mailbox.smtp_url, SMS_URL=mailbox.sms_url) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def short_session_server(tmp_path_factory, eid_issuer):
    """A portal whose sessions end after 12 seconds idle, with the warning 9 seconds before."""
    with portal(tmp_path_factory.mktemp("short"), eid_issuer, SESSION_IDLE_MINUTES="0.2",
                SESSION_WARNING_MINUTES="0.15") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Visit:
    """A phone (or the desk's desktop) in a browser context, collecting what the page complained about
    (CSP refusals)."""

    def __init__(self, browser, base_url: str, phone: str, javascript: bool):
        self.context = browser.new_context(base_url=base_url, java_script_enabled=javascript, locale="vi-VN",
                                           **DEVICES[phone])
        self.page = self.context.new_page()
        # Script errors and Content-Security-Policy refusals; a 404 the test asked for is not one.
        self.console_errors: list[str] = []
        self.context.on("console", self._console)
        self.context.on("weberror", lambda error: self.console_errors.append(str(error.error)))
        self.javascript = javascript

    def _console(self, message) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.console_errors.append(message.text)

    def close(self):
        self.context.close()


@pytest.fixture(params=["android-360", "iphone-390"])
def phone(request, browser, live_server):
    visit = Visit(browser, live_server, request.param, javascript=True)
    yield visit
    visit.close()
    assert visit.console_errors == []


@pytest.fixture(params=["android-360", "iphone-390"])
def phone_without_js(request, browser, live_server):
    visit = Visit(browser, live_server, request.param, javascript=False)
    yield visit
    visit.close()


def check_accessibility(page) -> None:
    """axe-core with WCAG 2.2 A/AA rules and best practices: zero violations, or the list of them.

    Playwright's evaluate is not bound by the page's Content-Security-Policy, so the strict policy
    stays on while axe runs.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
    })""")
    violations = [(v["id"], v["help"], [node["target"] for node in v["nodes"]]) for v in result["violations"]]
    assert violations == [], f"{page.url}: {violations}"


def check_fits_screen(page) -> None:
    width = page.evaluate("() => document.documentElement.clientWidth")
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width} > {width}"


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def short_session_phone(request, browser, short_session_server):
    visit = Visit(browser, short_session_server, "android-360", javascript=request.param)
    yield visit
    visit.close()
    assert visit.console_errors == []


def sign_in_at_provider(page, name: str) -> None:
    """On the development eID provider's page, pick the demo person called `name`."""
    page.get_by_role("button", name=re.compile(name)).click()


def sign_in(page, next_path: str, name: str) -> None:
    """From the portal's sign-in page, through the provider's real redirects, as the demo person `name`."""
    page.goto(f"/login?next={next_path}")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử").click()
    sign_in_at_provider(page, name)


def sign_out(page) -> None:
    """The header's sign-out, then the provider's confirmation (RP-initiated logout)."""
    page.locator("header").get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
