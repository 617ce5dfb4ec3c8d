"""Fetch a page and check what every page of the portal must have, on every call."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup
from flask import url_for


def check_page(response, status: int = 200) -> BeautifulSoup:
    """Status, `html[lang]`, exactly one h1, a <title> beginning with it, unique ids, forms with actions."""
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.html.get("lang") in ("vi", "en")
    headings = soup.find_all("h1")
    assert len(headings) == 1, [heading.get_text() for heading in headings]
    heading = " ".join(headings[0].get_text().split())
    title = " ".join(soup.title.get_text().split())
    # A page shown again with errors says so first in its title, as screen readers read it first.
    for prefix in ("Lỗi: ", "Error: "):
        title = title.removeprefix(prefix)
    assert title.startswith(heading), (title, heading)
    duplicates = [id_ for id_, seen in Counter(tag["id"] for tag in soup.find_all(id=True)).items() if seen > 1]
    assert not duplicates, duplicates
    for form in soup.find_all("form"):
        assert form.get("action"), form
        assert form.get("method", "get").lower() in ("get", "post")
    for label in soup.find_all("label"):
        assert label.get("for") is None or soup.find(id=label["for"]), label
    return soup


def get_page(client, endpoint: str, status: int = 200, headers=None, **values) -> BeautifulSoup:
    with client.application.test_request_context():
        url = url_for(endpoint, **values)
    return check_page(client.get(url, headers=headers or {}), status)


def text_of(element) -> str:
    return " ".join(element.get_text().split())
