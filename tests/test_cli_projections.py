"""``opengov projections``, and ``table``/``due`` reading a store's kept projections, as the file would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _postgres import drop_schemas, new_schema
from opengov.cli import main
from opengov.codec import load_events
from opengov.events import ApplicationReceived, Event
from opengov.store import open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIFAN = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"
SEED = EXAMPLES / "wuzhong-kjj-2018.jsonl"
AGENCY = load_events(SHIFAN)[0].agency


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store (a SQLite path or a PostgreSQL URL) holding both example logs."""
    if request.param == "sqlite":
        target = str(tmp_path / "events.db")
        with open_store(target) as opened:
            opened.append(load_events(SEED))
            opened.append(load_events(SHIFAN))
        yield target
        return
    url = request.getfixturevalue("postgres_url")
    schemas = [new_schema()]
    target = f"{url}&schema={schemas[0]}"
    with open_store(target) as opened:
        opened.append(load_events(SEED))
        opened.append(load_events(SHIFAN))
    try:
        yield target
    finally:
        drop_schemas(url, schemas)


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert 0 == main(list(args))
    return capsys.readouterr().out


def kept(store: str) -> list[str]:
    """The names of the agency's kept states in the store."""
    from opengov.fold import Period
    from opengov.projections import facts_projection, ledger_projection

    names = {"ledger": ledger_projection().key, "facts-2025": facts_projection(Period.year(2025)).key}
    with open_store(store) as opened:
        return sorted(n for n, key in names.items() if opened.load_checkpoint(f"{key}/agency/{AGENCY}"))


def late_application(n: int) -> ApplicationReceived:
    events = load_events(SHIFAN)
    template = next(e for e in events if isinstance(e, ApplicationReceived))
    import attrs

    return attrs.evolve(template, id=f"late-{n}", application_id=f"late-{n}", at=dt.date(2025, 12, 30))


