"""The store contract every backend meets, and the append rules they share.

A backend provides storage and a transaction; the rules of an append (idempotence by event id, duplicate
ids, optimistic concurrency, positions and versions) live here once, in :func:`run_append`, so every
store behaves the same and the conformance suite in ``tests/store_conformance.py`` can hold them to it.
"""

from __future__ import annotations

__all__ = [
    "AppendResult",
    "AppendTransaction",
    "EventStore",
    "ExpectedVersion",
    "Lookup",
    "PreparedBatch",
    "StoredEvent",
    "StoredRow",
    "check_checkpoint",
    "check_read_range",
    "decode_stored",
    "follow",
    "prepare_batch",
    "run_append",
]

import itertools
import operator
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, Self, runtime_checkable

import attrs
import orjson

from opengov.codec import decode, encode_line, encode_lines
from opengov.errors import (
    ConcurrencyConflictError,
    DuplicateEventIdError,
    EventValidationError,
    StoreError,
)
from opengov.events import Event


@attrs.frozen
class StoredEvent:
    """An event as a store holds it: where it sits in the global order and in its agency's stream.

    Attributes:
        position: the event's place in the store's global order, 1, 2, 3, … with no gaps.
        version: the event's place in its agency's stream, 1, 2, 3, …; the stream's version after it.
        event: the event itself.
    """

    position: int
    version: int
    event: Event


def _frozen_mapping(value: Mapping[str, int]) -> Mapping[str, int]:
    return types.MappingProxyType(dict(value))


class AppendResult:
    """What an append did: :attr:`appended`, :attr:`head`, :attr:`versions` and :attr:`count`.

    (``appended`` is made when first asked for: most writers never look at it, and at batches of 10,000
    making a :class:`StoredEvent` per event was a measurable share of an append's Python work.)
    """

    __slots__ = ("_appended", "_events", "_first", "_head", "_numbers", "_versions")

    def __init__(self, appended: Iterable[StoredEvent], head: int, versions: Mapping[str, int]) -> None:
        self._appended: tuple[StoredEvent, ...] | None = tuple(appended)
        self._first = 0
        self._events: Sequence[Event] = ()
        self._numbers: Sequence[int] = ()
        self._head = head
        self._versions = _frozen_mapping(versions)

    @classmethod
    def numbered(
        cls, first: int, events: Sequence[Event], numbers: Sequence[int], versions: Mapping[str, int]
    ) -> AppendResult:
        """The result of storing ``events`` at positions ``first``, ``first + 1``, … with stream versions
        ``numbers`` (the head is the last position; ``first`` is the head plus one when none)."""
        result = cls.__new__(cls)
        result._appended = None
        result._first, result._events, result._numbers = first, events, numbers
        result._head = first - 1 + len(events)
        result._versions = _frozen_mapping(versions)
        return result

    @property
    def head(self) -> int:
        """The store's last global position after the append."""
        return self._head

    @property
    def versions(self) -> Mapping[str, int]:
        """The stream version, after the append, of every agency the batch names; pass it as the next
        ``expected_version`` of that agency."""
        return self._versions

    @property
    def appended(self) -> tuple[StoredEvent, ...]:
        """The events newly stored by this append, in global order; empty when every event of the batch
        was already stored (a retry) or the batch was empty."""
        appended = self._appended
        if appended is None:
            appended = self._appended = tuple(
                map(StoredEvent, itertools.count(self._first), self._numbers, self._events)
            )
            self._events = self._numbers = ()
        return appended

    @property
    def count(self) -> int:
        """How many events this append stored."""
        return len(self._events) if self._appended is None else len(self._appended)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AppendResult):
            return NotImplemented
        return (self.appended, self.head, dict(self.versions)) == (
            other.appended,
            other.head,
            dict(other.versions),
        )

    def __hash__(self) -> int:
        return hash((self.appended, self.head))

    def __repr__(self) -> str:
        return f"AppendResult(appended={self.appended!r}, head={self.head!r}, versions={self.versions!r})"


