"""What every ``opengov`` command shares: the SOURCE argument, the flags, the output writer and errors.

One vocabulary across commands:

- ``SOURCE`` (positional): the events — a JSON Lines file, an event store (a SQLite file or a store URL),
  or ``-`` for standard input, read once. Left out, ``$OPENGOV_STORE`` names it.
- ``--agency ID``, ``--year Y``, ``--format KEY`` (the official report format, ``auto`` for the one in
  force), ``--to FORM`` (the output form: ``text``, ``json``, ``docx`` …), ``-o FILE`` (write to a file
  instead of standard output), ``--calendar FILE`` and ``--estimate`` wherever working days are counted,
  ``--quiet`` (no progress or notes) and ``--debug`` (a traceback for an internal error).

A command module has a ``register(subparsers)`` function that makes its parser with :func:`add_command`,
adds the arguments it takes with the ``add_*`` functions here, and sets ``handler`` to a function taking
the parsed arguments and returning the exit status (:data:`EXIT_OK` …). The handler reads its events with
:func:`open_source` and writes with :func:`write_output` or :func:`output_stream`, which refuse to
overwrite an input and never leave half a file.
"""

from __future__ import annotations

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "SQLITE_SIDE_FILES",
    "STDIN",
    "STORE_ENV",
    "AgencyTally",
    "Handler",
    "Input",
    "Subparsers",
    "Tally",
    "UsageError",
    "add_agency",
    "add_as_computed",
    "add_calendar",
    "add_command",
    "add_common_options",
    "add_format",
    "add_output",
    "add_source",
    "add_to",
    "add_year",
    "calendar_of",
    "choose_agency",
    "counting",
    "deprecated",
    "input_paths",
    "is_quiet",
    "natural",
    "note",
    "open_source",
    "output_stream",
    "plural",
    "positive",
    "progress",
    "progress_lines",
    "set_quiet",
    "warn",
    "warn_estimated",
    "write_output",
]

import argparse
import contextlib
import datetime as _dt
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, TypeVar, cast

import attrs

from opengov.cli.i18n import _, ngettext
from opengov.errors import OpengovError

if TYPE_CHECKING:
    from opengov.calendar import Calendar
    from opengov.events import Event
    from opengov.fold import AgencyFacts
    from opengov.store import EventStore

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # argparse has no public name
Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
"""The command did its work and found nothing wrong."""
EXIT_FINDINGS = 1
"""A checking command (``events validate``, ``audit``) found bad lines or rule violations."""
EXIT_USAGE = 2
"""The command was misused, or an input could not be read or used (missing file, bad line, no agency)."""
EXIT_INTERNAL = 70
"""An internal error: a bug in opengov (``EX_SOFTWARE``). ``--debug`` prints the traceback."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl-C."""

STORE_ENV = "OPENGOV_STORE"
"""The environment variable naming the default store, so SOURCE (or ``--store``) can be left out."""

