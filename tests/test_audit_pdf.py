"""PDF reports read by position (pdfplumber, the ``pdf`` extra), checked against the log they came from.

The PDFs are made here, as agencies make theirs: opengov's own Word report printed by LibreOffice (ruled
tables), its HTML report printed by Chromium (CSS borders, a border round the page, ideographs mapped to
Kangxi radicals), and a Word document with a borderless table (read from the words' positions alone).
The oracle is the log: every figure read back must be the one :func:`opengov.build_table` computes.
LibreOffice and Chromium are installed by ``.ci/run``; without them these tests skip loudly (and fail
under ``CI=true``).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _office import SOFFICE, office_pdf
from opengov import audit_file, build_report, build_table, load_events
from opengov.audit import NotAReportError, read_report_file
from opengov.render import MissingExtraError, to_docx, to_html, to_xlsx

LOG = Path(__file__).parents[1] / "examples" / "shifan-zrzyj-2024-2025.jsonl"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEW_TOTAL = "一、本年新收政府信息公开申请数量"


def _needs(tool: str | None, what: str) -> None:
    if tool is not None:
        return
    missing = f"{what} is not installed (run scripts/install-{what.split()[0].lower()}.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {missing}", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {missing}")


def _pdfplumber() -> None:
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        _needs(None, "pdfplumber (pip install 'opengov[pdf]', part of the dev extra)")


@pytest.fixture(scope="module")
def report() -> object:
    return build_report(load_events(LOG), year=2024)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every LibreOffice conversion of the module: its profile is made once (most of a
    conversion's time) and used by each of them; each test names its documents apart."""
    return tmp_path_factory.mktemp("office")


def _same_as_log(path: Path) -> None:
    """Every figure of every table read back from ``path`` is the log's; the verdict is clean."""
    result = audit_file(path)
    tables = build_table(load_events(LOG), year=2024)
    read = {t.spec.key: t for t in result.report.tables}
    expected = {(t.spec.key, *ref): v for t in tables.tables for ref, v in t.values.items()}
    actual = {(key, *ref): read[key].value(*ref) for key, *ref in expected}
    assert expected == actual
    assert (True, 42, 0, ()) == (result.ok, result.count("holds"), result.count("unchecked"), result.findings)


@pytest.mark.parametrize("form", ["docx", "xlsx"])
def test_word_and_excel_reports_printed_by_libreoffice(form: str, report: object, office: Path) -> None:
    """Ruled tables: LibreOffice's PDF of the Word report (tables split over pages, text between them) and
    of the workbook (a sheet per table, its title and agency line above)."""
    _pdfplumber()
    _needs(SOFFICE, "LibreOffice (soffice)")
    render = to_docx if form == "docx" else to_xlsx
    pdf = office_pdf(office, f"年报.{form}", render(report))  # type: ignore[arg-type]
    assert "pdf" == read_report_file(pdf).kind
    _same_as_log(pdf)


def test_html_report_printed_by_chromium(report: object, tmp_path: Path) -> None:
    """Chromium's PDF: CSS borders, a border round the page's text, and 示 written as the radical ⽰."""
    _pdfplumber()
    _needs(CHROMIUM, "Chromium browser")
    page = tmp_path / "report.html"
    page.write_text(to_html(report), encoding="utf-8")  # type: ignore[arg-type]
    pdf = tmp_path / "report.pdf"
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    text = read_report_file(pdf).text
    assert "示范市自然资源局" in text
    assert "⽰" not in text
    _same_as_log(pdf)


def test_broken_figure_in_a_pdf_is_found_by_row_and_column(report: object, office: Path) -> None:
    """本年新收 总计 printed 61 for 60 in the Word file before printing: found, naming row and column."""
    _pdfplumber()
    _needs(SOFFICE, "LibreOffice (soffice)")
    import docx

    document = docx.Document(io.BytesIO(to_docx(report)))  # type: ignore[arg-type]
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == NEW_TOTAL:
                row.cells[-1].text = "61"
    changed = io.BytesIO()
    document.save(changed)
    result = audit_file(office_pdf(office, "changed.docx", changed.getvalue()))
    finding = next(f for f in result.errors if f.code == "gov2021.t3.total[new]")
    assert (61, 60) == (finding.left, finding.right)
    assert (NEW_TOTAL, "总计", 61) in {(c.row_label, c.column_label, c.value) for c in finding.cells}


@pytest.mark.parametrize("middle", [False, True], ids=["top", "middle"])
def test_borderless_table_is_read_from_word_positions(middle: bool, office: Path) -> None:
    """No ruling lines, eight equal columns, so labels wrap in their cells: each row is rebuilt from its
    words' positions. Top-aligned cells: the row reads label (its wrapped lines joined), then figures.
    Vertically centred cells: the label's lines stand above and below the figures, as ``pdftotext -layout``
    prints them, and the auditor's layout reader places them. Either way every figure is read."""
    _pdfplumber()
    _needs(SOFFICE, "LibreOffice (soffice)")
    import docx
    from docx.enum.table import WD_ALIGN_VERTICAL

    rows = [
        (NEW_TOTAL, [12, 3, 0, 1, 0, 0, 16]),
        ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
        ("（一）予以公开", [8, 2, 0, 1, 0, 0, 11]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [5, 1, 0, 0, 0, 0, 6]),
    ]
    document = docx.Document()
    document.add_paragraph("某局2024年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=0, cols=8)  # no style: no borders
    for label, figures in rows:
        cells = table.add_row().cells
        cells[0].text = label
        for cell, figure in zip(cells[1:], figures, strict=True):
            cell.text = str(figure)
        for cell in cells if middle else []:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    data = io.BytesIO()
    document.save(data)
    pdf = office_pdf(office, f"borderless-{'middle' if middle else 'top'}.docx", data.getvalue())
    lines = read_report_file(pdf).text.splitlines()
    if not middle:
        assert [label for label, _ in rows] == [
            line.split()[0] for line in lines if line.split()[0] in {r[0] for r in rows}
        ]
        new = next(line for line in lines if line.startswith(NEW_TOTAL))
        assert "\t" not in new
        assert ["12", "3", "0", "1", "0", "0", "16"] == new.split()[1:]
    result = audit_file(pdf, format="gov2021")
    applications = result.report.table("applications")
    for label, figures in rows:
        key = next(r.key for r in applications.spec.rows if r.label == label)
        assert figures == [applications.value(key, c.key) for c in applications.spec.columns]


def test_damaged_and_textless_pdfs_say_so() -> None:
    _pdfplumber()
    with pytest.raises(NotAReportError, match="damaged or encrypted PDF") as caught:
        read_report_file(b"%PDF-1.7\n1 0 obj <<>> garbage", source="broken.pdf")
    assert "broken.pdf" == caught.value.source
    blank = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(NotAReportError, match="no page has a text layer"):
        read_report_file(blank, source="scan.pdf")


def test_without_pdfplumber_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(
        MissingExtraError, match=r"reading PDF files needs the pdfplumber package: .*opengov\[pdf\]"
    ):
        read_report_file(b"%PDF-1.7\n")
