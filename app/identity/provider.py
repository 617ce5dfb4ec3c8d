"""The eID provider as this portal is configured to use it: one client per application, the claim names
the provider uses, and how long a sign-in may take. Shared by sign-in and by assisted consent."""

from __future__ import annotations

from flask import current_app

from app.identity.claims import ClaimNames
from app.integrations.eid import EidProvider

PENDING_MAX_AGE = 600  # seconds a person may spend at the provider before the sign-in must start again


def eid_provider() -> EidProvider:
    provider = current_app.extensions.get("eid")
    if provider is None:
        config = current_app.config
        provider = EidProvider(config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"],
                               config["OIDC_SCOPES"])
        current_app.extensions["eid"] = provider
    return provider


def claim_names() -> ClaimNames:
    config = current_app.config
    return ClaimNames(personal_id=config["OIDC_CLAIM_PERSONAL_ID"], assurance=config["OIDC_CLAIM_ASSURANCE"],
                      address=config["OIDC_CLAIM_ADDRESS"])


def sign_in_rate_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]
