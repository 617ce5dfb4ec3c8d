"""The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp, Decision 766/QĐ-TTg) from the portal's own
data. `refresh()` (run by `jobs work`) rebuilds day-by-day counts per agency with grouped SQL aggregates;
a page sums the days of its period, and counts overdue dossiers live. A year of a 1-million-dossier
portal is a few hundred rows an agency, not every dossier (ADR 0009).

The measures, over dossiers submitted in the period:
- received: submitted (drafts and dossiers still waiting for their fee are not);
- online share: submitted by the citizen themselves, not at a post-office counter;
- fully-online share (toàn trình): submitted by the citizen (so any fee was paid online), and answered,
  if answered yet, with an e-result rather than an uploaded file;
- on-time rate: of those decided, decided by the date first promised with no apology letter;
- overdue: the clock still running and the appointment date passed, today;
- average working days from submission to the decision;
- online payment share: of fees paid, paid through the gateway rather than in cash;
- e-result share: of results issued, e-results the portal generated (verifiable by QR code);
- satisfaction: of ratings given in the period, the share "satisfied" or "very satisfied", and the mean;
- PAKN on time: of feedback due in the period, answered by its due date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, and_, case, cast, delete, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.catalogue.models import Agency
from app.core import calendar
from app.core.database import UTCDateTime, utcnow
from app.dossiers.enums import DossierState
from app.dossiers.models import CLOCK_RUNS, Dossier
from app.extensions import db
from app.feedback.models import Petition, Rating
from app.payments.models import PaymentMethod
from app.stats.models import COUNTS, ServiceDay

COUNTED = [state for state in DossierState if state not in (DossierState.DRAFT, DossierState.AWAITING_PAYMENT)]


@dataclass
class Figures:
    """The raw counts of one agency (or of all); the rates are computed from them."""

    received: int = 0
    self_submitted: int = 0
    fully_online: int = 0
    decided: int = 0
    on_time: int = 0
    overdue: int = 0
    days_total: int = 0
    paid: int = 0
    paid_online: int = 0
    results: int = 0
    e_results: int = 0
    ratings: int = 0
    satisfied: int = 0
    rating_total: int = 0
    pakn_due: int = 0
    pakn_on_time: int = 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def measures(self) -> dict[str, float | int | None]:
        return {
            "received": self.received,
            "online_share": self.share(self.self_submitted, self.received),
            "fully_online_share": self.share(self.fully_online, self.received),
            "on_time_rate": self.share(self.on_time, self.decided),
            "overdue": self.overdue,
            "average_days": round(self.days_total / self.decided, 1) if self.decided else None,
            "online_payment_share": self.share(self.paid_online, self.paid),
            "e_result_share": self.share(self.e_results, self.results),
            "satisfaction": self.share(self.satisfied, self.ratings),
            "average_rating": round(self.rating_total / self.ratings, 2) if self.ratings else None,
            "pakn_on_time": self.share(self.pakn_on_time, self.pakn_due),
        }


@dataclass(frozen=True)
class Measure:
    key: str
    label: object
    unit: str  # "%", "count", "days", "score"


GROUPS: list[tuple[object, list[Measure]]] = [
    (_l("Công khai, minh bạch"), [Measure("pakn_on_time", _l("Phản ánh, kiến nghị được trả lời đúng hạn"), "%")]),
    (_l("Tiến độ và kết quả giải quyết"), [
        Measure("received", _l("Hồ sơ tiếp nhận"), "count"),
        Measure("on_time_rate", _l("Hồ sơ giải quyết đúng hạn"), "%"),
        Measure("overdue", _l("Hồ sơ đang quá hạn"), "count"),
        Measure("average_days", _l("Số ngày làm việc trung bình đến khi có kết quả"), "days")]),
    (_l("Số hóa hồ sơ, kết quả"), [Measure("e_result_share", _l("Kết quả cấp dưới dạng điện tử có mã QR"), "%")]),
    (_l("Cung cấp dịch vụ công trực tuyến"), [
        Measure("online_share", _l("Hồ sơ người dân tự nộp trực tuyến"), "%"),
        Measure("fully_online_share", _l("Hồ sơ trực tuyến toàn trình"), "%"),
        Measure("online_payment_share", _l("Phí, lệ phí thanh toán trực tuyến"), "%")]),
    (_l("Mức độ hài lòng"), [
        Measure("satisfaction", _l("Đánh giá hài lòng hoặc rất hài lòng"), "%"),
        Measure("average_rating", _l("Điểm đánh giá trung bình (1–5)"), "score")]),
]
MEASURES = [measure for _group, measures in GROUPS for measure in measures]


@dataclass
class Report:
    start: date
    end: date
    overall: Figures
    agencies: list[tuple[Agency, Figures]]
    trend: list[tuple[date, int]] = field(default_factory=list)
    refreshed_at: datetime | None = None


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants that begin `start` and end `end` in Viet Nam."""
    return (datetime.combine(start, time.min, calendar.VIETNAM),
            datetime.combine(end + timedelta(days=1), time.min, calendar.VIETNAM))


