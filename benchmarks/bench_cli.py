"""The commands a user runs on a large log, against the ``orjson.loads`` floor of the same log.

``opengov table``, ``due``, ``report``, ``revisions``, ``rollup`` and ``events agencies`` read their SOURCE
through the fast read path (``opengov.sources.read_records``: wire records, a block of lines at a time) and,
given ``--agency``, keep only that agency's records. Each command below runs in a fresh process, on the
generated log (``benchmarks/generate.py``: 1,000 agencies × 1,000 events by default), its output written
to a temporary file; and again with ``read_records`` made to read attrs events through the codec
(``read_events``), as the commands read their SOURCE before: the gain shows in the same run. The
measurements are interleaved, ``--repeat`` rounds (default 3), medians of CPU and wall time, the largest
peak memory (ru_maxrss) of each.

The floor is ``orjson.loads`` of every line, as in ``run.py``. No goal is set for the commands themselves;
the figures say what a user waits for, and how much memory the machine needs, for a log of this size
(``docs/performance.md``).

Run: ``python benchmarks/bench_cli.py [--agencies 1000] [--events-per-agency 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json

from _common import generated_log, interleaved, load_average
from run import _FLOOR

_COMMAND = """
import contextlib, os, resource, sys, tempfile, time
argv, path = json.loads(sys.argv[1]), sys.argv[2]
import opengov.sources
if path == "codec":  # the SOURCE read as attrs events, as the commands read it before the fast path
    opengov.sources.read_records = opengov.sources.read_events
from opengov.cli import main
with tempfile.TemporaryDirectory() as folder:
    out = os.path.join(folder, "out")
    argv = [out if a == "OUT" else a for a in argv]
    start, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        status = main(argv)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
assert status == 0, status
print(json.dumps({"seconds": elapsed, "cpu": cpu,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _commands(log: str, agency: str, year: int) -> dict[str, list[str]]:
    """Each command measured, by the name printed: its argv (``OUT`` is a temporary file)."""
    y, end, one, out = str(year), f"{year}-12-31", ["--agency", agency], ["-o", "OUT"]
    return {
        f"table --agency {agency}": ["table", log, *one, "--year", y, *out],
        f"due --agency {agency}": ["due", log, *one, "--as-of", end, *out],
        f"report --agency {agency}": ["report", log, *one, "--year", y, "--to", "md", *out],
        "events agencies": ["events", "agencies", log, "--to", "json", *out],
        "rollup (every agency)": ["rollup", log, "--year", y, "--as-of", end, "--to", "csv", *out],
    }


def main() -> None:
    """Run every command both ways, interleaved, and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--events-per-agency", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    log = generated_log(args.agencies, args.events_per_agency)
    commands = _commands(str(log), "ag00001", args.year)
    scripts: dict[str, tuple[str, ...]] = {"floor": (_FLOOR, str(log))}
    for name, argv in commands.items():
        for path in ("fast", "codec"):
            scripts[f"{path}:{name}"] = (_COMMAND, json.dumps(argv), path)
    print(f"running the commands on {log.name} ({load_average()}) …", flush=True)
    best = interleaved(scripts, args.repeat)
    floor = best["floor"]["cpu"]
    events = int(best["floor"]["events"])
    print(f"floor (orjson.loads of every line of {events:,} events): {floor:.2f} s CPU")
    print(f"{'command':<28}{'fast read path':>38}{'events through the codec':>38}{'gain':>8}")
    for name in commands:
        fast, codec = best[f"fast:{name}"], best[f"codec:{name}"]
        print(
            f"{name:<28}"
            + "".join(
                f"{r['cpu']:8.2f} s CPU {r['cpu'] / floor:5.2f} × floor {r['peak_kib'] / 1024:6.0f} MB"
                for r in (fast, codec)
            )
            + f"{codec['cpu'] / fast['cpu']:7.1f}×"
        )
    print(load_average())


if __name__ == "__main__":
    main()
