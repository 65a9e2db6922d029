"""The SQLite store: the conformance suite, and durability and concurrency across processes."""

from __future__ import annotations

import itertools
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import hypothesis.strategies as st
import orjson
import pytest
from hypothesis import given, settings

from opengov.codec import encode
from opengov.errors import DuplicateEventIdError, StoreError
from opengov.events import MeetingHeld
from opengov.store import EventStore, SQLiteStore, open_store
from opengov.store.sqlite import SCHEMA_VERSION

pytest.register_assert_rewrite("store_conformance")  # detailed failures from the shared suite

from store_conformance import StoreConformance, meeting, rich_events  # noqa: E402

_numbers = itertools.count()
WORKER = str(Path(__file__).with_name("_store_worker.py"))


class TestSQLiteStore(StoreConformance):
    """SQLiteStore meets the store contract."""

    def make_store(self) -> EventStore:
        return SQLiteStore(self.workspace / f"store-{next(_numbers)}.db")

    def reopen(self, store: EventStore) -> EventStore:
        assert isinstance(store, SQLiteStore)
        return SQLiteStore(store.path)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


# --- files ---------------------------------------------------------------------------------------------


def test_reopen_keeps_everything(path: Path) -> None:
    """Closing and reopening the file gives back the events, versions and checkpoints."""
    with SQLiteStore(path) as store:
        store.append(rich_events())
        store.save_checkpoint("fold", 3, b"state")
        before = (list(store.read()), store.agencies(), store.head())
    with SQLiteStore(path) as store:
        after = (list(store.read()), store.agencies(), store.head())
        assert (before, (3, b"state"), 4) == (after, store.load_checkpoint("fold"), store.version("wz-kjj"))


def test_not_a_database(tmp_path: Path) -> None:
    """Opening a file that is not a SQLite database raises StoreError naming the path."""
    path = tmp_path / "events.jsonl"
    path.write_text('{"type": "meeting_held"}\n' * 100)
    with pytest.raises(StoreError, match=r"events\.jsonl") as caught:
        SQLiteStore(path)
    assert "not a database" in str(caught.value)


def test_another_sqlite_database(path: Path) -> None:
    """A SQLite database of something else is refused, not written into."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE customers (name TEXT)")
    with pytest.raises(StoreError, match="not an opengov event store"):
        SQLiteStore(path)


def test_newer_schema_is_refused(path: Path) -> None:
    """A store written by a newer opengov is refused with a clear StoreError."""
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="upgrade opengov"):
        SQLiteStore(path)


def test_missing_file_without_create(path: Path) -> None:
    """With create=False a missing file is a StoreError naming it, and no file is made."""
    with pytest.raises(StoreError, match=r"events\.db"):
        SQLiteStore(path, create=False)
    assert not path.exists()


def test_directory_is_not_a_store(tmp_path: Path) -> None:
    """A path that cannot be opened as a file raises StoreError naming it."""
    with pytest.raises(StoreError, match=str(tmp_path)):
        SQLiteStore(tmp_path)


def test_wal_mode(path: Path) -> None:
    """The file is in WAL mode, so readers do not block the writer."""
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    expected = "wal"
    assert expected == db.execute("PRAGMA journal_mode").fetchone()[0]
    db.close()


def test_new_file_has_4_kib_pages(path: Path) -> None:
    """A new store file gets 4 KiB pages (fewer bytes flushed per append), WAL mode and the schema version."""
    SQLiteStore(path).close()
    db = sqlite3.connect(path)
    expected = (4096, "wal", SCHEMA_VERSION)
    assert expected == (
        db.execute("PRAGMA page_size").fetchone()[0],
        db.execute("PRAGMA journal_mode").fetchone()[0],
        db.execute("PRAGMA user_version").fetchone()[0],
    )
    db.close()


def test_file_with_small_pages_keeps_working(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file made with 16 KiB pages (as stores were from 3 to 4 December 2026) opens, appends and reads as
    before, and keeps its pages."""
    import opengov.store.sqlite as module

    with monkeypatch.context() as patched:
        patched.setattr(module, "_PAGE_SIZE", 16384)
        with SQLiteStore(path) as store:
            store.append([meeting("e1")])
    with SQLiteStore(path) as store:
        store.append([meeting("e2"), meeting("e1")])
        store.append([meeting("e3")], expected_version=2)
        read = [(s.position, s.version, s.event.id) for s in store.read()]
        page_size = store._db.execute("PRAGMA page_size").fetchone()[0]
    expected = ([(1, 1, "e1"), (2, 2, "e2"), (3, 3, "e3")], 16384)
    assert expected == (read, page_size)


