"""Corrections and retractions read by every fold of a whole log: facts, tables, the ledger and ``due``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from opengov.cli import main
from opengov.codec import write_events
from opengov.events import EventCorrected, EventRetracted
from opengov.fold import Period, fold_facts
from opengov.ledger import build_ledger
from strategies import received

AS_OF = dt.date(2024, 3, 20)
LOG = [received("A1", dt.date(2024, 3, 1)), received("A2", dt.date(2024, 3, 4))]
RETRACT_A1 = EventRetracted(id="k1", agency="a1", at=dt.date(2024, 3, 10), retracts="r-a1-A1")
MOVE_A2 = EventCorrected(
    id="k2",
    agency="a1",
    at=dt.date(2024, 3, 10),
    corrects="r-a1-A2",
    replacement=received("A2", dt.date(2024, 4, 1)),
)


def test_fold_facts_reads_the_corrected_log() -> None:
    """A retracted application is not received; a corrected one is received on its corrected day."""
    facts = fold_facts([*LOG, RETRACT_A1, MOVE_A2], Period.year(2024))["a1"]
    march = fold_facts([*LOG, RETRACT_A1, MOVE_A2], Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31)))["a1"]
    assert (1, 0) == (sum(facts.received.values()), sum(march.received.values()))


def test_the_ledger_reads_the_corrected_log() -> None:
    """Retracted and moved-later applications are not open on a day before the corrected receipt."""
    book = build_ledger([*LOG, RETRACT_A1, MOVE_A2], as_of=AS_OF)
    assert [] == [a.application_id for a in book.open]
    assert ["A1", "A2"] == sorted(a.application_id for a in build_ledger(LOG, as_of=AS_OF).open)


def test_due_reads_the_corrected_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """opengov due leaves out a retracted application."""
    log = tmp_path / "log.jsonl"
    write_events([*LOG, RETRACT_A1], log)
    assert 0 == main(["due", str(log), "--as-of", AS_OF.isoformat(), "--to", "json"])
    data = json.loads(capsys.readouterr().out)
    assert ["A2"] == [a["application_id"] for a in data["applications"]]