def refresh(now: datetime | None = None) -> dict[str, int]:
    """Rebuild the day-by-day counts (`ServiceDay`) from dossiers, ratings and petitions: three grouped
    INSERT … SELECTs in one transaction, so a page never reads half a rebuild. `jobs work` runs it."""
    now = now or utcnow()
    today = calendar.local_date(now)
    db.session.execute(delete(ServiceDay))
    self_submitted = Dossier.submitted_by_id.is_(None)
    day = _local_day(Dossier.submitted_at)
    _insert({
        "agency_id": Dossier.agency_id, "day": day, "received": func.count(),
        "self_submitted": _count(self_submitted),
        "fully_online": _count(and_(self_submitted, or_(Dossier.result_kind.is_(None),
                                                         Dossier.result_kind == "generated"))),
        "decided": _count(Dossier.decided_at.is_not(None)), "on_time": _count(Dossier.on_time.is_(True)),
        "days_total": func.coalesce(func.sum(Dossier.days_taken), 0),
        "paid": _count(Dossier.paid_by.is_not(None)), "paid_online": _count(Dossier.paid_by == PaymentMethod.GATEWAY.value),
        "results": _count(Dossier.result_kind.is_not(None)), "e_results": _count(Dossier.result_kind == "generated"),
    }, [Dossier.state.in_(COUNTED), Dossier.submitted_at.is_not(None), Dossier.agency_id.is_not(None)],
        [Dossier.agency_id, day], now)
    rating_day = _local_day(Rating.created_at)
    _insert({"agency_id": Rating.agency_id, "day": rating_day, "ratings": func.count(),
             "satisfied": _count(Rating.overall >= 4), "rating_total": func.sum(Rating.overall)},
            [Rating.created_at.is_not(None)], [Rating.agency_id, rating_day], now)
    answered_by_due = and_(Petition.answered_at.is_not(None), Petition.answered_at < _end_of(Petition.due_date))
    _insert({"agency_id": Petition.agency_id, "day": Petition.due_date, "pakn_due": func.count(),
             "pakn_on_time": _count(answered_by_due)},
            [Petition.due_date <= today], [Petition.agency_id, Petition.due_date], now)
    days = db.session.scalar(select(func.count()).select_from(ServiceDay))
    db.session.commit()
    bind = db.session.get_bind()
    if bind.dialect.name == "postgresql":
        # Every row was replaced: clear the old ones away and plan on the new figures now, not whenever
        # autovacuum comes by (until then a page reads twice the rows, half of them dead).
        with bind.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE service_day"))
    return {"days": days}


def _insert(values: dict, where: list, group_by: list, now: datetime) -> None:
    """Add grouped counts to `ServiceDay`, adding to a day's row that is already there."""
    columns = ["agency_id", "day", *COUNTS, "refreshed_at"]
    chosen = [values.get(name, literal(0)) for name in ["agency_id", "day", *COUNTS]]
    source = select(*chosen, literal(now, UTCDateTime)).where(*where).group_by(*group_by)
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ServiceDay).from_select(columns, source)
    statement = statement.on_conflict_do_update(
        index_elements=["agency_id", "day"],
        set_={name: getattr(statement.excluded, name) for name in values if name not in ("agency_id", "day")})
    db.session.execute(statement)


def report(start: date, end: date, agency_id: int | None = None, today: date | None = None) -> Report:
    """Every measure for each agency with dossiers (or ratings, or feedback) in the period, and for all,
    from the day-by-day counts; overdue is counted live, from the dossiers whose clock still runs."""
    today = today or calendar.local_date(utcnow())
    in_period = [ServiceDay.day >= start, ServiceDay.day <= end]
    if agency_id is not None:
        in_period.append(ServiceDay.agency_id == agency_id)
    by_agency: dict[int, Figures] = defaultdict(Figures)
    sums = [func.coalesce(func.sum(getattr(ServiceDay, name)), 0) for name in COUNTS]
    for agency, *counts in db.session.execute(select(ServiceDay.agency_id, *sums).where(*in_period)
                                              .group_by(ServiceDay.agency_id)):
        by_agency[agency].add(Figures(**{name: int(value) for name, value in zip(COUNTS, counts)}))

    since, until = period_bounds(start, end)
    running = [text(CLOCK_RUNS), Dossier.submitted_at >= since, Dossier.submitted_at < until,
               Dossier.appointment_date < today]
    if agency_id is not None:
        running.append(Dossier.agency_id == agency_id)
    for agency, overdue in db.session.execute(select(Dossier.agency_id, func.count()).where(*running)
                                              .group_by(Dossier.agency_id)):
        by_agency[agency].overdue = overdue

    month = _month(ServiceDay.day)
    trend = [(date(int(label[:4]), int(label[5:7]), 1), int(count)) for label, count in db.session.execute(
        select(month, func.sum(ServiceDay.received)).where(*in_period).group_by(month).order_by(month))
        if count]
    overall = Figures()
    for figures in by_agency.values():
        overall.add(figures)
    agencies = {agency.id: agency for agency in db.session.scalars(select(Agency).where(Agency.id.in_(by_agency)))}
    ordered = sorted(((agencies[key], figures) for key, figures in by_agency.items() if key in agencies),
                     key=lambda pair: (-pair[1].received, pair[0].name))
    refreshed = db.session.scalar(select(ServiceDay.refreshed_at).limit(1))
    return Report(start, end, overall, ordered, trend, refreshed)


def _local_day(column):
    """The calendar day in Viet Nam of an instant, in SQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)
    return func.date(column, "+7 hours")  # SQLite keeps UTC text; Viet Nam is UTC+7 all year


def _month(day_column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(day_column, "YYYY-MM")
    return func.strftime("%Y-%m", day_column)


def _count(condition):
    return func.coalesce(func.sum(cast(case((condition, 1), else_=0), Integer)), 0)


def _end_of(day_column):
    """The instant a due date ends in Viet Nam, as SQL: the next day's midnight at UTC+7."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.timezone("Asia/Ho_Chi_Minh", cast(day_column, db.DateTime) + timedelta(days=1))
    return func.datetime(day_column, "+1 day", "-7 hours")
