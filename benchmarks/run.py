"""The benchmarks behind ``make bench``: figures and their ratio to a floor measured in the same run.

1. Generates (once) a realistic log of 1,000,000+ events across 1,000 agencies over two years
   (``benchmarks/generate.py``; kept in ``benchmarks/_data/``, which git ignores).
2. Floor: only ``orjson.loads`` of every line, streaming the file.
3. Decode: JSONL → validated event objects (``opengov.codec.iter_events``), nothing else.
4. Tables: JSONL → events (decode and validate) → the period fold → every table of every agency for 2024
   in the format in force (gov2021), each table checked against its rules; streaming, as the CLI does.
5. The same two through the fast read path (``opengov.wire.iter_records``: wire records decoded a block
   of lines at a time, the codec only for what the fast path does not take).
6. Incremental: the same fold continued from a saved state over the last 10 % of the log.

Each measurement runs in a fresh Python process so its peak memory (ru_maxrss) is its own. The
measurements are interleaved — one round runs each once, ``--repeat`` rounds (default 3) — and the median
of each is kept, so that load from other work on the machine falls on all of them alike. Each is timed
twice: the process's CPU time, which other work on a shared machine disturbs least, and wall time. The
ratios that judge the goal are of CPU times, to the floor of the same run; wall-time ratios are printed
beside them, and the load average with them.

Run: ``python benchmarks/run.py [--agencies 300,1000] [--events-per-agency 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _common import COMPILED, generated_log, interleaved, load_average

_FLOOR = """
import resource, sys, time, orjson
path = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
n = 0
with open(path, "rb") as handle:
    for line in handle:
        orjson.loads(line)
        n += 1
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"events": n, "seconds": elapsed, "cpu": cpu, "peak_kib": peak}))
"""

_DECODE = """
import resource, sys, time
from opengov.codec import iter_events
path = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
n = 0
for event in iter_events(path):
    n += 1
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"events": n, "seconds": elapsed, "cpu": cpu, "peak_kib": peak}))
"""

_TABLES = """
import resource, sys, time
from opengov.codec import iter_events
from opengov.fold import Period, PeriodFold
from opengov.formats import format_for_year
from opengov.tables import tables_from_facts
from opengov.calendar import WorkingCalendar
path, year = sys.argv[1], int(sys.argv[2])
calendar = WorkingCalendar.default()
calendar.add_working_days(__import__("datetime").date(year, 1, 2), 1)  # load the calendar before timing
fmt = format_for_year(year)
base_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
fold = PeriodFold(Period.year(year), calendar=calendar)
state = fold.fold(iter_events(path), fold.initial())
n = state.seq  # the events folded: a counting generator around the stream cost 0.012 s per 300k events
tables = {agency: tables_from_facts(facts, fmt) for agency, facts in fold.facts(state).items()}
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
cells = sum(len(t.values) for ts in tables.values() for t in ts.tables)
print(json.dumps({"events": n, "seconds": elapsed, "cpu": cpu, "agencies": len(tables), "cells": cells,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "base_kib": base_kib}))
"""

_DECODE_FAST = _DECODE.replace(
    "from opengov.codec import iter_events", "from opengov.wire import iter_records"
)
_DECODE_FAST = _DECODE_FAST.replace("in iter_events(path)", "in iter_records(path)")

_TABLES_FAST = _TABLES.replace(
    "from opengov.codec import iter_events", "from opengov.wire import iter_records"
)
_TABLES_FAST = _TABLES_FAST.replace("fold.fold(iter_events(path)", "fold.fold(iter_records(path)")
_TABLES_FAST = _TABLES_FAST.replace(
    "fmt = format_for_year(year)", "fmt = format_for_year(year)\nimport msgspec"
)

_INCREMENTAL = """
import resource, sys, time, itertools
from opengov.codec import iter_events
from opengov.fold import Period, PeriodFold
from opengov.calendar import WorkingCalendar
path, year, cut = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
calendar = WorkingCalendar.default()
fold = PeriodFold(Period.year(year), calendar=calendar)
events = iter_events(path)
state = fold.fold(itertools.islice(events, cut))
saved = fold.save(state)
start, cpu = time.perf_counter(), time.process_time()
restored = fold.load(saved)
tail = 0
def counted(events):
    global tail
    for event in events:
        tail += 1
        yield event
