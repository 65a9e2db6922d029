"""Regression tests for the faults a reliability probe found (issue 12): nothing lost, nothing crashes.

Each test here failed before its fix. They cover an import that must be all or nothing, text that must
never hold control characters, error messages that must stay short whatever the input, and a store that
must survive being killed in the middle of an import.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from opengov import build_table
from opengov.calendar import WorkingCalendar
from opengov.codec import decode_line, encode, validate_file, write_events
from opengov.deadlines import Status, assess
from opengov.errors import CalendarDataMissingError, DecodeError, DuplicateEventIdError, EventValidationError
from opengov.events import (
    AgencyRegistered,
    ApplicantKind,
    ApplicationChannel,
    ApplicationConcluded,
    ApplicationReceived,
    Disposition,
    Event,
    FiledCell,
    MeetingHeld,
    ReportFiled,
)
from opengov.fold import Period, fold_facts
from opengov.store import EventStore, MemoryStore, SQLiteStore, import_jsonl, open_store
from test_codec import BAD_INPUTS

STORES: dict[str, Callable[[Path], EventStore]] = {
    "memory": lambda _: MemoryStore(),
    "sqlite": lambda tmp: SQLiteStore(tmp / "events.db"),
}


@pytest.fixture(params=sorted(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    with STORES[request.param](tmp_path) as opened:
        yield opened


def meeting(n: int, day: int = 1, agency: str = "a1") -> MeetingHeld:
    return MeetingHeld(id=f"m{n}", agency=agency, at=dt.date(2024, 3, day))


def wire(event: MeetingHeld) -> bytes:
    return orjson.dumps(encode(event)) + b"\n"


def write_file(path: Path, events: list[MeetingHeld]) -> Path:
    write_events(events, path)
    return path


# ---------------------------------------------------------------------------------------------------------
# 12.1 An import is all or nothing, and its errors name the file and line.


def test_validate_reports_an_id_reused_for_another_event_at_its_line(tmp_path: Path) -> None:
    """The probe's file: 1,502 lines whose last line reuses the first id for a different event."""
    events = [meeting(n) for n in range(1, 1502)] + [meeting(1, day=2)]
    path = write_file(tmp_path / "log.jsonl", events)
    errors = validate_file(path)
    assert [(e.line, e.event_id, e.source) for e in errors] == [(1502, "m1", str(path))]
    assert "line 1" in errors[0].reason


def test_an_identical_repeat_is_not_a_reused_id(tmp_path: Path) -> None:
    """The same event twice is a retry a store accepts, even when its line is written differently."""
    first = wire(meeting(1))
    reordered = orjson.dumps(dict(reversed(list(encode(meeting(1)).items())))) + b"\n"
    assert first != reordered
    path = tmp_path / "log.jsonl"
    path.write_bytes(first + reordered)
    assert validate_file(path) == []


def test_a_reused_id_in_a_one_shot_stream_is_found_too() -> None:
    import io

    stream = io.BytesIO(wire(meeting(1)) + wire(meeting(2)) + wire(meeting(1, day=2)))
    assert [e.line for e in validate_file(stream)] == [3]


def test_an_import_with_a_reused_id_stores_nothing(store: EventStore, tmp_path: Path) -> None:
    events = [meeting(n) for n in range(1, 1502)] + [meeting(1, day=2)]
    path = write_file(tmp_path / "log.jsonl", events)
    with pytest.raises(DecodeError) as caught:
        import_jsonl(store, path)
    assert caught.value.errors[0].line == 1502
    assert store.head() == 0


def test_an_import_clashing_with_the_store_stores_nothing_and_names_the_line(
    store: EventStore, tmp_path: Path
) -> None:
    """An id the store holds with other content, on the file's last line: not one event of the file stays."""
    store.append([meeting(1501, day=9)])
    path = write_file(tmp_path / "log.jsonl", [meeting(n) for n in range(1, 1502)])
    with pytest.raises(DuplicateEventIdError) as caught:
        import_jsonl(store, path, batch_size=100)
    assert caught.value.where == f"{path}:1501"
    assert str(caught.value).startswith(f"{path}:1501: event id 'm1501' is already stored at position 1")
    assert store.head() == 1
    assert [stored.event.id for stored in store.read()] == ["m1501"]


