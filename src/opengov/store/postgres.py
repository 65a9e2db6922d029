"""An event store on a PostgreSQL server: one database for many agencies and several app servers.

Install with ``pip install 'opengov[postgres]'`` (psycopg 3 and its connection pool) and open with
:func:`opengov.store.open_store` and a ``postgresql://`` URL, or with :class:`PostgresStore`.

**Positions are commit-ordered.** Every append takes one transaction-level advisory lock of the store
before it reads the head, and holds it until it commits. PostgreSQL makes a transaction visible before it
releases its locks, so the next writer numbers its events after every committed event, and a reader that
has seen position *n* never later finds a newly committed event at a position ≤ *n*: positions never
skip, and a read from ``after=n`` is always complete. (The price is one writer at a time per store; an
append is a few short statements, so this is rarely the limit.)

**Schema.** The tables live in one PostgreSQL schema (``opengov`` unless told otherwise), created on first
open together with a ``schema_version`` table; a store written by a newer opengov is refused. Each row
keeps the event's wire JSON exactly as :func:`opengov.codec.encode` wrote it, next to indexed columns
(position, event id, agency, version, type), and reads decode it through the codec's upcasters.

**Notifications.** Every append sends a ``NOTIFY`` on the store's channel with the new head, delivered at
commit; :meth:`PostgresStore.subscribe` listens to it.
"""

from __future__ import annotations

__all__ = ["SCHEMA_VERSION", "PostgresStore"]

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Self

from opengov.errors import StoreError
from opengov.events import Event
from opengov.store._base import (
    AppendResult,
    ExpectedVersion,
    Lookup,
    PreparedBatch,
    StoredEvent,
    StoredRow,
    check_checkpoint,
    check_read_range,
    decode_stored,
    follow,
    page_positioned,
    page_records,
    prepare_batch,
    run_append,
)

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION = 1
"""The layout of the tables, kept in the ``schema_version`` table; a newer one is refused, not guessed at."""

_PAGE = 1000  # rows fetched per query while reading; no cursor or connection stays open between pages
_NARROW = 10_000  # an agency read over at most this many positions uses the position index
_COPY_FROM = 50  # batches at least this long are written with COPY, shorter ones with one INSERT
_COLUMNS = "position, event_id, agency, version, type, data"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_TABLES = """
CREATE TABLE {s}.schema_version (
    version integer NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE {s}.events (
    position bigint PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    agency text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    type text NOT NULL,
    data text NOT NULL,
    UNIQUE (agency, version)
);
CREATE TABLE {s}.checkpoints (
    name text PRIMARY KEY,
    position bigint NOT NULL,
    state bytea NOT NULL
)
"""


def _load_psycopg() -> Any:
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        raise StoreError(
            "a postgresql:// store needs psycopg 3 and psycopg_pool: pip install 'opengov[postgres]'"
        ) from None
    return psycopg, psycopg_pool


