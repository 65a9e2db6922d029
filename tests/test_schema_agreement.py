"""The schema and the codec agree on a corpus of lines, both ways, except the documented code-only checks.

Each invalid line below was written by hand from the rules of docs/events.md and docs/wire-format.md (not
from the schema's text): a wrong date, a count written 3.0, full-width digits, an extra or missing field, a
control character, a value outside its enumeration, a bad credit code… Both the JSON Schema (through the
jsonschema library) and :func:`opengov.decode_line` must refuse it — or, for a rule in
:data:`opengov.schema.CODE_ONLY_CHECKS`, the schema accepts it and only the codec refuses it. The valid
lines must pass both.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import opengov
from opengov.schema import CODE_ONLY_CHECKS, json_schema

VALIDATOR = Draft202012Validator(json_schema())


def _line(tag: str, **fields: Any) -> dict[str, Any]:
    return {"type": tag, "v": 1, "id": "e1", "agency": "a1", "at": "2024-03-01", **fields}


def _staff(**change: Any) -> dict[str, Any]:
    return {**_line("staff_assigned", staff_id="p-04", role="part_time"), **change}


def _without(line: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in line.items() if k != key}


TRAINING = _line("training_held", attendees=12)
FEE = _line("fee_paid", application_id="A-1", amount="12.50")
AGENCY = _line("agency_registered", name="吴忠市科学技术局")
CALENDAR = _line("working_calendar_declared", year=2024, holidays=["2024-10-01"])

INVALID: list[tuple[str, dict[str, Any]]] = [
    # dates and timestamps
    ("30 February", _staff(at="2024-02-30")),
    ("29 February of a common year", _staff(at="2023-02-29")),
    ("29 February of 1900", _staff(at="1900-02-29")),
    ("31 April", _staff(at="2024-04-31")),
    ("month 13", _staff(at="2024-13-01")),
    ("month 00", _staff(at="2024-00-10")),
    ("day 00", _staff(at="2024-03-00")),
    ("day 32", _staff(at="2024-03-32")),
    ("year 0000", _staff(at="0000-01-01")),
    ("hour 25", _staff(at="2024-03-01T25:00:00+08:00")),
    ("hour 24", _staff(at="2024-03-01T24:00")),
    ("minute 60", _staff(at="2024-03-01T09:60")),
    ("second 60", _staff(at="2024-03-01T09:30:60")),
    ("zone +24:00", _staff(at="2024-03-01T09:30:00+24:00")),
    ("lower-case zone z", _staff(at="2024-03-01T09:30z")),
    ("full-width digits in a date", _staff(at="２０２４-03-01")),
    ("Arabic-Indic digits in a date", _staff(at="٢٠٢٤-03-01")),
    ("date with slashes", _staff(at="2024/03/01")),
    ("date as a number", _staff(at=20240301)),
    ("timestamp where a calendar day is expected", {**CALENDAR, "holidays": ["2024-10-01T00:00"]}),
    ("30 February in a list of days", {**CALENDAR, "holidays": ["2024-02-30"]}),
    # integers
    ("negative count", {**TRAINING, "attendees": -1}),
    ("count over 2**63-1", {**TRAINING, "attendees": 2**63}),
    ("count as a string", {**TRAINING, "attendees": "12"}),
    ("count 3.5", {**TRAINING, "attendees": 3.5}),
    ("count true", {**TRAINING, "attendees": True}),
    ("year zero", {**CALENDAR, "year": 0}),
    ("zero working days", _line("deadline_extended", application_id="A-1", working_days=0)),
    # money
    ("money as a float", {**FEE, "amount": 12.5}),
    ("negative money", {**FEE, "amount": "-1"}),
    ("money with full-width digits", {**FEE, "amount": "１２.50"}),
    ("money with an exponent", {**FEE, "amount": "1E+3"}),
    ("money with a trailing dot", {**FEE, "amount": "12."}),
    ("money with a comma", {**FEE, "amount": "1,200"}),
    # text
    ("empty text", _staff(staff_id="")),
    ("blank text", _staff(staff_id="   ")),
    ("ideographic space only", _staff(staff_id="\u3000")),
    ("tab and newline only", _staff(staff_id="\t\n")),
    ("NUL in text", _staff(staff_id="p\x00")),
    ("escape in text", _staff(staff_id="p\x1b[31m")),
    ("DEL in text", _staff(staff_id="p\x7f")),
    ("C1 control in text", _staff(staff_id="p\x85")),
    ("control character in a list item", _line("meeting_held", title="会议\x07")),
    ("number where text is expected", _staff(staff_id=4)),
    ("null where text is required", _staff(staff_id=None)),
    # shape
    ("extra field", _staff(room="3")),
    ("missing required field", _without(_staff(), "role")),
    ("missing id", _without(_staff(), "id")),
    ("missing at", _without(_staff(), "at")),
    ("missing type", _without(_staff(), "type")),
    ("unknown type", _staff(type="staff_hired")),
    ("unknown version", _staff(v=2)),
    ("version as a string", _staff(v="1")),
    # enumerations and sets
    ("value outside its enumeration", _staff(role="volunteer")),
    ("enumeration in another case", _staff(role="PART_TIME")),
    (
        "withdrawn as a conclusion",
        _line("application_concluded", application_id="A-1", disposition="withdrawn"),
    ),
    ("empty set", _line("item_published", kind="ordinary", channels=[])),
    ("set naming a channel twice", _line("item_published", kind="ordinary", channels=["website", "website"])),
    ("set as a string", _line("item_published", kind="ordinary", channels="website")),
    ("flag as a string", _line("press_conference_held", principal_attended="yes")),
    # credit codes
    ("credit code too short", {**AGENCY, "credit_code": "91350100M000100Y4"}),
    ("credit code with I", {**AGENCY, "credit_code": "91350100M000100IY4"}),
    ("credit code in lower case", {**AGENCY, "credit_code": "91350100m000100y43"}),
    ("credit code with full-width digits", {**AGENCY, "credit_code": "９1350100M000100Y43"}),
]

# The codec reads some ISO 8601 spellings the schema refuses; opengov never writes them.
CODEC_LENIENT: list[tuple[str, dict[str, Any]]] = [
    ("basic-format date", _staff(at="20240301T0930")),
    ("week date", _staff(at="2024-W10-1")),
    ("an hour alone", _staff(at="2024-03-01T09")),
]

CODE_ONLY: list[tuple[str, dict[str, Any], str]] = [
    ("count 3.0", {**TRAINING, "attendees": 3.0}, "integer written with a fraction"),
    ("year 2024.0", {**CALENDAR, "year": 2024.0}, "integer written with a fraction"),
    (
        "credit code check character",
        {**AGENCY, "credit_code": "91350100M000100Y44"},
        "credit code check character",
    ),
    (
        "named items not matching their count",
        _line("online_service_items_enabled", count=3, items=["办证"]),
        "named items match their count",
    ),
    ("a holiday outside its year", {**CALENDAR, "holidays": ["2025-10-01"]}, "calendar days in their year"),
] + [(name, line, "other ISO 8601 spellings") for name, line in CODEC_LENIENT]

VALID: list[tuple[str, dict[str, Any]]] = [
    ("a staff line", _staff()),
    ("29 February of a leap year", _staff(at="2024-02-29")),
    ("29 February of 2000", _staff(at="2000-02-29")),
    ("31 December", _staff(at="2024-12-31")),
    ("timestamp with a zone", _staff(at="2024-03-01T09:30:00+08:00")),
    ("timestamp in UTC", _staff(at="2024-03-01T01:30:00.5Z")),
    ("timestamp without seconds or zone", _staff(at="2024-03-01 09:30")),
    ("zone without a colon", _staff(at="2024-03-01T09:30:00+0800")),
    ("money as a string", FEE),
    ("money as an integer", {**FEE, "amount": 12}),
    ("largest count", {**TRAINING, "attendees": 2**63 - 1}),
    ("text with a tab inside", _staff(staff_id="p\t04")),
    ("text in Chinese with an ideographic space", _staff(staff_id="张\u3000三")),
    ("a valid credit code", {**AGENCY, "credit_code": "91350100M000100Y43"}),
    ("a calendar", CALENDAR),
    ("an optional field left out", _line("meeting_held")),
    ("an optional field null", _line("meeting_held", title=None)),
]


def _codec_accepts(line: dict[str, Any]) -> bool:
    try:
        opengov.decode_line(json.dumps(line, ensure_ascii=False))
    except opengov.DecodeError:
        return False
    return True


@pytest.mark.parametrize("line", [line for _, line in INVALID], ids=[name for name, _ in INVALID])
def test_schema_and_codec_both_refuse(line: dict[str, Any]) -> None:
    """An invalid line is refused by the schema and by the codec."""
    expected = (False, False)
    assert expected == (VALIDATOR.is_valid(line), _codec_accepts(line))


@pytest.mark.parametrize(
    ("line", "check"), [(line, check) for _, line, check in CODE_ONLY], ids=[name for name, *_ in CODE_ONLY]
)
def test_code_only_checks_are_the_documented_ones(line: dict[str, Any], check: str) -> None:
    """A line only the code refuses passes the schema and fails the codec (or, for a spelling only the codec
    reads, the other way round); either way its rule is documented."""
    lenient = check == "other ISO 8601 spellings"
    expected = (not lenient, lenient, True)
    assert expected == (VALIDATOR.is_valid(line), _codec_accepts(line), check in CODE_ONLY_CHECKS)


@pytest.mark.parametrize("line", [line for _, line in VALID], ids=[name for name, _ in VALID])
def test_schema_and_codec_both_accept(line: dict[str, Any]) -> None:
    """A valid line passes the schema and the codec."""
    expected = (True, True)
    assert expected == (VALIDATOR.is_valid(line), _codec_accepts(line))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        pytest.param(_staff(role="volunteer"), "role", id="enumeration"),
        pytest.param(_staff(at="2024-02-30"), "at", id="date"),
        pytest.param({**TRAINING, "attendees": -1}, "attendees", id="count"),
        pytest.param({**FEE, "amount": 12.5}, "amount", id="money"),
    ],
)
def test_the_best_message_names_the_field(line: dict[str, Any], field: str) -> None:
    """Dispatch on ``type`` lets a validator's best message point at the field at fault."""
    error = best_match(VALIDATOR.iter_errors(line))
    assert error is not None
    expected = [field]
    assert expected == list(error.absolute_path), error.message


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_patterns_mean_the_same_in_python_and_javascript() -> None:
    """No pattern uses a class whose meaning differs by language (\\d, \\s, \\w, \\b) or relies on format."""
    patterns = _patterns(json_schema())
    unportable = [p for p in patterns if re.search(r"(?<!\\)\\[dDsSwWb]", p)]
    expected: tuple[list[str], bool] = ([], False)
    assert expected == (unportable, '"format"' in json.dumps(json_schema()))
