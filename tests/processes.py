"""Outside systems the tests talk to over real HTTP, each started as its own process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{url} did not come up:\n{log_path.read_text()}") from None
            time.sleep(0.1)


@contextmanager
def running(command: list[str], health_url: str, log_path: Path, env: dict | None = None):
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(health_url, process, log_path)
            yield process
        finally:
            process.terminate()
            process.wait(10)


@contextmanager
def payment_gateway(workdir: Path, ipn_url: str, late_seconds: float = 8.0):
    """The development payment gateway (app/devtools/payment_gateway.py) on a free port; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "app.devtools.payment_gateway", "--port", str(port), "--ipn-url", ipn_url,
               "--late-seconds", str(late_seconds)]
    with running(command, f"{url}/", workdir / "gateway.log"):
        yield url


@dataclass(frozen=True)
class MailboxUrls:
    smtp_url: str
    sms_url: str
    page_url: str

    def messages(self) -> dict:
        """What the mailbox has received: {"emails": [...], "sms": [...]}, oldest first."""
        with urllib.request.urlopen(f"{self.page_url}messages.json", timeout=5) as response:
            return json.load(response)


@contextmanager
def mailbox(workdir: Path):
    """The development mailbox (app/devtools/mailbox.py), SMTP and HTTP on free ports; yields its URLs."""
    smtp_port = http_port = free_port()
    while http_port == smtp_port:
        http_port = free_port()
    page_url = f"http://127.0.0.1:{http_port}/"
    command = [sys.executable, "-m", "app.devtools.mailbox", "--smtp-port", str(smtp_port), "--http-port",
               str(http_port)]
    with running(command, f"{page_url}messages.json", workdir / "mailbox.log"):
        yield MailboxUrls(f"smtp://127.0.0.1:{smtp_port}", f"{page_url}sms", page_url)


@contextmanager
def eid_provider(workdir: Path):
    """The development eID provider (app/devtools/eid_provider.py) on a free port; yields its issuer URL."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "app.devtools.eid_provider", "--port", str(port)]
    with running(command, f"{issuer}/.well-known/openid-configuration", workdir / "eid.log"):
        yield issuer
