"""Response headers every page carries: a strict Content-Security-Policy and its companions."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(form_targets: list[str]) -> str:
    """No inline script or style, nothing from elsewhere; forms post to the portal, and to the outside
    services a post may redirect to (signing out continues at the eID provider)."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        " ".join(["form-action 'self'", *sorted({origin(url) for url in form_targets})]),
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])


def init_app(app: Flask) -> None:
    policy = content_security_policy([app.config["OIDC_ISSUER"], app.config["PAYMENT_GATEWAY_URL"]])

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        if app.config["HSTS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
