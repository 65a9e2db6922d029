"""The supervisor's view (:func:`opengov.supervise.build_supervisor_view`) as text, CSV, HTML, Word and Excel.

Every form shows the same things in the same order: the indicators per agency and for the region (a rate
on fewer than its minimum cases prints as ``—``), each indicator's definition, the applications overdue
and due soon across agencies, and the summed official tables. The CSV holds every number the other forms
show, tidy, one per line, so a chart or a spreadsheet can be made from it.
"""

from __future__ import annotations

__all__ = [
    "SUPERVISION_RENDERERS",
    "statistics_of",
    "supervision_csv",
    "supervision_docx",
    "supervision_html",
    "supervision_text",
    "supervision_xlsx",
]

import csv as _csv
import io
import struct
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from opengov.render._common import clean, deliver, neutralise, printable, require
from opengov.render.tables_text import format_tables_text

if TYPE_CHECKING:  # the domain is imported when a view is rendered, not when the command line starts
    from opengov.ledger import OpenApplication
    from opengov.report._model import ReportTable
    from opengov.supervise import AgencyIndicators, SupervisorView

_APPLICATION_HEADER = ("机关", "申请编号", "收到日期", "答复期限", "剩余工作日")


def _title(view: SupervisorView) -> str:
    return f"{view.year}年度政府信息公开工作监督概览（{len(view.agencies)}个机关）"


def _rows(view: SupervisorView) -> list[AgencyIndicators]:
    return [*view.agencies, view.region]


def _names(view: SupervisorView) -> dict[str, str]:
    return {a.agency: a.name for a in view.agencies}


def _application(item: OpenApplication, names: dict[str, str]) -> tuple[str, ...]:
    return (
        names.get(item.agency, item.agency),
        item.application_id,
        item.receipt.isoformat(),
        item.deadline.isoformat() if item.deadline else "-",
        str(item.working_days_left),
    )


def _definitions() -> list[str]:
    from opengov.supervise import INDICATORS

    lines = [f"{i.label}：{i.definition}（少于{i.minimum}件不计算，显示为“—”）" for i in INDICATORS]
    return lines


def supervision_text(view: SupervisorView) -> str:
    """The view as tab-separated text."""
    from opengov.supervise import INDICATORS

    out = [clean(_title(view)), ""]
    out.append("\t".join(["机关", *(i.label for i in INDICATORS)]))
    for row in _rows(view):
        out.append("\t".join([clean(row.name), *(row.shown(i.key) for i in INDICATORS)]))
    out += ["", "指标口径", *_definitions(), ""]
    names = _names(view)
    for title, items in (
        (f"截至{view.as_of.isoformat()}已逾期（{len(view.overdue)}件）", view.overdue),
        (f"{view.within}个工作日内到期（{len(view.due_soon)}件）", view.due_soon),
    ):
        out.append(title)
        out.append("\t".join(_APPLICATION_HEADER))
        out += ["\t".join(clean(t) for t in _application(a, names)) for a in items]
        out.append("")
    out.append(f"汇总统计表（{len(view.agencies)}个机关合计）")
    out.append(format_tables_text(view.rollup, blank_zero=False))
    return "\n".join(out).rstrip() + "\n"


def _number(value: Fraction | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == "rate":
        return format(Decimal(value.numerator) / Decimal(value.denominator), ".6f")
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def supervision_csv(view: SupervisorView) -> str:
    """Every number of the view as tidy CSV: ``section, agency, name, measure, label, value, cases``.

    Sections: ``indicator`` (value a share 0–1 or working days; empty below the minimum cases),
    ``count`` (the quantities the indicators are made of — the charts' dispositions and late answers),
    ``answer_days`` (the answer-time histogram: answers per band of working days), ``overdue`` and
    ``due_soon`` (one line per application: value the working days left), and ``rollup`` (the summed
    tables, in :func:`~opengov.render.csv.tables_csv`'s columns, after a blank line).
    """
    from opengov.render.csv import tables_csv
    from opengov.supervise import INDICATORS, QUANTITIES

    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "agency", "name", "measure", "label", "value", "cases"))

    def row(*cells: object) -> None:
        writer.writerow([neutralise(clean(str(c))) for c in cells])

    for item in _rows(view):
        for indicator in INDICATORS:
            value = _number(item.values[indicator.key], indicator.kind)
            cases = item.cases[indicator.key]
            row(
                "indicator",
                item.agency,
                item.name,
                indicator.key,
                indicator.label,
                value,
                "" if cases is None else cases,
            )
        for key, quantity in QUANTITIES.items():
            count = item.counts[key]
            row("count", item.agency, item.name, key, quantity.label, "" if count is None else count, "")
        for band, count in item.timeliness.histogram:
            row("answer_days", item.agency, item.name, band.label, f"{band.label}个工作日", count, "")
    names = _names(view)
    for section, items in (("overdue", view.overdue), ("due_soon", view.due_soon)):
        for a in items:
            row(
                section,
                a.agency,
                names.get(a.agency, a.agency),
                a.application_id,
                a.deadline.isoformat() if a.deadline else "-",
                a.working_days_left,
                "",
            )
    return "\ufeff" + buffer.getvalue() + "\n" + tables_csv([view.rollup]).removeprefix("\ufeff")


