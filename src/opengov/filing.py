"""Filed reports and revisions: what was published stays; what the log now says is compared with it.

An annual report is published by 31 January and never changes, while the log keeps growing: an
application entered late, or a correction of last year's event, changes last year's tables after they
were published. Filing a report (:func:`file_report`) records every figure as published in a
:class:`~opengov.events.ReportFiled` event, with the *position* it was computed from: how many of the
agency's events (its stream version, in log order) the figures saw.

After that:

- the period's **filed** tables (:func:`filed_tables`) are what tables and reports show by default;
- the tables as the log now computes them are compared with them cell by cell: every cell that differs
  is a :class:`Revision`, and the events that caused the revisions are the agency's events after the
  filing's position dated in the period or before it (:func:`filed_period`);
- the next period's 上年结转 is the filed 结转下年度 wherever the log now disagrees, the difference being
  counted in the next period's 本年新收 so that its table still balances (:class:`CarryOver`); the
  report's findings say so.

A period is filed again by a later ``ReportFiled`` of the same agency and period, which then wins.

>>> import datetime as dt
>>> from opengov.events import ApplicantKind, ApplicationChannel, ApplicationReceived
>>> log = [ApplicationReceived(id="r1", agency="a1", at=dt.date(2024, 3, 1), application_id="A1",
...                            channel=ApplicationChannel.ONLINE, applicant=ApplicantKind.NATURAL_PERSON)]
>>> filing = file_report(log, agency="a1", year=2024, at=dt.date(2025, 1, 20))
>>> filing.position, filed_tables(filing)["applications.new", "total"]
(1, 1)
>>> late = ApplicationReceived(id="r2", agency="a1", at=dt.date(2024, 12, 30), application_id="A2",
...                            channel=ApplicationChannel.ONLINE, applicant=ApplicantKind.NATURAL_PERSON)
>>> log += [filing, late]
>>> period = filed_period(log, agency="a1", year=2024)
>>> [(r.row, r.column, r.filed, r.computed) for r in period.revisions if r.column == "total"]
[('applications.new', 'total', 1, 2), ('applications.carried_forward', 'total', 1, 2)]
>>> [e.id for e in period.causes]
['r2']
"""

from __future__ import annotations

__all__ = [
    "CarryOver",
    "FiledPeriod",
    "PeriodTables",
    "Revision",
    "file_report",
    "filed_period",
    "filed_tables",
    "filing_of",
    "period_tables",
]

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from opengov.calendar import Calendar
from opengov.corrections import CORRECTION_TAGS, correction_target
from opengov.events import RECORD_TAGS, FiledCell, ReportFiled
from opengov.fold import AgencyFacts, Period
from opengov.formats import CellRef, Format, Value, get_format
from opengov.formats._model import CarryRule
from opengov.tables import Table, TableSet, _period, _resolve, build_tables, tables_from_facts


@attrs.frozen
class Revision:
    """One cell whose figure the log now computes differently from the filed one.

    Attributes:
        table: the table's key.
        row: the row's key.
        column: the column's key.
        label: the row's and column's official labels, for people.
        filed: the figure as filed.
        computed: the figure as the log now computes it.
    """

    table: str
    row: str
    column: str
    label: str
    filed: Value
    computed: Value

    @property
    def difference(self) -> Value:
        """How much the computed figure exceeds the filed one (negative when it is smaller)."""
        return self.computed - self.filed


@attrs.frozen
class CarryOver:
    """A cell of this period's 上年结转 set to the previous period's filed 结转下年度.

    Attributes:
        rule: the format's cross-period rule.
        filing: the id of the previous period's ``ReportFiled`` event.
        filed: the previous period's filed figure (this period's 上年结转 now).
        computed: the figure the log computes for this period's 上年结转.
        applied: whether the tables use the filed figure (the difference counted in ``rule.absorb``);
            false where that would make a figure negative, so the log's figures stand.
    """

    rule: CarryRule
    filing: str
    filed: Value
    computed: Value
    applied: bool
    label: str = ""
    absorb_label: str = ""

    def __str__(self) -> str:
        this = self.label or f"{self.rule.this[0]} ({self.rule.this[1]})"
        if not self.applied:
            return (
                f"{this}: the filed report {self.filing!r} carried {self.filed} forward but the log now "
                f"computes {self.computed}, and counting the difference in this period would make a figure "
                "negative: the log's figures are shown; check the previous period's revisions"
            )
        where = ""
        if self.rule.absorb is not None:
            where = f"; the difference {self.computed - self.filed} is counted in {self.absorb_label}"
        return (
            f"{this} is {self.filed}, as carried forward by the filed report {self.filing!r}, where the "
            f"log now computes {self.computed}{where}, so this report agrees with the published one"
        )