def test_rows_keep_the_wire_json(path: Path) -> None:
    """Each row holds the event's wire JSON and its indexed columns."""
    event = rich_events()[2]
    with SQLiteStore(path) as store:
        store.append([event])
    db = sqlite3.connect(path)
    row = db.execute("SELECT position, event_id, agency, version, type, data FROM events").fetchone()
    db.close()
    wire = orjson.loads(orjson.dumps(encode(event)))
    assert (1, "q1", "wz-kjj", 1, "application_received", wire) == (*row[:5], orjson.loads(row[5]))


def test_corrupt_row_names_its_position(path: Path) -> None:
    """A stored row that is no longer a valid event raises StoreError naming its position."""
    with SQLiteStore(path) as store:
        store.append([meeting("e1"), meeting("e2"), meeting("e3")])
    db = sqlite3.connect(path)
    with db:
        db.execute('UPDATE events SET data = \'{"type": "meeting_held"\' WHERE position = 2')
    db.close()
    with SQLiteStore(path) as store, pytest.raises(StoreError, match="position 2"):
        list(store.read())


def test_two_connections_see_each_other(path: Path) -> None:
    """Two store objects on one file share positions and versions."""
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        first.append([meeting("e1")], expected_version=0)
        second.append([meeting("e2")], expected_version=1)
        expected = (["e1", "e2"], 2)
        assert expected == ([s.event.id for s in first.read()], first.version("a1"))


def test_writers_taking_turns_number_exactly(path: Path) -> None:
    """Two store objects appending by turns, to one stream and to another, with an import between: every
    append is numbered after what the OTHER connection wrote (a store numbers a batch from what it knows of
    its own appends only while no other connection has committed)."""
    with SQLiteStore(path) as first, SQLiteStore(path) as second:
        got = []
        for number, (store, agency) in enumerate(
            [(first, "a1"), (first, "a1"), (second, "a1"), (first, "a2"), (first, "a1"), (second, "a2")]
        ):
            result = store.append([meeting(f"e{number}", agency), meeting(f"f{number}", agency)])
            got.append([(s.position, s.version) for s in result.appended])
        first.append_batches([[meeting("g1", "a2")]])
        got.append([(s.position, s.version) for s in first.append([meeting("g2", "a2")]).appended])
    assert [
        [(1, 1), (2, 2)],
        [(3, 3), (4, 4)],
        [(5, 5), (6, 6)],
        [(7, 1), (8, 2)],
        [(9, 7), (10, 8)],
        [(11, 3), (12, 4)],
        [(14, 6)],
    ] == got


def test_an_older_file_restored_under_an_open_store(path: Path, tmp_path: Path) -> None:
    """A backup restored over the file while a store is open: the store's next append follows the
    restored log (no gap in positions, the version after the restored stream's), not what the store
    itself appended before."""
    backup = tmp_path / "backup.db"
    with SQLiteStore(path) as store:
        store.append([meeting("e1")])
        with sqlite3.connect(path) as source, sqlite3.connect(backup) as copy:
            source.backup(copy)
        store.append([meeting("e2"), meeting("e3")])
        with sqlite3.connect(backup) as copy, sqlite3.connect(path) as target:
            copy.backup(target)
        result = store.append([meeting("e4")])
        assert ([(2, 2)], ["e1", "e4"]) == (
            [(s.position, s.version) for s in result.appended],
            [s.event.id for s in store.read()],
        )


def test_open_store_path(path: Path) -> None:
    """open_store with a file path gives a SQLiteStore on that file."""
    with open_store(path) as store:
        assert (True, path) == (isinstance(store, SQLiteStore), store.path)  # type: ignore[attr-defined]