STDIN = "-"
"""The SOURCE that means standard input."""

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files beside a SQLite store that belong to it."""


class UsageError(OpengovError):
    """The command cannot run as asked: a missing or contradictory argument, or an output that would
    overwrite an input. Exit status :data:`EXIT_USAGE`."""


# ---------------------------------------------------------------------------------------------------------
# Messages


@attrs.define
class _State:
    quiet: bool = False


_state = _State()


def set_quiet(quiet: bool) -> None:
    """Whether notes and progress bars are left out (``--quiet``); :func:`~opengov.cli.main` sets it."""
    _state.quiet = quiet


def is_quiet() -> bool:
    """Whether ``--quiet`` was given."""
    return _state.quiet


def note(message: str) -> None:
    """A note for people on standard error (``opengov: …``), left out with ``--quiet``."""
    if not is_quiet():
        print(f"opengov: {message}", file=sys.stderr)


def warn(message: str) -> None:
    """A warning on standard error (``opengov: warning: …``), printed even with ``--quiet``."""
    print(_("opengov: warning: {message}").format(message=message), file=sys.stderr)


def deprecated(old: str, new: str) -> None:
    """Say on standard error that the spelling ``old`` is deprecated in favour of ``new``."""
    warn(_("{old} is deprecated and will be removed in the next release; use {new}").format(old=old, new=new))


def plural(count: int, one: str, many: str, **fields: object) -> str:
    """``one`` or ``many`` by ``count``, in the user's language, with ``{n}`` the count and the other
    ``{field}`` filled from ``fields``."""
    return ngettext(one, many, count).format(n=count, **fields)


# ---------------------------------------------------------------------------------------------------------
# Progress


def _showing_progress() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return not is_quiet() and isatty is not None and bool(isatty())


_T = TypeVar("_T")


def progress(
    items: Iterable[_T], *, what: str, unit: str = "event", total: int | None = None
) -> Iterator[_T]:
    """``items``, with a progress bar on standard error while they are consumed.

    The bar is shown only when standard error is a terminal and ``--quiet`` was not given; otherwise the
    items pass through untouched (and tqdm is not imported).

    Args:
        items: what the command works through.
        what: a few words for the bar (``reading log.jsonl``).
        unit: the unit counted (``event``, ``file``).
        total: how many items there are, when known.
    """
    if not _showing_progress():
        return iter(items)
    return _with_bar(items, what, unit, total)


def _with_bar(items: Iterable[_T], what: str, unit: str, total: int | None) -> Iterator[_T]:
    from tqdm import tqdm

    bar = tqdm(items, desc=what, unit=unit, total=total, file=sys.stderr, leave=False, dynamic_ncols=True)
    try:
        yield from bar
    finally:
        bar.close()


class _ProgressLines:
    """The lines of a file, read with a progress bar counting its bytes; ``name`` is the file's name, so
    errors name the file as they would for the path."""

    def __init__(self, path: str, what: str) -> None:
        self.name = path
        self._what = what
        self._lines: Iterator[bytes] | None = None  # the lines being read by read()

    def __iter__(self) -> Iterator[bytes]:
        from tqdm import tqdm

        size = os.stat(self.name).st_size
        with (
            open(self.name, "rb") as handle,
            tqdm(
                desc=self._what,
                total=size,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            ) as bar,
        ):
            for line in handle:
                bar.update(len(line))
                yield line

    def read(self, size: int = -1) -> bytes:
        """About ``size`` bytes of whole lines (``b""`` at the end): how the fast read path reads a file a
        block at a time (:func:`opengov.wire.iter_records`)."""
        lines = self._lines
        if lines is None:
            lines = self._lines = iter(self)
        chunk: list[bytes] = []
        taken = 0
        for line in lines:
            chunk.append(line)
            taken += len(line)
            if 0 <= size <= taken:
                break
        return b"".join(chunk)


def progress_lines(source: str | list[bytes], *, what: str) -> str | Iterable[bytes]:
    """A replayable source (see :meth:`Input.replayable`) that shows a progress bar each time it is read,
    when progress is shown at all; else ``source`` itself."""
    if not _showing_progress():
        return source
    if isinstance(source, str):
        return _ProgressLines(source, what)
    return _ProgressList(source, what)


@contextlib.contextmanager
def counting(store: EventStore, *, what: str) -> Iterator[EventStore]:
    """``store``, counting the events appended to it on a progress bar (when progress is shown)."""
    if not _showing_progress():
        yield store
        return
    from tqdm import tqdm

    with tqdm(desc=what, unit="event", file=sys.stderr, leave=False, dynamic_ncols=True) as bar:
        yield cast("EventStore", _CountingStore(store, bar))


class _CountingStore:
    def __init__(self, store: EventStore, bar: Any) -> None:
        self._store = store
        self._bar = bar

    def append(self, events: Iterable[Event], *args: Any, **kwargs: Any) -> Any:
        batch = list(events)
        result = self._store.append(batch, *args, **kwargs)
        self._bar.update(len(batch))
        return result

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        def counted() -> Iterator[list[Event]]:
            for events in batches:
                batch = list(events)
                yield batch
                self._bar.update(len(batch))

        return self._store.append_batches(counted())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


class _ProgressList:
    def __init__(self, lines: list[bytes], what: str) -> None:
        self.name = "<stdin>"
        self._lines = lines
        self._what = what

    def __iter__(self) -> Iterator[bytes]:
        return progress(self._lines, what=self._what, unit="line", total=len(self._lines))


# ---------------------------------------------------------------------------------------------------------
# Parsers and arguments


def add_command(subparsers: Subparsers, name: str, *, help: str, description: str) -> argparse.ArgumentParser:
    """A new command's parser, with the options every command takes (``--quiet``, ``--debug``)."""
    parser = subparsers.add_parser(name, help=help, description=description)
    add_common_options(parser, default=argparse.SUPPRESS)
    return parser


