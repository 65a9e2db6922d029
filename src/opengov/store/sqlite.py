"""The default event store: one SQLite file, safe for several processes on one machine.

The file runs in WAL mode with ``synchronous=FULL``, so a committed append survives a crash or power loss
and readers never block the writer. Appends take the write lock up front (``BEGIN IMMEDIATE``) and wait up
to ``timeout`` seconds for it, so two processes appending at once are serialized and the later one sees
the earlier one's events (and gets a :class:`~opengov.errors.ConcurrencyConflictError` if it expected
otherwise).

Each row keeps the event's wire JSON exactly as :func:`opengov.codec.encode` wrote it, next to indexed
columns (position, event id, agency, version, type). Reads decode through :func:`opengov.codec.decode`,
so rows of an older schema version are upcast as they are read and never rewritten.
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

import functools
import itertools
import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from opengov.errors import StoreError
from opengov.events import Event
from opengov.store._base import (
    AppendResult,
    ExpectedVersion,
    Lookup,
    PreparedBatch,
    StoredEvent,
    check_checkpoint,
    check_read_range,
    decode_stored,
    follow,
    prepare_batch,
    run_append,
)

SCHEMA_VERSION = 1
"""The layout of the tables, kept in SQLite's ``user_version``; a newer file is refused, not guessed at."""

_APPLICATION_ID = 0x4F47_4F56  # "OGOV": marks the file as an opengov store for `file` and for us

_SCHEMA = """
CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (agency, version)
);
CREATE TABLE checkpoints (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    state BLOB NOT NULL
);
"""

_PAGE_SIZE = 16384
"""Bytes per database page of a new file. An append writes every page it changes to the WAL as a whole
frame (two writes each), and a batch of many agencies' events changes a leaf of each index per agency:
larger pages mean fewer, fuller frames. A file keeps the page size it was created with."""

_VERSION = "SELECT max(version) FROM events WHERE agency = ?"
_PAGE = 500  # rows fetched per query while reading; no cursor stays open between pages
_AGENCIES = 200  # agencies' versions asked for in one statement (SQLite allows 500 terms of a compound)


_KNOWN_AGENCIES = 10_000
"""Agencies' stream versions a store remembers from its own appends (forgotten all at once beyond it)."""


class _Known:
    """What a store's connection knows of the log from its own last append: the head and the versions of
    the streams it wrote, valid while ``PRAGMA data_version`` (which moves when ANOTHER connection
    commits) has not moved. A lone writer then numbers its next batch without asking the file."""

    __slots__ = ("data_version", "head", "versions")

    def __init__(self) -> None:
        self.data_version = -1  # no data_version is negative: nothing known
        self.head = 0
        self.versions: dict[str, int] = {}

    def forget(self) -> None:
        self.data_version = -1
        self.versions.clear()

    def learn(self, data_version: int, result: AppendResult) -> None:
        if len(self.versions) + len(result.versions) > _KNOWN_AGENCIES:
            self.versions.clear()
        self.data_version = data_version
        self.head = result.head
        self.versions.update(result.versions)


_MOST_ROWS = 256
"""Rows written by one INSERT statement at most (fewer where SQLite allows fewer bound values)."""


@functools.cache
def _insert(rows: int) -> str:
    """The INSERT of ``rows`` rows (one text per size, so SQLite's statement cache keeps each prepared).

    Several rows to a statement: one statement step per row was a quarter of an insert's cost. ``OR
    ROLLBACK``: a refused row (a stored event id, under ``assume_new``) ends the whole transaction, as
    the append does anyway. Without it SQLite keeps a statement journal for a statement writing several
    rows inside a transaction, so as to undo just that statement, and spills it to a temporary file
    beyond 64 KiB: a multi-row insert was then slower than one row at a time.
    """
    return (
        "INSERT OR ROLLBACK INTO events (position, event_id, agency, version, type, data) VALUES "
        + ", ".join(["(?, ?, ?, ?, ?, ?)"] * rows)
    )


def _rows_per_insert(db: sqlite3.Connection) -> int:
    """The most rows one INSERT may write: ``_MOST_ROWS``, or the largest power of two whose six values a
    row fit within the library's limit of bound values (999 in SQLite builds before 3.32)."""
    most = _MOST_ROWS
    while most > 1 and 6 * most > db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER):
        most //= 2
    return most


