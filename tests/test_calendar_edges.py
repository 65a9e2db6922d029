"""The calendar at the edges of what it holds: first and last day of a year, a gap between years, a year
with no working day, the fallback walk, estimates, and the calendar file's every refusal.

Each calendar is built inside its test (never at import), so the code that builds it runs under the test.
The supplied year is 2030, which no notice has fixed yet: 1 January 2030 is a Tuesday, 5 January a
Saturday, 31 December a Tuesday, 1 January 2031 a Wednesday; 2030 has 261 weekdays, January 23 and
December 22. The bundled figures are the State Council's notices: 2025's National Day and Mid-Autumn
holiday ran 1–8 October with Sunday 28 September and Saturday 11 October worked (国办发明电〔2024〕12号),
so October 2025 has 18 working days; 2026's New Year holiday ran 1–3 January with Sunday 4 January worked
(国办发明电〔2025〕7号).
"""

from __future__ import annotations

import datetime as dt
import json
import locale
import re
from pathlib import Path

import pytest

from opengov import calendar as calendar_module
from opengov.calendar import Reckoned, WorkingCalendar
from opengov.errors import CalendarDataMissingError, EventValidationError
from opengov.events import WorkingCalendarDeclared

D = dt.date


def _2030() -> WorkingCalendar:
    """2030 with New Year's Day off and Saturday 5 January worked."""
    return WorkingCalendar.empty().with_year(2030, [D(2030, 1, 1)], [D(2030, 1, 5)])


def test_a_supplied_year_runs_from_1_january_to_31_december() -> None:
    cal = _2030()
    assert [False, True, True, False, True] == [
        cal.is_working_day(d)
        for d in (D(2030, 1, 1), D(2030, 1, 2), D(2030, 1, 5), D(2030, 1, 6), D(2030, 12, 31))
    ]
    assert "supplied" == cal.source(2030)
    assert (2030,) == cal.years


def test_counting_inside_a_supplied_year() -> None:
    cal = _2030()
    assert [D(2030, 1, 1), D(2030, 1, 2), D(2030, 1, 4), D(2030, 1, 5), D(2030, 1, 7)] == [
        cal.add_working_days(D(2030, 1, 1), n) for n in (0, 1, 3, 4, 5)
    ]
    assert D(2030, 12, 31) == cal.add_working_days(D(2030, 12, 30), 1)
    assert D(2030, 12, 30) == cal.add_working_days(D(2030, 12, 28), 1)  # from a Saturday
    assert D(2030, 12, 31) == cal.add_working_days(D(2030, 12, 28), 2)
    # 261 weekdays, less New Year's Day, plus the make-up Saturday
    assert 261 == cal.working_days_between(D(2030, 1, 1), D(2030, 12, 31))
    assert 260 == cal.working_days_between(D(2030, 1, 2), D(2030, 12, 31))
    assert -261 == cal.working_days_between(D(2030, 12, 31), D(2030, 1, 1))
    assert 1 == cal.working_days_between(D(2030, 12, 30), D(2030, 12, 31))
    assert (23, 22) == (cal.working_days_in_month(2030, 1), cal.working_days_in_month(2030, 12))


def test_counting_past_the_last_held_day_asks_for_the_next_year() -> None:
    cal = _2030()
    with pytest.raises(CalendarDataMissingError, match="no working-day data for 2031"):
        cal.add_working_days(D(2030, 12, 31), 1)
    with pytest.raises(CalendarDataMissingError, match="no working-day data for 2031"):
        cal.add_working_days(D(2030, 12, 30), 2)
    with pytest.raises(CalendarDataMissingError, match="no working-day data for 2029"):
        cal.working_days_between(D(2029, 12, 31), D(2030, 1, 2))


def test_a_declared_source_and_a_blank_one() -> None:
    unnamed = WorkingCalendarDeclared(id="k7", agency="a", at=D(2030, 3, 1), year=2030, holidays=())
    assert "event k7" == WorkingCalendar.empty().with_declaration(unnamed).source(2030)
    assert "通知" == WorkingCalendar.empty().with_year(2030, [], source="通知").source(2030)


