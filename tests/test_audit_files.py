"""Downloaded files read for the auditor: told by their content, tables read cell by cell.

The round trip's oracle is the log, not the reader: a report rendered from an example log to Word, Excel
and HTML is read back and audited, and every figure the auditor reads must be the figure
:func:`opengov.build_table` computes from the same events.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

import pytest

from opengov import audit_file, build_report, build_table, load_events
from opengov.audit import NotAReportError, ReportFile, read_report_file, sniff
from opengov.audit._files import decode_text
from opengov.render import MissingExtraError, to_docx, to_html, to_text, to_xlsx

EXAMPLES = Path(__file__).parents[1] / "examples"
SAMPLES = Path(__file__).parents[2] / "shared" / "reports"
LOG = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"
NEW_TOTAL = "一、本年新收政府信息公开申请数量"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    """The example agency's 2024 report in every form opengov writes."""
    report = build_report(load_events(LOG), year=2024)
    return {
        "docx": to_docx(report),
        "xlsx": to_xlsx(report),
        "html": to_html(report).encode("utf-8"),
        "text": to_text(report).encode("utf-8"),
    }


# --- telling the kind by content ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xlsx", "html", "text"])
def test_kind_is_told_by_content_not_name(kind: str, rendered: dict[str, bytes], tmp_path: Path) -> None:
    """A file renamed to a wrong extension is read for what it is."""
    misnamed = tmp_path / "report.dat"
    misnamed.write_bytes(rendered[kind])
    read = read_report_file(misnamed)
    assert (kind, str(misnamed)) == (read.kind, read.source)


def test_sniff_signatures() -> None:
    """PDF by its header (also after leading junk), HTML fragments, text with a stray tag name."""
    assert "pdf" == sniff(b"\r\n%PDF-1.4\n...")
    assert "html" == sniff("<div class=TRS_Editor><p>二、主动公开</p></div>".encode())
    assert "html" == sniff(b"\xef\xbb\xbf<!DOCTYPE html><html><body></body></html>")
    assert "html" == sniff("保存的网页\n<TR><TD>1</TD></TR><tr><td>2</td></tr>".encode())
    assert "text" == sniff("说明：本页的 <table> 标签已去掉".encode())


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Word 97-2003"),
        (b"PK\x03\x04garbage", "damaged ZIP"),
        (b"\x00\x01\x02\x03binary", "binary data"),
    ],
)
def test_unreadable_kinds_say_what_they_are(data: bytes, said: str) -> None:
    with pytest.raises(NotAReportError, match=said) as caught:
        read_report_file(data, source="scan.pdf")
    assert "scan.pdf" == caught.value.source


def test_zip_of_other_files_says_so() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2024年报.txt", "一、本年新收")
    with pytest.raises(NotAReportError, match="ZIP archive that is not a Word"):
        read_report_file(buffer.getvalue())


def test_text_encodings() -> None:
    """GB18030, UTF-16 with a byte-order mark, and a page's own declared charset."""
    text = "一、本年新收政府信息公开申请数量"
    assert text == read_report_file(text.encode("gb18030")).text
    assert text == read_report_file(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).text
    page = f'<html><head><meta charset="gb2312"></head><body><p>{text}</p></body></html>'
    assert text + "\n" == read_report_file(page.encode("gb18030")).text
    assert "局" == decode_text("局".encode("gb18030"), html=True)


# --- HTML -------------------------------------------------------------------------------------------------


def test_html_tables_become_rows_of_cells() -> None:
    """Rows and cells from the markup: rowspan repeated down, a trailing colspan is one cell, chrome
    (script, style, navigation) left out, block elements as line breaks."""
    page = """<html><head><title>某局2024年年报</title><style>td{color:red}</style></head><body>
    <nav><a href="/">首页</a> <a href="/x">政务公开</a></nav><script>var n = 5;</script>
    <div>一、总体情况</div><p>全年<b>新收</b>申请5件。<br>办结5件。</p>
    <table><tr><td colspan="4">第二十条第（五）项</td></tr>
    <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
    <tr><td>行政许可</td><td colspan="3">77</td></tr>
    <tr><td rowspan="2">组</td><td>a</td><td></td><td>1</td></tr><tr><td>b</td><td>2</td><td>3</td></tr>
    </table></body></html>"""
    read = read_report_file(page.encode())
    assert "html" == read.kind
    expected = [
        "某局2024年年报",
        "一、总体情况",
        "全年新收申请5件。",
        "办结5件。",
        "第二十条第（五）项",
        "信息内容\t本年处理决定数量",
        "行政许可\t77",
        "组\ta\t\t1",
        "组\tb\t2\t3",
    ]
    assert expected == read.text.splitlines()


def test_html_without_tables_is_its_visible_text() -> None:
    page = "<html><body><h1>年报</h1><div>一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5</div></body></html>"
    assert ["年报", "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5"] == read_report_file(
        page.encode()
    ).text.splitlines()


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="SKIPPED LOUDLY: ../shared/reports is not beside the repo")
def test_saved_page_sample_reads_clean_without_colspan_warnings() -> None:
    """Sample 51 (raw HTML with rowspan/colspan, saved as .txt): its README verdict, 0, and no warning —
    表二's colspan=3 value cells are one cell each."""
    result = audit_file(SAMPLES / "html" / "51_putian_urban_management_2023.txt")
    assert (True, "gov2021", ()) == (result.ok, result.format, result.findings)
    assert 20 == result.report.table("applications").value("applications.new", "total")