def add_common_options(parser: argparse.ArgumentParser, *, default: Any = False) -> None:
    """``--quiet`` and ``--debug``, on the top-level parser (``default=False``) and on each command
    (``default=SUPPRESS``, so leaving them out after the command keeps what came before it)."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help=_("no progress bars or notes on standard error (warnings and errors are still printed)"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help=_("print the traceback of an internal error"),
    )


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1, got {value}").format(value=value))
    return value


def natural(text: str) -> int:
    """An argparse type: a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("must be 0 or more, got {value}").format(value=value))
    return value


def _store_default() -> str | None:
    return os.environ.get(STORE_ENV) or None


def add_source(
    parser: argparse.ArgumentParser,
    *,
    what: str | None = None,
    store_option: bool = False,
    file_only: bool = False,
) -> None:
    """The SOURCE positional argument (optional when ``$OPENGOV_STORE`` is set).

    Args:
        parser: the command's parser.
        what: what the source holds, for the help text.
        store_option: also accept the deprecated ``--store PATH`` spelling for the source.
        file_only: the source is a JSON Lines file or ``-``, never a store: required, no default.
    """
    what = what if what is not None else _("the events")
    if file_only:
        parser.add_argument(
            "source",
            metavar="SOURCE",
            help=_("{what}: a JSON Lines file (UTF-8), or - for standard input").format(what=what),
        )
        return
    default = _store_default()
    parser.add_argument(
        "source",
        metavar="SOURCE",
        nargs="?",
        help=_(
            "{what}: a JSON Lines file, an event store (SQLite file or URL), or - for standard input "
            "(default: ${variable}{now})"
        ).format(
            what=what, variable=STORE_ENV, now=_(", now {value}").format(value=default) if default else ""
        ),
    )
    if store_option:
        parser.add_argument("--store", dest="deprecated_store", metavar="PATH", help=argparse.SUPPRESS)


def add_agency(parser: argparse.ArgumentParser, *, what: str | None = None) -> None:
    """``--agency ID``."""
    what = what if what is not None else _("the agency")
    parser.add_argument(
        "--agency",
        metavar="ID",
        help=_("{what} (may be left out when the source holds only one)").format(what=what),
    )


def _year(text: str) -> int:
    from opengov.formats import FORMATS

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a year").format(text=text)) from None
    first = min(f.first_year for f in FORMATS.values())
    if year < first:
        raise argparse.ArgumentTypeError(
            _("no report format covers {year}: the regulation took effect in {first}").format(
                year=year, first=first
            )
        )
    if year > _dt.MAXYEAR - 1:
        raise argparse.ArgumentTypeError(
            _("{year} is not a year opengov can count (the last is {last})").format(
                year=year, last=_dt.MAXYEAR - 1
            )
        )
    return year