def test_a_day_both_off_and_worked_is_refused_by_name() -> None:
    with pytest.raises(EventValidationError) as refused:
        WorkingCalendar.empty().with_year(2030, [D(2030, 1, 5), D(2030, 1, 1)], [D(2030, 1, 5)])
    assert (
        "WorkingCalendarDeclared (event 'calendar:2030'): 2030-01-05 is listed both as a holiday and as a "
        "make-up working day; list it once"
    ) == str(refused.value)


def test_a_year_without_a_working_day() -> None:
    every_day = [D(2030, 1, 1) + dt.timedelta(days=k) for k in range(365)]
    cal = WorkingCalendar.empty().with_year(2030, every_day)
    assert 0 == cal.working_days_in_month(2030, 6)
    assert 0 == cal.working_days_between(D(2030, 1, 1), D(2030, 12, 31))
    with pytest.raises(CalendarDataMissingError, match="2031"):
        cal.add_working_days(D(2030, 3, 1), 1)


def test_consecutive_years_share_one_table_and_a_gap_splits_them() -> None:
    """The precomputed table covers each run of consecutive years; a missing year is never skipped."""
    cal = WorkingCalendar.empty().with_year(2032, []).with_year(2030, []).with_year(2031, [])
    assert (2030, 2031, 2032) == cal.years
    tables = cal._tables
    assert tables[2030] is tables[2031] is tables[2032]
    assert D(2031, 1, 1) == cal.add_working_days(D(2030, 12, 31), 1)
    assert 1 == cal.working_days_between(D(2030, 12, 31), D(2031, 1, 1))
    gapped = WorkingCalendar.empty().with_year(2030, []).with_year(2032, []).with_year(2033, [])
    assert gapped._tables[2032] is gapped._tables[2033]
    assert gapped._tables[2030] is not gapped._tables[2032]
    assert {2030, 2032, 2033} == set(gapped._tables)
    with pytest.raises(CalendarDataMissingError, match="no working-day data for 2031"):
        gapped.working_days_between(D(2030, 12, 31), D(2032, 1, 2))
    with pytest.raises(CalendarDataMissingError, match="no working-day data for 2031"):
        gapped.add_working_days(D(2030, 12, 31), 1)
    assert 1 == gapped.working_days_between(D(2032, 12, 31), D(2033, 1, 3))


def test_the_missing_year_message_lists_the_held_ranges() -> None:
    cal = WorkingCalendar.empty()
    for year in (2030, 2031, 2033, 2035, 2036, 2037):
        cal = cal.with_year(year, [])
    with pytest.raises(CalendarDataMissingError) as missing:
        cal.is_working_day(D(2040, 1, 1))
    assert (
        "no working-day data for 2040 (it holds 2030–2031, 2033, 2035–2037): supply the State Council's "
        "holiday arrangement for 2040 as a working_calendar_declared event in the log (every command reads "
        "it), with WorkingCalendar.with_declaration(WorkingCalendarDeclared(year=2040, …)) or a calendar "
        "file (WorkingCalendar.from_file; on the command line --calendar FILE), or opt into marked "
        "estimates (WorkingCalendar.estimating(); on the command line --estimate)"
    ) == str(missing.value)
    assert 2040 == missing.value.year
    with pytest.raises(CalendarDataMissingError, match=r"\(it holds 2030\): "):
        _2030().is_working_day(D(2040, 1, 1))
    with pytest.raises(CalendarDataMissingError, match=r"\(it holds no year\): "):
        WorkingCalendar.empty().is_working_day(D(2040, 1, 1))


