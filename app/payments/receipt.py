"""The electronic receipt (biên lai điện tử) of a paid fee, as a PDF."""

from __future__ import annotations

from app.catalogue import pricing
from app.documents.pdf import A5, new_pdf, row, text_width
from app.i18n import format_local_day, format_local_time, format_money


def payment_receipt_pdf(payment) -> bytes:
    dossier = payment.dossier
    pdf = new_pdf(f"Biên lai điện tử {payment.txn_ref}", A5)
    width = text_width(pdf)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(width, 7, "BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ", align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width, 5, "Electronic receipt of fees", align="C")
    pdf.ln(3)
    paid = payment.paid_at or payment.finished_at
    rows = [
        ("Người nộp / Payer", dossier.owner.full_name),
        ("Mã hồ sơ / Dossier", dossier.code),
        ("Thủ tục / Procedure", dossier.procedure.name),
        ("Cơ quan / Office", dossier.agency.name if dossier.agency else ""),
        ("Số tiền / Amount", format_money(payment.amount)),
        ("Mã giao dịch cổng thanh toán / Gateway transaction", payment.transaction_no or ""),
        ("Mã thanh toán / Payment reference", payment.txn_ref),
        ("Thời gian / Time", f"{format_local_time(paid)} {format_local_day(paid)}" if paid else ""),
    ]
    if payment.refunded_at:
        rows.append(("Đã hoàn tiền / Refunded", f"{format_local_time(payment.refunded_at)} "
                                                f"{format_local_day(payment.refunded_at)}"))
    for label, value in rows:
        row(pdf, label, value, label_size=8)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 9)
    pdf.multi_cell(width, 5, "Khoản thu / Fee items")
    pdf.set_font("DejaVu", "", 9)
    lines = pricing.fee_lines(dossier.procedure, dossier.agency.province_code if dossier.agency else None)
    for line in lines:
        pdf.multi_cell(width, 5, f"- {line.name}: {format_money(line.online_amount)}")
    return bytes(pdf.output())
