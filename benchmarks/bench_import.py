"""Time ``import opengov`` (and the command line's start) against plain imports, in fresh interpreters.

Each statement runs in a new ``python -c`` process (so nothing is cached in ``sys.modules``), ``--runs``
times; the median wall time of the import itself (``time.perf_counter`` around it, interpreter start-up
excluded) and the number of modules it adds to ``sys.modules`` are printed, with the ratio to the reference
``import json`` measured in the same run. ``import attrs`` (opengov's one unavoidable dependency) is the
second reference; ``import opengov.cli`` is what ``opengov --help`` pays before parsing; ``from opengov
import build_tables`` is what a script that builds tables pays.

Run: ``.venv/bin/python benchmarks/bench_import.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

_PROBE = """
import sys, time
before = set(sys.modules)
start = time.perf_counter()
{statement}
elapsed = time.perf_counter() - start
print(elapsed, len(set(sys.modules) - before))
"""

STATEMENTS = {
    "import json (reference)": "import json",
    "import attrs": "import attrs",
    "import opengov": "import opengov",
    "import opengov.cli": "import opengov.cli",
    "from opengov import build_tables": "from opengov import build_tables",
}


def measure(statement: str, runs: int) -> tuple[float, int]:
    """The median seconds and the module count of ``statement`` in ``runs`` fresh interpreters."""
    times = []
    counts = set()
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE.format(statement=statement)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        times.append(float(out[0]))
        counts.add(int(out[1]))
    return statistics.median(times), max(counts)


def main() -> None:
    """Measure every statement and print seconds, modules and the ratio to the reference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: measure(statement, args.runs) for name, statement in STATEMENTS.items()}
    reference = results["import json (reference)"][0]
    print(f"{'statement':<36} {'ms':>8} {'modules':>8} {'× json':>8}")
    for name, (seconds, modules) in results.items():
        print(f"{name:<36} {seconds * 1000:8.1f} {modules:8d} {seconds / reference:8.1f}")


if __name__ == "__main__":
    main()
