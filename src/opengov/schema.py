"""The JSON Schema (draft 2020-12) of one line of an event file, for integrators in other languages.

The schema is generated from the event declarations in :mod:`opengov.events`, as the codec is, and is as
strict as the codec wherever JSON Schema can say so. It is written to behave the same in every validator:

- patterns use ``[0-9]``, never ``\\d`` (which matches full-width and other Unicode digits in Python but
  not in JavaScript), and no ``format`` keyword is relied on (validators ignore ``format`` unless a format
  checker is switched on): a date's month, day — including the month's length and 29 February in leap
  years only — and a timestamp's hour, minute, second and zone are all checked by pattern;
- a line is dispatched on its ``type``: an ``if``/``then`` per event type, so a validator's message names
  the field at fault (``'volunteer' is not one of ['full_time', 'part_time']`` at ``role``), not "not
  valid under any of the given schemas".

What only the code checks is listed in :data:`CODE_ONLY_CHECKS` (and in the wire-format docs); the test
suite runs a corpus of invalid lines through both the schema and :func:`opengov.codec.decode_line` and
requires them to agree except for those.

The schema ships inside the package (``opengov/events.schema.json``, read with :func:`published_schema`)
and is published with the docs as ``_static/events.schema.json``; tests keep both equal to
:func:`json_schema`.

>>> import json, jsonschema
>>> validator = jsonschema.Draft202012Validator(json_schema())
>>> line = {"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2024-02-30"}
>>> [(list(error.absolute_path), error.validator) for error in validator.iter_errors(line)]
[(['at'], 'anyOf')]
"""

from __future__ import annotations

__all__ = ["CODE_ONLY_CHECKS", "json_schema", "published_schema", "schema_text"]

import datetime as _dt
import enum
import json
import types
import typing
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from opengov.events import EVENT_TYPES, MAX_INT, Event

JSONObject = dict[str, Any]

# Characters no text field may hold (opengov.events.CONTROL_CHARACTERS): C0 and C1 controls and DEL,
# except tab and newline. Written as \\uXXXX escapes, which Python's re and ECMAScript read alike.
_CONTROL = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f"
# What Python's str.isspace() calls white space, outside the control characters: a text must hold one
# character that is neither (ECMAScript's \s differs from Python's, e.g. on U+FEFF, so it is spelt out).
_SPACE = r"\t\n \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = f"^[^{_CONTROL}]*[^{_CONTROL}{_SPACE}][^{_CONTROL}]*$"

_YEAR = "(?!0000)[0-9]{4}"  # years 0001-9999, as Python's date
_LEAP_YEAR = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"  # days 1-28 of every month
    "|(0[13-9]|1[0-2])-(29|30)"  # 29 and 30 of every month but February
    "|(0[13578]|1[02])-31"  # 31 of the long months
)
_DATE = f"({_YEAR}-({_MONTH_DAY})|{_LEAP_YEAR}-02-29)"
DATE_PATTERN = f"^{_DATE}$"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?"
_ZONE = "(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])"
TIMESTAMP_PATTERN = f"^{_DATE}[T ]{_TIME}{_ZONE}?$"
MONEY_PATTERN = "^[0-9]+(\\.[0-9]+)?$"
CREDIT_CODE_PATTERN = "^[0-9A-HJ-NPQRTUWXY]{18}$"

CODE_ONLY_CHECKS: dict[str, str] = {
    "integer written with a fraction": (
        'JSON Schema counts 3.0 as an integer ("type": "integer" accepts it); the codec refuses 3.0 '
        "wherever a count, quantity, year or number of working days is expected: write 3"
    ),
    "credit code check character": (
        "the schema checks a credit code's 18 characters and alphabet; only the code checks its "
        "GB 32100-2015 check character (the 18th)"
    ),
    "named items match their count": (
        "an event naming its online service items must name as many as it counts: checked by the code"
    ),
    "calendar days in their year": (
        "the days of a working_calendar_declared event must fall in its year: checked by the code"
    ),
    "other ISO 8601 spellings": (
        "the codec also reads ISO 8601 spellings the schema refuses (basic format 20240301, week dates "
        "2024-W10-1, an hour alone, a lower-case t, a comma before the fraction, more than six fraction "
        "digits, a zone with seconds); write the extended form the schema describes, as opengov does"
    ),
    "identical repeated event ids": (
        "a file using one event id for two different events is refused by opengov events validate; the "
        "schema sees one line at a time"
    ),
    "filed report cells and period": (
        "a report_filed event names each (row, column) cell once and its period ends on or after its "
        "start: checked by the code"
    ),
    "a correction keeps the corrected event's id and agency": (
        "an event_corrected replacement has the id its corrects field names and the correction's agency, "
        "and is a fact event (not a filing, a policy, a correction or a retraction): checked by the code"
    ),
}
"""The rules only opengov's code checks, by name, with what the schema checks instead (or why it cannot)."""