def test_append_batches_is_all_or_nothing(store: EventStore) -> None:
    store.append([meeting(0)])
    batches = [[meeting(1), meeting(2)], [meeting(3)], [meeting(0, day=5)]]  # the last clashes
    with pytest.raises(DuplicateEventIdError):
        store.append_batches(batches)
    assert [s.event.id for s in store.read()] == ["m0"]
    assert store.version("a1") == 1
    assert store.append_batches([[meeting(1), meeting(0)], [meeting(2)]]) == 2
    assert [(s.position, s.version, s.event.id) for s in store.read()] == [
        (1, 1, "m0"),
        (2, 2, "m1"),
        (3, 3, "m2"),
    ]


def test_append_batches_rolls_back_on_any_exception(store: EventStore) -> None:
    def batches() -> Iterator[list[MeetingHeld]]:
        yield [meeting(1)]
        raise RuntimeError("the reader of the file failed")

    with pytest.raises(RuntimeError):
        store.append_batches(batches())
    assert store.head() == 0
    assert store.agencies() == []


# The command `opengov events import`, run in a child process whose batches announce themselves: before
# handing batch N to the store's transaction (``N`` = -1: after the last one, just before COMMIT) it prints
# ``inside N`` and waits there to be killed. So every kill lands inside the import's transaction, with N
# batches written and not committed, which a kill at a random moment cannot promise.
_KILLED_IMPORT = """
import sys, time
import opengov.store as module
stop, original = int(sys.argv[1]), module._batches
def batches(events, size):
    for number, batch in enumerate(original(events, size)):
        if number == stop:
            print(f"inside {number}", flush=True)
            time.sleep(600)
        yield batch
    if stop < 0:
        print("inside end", flush=True)
        time.sleep(600)
module._batches = batches
from opengov.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _store_at(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if kind == "sqlite":
        yield str(tmp_path / "events.db")
        return
    from _postgres import drop_schemas, new_schema

    url = request.getfixturevalue("postgres_url")
    schemas = [new_schema()]
    try:
        yield f"{url}{'&' if '?' in url else '?'}schema={schemas[0]}"
    finally:
        drop_schemas(url, schemas)


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where ``opengov events import --store`` writes: a SQLite file or a PostgreSQL URL with a new schema."""
    yield from _store_at(request.param, tmp_path, request)


@pytest.mark.parametrize(
    "stop", [0, 1, 7, -1], ids=["first-batch", "second-batch", "mid-file", "before-commit"]
)
def test_kill_9_during_an_import_leaves_nothing_of_the_file(
    store_location: str, tmp_path: Path, stop: int
) -> None:
    """``opengov events import`` killed with SIGKILL inside its transaction: the store holds exactly what it
    held before (readers meanwhile see no part of the file), is intact, and the same import run again
    stores the whole file after the old event, positions without a gap."""
    count, size = 600, 50
    path = write_file(tmp_path / "log.jsonl", [meeting(n, day=1 + n % 28) for n in range(count)])
    with open_store(store_location) as opened:
        opened.append([meeting(-1)])
    argv = ["events", "import", str(path), "--store", store_location, "--batch-size", str(size)]
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_IMPORT, str(stop), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        line = child.stdout.readline()
        assert line == f"inside {'end' if stop < 0 else stop}\n", child.stderr.read() if child.stderr else ""
        with open_store(store_location) as reader:  # while the import is held inside its transaction
            assert 1 == reader.head()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=60)
    assert -signal.SIGKILL == child.returncode
    if "://" not in store_location:
        with contextlib.closing(sqlite3.connect(store_location)) as db:
            assert [("ok",)] == db.execute("PRAGMA integrity_check").fetchall()
    with open_store(store_location) as opened:
        assert [("m-1", 1)] == [(s.event.id, s.position) for s in opened.read()]
        assert count == import_jsonl(opened, path, batch_size=size)
        assert list(range(1, count + 2)) == [s.position for s in opened.read()]
        assert 0 == import_jsonl(opened, path)  # and again: nothing new


# ---------------------------------------------------------------------------------------------------------
# 12.4 Text fields hold no control characters; 12.10 messages stay short and name the field.


