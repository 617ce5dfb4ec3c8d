"""What templates can call besides Flask's own: fingerprinted static URLs, money, field attributes."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, url_for

from app.core.forms import field_attributes
from app.i18n import format_date, format_file_size, format_local_day, format_local_time, format_money

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    # Static files are addressed by content hash, so browsers may keep them for a year.
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", ONE_YEAR)
    static_root = Path(app.static_folder)

    @cache
    def fingerprint(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:12]

    def static_url(filename: str) -> str:
        return url_for("static", filename=filename, v=fingerprint(filename))

    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["field_attributes"] = field_attributes
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["local_time"] = format_local_time
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["local_day"] = format_local_day
    app.jinja_env.filters["filesize"] = format_file_size
