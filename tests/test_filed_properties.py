"""Properties of filed reports: filed figures stay, revisions are the difference, carry-over holds, and a
correction or retraction reads like the edited log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opengov.errors import FiledPeriodError
from opengov.events import (
    EVENT_TYPES,
    RECORD_TYPES,
    Event,
    EventCorrected,
    EventRetracted,
    FiledPeriodPolicy,
    FiledPeriodPolicyDeclared,
    WorkingCalendarDeclared,
)
from opengov.filing import file_report, filed_period, filed_tables, filing_of, period_tables
from opengov.fold import AgencyFacts, Period
from opengov.formats import get_format
from opengov.store import check_append
from opengov.tables import TableSet, build_tables, tables_from_facts
from strategies import agency_groups, event_of, interleave, log_days, number_events

AGENCY = "a1"
FILED_ON = dt.date(2026, 1, 20)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _cells(tables: TableSet) -> dict[tuple[str, str], Any]:
    return {(cell.row.key, cell.column.key): cell.value for cell in tables}


def build_table(log: list[Event], *, agency: str, year: int, format: str) -> TableSet:
    """The agency's tables as the plain fold builds them (all-zero tables when it has no events)."""
    fmt = get_format(format)
    built = build_tables(log, year=year, format=fmt).get(agency)
    return (
        built
        if built is not None
        else tables_from_facts(AgencyFacts(agency=agency, period=Period.year(year)), fmt)
    )


@st.composite
def filed_logs(draw: st.DrawFn) -> tuple[list[Event], int, list[Event]]:
    """A log of one agency cut in two: what the report of a year was filed from, and what came after."""
    groups = number_events(draw(agency_groups(AGENCY, max_groups=12)))
    log = draw(interleave(groups))
    cut = draw(st.integers(0, len(log)))
    year = draw(st.sampled_from([2022, 2023, 2024]))
    return log[:cut], year, log[cut:]


def _edits(draw: st.DrawFn, log: list[Event]) -> list[Event]:
    """Corrections and retractions of any events of ``log``, dated after it."""
    edits: list[Event] = []
    for number in range(draw(st.integers(0, 3)) if log else 0):
        original = draw(st.sampled_from(log))
        at = dt.date(2026, 2, 1)
        if draw(st.booleans()):
            edits.append(EventRetracted(id=f"k{number}", agency=AGENCY, at=at, retracts=original.id))
        else:
            replacement = _replacement_for(draw, original)
            edits.append(
                EventCorrected(
                    id=f"k{number}", agency=AGENCY, at=at, corrects=original.id, replacement=replacement
                )
            )
    return edits


@SETTINGS
@given(case=filed_logs(), data=st.data())
def test_the_filed_figures_never_change_whatever_is_appended_later(
    case: tuple[list[Event], int, list[Event]], data: st.DataObject
) -> None:
    """The tables shown for a filed year are the figures computed when it was filed, after any appends:
    late events, corrections and retractions of events before or after the filing."""
    before, year, later = case
    after = [*later, *_edits(data.draw, [*before, *later])]
    expected = _cells(build_table(before, agency=AGENCY, year=year, format="gov2021"))
    filing = file_report(before, agency=AGENCY, year=year, format="gov2021", at=FILED_ON)
    log = [*before, filing, *after]
    shown = period_tables(log, agency=AGENCY, year=year, format="gov2021")
    assert (expected, expected, True) == (_cells(shown.tables), _cells(filed_tables(filing)), shown.as_filed)


@SETTINGS
@given(case=filed_logs(), data=st.data())
def test_revisions_are_the_cell_wise_difference_of_filed_and_recomputed(
    case: tuple[list[Event], int, list[Event]], data: st.DataObject
) -> None:
    """The revisions are exactly the cells where the filed figure differs from the whole log's."""
    before, year, later = case
    after = [*later, *_edits(data.draw, [*before, *later])]
    filing = file_report(before, agency=AGENCY, year=year, format="gov2021", at=FILED_ON)
    log = [*before, filing, *after]
    filed = _cells(build_table(before, agency=AGENCY, year=year, format="gov2021"))
    now = _cells(build_table(log, agency=AGENCY, year=year, format="gov2021"))
    expected = {cell: (filed[cell], now[cell]) for cell in filed if filed[cell] != now[cell]}
    period = filed_period(log, agency=AGENCY, year=year)
    assert period is not None
    actual = {(r.row, r.column): (r.filed, r.computed) for r in period.revisions}
    assert expected == actual
    assert all(r.difference == r.computed - r.filed for r in period.revisions)
    end = dt.date(year, 12, 31)
    days = {e.id: e.day for e in [*before, *later]}
    late = [
        e.id
        for e in after
        if (e.TAG not in {c.TAG for c in RECORD_TYPES} and e.day <= end)
        or (isinstance(e, EventRetracted) and days[e.retracts] <= end)
        or (isinstance(e, EventCorrected) and min(days[e.corrects], e.replacement.day) <= end)
    ]
    assert late == [e.id for e in period.causes]


