"""Built tables: an agency's figures for one period in one format, checked against the format's rules.

>>> import datetime as dt
>>> from opengov.events import StaffAssigned, StaffRole
>>> log = [
...     StaffAssigned(id="s1", agency="a1", at=dt.date(2018, 3, 1), staff_id="p1", role=StaffRole.PART_TIME),
... ]
>>> tables = build_table(log, year=2018, format="gov2008")
>>> tables["capacity.staff"], tables.by_label("2. 兼职人员数")
(1, 1)
"""

from __future__ import annotations

__all__ = ["Cell", "Table", "TableSet", "build_table", "build_tables", "check_carry_over", "rollup"]

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from opengov.calendar import Calendar
from opengov.corrections import corrected_log
from opengov.errors import RuleViolationError
from opengov.events import Event
from opengov.fold import AgencyFacts, Assessor, Period, PeriodFold
from opengov.formats import (
    VALUE,
    CellRef,
    CheckResult,
    Column,
    Format,
    Row,
    TableSpec,
    Value,
    check_values,
    format_for_year,
    get_format,
)
from opengov.formats._model import Violation, equal, sum_values


@attrs.frozen
class Cell:
    """One figure of a built table, with its row, column and unit."""

    table: TableSpec
    row: Row
    column: Column
    value: Value

    @property
    def unit(self) -> str | None:
        """The cell's unit."""
        return self.table.unit((self.row.key, self.column.key))


@attrs.frozen
class Table:
    """One built table: a :class:`~opengov.formats.TableSpec` and a figure for each of its cells."""

    spec: TableSpec
    values: Mapping[CellRef, Value] = attrs.field(repr=False)

    def __getitem__(self, key: str | CellRef) -> Value:
        """The figure at a row key (single-column tables) or at ``(row_key, column_key)``."""
        cell = (key, VALUE) if isinstance(key, str) else key
        try:
            return self.values[cell]
        except KeyError:
            raise KeyError(f"table {self.spec.key} has no cell {cell}") from None

    def __iter__(self) -> Iterator[Cell]:
        """Every figure in official order: row by row, column by column."""
        for row_key, column_key in self.spec.cells():
            yield Cell(
                self.spec,
                self.spec.row(row_key),
                self.spec.column(column_key),
                self.values[row_key, column_key],
            )

    def check(self) -> CheckResult:
        """Check every rule of the table."""
        return check_values(self.spec.rules, self.values)


def _label_match(wanted: str, label: str) -> bool:
    return "".join(wanted.split()) == "".join(label.split())


