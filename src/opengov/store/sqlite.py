"""The default event store: one SQLite file, safe for several processes on one machine.

The file runs in WAL mode with ``synchronous=FULL``, so a committed append survives a crash or power loss
and readers never block the writer. Appends take the write lock up front (``BEGIN IMMEDIATE``) and wait up
to ``timeout`` seconds for it, so two processes appending at once are serialized and the later one sees
the earlier one's events (and gets a :class:`~opengov.errors.ConcurrencyConflictError` if it expected
otherwise).

Each row keeps the event's wire JSON exactly as :func:`opengov.codec.encode` wrote it, next to its
position, event id (indexed, unique), agency, version in its agency's stream, type, and the position of
its agency's previous event; a small ``streams`` table keeps each agency's version and last position.
Reads decode through :func:`opengov.codec.decode`, so events of an older wire version are upcast as they
are read and never rewritten.
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

import functools
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self

import orjson

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
    page_positioned,
    page_records,
    prepare_batch,
    run_append,
)

SCHEMA_VERSION = 2
"""The layout of the tables, kept in SQLite's ``user_version``; a newer file is refused, not guessed at, and
an older one is migrated when opened (:meth:`SQLiteStore._migrate`).

Version 2 (December 2026) keeps each stream's version and last position in a small ``streams`` table and
links each event to its agency's previous one (``previous``), instead of an index on ``(agency,
version)``: an append of many agencies' events changed a leaf of that index per agency, and every page a
commit changes is written to the WAL whole (docs/deployment.md, "Append throughput")."""

_APPLICATION_ID = 0x4F47_4F56  # "OGOV": marks the file as an opengov store for `file` and for us

_EVENTS = """
CREATE TABLE {name} (
    position INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    agency TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    previous INTEGER CHECK (previous < position),
    type TEXT NOT NULL,
    data TEXT NOT NULL
)"""
"""The events: ``previous`` is the position of the agency's event before this one (NULL for its first)."""

_STREAMS = """
CREATE TABLE streams (
    agency TEXT PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version >= 1),
    last INTEGER NOT NULL
) WITHOUT ROWID"""
"""Each agency's stream: its version and the position of its last event (one row per agency, so a commit
of many agencies' events changes a page or two of it)."""

_SCHEMA = (
    _EVENTS.format(name="events")
    + ";"
    + _STREAMS
    + """;
CREATE TABLE checkpoints (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    state BLOB NOT NULL
);
"""
)

_MIGRATE_1 = (
    _EVENTS.format(name="events_v2")
    + ";"
    + """
INSERT INTO events_v2 (position, event_id, agency, version, previous, type, data)
    SELECT position, event_id, agency, version,
           lag(position) OVER (PARTITION BY agency ORDER BY position), type, data
    FROM events ORDER BY position;"""
    + _STREAMS
    + """;
INSERT INTO streams (agency, version, last)
    SELECT agency, max(version), max(position) FROM events GROUP BY agency;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events
"""
)
"""Schema 1 to 2: the events copied with their links (the table is made again, since SQLite cannot drop
the ``(agency, version)`` index a table constraint made), the streams from them."""

_PAGE_SIZE = 4096
"""Bytes per database page of a new file (SQLite's default). An append writes every page it changes to the
WAL as a whole frame: a commit of one event changes three pages (the table's last leaf, a leaf of the
event-id index, the streams), and a commit of 100 events with random ids a leaf of the event-id index per
few events, so smaller pages mean fewer bytes to flush. (Files made from 3 to 4 December 2026 have 16 KiB
pages, chosen when the agency index still changed a leaf per agency; they keep them: a file keeps the
page size it was created with. docs/deployment.md, "Append throughput, session 7", has the figures.)"""

_VERSION = "SELECT max(version) FROM streams WHERE agency = ?"

_CHAIN = """
WITH RECURSIVE chain(position) AS (
    SELECT last FROM streams WHERE agency = ?1
    UNION ALL
    SELECT previous FROM events JOIN chain USING (position) WHERE previous > ?2
)
SELECT position FROM chain WHERE position > ?2 AND position <= ?3 ORDER BY position
"""
"""The positions of an agency's events after ``?2`` up to ``?3``: its chain of ``previous`` links walked
back from its last event (one step down the primary key each)."""

_PAGE = 500  # rows fetched per query while reading; no cursor stays open between pages

_JOINED_PAGE = (
    "SELECT CAST(group_concat(d, ',') AS BLOB), CAST(group_concat(p, ',') AS BLOB) FROM ("
    "SELECT position AS p, CAST(data AS BLOB) AS d FROM events WHERE position > ? AND position <= ? "
    f"ORDER BY position LIMIT {_PAGE})"
)
"""A page of the log as two bytes objects: its rows' JSON joined by commas, and their positions joined
the same way (read by :meth:`SQLiteStore.read_records`: no Python object per row; docs/performance.md,
"Store replay", has what it saves)."""
_AGENCIES = 200  # agencies whose streams one lookup statement asks for (with up to _PAGE event ids)


