"""Overdue dossiers and their apology letters, across Tết, with the clock frozen."""

import io
from datetime import date, datetime, timezone

import time_machine
from pypdf import PdfReader
from sqlalchemy import func, select

from app.documents.models import StoredFile
from app.documents.services import wallet_of
from app.dossiers import deadlines
from app.dossiers.enums import DossierState as S
from app.dossiers.models import ApologyLetter
from app.extensions import db
from app.notifications.models import Notification
from tests.pages import check_page, text_of
from tests.test_dossiers import only_dossier, post
from tests.test_processing import received

BEFORE_TET = date(2027, 2, 3)  # Wednesday; Tết 2027 closes offices from Thursday 4 to Wednesday 10 February
FIRST_DAY_OF_TET = datetime(2027, 2, 4, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hà Nội


def status_url(code: str) -> str:
    return f"http://portal.test/dossiers/{code}"


def late(client, app, appointment: date = BEFORE_TET, state: S | None = None):
    dossier, officer = received(client, app)
    dossier.appointment_date = appointment
    if state is not None:
        dossier.state = state
    db.session.commit()
    return dossier, officer


def sweep(now: datetime, extra_days: int = 3) -> dict:
    with time_machine.travel(now, tick=False):
        return deadlines.sweep_overdue(extra_days, status_url, now=now)


def test_a_late_dossier_gets_one_apology_letter_with_a_new_date_in_working_days(client, app):
    dossier, _officer = late(client, app)
    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 1}
    dossier = only_dossier()
    # Three working days after 4 February, Tết not counted: 11, 12 and 15 February.
    assert dossier.appointment_date == date(2027, 2, 15)
    [letter] = dossier.apologies
    assert (letter.missed_date, letter.new_date) == (BEFORE_TET, date(2027, 2, 15))
    event = dossier.events[-1]
    assert (event.step, event.role, event.actor_id) == ("apology", "system", None)
    assert "15/02/2027" in event.note and dossier.state is S.RECEIVED
    notice = db.session.scalar(select(Notification).order_by(Notification.id.desc()).limit(1))
    assert "trễ hẹn" in notice.title and notice.person_id == dossier.owner_id

    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 0}  # the same missed date: no second letter
    assert len(only_dossier().apologies) == 1


def test_the_letter_is_a_pdf_the_citizen_downloads_but_not_a_paper_to_reuse(client, app):
    dossier, _officer = late(client, app)
    sweep(FIRST_DAY_OF_TET)
    letter = db.session.scalar(select(ApologyLetter))
    page = check_page(client.get(f"/dossiers/{dossier.code}"))
    link = page.find("a", href=f"/files/{letter.file.id}")
    assert link is not None
    content = client.get(link["href"]).data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "THƯ XIN LỖI" in text and dossier.code in text and "03/02/2027" in text and "15/02/2027" in text
    assert "Nguyễn Thị Lan" in text
    wallet = wallet_of(dossier.owner)
    assert letter.file not in wallet and any(stored.name == "giay.png" for stored in wallet)


def test_a_new_date_missed_again_gets_a_second_letter(client, app):
    late(client, app)
    sweep(FIRST_DAY_OF_TET)
    assert sweep(datetime(2027, 2, 16, 2, 0, tzinfo=timezone.utc)) == {"apologies": 1}
    dossier = only_dossier()
    assert [letter.missed_date for letter in dossier.apologies] == [BEFORE_TET, date(2027, 2, 15)]
    assert dossier.appointment_date == date(2027, 2, 19)


def test_a_dossier_due_today_is_not_late_yet(client, app):
    late(client, app, appointment=date(2027, 2, 4))
    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 0}
    assert not deadlines.is_overdue(only_dossier(), date(2027, 2, 4))
    assert deadlines.is_overdue(only_dossier(), date(2027, 2, 5))


def test_no_letter_while_the_citizen_is_asked_for_papers_or_once_the_result_is_ready(client, app):
    dossier, officer = late(client, app)
    me = dossier.events[-1].actor_id
    post(officer, f"/backoffice/dossiers/{dossier.code}/assign", {"assignee": str(me)})
    post(officer, f"/backoffice/dossiers/{dossier.code}/supplement", {"documents": ["anh"], "reason": "Thiếu ảnh"})
    assert only_dossier().state is S.SUPPLEMENT_REQUESTED
    only_dossier().appointment_date = BEFORE_TET
    db.session.commit()
    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 0}
    only_dossier().state = S.RESULT_READY
    db.session.commit()
    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 0}


def test_the_worker_runs_the_overdue_sweep(client, app):
    late(client, app, appointment=date(2026, 1, 5))
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--once"])
    assert result.exit_code == 0, result.output
    assert "sweep_overdue: {'apologies': 1}" in result.output
    assert "Thư xin lỗi" in text_of(check_page(client.get(f"/dossiers/{only_dossier().code}")).find(id="dossier-status"))


def test_a_letter_that_cannot_be_written_holds_up_nothing_and_leaves_nothing(client, app, monkeypatch):
    late(client, app)
    files_before = db.session.scalar(select(func.count()).select_from(StoredFile))

    def broken(*_args, **_kwargs):
        raise RuntimeError("no PDF today")

    monkeypatch.setattr(deadlines.letters, "apology_pdf", broken)
    assert sweep(FIRST_DAY_OF_TET) == {"apologies": 0}
    assert db.session.scalar(select(func.count()).select_from(ApologyLetter)) == 0
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == files_before
    assert only_dossier().appointment_date == BEFORE_TET
