"""The one command-line scheme: SOURCE/--to/-o on every command, old spellings, the output writer, exit
statuses, standard input read once (issue 13, issue 12 items 2, 6, 7 and 10)."""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from opengov import cli
from opengov.cli import main
from opengov.store import SQLiteStore, import_jsonl

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = EXAMPLES / "wuzhong-kjj-2018.jsonl"
AUDIT_FIXTURE = Path(__file__).parent / "audit_fixtures" / "gov2021_tabs.txt"


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENGOV_STORE", raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    path.write_bytes(SEED.read_bytes())
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as opened:
        import_jsonl(opened, SEED)
    return path


# --- -o never destroys an input (issue 12.2) ------------------------------------------------------------


def _refused(status: int, err: str) -> bool:
    return status == 2 and "refusing to overwrite" in err and err.count("\n") == 1


def test_report_docx_over_its_store_is_refused(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report s.db --to docx -o s.db` is refused and the store still reads."""
    status, _, err = run(["report", str(store), "--year", "2018", "--to", "docx", "-o", str(store)], capsys)
    with SQLiteStore(store, create=False) as opened:
        assert (True, 169) == (_refused(status, err), opened.head())


def test_report_over_its_log_is_refused(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report log.jsonl -o log.jsonl` is refused and the log is unchanged."""
    status, _, err = run(["report", str(log), "--year", "2018", "-o", str(log)], capsys)
    assert (True, SEED.read_bytes()) == (_refused(status, err), log.read_bytes())


@pytest.mark.parametrize("spelling", [["SOURCE"], ["--store", "SOURCE"]])
def test_export_over_its_store_is_refused(
    store: Path, spelling: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`events export s.db -o s.db` (and the old `--store s.db -o s.db`) is refused."""
    argv = ["events", "export", *[str(store) if a == "SOURCE" else a for a in spelling], "-o", str(store)]
    status, _, err = run(argv, capsys)
    error = err.splitlines()[-1] + "\n"  # after the deprecation warning of --store
    assert (True, b"SQLite format 3\x00") == (_refused(status, error), store.read_bytes()[:16])


def test_another_name_of_the_same_file_is_refused(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hard link, a symbolic link and a ./ path are the same file as the input."""
    hard = log.with_name("hard.jsonl")
    os.link(log, hard)
    soft = log.with_name("soft.jsonl")
    soft.symlink_to(log)
    dotted = f"{log.parent}/./{log.name}"
    results = [
        _refused(*run(["table", str(log), "--year", "2018", "-o", target], capsys)[::2])
        for target in (str(hard), str(soft), dotted)
    ]
    assert ([True, True, True], SEED.read_bytes()) == (results, log.read_bytes())


def test_the_stores_wal_and_shm_files_are_refused(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The -wal and -shm files of an input store are part of it."""
    results = [
        _refused(*run(["due", str(store), "--as-of", "2018-12-31", "-o", f"{store}{side}"], capsys)[::2])
        for side in ("-wal", "-shm")
    ]
    assert [True, True] == results


def test_calendar_and_profile_files_are_inputs_too(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming the --calendar or --profile file is refused."""
    calendar = tmp_path / "calendar.json"
    calendar.write_text('{"years": []}', encoding="utf-8")
    profile = tmp_path / "profile.json"
    profile.write_text("{}", encoding="utf-8")
    first = run(
        ["table", str(log), "--year", "2018", "--calendar", str(calendar), "-o", str(calendar)], capsys
    )
    second = run(
        ["report", str(log), "--year", "2018", "--profile", str(profile), "-o", str(profile)], capsys
    )
    expected = (True, True, '{"years": []}', "{}")
    assert expected == (
        _refused(first[0], first[2]),
        _refused(second[0], second[2]),
        calendar.read_text(encoding="utf-8"),
        profile.read_text(encoding="utf-8"),
    )


def test_a_failed_export_leaves_the_old_file_whole(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export that fails half-way leaves an existing -o file as it was, and no temporary file."""
    db = sqlite3.connect(store)
    with db:
        db.execute("UPDATE events SET data = 'not json' WHERE position = 100")
    db.close()
    target = tmp_path / "out.jsonl"
    target.write_text("precious\n", encoding="utf-8")
    status, _, _ = run(["events", "export", str(store), "-o", str(target)], capsys)
    expected = (2, "precious\n", ["out.jsonl"])
    assert expected == (
        status,
        target.read_text(encoding="utf-8"),
        sorted(p.name for p in tmp_path.glob("*out*")),
    )


def test_a_failed_render_writes_nothing(
    log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renderer that fails leaves no output file (and no temporary one)."""
    from opengov import render

    def broken(report: object) -> str:
        raise render.MissingExtraError("docx")

    monkeypatch.setitem(render.RENDERERS, "docx", broken)
    target = tmp_path / "r.docx"
    status, _, _ = run(["report", str(log), "--year", "2018", "--to", "docx", "-o", str(target)], capsys)
    assert (2, []) == (status, sorted(p.name for p in tmp_path.glob("*r.docx*")))


def test_an_output_file_gets_ordinary_permissions(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The renamed temporary file has the mode a new file would have, not the temporary file's 0600."""
    target = tmp_path / "t.txt"
    assert 0 == main(["table", str(log), "--year", "2018", "-o", str(target)])
    mask = os.umask(0)
    os.umask(mask)
    assert 0o666 & ~mask == target.stat().st_mode & 0o777


# --- exit statuses ---------------------------------------------------------------------------------------


def _crash(args: argparse.Namespace) -> int:
    raise ZeroDivisionError("boom")


def test_an_internal_error_exits_70_with_one_line(
    log: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unexpected exception is exit 70, one line naming the command and --debug, no traceback."""
    monkeypatch.setattr(cli.table, "_table", _crash)
    status, _, err = run(["table", str(log), "--year", "2018"], capsys)
    expected = (70, 1, True, True, False)
    assert expected == (
        status,
        err.count("\n"),
        err.startswith("opengov table: internal error (ZeroDivisionError: boom)"),
        "--debug" in err,
        "Traceback" in err,
    )


def test_debug_prints_the_traceback(
    log: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--debug (before or after the command) prints the traceback; the status is still 70."""
    monkeypatch.setattr(cli.table, "_table", _crash)
    first = run(["table", str(log), "--year", "2018", "--debug"], capsys)
    second = run(["--debug", "table", str(log), "--year", "2018"], capsys)
    assert [(70, True), (70, True)] == [(s, "Traceback" in e) for s, _, e in (first, second)]


@pytest.mark.parametrize(
    ("year", "says"), [("2007", "took effect in 2008"), ("99999", "99999"), ("x", "'x'")]
)
def test_report_years_out_of_range_are_usage_errors(
    log: Path, year: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --year 2007` and `--year 99999` are clean usage errors (issue 12.6), as for `table`."""
    for command in ("report", "table"):
        status, out, err = run([command, str(log), "--year", year], capsys)
        assert (2, "", True, False) == (status, out, says in err, "Traceback" in err)


@pytest.mark.parametrize("command", ["table", "report"])
def test_a_year_without_events_warns(log: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A year in which the agency has no events still prints, with a warning on stderr (issue 12.7)."""
    status, out, err = run([command, str(log), "--year", "2030"], capsys)
    expected = (0, True, True)
    assert expected == (status, bool(out), "agency 'wz-kjj' has no events dated in 2030" in err)


def test_a_year_with_events_does_not_warn(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No warning for a year the agency has events in."""
    assert (0, "") == run(["table", str(log), "--year", "2018"], capsys)[::2]


def test_a_refused_import_creates_no_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An import refused for a bad line leaves no store file, -wal or -shm behind (issue 12.10)."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "meeting_held", oops\n', encoding="utf-8")
    status, _, _ = run(["events", "import", str(bad), "--store", str(tmp_path / "new.db")], capsys)
    assert (2, []) == (status, sorted(p.name for p in tmp_path.glob("new.db*")))


def test_the_missing_calendar_error_names_the_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A year without calendar data is explained in command-line terms: --calendar and --estimate."""
    path = tmp_path / "late.jsonl"
    path.write_text(
        '{"type":"application_received","v":1,"id":"r1","agency":"a1","at":"2026-12-21",'
        '"application_id":"A","channel":"online","applicant":"natural_person"}\n',
        encoding="utf-8",
    )
    status, _, err = run(["due", str(path), "--as-of", "2026-12-31"], capsys)
    assert (2, True, True, False) == (
        status,
        "--calendar FILE" in err,
        "--estimate" in err,
        "WorkingCalendar" in err,
    )


# --- one vocabulary, old spellings ------------------------------------------------------------------------

COMMANDS = [
    ["events", "validate"],
    ["events", "import"],
    ["events", "export"],
    ["events", "agencies"],
    ["table"],
    ["report"],
    ["due"],
    ["audit"],
    ["schema"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_the_scheme(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Every command's --help shows SOURCE (or FILE), --quiet and --debug; output commands -o FILE."""
    status, out, _ = run([*command, "--help"], capsys)
    writes = command not in (["events", "validate"], ["events", "import"])
    reads = command != ["schema"]
    expected = (0, reads, True, writes)
    assert expected == (
        status,
        "SOURCE" in out or "FILE [FILE ...]" in out,
        "--quiet" in out,
        "-o FILE" in out,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["table", str(SEED), "--year", "2018", "--output", "json"],
        ["due", str(SEED), "--as-of", "2018-12-31", "--output", "json"],
        ["audit", str(AUDIT_FIXTURE), "--output", "json"],
    ],
    ids=["table", "due", "audit"],
)
def test_output_as_a_form_still_works_with_a_warning(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The old `--output json` still chooses JSON, and says it is deprecated in favour of --to."""
    status, out, err = run(argv, capsys)
    expected = (0, "{", True)
    assert expected == (status, out.lstrip()[:1], "--output json is deprecated" in err and "--to json" in err)


def test_to_and_o_write_json_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The new spelling: --to json -o FILE, on table, due and audit alike."""
    outputs = [tmp_path / f"{n}.json" for n in ("table", "due", "audit")]
    statuses = [
        main(["table", str(SEED), "--year", "2018", "--to", "json", "-o", str(outputs[0])]),
        main(["due", str(SEED), "--as-of", "2018-12-31", "--to", "json", "-o", str(outputs[1])]),
        main(["audit", str(AUDIT_FIXTURE), "--to", "json", "-o", str(outputs[2])]),
    ]
    assert ([0, 0, 0], "", ["{", "{", "{"]) == (
        statuses,
        capsys.readouterr().out,
        [p.read_text(encoding="utf-8")[:1] for p in outputs],
    )


def test_export_store_option_still_works(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`events export --store PATH` reads the same events as `events export PATH`, with a warning."""
    new = run(["events", "export", str(store)], capsys)
    old = run(["events", "export", "--store", str(store)], capsys)
    assert (new[:2], True) == (old[:2], "deprecated" in old[2] and "SOURCE" in old[2])


def test_source_defaults_to_the_environment(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without SOURCE, $OPENGOV_STORE names it, for every reading command."""
    monkeypatch.setenv("OPENGOV_STORE", str(store))
    assert (0, 0) == (main(["table", "--year", "2018"]), main(["events", "export"]))


def test_no_source_at_all_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without SOURCE or $OPENGOV_STORE: exit 2 and a message saying what to give."""
    status, _, err = run(["table", "--year", "2018"], capsys)
    assert (2, True) == (status, "give a SOURCE" in err)


def test_many_agencies_are_summarised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Leaving out --agency with 40 agencies says how many, shows five and points to `events agencies`."""
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(
            f'{{"type":"meeting_held","v":1,"id":"m{i}","agency":"ag{i:02}","at":"2024-03-01"}}\n'
            for i in range(40)
        ),
        encoding="utf-8",
    )
    status, _, err = run(["table", str(path), "--year", "2024"], capsys)
    expected = (2, True, True, False, True)
    assert expected == (
        status,
        "40 agencies" in err,
        "'ag04' and 35 more" in err,
        "'ag05'" in err,
        f"opengov events agencies {path}" in err,
    )


def test_events_agencies_lists_names_and_counts(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`events agencies` lists each agency with its name, event count and dates."""
    status, out, _ = run(["events", "agencies", str(log)], capsys)
    assert (0, ["wz-kjj", "吴忠市科学技术局", "169", "2018-01-02 to 2019-02-11"]) == (
        status,
        out.splitlines()[1].split("\t"),
    )


# --- standard input, read once ---------------------------------------------------------------------------


def _opengov(argv: list[str], stdin: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "opengov", *argv], input=stdin, capture_output=True, cwd=cwd, check=False
    )


@pytest.mark.parametrize("dash", ["-", "/dev/stdin"])
@pytest.mark.parametrize(
    "argv",
    [
        ["events", "validate", "SOURCE"],
        ["events", "import", "SOURCE", "--store", "piped.db"],
        ["events", "export", "SOURCE"],
        ["events", "agencies", "SOURCE"],
        ["table", "SOURCE", "--year", "2018"],
        ["report", "SOURCE", "--year", "2018"],
        ["due", "SOURCE", "--as-of", "2018-12-31"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_command_reads_a_pipe_once(argv: list[str], dash: str, tmp_path: Path) -> None:
    """Every command that reads events reads them from a pipe (`-` or /dev/stdin) as from the file."""
    from_file = _opengov([str(SEED) if a == "SOURCE" else a for a in argv], b"", tmp_path)
    (tmp_path / "piped.db").unlink(missing_ok=True)
    piped = _opengov([dash if a == "SOURCE" else a for a in argv], SEED.read_bytes(), tmp_path)
    expected = (0, from_file.stdout, b"")
    assert expected == (piped.returncode, piped.stdout, piped.stderr)


@pytest.mark.parametrize("dash", ["-", "/dev/stdin"])
def test_audit_reads_a_pipe(dash: str, tmp_path: Path) -> None:
    """`audit -` (or /dev/stdin) reads the report from standard input."""
    import json

    piped = _opengov(["audit", dash, "--to", "json"], AUDIT_FIXTURE.read_bytes(), tmp_path)
    from_file = _opengov(["audit", str(AUDIT_FIXTURE), "--to", "json"], b"", tmp_path)

    def summary(out: bytes) -> list[tuple[object, ...]]:
        return [(r["consistent"], r["summary"], r["year"]) for r in json.loads(out)["reports"]]

    expected = (0, summary(from_file.stdout), "<stdin>" if dash == "-" else dash)
    assert expected == (
        piped.returncode,
        summary(piped.stdout),
        json.loads(piped.stdout)["reports"][0]["source"],
    )


# --- opengov schema ---------------------------------------------------------------------------------------


def test_schema_prints_the_published_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`opengov schema` prints the schema published with the docs; -o writes it to a file."""
    import json

    published = json.loads(
        (Path(__file__).parents[1] / "docs" / "_static" / "events.schema.json").read_text()
    )
    status, out, _ = run(["schema"], capsys)
    target = tmp_path / "events.schema.json"
    assert (0, published, 0, published) == (
        status,
        json.loads(out),
        main(["schema", "-o", str(target)]),
        json.loads(target.read_text(encoding="utf-8")),
    )


# --- progress bars ----------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["events", "validate", "LOG"], "checking"),
        (["events", "import", "LOG", "--store", "STORE"], "importing"),
        (["table", "LOG", "--year", "2018"], "reading"),
        (["audit", str(AUDIT_FIXTURE), str(AUDIT_FIXTURE)], "auditing"),
    ],
    ids=["validate", "import", "table", "audit"],
)
def test_progress_on_a_terminal_only(
    argv: list[str], what: str, log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long work shows a progress bar on standard error when it is a terminal, none with --quiet; the
    standard output is the same either way."""
    argv = [str(log) if a == "LOG" else str(tmp_path / "s.db") if a == "STORE" else a for a in argv]
    shown: list[tuple[int, bool, str]] = []
    for extra in ([], ["--quiet"]):
        (tmp_path / "s.db").unlink(missing_ok=True)
        terminal, out = _Terminal(), io.StringIO()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(sys, "stdout", out)
        status = main([*argv, *extra])
        monkeypatch.undo()
        shown.append((status, what in terminal.getvalue(), out.getvalue()))
    assert (True, True) == (shown[0][0] in (0, 1), shown[0][1])
    assert (shown[0][0], False, shown[0][2]) == shown[1]


def test_quiet_before_the_command_counts_too(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`opengov -q table …` is as quiet as `opengov table … -q`."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    status = main(["-q", "events", "validate", str(log)])
    monkeypatch.undo()
    assert (0, "") == (status, terminal.getvalue())
