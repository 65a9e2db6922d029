"""Kept projections: per-agency states with their positions, equal to folding the whole log."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest

from _postgres import drop_schemas, new_schema
from opengov.codec import load_events
from opengov.events import Event, MeetingHeld
from opengov.fold import Period, fold_facts
from opengov.ledger import LedgerFold
from opengov.projections import (
    Projection,
    ProjectionRunner,
    facts_projection,
    ledger_projection,
    outline_projection,
    run_together,
)
from opengov.report import ReportOutline
from opengov.store import MemoryStore, PostgresStore, SQLiteStore, StoredEvent

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example_log() -> list[Event]:
    """Two agencies' real-looking logs, interleaved as a platform's store would hold them."""
    first = load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl")
    second = load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    mixed, chance = [], random.Random(7)
    a, b = list(first), list(second)
    while a or b:
        source = a if (a and (not b or chance.random() < len(a) / (len(a) + len(b)))) else b
        mixed.append(source.pop(0))
    return mixed


def seen_ids() -> Projection[list[str], list[str]]:
    """A projection that remembers every event id it folded, so a double count or a skip shows."""
    return Projection(
        name="seen",
        version=1,
        initial=list,
        evolve=lambda state, event: [*state, event.id],
        result=lambda state: state,
        save=lambda state: orjson.dumps(state),
        load=orjson.loads,
    )


def meeting(n: int, agency: str = "a1") -> MeetingHeld:
    return MeetingHeld(id=f"m{n}", agency=agency, at=dt.date(2024, 3, 1) + dt.timedelta(days=n % 300))


class Recording(MemoryStore):
    """A memory store that records how it is read, and can be told to fail its next checkpoint saves."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str | None] = []
        self.fail_saves = 0

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        self.reads.append(agency)
        return super().read(agency=agency, after=after, until=until)

    def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
        if self.fail_saves:
            self.fail_saves -= 1
            raise OSError("the disk is full (simulated)")
        super().save_checkpoints(checkpoints)


# --- the fold and the ledger as projections -------------------------------------------------------------


@pytest.mark.parametrize("year", [2018, 2024, 2025])
def test_kept_facts_equal_the_fold_of_each_agency(year: int) -> None:
    """Appending in random chunks and refreshing or catching up in between gives the fold's facts."""
    log, chance = example_log(), random.Random(year)
    store = MemoryStore()
    runner = ProjectionRunner(store, facts_projection(Period.year(year)), every=7)
    start = 0
    while start < len(log):
        size = chance.randint(1, 40)
        store.append(log[start : start + size])
        start += size
        if chance.random() < 0.5:
            runner.catch_up()
        else:
            runner.state(chance.choice(store.agencies()))
    for agency in store.agencies():
        expected = fold_facts([e for e in log if e.agency == agency], Period.year(year))
        assert expected == runner.result(agency)


def test_kept_ledger_equals_the_ledger_of_each_agency() -> None:
    """The kept ledger of any day on or after the last event is the ledger folded from the whole log."""
    log = example_log()
    store = MemoryStore()
    runner = ProjectionRunner(store, ledger_projection(), every=5)
    store.append(log[:50])
    runner.catch_up()
    store.append(log[50:])
    last = max(e.day for e in log)
    for agency in store.agencies():
        for day in (last, last + dt.timedelta(days=40)):
            fold = LedgerFold(as_of=day, agency=agency)
            assert fold.result(fold.fold(log)) == runner.result(agency).ledger_on(fold)


def test_kept_ledger_refuses_a_day_before_its_last_event() -> None:
    """A kept ledger that holds events after the asked day says so (None) instead of counting them."""
    store = MemoryStore()
    store.append(example_log())
    kept = ProjectionRunner(store, ledger_projection()).result("wz-kjj")
    assert kept.ledger_on(LedgerFold(as_of=dt.date(2018, 1, 1))) is None


def test_kept_outline_equals_the_outline_of_each_agency() -> None:
    """The kept report outline, saved and loaded part way, is the outline of the agency's whole stream:
    the years held, the narrative sections in the order first written, the latest narrative's day."""
    log = example_log()
    store = MemoryStore()
    runner = ProjectionRunner(store, outline_projection(), every=7)
    store.append(log[:120])
    runner.catch_up()
    store.append(log[120:])
    for agency in store.agencies():
        expected = ReportOutline()
        for event in log:
            if event.agency == agency:
                expected.evolve(event)
        assert expected.sections  # the example logs hold narratives
        assert expected == runner.result(agency)


