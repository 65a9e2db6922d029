"""The Word renderer: A4, GB/T 9704 styles and fonts, odd/even page numbers, templates, merged headers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from opengov.codec import load_events
from opengov.render import MissingExtraError, to_docx
from opengov.report import AgencyProfile, build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _document(name: str, year: int) -> docx.document.Document:
    report = build_report(
        load_events(EXAMPLES / f"{name}.jsonl"), year=year, profile=AgencyProfile(head="沙莉")
    )
    return docx.Document(io.BytesIO(to_docx(report)))


def test_a4_with_official_margins() -> None:
    """The page is A4 with the GB/T 9704 margins."""
    section = _document("wuzhong-kjj-2018", 2018).sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    assert [210, 297, 37, 28] == [round(size.mm) for size in sizes]


def test_tables_with_merged_group_headers() -> None:
    """Table 三's 法人或其他组织 spans five grid columns; the gov2008 table has its 65 rows and a header."""
    document = _document("shifan-zrzyj-2024-2025", 2025)
    table = next(t for t in document.tables if "申请人情况" in t.cell(0, 1).text)
    org = table.cell(1, 2)
    assert "法人或其他组织" == org.text
    assert org._tc.grid_span == 5
    wuzhong = _document("wuzhong-kjj-2018", 2018)
    assert 66 == len(wuzhong.tables[0].rows)
    assert ["统计指标", "单位", "统计数"] == [c.text for c in wuzhong.tables[0].rows[0].cells]


def _row_marks(table: Any) -> list[tuple[bool, bool]]:
    """Each row's (repeated as a header, kept on one page) marks."""
    marks = []
    for row in table.rows:
        properties = row._tr.trPr
        marks.append(
            (
                properties is not None and properties.find(qn("w:tblHeader")) is not None,
                properties is not None and properties.find(qn("w:cantSplit")) is not None,
            )
        )
    return marks


def test_statistics_tables_repeat_their_header_rows_on_each_page() -> None:
    """Table 三's three header rows (the applicant groups, their kinds, and the note with the kinds' names)
    repeat on each page it runs onto; no other row splits between pages."""
    document = _document("shifan-zrzyj-2024-2025", 2025)
    table = next(t for t in document.tables if "申请人情况" in t.cell(0, 1).text)
    marks = _row_marks(table)
    assert marks == [(True, False)] * 3 + [(False, True)] * (len(marks) - 3)
    wuzhong = _row_marks(_document("wuzhong-kjj-2018", 2018).tables[0])
    assert wuzhong == [(True, False)] + [(False, True)] * 65


def test_missing_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-docx the renderer says which extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    with pytest.raises(MissingExtraError, match=r"pip install 'opengov\[docx\]'"):
        to_docx(report)


def _east_asia(style: Any) -> str | None:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[no-any-return]


def test_title_and_body_fonts() -> None:
    """Title 方正小标宋简体 22 pt in ``Title``; body 仿宋_GB2312 16 pt in ``Normal``; 一、 in Heading 1."""
    document = _document("wuzhong-kjj-2018", 2018)
    paragraphs = document.paragraphs
    assert ("吴忠市科学技术局", "Title") == (paragraphs[0].text, paragraphs[0].style.name)
    styles = document.styles
    assert ("方正小标宋简体", Pt(22)) == (_east_asia(styles["Title"]), styles["Title"].font.size)
    assert ("仿宋_GB2312", Pt(16)) == (_east_asia(styles["Normal"]), styles["Normal"].font.size)
    assert "Times New Roman" == styles["Normal"].element.rPr.rFonts.get(qn("w:ascii"))
    assert Pt(28) == styles["Normal"].paragraph_format.line_spacing
    body = next(p for p in paragraphs if p.text.startswith("本局按照"))
    assert "Normal" == body.style.name
    assert all(run.font.size is None and run.font.name is None for run in body.runs)  # no direct formatting
    heading = next(p for p in paragraphs if p.text == "一、总体公开工作情况概述")
    assert ("Heading 1", "黑体", Pt(16)) == (
        heading.style.name,
        _east_asia(heading.style),
        heading.style.font.size,
    )
    assert "Heading 1" == heading.style.name  # Word shows it as 标题 1: the navigation pane lists it
    assert "0" == heading.style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
    assert ("楷体_GB2312", Pt(16)) == (_east_asia(styles["Heading 2"]), styles["Heading 2"].font.size)
    assert heading.style.element.rPr.rFonts.get(qn("w:asciiTheme")) is None  # no theme font overrides it


