"""Tables that satisfy a format's rules, and the layouts real reports reach users in (test helpers).

``consistent_tables`` draws a figure for every cell of every table of a declared format (national or
provincial template) and repairs the draw until every rule of the declaration holds: the cells that a
``总计 = Σ parts`` rule defines are computed from their parts, and a failing rule is mended by raising a cell
that no rule defines (a leaf) on its short side. Nothing about a format is written here: rows, columns and
rules come from :mod:`opengov.formats`.

The renderers mirror the published samples in ``../shared/reports`` (read, never modified):

- :func:`tabbed` — the project's own text renderer of tables (:func:`opengov.render.tables_text`);
- :func:`web_line` — web-page text with the whole body on one line (40–45): every row label directly
  followed by its run-together digits, labels after each other, a crawler's metadata header above and page
  chrome around it; ``spaced`` puts single spaces between cells (46–48);
- :func:`text_nodes` — one HTML text node per line (49, 50): header cells, a label (possibly broken over
  lines), the unit, then one line per figure (possibly a number broken over two lines), the date after it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from opengov.fold import Period
from opengov.formats import CellRef, Format, Rule, TableSpec, Template, Value
from opengov.formats._model import Relation, sum_values
from opengov.render.tables_text import format_tables_text
from opengov.tables import Table, TableSet

Values = dict[CellRef, Value]

AMBIGUOUS_RUNS = (1, 10, 11, 100, 101, 110, 111, 1000, 1001, 1010, 1100, 2020, 12, 21, 121, 212)
"""Figures whose digits, run together with their neighbours', cut in several ways."""


def figures(scale: int) -> st.SearchStrategy[int]:
    """Cell figures as reports print them: mostly zeros and small counts; with a larger ``scale`` (0–2)
    also hundreds and millions, and figures whose digits run together ambiguously."""
    small = [st.just(0), st.just(0), st.integers(1, 9)]
    if scale == 0:
        return st.one_of(*small)
    if scale == 1:
        return st.one_of(*small, st.integers(10, 999), st.sampled_from(AMBIGUOUS_RUNS))
    return st.one_of(
        *small, st.integers(10, 999), st.sampled_from(AMBIGUOUS_RUNS), st.integers(1_000, 9_999_999)
    )


