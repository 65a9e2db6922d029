"""Event stores: where the event log lives between runs.

Every store meets one protocol, :class:`EventStore`: atomic, idempotent appends with optimistic
concurrency per agency stream, and reads in one global order. :class:`SQLiteStore` is the default (one
file, several processes); :class:`PostgresStore` keeps many agencies' logs on a PostgreSQL server for
several app servers; :class:`MemoryStore` is for tests and embedding. :func:`open_store` picks one from a
path or URL, and :func:`import_jsonl` / :func:`export_jsonl` move events between a store and a JSON Lines
file.
"""

from __future__ import annotations

__all__ = [
    "AppendResult",
    "EventStore",
    "ExpectedVersion",
    "FiledPeriodGuard",
    "MemoryStore",
    "PostgresStore",
    "SQLiteStore",
    "StoredEvent",
    "append_checked",
    "check_append",
    "export_jsonl",
    "import_jsonl",
    "is_store_url",
    "open_store",
]

import contextlib
import os
import random
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, cast

from opengov.codec import Source, enumerate_events, iter_events, validate_file, write_events
from opengov.errors import (
    AppendRefusedError,
    ConcurrencyConflictError,
    DecodeError,
    DuplicateEventIdError,
    StoreError,
)
from opengov.events import Event
from opengov.store._base import AppendResult, EventStore, ExpectedVersion, StoredEvent
from opengov.store._guard import FiledPeriodGuard, check_append
from opengov.store.memory import MemoryStore
from opengov.store.postgres import PostgresStore
from opengov.store.sqlite import SQLiteStore


def is_store_url(source: str | os.PathLike[str]) -> bool:
    """Whether ``source`` is a store URL (``scheme://…``, e.g. ``postgresql://host/db``), not a file path.

    >>> is_store_url("postgresql://localhost/opengov"), is_store_url("log.jsonl")
    (True, False)
    """
    scheme, sep, _ = os.fspath(source).partition("://")
    return bool(sep) and scheme.isidentifier()


def open_store(path_or_url: str | os.PathLike[str], *, create: bool = True) -> EventStore:
    """Open the store a path or URL names.

    A file path opens (or creates) a :class:`SQLiteStore`; a ``postgresql://`` (or ``postgres://``) URL
    opens a :class:`PostgresStore` in the database's ``opengov`` schema (or the one a ``schema=NAME``
    query parameter names), creating its tables on first use; ``":memory:"`` makes a fresh
    :class:`MemoryStore`.

    >>> with open_store(":memory:") as store:
    ...     store.head()
    0

    Args:
        path_or_url: a database file path, a PostgreSQL URL, or ``":memory:"``.
        create: create a missing SQLite file; when false, a missing file is an error.

    Raises:
        StoreError: the URL scheme is not supported, the server cannot be reached, or the file cannot
            be opened as a store.
    """
    target = os.fspath(path_or_url)
    if target == ":memory:":
        return MemoryStore()
    if is_store_url(target):
        scheme = target.partition("://")[0]
        if scheme in ("postgresql", "postgres"):
            return PostgresStore.from_url(target)
        raise StoreError(
            f"{target!r}: unknown store URL scheme {scheme!r}; give a SQLite file path or a postgresql:// URL"
        )
    return SQLiteStore(target, create=create)


def _batches(events: Iterator[Event], size: int) -> Iterator[list[Event]]:
    while batch := list(islice(events, size)):
        yield batch


