"""Responses several domains build the same way."""

from __future__ import annotations

import io

from flask import current_app, has_request_context, make_response, send_file, url_for


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


def file_download(stored, content: bytes):
    """A stored file as a download that no shared cache keeps. `send_file` writes both an ASCII filename
    and the UTF-8 filename* for Vietnamese names."""
    response = send_file(io.BytesIO(content), mimetype=stored.content_type, as_attachment=True,
                         download_name=stored.name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
