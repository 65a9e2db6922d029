"""The HTML renderer: autoescaped narrative, page and fragment, and the matrix tables' spans."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opengov.codec import load_events
from opengov.events import NarrativeWritten
from opengov.render import MissingExtraError, to_html
from opengov.report import build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HOSTILE = "<script>document.title='pwned'</script><b onclick=\"x()\">粗体</b> & 1<2"


def _report() -> object:
    log = [
        *load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"),
        NarrativeWritten(
            id="n1", agency="sf-zrzyj", at=dt.date(2026, 1, 20), year=2025, section="overview", text=HOSTILE
        ),
    ]
    return build_report(log, year=2025)


class _Cells(HTMLParser):
    """Every th/td as (tag, attributes, text), grouped by the table they are in."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[str, dict[str, str | None], str]]] = {}
        self.table = ""
        self.cell: tuple[str, dict[str, str | None]] | None = None
        self.text = ""
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "figure":
            self.table = found.get("data-table") or ""
        if tag in ("th", "td"):
            self.cell, self.text = (tag, found), ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.tables.setdefault(self.table, []).append((*self.cell, self.text))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.text += data


def _parse(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def _header(cells: list[tuple[str, dict[str, str | None], str]], text: str) -> dict[str, str | None]:
    return next(attrs for tag, attrs, content in cells if tag == "th" and content == text)


def test_narrative_markup_is_escaped() -> None:
    """Markup in the narrative is printed as text: no script element, entities escaped."""
    html = to_html(_report())  # type: ignore[arg-type]
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;b onclick=&#34;x()&#34;&gt;粗体&lt;/b&gt; &amp; 1&lt;2" in html
    assert 0 == _parse(html).scripts


def test_page_and_fragment() -> None:
    """The page is a whole responsive document; the fragment is one scoped article."""
    report = _report()
    page = to_html(report)  # type: ignore[arg-type]
    fragment = to_html(report, fragment=True)  # type: ignore[arg-type]
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>示范市自然资源局2025年政府信息公开工作年度报告</title>" in page
    assert fragment.startswith('<article class="ogr"')
    assert "<html" not in fragment
    assert "overflow-x: auto" in fragment
    assert "<style>" not in to_html(report, fragment=True, styles=False)  # type: ignore[arg-type]


def test_table_three_spans() -> None:
    """Table 三: 申请人情况 over 7 columns, 法人或其他组织 over 5, 自然人 and 总计 two rows deep."""
    cells = _parse(to_html(_report()))  # type: ignore[arg-type]
    table = cells.tables["applications"]
    assert "7" == _header(table, "申请人情况")["colspan"]
    assert "5" == _header(table, "法人或其他组织")["colspan"]
    assert ("2", "2") == (_header(table, "自然人")["rowspan"], _header(table, "总计")["rowspan"])
    label = _header(table, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert "3" == label["rowspan"]
    row = [c for c in table if c[1].get("data-key", "").startswith("applications.new/")]  # type: ignore[union-attr]
    assert ["5", "12", "8", "15", "7", "13", "60"] == [text for _, _, text in row]


def test_table_four_spans() -> None:
    """Table 四: 行政复议 (5 columns, 2 rows), 行政诉讼 (10) over its two routes (5 each), 15 figures."""
    table = _parse(to_html(_report())).tables["disputes"]  # type: ignore[arg-type]
    review = _header(table, "行政复议")
    assert ("5", "2") == (review["colspan"], review["rowspan"])
    assert "10" == _header(table, "行政诉讼")["colspan"]
    assert "5" == _header(table, "未经复议直接起诉")["colspan"] == _header(table, "复议后起诉")["colspan"]
    assert 15 == sum(1 for tag, _, _ in table if tag == "td")


def test_gov2008_table_blank_where_zero() -> None:
    """The gov2008 table prints the seed's figures and blanks for zero."""
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    table = _parse(to_html(report)).tables["statistics"]
    figures = {
        attrs.get("data-key"): text for tag, attrs, text in table if tag == "td" and attrs.get("data-key")
    }
    assert ("201", "") == (figures["proactive.items/value"], figures["proactive.gazette/value"])


def test_missing_jinja2_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Jinja2 the renderer says which extra to install."""
    import sys

    import opengov.render.html as module

    monkeypatch.setitem(sys.modules, "jinja2", None)
    monkeypatch.setattr(module, "_environment", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'opengov\[html\]'"):
        to_html(_report())  # type: ignore[arg-type]
