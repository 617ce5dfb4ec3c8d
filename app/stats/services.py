"""The service index (Bộ chỉ số phục vụ người dân, doanh nghiệp, Decision 766/QĐ-TTg) from the portal's own
data: one grouped SQL aggregate per source (dossiers, payments, results, ratings, petitions), each
reading one period through an index on its date, for every agency at once.

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
from sqlalchemy import Integer, and_, case, cast, func, or_, select

from app.catalogue.models import Agency
from app.core import calendar
from app.core.database import utcnow
from app.dossiers.enums import DossierState
from app.dossiers.models import Dossier
from app.extensions import db
from app.feedback.models import Petition, Rating
from app.payments.models import PaymentMethod

COUNTED = [state for state in DossierState if state not in (DossierState.DRAFT, DossierState.AWAITING_PAYMENT)]
RUNNING = [DossierState.SUBMITTED, DossierState.RECEIVED, DossierState.PROCESSING]


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


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants that begin `start` and end `end` in Viet Nam."""
    return (datetime.combine(start, time.min, calendar.VIETNAM),
            datetime.combine(end + timedelta(days=1), time.min, calendar.VIETNAM))


def report(start: date, end: date, agency_id: int | None = None, today: date | None = None) -> Report:
    """Every measure for each agency with dossiers in the period, and for all together."""
    today = today or calendar.local_date(utcnow())
    since, until = period_bounds(start, end)
    by_agency: dict[int, Figures] = defaultdict(Figures)
    in_period = and_(Dossier.submitted_at >= since, Dossier.submitted_at < until, Dossier.state.in_(COUNTED))
    if agency_id is not None:
        in_period = and_(in_period, Dossier.agency_id == agency_id)

    # One pass over the period's dossiers, by agency and month: every column read is in the index on
    # (submitted_at), so PostgreSQL answers from the index alone.
    month = _month(Dossier.submitted_at)
    self_submitted = Dossier.submitted_by_id.is_(None)
    rows = db.session.execute(
        select(Dossier.agency_id, month, func.count(),
               _count(self_submitted),
               _count(and_(self_submitted, or_(Dossier.result_kind.is_(None), Dossier.result_kind == "generated"))),
               _count(Dossier.decided_at.is_not(None)),
               _count(Dossier.on_time.is_(True)),
               _count(and_(Dossier.state.in_(RUNNING), Dossier.appointment_date < today)),
               func.coalesce(func.sum(Dossier.days_taken), 0),
               _count(Dossier.paid_by.is_not(None)),
               _count(Dossier.paid_by == PaymentMethod.GATEWAY.value),
               _count(Dossier.result_kind.is_not(None)),
               _count(Dossier.result_kind == "generated"))
        .where(in_period).group_by(Dossier.agency_id, month))
    monthly: dict[str, int] = defaultdict(int)
    for agency, label, *counts in rows:
        sums = Figures(*(int(count) for count in counts))
        by_agency[agency].add(sums)
        monthly[label] += sums.received

    rated = and_(Rating.created_at >= since, Rating.created_at < until)
    if agency_id is not None:
        rated = and_(rated, Rating.agency_id == agency_id)
    for agency, count, satisfied, total in db.session.execute(
            select(Rating.agency_id, func.count(), _count(Rating.overall >= 4), func.sum(Rating.overall))
            .where(rated).group_by(Rating.agency_id)):
        figures = by_agency[agency]
        figures.ratings, figures.satisfied, figures.rating_total = count, satisfied, int(total or 0)

    due = and_(Petition.due_date >= start, Petition.due_date <= min(end, today))
    if agency_id is not None:
        due = and_(due, Petition.agency_id == agency_id)
    answered_by_due = and_(Petition.answered_at.is_not(None), Petition.answered_at < _end_of(Petition.due_date))
    for agency, count, on_time in db.session.execute(
            select(Petition.agency_id, func.count(), _count(answered_by_due)).where(due).group_by(Petition.agency_id)):
        by_agency[agency].pakn_due, by_agency[agency].pakn_on_time = count, on_time

    overall = Figures()
    for figures in by_agency.values():
        overall.add(figures)
    agencies = {agency.id: agency for agency in db.session.scalars(select(Agency).where(Agency.id.in_(by_agency)))}
    ordered = sorted(((agencies[key], figures) for key, figures in by_agency.items() if key in agencies),
                     key=lambda pair: (-pair[1].received, pair[0].name))
    trend = [(date(int(label[:4]), int(label[5:7]), 1), count) for label, count in sorted(monthly.items())]
    return Report(start, end, overall, ordered, trend)


def _month(column):
    """"YYYY-MM" of an instant in Viet Nam time, in SQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Ho_Chi_Minh", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+7 hours")  # SQLite keeps UTC text; Viet Nam is UTC+7 all year


def _count(condition):
    return func.coalesce(func.sum(cast(case((condition, 1), else_=0), Integer)), 0)


def _end_of(day_column):
    """The instant a due date ends in Viet Nam, as SQL: the next day's midnight at UTC+7."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.timezone("Asia/Ho_Chi_Minh", cast(day_column, db.DateTime) + timedelta(days=1))
    return func.datetime(day_column, "+1 day", "-7 hours")
