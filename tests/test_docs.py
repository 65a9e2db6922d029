"""The documentation: the event catalogue covers every event type, field and enumeration."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import opengov
from opengov.events import EVENT_TYPES

DOCS = Path(__file__).resolve().parent.parent / "docs"


sys.path.insert(0, str(DOCS / "_ext"))
import event_catalogue as catalogue  # noqa: E402 (found through the line above)

PAGE = (DOCS / "events.md").read_text(encoding="utf-8")


def test_the_catalogue_is_complete() -> None:
    """docs/events.md has an entry, field meanings and a decodable example for every type and enum."""
    expected: list[str] = []
    assert expected == catalogue.catalogue_problems(PAGE)


def test_a_new_event_type_without_an_entry_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registering an event type the page does not describe makes the check fail, naming it."""
    fake = type("UnlistedHappened", (), {"__name__": "UnlistedHappened", "TAG": "unlisted_happened"})
    monkeypatch.setitem(EVENT_TYPES, "unlisted_happened", fake)
    expected = [
        "event type UnlistedHappened has no {event} entry in the catalogue",
        "event type unlisted_happened has no example line ('>>> line = ...') in the catalogue",
    ]
    assert expected == catalogue.catalogue_problems(PAGE)


def test_a_missing_field_meaning_is_caught() -> None:
    """Dropping a field's meaning line from an entry makes the check fail, naming the field."""
    page = PAGE.replace("count: how many followers.\n", "")
    expected = ["{event} FollowersCounted: field 'count' has no 'field: meaning' line"]
    assert expected == catalogue.catalogue_problems(page)


def test_every_enum_member_has_a_chinese_term() -> None:
    """Each member of each enumeration carries a ``#:`` comment, which the catalogue shows."""
    missing = [
        f"{kind.__name__}.{member.name}"
        for kind in catalogue.enum_types()
        for member in kind
        if member.name not in catalogue.enum_terms(kind)
    ]
    expected: list[str] = []
    assert expected == missing


def test_every_example_line_shows_one_event_type_in_catalogue_order() -> None:
    """The page's example lines follow the order of EVENT_TYPES, after the common-fields example."""
    tags = [line.split('"type": "')[1].split('"')[0] for line in catalogue.parse_catalogue(PAGE).examples]
    expected = list(EVENT_TYPES)
    assert expected == tags[1:]


def _guarantee_references(page: str) -> list[tuple[str, str]]:
    """Each ``tests/FILE.py::test_name`` (or ``::test_name``, in the file named before) of the store page's
    Guarantees table, as (file, test)."""
    import re

    section = page.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    found = []
    for row in (line for line in section.splitlines() if line.startswith("| **")):
        current = ""
        for path, name in re.findall(r"`(tests/[\w/]+\.py)?::(\w+)", row):
            current = path or current
            found.append((current, name))
    return found


def test_every_guarantee_names_tests_that_exist() -> None:
    """docs/store.md's Guarantees table names, for each guarantee, tests that exist in the files it says."""
    import ast

    page = (DOCS / "store.md").read_text(encoding="utf-8")
    references = _guarantee_references(page)
    assert len(references) >= 20
    defined: dict[str, set[str]] = {}
    for path, _ in references:
        if path not in defined:
            tree = ast.parse((DOCS.parent / path).read_text(encoding="utf-8"))
            defined[path] = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert [] == [f"{path}::{name}" for path, name in references if name not in defined[path]]
    rows = [line for line in page.split("## Guarantees", 1)[1].splitlines() if line.startswith("| **")]
    assert 7 == len(rows)
    assert all("::test_" in row for row in rows)


def test_every_public_name_has_an_api_entry() -> None:
    """The API page's table comes from ``opengov.__all__``, and each name's module is documented below it."""
    import public_api

    expected: list[str] = []
    assert expected == public_api.missing_entries()
    assert [name for name, _, _ in public_api.rows()] == list(opengov.__all__)
    for name in ("build_table", "build_report", "open_store", "build_ledger", "Calendar"):
        assert name in public_api.table_markdown()


def test_a_public_name_without_an_entry_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page without the tables module's section, or a name its module does not export, is reported."""
    import public_api

    page = (DOCS / "api.md").read_text(encoding="utf-8").replace(".. automodule:: opengov.tables", ".. x")
    assert any(
        m.startswith("build_table: its module opengov.tables has no")
        for m in public_api.missing_entries(page)
    )
    import opengov.tables

    monkeypatch.setattr(opengov.tables, "__all__", [n for n in opengov.tables.__all__ if n != "rollup"])
    assert ["rollup: opengov.tables.__all__ leaves it out, so autodoc does not document it"] == (
        public_api.missing_entries()
    )


def test_each_format_lists_its_narrative_section_keys() -> None:
    """The formats page lists every section key, generated from the format declarations."""
    import format_reference

    from opengov.formats import FORMATS

    for fmt in FORMATS.values():
        text = format_reference.sections_markdown(fmt)
        for key, title in fmt.sections:
            assert f"| `{key}` | {title} |" in text
    assert "`overview`" in format_reference.sections_markdown(FORMATS["gov2008"])
    page = (DOCS / "formats.md").read_text(encoding="utf-8")
    assert all(f"```{{format-sections}} {key}" in page for key in FORMATS)
