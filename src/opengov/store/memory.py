"""An event store in memory: for tests, notebooks and embedding, gone when the process ends."""

from __future__ import annotations

__all__ = ["MemoryStore"]

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Self

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
    prepare_batch,
    run_append,
)


class _MemoryTransaction:
    """The pending rows of one append; nothing reaches the store until :meth:`MemoryStore.append` commits."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.rows: list[StoredRow] = []

    def lookup(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        store = self._store
        found: dict[str, tuple[int, str]] = {}
        for event_id in event_ids:
            position = store._by_id.get(event_id)
            if position is not None:
                found[event_id] = (position, store._json[position - 1])
        versions = {agency: len(store._by_agency.get(agency, ())) for agency in agencies}
        return Lookup(found, len(store._events), versions)

    def insert(self, batch: PreparedBatch, first: int, numbers: Sequence[int]) -> None:
        self.rows.extend(batch.rows(first, numbers))


class MemoryStore:
    """An :class:`~opengov.store.EventStore` held in lists and dicts, safe to share between threads.

    It keeps each event's wire JSON and hands back the event decoded from it, exactly as the SQLite
    store does, so a test against a ``MemoryStore`` sees what production would.

    >>> import datetime as dt
    >>> from opengov.events import MeetingHeld
    >>> with MemoryStore() as store:
    ...     result = store.append([MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1))])
    ...     [(stored.position, stored.version, stored.event.id) for stored in store.read()]
    [(1, 1, 'm1')]
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._appended = threading.Condition(self._lock)
        self._events: list[StoredEvent] = []
        self._json: list[str] = []
        self._by_id: dict[str, int] = {}
        self._by_agency: dict[str, list[int]] = {}
        self._checkpoints: dict[str, tuple[int, bytes]] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"MemoryStore(head={len(self._events)})"

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the memory store is closed")

    def append(self, events: Iterable[Event], *, expected_version: ExpectedVersion = None) -> AppendResult:
        """Store a batch atomically; see :meth:`opengov.store.EventStore.append`."""
        batch = prepare_batch(events, expected_version)
        with self._lock:
            self._check_open()
            result = self._commit(batch, expected_version)
            if result.count:  # subscribers hear only of what is committed
                self._appended.notify_all()
            return result

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        """Store several batches all or none; see :meth:`opengov.store.EventStore.append_batches`."""
        with self._lock:
            self._check_open()
            mark = len(self._events)
            stored = 0
            try:
                for events in batches:
                    stored += self._commit(prepare_batch(events, None), None).count
            except BaseException:
                self._roll_back(mark)
                raise
            if stored:
                self._appended.notify_all()
            return stored

    def _commit(self, batch: PreparedBatch, expected_version: ExpectedVersion) -> AppendResult:
        txn = _MemoryTransaction(self)
        result = run_append(txn, batch, expected_version)
        stored = [
            StoredEvent(position, version, decode_stored(json, position, "the memory store"))
            for position, _, _, version, _, json in txn.rows
        ]
        for (position, _, _, _, _, json), item in zip(txn.rows, stored, strict=True):
            self._events.append(item)
            self._json.append(json)
            self._by_id[item.event.id] = position
            self._by_agency.setdefault(item.event.agency, []).append(position)
        return result

    def _roll_back(self, mark: int) -> None:
        """Forget every event stored after position ``mark``."""
        for item in self._events[mark:]:
            del self._by_id[item.event.id]
            self._by_agency[item.event.agency].pop()
            if not self._by_agency[item.event.agency]:
                del self._by_agency[item.event.agency]
        del self._events[mark:]
        del self._json[mark:]

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        """Stored events in global order; see :meth:`opengov.store.EventStore.read`."""
        check_read_range(after, until)
        with self._lock:
            self._check_open()
            last = len(self._events) if until is None else min(until, len(self._events))
            if agency is None:
                selected = self._events[after:last]
            else:
                selected = [self._events[p - 1] for p in self._by_agency.get(agency, ()) if after < p <= last]
        return iter(selected)

    def read_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[Any]:
        """What :meth:`read` reads, decoded as the SQLite and PostgreSQL stores' ``read_records`` decode
        it: wire records (:mod:`opengov.wire`), and events where the fast path leaves a row to the codec.
        """
        return (record for _, record in self.read_positioned_records(agency=agency, after=after, until=until))

    def read_positioned_records(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        """:meth:`read_records` with each record's position: ``(position, record)`` pairs, as a projection
        runner reads the log (:mod:`opengov.projections`)."""
        from opengov.wire import decode_page

        positions = [stored.position for stored in self.read(agency=agency, after=after, until=until)]
        with self._lock:
            rows = [(position, self._json[position - 1]) for position in positions]
        return zip(positions, decode_page(rows, "the memory store"), strict=True)

    def version(self, agency: str) -> int:
        """The version of ``agency``'s stream (0 when it holds no event)."""
        with self._lock:
            self._check_open()
            return len(self._by_agency.get(agency, ()))

    def agencies(self) -> list[str]:
        """Every agency with a stored event, sorted."""
        with self._lock:
            self._check_open()
            return sorted(self._by_agency)

    def head(self) -> int:
        """The last global position (0 when empty)."""
        with self._lock:
            self._check_open()
            return len(self._events)

    def save_checkpoint(self, name: str, position: int, state: bytes) -> None:
        """Keep ``state`` as of ``position`` under ``name``.

        See :meth:`opengov.store.EventStore.save_checkpoint`.
        """
        with self._lock:
            self._check_open()
            check_checkpoint(name, position, state, len(self._events))
            self._checkpoints[name] = (position, bytes(state))

    def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
        """Keep several checkpoints at once, all or none.

        See :meth:`opengov.store.EventStore.save_checkpoints`.
        """
        with self._lock:
            self._check_open()
            for name, (position, state) in checkpoints.items():
                check_checkpoint(name, position, state, len(self._events))
            for name, (position, state) in checkpoints.items():
                self._checkpoints[name] = (position, bytes(state))

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """The ``(position, state)`` saved under ``name``, or ``None``."""
        with self._lock:
            self._check_open()
            return self._checkpoints.get(name)

    def subscribe(self, *, after: int = 0, wait: float | None = None) -> Iterator[StoredEvent]:
        """Events after ``after``, then each new one as it is appended (by any thread).

        See :meth:`opengov.store.EventStore.subscribe`.
        """
        start = len(self._events)

        def changed(seconds: float) -> None:
            nonlocal start
            with self._lock:
                if len(self._events) == start and not self._closed:
                    self._appended.wait(seconds)
                start = len(self._events)

        return follow(self, after, wait, changed)

    def close(self) -> None:
        """Close the store; its contents are dropped."""
        with self._lock:
            self._closed = True
            self._events.clear()
            self._json.clear()
            self._by_id.clear()
            self._by_agency.clear()
            self._checkpoints.clear()
            self._appended.notify_all()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
