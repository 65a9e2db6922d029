"""Word (.docx) through python-docx, following the conventions of official documents (GB/T 9704-2012).

- A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the standard's 156 × 225 mm type area).
- Everything is set in named styles, so staff get Word's navigation pane and can edit the report as a
  document: the title in ``Title`` (方正小标宋简体 二号, 22 pt, centred), the body in ``Normal``
  (仿宋_GB2312 三号, 16 pt, justified, first line indented two characters, fixed 28 pt lines — about 22
  lines a page), section headings 一、… in ``Heading 1`` (标题 1: 黑体 三号) and （一）… in ``Heading 2``
  (标题 2: 楷体_GB2312 三号), tables in ``opengov table`` (五号) and ``opengov table small`` (小五, for
  the matrix tables).
- Each Chinese face is named in ``w:eastAsia`` (Latin letters and digits in Times New Roman), and the
  document's font table gives Word the face to use where the official one is not installed
  (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体).
- Page numbers ``— 1 —`` in 宋体 四号 (14 pt) at the outer edge, one character in: right on odd pages, left on
  even pages (different odd and even footers, each with a PAGE field).
- Header rows of tables repeat on each page; the attached statistics table starts on a new page.
- ``template=``: the report is written into an agency's own ``.docx`` — its page setup, styles, header and
  footer are kept (the styles above are added only where the template lacks them). The report goes where
  the template has a paragraph reading ``{{report}}``, or after the template's own content.
"""

from __future__ import annotations

__all__ = ["FONT_FALLBACKS", "PLACEHOLDER", "to_docx"]

import copy
import os
import re
from typing import IO, Any

from opengov.render._common import deliver, previous_note, printable, require, sign_off_shown
from opengov.render._grid import body_rows, header_rows, width
from opengov.report._model import AnnualReport, ReportTable

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

