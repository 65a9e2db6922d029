"""The ``opengov`` command line: ``events validate``, ``events import`` and ``events export``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import orjson
import pytest

from opengov import __version__
from opengov.cli import main
from opengov.codec import encode, load_events, validate_file, write_events
from opengov.errors import DuplicateEventIdError
from opengov.events import Event, MeetingHeld, TrainingHeld
from opengov.store import SQLiteStore


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENGOV_STORE", raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``opengov argv``: its exit status, standard output and standard error."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def meeting(event_id: str, agency: str = "a1") -> MeetingHeld:
    return MeetingHeld(id=event_id, agency=agency, at=dt.date(2024, 3, 1))


def line(event_id: str, agency: str = "a1") -> str:
    return orjson.dumps(encode(meeting(event_id, agency))).decode()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    write_events(
        [
            meeting("e1"),
            meeting("e2", "a2"),
            TrainingHeld(id="t1", agency="a1", at=dt.date(2024, 4, 1), attendees=3),
        ],
        path,
    )
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    wrong_count = (
        line("e4").replace('"meeting_held"', '"training_held"').replace('"title":null', '"attendees":-1')
    )
    path.write_text(f'{line("e1")}\n{{"id": "e2", oops\n{line("e3")}\n{wrong_count}\n')
    return path


# --- validate ------------------------------------------------------------------------------------------


def test_validate_good_file(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid file prints how many events it holds and exits 0."""
    expected = (0, "3 events, all valid\n", "")
    assert expected == run(["events", "validate", str(good)], capsys)


