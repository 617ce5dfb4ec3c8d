"""Use cases of identity: signing in and out, session timeouts, contact preferences, staff roles.

Each function owns its commit and writes its audit event in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record, record_now
from app.catalogue.models import Agency
from app.core.database import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.identity.claims import Profile
from app.identity.enums import SessionEnd, StaffRole
from app.identity.models import Person, SignInSession, StaffGrant

# A session's last-seen time is written at most this often (or a tenth of the idle timeout, if less),
# not on every request.
TOUCH_EVERY = timedelta(seconds=60)
PROFILE_FIELDS = ("full_name", "personal_id_number", "birth_date", "sex", "permanent_address", "address_parts",
                  "phone", "email", "assurance_level")


class StaffGrantError(DomainError):
    pass


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(issuer: str, profile: Profile, id_token: str | None) -> tuple[Person, str]:
    """Create or update the person the eID vouched for and open a new session; returns the person and
    the session token for the cookie (only its hash is stored)."""
    person = vouched_person(issuer, profile)
    now = utcnow()
    person.last_signed_in_at = now
    db.session.flush()
    token = secrets.token_urlsafe(32)
    db.session.add(SignInSession(token_hash=_hash(token), person_id=person.id, started_at=now, last_seen_at=now,
                                 id_token=id_token))
    record("sign_in", person_id=person.id, subject=person.subject, assurance_level=person.assurance_level)
    db.session.commit()
    return person, token


def vouched_person(issuer: str, profile: Profile) -> Person:
    """The person the eID vouched for, created or brought up to date from the profile (the caller commits)."""
    person = _person_for(issuer, profile.subject)
    for name in PROFILE_FIELDS:
        setattr(person, name, getattr(profile, name))
    return person


def _person_for(issuer: str, subject: str) -> Person:
    """The person with this (issuer, sub), created if new; a concurrent first sign-in that created them
    a moment ago is found rather than duplicated."""
    known = select(Person).where(Person.issuer == issuer, Person.subject == subject)
    person = db.session.scalar(known)
    if person is not None:
        return person
    try:
        with db.session.begin_nested():
            person = Person(issuer=issuer, subject=subject)
            db.session.add(person)
    except IntegrityError:
        person = db.session.scalar(known)
    return person


def record_sign_in_failure(reason: str, detail: str = "") -> None:
    record_now("sign_in_failed", reason=reason, detail=detail[:300])


def active_session(token: str | None) -> SignInSession | None:
    if not token:
        return None
    return db.session.scalar(
        select(SignInSession).where(SignInSession.token_hash == _hash(token), SignInSession.ended_at.is_(None))
    )


def expires_at(sign_in_session: SignInSession, timeouts: Timeouts) -> datetime:
    return min(sign_in_session.last_seen_at + timeouts.idle, sign_in_session.started_at + timeouts.absolute)


def end_if_timed_out(sign_in_session: SignInSession, timeouts: Timeouts, now: datetime | None = None) -> SessionEnd | None:
    """End the session if it has been idle too long or open too long; says which, or None."""
    now = now or utcnow()
    if now >= sign_in_session.started_at + timeouts.absolute:
        reason = SessionEnd.ABSOLUTE
    elif now >= sign_in_session.last_seen_at + timeouts.idle:
        reason = SessionEnd.IDLE
    else:
        return None
    _end(sign_in_session, reason, now)
    record("session_timeout", person_id=sign_in_session.person_id, subject=sign_in_session.person.subject,
           reason=reason.value)
    db.session.commit()
    return reason


def touch(sign_in_session: SignInSession, timeouts: Timeouts, now: datetime | None = None,
          force: bool = False) -> None:
    """Note that the person is active; the idle clock starts again."""
    now = now or utcnow()
    if force or now - sign_in_session.last_seen_at >= min(TOUCH_EVERY, timeouts.idle / 10):
        sign_in_session.last_seen_at = now
        db.session.commit()


def sign_out(sign_in_session: SignInSession) -> str | None:
    """End the session on the server, so a copied cookie stops working; returns the ID token to hint the
    provider's logout with."""
    id_token = sign_in_session.id_token
    _end(sign_in_session, SessionEnd.SIGNED_OUT, utcnow())
    record("sign_out", person_id=sign_in_session.person_id, subject=sign_in_session.person.subject)
    db.session.commit()
    return id_token


