"""Sphinx extension for the event catalogue (``docs/events.md``).

The catalogue is written by hand where only a person can say it (what an event means, what each field
means, an example line) and generated where the code already says it (tags, versions, field types,
required or optional, enumeration values and their Chinese terms). Two directives do the generating:

- ``{event} ClassName`` renders the class's tag, version and a table of its fields; its body gives one
  ``field: meaning`` line per field.
- ``{event-enum} EnumName`` renders the members of an enumeration with their wire values and the Chinese
  terms of their ``#:`` comments in ``opengov/events.py``.

:func:`catalogue_problems` checks that the page covers every event type, field and enumeration and that
every example line decodes. The build warns (so fails under ``-W``) on each problem, and
``tests/test_docs.py`` runs the same check without Sphinx.
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import inspect
import json
import re
import typing
from decimal import Decimal
from typing import Any

import attrs

import opengov
from opengov import events

COMMON_FIELDS = ("id", "agency", "at")
_EVENT_FENCE = re.compile(r"^```\{event\}\s+(\w+)\s*$")
_ENUM_FENCE = re.compile(r"^```\{event-enum\}\s+(\w+)\s*$")
_EXAMPLE = re.compile(r"^>>> line = (.+)$")
_MEANING = re.compile(r"^(\w+):\s+(\S.*)$")
_ENUM_MEMBER = re.compile(r"^\s+(\w+) = \"[^\"]*\"\s+#: (.+)$")


def enum_types() -> list[type[enum.Enum]]:
    """The enumerations declared in :mod:`opengov.events`, in source order."""
    return [
        obj
        for obj in vars(events).values()
        if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == events.__name__
    ]


def enum_terms(kind: type[enum.Enum]) -> dict[str, str]:
    """Each member's ``#:`` comment (its Chinese term), by member name."""
    terms = {}
    for line in inspect.getsource(kind).splitlines():
        match = _ENUM_MEMBER.match(line)
        if match:
            terms[match[1]] = match[2].strip()
    return terms


@attrs.frozen
class Catalogue:
    """What a catalogue page holds: field meanings by event class, enumerations, example lines."""

    events: dict[str, dict[str, str]]
    enums: list[str]
    examples: list[str]


def parse_catalogue(text: str) -> Catalogue:
    """Read the ``{event}`` and ``{event-enum}`` directives and the ``>>> line = '…'`` examples of a page."""
    entries: dict[str, dict[str, str]] = {}
    enums: list[str] = []
    examples: list[str] = []
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if current is not None:
            if line.startswith("```"):
                current = None
            elif match := _MEANING.match(line):
                current[match[1]] = match[2]
            continue
        if match := _EVENT_FENCE.match(line):
            current = entries.setdefault(match[1], {})
        elif match := _ENUM_FENCE.match(line):
            enums.append(match[1])
        elif match := _EXAMPLE.match(line):
            examples.append(ast.literal_eval(match[1]))
    return Catalogue(entries, enums, examples)


def catalogue_problems(text: str) -> list[str]:
    """Everything the catalogue page lacks or gets wrong; an empty list when it is complete."""
    catalogue = parse_catalogue(text)
    problems = []
    classes = {cls.__name__: cls for cls in events.EVENT_TYPES.values()}
    for name in classes.keys() - catalogue.events.keys():
        problems.append(f"event type {name} has no {{event}} entry in the catalogue")
    for name, meanings in catalogue.events.items():
        cls = classes.get(name) or (events.Event if name == "Event" else None)
        if cls is None:
            problems.append(f"{{event}} {name}: no such event type in opengov.events.EVENT_TYPES")
            continue
        fields = list(_fields(cls))
        for field in fields:
            if field not in meanings:
                problems.append(f"{{event}} {name}: field {field!r} has no 'field: meaning' line")
        for field in meanings.keys() - set(fields):
            problems.append(f"{{event}} {name}: {field!r} is not a field of {name}")
    for kind in {k.__name__ for k in enum_types()} - set(catalogue.enums):
        problems.append(f"enumeration {kind} has no {{event-enum}} entry in the catalogue")
    tags_shown = set()
    for number, line in enumerate(catalogue.examples, start=1):
        try:
            tags_shown.add(opengov.decode_line(line).TAG)
        except opengov.DecodeError as exc:
            problems.append(f"example line {number} does not decode: {exc}")
    for tag in events.EVENT_TYPES.keys() - tags_shown:
        problems.append(f"event type {tag} has no example line ('>>> line = ...') in the catalogue")
    return sorted(problems)


