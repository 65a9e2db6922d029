"""The ``opengov`` command line.

``opengov events validate FILE`` checks an event file and lists every bad line; ``opengov events import``
and ``opengov events export`` move events between a file and a store. User errors print one line,
``opengov: error: …``, and exit 1 (2 for a misused command); they never print a traceback.

Each command group is a ``register(subparsers)`` function in :data:`COMMANDS`; adding a command is one
more function there. A command's handler takes the parsed arguments and returns the exit status.
"""

from __future__ import annotations

__all__ = [
    "COMMANDS",
    "STORE_ENV",
    "Subparsers",
    "add_store_argument",
    "build_parser",
    "main",
    "register_events",
]

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TypeAlias, cast

from opengov import __version__
from opengov._cli_due import register_due
from opengov._cli_table import register_table
from opengov.audit._cli import add_parser as add_audit_parser
from opengov.codec import iter_events, validate_file
from opengov.errors import DecodeError, LineError, OpengovError
from opengov.report._cli import add_parser as add_report_parser
from opengov.store import export_jsonl, import_jsonl, open_store

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # argparse has no public name
Handler = Callable[[argparse.Namespace], int]

STORE_ENV = "OPENGOV_STORE"
"""The environment variable naming the default store, so ``--store`` can be left out."""


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    """Give a command the ``--store PATH`` option, defaulting to ``$OPENGOV_STORE``."""
    default = os.environ.get(STORE_ENV)
    parser.add_argument(
        "--store",
        metavar="PATH",
        default=default,
        required=default is None,
        help=f"the event store: a SQLite file (default: ${STORE_ENV}{f', now {default}' if default else ''})",
    )


# ---------------------------------------------------------------------------------------------------------
# opengov events …


def _validate(args: argparse.Namespace) -> int:
    path: str = args.file
    count = 0
    errors = validate_file(path) if args.collect else []
    if not errors:
        try:
            count = sum(1 for _ in iter_events(path))
        except DecodeError as exc:  # --no-collect: the first bad line only
            errors = exc.errors
    if not errors and not count:
        errors = validate_file(path)  # says the file holds no events
    if errors:
        for error in errors:
            print(error)
        if args.collect:
            _error(f"{path}: {_plural(len(errors), 'bad line')}")
        else:
            _error(f"{path}: a bad line (run without --no-collect to list them all)")
        return 1
    print(f"{_plural(count, 'event')}, all valid")
    return 0


def _import(args: argparse.Namespace) -> int:
    if not Path(args.file).is_file():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), args.file)
    with open_store(args.store, create=True) as store:
        before = store.head()
        stored = import_jsonl(store, args.file, batch_size=args.batch_size)
        head = store.head()
    if stored:
        print(f"{_plural(stored, 'new event')} imported into {args.store} (positions {before + 1} to {head})")
    else:
        print(f"nothing new imported into {args.store}: every event of {args.file} is already stored")
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_store(args.store, create=False) as store:
        if args.output is None:
            sys.stdout.flush()
            count = export_jsonl(store, _stdout_bytes(), agency=args.agency)
            sys.stdout.flush()
        else:
            count = export_jsonl(store, args.output, agency=args.agency)
            print(f"{_plural(count, 'event')} exported to {args.output}")
    return 0


class _TextSink:
    """Bytes written to a text stream with no binary buffer (a replaced ``sys.stdout``, as doctests use)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8"))


def _stdout_bytes() -> IO[bytes]:
    buffer = getattr(sys.stdout, "buffer", None)
    return cast(IO[bytes], buffer if buffer is not None else _TextSink(sys.stdout))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register_events(subparsers: Subparsers) -> None:
    """Add ``opengov events validate|import|export``."""
    events = subparsers.add_parser(
        "events",
        help="check event files and move events between files and a store",
        description="Check event files (JSON Lines) and move events between files and an event store.",
    )
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate",
        help="check an event file and list its bad lines",
        description="Check every line of a JSON Lines event file. Bad lines are listed one per line as "
        "FILE:LINE (event 'ID'): REASON; the exit status is 1 if there is any.",
    )
    validate.add_argument("file", metavar="FILE", help="the event file (JSON Lines, UTF-8)")
    validate.add_argument(
        "--collect",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="list every bad line (the default); --no-collect stops at the first",
    )
    validate.set_defaults(handler=_validate)

    import_ = actions.add_parser(
        "import",
        help="append the events of a file to a store",
        description="Append the events of a JSON Lines file to a store, creating the store if needed. "
        "The whole file is checked first: if any line is bad, nothing is imported. Events already stored "
        "are skipped, so importing a file again is harmless.",
    )
    import_.add_argument("file", metavar="FILE", help="the event file (JSON Lines, UTF-8)")
    add_store_argument(import_)
    import_.add_argument(
        "--batch-size",
        type=_positive,
        default=1000,
        metavar="N",
        help="events per atomic append (default 1000)",
    )
    import_.set_defaults(handler=_import)

    export = actions.add_parser(
        "export",
        help="write a store's events as JSON Lines",
        description="Write a store's events as JSON Lines in the order they were stored, to standard "
        "output or a file. Importing the result into an empty store gives back the same events.",
    )
    add_store_argument(export)
    export.add_argument("--agency", metavar="ID", help="only this agency's events")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.set_defaults(handler=_export)


COMMANDS: list[Callable[[Subparsers], None]] = [
    register_events,
    register_table,
    register_due,
    add_report_parser,
    add_audit_parser,
]
"""The command groups of ``opengov``: each adds its subcommands to the top-level subparsers.

A new group is a function that adds a parser per command, each with ``set_defaults(handler=…)`` where the
handler takes the parsed arguments and returns the exit status; append the function here.
"""


def build_parser() -> argparse.ArgumentParser:
    """The ``opengov`` argument parser, with every command group in :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="opengov",
        description="Government information disclosure (政府信息公开) annual reports from an event log.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def _error(message: str) -> None:
    print(f"opengov: error: {message}", file=sys.stderr)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    if isinstance(exc, DecodeError):
        return str(exc.errors[0]) + _more(exc.errors)
    return str(exc) or type(exc).__name__


def _more(errors: Sequence[LineError]) -> str:
    if len(errors) < 2:
        return ""
    return f" (and {len(errors) - 1} more bad lines: run 'opengov events validate' to list them)"


def main(argv: list[str] | None = None) -> int:
    """Run the ``opengov`` command with ``argv`` (default: the process's arguments); return the exit status.

    Args:
        argv: the arguments after the program name.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has already printed
        return exc.code if isinstance(exc.code, int) else 2
    handler: Handler = args.handler
    try:
        return handler(args)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, without a flush error at exit
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (OpengovError, OSError) as exc:
        _error(_describe(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