def test_every_query_refuses_an_unheld_year() -> None:
    cal = _2030()
    with pytest.raises(CalendarDataMissingError):
        cal.source(2031)
    with pytest.raises(CalendarDataMissingError):
        cal.working_days_in_month(2031, 1)
    with pytest.raises(CalendarDataMissingError):
        cal.add_working_days(D(2031, 1, 1), 0)
    with pytest.raises(ValueError, match="working_days_in_month: month must be 1–12, got 13"):
        cal.working_days_in_month(2030, 13)
    with pytest.raises(ValueError, match="working_days_in_month: month must be 1–12, got 0"):
        cal.working_days_in_month(2030, 0)
    with pytest.raises(ValueError, match="add_working_days: n must be >= 0, got -1"):
        cal.add_working_days(D(2030, 1, 1), -1)


def test_estimates_walk_unheld_years_as_weekends_only() -> None:
    est = _2030().estimating()
    assert Reckoned(D(2030, 1, 1), False) == est.add_working_days(D(2030, 1, 1), 0)
    assert Reckoned(D(2030, 1, 2), False) == est.add_working_days(D(2030, 1, 1), 1)
    assert Reckoned(D(2031, 1, 1), True) == est.add_working_days(D(2031, 1, 1), 0)
    assert Reckoned(D(2031, 1, 2), True) == est.add_working_days(D(2031, 1, 1), 1)
    assert Reckoned(D(2031, 1, 1), True) == est.add_working_days(D(2030, 12, 31), 1)
    assert Reckoned(D(2032, 1, 2), True) == est.add_working_days(D(2031, 12, 31), 2)  # 2032-01-01 Thu
    assert Reckoned(D(2029, 12, 31), True) == est.add_working_days(D(2029, 12, 28), 1)
    assert Reckoned(23, True) == est.working_days_in_month(2031, 1)
    assert Reckoned(22, False) == est.working_days_in_month(2030, 12)
    assert Reckoned(2, True) == est.working_days_between(D(2030, 12, 31), D(2031, 1, 2))
    assert Reckoned(-2, True) == est.working_days_between(D(2031, 1, 2), D(2030, 12, 31))
    assert Reckoned(23, False) == est.working_days_between(D(2030, 1, 1), D(2030, 1, 31))
    assert Reckoned(22, True) == est.working_days_between(
        D(2031, 1, 1), D(2031, 1, 31)
    )  # 1 January a Wednesday
    # 2031 has 261 weekdays (it starts on a Wednesday), then Thursday 1 and Friday 2 January 2032
    assert Reckoned(263, True) == est.working_days_between(D(2030, 12, 31), D(2032, 1, 2))
    gapped = WorkingCalendar.empty().with_year(2030, []).with_year(2032, []).estimating()
    assert Reckoned(263, True) == gapped.working_days_between(D(2030, 12, 31), D(2032, 1, 2))
    assert Reckoned(True, True) == est.is_working_day(D(2031, 1, 1))
    assert Reckoned(False, False) == est.is_working_day(D(2030, 1, 1))


def test_the_bundled_years_read_afresh() -> None:
    """The package's tables read again (not the cached calendar): the notices' days, counted."""
    cal = WorkingCalendar(calendar_module._bundled.__wrapped__())
    assert 18 == cal.working_days_in_month(2025, 10)
    assert cal.is_working_day(D(2026, 1, 4))
    assert not cal.is_working_day(D(2026, 1, 2))
    days = [D(2025, 9, 28), D(2025, 9, 29), D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11)]
    assert days == [cal.add_working_days(D(2025, 9, 26), n) for n in (1, 2, 3, 4, 5, 6)]
    assert D(2018, 10, 24) == cal.add_working_days(D(2018, 9, 28), 15)
    assert 2004 == cal.years[0]
    assert cal.source(2025).startswith("chinesecalendar ")
    assert WorkingCalendar.default() is WorkingCalendar.default()


