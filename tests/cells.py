"""Built tables read by their official labels, so that expectations can be written from the templates.

A cell is named ``"<table title>/<row label>/…/<row label>"`` (the row's labels from the top of its
table down) and, in tables with more than one column, ``" | <column group>·<column label>"``. Whitespace
is removed, so labels can be copied from the printed templates as they are.
"""

from __future__ import annotations

from opengov.formats import Value
from opengov.tables import TableSet


def _plain(label: str) -> str:
    return "".join(label.split())


def nonzero_cells(tables: TableSet) -> dict[str, Value]:
    """Every non-zero figure of ``tables`` by its label path (see the module docstring)."""
    out: dict[str, Value] = {}
    for cell in tables:
        if not cell.value:
            continue
        path = [cell.row.label]
        parent = cell.row.parent
        while parent is not None:
            row = cell.table.row(parent)
            path.append(row.label)
            parent = row.parent
        name = "/".join([cell.table.title, *reversed(path)])
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