_CSS = """
.ogs { font-family: "FangSong", "仿宋", "Noto Serif CJK SC", serif; max-width: 72rem; margin: 0 auto; }
.ogs { padding: 1rem; }
.ogs table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
.ogs th, .ogs td { border: 1px solid #444; padding: .25rem .5rem; }
.ogs td.ogs-figure { text-align: right; font-variant-numeric: tabular-nums; }
.ogs .ogs-region { font-weight: bold; background: #f1f1ee; }
.ogs .ogs-scroll { overflow-x: auto; }
"""


def supervision_html(view: SupervisorView, *, charts: bool = True) -> str:
    """The view as an HTML page (Jinja2; autoescaped). ``charts``: embed the charts as SVG where
    matplotlib is installed (``pip install 'opengov[charts]'``)."""
    from opengov.supervise import INDICATORS, MINIMUM_CASES

    require("jinja2", "html", "HTML")
    from opengov.render.html import _env, _table_view
    from opengov.report._build import _report_table

    names = _names(view)
    env = _env()
    template = env.get_template("supervision.html.j2")
    summed = [_table_view(_report_table(t, None, view.year - 1, False)) for t in view.rollup.tables]
    drawn = _charts(view) if charts else {}
    return str(
        template.render(
            title=_title(view),
            view=view,
            indicators=INDICATORS,
            rows=_rows(view),
            definitions=_definitions(),
            minimum=MINIMUM_CASES,
            header=_APPLICATION_HEADER,
            overdue=[_application(a, names) for a in view.overdue],
            due_soon=[_application(a, names) for a in view.due_soon],
            summed=summed,
            css=_CSS,
            charts=drawn,
        )
    )


def _charts(view: SupervisorView) -> dict[str, str]:
    """The charts as SVG text by name, or none when matplotlib is missing."""
    from opengov.render._common import MissingExtraError
    from opengov.render.charts import charts_svg

    try:
        return charts_svg(view)
    except MissingExtraError:
        return {}