def add_year(parser: argparse.ArgumentParser) -> None:
    """``--year Y``, required, checked against the years the formats cover."""
    parser.add_argument(
        "--year", type=_year, required=True, metavar="Y", help=_("the report year (a Beijing calendar year)")
    )


def add_format(parser: argparse.ArgumentParser, *, templates: bool = False) -> None:
    """``--format KEY``: ``auto`` or a registered official format; with ``templates``, also the
    provincial templates a published report may follow (read and checked, never built)."""
    from opengov.formats import FORMATS, TEMPLATES

    keys = sorted(FORMATS) + (sorted(TEMPLATES) if templates else [])
    parser.add_argument(
        "--format",
        choices=["auto", *keys],
        default="auto",
        metavar="KEY",
        help=_(
            "the official report format: auto (the one in force for the year, the default), {formats}"
        ).format(formats=", ".join(keys)),
    )


class _OutputAction(argparse.Action):
    """``-o FILE``; the deprecated ``--output FORM`` of commands where it named the form."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        value = cast(str, values)
        legacy: Sequence[str] = parser.get_default("legacy_forms") or ()
        if option_string == "--output" and value in legacy:
            deprecated(
                f"--output {value}", _("--to {form} (-o FILE names an output file)").format(form=value)
            )
            namespace.to = value
            return
        namespace.output = value


def add_output(parser: argparse.ArgumentParser, *, legacy_forms: Sequence[str] = ()) -> None:
    """``-o FILE`` (long form ``--output FILE``).

    Args:
        parser: the command's parser.
        legacy_forms: forms the command's ``--output`` used to name (``text``, ``json``): given as
            ``--output FORM`` they still choose the form, with a deprecation message.
    """
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        action=_OutputAction,
        help=_(
            "write to FILE (default: standard output); never one of the command's inputs, and written "
            "whole or not at all"
        ),
    )
    parser.set_defaults(legacy_forms=tuple(legacy_forms))


def add_to(parser: argparse.ArgumentParser, forms: Iterable[str], *, default: str = "text") -> None:
    """``--to FORM``: the output form, one of ``forms``."""
    choices = list(forms)
    parser.add_argument(
        "--to",
        choices=choices,
        default=default,
        metavar="FORM",
        help=_("the output form: {forms} (default: {default})").format(
            forms=", ".join(choices), default=default
        ),
    )


def add_as_computed(parser: argparse.ArgumentParser) -> None:
    """``--as-computed``: for a filed year, the figures the log now computes instead of the filed ones."""
    parser.add_argument(
        "--as-computed",
        action="store_true",
        help=_(
            "for a year whose report is filed, show the figures the log now computes instead of the filed "
            "ones (the default)"
        ),
    )


def add_calendar(parser: argparse.ArgumentParser, *, estimate: bool = True) -> None:
    """``--calendar FILE`` and (unless ``estimate`` is false) ``--estimate``."""
    parser.add_argument(
        "--calendar",
        metavar="FILE",
        help=_("a JSON or TOML file of holiday arrangements for years the bundled calendar lacks"),
    )
    if estimate:
        parser.add_argument(
            "--estimate",
            action="store_true",
            help=_(
                "estimate years without calendar data as weekends-only (such dates are marked) instead "
                "of stopping with an error"
            ),
        )


def warn_estimated(facts: AgencyFacts | None) -> None:
    """Say on standard error how many answers were judged on estimated calendar years (``--estimate``)."""
    count = 0 if facts is None else sum(anomaly.estimated for anomaly in facts.anomalies)
    if count:
        warn(
            plural(
                count,
                "{n} answer was judged on a year without calendar data, estimated as weekends-only",
                "{n} answers were judged on a year without calendar data, estimated as weekends-only",
            )
        )


def calendar_of(args: argparse.Namespace) -> Calendar:
    """The calendar ``--calendar`` and ``--estimate`` ask for (the official one by default)."""
    from opengov.calendar import WorkingCalendar

    path: str | None = getattr(args, "calendar", None)
    official = WorkingCalendar.from_file(path) if path else WorkingCalendar.default()
    return official.estimating() if getattr(args, "estimate", False) else official


# ---------------------------------------------------------------------------------------------------------
# Reading the source once


@attrs.define
class Input:
    """The SOURCE of a command, opened: read its events with :meth:`events` (once for standard input).

    Attributes:
        name: the source as given (``-`` for standard input), for messages.
    """

    name: str
    _read: bool = attrs.field(default=False, alias="_read")

    @property
    def is_stdin(self) -> bool:
        """Whether the source is standard input."""
        return self.name == STDIN

    @property
    def path(self) -> Path | None:
        """The local file the source is (``None`` for standard input or a store URL)."""
        from opengov.sources import is_store_url

        if self.is_stdin or is_store_url(self.name):
            return None
        return Path(self.name)

    def _stream(self) -> IO[bytes]:
        if self._read:
            raise RuntimeError("standard input is read once, and it has been read already")
        self._read = True
        buffer = getattr(sys.stdin, "buffer", None)
        return cast(IO[bytes], buffer if buffer is not None else sys.stdin)

    def events(self, *, agency: str | None = None) -> Iterator[Event]:
        """The source's events, streamed (of one agency when ``agency`` is given), with a progress bar
        when standard error is a terminal.

        Raises:
            FileNotFoundError: the file does not exist (at once, not at the first event).
        """
        return self._reading(agency, records=False)

    def records(self, *, agency: str | None = None) -> Iterator[Any]:
        """What :meth:`events` reads, as wire records where the fast read path takes them
        (:func:`opengov.sources.read_records`): for a command that only folds them.

        Raises:
            FileNotFoundError: the file does not exist (at once, not at the first event).
        """
        return self._reading(agency, records=True)

    def watched(self, tally: Tally, agency: str | None = None) -> Iterator[Any]:
        """The source's wire records (:meth:`records`) streamed past ``tally``, which notes every one; of
        ``agency`` only, when given, so that a command keeps no other agency's."""
        watched = tally.watch(self.records())
        return watched if agency is None else (e for e in watched if e.agency == agency)

    def readings(self) -> Iterable[Any]:
        """The source's wire records as an iterable that reads the source afresh each time it is iterated
        (standard input, which is read once, as a one-shot stream): for a fold that reads the log a
        second time only when it must (:func:`opengov.supervise.build_supervisor_view`)."""
        return self.records() if self.is_stdin else _Readings(self)

    def _reading(self, agency: str | None, *, records: bool) -> Iterator[Any]:
        from opengov.sources import is_store, is_store_url, read_events, read_records

        read = read_records if records else read_events
        what = _("reading {source}").format(source=self.name if not self.is_stdin else _("standard input"))
        if self.is_stdin:
            return progress(read(self._stream(), agency=agency), what=what)
        local = _showing_progress() and not is_store_url(self.name) and os.path.isfile(self.name)
        if local and not is_store(self.name):  # a JSON Lines file: the bar counts its bytes
            lines = _ProgressLines(self.name, what)
            return read(cast(IO[bytes], lines), agency=agency)
        return progress(read(self.name, agency=agency), what=what)

    def replayable(self) -> str | list[bytes]:
        """The source in a form that can be read twice (to check, then to use): the file's path, or the
        lines of standard input, read once into memory.

        Raises:
            FileNotFoundError: the file does not exist.
            IsADirectoryError: the path is a directory.
        """
        if self.is_stdin:
            return list(self._stream())
        mode = os.stat(self.name).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), self.name)
        if not stat.S_ISREG(mode):  # a pipe such as /dev/stdin: read it once
            with open(self.name, "rb") as handle:
                return list(handle)
        return self.name


