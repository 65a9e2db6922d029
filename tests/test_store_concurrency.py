"""Concurrent writer processes against a concurrent reader, on SQLite and on PostgreSQL.

The reader follows the store by position the way a projection does (``read(after=last_seen)`` in a loop)
while several processes append: it must see every event exactly once, in position order, with no gap —
the hazard being a reader that has seen position *n* and later finds a new event at a position ≤ *n*.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from _postgres import drop_schemas, new_schema
from opengov.store import EventStore, PostgresStore, SQLiteStore

WORKER = str(Path(__file__).with_name("_store_worker.py"))
WRITERS, BATCHES = 4, 40


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A store location as the worker takes it: (path or URL, schema)."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.db"), "-"
        return
    url = request.getfixturevalue("postgres_url")
    schemas = [new_schema()]
    try:
        yield url, schemas[0]
    finally:
        drop_schemas(url, schemas)


def _open(target: tuple[str, str]) -> EventStore:
    location, schema = target
    return PostgresStore(location, schema=schema) if schema != "-" else SQLiteStore(location)


@pytest.mark.slow
def test_writers_and_a_following_reader(target: tuple[str, str]) -> None:
    """Writers lose nothing, duplicate nothing, keep versions exact; the reader sees each event once."""
    with _open(target) as store:  # create the schema before the writers race to
        store.head()
        writers = [
            subprocess.Popen(
                [sys.executable, WORKER, "write", target[0], target[1], f"w{n}", str(BATCHES)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(WRITERS)
        ]
        seen: list[int] = []
        ids: list[str] = []
        try:
            while True:
                finished = all(w.poll() is not None for w in writers)
                for stored in store.read(after=seen[-1] if seen else 0):
                    seen.append(stored.position)
                    ids.append(stored.event.id)
                if finished and (seen[-1] if seen else 0) == store.head():
                    break
                time.sleep(0.001)
        finally:
            for writer in writers:
                writer.wait(timeout=120)
        outputs = [w.stdout.read().split() if w.stdout else [] for w in writers]
        for writer in writers:
            if writer.stdout:
                writer.stdout.close()
        stored = list(store.read())
        shared = [s.version for s in store.read(agency="shared")]
        own = {f"w{n}": [s.version for s in store.read(agency=f"w{n}")] for n in range(WRITERS)}
    assert ["done"] * WRITERS == [out[0] if out else "" for out in outputs], outputs
    total = sum(int(out[1]) for out in outputs)
    assert (list(range(1, total + 1)), [s.position for s in stored]) == (seen, list(range(1, total + 1)))
    assert (ids, {}) == (
        [s.event.id for s in stored],
        {k: v for k, v in Counter(ids).items() if v > 1},
    )
    batches = Counter(s.event.id.rsplit("-", 1)[0] for s in stored)
    assert WRITERS * BATCHES == len(batches)
    assert list(range(1, len(shared) + 1)) == shared
    assert {name: list(range(1, len(versions) + 1)) for name, versions in own.items()} == own
