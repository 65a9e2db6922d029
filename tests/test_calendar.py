"""Tests of opengov.calendar: the working-day calendar."""

# House style asserts `expected == actual`, which ruff's SIM300 takes for a Yoda condition.

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov.calendar import Reckoned, WorkingCalendar
from opengov.errors import CalendarDataMissingError, EventValidationError
from opengov.events import WorkingCalendarDeclared

CAL = WorkingCalendar.default()

bundled_days = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 9, 30))


def test_bundled_years_are_the_ones_chinesecalendar_holds() -> None:
    """The default calendar holds exactly the years the installed package answers for."""
    held = []
    for year in range(1990, 2060):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        held.append(year)
    assert tuple(held) == CAL.years


def test_every_bundled_day_agrees_with_chinesecalendar() -> None:
    """Every day of every bundled year is a working day exactly when chinesecalendar says so."""
    for year in CAL.years:
        day = dt.date(year, 1, 1)
        while day.year == year:
            assert chinese_calendar.is_workday(day) == CAL.is_working_day(day), day
            day += dt.timedelta(days=1)


def test_october_2025_has_18_working_days() -> None:
    """October 2025 has 18 working days (10-1..10-8 off, Sunday 9-28 and Saturday 10-11 worked)."""
    assert 18 == CAL.working_days_in_month(2025, 10)


def test_sunday_2026_01_04_is_a_working_day() -> None:
    """Sunday 2026-01-04 is a make-up working day for the 2026 New Year holiday."""
    assert CAL.is_working_day(dt.date(2026, 1, 4))


def test_2018_national_day_arrangement() -> None:
    """2018: Saturday 9-29 and Sunday 9-30 are worked, 10-1..10-7 are off, Monday 10-8 is worked."""
    days = [dt.date(2018, 9, 29) + dt.timedelta(days=i) for i in range(10)]
    expected = [True, True, False, False, False, False, False, False, False, True]
    assert expected == [CAL.is_working_day(d) for d in days]


def test_add_zero_working_days_is_the_day_itself() -> None:
    """Day 0 is the starting day itself, working day or not."""
    saturday = dt.date(2024, 6, 1)
    assert saturday == CAL.add_working_days(saturday, 0)


def test_add_across_the_2018_national_day() -> None:
    """15 working days after Friday 2018-09-28 run over the make-up weekend and the holiday to 10-24."""
    assert dt.date(2018, 10, 24) == CAL.add_working_days(dt.date(2018, 9, 28), 15)


def test_add_across_a_year_end() -> None:
    """Counting runs from one year's data into the next."""
    assert dt.date(2025, 1, 3) == CAL.add_working_days(dt.date(2024, 12, 30), 3)


def test_negative_count_is_refused() -> None:
    """Adding a negative number of working days is a ValueError."""
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_working_days(dt.date(2024, 6, 3), -1)


@given(bundled_days, st.integers(min_value=1, max_value=60))
def test_add_lands_on_the_nth_working_day(day: dt.date, n: int) -> None:
    """The result of adding n >= 1 is a working day with exactly n working days in (day, result]."""
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    assert n == CAL.working_days_between(day, result)


@given(bundled_days, bundled_days, bundled_days)
def test_between_is_additive(a: dt.date, b: dt.date, c: dt.date) -> None:
    """between(a, b) + between(b, c) == between(a, c), in any order of the days."""
    assert CAL.working_days_between(a, c) == CAL.working_days_between(a, b) + CAL.working_days_between(b, c)


@given(st.integers(min_value=2004, max_value=2026))
def test_months_sum_to_the_year(year: int) -> None:
    """The working days of the twelve months add up to the working days of the year."""
    first = dt.date(year, 1, 1)
    expected = CAL.working_days_between(first, dt.date(year, 12, 31)) + CAL.is_working_day(first)
    assert expected == sum(CAL.working_days_in_month(year, m) for m in range(1, 13))


def test_bad_month_is_refused() -> None:
    """A month outside 1–12 is a ValueError."""
    with pytest.raises(ValueError, match="month"):
        CAL.working_days_in_month(2024, 13)


def test_year_without_data_raises() -> None:
    """A year nobody supplied raises CalendarDataMissingError naming the year and how to supply it."""
    with pytest.raises(CalendarDataMissingError) as caught:
        CAL.is_working_day(dt.date(2027, 3, 1))
    message = str(caught.value)
    assert "2027" in message
    assert "with_declaration" in message
    assert "from_file" in message


def test_counting_into_a_year_without_data_raises() -> None:
    """A count that runs past the last held year raises rather than guessing."""
    with pytest.raises(CalendarDataMissingError, match="2027"):
        CAL.add_working_days(dt.date(2026, 12, 20), 20)


