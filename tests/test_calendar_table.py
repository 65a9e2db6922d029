"""The calendar's precomputed tables answer exactly what a day-by-day walk answers.

The expectations are computed here by stepping one day at a time with ``is_working_day`` (a set lookup,
not the tables), over the bundled years, across year ends, and across a gap in the held years.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengov.calendar import WorkingCalendar
from opengov.errors import CalendarDataMissingError

DEFAULT = WorkingCalendar.default()
# 2004–2026 bundled, 2028 supplied: a run of one year after a gap
GAPPED = DEFAULT.with_year(2028, [dt.date(2028, 1, 3)], [dt.date(2028, 1, 8)], source="test")


def walk_add(calendar: WorkingCalendar, day: dt.date, n: int) -> dt.date:
    current = day
    while n:
        current += dt.timedelta(days=1)
        n -= calendar.is_working_day(current)
    return current


def walk_between(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    if end < start:
        return -walk_between(calendar, end, start)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        count += calendar.is_working_day(current)
    return count


# 60 working days after 30 September 2026 still end in 2026, the last bundled year (31 October did not)
days = st.dates(dt.date(2004, 1, 1), dt.date(2026, 9, 30))


@settings(max_examples=300)
@given(days, st.integers(0, 60))
def test_add_working_days_equals_the_walk(day: dt.date, n: int) -> None:
    assert DEFAULT.add_working_days(day, n) == walk_add(DEFAULT, day, n)


@settings(max_examples=300)
@given(days, st.integers(-400, 400))
def test_working_days_between_equals_the_walk(day: dt.date, offset: int) -> None:
    end = min(max(day + dt.timedelta(days=offset), dt.date(2004, 1, 1)), dt.date(2026, 12, 31))
    assert DEFAULT.working_days_between(day, end) == walk_between(DEFAULT, day, end)


@settings(max_examples=100)
@given(st.dates(dt.date(2028, 1, 1), dt.date(2028, 11, 30)), st.integers(0, 20))
def test_a_run_of_one_supplied_year(day: dt.date, n: int) -> None:
    assert GAPPED.add_working_days(day, n) == walk_add(GAPPED, day, n)
    assert GAPPED.working_days_between(dt.date(2028, 1, 1), day) == walk_between(
        GAPPED, dt.date(2028, 1, 1), day
    )


def test_leaving_a_run_still_reports_the_missing_year() -> None:
    with pytest.raises(CalendarDataMissingError, match="2027"):
        GAPPED.add_working_days(dt.date(2026, 12, 28), 10)
    with pytest.raises(CalendarDataMissingError, match="2027"):
        GAPPED.working_days_between(dt.date(2026, 12, 1), dt.date(2028, 1, 5))
    with pytest.raises(CalendarDataMissingError, match="2029"):
        GAPPED.add_working_days(dt.date(2028, 12, 28), 10)


def test_the_supplied_days_are_in_the_table() -> None:
    assert GAPPED.add_working_days(dt.date(2028, 1, 1), 1) == dt.date(2028, 1, 4)  # 3rd off, 2nd a Sunday
    assert GAPPED.add_working_days(dt.date(2028, 1, 7), 1) == dt.date(2028, 1, 8)  # a make-up Saturday
    estimated = GAPPED.estimating().add_working_days(dt.date(2026, 12, 30), 3)
    assert estimated.estimated  # 2027 is guessed: weekends only, so Jan 1 is worked
    assert estimated.value == dt.date(2027, 1, 4)
