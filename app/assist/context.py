"""Whose data a request works on. In an assisted session (loaded by app/assist/views.py into `g`) it is
the citizen's, and the signed-in assistant is the one acting; otherwise both are the signed-in person."""

from __future__ import annotations

from flask import g

from app.identity.models import Person
from app.identity.sessions import current_person


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
