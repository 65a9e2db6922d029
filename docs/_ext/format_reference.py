"""Sphinx extension: the report formats document themselves from their declarations.

Directives (each takes a format key, ``disposition-map`` takes none):

- ``{format-tables} gov2021``: every table with its rows (key, official label, unit) and columns;
- ``{format-rules} gov2021``: every arithmetic rule with its code, its text and whether it is inferred,
  and the cross-year rules;
- ``{format-sections} gov2021``: the narrative's section keys (what ``NarrativeWritten.section`` takes),
  their official titles and the tables printed in each; for a format without fixed sections, the default
  keys an agency's report uses;
- ``{disposition-map}``: each :class:`~opengov.events.Disposition` and the row it is counted in, in each
  format, with the reason where the mapping is a choice.

Nothing here restates a row or a rule: change the format module and the page changes with it.
"""

from __future__ import annotations

from typing import Any

from opengov.events import Disposition
from opengov.formats import FORMATS, Format, TableSpec, get_format


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(spec: TableSpec) -> str:
    """One table's rows and columns as Markdown."""
    lines = [f"**{spec.key}** — {spec.title}", ""]
    if spec.is_matrix:
        columns = ", ".join(
            f"`{c.key}` {c.group + ' · ' if c.group else ''}{c.label}{f' ({c.unit})' if c.unit else ''}"
            for c in spec.columns
        )
        lines += [f"Columns: {columns}", ""]
    lines += ["| row key | official label | unit |", "|---|---|---|"]
    for row in spec.rows:
        indent = "\u3000" * row.level
        lines.append(f"| `{row.key}` | {indent}{_cell_text(row.label)} | {row.unit or '—'} |")
    return "\n".join(lines)


def tables_markdown(fmt: Format) -> str:
    """Every table of a format."""
    return "\n\n".join(table_markdown(spec) for spec in fmt.tables)


def rules_markdown(fmt: Format) -> str:
    """Every rule of a format, and its cross-year rules."""
    lines = ["| code | rule | inferred |", "|---|---|---|"]
    for rule in fmt.rules:
        lines.append(f"| `{rule.code}` | {_cell_text(rule.text)} | {'yes' if rule.inferred else 'no'} |")
    for carry in fmt.carry_rules:
        lines.append(f"| `{carry.code}` | {_cell_text(carry.text)} | {'yes' if carry.inferred else 'no'} |")
    return "\n".join(lines)


def sections_markdown(fmt: Format) -> str:
    """The narrative section keys of a format, with their titles and tables."""
    if not fmt.sections:
        from opengov.report import DEFAULT_SECTION_TITLES

        lines = [
            f"{fmt.key} fixes no sections: the report prints the sections its `NarrativeWritten` events "
            "name, in the order first written. These keys have a default title; any other key needs one "
            "in `AgencyProfile.section_titles`.",
            "",
            "| section key | default title |",
            "|---|---|",
        ]
        lines += [f"| `{key}` | {_cell_text(title)} |" for key, title in DEFAULT_SECTION_TITLES.items()]
        return "\n".join(lines)
    lines = ["| section key | official title | tables printed in it |", "|---|---|---|"]
    for key, title in fmt.sections:
        tables = ", ".join(f"`{spec.key}`" for spec in fmt.tables if spec.section == key) or "—"
        lines.append(f"| `{key}` | {_cell_text(title)} | {tables} |")
    return "\n".join(lines)


def disposition_markdown() -> str:
    """The disposition → row mapping of every format."""
    formats = [FORMATS[key] for key in ("gov2008", "gov2019", "gov2021")]
    header = "| disposition | " + " | ".join(f.key for f in formats) + " | why |"
    lines = [header, "|---" * (len(formats) + 2) + "|"]
    for disposition in Disposition:
        cells = []
        notes = []
        for fmt in formats:
            row_key = fmt.dispositions[disposition]
            if row_key is None:
                cells.append("— (办结 only)")
            else:
                row = fmt.table_of_row(row_key).row(row_key)
                cells.append(_cell_text(row.label))
            note = fmt.disposition_notes.get(disposition)
            if note:
                notes.append(f"{fmt.key}: {note}")
        lines.append(f"| `{disposition.value}` | " + " | ".join(cells) + f" | {'; '.join(notes)} |")
    return "\n".join(lines)


def setup(app: Any) -> dict[str, Any]:
    """Register the directives."""
    from sphinx.util.docutils import SphinxDirective

    def _format(directive: Any) -> Format:
        try:
            return get_format(directive.arguments[0])
        except KeyError as exc:
            raise directive.error(str(exc)) from None

    class TablesDirective(SphinxDirective):
        required_arguments = 1

        def run(self) -> list[Any]:
            return self.parse_text_to_nodes(tables_markdown(_format(self)))

    class RulesDirective(SphinxDirective):
        required_arguments = 1

        def run(self) -> list[Any]:
            return self.parse_text_to_nodes(rules_markdown(_format(self)))

    class SectionsDirective(SphinxDirective):
        required_arguments = 1

        def run(self) -> list[Any]:
            return self.parse_text_to_nodes(sections_markdown(_format(self)))

    class DispositionDirective(SphinxDirective):
        def run(self) -> list[Any]:
            return self.parse_text_to_nodes(disposition_markdown())

    app.add_directive("format-tables", TablesDirective)
    app.add_directive("format-rules", RulesDirective)
    app.add_directive("format-sections", SectionsDirective)
    app.add_directive("disposition-map", DispositionDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