fold.fold(counted(events), restored)
fold.facts(restored)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"events": tail, "seconds": elapsed, "cpu": cpu, "state_bytes": len(saved)}))
"""


def main() -> None:
    """Generate the log if needed, run every measurement, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", default="300,1000", help="comma-separated: one log per number")
    parser.add_argument("--events-per-agency", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument(
        "--compiled",
        type=Path,
        help="also measure the fast path with the compiled build installed here (scripts/compiled.py build)",
    )
    args = parser.parse_args()
    for agencies in (int(n) for n in args.agencies.split(",")):
        _measure(agencies, args.events_per_agency, args.repeat, args.year, args.compiled)


def _measure(agencies: int, events_per_agency: int, repeat: int, year: int, compiled: Path | None) -> None:
    """Generate one log if needed and print every measurement of it."""
    log = generated_log(agencies, events_per_agency)
    size_mb = log.stat().st_size / 1e6
    path, period = str(log), str(year)
    print(f"measuring {log.name} ({load_average()}) …", flush=True)
    best = interleaved(
        {
            "floor": (_FLOOR, path),
            "decoded": (_DECODE, path),
            "records": (_DECODE_FAST, path),
            "tables": (_TABLES, path, period),
            "fast": (_TABLES_FAST, path, period),
            **({f"{COMPILED}fast": (_TABLES_FAST, path, period)} if compiled else {}),
        },
        repeat,
        compiled,
    )
    floor, decoded, records, tables, fast = (
        best[k] for k in ("floor", "decoded", "records", "tables", "fast")
    )
    events = int(tables["events"])
    cut = int(events * 0.9)
    incremental = interleaved({"incremental": (_INCREMENTAL, path, period, str(cut))}, repeat)["incremental"]

    def line(label: str, result: dict[str, float], extra: str = "") -> None:
        seconds, cpu = result["seconds"], result["cpu"]
        print(
            f"{label:<44}{cpu:6.2f} s CPU {events / cpu:>10,.0f} events/s "
            f"{cpu / floor['cpu']:6.2f} × the floor   "
            f"(wall {seconds:5.2f} s, {seconds / floor['seconds']:5.2f} ×){extra}"
        )

    print(f"log: {log.name}: {events:,} events, {int(tables['agencies']):,} agencies, {size_mb:.0f} MB")
    line("floor (orjson.loads only)", floor)
    line("JSONL → validated events (codec)", decoded)
    line("JSONL → wire records (fast path)", records)
    line(f"JSONL → every table, {year} (codec)", tables, f"   ({int(tables['cells']):,} cells checked)")
    line(f"JSONL → every table, {year} (fast path)", fast, "   (goal: ≤ 3 ×)")
    if compiled:
        line(f"JSONL → every table, {year} (fast, compiled)", best[f"{COMPILED}fast"], "   (goal: ≤ 3 ×)")
    for label, result in (("fast path", fast), ("compiled", best.get(f"{COMPILED}fast"))):
        if result is None:
            continue
        ratio = result["cpu"] / floor["cpu"]
        verdict = "met" if ratio <= 3 else f"NOT met: {ratio / 3:.2f} × over the goal"
        print(f"{label}, tables: {ratio:.2f} × the floor (CPU time), goal ≤ 3 × {verdict}; {load_average()}")
    print(
        f"peak memory (whole process, fast path):      {fast['peak_kib'] / 1024:6.0f} MB   (after imports: "
        f"{fast['base_kib'] / 1024:.0f} MB; codec path: {tables['peak_kib'] / 1024:.0f} MB; floor process: "
        f"{floor['peak_kib'] / 1024:.0f} MB; goal: ≤ 200 MB)"
    )
    print(
        f"incremental: last {int(incremental['events']):,} events from a saved state "
        f"({incremental['state_bytes'] / 1e6:.1f} MB): {incremental['cpu']:.2f} s CPU "
        f"(wall {incremental['seconds']:.2f} s)"
    )


if __name__ == "__main__":
    main()
