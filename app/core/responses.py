"""Responses several domains build the same way."""

from __future__ import annotations

from flask import current_app, make_response, url_for


def public_url(endpoint: str, **values) -> str:
    """The address of a page as the outside world reaches it (`PUBLIC_BASE_URL`): for the eID provider,
    the payment gateway and QR codes, which cannot use the request's own host."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def pdf_attachment(content: bytes, filename: str):
    """A PDF to download, never cached by shared caches."""
    response = make_response(content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