def test_empty_calendar_holds_nothing() -> None:
    """An empty calendar raises even for a year the package holds."""
    with pytest.raises(CalendarDataMissingError, match="2020"):
        WorkingCalendar.empty().is_working_day(dt.date(2020, 5, 6))


def test_estimate_mode_marks_guessed_years() -> None:
    """The estimating calendar answers for an unknown year as weekends-only and marks the answer."""
    cal = CAL.estimating()
    assert Reckoned(dt.date(2027, 1, 4), True) == cal.add_working_days(dt.date(2026, 12, 30), 3)
    assert Reckoned(True, True) == cal.is_working_day(dt.date(2027, 1, 1))
    assert Reckoned(21, True) == cal.working_days_in_month(2027, 5)
    assert Reckoned(3, True) == cal.working_days_between(dt.date(2026, 12, 30), dt.date(2027, 1, 4))


def test_estimate_mode_leaves_known_years_unmarked() -> None:
    """Answers from held years only are not marked estimated."""
    cal = CAL.estimating()
    assert Reckoned(18, False) == cal.working_days_in_month(2025, 10)
    assert Reckoned(dt.date(2018, 10, 24), False) == cal.add_working_days(dt.date(2018, 9, 28), 15)


def _declared(
    year: int, holidays: list[dt.date], makeup: list[dt.date] | None = None
) -> WorkingCalendarDeclared:
    return WorkingCalendarDeclared(
        id=f"cal-{year}",
        agency="a1",
        at=dt.date(year - 1, 11, 12),
        year=year,
        holidays=holidays,
        makeup_days=makeup or [],
        source="test",
    )


def test_declaration_supplies_a_later_year() -> None:
    """A declared year is answered from the declaration."""
    cal = CAL.with_declaration(_declared(2027, [dt.date(2027, 1, 1)], [dt.date(2027, 1, 2)]))
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.is_working_day(dt.date(2027, 1, 2))
    assert cal.holds(2027)
    assert "test" == cal.source(2027)


def test_declaration_wins_over_the_package() -> None:
    """A declaration for a bundled year replaces the package's data for that year only."""
    cal = CAL.with_declaration(_declared(2025, []))
    assert cal.is_working_day(dt.date(2025, 10, 1))
    assert 23 == cal.working_days_in_month(2025, 10)
    assert 18 == CAL.working_days_in_month(2025, 10)
    assert CAL.working_days_in_month(2024, 10) == cal.working_days_in_month(2024, 10)


def test_declaration_listing_a_day_twice_is_refused() -> None:
    """A day that is both a holiday and a make-up day is an EventValidationError."""
    with pytest.raises(EventValidationError, match="2027-01-02"):
        CAL.with_declaration(_declared(2027, [dt.date(2027, 1, 2)], [dt.date(2027, 1, 2)]))


def test_calendar_is_immutable_and_comparable() -> None:
    """with_declaration returns a new calendar; equal data makes equal calendars."""
    decl = _declared(2027, [dt.date(2027, 1, 1)])
    assert CAL.with_declaration(decl) == CAL.with_declaration(decl)
    assert not CAL.holds(2027)
    assert hash(CAL.with_declaration(decl)) == hash(CAL.with_declaration(decl))


def test_from_json_file(tmp_path: Path) -> None:
    """A JSON calendar file adds its years to the default calendar."""
    path = tmp_path / "calendar-2027.json"
    entry = {"year": 2027, "holidays": ["2027-01-01"], "makeup_days": [], "source": "国办发明电"}
    path.write_text(json.dumps({"years": [entry]}), encoding="utf-8")
    cal = WorkingCalendar.from_file(path)
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert "国办发明电" == cal.source(2027)
    assert 18 == cal.working_days_in_month(2025, 10)


def test_from_toml_file(tmp_path: Path) -> None:
    """A TOML calendar file, with quoted or native dates, adds its years to a given base."""
    path = tmp_path / "calendar.toml"
    path.write_text(
        '[[years]]\nyear = 2027\nholidays = ["2027-01-01", 2027-02-08]\nmakeup_days = [2027-02-06]\n',
        encoding="utf-8",
    )
    cal = WorkingCalendar.from_file(path, base=WorkingCalendar.empty())
    assert (2027,) == cal.years
    assert cal.is_working_day(dt.date(2027, 2, 6))
    assert not cal.is_working_day(dt.date(2027, 2, 8))


def test_malformed_file_names_the_file_and_entry(tmp_path: Path) -> None:
    """A bad date in a calendar file is refused with the file and the entry number."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"years": [{"year": 2027, "holidays": ["01/01/2027"]}]}), encoding="utf-8")
    with pytest.raises(EventValidationError, match=r"bad\.json: years entry 1"):
        WorkingCalendar.from_file(path)
