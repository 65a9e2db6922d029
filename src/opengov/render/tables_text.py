"""An agency's official tables as tab-separated text or as JSON (what ``opengov table`` prints).

>>> from opengov.tables import build_table
>>> from opengov.events import MeetingHeld
>>> import datetime as dt
>>> tables = build_table([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))], year=2024)
>>> print(tables_text(tables).splitlines()[0])
a1 2024 年度 · 政府信息公开工作年度报告格式 (gov2021)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["TABLE_RENDERERS", "format_tables_text", "tables_json", "tables_text"]

from collections.abc import Callable
from decimal import Decimal

import orjson

if TYPE_CHECKING:
    from opengov.formats import Value
    from opengov.tables import TableSet


def _figure(value: Value, *, blank_zero: bool) -> str:
    if value == 0:
        return "" if blank_zero else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def format_tables_text(tables: TableSet, *, blank_zero: bool) -> str:
    """The tables as tab-separated text, one line per row, in official order.

    Single-column tables print ``label<TAB>unit<TAB>figure`` under the header ``统计指标 单位 统计数`` as
    gov2008 reports do; matrix tables print one header line of column labels, then ``label<TAB>unit`` and
    one figure per column.
    """
    lines: list[str] = []
    for table in tables.tables:
        spec = table.spec
        lines.append(spec.title)
        if spec.is_matrix:
            headers = [f"{c.group}·{c.label}" if c.group else c.label for c in spec.columns]
            lines.append("\t".join(["统计指标", "单位", *headers]))
        else:
            lines.append("\t".join(["统计指标", "单位", spec.columns[0].label]))
        for row in spec.rows:
            if row.is_heading:
                lines.append(f"{row.label}\t\t" + "\t" * (len(spec.columns) - 1))
                continue
            figures = [_figure(table[row.key, c.key], blank_zero=blank_zero) for c in spec.columns]
            lines.append("\t".join([row.label, row.unit or "", *figures]))
        lines.append("")
    return "\n".join(lines)


def tables_text(tables: TableSet, *, blank_zero: bool | None = None) -> str:
    """A title line (agency, year, format) and the tables as :func:`format_tables_text` prints them.

    Args:
        tables: the built tables.
        blank_zero: print zero figures blank; by default blank for gov2008 (as its reports print them)
            and ``0`` otherwise.
    """
    blank = tables.format.key == "gov2008" if blank_zero is None else blank_zero
    name = tables.facts.name if tables.facts is not None and tables.facts.name else tables.agency
    title = f"{name} {tables.period.report_year} 年度 · {tables.format.title} ({tables.format.key})"
    return f"{title}\n\n{format_tables_text(tables, blank_zero=blank)}"


def tables_json(tables: TableSet) -> str:
    """The tables as an indented JSON document (:meth:`~opengov.tables.TableSet.as_dict`), with a newline."""
    return orjson.dumps(tables.as_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"


def _tables_csv(tables: TableSet) -> str:
    from opengov.render.csv import tables_csv

    return tables_csv([tables])


TABLE_RENDERERS: dict[str, Callable[[TableSet], str | bytes]] = {
    "text": tables_text,
    "json": tables_json,
    "csv": _tables_csv,
}
"""Every renderer of an agency's tables by the name ``opengov table --to`` knows it by; add one here and the
command offers it."""
