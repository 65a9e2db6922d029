"""Issue 16's original survivors, put back one at a time: each must fail the fixed tests named for it.

Each mutant is one textual change to ``src/opengov/fold.py``, applied to a scratch copy of the checkout
(``build/survivors/<name>``); the tests named for it run there twice, each time with no hypothesis database
(the copy has none, and the ``ci`` profile is used), with the copy's ``src`` first on the import path. A
mutant that no longer applies (the line was rewritten) is reported, not skipped: find its new spelling and
update ``MUTANTS``. Exit status 0 when every mutant fails its tests in both runs (docs/testing.md)::

    .venv/bin/python scripts/survivors.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "survivors"
FOLD = "src/opengov/fold.py"

# name: (the original text, the mutant's, the tests that must fail: a -k expression of
# tests/test_boundaries.py)
MUTANTS: dict[str, tuple[str, str, str]] = {
    # an application concluded on the period's first day dropped from the results
    "concluded-on-first-day": (
        "if r > end or c < start:",
        "if r > end or c <= start:",
        "application_at_the_period_edges or concluded_on_first_day",
    ),
    # one concluded on 31 December counted as carried forward
    "concluded-on-31-december": ("if c > end:", "if c >= end:", "application_at_the_period_edges"),
    # a reconsideration filed on 31 December and decided in January not counted as pending
    "filed-31-december-decided-later": (
        "elif decided > self.period.end and case.filed <= self.period.end:",
        "elif decided > self.period.end and case.filed < self.period.end:",
        "case_at_the_period_edges or reconsideration_filed_31_december",
    ),
    # the same in the count of cases still undecided
    "filed-31-december-undecided": (
        "if case.filed <= end:",
        "if case.filed < end:",
        "case_at_the_period_edges",
    ),
    # an item delisted on the period's first day not counted at its start
    "delisted-on-first-day": (
        "(delisted_on is None or delisted_on >= start)",
        "(delisted_on is None or delisted_on > start)",
        "listed_at_start_and_end or delisted_on_first_day",
    ),
}
RUNS = 2


def check(name: str, original: str, mutant: str, tests: str) -> str | None:
    """None when the mutant fails its tests in every run; otherwise what went wrong."""
    source = (ROOT / FOLD).read_text(encoding="utf-8")
    if source.count(original) != 1:
        return f"{original!r} occurs {source.count(original)} times in {FOLD}: update MUTANTS"
    where = WORK / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for item in ("src", "tests", "examples"):
        ignore = shutil.ignore_patterns("__pycache__", ".hypothesis")
        shutil.copytree(ROOT / item, where / item, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", where / "pyproject.toml")
    (where / FOLD).write_text(source.replace(original, mutant), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(where / "src"), "HYPOTHESIS_PROFILE": "ci"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_boundaries.py"]
    for run in range(1, RUNS + 1):
        shutil.rmtree(where / ".hypothesis", ignore_errors=True)
        done = subprocess.run([*command, "-k", tests], cwd=where, env=env, capture_output=True, text=True)
        failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
        print(f"{name}, run {run}: exit {done.returncode}", *failed, sep="\n  ", flush=True)
        if done.returncode != 1 or not failed:
            return f"run {run} did not fail its tests (exit {done.returncode})"
    return None


def main() -> int:
    problems = {name: p for name, spec in MUTANTS.items() if (p := check(name, *spec)) is not None}
    for name, problem in problems.items():
        print(f"LIVES: {name}: {problem}")
    print(f"{len(MUTANTS) - len(problems)} of {len(MUTANTS)} mutants killed in every run")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