def test_second_level_headings() -> None:
    """A narrative line （一）… alone is Heading 2 (标题 2); a run-in （一）…。 sets its heading in 楷体."""
    from opengov.render import docx as renderer

    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    section = attrs.evolve(
        report.sections[0], paragraphs=("（一）主动公开情况", "（二）依申请公开情况。本年收到申请5件。")
    )
    document = docx.Document(io.BytesIO(renderer.to_docx(attrs.evolve(report, sections=(section,)))))
    alone = next(p for p in document.paragraphs if p.text == "（一）主动公开情况")
    assert "Heading 2" == alone.style.name
    run_in = next(p for p in document.paragraphs if p.text.startswith("（二）"))
    assert ("Normal", "楷体_GB2312") == (
        run_in.style.name,
        run_in.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")),
    )
    assert "本年收到申请5件。" == run_in.runs[1].text


def test_font_table_names_the_fallbacks() -> None:
    """The font table tells Word which face to use where an official one is missing."""
    document = _document("wuzhong-kjj-2018", 2018)
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    xml = part.blob.decode("utf-8")
    for official, fallback in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert f'<w:font w:name="{official}"><w:altName w:val="{fallback}"/>' in xml


def _field_paragraph(footer: Any) -> Any:
    (paragraph,) = [p for p in footer.paragraphs if "PAGE" in p._p.xml]
    return paragraph


def test_page_numbers_at_the_outer_edge() -> None:
    """Odd pages: — N — on the right; even pages: on the left; each footer a PAGE field, in 宋体 14 pt."""
    document = _document("wuzhong-kjj-2018", 2018)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = _field_paragraph(section.footer), _field_paragraph(section.even_page_footer)
    assert (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT) == (odd.alignment, even.alignment)
    assert (Pt(14), Pt(14)) == (odd.paragraph_format.right_indent, even.paragraph_format.left_indent)
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert 'w:fldCharType="begin"' in paragraph._p.xml
        assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in paragraph._p.xml
        assert {Pt(14)} == {run.font.size for run in paragraph.runs}


def test_agency_template(tmp_path: Path) -> None:
    """An agency's template: its header, styles and margins kept, the report at its {{report}} paragraph."""
    template = docx.Document()
    section = template.sections[0]
    section.left_margin = Mm(30)
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "示范市自然资源局文件"
    heading = template.styles["Heading 1"]
    heading.font.size = Pt(18)
    template.add_paragraph("抬头")
    template.add_paragraph("{{report}}")
    template.add_paragraph("（印章）")
    path = tmp_path / "agency.docx"
    template.save(path)
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    document = docx.Document(io.BytesIO(to_docx(report, template=path)))
    texts = [p.text for p in document.paragraphs]
    assert "{{report}}" not in texts
    assert texts[0] == "抬头"
    assert texts[1] == "吴忠市科学技术局"
    assert texts.index("一、总体公开工作情况概述") < texts.index("（印章）")
    assert document.element.body[-1].tag == qn("w:sectPr")
    assert "示范市自然资源局文件" == document.sections[0].header.paragraphs[0].text
    assert "示范市自然资源局文件" == document.sections[0].even_page_header.paragraphs[0].text
    assert 30 == round(document.sections[0].left_margin.mm)
    assert Pt(18) == document.styles["Heading 1"].font.size  # the agency's own heading style
    assert "opengov table" in [s.name for s in document.styles]
    assert document.tables  # drawn with its own borders, whatever table styles the template has
