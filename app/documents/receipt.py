"""The receipt a citizen keeps (phiếu tiếp nhận hồ sơ và hẹn trả kết quả), as a PDF: the dossier code,
what was handed in, the appointment date, and a QR code to the dossier's status page."""

from __future__ import annotations

from app.documents.pdf import heading, letterhead, new_pdf, qr_block, row, text_width
from app.i18n import format_date, format_local_day, format_local_time, format_money


def receipt_pdf(dossier, documents: list[tuple[str, str]], status_url: str) -> bytes:
    """`documents` are (document name, how it was given) pairs; `status_url` is what the QR code opens."""
    pdf = new_pdf(f"Phiếu tiếp nhận hồ sơ {dossier.code}")
    width = text_width(pdf)
    letterhead(pdf, dossier.agency.name if dossier.agency else "")
    heading(pdf, "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Receipt of application and appointment for the result")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(width, 7, f"Mã hồ sơ / Dossier code: {dossier.code}", align="C")
    pdf.ln(2)

    owner = dossier.owner
    rows = [
        ("Người nộp / Applicant", owner.full_name),
        ("Số định danh / Personal ID", owner.masked_personal_id),
        ("Thủ tục / Procedure", f"{dossier.procedure.name} ({dossier.procedure.code})"),
        ("Nộp trực tuyến lúc / Submitted online",
         f"{format_local_time(dossier.submitted_at)} {format_local_day(dossier.submitted_at)}"),
        ("Hẹn trả kết quả / Result expected on", format_date(dossier.appointment_date)),
        ("Phí, lệ phí / Fees", format_money(dossier.fees_due) if dossier.fees_due else "Không / None"),
    ]
    for label, value in rows:
        row(pdf, label, value)

    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, 6, "Giấy tờ đã nộp / Documents handed in")
    pdf.set_font("DejaVu", "", 9)
    for number, (name, how) in enumerate(documents, start=1):
        pdf.multi_cell(width, 5, f"{number}. {name} – {how}")
    pdf.ln(3)

    qr_block(pdf, status_url, "Quét mã để xem tình trạng hồ sơ.\nScan to follow the dossier.")
    return bytes(pdf.output())

