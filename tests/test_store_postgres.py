"""The PostgreSQL store: the conformance suite against a real server, and what is particular to it.

The server comes from ``$OPENGOV_TEST_POSTGRES_URL`` or is started for the session by
``scripts/postgres.sh`` (see ``tests/_postgres.py``); without one these tests skip loudly, and fail under
``CI=true``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from _postgres import drop_schemas, new_schema
from opengov.codec import encode_line
from opengov.errors import ConcurrencyConflictError, StoreError
from opengov.store import EventStore, PostgresStore, import_jsonl, open_store
from opengov.store.postgres import SCHEMA_VERSION

pytest.register_assert_rewrite("store_conformance")  # detailed failures from the shared suite

from store_conformance import StoreConformance, meeting, rich_events  # noqa: E402


class TestPostgresStore(StoreConformance):
    """PostgresStore meets the store contract on a real server."""

    @pytest.fixture(autouse=True)
    def _server(self, postgres_url: str) -> Iterator[None]:
        self.url = postgres_url
        self.schemas: list[str] = []
        yield
        for opened in self._opened:
            opened.close()
        drop_schemas(postgres_url, self.schemas)

    def make_store(self) -> EventStore:
        schema = new_schema()
        self.schemas.append(schema)
        return PostgresStore(self.url, schema=schema, pool_size=2)

    def reopen(self, store: EventStore) -> EventStore:
        assert isinstance(store, PostgresStore)
        return PostgresStore(store.url, schema=store.schema, pool_size=1)


@pytest.fixture
def schema(postgres_url: str) -> Iterator[str]:
    made = [new_schema()]
    yield made[0]
    drop_schemas(postgres_url, made)


def test_reopen_keeps_everything(postgres_url: str, schema: str) -> None:
    """Closing and reopening gives back the events, versions and checkpoints."""
    with PostgresStore(postgres_url, schema=schema) as store:
        store.append(rich_events())
        store.save_checkpoint("fold", 3, b"state")
        before = (list(store.read()), store.agencies(), store.head())
    with PostgresStore(postgres_url, schema=schema) as store:
        after = (list(store.read()), store.agencies(), store.head())
        assert (before, (3, b"state"), 4) == (after, store.load_checkpoint("fold"), store.version("wz-kjj"))


def test_schema_version_is_recorded(postgres_url: str, schema: str) -> None:
    """The first open creates the tables and records the schema version for later migrations."""
    PostgresStore(postgres_url, schema=schema).close()
    with psycopg.connect(postgres_url) as conn:
        versions = conn.execute(f"SELECT version FROM {schema}.schema_version").fetchall()
    assert [(SCHEMA_VERSION,)] == versions


def test_newer_schema_is_refused(postgres_url: str, schema: str) -> None:
    """A store written by a newer opengov is refused with a clear StoreError."""
    PostgresStore(postgres_url, schema=schema).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"INSERT INTO {schema}.schema_version (version) VALUES ({SCHEMA_VERSION + 1})")
    with pytest.raises(StoreError, match="upgrade opengov"):
        PostgresStore(postgres_url, schema=schema)


def test_foreign_schema_is_refused(postgres_url: str, schema: str) -> None:
    """A schema holding other tables is not written into."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"CREATE TABLE {schema}.customers (name text)")
    with pytest.raises(StoreError, match="not an opengov event store"):
        PostgresStore(postgres_url, schema=schema)


def test_bad_schema_name() -> None:
    """A schema name that is not a plain identifier is refused before connecting."""
    with pytest.raises(StoreError, match="schema name"):
        PostgresStore("postgresql:///nowhere", schema="x; DROP TABLE events")


def test_unreachable_server_names_it() -> None:
    """A server that cannot be reached is a StoreError naming the URL, without its password."""
    url = "postgresql://someone:secret@/opengov?host=/nonexistent-dir&connect_timeout=1"
    with pytest.raises(StoreError, match="cannot connect") as caught:
        PostgresStore(url, timeout=1)
    assert "secret" not in str(caught.value)


def test_open_store_url(postgres_url: str) -> None:
    """open_store with a postgresql:// URL gives a PostgresStore in the opengov schema."""
    with open_store(postgres_url) as store:
        assert (True, "opengov") == (isinstance(store, PostgresStore), store.schema)  # type: ignore[attr-defined]


