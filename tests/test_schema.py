"""The published JSON Schema: up to date, and in agreement with what the codec writes and reads."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

import opengov
import opengov.schema
from opengov.events import Event, FeePaid
from strategies import any_event

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "docs" / "_static" / "events.schema.json"
PACKAGED = ROOT / "src" / "opengov" / "events.schema.json"
SCHEMA = opengov.json_schema()
VALIDATOR = Draft202012Validator(SCHEMA)

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import event_catalogue  # noqa: E402 (found through the line above)

EXAMPLES = event_catalogue.parse_catalogue((ROOT / "docs" / "events.md").read_text(encoding="utf-8")).examples

VALID = {
    "type": "staff_assigned",
    "v": 1,
    "id": "w-1",
    "agency": "wz-kjj",
    "at": "2018-01-02",
    "staff_id": "p-04",
    "role": "part_time",
}


def _errors(line: dict[str, Any]) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(line)]


def _all_messages(line: dict[str, Any]) -> list[str]:
    """The messages of the errors and of the errors under them."""
    messages = []
    pending = list(VALIDATOR.iter_errors(line))
    while pending:
        error = pending.pop()
        messages.append(error.message)
        pending.extend(error.context or ())
    return messages


def _line(tag: str, **fields: Any) -> dict[str, Any]:
    return {"type": tag, "v": 1, "id": "e1", "agency": "a1", "at": "2021-03-01", **fields}


@pytest.mark.parametrize("published", [PUBLISHED, PACKAGED], ids=["docs", "package"])
def test_the_published_schema_is_up_to_date(published: Path) -> None:
    """Both published copies equal json_schema(); regenerate them with scripts/gen_schema.py."""
    expected = json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n"
    assert expected == published.read_text(encoding="utf-8"), (
        f"{published} is out of date: run .venv/bin/python scripts/gen_schema.py"
    )


def test_the_package_reads_its_shipped_schema() -> None:
    """published_schema() reads the copy inside the package, the one a wheel carries."""
    assert SCHEMA == opengov.schema.published_schema()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The generated schema passes the draft 2020-12 meta-schema."""
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_has_one_branch_per_event_type() -> None:
    """Each event type has exactly one if/then branch, keyed by its tag, pointing at its class's schema."""
    expected = [(tag, f"#/$defs/{cls.__name__}") for tag, cls in opengov.EVENT_TYPES.items()]
    branches = SCHEMA["allOf"]
    assert expected == [(b["if"]["properties"]["type"]["const"], b["then"]["$ref"]) for b in branches]


@pytest.mark.parametrize("line", EXAMPLES, ids=[json.loads(line)["type"] for line in EXAMPLES])
def test_every_catalogue_example_validates(line: str) -> None:
    """Each example line of docs/events.md is valid under the schema."""
    expected: list[str] = []
    assert expected == _errors(json.loads(line))


@given(event=any_event())
def test_every_encoded_event_validates(event: Event) -> None:
    """The wire form of any valid event is valid under the schema."""
    expected: list[str] = []
    assert expected == _errors(json.loads(opengov.encode_line(event)))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param({"room": "3"}, "Additional properties are not allowed", id="extra field"),
        pytest.param({"role": "volunteer"}, "'volunteer' is not one of", id="wrong enum"),
        pytest.param({"staff_id": None}, "None is not of type 'string'", id="null where required"),
        pytest.param({"staff_id": 4}, "4 is not of type 'string'", id="wrong type"),
        pytest.param({"staff_id": ""}, "does not match", id="empty text"),
        pytest.param({"v": 2}, "1 was expected", id="unknown version"),
        pytest.param(
            {"type": "staff_hired"}, "'staff_hired' is not one of ['agency_registered'", id="unknown type"
        ),
    ],
)
def test_invalid_lines_are_rejected_by_schema_and_codec(change: dict[str, Any], words: str) -> None:
    """A line with a wrong field, value or type fails the schema, and decode_line refuses it too."""
    line = {**VALID, **change}
    messages = _all_messages(line)
    assert any(words in message for message in messages), messages
    with pytest.raises(opengov.DecodeError):
        opengov.decode_line(json.dumps(line))


def test_a_missing_required_field_is_rejected() -> None:
    """Leaving out a required field fails the schema."""
    line = {key: value for key, value in VALID.items() if key != "role"}
    expected = False
    assert expected == VALIDATOR.is_valid(line)


def test_the_valid_baseline_is_valid() -> None:
    """The line the invalid cases start from is valid under the schema and decodes."""
    expected: tuple[list[str], str] = ([], "w-1")
    assert expected == (_errors(VALID), opengov.decode_line(json.dumps(VALID)).id)


# The schema is as strict as decode_line wherever JSON Schema can say so (rules it cannot express — a credit
# code's check character, items matching their count, calendar days in their year, real calendar dates —
# are listed in docs/wire-format.md instead).


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(
            _line("application_concluded", application_id="A-1", disposition="withdrawn"), id="withdrawn"
        ),
        pytest.param(_line("meeting_held", title="  "), id="blank text"),
        pytest.param(
            _line("deadline_extended", application_id="A-1", working_days=0), id="zero working days"
        ),
        pytest.param(_line("narrative_written", year=0, section="overview", text="…"), id="year zero"),
    ],
)
def test_lines_decode_refuses_are_refused_by_the_schema(line: dict[str, Any]) -> None:
    """A line decode_line refuses is also invalid under the schema."""
    with pytest.raises(opengov.DecodeError):
        opengov.decode_line(json.dumps(line, ensure_ascii=False))
    expected = False
    assert expected == VALIDATOR.is_valid(line)


@pytest.mark.parametrize("amount", [Decimal("1E+3"), Decimal("-0"), Decimal("1E-7")])
def test_every_valid_amount_encodes_to_a_schema_valid_line(amount: Decimal) -> None:
    """A valid money amount, however the Decimal is written, encodes to a line the schema accepts."""
    event = FeePaid(id="e1", agency="a1", at=dt.date(2021, 3, 1), application_id="A-1", amount=amount)
    expected: list[str] = []
    assert expected == _errors(json.loads(opengov.encode_line(event)))