def supervision_docx(view: SupervisorView) -> bytes:
    """The view as a Word document (the report's styles: 仿宋_GB2312 body, 黑体 headings).

    Each chart is a centred picture scaled to the landscape page, kept on one page with its caption below
    it (``图N　title`` in the ``Caption`` style; the picture's paragraph keeps with the next).
    """
    from opengov.supervise import INDICATORS

    docx = require("docx", "docx", "Word documents")
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from opengov.render.docx import BODY_FONT, HEADING_FONT, TITLE_FONT, _fonts, _paginate, _restyle

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, margin, Mm(20))
    styles = document.styles
    _restyle(styles["Normal"], BODY_FONT, 12, line=20)
    _restyle(styles["Title"], TITLE_FONT, 18, align="center", line=30)
    _restyle(styles["Heading 1"], HEADING_FONT, 14, align="left", line=24)
    _restyle(styles["Caption"], BODY_FONT, 12, align="center", line=20)
    styles["Caption"].paragraph_format.keep_together = True

    def table(header: tuple[str, ...] | list[str], lines: list[tuple[str, ...]] | list[list[str]]) -> None:
        grid = document.add_table(rows=1 + len(lines), cols=len(header))
        grid.style = "Table Grid"
        _paginate(grid, 1)  # a long list runs over many pages: its header on each
        rows = list(grid.rows)  # each row's own cells: grid.cell(r, c) reads the whole table each time
        for cell, text in zip(rows[0].cells, header, strict=True):
            run = cell.paragraphs[0].add_run(clean(text))
            run.font.bold = True
            run.font.size = Pt(10.5)
        for row, line in zip(rows[1:], lines, strict=True):
            for cell, text in zip(row.cells, line, strict=True):
                run = cell.paragraphs[0].add_run(clean(text))
                run.font.size = Pt(10.5)
                _fonts(run._element, BODY_FONT)

    document.add_paragraph(clean(_title(view)), style="Title")
    document.add_paragraph("一、各机关指标", style="Heading 1")
    table(
        ["机关", *(i.label for i in INDICATORS)],
        [[r.name, *(r.shown(i.key) for i in INDICATORS)] for r in _rows(view)],
    )
    for line in _definitions():
        document.add_paragraph(line)
    drawn = _charts_png(view)
    if drawn:
        document.add_paragraph("二、图表", style="Heading 1")
        for number, (name, png) in enumerate(drawn.items(), start=1):
            document.add_picture(io.BytesIO(png), **_fit(png))
            picture = document.paragraphs[-1].paragraph_format
            picture.line_spacing, picture.first_line_indent = 1.0, 0  # a fixed line would clip the image
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.keep_with_next = picture.keep_together = True  # the caption stays on the picture's page
            document.add_paragraph(f"图{number}　{name}", style="Caption")
    names = _names(view)
    document.add_paragraph(f"{'三' if drawn else '二'}、督办：已逾期与即将到期的申请", style="Heading 1")
    document.add_paragraph(f"截至{view.as_of.isoformat()}已逾期 {len(view.overdue)} 件：")
    table(_APPLICATION_HEADER, [_application(a, names) for a in view.overdue])
    document.add_paragraph(f"{view.within}个工作日内到期 {len(view.due_soon)} 件：")
    table(_APPLICATION_HEADER, [_application(a, names) for a in view.due_soon])
    return deliver(document.save, None)


def _fit(png: bytes) -> dict[str, Any]:
    """The picture's size on the landscape page: 240 mm wide, or 150 mm high if that is smaller (a tall
    per-agency chart would otherwise run off the page)."""
    from docx.shared import Mm

    width, height = struct.unpack(">II", png[16:24])  # the PNG header's pixel size
    if height * 240 > width * 150:
        return {"height": Mm(150)}
    return {"width": Mm(240)}


def _charts_png(view: SupervisorView) -> dict[str, bytes]:
    from opengov.render._common import MissingExtraError
    from opengov.render.charts import charts_png

    try:
        return charts_png(view)
    except MissingExtraError:
        return {}