_KNOWN_AGENCIES = 10_000
"""Agencies' stream versions a store remembers from its own appends (forgotten all at once beyond it)."""


class _Known:
    """What a store's connection knows of the log from its own last append: the head, and the version and
    last position of the streams it wrote, valid while ``PRAGMA data_version`` (which moves when ANOTHER
    connection commits) has not moved. A lone writer then numbers its next batch without asking the
    file."""

    __slots__ = ("data_version", "head", "streams")

    def __init__(self) -> None:
        self.data_version = -1  # no data_version is negative: nothing known
        self.head = 0
        self.streams: dict[str, tuple[int, int]] = {}

    def forget(self) -> None:
        self.data_version = -1
        self.streams.clear()

    def learn(self, data_version: int, head: int, streams: dict[str, tuple[int, int]]) -> None:
        if len(self.streams) + len(streams) > _KNOWN_AGENCIES:
            self.streams.clear()
        self.data_version = data_version
        self.head = head
        self.streams.update(streams)


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
        "INSERT OR ROLLBACK INTO events (position, event_id, agency, version, previous, type, data) VALUES "
        + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * rows)
    )


@functools.cache
def _upsert_streams(rows: int) -> str:
    """The INSERT of ``rows`` streams' versions and last positions, each replacing its agency's row."""
    return (
        "INSERT OR ROLLBACK INTO streams (agency, version, last) VALUES "
        + ", ".join(["(?, ?, ?)"] * rows)
        + " ON CONFLICT (agency) DO UPDATE SET version = excluded.version, last = excluded.last"
    )