@attrs.frozen
class FiledPeriod:
    """A filed period: the filing, its tables as filed and as the log now computes them, the revisions.

    Attributes:
        filing: the period's (latest) ``ReportFiled`` event.
        filed: the tables as filed.
        computed: the tables as the log now computes them (with the carry-over from a filed previous
            period applied, as a report of the period would be built now).
        revisions: every cell that differs, in official order.
        causes: the agency's events after the filing's position dated in the period or before it (and
            corrections of such events), in log order: what the revisions come from.
    """

    filing: ReportFiled
    filed: TableSet
    computed: TableSet = attrs.field(repr=False)
    revisions: tuple[Revision, ...]
    causes: tuple[Any, ...]


@attrs.frozen
class PeriodTables:
    """The tables to show for a period, and why: filed figures, or computed ones (adjusted for carry-over).

    Attributes:
        tables: the tables to show.
        filed: the period's filing, when the period is filed in the same format.
        as_filed: whether ``tables`` are the filed figures.
        carry_over: where ``tables`` (computed) took 上年结转 from the previous period's filing.
        previous: the previous period's tables: the filed ones where it is filed, else the computed ones
            when asked for (``with_previous``).
    """

    tables: TableSet
    filed: FiledPeriod | None
    as_filed: bool
    carry_over: tuple[CarryOver, ...]
    previous: TableSet | None


def _figure_text(value: Value) -> str:
    if isinstance(value, int):
        return str(value)
    return format(value, "f")


def filed_tables(filing: ReportFiled) -> TableSet:
    """The tables of a filing, as filed.

    Raises:
        KeyError: the filing's format is unknown.
        ValueError: the filing lacks a cell of its format's tables.
    """
    fmt = get_format(filing.report_format)
    values: dict[CellRef, Value] = {(cell.row, cell.column): cell.figure for cell in filing.cells}
    tables = []
    for spec in fmt.tables:
        missing = [cell for cell in spec.cells() if cell not in values]
        if missing:
            raise ValueError(
                f"filing {filing.id!r} lacks the cell {missing[0]} of {fmt.key} table {spec.key}"
            )
        tables.append(Table(spec, {cell: values[cell] for cell in spec.cells()}))
    return TableSet(fmt, filing.agency, Period(filing.period_start, filing.period_end), tuple(tables))


def _agency_of(log: Sequence[Any], agency: str | None) -> str:
    if agency is not None:
        return agency
    agencies: list[str] = sorted({e.agency for e in log})
    if len(agencies) != 1:
        raise ValueError(
            "name the agency with agency= (--agency): the log holds "
            + (f"several ({', '.join(agencies)})" if agencies else "no events")
        )
    return agencies[0]


def filing_of(events: Iterable[Any], *, agency: str, period: Period) -> ReportFiled | None:
    """The latest ``ReportFiled`` of ``agency`` for exactly ``period`` in the log, or ``None``."""
    found = None
    for event in events:
        if (
            event.TAG == ReportFiled.TAG
            and event.agency == agency
            and (event.period_start, event.period_end) == (period.start, period.end)
        ):
            found = event
    return found


def _computed(
    log: Sequence[Any], agency: str, period: Period, fmt: Format, calendar: Calendar | None
) -> TableSet:
    """The tables the agency's log computes (its corrections applied), carry-over not yet applied."""
    built = build_tables(log, period=period, format=fmt, calendar=calendar).get(agency)
    return built if built is not None else tables_from_facts(AgencyFacts(agency=agency, period=period), fmt)


def _label(fmt: Format, cell: CellRef) -> str:
    """A cell's official row label, with the column's label in a table of several columns."""
    spec = fmt.table_of_row(cell[0])
    row = spec.row(cell[0]).label
    return f"{row} ({spec.column(cell[1]).label})" if spec.is_matrix else row


