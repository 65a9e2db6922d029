"""``opengov report --file``, ``table``/``report`` of a filed year, ``--as-computed`` and ``revisions``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from opengov.cli import main
from opengov.codec import encode_line, load_events
from opengov.events import Event, FiledPeriodPolicy, FiledPeriodPolicyDeclared
from opengov.store import open_store
from strategies import concluded, received

LOG_2024 = [
    received("A1", dt.date(2024, 3, 4)),
    concluded("A1", dt.date(2024, 3, 8)),
    received("A2", dt.date(2024, 12, 23)),
]
LATE = received("A3", dt.date(2024, 12, 27))


def _write(path: Path, events: list[Event]) -> Path:
    path.write_text("".join(encode_line(e) + "\n" for e in events), encoding="utf-8")
    return path


def _append(path: Path, *events: Event) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(encode_line(e) + "\n" for e in events)


def _new_total(output: str) -> int:
    data = json.loads(output)
    cells = next(t for t in data["tables"] if t["key"] == "applications")["cells"]
    value: int = next(c["value"] for c in cells if c["row"] == "applications.new" and c["column"] == "total")
    return value


def test_report_file_appends_a_filing_to_an_event_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --file --filed-on appends one report_filed event with the report's figures to the file."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 0 == main(["report", str(log), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    events = load_events(log)
    expected = (4, "report_filed", dt.date(2025, 1, 20), 3)
    assert expected == (len(events), events[-1].TAG, events[-1].at, events[-1].position)  # type: ignore[attr-defined]


def test_report_file_needs_the_filing_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--file without --filed-on is a usage error (opengov reads no clock) and appends nothing."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 2 == main(["report", str(log), "--year", "2024", "--file"])
    assert "--filed-on" in capsys.readouterr().err
    assert 3 == len(load_events(log))


def test_a_filed_year_shows_filed_figures_says_revisions_exist_and_as_computed_recomputes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a late application, table shows the filed 2, notes the revisions; --as-computed shows 3."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 0 == main(["report", str(log), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    capsys.readouterr()
    _append(log, LATE)
    assert 0 == main(["table", str(log), "--year", "2024", "--to", "json"])
    captured = capsys.readouterr()
    assert 2 == _new_total(captured.out)
    assert "filed" in captured.err
    assert "revisions" in captured.err
    assert 0 == main(["table", str(log), "--year", "2024", "--to", "json", "--as-computed"])
    assert 3 == _new_total(capsys.readouterr().out)


def test_revisions_lists_cells_and_causes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """opengov revisions prints each differing cell and the late event; exit status 1."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 0 == main(["report", str(log), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    capsys.readouterr()
    _append(log, LATE)
    assert 1 == main(["revisions", str(log), "--year", "2024", "--to", "json"])
    data = json.loads(capsys.readouterr().out)
    totals = [(r["row"], r["filed"], r["computed"]) for r in data["revisions"] if r["column"] == "total"]
    expected = ([("applications.new", 2, 3), ("applications.carried_forward", 1, 2)], ["r-a1-A3"])
    assert expected == (totals, [c["id"] for c in data["causes"]])


def test_revisions_of_an_unfiled_year_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A year never filed has nothing to revise: a note, exit status 0."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 0 == main(["revisions", str(log), "--year", "2024"])
    assert "not filed" in capsys.readouterr().err


def test_report_file_into_a_store_and_the_refuse_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Filing into a store appends to it; under the refuse policy a late import fails, naming both."""
    store = tmp_path / "log.sqlite"
    assert 0 == main(
        ["events", "import", str(_write(tmp_path / "a.jsonl", LOG_2024)), "--store", str(store), "-q"]
    )
    assert 0 == main(["report", str(store), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    policy = FiledPeriodPolicyDeclared(
        id="p1", agency="a1", at=dt.date(2025, 1, 20), policy=FiledPeriodPolicy.REFUSE
    )
    assert 0 == main(
        ["events", "import", str(_write(tmp_path / "b.jsonl", [policy])), "--store", str(store), "-q"]
    )
    capsys.readouterr()
    assert 2 == main(["events", "import", str(_write(tmp_path / "c.jsonl", [LATE])), "--store", str(store)])
    err = capsys.readouterr().err
    assert "'r-a1-A3'" in err
    assert "'a1:filed:2024:3'" in err
    with open_store(store, create=False) as opened:
        assert 5 == opened.head()


def test_the_next_report_carries_over_the_filed_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2025 report's findings say its 上年结转 is the filed one."""
    log = _write(tmp_path / "log.jsonl", LOG_2024)
    assert 0 == main(["report", str(log), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    _append(log, LATE, concluded("A2", dt.date(2025, 1, 6)))
    capsys.readouterr()
    assert 0 == main(["report", str(log), "--year", "2025", "--to", "json"])
    captured = capsys.readouterr()
    assert "a1:filed:2024:3" in captured.err
    assert "上年结转" in captured.err


def test_a_store_table_of_one_agency_shows_the_filed_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """table STORE --agency (the kept-projection path) also shows a filed year's filed figures."""
    store = tmp_path / "log.sqlite"
    source = _write(tmp_path / "a.jsonl", LOG_2024)
    assert 0 == main(["events", "import", str(source), "--store", str(store), "-q"])
    assert 0 == main(["projections", "rebuild", str(store), "--year", "2024", "--year", "2025", "-q"])
    assert 0 == main(["report", str(store), "--year", "2024", "--file", "--filed-on", "2025-01-20", "-q"])
    late = _write(tmp_path / "b.jsonl", [LATE])
    assert 0 == main(["events", "import", str(late), "--store", str(store), "-q"])
    capsys.readouterr()
    assert 0 == main(["table", str(store), "--agency", "a1", "--year", "2024", "--to", "json", "-q"])
    assert 2 == _new_total(capsys.readouterr().out)
    assert 0 == main(["table", str(store), "--agency", "a1", "--year", "2025", "--to", "json", "-q"])
    assert 1 == _new_total(capsys.readouterr().out)  # the late application, counted in 2025's 本年新收
