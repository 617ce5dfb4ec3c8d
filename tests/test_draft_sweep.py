"""Drafts left untouched are deleted after their owner has been told, never before."""

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.database import utcnow
from app.dossiers.models import Dossier
from app.dossiers.services import sweep_drafts
from app.extensions import db
from app.notifications.models import Notification
from tests.pages import check_page, text_of
from tests.signin import sign_in
from tests.test_dossiers import a_procedure, fill_in, only_dossier, post, start

KEEP, NOTICE = timedelta(days=30), timedelta(days=7)


def a_draft(client):
    procedure = a_procedure()
    sign_in(client)
    start(client, procedure)
    return only_dossier()


def test_an_untouched_draft_is_noticed_then_deleted(client):
    draft = a_draft(client)
    created = draft.updated_at
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=22)) == {"noticed": 0, "purged": 0}
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=23, minutes=1)) == {"noticed": 1, "purged": 0}
    notice = db.session.scalar(select(Notification))
    assert notice.person_id == draft.owner_id and notice.link == f"/dossiers/{draft.reference}"
    assert "sẽ bị xóa" in notice.title
    page = check_page(client.get("/dossiers"))
    assert "sẽ bị xóa" in text_of(page.find(class_="notices"))
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=29)) == {"noticed": 0, "purged": 0}
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=30, minutes=2)) == {"noticed": 0, "purged": 1}
    assert db.session.scalar(select(Dossier)) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.event == "draft_purged")) is not None


def test_carrying_on_after_the_notice_keeps_the_draft(client):
    draft = a_draft(client)
    created = draft.updated_at
    sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=24))
    draft.updated_at = created + timedelta(days=25)  # the owner saved a page that day
    db.session.commit()
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=32)) == {"noticed": 0, "purged": 0}
    assert db.session.scalar(select(Dossier)) is not None
    # untouched again for long enough: a new notice, then deletion
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=49)) == {"noticed": 1, "purged": 0}
    assert sweep_drafts(KEEP, NOTICE, now=created + timedelta(days=57)) == {"noticed": 0, "purged": 1}


def test_submitted_dossiers_are_never_swept(client):
    draft = a_draft(client)
    fill_in(client, draft.reference)
    post(client, f"/dossiers/{draft.reference}/check", {"declaration": "y"})
    later = utcnow() + timedelta(days=400)
    assert sweep_drafts(KEEP, NOTICE, now=later) == {"noticed": 0, "purged": 0}
    assert sweep_drafts(KEEP, NOTICE, now=later + timedelta(days=10)) == {"noticed": 0, "purged": 0}


def test_the_worker_runs_the_sweep_once(app, client):
    a_draft(client)
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--once"])
    assert result.exit_code == 0 and "sweep_drafts: {'noticed': 0, 'purged': 0}" in result.output
