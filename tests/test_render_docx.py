"""The Word renderer: A4, official-document fonts and sizes, page numbers, merged table headers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

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


def test_title_and_body_fonts() -> None:
    """The title is 22 pt bold 方正小标宋简体; the body 16 pt 仿宋; headings 黑体."""
    document = _document("wuzhong-kjj-2018", 2018)
    paragraphs = document.paragraphs
    title = paragraphs[0].runs[0]
    assert ("吴忠市科学技术局", Pt(22), True) == (paragraphs[0].text, title.font.size, title.font.bold)
    assert "方正小标宋简体" == title._element.rPr.rFonts.get(qn("w:eastAsia"))
    body = next(p for p in paragraphs if p.text.startswith("本局按照"))
    assert Pt(16) == body.runs[0].font.size
    assert "仿宋" == body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))
    heading = next(p for p in paragraphs if p.text == "一、总体公开工作情况概述")
    assert "黑体" == heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_numbers_in_footer() -> None:
    """The footer holds a PAGE field between dashes."""
    footer = _document("wuzhong-kjj-2018", 2018).sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml
    assert "fldChar" in xml
    assert footer.paragraphs[0].text.startswith("— ")


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


def test_missing_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without python-docx the renderer says which extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    with pytest.raises(MissingExtraError, match=r"pip install 'opengov\[docx\]'"):
        to_docx(report)
