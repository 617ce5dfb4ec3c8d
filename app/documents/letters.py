"""The papers an agency sends a citizen besides the receipt: the e-result (kết quả điện tử) with its
verification QR code, and the apology letter (thư xin lỗi) for a missed appointment date. Both are in
Vietnamese, the language of administrative papers, whatever language the officer reads the portal in."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import force_locale

from app.core import calendar
from app.documents.pdf import heading, letterhead, new_pdf, paragraph, qr_block, row
from app.dossiers import eform
from app.i18n import format_date, format_local_day

SLOT = re.compile(r"\{(answers\.[a-z0-9_-]+|[a-z_]+)\}")
GENERAL_WORDING = [
    "Căn cứ hồ sơ số {code} của ông/bà {full_name} (số định danh {personal_id}), {agency} đã giải quyết "
    "thủ tục “{procedure}”.",
]


def result_slots(dossier, issued_on: date) -> dict[str, str]:
    """What a result template's slots print, answers of the e-form included as `answers.<name>`."""
    owner = dossier.owner
    slots = {
        "full_name": owner.full_name, "personal_id": owner.masked_personal_id,
        "birth_date": format_date(owner.birth_date), "address": owner.permanent_address or "",
        "code": dossier.code or "", "procedure": dossier.procedure.name,
        "agency": dossier.agency.name if dossier.agency else "", "issued_on": format_date(issued_on),
    }
    for spec in _answered_fields(dossier):
        slots[f"answers.{spec['name']}"] = eform.display_value(spec, dossier.answers.get(spec["name"]))
    return slots


def fill(text: str, slots: dict[str, str]) -> str:
    """Put the slots' values in `text`; an unknown slot prints nothing (never Python's format syntax,
    so catalogue text cannot reach attributes)."""
    return SLOT.sub(lambda match: slots.get(match.group(1), ""), text)


def e_result_pdf(dossier, issued_at: datetime, issued_by: str, verify_url: str) -> bytes:
    """The e-result from the procedure's template (or the general wording), with every answer of the
    e-form, the date of issue and a QR code to the public verification page."""
    with force_locale("vi"):
        template = dossier.procedure.result_template or {}
        slots = result_slots(dossier, calendar.local_date(issued_at))
        title = template.get("title") or (dossier.procedure.result.split("(")[0].split(";")[0].strip().rstrip(".")
                                          or "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
        pdf = new_pdf(f"Kết quả giải quyết hồ sơ {dossier.code}")
        letterhead(pdf, slots["agency"])
        heading(pdf, fill(title, slots).upper(), "Electronic result of an administrative procedure")
        row(pdf, "Số / No.", f"KQ-{dossier.code}")
        pdf.ln(2)
        for text in template.get("body") or GENERAL_WORDING:
            paragraph(pdf, fill(text, slots))
        answered = [(eform.localized(spec["label"]), slots[f"answers.{spec['name']}"])
                    for spec in _answered_fields(dossier)]
        if answered and not template.get("body"):
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 6, "Nội dung đã khai / As declared")
            for label, value in answered:
                row(pdf, label, value)
        pdf.ln(2)
        row(pdf, "Ngày cấp / Issued on", format_local_day(issued_at))
        row(pdf, "Người ký / Issued by", issued_by)
        pdf.ln(3)
        qr_block(pdf, verify_url, "Quét mã để kiểm tra kết quả là thật.\nScan to check that this result is genuine.")
        return bytes(pdf.output())


def apology_pdf(dossier, missed: date, new_date: date, written_at: datetime, status_url: str) -> bytes:
    """Thư xin lỗi: the agency apologises for missing `missed` and gives `new_date`."""
    owner, agency = dossier.owner, dossier.agency.name if dossier.agency else ""
    pdf = new_pdf(f"Thư xin lỗi – hồ sơ {dossier.code}")
    letterhead(pdf, agency)
    heading(pdf, "THƯ XIN LỖI", "Letter of apology")
    paragraph(pdf, f"Kính gửi: ông/bà {owner.full_name}")
    paragraph(pdf, f"{agency} đã nhận hồ sơ số {dossier.code} về thủ tục “{dossier.procedure.name}” với ngày "
                   f"hẹn trả kết quả là {format_date(missed)}. Đến nay hồ sơ chưa được giải quyết xong. "
                   f"{agency} thành thật xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào ngày "
                   f"{format_date(new_date)}.")
    paragraph(pdf, f"We are sorry: dossier {dossier.code} was due on {format_date(missed)} and is not finished yet. "
                   f"The new date for the result is {format_date(new_date)}.")
    row(pdf, "Ngày hẹn trả kết quả mới / New date for the result", format_date(new_date))
    row(pdf, "Ngày viết thư / Written on", format_local_day(written_at))
    pdf.ln(3)
    qr_block(pdf, status_url, "Quét mã để xem tình trạng hồ sơ.\nScan to follow the dossier.")
    return bytes(pdf.output())


def _answered_fields(dossier) -> list[dict]:
    pages = eform.all_pages(dossier.procedure.form_schema, dossier.procedure.level.value)
    return [spec for page in pages for spec in page["fields"]
            if spec["type"] != "group" and dossier.answers.get(spec["name"]) not in (None, "", [], {})]