def _amount(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def _definitions(spec: TableSpec) -> dict[CellRef, list[Rule]]:
    """Cells a ``cell = Σ parts`` rule defines (left side one cell, equality)."""
    out: dict[CellRef, list[Rule]] = {}
    for rule in spec.rules:
        if rule.relation is Relation.EQUAL and len(rule.left) == 1 and rule.left[0] not in rule.right:
            out.setdefault(rule.left[0], []).append(rule)
    return out


def _settle(spec: TableSpec, values: Values, defined: Mapping[CellRef, list[Rule]]) -> None:
    for _ in range(len(spec.rules) + 2):
        changed = False
        for cell, rules in defined.items():
            total = sum_values(values[c] for c in rules[0].right)
            if values[cell] != total:
                values[cell] = total
                changed = True
        if not changed:
            return


def _raise(values: Values, cell: CellRef, delta: Value, defined: Mapping[CellRef, list[Rule]]) -> None:
    seen = 0
    while cell in defined and seen < 50:
        parts = [c for c in defined[cell][0].right if c not in defined] or list(defined[cell][0].right)
        cell = parts[-1]
        seen += 1
    values[cell] = values[cell] + delta


def repaired(spec: TableSpec, values: Values) -> Values | None:
    """``values`` mended until every rule of ``spec`` holds (raising leaves only), or ``None``."""
    values = dict(values)
    defined = _definitions(spec)
    for _ in range(200):
        _settle(spec, values, defined)
        failing = [r for r in spec.rules if not r.holds(values.__getitem__)]
        if not failing:
            return values
        rule = failing[0]
        left = sum_values(values[c] for c in rule.left)
        right = sum_values(values[c] for c in rule.right)
        short, delta = (rule.right, left - right) if left > right else (rule.left, right - left)
        free = [c for c in short if c not in defined] or list(short)
        _raise(values, free[-1], delta, defined)
    return None


@st.composite
def consistent_tables(draw: st.DrawFn, fmt: Format) -> Values:
    """A figure for every cell of ``fmt``'s tables, satisfying every rule it declares."""
    values: Values = {}
    for spec in fmt.tables:
        raw: Values = {}
        scale = draw(st.sampled_from((0, 0, 1, 1, 2)))
        for cell in spec.cells():
            if spec.unit(cell) == "万元":
                raw[cell] = _amount(draw(st.integers(0, 99_999_99)))
            else:
                raw[cell] = draw(figures(scale))
        fixed = repaired(spec, raw)
        if fixed is None:  # never seen: the repair converges on every declared format
            raise AssertionError(f"{fmt.key}.{spec.key}: no consistent table from {raw}")
        values.update(fixed)
    return values


# ---------------------------------------------------------------------------------------------- layouts

CRAWLER_HEADER = (
    "标题: {title}\n发布时间: 2024-03-08 15:34\n文号: \n发布机构: 某县人民政府办公室\n"
    "栏目: 政府信息公开年报\n"
    "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/202403/t20240308_87885.htm\n"
    "本地目录: zwgk/zfxxgk/zfxxgknb/202403/87885_{title}\n页面链接与图片详见 links.tsv(同目录)\n"
    "==================== 正文 ====================\n"
)
CHROME_BEFORE = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报 > 正文 【字体：大 中 小】 打印本页 关闭窗口 ",
    "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限自1月1日起至12月31日止。 ",
    "",
)
CHROME_AFTER = (
    " 相关链接： --> 附件下载 【打印本页】【关闭窗口】 网站地图 | 联系我们 主办单位：某县人民政府办公室",
    " 以上数据截至12月31日。",
    "",
)
PROBLEMS = "五、存在的主要问题及改进情况 一是公开质量有待提高；二是解读形式较为单一。"


@attrs.frozen
class Rendered:
    """A rendered report: the text, the format, and the cells a reader must get back.

    Attributes:
        text: the report as a user has it.
        expected: for every cell of the format, the figure (or ``None`` where printed blank or left out).
        absent: template rows left out of this rendering (their cells read as missing).
    """

    text: str
    expected: Mapping[CellRef, Value | None]
    absent: frozenset[str] = frozenset()