def agency_line(name: str) -> str:
    return orjson.dumps(
        {"type": "agency_registered", "v": 1, "id": "r1", "agency": "a1", "at": "2024-01-01", "name": name}
    ).decode()


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9f"])
def test_a_control_character_in_text_is_refused_naming_field_and_line(char: str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_line(agency_line(f"局{char}"), line_no=7, source="log.jsonl")
    message = str(caught.value)
    assert message.startswith("log.jsonl:7 (event 'r1'):")
    assert "AgencyRegistered.name" in message
    assert f"U+{ord(char):04X}" in message


@pytest.mark.parametrize("text", ["局\t办公室", "第一行\n第二行", "全角　空格", "emoji 🙂"])
def test_tab_newline_and_other_text_are_kept(text: str) -> None:
    assert decode_line(agency_line(text)).name == text  # type: ignore[attr-defined]


def test_the_python_api_refuses_control_characters_too() -> None:
    with pytest.raises(EventValidationError, match=r"U\+0001"):
        AgencyRegistered(id="r1", agency="a1", at=dt.date(2024, 1, 1), name="局\x01")
    with pytest.raises(EventValidationError, match=r"MeetingHeld\.agency"):
        MeetingHeld(id="m1", agency="a1\x02", at=dt.date(2024, 1, 1))  # ids are text as well


def test_a_lone_surrogate_is_refused_too() -> None:
    """A Python string may hold a lone surrogate, which no UTF-8 store or file can: refused at the event,
    not a TypeError deep inside a store's append or a renderer."""
    with pytest.raises(
        EventValidationError, match=r"AgencyRegistered\.name .*lone surrogate U\+D800 at offset 1"
    ):
        AgencyRegistered(id="r1", agency="a1", at=dt.date(2024, 1, 1), name="局\ud800")
    with pytest.raises(EventValidationError, match=r"U\+DFFF"):
        MeetingHeld(id="m\udfff", agency="a1", at=dt.date(2024, 1, 1))


def test_one_huge_value_gives_a_short_message() -> None:
    """A 5 MB bad value is quoted as an excerpt that says how long it was."""
    huge = "x" * 5_000_000
    line = orjson.dumps(
        {"type": "training_held", "v": 1, "id": "t1", "agency": "a1", "at": "2024-01-01", "attendees": huge}
    )
    errors = validate_file([line])
    assert len(errors) == 1
    assert len(str(errors[0])) < 600
    assert "5000000 characters" in errors[0].reason


def test_one_huge_bad_text_gives_a_short_message() -> None:
    errors = validate_file([agency_line("\x01" * 3_000_000).encode()])
    assert len(str(errors[0])) < 600


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-12:00"])
def test_an_out_of_range_timestamp_names_the_field(at: str) -> None:
    line = agency_line("局").replace("2024-01-01", at)
    with pytest.raises(DecodeError) as caught:
        decode_line(line)
    assert "unknown error" not in str(caught.value)
    assert "at: the timestamp" in str(caught.value)


def test_the_values_offered_for_a_conclusion_leave_out_withdrawn() -> None:
    line = orjson.dumps(
        {
            "type": "application_concluded",
            "v": 1,
            "id": "c1",
            "agency": "a1",
            "at": "2024-01-01",
            "application_id": "A1",
            "disposition": "nonsense",
        }
    )
    with pytest.raises(DecodeError) as caught:
        decode_line(line)
    message = str(caught.value)
    assert "disclosed" in message
    assert "withdrawn" not in message


# ---------------------------------------------------------------------------------------------------------
# 12.5 Several processes opening one new store at once all wait their turn.


def _open_and_append(path: str, n: int, barrier: Any, results: Any) -> None:
    try:
        barrier.wait()
        with SQLiteStore(path, timeout=20) as opened:
            opened.append([meeting(n)])
        results.put("ok")
    except BaseException as exc:  # reported to the parent, which fails the test with it
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_creating_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    """8 processes open the same new file at the same instant, 12 rounds: none fails with 'locked'."""
    context = multiprocessing.get_context("fork")
    for round_ in range(12):
        path = str(tmp_path / f"new-{round_}.db")
        barrier = context.Barrier(8)
        results = context.Queue()
        workers = [
            context.Process(target=_open_and_append, args=(path, n, barrier, results)) for n in range(8)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes == ["ok"] * 8, f"round {round_}: {outcomes}"
        with SQLiteStore(path) as opened:
            assert opened.head() == 8


# ---------------------------------------------------------------------------------------------------------
# 12.8 An answer is judged only as far as the figure needs: no next-year calendar for a December answer.

LAST_YEAR_HELD = max(WorkingCalendar.default().years)


def december_application(answered: dt.date) -> list[Event]:
    year = LAST_YEAR_HELD
    return [
        AgencyRegistered(id="r", agency="a", at=dt.date(year, 1, 1), name="局"),
        ApplicationReceived(
            id="x1",
            agency="a",
            at=dt.date(year, 12, 21),
            application_id="A1",
            channel=ApplicationChannel.ONLINE,
            applicant=ApplicantKind.NATURAL_PERSON,
        ),
        ApplicationConcluded(
            id="x2", agency="a", at=answered, application_id="A1", disposition=Disposition.DISCLOSED
        ),
    ]


def test_a_december_answer_is_judged_without_next_years_calendar() -> None:
    """Received 21 Dec, answered 23 Dec of the calendar's last year: 2 working days, on time, whatever
    next year's holidays; the due date (in that next year) is an estimate and marked so."""
    log = december_application(dt.date(LAST_YEAR_HELD, 12, 23))
    result = assess(log[1:], WorkingCalendar.default())
    assert (result.status, result.working_days_taken) == (Status.ON_TIME, 2)
    assert result.due_date.year == LAST_YEAR_HELD + 1
    assert result.estimated
    facts = fold_facts(log, Period.year(LAST_YEAR_HELD))["a"]
    assert (facts.concluded_on_time, facts.concluded_late, facts.concluded_extended) == (1, 0, 0)
    for fmt in ("gov2008", "gov2021"):
        build_table(log, year=LAST_YEAR_HELD, format=fmt)  # no CalendarDataMissingError


def test_an_answer_in_the_missing_year_is_still_undecidable() -> None:
    log = december_application(dt.date(LAST_YEAR_HELD + 1, 1, 5))
    with pytest.raises(CalendarDataMissingError) as caught:
        assess(log[1:], WorkingCalendar.default())
    assert caught.value.year == LAST_YEAR_HELD + 1


def test_an_open_application_still_needs_the_calendar_for_its_due_date() -> None:
    with pytest.raises(CalendarDataMissingError):
        assess(december_application(dt.date(LAST_YEAR_HELD, 12, 23))[1:2], WorkingCalendar.default())


def test_the_dependency_floor_covers_the_years_the_docs_claim() -> None:
    """pyproject's chinesecalendar floor is a release holding every year up to the one the docs name."""
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"chinesecalendar>=1.11' in text  # 1.10.0's data ends in 2025; 1.11.0's holds 2026
    assert LAST_YEAR_HELD >= 2026


# ---------------------------------------------------------------------------------------------------------
# The probe's bad-input corpus through every command that reads an event file: a clean refusal naming the
# file and line, never a traceback or an internal error, no output file and no store left behind.

_READERS = {
    "validate": ["events", "validate", "{log}"],
    "import": ["events", "import", "{log}", "--store", "{dir}/new.db"],
    "export": ["events", "export", "{log}", "-o", "{dir}/out.jsonl"],
    "table": ["table", "{log}", "--year", "2018", "-o", "{dir}/out.txt"],
    "report": ["report", "{log}", "--year", "2018", "--to", "docx", "-o", "{dir}/out.docx"],
    "due": ["due", "{log}", "--as-of", "2018-12-31", "-o", "{dir}/out.txt"],
    "rollup": [
        "rollup",
        "{log}",
        "--year",
        "2018",
        "--as-of",
        "2018-12-31",
        "--to",
        "html",
        "-o",
        "{dir}/o.html",
    ],
}


@pytest.mark.parametrize("command", sorted(_READERS))
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_the_bad_input_corpus_through_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: str
) -> None:
    """Each bad file of the corpus: ``validate`` reports it (exit 1), every other command refuses it
    (exit 2), naming ``FILE:LINE``, in a few lines; nothing is written."""
    from opengov.cli import main

    content, line, _ = BAD_INPUTS[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    log = inputs / "log.jsonl"
    log.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    argv = [part.format(log=log, dir=out) for part in _READERS[command]]
    status = main(argv)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert (1 if command == "validate" else 2) == status, said
    assert f"{log}:{line}" in said
    assert ("Traceback" not in said, "internal error" not in said) == (True, True), said
    assert len(said) < 2000
    assert [] == list(out.iterdir())


def test_a_long_value_with_no_size_is_quoted_without_inventing_one() -> None:
    """A datetime given for a date is cut like any long value, and not called "a datetime of 104 items"."""
    beijing = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
    moment = dt.datetime(2024, 12, 31, 23, 59, 59, 999_999, tzinfo=beijing)
    with pytest.raises(EventValidationError) as refused:
        ReportFiled(
            id="f1",
            agency="a1",
            at=dt.date(2025, 1, 20),
            period_start=dt.date(2024, 1, 1),
            period_end=moment,
            report_format="gov2021",
            position=0,
            cells=(FiledCell(row="r", column="c", value="1"),),
        )
    message = str(refused.value)
    assert "ReportFiled.period_end" in message
    assert f"(a datetime, {len(repr(moment))} characters written out)" in message
    assert "items" not in message
