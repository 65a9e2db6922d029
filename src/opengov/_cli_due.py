"""``opengov due``: the applications open on a day, most urgent first (the ledger of :mod:`opengov.ledger`).

Text output is a table for people; ``--output json`` is for programs, with these stable keys (documented in
``docs/ledger.md``): ``agency``, ``as_of``, ``open``, ``overdue``, ``waiting_on_applicant`` (counts) and
``applications``, a list most urgent first of objects with ``application_id``, ``agency``, ``receipt``,
``regulation``, ``due_date``, ``extended_due_date``, ``deadline``, ``working_days_left``, ``status``,
``waiting_on``, ``estimated`` and ``findings`` (each ``code``, ``message``, ``event_id``). Dates are ISO
8601 strings; a missing date is ``null``.
"""

from __future__ import annotations

__all__ = ["AgencyChoiceError", "ledger_json", "ledger_text", "register_due"]

import argparse
import datetime as _dt
import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

import attrs

from opengov.calendar import EstimatingCalendar, WorkingCalendar
from opengov.errors import OpengovError
from opengov.events import Event, WorkingCalendarDeclared
from opengov.ledger import Ledger, LedgerFold, OpenApplication
from opengov.sources import read_events

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # argparse has no public name


class AgencyChoiceError(OpengovError):
    """The agency to report on is not clear: the source holds several (or none), or not the one asked for."""


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _noting_agencies(events: Iterable[Event], seen: set[str]) -> Iterator[Event]:
    for event in events:
        if not isinstance(event, WorkingCalendarDeclared):  # its agency is whoever recorded the calendar
            seen.add(event.agency)
        yield event


def _build_ledger(
    source: str, *, as_of: _dt.date, agency: str | None, calendar: WorkingCalendar | EstimatingCalendar
) -> Ledger:
    """The ledger of ``source``, after checking that the agency asked for (or implied) is in it."""
    seen: set[str] = set()
    projection = LedgerFold(as_of=as_of, agency=agency, calendar=calendar)
    state = projection.fold(_noting_agencies(read_events(source), seen))
    held = ", ".join(repr(a) for a in sorted(seen)) or "none"
    if agency is None:
        if len(seen) != 1:
            raise AgencyChoiceError(
                f"{source} holds events of {len(seen)} agencies ({held}); choose one with --agency"
            )
        return attrs.evolve(projection.result(state), agency=next(iter(seen)))
    if agency not in seen:
        raise AgencyChoiceError(f"{source} holds no events of agency {agency!r} (agencies in it: {held})")
    return projection.result(state)


def _application_json(item: OpenApplication) -> dict[str, Any]:
    def day(value: _dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "application_id": item.application_id,
        "agency": item.agency,
        "receipt": day(item.receipt),
        "regulation": item.regulation,
        "due_date": day(item.due_date),
        "extended_due_date": day(item.extended_due_date),
        "deadline": day(item.deadline),
        "working_days_left": item.working_days_left,
        "status": item.status.value,
        "waiting_on": [kind.value for kind in item.waiting_on],
        "estimated": item.estimated,
        "findings": [
            {"code": f.code.value, "message": f.message, "event_id": f.event_id} for f in item.findings
        ],
    }


def ledger_json(book: Ledger) -> str:
    """The ledger as the ``--output json`` document (keys in the module docstring), indented, UTF-8 text."""
    document = {
        "agency": book.agency,
        "as_of": book.as_of.isoformat(),
        "open": len(book.open),
        "overdue": len(book.overdue),
        "waiting_on_applicant": len(book.waiting_on_applicant),
        "applications": [_application_json(item) for item in book.open],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            padded.append(pad + cell if i in right else cell + pad)
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def ledger_text(book: Ledger) -> str:
    """The ledger as the text output: a title, a table most urgent first, and a summary line."""
    whose = f"agency {book.agency}" if book.agency is not None else "every agency"
    lines = [f"Open applications of {whose} as of {book.as_of.isoformat()}, most urgent first", ""]
    if book.open:
        header = [
            "application",
            "received",
            "due",
            "extended to",
            "days left",
            "status",
            "waiting on",
            "findings",
        ]
        rows = [
            [
                item.application_id,
                item.receipt.isoformat(),
                item.due_date.isoformat() + ("*" if item.estimated else ""),
                item.extended_due_date.isoformat() if item.extended_due_date else "-",
                str(item.working_days_left),
                item.status.value.replace("_", " "),
                ", ".join(kind.value for kind in item.waiting_on) or "-",
                ", ".join(f.code.value for f in item.findings) or "-",
            ]
            for item in book.open
        ]
        lines.extend(_table(header, rows, right={4}))
        if any(item.estimated for item in book.open):
            lines.append("* a date in a year without official calendar data, estimated as weekends-only")
        lines.append("")
    lines.append(book.summary())
    return "\n".join(lines)


def _due(args: argparse.Namespace) -> int:
    official = WorkingCalendar.from_file(args.calendar) if args.calendar else WorkingCalendar.default()
    calendar = official.estimating() if args.estimate else official
    book = _build_ledger(args.source, as_of=args.as_of, agency=args.agency, calendar=calendar)
    print(ledger_json(book) if args.output == "json" else ledger_text(book))
    return 0


def register_due(subparsers: Subparsers) -> None:
    """Add ``opengov due SOURCE --as-of DATE [--agency ID] [--output text|json]``."""
    due = subparsers.add_parser(
        "due",
        help="list the applications open on a day, most urgent first",
        description="List the disclosure applications open at the end of a day — received on or before "
        "it, not concluded or withdrawn by then — with their due dates, working days left and status, "
        "overdue ones first and those waiting on the applicant last. Events after the day are ignored.",
    )
    due.add_argument(
        "source", metavar="SOURCE", help="the events: a JSON Lines file or an event store (SQLite) file"
    )
    due.add_argument(
        "--as-of",
        type=_date,
        required=True,
        metavar="DATE",
        help="the day (YYYY-MM-DD, a Beijing date); required, because opengov reads no clock",
    )
    due.add_argument(
        "--agency", metavar="ID", help="the agency (may be left out when the source holds only one)"
    )
    due.add_argument(
        "--output",
        choices=("text", "json"),
        default="text",
        help="a table for people (text, the default) or a JSON document for programs",
    )
    due.add_argument(
        "--calendar",
        metavar="FILE",
        help="a JSON or TOML file of holiday arrangements for years the bundled calendar lacks",
    )
    due.add_argument(
        "--estimate",
        action="store_true",
        help="estimate years without calendar data as weekends-only (such dates are marked) instead of "
        "stopping with an error",
    )
    due.set_defaults(handler=_due)
