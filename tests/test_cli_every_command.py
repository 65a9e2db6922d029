"""Every command of the one scheme, found from the parser itself: its --help, its pipe, its calendar flags.

The lists below are the expectations, written from the issue (13): a command added to ``opengov`` without
a place in them fails ``test_every_command_is_expected``, so it cannot skip the checks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from opengov.cli import build_parser, main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "wuzhong-kjj-2018.jsonl"
AUDIT_FIXTURE = Path(__file__).parent / "audit_fixtures" / "gov2021_tabs.txt"


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))
            return
    yield prefix


EVERY_COMMAND = sorted(_commands(build_parser()))

PIPED: dict[tuple[str, ...], list[str]] = {
    ("events", "validate"): ["SOURCE"],
    ("events", "import"): ["SOURCE", "--store", "piped.db"],
    ("events", "export"): ["SOURCE"],
    ("events", "agencies"): ["SOURCE"],
    ("table",): ["SOURCE", "--year", "2018"],
    ("report",): ["SOURCE", "--year", "2018"],
    ("due",): ["SOURCE", "--as-of", "2018-12-31"],
    ("rollup",): ["SOURCE", "--year", "2018", "--as-of", "2018-12-31"],
    ("audit",): ["SOURCE", "--to", "json"],
    ("revisions",): ["SOURCE", "--year", "2018"],
}
"""Every command that reads a stream, and the arguments it is run with (SOURCE is the file or the pipe)."""

NOT_PIPED = {
    ("schema",): "reads nothing",
    ("projections", "follow"): "follows a store (a database), which a pipe cannot be",
    ("projections", "rebuild"): "rebuilds a store's kept projections, in the store",
}

CALENDAR = {("table",), ("report",), ("due",), ("rollup",), ("revisions",)}
"""The commands that count working days: each takes --calendar FILE and --estimate."""

NO_OUTPUT = {
    ("events", "validate"),
    ("events", "import"),
    ("projections", "follow"),
    ("projections", "rebuild"),
}


def test_every_command_is_expected() -> None:
    """The parser's commands are exactly those the checks below know (a new one must be added here)."""
    assert set(PIPED).isdisjoint(NOT_PIPED)
    assert sorted(set(PIPED) | set(NOT_PIPED)) == EVERY_COMMAND


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_help_shows_the_one_scheme(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    """SOURCE (or FILE) where it reads, -o FILE where it writes, --calendar FILE/--estimate where it
    counts working days, --quiet and --debug everywhere; none of the old spellings is advertised."""
    status = main([*command, "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    reads = command not in {("schema",)}
    shown = {
        "source": "SOURCE" in out or "FILE [FILE ...]" in out,
        "-o FILE": "-o FILE" in out,
        "--calendar FILE": "--calendar FILE" in out,
        "--estimate": "--estimate" in out,
        "--quiet": "--quiet" in out,
        "--debug": "--debug" in out,
    }
    expected = {
        "source": reads,
        "-o FILE": command not in NO_OUTPUT,
        "--calendar FILE": command in CALENDAR,
        "--estimate": command in CALENDAR,
        "--quiet": True,
        "--debug": True,
    }
    assert (0, expected) == (status, shown)


def _opengov(argv: list[str], stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "opengov", *argv], input=stdin, capture_output=True, cwd=cwd, check=False
    )


@pytest.mark.parametrize("command", sorted(PIPED), ids=" ".join)
def test_every_command_reads_a_pipe(command: tuple[str, ...], tmp_path: Path) -> None:
    """Each command given `-` reads standard input once and prints what it prints for the file."""
    source = AUDIT_FIXTURE if command == ("audit",) else SEED
    argv = PIPED[command]
    from_file = _opengov([*command, *(str(source) if a == "SOURCE" else a for a in argv)], b"", tmp_path)
    (tmp_path / "piped.db").unlink(missing_ok=True)
    piped = _opengov([*command, *("-" if a == "SOURCE" else a for a in argv)], source.read_bytes(), tmp_path)
    if command == ("audit",):  # the report names its source: the file's path, or <stdin>
        piped_out = piped.stdout.replace(b'"<stdin>"', b'"' + str(source).encode() + b'"')
    else:
        piped_out = piped.stdout
    expected = (0, from_file.stdout, from_file.stderr)  # the same notes, if any (revisions: "not filed")
    assert expected == (piped.returncode, piped_out, piped.stderr)
    assert from_file.returncode == 0


@pytest.fixture
def next_year_log(tmp_path: Path) -> tuple[Path, int]:
    """A log whose one answer falls in the first year the bundled calendar lacks."""
    import datetime as dt

    from opengov.calendar import WorkingCalendar
    from opengov.codec import write_events
    from opengov.events import AgencyRegistered
    from strategies import concluded, received

    year = max(WorkingCalendar.default().years) + 1
    events = [
        AgencyRegistered(id="r0", agency="a1", at=dt.date(year, 1, 2), name="某区人民政府"),
        received("A1", dt.date(year, 3, 2)),
        concluded("A1", dt.date(year, 3, 20)),
    ]
    path = tmp_path / "next.jsonl"
    write_events(events, path)
    return path, year


@pytest.mark.parametrize("command", ["table", "report", "rollup"])
def test_estimate_wherever_a_calendar_is_used(
    command: str, next_year_log: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without data for the year the command stops and names both flags; with --estimate it answers,
    and says that an estimate was used."""
    path, year = next_year_log
    argv = [command, str(path), "--year", str(year)]
    if command == "rollup":
        argv += ["--as-of", f"{year}-12-31"]
    status = main(argv)
    _, err = capsys.readouterr()
    assert (2, True, True) == (status, "--calendar FILE" in err, "--estimate" in err)
    status = main([*argv, "--estimate"])
    out, err = capsys.readouterr()
    assert 0 == status
    assert out
    if command != "rollup":  # the table warns; the report lists it among its findings
        assert "estimated as weekends-only" in err
