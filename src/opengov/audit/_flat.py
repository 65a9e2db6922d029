"""Breaking a table printed on one line (web-page text) back into one piece per row.

A report copied from a web page, or saved by a crawler, often has its whole body on one line: every row
label followed directly by its figures, and the next label right after them
(``…申请数量713000074二、上年结转…``). The declared formats' own row labels find the rows: a long line in
which several labels are directly followed by figures is cut before every label (with its numbering —
``2、`` in ``3460853762、政府公报公开数`` belongs to the next row), before table titles, and after the
figures of each row, so the text around the table (crawler headers, page chrome, the narrative) stays out
of the rows. Searching is linear in the line's length: candidates are looked up by their first character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

MIN_LINE = 60
"""Shorter lines are never cut: a table printed row by row is read as it is."""

MIN_STRONG = 3
"""A line is cut only where at least this many labels, close together, are directly followed by figures."""

MAX_GAP = 160
"""The most characters (spaces left out) between two rows of a table: headers fit, paragraphs do not."""
"""A line is cut only where at least this many labels are directly followed by figures."""

_UNITS = frozenset("条件元个次项份万人篇")
_SKIP = frozenset(" \t\u3000\xa0")
_NUMBERING = re.compile(
    r"(?:其中[:：]?)?(?:\d[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]{1,2}、)?$"
)


class Cutter:
    """Cuts long lines at the given labels (row labels, and titles that are cut before and after)."""

    def __init__(self, rows: Iterable[str], titles: Iterable[str] = ()) -> None:
        """``rows``: row labels without numbering; ``titles``: table and section titles."""
        self._first: dict[str, list[tuple[str, bool]]] = {}
        seen: set[str] = set()
        for label, is_title in [(r, False) for r in rows] + [(t, True) for t in titles]:
            key = _compact(label)
            if len(key) < 2 or key in seen:
                continue
            seen.add(key)
            self._first.setdefault(key[0], []).append((key, is_title))
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def cut(self, line: str) -> list[str]:
        """``line`` in pieces: one per row (label and figures) and one per stretch of other text."""
        if len(line) < MIN_LINE:
            return [line]
        compact, where = _compacted(line)
        hits: list[tuple[int, int, bool, bool]] = []  # start, end (compact), title, followed by figures
        position = 0
        while position < len(compact):
            found = None
            for key, is_title in self._first.get(compact[position], ()):
                if compact.startswith(key, position):
                    found = (key, is_title)
                    break
            if found is None:
                position += 1
                continue
            key, is_title = found
            end = position + len(key)
            strong = not is_title and _figures_end(compact, end) > _units_end(compact, end)
            if len(key) >= 4 or strong:
                hits.append((position, end, is_title, strong))
            position = end
        cuts: list[int] = []
        for first, last in _zones(hits):
            cuts.extend(_cuts(compact, hits[first : last + 1]))
        if not cuts:
            return [line]
        pieces: list[str] = []
        previous = 0
        for cut in sorted(set(cuts)):
            original = where[cut] if cut < len(where) else len(line)
            if original > previous:
                pieces.append(line[previous:original])
                previous = original
        pieces.append(line[previous:])
        return [p for p in pieces if p.strip()]


def _zones(hits: Sequence[tuple[int, int, bool, bool]]) -> list[tuple[int, int]]:
    """Runs of hits that look like a table: rows with figures close together, with titles just before."""
    zones: list[tuple[int, int]] = []
    strong = [n for n, h in enumerate(hits) if h[3]]
    run: list[int] = []
    for n in strong:
        if run and hits[n][0] - hits[run[-1]][1] > MAX_GAP:
            if len(run) >= MIN_STRONG:
                zones.append((run[0], run[-1]))
            run = []
        run.append(n)
    if len(run) >= MIN_STRONG:
        zones.append((run[0], run[-1]))
    out = []
    for first, last in zones:
        # titles and headings just before the first row with figures count as part of the table
        while first > 0 and hits[first][0] - hits[first - 1][1] <= MAX_GAP:
            first -= 1
        out.append((first, last))
    return out


def _cuts(compact: str, hits: Sequence[tuple[int, int, bool, bool]]) -> list[int]:
    cuts: list[int] = []
    for start, end, is_title, strong in hits:
        numbering = _NUMBERING.search(compact, max(0, start - 6), start)
        begin = numbering.start() if numbering is not None and numbering.end() == start else start
        cuts.append(begin)
        if is_title:
            cuts.append(end)
        elif strong:
            cuts.append(_figures_end(compact, end))
    return cuts


def _units_end(compact: str, end: int) -> int:
    position = end
    while position < len(compact) and compact[position] in _UNITS:
        position += 1
    return position


def _figures_end(compact: str, end: int) -> int:
    """Where a row's units and figures after its label end in ``compact`` text.

    A last digit followed by ``、`` or ``.`` and a non-digit is the next row's numbering, not a figure.
    """
    start = position = _units_end(compact, end)
    while position < len(compact) and (compact[position].isdigit() or compact[position] in ".,"):
        position += 1
    while position > start and compact[position - 1] in ".,":
        position -= 1
    if (
        position > start
        and position < len(compact)
        and compact[position] in "、.．"
        and (position + 1 >= len(compact) or not compact[position + 1].isdigit())
    ):
        position -= 1
    return position


def _compact(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c not in _SKIP and not c.isspace())


def _compacted(line: str) -> tuple[str, list[int]]:
    """``line`` without spaces, NFKC-normalised per character, with each character's original index."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(line):
        if char.isspace():
            continue
        for normal in unicodedata.normalize("NFKC", char):
            chars.append(normal)
            where.append(index)
    return "".join(chars), where


def cut_lines(text: str, cutter: Cutter) -> list[tuple[int, str, bool]]:
    """The lines of ``text`` (numbered from 1), long ones cut by ``cutter``; pieces keep their number.

    The flag says whether the piece was cut out of a longer line (its columns say nothing of alignment).
    """
    out: list[tuple[int, str, bool]] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        pieces = cutter.cut(raw)
        out.extend((number, piece, len(pieces) > 1) for piece in pieces)
    return out


def labels_of(rows: Sequence[str]) -> list[str]:
    """Row labels without their numbering (``1.``, ``（一）``, ``其中：``), as the cutter looks for them."""
    out = []
    for label in rows:
        core = re.sub(
            r"^(?:其中[:：]?)?(?:\d+[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]{1,2}、)",
            "",
            label,
        )
        out.append(core)
    return out