@runtime_checkable
class EventStore(Protocol):
    """An append-only log of events: one global order for readers, one versioned stream per agency.

    Stores only store. Appends are atomic (a batch is stored wholly or not at all), idempotent by event
    id (appending an identical event again is a no-op, a different event under a used id is refused)
    and, when ``expected_version`` is given, optimistic: a writer that decided on a stale view of its
    agency's stream is told so instead of overwriting another's decision.

    A store is a context manager; leaving the ``with`` block closes it.
    """

    def append(self, events: Iterable[Event], *, expected_version: ExpectedVersion = None) -> AppendResult:
        """Store a batch of events atomically, after the current head.

        Args:
            events: the batch, in the order it is to be stored.
            expected_version: the version of the agency's stream the writer saw (0 for an empty stream).
                When given as a number, every event of the batch must belong to that one agency. For a
                batch of several agencies, a mapping from each agency the batch names (and no other) to
                the version of its stream the writer saw: the batch is stored only if every one holds.

        Raises:
            ValueError: ``expected_version`` is a number but the batch names several agencies, is a
                mapping that does not name exactly the batch's agencies, or a version is negative.
            ConcurrencyConflictError: an agency's stream is no longer at ``expected_version``.
            DuplicateEventIdError: an event id is already stored, or repeated in the batch, with different
                content.
            StoreError: the store is closed or unusable.
        """
        ...

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        """Store several batches in ONE transaction: every event of every batch, or none of them.

        What an import of a whole file needs: each batch is checked and written in turn under the same
        rules as :meth:`append` (no ``expected_version``), so memory stays bounded by one batch, and any
        failure (a refused batch, a crash, a kill) leaves the store as it was. Other writers wait for the
        transaction to end.

        Returns:
            How many events were newly stored (events already stored identically are skipped).

        Raises:
            DuplicateEventIdError: an event id is already stored, or used earlier in the batches, with
                different content; nothing is stored.
            StoreError: the store is closed or unusable; nothing is stored.
        """
        ...

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        """Stored events in global order, optionally of one agency and in a position range.

        Args:
            agency: only this agency's events.
            after: only events after this position (exclusive); 0 reads from the start.
            until: only events up to this position (inclusive); ``None`` reads to the head as it is when
                ``read`` is called.

        Raises:
            ValueError: ``after`` or ``until`` is negative.
            StoreError: the store is closed, or a stored event cannot be read (the message names its
                position).
        """
        ...

    def version(self, agency: str) -> int:
        """The version of ``agency``'s stream: how many events it holds (0 when it holds none)."""
        ...

    def agencies(self) -> list[str]:
        """Every agency with at least one stored event, sorted."""
        ...

    def head(self) -> int:
        """The last global position (0 for an empty store)."""
        ...

    def save_checkpoint(self, name: str, position: int, state: bytes) -> None:
        """Keep ``state`` (opaque bytes, such as a fold's state) as of ``position`` under ``name``.

        A later save under the same name replaces it.

        Raises:
            ValueError: ``name`` is empty, or ``position`` is negative or beyond the head.
            TypeError: ``state`` is not bytes.
        """
        ...

    def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
        """Keep several checkpoints in one transaction: all are saved, or none (see :meth:`save_checkpoint`).

        Raises:
            ValueError: a name is empty, or a position is negative or beyond the head.
            TypeError: a state is not bytes.
        """
        ...

    def load_checkpoint(self, name: str) -> tuple[int, bytes] | None:
        """The ``(position, state)`` last saved under ``name``, or ``None`` when there is none."""
        ...

    def subscribe(self, *, after: int = 0, wait: float | None = None) -> Iterator[StoredEvent]:
        """The events after position ``after``, then each new one as it is committed, in global order.

        The iterator reads what is stored, then waits for the store to change (LISTEN/NOTIFY on
        PostgreSQL, a cheap change check on SQLite) and reads again, so it never polls the whole log. A
        subscriber that stops, crashes or loses its connection resumes by subscribing again ``after`` the
        last position it handled: positions are commit-ordered, so nothing is skipped or seen twice.

        Args:
            after: the last position already handled (0 for the whole log).
            wait: end after this many seconds with no new event; ``None`` (the default) waits forever.

        Raises:
            ValueError: ``after`` is negative, or ``wait`` is negative.
            StoreError: the store is closed, or a stored event cannot be read.
        """
        ...

    def close(self) -> None:
        """Release the store's resources; closing twice is harmless."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


# ---------------------------------------------------------------------------------------------------------
# The shared append rules.


ExpectedVersion = int | Mapping[str, int] | None
"""What an append may expect of the streams it writes (see :meth:`EventStore.append`): nothing, the
version of its one agency's stream, or the version of each of its agencies' streams."""

_ID = operator.attrgetter("id")
_AGENCY = operator.attrgetter("agency")
_TAG = operator.attrgetter("TAG")


class PreparedBatch:
    """A checked and encoded batch, column by column, ready to be compared and stored.

    Attributes:
        events: the events, in batch order, each id once.
        jsons: each event's wire JSON.
        ids: each event's id.
        agencies: each event's agency.
        tags: each event's type tag (the stored ``type`` column).

    (Lists made in C by ``map``, not an object per event: at batches of 10,000 the construction of a
    tuple or an attrs instance per event, and the garbage collections their number set off, were a
    measurable share of an append's Python work.)
    """

    __slots__ = ("agencies", "events", "ids", "jsons", "tags")

    def __init__(self, events: list[Event], jsons: list[str]) -> None:
        self.events = events
        self.jsons = jsons
        self.ids: list[str] = list(map(_ID, events))
        self.agencies: list[str] = list(map(_AGENCY, events))
        self.tags: list[str] = list(map(_TAG, events))

    def __len__(self) -> int:
        return len(self.events)

    def only(self, keep: Sequence[int]) -> PreparedBatch:
        """The batch of the events at the places ``keep``, in that order."""
        return PreparedBatch([self.events[at] for at in keep], [self.jsons[at] for at in keep])

    def rows(self, first: int, numbers: Sequence[int]) -> Iterator[StoredRow]:
        """The batch's rows to write at positions ``first``, ``first + 1``, … with stream versions
        ``numbers`` (tuples made by ``zip``, which a database driver binds as they come)."""
        return zip(
            itertools.count(first),
            self.ids,
            self.agencies,
            numbers,
            self.tags,
            self.jsons,
            strict=False,
        )


StoredRow = tuple[int, str, str, int, str, str]
"""One row to write, in the column order of the stores' tables: the position, the event id, the agency,
the version, the event type's tag and the wire JSON. (A plain tuple, so that a database driver binds it
as it is.)"""


class Lookup(NamedTuple):
    """What :meth:`AppendTransaction.lookup` finds in the stored log."""

    stored: dict[str, tuple[int, str]]
    """The ``(position, json)`` of each asked-for event id that is already stored."""
    head: int
    """The last global position."""
    versions: dict[str, int]
    """The version of each asked-for agency's stream (0 for an agency with no event)."""


