"""Built tables: the seed reproduced, every rule on generated logs, carry-over, rollups, lookups."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengov import events as ev
from opengov import load_events
from opengov.events import Event
from opengov.fold import Period
from opengov.formats import FORMATS, TOTAL
from opengov.tables import TableSet, build_table, build_tables, check_carry_over, rollup
from strategies import LOG_YEARS, date_order, interleave, logs

EXAMPLES = Path(__file__).parents[1] / "examples"

SEED_FIGURES = {
    "proactive.items": 201,
    "proactive.website": 90,
    "proactive.weibo": 17,
    "proactive.wechat": 21,
    "proactive.other": 73,
    "responses.interpretations": 12,
    "capacity.staff": 4,
    "capacity.staff.part_time": 4,
    "meetings.meetings": 3,
}


def test_seed_table_reproduced() -> None:
    """The 2018 log of 吴忠市科学技术局 gives the seed's gov2008 table: nine figures, every other row zero."""
    tables = build_table(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018, format="gov2008")
    actual = {cell.row.key: cell.value for cell in tables if cell.value}
    assert SEED_FIGURES == actual
    assert 65 == len(tables.format.tables[0].rows)


def test_seed_narrative_facts() -> None:
    """The seed log also holds the figures its narrative cites."""
    facts = build_table(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018, format="gov2008").facts
    assert facts is not None
    followers = {platform.value: count for (platform, _), count in facts.followers.items()}
    expected = (186, {"wechat": 38, "weibo": 24}, 5, 3, 2, 3, 3)
    actual = (
        facts.reported_upward,
        followers,
        facts.online_service_items,
        facts.proposals,
        facts.proposals_lead,
        facts.proposals_on_time,
        facts.proposals_satisfied,
    )
    assert expected == actual


def test_current_format_example_carries_over() -> None:
    """Two-year example: 2025's 上年结转 equals 2024's 结转下年度; cases are pending at the end of 2025."""
    log = load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    t2024 = build_table(log, year=2024)
    t2025 = build_table(log, year=2025)
    assert () == check_carry_over(t2024, t2025)
    assert t2024["applications.carried_forward", TOTAL] > 0
    assert 1 == t2025["disputes.count", "reconsideration.pending"]
    assert 1 == t2025["disputes.count", "lawsuit_direct.pending"]


def test_label_lookup() -> None:
    """Figures can be read by official label; a label printed twice needs its parent's label."""
    tables = build_table(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018, format="gov2008")
    assert 201 == tables.by_label("(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)")
    assert 0 == tables.by_label("四、行政复议数量/(二) 被依法纠错数")
    with pytest.raises(KeyError, match="ambiguous"):
        tables.by_label("(二) 被依法纠错数")


def test_matrix_label_lookup() -> None:
    """A matrix cell is read by row and column label."""
    log = load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    tables = build_table(log, year=2024)
    expected = tables["applications.new", TOTAL]
    assert expected == tables.by_label("一、本年新收政府信息公开申请数量", "总计", table="applications")


def test_auto_picks_format_in_force() -> None:
    """format='auto' picks gov2008 up to 2018, gov2019 for 2019–2020 and gov2021 after."""
    actual = [build_table([], year=y).format.key for y in (2018, 2019, 2020, 2021, 2025)]
    assert ["gov2008", "gov2019", "gov2019", "gov2021", "gov2021"] == actual


def test_several_agencies_need_a_name() -> None:
    """build_table refuses to guess the agency of a log that holds several."""
    log = [
        ev.MeetingHeld(id="1", agency="a", at=dt.date(2024, 1, 5)),
        ev.MeetingHeld(id="2", agency="b", at=dt.date(2024, 1, 5)),
    ]
    with pytest.raises(ValueError, match="a, b"):
        build_table(log, year=2024)
    assert 1 == build_table(log, year=2024, agency="b", format="gov2008")["meetings.meetings"]


def test_timestamp_bucketed_by_beijing_date() -> None:
    """An online application at 2018-12-31T20:00Z is received on 2019-01-01 in Beijing: it counts in 2019."""
    at = dt.datetime(2018, 12, 31, 20, 0, tzinfo=dt.UTC)
    log = [
        ev.ApplicationReceived(
            id="1",
            agency="a",
            at=at,
            application_id="x",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        )
    ]
    assert (0, 1) == (
        build_table(log, year=2018)["applications.received"],
        build_table(log, year=2019)["applications.new", TOTAL],
    )


def test_disposition_mapping_total_and_unique() -> None:
    """Every disposition maps to exactly one figure row of each format (gov2008 withdrawals: 办结 only)."""
    for fmt in FORMATS.values():
        assert set(ev.Disposition) == set(fmt.dispositions), fmt.key
        for disposition, row in fmt.dispositions.items():
            if row is None:
                assert (fmt.key, disposition) == ("gov2008", ev.Disposition.WITHDRAWN)
                continue
            spec = fmt.table_of_row(row)
            assert not spec.row(row).is_heading


# Where each disposition lands (by official label, written by hand): tests/test_mapping.py.


# ---------------------------------------------------------------------------------------------------------
# Properties on generated logs.


def _all_tables(log: Iterable[Event], year: int, fmt: str) -> dict[str, TableSet]:
    return build_tables(list(log), year=year, format=fmt)


@settings(max_examples=60)
@given(logs().flatmap(lambda groups: st.tuples(st.just(groups), interleave(groups))))
def test_every_rule_holds_in_every_format(data: tuple[list[list[Event]], list[Event]]) -> None:
    """On any valid log, every format's tables keep every rule in every year (build_table checks them)."""
    _, log = data
    for fmt in FORMATS:
        for year in LOG_YEARS:
            for tables in _all_tables(log, year, fmt).values():
                assert () == tables.check().violations


