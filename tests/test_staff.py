"""Staff roles come from the portal (granted on the command line), never from the eID; staff pages
refuse everyone else."""

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.identity.models import StaffGrant
from tests.factories import agency_record, make_procedures
from tests.pages import check_page, text_of
from tests.signin import CITIZEN_LEVEL_1, CITIZEN_LEVEL_2, sign_in


def cli(app, *arguments):
    return app.test_cli_runner().invoke(args=["staff", *arguments])


def an_agency():
    make_procedures(agencies=[agency_record("SO-TU-PHAP-T", "central", "Sở Tư pháp")])
    return "SO-TU-PHAP-T"


def test_an_officer_granted_on_the_command_line_reaches_the_back_office(app, client):
    agency = an_agency()
    result = cli(app, "grant", CITIZEN_LEVEL_2, "officer", agency)
    assert result.exit_code == 0, result.output
    sign_in(client)
    page = check_page(client.get("/backoffice/"))
    assert "Cán bộ một cửa" in text_of(page.find("main")) and "Sở Tư pháp" in text_of(page.find("main"))
    assert client.get("/").get_data(as_text=True).count('href="/backoffice/"') == 1


def test_a_citizen_is_refused_staff_pages_and_the_refusal_is_logged(client):
    sign_in(client, sub=CITIZEN_LEVEL_1)
    check_page(client.get("/backoffice/"), 403)
    denial = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "access_denied"))
    assert denial.detail == {"path": "/backoffice/"}


def test_staff_pages_send_the_signed_out_to_sign_in(client):
    response = client.get("/backoffice/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_a_revoked_role_no_longer_opens_staff_pages(app, client):
    agency = an_agency()
    cli(app, "grant", CITIZEN_LEVEL_2, "officer", agency)
    sign_in(client)
    assert client.get("/backoffice/").status_code == 200
    result = cli(app, "revoke", CITIZEN_LEVEL_2, "officer", agency)
    assert result.exit_code == 0, result.output
    assert client.get("/backoffice/").status_code == 403
    assert [event.event for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.event.like("role_%")).order_by(AuditEvent.id))] == [
        "role_granted", "role_revoked"]


def test_granting_twice_keeps_one_grant(app):
    agency = an_agency()
    cli(app, "grant", "someone", "specialist", agency)
    cli(app, "grant", "someone", "specialist", agency)
    assert len(db.session.scalars(select(StaffGrant)).all()) == 1


def test_bad_grants_are_refused_with_a_clear_message(app):
    agency = an_agency()
    cases = [
        (["grant", "someone", "officer"], "cần mã cơ quan"),
        (["grant", "someone", "officer", "NO-SUCH-AGENCY"], "NO-SUCH-AGENCY"),
        (["grant", "someone", "admin", agency], "không gắn với cơ quan"),
        (["grant", "someone", "mayor", agency], "mayor"),
        (["revoke", "someone", "officer", agency], "không có vai trò"),
    ]
    for arguments, message in cases:
        result = cli(app, *arguments)
        assert result.exit_code != 0 and message in result.output, (arguments, result.output)
    assert db.session.scalar(select(StaffGrant)) is None


def test_an_admin_needs_no_agency_and_is_listed(app):
    assert cli(app, "grant", "the-admin", "admin").exit_code == 0
    listed = cli(app, "list")
    assert "the-admin\tadmin\t-" in listed.output
