"""Excel (.xlsx) through openpyxl: the statistics tables, one sheet each.

Figures are stored as numbers (zero included, so sums work); gov2008 sheets hide zero with a number format,
as the seed prints it blank. Every text cell that a spreadsheet could read as a formula — starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return — is stored with a leading ``'`` so that it cannot
run (:func:`~opengov.render._common.neutralise`); text longer than a cell holds is cut at 32,767 characters.
"""

from __future__ import annotations

__all__ = ["neutralise", "to_xlsx"]

import os
import re
from typing import IO, Any

from opengov.render._common import deliver, neutralise, previous_note, printable, require
from opengov.render._grid import body_rows, header_rows, width
from opengov.report._model import AnnualReport, ReportTable

CELL_LIMIT = 32_767
"""The most characters an Excel cell holds; longer text is cut there, ending in an ellipsis."""
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell_text(text: str) -> str:
    """``text`` as a cell holds it: neutralised (see ``neutralise``) and cut at :data:`CELL_LIMIT`."""
    text = neutralise(text)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", title).strip("'")[:31] or "表"
    name, n = base, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _sheet(workbook: Any, report: AnnualReport, table: ReportTable, used: set[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_name(table.title, used))
    columns = width(table)
    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="F1F1EE")

    def text(row: int, column: int, value: str, **style: Any) -> Any:
        cell = sheet.cell(row=row, column=column)
        cell.value = _cell_text(value)
        cell.data_type = "s"
        for key, item in style.items():
            setattr(cell, key, item)
        return cell

    text(1, 1, report.title, font=Font(bold=True, size=14))
    text(2, 1, table.title, font=Font(bold=True))
    text(3, 1, f"填报单位：{report.agency_name}    统计期限：{report.year}年1月1日至{report.year}年12月31日")
    top = 5
    header = header_rows(table)
    for header_cells in header:
        for h in header_cells:
            row, column = top + h.row, 1 + h.column
            for r in range(row, row + h.rowspan):
                for k in range(column, column + h.colspan):
                    sheet.cell(row=r, column=k).border = border
                    sheet.cell(row=r, column=k).fill = head_fill
            text(
                row,
                column,
                h.text,
                font=Font(bold=True),
                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
            if h.rowspan > 1 or h.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + h.rowspan - 1,
                    end_column=column + h.colspan - 1,
                )
    first = top + len(header)
    integer = "0;-0;;@" if table.blank_zero else "0"
    decimal = "0.00##;-0.00##;;@" if table.blank_zero else "0.00##"
    for offset, cells in enumerate(body_rows(table)):
        row = first + offset
        for index, c in enumerate(cells, start=1):
            if c.kind == "label":
                text(
                    row,
                    index,
                    c.text,
                    font=Font(bold=c.heading),
                    alignment=Alignment(indent=c.level, wrap_text=True, vertical="center"),
                )
            elif c.kind == "unit":
                text(row, index, c.text, alignment=Alignment(horizontal="center", vertical="center"))
            elif c.value is not None:
                cell = sheet.cell(row=row, column=index, value=c.value)
                cell.number_format = integer if isinstance(c.value, int) else decimal
            sheet.cell(row=row, column=index).border = border
    last = first + len(table.rows)
    note = previous_note(table)
    if note:
        text(last + 1, 1, note)
    lead = int(table.row_labels) + int(table.unit_column)
    for index in range(1, columns + 1):
        letter = get_column_letter(index)
        if table.row_labels and index == 1:
            sheet.column_dimensions[letter].width = 60 if table.unit_column else 46
        elif table.unit_column and index == lead:
            sheet.column_dimensions[letter].width = 7
        else:
            sheet.column_dimensions[letter].width = 11
    sheet.freeze_panes = sheet.cell(row=first, column=lead + 1)
    sheet.sheet_view.zoomScale = 100
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if columns > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{first - 1}"


def to_xlsx(report: AnnualReport, target: str | os.PathLike[str] | IO[bytes] | None = None) -> bytes:
    """The report's statistics tables as an Excel workbook, one sheet per table.

    Also written to ``target`` (a path or a binary stream) if given.

    Raises:
        MissingExtraError: openpyxl is not installed (``pip install 'opengov[xlsx]'``).
    """
    openpyxl = require("openpyxl", "xlsx", "Excel workbooks")
    report = printable(report)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report.tables():
        _sheet(workbook, report, table, used)
    workbook.properties.title = _cell_text(report.title)[:255]
    workbook.properties.creator = "opengov"
    return deliver(workbook.save, target)