@attrs.frozen
class TableSet:
    """The tables of one format, for one agency (or a rollup of several) and one period.

    Look a figure up by row key (and column key for matrix tables) across all the format's tables, or by
    official label; iterate to get every figure in official order.

    Attributes:
        format: the format.
        agency: the agency's id (or the rollup's name).
        period: the statistics period.
        tables: the built tables in official order.
        facts: the facts they were built from (``None`` for a rollup).
    """

    format: Format
    agency: str
    period: Period
    tables: tuple[Table, ...]
    facts: AgencyFacts | None = attrs.field(default=None, repr=False, eq=False)

    def table(self, key: str) -> Table:
        """The built table with ``key``.

        Raises:
            KeyError: the format has no such table.
        """
        for table in self.tables:
            if table.spec.key == key:
                return table
        raise KeyError(f"format {self.format.key} has no table {key!r}")

    def __getitem__(self, key: str | CellRef) -> Value:
        row = key if isinstance(key, str) else key[0]
        return self.table(self.format.table_of_row(row).key)[key]

    def __iter__(self) -> Iterator[Cell]:
        for table in self.tables:
            yield from table

    def by_label(self, row_label: str, column_label: str | None = None, *, table: str | None = None) -> Value:
        """The figure in the row with ``row_label`` (and column with ``column_label`` in matrix tables).

        Labels compare without whitespace. Where a label is printed twice (gov2008's two
        ``(二) 被依法纠错数``), name the parent row's label as ``"四、行政复议数量/(二) 被依法纠错数"``.

        Raises:
            KeyError: no such row or column, or the label is ambiguous (the message lists the candidates).
        """
        parent_label, _, own = row_label.rpartition("/")
        found: list[tuple[Table, Row]] = []
        for t in self.tables:
            if table is not None and t.spec.key != table:
                continue
            for row in t.spec.rows:
                if row.is_heading or not _label_match(own, row.label):
                    continue
                if parent_label:
                    parent = t.spec.row(row.parent) if row.parent else None
                    if parent is None or not _label_match(parent_label, parent.label):
                        continue
                found.append((t, row))
        if not found:
            raise KeyError(f"no row labelled {row_label!r} in {self.format.key}")
        if len(found) > 1:
            where = ", ".join(f"{r.key} (under {r.parent})" for _, r in found)
            raise KeyError(
                f"row label {row_label!r} is ambiguous: {where}; prefix the parent's label and '/'"
            )
        t, row = found[0]
        if column_label is None:
            if t.spec.is_matrix:
                raise KeyError(f"table {t.spec.key} has several columns: give a column label")
            return t[row.key]
        columns = [c for c in t.spec.columns if _label_match(column_label, c.label)]
        if len(columns) != 1:
            columns = [c for c in columns if c.group is None] or columns
        if not columns:
            raise KeyError(f"table {t.spec.key} has no column labelled {column_label!r}")
        if len(columns) > 1:
            groups = ", ".join(f"{c.key}" for c in columns)
            raise KeyError(f"column label {column_label!r} is ambiguous: {groups}; use the column key")
        return t[row.key, columns[0].key]

    def as_dict(self) -> dict[str, Any]:
        """The tables as JSON-ready data: every cell with its labels and unit, in official order.

        Counts are integers; amounts (万元) are strings of digits, exact. The shape is documented in
        ``docs/tables.md`` and stable.
        """
        return {
            "format": self.format.key,
            "agency": self.agency,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "tables": [
                {
                    "key": table.spec.key,
                    "title": table.spec.title,
                    "section": table.spec.section,
                    "cells": [
                        {
                            "row": cell.row.key,
                            "row_label": cell.row.label,
                            "column": cell.column.key,
                            "column_label": cell.column.label,
                            "column_group": cell.column.group,
                            "unit": cell.unit,
                            "value": cell.value if isinstance(cell.value, int) else format(cell.value, "f"),
                        }
                        for cell in table
                    ],
                }
                for table in self.tables
            ],
        }

    def check(self) -> CheckResult:
        """Check every rule of every table."""
        results = [t.check() for t in self.tables]
        return CheckResult(
            tuple(v for r in results for v in r.violations),
            tuple(u for r in results for u in r.unchecked),
            sum(r.checked for r in results),
        )


def _resolve(format: str | Format | None, period: Period) -> Format:
    if format is None or format == "auto":
        return format_for_year(period.report_year)
    return get_format(format)


def _period(period: Period | None, year: int | None) -> Period:
    if (period is None) == (year is None):
        raise ValueError("give exactly one of period= and year=")
    return period if period is not None else Period.year(year)  # type: ignore[arg-type]


def tables_from_facts(facts: AgencyFacts, fmt: Format) -> TableSet:
    """Fill ``fmt``'s tables from one agency's facts and check them.

    Raises:
        RuleViolationError: a built table breaks a rule of its format (a bug in opengov or in a format
            declaration: please report it with the log that caused it).
    """
    values = fmt.fill(facts)
    tables = []
    for spec in fmt.tables:
        cells = tuple(spec.cells())
        tables.append(Table(spec, dict(zip(cells, map(values.__getitem__, cells), strict=True))))
    built = TableSet(fmt, facts.agency, facts.period, tuple(tables), facts)
    result = built.check()
    if result.violations:
        listing = "; ".join(str(v) for v in result.violations)
        raise RuleViolationError(f"{fmt.key} tables of agency {facts.agency!r} break their rules: {listing}")
    return built