# --- the round trip: render → file → audit → the log's figures -------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xlsx", "html", "text"])
def test_round_trip_gives_the_logs_figures(kind: str, rendered: dict[str, bytes]) -> None:
    """Every cell of every table, read back from the file, is the figure the log gives; verdict clean."""
    result = audit_file(rendered[kind], source=f"report.{kind}")
    tables = build_table(load_events(LOG), year=2024)
    read = {t.spec.key: t for t in result.report.tables}
    expected = {(t.spec.key, *ref): v for t in tables.tables for ref, v in t.values.items()}
    actual = {(key, *ref): read[key].value(*ref) for key, *ref in expected}
    assert expected == actual
    assert (True, 0, 0, ()) == (
        result.ok,
        result.count("fails"),
        result.count("unchecked"),
        tuple(f.code for f in result.findings),
    )


@pytest.mark.parametrize("form", ["docx", "xlsx", "html", "text"])
def test_seed_gov2008_report_round_trip(form: str) -> None:
    """The seed agency's gov2008 report: every figure read back is the log's, and a cell is blank only where
    the log's figure is 0 (the 2008 table leaves zeros blank in print; the workbook writes them)."""
    log = load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl")
    report = build_report(log, year=2018)
    data = {
        "docx": to_docx,
        "xlsx": to_xlsx,
        "html": lambda r: to_html(r).encode(),
        "text": lambda r: to_text(r).encode(),
    }[form](report)
    result = audit_file(data, source=f"seed.{form}")
    assert (True, "gov2008", 0) == (result.ok, result.format, result.count("fails"))
    read = {t.spec.key: t for t in result.report.tables}
    for table in build_table(log, year=2018).tables:
        for ref, value in table.values.items():
            cell = read[table.spec.key].cell(*ref)
            assert (cell.value == value) or (cell.state == "blank" and value == 0 and form != "xlsx"), (
                ref,
                value,
                cell,
            )


def _docx_with_new_total(data: bytes, total: str) -> bytes:
    import docx

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == NEW_TOTAL:
                row.cells[-1].text = total
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_with_new_total(data: bytes, total: str) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            if row[0].value == NEW_TOTAL:
                [cell for cell in row if cell.value is not None][-1].value = int(total)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _html_with_new_total(data: bytes, total: str) -> bytes:
    page = data.decode()
    start = page.index(NEW_TOTAL)
    end = page.index("</tr>", start)
    row = re.sub(r">\s*60\s*<(?!.*>\s*60\s*<)", f">{total}<", page[start:end], flags=re.S)
    return (page[:start] + row + page[end:]).encode()


@pytest.mark.parametrize(
    ("kind", "broken"),
    [("docx", _docx_with_new_total), ("xlsx", _xlsx_with_new_total), ("html", _html_with_new_total)],
)
def test_a_broken_figure_is_found_by_row_and_column(
    kind: str, broken: object, rendered: dict[str, bytes]
) -> None:
    """本年新收 总计 printed as 61 instead of 60: the row's own rule and the balance fail, naming the row,
    the column and both sides; where the report has its text, the text's 60 contradicts the table too."""
    assert callable(broken)
    assert "60" == str(build_table(load_events(LOG), year=2024)["applications.new", "total"])
    result = audit_file(broken(rendered[kind], "61"), source=f"broken.{kind}")
    assert not result.ok
    rules = {"gov2021.t3.total[new]", "gov2021.t3.balance[total]"}
    narrative = {"narrative.applications"} if kind != "xlsx" else set()  # the workbook has no text
    assert rules | narrative == {f.code for f in result.errors}
    finding = next(f for f in result.errors if f.code == "gov2021.t3.total[new]")
    assert ("rule", 61, 60, 1) == (finding.kind, finding.left, finding.right, finding.difference)
    named = {(c.row_label, c.column_label, c.value) for c in finding.cells}
    assert (NEW_TOTAL, "总计", 61) in named


def test_formula_without_saved_value_is_noted(rendered: dict[str, bytes]) -> None:
    """A workbook saved by a program that does not compute formulas: the cell reads blank, with a note."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(rendered["xlsx"]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            if row[0].value == NEW_TOTAL:
                row[-1].value = "=SUM(B8:G8)"
    out = io.BytesIO()
    book.save(out)
    read = read_report_file(out.getvalue())
    assert 1 == len(read.notes)
    assert "a formula with no saved value" in read.notes[0]
    assert read.notes[0] in audit_file(out.getvalue()).notes


def test_missing_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch, rendered: dict[str, bytes]) -> None:
    """Without python-docx, reading a Word file says which extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingExtraError, match=r"reading Word documents needs .*opengov\[docx\]"):
        read_report_file(rendered["docx"])


def test_report_file_is_a_value() -> None:
    read = read_report_file(b"abc", source="x.txt")
    assert ReportFile("x.txt", "text", "abc") == read