@attrs.frozen
class _Readings:
    """:meth:`Input.readings` of a file or a store: each iteration reads it again."""

    source: Input

    def __iter__(self) -> Iterator[Any]:
        return self.source.records()


def open_source(args: argparse.Namespace) -> Input:
    """The command's SOURCE (or the deprecated ``--store``, or ``$OPENGOV_STORE``).

    Raises:
        UsageError: no source given and ``$OPENGOV_STORE`` is not set.
    """
    source: str | None = getattr(args, "source", None)
    old: str | None = getattr(args, "deprecated_store", None)
    if old is not None:
        deprecated(
            _("--store PATH for the store read from"), _("the SOURCE argument (opengov events export PATH)")
        )
        if source is not None and source != old:
            raise UsageError(
                _("two sources given: {source} and --store {old}; give one").format(source=source, old=old)
            )
        source = old
    if source is None:
        source = _store_default()
    if source is None:
        raise UsageError(
            _(
                "give a SOURCE (a JSON Lines file, a store, or - for standard input) or set ${variable}"
            ).format(variable=STORE_ENV)
        )
    args.source = source
    return Input(source)


@attrs.define
class AgencyTally:
    """What a source holds of one agency: its name, how many events, their first and last day, and how
    many of them record the log's keeping (filings, the filed-period policy, corrections)."""

    agency: str
    name: str | None = None
    count: int = 0
    first: _dt.date | None = None
    last: _dt.date | None = None
    years: set[int] = attrs.field(factory=set)
    records: int = 0


