"""The commands that only fold a log read it through the fast read path (wire records, never the attrs
events of every line), and print what they printed when they read the events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import opengov.sources
from opengov.cli import main

SHIFAN = Path(__file__).parents[1] / "examples" / "shifan-zrzyj-2024-2025.jsonl"


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("the command read the events through the codec")


def _both_ways(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """``main(argv)`` run first with ``read_records`` made to read events through the codec (as the
    commands read their SOURCE before), then with ``read_events`` refused: each run's exit status, standard
    output and standard error."""
    with monkeypatch.context() as patched:
        patched.setattr(opengov.sources, "read_records", opengov.sources.read_events)
        status = main(argv)
    through_the_codec = (status, *capsys.readouterr())
    monkeypatch.setattr(opengov.sources, "read_events", _refused)
    status = main(argv)
    return through_the_codec, (status, *capsys.readouterr())


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "--year", "2025", "--to", "json"],
        ["table", "--year", "2024", "--agency", "sf-zrzyj"],
        ["due", "--as-of", "2025-03-31", "--to", "json"],
        ["due", "--as-of", "2025-03-31", "--agency", "sf-zrzyj"],
        ["rollup", "--year", "2025", "--as-of", "2025-12-31", "--to", "csv"],
        ["report", "--year", "2025", "--to", "md"],
        ["report", "--year", "2025", "--to", "md", "--previous-year"],
        ["report", "--year", "2025", "--to", "md", "--agency", "sf-zrzyj"],
        ["events", "agencies", "--to", "json"],
    ],
    ids=[
        "table",
        "table-agency",
        "due",
        "due-agency",
        "rollup",
        "report",
        "report-previous-year",
        "report-agency",
        "agencies",
    ],
)
def test_a_folding_command_reads_wire_records(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``read_events`` refused, the command still runs, and prints what it prints when it reads
    the events through the codec (``read_records`` made to read them so)."""
    at = 2 if argv[0] == "events" else 1  # SOURCE after the command (and its subcommand)
    expected, actual = _both_ways([*argv[:at], str(SHIFAN), *argv[at:]], monkeypatch, capsys)
    assert expected == actual
    assert (0, True) == (actual[0], len(actual[1]) > 100)


@pytest.fixture
def filed_log(tmp_path: Path) -> Path:
    """The 2024-2025 example log with its 2024 report filed, and events logged after the filing that
    revise the filed figures: a late-logged 2024 application and a correction of a 2024 meeting."""
    import attrs

    from opengov.codec import encode_line, iter_events
    from opengov.events import EventCorrected, MeetingHeld

    log = tmp_path / "filed.jsonl"
    log.write_bytes(SHIFAN.read_bytes())
    report = tmp_path / "r.md"
    assert 0 == main(
        ["report", str(log), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-o", str(report)]
    )
    events = list(iter_events(log))
    meeting = next(e for e in events if e.TAG == "meeting_held" and e.day.year == 2024)
    receipt = next(e for e in events if e.TAG == "application_received" and e.day.year == 2024)
    late = [
        attrs.evolve(receipt, id="late-1", application_id="late-application"),
        EventCorrected(
            id="fix-1",
            agency=meeting.agency,
            at=meeting.at,
            corrects=meeting.id,
            replacement=MeetingHeld(id=meeting.id, agency=meeting.agency, at=meeting.at, title="改期"),
        ),
    ]
    with log.open("a", encoding="utf-8") as handle:
        handle.writelines(encode_line(e) + "\n" for e in late)
    return log


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "--year", "2024", "--to", "json"],
        ["table", "--year", "2024", "--as-computed", "--to", "json"],
        ["report", "--year", "2024", "--to", "md"],
        ["revisions", "--year", "2024", "--to", "json"],
        ["due", "--as-of", "2024-12-31", "--to", "json"],
    ],
    ids=["table", "table-as-computed", "report", "revisions", "due"],
)
def test_a_filed_and_corrected_log_reads_alike(
    argv: list[str], filed_log: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a filing, revisions and a correction in the log, a command reading wire records prints what it
    printed reading events, revisions and their causes included."""
    expected, actual = _both_ways([argv[0], str(filed_log), *argv[1:]], monkeypatch, capsys)
    assert expected == actual
    assert actual[0] == (1 if argv[0] == "revisions" else 0)  # 1: the filed figures are revised
    if argv[0] == "revisions":
        assert ("late-1", "fix-1") == tuple(c["id"] for c in json.loads(actual[1])["causes"])
        assert json.loads(actual[1])["revisions"]


def test_a_report_filed_from_wire_records_is_the_one_filed_from_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``report --file`` appends the same ``ReportFiled`` event (its position, its 200 figures) whether it
    read wire records or events."""
    logs = [tmp_path / "from-events.jsonl", tmp_path / "from-records.jsonl"]
    for log in logs:
        log.write_bytes(SHIFAN.read_bytes())
    argv = ["--year", "2024", "--file", "--filed-on", "2025-01-20", "-o", str(tmp_path / "r.md")]
    with monkeypatch.context() as patched:
        patched.setattr(opengov.sources, "read_records", opengov.sources.read_events)
        assert 0 == main(["report", str(logs[0]), *argv])
    monkeypatch.setattr(opengov.sources, "read_events", _refused)
    assert 0 == main(["report", str(logs[1]), *argv])
    filed = [log.read_bytes() for log in logs]
    assert filed[0] == filed[1]
    assert b'"type":"report_filed"' in filed[1].splitlines()[-1]


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "--year", "2025", "--to", "json"],
        ["due", "--as-of", "2025-03-31", "--to", "json"],
        ["report", "--year", "2025", "--to", "md"],
        ["rollup", "--year", "2025", "--as-of", "2025-12-31", "--to", "csv"],
    ],
    ids=["table", "due", "report", "rollup"],
)
def test_a_store_is_read_as_wire_records_too(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """From a SQLite store (no ``--agency``, so no kept projection answers), the commands read the store's
    pages as wire records and print what they print reading its events."""
    store = tmp_path / "log.db"
    assert 0 == main(["events", "import", str(SHIFAN), "--store", str(store)])
    capsys.readouterr()
    expected, actual = _both_ways([argv[0], str(store), *argv[1:]], monkeypatch, capsys)
    assert expected == actual
    assert (0, True) == (actual[0], len(actual[1]) > 100)