FONT_FALLBACKS = {BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", TITLE_FONT: "宋体"}
"""The face Word uses where an official one is not installed (``w:altName`` in the font table)."""

PLACEHOLDER = "{{report}}"
"""A paragraph of an agency's template reading this is replaced by the report."""

TABLE_STYLE, SMALL_TABLE_STYLE = "opengov table", "opengov table small"
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _fonts(element: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the faces on a run's or a style's ``rPr``: theme fonts removed, east-Asian face set."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _paginate(grid: Any, header: int) -> None:
    """Lay a python-docx table out over pages: its first ``header`` rows repeated at the top of each page
    the table runs onto, and no other row split between two pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for index, row in enumerate(grid.rows):
        if index < header:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(repeat)
        else:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _restyle(
    style: Any,
    font: str,
    size: float,
    *,
    bold: bool = False,
    align: str = "justify",
    indent: float = 0,
    line: float | None = 28,
    latin: str = LATIN_FONT,
) -> None:
    """Set a paragraph style to an official face, size, alignment, indent and line spacing."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    element = style.element
    rpr = element.get_or_add_rPr()
    for child in list(rpr):
        rpr.remove(child)
    ppr = element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in (qn("w:pBdr"), qn("w:contextualSpacing"), qn("w:spacing"), qn("w:ind")):
            ppr.remove(child)
    _fonts(element, font, latin)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    fmt.first_line_indent = Pt(indent)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing = Pt(line)


def _font_table(document: Any) -> None:
    """Declare the official faces in the font table, each with the face Word falls back to."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own dependency

    part = next((p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml"), None)
    if part is None:  # a template without a font table: Word substitutes by itself
        return
    root = etree.fromstring(part.blob)
    known = {font.get(f"{{{_W}}}name") for font in root.findall(f"{{{_W}}}font")}
    for name in (BODY_FONT, SUBHEADING_FONT, TITLE_FONT, HEADING_FONT, PAGE_NUMBER_FONT):
        if name in known:
            continue
        font = etree.SubElement(root, f"{{{_W}}}font")
        font.set(f"{{{_W}}}name", name)
        if name in FONT_FALLBACKS:
            etree.SubElement(font, f"{{{_W}}}altName").set(f"{{{_W}}}val", FONT_FALLBACKS[name])
        etree.SubElement(font, f"{{{_W}}}charset").set(f"{{{_W}}}val", "86")  # GB2312
        etree.SubElement(font, f"{{{_W}}}family").set(
            f"{{{_W}}}val", "modern" if "宋" not in name else "roman"
        )
        etree.SubElement(font, f"{{{_W}}}pitch").set(f"{{{_W}}}val", "fixed")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph: Any, *, odd: bool) -> None:
    """``— N —`` in 宋体 四号 with a PAGE field, at the outer edge one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if odd:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _fonts(r._element, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        r.font.size = Pt(14)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            r._element.append(element)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            r._element.append(instruction)
        else:
            r.text = text or ""
    run(" —")


def _has_page_field(footer: Any) -> bool:
    return not footer.is_linked_to_previous and "PAGE" in footer._element.xml


class _Writer:
    def __init__(self, report: AnnualReport, template: str | os.PathLike[str] | IO[bytes] | None) -> None:
        docx = require("docx", "docx", "Word documents")
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self.report = report
        self.document = docx.Document(template) if template is not None else docx.Document()
        self.start = sum(1 for e in self.document.element.body if e.tag != f"{{{_W}}}sectPr")
        styles = self.document.styles
        names = {style.name for style in styles}
        own = template is None
        if own:
            section = self.document.sections[0]
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
            section.footer_distance = Mm(25)
            _restyle(styles["Normal"], BODY_FONT, 16, indent=32)
        restyled: tuple[tuple[str, str, float, bool, str, float, int | None], ...] = (
            ("Title", TITLE_FONT, 22, False, "center", 0, None),
            ("Heading 1", HEADING_FONT, 16, False, "justify", 32, 0),
            ("Heading 2", SUBHEADING_FONT, 16, False, "justify", 32, 1),
        )
        for name, font, size, bold, align, indent, level in restyled:
            if own or name not in names:
                style = styles[name] if name in names else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                _restyle(
                    style, font, size, bold=bold, align=align, indent=indent, line=33 if level is None else 28
                )
                style.paragraph_format.keep_with_next = True
        for name, size in ((TABLE_STYLE, 10.5), (SMALL_TABLE_STYLE, 9.0)):
            if name not in names:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = styles["Normal"]
                _restyle(style, BODY_FONT, size, align="center", line=None)
                style.paragraph_format.line_spacing = 1.0
                style.paragraph_format.space_before = Pt(1)
                style.paragraph_format.space_after = Pt(1)
        if "opengov note" not in names:
            style = styles.add_style("opengov note", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            _restyle(style, BODY_FONT, 14, align="left", line=24)
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _font_table(self.document)
        properties = self.document.core_properties
        properties.title = report.title[:255]  # the most a core property holds
        properties.author = report.agency_name[:255]
        properties.language = "zh-CN"
        self._footers()

    def _footers(self) -> None:
        section = self.document.sections[-1]
        if _has_page_field(section.footer):  # an agency's template numbers its own pages
            return
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            for run in list(paragraph.runs):
                run._element.getparent().remove(run._element)
            _page_number(paragraph, odd=odd)
        if not section.header.is_linked_to_previous and section.header._element.xml.count("<w:t") > 0:
            # the template's header on odd pages is its header on even pages too
            even = section.even_page_header
            even.is_linked_to_previous = False
            for child in list(even._element):
                even._element.remove(child)
            for child in section.header._element:
                even._element.append(copy.deepcopy(child))

    def paragraph(self, text: str, style: str = "Normal", *, page_break: bool = False) -> Any:
        paragraph = self.document.add_paragraph(text, style=style)
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def narrative(self, text: str) -> None:
        """A paragraph of the narrative; a line （一）… alone is a second-level heading."""
        match = _SUBHEADING.match(text)
        if match and len(text) <= 40 and not text.rstrip().endswith(("。", "；")):
            self.paragraph(text, "Heading 2")
            return
        if match:  # （一）主动公开情况。… : the run-in heading in 楷体, the rest as body
            end = text.find("。", match.end())
            if 0 < end <= 40:
                paragraph = self.document.add_paragraph(style="Normal")
                head = paragraph.add_run(text[: end + 1])
                _fonts(head._element, SUBHEADING_FONT)
                paragraph.add_run(text[end + 1 :])
                return
        self.paragraph(text)

    def table(self, table: ReportTable, caption: str | None) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        if caption:
            heading = self.paragraph(caption, TABLE_STYLE)
            heading.paragraph_format.keep_with_next = True
            for run in heading.runs:
                _fonts(run._element, HEADING_FONT)
                run.font.size = Pt(14)
        header = header_rows(table)
        body = body_rows(table)
        columns = width(table)
        size = 10.5 if columns <= 4 else 9.0
        style = TABLE_STYLE if columns <= 4 else SMALL_TABLE_STYLE
        grid = self.document.add_table(rows=len(header) + len(body), cols=columns)
        _borders(grid)
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        widths = _widths(table)
        for index, column in enumerate(grid.columns):
            column.width = Mm(widths[index])
        for row in grid.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Mm(widths[index])
        _paginate(grid, len(header))

        def write(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> Any:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles[style]
            paragraph.alignment = align
            if text:
                run = paragraph.add_run(text)
                if bold:
                    run.font.bold = True
            return paragraph

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
                    paragraph = write(row.cells[index], c.text, bold=c.heading, align=WD_ALIGN_PARAGRAPH.LEFT)
                    if c.level and not table.blank_zero:
                        paragraph.paragraph_format.left_indent = Pt(size * c.level)
                elif c.kind == "unit":
                    write(row.cells[index], c.text)
                else:
                    write(row.cells[index], c.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        note = previous_note(table)
        if note:
            self.paragraph(note, "opengov note")
        self.paragraph("", "opengov note")

    def build(self) -> Any:
        report = self.report
        for line in report.title_lines:
            self.paragraph(line, "Title")
        self.paragraph("")
        self.paragraph(report.preamble.text)
        for section in report.sections:
            self.paragraph(section.title, "Heading 1")
            for text in section.paragraphs:
                self.narrative(text)
            for table in section.tables:
                self.table(table, table.title if table.title != section.title else None)
        attachment = report.attachment
        if attachment is not None:
            self.paragraph(
                attachment.title, "Heading 1", page_break=True
            ).paragraph_format.first_line_indent = 0
            heading = self.paragraph(attachment.heading, "Title")
            from docx.shared import Pt

            for run in heading.runs:
                run.font.size = Pt(18)
            self.paragraph(attachment.filled_by, "opengov note")
            for table in attachment.tables:
                self.table(table, None)
        if sign_off_shown(report):
            items = [f"{label}：{value}" for label, value in report.sign_off.lines()]
            for index, group in enumerate((items[:3], items[3:])):
                paragraph = self.paragraph("\u3000\u3000".join(group), "opengov note")
                paragraph.paragraph_format.keep_with_next = index == 0
        self._place()
        return self.document

    def _place(self) -> None:
        """Move what was written to the template's ``{{report}}`` paragraph, if it has one."""
        body = self.document.element.body
        placeholder = next((p for p in list(body)[: self.start] if _text(p).strip() == PLACEHOLDER), None)
        if placeholder is None:
            return
        written = [e for e in list(body)[self.start :] if e.tag != f"{{{_W}}}sectPr"]
        for element in written:
            placeholder.addprevious(element)
        body.remove(placeholder)


def _text(element: Any) -> str:
    """The text of a paragraph element (``w:t`` runs joined)."""
    return "".join(t.text or "" for t in element.iter(f"{{{_W}}}t")) if element.tag == f"{{{_W}}}p" else ""


def _borders(grid: Any) -> None:
    """Single lines round every cell, set on the table itself (an agency's template may lack Table Grid)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    grid._tbl.tblPr.append(borders)


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


def to_docx(
    report: AnnualReport,
    target: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    template: str | os.PathLike[str] | IO[bytes] | None = None,
) -> bytes:
    """The report as a Word document; also written to ``target`` (a path or a binary stream) if given.

    Args:
        report: the report.
        target: where to write the document too.
        template: an agency's own ``.docx`` to write the report into (its page setup, styles, header and
            footer kept; the report replaces a ``{{report}}`` paragraph, or follows the template's content).

    Raises:
        MissingExtraError: python-docx is not installed (``pip install 'opengov[docx]'``).
    """
    document = _Writer(printable(report), template).build()
    return deliver(document.save, target)
