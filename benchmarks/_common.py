"""What the measuring scripts share: the generated logs, one measurement in its own process, interleaved
rounds and their medians, the machine's load.

A benchmark script imports it as ``_common`` (the script's own folder is first on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "_data"  # generated logs and stores; git ignores it


def generated_log(agencies: int, events_per_agency: int) -> Path:
    """The log of ``benchmarks/generate.py`` (seed 2024) for this size, generated on first use.

    It is generated in a process of its own, so that its memory is not inherited by the measurements.
    """
    log = DATA / f"log-{agencies}x{events_per_agency}.jsonl"
    if not log.exists():
        DATA.mkdir(exist_ok=True)
        print(f"generating {log} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(log),
                "--agencies",
                str(agencies),
                "--events-per-agency",
                str(events_per_agency),
                "--seed",
                "2024",
            ],
            check=True,
        )
    return log


COMPILED = "compiled:"
"""A measurement's name starting with this runs against the compiled build (``--compiled DIR``)."""

_COMPILED_CHECK = """
import importlib.machinery, opengov.fold, opengov.lifecycle, opengov._timing
for _module in (opengov.fold, opengov.lifecycle, opengov._timing):
    assert _module.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), _module.__file__
"""


def run_script(script: str, *args: str, compiled: Path | None = None) -> dict[str, float]:
    """Run ``script`` (Python source; ``json`` is imported for it) in a fresh process with ``args``; with
    ``compiled``, against the compiled build installed there (``scripts/compiled.py build``), which it
    checks was really loaded.

    Returns the JSON object its last line of output prints; stops the benchmark with the script's
    standard error when it fails.
    """
    env = None
    if compiled is not None:
        env = {**os.environ, "PYTHONPATH": str(compiled)}
        script = _COMPILED_CHECK + script
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + script, *args], capture_output=True, text=True, env=env
    )
    if out.returncode:
        sys.exit(f"a measurement failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def interleaved(
    scripts: dict[str, tuple[str, ...]], repeat: int, compiled: Path | None = None
) -> dict[str, dict[str, float]]:
    """Each script (name → source and arguments) run once per round, ``repeat`` rounds, so that load from
    other work falls on all of them alike; of each, :func:`median_figures` of its runs. A script whose name
    starts with :data:`COMPILED` runs against the compiled build in ``compiled``."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in scripts}
    for _ in range(repeat):
        for name, (script, *args) in scripts.items():
            build = compiled if name.startswith(COMPILED) else None
            runs[name].append(run_script(script, *args, compiled=build))
    return {name: median_figures(results) for name, results in runs.items()}


def median_figures(results: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure of ``results`` (for a peak memory, a key starting ``peak``: the largest)."""
    return {
        key: max(r[key] for r in results)
        if key.startswith("peak")
        else statistics.median(r[key] for r in results)
        for key in results[0]
    }


def load_average() -> str:
    """The machine's load, to print beside figures measured on a shared machine."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server's URL: the one named in ``$OPENGOV_TEST_POSTGRES_URL``, or a throwaway one
    started by ``scripts/postgres.sh`` (fsync on) and stopped, its data deleted, on leaving."""
    url = os.environ.get("OPENGOV_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    directory = tempfile.mkdtemp(prefix="opengov-pg-bench-")
    env = {**os.environ, "OPENGOV_PG_DIR": directory, "OPENGOV_PG_FSYNC": "on"}
    script = HERE.parent / "scripts" / "postgres.sh"
    started = subprocess.run(
        ["bash", str(script), "start"], env=env, capture_output=True, text=True, check=True
    )
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, check=False)
