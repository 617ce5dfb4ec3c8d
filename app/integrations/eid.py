"""The national eID provider, spoken to as an OpenID Connect provider.

Authorization code flow with PKCE (S256), `state` and `nonce`, through Authlib's OAuth 2 client. The
ID token is checked here, not trusted: signature against the provider's JWKS (fetched again once when
a key id is unknown, as after a key rotation), `iss`, `aud`, `exp`, `iat` and `nonce`. Nothing in this
module reads or writes the Flask session: callers keep the pending request and pass it back.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from threading import Lock
from urllib.parse import urlencode

import httpx2 as httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.integrations.base_client.errors import OAuthError
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

TIMEOUT = httpx.Timeout(5.0)
METADATA_TTL = 3600  # seconds
CLOCK_LEEWAY = 60  # seconds of clock difference tolerated on exp / iat
ID_TOKEN_ALGORITHMS = ["RS256", "PS256", "ES256"]
REQUIRED_METADATA = {"authorization_endpoint", "token_endpoint", "jwks_uri"}


class EidError(Exception):
    """Signing in did not complete. `reason` names the kind of failure for the page and the audit log."""

    reason = "error"

    def __init__(self, detail: str = ""):
        super().__init__(detail or self.reason)
        self.detail = detail


class EidUnavailable(EidError):
    reason = "provider_unreachable"


class EidDenied(EidError):
    reason = "access_denied"


class EidStateMismatch(EidError):
    reason = "bad_state"


class EidCodeRejected(EidError):
    reason = "code_rejected"


class EidTokenInvalid(EidError):
    reason = "invalid_token"


@dataclass(frozen=True)
class PendingSignIn:
    """What the portal remembers between sending someone to the provider and their return."""

    state: str
    nonce: str
    code_verifier: str
    next_path: str
    started_at: float

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_dict(cls, data: dict | None) -> PendingSignIn | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**data)
        except TypeError:
            return None


@dataclass(frozen=True)
class SignInResult:
    claims: dict
    id_token: str


class EidProvider:
    def __init__(self, issuer: str, client_id: str, client_secret: str, scopes: str):
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = scopes
        self._metadata: dict | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._lock = Lock()

    # --- discovery and keys -------------------------------------------------------------------
    def metadata(self) -> dict:
        with self._lock:
            if self._metadata is None or time.monotonic() - self._metadata_at > METADATA_TTL:
                document = self._get_json(f"{self.issuer}/.well-known/openid-configuration")
                if str(document.get("issuer", "")).rstrip("/") != self.issuer:
                    raise EidUnavailable("discovery document names another issuer")
                missing = REQUIRED_METADATA - document.keys()
                if missing:
                    raise EidUnavailable(f"discovery document lacks {sorted(missing)}")
                self._metadata, self._metadata_at = document, time.monotonic()
            return self._metadata

    def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            try:
                self._keys = KeySet.import_key_set(self._get_json(self.metadata()["jwks_uri"]))
            except (KeyError, ValueError, JoseError) as error:
                raise EidUnavailable(f"unusable JWKS: {error}") from error
        return self._keys

    def _get_json(self, url: str) -> dict:
        try:
            response = httpx.get(url, timeout=TIMEOUT)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise EidUnavailable(f"{url}: {error}") from error

    def _client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(client_id=self.client_id, client_secret=self.client_secret, scope=self.scopes,
                            redirect_uri=redirect_uri, code_challenge_method="S256", timeout=TIMEOUT)

    # --- the flow -----------------------------------------------------------------------------
    def start(self, redirect_uri: str, next_path: str, ui_locale: str,
              force_login: bool = False) -> tuple[str, PendingSignIn]:
        """The provider's authorization URL to send the browser to, and what to keep until it returns;
        `force_login` asks the provider to authenticate the person again (`prompt=login`)."""
        extra = {"prompt": "login"} if force_login else {}
        pending = PendingSignIn(state=generate_token(32), nonce=generate_token(32),
                                code_verifier=secrets.token_urlsafe(64), next_path=next_path,
                                started_at=time.time())
        with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                self.metadata()["authorization_endpoint"], state=pending.state,
                code_verifier=pending.code_verifier, nonce=pending.nonce, ui_locales=ui_locale, **extra,
            )
        return url, pending

    def finish(self, pending: PendingSignIn | None, arguments: dict, redirect_uri: str) -> SignInResult:
        """Check the provider's answer against what was kept, exchange the code and check the ID token."""
        # An error answer signs no one in, so it is reported even when the provider left out the state
        # (some do, against RFC 6749 4.1.2.1); a code is only ever taken with the state that was sent.
        if arguments.get("error") and "state" not in arguments:
            self._raise_for_error(arguments)
        answered_state = str(arguments.get("state", "")).encode()
        if pending is None or not secrets.compare_digest(answered_state, pending.state.encode()):
            raise EidStateMismatch("state missing, unknown or already used")
        if arguments.get("error"):
            self._raise_for_error(arguments)
        if not arguments.get("code"):
            raise EidCodeRejected("no code in the answer")
        metadata = self.metadata()
        with self._client(redirect_uri) as client:
            try:
                token = client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code",
                                           code=arguments["code"], code_verifier=pending.code_verifier)
            except OAuthError as error:
                raise EidCodeRejected(error.error or "token endpoint refused the code") from error
            except (httpx.HTTPError, ValueError) as error:
                raise EidUnavailable(f"token endpoint: {error}") from error
            raw_id_token = token.get("id_token")
            if not raw_id_token:
                raise EidTokenInvalid("no ID token in the token response")
            claims = self.verify_id_token(raw_id_token, pending.nonce)
            if metadata.get("userinfo_endpoint"):
                claims = {**self._userinfo(client, metadata["userinfo_endpoint"], claims["sub"]), **claims}
        return SignInResult(claims=claims, id_token=raw_id_token)

    @staticmethod
    def _raise_for_error(arguments: dict):
        if arguments["error"] == "access_denied":
            raise EidDenied(str(arguments.get("error_description", "")))
        raise EidCodeRejected(str(arguments["error"]))

    def verify_id_token(self, raw: str, nonce: str) -> dict:
        """The ID token's claims, once its signature, issuer, audience, times and nonce are right."""
        try:
            try:
                token = jwt.decode(raw, self._key_set(), algorithms=ID_TOKEN_ALGORITHMS)
            except InvalidKeyIdError:  # the provider may have rotated its keys since they were fetched
                token = jwt.decode(raw, self._key_set(refresh=True), algorithms=ID_TOKEN_ALGORITHMS)
            registry = jwt.JWTClaimsRegistry(
                leeway=CLOCK_LEEWAY,
                # exactly as the provider writes it in its discovery document, trailing slash and all
                iss={"essential": True, "value": self.metadata()["issuer"]},
                aud={"essential": True, "value": self.client_id},
                sub={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
                nonce={"essential": True, "value": nonce},
            )
            registry.validate(token.claims)
        except (JoseError, ValueError, KeyError) as error:
            raise EidTokenInvalid(f"{type(error).__name__}: {error}") from error
        audience = token.claims["aud"]
        several = isinstance(audience, list) and len(audience) > 1
        if (several or "azp" in token.claims) and token.claims.get("azp") != self.client_id:
            raise EidTokenInvalid("azp is missing or names another client")
        return dict(token.claims)

    def _userinfo(self, client: OAuth2Client, url: str, subject: str) -> dict:
        try:
            response = client.get(url)
            response.raise_for_status()
            info = response.json()
        except (httpx.HTTPError, ValueError, OAuthError) as error:
            raise EidUnavailable(f"userinfo: {error}") from error
        if info.get("sub") != subject:  # OIDC Core 5.3.2: must match the ID token's sub
            raise EidTokenInvalid("userinfo is about another subject")
        return info

    def end_session_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        """Where to send the browser so the provider ends its session too (RP-initiated logout), if it can."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except EidUnavailable:
            return None
        if not endpoint:
            return None
        query = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token:
            query["id_token_hint"] = id_token
        return f"{endpoint}?{urlencode(query)}"
