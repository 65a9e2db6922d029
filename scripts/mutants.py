"""Mutation testing of the core with mutmut 3: ``make mutants`` (see docs/testing.md).

Each module of the core is mutated on its own, in a scratch copy of the checkout (``build/mutants/<name>``),
against a quick subset of the tests that exercise it, so a run is bounded and a module can be rerun
alone::

    python scripts/mutants.py fold formats --jobs 1
    make mutants MUTANTS="fold formats" JOBS=1

Hypothesis runs derandomized (profile ``mutants`` in tests/conftest.py), so a mutant is killed or not
the same way every run. At the end one line per module gives the score (killed or timed out ÷ judged, a
mutant no test reaches counting as a survivor), the counts by status and the survivors' names;
``mutmut show NAME`` in ``build/mutants/<name>`` shows one. ``--again`` judges the survivors of the last
run again with today's tests (the scratch copy's source is kept), keeping the other verdicts::

    python scripts/mutants.py ledger --again
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutants"

# module: (files to mutate, the quick test subset that exercises them)
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "fold": (
        ["src/opengov/fold.py", "src/opengov/_fold_saved.py"],  # the fold and its saved form
        [
            "tests/test_fold.py",
            "tests/test_boundaries.py",
            "tests/test_mapping.py",
            "tests/test_golden.py",
            "tests/test_golden_facts.py",
            "tests/test_fold_cells.py",
            "tests/test_fold_saved.py",
            "tests/test_fold_items.py",
        ],
    ),
    "formats": (
        [
            "src/opengov/formats/__init__.py",
            "src/opengov/formats/_national.py",
            "src/opengov/formats/gov2008.py",
            "src/opengov/formats/gov2019.py",
            "src/opengov/formats/gov2021.py",
            "src/opengov/tables.py",
        ],
        [
            "tests/test_mapping.py",
            "tests/test_mapping_lookup.py",
            "tests/test_golden.py",
            "tests/test_render_json.py",
            "tests/test_tables_api.py",
        ],
    ),
    "deadlines": (
        ["src/opengov/deadlines.py"],
        [
            "tests/test_deadlines.py",
            "tests/test_deadline_findings.py",
            "tests/test_boundaries.py",
            "tests/test_timeliness.py",
            "tests/test_public_names.py",  # the deprecated name Finding
        ],
    ),
    "calendar": (
        ["src/opengov/calendar.py"],
        [
            "tests/test_calendar.py",
            "tests/test_calendar_table.py",
            "tests/test_calendar_edges.py",
            "tests/test_calendar_protocol.py",  # the Calendar protocol: reckon_*, holds, is_estimated
            "tests/test_timing.py",  # the answer timing's memo on the calendar's table (_Run.dues)
        ],
    ),
    "ledger": (
        ["src/opengov/ledger.py"],
        [
            "tests/test_ledger.py",
            "tests/test_ledger_details.py",
            "tests/test_ledger_edges.py",
            "tests/test_boundaries.py",
        ],
    ),
    # the application lifecycle the fold and the ledger share (which events belong to an application, when
    # it is settled, the calendar declarations of a log)
    "lifecycle": (
        ["src/opengov/lifecycle.py"],
        [
            "tests/test_lifecycle.py",
            "tests/test_lifecycle_paths.py",
            "tests/test_lifecycle_machine.py",
            "tests/test_fold_cells.py",
            "tests/test_ledger.py",
            "tests/test_ledger_details.py",
            "tests/test_fold.py",
            "tests/test_boundaries.py",
            "tests/test_lifecycle_state.py",
            "tests/test_fold_saved.py",
        ],
    ),
    # the answer timing on the calendar table (the fast mirror of deadlines.assess that the lifecycle's
    # Application.timing, and so the fold and the ledger, use for every settled application)
    "timing": (
        ["src/opengov/_timing.py"],
        [
            "tests/test_timing.py",
            "tests/test_fold_timing.py",
            "tests/test_boundaries.py",
            "tests/test_golden.py",
        ],
    ),
    "codec": (
        ["src/opengov/codec.py"],
        [
            "tests/test_codec.py",
            "tests/test_codec_edges.py",
            "tests/test_codec_exact.py",
            "tests/test_codec_paths.py",
            "tests/test_events.py",
            "tests/test_schema_agreement.py",
        ],
    ),
    # the audit's rule evaluator: Rule.holds / check_rules, and the findings built from them, this year's
    # and the cross-year ones against last year's report (ONLY below)
    "rules": (
        ["src/opengov/formats/_model.py", "src/opengov/audit/_findings.py"],
        [
            "tests/test_rules.py",
            "tests/test_audit.py",
            "tests/test_audit_samples.py",
            "tests/test_audit_templates.py",
            "tests/test_audit_years.py",
        ],
    ),
    # the fast read path's wire records: generated from the event declarations, decoded in blocks, with
    # every doubtful line left to the codec
    "wire": (["src/opengov/wire.py"], ["tests/test_wire.py", "tests/test_wire_fields.py"]),
}

# Left out of every quick subset: they fold thousands of generated events (a minute each) and would run
# for nearly every mutant. The saved-state code (save/load) they check is then judged by no test here.
SLOW = "not test_fold_continues_where_it_stopped and not test_saved_state_continues_like_the_live_one"

# mutmut forks each mutant from a process that has already imported opengov, so code that runs only at
# import — the format declarations (rows, columns, rules, mappings built into module-level data) — is never
# mutated in effect: such mutants would "survive" without being judged. For these modules only the
# functions that run per table are mutated; the declarations are checked by tests/test_mapping.py, whose
# hand-written labels fail on any swap of two rows (docs/testing.md).
ONLY: dict[str, list[str]] = {
    "formats": [
        "opengov.formats.*x__fill__mutmut_*",
        "opengov.formats.*x_fill_*",
        "opengov.formats.x_get_format__mutmut_*",
        "opengov.formats.x_format_for_year__mutmut_*",
        "opengov.tables.*",
    ],
    # the rule evaluator: the declarative model's checks, and the audit's rule, carry-over and stock findings
    # (the narrative phrasings and the running totals of provincial templates are other checks)
    "rules": [
        "opengov.formats._model.*",
        "opengov.audit._findings.x_check_tables__mutmut_*",
        "opengov.audit._findings.x__rule_finding__mutmut_*",
        "opengov.audit._findings.x_check_carry__mutmut_*",
        "opengov.audit._findings.x_check_stock__mutmut_*",
        "opengov.audit._findings.x__year_tables__mutmut_*",
        "opengov.audit._findings.x__figure__mutmut_*",
        "opengov.audit._findings.x__cross_year_finding__mutmut_*",
    ],
}

# the hypothesis profile of each module's run (tests/conftest.py); "mutants" unless named here
PROFILES: dict[str, str] = {"codec": "mutants-quick"}

_COPIED = ("src", "tests", "examples", "pyproject.toml")


def _setup_cfg(mutate: list[str], tests: list[str]) -> str:
    lines = ["[mutmut]", "only_mutate=", *(f"    {m}" for m in mutate)]
    lines += ["pytest_add_cli_args_test_selection=", *(f"    {t}" for t in tests), "    -k", f"    {SLOW}"]
    lines += ["pytest_add_cli_args=", "    -p", "    no:cacheprovider", "    -q"]
    lines += ["also_copy=", "    examples"]
    # each mutant runs in a process forked from a server that has collected the tests but run none, so
    # caches a test fills (the bundled calendar, the codec's generated structurers) start empty for
    # every mutant instead of holding what the unmutated code computed
    lines += ["process_isolation=forkserver", ""]
    return "\n".join(lines)


def prepare(name: str) -> Path:
    """A fresh scratch copy for ``name``, its mutmut configuration written."""
    mutate, tests = MODULES[name]
    where = WORK / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for item in _COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, where / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, where / item)
    _configure(where, mutate, tests)
    return where


def refresh_tests(name: str) -> Path:
    """The scratch copy of ``name`` with today's tests and test subset, its source (and mutants) kept."""
    mutate, tests = MODULES[name]
    where = WORK / name
    if not (where / "mutants").is_dir():
        raise SystemExit(f"{where} holds no earlier run of {name}: run it without --again first")
    shutil.rmtree(where / "tests")
    shutil.copytree(ROOT / "tests", where / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    _configure(where, mutate, tests)
    # mutmut maps each test to the functions it calls once, and maps again only tests it has not seen: a
    # test changed since (one that now builds what it checks, say) would keep its old map
    (where / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    return where


def _configure(where: Path, mutate: list[str], tests: list[str]) -> None:
    # the tests that read the shared sample reports look for them beside the checkout (../shared, outside
    # the repository): beside the copy mutmut runs them in (<where>/mutants) too, or they skip and judge
    # nothing
    shared, link = ROOT.parent / "shared", where / "shared"
    if shared.is_dir() and not link.exists():
        link.symlink_to(shared, target_is_directory=True)
    # doctests in src are not part of the quick subset (mutmut collects its own copy of src)
    pyproject = where / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(" --doctest-modules", ""), "utf-8")
    (where / "setup.cfg").write_text(_setup_cfg(mutate, tests), encoding="utf-8")


_STATUS = re.compile(r"^\s*(\S+): (\w[\w ]*)$")

# A mutant no test of the subset reaches ("no tests") lives as surely as one the tests run and miss: both
# count as survivors. "not checked" are the mutants outside a module's ONLY patterns: not judged.
_NOT_KILLED = ("survived", "no tests")
_KILLED = ("killed", "timeout")


def verdicts(where: Path, mutmut: str) -> dict[str, str]:
    """Each mutant's status, from ``mutmut results --all true``."""
    out = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=where, capture_output=True, text=True, check=True
    ).stdout
    return {m.group(1): m.group(2) for m in map(_STATUS.match, out.splitlines()) if m is not None}