def test_saved_states_are_json() -> None:
    """Every kept state is JSON (never pickle), and loads back to the state it saved."""
    store = MemoryStore()
    store.append(example_log())
    for projection in (facts_projection(Period.year(2024)), ledger_projection()):
        runner = ProjectionRunner(store, projection)  # type: ignore[var-annotated]
        runner.catch_up()
        for agency in store.agencies():
            saved = store.load_checkpoint(f"{projection.key}/agency/{agency}")
            assert saved is not None
            assert isinstance(orjson.loads(saved[1]), dict)
            reloaded = projection.load(saved[1])
            assert saved[1] == projection.save(reloaded)


# --- the runner ---------------------------------------------------------------------------------------


def test_one_agency_is_read_from_its_stream_only() -> None:
    """Refreshing one agency reads that agency's stream, after its kept position, and nothing else."""
    store = Recording()
    store.append([meeting(n, f"a{n % 3}") for n in range(30)])
    runner = ProjectionRunner(store, seen_ids())
    runner.catch_up()
    store.append([meeting(100, "a1"), meeting(101, "a2")])
    store.reads.clear()
    state, head = runner.state("a1")
    expected = ([f"m{n}" for n in range(30) if n % 3 == 1] + ["m100"], 32, ["a1"])
    assert expected == (state, head, store.reads)


def test_refresh_then_follower_counts_each_event_once() -> None:
    """A reader's refresh saved ahead of the follower: the follower skips what the state already holds."""
    store = MemoryStore()
    runner = ProjectionRunner(store, seen_ids(), save_after=5)
    store.append([meeting(n) for n in range(5)])
    runner.catch_up()
    store.append([meeting(n) for n in range(5, 10)])
    runner.state("a1")  # saves a1 as of position 10
    store.append([meeting(n) for n in range(10, 12)])
    expected = (2, [f"m{n}" for n in range(12)])
    assert expected == (runner.catch_up(), runner.result("a1"))


def test_a_reader_saves_back_only_a_long_tail() -> None:
    """A refresh after a few events writes nothing; one that folded ``save_after`` events keeps its state."""
    store = MemoryStore()
    runner = ProjectionRunner(store, seen_ids(), save_after=3)
    key = f"{seen_ids().key}/agency/a1"
    store.append([meeting(n) for n in range(2)])
    runner.state("a1")
    after_short = store.load_checkpoint(key)
    store.append([meeting(n) for n in range(2, 4)])
    runner.state("a1")  # 4 events since nothing was kept: saved
    saved = store.load_checkpoint(key)
    expected = (None, 4, [f"m{n}" for n in range(4)])
    assert expected == (after_short, saved[0] if saved else None, orjson.loads(saved[1]) if saved else None)
    with pytest.raises(ValueError, match="save_after"):
        ProjectionRunner(store, seen_ids(), save_after=0)


def test_a_failed_save_loses_nothing_and_counts_nothing_twice() -> None:
    """A follower that dies at a save resumes from its last saved position: every event once."""
    store = Recording()
    store.append([meeting(n, f"a{n % 2}") for n in range(40)])
    runner = ProjectionRunner(store, seen_ids(), every=10)
    store.fail_saves = 1
    first_run = runner.catch_up
    with pytest.raises(OSError, match="disk is full"):
        first_run()
    store.fail_saves = 0
    runner.catch_up()
    store.append([meeting(n, f"a{n % 2}") for n in range(40, 50)])
    expected = {agency: [f"m{n}" for n in range(50) if f"a{n % 2}" == agency] for agency in ("a0", "a1")}
    assert expected == {agency: runner.result(agency) for agency in ("a0", "a1")}


def test_saves_states_and_position_together() -> None:
    """The follower's save holds every changed agency's state and its own position, in one call."""
    saved: list[dict[str, int]] = []

    class Watching(MemoryStore):
        def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
            saved.append({name: position for name, (position, _) in checkpoints.items()})
            super().save_checkpoints(checkpoints)

    store = Watching()
    store.append([meeting(1, "a"), meeting(2, "b"), meeting(3, "a")])
    ProjectionRunner(store, seen_ids()).catch_up()
    key = seen_ids().key
    assert [{key: 3, f"{key}/agency/a": 3, f"{key}/agency/b": 3}] == saved


