"""The append guard against other writers: a filing or a refuse declaration another writer stores between
the guard's reading and the append must not be slipped past (a batch is stored only if the stream of every
agency it names is still as the guard read it, otherwise it is read and checked again; an import is checked
under its transaction's write lock)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from tests.test_filing import _filed_log, _policy

from _postgres import drop_schemas, new_schema
from opengov.codec import encode_line
from opengov.errors import ConcurrencyConflictError, FiledPeriodError
from opengov.events import Event, FiledPeriodPolicy, MeetingHeld
from opengov.store import (
    AppendResult,
    EventStore,
    MemoryStore,
    PostgresStore,
    SQLiteStore,
    append_checked,
    import_jsonl,
)
from strategies import received


class _Interloper(MemoryStore):
    """A store where another writer commits ``first`` just before the next append of ours lands: after
    the guard read the stream, before our batch is stored."""

    def __init__(self, log: Sequence[object], first: Sequence[Event]) -> None:
        super().__init__()
        super().append(log)  # type: ignore[arg-type]
        self.first = list(first)
        self.appends = 0

    def append(self, events: Iterable[Event], *, expected_version: int | None = None) -> AppendResult:
        self.appends += 1
        if self.first:
            other, self.first = self.first, []
            super().append(other)
        return super().append(events, expected_version=expected_version)


def test_a_refuse_declaration_stored_meanwhile_refuses_the_late_event() -> None:
    """The guard read a1's stream under the default policy; before the append landed, another writer
    declared the refuse policy. The 2024 event must be refused (naming the declaration), not stored."""
    store = _Interloper(_filed_log(), [_policy(FiledPeriodPolicy.REFUSE)])
    head = store.head()
    with pytest.raises(FiledPeriodError) as caught:
        append_checked(store, [received("A3", dt.date(2024, 6, 1))])
    assert ("r-a1-A3", "p1") == (caught.value.event_id, caught.value.policy_id)
    assert head + 1 == store.head()  # the declaration only
    assert "r-a1-A3" not in {stored.event.id for stored in store.read()}


def test_an_unrelated_event_stored_meanwhile_is_read_and_the_batch_stored_after_it() -> None:
    meeting = MeetingHeld(id="m-other", agency="a1", at=dt.date(2025, 2, 3))
    store = _Interloper(_filed_log(), [meeting])
    version = store.version("a1")
    result = append_checked(store, [received("A3", dt.date(2024, 6, 1))])
    assert 1 == result.count
    assert 2 == store.appends  # refused once by the stream's version, then stored
    assert [("m-other", version + 1), ("r-a1-A3", version + 2)] == [
        (stored.event.id, stored.version) for stored in store.read(agency="a1")
    ][-2:]


def _other(day: dt.date, name: str = "A9") -> Event:
    """An event of a2 (no filing, no policy) to make a batch of several agencies."""
    return received(name, day, agency="a2")


def test_a_refuse_declaration_stored_meanwhile_refuses_the_late_event_of_a_batch_of_several() -> None:
    """As above, in a batch naming a1 and a2: the a1 event is refused and nothing of the batch stored."""
    store = _Interloper(_filed_log(), [_policy(FiledPeriodPolicy.REFUSE)])
    head = store.head()
    with pytest.raises(FiledPeriodError) as caught:
        append_checked(store, [_other(dt.date(2025, 2, 1)), received("A3", dt.date(2024, 6, 1))])
    assert ("r-a1-A3", "p1") == (caught.value.event_id, caught.value.policy_id)
    assert head + 1 == store.head()  # the declaration only
    assert not {"r-a1-A3", "r-a2-A9"} & {stored.event.id for stored in store.read()}


def test_an_event_of_either_agency_stored_meanwhile_is_read_and_the_batch_stored_after_it() -> None:
    for agency in ("a1", "a2"):
        meeting = MeetingHeld(id=f"m-{agency}", agency=agency, at=dt.date(2025, 2, 3))
        store = _Interloper(_filed_log(), [meeting])
        head = store.head()
        result = append_checked(store, [received("A3", dt.date(2024, 6, 1)), _other(dt.date(2025, 2, 4))])
        assert (2, 2) == (result.count, store.appends)  # refused once by the streams' versions, then stored
        assert [f"m-{agency}", "r-a1-A3", "r-a2-A9"] == [stored.event.id for stored in store.read(after=head)]


def test_one_version_for_a_batch_of_several_agencies_is_refused() -> None:
    store = MemoryStore()
    with pytest.raises(ValueError, match="'a1', 'a2'"):
        append_checked(
            store, [received("A3", dt.date(2025, 6, 1)), _other(dt.date(2025, 6, 1))], expected_version=0
        )


class _ImportInterloper(MemoryStore):
    """A store where another writer commits ``first`` just before an import's transaction begins: after
    the import was called, before it reads the log."""

    def __init__(self, first: Sequence[object]) -> None:
        super().__init__()
        self.first = list(first)

    def append_batches(self, batches: Iterable[Iterable[Event]]) -> int:
        if self.first:
            other, self.first = self.first, []
            super().append(other)  # type: ignore[arg-type]
        return super().append_batches(batches)


def _lines(events: Sequence[Event]) -> list[bytes]:
    return [encode_line(event).encode() + b"\n" for event in events]


def test_an_import_into_an_empty_store_sees_a_filing_and_declaration_stored_meanwhile() -> None:
    """The store was empty when the import was called; before its transaction began, another writer stored
    a1's log, its 2024 filing and the refuse declaration. The file's 2024 event of a1 is refused and
    nothing of the file stored."""
    store = _ImportInterloper([*_filed_log(), _policy(FiledPeriodPolicy.REFUSE)])
    with pytest.raises(FiledPeriodError) as caught:
        import_jsonl(store, _lines([_other(dt.date(2025, 2, 1)), received("A3", dt.date(2024, 6, 1))]))
    assert ("r-a1-A3", "p1") == (caught.value.event_id, caught.value.policy_id)
    assert not {"r-a1-A3", "r-a2-A9"} & {stored.event.id for stored in store.read()}


def test_the_writer_own_expected_version_still_conflicts() -> None:
    """A writer that passed the version it decided on is told of the other writer, as by the store."""
    meeting = MeetingHeld(id="m-other", agency="a1", at=dt.date(2025, 2, 3))
    store = _Interloper(_filed_log(), [meeting])
    version = store.version("a1")
    with pytest.raises(ConcurrencyConflictError) as caught:
        append_checked(store, [received("A3", dt.date(2024, 6, 1))], expected_version=version)
    assert (version, version + 1) == (caught.value.expected, caught.value.actual)


def test_an_expected_version_the_stream_never_had_conflicts_at_once() -> None:
    store = MemoryStore()
    store.append(_filed_log())  # type: ignore[arg-type]
    version = store.version("a1")
    with pytest.raises(ConcurrencyConflictError) as caught:
        append_checked(store, [received("A3", dt.date(2025, 6, 1))], expected_version=version + 2)
    assert (version + 2, version) == (caught.value.expected, caught.value.actual)


def test_a_batch_stored_before_is_a_no_op_again() -> None:
    store = MemoryStore()
    store.append(_filed_log())  # type: ignore[arg-type]
    batch = [received("A3", dt.date(2025, 6, 1))]
    assert (1, 0) == (append_checked(store, batch).count, append_checked(store, batch).count)


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], EventStore]]:
    """Opens a new connection to one store, on SQLite or on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield lambda: SQLiteStore(tmp_path / "events.db")
        return
    url = request.getfixturevalue("postgres_url")
    schema = new_schema()
    try:
        yield lambda: PostgresStore(url, schema=schema)
    finally:
        drop_schemas(url, [schema])


