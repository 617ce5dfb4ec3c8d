"""SMS through a provider's HTTP JSON API, from the portal's side.

    POST {SMS_URL}
    Authorization: Bearer {SMS_API_KEY}
    Idempotency-Key: outbox-42
    {"to": "0912345678", "text": "...", "reference": "outbox-42"}

Any 2xx answer means the provider took the message. The reference is the same at every attempt, so a
provider that receives a message twice can send it once. Each Vietnamese brandname-SMS provider has an
API of its own; this is the one call the portal needs, and an adapter in front of a provider (or the
development mailbox, which speaks it as it is) answers it. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx2 as httpx

TIMEOUT = httpx.Timeout(10.0)
# Answers that say this message itself is wrong (number, text), so sending it again cannot help. Any
# other failure, a wrong key (401) included, is worth another attempt once the operator has fixed it.
REFUSED_FOR_GOOD = {400, 404, 422}


class SmsError(Exception):
    """The provider could not be reached or did not take the message; a later attempt may work."""


class Rejected(SmsError):
    """The provider refused the message for good."""


@dataclass(frozen=True)
class SmsGateway:
    url: str
    api_key: str

    def send(self, *, to: str, text: str, reference: str) -> None:
        """Hand one SMS to the provider; raise `Rejected` or `SmsError` when it does not take it."""
        try:
            response = httpx.post(self.url, json={"to": to, "text": text, "reference": reference},
                                  headers={"Authorization": f"Bearer {self.api_key}", "Idempotency-Key": reference},
                                  timeout=TIMEOUT)
        except httpx.HTTPError as error:
            raise SmsError(f"{type(error).__name__}: {error}") from error
        if response.is_success:
            return
        answer = f"HTTP {response.status_code}: {response.text[:300]}"
        if response.status_code in REFUSED_FOR_GOOD:
            raise Rejected(answer)
        raise SmsError(answer)
