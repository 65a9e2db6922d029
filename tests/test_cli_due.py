"""``opengov due``: the open applications of a day as a text table or a JSON document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from opengov import cli
from opengov import events as ev
from opengov.codec import write_events
from opengov.events import Event
from opengov.store import SQLiteStore

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shifan-zrzyj-2024-2025.jsonl"


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENGOV_STORE", raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``opengov argv``: its exit status, standard output and standard error."""
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def received(app: str, day: dt.date, agency: str = "a1") -> ev.ApplicationReceived:
    return ev.ApplicationReceived(
        id=f"r-{agency}-{app}",
        agency=agency,
        at=day,
        application_id=app,
        channel=ev.ApplicationChannel.ONLINE,
        applicant=ev.ApplicantKind.NATURAL_PERSON,
    )


def sample() -> list[Event]:
    return [
        received("2024-001", dt.date(2024, 3, 1)),
        received("2024-002", dt.date(2024, 4, 30)),
        received("2024-003", dt.date(2024, 3, 4)),
        ev.CorrectionRequested(id="n", agency="a1", at=dt.date(2024, 3, 5), application_id="2024-003"),
        received("2024-004", dt.date(2024, 3, 5)),
        ev.ApplicationConcluded(
            id="c",
            agency="a1",
            at=dt.date(2024, 3, 6),
            application_id="2024-004",
            disposition=ev.Disposition.DISCLOSED,
        ),
    ]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.jsonl"
    write_events(sample(), path)
    return path