def test_open_store_unknown_scheme() -> None:
    """An unknown URL scheme is a StoreError naming it."""
    with pytest.raises(StoreError, match="'mysql'"):
        open_store("mysql://db/opengov")


# --- several processes ---------------------------------------------------------------------------------


def _worker(*args: str, stdin: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, WORKER, *args],
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )


def _line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline().strip()


def _check_integrity(path: Path) -> None:
    db = sqlite3.connect(path)
    expected = "ok"
    assert expected == db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()


@pytest.mark.slow
def test_two_processes_racing_on_one_stream(path: Path) -> None:
    """Two processes appending with the same expected version: one wins, one conflicts, nothing lost."""
    SQLiteStore(path).close()
    workers = {name: _worker("race", str(path), "a1", name, stdin=True) for name in ("p", "q")}
    try:
        ready = ["ready", "ready"]
        assert ready == [_line(w) for w in workers.values()]
        version, size, winners = 0, 300, []
        for number in range(5):
            for worker in workers.values():
                assert worker.stdin is not None
                worker.stdin.write(f"{version} {size}\n")
                worker.stdin.flush()
            outcome = {name: _line(worker) for name, worker in workers.items()}
            one_wins = ["conflict", "ok"]
            assert one_wins == sorted(outcome.values())
            winners.append(next(f"{name}-{number}" for name, said in outcome.items() if said == "ok"))
            version += size
    finally:
        for worker in workers.values():
            assert worker.stdin is not None
            worker.stdin.close()
            worker.wait(timeout=10)
    with SQLiteStore(path) as store:
        stored = list(store.read())
    batches = Counter(s.event.id.rsplit("-", 1)[0] for s in stored)
    expected = (dict.fromkeys(winners, size), list(range(1, 1501)), list(range(1, 1501)))
    assert expected == (dict(batches), [s.position for s in stored], [s.version for s in stored])


@pytest.mark.slow
def test_killed_writer_leaves_whole_batches(path: Path) -> None:
    """A writer killed at a random moment leaves each of its batches wholly present or wholly absent."""
    size, chance = 200, random.Random()
    for run in range(3):
        worker = _worker("loop", str(path), f"run{run}", str(size))
        committed = [int(_line(worker)) for _ in range(3)]
        # Let it go on for a random while (a batch takes a few milliseconds), then kill it mid-flight.
        try:
            worker.wait(timeout=chance.uniform(0.0, 0.05))
        except subprocess.TimeoutExpired:
            worker.kill()
        worker.wait(timeout=10)
        assert worker.stdout is not None
        worker.stdout.close()
        with SQLiteStore(path) as store:
            stored = list(store.read())
        batches = Counter(s.event.id.rsplit("-", 1)[0] for s in stored if s.event.id.startswith(f"run{run}-"))
        numbers = sorted(int(name.split("-")[1]) for name in batches)
        expected = ([0, 1, 2], {size}, list(range(len(numbers))), list(range(1, len(stored) + 1)))
        assert expected == (committed, set(batches.values()), numbers, [s.position for s in stored])
    _check_integrity(path)


@pytest.mark.slow
def test_writer_killed_before_commit(path: Path) -> None:
    """A writer killed inside its transaction, rows written but not committed, leaves no trace."""
    with SQLiteStore(path) as store:
        store.append([meeting("e1"), meeting("e2")])
    worker = _worker("hang", str(path), "lost", "500")
    try:
        inside = "inside"
        assert inside == _line(worker)
        with SQLiteStore(path, timeout=0.2) as store:
            seen_meanwhile = store.head()  # readers go on while the writer holds the lock
            with pytest.raises(StoreError, match="locked"):
                store.append([meeting("e3")])
    finally:
        worker.kill()
        worker.wait(timeout=10)
        assert worker.stdout is not None
        worker.stdout.close()
    with SQLiteStore(path) as store:
        store.append([meeting("e3")], expected_version=2)
        expected = (2, ["e1", "e2", "e3"])
        assert expected == (seen_meanwhile, [s.event.id for s in store.read()])
    _check_integrity(path)


# --- long batches: several rows to an INSERT ------------------------------------------------------------


