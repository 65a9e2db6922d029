"""``opengov table``: one agency's official tables for a year, as text or JSON."""

from __future__ import annotations

__all__ = ["format_tables_text", "register_table"]

import argparse
import sys
from decimal import Decimal

import orjson

from opengov.errors import OpengovError
from opengov.formats import FORMATS, Value
from opengov.sources import read_events
from opengov.tables import TableSet, build_table


class UnknownAgencyError(OpengovError, LookupError):
    """The agency asked for has no events in the source."""


def _figure(value: Value, *, blank_zero: bool) -> str:
    if value == 0:
        return "" if blank_zero else "0"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
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


def _table(args: argparse.Namespace) -> int:
    events = read_events(args.source)
    try:
        tables = build_table(
            events, agency=args.agency, year=args.year, format=None if args.format == "auto" else args.format
        )
    except KeyError as exc:
        raise UnknownAgencyError(str(exc.args[0]) if exc.args else str(exc)) from None
    except ValueError as exc:
        raise OpengovError(str(exc)) from None
    if args.output == "json":
        sys.stdout.write(orjson.dumps(tables.as_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    blank_zero = args.zeros == "blank" if args.zeros else tables.format.key == "gov2008"
    name = tables.facts.name if tables.facts is not None and tables.facts.name else tables.agency
    print(f"{name} {args.year} 年度 · {tables.format.title} ({tables.format.key})")
    print()
    print(format_tables_text(tables, blank_zero=blank_zero), end="")
    return 0


def register_table(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``opengov table``."""
    parser = subparsers.add_parser(
        "table",
        help="print an agency's official tables for a year",
        description=(
            "Build an agency's official statistics tables for a year from an event log (a JSON Lines file or "
            "a SQLite store), check them against the format's rules, and print them."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="a JSON Lines event file or a SQLite store")
    parser.add_argument("--agency", metavar="ID", help="the agency (may be left out when the log has one)")
    parser.add_argument("--year", type=int, required=True, help="the report year (Beijing calendar year)")
    parser.add_argument(
        "--format",
        choices=["auto", *sorted(FORMATS)],
        default="auto",
        help="the report format (default: auto, the one in force for the year)",
    )
    parser.add_argument("--output", choices=["text", "json"], default="text", help="text (default) or json")
    parser.add_argument(
        "--zeros",
        choices=["blank", "zero"],
        help="print zero figures blank or as 0 (default: blank for gov2008, as its reports do; 0 otherwise)",
    )
    parser.set_defaults(handler=_table)