def import_jsonl(store: EventStore, source: Source, *, batch_size: int = 1000) -> int:
    """Append the events of a JSON Lines file to ``store``, all or nothing; return how many were new.

    The whole file is checked first — every line, and every event id used twice in the file for
    different events — and if anything is wrong nothing is appended. The events then go in batches of
    ``batch_size`` inside ONE store transaction (:meth:`~opengov.store.EventStore.append_batches`), so an
    event id the store already holds with other content, a crash or a kill also leaves nothing of the
    file behind. Events already stored identically are skipped, so importing the same file again stores
    nothing new.

    >>> import io
    >>> line = b'{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2024-03-01"}\\n'
    >>> store = MemoryStore()
    >>> import_jsonl(store, [line]), import_jsonl(store, [line])
    (1, 0)
    >>> other = line.replace(b"03-01", b"03-02")
    >>> new = line.replace(b'"m1"', b'"m2"')
    >>> try:
    ...     import_jsonl(store, [new, other])
    ... except DuplicateEventIdError as error:
    ...     print(error.where, error.event_id, error.position)
    <stream>:2 m1 1
    >>> store.head()
    1

    Args:
        store: the store to append to.
        source: a file path, a binary file or an iterable of lines (read into memory, since it is read
            twice).
        batch_size: events per batch of the transaction.

    Raises:
        DecodeError: lines of the file are bad, or reuse an id; the error lists every one of them.
        DuplicateEventIdError: an event id is already stored with different content; the message names
            the file and line.
        FiledPeriodError: an event is dated inside a filed period whose agency refuses such events
            (:func:`append_checked`); the message names the file and line, the event and the filing.
        AppendRefusedError: a correction or retraction names an event it may not.
        OSError: the file cannot be read.
        ValueError: ``batch_size`` is less than 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if not isinstance(source, (str, os.PathLike)):
        source = cast(list[bytes], list(source))  # lines of one kind, bytes or str
    errors = validate_file(source)
    if errors:
        raise DecodeError(errors)
    guard = _guard_of(store)
    try:
        return store.append_batches(_batches(iter(guard.checked(iter_events(source))), batch_size))
    except DuplicateEventIdError as exc:
        raise DuplicateEventIdError(
            exc.event_id, exc.position, where=_line_of(source, exc.event_id)
        ) from None
    except AppendRefusedError as exc:
        exc.where = _line_of(source, exc.event_id)
        exc.args = (f"{exc.where}: {exc.args[0]}",)
        raise


def _guard_of(store: EventStore, versions: dict[str, int] | None = None) -> FiledPeriodGuard:
    """The append guard of what ``store`` holds, reading an agency's stream only when a new event of that
    agency comes (nothing to read in an empty store).

    ``versions``, when given, receives the version of each agency's stream as the guard read it (only
    from reads of that one stream, so it never runs ahead of what the guard observed).

    Nothing is read before the first event is checked, not even whether the store is empty: an import
    checks its events as its transaction takes them, under the store's write lock, so what the guard reads
    is what the import is stored after.
    """
    empty: list[bool] = []  # asked at the first read

    def read(agency: str | None) -> Iterator[Event]:
        if not empty:
            empty.append(store.head() == 0)
        if empty[0]:
            return
        for stored in store.read(agency=agency):
            if versions is not None and agency is not None:
                versions[agency] = stored.version
            yield stored.event

    return FiledPeriodGuard.reading(read)


_GUARD_ATTEMPTS = 50
"""How many times :func:`append_checked` reads and checks again after another writer moved the stream
(waiting a little longer, at random, after each: writers hammering one stream take turns)."""


def append_checked(
    store: EventStore, events: Iterable[Event], *, expected_version: int | None = None
) -> AppendResult:
    """Append a batch like :meth:`EventStore.append`, after the append guard has admitted every event.

    The guard (:class:`FiledPeriodGuard`) refuses an event dated inside a filed period when its agency
    declared it refuses such events, and a correction or retraction of an event it may not correct; then
    nothing of the batch is stored. This is the path every opengov writer appends by.

    The guard's reading and the append are one decision even with other writers: the batch is stored
    only if the stream of every agency it names is still at the version the guard read (for a batch of one
    agency, ``expected_version``, when given, must also hold); when another writer appended meanwhile, the
    streams are read and the batch judged again, so a filing or refuse declaration stored in between is
    never slipped past.

    >>> import datetime as dt
    >>> from opengov.events import MeetingHeld
    >>> store = MemoryStore()
    >>> append_checked(store, [MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))]).count
    1

    Raises:
        FiledPeriodError: an event falls in a filed period its agency refuses events in.
        AppendRefusedError: a correction or retraction names an event it may not.
        ConcurrencyConflictError, DuplicateEventIdError, StoreError: as :meth:`EventStore.append`.
        ValueError: ``expected_version`` is given for a batch naming several agencies.
    """
    batch = list(events)
    agencies = sorted({event.agency for event in batch})
    if not agencies or (len(agencies) > 1 and expected_version is not None):
        # nothing to store, or one version for several streams (which the store refuses)
        return store.append(batch, expected_version=expected_version)
    conflict: ConcurrencyConflictError | None = None
    for attempt in range(_GUARD_ATTEMPTS):
        if attempt:
            time.sleep(random.uniform(0, min(0.05, 0.002 * attempt)))  # jitter, not secrets
        versions: dict[str, int] = {}
        guard = _guard_of(store, versions)
        for event in batch:
            guard.check(event)
        # every stream must still be as the guard read it, else another writer's filing may slip by
        seen = {agency: versions.get(agency, 0) for agency in agencies}
        if len(agencies) > 1:
            expected: int | dict[str, int] = seen
        else:
            (agency,) = agencies
            if expected_version is not None and seen[agency] < expected_version:
                if store.version(agency) == seen[agency]:  # the writer expects a version never had
                    raise ConcurrencyConflictError(agency, expected_version, seen[agency])
                continue  # the stream moved on after the guard read it: read it again
            expected = seen[agency] if expected_version is None else expected_version
        try:
            return store.append(batch, expected_version=expected)
        except ConcurrencyConflictError as exc:
            if expected_version is not None:
                raise
            conflict = exc
    if conflict is None:  # the stream kept moving past the guard's reading
        (agency,) = agencies
        conflict = ConcurrencyConflictError(agency, versions.get(agency, 0), store.version(agency))
    raise conflict


def _line_of(source: Source, event_id: str) -> str:
    """``file:line`` of the first event of ``source`` with ``event_id`` (the file is known to be valid)."""
    name = str(source) if isinstance(source, (str, os.PathLike)) else "<stream>"
    for number, event in enumerate_events(source):
        if event.id == event_id:
            return f"{name}:{number}"
    return name


def export_jsonl(
    store: EventStore, target: str | os.PathLike[str] | IO[bytes], *, agency: str | None = None
) -> int:
    """Write the store's events as JSON Lines in global order; return how many were written.

    A file path is written whole or not at all (through a temporary file in the same directory), so a
    failed export never leaves a truncated file behind. Importing the file into an empty store gives back
    the same events in the same order.

    Args:
        store: the store to read.
        target: a file path or a binary stream.
        agency: only this agency's events.

    Raises:
        StoreError: a stored event cannot be read.
        OSError: the file cannot be written.
    """
    events = (stored.event for stored in store.read(agency=agency))
    if not isinstance(target, (str, os.PathLike)):
        return write_events(events, target)
    path = Path(target)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            count = write_events(events, handle)
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return count
