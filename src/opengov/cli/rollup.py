"""``opengov rollup``: a supervising office's view of every agency in a log (:mod:`opengov.supervise`)."""

from __future__ import annotations

__all__ = ["register"]

import argparse

from opengov.cli.common import (
    EXIT_OK,
    Subparsers,
    add_calendar,
    add_command,
    add_format,
    add_output,
    add_source,
    add_to,
    add_year,
    calendar_of,
    natural,
    open_source,
    write_output,
)
from opengov.cli.due import _date
from opengov.cli.i18n import _
from opengov.render.supervision import SUPERVISION_RENDERERS


def _rollup(args: argparse.Namespace) -> int:
    from opengov.supervise import build_supervisor_view

    calendar = calendar_of(args) if args.calendar or args.estimate else None
    source = open_source(args)
    view = build_supervisor_view(
        source.readings(),  # wire records, read once (twice for a log with corrections), never held
        year=args.year,
        as_of=args.as_of,
        within=args.within,
        format=args.format,
        calendar=calendar,
    )
    write_output(args, SUPERVISION_RENDERERS[args.to](view))
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov rollup SOURCE --year Y --as-of DATE [--within N] [--to FORM] [-o FILE]``."""
    parser = add_command(
        subparsers,
        "rollup",
        help=_(
            "a supervising office's view of every agency: indicators, summed tables, overdue applications"
        ),
        description=_(
            "For every agency in the source: the derived indicators of the year (实质公开率, late answers, "
            "median working days to answer, 复议纠错率 …; none shown on too few cases), the summed official "
            "tables, and the applications overdue or due soon on a day across all agencies (督办)."
        ),
    )
    add_source(parser)
    add_year(parser)
    parser.add_argument(
        "--as-of",
        type=_date,
        required=True,
        metavar="DATE",
        help=_(
            "the day of the overdue and due-soon lists (YYYY-MM-DD); required, because opengov reads no clock"
        ),
    )
    parser.add_argument(
        "--within",
        type=natural,
        default=5,
        metavar="N",
        help=_("due soon: within N working days after the day (default: 5)"),
    )
    add_format(parser)
    add_to(parser, SUPERVISION_RENDERERS)
    add_output(parser)
    add_calendar(parser)
    parser.set_defaults(handler=_rollup)