def test_a_new_version_rebuilds() -> None:
    """A projection whose version changed does not use the old states: it folds the log again."""
    store = MemoryStore()
    store.append([meeting(n) for n in range(4)])
    old = ProjectionRunner(store, seen_ids())
    old.catch_up()
    counting = Projection(
        name="seen",
        version=2,
        initial=list,
        evolve=lambda state, event: [*state, event.id.upper()],
        result=lambda state: state,
        save=lambda state: orjson.dumps(state),
        load=orjson.loads,
    )
    new = ProjectionRunner(store, counting)
    expected = (4, 0, 4, ["M0", "M1", "M2", "M3"])
    assert expected == (old.position(), new.position(), new.catch_up(), new.result("a1"))


def test_rebuild_replaces_every_state() -> None:
    """rebuild folds the whole log from nothing, even over states already kept."""
    store = MemoryStore()
    store.append([meeting(n) for n in range(3)])
    runner = ProjectionRunner(store, seen_ids())
    runner.catch_up()
    store.save_checkpoint(f"{seen_ids().key}/agency/a1", 3, orjson.dumps(["damaged"]))
    expected = (3, ["m0", "m1", "m2"])
    assert expected == (runner.rebuild(), runner.result("a1"))


def test_projection_name_and_version_are_checked() -> None:
    """A projection's name must be usable in a checkpoint name, and its version an integer."""
    with pytest.raises(ValueError, match="name"):
        Projection("a/b", 1, list, lambda s, e: s, list, orjson.dumps, orjson.loads)
    with pytest.raises(ValueError, match="version"):
        Projection("ok", -1, list, lambda s, e: s, list, orjson.dumps, orjson.loads)


# --- following a store as it is written --------------------------------------------------------------


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function opening a handle on one fresh store (the same store every call)."""
    if request.param == "memory":
        shared = MemoryStore()
        yield lambda: shared
    elif request.param == "sqlite":
        path = tmp_path / "events.db"
        yield lambda: SQLiteStore(path)
    else:
        url = request.getfixturevalue("postgres_url")
        schemas = [new_schema()]
        try:
            yield lambda: PostgresStore(url, schema=schemas[0], pool_size=2)
        finally:
            drop_schemas(url, schemas)


def test_follower_keeps_up_with_a_writer(opener: Any) -> None:
    """A follower on a subscription keeps every agency's state equal to its stream while a writer appends."""
    store = opener()
    store.append([meeting(n, f"a{n % 4}") for n in range(20)])
    failures: list[BaseException] = []

    def write() -> None:
        writer = opener()
        try:
            for n in range(20, 200, 10):
                writer.append([meeting(k, f"a{k % 4}") for k in range(n, n + 10)])
        except BaseException as exc:
            failures.append(exc)
        finally:
            if writer is not store:
                writer.close()

    runner = ProjectionRunner(store, seen_ids(), every=25)
    thread = threading.Thread(target=write)
    thread.start()
    try:
        for position in runner.follow(wait=1.0, idle=0.05):
            if position == 200:
                break
    finally:
        thread.join()
    expected = {f"a{a}": [f"m{n}" for n in range(200) if n % 4 == a] for a in range(4)}
    actual = {agency: runner.result(agency, keep=False) for agency in expected}
    kept = {agency: store.load_checkpoint(f"{seen_ids().key}/agency/{agency}") for agency in expected}
    store.close()
    assert ([], 200, expected) == (failures, runner_position(kept), actual)


def runner_position(kept: Mapping[str, tuple[int, bytes] | None]) -> int:
    """The latest position any agency's kept state is saved at."""
    return max(saved[0] for saved in kept.values() if saved is not None)