@pytest.mark.parametrize("how", ["one-agency", "two-agencies", "import"])
def test_writers_racing_a_refuse_declaration(opener: Callable[[], EventStore], how: str) -> None:
    """Threads append 2024 events of a1 (filed) on their own connections, alone, in batches with an
    event of a2, or as imported files of both, while another declares the refuse policy: no 2024 event of
    a1 may be stored after the declaration, whatever the interleaving."""
    with opener() as store:
        store.append(_filed_log())  # type: ignore[arg-type]
    start = threading.Barrier(5)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        with opener() as own:
            start.wait()
            for k in range(30):
                try:
                    batch: list[Event] = [received(f"W{n}-{k}", dt.date(2024, 6, 1))]
                    if how != "one-agency":
                        batch.append(_other(dt.date(2025, 6, 1), f"W{n}-{k}"))
                    if how == "import":
                        import_jsonl(own, _lines(batch))
                    else:
                        append_checked(own, batch)
                except FiledPeriodError:
                    pass
                except BaseException as exc:  # pragma: no cover - reported below
                    errors.append(exc)

    def declarer() -> None:
        with opener() as own:
            start.wait()
            append_checked(own, [_policy(FiledPeriodPolicy.REFUSE)])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=declarer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [] == errors
    with opener() as store:
        log = [stored.event for stored in store.read(agency="a1")]
    declared = [event.id for event in log].index("p1")
    late = [event.id for event in log[declared:] if event.day.year == 2024]
    assert [] == late