def _type_schema(hint: Any) -> JSONObject:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [_type_schema(inner[0]), {"type": "null"}]}
    if origin is frozenset:
        return {"type": "array", "items": _type_schema(args[0]), "minItems": 1, "uniqueItems": True}
    if origin is tuple:
        item = {"type": "string", "pattern": DATE_PATTERN} if args[0] is _dt.date else _type_schema(args[0])
        return {"type": "array", "items": item}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if hint is Event:  # an event inside an event (a correction's replacement): a whole line
        return {"$ref": "#", "description": "a whole event line, of its own type and version"}
    if attrs.has(hint):  # a record inside an event, e.g. a filed report's cell
        return _record_schema(hint)
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_INT,
            "description": "a whole number written without a fraction (3, not 3.0)",
        }
    if hint is str:
        return {"type": "string", "pattern": TEXT_PATTERN}
    if hint is Decimal:
        return {
            "anyOf": [
                {"type": "string", "pattern": MONEY_PATTERN},
                {"type": "integer", "minimum": 0},
            ],
            "description": "yuan, exact: a string of digits, or an integer",
        }
    if hint is _dt.date:
        return {
            "type": "string",
            "anyOf": [{"pattern": DATE_PATTERN}, {"pattern": TIMESTAMP_PATTERN}],
            "description": "a Beijing date (2024-03-01), or a timestamp (2024-03-01T09:30:00+08:00; "
            "with a zone, or Beijing local time)",
        }
    raise TypeError(f"no JSON Schema for {hint!r}")


def _record_schema(cls: type[Any]) -> JSONObject:
    """The schema of an attrs record nested in an event: its fields, all required unless defaulted."""
    properties, required = _field_schemas(cls)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _field_schemas(cls: type[Any]) -> tuple[JSONObject, list[str]]:
    hints = typing.get_type_hints(cls)
    properties: JSONObject = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        schema = _type_schema(hints[field.name])
        override = field.metadata.get("json_schema")
        if override:
            schema = {k: v for k, v in schema.items() if not ("anyOf" in override and k == "anyOf")}
            schema.update(override)
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    return properties, required


def _event_schema(cls: type[Event]) -> JSONObject:
    fields, required = _field_schemas(cls)
    properties: JSONObject = {
        "type": {"const": cls.TAG},
        "v": {"const": cls.VERSION, "description": "schema version"},
        **fields,
    }
    required = ["type", *required]
    title = (cls.__doc__ or "").strip().splitlines()[0]
    return {
        "title": cls.__name__,
        "description": title,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def json_schema() -> JSONObject:
    """The JSON Schema (draft 2020-12) of one line of an event file.

    A line must be an object whose ``type`` is one of the event tags; an ``if``/``then`` per tag then
    applies that event type's schema (kept under ``$defs`` by class name), so a validator reports the
    field at fault. Published as ``docs/_static/events.schema.json`` and shipped in the package; tests
    keep both equal to this function.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://opengov.readthedocs.io/events.schema.json",
        "title": "opengov event",
        "description": "One line of an opengov event log (JSON Lines).",
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(EVENT_TYPES)}},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": tag}}, "required": ["type"]},
                "then": {"$ref": f"#/$defs/{cls.__name__}"},
            }
            for tag, cls in EVENT_TYPES.items()
        ],
        "$defs": {cls.__name__: _event_schema(cls) for cls in EVENT_TYPES.values()},
    }


def schema_text() -> str:
    """The published text of :func:`json_schema`: indented UTF-8 JSON with a final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def published_schema() -> JSONObject:
    """The schema file shipped inside the package (``opengov/events.schema.json``), parsed.

    >>> published_schema() == json_schema()
    True
    """
    text = resources.files("opengov").joinpath("events.schema.json").read_text(encoding="utf-8")
    parsed: JSONObject = json.loads(text)
    return parsed
