"""One calendar interface: deadlines and the ledger take any :class:`~opengov.calendar.Calendar`."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from opengov.calendar import Calendar, EstimatingCalendar, Reckoned, WorkingCalendar
from opengov.deadlines import assess
from opengov.errors import CalendarDataMissingError
from opengov.events import (
    WorkingCalendarDeclared,
)
from opengov.ledger import build_ledger
from strategies import received


@attrs.frozen
class EveryDay:
    """A calendar of one's own, unknown to opengov: every day is a working day, no year is guessed."""

    estimates: bool = False
    years: tuple[int, ...] = ()

    def holds(self, year: int) -> bool:
        return True

    def is_estimated(self, day: dt.date) -> bool:
        return False

    def reckon_working_day(self, day: dt.date) -> Reckoned[bool]:
        return Reckoned(True, False)

    def reckon_add(self, day: dt.date, n: int) -> Reckoned[dt.date]:
        return Reckoned(day + dt.timedelta(days=n), False)

    def reckon_between(self, start: dt.date, end: dt.date) -> Reckoned[int]:
        return Reckoned((end - start).days, False)

    def with_declaration(self, event: WorkingCalendarDeclared) -> Calendar:
        return self

    def estimating(self) -> Calendar:
        return self


def test_a_calendar_of_ones_own_is_used_as_given() -> None:
    """No isinstance dispatch: a third implementation is asked, and its answers are the deadline."""
    own: Calendar = EveryDay()
    # 2019 rules: 20 working days; the receipt day is day 0, so every day counting gives receipt + 20 days
    assessment = assess([received("A1", dt.date(2024, 3, 1))], own)
    assert dt.date(2024, 3, 21) == assessment.due_date
    assert not assessment.estimated
    book = build_ledger([received("A1", dt.date(2024, 3, 1))], as_of=dt.date(2024, 3, 11), calendar=own)
    assert [10] == [item.working_days_left for item in book.open]


@pytest.mark.parametrize("calendar", [WorkingCalendar.default(), WorkingCalendar.default().estimating()])
def test_both_calendars_answer_through_the_protocol(calendar: Calendar) -> None:
    """The official and the estimating calendar agree on a year both hold, and neither marks it."""
    day = dt.date(2025, 9, 30)
    assert Reckoned(dt.date(2025, 10, 9), False) == calendar.reckon_add(day, 1)  # 1–8 October off
    assert Reckoned(False, False) == calendar.reckon_working_day(dt.date(2025, 10, 1))
    assert Reckoned(1, False) == calendar.reckon_between(day, dt.date(2025, 10, 9))
    assert calendar.holds(2025)
    assert 2025 in calendar.years
    assert not calendar.is_estimated(day)


def test_only_the_estimating_calendar_guesses() -> None:
    """A year without data: the official calendar refuses, the estimating one answers and marks it."""
    official = WorkingCalendar.default()
    late_december = dt.date(max(official.years), 12, 30)
    with pytest.raises(CalendarDataMissingError):
        official.reckon_add(late_december, 5)
    guessed = official.estimating().reckon_add(late_december, 5)
    assert guessed.estimated
    assert not official.estimates
    assert official.estimating().estimates
    assert official.estimating().is_estimated(dt.date(max(official.years) + 1, 1, 5))
    assert official.estimating().estimating() == official.estimating()


def test_a_declaration_keeps_the_kind_of_calendar() -> None:
    """``with_declaration`` adds the year and keeps estimating where the calendar estimated."""
    year = max(WorkingCalendar.default().years) + 1
    declaration = WorkingCalendarDeclared(
        id="c1", agency="a1", at=dt.date(year - 1, 11, 1), year=year, holidays=()
    )
    estimating = WorkingCalendar.default().estimating().with_declaration(declaration)
    assert isinstance(estimating, EstimatingCalendar)
    assert estimating.holds(year)
    assert not estimating.is_estimated(dt.date(year, 3, 2))


def test_the_official_calendar_refuses_every_reckoning_of_a_year_without_data() -> None:
    """Each of the three reckonings refuses a day of a year the package lacks; estimating, each answers
    (weekends only) and marks its answer."""
    official = WorkingCalendar.default()
    after = max(official.years) + 1
    monday = dt.date(after, 1, 8) - dt.timedelta(days=dt.date(after, 1, 1).weekday())  # a Monday, 2–8 January
    friday = monday + dt.timedelta(days=4)
    for reckon in (
        lambda c: c.reckon_working_day(monday),
        lambda c: c.reckon_add(monday, 4),
        lambda c: c.reckon_between(monday, friday),
    ):
        with pytest.raises(CalendarDataMissingError):
            reckon(official)
    estimating = official.estimating()
    assert Reckoned(True, True) == estimating.reckon_working_day(monday)
    assert Reckoned(friday, True) == estimating.reckon_add(monday, 4)
    assert Reckoned(4, True) == estimating.reckon_between(monday, friday)