# -- calendar files ------------------------------------------------------------------------------------------


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_entry_may_leave_out_makeup_days_holidays_and_source(tmp_path: Path) -> None:
    entries = [{"year": 2030, "holidays": ["2030-01-01"]}, {"year": 2031, "makeup_days": ["2031-01-04"]}]
    path = _file(tmp_path, "cal.json", json.dumps({"years": entries}))
    cal = WorkingCalendar.from_file(path, base=WorkingCalendar.empty())
    assert (2030, 2031) == cal.years
    assert not cal.is_working_day(D(2030, 1, 1))
    assert cal.is_working_day(D(2031, 1, 1))
    assert cal.is_working_day(D(2031, 1, 4))
    assert ("cal.json entry 1", "cal.json entry 2") == (cal.source(2030), cal.source(2031))
    blank = _file(
        tmp_path, "blank.json", json.dumps({"years": [{"year": 2030, "holidays": [], "source": " "}]})
    )
    assert "blank.json entry 1" == WorkingCalendar.from_file(blank, base=WorkingCalendar.empty()).source(2030)


def test_a_file_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """Under the C locale (ASCII) a file naming its notice in Chinese is still read as UTF-8."""
    entry = {"year": 2030, "holidays": [], "source": "国务院办公厅关于2030年部分节假日安排的通知"}
    path = _file(tmp_path, "cal.json", json.dumps({"years": [entry]}, ensure_ascii=False))
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        cal = WorkingCalendar.from_file(path, base=WorkingCalendar.empty())
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert entry["source"] == cal.source(2030)


def test_every_native_toml_date_is_read(tmp_path: Path) -> None:
    path = _file(
        tmp_path, "cal.TOML", "[[years]]\nyear = 2030\nholidays = [2030-01-01, 2030-01-02, 2030-01-03]\n"
    )
    cal = WorkingCalendar.from_file(path, base=WorkingCalendar.empty())
    assert [False, False, False, True] == [cal.is_working_day(D(2030, 1, d)) for d in (1, 2, 3, 4)]


def test_a_file_is_added_to_the_bundled_calendar_by_default(tmp_path: Path) -> None:
    path = _file(tmp_path, "cal.json", json.dumps({"years": [{"year": 2030, "holidays": []}]}))
    cal = WorkingCalendar.from_file(path)
    assert cal.holds(2030)
    assert cal.holds(2025)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", "{", r"^{path}: not a valid calendar file: "),
        ("bad.toml", "years = [", r"^{path}: not a valid calendar file: "),
        ("list.json", "[1, 2]", r"^{path}: expected a list 'years' of year entries$"),
        ("none.json", '{"years": 5}', r"^{path}: expected a list 'years' of year entries$"),
        ("entry.json", '{"years": [5]}', r"^{path}: years entry 1: expected a table with an integer 'year'$"),
        (
            "year.json",
            '{"years": [{"year": 2030, "holidays": []}, {"year": "2031"}]}',
            r"^{path}: years entry 2: expected a table with an integer 'year'$",
        ),
        (
            "days.json",
            '{"years": [{"year": 2030, "holidays": "2030-01-01"}]}',
            r"^{path}: years entry 1: 'holidays' must be a list of dates$",
        ),
        (
            "makeup.json",
            '{"years": [{"year": 2030, "holidays": []}, {"year": 2031, "holidays": [], "makeup_days": [7]}]}',
            r"^{path}: years entry 2: 'makeup_days' holds 7, not an ISO date \(YYYY-MM-DD\)$",
        ),
        (
            "text.json",
            '{"years": [{"year": 2030, "holidays": ["2030-01-01", "1/2/2030"]}]}',
            r"^{path}: years entry 1: 'holidays' holds '1/2/2030', not an ISO date \(YYYY-MM-DD\)$",
        ),
    ],
)
def test_a_bad_calendar_file_is_refused_naming_file_and_entry(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _file(tmp_path, name, text)
    with pytest.raises(EventValidationError) as refused:
        WorkingCalendar.from_file(path, base=WorkingCalendar.empty())
    assert re.search(message.replace("{path}", re.escape(str(path))), str(refused.value)), str(refused.value)
