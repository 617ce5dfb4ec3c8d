"""Error pages in both languages, and the one place where a `DomainError` becomes a response."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.core.errors import DomainError

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Thông tin gửi lên không đúng. Vui lòng kiểm tra và thử lại.")),
    403: (_l("Bạn không có quyền truy cập trang này"),
          _l("Trang này dành cho người có quyền khác. Nếu bạn cho rằng đây là nhầm lẫn, hãy liên hệ bộ phận hỗ trợ.")),
    404: (_l("Không tìm thấy trang"),
          _l("Địa chỉ có thể đã bị gõ sai hoặc trang không còn nữa. Hãy kiểm tra lại địa chỉ hoặc tìm thủ tục.")),
    405: (_l("Thao tác không được hỗ trợ"), _l("Trang này không nhận thao tác vừa gửi.")),
    413: (_l("Tệp hoặc dữ liệu quá lớn"), _l("Dữ liệu gửi lên vượt quá giới hạn cho phép.")),
    429: (_l("Bạn thao tác quá nhanh"), _l("Vui lòng chờ một phút rồi thử lại.")),
    500: (_l("Hệ thống đang gặp sự cố"),
          _l("Lỗi không phải do bạn. Dữ liệu bạn đã lưu vẫn còn. Vui lòng thử lại sau ít phút.")),
}
CSRF_MESSAGE = (_l("Phiên làm việc đã hết hạn"),
                _l("Biểu mẫu đã quá lâu hoặc được gửi từ trang khác. Hãy tải lại trang và gửi lại."))


def render_error(status: int, title=None, message=None):
    default_title, default_message = MESSAGES.get(status, MESSAGES[500 if status >= 500 else 400])
    title, message = title or default_title, message or default_message
    if request.path.startswith("/api/"):
        return {"error": {"status": status, "title": str(title), "message": str(message)}}, status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        log.warning("csrf refused path=%s reason=%s", request.path, error.description)
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status, message=error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (403, 429):
            log.warning("denied status=%s path=%s", error.code, request.path)
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s", request.path)
        return render_error(500)
