"""Text as users have it, turned into lines of a label and value tokens.

Every input layout (web copy, ``pdftotext -layout``, plain ``pdftotext``, Markdown pipe tables, HTML
tables, tab-separated lines) becomes a list of :class:`Line`: the label text, the value tokens after it,
and where it came from. Labels are compared in :func:`canon` form, so full- and half-width punctuation,
spaces inside labels and ``1、`` against ``1.`` do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import attrs

from opengov.audit._flat import Cutter, cut_lines

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_DIGIT_COMMA = re.compile(r"(?<=\d)[、,](?=\D|$)")
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)\s*$"
)
NUMBER = re.compile(r"[+\-−]?\d+(?:,\d{3})*(?:\.\d+)?")
MARKERS = frozenset({"—", "——", "-", "--", "－", "/", "／", "无", "―", "–", "─", "— —"})
_GLUED = re.compile(r"^(.*?[^\d\s.,，+\-−])(\d+(?:\.\d+)?)$")


_MARKUP = re.compile(r"^#+|^\*+|\*+$")
"""Markdown a converter puts around a label: heading marks, bold."""


def canon(text: str) -> str:
    """A label in comparable form: NFKC, no whitespace, quotes or Markdown marks, ``1、`` as ``1.``."""
    text = unicodedata.normalize("NFKC", text)
    text = _MARKUP.sub("", _SPACE.sub("", text)).translate(_QUOTES)
    return _DIGIT_COMMA.sub(".", text)


@attrs.frozen
class Token:
    """A value token: a number, a marker (``—``, ``/``, ``无``), a blank cell, or run-together digits.

    Attributes:
        kind: ``"number"``, ``"marker"``, ``"blank"`` or ``"glued"`` (digits printed with no separators).
        text: the token as printed (normalised to ASCII digits).
        end: the column where it ends on its line (for space-aligned layouts), or -1.
    """

    kind: str
    text: str
    end: int = -1


@attrs.frozen
class Line:
    """One line of the input: its label text and the value tokens after it.

    Attributes:
        number: 1-based line number in the input (for HTML, the row's number in reading order).
        label: the label text as printed (may be empty).
        key: :func:`canon` of ``label``.
        values: the value tokens after the label.
        explicit: whether cells were separated explicitly (tabs, pipes, HTML), so blank cells are known.
        group: numbers on adjacent lines share a group; a blank line or a text line starts a new one.
        run: a text line (with no values) starts a new run; page breaks do not.
    """

    number: int
    label: str
    key: str
    values: tuple[Token, ...]
    explicit: bool = False
    group: int = 0
    run: int = 0


def classify(cell: str) -> Token | None:
    """The value token a cell holds, or ``None`` when it is text."""
    text = unicodedata.normalize("NFKC", cell).strip()
    if not text:
        return Token("blank", "")
    if text in MARKERS or cell.strip() in MARKERS:
        return Token("marker", cell.strip())
    if NUMBER.fullmatch(text):
        return Token("number", text.replace(",", "").replace("−", "-"))
    return None


class _Html(HTMLParser):
    """HTML in document order: text outside tables as lines, table rows as lists of cells.

    Rowspan and colspan are expanded: a spanned cell's text is repeated down its rows (so a rotated
    group label reaches every row) and left blank across its columns. ``covered`` maps a row's index in
    ``items`` to the columns a cell to their left spans (not cells of their own: a row ending in them ends
    before them, see :func:`own_cells`).
    """

    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "section",
            "article",
            "title",
            "ul",
            "ol",
        }
        | {"dl", "dt", "dd", "blockquote", "header", "footer", "main", "aside", "hr", "pre", "center", "form"}
    )
    _SKIP = frozenset({"script", "style", "noscript", "template", "nav", "select", "button", "svg"})
    """Elements whose text is never the report's: scripts, styles and the page's navigation chrome."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str | list[str]] = []
        self.covered: dict[int, set[int]] = {}
        self._text: list[str] = []
        self._depth = 0
        self._skip = 0
        self._cells: list[tuple[str, int, int]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[int, tuple[str, int, bool]] = {}

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "table":
            self._flush_text()
            self._depth += 1
            if self._depth == 1:
                self._pending = {}
        elif self._depth == 0:
            if tag in self._BLOCK:
                self._flush_text()
        elif tag == "tr":
            self._close_row()
            self._cells = []
        elif tag in ("td", "th"):
            if self._cells is None:
                self._cells = []
            self._close_cell()
            values = dict(attrs_)
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag in self._BLOCK and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "table" and self._depth:
            self._close_row()
            self._depth -= 1
        elif self._depth == 0:
            if tag in self._BLOCK:
                self._flush_text()
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._depth == 0:
            self._text.append(data)
        elif self._cell is not None:
            self._cell.append(data)

    def close(self) -> None:
        super().close()
        self._close_row()
        self._flush_text()

    def _flush_text(self) -> None:
        for raw in "".join(self._text).split("\n"):
            if raw.strip():
                self.items.append(raw)
        self._text = []

    def _close_cell(self) -> None:
        if self._cell is not None and self._cells is not None:
            self._cells.append((" ".join("".join(self._cell).split()), self._span[0], self._span[1]))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._cells is None:
            return
        row: list[str] = []
        covered: set[int] = set()
        cells = self._cells
        index = 0
        column = 0
        while (index < len(cells) or any(c >= column for c in self._pending)) and column < 1000:
            if column in self._pending:
                text, left, across = self._pending.pop(column)
                row.append(text)
                if across:
                    covered.add(column)
                if left > 1:
                    self._pending[column] = (text, left - 1, across)
                column += 1
                continue
            if index >= len(cells):
                row.append("")
                column += 1
                continue
            text, rowspan, colspan = cells[index]
            index += 1
            for offset in range(colspan):
                own = text if offset == 0 else ""
                row.append(own)
                if offset:
                    covered.add(column)
                if rowspan > 1:
                    self._pending[column] = (own, rowspan - 1, offset > 0)
                column += 1
        if covered:
            self.covered[len(self.items)] = covered
        self.items.append(row)
        self._cells = None


def own_cells(row: list[str], covered: set[int]) -> list[str]:
    """``row`` without the cells at its end that a cell to their left spans (``colspan``): a value cell
    spanning three columns is one cell, not one and two blanks. Blank cells of their own stay.

    >>> own_cells(["行政许可", "77", "", ""], {2, 3}), own_cells(["总计", "5", ""], set())
    (['行政许可', '77'], ['总计', '5', ''])
    """
    end = len(row)
    while end and end - 1 in covered:
        end -= 1
    return row[:end]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def _is_html(text: str) -> bool:
    head = text[:200000].lower()
    return "<table" in head or ("<tr" in head and "<td" in head)


def _cells_line(cells: list[str]) -> tuple[str, tuple[Token, ...]]:
    """Label and values of a row of explicit cells: values are the trailing number/marker/blank cells."""
    tokens: list[Token] = []
    index = len(cells)
    while index > 0:
        token = classify(cells[index - 1])
        if token is None:
            break
        tokens.append(token)
        index -= 1
    tokens.reverse()
    label = " ".join(c.strip() for c in cells[:index] if c.strip())
    return label, tuple(tokens)


def _space_line(raw: str) -> tuple[str, tuple[Token, ...]]:
    """Label and values of a space-aligned line: values are the trailing number/marker tokens."""
    spans = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", raw)]
    tokens: list[Token] = []
    index = len(spans)
    while index > 0:
        text, _, end = spans[index - 1]
        token = classify(text)
        if token is None or token.kind == "blank":
            break
        tokens.append(attrs.evolve(token, end=end))
        index -= 1
    tokens.reverse()
    label = raw[: spans[index - 1][2]].strip() if index > 0 else ""
    if index > 0 and not tokens:
        glued = _GLUED.match(spans[index - 1][0])
        if glued is not None and not _is_numbering(glued.group(1)):
            digits = unicodedata.normalize("NFKC", glued.group(2))
            label = raw[: spans[index - 1][1]] + glued.group(1)
            tokens = [Token("glued", digits, spans[index - 1][2])]
            label = label.strip()
    return label, tuple(tokens)


def _is_numbering(text: str) -> bool:
    """Whether ``text`` is only a heading's own number (``第二十条第（``), so the digits are part of it."""
    return canon(text).endswith(("第(", "第"))


def lines_of(text: str, cutter: Cutter | None = None) -> list[Line]:
    """Split ``text`` into :class:`Line` records, whatever its layout.

    With a ``cutter``, a long line holding a whole table (web-page text) is first cut into one piece per
    row; the pieces keep the line's number.
    """
    if _is_html(text):
        return _html_lines(text)
    result: list[Line] = []
    group = 0
    run = 0
    if cutter is None:
        plain = enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
        numbered = [(number, raw, False) for number, raw in plain]
    else:
        numbered = cut_lines(text, cutter)
    for number, raw, cut in numbered:
        raw = raw.replace("\f", "").replace("\u3000", " ").replace("\xa0", " ")
        if not raw.strip():
            group += 1
            continue
        if _FOOTER.match(raw):
            continue
        stripped = raw.strip()
        explicit = False
        if stripped.startswith("|") and stripped.count("|") >= 2:
            cells = stripped.strip("|").split("|")
            if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c in cells):
                continue
            label, values = _cells_line(cells)
            explicit = True
        elif "\t" in raw:
            label, values = _cells_line(raw.split("\t"))
            explicit = True
        else:
            label, values = _space_line(raw)
            if cut:  # a piece of a longer line: where its figures end says nothing of columns
                values = tuple(attrs.evolve(v, end=-1) for v in values)
        if label and not values:
            group += 1
            run += 1
        elif label:
            group += 1
        result.append(Line(number, label, canon(label), values, explicit, group, run))
        if label and values:
            group += 1
    return result


def parse_html(text: str) -> _Html:
    """``text`` parsed: its ``items`` (text lines and table rows, in document order) and ``covered``."""
    parser = _Html()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    return parser


def _html_lines(text: str) -> list[Line]:
    parser = parse_html(text)
    result: list[Line] = []
    for number, item in enumerate(parser.items, start=1):
        if isinstance(item, str):
            label, values = _space_line(item)
            explicit = False
        else:
            label, values = _cells_line(own_cells(item, parser.covered.get(number - 1, set())))
            explicit = True
            if not label and not values:
                continue
        result.append(
            Line(number, label, canon(label), values, explicit, number, number if not values else 0)
        )
    runs = 0
    fixed: list[Line] = []
    for line in result:
        if line.label and not line.values:
            runs += 1
        fixed.append(attrs.evolve(line, run=runs))
    return fixed


def plain_text(text: str) -> str:
    """The running text of ``text`` for narrative checks (HTML tags removed)."""
    if _is_html(text):
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]*>", "\n", text)
    return text
