"""Handing in documents for a dossier: checking a file, storing it, attaching it, reusing it from the
wallet, and reading it back for its owner.

A file is checked before anything is kept: its type from its content (PDF, JPEG, PNG), whether it opens,
its size against the limits. It is stored before the rows that point to it are written, and removed
again if writing them fails, so a failed upload leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.catalogue.models import RequiredDocument
from app.core.database import utcnow
from app.core.errors import DomainError, NotFound
from app.documents.models import DossierDocument, StoredFile
from app.dossiers import lifecycle
from app.dossiers.enums import DossierState
from app.dossiers.models import ApologyLetter, Dossier
from app.extensions import db
from app.identity.models import Person
from app.integrations.storage import storage

TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MEGABYTE = 1024 * 1024


class UploadRefused(DomainError):
    status = 400


@dataclass(frozen=True)
class Limits:
    per_file: int
    per_dossier: int


def sniff(data: bytes) -> str | None:
    """The type a file really is, from its first bytes; None when it is none of the accepted ones."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def check_file(name: str, data: bytes, limits: Limits) -> str:
    """The content type of an acceptable file, or UploadRefused saying plainly what is wrong."""
    if not data:
        raise UploadRefused(str(_l("Tệp “%(name)s” trống. Hãy chọn lại tệp.", name=name)))
    if len(data) > limits.per_file:
        raise UploadRefused(str(_l("Tệp “%(name)s” lớn hơn %(limit)d MB. Hãy chụp lại với độ phân giải thấp hơn "
                                   "hoặc chia nhỏ tệp.", name=name, limit=limits.per_file // MEGABYTE)))
    content_type = sniff(data)
    if content_type is None:
        raise UploadRefused(str(_l("Tệp “%(name)s” không phải PDF, JPEG hay PNG. Chỉ nhận các loại tệp này.",
                                   name=name)))
    if not _opens(content_type, data):
        raise UploadRefused(str(_l("Tệp “%(name)s” bị hỏng, không mở được. Hãy lưu hoặc chụp lại rồi tải lên.",
                                   name=name)))
    return content_type


def _opens(content_type: str, data: bytes) -> bool:
    if content_type == "application/pdf":
        return b"%%EOF" in data[-2048:]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def configured_limits() -> Limits:
    """The limits this deployment sets (`UPLOAD_MAX_FILE_MB`, `UPLOAD_MAX_DOSSIER_MB`)."""
    return Limits(per_file=current_app.config["UPLOAD_MAX_FILE_BYTES"],
                  per_dossier=current_app.config["UPLOAD_MAX_DOSSIER_BYTES"])


def clean_name(name: str) -> str:
    """The name as the person knows it, without any folder part, for display and downloads."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(character for character in base if character.isprintable())[:200] or "tep"


def requirement(dossier: Dossier, code: str) -> RequiredDocument:
    found = next((document for document in dossier.procedure.documents if document.code == code), None)
    if found is None or found.from_eid or found.from_form:
        raise NotFound("Không có giấy tờ này trong thủ tục. / No such document for this procedure.")
    return found


def documents_of(dossier: Dossier) -> dict[str, DossierDocument]:
    return {document.requirement_code: document for document in db.session.scalars(
        select(DossierDocument).where(DossierDocument.dossier_id == dossier.id))}


def asked_for(dossier: Dossier) -> list[RequiredDocument]:
    """The documents the citizen hands in: those neither the eID nor the e-form supplies."""
    return [document for document in dossier.procedure.documents if not (document.from_eid or document.from_form)]


def missing_mandatory(dossier: Dossier) -> list[RequiredDocument]:
    given = documents_of(dossier)
    return [document for document in asked_for(dossier) if document.mandatory and document.code not in given]


def requested_again(dossier: Dossier) -> list[str]:
    """The codes of the documents an open supplement request asks for."""
    request = dossier.supplement
    if dossier.state is not DossierState.SUPPLEMENT_REQUESTED or request is None or request.answered_at:
        return []
    return list(request.document_codes)


def _editable(dossier: Dossier, code: str) -> None:
    """A draft's documents can change; after submission, only those a supplement request asks for."""
    try:
        if dossier.state is DossierState.SUPPLEMENT_REQUESTED and code in requested_again(dossier):
            lifecycle.hold(dossier, DossierState.SUPPLEMENT_REQUESTED,
                           "Yêu cầu bổ sung đã được trả lời. / The supplement request was already answered.")
        else:
            lifecycle.hold_draft(dossier)
    except lifecycle.TransitionRefused as refused:
        raise UploadRefused(refused.message) from refused


def handed_in_before(dossier: Dossier) -> set[int]:
    """Files this dossier already holds, or held before a supplement replaced them: while a supplement
    is awaited, none of them answers it."""
    if not requested_again(dossier):
        return set()
    return ({given.file_id for given in documents_of(dossier).values()}
            | set((dossier.supplement.replaced_files or {}).values()))


def store_file(owner_id: int, name: str, data: bytes, content_type: str) -> StoredFile:
    """Put the bytes in storage and add the row that points to them (the caller commits, and calls
    `discard` if that fails)."""
    key = f"{utcnow():%Y/%m}/{secrets.token_hex(16)}.{TYPES[content_type]}"
    storage().put(key, data, content_type)
    stored = StoredFile(owner_id=owner_id, storage_key=key, name=clean_name(name), content_type=content_type,
                        size=len(data), sha256=hashlib.sha256(data).hexdigest(), created_at=utcnow())
    db.session.add(stored)
    return stored


def discard(stored: StoredFile) -> None:
    """Undo `store_file` after the transaction that would have kept it failed."""
    key = stored.storage_key
    db.session.rollback()
    storage().delete(key)


def upload_document(dossier: Dossier, code: str, name: str, data: bytes, limits: Limits) -> DossierDocument:
    """Check, store and attach a file for requirement `code`, replacing any file given before."""
    _editable(dossier, code)
    requirement(dossier, code)
    name = clean_name(name)
    content_type = check_file(name, data, limits)
    _check_dossier_total(dossier, code, len(data), limits)
    stored = store_file(dossier.owner_id, name, data, content_type)
    try:
        attached = _attach(dossier, code, stored)
        db.session.commit()
    except IntegrityError as error:  # the same document uploaded twice at once: the other one won
        discard(stored)
        raise UploadRefused("Giấy tờ này vừa được tải lên ở nơi khác. Hãy tải lại trang. / This document was just "
                            "uploaded elsewhere; reload the page.") from error
    except Exception:
        discard(stored)
        raise
    return attached


def attach_from_wallet(dossier: Dossier, code: str, file_id: int, limits: Limits) -> DossierDocument:
    """Reuse a file the person already has (an earlier upload or result) for requirement `code`."""
    _editable(dossier, code)
    requirement(dossier, code)
    stored = db.session.get(StoredFile, file_id)
    if stored is None or stored.owner_id != dossier.owner_id:
        raise NotFound("Không tìm thấy tệp trong kho dữ liệu của bạn. / No such file in your wallet.")
    if stored.id in handed_in_before(dossier):
        raise UploadRefused(str(_l("Tệp này đã có trong hồ sơ. Hãy tải lên bản mới theo yêu cầu bổ sung.")))
    _check_dossier_total(dossier, code, stored.size, limits)
    attached = _attach(dossier, code, stored)
    db.session.commit()
    return attached


def remove_document(dossier: Dossier, code: str) -> None:
    """Detach the file given for `code` from a draft; the file stays in the wallet."""
    _editable(dossier, "")
    given = documents_of(dossier).get(code)
    if given is not None:
        db.session.delete(given)
        dossier.updated_at = utcnow()
        db.session.commit()


def _attach(dossier: Dossier, code: str, stored: StoredFile) -> DossierDocument:
    given = documents_of(dossier).get(code)
    if given is None:
        given = DossierDocument(dossier_id=dossier.id, requirement_code=code)
        db.session.add(given)
    elif requested_again(dossier):
        first = dict(dossier.supplement.replaced_files or {})
        first.setdefault(code, given.file_id)
        dossier.supplement.replaced_files = first
    given.file = stored
    given.added_at = utcnow()
    dossier.updated_at = utcnow()
    return given


def _check_dossier_total(dossier: Dossier, code: str, adding: int, limits: Limits) -> None:
    others = db.session.scalar(
        select(func.coalesce(func.sum(StoredFile.size), 0)).join(DossierDocument, DossierDocument.file_id == StoredFile.id)
        .where(DossierDocument.dossier_id == dossier.id, DossierDocument.requirement_code != code)
    )
    if others + adding > limits.per_dossier:
        raise UploadRefused(str(_l("Tổng dung lượng giấy tờ của hồ sơ vượt %(limit)d MB. Hãy giảm dung lượng các tệp.",
                                   limit=limits.per_dossier // MEGABYTE)))


def wallet_of(person: Person) -> list[StoredFile]:
    """The person's files that can be handed in again: uploads and results, not apology letters."""
    letters = select(ApologyLetter.id).where(ApologyLetter.file_id == StoredFile.id).exists()
    return list(db.session.scalars(
        select(StoredFile).where(StoredFile.owner_id == person.id, ~letters).order_by(StoredFile.created_at.desc())))


def file_for(person: Person, file_id: int) -> tuple[StoredFile, bytes]:
    """A file and its content, for its owner only; anyone else gets "not found"."""
    stored = db.session.get(StoredFile, file_id)
    if stored is None or stored.owner_id != person.id:
        raise NotFound("Không tìm thấy tệp. / No such file.")
    return stored, storage().get(stored.storage_key)
