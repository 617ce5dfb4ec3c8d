"""Working days in Viet Nam: Monday to Friday, less public holidays (Tết included), plus the Saturdays
the government swaps in as working days. The one place the portal counts deadlines.

Holidays come from the `holidays` package, which follows the yearly government decisions on Tết and
swapped days; a year it does not know yet falls back to its statutory holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@lru_cache(maxsize=64)
def _year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: date) -> bool:
    return _year(day.year).is_working_day(day)


def local_date(moment: datetime) -> date:
    """The calendar day in Viet Nam of an instant."""
    return moment.astimezone(VIETNAM).date()


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start`, `start` itself not counted (a dossier received on
    Friday with 1 working day to go is due on Monday). With 0 days: `start` if it is a working day,
    else the next one."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=offset)))