def _figure(value: Value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return str(value)


def title(fmt: Format, year: int) -> str:
    """A report's title line."""
    return f"某县人民政府{year}年政府信息公开工作年度报告"


def report_year(fmt: Format) -> int:
    """A year the format applies to (the title states it)."""
    return fmt.last_year if fmt.last_year is not None else 2024


def tabbed(fmt: Format, values: Values, *, blank_zero: bool = False) -> Rendered:
    """The tables as the project's own text renderer prints them (one row per line, label then figures)."""
    tables = tuple(Table(spec, {c: values[c] for c in spec.cells()}) for spec in fmt.tables)
    year = report_year(fmt)
    text = format_tables_text(TableSet(fmt, "a1", Period.year(year), tables), blank_zero=blank_zero)
    head = f"{title(fmt, year)}\n\n"
    expected = {c: (None if blank_zero and v == 0 else v) for c, v in values.items()}
    return Rendered(head + text, expected)


def _space_inside(label: str, rng: random.Random) -> str:
    """A label with a stray space inside it, as some pages print them (``三、本年度办 理结果``)."""
    if len(label) < 6 or rng.random() > 0.2:
        return label
    at = rng.randrange(3, len(label) - 2)
    return label[:at] + " " + label[at:]


def _row_label(spec: TableSpec, index: int, template: bool) -> str:
    """The label as the report prints it: a template's first 其中 part carries ``其中：``."""
    row = spec.rows[index]
    if template and row.parent is not None and spec.rows[index - 1].key == row.parent:
        return "其中：" + row.label
    return row.label


def _header(spec: TableSpec, fmt: Format, year: int) -> list[str]:
    if isinstance(fmt, Template):
        return ["指标名称", "计量单位", f"{year}年度", "历年累计"]
    if not spec.is_matrix:
        if spec.section is None:
            return ["统计指标", "单位", spec.columns[0].label]
        return ["信息内容", spec.columns[0].label]
    if spec.key == "applications":
        groups = ["申请人情况", "自然人", "法人或其他组织", "总计"]
        return groups + [c.label for c in spec.columns if c.group]
    if spec.key == "disputes":  # as published: 行政复议 行政诉讼, 复议's five, the two routes, their ten
        groups = list(dict.fromkeys(c.group or "" for c in spec.columns))
        labels = [c.label for c in spec.columns]
        first = len([c for c in spec.columns if c.group == groups[0]])
        routes = [g.split("·", 1)[1] for g in groups[1:]]
        return [groups[0], groups[1].split("·", 1)[0], *labels[:first], *routes, *labels[first:]]
    return ["信息内容", *(c.label for c in spec.columns)]


def _prints_unit(fmt: Format, spec: TableSpec) -> bool:
    return isinstance(fmt, Template) or (not spec.is_matrix and spec.section is None)


def _blocks(fmt: Format, absent: frozenset[str] = frozenset()) -> list[tuple[str | None, TableSpec | None]]:
    """Section titles and tables in printed order: ``(title, None)`` or ``(None, table)``; a table all of
    whose rows are ``absent`` is left out with its title."""
    if not fmt.sections:
        return [(spec.title, None) for spec in fmt.tables[:1]] + [(None, spec) for spec in fmt.tables]
    out: list[tuple[str | None, TableSpec | None]] = []
    for key, section_title in fmt.sections:
        tables = [t for t in fmt.tables if t.section == key]
        if key == "problems":
            break
        out.append((section_title, None))
        for spec in tables:
            if all(row.key in absent for row in spec.rows):
                continue
            if spec.title != section_title:
                out.append((spec.title, None))
            out.append((None, spec))
    return out


def _omitted(fmt: Format, values: Values, rng: random.Random) -> frozenset[str]:
    """Rows left out of this rendering at random: a template's rows printed in some years only, where they
    hold zeros (a year without the row counts nothing in it, and the rules hold without it); a 第二十条
    item table (not the first) some reports leave out, title and all."""
    if not isinstance(fmt, Template):
        items = [t for t in fmt.tables if t.title.startswith("第二十条")][1:]
        if items and rng.random() < 0.2:
            return frozenset(row.key for row in rng.choice(items).rows)
        return frozenset()
    zero = {r for r in fmt.optional_rows if all(v == 0 for (row, _), v in values.items() if row == r)}
    return frozenset(r for r in sorted(zero) if rng.random() < 0.5)


def _expected(values: Values, fmt: Format, absent: frozenset[str]) -> dict[CellRef, Value | None]:
    return {c: (None if c[0] in absent else v) for c, v in values.items()}


def web_line(fmt: Format, values: Values, seed: int, *, spaced: bool = False) -> Rendered:
    """The report as web-page text: a crawler header, then the whole body on one line.

    Every label is directly followed by its figures — run together, or with ``spaced`` one space between
    cells — and the next label directly after them; table 四's one row prints no label (as published).
    """
    rng = random.Random(seed)
    year = report_year(fmt)
    absent = _omitted(fmt, values, rng)
    sep = " " if spaced else ""
    body: list[str] = [rng.choice(CHROME_BEFORE), title(fmt, year), " "]
    template = isinstance(fmt, Template)
    for heading, spec in _blocks(fmt, absent):
        if spec is None:
            assert heading is not None
            body.append(heading + (" " if rng.random() < 0.3 else ""))
            if heading == fmt.sections[0][1] if fmt.sections else False:
                body.append("本年度依法做好政府信息公开工作。 ")
            continue
        body.append(sep.join(_header(spec, fmt, year)))
        for index, row in enumerate(spec.rows):
            if row.key in absent:
                continue
            label = _space_inside(_row_label(spec, index, template), rng)
            if row.is_heading:
                body.append(label)
                continue
            cells = [_figure(values[(row.key, c.key)]) for c in spec.columns]
            unit = [row.unit or ""] if _prints_unit(fmt, spec) else []
            printed = "" if spec.key == "disputes" else label
            gap = " " if spaced or rng.random() < 0.15 else ""
            body.append(
                printed + gap + sep.join([*unit, *cells]) if unit else printed + gap + sep.join(cells)
            )
    if fmt.sections:
        body.append(PROBLEMS)
    body.append(rng.choice(CHROME_AFTER))
    joined = (" " if spaced else "").join(body)
    header = CRAWLER_HEADER.format(title=title(fmt, year)) if rng.random() < 0.7 else ""
    return Rendered(header + joined, _expected(values, fmt, absent), absent)


def _broken_label(label: str, rng: random.Random) -> list[str]:
    """A label as one text node, or broken over lines (``（`` / ``一`` / ``）`` / rest, or cut mid-word)."""
    roll = rng.random()
    if roll < 0.1 and label.startswith("（") and "）" in label[:4]:
        close = label.index("）")
        return ["（", label[1:close], "）", label[close + 1 :]]
    if roll < 0.25 and len(label) >= 12:
        at = rng.randrange(6, len(label) - 4)
        return [label[:at], label[at:]]
    return [label]


def _broken_number(text: str, rng: random.Random, chance: float) -> list[str]:
    """A figure as one text node, or broken over two lines (``1`` / ``62`` for 162) where both are numbers."""
    if len(text) >= 2 and text.isdigit() and rng.random() < chance:
        at = rng.randrange(1, len(text))
        if text[at] != "0":
            return [text[:at], text[at:]]
    return [text]


def text_nodes(fmt: Format, values: Values, seed: int, *, broken_numbers: float = 0.0) -> Rendered:
    """The report as one HTML text node per line (CRLF or LF), labels and numbers possibly broken."""
    rng = random.Random(seed)
    year = report_year(fmt)
    absent = _omitted(fmt, values, rng)
    template = isinstance(fmt, Template)
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += CRAWLER_HEADER.format(title=title(fmt, year)).splitlines()
    lines += [title(fmt, year), "本年度依法做好政府信息公开", "工作。"]
    for heading, spec in _blocks(fmt, absent):
        if spec is None:
            assert heading is not None
            lines.append(heading)
            continue
        lines += _header(spec, fmt, year)
        for index, row in enumerate(spec.rows):
            if row.key in absent:
                continue
            if spec.key != "disputes":
                lines += _broken_label(_row_label(spec, index, template), rng)
            if row.is_heading:
                continue
            if _prints_unit(fmt, spec):
                lines.append(row.unit or "")
            for column in spec.columns:
                lines += _broken_number(_figure(values[(row.key, column.key)]), rng, broken_numbers)
    if fmt.sections:
        lines += ["五、存在的主要问题及改进情况", "一是公开质量有待提高。"]
    lines += ["某县人民政府办公室", str(year + 1), "年", "1", "月", "13", "日"]
    newline = "\r\n" if rng.random() < 0.5 else "\n"
    return Rendered(newline.join(lines), _expected(values, fmt, absent), absent)


LAYOUTS: dict[str, Callable[[Format, Values, int], Rendered]] = {
    "tabbed": lambda fmt, values, seed: tabbed(fmt, values, blank_zero=bool(seed % 3 == 0)),
    "web_line": web_line,
    "web_spaced": lambda fmt, values, seed: web_line(fmt, values, seed, spaced=True),
    "text_nodes": text_nodes,
    "text_nodes_broken": lambda fmt, values, seed: text_nodes(fmt, values, seed, broken_numbers=0.15),
}
"""Every layout by name: ``(format, values, seed) -> Rendered``."""