def _fields(cls: type[events.Event]) -> dict[str, attrs.Attribute[Any]]:
    """The documented fields: the common ones for ``Event``, a subclass's own ones otherwise."""
    own = {f.name: f for f in attrs.fields(cls) if f.init}
    if cls is events.Event:
        return own
    return {name: field for name, field in own.items() if name not in COMMON_FIELDS}


def _type_text(hint: Any, name: str) -> str:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if args and type(None) in args:
        return _type_text(next(a for a in args if a is not type(None)), name)
    if origin is frozenset:
        return "set of " + _type_text(args[0], name)
    if origin is tuple:
        return "list of " + _type_text(args[0], name) + "s"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"{{ref}}`{hint.__name__} <enum-{hint.__name__.lower()}>`"
    if hint is Decimal:
        return "money"
    if hint is events.Event:
        return "event (a whole event line)"
    if attrs.has(hint):  # a record inside an event, e.g. a filed report's cell
        return "{row, column, value} object"
    if hint is dt.date:
        return "date or timestamp" if name == "at" else "date"
    return {str: "text", int: "integer", bool: "boolean"}[hint]


def _default_text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def event_markdown(cls: type[events.Event], meanings: dict[str, str]) -> str:
    """The generated part of one catalogue entry, as MyST Markdown."""
    hints = typing.get_type_hints(cls)
    lines = []
    if cls is events.Event:
        lines += [
            "| Field | Type | Required | Meaning |",
            "|---|---|---|---|",
            "| `type` | text | required | the event type's tag (below, with each type) |",
            "| `v` | integer | optional, default `1` | the event type's schema version |",
        ]
    else:
        lines += [
            f"(event-{cls.TAG})=",
            f"Tag `{cls.TAG}` · version {cls.VERSION} · {{py:class}}`~opengov.events.{cls.__name__}`",
            "",
            "| Field | Type | Required | Meaning |",
            "|---|---|---|---|",
        ]
    for name, field in _fields(cls).items():
        required = (
            "required"
            if field.default is attrs.NOTHING
            else f"optional, default `{_default_text(field.default)}`"
        )
        lines.append(
            f"| `{name}` | {_type_text(hints[name], name)} | {required} | {meanings.get(name, '')} |"
        )
    return "\n".join(lines)


def enum_markdown(kind: type[enum.Enum]) -> str:
    """One enumeration as MyST Markdown: its summary and a table of wire values and Chinese terms."""
    terms = enum_terms(kind)
    summary = (kind.__doc__ or "").strip().splitlines()[0]
    lines = [
        f"(enum-{kind.__name__.lower()})=",
        f"{{py:class}}`~opengov.events.{kind.__name__}`: {summary}",
        "",
        "| Wire value | Member | 中文 |",
        "|---|---|---|",
    ]
    lines += [f"| `{m.value}` | `{m.name}` | {terms.get(m.name, '')} |" for m in kind]
    return "\n".join(lines)


def setup(app: Any) -> dict[str, Any]:
    """Register the ``event`` and ``event-enum`` directives and the completeness check."""
    from sphinx.util import logging
    from sphinx.util.docutils import SphinxDirective

    logger = logging.getLogger(__name__)

    class EventDirective(SphinxDirective):
        required_arguments = 1
        has_content = True

        def run(self) -> list[Any]:
            self.env.note_dependency(events.__file__)
            name = self.arguments[0]
            cls = events.Event if name == "Event" else getattr(events, name, None)
            if not (isinstance(cls, type) and issubclass(cls, events.Event)):
                raise self.error(f"{name} is not an event class of opengov.events")
            meanings = {m[1]: m[2] for line in self.content if (m := _MEANING.match(line))}
            return self.parse_text_to_nodes(event_markdown(cls, meanings))

    class EnumDirective(SphinxDirective):
        required_arguments = 1

        def run(self) -> list[Any]:
            self.env.note_dependency(events.__file__)
            kind = getattr(events, self.arguments[0], None)
            if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
                raise self.error(f"{self.arguments[0]} is not an enumeration of opengov.events")
            return self.parse_text_to_nodes(enum_markdown(kind))

    def check(app: Any, docname: str, source: list[str]) -> None:
        if docname == "events":
            for problem in catalogue_problems(source[0]):
                logger.warning(problem, location=docname)

    app.add_directive("event", EventDirective)
    app.add_directive("event-enum", EnumDirective)
    app.connect("source-read", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
