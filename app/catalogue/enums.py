"""Catalogue constants, each with the label a citizen sees beside it."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Level(StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    COMMUNE = "commune"

    @property
    def label(self):
        return LEVEL_LABELS[self]


class OnlineLevel(StrEnum):
    FULL = "full"
    PARTIAL = "partial"

    @property
    def label(self):
        return ONLINE_LEVEL_LABELS[self]


class SupplementClock(StrEnum):
    """What the deadline clock does when a supplement arrives: it stopped while the portal waited; it
    then either continues with the working days that were left, or restarts from the full time."""

    CONTINUE = "continue"
    RESTART = "restart"


class AgencyKind(StrEnum):
    """An authority carries out procedures; a post office only helps citizens submit them."""

    AUTHORITY = "authority"
    POST_OFFICE = "post_office"


class DocumentForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    CERTIFIED_COPY = "certified_copy"
    ORIGINAL_OR_COPY = "original_or_copy"

    @property
    def label(self):
        return DOCUMENT_FORM_LABELS[self]


LEVEL_LABELS = {
    Level.CENTRAL: _l("Cấp trung ương"),
    Level.PROVINCE: _l("Cấp tỉnh"),
    Level.COMMUNE: _l("Cấp xã"),
}
ONLINE_LEVEL_LABELS = {
    OnlineLevel.FULL: _l("Trực tuyến toàn trình"),
    OnlineLevel.PARTIAL: _l("Trực tuyến một phần"),
}
DOCUMENT_FORM_LABELS = {
    DocumentForm.ORIGINAL: _l("Bản chính"),
    DocumentForm.COPY: _l("Bản sao"),
    DocumentForm.CERTIFIED_COPY: _l("Bản sao có chứng thực"),
    DocumentForm.ORIGINAL_OR_COPY: _l("Bản chính hoặc bản sao"),
}
