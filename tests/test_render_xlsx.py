"""The Excel renderer: one sheet per table, numbers as numbers, formulas neutralised."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import openpyxl

from opengov.codec import load_events
from opengov.render import to_xlsx
from opengov.render.xlsx import neutralise
from opengov.report import build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _book(report: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))  # type: ignore[arg-type]


def test_one_sheet_per_table_numbers_as_numbers() -> None:
    """Each table is a sheet; figures are numeric cells, zero included; table 三 merges its group header."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    book = _book(report)
    assert [t.title for t in report.tables()] == book.sheetnames
    sheet = book["三、收到和处理政府信息公开申请情况"]
    values = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    row = values["一、本年新收政府信息公开申请数量"]
    assert [5, 12, 8, 15, 7, 13, 60, 60] == [sheet.cell(row=row, column=c).value for c in range(2, 10)]
    assert all(sheet.cell(row=row, column=c).data_type == "n" for c in range(2, 10))
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert "C6:G6" in merged  # 法人或其他组织 over its five columns
    fees = book["第二十条第（八）项"]
    assert 12.53 == float(fees.cell(row=6, column=2).value)


def test_gov2008_zero_is_stored_and_hidden() -> None:
    """gov2008 zeros are stored as 0 with a format that prints them blank."""
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    sheet = _book(report)["政府信息公开情况统计表"]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    items = sheet.cell(row=rows["(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)"], column=3)
    gazette = sheet.cell(row=rows["1. 政府公报公开政府信息数"], column=3)
    assert (201, 0) == (items.value, gazette.value)
    assert ";;" in gazette.number_format


def test_formula_text_is_neutralised() -> None:
    """A name from the log that starts like a formula is stored as text with a leading quote."""
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    hostile = attrs.evolve(report, agency_name='=HYPERLINK("http://evil","x")')
    sheet = _book(hostile)["政府信息公开情况统计表"]
    title = sheet.cell(row=1, column=1)
    assert ("s", True) == (title.data_type, title.value.startswith("'="))
    for cell in (c for row in sheet.iter_rows() for c in row):
        assert cell.data_type != "f"


def test_neutralise() -> None:
    """Every formula-starting character is prefixed; other text is kept."""
    assert ["'=1", "'+1", "'-1", "'@x", "'\tx", "一"] == [
        neutralise(t) for t in ("=1", "+1", "-1", "@x", "\tx", "一")
    ]
