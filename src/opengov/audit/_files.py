"""Files as supervisors download them — PDF, saved web pages, Word and Excel — as the text the auditor reads.

The kind of a file is told by its content (its first bytes), never by its name alone: a web page saved as
``.txt``, a PDF served as ``.htm`` or a workbook renamed ``.dat`` are read for what they are. Every kind
becomes the same plain text: paragraphs as lines, and each table row as one line of tab-separated cells
(the layout :func:`opengov.audit.audit_report` reads with blank cells known), in document order.

- **PDF** (``pip install 'opengov[pdf]'``, pdfplumber): ruled tables are read cell by cell from their lines;
  other text is rebuilt from the words' positions — words on one line sorted left to right, placed at their
  columns — so a borderless table's row reads label, then figures, as ``pdftotext -layout`` prints it.
- **HTML** (the standard library's parser): tables row by row and cell by cell (``rowspan`` text repeated
  down its rows, ``colspan`` cells left blank across), other text with block elements as line breaks;
  scripts, styles and navigation are left out. The charset is the page's own (``<meta charset>``), else
  UTF-8, else GB18030.
- **Word** ``.docx`` (``opengov[docx]``) and **Excel** ``.xlsx`` (``opengov[xlsx]``), as opengov writes them
  (``opengov report --to docx|xlsx``) and as offices save them: paragraphs and tables in order; merged cells
  as in HTML; every worksheet in turn.
- Anything else that decodes as text (UTF-8, UTF-16 with a byte-order mark, GB18030) is read as it is.

A kind that needs a library not installed raises :class:`~opengov.render.MissingExtraError` naming the extra;
a file that is none of these (a scanned image, a ``.doc`` of Word 97, a ZIP archive of other files) raises
:class:`~opengov.audit.NotAReportError` saying what it is.
"""

from __future__ import annotations

__all__ = ["Kind", "ReportFile", "audit_file", "decode_text", "read_report_file", "sniff"]

import codecs
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from opengov.audit._model import NotAReportError
from opengov.audit._text import parse_html
from opengov.render._common import require

if TYPE_CHECKING:
    from opengov.audit._model import AuditResult, PublishedReport
    from opengov.formats import Format

Kind = Literal["pdf", "html", "docx", "xlsx", "text"]
"""What a file was read as."""

