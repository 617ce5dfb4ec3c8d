"""The service index's day-by-day counts, rebuilt from the portal's own records by `jobs work`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.core.database import UTCDateTime
from app.extensions import db

COUNTS = ("received", "self_submitted", "fully_online", "decided", "on_time", "days_total", "paid", "paid_online",
          "results", "e_results", "ratings", "satisfied", "rating_total", "pakn_due", "pakn_on_time")


class ServiceDay(db.Model):
    """One agency's counts for one day (Viet Nam time): dossiers by the day they were submitted, ratings
    by the day they were given, petitions by the day they were due. Reading a year is reading 365 rows
    an agency, not every dossier."""

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    self_submitted: Mapped[int] = mapped_column(Integer, default=0)
    fully_online: Mapped[int] = mapped_column(Integer, default=0)
    decided: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    days_total: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    paid_online: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[int] = mapped_column(Integer, default=0)
    e_results: Mapped[int] = mapped_column(Integer, default=0)
    ratings: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    rating_total: Mapped[int] = mapped_column(Integer, default=0)
    pakn_due: Mapped[int] = mapped_column(Integer, default=0)
    pakn_on_time: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime)
