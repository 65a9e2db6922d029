"""Reading a format's tables out of a report's lines.

Rows are found by their official labels (whole, broken over lines, misprinted, or behind a rotated group
label); a row's figures are on its line or on the next lines without a label. Where labels and figures
are printed apart (plain ``pdftotext`` reading order), the figures are placed by position: row by row, or
in column blocks, whichever the number of cells and their grouping allow. Run-together digits are split by
the format's rules; figures whose order the text does not fix are arranged by the rules, and several
fitting readings are reported, never picked from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

import attrs

from opengov.audit._labels import ALIASES, LabelIndex, aliases_of
from opengov.audit._model import MISSING, AuditFinding, FindingCell, PublishedCell, PublishedTable
from opengov.audit._split import SearchTooLarge, excerpt, fitting
from opengov.audit._text import Line, Token, canon
from opengov.formats import CellRef, Format, Row, Rule, TableSpec, Template, Value
from opengov.formats._model import sum_values

_MAX_RUNS = 6
_MAX_FIGURE_CHARS = 24
"""A longer token is no figure of a report (it is kept as printed, as a marker)."""


@attrs.define
class _Entry:
    row: str
    tokens: list[Token]
    lines: list[int]
    groups: list[int]
    runs: list[int]
    positional: bool = False
    label_line: int | None = None
    overflow: bool = False
    """Placed by position from figures right after a labelled row's own (more figures than its columns)."""


@attrs.define
class Reading:
    """The tables read so far, with what the reader should know about how."""

    tables: list[PublishedTable] = attrs.field(factory=list)
    findings: list[AuditFinding] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)


def _numbering_stripped(label: str) -> str:
    for prefix in ("其中:",):
        if label.startswith(prefix):
            return label[len(prefix) :]
    if label[:1] in "一二三四五六七八九十" and label[1:2] == "、":
        return label[2:]
    if label.startswith("(") and ")" in label[:5]:
        return label[label.index(")") + 1 :]
    if label[:1].isdigit() and label[1:2] == ".":
        return label[2:]
    return label


