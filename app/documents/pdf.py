"""What every PDF the portal writes shares: the fonts, the letterhead, labelled rows, a QR code.

The fonts (DejaVu Sans, free to redistribute: fonts/LICENSE-DejaVu.txt) travel with the code, so the
PDFs show Vietnamese the same on any server.
"""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
A4, A5 = "A4", (148, 210)


def new_pdf(title: str, page_format: str | tuple = A4) -> FPDF:
    pdf = FPDF(format=page_format)
    pdf.set_title(title)
    pdf.set_author("Cổng Dịch vụ công")
    pdf.set_creator("Cổng Dịch vụ công")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def text_width(pdf: FPDF) -> float:
    return pdf.w - pdf.l_margin - pdf.r_margin


def letterhead(pdf: FPDF, agency_name: str) -> None:
    """The agency and the national motto, centred, as on every administrative paper."""
    width = text_width(pdf)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, 5, agency_name.upper(), align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C")
    pdf.ln(4)


def heading(pdf: FPDF, title: str, english: str) -> None:
    width = text_width(pdf)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 7, title, align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, english, align="C")
    pdf.ln(3)


def row(pdf: FPDF, label: str, value: str, label_size: float = 9) -> None:
    width = text_width(pdf)
    pdf.set_font("DejaVu", "B", label_size)
    pdf.multi_cell(width, 5, label)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 6, value or "–")


def paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(text_width(pdf), 6, text)
    pdf.ln(1)


def qr_block(pdf: FPDF, url: str, caption: str) -> None:
    """A QR code opening `url`, with the caption and the address beside it."""
    image = qrcode.make(url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    buffer.seek(0)
    top = pdf.get_y()
    if top + 34 > pdf.h - pdf.b_margin:
        pdf.add_page()
        top = pdf.get_y()
    pdf.image(buffer, x=pdf.l_margin, y=top, w=32, h=32)
    pdf.set_xy(pdf.l_margin + 36, top)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(text_width(pdf) - 36, 5, f"{caption}\n{url}")
    pdf.set_y(max(pdf.get_y(), top + 34))
