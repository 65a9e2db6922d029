"""What the auditor read and what it found: published tables, findings, the result."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from opengov.errors import OpengovError
from opengov.formats import CellRef, Format, TableSpec, Value

CellState = Literal["number", "blank", "marker", "missing", "ambiguous"]
"""How a published cell was printed: a figure, left empty, a dash/slash/无 marker, not found, or unreadable
because several readings fit."""

JSON_VERSION = 1
"""The version of :meth:`AuditResult.to_json`'s layout; documented in ``docs/audit.md``."""


class NotAReportError(OpengovError, ValueError):
    """The input cannot be read as an annual report: no table of any known format was found.

    Attributes:
        source: the input's name (file name or ``"<string>"``).
        reason: what was missing.
        line: the 1-based line the reason refers to, if any.
    """

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: not readable as a disclosure annual report: {reason}")


@attrs.frozen
class PublishedCell:
    """One cell as the report prints it.

    Attributes:
        state: see :data:`CellState`; blank, ``0`` and ``—`` stay distinct.
        value: the figure (``int``, or ``Decimal`` for 万元 and decimals), or ``None`` unless ``state`` is
            ``"number"``.
        text: the cell as printed (``""`` when blank or missing).
        line: the 1-based input line it was read from, if known.
        assumed: codes of the rules this reading assumed (a run-together row split, or cells placed by
            arrangement); those rules are no evidence either way for it.
    """

    state: CellState
    value: Value | None = None
    text: str = ""
    line: int | None = None
    assumed: tuple[str, ...] = ()


MISSING = PublishedCell("missing")


@attrs.frozen
class PublishedTable:
    """One table of a published report, keyed by the format's row and column keys.

    Attributes:
        spec: the format's declaration of the table.
        cells: every figure cell of ``spec`` (absent rows are ``"missing"``), plus the cells of heading rows
            printed with figures of their own (see ``collapsed``).
        collapsed: heading rows printed as one figure row instead of their sub-rows (e.g. gov2021's
            （六）其他处理 printed as a single row, as in the gov2019 layout).
        by_position: whether rows were identified by their position rather than their labels.
        absent: rows of a provincial template printed in some years only that this report does not print
            (its rules are checked without them).
    """

    spec: TableSpec
    cells: Mapping[CellRef, PublishedCell]
    collapsed: tuple[str, ...] = ()
    by_position: bool = False
    absent: tuple[str, ...] = ()

    def cell(self, row: str, column: str | None = None) -> PublishedCell:
        """The cell at ``row`` (and ``column``; single-column tables need none).

        Raises:
            KeyError: the table has no such cell.
        """
        key = (row, column if column is not None else self.spec.columns[0].key)
        if key not in self.cells:
            raise KeyError(f"table {self.spec.key} has no cell {key}")
        return self.cells[key]

    def value(self, row: str, column: str | None = None) -> Value | None:
        """The figure at ``row`` (and ``column``), or ``None`` when the cell holds no number."""
        return self.cell(row, column).value

    @property
    def found(self) -> bool:
        """Whether any cell of the table was read."""
        return any(c.state != "missing" for c in self.cells.values())


@attrs.frozen
class PublishedReport:
    """Everything read from one published report.

    Attributes:
        format: the format it was read in.
        detection: why that format (or ``"given"``).
        year: the report year stated in its title, if any.
        tables: in the format's official order.
        agency: the agency named at the head of its title, if any (``三明市``): how reports of the same
            agency are paired across years.
    """

    format: Format
    detection: str
    year: int | None
    tables: tuple[PublishedTable, ...]
    agency: str | None = None

    def table(self, key: str) -> PublishedTable:
        """The table with ``key``.

        Raises:
            KeyError: the format has no such table.
        """
        for table in self.tables:
            if table.spec.key == key:
                return table
        raise KeyError(f"format {self.format.key} has no table {key!r}")

    def value(self, row: str, column: str | None = None) -> Value | None:
        """The figure at ``row`` (and ``column``) in whichever table holds the row, or ``None``."""
        return self.table(self.format.table_of_row(row).key).value(row, column)


@attrs.frozen
class FindingCell:
    """A cell a finding refers to, with the official labels a reader looks for."""

    row: str
    row_label: str
    column: str
    column_label: str
    value: Value | None
    text: str = ""
    line: int | None = None


FindingKind = Literal[
    "rule", "carry", "narrative", "split", "ambiguous", "assumed", "unreadable", "not_reported"
]


