"""Signing a test client in through the real development eID provider: the portal sends the client to
the provider, the provider is answered over HTTP as a browser would, and the client follows it back."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx2 as httpx

CITIZEN_LEVEL_2 = "demo-citizen-lan"
CITIZEN_LEVEL_1 = "demo-citizen-minh"


def local(url: str) -> str:
    """The path and query of a URL, as the test client wants them."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def start(client, next_path: str = "/") -> str:
    """Ask the portal to sign in; returns the provider's authorization URL it sent the client to."""
    response = client.get("/login/eid", query_string={"next": next_path})
    assert response.status_code == 303, response.data[:300]
    return response.headers["Location"]


def authorize(authorization_url: str, sub: str = CITIZEN_LEVEL_2, deny: bool = False) -> str:
    """Answer the provider's sign-in page; returns the callback URL the provider redirects to."""
    data = {"action": "deny"} if deny else {"sub": sub}
    answer = httpx.post(authorization_url, data=data, follow_redirects=False)
    assert answer.status_code in (302, 303), answer.text[:300]
    return answer.headers["location"]


def sign_in(client, sub: str = CITIZEN_LEVEL_2, next_path: str = "/"):
    """The whole round trip; returns the portal's response to the callback."""
    return client.get(local(authorize(start(client, next_path), sub)))


def set_person(issuer: str, sub: str, claims: dict) -> None:
    """Give the provider a person with these claims (the provider's own test API)."""
    response = httpx.put(f"{issuer}/users/{sub}", json=claims)
    assert response.status_code == 204, response.text


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a page's forms carry, as a browser would send it back."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def sign_out(client):
    response = client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303, response.data[:300]
    return response
