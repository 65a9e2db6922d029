"""Built tables read by their official labels, so that expectations can be written from the templates.

A cell is named ``"<table title>/<row label>/…/<row label>"`` (the row's labels from the top of its
table down) and, in tables with more than one column, ``" | <column group>·<column label>"``. Whitespace
is removed, so labels can be copied from the printed templates as they are.
"""

from __future__ import annotations

from opengov.formats import Row, TableSpec, Value
from opengov.tables import TableSet


def _plain(label: str) -> str:
    return "".join(label.split())


def nonzero_cells(tables: TableSet) -> dict[str, Value]:
    """Every non-zero figure of ``tables`` by its label path (see the module docstring)."""
    out: dict[str, Value] = {}
    for cell in tables:
        if not cell.value:
            continue
        name = f"{cell.table.title}/{row_path(cell.table, cell.row)}"
        if len(cell.table.columns) > 1:
            column = (
                cell.column.label if cell.column.group is None else f"{cell.column.group}·{cell.column.label}"
            )
            name += f" | {column}"
        out[_plain(name)] = cell.value
    return out


def labelled(expected: dict[str, Value]) -> dict[str, Value]:
    """Hand-written expectations with the whitespace of the printed labels removed."""
    return {_plain(name): value for name, value in expected.items()}


def row_path(table: TableSpec, row: Row) -> str:
    """A row's labels from the top of its table down, joined by ``/``, whitespace removed."""
    path = [row.label]
    parent = row.parent
    while parent is not None:
        above = table.row(parent)
        path.append(above.label)
        parent = above.parent
    return _plain("/".join(reversed(path)))


def grid(tables: TableSet, title: str) -> list[tuple[str, list[Value]]]:
    """Every figure row of the table titled ``title``: its label path and its figures, column by column."""
    [table] = [t for t in tables.tables if t.spec.title == title]
    spec = table.spec
    return [
        (row_path(spec, row), [table[row.key, column.key] for column in spec.columns])
        for row in spec.rows
        if not row.is_heading
    ]


def titles(tables: TableSet) -> list[str]:
    """The titles of the built tables, in official order."""
    return [t.spec.title for t in tables.tables]


def plain_rows(rows: list[tuple[str, list[Value]]]) -> list[tuple[str, list[Value]]]:
    """Hand-written grid rows with the whitespace of the printed labels removed."""
    return [(_plain(label), values) for label, values in rows]
