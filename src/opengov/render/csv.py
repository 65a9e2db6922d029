"""The raw statistics as one tidy CSV: one line per figure, for a statistics office to load in bulk.

Every figure of every table of every agency and year goes on its own line with what identifies it::

    agency,agency_name,year,format,table,row,label,column,column_label,unit,value

``row`` and ``column`` are the format's stable keys, ``label`` and ``column_label`` the official wording
(a column's groups joined with ``·``). Counts are integers, amounts (万元) decimals written out in full;
the file is UTF-8 with a byte-order mark so that Excel opens the Chinese correctly, and every text that a
spreadsheet could run as a formula carries a leading ``'``.

>>> from opengov.tables import build_table
>>> from opengov.events import MeetingHeld
>>> import datetime as dt
>>> tables = build_table([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))], year=2024)
>>> print(tables_csv([tables]).splitlines()[1])
a1,a1,2024,gov2021,proactive.item1,proactive.rules,规章,issued,本年制发件数,件,0
"""

from __future__ import annotations

__all__ = ["FIELDS", "statistics_csv", "table_lines", "tables_csv", "to_csv"]

import csv as _csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from opengov.formats import Value
from opengov.render._common import clean, neutralise, printable
from opengov.report._model import AnnualReport
from opengov.tables import TableSet

FIELDS = (
    "agency",
    "agency_name",
    "year",
    "format",
    "table",
    "row",
    "label",
    "column",
    "column_label",
    "unit",
    "value",
)
"""The columns of the file, in order."""

BOM = "\ufeff"


def _value(value: Value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def table_lines(tables: TableSet) -> Iterator[tuple[str, ...]]:
    """One agency's tables for one period as lines of :data:`FIELDS`, in official order."""
    name = tables.facts.name if tables.facts is not None and tables.facts.name else tables.agency
    year = str(tables.period.report_year)
    for table in tables.tables:
        spec = table.spec
        for cell in table:
            column = cell.column
            column_label = (
                "·".join((*column.group.split("·"), column.label)) if column.group else column.label
            )
            yield (
                tables.agency,
                name,
                year,
                tables.format.key,
                spec.key,
                cell.row.key,
                cell.row.label,
                column.key,
                column_label,
                cell.unit or "",
                _value(cell.value),
            )


def _write(lines: Iterable[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for line in lines:
        writer.writerow([neutralise(clean(text)) for text in line[:-1]] + [line[-1]])
    return BOM + buffer.getvalue()


def tables_csv(tablesets: Iterable[TableSet]) -> str:
    """The tables of any number of agencies and years as one tidy CSV text (BOM first, then the header)."""
    return _write(line for tables in tablesets for line in table_lines(tables))


def statistics_csv(events: Iterable[object], *, years: Iterable[int] | None = None, **options: object) -> str:
    """Every table of every agency and year in an event log as one tidy CSV text.

    Args:
        events: the log.
        years: the report years; by default every year the log has an event in that has a format.
        options: passed to :func:`~opengov.tables.build_tables` (``format``, ``calendar``).
    """
    from opengov.events import Event
    from opengov.formats import format_for_year
    from opengov.tables import build_tables

    log = [e for e in events if isinstance(e, Event)]
    if years is None:
        found = sorted({e.day.year for e in log})
        wanted = []
        for year in found:
            try:
                format_for_year(year)
            except (KeyError, ValueError):
                continue
            wanted.append(year)
    else:
        wanted = sorted(set(years))
    sets: list[TableSet] = []
    for year in wanted:
        built = build_tables(log, year=year, **options)  # type: ignore[arg-type]
        sets.extend(built[agency] for agency in sorted(built))
    return tables_csv(sets)


def to_csv(report: AnnualReport) -> str:
    """A report's statistics tables as tidy CSV (the same columns as :func:`tables_csv`)."""
    report = printable(report)

    def lines() -> Iterator[tuple[str, ...]]:
        for table in report.tables():
            for row in table.rows:
                if row.is_heading:
                    continue
                for column, value in zip(table.columns, row.values, strict=True):
                    yield (
                        report.agency,
                        report.agency_name,
                        str(report.year),
                        report.format,
                        table.key,
                        row.key,
                        row.label,
                        column.key,
                        "·".join((*column.groups, column.label)),
                        row.unit or "",
                        _value(value),
                    )

    return _write(lines())