def test_text_output_is_a_table_most_urgent_first_with_a_summary(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text table lists the overdue application first, the one waiting for correction last: no due date
    or days left, the day its notice of 5 March lapsed (15 working days: 26 March), the lapse a finding."""
    status, out, err = run(["due", str(log), "--as-of", "2024-05-06"], capsys)
    expected = """\
Open applications of agency a1 as of 2024-05-06, most urgent first

application  received    due         extended to  days left  status                                     waiting on  findings
-----------  ----------  ----------  -----------  ---------  -----------------------------------------  ----------  -------------------------
2024-001     2024-03-01  2024-03-29  -                  -23  overdue                                    -           -
2024-002     2024-04-30  2024-05-30  -                   19  open                                       -           -
2024-003     2024-03-04  -           -                    -  waiting for correction, lapsed 2024-03-26  correction  correction_window_expired

3 open, 1 overdue, 1 waiting on the applicant
"""  # noqa: E501
    assert (0, expected, "") == (status, out, err)


def test_json_output_has_the_documented_keys(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--to json gives the counts and one object per open application, dates as ISO strings."""
    status, out, _ = run(["due", str(log), "--as-of", "2024-05-06", "--agency", "a1", "--to", "json"], capsys)
    document: dict[str, Any] = json.loads(out)
    assert 0 == status
    assert {
        "agency": "a1",
        "as_of": "2024-05-06",
        "within": None,
        "open": 3,
        "overdue": 1,
        "waiting_on_applicant": 1,
    } == {k: v for k, v in document.items() if k != "applications"}
    assert {
        "application_id": "2024-001",
        "agency": "a1",
        "receipt": "2024-03-01",
        "regulation": "2019",
        "due_date": "2024-03-29",
        "extended_due_date": None,
        "deadline": "2024-03-29",
        "working_days_left": -23,
        "status": "overdue",
        "correction_lapses": None,
        "waiting_on": [],
        "estimated": False,
        "estimated_fields": [],
        "findings": [],
    } == document["applications"][0]
    assert ["2024-001", "2024-002", "2024-003"] == [a["application_id"] for a in document["applications"]]
    assert (["correction"], "2024-03-26", None) == (
        document["applications"][2]["waiting_on"],
        document["applications"][2]["correction_lapses"],
        document["applications"][2]["due_date"],
    )


def test_no_open_application(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before the first receipt there is nothing open: a title and the summary line."""
    expected = (
        0,
        "Open applications of agency a1 as of 2024-01-02, most urgent first\n\n"
        "0 open, 0 overdue, 0 waiting on the applicant\n",
        "",
    )
    assert expected == run(["due", str(log), "--as-of", "2024-01-02"], capsys)


def test_a_store_is_a_source_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same events read from a SQLite store give the same output as from the file."""
    store_path = tmp_path / "events.db"
    with SQLiteStore(store_path) as store:
        store.append(sample())
    jsonl = tmp_path / "log.jsonl"
    write_events(sample(), jsonl)
    from_store = run(["due", str(store_path), "--as-of", "2024-05-06", "--to", "json"], capsys)
    from_file = run(["due", str(jsonl), "--as-of", "2024-05-06", "--to", "json"], capsys)
    assert from_file == from_store


def test_the_example_log_at_the_year_end(capsys: pytest.CaptureFixture[str]) -> None:
    """The 示范市自然资源局 example has two applications open on 2025-12-31."""
    status, out, _ = run(["due", str(EXAMPLE), "--as-of", "2025-12-31"], capsys)
    assert (0, "2 open, 0 overdue, 0 waiting on the applicant") == (status, out.splitlines()[-1])


def test_as_of_is_required(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """There is no clock: leaving out --as-of is a usage error (exit 2)."""
    status, _, err = run(["due", str(log)], capsys)
    assert (2, True) == (status, "--as-of" in err)


def test_a_bad_date_is_a_usage_error(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of must be YYYY-MM-DD."""
    status, _, err = run(["due", str(log), "--as-of", "2024-13-01"], capsys)
    assert (2, True) == (status, "is not a date; write it as YYYY-MM-DD" in err)


def test_several_agencies_need_agency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A source with two agencies and no --agency is a one-line error naming them."""
    path = tmp_path / "two.jsonl"
    write_events([received("A", dt.date(2024, 3, 1), "a1"), received("A", dt.date(2024, 3, 1), "a2")], path)
    expected = (
        2,
        "",
        f"opengov: error: {path} holds events of 2 agencies ('a1', 'a2'); choose one with --agency\n",
    )
    assert expected == run(["due", str(path), "--as-of", "2024-05-06"], capsys)
    status, out, _ = run(["due", str(path), "--as-of", "2024-05-06", "--agency", "a2"], capsys)
    assert (0, "1 open, 1 overdue, 0 waiting on the applicant") == (status, out.splitlines()[-1])


def test_an_unknown_agency_is_an_error(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --agency is reported, not answered with an empty ledger."""
    expected = (2, "", f"opengov: error: {log} holds no events of agency 'a9' (agencies in it: 'a1')\n")
    assert expected == run(["due", str(log), "--as-of", "2024-05-06", "--agency", "a9"], capsys)


def test_a_missing_source_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing SOURCE names the file."""
    missing = tmp_path / "missing.jsonl"
    expected = (2, "", f"opengov: error: {missing}: No such file or directory\n")
    assert expected == run(["due", str(missing), "--as-of", "2024-05-06"], capsys)


def test_estimate_marks_guessed_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A deadline in a year without data is an error, or with --estimate a marked guess."""
    path = tmp_path / "late.jsonl"
    write_events([received("A", dt.date(2026, 12, 21))], path)
    status, _, err = run(["due", str(path), "--as-of", "2026-12-31"], capsys)
    assert (2, True) == (status, "no working-day data for 2027" in err)
    status, out, _ = run(["due", str(path), "--as-of", "2026-12-31", "--estimate"], capsys)
    assert 0 == status
    assert "2027-01-18*" in out  # 2027-01-01 guessed a working day
    assert "* estimated: counted through a year without official calendar data" in out


def test_calendar_file_supplies_a_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--calendar FILE adds the years the bundled calendar lacks."""
    path = tmp_path / "late.jsonl"
    write_events([received("A", dt.date(2026, 12, 21))], path)
    calendar = tmp_path / "calendar.json"
    calendar.write_text('{"years": [{"year": 2027, "holidays": ["2027-01-01"]}]}', encoding="utf-8")
    status, out, _ = run(
        ["due", str(path), "--as-of", "2026-12-31", "--calendar", str(calendar), "--to", "json"], capsys
    )
    assert (0, "2027-01-19", False) == (
        status,
        json.loads(out)["applications"][0]["due_date"],
        json.loads(out)["applications"][0]["estimated"],
    )


def test_within_lists_the_applications_due_soon(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--within N keeps the applications due within N working days and the overdue ones, not the ones
    waiting on the applicant (their clock is stopped), and says so in the title."""
    _, full, _ = run(["due", str(log), "--as-of", "2024-05-06", "--to", "json"], capsys)
    status, out, _ = run(["due", str(log), "--as-of", "2024-05-06", "--to", "json", "--within", "5"], capsys)
    expected = sorted(
        a["application_id"]
        for a in json.loads(full)["applications"]
        if a["status"] != "waiting_on_applicant" and a["working_days_left"] <= 5
    )
    document = json.loads(out)
    assert (0, 5, expected) == (
        status,
        document["within"],
        sorted(a["application_id"] for a in document["applications"]),
    )
    assert 0 < len(expected) < len(json.loads(full)["applications"])
    _, text, _ = run(["due", str(log), "--as-of", "2024-05-06", "--within", "5"], capsys)
    assert "due within 5 working days or overdue" in text.splitlines()[0]


def test_within_must_not_be_negative(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--within -1 is a usage error."""
    status, _, err = run(["due", str(log), "--as-of", "2024-05-06", "--within", "-1"], capsys)
    assert (2, True) == (status, "must be 0 or more" in err)