def supervision_xlsx(view: SupervisorView) -> bytes:
    """The view as an Excel workbook, its figures stored as numbers so a spreadsheet can sort and sum them.

    Sheets: ``指标`` (an agency a row and the region last; a rate as a share with a percentage format,
    the median in working days; ``—`` as text where the other forms print it), ``指标口径`` (each
    indicator's definition), ``督办`` (the applications overdue and due soon: dates as dates, working
    days left as numbers) and one sheet per summed official table, laid out as
    :func:`~opengov.render.xlsx.to_xlsx` lays out a report's.

    Raises:
        MissingExtraError: openpyxl is not installed (``pip install 'opengov[xlsx]'``).
    """
    from opengov.supervise import INDICATORS

    openpyxl = require("openpyxl", "xlsx", "Excel workbooks")
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from opengov.render.xlsx import FONT, _cell_text, _sheet, heading
    from opengov.report._build import _report_table

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold, plain = Font(name=FONT, bold=True), Font(name=FONT)
    shaded = PatternFill("solid", fgColor="F1F1EE")

    def put(sheet: Any, row: int, column: int, value: object, *, strong: bool = False) -> Any:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = _cell_text(clean(value))
            cell.data_type = "s"
        else:
            cell.value = value
        cell.font = bold if strong else plain
        return cell

    def titled(name: str, title: str, columns: int) -> Any:
        sheet = workbook.create_sheet(name)
        put(sheet, 1, 1, title, strong=True).alignment = Alignment(horizontal="center")
        if columns > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        return sheet

    indicators = titled("指标", _title(view), 1 + len(INDICATORS))
    for column, header in enumerate(["机关", *(i.label for i in INDICATORS)], start=1):
        cell = put(indicators, 3, column, header, strong=True)
        cell.fill, cell.alignment = shaded, Alignment(horizontal="center", wrap_text=True)
    for number, item in enumerate(_rows(view), start=4):
        region = item is view.region
        put(indicators, number, 1, item.name, strong=region)
        for column, indicator in enumerate(INDICATORS, start=2):
            value = item.values[indicator.key]
            if value is None:
                put(indicators, number, column, item.shown(indicator.key)).alignment = Alignment(
                    horizontal="right"
                )
                continue
            cell = put(indicators, number, column, float(value), strong=region)
            cell.number_format = "0.0%" if indicator.kind == "rate" else "0.0"
    indicators.column_dimensions["A"].width = 30
    for column in range(2, 2 + len(INDICATORS)):
        indicators.column_dimensions[get_column_letter(column)].width = 14
    indicators.freeze_panes = "B4"
    indicators.print_title_rows = "3:3"  # printed, the header on each page

    definitions = titled("指标口径", "指标口径", 1)
    for number, line in enumerate(_definitions(), start=3):
        put(definitions, number, 1, line)
    definitions.column_dimensions["A"].width = 100

    overdue = titled("督办", f"督办：截至{view.as_of.isoformat()}", len(_APPLICATION_HEADER))
    names = _names(view)
    row = 3
    for title, items in (
        (f"已逾期（{len(view.overdue)}件）", view.overdue),
        (f"{view.within}个工作日内到期（{len(view.due_soon)}件）", view.due_soon),
    ):
        put(overdue, row, 1, title, strong=True)
        for column, header in enumerate(_APPLICATION_HEADER, start=1):
            put(overdue, row + 1, column, header, strong=True).fill = shaded
        row += 2
        for application in items:
            cells: tuple[object, ...] = (
                names.get(application.agency, application.agency),
                application.application_id,
                application.receipt,
                application.deadline if application.deadline else "-",
                application.working_days_left,
            )
            for column, figure in enumerate(cells, start=1):
                cell = put(overdue, row, column, figure)
                if column in (3, 4) and not isinstance(figure, str):
                    cell.number_format = "yyyy-mm-dd"
            row += 1
        row += 1
    for column, size in enumerate((30, 24, 12, 12, 12), start=1):
        overdue.column_dimensions[get_column_letter(column)].width = size
    # Both lists have the same columns: the first one's header stays in view while scrolling (thousands of
    # rows for a region) and is printed on each page.
    overdue.freeze_panes = "A5"
    overdue.print_title_rows = "4:4"

    used = set(workbook.sheetnames)
    lines = heading(f"汇总统计表（{len(view.agencies)}个机关合计）", f"{len(view.agencies)}个机关", view.year)
    sections = dict(view.rollup.format.sections)
    groups: dict[str, list[ReportTable]] = {}  # a section's tables on one sheet, as in a report's workbook
    for table in view.rollup.tables:
        summed = printable(_report_table(table, None, view.year - 1, False))
        section = table.spec.section
        groups.setdefault(sections.get(section, summed.title) if section else summed.title, []).append(summed)
    for title, tables in groups.items():
        _sheet(workbook, lines, f"汇总 {title}", tables, used)
    workbook.properties.title = _cell_text(clean(_title(view)))[:255]
    workbook.properties.creator = "opengov"
    return deliver(workbook.save, None)


def statistics_of(view: SupervisorView) -> str:
    """Every official table of every agency for the year as one tidy CSV.

    The columns of :func:`~opengov.render.csv.tables_csv`: ``agency, agency_name, year, format, table,
    row, label, column, column_label, unit, value``.
    """
    from opengov.render.csv import tables_csv

    return tables_csv(view.tables[agency] for agency in sorted(view.tables))


SUPERVISION_RENDERERS: dict[str, Callable[[SupervisorView], Any]] = {
    "text": supervision_text,
    "csv": supervision_csv,
    "tables-csv": statistics_of,
    "html": supervision_html,
    "docx": supervision_docx,
    "xlsx": supervision_xlsx,
}
"""Every form of the supervisor's view by the name ``opengov rollup --to`` knows it by."""
