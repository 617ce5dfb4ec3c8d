"""Working days: weekends, public holidays, Tết, and Saturdays swapped in as working days."""

from datetime import date, datetime, timezone

import pytest

from app.core.calendar import add_working_days, is_working_day, local_date, working_days_between


@pytest.mark.parametrize("day, working", [
    (date(2026, 11, 23), True),    # Monday
    (date(2026, 11, 21), False),   # Saturday
    (date(2026, 11, 24), False),   # Vietnam Culture Day, a Tuesday
    (date(2027, 2, 8), False),     # Tết 2027, Monday
    (date(2026, 9, 2), False),     # National Day
    (date(2026, 8, 22), True),     # a Saturday worked in exchange for Monday 31 August 2026
    (date(2026, 8, 31), False),
])
def test_which_days_are_working_days(day, working):
    assert is_working_day(day) is working


def test_counting_starts_the_day_after_and_skips_the_weekend():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday + 1 → Monday
    assert add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 30)  # skips Tuesday 24 November too


def test_tet_is_skipped_whole():
    # Received Wednesday 3 February 2027; Tết runs from Thursday 4 to Wednesday 10 February.
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert add_working_days(date(2027, 2, 3), 3) == date(2027, 2, 15)
    assert working_days_between(date(2027, 2, 3), date(2027, 2, 15)) == 3


def test_no_days_means_the_same_working_day_or_the_next_one():
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 23)


def test_days_between_is_negative_when_the_date_has_passed():
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 20)) == -5


def test_the_day_is_taken_in_viet_nam_time():
    assert local_date(datetime(2026, 11, 22, 18, 30, tzinfo=timezone.utc)) == date(2026, 11, 23)
