"""Writing the audit log: a row in the same transaction as the change it records, and a structured
log line for the operators' log pipeline."""

from __future__ import annotations

import json
import logging

from flask import has_request_context, request

from app.audit.models import AuditEvent
from app.core.database import utcnow
from app.extensions import db

log = logging.getLogger("audit")

# Keys that must never reach the log, whatever a caller passes in `detail`.
SECRET_KEYS = {"token", "id_token", "access_token", "refresh_token", "code", "code_verifier", "secret",
               "password", "client_secret", "nonce", "state"}


def record(event: str, *, person_id: int | None = None, subject: str | None = None, **detail) -> AuditEvent:
    """Add an audit event to the session (the caller's commit saves it with the change it records)."""
    clean = {key: value for key, value in detail.items() if key not in SECRET_KEYS}
    ip = request.remote_addr if has_request_context() else None
    entry = AuditEvent(at=utcnow(), event=event, person_id=person_id, subject=subject, ip=ip, detail=clean)
    db.session.add(entry)
    log.info(json.dumps({"audit": event, "at": entry.at.isoformat(), "person_id": person_id,
                         "subject": subject, "ip": ip, **clean}, ensure_ascii=False, default=str))
    return entry


def record_now(event: str, **kwargs) -> None:
    """Record an event that has no change of its own to ride with (a refused sign-in, say)."""
    record(event, **kwargs)
    db.session.commit()