def long_batch(count: int, first: int = 0) -> list[MeetingHeld]:
    """``count`` events of three agencies, interleaved."""
    return [meeting(f"e{n}", f"a{n % 3}") for n in range(first, first + count)]


def positions_and_versions(store: SQLiteStore) -> list[tuple[int, int, str]]:
    return [(s.position, s.version, s.event.id) for s in store.read()]


def expected_rows(events: list[MeetingHeld]) -> list[tuple[int, int, str]]:
    """Each event at the next position and its agency's next version, counted here."""
    versions: Counter[str] = Counter()
    rows = []
    for position, event in enumerate(events, 1):
        versions[event.agency] += 1
        rows.append((position, versions[event.agency], event.id))
    return rows


def test_a_long_batch_is_stored_whole_in_order(path: Path) -> None:
    """A batch of 700 (written as INSERTs of 256, 256, 128, 32, 16, 8 and 4 rows) reads back in order
    with its positions and versions, and an append after it continues them."""
    events = long_batch(700) + long_batch(3, 700)
    with SQLiteStore(path) as store:
        store.append(events[:700])
        store.append(events[700:])
        assert expected_rows(events) == positions_and_versions(store)


def test_a_long_retry_stored_in_the_middle_appends_the_rest(path: Path) -> None:
    """A batch of 700 whose event 650 is already stored: the first INSERTs (600 rows) are undone with the
    refused one, and the full rules store the other 699 once, after the stored event."""
    events = long_batch(700)
    with SQLiteStore(path) as store:
        store.append([events[650]])
        result = store.append(events)
        stored = positions_and_versions(store)
    expected = (expected_rows([events[650], *events[:650], *events[651:]]), 699, 700)
    assert expected == (stored, result.count, result.head)


def test_a_long_batch_with_a_different_event_under_a_used_id_stores_nothing(path: Path) -> None:
    """A batch of 700 whose event 650 differs from the stored event of its id is refused whole."""
    events = long_batch(700)
    with SQLiteStore(path) as store:
        store.append([meeting("e650", "a2", title="another")])
        with pytest.raises(DuplicateEventIdError):
            store.append(events)
        assert [(1, 1, "e650")] == positions_and_versions(store)


def test_long_batches_within_a_low_limit_of_bound_values(path: Path) -> None:
    """Where SQLite allows only 999 bound values a statement (builds before 3.32), an INSERT writes at most
    128 rows (768 values) and a batch of 700 is stored as well."""
    events = long_batch(700)
    with SQLiteStore(path) as store:
        store._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        store.append(events)
        assert expected_rows(events) == positions_and_versions(store)


# --- schema 2: streams and links instead of an (agency, version) index ---------------------------------

SCHEMA_1 = """
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
)
"""
"""The tables of a store written by opengov up to session 6 (schema 1), as it made them."""


