"""Use cases of assisted submission: the citizen's consent (their own eID on the assistant's screen, or a
one-time code sent to the phone on their eID record), the session it opens, and its end.

An assistant holds at most one session at a time. A session names one citizen, ends at a set time,
and lists what the assistant may do; when it ends, for whatever reason, the assistant reaches none of
the citizen's data again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from app.assist.models import AssistedSession, ConsentCode, ConsentMethod, Permission, SessionEnd
from app.audit.services import record
from app.catalogue.enums import AgencyKind
from app.catalogue.models import Agency
from app.core.text import ascii_text
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.i18n import format_local_time
from app.identity.enums import StaffRole
from app.identity.models import Person
from app.integrations.sms import SmsError, SmsGateway
from app.notifications import services as notifications

CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# Codes a citizen can be sent in a quarter of an hour, by any assistant: texts cost the citizen attention,
# and each code is 5 more guesses.
CODES_PER_CITIZEN = 3
CODE_WINDOW = timedelta(minutes=15)


SMS_PERMISSIONS = {"submit": "tao va nop ho so", "upload": "tai len giay to", "counter_payment": "ghi nhan tien nop tai quay"}


class AssistRefused(DomainError):
    status = 400


def post_office(assistant: Person) -> Agency:
    """The post office the assistant works at (their `assistant` grant there)."""
    grant = next((grant for grant in assistant.grants if grant.role is StaffRole.ASSISTANT and grant.agency
                  and grant.agency.kind is AgencyKind.POST_OFFICE), None)
    if grant is None:
        raise AssistRefused("Bạn không có vai trò nhân viên bưu điện hỗ trợ nộp hồ sơ. / You have no assistant role.")
    return grant.agency


def checked_scope(permissions: list[str], minutes: int) -> tuple[list[str], int]:
    """The permissions asked for (known ones only, at least one) and a window within the allowed maximum."""
    chosen = [permission.value for permission in Permission if permission.value in permissions]
    if Permission.SUBMIT.value not in chosen:
        raise AssistRefused("Nộp hộ cần quyền tạo và nộp hồ sơ; các quyền khác đi kèm quyền này. / Creating and "
                            "submitting dossiers must be allowed; the other permissions come with it.")
    longest = current_app.config["ASSIST_SESSION_MINUTES"]
    if not 5 <= minutes <= longest:
        raise AssistRefused(f"Thời gian hỗ trợ từ 5 đến {longest} phút. / The window is 5 to {longest} minutes.")
    return chosen, minutes


def citizen_with_id(personal_id_number: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.personal_id_number == personal_id_number.strip()))


def _code_hash(consent_id: int, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{consent_id}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(assistant: Person, personal_id_number: str, permissions: list[str], minutes: int,
              now: datetime | None = None) -> ConsentCode:
    """Text a one-time code to the phone on the citizen's eID record (never a number typed at the
    counter). Nothing is kept if the text cannot be sent."""
    agency = post_office(assistant)
    permissions, minutes = checked_scope(permissions, minutes)
    citizen = citizen_with_id(personal_id_number)
    if citizen is None or not citizen.phone:
        raise AssistRefused("Không gửi được mã: công dân chưa đăng nhập cổng lần nào hoặc định danh điện tử không có số "
                            "điện thoại. Hãy dùng cách công dân đăng nhập trên máy này. / No eID phone number is known "
                            "for this person; ask them to sign in on this screen instead.")
    now = now or utcnow()
    recent = db.session.scalar(select(func.count()).select_from(ConsentCode).where(
        ConsentCode.citizen_id == citizen.id, ConsentCode.created_at > now - CODE_WINDOW))
    if recent >= CODES_PER_CITIZEN:
        raise AssistRefused("Đã gửi nhiều mã cho công dân này. Hãy chờ 15 phút hoặc dùng cách đăng nhập định danh "
                            "điện tử. / Too many codes sent to this person; wait 15 minutes or use the eID way.")
    # A new code replaces any earlier one still waiting: one code, five tries, at a time.
    db.session.execute(update(ConsentCode).where(ConsentCode.assistant_id == assistant.id,
                                                 ConsentCode.citizen_id == citizen.id, ConsentCode.used_at.is_(None),
                                                 ConsentCode.expires_at > now).values(expires_at=now))
    code = f"{secrets.randbelow(10 ** 6):06d}"
    consent = ConsentCode(assistant_id=assistant.id, agency_id=agency.id, citizen_id=citizen.id,
                          permissions=permissions, minutes=minutes, code_hash="", created_at=now,
                          expires_at=now + CODE_LIFETIME, attempts=0)
    db.session.add(consent)
    db.session.flush()
    consent.code_hash = _code_hash(consent.id, code)
    allowed = ", ".join(SMS_PERMISSIONS[permission] for permission in permissions)
    text = (f"Ma dong y {code}: {ascii_text(agency.name)} ({ascii_text(assistant.full_name)}) xin lam thay ban "
            f"trong {minutes} phut: {allowed}. Chi doc ma cho nhan vien neu ban dong y. "
            f"Ma het han sau {CODE_LIFETIME.seconds // 60} phut.")
    try:
        SmsGateway(current_app.config["SMS_URL"], current_app.config["SMS_API_KEY"]).send(
            to=citizen.phone, text=text, reference=f"consent-{consent.id}")
    except SmsError as error:
        db.session.rollback()
        raise AssistRefused("Không gửi được tin nhắn đến số điện thoại của công dân. Hãy thử lại hoặc dùng cách "
                            "đăng nhập định danh điện tử. / The text could not be sent.") from error
    record("assist_code_sent", person_id=assistant.id, subject=citizen.subject, citizen_id=citizen.id,
           agency=agency.code)
    db.session.commit()
    return consent


def pending_code(assistant: Person, consent_id: int) -> ConsentCode:
    consent = db.session.get(ConsentCode, consent_id)
    if consent is None or consent.assistant_id != assistant.id:
        raise NotFound("Không tìm thấy yêu cầu đồng ý. / No such consent request.")
    return consent


def confirm_code(assistant: Person, consent: ConsentCode, code: str, now: datetime | None = None) -> AssistedSession:
    """Open the session if `code` is the one texted: once, before it expires, within the attempts."""
    now = now or utcnow()
    if consent.used_at is not None:
        raise AssistRefused("Mã này đã được dùng. Hãy gửi mã mới. / This code was already used.")
    if now >= consent.expires_at:
        raise AssistRefused("Mã đã hết hạn. Hãy gửi mã mới. / The code has expired; send a new one.")
    if consent.attempts >= MAX_ATTEMPTS:
        raise AssistRefused("Đã nhập sai quá nhiều lần. Hãy gửi mã mới. / Too many wrong tries; send a new code.")
    # The try is counted in one statement, so tries sent at the same moment cannot share one count.
    counted = db.session.execute(update(ConsentCode).where(ConsentCode.id == consent.id,
                                                           ConsentCode.attempts < MAX_ATTEMPTS,
                                                           ConsentCode.used_at.is_(None))
                                 .values(attempts=ConsentCode.attempts + 1)
                                 .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(consent)
    if counted != 1:
        raise AssistRefused("Đã nhập sai quá nhiều lần. Hãy gửi mã mới. / Too many wrong tries; send a new code.")
    if not hmac.compare_digest(_code_hash(consent.id, code.strip()), consent.code_hash):
        record("assist_code_wrong", person_id=assistant.id, citizen_id=consent.citizen_id, attempts=consent.attempts)
        db.session.commit()
        left = MAX_ATTEMPTS - consent.attempts
        raise AssistRefused(f"Mã không đúng. Còn {left} lần thử. / Wrong code; {left} tries left.")
    # Of two requests with the right code, one wins; the other finds the code used.
    claimed = db.session.execute(update(ConsentCode).where(ConsentCode.id == consent.id, ConsentCode.used_at.is_(None))
                                 .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise AssistRefused("Mã này đã được dùng. Hãy gửi mã mới. / This code was already used.")
    return open_session(assistant, consent.citizen, ConsentMethod.CODE, consent.permissions, consent.minutes, now)


def consent_by_eid(assistant: Person, personal_id_number: str, citizen: Person, permissions: list[str],
                   minutes: int, now: datetime | None = None) -> AssistedSession:
    """The citizen signed in with their own eID on the assistant's screen: the session opens for the
    person the eID vouched for, who must be the one the assistant named."""
    if citizen.personal_id_number != personal_id_number.strip():
        db.session.rollback()
        raise AssistRefused("Người vừa đăng nhập không phải công dân có số định danh đã nhập. / The person who signed "
                            "in is not the one named.")
    permissions, minutes = checked_scope(permissions, minutes)
    return open_session(assistant, citizen, ConsentMethod.EID, permissions, minutes, now or utcnow())


def open_session(assistant: Person, citizen: Person, method: ConsentMethod, permissions: list[str], minutes: int,
                 now: datetime) -> AssistedSession:
    agency = post_office(assistant)
    if citizen.id == assistant.id:
        raise AssistRefused("Không tự hỗ trợ chính mình được. / You cannot assist yourself.")
    for other in db.session.scalars(select(AssistedSession).where(AssistedSession.assistant_id == assistant.id,
                                                                  AssistedSession.ended_at.is_(None))):
        _end(other, SessionEnd.ENDED, now, by=assistant)
    assisted = AssistedSession(assistant=assistant, agency=agency, citizen=citizen, method=method,
                               permissions=permissions, started_at=now, expires_at=now + timedelta(minutes=minutes))
    db.session.add(assisted)
    db.session.flush()
    record("assist_session_started", person_id=assistant.id, citizen_id=citizen.id, assisted_session=assisted.id,
           method=method.value, permissions=permissions, minutes=minutes)
    notifications.notify(
        citizen.id, f"{agency.name} đang hỗ trợ bạn nộp hồ sơ / A post office is helping you apply",
        f"{assistant.full_name}, đến {format_local_time(assisted.expires_at)}. Nếu bạn không đồng ý, hãy thu hồi ngay trong "
        f"Tài khoản. / If you did not agree, revoke it on your account page.", link="/account")
    db.session.commit()
    return assisted


def active_for(assistant: Person, session_id: int, now: datetime | None = None) -> AssistedSession | None:
    """The assistant's session by id while it runs and they still hold the assistant role there; one
    that ran out, or whose assistant lost the role, is closed here."""
    assisted = db.session.get(AssistedSession, session_id)
    if assisted is None or assisted.assistant_id != assistant.id or assisted.ended_at is not None:
        return None
    now = now or utcnow()
    still_assistant = any(grant.role is StaffRole.ASSISTANT and grant.agency_id == assisted.agency_id
                          for grant in assistant.grants)
    if not assisted.is_active(now) or not still_assistant:
        _end(assisted, SessionEnd.EXPIRED if still_assistant else SessionEnd.ENDED, now, by=None)
        db.session.commit()
        return None
    return assisted


def end(assisted: AssistedSession, by: Person) -> None:
    """The assistant ends the session (or signs out, which ends it too)."""
    if assisted.ended_at is None:
        _end(assisted, SessionEnd.ENDED, utcnow(), by=by)
        db.session.commit()


def _end(assisted: AssistedSession, reason: SessionEnd, now: datetime, by: Person | None) -> None:
    assisted.ended_at = min(now, assisted.expires_at) if reason is SessionEnd.EXPIRED else now
    assisted.end_reason = reason
    record("assist_session_ended", person_id=by.id if by else None, assistant_id=assisted.assistant_id,
           citizen_id=assisted.citizen_id, assisted_session=assisted.id, reason=reason.value)


def sessions_of(citizen: Person) -> list[AssistedSession]:
    return list(db.session.scalars(select(AssistedSession).where(AssistedSession.citizen_id == citizen.id)
                                   .order_by(AssistedSession.started_at.desc())))


def revoke(citizen: Person, session_id: int) -> AssistedSession:
    """The citizen ends a session someone is running for them."""
    assisted = db.session.get(AssistedSession, session_id)
    if assisted is None or assisted.citizen_id != citizen.id:
        raise NotFound("Không tìm thấy phiên hỗ trợ. / No such assisted session.")
    if assisted.ended_at is None:
        _end(assisted, SessionEnd.REVOKED, utcnow(), by=citizen)
        db.session.commit()
    return assisted
