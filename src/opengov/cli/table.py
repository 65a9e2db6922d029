"""``opengov table``: one agency's official tables for a year, as text or JSON."""

from __future__ import annotations

__all__ = ["register"]

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from opengov.cli.common import (
    EXIT_OK,
    Subparsers,
    Tally,
    UsageError,
    add_agency,
    add_as_computed,
    add_calendar,
    add_command,
    add_format,
    add_output,
    add_source,
    add_to,
    add_year,
    calendar_of,
    choose_agency,
    open_source,
    warn_estimated,
    write_output,
)
from opengov.cli.i18n import _
from opengov.cli.projections import kept_facts
from opengov.cli.revisions import say_filed
from opengov.render.tables_text import TABLE_RENDERERS, tables_text

if TYPE_CHECKING:
    from opengov.formats import Format


def _format(args: argparse.Namespace) -> Format:
    from opengov.formats import format_for_year, get_format

    return format_for_year(args.year) if args.format == "auto" else get_format(args.format)


def _keeps_records(events: Iterable[Any]) -> bool:
    """Whether the log holds a filing, a filed-period policy or a correction (read to the end if not)."""
    from opengov.events import RECORD_TAGS

    return any(event.TAG in RECORD_TAGS for event in events)


def _table(args: argparse.Namespace) -> int:
    from opengov.filing import period_tables
    from opengov.tables import build_tables, tables_from_facts

    calendar = calendar_of(args) if args.calendar or args.estimate else None
    source = open_source(args)
    kept = None if calendar is not None else kept_facts(args, args.year)
    held = kept[1].agencies.get(args.agency) if kept is not None else None
    if held is not None and held.records:
        kept = None  # filings or corrections: the kept facts know neither, so the log is read whole
    if kept is not None:  # a store and one agency: its kept facts, brought up to date from its stream
        facts, tally = kept
        built = {args.agency: tables_from_facts(facts, _format(args))}
    else:
        tally = Tally()
        selected = list(source.watched(tally, args.agency))  # wire records: a fold is all the tables need
        if _keeps_records(selected):
            agency = choose_agency(tally, args.agency, source.name)
            view = period_tables(
                selected,
                agency=agency,
                year=args.year,
                format=_format(args),
                calendar=calendar,
                as_computed=args.as_computed,
            )
            say_filed(view, args.year)
            built = {agency: view.tables}
        else:
            built = build_tables(
                selected,
                year=args.year,
                format=None if args.format == "auto" else args.format,
                calendar=calendar,
            )
    agency = choose_agency(tally, args.agency, source.name)
    tables = built.get(agency)
    if tables is None:  # only events that belong to no period's facts (cannot happen for a held agency)
        raise UsageError(
            _("{source}: agency {agency!r} has no tables for {year}").format(
                source=source.name, agency=agency, year=args.year
            )
        )
    tally.warn_if_empty(agency, args.year)
    warn_estimated(tables.facts)
    if args.to == "text" and args.zeros is not None:
        output: str | bytes = tables_text(tables, blank_zero=args.zeros == "blank")
    else:
        output = TABLE_RENDERERS[args.to](tables)
    write_output(args, output)
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov table``."""
    parser = add_command(
        subparsers,
        "table",
        help=_("print an agency's official tables for a year"),
        description=_(
            "Build an agency's official statistics tables for a year from its events, check them "
            "against the format's rules, and print them. A year in which the agency has no events prints "
            "all-zero tables with a warning."
        ),
    )
    add_source(parser)
    add_agency(parser)
    add_year(parser)
    add_format(parser)
    add_to(parser, TABLE_RENDERERS)
    add_output(parser, legacy_forms=["text", "json"])
    parser.add_argument(
        "--zeros",
        choices=["blank", "zero"],
        help=_(
            "print zero figures blank or as 0 (default: blank for gov2008, as its reports do; 0 otherwise)"
        ),
    )
    add_as_computed(parser)
    add_calendar(parser)
    parser.set_defaults(handler=_table)