def test_table_from_kept_facts_equals_the_file(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    """table on a store with --agency keeps the agency's facts, and prints what the file gives, also after
    more events arrive."""
    args = ["--agency", AGENCY, "--year", "2025", "--to", "json"]
    from_file = output(capsys, "table", str(SHIFAN), *args)
    first = output(capsys, "table", store, *args)
    saved = kept(store)
    with open_store(store) as opened:
        opened.append([late_application(1)])
    after_file = tmp_log([*load_events(SHIFAN), late_application(1)], capsys)
    second = output(capsys, "table", store, *args)
    assert (from_file, ["facts-2025"], after_file) == (first, saved, second)
    assert from_file != after_file


def tmp_log(events: list[Event], capsys: pytest.CaptureFixture[str]) -> str:
    import tempfile

    from opengov.codec import write_events

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.jsonl"
        write_events(events, path)
        return output(capsys, "table", str(path), "--agency", AGENCY, "--year", "2025", "--to", "json")


def test_due_from_kept_ledger_equals_the_file(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    """due on a store with --agency reads the kept ledger and prints what the file gives."""
    args = ["--agency", AGENCY, "--as-of", "2026-01-05", "--to", "json"]
    from_file = output(capsys, "due", str(SHIFAN), *args)
    from_store = output(capsys, "due", store, *args)
    assert (from_file, ["ledger"]) == (from_store, [n for n in kept(store) if n == "ledger"])


def test_due_before_the_last_event_folds_the_stream(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A day before the agency's last event cannot be read from the kept ledger: the stream is folded."""
    args = ["--agency", AGENCY, "--as-of", "2024-06-30", "--to", "json"]
    assert output(capsys, "due", str(SHIFAN), *args) == output(capsys, "due", store, *args)


def test_rebuild_and_follow(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    """projections rebuild keeps every projection; follow --wait catches up and ends when quiet."""
    assert 0 == main(["projections", "rebuild", store, "--year", "2025"])
    rebuilt = kept(store)
    with open_store(store) as opened:
        opened.append([late_application(2)])
    assert 0 == main(["projections", "follow", store, "--year", "2025", "--wait", "0.2"])
    with open_store(store) as opened:
        from opengov.projections import ProjectionRunner, ledger_projection

        position = ProjectionRunner(opened, ledger_projection()).position()
        head = opened.head()
    assert (["facts-2025", "ledger"], head) == (rebuilt, position)


@pytest.mark.parametrize(
    ("log", "year", "extra"),
    [(SHIFAN, "2025", ["--previous-year"]), (SHIFAN, "2024", []), (SEED, "2018", ["--to", "md"])],
)
def test_report_from_kept_projections_equals_the_file(
    store: str, capsys: pytest.CaptureFixture[str], log: Path, year: str, extra: list[str]
) -> None:
    """report on a store with --agency builds from the kept facts and outline, and writes what the file
    gives (last year's figures, narratives in the order written, the fill-in day), also after more
    events arrive."""
    from opengov.projections import outline_projection

    agency = load_events(log)[0].agency
    args = ["--agency", agency, "--year", year, "--to", "json", *extra]
    from_file = output(capsys, "report", str(log), *args)
    first = output(capsys, "report", store, *args)
    with open_store(store) as opened:
        outline = opened.load_checkpoint(f"{outline_projection().key}/agency/{agency}")
    assert (from_file, True) == (first, outline is not None)
    if log == SHIFAN:
        with open_store(store) as opened:
            opened.append([late_application(3)])
        import tempfile

        from opengov.codec import write_events

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "log.jsonl"
            write_events([*load_events(SHIFAN), late_application(3)], path)
            after_file = output(capsys, "report", str(path), *args)
        assert after_file == output(capsys, "report", store, *args)


def test_a_log_that_corrects_itself_or_is_filed_reads_as_the_file(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kept facts cannot follow a retraction (it changes an event already folded) nor a filing (a filed
    year shows its filed figures): after either, table and report on a store give what the file gives."""
    import tempfile

    from opengov.codec import write_events
    from opengov.events import EventRetracted
    from opengov.filing import file_report

    shifan = load_events(SHIFAN)
    table = ["--agency", AGENCY, "--year", "2025", "--to", "json"]
    report = ["--agency", AGENCY, "--year", "2025", "--to", "json"]
    output(capsys, "table", store, *table)  # the kept states exist before the log changes
    output(capsys, "report", store, *report)
    received = next(e for e in shifan if isinstance(e, ApplicationReceived) and e.day.year == 2025)
    retraction = EventRetracted(id="r-1", agency=AGENCY, at=dt.date(2025, 12, 31), retracts=received.id)
    filing = file_report(shifan, agency=AGENCY, year=2024, at=dt.date(2025, 1, 20), id="filed-2024")
    for added in ([retraction], [filing]):
        with open_store(store) as opened:
            opened.append(added)
        shifan = [*shifan, *added]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "log.jsonl"
            write_events(shifan, path)
            expected = (
                output(capsys, "table", str(path), *table),
                output(capsys, "report", str(path), *report),
            )
        assert expected == (output(capsys, "table", store, *table), output(capsys, "report", store, *report))


def test_follow_folds_an_event_committed_while_it_was_catching_up(
    store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event committed after the follower's reading and before it waits is folded, not left for the
    next commit: follow --wait ends with the kept projections at the head. Each note names the position
    the projections hold, not the head (which the event committed in between had moved on)."""
    import opengov.projections as projections

    real = projections.run_together
    appended: list[int] = []

    def and_then_one_more(runners: Any, **kwargs: Any) -> list[int]:
        folded = real(runners, **kwargs)
        if not appended:  # once, right after the first catch-up
            with open_store(store) as opened:
                appended.append(opened.append([late_application(3)]).head)
        return folded

    monkeypatch.setattr(projections, "run_together", and_then_one_more)
    capsys.readouterr()
    assert 0 == main(["projections", "follow", store, "--year", "2025", "--wait", "0.2"])
    notes = [line for line in capsys.readouterr().err.splitlines() if "current at position" in line]
    assert [line.rsplit(" ", 1)[1] for line in notes] == [str(appended[0] - 1), str(appended[0])]
    with open_store(store) as opened:
        from opengov.projections import ProjectionRunner, ledger_projection

        assert (appended[0], opened.head()) == (ProjectionRunner(opened, ledger_projection()).position(),) * 2