def test_kept_projections_change_version_with_their_saved_state_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A saved-state format changed between two releases makes the kept states another version (rebuilt),
    for the fold, the ledger and the report outline alike; the same format keeps the same version."""
    import opengov.fold
    import opengov.projections as projections

    period = Period.year(2024)
    before = [p().version for p in (lambda: facts_projection(period), ledger_projection, outline_projection)]
    assert before == [
        p().version for p in (lambda: facts_projection(period), ledger_projection, outline_projection)
    ]
    monkeypatch.setattr(opengov.fold, "_STATE_FORMAT", "opengov.fold/999")
    monkeypatch.setattr(projections, "_LEDGER_FORMAT", "opengov.ledger/999")
    monkeypatch.setattr(projections, "_OUTLINE_FORMAT", "opengov.report-outline/999")
    after = [p().version for p in (lambda: facts_projection(period), ledger_projection, outline_projection)]
    assert all(b != a for b, a in zip(before, after, strict=True))


# --- several projections, one reading -------------------------------------------------------------------


def _kept(store: MemoryStore) -> dict[str, tuple[int, bytes]]:
    return {name: (position, state) for name, (position, state) in sorted(store._checkpoints.items())}


def _projections() -> list[Projection[Any, Any]]:
    return [seen_ids(), ledger_projection(), outline_projection(), facts_projection(Period.year(2025))]


def test_runners_together_keep_what_each_keeps_alone_from_one_reading() -> None:
    """Rebuilt, then caught up, together — with one runner behind the others and an agency refreshed by a
    reader ahead of them all — the runners save the checkpoints each saves on its own, fold as many
    events, and the store is read once each time."""
    log = example_log()
    alone, together = Recording(), Recording()
    for store in (alone, together):
        store.append(log[:200])
    by_itself = [ProjectionRunner(alone, p, every=50) for p in _projections()]
    shared = [ProjectionRunner(together, p, every=50) for p in _projections()]
    assert [r.rebuild() for r in by_itself] == run_together(shared, rebuild=True)
    assert _kept(alone) == _kept(together)
    assert [None] == together.reads
    for store in (alone, together):
        store.append(log[200:300])
    by_itself[0].catch_up()  # the first runner is ahead of the others
    shared[0].catch_up()
    for store in (alone, together):
        store.append(log[300:])
    agency = log[-1].agency
    by_itself[1].state(agency)  # and one agency's ledger ahead of every runner
    shared[1].state(agency)
    together.reads.clear()
    assert [r.catch_up() for r in by_itself] == run_together(shared)
    assert _kept(alone) == _kept(together)
    assert [None] == together.reads
    assert [r.result(agency) for r in by_itself] == [r.result(agency) for r in shared]


def test_runners_together_read_one_store() -> None:
    """Runners of different stores cannot share a reading; no runner, no reading."""
    with pytest.raises(ValueError, match="one store"):
        run_together(
            [ProjectionRunner(MemoryStore(), seen_ids()), ProjectionRunner(MemoryStore(), seen_ids())]
        )
    assert [] == run_together([])


def test_a_backlog_is_saved_at_doubling_intervals_never_more_than_sixteen_times_every_apart() -> None:
    """Saving every changed state at even intervals would write each growing state again and again in a
    rebuild: the follower saves after `every` events, then whenever it has folded as many again as it had,
    at most 16 × `every` apart, and at the end; the kept states hold every event."""
    saved: list[int] = []

    class Watching(MemoryStore):
        def save_checkpoints(self, checkpoints: Mapping[str, tuple[int, bytes]]) -> None:
            saved.append(checkpoints[seen_ids().key][0])
            super().save_checkpoints(checkpoints)

    store = Watching()
    store.append([meeting(n, f"a{n % 3}") for n in range(100)])
    runner = ProjectionRunner(store, seen_ids(), every=1)
    assert 100 == runner.rebuild()
    assert [1, 2, 4, 8, 16, 32, 48, 64, 80, 96, 100] == saved
    saved.clear()
    assert 100 == ProjectionRunner(store, seen_ids(), every=3).rebuild()
    assert [3, 6, 12, 24, 48, 96, 100] == saved
    expected = {f"a{a}": [f"m{n}" for n in range(100) if n % 3 == a] for a in range(3)}
    assert expected == {agency: runner.result(agency) for agency in expected}


def test_projections_read_as_wire_records_keep_what_they_keep_read_as_events() -> None:
    """The runner reads opengov's projections as wire records, a page at a time: rebuilt, caught up and
    refreshed by a reader, they save the same checkpoints, byte for byte, and give the same results as
    the same projections reading attrs events — open applications' records saved in their wire form."""
    log = example_log()
    calls: list[str] = []

    class Counting(MemoryStore):
        def read_positioned_records(self, **query: Any) -> Iterator[tuple[int, Any]]:
            calls.append("records")
            return super().read_positioned_records(**query)

    as_records, as_events = Counting(), MemoryStore()
    built_in = [ledger_projection(), outline_projection(), facts_projection(Period.year(2025))]
    fast = [ProjectionRunner(as_records, p, every=40) for p in built_in]
    slow = [ProjectionRunner(as_events, attrs.evolve(p, records=False), every=40) for p in built_in]
    for store in (as_records, as_events):
        store.append(log[:250])
    assert run_together(fast, rebuild=True) == run_together(slow, rebuild=True)
    assert (["records"], _kept(as_records)) == (calls, _kept(as_events))
    for store in (as_records, as_events):
        store.append(log[250:])
    agency = log[-1].agency
    assert [r.result(agency) for r in fast] == [r.result(agency) for r in slow]
    assert [r.catch_up() for r in fast] == [r.catch_up() for r in slow]
    assert _kept(as_records) == _kept(as_events)
    assert 7 == len(calls)  # and three readers' agency tails and three catch-ups, all as records


