"""PDF pages as the auditor's blocks, from the positions of their words (``pip install 'opengov[pdf]'``).

pdfplumber gives every word with its box. A table drawn with ruling lines is read cell by cell from those
lines (a cell's text wrapped over several lines is joined again); all other words are put back into lines
by their vertical position, sorted left to right, each placed at the column its left edge stands at — so a
borderless table's row reads its label, then its figures, aligned as ``pdftotext -layout`` prints them.
Tables and lines are then taken top to bottom, page after page.
"""

from __future__ import annotations

__all__ = ["pdf_blocks"]

import contextlib
import io
import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from opengov.audit._model import NotAReportError
from opengov.render._common import require

if TYPE_CHECKING:
    from opengov.audit._files import Block

_WRAP = re.compile(r"\s*\n\s*")
_RADICAL = re.compile("[\u2f00-\u2fdf]")
"""Kangxi radicals: some PDF writers (Chromium among them) map ideographs to these look-alikes (⽰ for 示)."""


def _ideographs(text: str) -> str:
    """``text`` with Kangxi radicals as the ideographs they stand for (their compatibility mapping)."""
    return _RADICAL.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_LATIN = re.compile(r"[A-Za-z]")


def _unwrap(text: str) -> str:
    """A cell's text with its line wraps joined: with a space between two Latin words, else without (Chinese
    text, and a figure wrapped in a narrow cell, ``6`` / ``1`` for 61).

    >>> _unwrap("商业企\\n业"), _unwrap("6\\n1"), _unwrap("Open\\nData")
    ('商业企业', '61', 'Open Data')
    """
    parts = _WRAP.split(text.strip())
    out = parts[0]
    for part in parts[1:]:
        joint = " " if out and part and _LATIN.match(out[-1]) and _LATIN.match(part[0]) else ""
        out += joint + part
    return out


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines by their vertical middle, each sorted left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        height = word["bottom"] - word["top"]
        if lines:
            last = lines[-1]
            last_middle = statistics.fmean((w["top"] + w["bottom"]) / 2 for w in last)
            if abs(middle - last_middle) <= max(height, last[0]["bottom"] - last[0]["top"]) / 2:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _gaps(line: list[dict[str, Any]]) -> list[float]:
    return [b["x0"] - a["x1"] for a, b in itertools.pairwise(line)]


@attrs.frozen
class _Page:
    """What tells prose from a table on a page: a digit's width, the text's height and its right margin."""

    unit: float
    em: float
    right: float

    def prose(self, line: list[dict[str, Any]]) -> bool:
        """Whether ``line`` has no gap a table's columns leave."""
        return all(gap <= 2 * self.em for gap in _gaps(line))

    def full(self, line: list[dict[str, Any]]) -> bool:
        """Whether ``line`` is prose running to the right margin (so the paragraph goes on below)."""
        return bool(line[-1]["x1"] >= self.right - 1.5 * self.em) and self.prose(line)

    def goes_on(self, last: list[dict[str, Any]], line: list[dict[str, Any]]) -> bool:
        """Whether ``line`` continues the paragraph ``last`` ends: right below it, from the left margin."""
        return (
            self.full(last)
            and self.prose(line)
            and line[0]["x0"] <= last[0]["x0"] + self.em
            and line[0]["top"] - last[0]["bottom"] <= 1.2 * self.em
        )

    def wraps_label(self, row: list[dict[str, Any]], line: list[dict[str, Any]]) -> bool:
        """Whether ``line`` is the rest of the label of the table row ``row`` above it, wrapped in its cell:
        right below it, starting where the label starts, ending before the row's first figure."""
        return (
            len(row) > 1
            and not self.prose(row)
            and abs(line[0]["x0"] - row[0]["x0"]) <= self.em / 2
            and line[-1]["x1"] < row[1]["x0"]
            and line[0]["top"] - row[0]["bottom"] <= self.em / 2
        )

    def text(self, paragraph: list[list[dict[str, Any]]]) -> str:
        """A paragraph's text as it runs; a single line that is not prose with its words at their columns."""
        text = ""
        if len(paragraph) > 1 or self.full(paragraph[0]):
            for line in paragraph:
                previous = None
                for word in line:
                    space = previous is not None and word["x0"] - previous["x1"] > self.unit
                    text += (" " if space else "") + word["text"]
                    previous = word
        else:
            for word in paragraph[0]:
                column = round(word["x0"] / self.unit)
                text += " " * max(column - len(text), 1 if text else 0) + word["text"]
        return text.strip()