def _pieces(count: int, most: int) -> Iterator[int]:
    """``count`` rows split into INSERTs of ``most`` rows, then of halving powers of two: few sizes of
    statement, each prepared once.

    >>> list(_pieces(700, 256))
    [256, 256, 128, 32, 16, 8, 4]
    """
    while count >= most:
        yield most
        count -= most
    size = most
    while count:
        size //= 2
        if count >= size:
            yield size
            count -= size


class _SQLiteTransaction:
    def __init__(self, connection: sqlite3.Connection, known: _Known | None = None) -> None:
        self._db = connection
        self._known = known

    def lookup(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        known = self._known
        if known is not None and not event_ids:
            # The write lock is held: nobody else commits until we do. If no other connection has
            # committed since our last append, its head and versions are the file's.
            versions = known.versions
            if all(map(versions.__contains__, agencies)):
                return Lookup({}, known.head, {agency: versions[agency] for agency in agencies})
        return self._ask(event_ids, agencies)

    def _ask(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        # One statement asks for the head, the versions of up to _AGENCIES agencies (one probe down the
        # (agency, version) index each) and up to _PAGE event ids: a batch of one is one statement.
        found: dict[str, tuple[int, str]] = {}
        versions: dict[str, int] = {}
        head = 0
        parts = ["SELECT 0, NULL, max(position), NULL FROM events"]
        steps = max(-(-len(agencies) // _AGENCIES), -(-len(event_ids) // _PAGE), 1)
        for step in range(steps):
            some = agencies[step * _AGENCIES : (step + 1) * _AGENCIES]
            ids = event_ids[step * _PAGE : (step + 1) * _PAGE]
            parts.extend(["SELECT 1, ?, max(version), NULL FROM events WHERE agency = ?"] * len(some))
            if ids:
                marks = ",".join("?" * len(ids))
                parts.append(f"SELECT 2, event_id, position, data FROM events WHERE event_id IN ({marks})")
            params = [value for agency in some for value in (agency, agency)]
            params.extend(ids)
            for kind, key, number, data in self._db.execute(" UNION ALL ".join(parts), params):
                if kind == 2:
                    found[key] = (number, data)
                elif kind == 1:
                    versions[key] = number or 0
                else:
                    head = number or 0
            parts = []
        return Lookup(found, head, versions)

    def insert(self, batch: PreparedBatch, first: int, numbers: Sequence[int]) -> None:
        rows = batch.rows(first, numbers)
        if len(batch) == 1:
            self._db.execute(_insert(1), next(rows))
            return
        most = _rows_per_insert(self._db)
        for size in _pieces(len(batch), most):
            self._db.execute(_insert(size), list(itertools.chain.from_iterable(itertools.islice(rows, size))))


class SQLiteStore:
    """An :class:`~opengov.store.EventStore` in one SQLite file, created with its schema on first open.

    A store object belongs to the thread that opened it; open one per thread or process (they all see
    the same file).

    >>> import datetime as dt, tempfile, pathlib
    >>> from opengov.events import MeetingHeld
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "events.db"
    >>> with SQLiteStore(path) as store:
    ...     store.append([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))]).head
    1
    >>> with SQLiteStore(path) as store:
    ...     [stored.event.id for stored in store.read(agency="a1")]
    ['m1']

    Args:
        path: the database file.
        create: create the file when it does not exist; when false, a missing file is an error.
        timeout: seconds to wait for another process's write lock before giving up.

    Raises:
        StoreError: the file is missing (with ``create=False``), cannot be opened, is not a SQLite
            database, is a SQLite database of something else, or was written by a newer opengov.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._timeout = timeout
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no event store there (check the path, or import events first)")
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the event store: {exc}") from None
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: not a usable SQLite event store: {exc}") from None
        except BaseException:
            self._db.close()
            raise
        self._closed = False
        self._known = _Known()

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    def _setup(self) -> None:
        db = self._db
        # Reading a pragma touches the file header: a file that is not a database fails here.
        user_version, application_id = self._identity()
        if user_version == 0:
            # Only an empty file takes a page size (set before its first table; a no-op otherwise).
            db.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
            db.execute("BEGIN IMMEDIATE")
            try:
                user_version, application_id = self._identity()  # another process may have just created it
                if user_version == 0:
                    others = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                    if others:
                        raise StoreError(
                            f"{self.path}: a SQLite database, but not an opengov event store; "
                            "give a new file name"
                        )
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    user_version, application_id = SCHEMA_VERSION, _APPLICATION_ID
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if application_id != _APPLICATION_ID:
            raise StoreError(f"{self.path}: a SQLite database, but not an opengov event store")
        if user_version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer opengov (store schema {user_version}; this version reads "
                f"up to {SCHEMA_VERSION}): upgrade opengov"
            )
        if self._switch_to_wal() not in ("wal", "memory"):
            raise StoreError(f"{self.path}: cannot switch the database to WAL mode")
        db.execute("PRAGMA synchronous = FULL")

    def _switch_to_wal(self) -> str:
        """Put the file in WAL mode (once per file: the mode is kept in it), waiting out other openers.

        Switching needs the file to itself for a moment; SQLite answers "database is locked" at once,
        without its busy handler, when another process is opening the same new store. Wait for it as
        for any other lock, up to the store's timeout.
        """
        deadline = time.monotonic() + self._timeout
        pause = 0.005
        while True:
            try:
                mode = str(self._db.execute("PRAGMA journal_mode").fetchone()[0]).lower()
                if mode in ("wal", "memory"):
                    return mode
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 0.05)

    def _identity(self) -> tuple[int, int]:
        user_version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        application_id = int(self._db.execute("PRAGMA application_id").fetchone()[0])
        return user_version, application_id

    def _check_open(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        return self._db

    def _fail(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(f"{self.path}: {exc}")

    def append(self, events: Iterable[Event], *, expected_version: ExpectedVersion = None) -> AppendResult:
        """Store a batch atomically in one ``BEGIN IMMEDIATE`` transaction.

        See :meth:`opengov.store.EventStore.append` for the rules and the errors.
        """
        batch = prepare_batch(events, expected_version)
        db = self._check_open()
        try:
            return self._append(db, batch, expected_version, assume_new=True)
        except sqlite3.IntegrityError:
            # An event id is already stored (the unique index refused it, and the transaction was rolled
            # back): the append rules in full tell a retry from a different event under a used id.
            pass
        return self._append(db, batch, expected_version, assume_new=False)

    def _append(
        self,
        db: sqlite3.Connection,
        batch: PreparedBatch,
        expected_version: ExpectedVersion,
        *,
        assume_new: bool,
    ) -> AppendResult:
        """One ``BEGIN IMMEDIATE`` transaction of :func:`run_append`; with ``assume_new`` the event ids
        are not looked up, and a stored one surfaces as the unique index's ``IntegrityError``."""
        known = self._known
        try:
            db.execute("BEGIN IMMEDIATE")
            data_version = int(db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise self._fail(exc) from None
        if data_version != known.data_version:
            known.forget()
        try:
            result = run_append(
                _SQLiteTransaction(db, known if assume_new else None),
                batch,
                expected_version,
                assume_new=assume_new,
            )
            self._commit(db)
            known.learn(data_version, result)
        except BaseException as exc:
            known.forget()
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError) and assume_new:
                raise
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from None
            raise
        return result

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        """Store several batches in one ``BEGIN IMMEDIATE`` transaction: all of them or none.

        See :meth:`opengov.store.EventStore.append_batches`.
        """
        db = self._check_open()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        stored = 0
        self._known.forget()  # this connection's own commits do not move data_version
        try:
            txn = _SQLiteTransaction(db)
            for events in batches:
                stored += run_append(txn, prepare_batch(events, None), None).count
            self._commit(db)
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from None
            raise
        return stored

    def _commit(self, db: sqlite3.Connection) -> None:
        db.execute("COMMIT")

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        """Stored events in global order, fetched a page at a time.

        See :meth:`opengov.store.EventStore.read`.
        """
        check_read_range(after, until)
        db = self._check_open()
        last = self.head() if until is None else until
        return self._pages(db, agency, after, last)

    def read_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[Any]:
        """What :meth:`read` reads, as a fold takes it: each page decoded in one call into wire records
        (:mod:`opengov.wire`), and into events where the fast path leaves a row to the codec.

        Raises:
            StoreError: a row cannot be read; the message names its position.
        """
        # a list per page, flattened in C: no generator is resumed per record
        return itertools.chain.from_iterable(self._record_pages(agency, after, until))

    def _record_pages(self, agency: str | None, after: int, until: int | None) -> Iterator[list[Any]]:
        from opengov.wire import decode_page

        check_read_range(after, until)
        db = self._check_open()
        last = self.head() if until is None else until
        for rows in self._rows(db, agency, after, last, data="CAST(data AS BLOB)"):
            yield decode_page(rows, str(self.path))

    def _pages(
        self, db: sqlite3.Connection, agency: str | None, after: int, last: int
    ) -> Iterator[StoredEvent]:
        for rows in self._rows(db, agency, after, last):
            for position, version, data in rows:
                yield StoredEvent(position, version, decode_stored(data, position, str(self.path)))

    def _rows(
        self, db: sqlite3.Connection, agency: str | None, after: int, last: int, data: str = "version, data"
    ) -> Iterator[list[Any]]:
        """The rows after ``after`` up to ``last`` a page at a time: the position, then ``data``'s columns
        (the wire JSON is read as bytes, with no text decoding, by ``CAST(data AS BLOB)``)."""
        where = "position > ? AND position <= ?" + (" AND agency = ?" if agency is not None else "")
        query = f"SELECT position, {data} FROM events WHERE {where} ORDER BY position LIMIT {_PAGE}"
        cursor = after
        while cursor < last:
            params: tuple[object, ...] = (cursor, last) if agency is None else (cursor, last, agency)
            try:
                rows = self._check_open().execute(query, params).fetchall()
            except sqlite3.Error as exc:
                raise self._fail(exc) from None
            if not rows:
                return
            yield rows
            cursor = rows[-1][0]

    def _scalar(self, query: str, params: tuple[object, ...] = ()) -> int:
        db = self._check_open()
        try:
            row = db.execute(query, params).fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        return int(row[0] or 0)

    def version(self, agency: str) -> int:
        """The version of ``agency``'s stream (0 when it holds no event)."""
        return self._scalar(_VERSION, (agency,))

    def agencies(self) -> list[str]:
        """Every agency with a stored event, sorted."""
        db = self._check_open()
        try:
            return [row[0] for row in db.execute("SELECT DISTINCT agency FROM events ORDER BY agency")]
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def head(self) -> int:
        """The last global position (0 when empty)."""
        return self._scalar("SELECT max(position) FROM events")

    def save_checkpoint(self, name: str, position: int, state: bytes) -> None:
        """Keep ``state`` as of ``position`` under ``name``.

        See :meth:`opengov.store.EventStore.save_checkpoint`.
        """
        self.save_checkpoints({name: (position, state)})

    def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
        """Keep several checkpoints in one transaction, all or none.

        See :meth:`opengov.store.EventStore.save_checkpoints`.
        """
        db = self._check_open()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        try:
            head = int(db.execute("SELECT max(position) FROM events").fetchone()[0] or 0)
            for name, (position, state) in checkpoints.items():
                check_checkpoint(name, position, state, head)
            db.executemany(
                "INSERT INTO checkpoints (name, position, state) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state",
                [(name, position, state) for name, (position, state) in checkpoints.items()],
            )
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from None
            raise

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """The ``(position, state)`` saved under ``name``, or ``None``."""
        db = self._check_open()
        try:
            row = db.execute("SELECT position, state FROM checkpoints WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        return None if row is None else (int(row[0]), bytes(row[1]))

    def subscribe(self, *, after: int = 0, wait: float | None = None) -> Iterator[StoredEvent]:
        """Events after ``after``, then each new one as another connection commits it.

        The change check, every 20 ms, is ``PRAGMA data_version`` (which moves when another connection
        commits) and the last position (one step down the primary key, which catches this connection's
        own appends): the events are read only once something changed.
        See :meth:`opengov.store.EventStore.subscribe`.
        """
        poll = 0.02
        db = self._check_open()
        seen = (int(db.execute("PRAGMA data_version").fetchone()[0]), self.head())

        def changed(seconds: float) -> None:
            nonlocal seen
            deadline = time.monotonic() + seconds
            while True:
                now = (int(self._check_open().execute("PRAGMA data_version").fetchone()[0]), self.head())
                if now != seen or time.monotonic() >= deadline:
                    seen = now
                    return
                time.sleep(min(poll, max(0.0, deadline - time.monotonic())))

        return follow(self, after, wait, changed)

    def close(self) -> None:
        """Close the database connection; closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
