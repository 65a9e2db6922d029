"""The commands that only fold a log read it through the fast read path (wire records, never the attrs
events of every line), and print what they printed when they read the events."""

from __future__ import annotations

from pathlib import Path

import pytest

import opengov.sources
from opengov.cli import main

SHIFAN = Path(__file__).parents[1] / "examples" / "shifan-zrzyj-2024-2025.jsonl"


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "--year", "2025", "--to", "json"],
        ["table", "--year", "2024", "--agency", "sf-zrzyj"],
        ["due", "--as-of", "2025-03-31", "--to", "json"],
        ["due", "--as-of", "2025-03-31", "--agency", "sf-zrzyj"],
        ["rollup", "--year", "2025", "--as-of", "2025-12-31", "--to", "csv"],
    ],
    ids=["table", "table-agency", "due", "due-agency", "rollup"],
)
def test_a_folding_command_reads_wire_records(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With ``read_events`` refused, the command still runs, and prints what it prints when it reads
    the events through the codec (``read_records`` made to read them so)."""
    argv = [argv[0], str(SHIFAN), *argv[1:]]
    with monkeypatch.context() as patched:  # the events through the codec, as the commands read them before
        patched.setattr(opengov.sources, "read_records", opengov.sources.read_events)
        assert 0 == main(argv)
    expected = capsys.readouterr().out

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{argv[0]} read the events through the codec")

    monkeypatch.setattr(opengov.sources, "read_events", refused)
    assert 0 == main(argv)
    assert expected == capsys.readouterr().out
    assert len(expected) > 200
