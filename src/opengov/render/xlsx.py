"""Excel (.xlsx) through openpyxl: the statistics tables, each official table on one sheet.

- One sheet per official table: the gov2021 report's table 二 (第二十条's four items) is one sheet with its
  four parts one under another, as the template prints it; table 三 and 四 a sheet each; gov2008's table one.
- The title rows (the report's title, the table's, 填报单位 and 统计期限) are merged across the table's width.
- Every cell is set in 宋体 (SimSun, the face Chinese spreadsheets use), and rows whose labels wrap get
  the height the wrapped text needs (long labels of table 三 take two or three lines).
- Figures are stored as numbers (zero included, so sums work); gov2008 sheets hide zero with a number
  format, as the seed prints it blank.
- Every text cell that a spreadsheet could read as a formula — starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return — is stored with a leading ``'`` so that it cannot run
  (:func:`~opengov.render._common.neutralise`); text longer than a cell holds is cut at 32,767 characters.
"""

from __future__ import annotations

__all__ = ["CELL_LIMIT", "FONT", "LINE_HEIGHT", "lines_needed", "neutralise", "to_xlsx"]

import math
import os
import re
import unicodedata
from collections.abc import Sequence
from typing import IO, Any

from opengov.render._common import deliver, neutralise, previous_note, printable, require
from opengov.render._grid import body_rows, header_rows, width
from opengov.report._model import AnnualReport, ReportTable

CELL_LIMIT = 32_767
"""The most characters an Excel cell holds; longer text is cut there, ending in an ellipsis."""
FONT = "宋体"
"""The face of every cell."""
LINE_HEIGHT = 15.0
"""The height in points of one line of 11 pt text (Excel's default row height)."""
WRAPPED_LINE = 16.0
"""The height in points given to each line of a cell whose text wraps."""
SIZE = 11
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell_text(text: str) -> str:
    """``text`` as a cell holds it: neutralised (see ``neutralise``) and cut at :data:`CELL_LIMIT`."""
    text = neutralise(text)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def lines_needed(text: str, column_width: float) -> int:
    """How many lines ``text`` wraps to in a column ``column_width`` characters wide (Excel's unit).

    A Chinese character takes two units, as Excel measures them.

    >>> lines_needed("一、本年新收政府信息公开申请数量", 20), lines_needed("abc", 20), lines_needed("", 5)
    (2, 1, 1)
    """
    usable = max(column_width * 0.9 - 1, 1)  # LibreOffice and WPS draw CJK a little wider than Excel
    total = 0
    for line in text.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        total += max(1, math.ceil(units / usable))
    return total


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", title).strip("'")[:31] or "表"
    name, n = base, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _widths(table: ReportTable) -> list[float]:
    lead = int(table.row_labels) + int(table.unit_column)
    widths = []
    for index in range(1, width(table) + 1):
        if table.row_labels and index == 1:
            widths.append(60.0 if table.unit_column else 46.0)
        elif table.unit_column and index == lead:
            widths.append(7.0)
        else:
            widths.append(11.0)
    return widths


