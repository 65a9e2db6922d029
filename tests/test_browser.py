"""The HTML page as a real browser lays it out: headless Chromium, driven with the standard library only.

A copy of the page gets a script at the end of its body that writes every table cell's bounding box into
the DOM; ``--dump-dom`` then hands the laid-out DOM back. Skipped when Chromium is not installed
(``scripts/install-chromium.sh`` installs it).
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opengov.codec import load_events
from opengov.events import NarrativeWritten
from opengov.render import to_html
from opengov.render.html import stylesheet
from opengov.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HOSTILE = "<script>document.title='pwned'</script><b>不应加粗</b>"
MEASURE = """<script>
(function () {
  document.body.setAttribute("data-title", document.title);
  document.body.setAttribute("data-scroll-width", String(document.documentElement.scrollWidth));
  document.body.setAttribute("data-viewport-width", String(document.documentElement.clientWidth));
  for (const el of document.querySelectorAll(".ogr th, .ogr td, .ogr section > p")) {
    const r = el.getBoundingClientRect();
    el.setAttribute("data-box", [r.left, r.top, r.right, r.bottom].map((v) => v.toFixed(1)).join(","));
  }
})();
</script>
"""

MISSING = f"{CHROMIUM} is not installed (run scripts/install-chromium.sh)"
if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {MISSING}", pytrace=False)
    pytestmark = pytest.mark.skip(reason=f"SKIPPED LOUDLY: {MISSING}")


def _chromium(tmp_path: Path, *args: str) -> bytes:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, timeout=90, check=False)
    assert 0 == done.returncode, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


def _page(tmp_path: Path) -> Path:
    log = [
        *load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"),
        NarrativeWritten(
            id="n1", agency="sf-zrzyj", at=dt.date(2026, 1, 20), year=2025, section="overview", text=HOSTILE
        ),
    ]
    html = to_html(build_report(log, year=2025))
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    measured = tmp_path / "measured.html"
    measured.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    return page


class _Boxes(HTMLParser):
    """Boxes of the cells of each table, and the body's and paragraphs' attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.table = ""
        self.cells: dict[str, list[tuple[str, dict[str, str | None], tuple[float, ...]]]] = {}
        self.body: dict[str, str | None] = {}
        self.paragraphs: list[str] = []
        self.open: tuple[str, dict[str, str | None], tuple[float, ...]] | None = None
        self.text = ""
        self.in_paragraph = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "body":
            self.body = found
        if tag == "figure":
            self.table = found.get("data-table") or ""
        if tag in ("th", "td") and found.get("data-box"):
            box = tuple(float(v) for v in (found["data-box"] or "").split(","))
            self.open, self.text = (tag, found, box), ""
        if tag == "p" and found.get("data-box"):
            self.in_paragraph, self.text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.open is not None:
            _, attrs, box = self.open
            self.cells.setdefault(self.table, []).append((self.text, attrs, box))
            self.open = None
        if tag == "p" and self.in_paragraph:
            self.paragraphs.append(self.text)
            self.in_paragraph = False

    def handle_data(self, data: str) -> None:
        self.text += data


def _layout(tmp_path: Path, width: int) -> _Boxes:
    _page(tmp_path)
    dom = _chromium(
        tmp_path, f"--window-size={width},2000", "--dump-dom", (tmp_path / "measured.html").as_uri()
    )
    boxes = _Boxes()
    boxes.feed(dom.decode("utf-8"))
    return boxes


def _box(cells: list[tuple[str, dict[str, str | None], tuple[float, ...]]], text: str) -> tuple[float, ...]:
    return next(box for content, _, box in cells if content == text)


def _column(cells: list[tuple[str, dict[str, str | None], tuple[float, ...]]], key: str) -> tuple[float, ...]:
    return next(box for _, attrs, box in cells if attrs.get("data-key") == key)


def test_screenshot_is_produced(tmp_path: Path) -> None:
    """A desktop screenshot of the page is written and is a real, non-trivial PNG."""
    page = _page(tmp_path)
    shot = tmp_path / "page.png"
    _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (1280, 2400) == struct.unpack(">II", data[16:24])
    assert len(data) > 50_000


def test_organisation_header_spans_exactly_the_five_columns(tmp_path: Path) -> None:
    """法人或其他组织 starts at 商业企业's left edge and ends at 其他's right edge, over the figure cells."""
    cells = _layout(tmp_path, 1280).cells["applications"]
    group = _box(cells, "法人或其他组织")
    first, last = _box(cells, "商业企业"), _box(cells, "其他")
    assert group[0] == pytest.approx(first[0], abs=1.0)
    assert group[2] == pytest.approx(last[2], abs=1.0)
    assert group[3] == pytest.approx(first[1], abs=1.0)  # the leaf headers sit right under the group
    body_first = _column(cells, "applications.new/commercial_enterprise")
    body_last = _column(cells, "applications.new/other_organisation")
    assert (group[0], group[2]) == pytest.approx((body_first[0], body_last[2]), abs=1.0)
    person, total = _box(cells, "自然人"), _box(cells, "总计")
    assert person[2] == pytest.approx(group[0], abs=1.0)
    assert total[0] == pytest.approx(group[2], abs=1.0)
    assert person[3] == pytest.approx(first[3], abs=1.0)  # 自然人 spans both lower header rows


