"""The service index: each measure against a small data set worked out by hand, and the page and CSV."""

import csv
import io
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from app.dossiers.enums import DossierState as S
from app.dossiers.models import Dossier
from app.extensions import db
from app.feedback.models import Petition, PetitionCategory, PetitionStatus, Rating
from app.identity.models import Person
from app.stats import services
from tests.factories import agency_record, make_procedures, procedure_record
from tests.pages import check_page, text_of

TODAY = date(2026, 11, 20)


def at(day: int, month: int = 10, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def world():
    """Two agencies. A gets six dossiers in October, B two; one of A's is from September (outside)."""
    [procedure_a, procedure_b] = make_procedures(procedure_record(agency="A"), procedure_record(agency="B"),
                                                 agencies=[agency_record("A"), agency_record("B")])
    owner = Person(issuer="test", subject="citizen", full_name="Người Thử")
    helper = Person(issuer="test", subject="assistant", full_name="Nhân Viên")
    db.session.add_all([owner, helper])
    db.session.flush()
    a, b = procedure_a.agency, procedure_b.agency
    made = []

    def dossier(procedure, submitted, state, **facts):
        row = Dossier(procedure=procedure, owner=owner, agency=procedure.agency, state=state, answers={},
                      completed_pages=[], code=f"T-{len(made) + 1}", submitted_at=submitted, **facts)
        db.session.add(row)
        made.append(row)
        return row

    # Agency A, October: 6 counted (one assisted), 4 decided (3 on time, 10 working days in all),
    # 1 running and overdue, 1 running and not due; plus a draft and one waiting for its fee (not counted).
    # Fees: d1 paid online, d2 in cash, d4 online (refunded since). Results: d1, d2 e-results, d4 uploaded.
    d1 = dossier(procedure_a, at(1), S.RESULT_READY, decided_at=at(5), on_time=True, days_taken=2,
                 paid_by="vnpay", result_kind="generated")
    d2 = dossier(procedure_a, at(2), S.RETURNED, decided_at=at(9), on_time=True, days_taken=3,
                 paid_by="counter", result_kind="generated")
    d3 = dossier(procedure_a, at(3), S.REFUSED, decided_at=at(10), on_time=True, days_taken=1)
    d4 = dossier(procedure_a, at(6), S.RESULT_READY, decided_at=at(30), on_time=False, days_taken=4,
                 submitted_by_id=helper.id, paid_by="vnpay", result_kind="uploaded")
    dossier(procedure_a, at(7), S.PROCESSING, appointment_date=date(2026, 11, 1))
    dossier(procedure_a, at(8), S.RECEIVED, appointment_date=date(2026, 12, 1))
    dossier(procedure_a, at(9), S.DRAFT)
    dossier(procedure_a, at(10), S.AWAITING_PAYMENT)
    dossier(procedure_a, at(20, month=9), S.RESULT_READY, decided_at=at(25, month=9), on_time=True, days_taken=5)
    # Agency B, October: 2 counted, 1 decided late after 6 working days.
    d9 = dossier(procedure_b, at(15), S.RETURNED, decided_at=at(29), on_time=False, days_taken=6,
                 result_kind="uploaded")
    dossier(procedure_b, at(16), S.SUBMITTED, appointment_date=date(2026, 10, 20))
    db.session.flush()

    # Ratings in October: A 5, 4, 2 (2 of 3 satisfied, mean 11/3); B 1. One in September is outside.
    for row, level, when in ((d1, 5, at(10)), (d2, 4, at(11)), (d3, 2, at(12)), (d9, 1, at(30)),
                             (d4, 5, at(30, month=9))):  # d4's rating came in September: outside
        db.session.add(Rating(dossier=row, agency_id=row.agency_id, overall=level, criteria={}, comment="",
                              created_at=when, updated_at=when))
    # PAKN due in October for A: one answered on its due day (on time), one late, one not answered.
    for number, (due, answered) in enumerate(((date(2026, 10, 10), at(10, hour=16)),  # 23:00 in Hà Nội, same day
                                             (date(2026, 10, 12), at(14)), (date(2026, 10, 15), None))):
        db.session.add(Petition(code=f"PAKN-T{number}", agency_id=a.id, category=PetitionCategory.RULES, text="x",
                                status=PetitionStatus.ANSWERED if answered else PetitionStatus.RECEIVED,
                                created_at=at(1), due_date=due, answered_at=answered, answer="y" if answered else "",
                                contact_name="", publish_consent=False, published=False))
    db.session.commit()
    services.refresh(now=datetime(2026, 11, 20, 5, tzinfo=timezone.utc))
    return a, b


def test_each_measure_of_each_agency_matches_the_hand_count(world):
    a, b = world
    report = services.report(date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    figures = {agency.code: values.measures for agency, values in report.agencies}
    assert figures["A"] == {
        "received": 6,
        "online_share": round(100 * 5 / 6, 1),          # d4 was submitted at a post office
        "fully_online_share": round(100 * 5 / 6, 1),    # d4 assisted; the others' results are e-results
        "on_time_rate": 75.0,                           # 3 of 4 decided
        "overdue": 1,                                   # due 1 November, still processing on 20 November
        "average_days": 2.5,                            # (2 + 3 + 1 + 4) / 4
        "online_payment_share": round(100 * 2 / 3, 1),  # d1 and d4 (refunded since) online, d2 in cash
        "e_result_share": round(100 * 2 / 3, 1),
        "satisfaction": round(100 * 2 / 3, 1),
        "average_rating": round(11 / 3, 2),
        "pakn_on_time": round(100 * 1 / 3, 1),
    }
    assert figures["B"]["received"] == 2 and figures["B"]["on_time_rate"] == 0.0
    assert figures["B"]["fully_online_share"] == 50.0  # d9's result was an uploaded file
    assert figures["B"]["overdue"] == 1 and figures["B"]["average_days"] == 6.0
    assert figures["B"]["satisfaction"] == 0.0 and figures["B"]["pakn_on_time"] is None
    overall = report.overall.measures
    assert overall["received"] == 8 and overall["on_time_rate"] == 60.0 and overall["average_days"] == 3.2
    assert [agency.code for agency, _figures in report.agencies] == ["A", "B"]  # most dossiers first
    assert report.trend == [(date(2026, 10, 1), 8)]


def test_one_agency_alone(world):
    a, _b = world
    report = services.report(date(2026, 9, 1), date(2026, 10, 31), agency_id=a.id, today=TODAY)
    assert [agency.code for agency, _figures in report.agencies] == ["A"]
    assert report.overall.received == 7
    assert report.trend == [(date(2026, 9, 1), 1), (date(2026, 10, 1), 6)]


def test_a_day_counts_in_viet_nam_time(world):
    # 1 October 03:00 UTC is 10:00 in Hà Nội; 30 September 20:00 UTC is already 1 October there.
    a, _b = world
    procedure = db.session.scalar(select(Dossier).where(Dossier.code == "T-1")).procedure
    db.session.add(Dossier(procedure=procedure, owner_id=db.session.scalar(select(Person.id)), agency=a,
                           state=S.SUBMITTED, answers={}, completed_pages=[], code="T-edge",
                           submitted_at=datetime(2026, 9, 30, 20, tzinfo=timezone.utc)))
    db.session.commit()
    services.refresh()
    report = services.report(date(2026, 10, 1), date(2026, 10, 1), today=TODAY)
    assert report.overall.received == 2  # d1 and the edge one


def test_the_page_has_every_group_and_charts_with_title_description_and_table(client, world):
    page = check_page(client.get("/stats", query_string={"start": "2026-10-01", "end": "2026-10-31"}))
    text = text_of(page)
    for group, _measures in services.GROUPS:
        assert str(group) in text
    charts = page.find_all("svg")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img" and chart.find("title").text and chart.find("desc").text
        labelled = chart["aria-labelledby"].split()
        assert [chart.find(id=name) is not None for name in labelled] == [True, True]
    captions = [caption.text for caption in page.find_all("caption")]
    assert "Hồ sơ tiếp nhận theo tháng" in captions
    assert "75.0%" in text_of(page.find("table", class_="table--wide"))


def test_bad_dates_are_a_clear_400(client, world):
    response = client.get("/stats", query_string={"start": "31/10/2026", "agency": "abc"})
    assert response.status_code == 400
    assert "Ngày chưa đúng" in text_of(check_page(response, 400).find(class_="error-summary"))


def test_the_csv_has_a_row_for_all_and_one_per_agency(client, world):
    response = client.get("/stats.csv", query_string={"start": "2026-10-01", "end": "2026-10-31"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["agency_code", "agency", "received"]
    assert [row[0] for row in rows[1:]] == ["", "A", "B"] and rows[2][2] == "6"


def test_an_empty_period_shows_no_figures_not_errors(client, world):
    page = check_page(client.get("/stats", query_string={"start": "2020-01-01", "end": "2020-01-31"}))
    assert "Không có hồ sơ nào" in text_of(page)
    assert page.find("table", class_="table--wide") is None


def test_rebuilding_the_counts_gives_the_same_figures(world):
    first = services.report(date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    services.refresh(now=datetime(2026, 11, 20, 5, tzinfo=timezone.utc))
    again = services.report(date(2026, 10, 1), date(2026, 10, 31), today=TODAY)
    assert again.overall == first.overall and again.refreshed_at is not None


def test_the_worker_rebuilds_the_counts(app, world):
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--once"])
    assert result.exit_code == 0 and "refresh_service_index: {'days':" in result.output


def test_the_overdue_index_names_exactly_the_states_whose_clock_runs():
    from app.dossiers.deadlines import CLOCK_RUNNING
    from app.dossiers.models import CLOCK_RUNS

    named = {state for state in S if f"'{state.value}'" in CLOCK_RUNS}
    assert named == set(CLOCK_RUNNING)