class AppendTransaction(Protocol):
    """What :func:`run_append` needs from a backend, inside one write transaction."""

    def lookup(self, event_ids: Sequence[str], agencies: Sequence[str]) -> Lookup:
        """What the append rules need to know of the stored log, asked together (on a database server
        each question is a round trip): which of ``event_ids`` are stored, the head, and the version
        of each of ``agencies``' streams."""
        ...

    def insert(self, batch: PreparedBatch, first: int, numbers: Sequence[int]) -> None:
        """Write ``batch`` at positions ``first``, ``first + 1``, … with stream versions ``numbers``
        (:meth:`PreparedBatch.rows`; the transaction commits them all or none)."""
        ...


_EVENT_CLASSES: set[type] = set()
"""The classes :func:`prepare_batch` has found to be events (a batch of those is not checked again)."""


def prepare_batch(events: Iterable[Event], expected_version: ExpectedVersion) -> PreparedBatch:
    """Check a batch and encode it, keeping one copy of each event repeated identically.

    Raises:
        TypeError: an item is not an event.
        ValueError: ``expected_version`` is negative, a number given for a batch naming several
            agencies, or a mapping that does not name exactly the batch's agencies.
        DuplicateEventIdError: the batch holds two different events under one id.
    """
    batch = list(events)
    kinds = set(map(type, batch))
    if not kinds <= _EVENT_CLASSES:  # a check per class, not per event
        if not all(issubclass(kind, Event) for kind in kinds):
            item = next(item for item in batch if not isinstance(item, Event))
            raise TypeError(f"a store holds events, not {type(item).__name__}: {item!r}")
        _EVENT_CLASSES.update(kinds)
    prepared = PreparedBatch(batch, encode_lines(batch))
    if expected_version is None:
        pass
    elif type(expected_version) is int and expected_version >= 0:
        if len(agencies := set(prepared.agencies)) > 1:
            raise ValueError(
                "expected_version applies to one agency's stream, but the batch names agencies "
                + ", ".join(repr(agency) for agency in sorted(agencies))
                + ": give each agency's version (a mapping), or append each agency's events separately"
            )
    elif isinstance(expected_version, Mapping):
        _check_versions(expected_version, set(prepared.agencies))
    else:
        raise ValueError(f"expected_version must be a non-negative integer, got {expected_version!r}")
    if len(set(prepared.ids)) == len(batch):  # the common case: no id repeated
        return prepared
    first: dict[str, int] = {}  # each id's first place in the batch
    for at, (event_id, json) in enumerate(zip(prepared.ids, prepared.jsons, strict=True)):
        seen = first.setdefault(event_id, at)
        if prepared.jsons[seen] != json:
            raise DuplicateEventIdError(event_id)
    return prepared.only(list(first.values()))


