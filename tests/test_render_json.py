"""The JSON renderer round-trips the report model."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from opengov.codec import load_events
from opengov.render import ReportDecodeError, from_json, to_json
from opengov.report import AgencyProfile, build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(("name", "year"), [("wuzhong-kjj-2018", 2018), ("shifan-zrzyj-2024-2025", 2025)])
def test_round_trip(name: str, year: int) -> None:
    """from_json(to_json(r)) == r for both example logs."""
    report = build_report(
        load_events(EXAMPLES / f"{name}.jsonl"), year=year, profile=AgencyProfile(head="某")
    )
    assert report == from_json(to_json(report))


def test_amounts_are_decimal_strings() -> None:
    """Amounts travel as decimal strings and come back as Decimals; counts stay integers."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    data = json.loads(to_json(report))
    proactive = data["sections"][1]["tables"][3]
    assert ["12.53"] == proactive["rows"][0]["values"]
    back = from_json(to_json(report))
    assert Decimal("12.53") == back.table("proactive.item8").rows[0].values[0]
    assert isinstance(back.table("applications").rows[0].values[0], int)


def test_not_a_report() -> None:
    """Text that is not a report raises ReportDecodeError."""
    with pytest.raises(ReportDecodeError, match="not an opengov report"):
        from_json('{"agency": 1}')
