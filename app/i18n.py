"""The interface language: Vietnamese unless the person chose English with the switch."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def current_language() -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE) if request else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def safe_next_path(target: str | None, fallback: str = "/") -> str:
    """A same-site path to return to: anything naming another host or scheme becomes `fallback`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in target):
        return fallback  # a line break would split the Location header
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def format_money(amount: int) -> str:
    """VND as Vietnamese write it: 1.000.000 đ."""
    return f"{amount:,}".replace(",", ".") + " đ"


def format_local_time(moment: datetime) -> str:
    """An instant as a clock in Viet Nam (UTC+7), 24-hour: 14:05."""
    return moment.astimezone(VIETNAM).strftime("%H:%M")


def format_local_day(moment: datetime) -> str:
    """The day of an instant in Viet Nam: 21/11/2026."""
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y")


def format_file_size(size: int) -> str:
    """1,2 MB, 340 KB: as people read sizes, with the Vietnamese decimal comma."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def format_date(day: date | None) -> str:
    """A date as both languages write it here: 14/03/1988."""
    return day.strftime("%d/%m/%Y") if day else ""


def init_app(app: Flask) -> None:

    @app.context_processor
    def language_context():
        language = current_language()
        other = "en" if language == "vi" else "vi"
        return {"language": language, "other_language": other, "other_language_name": LANGUAGE_NAMES[other]}
