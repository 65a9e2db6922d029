"""Word (.docx) through python-docx, following the conventions of official documents (GB/T 9704-2012).

- A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the standard's 156 × 225 mm type area).
- Title in 方正小标宋简体 二号 (22 pt), centred, bold so that where the display face is missing and Word
  falls back to 宋体 the title still stands out.
- Body in 仿宋 三号 (16 pt), justified, first line indented two characters, fixed 28 pt line spacing (about
  22 lines a page, as the standard asks).
- Section headings (一、…) in 黑体 三号, indented two characters, as first-level headings are.
- Page numbers in the footer as ``— 1 —`` in 宋体 四号 (14 pt). The standard puts them at the outer edge
  (right on odd pages, left on even ones); they are centred here, as most published reports do.
- Tables in 仿宋 五号 (10.5 pt), matrix tables in 小五 (9 pt) to fit the type area; header rows repeat on each
  page; the attached statistics table starts on a new page, as an attachment does.
"""

from __future__ import annotations

__all__ = ["to_docx"]

import os
from typing import IO, Any

from opengov.render._common import deliver, previous_note, printable, require, sign_off_shown
from opengov.render._grid import body_rows, header_rows, width
from opengov.report._model import AnnualReport, ReportTable

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"


def _font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


class _Writer:
    def __init__(self, report: AnnualReport) -> None:
        docx = require("docx", "docx", "Word documents")
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        self.report = report
        self.document = docx.Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(25)
        normal = self.document.styles["Normal"]
        _font(normal, BODY_FONT, 16)
        normal.paragraph_format.line_spacing = Pt(28)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        from docx.enum.style import WD_STYLE_TYPE

        for name, size in (("opengov table", 10.5), ("opengov table small", 9.0)):
            style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            _font(style, BODY_FONT, size)
            style.paragraph_format.line_spacing = 1.0
            style.paragraph_format.first_line_indent = Pt(0)
            style.paragraph_format.space_before = Pt(1)
            style.paragraph_format.space_after = Pt(1)
        properties = self.document.core_properties
        properties.title = report.title[:255]  # the most a core property holds
        properties.author = report.agency_name[:255]
        properties.language = "zh-CN"
        self._footer()

    def _footer(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, 14)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            _font(run, PAGE_NUMBER_FONT, 14)
            if kind is not None:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                run._element.append(element)
            elif text == " PAGE ":
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._element.append(instruction)
            else:
                run.text = text or ""
        _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, 14)

    def paragraph(
        self,
        text: str,
        *,
        font: str = BODY_FONT,
        size: float = 16,
        bold: bool = False,
        align: str = "justify",
        indent: bool = True,
        page_break: bool = False,
        space_after: float = 0,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[align]
        fmt = paragraph.paragraph_format
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        fmt.page_break_before = page_break
        fmt.space_after = Pt(space_after)
        if size > 16:
            fmt.line_spacing = Pt(size * 1.5)
        _font(paragraph.add_run(text), font, size, bold=bold)
        return paragraph

    def table(self, table: ReportTable, caption: str | None) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        if caption:
            heading = self.paragraph(
                caption, font=HEADING_FONT, size=14, align="center", indent=False, space_after=4
            )
            heading.paragraph_format.keep_with_next = True
        header = header_rows(table)
        body = body_rows(table)
        columns = width(table)
        size = 10.5 if columns <= 4 else 9.0
        style = self.document.styles["opengov table" if columns <= 4 else "opengov table small"]
        grid = self.document.add_table(rows=len(header) + len(body), cols=columns)
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        widths = _widths(table)
        for index, column in enumerate(grid.columns):
            column.width = Mm(widths[index])
        for row in grid.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Mm(widths[index])
        for index in range(len(header), len(header) + len(body)):
            properties = grid.rows[index]._tr.get_or_add_trPr()
            cant_split = OxmlElement("w:cantSplit")
            properties.append(cant_split)
        for index in range(len(header)):
            properties = grid.rows[index]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)

        def write(
            cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER
        ) -> None:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            paragraph.alignment = align
            if text:
                _font(paragraph.add_run(text), BODY_FONT, size, bold=bold)

        for header_cells in header:
            for h in header_cells:
                target = grid.cell(h.row, h.column)
                if h.rowspan > 1 or h.colspan > 1:
                    target = target.merge(grid.cell(h.row + h.rowspan - 1, h.column + h.colspan - 1))
                write(target, h.text, bold=True)
        for offset, cells in enumerate(body):
            row = grid.rows[len(header) + offset]
            for index, c in enumerate(cells):
                if c.kind == "label":
                    write(row.cells[index], c.text, bold=c.heading, align=WD_ALIGN_PARAGRAPH.LEFT)
                    if c.level and not table.blank_zero:
                        row.cells[index].paragraphs[0].paragraph_format.left_indent = Pt(size * c.level)
                elif c.kind == "unit":
                    write(row.cells[index], c.text)
                else:
                    write(row.cells[index], c.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        note = previous_note(table)
        if note:
            self.paragraph(note, size=10.5, indent=False, align="left")
        self.paragraph("", size=10.5, indent=False)

    def build(self) -> Any:
        from docx.shared import Pt

        report = self.report
        for line in report.title_lines:
            self.paragraph(line, font=TITLE_FONT, size=22, bold=True, align="center", indent=False)
        self.paragraph("", indent=False)
        self.paragraph(report.preamble.text)
        for section in report.sections:
            self.paragraph(section.title, font=HEADING_FONT).paragraph_format.keep_with_next = True
            for text in section.paragraphs:
                self.paragraph(text)
            for table in section.tables:
                self.table(table, table.title if table.title != section.title else None)
        attachment = report.attachment
        if attachment is not None:
            self.paragraph(attachment.title, font=HEADING_FONT, indent=False, align="left", page_break=True)
            self.paragraph(
                attachment.heading, font=TITLE_FONT, size=18, bold=True, align="center", indent=False
            )
            self.paragraph(attachment.filled_by, size=14, indent=False, align="left", space_after=6)
            for table in attachment.tables:
                self.table(table, None)
        if sign_off_shown(report):
            items = [f"{label}：{value}" for label, value in report.sign_off.lines()]
            for index, group in enumerate((items[:3], items[3:])):
                paragraph = self.paragraph("\u3000\u3000".join(group), size=14, indent=False, align="left")
                paragraph.paragraph_format.line_spacing = Pt(24)
                paragraph.paragraph_format.keep_with_next = index == 0
        return self.document


def _widths(table: ReportTable) -> list[float]:
    """Column widths in millimetres, filling the 156 mm type area."""
    total = 156.0
    figures = len(table.columns) + len(table.previous_labels)
    if not table.row_labels:
        return [total / figures] * figures
    if table.unit_column:
        figure, unit = 22.0, 14.0
        return [total - unit - figure * figures, unit] + [figure] * figures
    label = 62.0 if figures > 3 else 80.0
    return [label] + [(total - label) / figures] * figures


def to_docx(report: AnnualReport, target: str | os.PathLike[str] | IO[bytes] | None = None) -> bytes:
    """The report as a Word document; also written to ``target`` (a path or a binary stream) if given.

    Raises:
        MissingExtraError: python-docx is not installed (``pip install 'opengov[docx]'``).
    """
    document = _Writer(printable(report)).build()
    return deliver(document.save, target)
