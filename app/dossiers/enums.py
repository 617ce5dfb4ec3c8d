"""Dossier states, each with the label a citizen sees (DESIGN.md, "Dossier lifecycle")."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class DossierState(StrEnum):
    DRAFT = "draft"
    AWAITING_PAYMENT = "awaiting_payment"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    NOT_RECEIVED = "not_received"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return STATE_LABELS[self]

    @property
    def is_finished(self) -> bool:
        return self in FINISHED


STATE_LABELS = {
    DossierState.DRAFT: _l("Bản nháp"),
    DossierState.AWAITING_PAYMENT: _l("Chờ thanh toán"),
    DossierState.SUBMITTED: _l("Chờ tiếp nhận"),
    DossierState.RECEIVED: _l("Đã tiếp nhận"),
    DossierState.PROCESSING: _l("Đang xử lý"),
    DossierState.SUPPLEMENT_REQUESTED: _l("Yêu cầu bổ sung"),
    DossierState.RESULT_READY: _l("Đã có kết quả"),
    DossierState.RETURNED: _l("Đã trả kết quả"),
    DossierState.NOT_RECEIVED: _l("Không được tiếp nhận"),
    DossierState.REFUSED: _l("Từ chối giải quyết"),
    DossierState.WITHDRAWN: _l("Đã rút"),
}
FINISHED = {DossierState.RETURNED, DossierState.NOT_RECEIVED, DossierState.REFUSED, DossierState.WITHDRAWN}
# Where the citizen has had the administration's answer, and is asked to rate the service.
RATEABLE = {DossierState.RESULT_READY, DossierState.RETURNED, DossierState.REFUSED, DossierState.NOT_RECEIVED}

# Steps that keep the state (app/dossiers/lifecycle.py), and who takes a step, as the timeline names them.
STEP_LABELS = {
    "assigned": _l("Giao xử lý"),
    "transferred": _l("Chuyển liên thông"),
    "apology": _l("Thư xin lỗi, hẹn lại ngày trả kết quả"),
}
ROLE_LABELS = {
    "citizen": _l("Người nộp"),
    "officer": _l("Cán bộ một cửa"),
    "specialist": _l("Chuyên viên xử lý"),
    "system": _l("Hệ thống"),
    "assistant": _l("Nhân viên bưu điện nộp hộ"),
}