@settings(max_examples=60)
@given(logs())
def test_carried_in_equals_last_years_carried_forward(groups: list[list[Event]]) -> None:
    """This year's 上年结转 equals last year's 结转下年度, in every applicant column."""
    log = date_order(groups)
    for previous_year, year in itertools.pairwise(LOG_YEARS):
        before = _all_tables(log, previous_year, "gov2021")
        after = _all_tables(log, year, "gov2021")
        for agency, tables in after.items():
            if agency in before:
                assert () == check_carry_over(before[agency], tables)


@settings(max_examples=60)
@given(logs().flatmap(lambda groups: st.tuples(interleave(groups), interleave(groups))))
def test_reordering_independent_events_changes_nothing(logs_: tuple[list[Event], list[Event]]) -> None:
    """Two interleavings of the same entity groups give the same facts."""
    first, second = logs_
    for year in (2023, 2025):
        a = {k: attrs.evolve(v.facts, anomalies=()) for k, v in _all_tables(first, year, "gov2021").items()}
        b = {k: attrs.evolve(v.facts, anomalies=()) for k, v in _all_tables(second, year, "gov2021").items()}
        assert a == b


@settings(max_examples=60)
@given(logs(agencies=("a", "b")))
def test_rollup_equals_table_of_merged_log(groups: list[list[Event]]) -> None:
    """The sum of agencies A's and B's tables equals the table of their logs merged under one agency."""
    log = date_order(groups)
    merged = [attrs.evolve(e, agency="ab") for e in log]
    for fmt, year in (("gov2008", 2024), ("gov2019", 2024), ("gov2021", 2025)):
        parts = build_tables(log, year=year, format=fmt)
        whole = build_tables(merged, year=year, format=fmt)
        empty = build_table([], year=year, format=fmt)
        expected = {(c.row.key, c.column.key): c.value for c in whole.get("ab", empty)}
        actual = {(c.row.key, c.column.key): c.value for c in rollup([*parts.values(), empty])}
        assert expected == actual


def test_rollup_refuses_mixed_formats() -> None:
    """Tables of different formats or periods are not summed."""
    with pytest.raises(ValueError, match="cannot roll up"):
        rollup([build_table([], year=2018), build_table([], year=2024)])


def test_period_other_than_a_year() -> None:
    """Any date range is a period: a quarter counts only its own events."""
    log = [ev.MeetingHeld(id=str(m), agency="a", at=dt.date(2024, m, 1)) for m in range(1, 13)]
    quarter = Period(dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert 3 == build_table(log, period=quarter, format="gov2008")["meetings.meetings"]


@pytest.mark.parametrize(
    ("answered", "extended", "expected"),
    [
        (dt.date(2018, 10, 24), False, (1, 0)),  # the 15th working day after Friday 2018-09-28, across 国庆
        (dt.date(2018, 10, 25), False, (0, 1)),  # one working day late: counted 延期办结 (and a finding)
        (dt.date(2018, 11, 14), True, (0, 1)),  # within a 15-working-day extension
    ],
)
def test_gov2008_on_time_comes_from_the_working_day_calendar(
    answered: dt.date, extended: bool, expected: tuple[int, int]
) -> None:
    """gov2008's 按时办结 / 延期办结 follow the official calendar, holidays and make-up days included."""
    log: list[Event] = [
        ev.ApplicationReceived(
            id="r",
            agency="a",
            at=dt.date(2018, 9, 28),
            application_id="x",
            channel=ev.ApplicationChannel.IN_PERSON,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        )
    ]
    if extended:
        log.append(
            ev.DeadlineExtended(
                id="x1", agency="a", at=dt.date(2018, 10, 20), application_id="x", working_days=15
            )
        )
    log.append(
        ev.ApplicationConcluded(
            id="c", agency="a", at=answered, application_id="x", disposition=ev.Disposition.DISCLOSED
        )
    )
    tables = build_table(log, year=2018, format="gov2008")
    actual = (tables["applications.concluded.on_time"], tables["applications.concluded.extended"])
    assert expected == actual


def test_calendar_declared_in_the_log_judges_a_year_the_package_lacks() -> None:
    """2027 needs supplied data: without it building refuses; a declared holiday then moves the due date."""
    from opengov.errors import CalendarDataMissingError

    app = [
        ev.ApplicationReceived(
            id="r",
            agency="a",
            at=dt.date(2027, 3, 1),
            application_id="x",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        ),
        # 20 working days after Monday 2027-03-01 is Monday 2027-03-29 on weekdays alone
        ev.ApplicationConcluded(
            id="c",
            agency="a",
            at=dt.date(2027, 3, 30),
            application_id="x",
            disposition=ev.Disposition.DISCLOSED,
        ),
    ]
    with pytest.raises(CalendarDataMissingError, match="2027"):
        build_table(app, year=2027)

    def declared(holidays: list[dt.date]) -> list[Event]:
        declaration = ev.WorkingCalendarDeclared(
            id="cal", agency="a", at=dt.date(2026, 12, 1), year=2027, holidays=holidays
        )
        return [declaration, *app]

    late = build_table(declared([]), year=2027, format="gov2008")
    on_time = build_table(declared([dt.date(2027, 3, 15)]), year=2027, format="gov2008")
    expected = ((0, 1), (1, 0))
    actual = tuple(
        (t["applications.concluded.on_time"], t["applications.concluded.extended"]) for t in (late, on_time)
    )
    assert expected == actual