@attrs.define
class Tally:
    """Agencies and event counts seen while a command streams its events (see :meth:`watch`)."""

    agencies: dict[str, AgencyTally] = attrs.field(factory=dict)

    def watch(self, events: Iterable[_T]) -> Iterator[_T]:
        """Pass ``events`` through, noting each one's agency (calendar declarations belong to nobody)."""
        from opengov.events import RECORD_TAGS, AgencyRegistered, WorkingCalendarDeclared

        agencies = self.agencies
        calendar, registered = WorkingCalendarDeclared.TAG, AgencyRegistered.TAG
        for item in events:
            event: Any = item  # an event or a wire record (Input.records): read by TAG, never by class
            tag = event.TAG
            if tag != calendar:
                seen = agencies.get(event.agency)
                if seen is None:
                    seen = agencies[event.agency] = AgencyTally(event.agency)
                seen.count += 1
                day = event.day
                if seen.first is None or day < seen.first:
                    seen.first = day
                if seen.last is None or day > seen.last:
                    seen.last = day
                seen.years.add(day.year)
                if tag == registered:
                    seen.name = event.name
                elif tag in RECORD_TAGS:
                    seen.records += 1
            yield item

    def warn_if_empty(self, agency: str, year: int) -> None:
        """Warn on standard error when ``agency`` has no event dated in ``year``."""
        seen = self.agencies.get(agency)
        if seen is None or year in seen.years:
            return
        warn(
            _(
                "agency {agency!r} has no events dated in {year} (its events run from {first} to {last}): "
                "every figure is zero"
            ).format(agency=agency, year=year, first=seen.first, last=seen.last)
        )


_SHOWN_AGENCIES = 5