class _PostgresTransaction:
    """One append transaction, driven by hand in psycopg's pipeline mode to save round trips.

    An append of a few events waits mostly for round trips, so: ``BEGIN``, the append lock and the
    lookup go to the server together (the lookup still runs after the lock is granted, in a snapshot
    taken then, so it sees every earlier append's commit), and a short batch's insert waits to go with
    the next lookup or with the notification and the ``COMMIT`` (:meth:`commit`). A long batch is
    written with ``COPY`` at once (COPY does not run in pipeline mode). An append is two round trips,
    or three with COPY.
    """

    def __init__(self, conn: psycopg.Connection[Any], schema: str) -> None:
        self._conn = conn
        self._cur = conn.cursor()
        self._s = schema
        self._begun = False
        self._pending: list[StoredRow] = []  # short inserts not yet sent
        self._head = 0  # the last position inserted: the notification's payload

    def begin(self) -> None:
        """Take the append lock now, not with the first lookup (one round trip)."""
        with self._conn.pipeline():
            self._send_begin()

    def _send_begin(self) -> None:
        if not self._begun:
            self._cur.execute("BEGIN", prepare=False)
            self._cur.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"opengov-append:{self._s}",), prepare=False
            )
            self._begun = True

    def lookup(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        e = f"{self._s}.events"
        with self._conn.pipeline():
            self._send_begin()
            self._send_pending()  # an earlier batch of the same transaction: the lookup must see it
            self._cur.execute(
                f"SELECT 'e', event_id, position, data FROM {e} WHERE event_id = ANY(%s::text[]) "
                # the (agency, version) index answers each agency's version with one probe
                f"UNION ALL SELECT 'v', a, (SELECT max(version) FROM {e} WHERE agency = a), NULL "
                "FROM unnest(%s::text[]) AS a "
                f"UNION ALL SELECT 'h', NULL, max(position), NULL FROM {e}",
                (list(event_ids), list(agencies)),
                prepare=False,
            )
        found: dict[str, tuple[int, str]] = {}
        versions: dict[str, int] = {}
        head = 0
        for kind, key, number, data in self._cur.fetchall():
            if kind == "e":
                found[key] = (int(number), data)
            elif kind == "v":
                versions[key] = int(number or 0)
            else:
                head = int(number or 0)
        return Lookup(found, head, versions)

    def insert(self, batch: PreparedBatch, first: int, numbers: Sequence[int]) -> None:
        self._head = first + len(batch) - 1
        if len(batch) < _COPY_FROM:
            self._pending.extend(batch.rows(first, numbers))
            return
        with self._conn.pipeline():
            self._send_pending()
        with self._cur.copy(f"COPY {self._s}.events ({_COLUMNS}) FROM STDIN") as copy:
            for row in batch.rows(first, numbers):
                copy.write_row(row)

    def _send_pending(self) -> None:
        if self._pending:
            marks = ",".join(["(%s, %s, %s, %s, %s, %s)"] * len(self._pending))
            self._cur.execute(
                f"INSERT INTO {self._s}.events ({_COLUMNS}) VALUES {marks}",
                [field for row in self._pending for field in row],
                prepare=False,
            )
            self._pending = []

    def commit(self) -> None:
        """Send what is pending, the notification of the new head (delivered at commit), and ``COMMIT``."""
        with self._conn.pipeline():
            self._send_pending()
            if self._head:
                self._cur.execute(
                    "SELECT pg_notify(%s, %s)", (_channel(self._s), str(self._head)), prepare=False
                )
            if self._begun:
                self._cur.execute("COMMIT", prepare=False)

    def roll_back(self, psycopg: Any) -> None:
        """End the transaction after a failure (a connection that cannot even do that is discarded by the
        pool)."""
        if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            with suppress(psycopg.Error):
                self._conn.execute("ROLLBACK")


def _channel(schema: str) -> str:
    return f"opengov_{schema}_events"


class PostgresStore:
    """An :class:`~opengov.store.EventStore` in a PostgreSQL database, created on first open.

    The store object is safe to share between threads: each call borrows a connection from a pool of up to
    ``pool_size`` connections. Several processes (app servers) may open the same database and schema.

    Args:
        url: a libpq connection string or ``postgresql://`` URL.
        schema: the PostgreSQL schema holding the tables (lower-case letters, digits, ``_``), so that
            several stores can share one database.
        pool_size: the most connections this object opens at once.
        timeout: seconds to wait for a connection, for the server, or for another writer's lock.

    Raises:
        StoreError: psycopg is not installed, the server cannot be reached, the schema holds something
            other than an opengov store, or the store was written by a newer opengov.
    """

    _writing: dict[int, psycopg.Connection[Any]]  # each thread's open write transaction, by thread id

    def __init__(
        self, url: str, *, schema: str = "opengov", pool_size: int = 4, timeout: float = 30.0
    ) -> None:
        psycopg, psycopg_pool = _load_psycopg()
        if not _SCHEMA_NAME.fullmatch(schema):
            raise StoreError(f"{schema!r} is not a usable schema name (lower-case letters, digits and _)")
        self.url = url
        self.schema = schema
        self._psycopg = psycopg
        self._timeout = timeout
        self._closed = False
        self._writing = {}
        self._where = f"{_redact(url)} (schema {schema})"
        lock_ms = int(timeout * 1000)
        try:
            self._pool = psycopg_pool.ConnectionPool(
                url,
                min_size=1,
                max_size=max(1, pool_size),
                timeout=timeout,
                kwargs={"autocommit": True, "options": f"-c lock_timeout={lock_ms}"},
                open=False,
            )
            self._pool.open(wait=True, timeout=timeout)
        except (psycopg.Error, psycopg_pool.PoolTimeout) as exc:
            raise StoreError(f"{self._where}: cannot connect to the event store: {exc}") from None
        try:
            self._setup()
        except BaseException:
            self._pool.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> PostgresStore:
        """The store a URL names; a ``schema=NAME`` query parameter (not libpq's) picks the schema.

        >>> PostgresStore.split_url("postgresql://db.internal/platform?schema=city_a&sslmode=require")
        ('postgresql://db.internal/platform?sslmode=require', 'city_a')
        """
        conninfo, schema = cls.split_url(url)
        return cls(conninfo, schema=schema)

    @staticmethod
    def split_url(url: str) -> tuple[str, str]:
        """The libpq URL without ``schema=``, and the schema it named (``opengov`` by default)."""
        base, sep, query = url.partition("?")
        if not sep:
            return url, "opengov"
        params = query.split("&")
        schemas = [p.partition("=")[2] for p in params if p.startswith("schema=")]
        rest = "&".join(p for p in params if not p.startswith("schema="))
        return (f"{base}?{rest}" if rest else base), (schemas[-1] if schemas else "opengov")

    def __repr__(self) -> str:
        return f"PostgresStore({_redact(self.url)!r}, schema={self.schema!r})"

    # -- connections ----------------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        if self._closed:
            raise StoreError(f"{self._where}: the store is closed")
        try:
            with self._pool.connection() as conn:
                yield conn
        except self._psycopg.Error as exc:
            raise StoreError(f"{self._where}: {exc}") from None

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection a read runs on: inside this thread's own write transaction (an import judging
        its events as they come), that transaction's, which sees the log under the append lock and needs
        no second connection; otherwise one from the pool."""
        conn = self._writing.get(threading.get_ident())
        if conn is None:
            with self._connection() as conn:
                yield conn
            return
        try:
            yield conn
        except self._psycopg.Error as exc:
            raise StoreError(f"{self._where}: {exc}") from None

    def _setup(self) -> None:
        s = self.schema
        with self._connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"opengov-setup:{s}",))
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (s,))
            tables = {row[0] for row in cur.fetchall()}
            if "schema_version" not in tables:
                if tables:
                    raise StoreError(
                        f"{self._where}: the schema holds tables, but not an opengov event store; "
                        "give another schema"
                    )
                for statement in _TABLES.format(s=s).split(";"):
                    cur.execute(statement)
                cur.execute(f"INSERT INTO {s}.schema_version (version) VALUES (%s)", (SCHEMA_VERSION,))
            cur.execute(f"SELECT max(version) FROM {s}.schema_version")
            row = cur.fetchone()
            version = int(row[0] or 0) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self._where}: written by a newer opengov (store schema {version}; this version reads "
                    f"up to {SCHEMA_VERSION}): upgrade opengov"
                )

    # -- the protocol ---------------------------------------------------------------------------------

    def append(self, events: Iterable[Event], *, expected_version: ExpectedVersion = None) -> AppendResult:
        """Store a batch atomically, in one transaction under the store's append lock.

        See :meth:`opengov.store.EventStore.append` for the rules and the errors.
        """
        batch = prepare_batch(events, expected_version)
        # a longer batch: the lookup, then COPY (faster than this insert); several agencies' versions to
        # check: the full rules
        if 0 < len(batch) < _COPY_FROM and not isinstance(expected_version, Mapping):
            result = self._append_new(batch, expected_version)
            if result is not None:
                return result
        with self._locked() as txn:
            return run_append(txn, batch, expected_version)

    def _append_new(self, batch: PreparedBatch, expected_version: int | None) -> AppendResult | None:
        """The common case of a short batch in ONE round trip: events none of which is stored yet.

        ``BEGIN``, the append lock, a check of ``expected_version``, an insert that numbers the events
        after the head and each stream's version (in a snapshot taken after the lock is granted, so
        positions stay commit-ordered), the notification and ``COMMIT`` go to the server together. When
        the stream has moved (the check divides by zero) or an event id is already stored (the unique
        index refuses it), the transaction is rolled back and ``None`` returned: the caller then applies
        the append rules in full (:func:`run_append`), which tell a retry from a conflict.
        """
        errors = self._psycopg.errors
        s = self.schema
        within: dict[str, int] = {}
        ks = []
        for agency in batch.agencies:
            k = within[agency] = within.get(agency, 0) + 1
            ks.append(k)
        columns = (batch.ids, batch.agencies, batch.tags, batch.jsons, ks)
        with self._connection() as conn, conn.cursor() as cur, conn.cursor() as inserted:
            try:
                with conn.pipeline():
                    cur.execute("BEGIN", prepare=False)
                    cur.execute(
                        "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"opengov-append:{s}",), prepare=False
                    )
                    if expected_version is not None:
                        cur.execute(
                            f"SELECT 1 / (coalesce(max(version), 0) = %s)::int FROM {s}.events "
                            "WHERE agency = %s",
                            (expected_version, batch.agencies[0]),
                            prepare=False,
                        )
                    inserted.execute(
                        f"INSERT INTO {s}.events ({_COLUMNS}) "
                        "SELECT h.head + r.n, r.event_id, r.agency, v.version + r.k, r.type, r.data "
                        "FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::int[]) "
                        "WITH ORDINALITY AS r(event_id, agency, type, data, k, n) "
                        f"CROSS JOIN (SELECT coalesce(max(position), 0) AS head FROM {s}.events) AS h "
                        "CROSS JOIN LATERAL (SELECT coalesce(max(version), 0) AS version "
                        f"FROM {s}.events WHERE agency = r.agency) AS v "
                        "RETURNING position, version",
                        columns,
                        prepare=False,
                    )
                    cur.execute(
                        f"SELECT pg_notify(%s, (SELECT max(position) FROM {s}.events)::text)",
                        (_channel(s),),
                        prepare=False,
                    )
                    cur.execute("COMMIT", prepare=False)
            except (errors.DivisionByZero, errors.UniqueViolation):
                if conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                    conn.execute("ROLLBACK")
                return None
            except BaseException:
                if conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                    with suppress(self._psycopg.Error):
                        conn.execute("ROLLBACK")
                raise
            numbered = sorted(inserted.fetchall())
        # positions are the head plus each event's place in the batch: in position order, in batch order
        head = int(numbered[-1][0])
        versions: dict[str, int] = {}
        appended = []
        for event, (position, version) in zip(batch.events, numbered, strict=True):
            versions[event.agency] = int(version)
            appended.append(StoredEvent(int(position), int(version), event))
        return AppendResult(tuple(appended), head, versions)

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        """Store several batches in one transaction under the append lock: all of them or none.

        See :meth:`opengov.store.EventStore.append_batches`.
        """
        with self._locked() as txn:
            # the lock before the first batch is taken from ``batches``: a guard judging the events as
            # they come (an import) reads a log no other writer appends to until this one commits
            txn.begin()
            return sum(run_append(txn, prepare_batch(events, None), None).count for events in batches)

    @contextmanager
    def _locked(self) -> Iterator[_PostgresTransaction]:
        """A write transaction holding the store's append lock (taken by its first lookup) until it
        commits or rolls back."""
        with self._connection() as conn:
            txn = _PostgresTransaction(conn, self.schema)
            thread = threading.get_ident()
            self._writing[thread] = conn
            try:
                yield txn
                txn.commit()
            except BaseException:
                txn.roll_back(self._psycopg)
                raise
            finally:
                del self._writing[thread]

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        """Stored events in global order, fetched a page at a time.

        See :meth:`opengov.store.EventStore.read`.
        """
        check_read_range(after, until)
        last = self.head() if until is None else until
        return self._pages(agency, after, last)

    def read_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[Any]:
        """What :meth:`read` reads, as a fold takes it: each page decoded in one call into wire records
        (:mod:`opengov.wire`), and into events where the fast path leaves a row to the codec.

        Raises:
            StoreError: a row cannot be read; the message names its position.
        """
        return page_records(self._record_pages(agency, after, until, positions=False))

    def read_positioned_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        """See :meth:`opengov.store.SQLiteStore.read_positioned_records` (the positions are joined by the
        server beside the page's JSON)."""
        return page_positioned(self._record_pages(agency, after, until, positions=True))

    def _record_pages(
        self, agency: str | None, after: int, until: int | None, *, positions: bool
    ) -> Iterator[tuple[list[int], list[Any]]]:
        """The pages after ``after`` up to ``until`` (the head), each as its records and, with
        ``positions``, their positions (else an empty list)."""
        from opengov.wire import decode_joined, decode_rows

        check_read_range(after, until)
        last = self.head() if until is None else until
        # Each page's JSON joined by the server in position order (string_agg's own ORDER BY), as one
        # bytes value in the binary format: no Python row per event (docs/performance.md, "Store
        # replay", has what it saves). A page the fast path does not take whole is fetched again as
        # rows and read one by one, for the codec's events and errors: the same rows, since every
        # position up to ``last`` is committed and positions are never reused.
        query, narrowed = self._page_query(agency, after, last)
        listed = "string_agg(position::text, ',' ORDER BY position)" if positions else "''"
        joined = (
            "SELECT convert_to(string_agg(data, ',' ORDER BY position), 'UTF8'), count(*), max(position), "
            f"{listed} FROM ({query}) page"
        )
        cursor = after
        while cursor < last:
            with self._reading() as conn:
                row = conn.execute(joined, narrowed(cursor, last), binary=True).fetchone()
            if row is None or not row[1]:  # an aggregate's one row; a count of 0 past the last event
                return
            page, count, top, listing = row
            records = decode_joined(page, count)
            if records is not None:
                yield ([int(p) for p in listing.split(",")] if positions else []), records
            else:
                with self._reading() as conn:
                    rows = conn.execute(query, narrowed(cursor, top)).fetchall()
                records = decode_rows([(position, data) for position, _, data in rows], self._where)
                yield [position for position, _, _ in rows], records
            cursor = top

    def _pages(self, agency: str | None, after: int, last: int) -> Iterator[StoredEvent]:
        for rows in self._rows(agency, after, last):
            for position, version, data in rows:
                yield StoredEvent(position, version, decode_stored(data, position, self._where))

    def _rows(self, agency: str | None, after: int, last: int) -> Iterator[list[tuple[int, int, str]]]:
        """The rows ``(position, version, data)`` in the range, a page per query."""
        query, narrowed = self._page_query(agency, after, last)
        cursor = after
        while cursor < last:
            with self._reading() as conn:
                rows = conn.execute(query, narrowed(cursor, last)).fetchall()
            if not rows:
                return
            yield rows
            cursor = rows[-1][0]

    def _page_query(
        self, agency: str | None, after: int, last: int
    ) -> tuple[str, Callable[[int, int], tuple[object, ...]]]:
        """The query of one page of rows ``(position, version, data)`` of ``agency`` (or of every agency)
        after a position up to another, in log order, and the parameters it takes for those two."""
        s = self.schema
        if agency is None:
            query = (
                f"SELECT position, version, data FROM {s}.events "
                f"WHERE position > %s AND position <= %s ORDER BY position LIMIT {_PAGE}"
            )
        elif last - after <= _NARROW:  # a short tail: the position range is the smaller index scan
            query = (
                f"SELECT position, version, data FROM {s}.events "
                f"WHERE agency = %s AND position > %s AND position <= %s ORDER BY position LIMIT {_PAGE}"
            )
        else:
            # The (agency, version) index orders an agency's stream as positions do. `position + 0` keeps
            # the planner off the primary key: without statistics (after a bulk import, before
            # autovacuum's ANALYZE) it combined both indexes and walked the whole position range, 325 ms
            # instead of 8 ms for one agency's 1,000 events among 1,000,000.
            query = (
                f"SELECT position, version, data FROM {s}.events WHERE agency = %s "
                f"AND position + 0 > %s AND position + 0 <= %s ORDER BY version LIMIT {_PAGE}"
            )
        if agency is None:
            return query, lambda start, end: (start, end)
        return query, lambda start, end: (agency, start, end)

    def _scalar(self, query: str, params: tuple[object, ...] = ()) -> int:
        with self._reading() as conn:
            row = conn.execute(query, params).fetchone()
        return int(row[0] or 0) if row else 0

    def version(self, agency: str) -> int:
        """The version of ``agency``'s stream (0 when it holds no event)."""
        return self._scalar(f"SELECT max(version) FROM {self.schema}.events WHERE agency = %s", (agency,))

    def agencies(self) -> list[str]:
        """Every agency with a stored event, sorted."""
        # A skip scan over the (agency, version) index: one probe per agency, not a pass over every event.
        e = f"{self.schema}.events"
        query = (
            f"WITH RECURSIVE a(agency) AS (SELECT min(agency) FROM {e} UNION ALL "
            f"SELECT (SELECT min(agency) FROM {e} WHERE agency > a.agency) FROM a "
            "WHERE a.agency IS NOT NULL) SELECT agency FROM a WHERE agency IS NOT NULL"
        )
        with self._connection() as conn:
            rows = conn.execute(query).fetchall()
        return sorted(row[0] for row in rows)

    def head(self) -> int:
        """The last global position (0 when empty)."""
        return self._scalar(f"SELECT max(position) FROM {self.schema}.events")

    def save_checkpoint(self, name: str, position: int, state: bytes) -> None:
        """Keep ``state`` as of ``position`` under ``name``.

        See :meth:`opengov.store.EventStore.save_checkpoint`.
        """
        self.save_checkpoints({name: (position, state)})

    def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
        """Keep several checkpoints in one transaction: all are saved or none.

        Raises:
            ValueError: a name is empty, or a position is negative or beyond the head.
            TypeError: a state is not bytes.
        """
        items = list(checkpoints.items())
        with self._connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(f"SELECT max(position) FROM {self.schema}.events")
            row = cur.fetchone()
            head = int(row[0] or 0) if row else 0
            for name, (position, state) in items:
                check_checkpoint(name, position, state, head)
            cur.executemany(
                f"INSERT INTO {self.schema}.checkpoints (name, position, state) VALUES (%s, %s, %s) "
                "ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state",
                [(name, position, state) for name, (position, state) in items],
            )

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """The ``(position, state)`` saved under ``name``, or ``None``."""
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT position, state FROM {self.schema}.checkpoints WHERE name = %s", (name,)
            ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def subscribe(self, *, after: int = 0, wait: float | None = None) -> Iterator[StoredEvent]:
        """Events after ``after``, then each new one as it is committed, woken by LISTEN/NOTIFY.

        The subscription holds one connection of its own (outside the pool) that listens on the store's
        channel; it listens before it first reads, so no commit falls between a read and the wait. When
        that connection is lost it reconnects and reads on from the last position it yielded.
        See :meth:`opengov.store.EventStore.subscribe`.
        """
        listener: list[Any] = []

        def connect() -> Any:
            seconds = max(1, int(self._timeout))
            conn = self._psycopg.connect(self.url, autocommit=True, connect_timeout=seconds)
            conn.execute(f"LISTEN {_channel(self.schema)}")
            return conn

        def changed(seconds: float) -> None:
            if self._closed:
                raise StoreError(f"{self._where}: the store is closed")
            try:
                if not listener:
                    listener.append(connect())
                    return  # a fresh connection may have missed a notification: read again first
                for _ in listener[0].notifies(timeout=seconds, stop_after=1):
                    pass
            except self._psycopg.OperationalError:
                for conn in listener:
                    conn.close()
                listener.clear()
                time.sleep(min(seconds, 1.0))  # the server is restarting or unreachable: try again soon

        def events(followed: Iterator[StoredEvent]) -> Iterator[StoredEvent]:
            try:
                listener.append(connect())
            except self._psycopg.Error as exc:
                raise StoreError(f"{self._where}: cannot subscribe: {exc}") from None
            try:
                yield from followed
            finally:
                for conn in listener:
                    conn.close()

        return events(follow(self, after, wait, changed))

    def close(self) -> None:
        """Close every pooled connection; closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