def test_a_follower_reads_the_backlog_a_page_at_a_time_then_subscribes() -> None:
    """follow() first folds what the store already holds as catch_up does (wire records, a page at a
    time), saves and yields, then takes each event as it is committed."""
    calls: list[str] = []

    class Counting(MemoryStore):
        def read_positioned_records(self, **query: Any) -> Iterator[tuple[int, Any]]:
            calls.append("records")
            return super().read_positioned_records(**query)

        def subscribe(self, *, after: int = 0, wait: float | None = None) -> Iterator[StoredEvent]:
            calls.append(f"subscribe after {after}")
            return super().subscribe(after=after, wait=wait)

    store = Counting()
    log = example_log()
    store.append(log[:300])
    runner = ProjectionRunner(store, ledger_projection())
    following = runner.follow(wait=0.2, idle=0.05)
    assert (300, ["records"]) == (next(following), calls)
    store.append(log[300:])
    assert (len(log), ["records", "subscribe after 300"]) == (next(following), calls)
    assert len(log) == runner.position()
    alone = ProjectionRunner(MemoryStore(), ledger_projection())
    alone.store.append(log)
    alone.catch_up()
    assert alone.result(log[-1].agency) == runner.result(log[-1].agency)


def test_a_rebuild_over_more_agencies_than_it_holds_keeps_every_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past _KEPT_AGENCIES states the runner saves and lets them go; in a rebuild an agency let go is
    loaded back from the checkpoint this rebuild saved — not started afresh (which lost its earlier events)
    nor from the checkpoint the rebuild replaces (here a damaged count)."""
    import opengov.projections as projections

    monkeypatch.setattr(projections, "_KEPT_AGENCIES", 5)
    count: Projection[int, int] = Projection(
        name="count",
        version=1,
        initial=lambda: 0,
        evolve=lambda n, _: n + 1,
        result=lambda n: n,
        save=orjson.dumps,
        load=orjson.loads,
    )
    store = MemoryStore()
    store.append([meeting(12 * k + n, f"a{n}") for k in range(3) for n in range(12)])  # 12 agencies, 3 each
    store.save_checkpoints({f"{count.key}/agency/a{n}": (1, b"100") for n in range(12)})  # what is replaced
    runner = ProjectionRunner(store, count, every=1000)
    assert 36 == runner.rebuild()
    assert {f"a{n}": 3 for n in range(12)} == {f"a{n}": runner.result(f"a{n}", keep=False) for n in range(12)}
    assert 0 == runner.catch_up()  # nothing new: caught up
    store.append([meeting(36 + n, f"a{n}") for n in range(12)])
    assert 12 == runner.catch_up()  # and a catch-up that lets states go loads them back
    assert {f"a{n}": 4 for n in range(12)} == {f"a{n}": runner.result(f"a{n}", keep=False) for n in range(12)}


def test_states_let_go_and_loaded_back_keep_what_a_held_state_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """opengov's own projections, rebuilt and caught up holding at most one agency's state (each let go
    and loaded back from its checkpoint at its agency's next event), save the same states byte for byte
    and give the same results as held throughout."""
    import opengov.projections as projections

    log = example_log()
    built_in = [ledger_projection(), outline_projection(), facts_projection(Period.year(2025))]
    held, let_go = MemoryStore(), MemoryStore()
    for store in (held, let_go):
        store.append(log[:250])
    whole = [ProjectionRunner(held, p, every=40) for p in built_in]
    run_together(whole, rebuild=True)
    monkeypatch.setattr(projections, "_KEPT_AGENCIES", 1)
    parted = [ProjectionRunner(let_go, p, every=40) for p in built_in]
    assert run_together(parted, rebuild=True) == [250] * 3
    for store in (held, let_go):
        store.append(log[250:])
    assert [r.catch_up() for r in parted] == [len(log) - 250] * 3
    monkeypatch.setattr(projections, "_KEPT_AGENCIES", 10_000)
    assert [r.catch_up() for r in whole] == [len(log) - 250] * 3

    def states(store: MemoryStore) -> dict[str, bytes]:
        return {name: state for name, (_, state) in _kept(store).items()}

    assert states(held) == states(let_go)
    agencies = sorted({e.agency for e in log})
    assert [r.result(a) for r in whole for a in agencies] == [r.result(a) for r in parted for a in agencies]