def summary(name: str, statuses: dict[str, str]) -> str:
    """One line: the score (killed or timed out ÷ judged), the counts by status, the survivors."""
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    killed = sum(counts.get(s, 0) for s in _KILLED)
    judged = killed + sum(counts.get(s, 0) for s in _NOT_KILLED)
    percent = f"{100 * killed / judged:.1f} %" if judged else "n/a"
    survivors = " ".join(n for n, s in statuses.items() if s in _NOT_KILLED) or "none"
    return f"{name}: {percent} of {judged} judged ({counts}); survivors: {survivors}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help=f"some of: {', '.join(MODULES)}")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (the CPU is shared)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="judge again, with today's tests, the mutants an earlier run let live (its source is kept)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="GLOB",
        help="judge only the mutants whose mutmut names match (repeatable; e.g. "
        "'opengov.codec.x__reasons__*' for the functions a change touched); the others are left unjudged",
    )
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(MODULES)}")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    lines = []
    for name in args.modules:
        env = {**os.environ, "HYPOTHESIS_PROFILE": PROFILES.get(name, "mutants")}
        # mutmut forgets the verdicts of the mutants a run does not select: the run's own are kept here
        if args.again:
            where = refresh_tests(name)
            saved = where / "verdicts.json"
            before = json.loads(saved.read_text("utf-8")) if saved.exists() else verdicts(where, mutmut)
            selected = [n for n, s in before.items() if s in _NOT_KILLED]
            if not selected:
                lines.append(summary(name, before))
                continue
        else:
            where = prepare(name)
            before, selected = {}, args.only or ONLY.get(name, [])
        print(f"== {name}: mutmut run in {where}", flush=True)
        run = [mutmut, "run", "--max-children", str(args.jobs), *selected]
        finished = subprocess.run(run, cwd=where, env=env, check=False)
        if finished.returncode != 0:
            lines.append(
                f"{name}: mutmut run FAILED (exit {finished.returncode}): no verdicts; see its output"
            )
            continue
        after = verdicts(where, mutmut)
        merged = {**before, **{n: after[n] for n in selected}} if args.again else after
        (where / "verdicts.json").write_text(json.dumps(merged, indent=0, ensure_ascii=False), "utf-8")
        lines.append(summary(name, merged))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