def _check_versions(expected: Mapping[str, int], agencies: set[str]) -> None:
    """Refuse a mapping of expected versions that is not one non-negative version per agency of the batch.

    Raises:
        ValueError: a version is not a non-negative integer, or the mapping names an agency the batch
            does not, or leaves one out.
    """
    for agency, version in expected.items():
        if type(version) is not int or version < 0:
            raise ValueError(
                f"expected_version of agency {agency!r} must be a non-negative integer, got {version!r}"
            )
    missing, extra = sorted(agencies - expected.keys()), sorted(expected.keys() - agencies)
    if missing or extra:
        raise ValueError(
            "expected_version must name exactly the batch's agencies: "
            + "; ".join(
                f"{what} " + ", ".join(repr(agency) for agency in names)
                for what, names in (("missing", missing), ("not in the batch", extra))
                if names
            )
        )


def _same_content(stored_json: str, new_json: str) -> bool:
    if stored_json == new_json:
        return True
    # A row written by an older schema version differs byte for byte; compare what it reads as today.
    try:
        return encode_line(decode(orjson.loads(stored_json))) == new_json
    except (orjson.JSONDecodeError, EventValidationError):
        return False


def run_append(
    txn: AppendTransaction,
    batch: PreparedBatch,
    expected_version: ExpectedVersion,
    *,
    assume_new: bool = False,
) -> AppendResult:
    """Apply the append rules to a prepared batch inside a backend's write transaction.

    Events already stored identically are skipped; if that leaves nothing, the append is a retry and
    succeeds without checking ``expected_version``. Otherwise the agency's stream must still be at
    ``expected_version`` (when given), and the new events get the next positions and versions.

    With ``assume_new``, the batch's event ids are not looked up: the backend's unique index on event ids
    must refuse the insert of a stored one (the backend then rolls back and calls again without
    ``assume_new``, to tell a retry from a different event under a used id). A stream that has moved
    past ``expected_version`` is then checked in full here, since a whole retry succeeds regardless.
    ``expected_version`` is one agency's version, or each agency's (checked by :func:`prepare_batch`).

    Raises:
        ConcurrencyConflictError: a stream has moved past ``expected_version`` (the first in batch order).
        DuplicateEventIdError: an id is stored with different content (the error names its position).
    """
    agencies = list(dict.fromkeys(batch.agencies))
    expected: Mapping[str, int] = {}
    if expected_version is None or not agencies:
        pass
    elif isinstance(expected_version, int):
        expected = {agencies[0]: expected_version}
    else:
        expected = expected_version
    stored, head, versions = txn.lookup([] if assume_new else batch.ids, agencies)
    if expected and assume_new and any(versions[agency] != version for agency, version in expected.items()):
        # a retry, or a conflict: the full rules
        stored, head, versions = txn.lookup(batch.ids, agencies)
    fresh = batch
    if stored:  # a retry, whole or in part
        keep = []
        for at, (event_id, json) in enumerate(zip(batch.ids, batch.jsons, strict=True)):
            found = stored.get(event_id)
            if found is None:
                keep.append(at)
            elif not _same_content(found[1], json):
                raise DuplicateEventIdError(event_id, found[0])
        fresh = batch.only(keep)
    if fresh and expected:
        for agency in agencies:
            if versions[agency] != expected[agency]:
                raise ConcurrencyConflictError(agency, expected[agency], versions[agency])
    numbers = _number(fresh.agencies, agencies, versions)
    if numbers:
        txn.insert(fresh, head + 1, numbers)
    return AppendResult.numbered(head + 1, fresh.events, numbers, versions)