def _end(sign_in_session: SignInSession, reason: SessionEnd, now: datetime) -> None:
    sign_in_session.ended_at = now
    sign_in_session.end_reason = reason
    sign_in_session.id_token = None


@dataclass(frozen=True)
class ContactPreferences:
    contact_email: str | None
    contact_phone: str | None
    notify_by_email: bool
    notify_by_sms: bool
    language: str


def contact_preferences(person: Person) -> ContactPreferences:
    return ContactPreferences(person.contact_email, person.contact_phone, person.notify_by_email,
                              person.notify_by_sms, person.language)


def update_contact_preferences(person: Person, preferences: ContactPreferences) -> None:
    """Save how the person wants to be told about their dossiers. Identity fields are the eID's and
    are not touched here."""
    if preferences.notify_by_email and not (preferences.contact_email or person.email):
        raise DomainError("Cần một địa chỉ email để nhận thông báo qua email. / An email address is needed "
                          "for email notifications.")
    if preferences.notify_by_sms and not (preferences.contact_phone or person.phone):
        raise DomainError("Cần một số điện thoại để nhận tin nhắn. / A phone number is needed for text messages.")
    for name, value in preferences.__dict__.items():
        setattr(person, name, value)
    record("contact_preferences_changed", person_id=person.id, subject=person.subject)
    db.session.commit()


def grant_staff_role(issuer: str, subject: str, role: StaffRole, agency_code: str | None,
                     granted_by: str = "cli") -> StaffGrant:
    """Give an (issuer, sub) a staff role, at an agency for every role but administrator."""
    agency = _agency_for(role, agency_code)
    existing = _find_grant(issuer, subject, role, agency)
    if existing:
        return existing
    grant = StaffGrant(issuer=issuer, subject=subject, role=role, agency_id=agency.id if agency else None)
    db.session.add(grant)
    record("role_granted", subject=subject, role=role.value, agency=agency.code if agency else None,
           by=granted_by)
    db.session.commit()
    return grant


def revoke_staff_role(issuer: str, subject: str, role: StaffRole, agency_code: str | None,
                      revoked_by: str = "cli") -> bool:
    """Take a staff role back; True when there was one to take."""
    agency = _agency_for(role, agency_code)
    grant = _find_grant(issuer, subject, role, agency)
    if grant is None:
        return False
    db.session.delete(grant)
    record("role_revoked", subject=subject, role=role.value, agency=agency.code if agency else None,
           by=revoked_by)
    db.session.commit()
    return True


def staff_grants(issuer: str | None = None) -> list[StaffGrant]:
    statement = select(StaffGrant).order_by(StaffGrant.subject, StaffGrant.role)
    if issuer:
        statement = statement.where(StaffGrant.issuer == issuer)
    return list(db.session.scalars(statement))


def _agency_for(role: StaffRole, agency_code: str | None) -> Agency | None:
    if not role.needs_agency:
        if agency_code:
            raise StaffGrantError("Vai trò quản trị không gắn với cơ quan. / The admin role takes no agency.")
        return None
    if not agency_code:
        raise StaffGrantError(f"Vai trò {role.value} cần mã cơ quan. / The {role.value} role needs an agency code.")
    agency = db.session.scalar(select(Agency).where(Agency.code == agency_code))
    if agency is None:
        raise StaffGrantError(f"Không có cơ quan mã {agency_code}. / No agency has the code {agency_code}.")
    return agency


def _find_grant(issuer: str, subject: str, role: StaffRole, agency: Agency | None) -> StaffGrant | None:
    at_agency = StaffGrant.agency_id == agency.id if agency else StaffGrant.agency_id.is_(None)
    return db.session.scalar(select(StaffGrant).where(
        StaffGrant.issuer == issuer, StaffGrant.subject == subject, StaffGrant.role == role, at_agency,
    ))