def build_tables(
    events: Iterable[Event],
    *,
    period: Period | None = None,
    year: int | None = None,
    format: str | Format | None = "auto",
    calendar: Calendar | None = None,
    assess: Assessor | None = None,
) -> dict[str, TableSet]:
    """Build the tables of every agency in ``events`` in one pass.

    Args:
        events: the log, in log order; its corrections are applied first
            (:func:`~opengov.corrections.corrected_log`).
        period: the statistics period; or give ``year`` for a Beijing calendar year.
        year: the report year.
        format: a format key, a :class:`~opengov.formats.Format`, or ``"auto"`` for the one in force.
        calendar: the working-day calendar answers are judged on (default: the official one).
        assess: replaces the calendar judgement (see :class:`~opengov.fold.PeriodFold`).

    Raises:
        RuleViolationError: a built table breaks a rule (a bug).
        CalendarDataMissingError: an answer in the period falls in a year with no calendar data.
    """
    span = _period(period, year)
    fmt = _resolve(format, span)
    projection = PeriodFold(span, calendar=calendar, assess=assess)
    facts = projection.facts(projection.fold(corrected_log(events)))
    return {agency: tables_from_facts(f, fmt) for agency, f in facts.items()}


def build_table(
    events: Iterable[Event],
    *,
    agency: str | None = None,
    period: Period | None = None,
    year: int | None = None,
    format: str | Format | None = "auto",
    calendar: Calendar | None = None,
    assess: Assessor | None = None,
) -> TableSet:
    """Build one agency's tables for a period in a format.

    Args:
        events: the log (other agencies' events are skipped).
        agency: the agency; may be left out when the log holds only one.
        period: the statistics period; or give ``year`` for a Beijing calendar year.
        year: the report year.
        format: a format key, a :class:`~opengov.formats.Format`, or ``"auto"`` for the one in force.
        calendar: the working-day calendar answers are judged on (default: the official one).
        assess: replaces the calendar judgement (see :class:`~opengov.fold.PeriodFold`).

    Raises:
        KeyError: the agency has no events in the log.
        ValueError: no agency given and the log holds several (the message lists them).
        RuleViolationError: a built table breaks a rule (a bug).
    """
    selected = events if agency is None else (e for e in events if e.agency == agency)
    built = build_tables(selected, period=period, year=year, format=format, calendar=calendar, assess=assess)
    if agency is None:
        if len(built) > 1:
            raise ValueError(
                f"the log holds several agencies ({', '.join(sorted(built))}): "
                "name one with agency= (--agency on the command line)"
            )
        if not built:
            span = _period(period, year)
            return tables_from_facts(AgencyFacts(agency="", period=span), _resolve(format, span))
        return next(iter(built.values()))
    if agency not in built:
        raise KeyError(f"agency {agency!r} has no events in the log")
    return built[agency]


def rollup(tablesets: Iterable[TableSet], *, name: str = "rollup") -> TableSet:
    """Sum the tables of several agencies (a supervising office's summary), cell by cell.

    Every figure of the national formats is additive across agencies, and every rule is linear, so
    the sum keeps every rule.

    Raises:
        ValueError: no tables, or tables of different formats or periods.
    """
    sets = list(tablesets)
    if not sets:
        raise ValueError("nothing to roll up")
    first = sets[0]
    for other in sets[1:]:
        if other.format.key != first.format.key or other.period != first.period:
            raise ValueError(
                f"cannot roll up {other.agency!r} ({other.format.key}, {other.period}) with "
                f"{first.agency!r} ({first.format.key}, {first.period})"
            )
    tables = []
    for index, table in enumerate(first.tables):
        values = {cell: sum_values(s.tables[index].values[cell] for s in sets) for cell in table.values}
        tables.append(Table(table.spec, values))
    return TableSet(first.format, name, first.period, tuple(tables))


def check_carry_over(previous: TableSet, current: TableSet) -> tuple[Violation, ...]:
    """Check the format's cross-year rules (this year's 上年结转 = last year's 结转下年度).

    Both must be of the same format family; the rules of ``current``'s format are used.
    """
    violations = []
    for rule in current.format.carry_rules:
        this_value = current[rule.this]
        previous_value = previous[rule.previous]
        if this_value != previous_value:
            as_rule: Any = equal(rule.code, rule.text, [rule.this], [rule.previous], inferred=rule.inferred)
            violations.append(
                Violation(
                    as_rule,
                    this_value,
                    previous_value,
                    ((rule.this, this_value), (rule.previous, previous_value)),
                )
            )
    return tuple(violations)