def _sheet(
    workbook: Any, heading: tuple[str, str], title: str, tables: Sequence[ReportTable], used: set[str]
) -> None:
    """A sheet ``title`` holding ``tables`` one under another, below ``heading``: the report's title and
    its 填报单位/统计期限 line, each merged across the width."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_name(title, used))
    columns = max(width(t) for t in tables)
    column_widths = [0.0] * columns
    for table in tables:
        for index, value in enumerate(_widths(table)):
            column_widths[index] = max(column_widths[index], value)
    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="F1F1EE")
    heights: dict[int, float] = {}

    def need(row: int, lines: float) -> None:
        # wrapped lines are set a little apart (CJK faces are tall): 16 pt a line and 2 pt to spare
        height = LINE_HEIGHT if lines <= 1 else lines * WRAPPED_LINE + 2
        heights[row] = max(heights.get(row, LINE_HEIGHT), height)

    def text(
        row: int, column: int, value: str, *, bold: bool = False, size: float = SIZE, **style: Any
    ) -> Any:
        cell = sheet.cell(row=row, column=column)
        cell.value = _cell_text(value)
        cell.data_type = "s"
        cell.font = Font(name=FONT, bold=bold, size=size)
        for key, item in style.items():
            setattr(cell, key, item)
        return cell

    def banner(row: int, value: str, *, bold: bool = False, size: float = SIZE, center: bool = True) -> None:
        """A title line merged across the table's width, wrapped, its height from its length."""
        alignment = Alignment(horizontal="center" if center else "left", vertical="center", wrap_text=True)
        text(row, 1, value, bold=bold, size=size, alignment=alignment)
        if columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        need(row, lines_needed(value, sum(column_widths) * SIZE / size) * size / SIZE)

    banner(1, heading[0], bold=True, size=14)
    banner(2, heading[1], center=False)
    top = 4
    integer = "0;-0;;@" if tables[0].blank_zero else "0"
    decimal = "0.00##;-0.00##;;@" if tables[0].blank_zero else "0.00##"
    header_top = top
    for table in tables:
        banner(top, table.title, bold=True)
        top += 1
        header = header_rows(table)
        widths = _widths(table)
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
                    bold=True,
                    alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
                )
                span = sum(widths[h.column : h.column + h.colspan])
                need(row, lines_needed(h.text, span) / h.rowspan)
                if h.rowspan > 1 or h.colspan > 1:
                    sheet.merge_cells(
                        start_row=row,
                        start_column=column,
                        end_row=row + h.rowspan - 1,
                        end_column=column + h.colspan - 1,
                    )
        first = top + len(header)
        if header_top == 4:
            header_top = top
        for offset, cells in enumerate(body_rows(table)):
            row = first + offset
            for index, c in enumerate(cells, start=1):
                if c.kind == "label":
                    text(
                        row,
                        index,
                        c.text,
                        bold=c.heading,
                        alignment=Alignment(indent=c.level, wrap_text=True, vertical="center"),
                    )
                    need(row, lines_needed(c.text, widths[index - 1] - 2 * c.level))
                elif c.kind == "unit":
                    text(row, index, c.text, alignment=Alignment(horizontal="center", vertical="center"))
                elif c.value is not None:
                    cell = sheet.cell(row=row, column=index, value=c.value)
                    cell.number_format = integer if isinstance(c.value, int) else decimal
                    cell.font = Font(name=FONT, size=SIZE)
                sheet.cell(row=row, column=index).border = border
        top = first + len(table.rows)
        note = previous_note(table)
        if note:
            banner(top, note, center=False)
            top += 1
        top += 1
    for row, height in heights.items():
        sheet.row_dimensions[row].height = round(height, 1)
    for index, value in enumerate(column_widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    if len(tables) == 1:
        lead = int(tables[0].row_labels) + int(tables[0].unit_column)
        sheet.freeze_panes = sheet.cell(row=header_top + len(header_rows(tables[0])), column=lead + 1)
        sheet.print_title_rows = f"{header_top}:{header_top + len(header_rows(tables[0])) - 1}"
    sheet.sheet_view.zoomScale = 100
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if columns > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def heading(title: str, agency_name: str, year: int) -> tuple[str, str]:
    """The two lines above a sheet's tables: the title, and 填报单位 with the year as 统计期限.

    >>> heading("报告", "某局", 2024)[1]
    '填报单位：某局    统计期限：2024年1月1日至2024年12月31日'
    """
    return title, f"填报单位：{agency_name}    统计期限：{year}年1月1日至{year}年12月31日"


def _official_tables(report: AnnualReport) -> list[tuple[str, tuple[ReportTable, ...]]]:
    """Each official table as (sheet title, its parts): a section's tables together, the attachment's each."""
    groups = [(s.title, s.tables) for s in report.sections if s.tables]
    if report.attachment is not None:
        groups += [(t.title, (t,)) for t in report.attachment.tables]
    return groups


def to_xlsx(report: AnnualReport, target: str | os.PathLike[str] | IO[bytes] | None = None) -> bytes:
    """The report's statistics tables as an Excel workbook, one sheet per official table.

    Also written to ``target`` (a path or a binary stream) if given.

    Raises:
        MissingExtraError: openpyxl is not installed (``pip install 'opengov[xlsx]'``).
    """
    openpyxl = require("openpyxl", "xlsx", "Excel workbooks")
    report = printable(report)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for title, tables in _official_tables(report):
        _sheet(workbook, heading(report.title, report.agency_name, report.year), title, tables, used)
    workbook.properties.title = _cell_text(report.title)[:255]
    workbook.properties.creator = "opengov"
    return deliver(workbook.save, target)
