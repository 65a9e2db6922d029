"""The Word and Excel reports looked at as pages: converted to PDF by LibreOffice and to PNG by pdftoppm.

What a reader sees is checked on the PDF's words and their positions (``pdftotext -bbox``): the page
numbers ``— N —`` at the outer edge (right on odd pages, left on even ones), the attachment table on a page
of its own, each Excel sheet one official table. The PNG pages are written under ``out/pages/`` for a
person to look at. Skipped, loudly, when LibreOffice is not installed (``scripts/install-libreoffice.sh``);
under ``CI=true`` a missing LibreOffice fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from _office import SOFFICE, office_pdf
from opengov.codec import load_events
from opengov.render import to_docx, to_xlsx
from opengov.report import AgencyProfile, build_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
MISSING = (
    "LibreOffice (soffice) and poppler (pdftoppm, pdftotext) are needed: run scripts/install-libreoffice.sh"
)

if not (SOFFICE and POPPLER):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {MISSING}", pytrace=False)
    pytestmark = pytest.mark.skip(reason=f"SKIPPED LOUDLY: {MISSING}")

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    pdf = office_pdf(tmp_path, name, data)
    source = tmp_path / name
    pages = ROOT / "out" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(pages / source.stem)], check=True, timeout=120
    )
    return pdf


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width, height and words with their boxes."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = []
    for width, height, body in _PAGE.findall(xml.decode("utf-8")):
        words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in _WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


def test_word_pages(tmp_path: Path) -> None:
    """The 2018 report: A4 pages, — N — at the outer edge of each page's foot, the attachment on its own
    page with its table's header repeated on the next."""
    report = build_report(
        load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018, profile=AgencyProfile(head="沙莉")
    )
    pages = _pages(_pdf(tmp_path, "wuzhong-2018.docx", to_docx(report)))
    assert len(pages) >= 3
    for number, (width, height, words) in enumerate(pages, start=1):
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        foot = [w for w in words if w[1] > height - 35 / 25.4 * 72 and w[4] == str(number)]
        assert foot, f"page {number} has no page number at its foot"
        x_min, _, x_max, _, _ = foot[0]
        if number % 2:
            assert x_min > width / 2, f"odd page {number}: number not on the right"
        else:
            assert x_max < width / 2, f"even page {number}: number not on the left"
    texts = ["".join(w[4] for w in words) for _, _, words in pages]
    attachment = next(i for i, text in enumerate(texts) if "附件：" in text)
    assert "统计指标" in texts[attachment]
    assert "统计指标" in texts[attachment + 1]
    assert "政府信息公开工作年度报告" in texts[0]


def test_excel_pages(tmp_path: Path) -> None:
    """The 2025 workbook: each official table on its own pages, every label whole (not cut by its row)."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)
    pages = _pages(_pdf(tmp_path, "shifan-2025.xlsx", to_xlsx(report)))
    texts = ["".join(w[4] for w in words) for _, _, words in pages]
    first_pages = [
        next(i for i, t in enumerate(texts) if title in t)
        for title in ("第二十条第（一）项", "三、收到和处理", "四、政府信息公开行政复议")
    ]
    assert first_pages == sorted(set(first_pages))  # three sheets, in order, on different pages
    sheet_two = texts[first_pages[0]]
    assert all(
        item in sheet_two for item in ("第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项")
    )
    joined = "".join(texts)
    for label in ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "本年收费金额（单位：万元）"):
        assert label in joined, f"{label} is cut off"


def _image_pages(pdf: Path) -> list[int]:
    """The page of each picture of the PDF, in order (``pdfimages -list``; a picture's mask not counted)."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    return [int(row[0]) for row in rows if row[2] == "image"]


@pytest.mark.parametrize("agencies", [3, 15])
def test_supervisor_word_pages_keep_each_caption_with_its_chart(tmp_path: Path, agencies: int) -> None:
    """The supervisor's Word document: landscape A4 pages, and each chart's caption ``图N`` on the page of
    its picture. With 3 and with 15 agencies a caption without keep-with-next fell to the next page."""
    pytest.importorskip("matplotlib", reason="the charts extra (matplotlib) is not installed")
    import datetime as dt

    from opengov.render.supervision import supervision_docx
    from opengov.supervise import build_supervisor_view
    from test_supervise import SHIFAN, _copy

    log = list(load_events(SHIFAN))
    many = [e for n in range(agencies) for e in _copy(log, f"a{n:02d}", f"机关{n}")]
    data = supervision_docx(build_supervisor_view(many, year=2025, as_of=dt.date(2025, 12, 31)))
    pdf = _pdf(tmp_path, f"rollup-{agencies}.docx", data)
    pages = _pages(pdf)
    assert {(842, 595)} == {(round(width), round(height)) for width, height, _ in pages}
    texts = ["".join(w[4] for w in words) for _, _, words in pages]  # 图 and 1 are two words
    captions = [[page for page, text in enumerate(texts, start=1) if f"图{n}" in text] for n in (1, 2, 3)]
    assert [[page] for page in _image_pages(pdf)] == captions
