"""The receipt a citizen keeps (phiếu tiếp nhận hồ sơ và hẹn trả kết quả), as a PDF: the dossier code,
what was handed in, the appointment date, and a QR code to the dossier's status page.

The fonts (DejaVu Sans, free to redistribute: fonts/LICENSE-DejaVu.txt) travel with the code, so the
PDF shows Vietnamese the same on any server.
"""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from fpdf import FPDF

from app.i18n import format_date, format_local_day, format_local_time, format_money

FONTS = Path(__file__).resolve().parent / "fonts"


def _qr_png(url: str) -> io.BytesIO:
    image = qrcode.make(url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def receipt_pdf(dossier, documents: list[tuple[str, str]], status_url: str) -> bytes:
    """`documents` are (document name, how it was given) pairs; `status_url` is what the QR code opens."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"Phiếu tiếp nhận hồ sơ {dossier.code}")
    pdf.set_author("Cổng Dịch vụ công")
    pdf.set_creator("Cổng Dịch vụ công")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, 5, (dossier.agency.name if dossier.agency else "").upper(), align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 7, "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, "Receipt of application and appointment for the result", align="C")
    pdf.ln(3)
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
        _row(pdf, width, label, value)

    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, 6, "Giấy tờ đã nộp / Documents handed in")
    pdf.set_font("DejaVu", "", 9)
    for number, (name, how) in enumerate(documents, start=1):
        pdf.multi_cell(width, 5, f"{number}. {name} – {how}")
    pdf.ln(3)

    top = pdf.get_y()
    pdf.image(_qr_png(status_url), x=pdf.l_margin, y=top, w=32, h=32)
    pdf.set_xy(pdf.l_margin + 36, top)
    pdf.multi_cell(width - 36, 5, "Quét mã để xem tình trạng hồ sơ.\nScan to follow the dossier.\n" + status_url)
    return bytes(pdf.output())


def _row(pdf: FPDF, width: float, label: str, value: str) -> None:
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(width, 5, label)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 6, value or "–")
