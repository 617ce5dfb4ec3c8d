"""The development eID provider: a real OpenID Connect provider process (oidc-provider-mock) loaded with
the demo people of `data/demo/people.json`, each one click away on its sign-in page.

    python -m app.devtools.eid_provider [--host 127.0.0.1] [--port 9400]

The issuer is the address it is reached at (http://127.0.0.1:9400 by default, the portal's default
`OIDC_ISSUER`). On top of the package it enforces PKCE: an authorization request must carry an S256
`code_challenge`, and the token request the matching `code_verifier`, as the national provider would.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import secrets
from pathlib import Path
from threading import Lock
from urllib.parse import parse_qs, urlsplit

from flask import Flask, jsonify, request

ROOT = Path(__file__).resolve().parent
PEOPLE_FILE = ROOT.parent.parent / "data" / "demo" / "people.json"


def load_people(path: Path = PEOPLE_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


class PkceGuard:
    """Remembers each issued code's challenge and refuses a token request whose verifier does not match."""

    def __init__(self):
        self._challenges: dict[str, str] = {}
        self._lock = Lock()

    def check_authorization_request(self):
        if request.path != "/oauth2/authorize":
            return None
        if request.args.get("code_challenge_method") != "S256" or not request.args.get("code_challenge"):
            return jsonify(error="invalid_request", error_description="PKCE with S256 is required"), 400
        return None

    def remember_code(self, response):
        if request.path == "/oauth2/authorize" and request.method == "POST" and response.status_code in (302, 303):
            query = parse_qs(urlsplit(response.headers.get("Location", "")).query)
            if "code" in query:
                with self._lock:
                    self._challenges[query["code"][0]] = request.args["code_challenge"]
        return response

    def check_token_request(self):
        if request.path != "/oauth2/token" or request.form.get("grant_type") != "authorization_code":
            return None
        with self._lock:
            challenge = self._challenges.pop(request.form.get("code", ""), None)
        verifier = request.form.get("code_verifier", "")
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge is None or not secrets.compare_digest(expected, challenge):
            return jsonify(error="invalid_grant", error_description="PKCE verification failed"), 400
        return None


def create_provider(people: list[dict] | None = None) -> Flask:
    import oidc_provider_mock

    people = load_people() if people is None else people
    app = Flask("eid_provider", template_folder=str(ROOT / "eid_templates"), static_folder=str(ROOT / "eid_static"),
                static_url_path="/devtools-static")
    app.secret_key = secrets.token_bytes(16)
    oidc_provider_mock.init_app(
        app,
        require_nonce=True,
        user_claims=[oidc_provider_mock.User(sub=person["sub"], claims=person["claims"]) for person in people],
    )
    by_sub = {person["sub"]: person for person in people}
    app.context_processor(lambda: {"demo_people": by_sub})
    guard = PkceGuard()
    app.before_request(guard.check_authorization_request)
    app.before_request(guard.check_token_request)
    app.after_request(guard.remember_code)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9400)
    args = parser.parse_args()
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on the loopback interface only
    from werkzeug.serving import run_simple

    run_simple(args.host, args.port, create_provider(), threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
    main()
