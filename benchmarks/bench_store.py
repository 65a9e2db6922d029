"""Store benchmarks: append throughput beside the ``eventsourcing`` library, refresh cost, one agency's table.

1. **Append throughput** on SQLite and PostgreSQL, in batches of 1, 100 and 10,000 events, beside the
   ``eventsourcing`` library's ``SQLiteApplicationRecorder`` and ``PostgresApplicationRecorder`` (the
   recorders that give every event a global position, as opengov's stores do) on the same events, in the
   same run, on the same server, with the same durability (SQLite: WAL, ``synchronous=FULL``;
   PostgreSQL: fsync on, commits synchronous). opengov's figure includes encoding and checking each event
   and the idempotence and version checks. Each side is timed up to closing its store, so the work a
   SQLite file leaves in its WAL (the last checkpoint, larger with larger pages) is counted on both.
   ``eventsourcing`` is timed twice: handed records already serialised ("records"), and making the
   records from the same events inside the timing ("events": the wire JSON, the topic and the stream's
   next version, as its application's mapper would).
2. **Refresh after one new event**: a kept table (the facts projection) of one agency brought up to date
   after one new event, with 1,000 events of history (that agency alone) and with ``--history`` events
   (the same agency among ``history / 1000`` agencies of 1,000 events each). The ratio is big / small.
3. **One agency's table** from the big store (kept facts refreshed, then the tables built and checked)
   against reading that agency's events alone.

Each figure is the median of ``--repeat`` rounds (``--refreshes`` for the refresh), the things compared
taking turns within each round, so that load on the machine falls on both sides alike. PostgreSQL comes
from ``$OPENGOV_TEST_POSTGRES_URL`` or is started by ``scripts/postgres.sh`` (fsync on) for the run and
stopped after.

Run: ``python benchmarks/bench_store.py [--history 1000000] [--repeat 15] [--only sqlite|postgres]
[--appends-only] [--clock wall|cpu]``
(``make bench`` runs it with the defaults).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from opengov.codec import decode, encode
from opengov.events import Event, MeetingHeld
from opengov.fold import Period
from opengov.formats import format_for_year
from opengov.projections import ProjectionRunner, facts_projection
from opengov.store import EventStore, PostgresStore, SQLiteStore
from opengov.tables import tables_from_facts

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import postgres_url  # noqa: E402
from generate import agency_events  # noqa: E402

AGENCY = "ag0000"
PER_AGENCY = 1000
YEAR = 2024
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]  # what an append figure is timed by (--clock)


# --- events --------------------------------------------------------------------------------------------


def agency_log(agency: str, seed: int = 2024) -> list[Event]:
    """About 1,000 realistic events of one agency over 2023-2024 (the same for the same agency and seed)."""
    rng = random.Random(f"{seed}-{agency}")
    rows = agency_events(agency, PER_AGENCY, rng)
    rows.sort(key=lambda row: row[0])
    return [decode(wire) for _, wire in rows]


def mixed_log(agencies: int, start: int = 0) -> Iterator[list[Event]]:
    """Groups of agencies' logs, each group's events in date order (memory stays bounded)."""
    group = 50
    for first in range(start, agencies, group):
        events = [e for a in range(first, min(first + group, agencies)) for e in agency_log(f"ag{a:04}")]
        events.sort(key=lambda e: e.day)
        yield events


# --- stores --------------------------------------------------------------------------------------------


class Stores:
    """Makes fresh stores (ours and eventsourcing's) of one kind."""

    def __init__(self, kind: str, folder: Path, url: str | None) -> None:
        self.kind, self.folder, self.url = kind, folder, url
        self.schemas: list[str] = []

    def ours(self) -> EventStore:
        if self.kind == "sqlite":
            return SQLiteStore(self.folder / f"opengov-{uuid.uuid4().hex[:8]}.db")
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        self.schemas.append(schema)
        assert self.url is not None
        return PostgresStore(self.url, schema=schema, pool_size=1)

    def theirs(self, *, functions: bool = False) -> Any:
        if self.kind == "sqlite":
            from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

            datastore = SQLiteDatastore(str(self.folder / f"es-{uuid.uuid4().hex[:8]}.db"))
            recorder = SQLiteApplicationRecorder(datastore)
        else:
            import psycopg.conninfo
            from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

            assert self.url is not None
            info = psycopg.conninfo.conninfo_to_dict(self.url)
            datastore = PostgresDatastore(
                dbname=str(info.get("dbname", "")),
                host=str(info.get("host", "")),
                port=str(info.get("port", "5432")),
                user=str(info.get("user", "")),
                password=str(info.get("password", "")),
                # Its default insert takes a table lock (as opengov's append lock: commit-ordered
                # positions) in psycopg's pipeline mode; the database function inserts without the lock.
                enable_db_functions=functions,
            )
            recorder = PostgresApplicationRecorder(datastore, events_table_name=f"es_{uuid.uuid4().hex[:8]}")
        recorder.create_table()
        return recorder

    def drop(self) -> None:
        if self.url and self.schemas:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                for schema in self.schemas:
                    conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                conn.execute(
                    "DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables "
                    "WHERE schemaname = 'public' AND tablename LIKE 'es_%' LOOP "
                    "EXECUTE 'DROP TABLE public.' || quote_ident(t) || ' CASCADE'; END LOOP; END $$"
                )


def interleaved(repeat: int, *runs: Callable[[], Any]) -> list[Any]:
    """The median of ``repeat`` rounds of each run, the runs taking turns within a round (so a burst of
    load on the shared machine falls on all of them alike). A run that returns a tuple of figures gets
    the median of each. A round a run gives ``None`` for (it hung: :func:`_bounded`) is left out of its
    median; a run with no round left gives ``(0.0, 0.0)``, which the tables print as "hung"."""
    figures: list[list[Any]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, taken in zip(runs, figures, strict=True):
            taken.append(run())
    medians: list[Any] = []
    for taken in figures:
        done = [figure for figure in taken if figure is not None]
        if not done:
            medians.append((0.0, 0.0))
        elif isinstance(done[0], tuple):
            medians.append(tuple(map(statistics.median, zip(*done, strict=True))))
        else:
            medians.append(statistics.median(done))
    return medians


# --- 1. append throughput ------------------------------------------------------------------------------


def append_throughput(stores: Stores, events: list[Event], repeat: int) -> list[tuple[Any, ...]]:
    """Events/s for each batch size: opengov's store, ``eventsourcing``'s recorder handed records already
    serialised, and the same recorder with the records made from the events inside the timing (as its
    application's mapper would: the wire JSON, the topic, the stream's next version).

    The last item says the PostgreSQL recorder's default insert hung (psycopg's pipeline sync, seen at
    batches of 10,000) and its figures are of its database-function insert, which takes no table lock."""
    from eventsourcing.persistence import StoredEvent as Record

    ids = {agency: uuid.uuid5(uuid.NAMESPACE_URL, agency) for agency in {e.agency for e in events}}

    def to_records(batch: list[Event], versions: dict[str, int]) -> list[Any]:
        made = []
        for event in batch:
            version = versions[event.agency] = versions.get(event.agency, 0) + 1
            made.append(Record(ids[event.agency], version, event.TAG, orjson.dumps(encode(event))))
        return made

    rows = []
    for size, count in ((1, 1000), (100, 20_000), (10_000, 50_000)):
        count = min(count, len(events))

        # Each side's input is made in its own (forked) process before its clock starts: an object
        # inherited from the parent costs a copy-on-write page fault the first time the child touches it,
        # and that fell unequally (orjson's bytes, each in its own block, cost `eventsourcing`'s records
        # about a quarter of their time at batches of 100; opengov's events next to nothing).
        def ours(size: int = size, count: int = count) -> tuple[float, float]:
            mine = pickle.loads(pickle.dumps(events[:count]))
            store = stores.ours()
            start, written = clock(), _written()
            for at in range(0, count, size):
                store.append(mine[at : at + size])
            store.close()  # timed: SQLite's last checkpoint of the WAL into the file runs here
            return count / (clock() - start), (_written() - written) / -(-count // size)

        def theirs(
            size: int = size, count: int = count, serialise: bool = False, functions: bool = False
        ) -> tuple[float, float]:
            mine = pickle.loads(pickle.dumps(events[:count]))
            records = [] if serialise else to_records(mine, {})
            recorder = stores.theirs(functions=functions)
            versions: dict[str, int] = {}
            start, written = clock(), _written()
            for at in range(0, count, size):
                batch = to_records(mine[at : at + size], versions) if serialise else records[at : at + size]
                recorder.insert_events(batch)
            recorder.datastore.close()  # timed, as opengov's close
            return count / (clock() - start), (_written() - written) / -(-count // size)

        # One try of the PostgreSQL recorder's default (locked) insert first: where it hangs, every round
        # would wait out the timeout, so its database-function insert is timed instead.
        unlocked = stores.kind == "postgres" and _bounded(theirs) is None
        hung = [0, 0, 0]
        figures = interleaved(
            repeat,
            *(
                _counted(hung, n, run)
                for n, run in enumerate(
                    (
                        ours,
                        lambda f=theirs, u=unlocked: f(functions=u),
                        lambda f=theirs, u=unlocked: f(serialise=True, functions=u),
                    )
                )
            ),
        )
        rows.append((size, figures[0], figures[1], figures[2], unlocked, tuple(hung)))
    return rows


_GIVE_UP = 3
"""Rounds a measurement may hang before the rest of its rounds are left out: each hang waits out
:func:`_bounded`'s timeout."""


def _counted(
    hung: list[int], n: int, run: Callable[[], tuple[float, float]]
) -> Callable[[], tuple[float, float] | None]:
    """``run`` bounded (:func:`_bounded`), its hangs counted in ``hung[n]``; after :data:`_GIVE_UP` hangs
    it is not run again (``None``: no figure for the round)."""

    def bounded() -> tuple[float, float] | None:
        if hung[n] >= _GIVE_UP:
            hung[n] += 1
            return None
        figures = _bounded(run)
        hung[n] += figures is None
        return figures

    return bounded


def _written() -> float:
    """Bytes this process has handed to ``write()`` so far (Linux's ``/proc/self/io``; 0 elsewhere): for a
    SQLite store, the WAL's frames and the checkpoints' pages."""
    try:
        with open("/proc/self/io") as io:
            return float(next(line for line in io if line.startswith("wchar:")).split()[1])
    except (OSError, StopIteration):
        return 0.0


def _bounded(run: Callable[[], tuple[float, float]], seconds: float = 20.0) -> tuple[float, float] | None:
    """``run()`` in a fresh forked process (each side starts from the same heap, so neither pays for the
    other's garbage); ``None`` when it does not finish in ``seconds`` (a recorder that hangs is reported,
    not waited for). A round takes 1–2 s at the slowest (a batch of 1 on PostgreSQL with fsync on)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=lambda: results.put(run()))
    process.start()
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    if results.empty():
        return None
    ours, written = results.get(timeout=5)
    return ours, written


# --- 2. and 3. refresh and one agency's table ----------------------------------------------------------


def fill(store: EventStore, agencies: int) -> None:
    for group in mixed_log(agencies):
        for at in range(0, len(group), 10_000):
            store.append(group[at : at + 10_000])


def refresh_costs(small: EventStore, big: EventStore, repeat: int) -> tuple[float, float]:
    """The median cost of bringing one agency's kept facts up to date after one new event, in the small
    and the big store by turns.

    Each store's agency state is kept first (as the follower, or an earlier reader, leaves it); each
    measured refresh then loads it and folds the one new event. A reader saves the state back only
    after ``ProjectionRunner.save_after`` new events, so these refreshes write nothing."""

    def refresh(store: EventStore) -> Callable[[], float]:
        runner = ProjectionRunner(store, facts_projection(Period.year(YEAR)), save_after=1)
        runner.state(AGENCY)  # keep the state: the refreshes below start from it
        runner = ProjectionRunner(store, facts_projection(Period.year(YEAR)))

        def once() -> float:
            event = MeetingHeld(id=f"bench-{uuid.uuid4().hex}", agency=AGENCY, at=dt.date(YEAR, 6, 1))
            store.append([event])
            start = time.perf_counter()
            runner.state(AGENCY)
            return time.perf_counter() - start

        return once

    small_cost, big_cost = interleaved(repeat, refresh(small), refresh(big))
    return small_cost, big_cost


def table_vs_read(store: EventStore, repeat: int) -> tuple[float, float]:
    runner = ProjectionRunner(store, facts_projection(Period.year(YEAR)))
    fmt = format_for_year(YEAR)

    def table() -> float:
        store.append([MeetingHeld(id=f"bench-{uuid.uuid4().hex}", agency=AGENCY, at=dt.date(YEAR, 6, 2))])
        start = time.perf_counter()
        tables_from_facts(runner.result(AGENCY)[AGENCY], fmt)
        return time.perf_counter() - start

    def read() -> float:
        start = time.perf_counter()
        for _ in store.read(agency=AGENCY):
            pass
        return time.perf_counter() - start

    table_cost, read_cost = interleaved(repeat, table, read)
    return table_cost, read_cost


def _rate(rate: float) -> str:
    return f"{rate:,.0f}" if rate else "hung"


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs else "-"


def _goal(ours: float, *theirs: float) -> str:
    """Whether opengov is at least as fast as each ``eventsourcing`` figure (a hung one is no figure)."""
    behind = [ours / rate for rate in theirs if rate and ours < rate]
    return "met" if not behind else f"NOT met (behind by {1 - min(behind):.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=int, default=1_000_000, help="events in the big store")
    parser.add_argument(
        "--repeat",
        type=int,
        default=15,
        help="rounds of each append figure (median; a round of a batch size takes under a second on SQLite, "
        "and a median of 5 moved by up to 5 %% between runs)",
    )
    parser.add_argument("--refreshes", type=int, default=51, help="refreshes of each store (median)")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="time appends by the wall clock (the goal), or by the appending process's CPU time, user and "
        "system, which leaves out waiting for the disk's flush (on PostgreSQL it leaves out the server)",
    )
    parser.add_argument(
        "--appends-only", action="store_true", help="measure append throughput only (no big store is filled)"
    )
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    kinds = [args.only] if args.only else ["sqlite", "postgres"]
    sample = [e for group in mixed_log(20) for e in group]
    print(
        f"store benchmarks: append sample {len(sample):,} events of 20 agencies; big history "
        f"{args.history:,} events ({args.history // PER_AGENCY:,} agencies); medians of {args.repeat} rounds"
        + ("" if args.clock == "wall" else f"; appends timed by {args.clock} time")
    )
    with tempfile.TemporaryDirectory() as folder, postgres_url() as url:
        for kind in kinds:
            stores = Stores(kind, Path(folder), url)
            try:
                print(f"\n== {kind} ==")
                print(
                    f"{'append, batch of':>16} {'opengov ev/s':>13} {'eventsourcing: records':>23} "
                    f"{'ratio':>6} {'events':>8} {'ratio':>6}  goal: ratios >= 1"
                )
                rows = append_throughput(stores, sample, args.repeat)
                for size, (ours, _), (ready, _), (made, _), unlocked, hung in rows:
                    print(
                        f"{size:>16,} {ours:>13,.0f} {_rate(ready):>23} {_ratio(ours, ready):>6} "
                        f"{_rate(made):>8} {_ratio(ours, made):>6}  {_goal(ours, ready, made)}"
                        + ("  (*)" if unlocked else "")
                        + (
                            f"  (rounds hung and left out: opengov {hung[0]}, records {hung[1]}, "
                            f"events {hung[2]} of {args.repeat})"
                            if any(hung)
                            else ""
                        )
                    )
                if any(row[4] for row in rows):
                    print(
                        "(*) eventsourcing's default insert hung (killed at 20 s): figures of its "
                        "database-function insert, which takes no table lock (positions not commit-ordered)"
                    )
                if kind == "sqlite" and rows[0][1][1]:
                    print(
                        f"\n{'bytes written per commit':>24} {'opengov':>10} {'eventsourcing: records':>23} "
                        f"{'events':>8}  (write() calls of the appending process: WAL frames, checkpoints)"
                    )
                    for size, (_, ours), (_, ready), (_, made), _, _ in rows:
                        label = f"batch of {size:,}"
                        print(f"{label:>24} {ours:>10,.0f} {ready:>23,.0f} {made:>8,.0f}")
                if args.appends_only:
                    continue
                with stores.ours() as small, stores.ours() as big:
                    fill(small, 1)
                    fill(big, max(1, args.history // PER_AGENCY))
                    small_cost, big_cost = refresh_costs(small, big, args.refreshes)
                    print(
                        f"refresh after one event: {small.head():,} events of history "
                        f"{small_cost * 1000:.2f} ms, {big.head():,} events {big_cost * 1000:.2f} ms, "
                        f"ratio {big_cost / small_cost:.2f} "
                        f"(goal <= 2: {'met' if big_cost <= 2 * small_cost else 'NOT met'})"
                    )
                    table, read = table_vs_read(big, args.refreshes)
                    print(
                        f"one agency's table from {big.head():,} events: {table * 1000:.2f} ms; reading its "
                        f"{big.version(AGENCY):,} events {read * 1000:.2f} ms; ratio {table / read:.2f} "
                        f"(goal <= 3: {'met' if table <= 3 * read else 'NOT met'})"
                    )
            finally:
                stores.drop()


if __name__ == "__main__":
    main()
