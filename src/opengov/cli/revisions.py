"""``opengov revisions``: a filed year's revisions — the figures the log now computes differently — and
the events that caused them."""

from __future__ import annotations

__all__ = ["register", "say_filed"]

import argparse
import json
from typing import TYPE_CHECKING, Any

from opengov.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Subparsers,
    Tally,
    add_agency,
    add_calendar,
    add_command,
    add_output,
    add_source,
    add_to,
    add_year,
    calendar_of,
    choose_agency,
    note,
    open_source,
    write_output,
)
from opengov.cli.i18n import _, ngettext

if TYPE_CHECKING:
    from opengov.filing import FiledPeriod, PeriodTables
    from opengov.formats import Value


def _figure(value: Value) -> int | str:
    return value if isinstance(value, int) else format(value, "f")


def _signed(value: Value) -> str:
    text = str(_figure(value))
    return text if text.startswith("-") else f"+{text}"


def _text(period: FiledPeriod) -> str:
    filing = period.filing
    lines = [
        _(
            "{year} report of {agency}, filed {day} (event {id}, from the agency's first {position} events)"
        ).format(
            year=filing.period_end.year,
            agency=filing.agency,
            day=filing.day.isoformat(),
            id=filing.id,
            position=filing.position,
        )
    ]
    if not period.revisions:
        lines.append(_("no revisions: the log computes every figure as filed"))
    else:
        lines.append(
            ngettext(
                "{n} revision (filed → now):", "{n} revisions (filed → now):", len(period.revisions)
            ).format(n=len(period.revisions))
        )
        for revision in period.revisions:
            lines.append(
                f"  {revision.table} · {revision.label}: {_figure(revision.filed)} → "
                f"{_figure(revision.computed)} ({_signed(revision.difference)})"
            )
    if period.causes:
        lines.append(
            ngettext(
                "caused by {n} event after the filing:",
                "caused by {n} events after the filing:",
                len(period.causes),
            ).format(n=len(period.causes))
        )
        lines.extend(f"  {event.id}  {event.TAG}  {event.day.isoformat()}" for event in period.causes)
    return "\n".join(lines) + "\n"


def _json(period: FiledPeriod) -> str:
    filing = period.filing
    document: dict[str, Any] = {
        "agency": filing.agency,
        "period": {"start": filing.period_start.isoformat(), "end": filing.period_end.isoformat()},
        "filing": {
            "id": filing.id,
            "filed_on": filing.day.isoformat(),
            "position": filing.position,
            "format": filing.report_format,
        },
        "revisions": [
            {
                "table": r.table,
                "row": r.row,
                "column": r.column,
                "label": r.label,
                "filed": _figure(r.filed),
                "computed": _figure(r.computed),
                "difference": _figure(r.difference),
            }
            for r in period.revisions
        ],
        "causes": [{"id": e.id, "type": e.TAG, "day": e.day.isoformat()} for e in period.causes],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_FORMS = {"text": _text, "json": _json}


def _revisions(args: argparse.Namespace) -> int:
    from opengov.filing import filed_period

    calendar = calendar_of(args) if args.calendar or args.estimate else None
    source = open_source(args)
    tally = Tally()
    events = list(source.watched(tally, args.agency))  # wire records: a filing's figures are a fold
    agency = choose_agency(tally, args.agency, source.name)
    period = filed_period(events, agency=agency, year=args.year, calendar=calendar)
    if period is None:
        note(
            _("the {year} report of agency {agency!r} is not filed (opengov report --file files it)").format(
                year=args.year, agency=agency
            )
        )
        return EXIT_OK
    write_output(args, _FORMS[args.to](period))
    return EXIT_FINDINGS if period.revisions else EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov revisions``."""
    parser = add_command(
        subparsers,
        "revisions",
        help=_("list the revisions of a filed year: figures the log now computes differently"),
        description=_(
            "For a year whose report is filed (opengov report --file), compare the filed figures with the "
            "ones the log now computes: every cell that differs is a revision, listed with the events after "
            "the filing that caused it. Exit status 1 when there are revisions."
        ),
    )
    add_source(parser)
    add_agency(parser)
    add_year(parser)
    add_to(parser, _FORMS)
    add_output(parser)
    add_calendar(parser)
    parser.set_defaults(handler=_revisions)


def say_filed(view: PeriodTables, year: int) -> None:
    """Notes on standard error for a table of a filed year or of the year after one."""
    filed = view.filed
    if filed is not None:
        count = len(filed.revisions)
        if view.as_filed:
            note(
                _("the {year} report is filed (event {id}): these are the filed figures").format(
                    year=year, id=filed.filing.id
                )
            )
        if count:
            note(
                ngettext(
                    "{n} figure differs from what the log now computes (a revision): opengov revisions lists "
                    "it; --as-computed shows the recomputed figures",
                    "{n} figures differ from what the log now computes (revisions): opengov revisions lists "
                    "them; --as-computed shows the recomputed figures",
                    count,
                ).format(n=count)
            )
    for change in view.carry_over:
        note(str(change))
