"""A report table laid out as a grid of header and body cells, with row and column spans.

Every renderer draws the same grid, so the text, HTML, Word and Excel tables agree cell for cell.

Column headers form a tree (``ReportColumn.groups``). A group whose children are all columns sits above
them and stretches down so that they line up on the last header row (行政复议 over its five outcomes); a
column beside groups stretches up instead (自然人 and 总计 beside 法人或其他组织), as the official
templates print them.
"""

from __future__ import annotations

__all__ = ["BodyCell", "HeaderCell", "body_rows", "header_rows", "width"]

from typing import Literal

import attrs

from opengov.formats import Value
from opengov.report._model import ReportTable

HeaderKind = Literal["label", "unit", "group", "column", "previous"]
BodyKind = Literal["label", "unit", "figure", "previous"]


@attrs.frozen
class HeaderCell:
    """A header cell: its text, where it starts, and how far it spans."""

    text: str
    row: int
    column: int
    kind: HeaderKind
    rowspan: int = 1
    colspan: int = 1
    key: str = ""


@attrs.frozen
class BodyCell:
    """A body cell: its text and, for a figure, the figure itself."""

    text: str
    kind: BodyKind
    value: Value | None = None
    level: int = 0
    heading: bool = False
    key: str = ""


@attrs.define
class _Node:
    label: str
    children: list[_Node | int] = attrs.field(factory=list)


def _tree(table: ReportTable) -> _Node:
    root = _Node("")
    for index, column in enumerate(table.columns):
        node = root
        for group in column.groups:
            last = node.children[-1] if node.children else None
            if not (isinstance(last, _Node) and last.label == group):
                last = _Node(group)
                node.children.append(last)
            node = last
        node.children.append(index)
    return root


def _depth(node: _Node | int) -> int:
    if isinstance(node, int):
        return 1
    return 1 + max(_depth(child) for child in node.children)


def _leaves(node: _Node | int) -> int:
    if isinstance(node, int):
        return 1
    return sum(_leaves(child) for child in node.children)


def _lead(table: ReportTable) -> int:
    return int(table.row_labels) + int(table.unit_column)


def width(table: ReportTable) -> int:
    """How many grid columns the table has (labels, units, figures and previous-year figures)."""
    return _lead(table) + len(table.columns) + len(table.previous_labels)


def header_rows(table: ReportTable) -> list[list[HeaderCell]]:
    """The header rows, each listing the cells that start in it, left to right."""
    root = _tree(table)
    height = _depth(root) - 1
    cells: list[HeaderCell] = []
    lead = _lead(table)

    def place(children: list[_Node | int], row: int, rows: int, start: int, path: str) -> None:
        column = start
        for child in children:
            if isinstance(child, int):
                spec = table.columns[child]
                cells.append(HeaderCell(spec.label, row, lead + column, "column", rows, 1, spec.key))
                column += 1
                continue
            span = _leaves(child)
            key = f"{path}/{child.label}" if path else child.label
            if all(isinstance(c, int) for c in child.children):
                cells.append(HeaderCell(child.label, row, lead + column, "group", rows - 1, span, key))
                place(child.children, row + rows - 1, 1, column, key)
            else:
                cells.append(HeaderCell(child.label, row, lead + column, "group", 1, span, key))
                place(child.children, row + 1, rows - 1, column, key)
            column += span

    if table.row_labels:
        cells.append(HeaderCell(table.label_header, 0, 0, "label", height))
    if table.unit_column:
        cells.append(HeaderCell("单位", 0, lead - 1, "unit", height))
    place(root.children, 0, height, 0, "")
    for offset, label in enumerate(table.previous_labels):
        column = lead + len(table.columns) + offset
        cells.append(HeaderCell(label, 0, column, "previous", height, 1, f"previous/{offset}"))
    return [sorted((c for c in cells if c.row == r), key=lambda c: c.column) for r in range(height)]


def body_rows(table: ReportTable) -> list[list[BodyCell]]:
    """The body rows, one list of cells per table row (a heading's figure cells are empty)."""
    rows = []
    for row in table.rows:
        cells = []
        if table.row_labels:
            cells.append(BodyCell(row.label, "label", level=row.level, heading=row.is_heading, key=row.key))
        if table.unit_column:
            cells.append(BodyCell(row.unit or "", "unit", heading=row.is_heading))
        if row.is_heading:
            cells.extend(BodyCell("", "figure", heading=True) for _ in table.columns)
            cells.extend(BodyCell("", "previous", heading=True) for _ in table.previous_labels)
        else:
            for column, value in zip(table.columns, row.values, strict=True):
                cells.append(BodyCell(table.display(value), "figure", value, key=f"{row.key}/{column.key}"))
            for value in row.previous:
                cells.append(BodyCell(table.display(value), "previous", value))
        rows.append(cells)
    return rows


def flat_header(table: ReportTable) -> list[list[str]]:
    """The header as a plain grid of texts: a spanned cell's text in its first slot, blanks elsewhere."""
    rows = header_rows(table)
    grid = [[""] * width(table) for _ in rows]
    for row in rows:
        for cell in row:
            grid[cell.row][cell.column] = cell.text
    return grid
