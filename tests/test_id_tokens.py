"""The ID token checks, each on its own: tokens signed here with a key the provider object is given."""

from __future__ import annotations

import base64
import json
import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from app.integrations.eid import EidProvider, EidTokenInvalid, EidUnavailable

ISSUER = "https://eid.example.vn"
CLIENT = "tthc-portal"
NONCE = "the-nonce-that-was-sent"


class ServedProvider(EidProvider):
    """An EidProvider whose discovery document and JWKS are served from memory instead of over HTTP."""

    def __init__(self, keys: list[RSAKey], issuer: str = ISSUER):
        super().__init__(issuer, CLIENT, "secret", "openid")
        self.served_keys = keys
        self.fetched: list[str] = []
        self.document = {"issuer": issuer, "authorization_endpoint": f"{issuer}/authorize",
                         "token_endpoint": f"{issuer}/token", "jwks_uri": f"{issuer}/jwks"}

    def _get_json(self, url: str) -> dict:
        self.fetched.append(url)
        if url.endswith("/jwks"):
            return KeySet(self.served_keys).as_dict()
        return self.document


@pytest.fixture
def key():
    return RSAKey.generate_key(2048, parameters={"kid": "key-1"})


def token(key: RSAKey, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "citizen-1", "iat": now, "exp": now + 300, "nonce": NONCE,
              **overrides}
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def test_a_right_token_gives_its_claims(key):
    assert ServedProvider([key]).verify_id_token(token(key, name="Lan"), NONCE)["name"] == "Lan"


@pytest.mark.parametrize("overrides", [
    {"iss": "https://someone-else.example"},
    {"aud": "another-client"},
    {"aud": [CLIENT, "another-client"]},  # several audiences and no azp naming us
    {"exp": int(time.time()) - 120},
    {"iat": int(time.time()) + 600},
    {"nonce": "a-different-nonce"},
    {"nonce": None},
    {"sub": None},
], ids=["iss", "aud", "azp", "exp", "iat-in-future", "nonce", "no-nonce", "no-sub"])
def test_each_wrong_claim_is_refused(key, overrides):
    with pytest.raises(EidTokenInvalid):
        ServedProvider([key]).verify_id_token(token(key, **overrides), NONCE)


def test_a_token_signed_by_another_key_is_refused(key):
    stranger = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
    with pytest.raises(EidTokenInvalid):
        ServedProvider([key]).verify_id_token(token(stranger), NONCE)


def test_an_unsigned_token_is_refused(key):
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "x", "iat": int(time.time()), "exp": int(time.time()) + 300,
              "nonce": NONCE}
    with pytest.raises(EidTokenInvalid):
        ServedProvider([key]).verify_id_token(f"{part({'alg': 'none'})}.{part(claims)}.", NONCE)


def test_keys_are_fetched_again_when_the_provider_has_rotated_them(key):
    provider = ServedProvider([key])
    provider.verify_id_token(token(key), NONCE)
    rotated = RSAKey.generate_key(2048, parameters={"kid": "key-2"})
    provider.served_keys = [key, rotated]
    provider.verify_id_token(token(rotated), NONCE)
    assert [url for url in provider.fetched if url.endswith("/jwks")] == [f"{ISSUER}/jwks"] * 2


def test_a_discovery_document_for_another_issuer_is_not_trusted(key):
    provider = ServedProvider([key])
    provider.document["issuer"] = "https://impostor.example"
    with pytest.raises(EidUnavailable):
        provider.metadata()
