"""The conformance suite every event store runs: one contract, one set of tests.

Subclass :class:`StoreConformance` in a ``test_store_*.py`` module and implement :meth:`make_store`
to return a fresh, empty store; every test below then runs against it. ``self.workspace`` is a temporary
directory for stores that need files.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import hypothesis.strategies as st
import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from opengov.codec import encode, write_events
from opengov.errors import ConcurrencyConflictError, DecodeError, DuplicateEventIdError, StoreError
from opengov.events import (
    AgencyRegistered,
    ApplicantKind,
    ApplicationChannel,
    ApplicationReceived,
    Channel,
    Event,
    ItemKind,
    ItemPublished,
    MeetingHeld,
    SpecialFundingAllocated,
    TrainingHeld,
)
from opengov.store import EventStore, StoredEvent, export_jsonl, import_jsonl
from strategies import any_event

DAY = dt.date(2024, 3, 1)

# Every store runs the same property tests; sharing their examples between stores is the point, so the
# "called from different executors" check does not apply. Each example makes a store, hence too_slow.
SHARED = [HealthCheck.differing_executors, HealthCheck.too_slow]


def meeting(event_id: str, agency: str = "a1", title: str | None = None) -> MeetingHeld:
    """A small valid event, distinguishable by ``title``."""
    return MeetingHeld(id=event_id, agency=agency, at=DAY, title=title)


def ids(stored: Iterator[StoredEvent] | list[StoredEvent]) -> list[str]:
    return [item.event.id for item in stored]


def rich_events() -> list[Event]:
    """Events using every kind of field the wire form has: enums, sets, money, timestamps, Chinese text."""
    beijing = dt.timezone(dt.timedelta(hours=8))
    return [
        AgencyRegistered(id="r1", agency="wz-kjj", at=dt.date(2018, 1, 1), name="吴忠市科学技术局"),
        ItemPublished(
            id="p1",
            agency="wz-kjj",
            at=dt.datetime(2018, 12, 31, 20, 0, tzinfo=dt.UTC),
            item_id="doc-1",
            kind=next(iter(ItemKind)),
            channels=frozenset({Channel.WEBSITE, Channel.WECHAT}),
        ),
        ApplicationReceived(
            id="q1",
            agency="wz-kjj",
            at=dt.datetime(2019, 5, 6, 9, 30, tzinfo=beijing),
            application_id="A-1",
            channel=ApplicationChannel.ONLINE,
            applicant=ApplicantKind.NATURAL_PERSON,
            subject="道路规划",
        ),
        SpecialFundingAllocated(id="f1", agency="wz-kjj", at=dt.date(2019, 6, 1), amount=Decimal("12.50")),
        TrainingHeld(id="t1", agency="other", at=dt.datetime(2019, 7, 1, 8, 0), attendees=30, title="培训"),
    ]


class StoreConformance:
    """The behaviour every :class:`~opengov.store.EventStore` must show. Subclasses provide the store."""

    workspace: Path

    def make_store(self) -> EventStore:
        """A fresh, empty store of the kind under test."""
        raise NotImplementedError

    def reopen(self, store: EventStore) -> EventStore:
        """Another handle on the same store, as another thread or process opens it (may be ``store``)."""
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _workspace(self, tmp_path: Path) -> Iterator[None]:
        self.workspace = tmp_path
        self._opened: list[EventStore] = []
        yield
        for opened in self._opened:
            opened.close()

    def new_store(self) -> EventStore:
        """A fresh store, closed when the test ends."""
        made = self.make_store()
        self._opened.append(made)
        return made

    @pytest.fixture
    def store(self) -> EventStore:
        return self.new_store()

    # --- reading and writing -------------------------------------------------------------------------

    def test_empty_store(self, store: EventStore) -> None:
        """An empty store has head 0, no agencies, version 0 and nothing to read."""
        expected: tuple[int, list[str], int, list[StoredEvent]] = (0, [], 0, [])
        assert expected == (store.head(), store.agencies(), store.version("a1"), list(store.read()))

    def test_append_then_read(self, store: EventStore) -> None:
        """Appended events read back equal, in the order appended."""
        events = [meeting("e1"), meeting("e2", "a2"), meeting("e3")]
        store.append(events)
        assert events == [item.event for item in store.read()]

    def test_rich_events_round_trip(self, store: EventStore) -> None:
        """Enums, sets, money, timestamps and Chinese text read back as they were appended."""
        events = rich_events()
        store.append(events)
        assert [encode(e) for e in events] == [encode(item.event) for item in store.read()]
        assert events == [item.event for item in store.read()]

    def test_positions_are_global_and_versions_per_agency(self, store: EventStore) -> None:
        """Positions count 1, 2, 3 … across the store; versions count 1, 2 … within each agency."""
        store.append([meeting("e1"), meeting("e2", "a2")])
        store.append([meeting("e3"), meeting("e4", "a2"), meeting("e5", "a2")])
        expected = [(1, 1, "e1"), (2, 1, "e2"), (3, 2, "e3"), (4, 2, "e4"), (5, 3, "e5")]
        assert expected == [(s.position, s.version, s.event.id) for s in store.read()]

    def test_append_result(self, store: EventStore) -> None:
        """An append reports the stored events, the new head and the versions of the agencies it named."""
        store.append([meeting("e1")])
        result = store.append([meeting("e2"), meeting("e3", "a2")])
        expected = ([(2, 2, "e2"), (3, 1, "e3")], 3, {"a1": 2, "a2": 1}, 2)
        actual = (
            [(s.position, s.version, s.event.id) for s in result.appended],
            result.head,
            dict(result.versions),
            result.count,
        )
        assert expected == actual

    def test_append_accepts_any_iterable(self, store: EventStore) -> None:
        """A generator is as good a batch as a list."""
        store.append(meeting(f"e{i}") for i in range(3))
        expected = ["e0", "e1", "e2"]
        assert expected == ids(store.read())

    def test_empty_batch_is_a_no_op(self, store: EventStore) -> None:
        """Appending nothing stores nothing and succeeds."""
        result = store.append([], expected_version=0)
        expected = ((), 0, 0)
        assert expected == (result.appended, result.head, store.head())

    def test_append_refuses_non_events(self, store: EventStore) -> None:
        """A batch holding something other than an event is a TypeError, and nothing is stored."""
        with pytest.raises(TypeError, match="dict"):
            store.append([meeting("e1"), {"id": "e2"}])  # type: ignore[list-item]
        expected = 0
        assert expected == store.head()

    def test_version_and_agencies(self, store: EventStore) -> None:
        """version() counts an agency's events; agencies() lists those with any, sorted."""
        store.append([meeting("e1", "b"), meeting("e2", "a"), meeting("e3", "b")])
        expected = (
            ["a", "b"],
            1,
            2,
            0,
        )
        assert expected == (store.agencies(), store.version("a"), store.version("b"), store.version("c"))

    def test_head(self, store: EventStore) -> None:
        """head() is the last global position."""
        store.append([meeting("e1"), meeting("e2", "a2")])
        store.append([meeting("e3")])
        expected = 3
        assert expected == store.head()

    # --- selective reads -----------------------------------------------------------------------------

    def test_read_by_agency(self, store: EventStore) -> None:
        """Reading one agency gives its events only, in global order, with their positions and versions."""
        store.append([meeting("e1"), meeting("e2", "a2"), meeting("e3"), meeting("e4", "a2")])
        expected = [(2, 1, "e2"), (4, 2, "e4")]
        assert expected == [(s.position, s.version, s.event.id) for s in store.read(agency="a2")]

    def test_read_unknown_agency(self, store: EventStore) -> None:
        """Reading an agency with no events gives nothing."""
        store.append([meeting("e1")])
        expected: list[StoredEvent] = []
        assert expected == list(store.read(agency="nobody"))

    def test_read_range(self, store: EventStore) -> None:
        """``after`` is exclusive and ``until`` inclusive."""
        store.append([meeting(f"e{i}") for i in range(1, 7)])
        expected = ["e3", "e4", "e5"]
        assert expected == ids(store.read(after=2, until=5))

    def test_read_range_by_agency(self, store: EventStore) -> None:
        """A position range and an agency combine."""
        store.append([meeting("e1"), meeting("e2", "a2"), meeting("e3"), meeting("e4", "a2"), meeting("e5")])
        expected = ["e3"]
        assert expected == ids(store.read(agency="a1", after=1, until=4))

    def test_read_range_beyond_head(self, store: EventStore) -> None:
        """A range past the head gives what exists, or nothing."""
        store.append([meeting("e1"), meeting("e2")])
        expected: tuple[list[str], list[str]] = (["e2"], [])
        assert expected == (ids(store.read(after=1, until=99)), ids(store.read(after=5)))

    def test_read_empty_range(self, store: EventStore) -> None:
        """``until`` at or before ``after`` gives nothing."""
        store.append([meeting("e1"), meeting("e2")])
        expected: tuple[list[str], list[str]] = ([], [])
        assert expected == (ids(store.read(after=1, until=1)), ids(store.read(after=2, until=1)))

    def test_read_refuses_negative_bounds(self, store: EventStore) -> None:
        """A negative ``after`` or ``until`` is a ValueError, raised at the call."""
        with pytest.raises(ValueError, match="after"):
            store.read(after=-1)
        with pytest.raises(ValueError, match="until"):
            store.read(until=-1)

    def test_read_stops_at_the_head_of_its_call(self, store: EventStore) -> None:
        """A read started before an append does not see the appended events."""
        store.append([meeting("e1"), meeting("e2")])
        reader = store.read()
        store.append([meeting("e3")])
        expected = ["e1", "e2"]
        assert expected == ids(reader)

    def test_read_many_pages(self, store: EventStore) -> None:
        """A read longer than any internal page size is complete and in order."""
        events = [meeting(f"e{i:05}", f"a{i % 3}") for i in range(1234)]
        store.append(events)
        assert ([e.id for e in events], list(range(1, 1235))) == (
            ids(store.read()),
            [s.position for s in store.read()],
        )

    def test_read_records_reads_what_read_reads(self, store: EventStore) -> None:
        """The fast read path (wire records, a page decoded at a time) gives the events ``read`` gives, for
        the whole log, one agency, and a position range, across page boundaries."""
        from opengov.wire import to_event

        events = [*rich_events(), *(meeting(f"e{i:05}", f"a{i % 3}", f"第{i}次") for i in range(1234))]
        store.append(events)
        reader = getattr(store, "read_records")  # noqa: B009 (not in the EventStore protocol)
        positioned = getattr(store, "read_positioned_records")  # noqa: B009 (as read_records)
        for query in ({}, {"agency": "a1"}, {"after": 3, "until": 1100}, {"agency": "a2", "after": 500}):
            expected = [item.event for item in store.read(**query)]
            assert expected == [to_event(record) for record in reader(**query)], query
            pairs = [(item.position, item.event) for item in store.read(**query)]
            assert pairs == [(position, to_event(record)) for position, record in positioned(**query)], query

    @settings(max_examples=15, deadline=None, suppress_health_check=SHARED)
    @given(events=st.lists(any_event(), max_size=8, unique_by=lambda e: e.id))
    def test_read_records_agrees_with_read_on_any_event(self, events: list[Event]) -> None:
        """Every kind of event, drawn at random, reads back alike on both paths."""
        from opengov.wire import to_event

        store = self.new_store()
        store.append(events)
        reader = getattr(store, "read_records")  # noqa: B009 (not in the EventStore protocol)
        assert [item.event for item in store.read()] == [to_event(record) for record in reader()]
        positioned = getattr(store, "read_positioned_records")  # noqa: B009 (as read_records)
        pairs = [(item.position, item.event) for item in store.read()]
        assert pairs == [(position, to_event(record)) for position, record in positioned()]

    # --- optimistic concurrency ----------------------------------------------------------------------

    def test_expected_version_of_an_empty_stream_is_zero(self, store: EventStore) -> None:
        """A writer that saw an empty stream appends with expected_version=0."""
        result = store.append([meeting("e1"), meeting("e2")], expected_version=0)
        expected = {"a1": 2}
        assert expected == dict(result.versions)

    def test_expected_version_matching_appends(self, store: EventStore) -> None:
        """An append expecting the current version succeeds."""
        store.append([meeting("e1"), meeting("x", "a2")])
        store.append([meeting("e2")], expected_version=1)
        expected = (["e1", "e2"], 2)
        assert expected == (ids(store.read(agency="a1")), store.version("a1"))

    def test_stale_expected_version_conflicts(self, store: EventStore) -> None:
        """A writer that saw an older version gets ConcurrencyConflictError, and nothing is stored."""
        store.append([meeting("e1"), meeting("e2")])
        with pytest.raises(ConcurrencyConflictError) as caught:
            store.append([meeting("e3")], expected_version=1)
        expected = (
            ("a1", 1, 2),
            2,
        )
        assert expected == ((caught.value.agency, caught.value.expected, caught.value.actual), store.head())

    def test_expected_version_ahead_conflicts(self, store: EventStore) -> None:
        """Expecting a version the stream has not reached is a conflict too."""
        with pytest.raises(ConcurrencyConflictError):
            store.append([meeting("e1")], expected_version=3)
        expected = 0
        assert expected == store.head()

    def test_expected_version_ignores_other_agencies(self, store: EventStore) -> None:
        """Another agency's appends do not move this agency's version."""
        store.append([meeting("e1")], expected_version=0)
        store.append([meeting("x1", "a2"), meeting("x2", "a2")])
        store.append([meeting("e2")], expected_version=1)
        expected = 2
        assert expected == store.version("a1")

    def test_expected_version_needs_one_agency(self, store: EventStore) -> None:
        """expected_version with a batch naming several agencies is a ValueError naming them."""
        with pytest.raises(ValueError, match="'a1', 'a2'"):
            store.append([meeting("e1"), meeting("e2", "a2")], expected_version=0)
        expected = 0
        assert expected == store.head()

    def test_expected_version_must_not_be_negative(self, store: EventStore) -> None:
        """A negative expected_version is a ValueError."""
        with pytest.raises(ValueError, match="expected_version"):
            store.append([meeting("e1")], expected_version=-1)

    def test_expected_versions_of_several_agencies(self, store: EventStore) -> None:
        """A batch of several agencies with the version of each one's stream is stored when all hold."""
        store.append([meeting("e1"), meeting("x1", "a2"), meeting("x2", "a2")])
        result = store.append([meeting("e2"), meeting("x3", "a2")], expected_version={"a1": 1, "a2": 2})
        expected = ({"a1": 2, "a2": 3}, 5)
        assert expected == (dict(result.versions), store.head())

    def test_one_stale_version_among_several_conflicts(self, store: EventStore) -> None:
        """One agency's stream moved: ConcurrencyConflictError naming it, and nothing of the batch stored."""
        store.append([meeting("e1"), meeting("x1", "a2")])
        batch = [meeting("e2"), meeting("x2", "a2")] * 30  # a long batch too (another path on a server)
        for events in (batch[:2], batch):
            with pytest.raises(ConcurrencyConflictError) as caught:
                store.append(events, expected_version={"a1": 1, "a2": 0})
            expected = (("a2", 0, 1), 2)
            assert expected == (
                (caught.value.agency, caught.value.expected, caught.value.actual),
                store.head(),
            )

    def test_expected_versions_name_exactly_the_batchs_agencies(self, store: EventStore) -> None:
        """A mapping that leaves out an agency of the batch, names another, or holds a negative version is a
        ValueError saying which; nothing is stored."""
        batch = [meeting("e1"), meeting("x1", "a2")]
        with pytest.raises(ValueError, match="missing 'a2'"):
            store.append(batch, expected_version={"a1": 0})
        with pytest.raises(ValueError, match="not in the batch 'a3'"):
            store.append(batch, expected_version={"a1": 0, "a2": 0, "a3": 0})
        with pytest.raises(ValueError, match="agency 'a2' must be a non-negative"):
            store.append(batch, expected_version={"a1": 0, "a2": -1})
        assert 0 == store.head()

    def test_retry_with_stale_expected_versions_succeeds(self, store: EventStore) -> None:
        """A batch of several agencies wholly stored already is a retry, whatever its expected versions."""
        batch = [meeting("e1"), meeting("x1", "a2")]
        store.append(batch, expected_version={"a1": 0, "a2": 0})
        result = store.append(batch, expected_version={"a1": 0, "a2": 0})
        expected = ((), {"a1": 1, "a2": 1}, 2)
        assert expected == (result.appended, dict(result.versions), store.head())

    # --- idempotence and duplicate ids ---------------------------------------------------------------

    def test_reappending_identical_events_is_a_no_op(self, store: EventStore) -> None:
        """Appending an already stored, identical event again stores nothing and succeeds."""
        store.append([meeting("e1"), meeting("e2")])
        result = store.append([meeting("e2"), meeting("e1")])
        expected = ((), 2, ["e1", "e2"])
        assert expected == (result.appended, store.head(), ids(store.read()))

    def test_retry_with_stale_expected_version_succeeds(self, store: EventStore) -> None:
        """A batch wholly stored already is a retry: it succeeds even though its expected_version is stale."""
        store.append([meeting("e1"), meeting("e2")], expected_version=0)
        result = store.append([meeting("e1"), meeting("e2")], expected_version=0)
        expected = ((), {"a1": 2}, 2)
        assert expected == (result.appended, dict(result.versions), store.head())

    def test_partly_stored_batch_appends_the_rest(self, store: EventStore) -> None:
        """Without expected_version, events already stored identically are skipped and the rest appended."""
        store.append([meeting("e1")])
        result = store.append([meeting("e1"), meeting("e2")])
        expected = (["e2"], ["e1", "e2"])
        assert expected == (ids(list(result.appended)), ids(store.read()))

    def test_stored_event_after_new_ones_leaves_no_gap(self, store: EventStore) -> None:
        """A batch whose stored event comes after new ones appends the new ones at the next positions."""
        store.append([meeting("e1")])
        result = store.append([meeting("n1"), meeting("n2", "a2"), meeting("e1"), meeting("n3")])
        store.append([meeting("n4")])
        expected = ([(2, "n1"), (3, "n2"), (4, "n3")], [1, 2, 3, 4, 5], {"a1": 3, "a2": 1})
        assert expected == (
            [(s.position, s.event.id) for s in result.appended],
            [s.position for s in store.read()],
            dict(result.versions),
        )

    def test_partly_stored_batch_still_checks_expected_version(self, store: EventStore) -> None:
        """A batch with new events is held to its expected_version even if some of it is stored."""
        store.append([meeting("e1")], expected_version=0)
        with pytest.raises(ConcurrencyConflictError):
            store.append([meeting("e1"), meeting("e2")], expected_version=0)
        expected = ["e1"]
        assert expected == ids(store.read())

    def test_different_event_under_a_used_id(self, store: EventStore) -> None:
        """A different event under a stored id raises DuplicateEventIdError naming the id and its position."""
        store.append([meeting("e0"), meeting("e1", title="first")])
        with pytest.raises(DuplicateEventIdError) as caught:
            store.append([meeting("e1", title="second")])
        expected = ("e1", 2)
        assert expected == (caught.value.event_id, caught.value.position)

    def test_same_id_in_another_agency_is_a_duplicate(self, store: EventStore) -> None:
        """Event ids are unique across the store, not per agency."""
        store.append([meeting("e1", "a1")])
        with pytest.raises(DuplicateEventIdError):
            store.append([meeting("e1", "a2")])
        expected = ["a1"]
        assert expected == store.agencies()

    def test_identical_duplicates_in_a_batch_are_stored_once(self, store: EventStore) -> None:
        """An event repeated identically inside one batch is stored once."""
        result = store.append([meeting("e1"), meeting("e2"), meeting("e1")], expected_version=0)
        expected = (["e1", "e2"], {"a1": 2})
        assert expected == (ids(store.read()), dict(result.versions))

    def test_different_duplicates_in_a_batch_are_refused(self, store: EventStore) -> None:
        """Two different events under one id in one batch raise DuplicateEventIdError; nothing is stored."""
        with pytest.raises(DuplicateEventIdError) as caught:
            store.append([meeting("e1", title="x"), meeting("e2"), meeting("e1", title="y")])
        expected = ("e1", 0)
        assert expected == (caught.value.event_id, store.head())

    def test_failed_batch_leaves_nothing(self, store: EventStore) -> None:
        """A batch refused for one event stores none of its events: all or nothing."""
        store.append([meeting("e1", title="kept")])
        with pytest.raises(DuplicateEventIdError):
            store.append([meeting("n1"), meeting("n2", "a2"), meeting("e1", title="clash")])
        expected = (
            ["e1"],
            1,
            ["a1"],
            0,
        )
        assert expected == (ids(store.read()), store.head(), store.agencies(), store.version("a2"))

    def test_store_is_usable_after_a_refused_batch(self, store: EventStore) -> None:
        """After a refused append the next append gets the next position and version."""
        store.append([meeting("e1")])
        with pytest.raises(ConcurrencyConflictError):
            store.append([meeting("e2")], expected_version=0)
        store.append([meeting("e2")], expected_version=1)
        expected = [(1, 1), (2, 2)]
        assert expected == [(s.position, s.version) for s in store.read()]

    # --- checkpoints ---------------------------------------------------------------------------------

    def test_missing_checkpoint_is_none(self, store: EventStore) -> None:
        """Loading a checkpoint never saved gives None."""
        assert store.load_checkpoint("fold") is None

    def test_checkpoint_round_trip(self, store: EventStore) -> None:
        """A saved checkpoint loads back as (position, bytes)."""
        store.append([meeting("e1"), meeting("e2")])
        store.save_checkpoint("fold", 2, b"\x00state\xff")
        expected = (2, b"\x00state\xff")
        assert expected == store.load_checkpoint("fold")

    def test_checkpoint_is_replaced(self, store: EventStore) -> None:
        """A second save under a name replaces the first; other names are separate."""
        store.append([meeting("e1"), meeting("e2")])
        store.save_checkpoint("fold", 1, b"one")
        store.save_checkpoint("other", 0, b"")
        store.save_checkpoint("fold", 2, b"two")
        expected = ((2, b"two"), (0, b""))
        assert expected == (store.load_checkpoint("fold"), store.load_checkpoint("other"))

    def test_checkpoint_beyond_head_is_refused(self, store: EventStore) -> None:
        """A checkpoint claiming a position the store has not reached is a ValueError."""
        store.append([meeting("e1")])
        with pytest.raises(ValueError, match="head"):
            store.save_checkpoint("fold", 2, b"x")
        assert store.load_checkpoint("fold") is None

    def test_checkpoint_state_must_be_bytes(self, store: EventStore) -> None:
        """The store keeps bytes only: a str state is a TypeError."""
        with pytest.raises(TypeError, match="bytes"):
            store.save_checkpoint("fold", 0, "text")  # type: ignore[arg-type]

    def test_checkpoint_name_must_not_be_empty(self, store: EventStore) -> None:
        """An empty checkpoint name is a ValueError."""
        with pytest.raises(ValueError, match="name"):
            store.save_checkpoint("", 0, b"x")

    def test_save_checkpoints_together(self, store: EventStore) -> None:
        """Several checkpoints are saved at once; one bad one leaves all of them unsaved."""
        store.append([meeting("e1"), meeting("e2")])
        store.save_checkpoints({"a": (1, b"one"), "b": (2, b"two")})
        with pytest.raises(ValueError, match="head"):
            store.save_checkpoints({"a": (2, b"changed"), "c": (9, b"beyond")})
        expected = ((1, b"one"), (2, b"two"), None)
        assert expected == (
            store.load_checkpoint("a"),
            store.load_checkpoint("b"),
            store.load_checkpoint("c"),
        )

    # --- subscriptions -------------------------------------------------------------------------------

    def test_subscribe_reads_what_is_stored_then_ends_when_quiet(self, store: EventStore) -> None:
        """With ``wait``, a subscription yields the events after ``after``, and ends when none come."""
        store.append([meeting("e1"), meeting("e2", "a2"), meeting("e3")])
        expected = ([(1, "e1"), (2, "e2"), (3, "e3")], [(3, "e3")], [])
        assert expected == (
            [(s.position, s.event.id) for s in store.subscribe(wait=0.05)],
            [(s.position, s.event.id) for s in store.subscribe(after=2, wait=0.05)],
            [(s.position, s.event.id) for s in store.subscribe(after=3, wait=0.05)],
        )

    def test_subscribe_refuses_negative_bounds(self, store: EventStore) -> None:
        """A negative ``after`` or ``wait`` is a ValueError raised at the call."""
        with pytest.raises(ValueError, match="after"):
            store.subscribe(after=-1)
        with pytest.raises(ValueError, match="wait"):
            store.subscribe(wait=-1)

    def test_subscribe_sees_events_as_they_are_committed(self, store: EventStore) -> None:
        """Events appended by another writer while subscribed arrive in order, each once."""
        store.append([meeting("e0")])
        failures: list[BaseException] = []

        def write() -> None:
            writer = self.reopen(store)
            try:
                for n in range(1, 6):
                    time.sleep(0.02)
                    writer.append([meeting(f"e{n}a", f"a{n % 2}"), meeting(f"e{n}b")])
            except BaseException as exc:  # reported by the test below
                failures.append(exc)
            finally:
                if writer is not store:
                    writer.close()

        thread = threading.Thread(target=write)
        thread.start()
        seen: list[tuple[int, str]] = []
        try:
            for stored in store.subscribe(wait=10):
                seen.append((stored.position, stored.event.id))
                if len(seen) == 11:
                    break
        finally:
            thread.join()
        expected_ids = ["e0"] + [f"e{n}{half}" for n in range(1, 6) for half in "ab"]
        assert ([], list(zip(range(1, 12), expected_ids, strict=True))) == (failures, seen)

    # --- lifecycle -----------------------------------------------------------------------------------

    def test_is_an_event_store(self, store: EventStore) -> None:
        """The store satisfies the EventStore protocol at runtime."""
        assert isinstance(store, EventStore)

    def test_context_manager_closes(self) -> None:
        """Leaving the with block closes the store: later calls raise StoreError."""
        with self.new_store() as store:
            store.append([meeting("e1")])
        with pytest.raises(StoreError, match="closed"):
            store.head()
        with pytest.raises(StoreError, match="closed"):
            store.append([meeting("e2")])

    def test_close_twice_is_harmless(self, store: EventStore) -> None:
        """Closing a closed store does nothing."""
        store.close()
        store.close()

    # --- JSON Lines ----------------------------------------------------------------------------------

    def test_export_then_import_round_trips(self, store: EventStore) -> None:
        """Export and import into a fresh store gives the same events in the same order."""
        store.append(rich_events())
        store.append([meeting("m2", "wz-kjj"), meeting("m1", "b")])
        path = self.workspace / "export.jsonl"
        exported = export_jsonl(store, path)
        fresh = self.new_store()
        imported = import_jsonl(fresh, path, batch_size=2)
        expected = [(s.position, s.version, s.event) for s in store.read()]
        assert (7, 7, expected) == (
            exported,
            imported,
            [(s.position, s.version, s.event) for s in fresh.read()],
        )

    def test_export_one_agency_to_a_stream(self, store: EventStore) -> None:
        """Exporting one agency writes its events only, as JSON lines, in global order."""
        store.append([meeting("e1"), meeting("e2", "a2"), meeting("e3")])
        buffer = io.BytesIO()
        count = export_jsonl(store, buffer, agency="a1")
        lines = [orjson.loads(line)["id"] for line in buffer.getvalue().splitlines()]
        expected = (2, ["e1", "e3"])
        assert expected == (count, lines)

    def test_import_twice_stores_once(self, store: EventStore) -> None:
        """Importing a file again appends nothing: events already stored are skipped."""
        path = self.workspace / "events.jsonl"
        write_events([meeting("e1"), meeting("e2")], path)
        expected = (2, 0, 2)
        assert expected == (import_jsonl(store, path), import_jsonl(store, path), store.head())

    def test_import_from_lines(self, store: EventStore) -> None:
        """import_jsonl reads an iterable of lines as well as a path."""
        buffer = io.BytesIO()
        write_events([meeting("e1"), meeting("e2")], buffer)
        expected = (
            2,
            ["e1", "e2"],
        )
        assert expected == (import_jsonl(store, buffer.getvalue().splitlines(True)), ids(store.read()))

    def test_import_with_bad_lines_appends_nothing(self, store: EventStore) -> None:
        """A file with bad lines imports nothing, and the error lists every bad line."""
        path = self.workspace / "events.jsonl"
        good = orjson.dumps(encode(meeting("e1"))).decode()
        path.write_text(f'{good}\n{{not json\n{good.replace("e1", "e2")}\n{{"type": "nope"}}\n')
        with pytest.raises(DecodeError) as caught:
            import_jsonl(store, path, batch_size=1)
        expected = ([2, 4], 0)
        assert expected == ([e.line for e in caught.value.errors], store.head())

    def test_import_refuses_zero_batch_size(self, store: EventStore) -> None:
        """batch_size below 1 is a ValueError."""
        with pytest.raises(ValueError, match="batch_size"):
            import_jsonl(store, [], batch_size=0)

    # --- properties ----------------------------------------------------------------------------------

    @settings(max_examples=30, deadline=None, suppress_health_check=SHARED)
    @given(data=st.data())
    def test_random_batches_read_back_in_order(self, data: st.DataObject) -> None:
        """Random batches, with repeats of stored events, read back once each, in first-appended order."""
        pool = data.draw(
            st.lists(
                st.builds(
                    lambda n, agency, title: meeting(f"e{n}", agency, title),
                    st.integers(0, 10**6),
                    st.sampled_from(["a1", "a2", "a3"]),
                    st.none()
                    | st.text(
                        st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8
                    ).filter(str.strip),
                ),
                min_size=1,
                max_size=25,
                unique_by=lambda e: e.id,
            )
        )
        batches = data.draw(st.lists(st.lists(st.sampled_from(pool), max_size=8), max_size=6))
        with self.make_store() as store:
            for batch in batches:
                store.append(batch)
            expected = list({e.id: e for batch in batches for e in batch}.values())
            stored = list(store.read())
            versions = {agency: sum(e.agency == agency for e in expected) for agency in ("a1", "a2", "a3")}
            assert (expected, list(range(1, len(expected) + 1))) == (
                [s.event for s in stored],
                [s.position for s in stored],
            )
            assert versions == {agency: store.version(agency) for agency in versions}
            for agency in versions:
                expected_stream = [e for e in expected if e.agency == agency]
                actual_stream = list(store.read(agency=agency))
                assert (expected_stream, list(range(1, len(expected_stream) + 1))) == (
                    [s.event for s in actual_stream],
                    [s.version for s in actual_stream],
                )

    @settings(max_examples=30, deadline=None, suppress_health_check=SHARED)
    @given(data=st.data())
    def test_append_results_report_what_is_stored(self, data: st.DataObject) -> None:
        """Each append's result is what the store reads back: its new events (those of the batch not
        stored before, once each, in batch order) at the positions after the previous head and at their
        streams' versions, the head, and each named agency's version; for batches of several agencies
        with stored events among new ones and identical repeats inside a batch."""
        pool = [meeting(f"e{n}", f"a{n % 3}") for n in range(15)]
        batches = data.draw(st.lists(st.lists(st.sampled_from(pool), max_size=9), min_size=1, max_size=6))
        with self.make_store() as store:
            results = [store.append(batch) for batch in batches]
            stored = [(s.position, s.version, s.event) for s in store.read()]
        seen: set[str] = set()
        for batch, result in zip(batches, results, strict=True):
            new = [e for e in dict.fromkeys(batch) if e.id not in seen]
            seen.update(e.id for e in new)
            held = [row for row in stored if row[2].id in seen]
            named = {e.agency for e in batch}
            expected = (
                [next(row for row in held if row[2] == e) for e in new],
                len(held),
                {agency: sum(row[2].agency == agency for row in held) for agency in named},
                len(new),
            )
            actual = (
                [(s.position, s.version, s.event) for s in result.appended],
                result.head,
                dict(result.versions),
                result.count,
            )
            assert expected == actual
        assert [row[0] for row in stored] == list(range(1, len(seen) + 1))

    @settings(max_examples=25, deadline=None, suppress_health_check=SHARED)
    @given(events=st.lists(any_event(), max_size=12, unique_by=lambda e: e.id))
    def test_any_events_read_back_equal(self, events: list[Event]) -> None:
        """Events of every type, with any valid field values, read back equal to what was appended."""
        with self.make_store() as store:
            store.append(events)
            assert events == [s.event for s in store.read()]