def _variants(row: Row, aliases: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    full = canon(row.label)
    out = {full}
    if full.endswith(")") and "(" in full[1:]:
        core = full[: full.rindex("(")]
        if len(core) >= 4:
            out.add(core)
    for label in list(out):
        stripped = _numbering_stripped(label)
        if len(stripped) >= 4:
            out.add(stripped)
    out.update(canon(a) for a in ALIASES.get(row.key, ()))
    for alias in (aliases or {}).get(row.key, ()):
        out.add(canon(alias))
        stripped = _numbering_stripped(canon(alias))
        if len(stripped) >= 4:
            out.add(stripped)
    return out


class _Matcher:
    """Finds which row of a table a line's label names."""

    def __init__(self, spec: TableSpec, aliases: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.spec = spec
        self.order = {row.key: n for n, row in enumerate(spec.rows)}
        self.index = LabelIndex((row.key, v) for row in spec.rows for v in _variants(row, aliases))

    def match(self, key: str, last: int, *, figures: bool = False) -> str | None:
        """The row ``key`` names (figure rows first when the line has figures), nearest after ``last``."""
        if not key:
            return None
        slack = 24 if figures else 12
        found = [
            (p, lab) for p, lab in self.index.contained(key) if len(key) <= len(lab) + max(slack, len(lab))
        ]
        if figures:
            found = [(p, lab) for p, lab in found if not self.spec.row(p).is_heading] or found
        if not found:
            found = self.index.prefixed(key)
        if not found and len(key) <= 40:
            similar = self.index.similar(key)
            found = similar[:1]
        if not found:
            return None
        best = max(len(lab) for _, lab in found)
        rows = sorted({p for p, lab in found if len(lab) == best}, key=self.order.__getitem__)
        after = [r for r in rows if self.order[r] > last]
        return after[0] if after else rows[0]


def _regions(fmt: Format, lines: Sequence[Line]) -> dict[str, tuple[int, int, bool]]:
    """For each table, the slice of lines it is read from, and whether its title was found."""
    whole = (0, len(lines), False)
    if not fmt.sections:
        return {t.key: whole for t in fmt.tables}
    titles = [(key, canon(title)) for key, title in fmt.sections]
    starts: dict[str, int] = {}
    for n, line in enumerate(lines):
        k = line.key
        if not k or line.values:
            continue
        for key, title in titles:
            if key not in starts and k.startswith(title) and len(k) <= len(title) + 8:
                starts[key] = n
    bounds = sorted(starts.values())

    def section(key: str) -> tuple[int, int, bool]:
        if key not in starts:
            return whole
        start = starts[key]
        later = [b for b in bounds if b > start]
        return (start, later[0] if later else len(lines), True)

    result: dict[str, tuple[int, int, bool]] = {}
    for table in fmt.tables:
        start, end, found = section(table.section or "")
        if table.section == "proactive" and table.title.startswith("第"):
            title = canon(table.title)
            item_starts = [
                n for n in range(start, end) if lines[n].key.startswith(title) and not lines[n].values
            ]
            if item_starts:
                first = item_starts[0]
                nxt = [
                    n
                    for n in range(first + 1, end)
                    if lines[n].key.startswith("第二十条") and not lines[n].values
                ]
                result[table.key] = (first, nxt[0] if nxt else end, True)
                continue
            if any(lines[n].key.startswith("第二十条") and not lines[n].values for n in range(start, end)):
                # other items' titles are printed and this one's is not: the table is not in the report,
                # and the figures under the other titles are theirs
                result[table.key] = (start, start, False)
                continue
        result[table.key] = (start, end, found)
    return result


def _children(spec: TableSpec, heading: str) -> list[str]:
    return [r.key for r in spec.rows if r.parent == heading and not r.is_heading]


def _collapsible(spec: TableSpec) -> list[str]:
    """Headings whose children are all figure rows (a report may print them as one row)."""
    out = []
    for row in spec.rows:
        if row.is_heading:
            kids = [r for r in spec.rows if r.parent == row.key]
            if kids and all(not k.is_heading for k in kids):
                out.append(row.key)
    return out


def _pass_labels(
    spec: TableSpec,
    lines: Sequence[Line],
    found_title: bool,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[dict[str, _Entry], bool, bool]:
    """Rows by label; figures on the label's line or on following unlabelled lines.

    Returns the rows, whether the reading is valid, and whether a row placed by position had its own label
    printed right after the figures that placed it (they belonged to the label above: one text node per
    line, with more figures than columns under that label).
    """
    matcher = _Matcher(spec, aliases)
    ncol = len(spec.columns)
    entries: dict[str, _Entry] = {}
    order = [r.key for r in spec.rows]
    cur: str | None = None
    valid = True
    misplaced = False
    added = False  # whether the line before was figures added to ``cur``
    collapsed: set[str] = set()

    def add(entry: _Entry, line: Line) -> None:
        entry.tokens.extend(line.values)
        entry.lines.extend([line.number] * len(line.values))
        entry.groups.extend([line.group if len(line.values) == 1 else -line.number] * len(line.values))
        entry.runs.extend([line.run] * len(line.values))

    def next_row(after: str | None) -> str | None:
        start = order.index(after) + 1 if after is not None else 0
        for key in order[start:]:
            row = spec.row(key)
            if row.is_heading or key in entries or row.parent in collapsed:
                continue
            return key
        return None

    for line in lines:
        last = order.index(cur) if cur is not None else -1
        if cur is not None and entries[cur].overflow:
            last -= 1  # the row placed from overflowing figures may have its own label next
        key = matcher.match(line.key, last, figures=bool(line.values)) if line.key else None
        values = line.values
        follows = added
        # a unit or a group heading between a row's figures and the next label leaves them adjacent
        if values or not (line.key in _UNIT_LINES or (key is not None and spec.row(key).is_heading)):
            added = False
        if values and all(t.kind == "blank" for t in values) and key is None:
            continue
        if key is not None:
            row = spec.row(key)
            if row.is_heading and not values:
                continue
            if key in entries:
                # a label printed away from its figures (plain pdftotext), already placed; or, if its
                # row was placed by position from the figures just before, those were the label above's
                misplaced = misplaced or (key == cur and entries[key].overflow and follows)
                continue
            entry = _Entry(key, [], [], [], [], label_line=line.number)
            entries[key] = entry
            add(entry, line)
            if row.is_heading:
                collapsed.add(key)
            cur = key
        elif values:
            if cur is not None and len(entries[cur].tokens) < ncol and not _explicit_full(entries[cur], ncol):
                add(entries[cur], line)
                added = True
            elif found_title or cur is not None:
                target = next_row(cur)
                if target is None:
                    if cur is not None and follows and len(values) == 1 and _one_per_line(entries[cur]):
                        add(entries[cur], line)  # more figures than columns: a number broken over lines
                        added = True
                        continue
                    break
                overflow = follows and cur is not None and not entries[cur].positional
                entry = _Entry(target, [], [], [], [], positional=True, overflow=overflow)
                entries[target] = entry
                add(entry, line)
                added = True
                cur = target
    for entry in entries.values():
        _trim(entry, ncol)
        if len(entry.tokens) > ncol:
            valid = False
        singles = [g for g in entry.groups if g >= 0]
        if len(singles) > 1 and len(set(singles)) < len(singles):
            valid = False
    return entries, valid, misplaced


def _one_per_line(entry: _Entry) -> bool:
    """Whether each of a row's figures came on a line of its own."""
    return len(set(entry.lines)) == len(entry.lines)


_UNIT_LINES = frozenset({"条", "件", "元", "万元", "个", "次", "人", "人次", "篇", "项", "份"})
"""A line holding only a unit (one-text-node-per-line HTML prints the unit column as its own node)."""

MAX_LABEL_PIECES = 6
"""The most lines one row label may be broken over (``（`` / ``七`` / ``）`` / ``总计`` is four)."""


def _exact_forms(spec: TableSpec, aliases: Mapping[str, tuple[str, ...]] | None) -> frozenset[str]:
    return frozenset(v for row in spec.rows for v in _variants(row, aliases))


def _is_exact(text: str, forms: frozenset[str]) -> bool:
    """Whether ``text`` is a row label exactly, maybe after its numbering (``其中：1.``)."""
    for _ in range(3):
        if text in forms:
            return True
        stripped = _numbering_stripped(text)
        if stripped == text:
            return False
        text = stripped
    return False


def _rejoin_labels(
    spec: TableSpec, lines: Sequence[Line], aliases: Mapping[str, tuple[str, ...]] | None = None
) -> list[Line]:
    """Consecutive text lines that together, and only together, spell a row label made one line.

    One text node per line breaks labels (``其中：1.同意`` / ``公开答复数``;
    ``（`` / ``七`` / ``）`` / ``总计``): a piece alone may name no row, or the wrong one by its shared
    words. Lines are joined only where their concatenation is a label exactly (numbering aside), the
    longest such run first.
    """
    forms = _exact_forms(spec, aliases)
    longest = max((len(f) for f in forms), default=0) + 8  # a label with its numbering (``其中：1.``)
    out: list[Line] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if not line.key or line.values or line.key in _UNIT_LINES or len(line.key) >= longest:
            out.append(line)
            n += 1
            continue
        end = n + 1
        size = len(line.key)
        while (
            end < len(lines)
            and end - n < MAX_LABEL_PIECES
            and lines[end].key
            and not lines[end].values
            and lines[end].key not in _UNIT_LINES
            and size + len(lines[end].key) <= longest
        ):
            size += len(lines[end].key)
            end += 1
        for last in range(end - 1, n, -1):
            pieces = lines[n : last + 1]
            joined = "".join(p.key for p in pieces)
            if _is_exact(joined, forms) and not all(_is_exact(p.key, forms) for p in pieces):
                label = "".join(p.label for p in pieces)
                out.append(attrs.evolve(line, label=label, key=joined))
                n = last + 1
                break
        else:
            out.append(line)
            n += 1
    return out


MIN_INTERLEAVED = 3
"""Rows a labels-first reading needs before it is trusted over the other readings."""


def _pass_interleaved(
    spec: TableSpec,
    lines: Sequence[Line],
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    *,
    trusted: bool = False,
) -> dict[str, _Entry] | None:
    """Labels first: every figure line belongs to the label above it (one text node per line).

    Unit-only lines are passed over; any other text line ends a row's figures, so a date or a signature
    after the table joins no row. A row may collect more figures than columns (a number broken across
    lines, ``1`` / ``62``) or fewer (a cell left out): each is settled for that row alone, so one stray
    token shifts nothing after it. ``None`` unless most rows got exactly one figure per column, or a few
    more, each on a line of its own (numbers broken over lines) — or, when ``trusted`` (the row-by-row
    reading put a row's label right after figures it had placed in that row), unless a row has fewer
    figures than columns, or more that are not whole numbers on lines of their own, or most labels none.
    """
    matcher = _Matcher(spec, aliases)
    ncol = len(spec.columns)
    order = [r.key for r in spec.rows]
    entries: dict[str, _Entry] = {}
    cur: _Entry | None = None
    last = -1
    for line in lines:
        if line.key and not line.values:
            if line.key in _UNIT_LINES:
                continue
            key = matcher.match(line.key, last)
            if key is None and cur is not None and not cur.tokens:
                continue  # the rest of a label broken across lines, or its numbering
            if key is None or key in entries or spec.row(key).is_heading:
                cur = None
                continue
            cur = _Entry(key, [], [], [], [])
            entries[key] = cur
            last = order.index(key)
            continue
        if line.key or cur is None:
            cur = None
            continue
        if any(t.kind not in ("number", "glued") for t in line.values):
            cur = None
            continue
        cur.tokens.extend(line.values)
        cur.lines.extend([line.number] * len(line.values))
        cur.groups.extend([-line.number] * len(line.values))
        cur.runs.extend([0] * len(line.values))
    filled = [e for e in entries.values() if e.tokens]
    # a row with a few more figures than columns, each on a line of its own, is one with numbers broken over
    # lines: it fits this reading as well as an exact one
    fit = sum(1 for e in filled if len(e.tokens) == ncol or (_broken(e, ncol) and _few_extra(e, ncol)))
    if trusted:
        # the row-by-row reading was seen to misplace figures: this one is taken, at any size, if every
        # labelled row has its figures under it, each whole on a line of its own where there are more
        whole = all(len(e.tokens) == ncol or _broken(e, ncol) for e in filled)
        if not filled or not whole or (len(entries) - len(filled)) * 4 > len(entries):
            return None
    elif len(filled) < MIN_INTERLEAVED or fit * 4 < len(filled) * 3:
        return None
    return {k: e for k, e in entries.items() if e.tokens}


def _few_extra(entry: _Entry, ncol: int) -> bool:
    """Whether a row has at most half as many figures again as columns (two extra for up to five)."""
    return len(entry.tokens) - ncol <= max(2, ncol // 2)


def _broken(entry: _Entry, ncol: int) -> bool:
    """Whether a row's figures are more than its columns, each a whole number on a line of its own: some
    are pieces of a number broken across lines."""
    return (
        len(entry.tokens) > ncol
        and _one_per_line(entry)
        and all(t.kind == "number" and t.text.isdigit() for t in entry.tokens)
    )


def _explicit_full(entry: _Entry, ncol: int) -> bool:
    """Whether a row has all its figures: one per column, or one run of run-together digits for all."""
    if len(entry.tokens) >= ncol:
        return True
    if len(entry.tokens) != 1 or ncol < 2:
        return False
    token = entry.tokens[0]
    # a run of digits on a line of its own under a label (one text node per line) is one cell's figure
    same_line = entry.label_line is not None and entry.lines[0] == entry.label_line
    return token.kind == "glued" or (token.text.isdigit() and len(token.text) >= ncol and same_line)


_COMPARISON = re.compile(r"(上年|去年)(数|总计|合计|同期)")
"""A column header for last year's figures, printed after the official columns (上年数, 上年总计)."""


def _set_aside_comparison(
    spec: TableSpec, lines: Sequence[Line], entries: dict[str, _Entry], reading: Reading
) -> bool:
    """Drop a trailing comparison column of last year's figures, which many reports (and ours) add.

    Only where a header line names such a column and rows have exactly one figure more than the format's
    columns; the figures set aside are not checked.
    """
    ncol = len(spec.columns)
    if not any(not line.values and _COMPARISON.search(line.label) for line in lines):
        return False
    wide = [e for e in entries.values() if len(e.tokens) == ncol + 1]
    if not wide:
        return False
    for entry in wide:
        for seq in (entry.tokens, entry.lines, entry.groups, entry.runs):
            del seq[-1]
    reading.notes.append(f"{spec.title}: a column of last year's figures after the official ones set aside")
    return True


def _trim(entry: _Entry, ncol: int) -> None:
    while len(entry.tokens) > ncol and entry.tokens[0].kind == "blank":
        for seq in (entry.tokens, entry.lines, entry.groups, entry.runs):
            del seq[0]


def _pass_positions(spec: TableSpec, lines: Sequence[Line]) -> tuple[dict[str, _Entry], str | None] | None:
    """Figures placed by position when labels and figures are printed apart; ``None`` if they do not fit."""
    ncol = len(spec.columns)
    chunks: list[list[tuple[Token, Line]]] = []
    for line in lines:
        values = [t for t in line.values if t.kind != "blank"]
        if not values:
            continue
        if len(values) > 1:
            chunks.append([(t, line) for t in values])
            chunks.append([])
        elif (
            chunks
            and chunks[-1]
            and chunks[-1][-1][1].group == line.group
            and len(chunks[-1][-1][1].values) == 1
        ):
            chunks[-1].append((values[0], line))
        else:
            chunks.append([(values[0], line)])
    chunks = [c for c in chunks if c]
    total = sum(len(c) for c in chunks)
    if total == 0 or total % ncol:
        return None
    figure_rows = [r.key for r in spec.rows if not r.is_heading]
    present = {canon(line.label) for line in lines if line.label}
    variants: list[tuple[list[str], str | None]] = [(figure_rows, None)]
    for heading in _collapsible(spec):
        kids = _children(spec, heading)
        rows = [r.key for r in spec.rows if (r.key == heading) or (not r.is_heading and r.key not in kids)]
        variants.append((rows, heading))
    fits = [v for v in variants if len(v[0]) * ncol == total]
    if not fits:
        return None
    if len(fits) > 1:

        def printed(heading: str | None) -> int:
            if heading is None:
                return 0
            return sum(
                1
                for k in _children(spec, heading)
                if any(v in p for v in _variants(spec.row(k)) for p in present)
            )

        fits.sort(key=lambda v: printed(v[1]))
    chosen, collapsed = fits[0]
    placed: list[list[tuple[Token, Line]]] = []
    i = 0
    while i < len(chunks):
        size = len(chunks[i])
        if size == ncol and (size > 1 or all(len(c) == 1 for c in chunks[i : i + ncol])):
            if size == 1:
                placed.append([c[0] for c in chunks[i : i + ncol]])
                i += ncol
            else:
                placed.append(chunks[i])
                i += 1
            continue
        if size == 1:
            block = chunks[i : i + ncol]
            if len(block) < ncol or any(len(c) != 1 for c in block):
                return None
            placed.append([c[0] for c in block])
            i += ncol
            continue
        block = chunks[i : i + ncol]
        if len(block) < ncol or any(len(c) != size for c in block):
            return None
        for r in range(size):
            placed.append([block[c][r] for c in range(ncol)])
        i += ncol
    if len(placed) != len(chosen):
        return None
    entries = {}
    for key, cells in zip(chosen, placed, strict=True):
        entries[key] = _Entry(
            key,
            [t for t, _ in cells],
            [ln.number for _, ln in cells],
            [-1] * len(cells),
            [0] * len(cells),
            positional=True,
        )
    return entries, collapsed


def _to_value(token: Token, unit: str | None) -> Value | None:
    text = token.text
    if len(text) > _MAX_FIGURE_CHARS:
        return None
    try:
        if unit == "万元" or "." in text:
            return Decimal(text)
        return int(text)
    except (ValueError, InvalidOperation):
        return None


def _cell(token: Token, line: int | None, unit: str | None, assumed: tuple[str, ...] = ()) -> PublishedCell:
    if token.kind == "blank":
        return PublishedCell("blank", None, "", line, assumed)
    if token.kind == "marker":
        return PublishedCell("marker", None, token.text, line, assumed)
    value = _to_value(token, unit)
    if value is None:
        return PublishedCell("marker", None, excerpt(token.text), line, assumed)
    return PublishedCell("number", value, token.text, line, assumed)


def _labels(spec: TableSpec, cell: CellRef, published: PublishedCell) -> FindingCell:
    row = spec.row(cell[0])
    column = spec.column(cell[1])
    column_label = f"{column.group}·{column.label}" if column.group else column.label
    return FindingCell(
        row.key, row.label, column.key, column_label, published.value, published.text, published.line
    )


def _rules_within(rules: Sequence[Rule], known: Callable[[CellRef], bool]) -> list[Rule]:
    return [r for r in rules if all(known(c) for c in r.cells)]


def _holds(rule: Rule, lookup: Callable[[CellRef], Value | None]) -> bool:
    values = [lookup(c) for c in rule.cells]
    if any(v is None for v in values):
        return True
    left = sum_values(lookup(c) for c in rule.left)  # type: ignore[misc]
    right = sum_values(lookup(c) for c in rule.right)  # type: ignore[misc]
    return rule.compare(left, right)


def _align(entry: _Entry, anchors: list[float]) -> list[Token | None] | None:
    """Place fewer figures than columns by their end columns on a space-aligned line."""
    placed: list[Token | None] = [None] * len(anchors)
    last = -1
    for token in entry.tokens:
        if token.end < 0:
            return None
        distances = [(abs(token.end - a), c) for c, a in enumerate(anchors) if c > last]
        if not distances:
            return None
        distance, column = min(distances)
        if distance > 3:
            return None
        placed[column] = token
        last = column
    return placed


def read_table(
    spec: TableSpec,
    lines: Sequence[Line],
    found_title: bool,
    reading: Reading,
    *,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    optional: frozenset[str] = frozenset(),
    hints: Mapping[CellRef, frozenset[Value]] | None = None,
) -> PublishedTable:
    """Read one table from its region's lines.

    ``aliases`` are other printed spellings of row labels; ``optional`` rows are printed in some years only,
    and the rules leave them out where the report does not print them; ``hints`` are figures the narrative
    states for cells, used only to choose among splits of run-together digits that all fit the rules.
    """
    ncol = len(spec.columns)
    lines = _rejoin_labels(spec, lines, aliases)
    entries, valid, misplaced = _pass_labels(spec, lines, found_title, aliases)
    if not valid and _set_aside_comparison(spec, lines, entries, reading):
        valid = all(len(e.tokens) <= ncol for e in entries.values())
    collapsed_heading: str | None = None
    by_position = any(e.positional for e in entries.values())
    # a row placed by position whose own label came right after its figures: the labels-first reading
    # (one text node per line, a number broken over lines) is the one to try
    if (not valid or misplaced) and (
        interleaved := _pass_interleaved(spec, lines, aliases, trusted=misplaced)
    ) is not None:
        entries, valid, by_position = interleaved, True, False
        reading.notes.append(f"table {spec.title}: one cell per line; figures read under their labels")
    if not valid or (not entries and found_title):
        positional = _pass_positions(spec, lines)
        if positional is not None:
            entries, collapsed_heading = positional
            by_position = True
            reading.notes.append(
                f"table {spec.title}: labels and figures printed apart; figures placed by position"
            )
        elif not valid:
            bad = [e for e in entries.values() if len(e.tokens) > ncol and not _broken(e, ncol)]
            for e in bad:
                reading.findings.append(_unreadable(spec, e, f"{len(e.tokens)} figures for {ncol} columns"))
                del entries[e.row]
    cells: dict[CellRef, PublishedCell] = dict.fromkeys(spec.cells(), MISSING)
    collapsed = [k for k in entries if spec.row(k).is_heading]
    if collapsed_heading and collapsed_heading not in collapsed:
        collapsed.append(collapsed_heading)
    for heading in list(collapsed):
        if any(k in entries for k in _children(spec, heading)):
            collapsed.remove(heading)
            printed = any(token.kind != "blank" for token in entries.pop(heading).tokens)
            if printed:  # a heading followed by empty cells (as our own renderer prints it) says nothing
                reading.notes.append(f"{spec.row(heading).label}: figures printed on the heading ignored")
    anchors = _anchors(entries, ncol)
    pending: list[_Entry] = []
    for entry in entries.values():
        unit_of = [
            spec.unit((entry.row, c.key))
            if not spec.row(entry.row).is_heading
            else spec.unit((_children(spec, entry.row)[0], c.key))
            for c in spec.columns
        ]
        tokens: list[Token | None] = list(entry.tokens)
        if len(tokens) == ncol:
            pass
        elif _broken(entry, ncol) or (
            len(tokens) == 1
            and tokens[0] is not None
            and tokens[0].text.isdigit()
            and ncol > 1
            and not _short_row(entry, ncol)
        ):
            pending.append(entry)
            continue
        elif len(tokens) < ncol and anchors and (aligned := _align(entry, anchors)) is not None:
            tokens = aligned
        elif len(tokens) < ncol and any(t.kind == "blank" for t in entry.tokens):
            tokens = tokens + [Token("blank", "")] * (ncol - len(tokens))
        elif _short_row(entry, ncol):
            reading.findings.append(_not_reported(spec, entry, ncol))
            for column in spec.columns:
                cells[(entry.row, column.key)] = PublishedCell("ambiguous", None, "", entry.lines[0])
            continue
        else:
            reading.findings.append(_unreadable(spec, entry, f"{len(tokens)} figures for {ncol} columns"))
            continue
        for n, column in enumerate(spec.columns):
            token = tokens[n]
            line = entry.lines[min(n, len(entry.lines) - 1)] if entry.lines else None
            cells[(entry.row, column.key)] = (
                PublishedCell("blank", None, "", line) if token is None else _cell(token, line, unit_of[n])
            )
    absent = tuple(r for r in sorted(optional) if spec.has_row(r) and r not in entries)
    table = PublishedTable(spec, cells, tuple(collapsed), by_position, absent)
    rules = rules_of(table)
    _arrange(spec, entries, cells, rules, reading)
    _split_rows(spec, pending, cells, rules, reading, hints)
    return table


def _short_row(entry: _Entry, ncol: int) -> bool:
    """Whether a row prints fewer separate figures than columns on its own line: a cell left out.

    Only figures printed apart (spaces, cells) count; run-together digits are split instead, unless there
    are fewer digits than columns.
    """
    tokens = entry.tokens
    if not tokens or len(tokens) >= ncol or len(set(entry.lines)) != 1:
        return False
    if any(t.kind == "blank" for t in tokens):
        return False
    if len(tokens) == 1:
        return tokens[0].kind in ("glued", "number") and len(tokens[0].text) < ncol
    return all(t.kind == "number" for t in tokens)


def _not_reported(spec: TableSpec, entry: _Entry, ncol: int) -> AuditFinding:
    label = spec.row(entry.row).label
    printed = " ".join(t.text for t in entry.tokens)
    columns = ", ".join(c.label for c in spec.columns)
    return AuditFinding(
        "not_reported",
        "error",
        f"read.{spec.key}.missing",
        f"{spec.title}: {label}",
        f"row {label!r} prints {len(entry.tokens)} figure(s) ({printed}) for {ncol} columns ({columns}): "
        "a cell is not reported, and which column each printed figure belongs to cannot be told",
        lines=tuple(sorted(set(entry.lines))),
    )


def _anchors(entries: dict[str, _Entry], ncol: int) -> list[float]:
    ends: list[list[int]] = [[] for _ in range(ncol)]
    for entry in entries.values():
        if len(entry.tokens) == ncol and all(t.end >= 0 for t in entry.tokens):
            for c, t in enumerate(entry.tokens):
                ends[c].append(t.end)
    if ncol < 2 or any(not e for e in ends):
        return []
    return [sorted(e)[len(e) // 2] for e in ends]


def _unreadable(spec: TableSpec, entry: _Entry, why: str) -> AuditFinding:
    label = spec.row(entry.row).label
    return AuditFinding(
        "unreadable",
        "warning",
        f"read.{spec.key}.row",
        f"{spec.title}: {label}",
        f"row {label!r} not read: {why}",
        lines=tuple(sorted(set(entry.lines))),
    )


def _collapsed_rules(spec: TableSpec, collapsed: Sequence[str]) -> list[Rule]:
    """For a heading printed as one row: the sum of its sub-rows' row rules, on the heading's cells."""
    out: list[Rule] = []
    for heading in collapsed:
        kids = _children(spec, heading)
        by_shape: dict[tuple[tuple[str, ...], object, tuple[str, ...]], list[Rule]] = {}
        for rule in spec.rules:
            rows = {c[0] for c in rule.cells}
            if len(rows) == 1 and next(iter(rows)) in kids:
                shape = (tuple(c[1] for c in rule.left), rule.relation, tuple(c[1] for c in rule.right))
                by_shape.setdefault(shape, []).append(rule)
        for key, group in by_shape.items():
            if len({next(iter({c[0] for c in r.cells})) for r in group}) != len(kids):
                continue
            left_cols, _, right_cols = key
            out.append(
                attrs.evolve(
                    group[0],
                    code="+".join(r.code for r in group),
                    text=f"{group[0].text.split(' (')[0]} ({spec.row(heading).label}, printed as one row)",
                    left=tuple((heading, c) for c in left_cols),
                    right=tuple((heading, c) for c in right_cols),
                )
            )
    return out


def _substitute(rule: Rule, spec: TableSpec, collapsed: Sequence[str]) -> Rule:
    """Replace all of a collapsed heading's sub-row cells on one side of a rule by the heading's cell."""
    if not collapsed:
        return rule
    left, right = list(rule.left), list(rule.right)
    for heading in collapsed:
        kids = _children(spec, heading)
        for column in spec.columns:
            group = [(k, column.key) for k in kids]
            for side in (left, right):
                if all(c in side for c in group):
                    position = side.index(group[0])
                    for c in group:
                        side.remove(c)
                    side.insert(position, (heading, column.key))
    if left == list(rule.left) and right == list(rule.right):
        return rule
    return attrs.evolve(rule, left=tuple(left), right=tuple(right))


def _lookup(cells: dict[CellRef, PublishedCell]) -> Callable[[CellRef], Value | None]:
    def get(cell: CellRef) -> Value | None:
        published = cells.get(cell)
        return published.value if published is not None and published.state == "number" else None

    return get


def _arrange(
    spec: TableSpec,
    entries: dict[str, _Entry],
    cells: dict[CellRef, PublishedCell],
    rules: Sequence[Rule],
    reading: Reading,
) -> None:
    """Where one row's figures came in runs split by header text, find the order of runs the rules fit."""
    ncol = len(spec.columns)
    for entry in entries.values():
        runs = sorted(set(entry.runs))
        if len(entry.tokens) != ncol or len(runs) < 2 or len(runs) > _MAX_RUNS:
            continue
        row_rules = [r for r in rules if {c[0] for c in r.cells} == {entry.row}]
        if not row_rules:
            continue
        lookup = _lookup(cells)
        if all(_holds(r, lookup) for r in row_rules):
            continue
        pieces = [[n for n, run in enumerate(entry.runs) if run == r] for r in runs]
        fits: list[list[int]] = []
        for order in itertools.permutations(range(len(pieces))):
            if order == tuple(range(len(pieces))):
                continue
            positions = [n for piece in order for n in pieces[piece]]
            trial = dict(cells)
            for c, n in enumerate(positions):
                trial[(entry.row, spec.columns[c].key)] = cells[(entry.row, spec.columns[n].key)]
            if all(_holds(r, _lookup(trial)) for r in row_rules) and positions not in fits:
                fits.append(positions)
        if not fits:
            continue  # no order of the printed runs fits the rules: the table is inconsistent as printed
        codes = tuple(r.code for r in row_rules)
        original = {c.key: cells[(entry.row, c.key)] for c in spec.columns}
        for c, column in enumerate(spec.columns):
            readings = {original[spec.columns[f[c]].key].value for f in fits}
            source = original[spec.columns[fits[0][c]].key]
            if len(readings) == 1:
                cells[(entry.row, column.key)] = attrs.evolve(source, assumed=codes)
            else:
                cells[(entry.row, column.key)] = PublishedCell("ambiguous", None, "", source.line, codes)
        row_label = spec.row(entry.row).label
        if len(fits) == 1:
            reading.notes.append(
                f"{spec.title}: the figures of {row_label!r} were read out of order (header text between "
                f"them); arranged by assuming {', '.join(codes)}"
            )
        else:
            reading.findings.append(
                AuditFinding(
                    "ambiguous",
                    "warning",
                    f"read.{spec.key}.arrangement",
                    f"{spec.title}: order of printed figures",
                    f"the figures of {row_label!r} are printed out of order and {len(fits)} arrangements fit "
                    f"{', '.join(codes)}; cells that differ between them are left unread",
                    lines=tuple(sorted(set(entry.lines))),
                )
            )


def _cuts_at(boundaries: frozenset[int] | None) -> Callable[[tuple[int, ...]], bool]:
    """Whether a split cuts only where the printed pieces end (every cut, when ``boundaries`` is None)."""
    if boundaries is None:
        return lambda _c: True

    def at(candidate: tuple[int, ...]) -> bool:
        position = 0
        for figure in candidate[:-1]:
            position += len(str(figure))
            if position not in boundaries:
                return False
        return True

    return at


def _both(
    first: Callable[[tuple[int, ...]], bool], second: Callable[[tuple[int, ...]], bool]
) -> Callable[[tuple[int, ...]], bool]:
    return lambda c: first(c) and second(c)


def _hinted(
    columns: Sequence[str], row: str, hints: Mapping[CellRef, frozenset[Value]]
) -> Callable[[tuple[int, ...]], bool] | None:
    """A split's agreement with the figures the narrative states for this row's cells, if it states any."""
    stated = [(n, hints[(row, c)]) for n, c in enumerate(columns) if (row, c) in hints]
    if not stated:
        return None
    return lambda c: all(c[n] in values for n, values in stated)


def _split_rows(
    spec: TableSpec,
    pending: Sequence[_Entry],
    cells: dict[CellRef, PublishedCell],
    rules: Sequence[Rule],
    reading: Reading,
    hints: Mapping[CellRef, frozenset[Value]] | None = None,
) -> None:
    """Split run-together digits, using the rules only where the digits alone do not decide.

    A row whose figures came as more whole numbers than columns (a number broken across lines) is cut
    only where the printed pieces end. Where several splits fit the rules, a figure the narrative states
    for the row decides, if exactly one split agrees with it.
    """
    ncol = len(spec.columns)
    todo = list(pending)
    candidates: dict[str, _Ambiguous] = {}
    for _round in range(2):
        left_over: list[_Entry] = []
        for entry in todo:
            digits = "".join(t.text for t in entry.tokens)
            boundaries: frozenset[int] | None = None
            if len(entry.tokens) > 1:
                ends = itertools.accumulate(len(t.text) for t in entry.tokens)
                boundaries = frozenset(ends)
            at = _cuts_at(boundaries)
            line = entry.lines[0] if entry.lines else None
            row = entry.row
            units = [spec.unit((row, c.key)) if not spec.row(row).is_heading else None for c in spec.columns]
            lookup = _lookup(cells)
            own = {(row, c.key) for c in spec.columns}
            local = [r for r in rules if own >= set(r.cells)]
            usable = [
                r
                for r in rules
                if own & set(r.cells) and all(c in own or lookup(c) is not None for c in r.cells)
            ]
            accept = _Acceptor(row, [c.key for c in spec.columns], lookup)
            assumed: tuple[str, ...] = ()
            hinted = _hinted([c.key for c in spec.columns], row, hints or {})
            decided_by_text = False
            try:
                criterion = at
                any_split, count, _ = fitting(digits, ncol, at, limit=1)
                if count == 1:
                    found, fits, assumed = any_split, 1, ()
                elif not usable:
                    found, fits, _ = fitting(digits, ncol, at, limit=MAX_JOINT_READINGS)
                else:
                    criterion = _both(at, accept.using(local))
                    found, fits, _ = (
                        fitting(digits, ncol, criterion, limit=MAX_JOINT_READINGS) if local else ([], 0, 0)
                    )
                    assumed = tuple(r.code for r in local)
                    if (fits != 1 or boundaries is not None) and len(usable) > len(local):
                        # a rejoined number must agree with the rest of the table too, not its row alone
                        criterion = _both(at, accept.using(usable))
                        found, fits, _ = fitting(digits, ncol, criterion, limit=MAX_JOINT_READINGS)
                        assumed = tuple(r.code for r in usable)
                if fits > 1 and _round == 1 and hinted is not None:
                    check = _both(at, accept.using(usable)) if usable else at
                    narrowed, narrowed_fits, _ = fitting(digits, ncol, _both(check, hinted))
                    if narrowed_fits == 1:
                        found, fits, decided_by_text = narrowed, 1, True
            except SearchTooLarge as exc:
                reading.findings.append(
                    _split_finding(
                        spec, entry, "unreadable", "warning", f"digits {excerpt(digits)} not split: {exc}"
                    )
                )
                continue
            if fits == 1:
                for n, column in enumerate(spec.columns):
                    value: Value = found[0][n]
                    if units[n] == "万元":
                        value = Decimal(value)
                    cells[(row, column.key)] = PublishedCell("number", value, str(found[0][n]), line, assumed)
                if assumed or decided_by_text or len(entry.tokens) > 1:
                    label = spec.row(row).label
                    reading.notes.append(_split_note(label, entry, found[0], assumed, decided_by_text))
                continue
            if fits > 1 and _round == 0:
                left_over.append(entry)
                continue
            if fits > 1:
                shown = "; ".join(" ".join(map(str, f)) for f in found[:3])
                for column in spec.columns:
                    cells[(row, column.key)] = PublishedCell("ambiguous", None, digits, line, assumed)
                warning = _split_finding(
                    spec,
                    entry,
                    "ambiguous",
                    "warning",
                    f"run-together digits {digits} have {fits} readings that fit the rules "
                    f"(e.g. {shown}); not guessed",
                )
                reading.findings.append(warning)
                if fits <= MAX_JOINT_READINGS:  # ``found`` holds every reading
                    readings = [
                        tuple(Decimal(v) if units[n] == "万元" else v for n, v in enumerate(split))
                        for split in found
                    ]
                    candidates[row] = _Ambiguous(entry, readings, found, warning)
            else:
                reading.findings.append(
                    _split_finding(
                        spec,
                        entry,
                        "split",
                        "error",
                        f"no way to read the run-together digits {digits} as {ncol} figures satisfies "
                        f"{', '.join(r.code for r in usable) or 'the rules'}",
                    )
                )
        todo = left_over
        if not todo:
            break
    _check_jointly(spec, candidates, cells, rules, reading)


MAX_JOINT_READINGS = 24
"""Rows with more readings than this are not checked jointly (:func:`_check_jointly`)."""

MAX_JOINT_TRIALS = 4096
"""The most combinations of readings one rule is tried on."""


@attrs.frozen
class _Ambiguous:
    """A row whose run-together digits have several readings: every reading (as values, and as printed
    figures), and the warning that says so."""

    entry: _Entry
    readings: list[tuple[Value, ...]]
    printed: list[tuple[int, ...]]
    warning: AuditFinding


def _check_jointly(
    spec: TableSpec,
    candidates: Mapping[str, _Ambiguous],
    cells: dict[CellRef, PublishedCell],
    rules: Sequence[Rule],
    reading: Reading,
) -> None:
    """Rules across rows whose digits each have several readings: a rule no combination satisfies is an
    error; rows that exactly one combination satisfies are read so, by assuming the rules.

    Each ambiguous row was read with the rules whose other cells were known, so a rule joining two
    ambiguous rows (答复总数 = Σ 答复类型, 答复总数 and a part both run together) helped neither.
    Where no combination of the rows' readings satisfies such a rule, the table is inconsistent whatever
    was meant: an error naming the rule and the rows, not a silent pass. Otherwise the rows such rules join
    are tried together against all of them (:data:`MAX_JOINT_TRIALS` combinations at most): where exactly
    one combination satisfies every rule, the rows are read as it, each cell noting the rules assumed (a
    reading only possible by assuming the rules hold, so those rules are no evidence), and a note replaces
    the rows' ambiguity warnings; where none does (each rule alone holds for some), an error; where several
    do, the rows stay ambiguous.
    """
    if not candidates:
        return
    lookup = _lookup(cells)
    columns = [c.key for c in spec.columns]
    joining: list[tuple[Rule, list[str]]] = []
    failed: set[str] = set()
    for rule in rules:
        rows = sorted({c[0] for c in rule.cells if c[0] in candidates})
        if not rows or any(c[0] not in candidates and lookup(c) is None for c in rule.cells):
            continue
        joining.append((rule, rows))
        options = [candidates[r].readings for r in rows]
        if _trials(options) > MAX_JOINT_TRIALS:
            continue
        combinations = itertools.product(*options)
        if any(_holds_for(rule, rows, columns, combination, lookup) for combination in combinations):
            continue
        failed.update(rows)
        labels = ", ".join(repr(spec.row(r).label) for r in rows)
        lines = sorted({n for r in rows for n in candidates[r].entry.lines})
        reading.findings.append(
            AuditFinding(
                "split",
                "error",
                f"read.{spec.key}.joint",
                f"{spec.title}: {rule.text}",
                f"no reading of the run-together digits of {labels} satisfies {rule.code} ({rule.text}): "
                "the table is inconsistent whichever was meant",
                finding_cells(PublishedTable(spec, cells), rule.cells),
                lines=tuple(lines),
            )
        )
    for group in _joined(joining):
        if failed & set(group):
            continue
        group_rules = [rule for rule, rows in joining if set(rows) <= set(group)]
        _settle(spec, group, group_rules, candidates, cells, reading)


def _trials(options: Sequence[Sequence[object]]) -> int:
    trials = 1
    for option in options:
        trials *= len(option)
    return trials


def _joined(joining: Sequence[tuple[Rule, list[str]]]) -> list[list[str]]:
    """The groups of ambiguous rows the rules join (rows linked through any chain of rules), in row order."""
    group_of: dict[str, set[str]] = {}
    for _rule, rows in joining:
        merged = set(rows).union(*(group_of.get(r, set()) for r in rows))
        for row in merged:
            group_of[row] = merged
    seen: list[set[str]] = []
    for group in group_of.values():
        if not any(group is other for other in seen):
            seen.append(group)
    return [sorted(group) for group in seen]


def _settle(
    spec: TableSpec,
    rows: Sequence[str],
    rules: Sequence[Rule],
    candidates: Mapping[str, _Ambiguous],
    cells: dict[CellRef, PublishedCell],
    reading: Reading,
) -> None:
    """Read ``rows`` as the one combination of their readings that satisfies every rule of ``rules``, if
    exactly one does; an error when none does; else leave them ambiguous."""
    options = [range(len(candidates[r].readings)) for r in rows]
    if _trials(options) > MAX_JOINT_TRIALS:
        return
    lookup = _lookup(cells)
    columns = [c.key for c in spec.columns]
    fitting_combinations: list[tuple[int, ...]] = []
    for choice in itertools.product(*options):
        combination = tuple(candidates[r].readings[i] for r, i in zip(rows, choice, strict=True))
        if all(_holds_for(rule, rows, columns, combination, lookup) for rule in rules):
            fitting_combinations.append(choice)
            if len(fitting_combinations) > 1:
                return
    if not fitting_combinations:  # each rule holds for some combination, but no combination for all
        labels = ", ".join(repr(spec.row(r).label) for r in rows)
        codes = ", ".join(rule.code for rule in rules)
        refs = list(dict.fromkeys(cell for rule in rules for cell in rule.cells))
        reading.findings.append(
            AuditFinding(
                "split",
                "error",
                f"read.{spec.key}.joint",
                f"{spec.title}: {'; '.join(rule.text for rule in rules)}",
                f"no reading of the run-together digits of {labels} satisfies {codes} at once (each alone "
                "holds for some reading): the table is inconsistent whichever was meant",
                finding_cells(PublishedTable(spec, cells), refs),
                lines=tuple(sorted({n for r in rows for n in candidates[r].entry.lines})),
            )
        )
        return
    assumed = tuple(rule.code for rule in rules)
    for row, index in zip(rows, fitting_combinations[0], strict=True):
        ambiguous = candidates[row]
        entry = ambiguous.entry
        line = entry.lines[0] if entry.lines else None
        printed = ambiguous.printed[index]
        for n, column in enumerate(columns):
            value = ambiguous.readings[index][n]
            cells[(row, column)] = PublishedCell("number", value, str(printed[n]), line, assumed)
        reading.findings.remove(ambiguous.warning)
        others = [repr(spec.row(r).label) for r in rows if r != row]
        note = _split_note(spec.row(row).label, entry, printed, assumed, False)
        if others:
            note += f", jointly with {', '.join(others)}: the one combined reading that satisfies them"
        reading.notes.append(note)


def _holds_for(
    rule: Rule,
    rows: Sequence[str],
    columns: Sequence[str],
    combination: tuple[tuple[Value, ...], ...],
    lookup: Callable[[CellRef], Value | None],
) -> bool:
    """Whether ``rule`` holds with each of ``rows`` read as its split in ``combination``."""
    trial = {
        (r, c): v
        for r, split in zip(rows, combination, strict=True)
        for c, v in zip(columns, split, strict=True)
    }
    return _holds(rule, lambda cell: trial[cell] if cell in trial else lookup(cell))


@attrs.frozen
class _Acceptor:
    """Whether a candidate split of one row satisfies a set of rules, given the rest of the table."""

    row: str
    columns: list[str]
    lookup: Callable[[CellRef], Value | None]

    def using(self, rules: Sequence[Rule]) -> Callable[[tuple[int, ...]], bool]:
        """Whether a candidate satisfies every rule of ``rules`` — as :func:`_holds` with the candidate in
        the row (a rule reading a cell that holds no figure holds). The rest of the table is read once, here,
        so that each of the many candidates of a search costs a few additions: the table must not change
        while the returned function is in use."""
        position = {(self.row, c): n for n, c in enumerate(self.columns)}
        checks: list[
            tuple[tuple[int, ...], Value, tuple[int, ...], Value, Callable[[Value, Value], bool]]
        ] = []
        for rule in rules:
            sides: list[tuple[tuple[int, ...], Value]] = []
            for side in (rule.left, rule.right):
                indices: list[int] = []
                known: list[Value] = []
                for cell in side:
                    if cell in position:
                        indices.append(position[cell])
                    elif (value := self.lookup(cell)) is not None:
                        known.append(value)
                    else:
                        break
                else:
                    sides.append((tuple(indices), sum_values(known)))
            if len(sides) == 2:  # else a cell without a figure: the rule holds whatever the candidate
                (left, left_known), (right, right_known) = sides
                checks.append((left, left_known, right, right_known, rule.compare))

        def accept(candidate: tuple[int, ...]) -> bool:
            for left, left_known, right, right_known, compare in checks:
                total_left = left_known + sum(candidate[n] for n in left)
                total_right = right_known + sum(candidate[n] for n in right)
                if not compare(total_left, total_right):
                    return False
            return True

        return accept


def _split_note(
    label: str, entry: _Entry, split: tuple[int, ...], assumed: Sequence[str], by_text: bool
) -> str:
    """How a row's figures were split, when a reader should know (rules assumed, text, broken numbers)."""
    shown = " ".join(map(str, split))
    if len(entry.tokens) > 1:
        what = f"figures {' / '.join(t.text for t in entry.tokens)} on separate lines"
    else:
        what = f"run-together digits {entry.tokens[0].text}"
    if by_text:
        return f"{label}: {what} read as {shown}, the one reading that gives the figure the text states"
    if assumed:
        return f"{label}: {what} split as {shown} by assuming {', '.join(assumed)}"
    return f"{label}: {what} read as {shown} (a number broken across lines)"


def _split_finding(spec: TableSpec, entry: _Entry, kind: str, severity: str, message: str) -> AuditFinding:
    return AuditFinding(
        kind,  # type: ignore[arg-type]
        severity,  # type: ignore[arg-type]
        f"read.{spec.key}.split",
        f"{spec.title}: {spec.row(entry.row).label}",
        message,
        lines=tuple(sorted(set(entry.lines))),
    )


def read_tables(
    fmt: Format, lines: Sequence[Line], hints: Mapping[CellRef, frozenset[Value]] | None = None
) -> Reading:
    """Read every table of ``fmt`` from ``lines`` (``hints``: figures the narrative states, by cell)."""
    reading = Reading()
    regions = _regions(fmt, lines)
    aliases = aliases_of(fmt)
    optional = fmt.optional_rows if isinstance(fmt, Template) else frozenset()
    for spec in fmt.tables:
        start, end, found = regions[spec.key]
        reading.tables.append(
            read_table(
                spec, lines[start:end], found, reading, aliases=aliases, optional=optional, hints=hints
            )
        )
    return reading


def rules_of(table: PublishedTable) -> list[Rule]:
    """The rules to check on a published table: the declared ones, adapted to rows printed as one, without
    the template rows this report does not print."""
    spec = table.spec
    rules = list(spec.rules) + _collapsed_rules(spec, table.collapsed)
    adapted = [_substitute(r, spec, table.collapsed) for r in rules]
    if not table.absent:
        return adapted
    out = []
    for rule in adapted:
        left = tuple(c for c in rule.left if c[0] not in table.absent)
        right = tuple(c for c in rule.right if c[0] not in table.absent)
        if left and right:
            same = (left, right) == (rule.left, rule.right)
            out.append(rule if same else attrs.evolve(rule, left=left, right=right))
    return out


def finding_cells(table: PublishedTable, refs: Sequence[CellRef]) -> tuple[FindingCell, ...]:
    """The cells of a finding, with official labels."""
    out = []
    for ref in refs:
        published = table.cells.get(ref, MISSING)
        spec = table.spec
        if ref[0] in {r.key for r in spec.rows}:
            out.append(_labels(spec, ref, published))
    return tuple(out)
