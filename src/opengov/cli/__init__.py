"""The ``opengov`` command line: one package, one module per command, one shared piece.

``opengov events validate|import|export|agencies``, ``opengov table``, ``opengov report``, ``opengov due``
and ``opengov audit`` share one vocabulary of arguments (:mod:`opengov.cli.common`): a SOURCE of events
(a JSON Lines file, an event store, or ``-`` for standard input), ``--agency``, ``--year``, ``--format``
(the official format), ``--to`` (the output form), ``-o FILE``, ``--calendar``/``--estimate``,
``--quiet`` and ``--debug``.

Exit statuses, for every command:

- 0: done, nothing wrong found;
- 1: a checking command found something (bad lines for ``events validate``, rule violations for
  ``audit``);
- 2: the command was misused, or an input could not be read or used (the one-line message says which and
  where);
- 70: an internal error, a bug in opengov: a one-line message names the command; ``--debug`` prints the
  traceback;
- 130: interrupted.

Adding a command: a module in this package with a ``register(subparsers)`` function (see
:mod:`opengov.cli.common`), appended to :data:`COMMANDS`.
"""

from __future__ import annotations

__all__ = ["COMMANDS", "build_parser", "main"]

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from opengov.cli import audit, due, events, projections, report, revisions, rollup, schema, table
from opengov.cli.common import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Handler,
    Subparsers,
    add_common_options,
    set_quiet,
)
from opengov.cli.i18n import _, argparse_in_language, ngettext
from opengov.errors import CalendarDataMissingError, DecodeError, LineError, OpengovError

COMMANDS: list[Callable[[Subparsers], None]] = [
    events.register,
    table.register,
    report.register,
    revisions.register,
    due.register,
    rollup.register,
    audit.register,
    schema.register,
    projections.register,
]
"""The commands of ``opengov``: each function adds its parsers to the top-level subparsers."""

_EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a reader that went away


def build_parser() -> argparse.ArgumentParser:
    """The ``opengov`` argument parser, with every command in :data:`COMMANDS`."""
    from opengov import __version__

    parser = argparse.ArgumentParser(
        prog="opengov",
        description=_(
            "Government information disclosure (政府信息公开) annual reports from an event log. "
            "Exit status: 0 done, 1 findings (validate, audit), 2 misuse or unreadable input, "
            "70 internal error."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def _error(message: str) -> None:
    print(_("opengov: error: {message}").format(message=message), file=sys.stderr)


def _describe(exc: BaseException, args: argparse.Namespace) -> str:
    if isinstance(exc, CalendarDataMissingError):  # the library's message speaks of Python calls
        what = str(exc).split(": supply", 1)[0]
        estimate = (
            _(", or --estimate for weekends-only estimates (marked)") if hasattr(args, "estimate") else ""
        )
        return _(
            "{what}: give the year's holiday arrangement with --calendar FILE (JSON or TOML) or as a "
            "working_calendar_declared event in the log{estimate}"
        ).format(what=what, estimate=estimate)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    if isinstance(exc, DecodeError):
        return str(exc.errors[0]) + _more(exc.errors)
    return str(exc) or type(exc).__name__


def _more(errors: Sequence[LineError]) -> str:
    if len(errors) < 2:
        return ""
    return ngettext(
        " (and {n} more bad line: run 'opengov events validate' to list them)",
        " (and {n} more bad lines: run 'opengov events validate' to list them)",
        len(errors) - 1,
    ).format(n=len(errors) - 1)


def _command_name(args: argparse.Namespace) -> str:
    return " ".join(part for part in (args.command, getattr(args, "action", None)) if part)


def main(argv: list[str] | None = None) -> int:
    """Run the ``opengov`` command with ``argv`` (default: the process's arguments); return the exit status.

    Args:
        argv: the arguments after the program name.
    """
    with argparse_in_language():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    set_quiet(bool(args.quiet))
    handler: Handler = args.handler
    try:
        return handler(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, without a flush error at exit
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _EXIT_BROKEN_PIPE
    except (OpengovError, OSError) as exc:
        _error(_describe(exc, args))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error(_("interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        advice = (
            _("please report it with the traceback above")
            if args.debug
            else _("run again with --debug for the traceback")
        )
        print(
            _("opengov {command}: internal error ({detail}); this is a bug in opengov: {advice}").format(
                command=_command_name(args), detail=detail[:300], advice=advice
            ),
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        set_quiet(False)