@SETTINGS
@given(case=filed_logs())
def test_the_carry_over_stays_consistent_across_a_filed_year(
    case: tuple[list[Event], int, list[Event]],
) -> None:
    """The next year's 上年结转 is the filed 结转下年度 in every column, and the next year's rules hold."""
    before, year, after = case
    filing = file_report(before, agency=AGENCY, year=year, format="gov2021", at=FILED_ON)
    log = [*before, filing, *after]
    shown = period_tables(log, agency=AGENCY, year=year + 1, format="gov2021")
    filed = filed_tables(filing)
    carried = {rule.this: shown.tables[rule.this] for rule in shown.tables.format.carry_rules}
    published = {rule.this: filed[rule.previous] for rule in shown.tables.format.carry_rules}
    if all(change.applied for change in shown.carry_over):
        assert published == carried
    else:  # the filed figure cannot be kept without a negative 本年新收: said, never hidden
        assert carried != published
        assert all(not change.applied for change in shown.carry_over)
    assert () == shown.tables.check().violations


@SETTINGS
@given(case=filed_logs(), data=st.data())
def test_a_filed_year_files_the_next_year_consistently(
    case: tuple[list[Event], int, list[Event]], data: st.DataObject
) -> None:
    """Filing the next year after late events keeps its 上年结转 equal to the previous filing's 结转下年度."""
    before, year, after = case
    first = file_report(before, agency=AGENCY, year=year, format="gov2021", at=FILED_ON)
    log = [*before, first, *after]
    second = file_report(log, agency=AGENCY, year=year + 1, format="gov2021", at=FILED_ON)
    shown = period_tables(log, agency=AGENCY, year=year + 1, format="gov2021")
    if all(change.applied for change in shown.carry_over):
        previous, this = filed_tables(first), filed_tables(second)
        expected = [previous[rule.previous] for rule in this.format.carry_rules]
        assert expected == [this[rule.this] for rule in this.format.carry_rules]


def _replacement_for(draw: st.DrawFn, original: Event) -> Event:
    """An event of the original's type, id and agency, any other fields, dated in the log's years."""
    return draw(
        event_of(type(original), id=st.just(original.id), agency=st.just(original.agency), at=log_days())
    )


@SETTINGS
@given(data=st.data())
def test_a_retraction_or_correction_equals_folding_the_edited_log(data: st.DataObject) -> None:
    """Tables of a log with a correction or retraction equal those of the log edited by hand."""
    groups = number_events(data.draw(agency_groups(AGENCY, max_groups=10)))
    log = data.draw(interleave(groups))
    if not log:
        return
    index = data.draw(st.integers(0, len(log) - 1))
    original = log[index]
    year = data.draw(st.sampled_from([2022, 2023, 2024, 2025]))
    if data.draw(st.booleans()):
        change: Event = EventRetracted(id="k", agency=AGENCY, at=dt.date(2026, 2, 1), retracts=original.id)
        edited = log[:index] + log[index + 1 :]
    else:
        replacement = _replacement_for(data.draw, original)
        change = EventCorrected(
            id="k", agency=AGENCY, at=dt.date(2026, 2, 1), corrects=original.id, replacement=replacement
        )
        edited = [*log[:index], replacement, *log[index + 1 :]]
    expected = _cells(build_table(edited, agency=AGENCY, year=year, format="gov2021"))
    actual = _cells(build_table([*log, change], agency=AGENCY, year=year, format="gov2021"))
    assert expected == actual


def test_a_period_without_filing_is_not_filed() -> None:
    """filing_of and filed_period find nothing for a period no ReportFiled names."""
    assert (None, None) == (
        filing_of([], agency=AGENCY, period=Period.year(2024)),
        filed_period([], agency=AGENCY, year=2024),
    )


@SETTINGS
@given(
    data=st.data(),
    years=st.sets(st.sampled_from([2022, 2023, 2024]), max_size=2),
    refuse=st.booleans(),
)
def test_the_guard_refuses_exactly_the_events_of_a_refused_filed_period(
    data: st.DataObject, years: set[int], refuse: bool
) -> None:
    """Under the refuse policy a fact event is refused iff its agency filed a period holding its day."""
    log: list[Event] = [
        file_report([], agency=AGENCY, year=year, format="gov2021", at=FILED_ON, id=f"f{year}")
        for year in years
    ]
    policy = FiledPeriodPolicy.REFUSE if refuse else FiledPeriodPolicy.ACCEPT
    log.append(FiledPeriodPolicyDeclared(id="p", agency=AGENCY, at=FILED_ON, policy=policy))
    facts = [cls for cls in EVENT_TYPES.values() if cls not in RECORD_TYPES]
    agency = data.draw(st.sampled_from([AGENCY, "a2"]))
    event = data.draw(st.one_of([event_of(cls, agency=st.just(agency), at=log_days()) for cls in facts]))
    expected = (
        refuse
        and agency == AGENCY
        and event.day.year in years
        and not isinstance(event, WorkingCalendarDeclared)
    )
    refused: str | None = None
    try:
        check_append(log, [event])
    except FiledPeriodError as error:
        refused = error.filing_id
    assert (f"f{event.day.year}" if expected else None) == refused