def test_table_four_groups(tmp_path: Path) -> None:
    """Table 四's 行政诉讼 spans both routes, each over five figure columns."""
    cells = _layout(tmp_path, 1280).cells["disputes"]
    lawsuit, direct, after = (
        _box(cells, "行政诉讼"),
        _box(cells, "未经复议直接起诉"),
        _box(cells, "复议后起诉"),
    )
    assert (lawsuit[0], lawsuit[2]) == pytest.approx((direct[0], after[2]), abs=1.0)
    direct_figures = [_column(cells, f"disputes.count/lawsuit_direct.{k}") for k in ("upheld", "total")]
    assert (direct[0], direct[2]) == pytest.approx((direct_figures[0][0], direct_figures[1][2]), abs=1.0)


def test_markup_in_narrative_is_shown_as_text(tmp_path: Path) -> None:
    """The narrative's <script> does not run and its markup is shown as typed."""
    boxes = _layout(tmp_path, 1280)
    assert "示范市自然资源局2025年政府信息公开工作年度报告" == boxes.body["data-title"]
    assert HOSTILE in boxes.paragraphs


def test_phone_width_scrolls_tables_not_the_page(tmp_path: Path) -> None:
    """At a phone's width the page does not scroll sideways; wide tables scroll in their own box."""
    boxes = _layout(tmp_path, 412)
    viewport = int(boxes.body["data-viewport-width"] or 0)
    assert 0 < viewport < 600
    assert int(boxes.body["data-scroll-width"] or 0) <= viewport
    wide = _column(boxes.cells["disputes"], "disputes.count/lawsuit_after.total")
    assert wide[2] > viewport


FIT = """<script>
(function () {
  const out = [];
  for (const box of document.querySelectorAll(".ogr-scroll")) {
    out.push(box.closest("figure").dataset.table + ":" + box.scrollWidth + ":" + box.clientWidth);
  }
  const cell = document.querySelector(".ogr td.ogr-figure");
  const style = getComputedStyle(cell);
  document.body.setAttribute("data-fit", out.join(" "));
  const seen = [style.borderTopWidth, style.borderTopStyle, style.textAlign];
  document.body.setAttribute("data-cell", seen.join(","));
})();
</script>
"""


def _probe(tmp_path: Path, html: str, width: int) -> dict[str, str | None]:
    page = tmp_path / f"probe-{width}.html"
    page.write_text(html.replace("</body>", FIT + "</body>"), encoding="utf-8")
    dom = _chromium(tmp_path, f"--window-size={width},2000", "--dump-dom", page.as_uri())
    boxes = _Boxes()
    boxes.feed(dom.decode("utf-8"))
    return boxes.body


def test_every_table_fits_whole_at_desktop_width(tmp_path: Path) -> None:
    """At 1280 px no table is cut off: table 四's box is as wide as its table (nothing to scroll)."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    fit = _probe(tmp_path, to_html(report), 1280)["data-fit"] or ""
    widths = {key: (int(a), int(b)) for key, a, b in (item.split(":") for item in fit.split())}
    assert "disputes" in widths
    for key, (scroll, client) in widths.items():
        assert scroll <= client, f"table {key} is cut off: {scroll} px wide in a {client} px box"


def test_fragment_readable_without_its_stylesheet(tmp_path: Path) -> None:
    """A fragment with its <style> stripped (as portal editors do) still draws cell borders and
    right-aligns figures, from plain HTML attributes."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    bare = to_html(report, fragment=True, styles=False)
    assert "<style" not in bare
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{bare}</body></html>"
    width, style, align = (_probe(tmp_path, page, 1280)["data-cell"] or "").split(",")
    assert float(width.removesuffix("px")) >= 1
    assert style != "none"
    assert align in ("right", "-webkit-right")
    styled = _probe(tmp_path, to_html(report), 1280)["data-cell"] or ""
    assert styled.startswith("1px,solid,right")


def test_fragment_with_its_separate_stylesheet(tmp_path: Path) -> None:
    """The fragment linking the separate stylesheet (``--fragment --stylesheet report.css``, the file
    written beside the page): styled by it — the same borders as the inline styles — and at 1280 px no
    table, table 四 included, is cut off."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    (tmp_path / "report.css").write_text(stylesheet(), encoding="utf-8")
    linked = to_html(report, fragment=True, stylesheet="report.css")
    assert "<style" not in linked
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{linked}</body></html>"
    body = _probe(tmp_path, page, 1280)
    assert (body["data-cell"] or "").startswith("1px,solid,right")
    widths = {k: (int(a), int(b)) for k, a, b in (i.split(":") for i in (body["data-fit"] or "").split())}
    assert "disputes" in widths
    assert [] == [key for key, (scroll, client) in widths.items() if scroll > client]