def test_two_store_objects_share_positions(postgres_url: str, schema: str) -> None:
    """Two store objects (two pools, as two app servers have) share positions and versions."""
    with (
        PostgresStore(postgres_url, schema=schema) as first,
        PostgresStore(postgres_url, schema=schema) as second,
    ):
        first.append([meeting("e1")], expected_version=0)
        with pytest.raises(ConcurrencyConflictError):
            second.append([meeting("e2")], expected_version=0)
        second.append([meeting("e2")], expected_version=1)
        expected = (["e1", "e2"], 2)
        assert expected == ([s.event.id for s in first.read()], first.version("a1"))


def test_rows_keep_the_wire_json(postgres_url: str, schema: str) -> None:
    """Each row holds the event's wire JSON text and its indexed columns."""
    with PostgresStore(postgres_url, schema=schema) as store:
        store.append([rich_events()[2]])
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute(
            f"SELECT position, event_id, agency, version, type FROM {schema}.events"
        ).fetchone()
    assert (1, "q1", "wz-kjj", 1, "application_received") == row


@pytest.mark.parametrize(
    "damage", ['{"type": 1', encode_line(meeting("e2")) + "," + encode_line(meeting("e9")), ""]
)
def test_corrupt_row_names_its_position(damage: str, postgres_url: str, schema: str) -> None:
    """A stored row that is no longer one valid event (broken JSON, two events, nothing) raises StoreError
    naming its position, on the fast path (where the server joins each page) as on the other."""
    with PostgresStore(postgres_url, schema=schema) as store:
        store.append([meeting("e1"), meeting("e2"), meeting("e3")])
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"UPDATE {schema}.events SET data = %s WHERE position = 2", (damage,))
        with pytest.raises(StoreError, match="position 2"):
            list(store.read())
        with pytest.raises(StoreError, match="position 2") as fast:
            list(store.read_records())
        assert schema in str(fast.value)


def test_subscription_is_woken_by_notify(postgres_url: str, schema: str) -> None:
    """A subscriber waiting 30 s for news is woken by the commit's NOTIFY, long before its wait ends."""
    with PostgresStore(postgres_url, schema=schema) as store:
        timer = threading.Timer(0.2, lambda: store.append([meeting("e1")]))
        started = time.monotonic()
        timer.start()
        try:
            first = next(iter(store.subscribe(wait=30)))
        finally:
            timer.join()
        elapsed = time.monotonic() - started
    assert ("e1", True) == (first.event.id, elapsed < 10), elapsed


def test_subscription_survives_a_lost_connection(postgres_url: str, schema: str) -> None:
    """When the listening connection is killed the subscription reconnects and reads on, losing nothing."""
    with PostgresStore(postgres_url, schema=schema) as store:
        store.append([meeting("e1")])
        subscription = store.subscribe(wait=5)
        first = next(subscription)
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE query = 'LISTEN opengov_{schema}_events' AND pid <> pg_backend_pid()"
            ).fetchall()
        store.append([meeting("e2"), meeting("e3")])
        rest = [next(subscription), next(subscription)]
        subscription.close()  # type: ignore[attr-defined]
    assert ([(True,)], ["e1", "e2", "e3"]) == (killed, [s.event.id for s in [first, *rest]])


def test_an_agency_read_over_a_long_range_is_complete(postgres_url: str, schema: str) -> None:
    """An agency's read over more positions than the short-tail query covers (10,000) takes the
    agency's index and still gives its whole stream in order, across pages; a short tail gives the end."""
    events = [meeting(f"e{i:05}", f"a{i % 3}") for i in range(10_050)]
    with PostgresStore(postgres_url, schema=schema) as store:
        store.append(events)
        whole = [s.event.id for s in store.read(agency="a1")]
        tail = [s.event.id for s in store.read(agency="a1", after=10_000)]
        middle = [s.position for s in store.read(agency="a2", after=10, until=10_040)]
    expected_whole = [e.id for e in events if e.agency == "a1"]
    expected_middle = [p for p in range(11, 10_041) if (p - 1) % 3 == 2]
    assert (expected_whole, expected_whole[-17:], expected_middle) == (whole, tail, middle)


def test_an_import_on_a_pool_of_one_connection(postgres_url: str, schema: str) -> None:
    """An import checks its events as its transaction takes them, reading the log: with a pool of one
    connection those reads run in the import's own transaction instead of waiting for a second one."""
    lines = [encode_line(meeting(f"e{n}")).encode() + b"\n" for n in range(3)]
    with PostgresStore(postgres_url, schema=schema, pool_size=1, timeout=5) as store:
        assert 2 == import_jsonl(store, lines[:2])  # an empty store
        assert 1 == import_jsonl(store, lines)  # one that holds the agency's stream
        assert ["e0", "e1", "e2"] == [stored.event.id for stored in store.read(agency="a1")]
