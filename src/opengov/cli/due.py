"""``opengov due``: the applications open on a day, most urgent first (:mod:`opengov.ledger`)."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import datetime as _dt

import attrs

from opengov.cli.common import (
    EXIT_OK,
    Subparsers,
    Tally,
    add_agency,
    add_calendar,
    add_command,
    add_output,
    add_source,
    add_to,
    calendar_of,
    choose_agency,
    natural,
    open_source,
    write_output,
)
from opengov.cli.i18n import _
from opengov.cli.projections import kept_ledger
from opengov.render.ledger import LEDGER_RENDERERS


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date; write it as YYYY-MM-DD").format(text=text)
        ) from None


def _due(args: argparse.Namespace) -> int:
    from opengov.corrections import corrected_log
    from opengov.ledger import LedgerFold

    calendar = calendar_of(args)
    source = open_source(args)
    projection = LedgerFold(as_of=args.as_of, agency=args.agency, calendar=calendar)
    kept = kept_ledger(args, projection)
    held = kept[1].agencies.get(args.agency) if kept is not None else None
    if held is not None and held.records:
        kept = None  # corrections: the kept ledger does not apply them, so the log is read whole
    if kept is not None:  # a store and one agency: its kept ledger, brought up to date from its stream
        book, tally = kept
    else:
        tally = Tally()
        # wire records, which the ledger reads as it reads events (an agency's corrections name its own)
        book = projection.result(projection.fold(corrected_log(source.watched(tally, args.agency))))
    agency = choose_agency(tally, args.agency, source.name)
    if args.agency is None:
        book = attrs.evolve(book, agency=agency)
    if args.within is not None:  # due soon: the clock of one waiting on the applicant is stopped
        soon = (
            a
            for a in book.open
            if not a.waiting_on_applicant
            and a.working_days_left is not None
            and a.working_days_left <= args.within
        )
        book = attrs.evolve(book, open=tuple(soon))
    write_output(args, LEDGER_RENDERERS[args.to](book, within=args.within) + "\n")
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov due SOURCE --as-of DATE [--agency ID] [--to text|json] [-o FILE]``."""
    due = add_command(
        subparsers,
        "due",
        help=_("list the applications open on a day, most urgent first"),
        description=_(
            "List the disclosure applications open at the end of a day — received on or before "
            "it, not concluded or withdrawn by then — with their due dates, working days left and status, "
            "overdue ones first and those waiting on the applicant last. Events after the day are ignored."
        ),
    )
    add_source(due)
    due.add_argument(
        "--as-of",
        type=_date,
        required=True,
        metavar="DATE",
        help=_("the day (YYYY-MM-DD, a Beijing date); required, because opengov reads no clock"),
    )
    add_agency(due)
    due.add_argument(
        "--within",
        type=natural,
        metavar="N",
        help=_(
            "only the applications due within N working days after the day, or overdue (a reminder "
            "list); those waiting on the applicant are left out, their clock being stopped"
        ),
    )
    add_to(due, LEDGER_RENDERERS)
    add_output(due, legacy_forms=list(LEDGER_RENDERERS))
    add_calendar(due)
    due.set_defaults(handler=_due)