Block = str | Sequence[str | None]
"""A paragraph (text) or a table row: its cells, ``None`` where a merged cell covers the grid (no cell of its
own, unlike ``""``, an empty cell)."""

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a Word 97-2003 (.doc) or Excel 97-2003 (.xls) file: save it as .docx, .xlsx or PDF and audit that",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image: a scanned report must be OCRed to text first"),
    (b"\xff\xd8\xff", "a JPEG image: a scanned report must be OCRed to text first"),
    (b"GIF8", "a GIF image: a scanned report must be OCRed to text first"),
    (b"II*\x00", "a TIFF image: a scanned report must be OCRed to text first"),
    (b"MM\x00*", "a TIFF image: a scanned report must be OCRed to text first"),
    (b"{\\rtf", "an RTF document: save it as .docx or PDF and audit that"),
    (b"Rar!", "a RAR archive: unpack it and audit its files"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: unpack it and audit its files"),
    (b"\x1f\x8b", "a gzip archive: unpack it and audit its files"),
)
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|div|p|span|br|meta|title|tr|td)\b", re.I)
_CELL_TAG = re.compile(rb"<t[dr][\s>]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


@attrs.frozen
class ReportFile:
    """A downloaded file, read as the text the auditor reads.

    Attributes:
        source: the file's name (as given), used in messages.
        kind: what the file was read as (see :data:`Kind`), from its content.
        text: paragraphs as lines, table rows as tab-separated cells.
        notes: what the reader could not take over (a PDF page without a text layer, a formula without
            a saved value).
    """

    source: str
    kind: Kind
    text: str
    notes: tuple[str, ...] = ()

    def audit(
        self,
        *,
        format: str | Format = "auto",
        previous: str | AuditResult | PublishedReport | None = None,
    ) -> AuditResult:
        """Audit the text with :func:`~opengov.audit.audit_report`; the reader's notes come first in the
        result's notes.

        Args:
            format: ``"auto"`` or a format key.
            previous: last year's report: its text, audit result or reading.

        Raises:
            NotAReportError: the text is not readable as a report.
        """
        from opengov.audit import audit_report

        result = audit_report(self.text, format=format, previous=previous, source=self.source)
        if self.notes:
            result = attrs.evolve(result, notes=(*self.notes, *result.notes))
        return result


def sniff(data: bytes) -> Kind:
    """What ``data`` holds, from its first bytes: ``"pdf"``, ``"docx"``, ``"xlsx"``, ``"html"`` or ``"text"``.

    >>> sniff(b"%PDF-1.7\\n"), sniff(b"<!DOCTYPE html><html>"), sniff("一、本年新收".encode())
    ('pdf', 'html', 'text')

    Raises:
        NotAReportError: ``data`` is of a kind the auditor cannot read (an image, a Word 97 file, an
            archive, other binary data); the message says which (its ``source`` is ``"<bytes>"``).
    """
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for signature, reason in _SIGNATURES:
        if data.startswith(signature):
            raise NotAReportError("<bytes>", reason)
    head = data[:4096].removeprefix(codecs.BOM_UTF8)
    markup = head.lstrip().startswith(b"<") and _HTML_TAG.search(head) is not None
    if markup or len(_CELL_TAG.findall(data[:200_000])) > 1:
        return "html"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotAReportError(
            "<bytes>", "binary data of no kind the auditor reads (not PDF, HTML, Word, Excel or text)"
        )
    return "text"


def _zip_kind(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise NotAReportError(
            "<bytes>", f"a damaged ZIP archive (as .docx and .xlsx files are): {exc}"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        raise NotAReportError("<bytes>", "an OpenDocument file (.odt/.ods): save it as .docx, .xlsx or PDF")
    raise NotAReportError(
        "<bytes>", "a ZIP archive that is not a Word (.docx) or Excel (.xlsx) file: unpack it"
    )


def decode_text(data: bytes, *, html: bool = False) -> str:
    """``data`` as text: by its byte-order mark, else (HTML) its ``<meta charset>``, else UTF-8, else GB18030.

    >>> decode_text("本年新收".encode("gb18030")), decode_text(codecs.BOM_UTF8 + "总计".encode())
    ('本年新收', '总计')
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    encodings = ["utf-8", "gb18030"]
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared is not None:
            name = declared.group(1).decode("ascii").lower()
            name = _CHINESE.get(name, name)
            try:
                codecs.lookup(name)
                encodings.insert(0, name)
            except LookupError:
                pass
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _cell(text: str) -> str:
    return " ".join(text.split())


def text_of(blocks: Iterable[Block]) -> str:
    """The auditor's text of ``blocks``: a paragraph per line, a table row as its cells joined by tabs.

    A merged cell is one cell, whatever it spans (``None`` is left out); an empty cell stays a blank. So a
    title spanning the table is a line of its own, and a value spanning three columns one figure.

    >>> blocks = ["第二十条第（五）项", ["行政许可", "77", None, None], ["总计", "5", None, ""]]
    >>> text_of(blocks).splitlines()
    ['第二十条第（五）项', '行政许可\\t77', '总计\\t5\\t']
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.extend(line.replace("\t", " ").rstrip() for line in block.splitlines() if line.strip())
            continue
        cells = [cell for cell in block if cell is not None]
        if any(cell.strip() for cell in cells):
            out.append("\t".join(_cell(cell) for cell in cells))
    return "\n".join(out) + "\n" if out else ""


def _html_blocks(text: str) -> list[Block]:
    parser = parse_html(text)
    blocks: list[Block] = []
    for index, item in enumerate(parser.items):
        if isinstance(item, str):
            blocks.append(item)
        else:
            covered = parser.covered.get(index, set())
            blocks.append([None if column in covered else cell for column, cell in enumerate(item)])
    return blocks


def _docx_blocks(data: bytes, source: str) -> list[Block]:
    docx = require("docx", "docx", "Word documents", action="reading")
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types (KeyError, ValueError, lxml errors) on damage
        raise NotAReportError(source, f"a damaged Word document: {exc}") from None
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            blocks.extend(_docx_rows(Table(child, document)))
    return blocks


def _docx_rows(table: Any) -> Iterator[list[str | None]]:
    """A Word table's rows: a cell merged across columns is printed once, a cell merged down repeats."""
    for row in table.rows:
        cells: list[str | None] = []
        previous = None
        for cell in row.cells:
            cells.append(None if previous is not None and cell._tc is previous else cell.text)
            previous = cell._tc
        yield cells


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the workbook ``data`` holds a formula (an ``<f>`` element)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _xlsx_blocks(data: bytes, source: str) -> tuple[list[Block], list[str]]:
    openpyxl = require("openpyxl", "xlsx", "Excel workbooks", action="reading")
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
        formulas = (
            openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
            if _has_formulas(data)
            else None
        )
    except Exception as exc:  # openpyxl raises many types (KeyError, ValueError, lxml errors) on damage
        raise NotAReportError(source, f"a damaged Excel workbook: {exc}") from None
    blocks: list[Block] = []
    notes: list[str] = []
    for sheet in values.worksheets:
        blocks.append(sheet.title)
        across: set[tuple[int, int]] = set()  # cells inside a merged range, right of its first column
        down: dict[tuple[int, int], tuple[int, int]] = {}  # first-column cells below a range's anchor
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if c > merged.min_col:
                        across.add((r, c))
                    elif r > merged.min_row:
                        down[(r, c)] = (merged.min_row, merged.min_col)
        raw = formulas[sheet.title] if formulas is not None else None
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells: list[str | None] = []
            for c, value in enumerate(row, start=1):
                if (r, c) in down:
                    value = sheet.cell(*down[(r, c)]).value
                elif (
                    value is None
                    and raw is not None
                    and isinstance(raw.cell(r, c).value, str)
                    and str(raw.cell(r, c).value).startswith("=")
                ):
                    where = f"sheet {sheet.title!r} cell {raw.cell(r, c).coordinate}"
                    notes.append(f"{where}: a formula with no saved value (read as blank)")
                cells.append(None if (r, c) in across else _number(value))
            while cells and cells[-1] == "":  # the sheet's used width, not this table's
                cells.pop()
            blocks.append(cells)
    return blocks, notes


def read_report_file(file: str | os.PathLike[str] | bytes, *, source: str | None = None) -> ReportFile:
    """Read a downloaded report — PDF, HTML page, Word, Excel or text — as the text the auditor reads.

    Args:
        file: the file's path, or its content as bytes.
        source: the name used in messages (default: the path, or ``"<bytes>"``).

    Raises:
        NotAReportError: the file is of a kind the auditor cannot read, or damaged; the message says which.
        MissingExtraError: reading this kind needs an optional library (the message names the extra).
        OSError: the file cannot be opened.
    """
    if isinstance(file, bytes):
        data, name = file, source or "<bytes>"
    else:
        with open(file, "rb") as handle:
            data = handle.read()
        name = source or os.fspath(file)
    try:
        kind = sniff(data)
    except NotAReportError as exc:
        raise NotAReportError(name, exc.reason) from None
    notes: list[str] = []
    if kind == "pdf":
        from opengov.audit._pdf import pdf_blocks

        blocks, notes = pdf_blocks(data, name)
    elif kind == "docx":
        blocks = _docx_blocks(data, name)
    elif kind == "xlsx":
        blocks, notes = _xlsx_blocks(data, name)
    elif kind == "html":
        blocks = _html_blocks(decode_text(data, html=True))
    else:
        return ReportFile(name, "text", decode_text(data))
    return ReportFile(name, kind, text_of(blocks), tuple(notes))


def audit_file(
    file: str | os.PathLike[str] | bytes,
    *,
    format: str | Format = "auto",
    previous: str | os.PathLike[str] | AuditResult | PublishedReport | None = None,
    source: str | None = None,
) -> AuditResult:
    """Read a downloaded report with :func:`read_report_file` and audit it with :func:`audit_report`.

    Args:
        file: the file's path, or its content as bytes.
        format: ``"auto"`` or a format key, as for :func:`audit_report`.
        previous: last year's report of the same agency: a file's path (read the same way), or its audit
            result or reading.
        source: the name used in messages (default: the path).

    Raises:
        NotAReportError: the file is not readable as a report.
        MissingExtraError: reading this kind of file needs an optional library.
        OSError: the file cannot be opened.
    """
    last = read_report_file(previous).text if isinstance(previous, (str, os.PathLike)) else previous
    return read_report_file(file, source=source).audit(format=format, previous=last)
