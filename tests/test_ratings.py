"""Rating the service of a dossier: once its answer came, once per dossier, changeable for a while,
anonymous to the agency."""

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from app.core.database import utcnow
from app.dossiers.enums import DossierState as S
from app.extensions import db
from app.feedback.models import Rating
from app.notifications.models import Notification
from tests.pages import check_page, text_of
from tests.signin import sign_in
from tests.test_dossiers import only_dossier, post
from tests.test_processing import processing, received


def answered(client, app):
    dossier, officer = processing(client, app)
    assert post(officer, f"/backoffice/dossiers/{dossier.code}/result", {"how": "generate"}).status_code == 303
    return only_dossier(), officer


def ratings() -> int:
    return db.session.scalar(select(func.count()).select_from(Rating))


def test_the_citizen_is_invited_to_rate_once_the_result_is_ready(client, app):
    dossier, _officer = answered(client, app)
    invite = db.session.scalar(select(Notification).where(Notification.link == f"/dossiers/{dossier.code}/rating"))
    assert invite is not None and invite.person_id == dossier.owner_id
    page = check_page(client.get(f"/dossiers/{dossier.code}"))
    assert page.find("a", href=f"/dossiers/{dossier.code}/rating") is not None


def test_a_rating_is_saved_with_its_criteria_and_can_be_changed_for_a_week(client, app, monkeypatch):
    dossier, _officer = answered(client, app)
    check_page(client.get(f"/dossiers/{dossier.code}/rating"))
    response = post(client, f"/dossiers/{dossier.code}/rating", {
        "overall": "4", "criteria": ["clear_guidance", "on_time"], "comment": "Nhanh gọn"})
    assert response.status_code == 303
    rating = db.session.scalar(select(Rating))
    assert rating.overall == 4 and rating.comment == "Nhanh gọn" and rating.agency_id == dossier.agency_id
    assert rating.criteria == {"clear_guidance": True, "on_time": True, "staff_attitude": False,
                               "no_extra_papers": False, "no_unofficial_payments": False}
    page = check_page(client.get(f"/dossiers/{dossier.code}/rating"))
    assert page.find("input", attrs={"name": "overall", "value": "4"}).has_attr("checked")
    assert post(client, f"/dossiers/{dossier.code}/rating", {"overall": "2"}).status_code == 303
    db.session.refresh(rating)
    assert rating.overall == 2 and ratings() == 1
    for timeout in ("SESSION_IDLE_TIMEOUT", "SESSION_ABSOLUTE_TIMEOUT"):
        monkeypatch.setitem(app.config, timeout, timedelta(days=30))
    with time_machine.travel(utcnow() + timedelta(days=8)):
        closed = check_page(client.get(f"/dossiers/{dossier.code}/rating"))
        assert "không còn sửa được" in text_of(closed)
        assert post(client, f"/dossiers/{dossier.code}/rating", {"overall": "5"}).status_code == 400
    db.session.refresh(rating)
    assert rating.overall == 2


def test_a_dossier_without_its_answer_cannot_be_rated(client, app):
    dossier, _officer = received(client, app)
    page = check_page(client.get(f"/dossiers/{dossier.code}/rating"))
    assert "khi hồ sơ có kết quả" in text_of(page)
    assert post(client, f"/dossiers/{dossier.code}/rating", {"overall": "5"}).status_code == 400
    assert ratings() == 0 and only_dossier().state is S.RECEIVED


def test_bad_ratings_are_refused_and_nothing_is_saved(client, app):
    dossier, _officer = answered(client, app)
    for data in ({}, {"overall": "9"}, {"overall": "abc"}, {"overall": "3", "criteria": ["bribes_welcome"]},
                 {"overall": "3", "comment": "x" * 1001}):
        response = post(client, f"/dossiers/{dossier.code}/rating", data)
        assert response.status_code == 400, data
        assert check_page(response, 400).find(class_="error-summary") is not None
    assert ratings() == 0


def test_nobody_rates_someone_elses_dossier(client, app):
    dossier, _officer = answered(client, app)
    neighbour = app.test_client()
    sign_in(neighbour, sub="demo-citizen-nam")
    assert neighbour.get(f"/dossiers/{dossier.code}/rating").status_code == 404
    assert post(neighbour, f"/dossiers/{dossier.code}/rating", {"overall": "1"}).status_code == 404
    assert ratings() == 0


def test_a_flood_of_ratings_is_slowed_down(client, app):
    dossier, _officer = answered(client, app)
    statuses = [post(client, f"/dossiers/{dossier.code}/rating", {"overall": "3"}).status_code for _ in range(12)]
    assert 429 in statuses and ratings() == 1


def test_the_agency_sees_its_ratings_without_names_or_dossiers(client, app):
    dossier, officer = answered(client, app)
    post(client, f"/dossiers/{dossier.code}/rating", {"overall": "5", "criteria": ["staff_attitude"],
                                                       "comment": "Cán bộ tận tình"})
    page = check_page(officer.get("/backoffice/ratings"))
    text = text_of(page)
    assert "Cán bộ tận tình" in text and "5.00 / 5" in text
    assert dossier.code not in text and "Nguyễn Thị Lan" not in text