def _write(db: sqlite3.Connection, statement: Callable[[int], str], columns: Sequence[Sequence[Any]]) -> None:
    """Run ``statement(size)`` on the rows whose values are ``columns`` (one sequence per column, of equal
    lengths), in pieces (:func:`_pieces`) of at most ``_MOST_ROWS`` rows, or of the largest power of two
    whose values fit within the library's limit of bound values (999 in SQLite builds before 3.32).

    Each piece's values are laid out row after row by one slice assignment per column, in C: a tuple per
    row, then flattened, took 8.9 µs for 100 rows of 7 values, this 2.4 µs (``timeit``).
    """
    count, width = len(columns[0]), len(columns)
    most = _MOST_ROWS
    while most > 1 and width * most > db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER):
        most //= 2
    start = 0
    for size in _pieces(count, most):
        values: list[Any] = [None] * (width * size)
        for at, column in enumerate(columns):
            values[at::width] = column[start : start + size]
        db.execute(statement(size), values)
        start += size


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
        self.streams: dict[str, tuple[int, int]] = {}
        """The version and last position of each stream looked up or written, as the file has them now
        (a stream with no event is not there)."""

    def lookup(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        known = self._known
        if known is not None and not event_ids:
            # The write lock is held: nobody else commits until we do. If no other connection has
            # committed since our last append, its head and versions are the file's.
            streams = known.streams
            if all(map(streams.__contains__, agencies)):
                mine = {agency: streams[agency] for agency in agencies}
                self.streams.update(mine)
                return Lookup({}, known.head, {agency: stream[0] for agency, stream in mine.items()})
        return self._ask(event_ids, agencies)

    def _ask(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        # One statement asks for the head, the streams of up to _AGENCIES agencies and up to _PAGE event
        # ids: a batch of one is one statement.
        found: dict[str, tuple[int, str]] = {}
        versions = dict.fromkeys(agencies, 0)
        head = 0
        parts = ["SELECT 0, NULL, max(position), NULL FROM events"]
        steps = max(-(-len(agencies) // _AGENCIES), -(-len(event_ids) // _PAGE), 1)
        for step in range(steps):
            some = agencies[step * _AGENCIES : (step + 1) * _AGENCIES]
            ids = event_ids[step * _PAGE : (step + 1) * _PAGE]
            if some:
                marks = ",".join("?" * len(some))
                parts.append(f"SELECT 1, agency, version, last FROM streams WHERE agency IN ({marks})")
            if ids:
                marks = ",".join("?" * len(ids))
                parts.append(f"SELECT 2, event_id, position, data FROM events WHERE event_id IN ({marks})")
            for kind, key, number, data in self._db.execute(" UNION ALL ".join(parts), [*some, *ids]):
                if kind == 2:
                    found[key] = (number, data)
                elif kind == 1:
                    versions[key] = number
                    self.streams[key] = (number, data)
                else:
                    head = number or 0
            parts = []
        return Lookup(found, head, versions)

    def insert(self, batch: PreparedBatch, first: int, numbers: Sequence[int]) -> None:
        streams = self.streams
        agencies = batch.agencies
        positions = range(first, first + len(agencies))
        # Each of the batch's agencies' last position: the file's, then each of its events in turn (a
        # look-up and a store per event; the streams' tuples are made once per agency, after).
        last = {agency: streams[agency][1] for agency in dict.fromkeys(agencies) if agency in streams}
        previous: list[int | None] = []
        link = previous.append
        for position, agency in zip(positions, agencies, strict=True):
            link(last.get(agency))
            last[agency] = position
        versions = dict(zip(agencies, numbers, strict=True))  # each agency's last version wins
        written, lasts = list(last), list(last.values())
        ends = [versions[agency] for agency in written]
        streams.update(zip(written, zip(ends, lasts, strict=True), strict=True))
        _write(
            self._db, _insert, (positions, batch.ids, agencies, numbers, previous, batch.tags, batch.jsons)
        )
        _write(self._db, _upsert_streams, (written, ends, lasts))


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
        if user_version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        """Bring a file of an older schema to today's, in one transaction (another process opening it at
        the same moment waits, then finds it done). Nothing stored changes: the events keep their
        positions, versions and bytes.

        Schema 1 to 2 copies the events table once (about as long as importing the file's events).
        """
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            user_version, _ = self._identity()
            if user_version == 1:
                for statement in _MIGRATE_1.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

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
            txn = _SQLiteTransaction(db, known if assume_new else None)
            result = run_append(txn, batch, expected_version, assume_new=assume_new)
            self._commit(db)
            known.learn(data_version, result.head, txn.streams)
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
        return page_records(self._record_pages(agency, after, until))

    def read_positioned_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        """:meth:`read_records` with each record's position: ``(position, record)`` pairs, as a projection
        runner reads the log (:mod:`opengov.projections`).

        Raises:
            StoreError: a row cannot be read; the message names its position.
        """
        return page_positioned(self._record_pages(agency, after, until))

    def _record_pages(
        self, agency: str | None, after: int, until: int | None
    ) -> Iterator[tuple[list[int], list[Any]]]:
        """The pages after ``after`` up to ``until`` (the head), each as its positions and its records."""
        from opengov.wire import decode_joined, decode_page, decode_rows

        check_read_range(after, until)
        db = self._check_open()
        last = self.head() if until is None else until
        if agency is not None:
            for rows in self._rows(db, agency, after, last, data="CAST(data AS BLOB)"):
                yield [row[0] for row in rows], decode_page(rows, str(self.path))
            return
        # The whole log: each page's JSON joined inside SQLite, one bytes object and no Python row per
        # event. SQLite 3.40 does not promise the order in which an aggregate reads its rows, so the
        # positions come joined the same way and are checked to ascend; a page that fails that, or that
        # the fast path does not take whole, is read again as rows (the same rows: every position up to
        # the head is committed, and positions are never reused), for the codec's events and errors.
        cursor = after
        while cursor < last:
            try:
                page, joined = self._check_open().execute(_JOINED_PAGE, (cursor, last)).fetchone()
            except sqlite3.Error as exc:
                raise self._fail(exc) from None
            if page is None:
                return
            positions = orjson.loads(b"[" + joined + b"]")
            ordered = positions == sorted(positions)
            records = decode_joined(page, len(positions)) if ordered else None
            if records is None:
                rows = next(self._scan_rows(None, cursor, max(positions), "CAST(data AS BLOB)"))
                # in order, the page has been tried whole: only the row-by-row road is left
                records = decode_rows(rows, str(self.path)) if ordered else decode_page(rows, str(self.path))
                positions = [row[0] for row in rows]
            cursor = positions[-1]
            yield positions, records

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
        if agency is not None:
            yield from self._stream_rows(agency, after, last, data)
            return
        yield from self._scan_rows(None, after, last, data)

    def _scan_rows(self, agency: str | None, after: int, last: int, data: str) -> Iterator[list[Any]]:
        """The rows (of ``agency`` only, when given) whose positions are after ``after`` up to ``last``,
        scanning the positions a page at a time."""
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

    def _stream_rows(self, agency: str, after: int, last: int, data: str) -> Iterator[list[Any]]:
        """One agency's rows after ``after`` up to ``last``, a page at a time.

        An agency holding at least half the log is read by scanning the positions in the range (cheaper
        than a step down the primary key per event); any other by walking its chain of ``previous``
        links back from its last event (one statement, so in one snapshot), then reading its rows by
        position.
        """
        if after >= last:
            return
        db = self._check_open()
        try:
            row = db.execute(
                "SELECT version, (SELECT max(position) FROM events) FROM streams WHERE agency = ?", (agency,)
            ).fetchone()
            if row is None:
                return
            if 2 * row[0] >= row[1]:
                yield from self._scan_rows(agency, after, last, data)
                return
            positions = [found[0] for found in db.execute(_CHAIN, (agency, after, last))]
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        for at in range(0, len(positions), _PAGE):
            some = positions[at : at + _PAGE]
            marks = ",".join("?" * len(some))
            query = f"SELECT position, {data} FROM events WHERE position IN ({marks}) ORDER BY position"
            try:
                rows = self._check_open().execute(query, some).fetchall()
            except sqlite3.Error as exc:
                raise self._fail(exc) from None
            yield rows

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
            return [row[0] for row in db.execute("SELECT agency FROM streams ORDER BY agency")]
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
