"""The in-memory store: the conformance suite, and what is particular to it."""

from __future__ import annotations

import threading

import pytest

from opengov.store import EventStore, MemoryStore, open_store

pytest.register_assert_rewrite("store_conformance")  # detailed failures from the shared suite

from store_conformance import StoreConformance, meeting  # noqa: E402


class TestMemoryStore(StoreConformance):
    """MemoryStore meets the store contract."""

    def make_store(self) -> EventStore:
        return MemoryStore()

    def reopen(self, store: EventStore) -> EventStore:
        return store


def test_open_store_memory() -> None:
    """open_store(":memory:") gives a fresh MemoryStore."""
    with open_store(":memory:") as store:
        expected = (True, 0)
        assert expected == (isinstance(store, MemoryStore), store.head())


def test_threads_appending_get_distinct_positions() -> None:
    """Appends from several threads are serialized: every event stored once, positions without gaps."""
    store = MemoryStore()

    def write(thread: int) -> None:
        for i in range(50):
            store.append([meeting(f"t{thread}-{i}", f"a{thread}")])

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (list(range(1, 201)), [50] * 4) == (
        [s.position for s in store.read()],
        [store.version(f"a{n}") for n in range(4)],
    )
