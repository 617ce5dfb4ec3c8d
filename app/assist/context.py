"""Whose data a request works on. In an assisted session it is the citizen's, and the signed-in
assistant is the one acting; otherwise both are the signed-in person.

The assistant's browser carries only the session's id, inside their own signed-in session. Each request
loads it again and drops it once the session has ended, expired or been revoked: from then on the
assistant reaches none of the citizen's data.
"""

from __future__ import annotations

from flask import Flask, flash, g, request, session
from flask_babel import lazy_gettext as _l

from app.audit.services import record_now
from app.identity.models import Person
from app.extensions import db
from app.identity.sessions import PASSIVE_ENDPOINTS, current_person

ASSISTED = "assisted_session"


def assisted_session():
    return g.get("assisted")


def applicant() -> Person | None:
    """The person whose dossiers this request reads and changes."""
    assisted = assisted_session()
    return assisted.citizen if assisted is not None else current_person()


def within() -> int | None:
    """The assisted session a dossier must belong to for the assistant to reach it (None: no limit)."""
    assisted = assisted_session()
    return assisted.id if assisted is not None else None


def init_app(app: Flask) -> None:
    """Register after the identity's own hooks, which find who is signed in."""

    @app.before_request
    def load_assisted():
        from app.assist import services

        g.assisted = None
        person = current_person()
        session_id = session.get(ASSISTED)
        if person is None or session_id is None:
            return
        assisted = services.active_for(person, session_id)
        if assisted is None:
            session.pop(ASSISTED)
            flash(_l("Phiên hỗ trợ công dân đã kết thúc; bạn không còn xem được hồ sơ của họ."), "info")
            return
        g.assisted = assisted

    @app.after_request
    def audit_assisted_actions(response):
        """Every page an assistant opens or form they send in a session, with both people's ids. A
        request that failed leaves nothing pending: its changes are rolled back before the record."""
        assisted = assisted_session()
        if assisted is not None and request.endpoint not in PASSIVE_ENDPOINTS:
            if response.status_code >= 400:
                db.session.rollback()
            record_now("assisted_action", person_id=assisted.assistant_id, citizen_id=assisted.citizen_id,
                       assisted_session=assisted.id, method=request.method, path=request.path,
                       status=response.status_code)
        return response

    @app.context_processor
    def assisted_context():
        return {"assisted": assisted_session()}