def choose_agency(tally: Tally, agency: str | None, source: str) -> str:
    """The agency a command reports on: ``agency`` if the source holds it, else the only one it holds.

    A message listing the agencies shows at most a few and points to ``opengov events agencies``.

    Raises:
        UsageError: the source holds none, or several and ``agency`` is ``None``, or not ``agency``.
    """
    held = sorted(tally.agencies)
    if agency is not None and agency in tally.agencies:
        return agency
    if agency is None and len(held) == 1:
        return held[0]
    if not held:
        raise UsageError(_("{source} holds no events of any agency").format(source=source))
    shown = ", ".join(repr(a) for a in held[:_SHOWN_AGENCIES])
    if len(held) > _SHOWN_AGENCIES:
        where = source if source != STDIN else "SOURCE"
        shown += _(" and {more} more: opengov events agencies {source} lists them all").format(
            more=len(held) - _SHOWN_AGENCIES, source=where
        )
    if agency is not None:
        raise UsageError(
            _("{source} holds no events of agency {agency!r} (agencies in it: {shown})").format(
                source=source, agency=agency, shown=shown
            )
        )
    raise UsageError(
        _("{source} holds events of {count} agencies ({shown}); choose one with --agency").format(
            source=source, count=len(held), shown=shown
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Writing the output


_INPUT_ATTRIBUTES = ("source", "store", "deprecated_store", "calendar", "profile", "files")
"""The argument names whose values are input files: :func:`input_paths` collects them."""


def input_paths(args: argparse.Namespace) -> list[str]:
    """Every local input file named in ``args``: SOURCE, ``--store``, ``--calendar``, ``--profile``, FILEs."""
    from opengov.sources import is_store_url

    found: list[str] = []
    for name in _INPUT_ATTRIBUTES:
        value = getattr(args, name, None)
        values = value if isinstance(value, list) else [value]
        found.extend(v for v in values if isinstance(v, str) and v != STDIN and not is_store_url(v))
    return found


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist
        return False


def _refuse_inputs(target: str, inputs: Iterable[str]) -> None:
    for path in inputs:
        for candidate in (path, *(path + side for side in SQLITE_SIDE_FILES)):
            if _same_file(target, candidate):
                what = "" if candidate == path else _(" (a file of the store {store})").format(store=path)
                raise UsageError(
                    _(
                        "-o {target} is the input {input}{what}: refusing to overwrite it; "
                        "write to another file"
                    ).format(target=target, input=candidate, what=what)
                )


def _stdout_bytes() -> IO[bytes]:
    buffer = getattr(sys.stdout, "buffer", None)
    return cast(IO[bytes], buffer if buffer is not None else _TextSink(sys.stdout))


class _TextSink:
    """Bytes written to a text stream with no binary buffer (a replaced ``sys.stdout``, as doctests use)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self._stream.flush()


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def output_stream(
    args: argparse.Namespace, *, binary: bool = False, inputs: Iterable[str] = ()
) -> Iterator[IO[bytes]]:
    """A binary stream to write the command's output to: ``-o FILE`` or standard output.

    A file is written to a temporary file in its directory and renamed into place when the block ends
    without an error, so it is whole or untouched. An ``-o`` that is one of the command's inputs (the
    same file by inode, not only by name, or the ``-wal``/``-shm`` file of an input store) is refused.

    Args:
        args: the parsed arguments (``output`` is the ``-o`` file; inputs are found by
            :func:`input_paths`).
        binary: the output is not text: refuse to write it to a terminal.
        inputs: more input files than :func:`input_paths` finds.

    Raises:
        UsageError: the output would overwrite an input, or binary output would go to a terminal.
    """
    target: str | None = getattr(args, "output", None)
    if target is None:
        if binary and sys.stdout.isatty():
            raise UsageError(
                _("--to {form} writes a binary file: give -o FILE").format(form=getattr(args, "to", "?"))
            )
        sys.stdout.flush()
        sink = _stdout_bytes()
        yield sink
        sink.flush()
        return
    _refuse_inputs(target, [*input_paths(args), *inputs])
    path = Path(target)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), target)
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), target)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and renamed below
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
    )
    try:
        with handle:
            yield cast(IO[bytes], handle)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _new_file_mode()
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def write_output(args: argparse.Namespace, data: str | bytes, *, inputs: Iterable[str] = ()) -> None:
    """Write a rendered output whole: to ``-o FILE`` (see :func:`output_stream`) or standard output."""
    if getattr(args, "output", None) is None and isinstance(data, str):
        sys.stdout.write(data)
        return
    with output_stream(args, binary=isinstance(data, bytes), inputs=inputs) as sink:
        sink.write(data if isinstance(data, bytes) else data.encode("utf-8"))
