"""The Excel renderer: one sheet per official table, merged titles, 宋体, row heights, numbers as numbers,
formulas neutralised."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import openpyxl

from opengov.codec import load_events
from opengov.render import to_xlsx
from opengov.render.xlsx import LINE_HEIGHT, lines_needed, neutralise
from opengov.report import build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _book(report: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))  # type: ignore[arg-type]


def test_one_sheet_per_official_table_numbers_as_numbers() -> None:
    """Each official table is a sheet (table 二's four items on one); figures are numeric cells, zero
    included; table 三 merges its group header."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    book = _book(report)
    assert [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ] == book.sheetnames
    sheet = book["三、收到和处理政府信息公开申请情况"]
    values = {sheet.cell(row=r, column=1).value: r for r in range(1, sheet.max_row + 1)}
    row = values["一、本年新收政府信息公开申请数量"]
    assert [5, 12, 8, 15, 7, 13, 60] == [sheet.cell(row=row, column=c).value for c in range(2, 9)]
    assert all(sheet.cell(row=row, column=c).data_type == "n" for c in range(2, 9))
    assert sheet.cell(row=row, column=9).value is None  # no 上年总计 unless asked
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert "C6:G6" in merged  # 法人或其他组织 over its five columns
    second = book["二、主动公开政府信息情况"]
    labels = [second.cell(row=r, column=1).value for r in range(1, second.max_row + 1)]
    items = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert items == [label for label in labels if label in items]
    fees = labels.index("行政事业性收费") + 1
    assert 12.53 == float(second.cell(row=fees, column=2).value)


def test_title_rows_merged_across_the_table() -> None:
    """The report's title and the 填报单位 line are merged over the table's width, and centred/left."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    sheet = _book(report)["三、收到和处理政府信息公开申请情况"]
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert {"A1:H1", "A2:H2", "A4:H4"} <= merged
    assert ("示范市自然资源局2025年政府信息公开工作年度报告", "center") == (
        sheet["A1"].value,
        sheet["A1"].alignment.horizontal,
    )
    assert sheet["A2"].value.startswith("填报单位：示范市自然资源局")


def test_chinese_font_everywhere() -> None:
    """Every written cell, figures included, is set in 宋体."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    for sheet in _book(report).worksheets:
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert {"宋体"} == fonts


def test_wrapped_labels_get_row_heights() -> None:
    """A label that wraps gets a row tall enough for its lines; a one-line row keeps the default."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    sheet = _book(report)["三、收到和处理政府信息公开申请情况"]
    width = sheet.column_dimensions["A"].width
    rows = {sheet.cell(row=r, column=1).value: r for r in range(8, sheet.max_row + 1)}  # the body
    long = next(label for label in rows if label and lines_needed(label, width) >= 2)
    assert sheet.row_dimensions[rows[long]].height >= 2 * LINE_HEIGHT
    short = rows["（一）予以公开"]
    assert sheet.row_dimensions[short].height in (None, LINE_HEIGHT)
    for label, row in rows.items():
        if label and sheet.cell(row=row, column=1).alignment.wrap_text:
            height = sheet.row_dimensions[row].height or LINE_HEIGHT
            assert height >= lines_needed(label, width) * LINE_HEIGHT - 0.1, label


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
