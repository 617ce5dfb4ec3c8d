"""Identity constants, each with the label a person sees beside it."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class StaffRole(StrEnum):
    OFFICER = "officer"
    SPECIALIST = "specialist"
    ASSISTANT = "assistant"
    ADMIN = "admin"

    @property
    def label(self):
        return STAFF_ROLE_LABELS[self]

    @property
    def needs_agency(self) -> bool:
        return self is not StaffRole.ADMIN


class SessionEnd(StrEnum):
    SIGNED_OUT = "signed_out"
    IDLE = "idle_timeout"
    ABSOLUTE = "absolute_timeout"


STAFF_ROLE_LABELS = {
    StaffRole.OFFICER: _l("Cán bộ một cửa"),
    StaffRole.SPECIALIST: _l("Chuyên viên xử lý"),
    StaffRole.ASSISTANT: _l("Nhân viên bưu điện hỗ trợ"),
    StaffRole.ADMIN: _l("Quản trị"),
}

SEX_LABELS = {
    "male": _l("Nam"),
    "female": _l("Nữ"),
}
