"""Pages that htmx can swap in part: one template for the page, one fragment it includes."""

from __future__ import annotations

from flask import make_response, render_template, request


def wants_fragment(target_id: str) -> bool:
    """A non-boosted htmx request aimed at the region `target_id`; anything else gets the whole page."""
    return bool(request.htmx) and not request.htmx.boosted and request.htmx.target == target_id


def render_page_or_fragment(page: str, fragment: str, target_id: str, status: int = 200, **context):
    template = fragment if wants_fragment(target_id) else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    response.vary.add("HX-Target")
    return response