def _carry_over(tables: TableSet, previous: ReportFiled) -> tuple[TableSet, tuple[CarryOver, ...]]:
    """``tables`` with 上年结转 taken from the previous period's filing where the log disagrees."""
    filed = filed_tables(previous)
    values = {cell: value for table in tables.tables for cell, value in table.values.items()}
    changes: list[CarryOver] = []
    updated = dict(values)
    feasible = True
    for rule in tables.format.carry_rules:
        try:
            was = filed[rule.previous]
        except KeyError:
            continue
        now = values[rule.this]
        if now == was:
            continue
        changes.append(
            CarryOver(
                rule,
                previous.id,
                was,
                now,
                applied=True,
                label=_label(tables.format, rule.this),
                absorb_label=_label(tables.format, rule.absorb) if rule.absorb else "",
            )
        )
        updated[rule.this] = was
        if rule.absorb is None:
            continue
        updated[rule.absorb] = updated[rule.absorb] + (now - was)
        if updated[rule.absorb] < 0:
            feasible = False
    if not changes:
        return tables, ()
    adjusted = TableSet(
        tables.format,
        tables.agency,
        tables.period,
        tuple(Table(t.spec, {cell: updated[cell] for cell in t.values}) for t in tables.tables),
        tables.facts,
    )
    if not feasible or adjusted.check().violations:
        return tables, tuple(attrs.evolve(change, applied=False) for change in changes)
    return adjusted, tuple(changes)


def _previous_period(period: Period) -> Period:
    """The period of the same kind just before ``period`` (last year, for a calendar year)."""
    if period == Period.year(period.report_year):
        return Period.year(period.report_year - 1)
    return Period(
        period.start - (period.end - period.start) - _dt.timedelta(days=1),
        period.start - _dt.timedelta(days=1),
    )


def _publishable(
    log: Sequence[Any], agency: str, period: Period, fmt: Format, calendar: Calendar | None
) -> tuple[TableSet, tuple[CarryOver, ...]]:
    """The tables a report of the period would print from ``log``: computed, with the carry-over from
    the previous period's filing (in ``log``) applied."""
    computed = _computed(log, agency, period, fmt, calendar)
    previous = filing_of(log, agency=agency, period=_previous_period(period))
    if previous is None or not fmt.carry_rules:
        return computed, ()
    return _carry_over(computed, previous)


def _period_name(period: Period) -> str:
    if period == Period.year(period.report_year):
        return str(period.report_year)
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def file_report(
    events: Iterable[Any],
    *,
    agency: str | None = None,
    year: int | None = None,
    period: Period | None = None,
    format: str | Format | None = "auto",
    calendar: Calendar | None = None,
    at: _dt.date,
    id: str | None = None,
) -> ReportFiled:
    """The ``ReportFiled`` event of the report a period's tables would print now (not appended).

    The figures are those :func:`period_tables` computes from the whole log (corrections applied, the
    carry-over from a filed previous period applied); the position is the number of the agency's events
    in the log. Append the event to the log the figures were computed from (:func:`opengov.store.
    append_checked` with ``expected_version=filing.position`` makes sure nothing came in between).

    Args:
        events: the log, in log order.
        agency: the agency; may be left out when the log holds only one.
        year: the report year; or give ``period``.
        period: the statistics period.
        format: ``"auto"`` for the format in force, or a format key or :class:`~opengov.formats.Format`.
        calendar: the working-day calendar answers are judged on (default: the official one).
        at: the day the report is filed (published).
        id: the new event's id (default: built from the agency, period and position).

    Raises:
        ValueError: no agency named and the log holds several (or none).
    """
    log = events if isinstance(events, list) else list(events)
    agency_id = _agency_of(log, agency)
    span = _period(period, year)
    fmt = _resolve(format, span)
    own = [e for e in log if e.agency == agency_id]
    tables, _ = _publishable(own, agency_id, span, fmt, calendar)
    position = len(own)
    cells = tuple(
        FiledCell(row=cell.row.key, column=cell.column.key, value=_figure_text(cell.value)) for cell in tables
    )
    return ReportFiled(
        id=id or f"{agency_id}:filed:{_period_name(span)}:{position}",
        agency=agency_id,
        at=at,
        period_start=span.start,
        period_end=span.end,
        report_format=fmt.key,
        position=position,
        cells=cells,
    )


