"""Where events come from: a JSON Lines file or stream, an event store file, or a store URL.

Every ``opengov`` command that reads events takes one SOURCE and reads it through :func:`read_events`. A
SQLite store is recognised by the first 16 bytes of every SQLite database (``SQLite format 3`` and a NUL
byte), not by its file name, so ``log.db``, ``log.sqlite`` and ``log`` all work; a ``scheme://`` URL names
a store on a server; an open binary stream (standard input) and anything else is read as JSON Lines,
strictly (the first bad line stops the read). Nothing is read twice: a pipe is never sniffed.

>>> import tempfile, datetime as dt
>>> from pathlib import Path
>>> from opengov.codec import write_events
>>> from opengov.events import MeetingHeld
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "log.jsonl"
...     _ = write_events([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))], path)
...     [e.id for e in read_events(path)], is_store(path)
(['m1'], False)
"""

from __future__ import annotations

__all__ = ["SQLITE_HEADER", "is_store", "is_store_url", "read_events", "read_records"]

import errno
import os
import stat
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import IO, Any

from opengov.codec import iter_events
from opengov.events import Event
from opengov.store import is_store_url, open_store

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file: how a store file is told from a JSON Lines file."""


def is_store(source: str | PathLike[str]) -> bool:
    """Whether ``source`` is a SQLite file (an event store), judged by its first 16 bytes.

    Only a regular file can be a store: a pipe (``/dev/stdin``) is not read here, so that no byte of it is
    consumed before it is read as JSON Lines.

    Args:
        source: a file path.

    Raises:
        OSError: the file cannot be opened (``FileNotFoundError`` when it is missing,
            ``IsADirectoryError`` for a directory).
    """
    path = Path(source)
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(source))
    if not stat.S_ISREG(mode):
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def read_events(source: str | PathLike[str] | IO[bytes], *, agency: str | None = None) -> Iterator[Event]:
    """Stream the events of a JSON Lines file or stream, or of an event store in global (stored) order.

    A file is looked at once, so a missing file fails here rather than at the first event; the events
    themselves are read lazily, one at a time, so memory does not grow with the log. A pipe
    (``/dev/stdin``) or an open binary stream is read as JSON Lines, once.

    Args:
        source: the path of a JSON Lines file or of a SQLite event store, a store URL, or a binary
            stream of JSON Lines.
        agency: only this agency's events (a store reads only those).

    Raises:
        FileNotFoundError: the file does not exist (other ``OSError`` when it cannot be read).
        DecodeError: while iterating, a line of a JSON Lines file is not a valid event.
        StoreError: while iterating, the store cannot be opened or a stored event cannot be read.
    """
    return _read(source, agency, records=False)


def read_records(source: str | PathLike[str] | IO[bytes], *, agency: str | None = None) -> Iterator[Any]:
    """What :func:`read_events` reads, in the form a fold takes fastest: wire records
    (:mod:`opengov.wire`) read a block of lines or a page of rows at a time, and attrs events where the
    fast path leaves a line or row to the codec.

    The same events in the same order, and the same errors, as :func:`read_events`. A wire record has its
    event's ``TAG`` and field names (``day`` for the Beijing date); its class is not public. Give the
    records to :class:`~opengov.fold.PeriodFold`, :func:`~opengov.tables.build_tables`,
    :func:`~opengov.ledger.build_ledger`, :func:`~opengov.report.build_report`,
    :func:`~opengov.supervise.build_supervisor_view` or :func:`~opengov.corrections.corrected_log`; read
    events with :func:`read_events` for anything that needs the event classes.

    >>> import tempfile, datetime as dt
    >>> from pathlib import Path
    >>> from opengov.codec import write_events
    >>> from opengov.events import MeetingHeld
    >>> from opengov.tables import build_tables
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "log.jsonl"
    ...     _ = write_events([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))], path)
    ...     records = list(read_records(path))
    ...     tables = build_tables(read_records(path), year=2024)
    >>> [(r.TAG, r.day) for r in records], tables["a1"].facts.meetings
    ([('meeting_held', datetime.date(2024, 3, 1))], 1)

    Raises:
        FileNotFoundError: the file does not exist (other ``OSError`` when it cannot be read).
        DecodeError: while iterating, a line of a JSON Lines file is not a valid event.
        StoreError: while iterating, the store cannot be opened or a stored event cannot be read.
    """
    return _read(source, agency, records=True)


def _read(source: str | PathLike[str] | IO[bytes], agency: str | None, *, records: bool) -> Iterator[Any]:
    """:func:`read_events`, or with ``records`` :func:`read_records`."""
    lines: Callable[[str | PathLike[str] | IO[bytes]], Iterator[Any]] = iter_events
    if records:
        from opengov.wire import iter_records

        lines = iter_records
    if not isinstance(source, (str, PathLike)):
        events = lines(source)
    elif is_store_url(source) or is_store(source):
        return _stored(source, agency, records=records)
    else:
        events = lines(Path(source))
    return events if agency is None else (e for e in events if e.agency == agency)


def _stored(source: str | PathLike[str], agency: str | None, *, records: bool) -> Iterator[Any]:
    with open_store(source, create=False) as store:
        fast = getattr(store, "read_records", None) if records else None  # every opengov store has it
        if fast is not None:
            yield from fast(agency=agency)
            return
        for stored in store.read(agency=agency):
            yield stored.event
