"""Responses several domains build the same way."""

from __future__ import annotations

from flask import current_app, has_request_context, make_response, url_for


def public_url(endpoint: str, **values) -> str:
    """The address of a page as the outside world reaches it (`PUBLIC_BASE_URL`): for the eID provider,
    the payment gateway and QR codes, which cannot use the request's own host. Outside a request (the
    job worker) the path comes straight from the URL map."""
    path = (url_for(endpoint, **values) if has_request_context()
            else current_app.url_map.bind("").build(endpoint, values))
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def pdf_attachment(content: bytes, filename: str):
    """A PDF to download, never cached by shared caches."""
    response = make_response(content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