@attrs.frozen
class AuditFinding:
    """Something a reader of the report should look at.

    Attributes:
        kind: ``"rule"`` (a rule of the format fails), ``"carry"`` (this year's 上年结转 differs from last
            year's 结转下年度), ``"narrative"`` (the text states a figure the table contradicts), ``"split"``
            (no reading of run-together digits satisfies the rules), ``"ambiguous"`` (several readings fit:
            reported instead of picking one), ``"assumed"`` (a table read only by assuming every rule it
            has: they hold, but are no evidence), ``"unreadable"`` (a row could not be placed) or
            ``"not_reported"`` (a cell the table must hold is left out or blank: not a pass, not a zero).
        severity: ``"error"`` for an inconsistency in the published report; ``"warning"`` where the auditor
            could not read something (the report may still be right).
        code: the rule's code (``kind == "rule"``), the carry rule's code, or a stable code of the check.
        text: the rule in words with the official labels, or the check's description.
        message: one line for a reader.
        cells: the cells involved, in the rule's order.
        left: the sum of the rule's left side (``None`` where not a rule).
        relation: ``"="`` or ``"≤"``.
        right: the sum of its right side.
        difference: ``left − right``.
        lines: input lines involved.
    """

    kind: FindingKind
    severity: Literal["error", "warning"]
    code: str
    text: str
    message: str
    cells: tuple[FindingCell, ...] = ()
    left: Value | None = None
    relation: str | None = None
    right: Value | None = None
    difference: Value | None = None
    lines: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The finding as JSON-ready data (numbers as JSON numbers, 万元 amounts as strings)."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "code": self.code,
            "text": self.text,
            "message": self.message,
            "cells": [
                {
                    "row": c.row,
                    "row_label": c.row_label,
                    "column": c.column,
                    "column_label": c.column_label,
                    "value": _json_value(c.value),
                    "printed": c.text,
                    "line": c.line,
                }
                for c in self.cells
            ],
            "left": _json_value(self.left),
            "relation": self.relation,
            "right": _json_value(self.right),
            "difference": _json_value(self.difference),
            "lines": list(self.lines),
        }


def _json_value(value: Value | None) -> int | str | None:
    if isinstance(value, Decimal):
        return str(value)
    return value


@attrs.frozen
class RuleOutcome:
    """How one rule fared: ``"holds"``, ``"fails"``, ``"unchecked"`` (with the reason) or ``"assumed"``."""

    code: str
    status: Literal["holds", "fails", "unchecked", "assumed"]
    reason: str = ""


@attrs.frozen
class AuditResult:
    """The outcome of auditing one published report.

    Attributes:
        source: the input's name.
        report: what was read.
        findings: errors first, in table and rule order.
        rules: every rule of the format (and derived rules for rows printed as one), with its outcome.
        notes: how the report was read where a reader should know (rows found by position, splits).
    """

    source: str
    report: PublishedReport
    findings: tuple[AuditFinding, ...]
    rules: tuple[RuleOutcome, ...]
    notes: tuple[str, ...] = ()

    @property
    def format(self) -> str:
        """The key of the format the report was read in."""
        return self.report.format.key

    @property
    def errors(self) -> tuple[AuditFinding, ...]:
        """The findings of severity ``"error"``."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        """Whether the report is consistent: no error finding (warnings allowed)."""
        return not self.errors

    @property
    def exit_status(self) -> int:
        """0 when consistent, 1 when there are error findings (the CLI's exit status)."""
        return 0 if self.ok else 1

    def count(self, status: str) -> int:
        """How many rules have ``status`` (``"holds"``, ``"fails"``, ``"unchecked"``, ``"assumed"``)."""
        return sum(1 for r in self.rules if r.status == status)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data; the keys are documented in ``docs/audit.md``."""
        return {
            "version": JSON_VERSION,
            "source": self.source,
            "format": self.format,
            "detection": self.report.detection,
            "year": self.report.year,
            "agency": self.report.agency,
            "consistent": self.ok,
            "summary": {s: self.count(s) for s in ("holds", "fails", "unchecked", "assumed")},
            "findings": [f.to_json() for f in self.findings],
            "rules": [{"code": r.code, "status": r.status, "reason": r.reason} for r in self.rules],
            "notes": list(self.notes),
            "tables": {
                t.spec.key: {
                    f"{row}|{column}": {
                        "state": c.state,
                        "value": _json_value(c.value),
                        "printed": c.text,
                        "line": c.line,
                    }
                    for (row, column), c in t.cells.items()
                }
                for t in self.report.tables
            },
        }

    def to_text(self) -> str:
        """A readable account: the verdict, then each finding with its cells and figures."""
        head = f"{self.source}: {self.format} ({self.report.detection})"
        summary = (
            f"rules: {self.count('holds')} hold, {self.count('fails')} fail, "
            f"{self.count('unchecked')} not checkable, {self.count('assumed')} assumed to read the table"
        )
        verdict = (
            "consistent"
            if self.ok
            else f"{len(self.errors)} inconsistenc{'y' if len(self.errors) == 1 else 'ies'}"
        )
        out = [head, f"{verdict}; {summary}"]
        for finding in self.findings:
            out.append(f"  [{finding.severity}] {finding.code}: {finding.message}")
            for c in finding.cells:
                where = f" (line {c.line})" if c.line else ""
                shown = c.text if c.value is None else str(c.value)
                out.append(f"      {c.row_label} · {c.column_label} = {shown or '(blank)'}{where}")
        for note in self.notes:
            out.append(f"  note: {note}")
        return "\n".join(out)