def _lines(words: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """The lines of ``words``: a paragraph's lines wrapped at the right margin joined into one, words of a
    paragraph joined as the text runs, words of any other line placed at the column they stand at (so the
    figures of a borderless table's rows line up, as ``pdftotext -layout`` prints them)."""
    if not words:
        return []
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if w["text"] and w["text"].isascii()]
    widths = widths or [(w["x1"] - w["x0"]) / len(w["text"]) / 2 for w in words if w["text"]]
    page = _Page(
        unit=max(statistics.median(widths), 0.5),
        em=statistics.median(w["bottom"] - w["top"] for w in words),
        right=max(w["x1"] for w in words),
    )
    paragraphs: list[list[list[dict[str, Any]]]] = []
    for line in _rows(words):
        if paragraphs and page.wraps_label(paragraphs[-1][-1], line):
            first = paragraphs[-1][-1][0]
            text = first["text"] + "".join(w["text"] for w in line)
            paragraphs[-1][-1][0] = {**first, "text": text, "bottom": max(w["bottom"] for w in line)}
        elif paragraphs and page.goes_on(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [(paragraph[0][0]["top"], page.text(paragraph)) for paragraph in paragraphs]


def _row(cells: list[str | None]) -> Block:
    """A ruled table's row: its cells with their wraps joined; a row of a single cell (a title, or text a
    border drawn round the page encloses) as lines of text."""
    own = [cell for cell in cells if cell is not None]
    if len(own) == 1:
        return _ideographs(own[0])
    return [None if cell is None else _ideographs(_unwrap(cell)) for cell in cells]


def _page_items(page: Any) -> tuple[list[Block], bool]:
    """A page's blocks, top to bottom, and whether it has any text at all."""
    words = page.extract_words()
    for word in words:
        word["text"] = _ideographs(word["text"])
    tables = page.find_tables()
    items: list[tuple[float, int, Block]] = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            items.append((row.bbox[1], len(items), _row(cells)))
    boxes = [table.bbox for table in tables]
    loose = [w for w in words if not any(_inside(w, box) for box in boxes)]
    items.extend((top, len(items) + i, text) for i, (top, text) in enumerate(_lines(loose)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in items], bool(words)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pdfminer logs every font it cannot measure; what matters is said in the notes instead."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_blocks(data: bytes, source: str) -> tuple[list[Block], list[str]]:
    """The blocks of a PDF (tables' rows and lines of text, in reading order) and notes on pages without
    text.

    Raises:
        MissingExtraError: pdfplumber is not installed (``pip install 'opengov[pdf]'``).
        NotAReportError: the PDF is damaged or encrypted, or no page has a text layer.
    """
    pdfplumber = require("pdfplumber", "pdf", "PDF files", action="reading")
    blocks: list[Block] = []
    notes: list[str] = []
    empty: list[int] = []
    with _quiet():
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many types (PDFSyntaxError, PSEOF, encryption errors)
            reason = f"a damaged or encrypted PDF: {type(exc).__name__}: {exc}"
            raise NotAReportError(source, reason) from None
        with pdf:
            for number, page in enumerate(pages, start=1):
                try:
                    items, text = _page_items(page)
                except Exception as exc:  # one damaged page: say so, read the others
                    notes.append(f"page {number}: not read ({type(exc).__name__}: {exc})")
                    continue
                if not text:
                    empty.append(number)
                blocks.extend(items)
    if empty and len(empty) == len(pages):
        raise NotAReportError(source, "no page has a text layer (a scanned PDF): OCR it to text first")
    if empty:
        notes.append(
            f"page{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))} without a text layer "
            "(scanned?): not read"
        )
    return blocks, notes