def schema_1_file(path: Path, events: list[MeetingHeld], page_size: int = 16384) -> None:
    """A schema 1 store holding ``events`` (numbered here) and a checkpoint, written as opengov wrote it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {page_size}")
    for statement in SCHEMA_1.split(";"):
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {0x4F47_4F56}")
    db.execute("PRAGMA user_version = 1")
    db.execute("PRAGMA journal_mode = WAL")
    db.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
        [
            (position, event.id, event.agency, version, event.TAG, orjson.dumps(encode(event)).decode())
            for (position, version, _), event in zip(expected_rows(events), events, strict=True)
        ],
    )
    db.execute("INSERT INTO checkpoints VALUES ('fold', 2, x'01')")
    db.close()


def test_a_schema_1_file_is_migrated_on_open(path: Path) -> None:
    """A schema 1 file opens as schema 2 with every event at its position and version, its agencies'
    versions, its checkpoints, and reads by agency; appends after it continue each stream."""
    events = long_batch(10)
    schema_1_file(path, events, page_size=16384)
    with SQLiteStore(path) as store:
        result = store.append([meeting("n1", "a1"), meeting("n2", "a9")])
        actual = (
            positions_and_versions(store),
            [(s.position, s.version) for s in store.read(agency="a1")],
            [(s.position, s.version) for s in store.read(agency="a1", after=4, until=11)],
            store.agencies(),
            [store.version(agency) for agency in ("a0", "a1", "a2", "a9")],
            store.load_checkpoint("fold"),
            dict(result.versions),
        )
    db = sqlite3.connect(path)
    on_file = (
        db.execute("PRAGMA user_version").fetchone()[0],
        db.execute("PRAGMA page_size").fetchone()[0],
        db.execute("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall(),
    )
    db.close()
    expected = (
        expected_rows([*events, meeting("n1", "a1"), meeting("n2", "a9")]),
        [(2, 1), (5, 2), (8, 3), (11, 4)],
        [(5, 2), (8, 3), (11, 4)],
        ["a0", "a1", "a2", "a9"],
        [4, 4, 3, 1],
        (2, b"\x01"),
        {"a1": 4, "a9": 1},
    )
    assert (expected, (2, 16384, [("sqlite_autoindex_checkpoints_1",), ("sqlite_autoindex_events_1",)])) == (
        actual,
        on_file,
    )


def test_a_migrated_file_opens_again_as_it_is(path: Path) -> None:
    """A second open of a migrated file finds schema 2 and migrates nothing (its events are not copied
    again: the table keeps its name and content)."""
    schema_1_file(path, long_batch(5))
    with SQLiteStore(path):
        pass
    with SQLiteStore(path) as store:
        expected = (expected_rows(long_batch(5)), SCHEMA_VERSION)
        assert expected == (
            positions_and_versions(store),
            store._db.execute("PRAGMA user_version").fetchone()[0],
        )


def test_streams_and_links_match_the_events(path: Path) -> None:
    """After appends of many agencies' events, with retries and a batch of 300 agencies, each stream row
    holds its agency's version and last position, and each event links to its agency's previous event."""
    with SQLiteStore(path) as store:
        store.append(long_batch(300))
        store.append([*long_batch(3, 298), *long_batch(4, 300)])
        store.append([meeting("x", "a1")])
        store.append([meeting(f"s{n}", f"b{n % 300}") for n in range(600)])  # 300 streams: several upserts
    db = sqlite3.connect(path)
    streams = db.execute("SELECT agency, version, last FROM streams ORDER BY agency").fetchall()
    links = db.execute("SELECT position, agency, previous FROM events ORDER BY position").fetchall()
    db.close()
    last: dict[str, int] = {}
    expected_links = []
    for position, agency, _ in links:
        expected_links.append((position, agency, last.get(agency)))
        last[agency] = position
    count = Counter(agency for _, agency, _ in links)
    expected = ([(agency, count[agency], last[agency]) for agency in sorted(last)], expected_links)
    assert expected == (streams, links)


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 40), min_size=1, max_size=6),
    seed=st.integers(0, 2**32),
    bounds=st.lists(st.tuples(st.integers(0, 250), st.none() | st.integers(0, 250)), min_size=1, max_size=5),
    agencies=st.sampled_from([["a1", "a2", "a3"], ["a1", "a1", "a1", "a1", "a2", "a3"]]),
)
def test_reads_of_an_agency_are_the_global_read_filtered(
    tmp_path_factory: pytest.TempPathFactory,
    sizes: list[int],
    seed: int,
    bounds: list[tuple[int, int | None]],
    agencies: list[str],
) -> None:
    """For any appends of three agencies' events (evenly, or one holding most of the log) and any range,
    reading one agency (through its chain of links, or for the one holding most, a scan of the range)
    gives what reading everything and keeping that agency's events in the range gives."""
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("chain") / "events.db"
    numbers = itertools.count()
    with SQLiteStore(path) as store:
        for size in sizes:
            store.append([meeting(f"e{next(numbers)}", rng.choice(agencies)) for _ in range(size)])
        everything = [(s.position, s.version, s.event) for s in store.read()]
        for after, until in bounds:
            for agency in ("a1", "a2", "a3", "none"):
                expected = [
                    row
                    for row in everything
                    if row[2].agency == agency and after < row[0] and (until is None or row[0] <= until)
                ]
                read = store.read(agency=agency, after=after, until=until)
                assert expected == [(s.position, s.version, s.event) for s in read]
