"""The one place where the eID's claims become a profile.

Standard OIDC claims (`name`, `birthdate`, `gender`, `phone_number`, `email`) are read as the standard
names them; the personal ID number, the assurance level and the address are read from the claim names
in the settings (`OIDC_CLAIM_PERSONAL_ID`, `OIDC_CLAIM_ASSURANCE`, `OIDC_CLAIM_ADDRESS`), since the
national provider's names may differ. A value that does not fit is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

PERSONAL_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^\+?\d{9,15}$")


@dataclass(frozen=True)
class ClaimNames:
    personal_id: str = "personal_id_number"
    assurance: str = "acr"
    address: str = "address"


@dataclass(frozen=True)
class Profile:
    subject: str
    full_name: str
    personal_id_number: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    permanent_address: str = ""
    address_parts: dict = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None
    assurance_level: int = 1


def profile_from_claims(claims: dict, names: ClaimNames) -> Profile:
    full_name = _text(claims.get("name")) or " ".join(
        part for part in (_text(claims.get("family_name")), _text(claims.get("middle_name")),
                          _text(claims.get("given_name"))) if part
    )
    address, parts = _address(claims.get(names.address))
    return Profile(
        subject=str(claims["sub"]),
        full_name=full_name,
        personal_id_number=_matching(claims.get(names.personal_id), PERSONAL_ID),
        birth_date=_date(claims.get("birthdate")),
        sex=_sex(claims.get("gender")),
        permanent_address=address,
        address_parts=parts,
        phone=_phone(claims.get("phone_number")),
        email=_text(claims.get("email")) or None,
        assurance_level=assurance_level(claims.get(names.assurance)),
    )


def assurance_level(value) -> int:
    """Level 2 when the value ends in 2 ("2", "level2", "urn:…:loa:2"); anything else, or nothing, is
    level 1, so an unknown value never grants more than the least."""
    return 2 if str(value or "").strip().lower().endswith("2") else 1


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _matching(value, pattern: re.Pattern) -> str | None:
    text = _text(value) if not isinstance(value, int) else str(value)
    return text if pattern.match(text) else None


def _date(value) -> date | None:
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


def _sex(value) -> str | None:
    text = _text(value).lower()
    return {"male": "male", "nam": "male", "female": "female", "nu": "female", "nữ": "female"}.get(text)


def _phone(value) -> str | None:
    text = re.sub(r"[\s.-]", "", _text(value))
    if text.startswith("+84"):
        text = "0" + text[3:]
    return text if PHONE.match(text) else None


def _address(value) -> tuple[str, dict]:
    """The OIDC address claim is an object whose `formatted` member is the full address; some providers
    send a plain string instead."""
    if isinstance(value, dict):
        parts = {key: _text(part) for key, part in value.items() if _text(part)}
        formatted = parts.get("formatted") or ", ".join(
            parts[key] for key in ("street_address", "locality", "region", "country") if key in parts
        )
        return formatted, parts
    return _text(value), {}
