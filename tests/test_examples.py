"""The example logs: up to date with their builder, valid, and reproducing what they promise."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from opengov import encode_line, load_events, validate_file

EXAMPLES = Path(__file__).parents[1] / "examples"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("name", "builder"), [("wuzhong-kjj-2018.jsonl", "wuzhong"), ("shifan-zrzyj-2024-2025.jsonl", "shifan")]
)
def test_example_file_is_up_to_date(name: str, builder: str) -> None:
    """Each committed example log is exactly what examples/build_examples.py writes (run it to refresh)."""
    expected = [encode_line(event) for event in getattr(_builder(), builder)()]
    actual = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    assert expected == actual


@pytest.mark.parametrize("name", ["wuzhong-kjj-2018.jsonl", "shifan-zrzyj-2024-2025.jsonl"])
def test_example_file_is_valid(name: str) -> None:
    """Every line of each example log is a valid event."""
    expected: list[object] = []
    assert expected == validate_file(EXAMPLES / name)


def test_current_format_example_covers_what_it_promises() -> None:
    """The 2024–2025 example has every applicant kind, many dispositions, corrections and extensions."""
    from opengov import events as ev

    log = load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    kinds = {e.applicant for e in log if isinstance(e, ev.ApplicationReceived)}
    dispositions = {e.disposition for e in log if isinstance(e, ev.ApplicationConcluded)}
    steps = {type(e) for e in log} & {
        ev.CorrectionRequested,
        ev.DeadlineExtended,
        ev.ConsultationStarted,
        ev.FeePaid,
        ev.ApplicationWithdrawn,
        ev.ReconsiderationDecided,
        ev.LawsuitDecided,
    }
    expected = (set(ev.ApplicantKind), True, 7)
    assert expected == (kinds, len(dispositions) >= 10, len(steps))
