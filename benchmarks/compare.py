"""Side by side: ``run.py``'s fast-path table job (or ``bench_replay.py``'s store replay) against several
source trees, interleaved.

A change to the fold that saves a few percent cannot be seen by running the whole benchmark before and
after it on a shared machine: the load changes between the two runs by more than that. This runs the
floor and the job of ``run.py`` (JSON Lines → every table of every agency, through the fast read path)
once per tree in each round, in fresh processes, ``--repeat`` rounds, and prints each tree's median CPU
time and its ratio to the floor of the same rounds. Given an opengov SQLite store instead of a log (the
``*.opengov.db`` that ``bench_replay.py`` loads), the job is that benchmark's replay through the fast path
(``SQLiteStore.read_records`` → fold → every table) and the reference is its page queries alone (each
row's position and JSON as bytes, nothing else); with ``--postgres SCHEMA`` as well, the replay is from
that schema of a PostgreSQL store holding the same events (its client's CPU time).

A tree is a directory put first on the import path: the ``src`` of another checkout (``git worktree add
/tmp/before <commit>``), a compiled build (``scripts/compiled.py build DIR``; it is checked to be loaded),
or ``-`` for the opengov this Python imports.

Run: ``python benchmarks/compare.py LOG|STORE TREE [TREE ...] [--repeat 5] [--year 2024]
[--postgres SCHEMA]``.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import os
import statistics
from pathlib import Path

from _common import COMPILED, interleaved, load_average
from bench_replay import _OPENGOV, _OPENGOV_PG, _ROWS
from run import _FLOOR, _TABLES_FAST


def main() -> None:
    """Run the rounds and print the medians."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "log",
        type=Path,
        help="a JSON Lines event log (benchmarks/_data/log-*.jsonl), or an opengov SQLite store (*.db)",
    )
    parser.add_argument("trees", nargs="+", help="directories put first on the import path, or -")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument(
        "--postgres",
        metavar="SCHEMA",
        help="with a SQLite store as LOG: replay instead from this schema of the PostgresStore at "
        "$OPENGOV_TEST_POSTGRES_URL, holding the same events (bench_replay.py --postgres loads one); the "
        "CPU time is the client's",
    )
    args = parser.parse_args()
    store = args.log.suffix == ".db"
    if args.postgres and not (store and os.environ.get("OPENGOV_TEST_POSTGRES_URL")):
        parser.error("--postgres needs a SQLite store as LOG and $OPENGOV_TEST_POSTGRES_URL")
    print(f"comparing on {args.postgres or args.log.name} ({load_average()}) …", flush=True)
    year = str(args.year)
    job: tuple[str, ...] = (_TABLES_FAST, str(args.log), year)
    if args.postgres:
        job = (_OPENGOV_PG, os.environ["OPENGOV_TEST_POSTGRES_URL"], year, "fast", args.postgres)
    elif store:
        job = (_OPENGOV, str(args.log), year, "fast")
    floor_script, reference = (_ROWS, "the page queries") if store else (_FLOOR, "the floor")
    runs: dict[str, list[float]] = {reference: [], **{tree: [] for tree in args.trees}}
    for _ in range(args.repeat):
        runs[reference].append(interleaved({"floor": (floor_script, str(args.log))}, 1)["floor"]["cpu"])
        for tree in args.trees:
            runs[tree].append(_job(tree, *job))
    floor = statistics.median(runs[reference])
    for name, cpus in runs.items():
        median = statistics.median(cpus)
        rounds = ", ".join(f"{cpu:.2f}" for cpu in cpus)
        print(f"{name:<50}{median:6.2f} s CPU {median / floor:6.2f} × {reference}   (rounds: {rounds})")
    print(load_average())


def _job(tree: str, script: str, *args: str) -> float:
    """The CPU time of one run of ``script`` (with ``args``) with ``tree`` first on the import path."""
    if tree == "-":
        return interleaved({"fast": (script, *args)}, 1)["fast"]["cpu"]
    path = Path(tree).resolve()
    compiled = any(
        module.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
        for module in (path / "opengov").glob("*")
    )
    if compiled:  # checked to be loaded, by run.py's own check
        return interleaved({f"{COMPILED}fast": (script, *args)}, 1, path)[f"{COMPILED}fast"]["cpu"]
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(path)
    try:
        return interleaved({"fast": (script, *args)}, 1)["fast"]["cpu"]
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous


if __name__ == "__main__":
    main()