def test_validate_lists_every_bad_line(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every bad line is listed as file:line (event 'id'): reason, and the exit status is 1."""
    status, out, err = run(["events", "validate", str(bad)], capsys)
    expected = (
        1,
        [f"{bad}:2: malformed JSON", f"{bad}:4 (event 'e4'): "],
        f"opengov: error: {bad}: 2 bad lines\n",
    )
    assert expected == (
        status,
        [line[: len(want)] for line, want in zip(out.splitlines(), expected[1], strict=True)],
        err,
    )


def test_validate_names_the_field(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad field is named in its line's reason."""
    _, out, _ = run(["events", "validate", str(bad)], capsys)
    assert "attendees" in out.splitlines()[1]


def test_validate_collect_is_the_default(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--collect lists the same lines as the default."""
    expected = run(["events", "validate", str(bad)], capsys)
    assert expected == run(["events", "validate", "--collect", str(bad)], capsys)


def test_validate_no_collect_stops_at_the_first(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--no-collect reports the first bad line only."""
    status, out, _ = run(["events", "validate", "--no-collect", str(bad)], capsys)
    expected = (1, [f"{bad}:2"])
    assert expected == (status, [line.split(": ")[0] for line in out.splitlines()])


def test_validate_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file with no events is refused: it is almost certainly the wrong file."""
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    expected = (1, f"{path}:0: the file holds no events\n", f"opengov: error: {path}: 1 bad line\n")
    assert expected == run(["events", "validate", str(path)], capsys)


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is a one-line error naming it, exit status 2 (an unreadable input)."""
    missing = tmp_path / "nope.jsonl"
    expected = (2, "", f"opengov: error: {missing}: No such file or directory\n")
    assert expected == run(["events", "validate", str(missing)], capsys)


# --- import --------------------------------------------------------------------------------------------


def stored_events(path: Path) -> list[Event]:
    with SQLiteStore(path, create=False) as store:
        return [s.event for s in store.read()]


def test_import_into_a_new_store(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Import creates the store and appends every event of the file, in order."""
    store = tmp_path / "events.db"
    result = run(["events", "import", str(good), "--store", str(store)], capsys)
    expected = ((0, f"3 new events imported into {store} (positions 1 to 3)\n", ""), load_events(good))
    assert expected == (result, stored_events(store))


def test_import_again_is_harmless(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing the same file twice stores its events once."""
    store = tmp_path / "events.db"
    run(["events", "import", str(good), "--store", str(store)], capsys)
    result = run(["events", "import", str(good), "--store", str(store)], capsys)
    expected = ((0, f"nothing new imported into {store}: every event of {good} is already stored\n", ""), 3)
    assert expected == (result, len(stored_events(store)))


def test_import_store_from_environment(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --store, $OPENGOV_STORE names the store."""
    store = tmp_path / "env.db"
    monkeypatch.setenv("OPENGOV_STORE", str(store))
    status, _, _ = run(["events", "import", str(good)], capsys)
    expected = (0, load_events(good))
    assert expected == (status, stored_events(store))


def test_import_bad_file_imports_nothing(
    bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with bad lines imports nothing, and creates no store; the one-line error names the first bad
    line and counts the rest."""
    store = tmp_path / "events.db"
    status, _, err = run(["events", "import", str(bad), "--store", str(store)], capsys)
    first = str(validate_file(bad)[0])
    more = " (and 1 more bad line: run 'opengov events validate' to list them)"
    expected = (2, f"opengov: error: {first}{more}\n", [])
    assert expected == (status, err, sorted(p.name for p in tmp_path.glob("events.db*")))


def test_import_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is an error naming it, and no store is created."""
    store = tmp_path / "events.db"
    missing = tmp_path / "nope.jsonl"
    result = run(["events", "import", str(missing), "--store", str(store)], capsys)
    expected = ((2, "", f"opengov: error: {missing}: No such file or directory\n"), False)
    assert expected == (result, store.exists())


def test_import_conflicting_event(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An event id stored with other content is a one-line error naming the file, line, id and position."""
    store = tmp_path / "events.db"
    with SQLiteStore(store) as opened:
        opened.append([meeting("x"), MeetingHeld(id="e2", agency="a2", at=dt.date(2020, 1, 1))])
    status, _, err = run(["events", "import", str(good), "--store", str(store)], capsys)
    expected = (2, f"opengov: error: {DuplicateEventIdError('e2', 2, where=f'{good}:2')}\n")
    assert expected == (status, err)


def test_import_into_a_non_database(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Naming a file that is not a store as --store is a one-line error naming it."""
    status, _, err = run(["events", "import", str(good), "--store", str(good)], capsys)
    expected = (2, f"opengov: error: {good}: not a usable SQLite event store: file is not a database\n")
    assert expected == (status, err)


def test_import_needs_a_store(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --store or $OPENGOV_STORE the command is misused: exit status 2."""
    status, _, err = run(["events", "import", str(good)], capsys)
    expected = (2, True)
    assert expected == (status, "the following arguments are required: --store" in err)


def test_import_batch_size_must_be_positive(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--batch-size 0 is a usage error."""
    status, _, err = run(
        ["events", "import", str(good), "--store", str(tmp_path / "s.db"), "--batch-size", "0"], capsys
    )
    expected = (2, True)
    assert expected == (status, "must be at least 1, got 0" in err)


# --- export --------------------------------------------------------------------------------------------


@pytest.fixture
def store(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "events.db"
    run(["events", "import", str(good), "--store", str(path)], capsys)
    return path


def test_export_to_stdout(store: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Export with no -o writes JSON Lines to standard output, in stored order."""
    expected = (0, good.read_text(), "")
    assert expected == run(["events", "export", str(store)], capsys)


def test_export_one_agency_to_a_file(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--agency and -o write one agency's events to a file and say how many."""
    target = tmp_path / "a1.jsonl"
    result = run(["events", "export", str(store), "--agency", "a1", "-o", str(target)], capsys)
    expected = ((0, f"2 events exported to {target}\n", ""), ["e1", "t1"])
    assert expected == (result, [event.id for event in load_events(target)])


def test_export_then_import_round_trips(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exporting a store and importing the file into a new store gives the same events in the same order."""
    target = tmp_path / "all.jsonl"
    copy = tmp_path / "copy.db"
    run(["events", "export", str(store), "-o", str(target)], capsys)
    run(["events", "import", str(target), "--store", str(copy)], capsys)
    with SQLiteStore(store) as first, SQLiteStore(copy) as second:
        expected = [(s.position, s.version, s.event) for s in first.read()]
        assert expected == [(s.position, s.version, s.event) for s in second.read()]


def test_export_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exporting from a store that does not exist is an error naming it, and creates nothing."""
    missing = tmp_path / "nope.db"
    result = run(["events", "export", str(missing)], capsys)
    message = f"opengov: error: {missing}: No such file or directory\n"
    expected = ((2, "", message), False)
    assert expected == (result, missing.exists())


def test_export_into_a_missing_directory(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A -o path that cannot be written is a one-line error, not a traceback."""
    target = tmp_path / "no" / "such" / "dir.jsonl"
    status, _, err = run(["events", "export", str(store), "-o", str(target)], capsys)
    expected = (2, True, 1)
    assert expected == (
        status,
        err.startswith("opengov: error: ") and "No such file or directory" in err,
        err.count("\n"),
    )


def test_export_of_a_corrupt_store(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stored row that cannot be read is a one-line error naming its position; no file is left behind."""
    db = sqlite3.connect(store)
    with db:
        db.execute("UPDATE events SET data = 'not json' WHERE position = 2")
    db.close()
    target = tmp_path / "out.jsonl"
    status, _, err = run(["events", "export", str(store), "-o", str(target)], capsys)
    expected = (2, True, 1, [])
    assert expected == (
        status,
        f"{store}: the event stored at position 2" in err,
        err.count("\n"),
        sorted(p.name for p in tmp_path.glob("*.jsonl*") if p.name != "good.jsonl"),
    )


# --- the command itself --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["events", "--help"],
        ["events", "validate", "--help"],
        ["events", "import", "--help"],
        ["events", "export", "--help"],
    ],
)
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--help prints usage for every command and exits 0."""
    status, out, _ = run(argv, capsys)
    expected = (0, True)
    assert expected == (status, out.startswith("usage: opengov"))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version."""
    expected = (0, f"opengov {__version__}\n", "")
    assert expected == run(["--version"], capsys)


@pytest.mark.parametrize("argv", [[], ["events"], ["events", "frobnicate"], ["nope"]])
def test_misuse_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or unknown command is a usage error: exit status 2, message on stderr."""
    status, out, err = run(argv, capsys)
    expected = (2, "", True)
    assert expected == (status, out, err.startswith("usage: opengov"))