def _number(of: list[str], agencies: list[str], versions: dict[str, int]) -> Sequence[int]:
    """The stream version of each event of agencies ``of``, after ``versions`` (brought up to date)."""
    if len(agencies) == 1:  # one agency's batch: a range
        agency = agencies[0]
        start = versions[agency] + 1
        versions[agency] += len(of)
        return range(start, start + len(of))
    counters = {agency: itertools.count(versions[agency] + 1) for agency in agencies}
    numbers = [next(counters[agency]) for agency in of]
    for agency, counter in counters.items():
        versions[agency] = next(counter) - 1
    return numbers


def decode_stored(json: str | bytes, position: int, where: str) -> Event:
    """Read a stored row's wire JSON back into an event, through the codec's upcasters.

    Raises:
        StoreError: the row is not a valid event; the message names the position and the store.
    """
    try:
        return decode(orjson.loads(json))
    except (orjson.JSONDecodeError, EventValidationError) as exc:
        raise StoreError(
            f"{where}: the event stored at position {position} cannot be read: {exc}; "
            "restore the store from a backup or an export"
        ) from None


def page_records(pages: Iterable[tuple[list[int], list[Any]]]) -> Iterator[Any]:
    """The records of pages given as (positions, records), flattened in C: no generator resumed per record."""
    return itertools.chain.from_iterable(map(operator.itemgetter(1), pages))


def page_positioned(pages: Iterable[tuple[list[int], list[Any]]]) -> Iterator[tuple[int, Any]]:
    """The ``(position, record)`` pairs of pages given as (positions, records), flattened in C."""
    return itertools.chain.from_iterable(itertools.starmap(zip, pages))


def read_positioned(
    store: EventStore, *, records: bool, agency: str | None = None, after: int = 0, until: int | None = None
) -> Iterator[tuple[int, Any]]:
    """What ``store.read`` reads, as ``(position, event)`` pairs; with ``records``, each page decoded in one
    call into wire records (the store's ``read_positioned_records``: every opengov store has it), and
    events where the fast path leaves a row to the codec, or where the store reads only events."""
    fast = getattr(store, "read_positioned_records", None) if records else None
    if fast is not None:
        positioned: Iterator[tuple[int, Any]] = fast(agency=agency, after=after, until=until)
        return positioned
    return ((stored.position, stored.event) for stored in store.read(agency=agency, after=after, until=until))


def check_read_range(after: int, until: int | None) -> None:
    """Refuse a negative read bound.

    Raises:
        ValueError: ``after`` or ``until`` is negative or not an integer.
    """
    for name, value in (("after", after), ("until", until)):
        if value is None and name == "until":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative position, got {value!r}")


def follow(
    store: EventStore, after: int, wait: float | None, changed: Callable[[float], None]
) -> Iterator[StoredEvent]:
    """The loop behind every :meth:`EventStore.subscribe`: read what is new, then wait for a change.

    ``changed(seconds)`` returns when the store may have changed or ``seconds`` have passed, whichever is
    first; a spurious return costs one (empty) indexed read.

    Raises:
        ValueError: ``after`` or ``wait`` is negative.
    """
    check_read_range(after, None)
    if wait is not None and (isinstance(wait, bool) or not wait >= 0):
        raise ValueError(f"wait must be a non-negative number of seconds or None, got {wait!r}")
    return _follow(store, after, wait, changed)


def _follow(
    store: EventStore, position: int, wait: float | None, changed: Callable[[float], None]
) -> Iterator[StoredEvent]:
    quiet_since = time.monotonic()
    while True:
        for stored in store.read(after=position):
            position = stored.position
            yield stored
            quiet_since = time.monotonic()
        if wait is None:
            changed(60.0)
            continue
        left = wait - (time.monotonic() - quiet_since)
        if left <= 0:
            return
        changed(left)


def check_checkpoint(name: str, position: int, state: bytes, head: int) -> None:
    """Refuse a checkpoint that cannot be right.

    Raises:
        ValueError: ``name`` is empty, or ``position`` is negative or beyond ``head``.
        TypeError: ``state`` is not bytes.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"a checkpoint name must be a non-empty string, got {name!r}")
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= head:
        raise ValueError(
            f"checkpoint {name!r}: position must be between 0 and the head ({head}), got {position!r}"
        )
    if not isinstance(state, bytes):
        raise TypeError(f"checkpoint {name!r}: state must be bytes, got {type(state).__name__}")