def _causes(own: Sequence[Any], filing: ReportFiled) -> tuple[Any, ...]:
    """The agency's events after the filing's position that can change the filed period's figures."""
    end = filing.period_end
    days = {e.id: e.day for e in own[: filing.position]}
    causes = []
    for event in own[filing.position :]:
        tag = event.TAG
        if tag in CORRECTION_TAGS:
            target = days.get(correction_target(event) or "")
            replacement = getattr(event, "replacement", None)
            if (target is not None and target <= end) or (replacement is not None and replacement.day <= end):
                causes.append(event)
        elif tag not in RECORD_TAGS and event.day <= end:
            causes.append(event)
        days.setdefault(event.id, event.day)
    return tuple(causes)


def _revisions(filed: TableSet, computed: TableSet) -> tuple[Revision, ...]:
    revisions = []
    for table in filed.tables:
        other = computed.table(table.spec.key)
        for cell in table:
            now = other[cell.row.key, cell.column.key]
            if now != cell.value:
                label = _label(filed.format, (cell.row.key, cell.column.key))
                revisions.append(
                    Revision(table.spec.key, cell.row.key, cell.column.key, label, cell.value, now)
                )
    return tuple(revisions)


def filed_period(
    events: Iterable[Any],
    *,
    agency: str | None = None,
    year: int | None = None,
    period: Period | None = None,
    calendar: Calendar | None = None,
) -> FiledPeriod | None:
    """The filed period's filing, its filed and recomputed tables and their revisions (``None`` when the
    period is not filed).

    The recomputed tables are in the filing's format.

    Raises:
        ValueError: no agency named and the log holds several (or none); or the filing lacks a cell.
    """
    log = events if isinstance(events, list) else list(events)
    agency_id = _agency_of(log, agency)
    span = _period(period, year)
    own = [e for e in log if e.agency == agency_id]
    filing = filing_of(own, agency=agency_id, period=span)
    if filing is None:
        return None
    return _filed_period(own, agency_id, filing, calendar)


def _filed_period(
    own: Sequence[Any], agency: str, filing: ReportFiled, calendar: Calendar | None
) -> FiledPeriod:
    filed = filed_tables(filing)
    computed, _ = _publishable(own, agency, filed.period, filed.format, calendar)
    return FiledPeriod(filing, filed, computed, _revisions(filed, computed), _causes(own, filing))


def period_tables(
    events: Iterable[Any],
    *,
    agency: str | None = None,
    year: int | None = None,
    period: Period | None = None,
    format: str | Format | None = "auto",
    calendar: Calendar | None = None,
    as_computed: bool = False,
    with_previous: bool = False,
) -> PeriodTables:
    """The tables to show for a period: the filed figures of a filed period, unless ``as_computed``.

    Computed tables take their 上年结转 from the previous period's filing where the log disagrees with it
    (:class:`CarryOver`). A filing in another format than the one asked for is not shown (the period is
    treated as not filed in that format).

    Args:
        events: the log, in log order.
        agency: the agency; may be left out when the log holds only one.
        year: the report year; or give ``period``.
        period: the statistics period.
        format: ``"auto"`` for the format in force, or a format key or :class:`~opengov.formats.Format`.
        calendar: the working-day calendar answers are judged on (default: the official one).
        as_computed: show the figures the log now computes, even for a filed period.
        with_previous: compute the previous period's tables (in ``format``) even when it is not filed
            (a filed previous period's tables are always given).

    Raises:
        ValueError: no agency named and the log holds several (or none).
    """
    log = events if isinstance(events, list) else list(events)
    agency_id = _agency_of(log, agency)
    span = _period(period, year)
    fmt = _resolve(format, span)
    own = [e for e in log if e.agency == agency_id]
    filing = filing_of(own, agency=agency_id, period=span)
    filed = (
        _filed_period(own, agency_id, filing, calendar)
        if filing is not None and filing.report_format == fmt.key
        else None
    )
    computed, carried = _publishable(own, agency_id, span, fmt, calendar)
    before = _previous_period(span)
    previous_filing = filing_of(own, agency=agency_id, period=before)
    previous: TableSet | None = None
    if previous_filing is not None or with_previous:
        previous = _computed(own, agency_id, before, fmt, calendar)
        if previous_filing is not None:
            previous = attrs.evolve(filed_tables(previous_filing), facts=previous.facts)
    if filed is not None and not as_computed:
        shown = attrs.evolve(filed.filed, facts=computed.facts)
        return PeriodTables(shown, filed, True, (), previous)
    return PeriodTables(computed, filed, False, carried, previous)
