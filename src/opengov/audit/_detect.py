"""Which format a published report is in: a national one (gov2008, gov2019, gov2021) or a provincial template.

The evidence is the declarations themselves, read where a table prints them: a label counts only on a line
that is a table's (the label followed by figures, or a short line of its own — a header, or a label in
one-cell-per-line text), never inside the narrative, whose sentences use the same words. Each format
scores the distinct labels of its own printed there; the format with most wins, since labels shared by
several formats score for each. Ties are settled by the year in the title, then by the format in force.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from opengov.audit._labels import ALIASES, LabelIndex, aliases_of
from opengov.audit._text import Line, canon
from opengov.formats import FORMATS, TEMPLATES, Format, format_for_year

_YEAR = re.compile(r"(20[0-4]\d|19\d\d)\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_NUMBERING = re.compile(
    r"^(?:其中:?)?(?:\d+\.|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十]{1,2}、)"
)

SHORT_LINE = 40
"""A line without figures counts as a table's (a header, or a label on its own) up to this many characters."""

MIN_LABEL = 4
"""Shorter labels (``行政许可`` is the shortest counted) are too common in running text to weigh."""


def label_forms(fmt: Format) -> set[str]:
    """Every canonical form a format's tables print: row labels with and without numbering, aliases, and
    column labels."""
    forms: set[str] = set()
    aliases = aliases_of(fmt)
    for table in fmt.tables:
        for row in table.rows:
            for label in (row.label, *ALIASES.get(row.key, ()), *aliases.get(row.key, ())):
                full = canon(label)
                forms.update((full, _NUMBERING.sub("", full)))
        if table.is_matrix:
            forms.update(canon(column.label) for column in table.columns)
    return {form for form in forms if len(form) >= MIN_LABEL}


_CACHE: dict[tuple[str, ...], LabelIndex] = {}


def _candidates() -> list[Format]:
    return [*FORMATS.values(), *TEMPLATES.values()]


def _index(formats: Sequence[Format]) -> LabelIndex:
    key = tuple(f.key for f in formats)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = LabelIndex((f.key, form) for f in formats for form in label_forms(f))
    return _CACHE[key]


def report_year(text: str) -> int | None:
    """The report year stated in a title like ``2023 年政府信息公开工作年度报告``, if any."""
    match = _YEAR.search(text[:20000])
    return int(match.group(1)) if match else None


_AGENCY = re.compile(
    r"^[ \t\u3000]*(?:标题\s*[:：]\s*)?([\u3400-\u9fff（）()·]{2,40}?)\s*"
    + _YEAR.pattern
    + r"(?=[ \t\r\u3000]|$)",
    re.M,
)

SAME_AGENCY_SUFFIX = 5
"""Two agencies' names are taken for the same agency when equal, or when the longer ends with the shorter
and the shorter has at least this many characters (``淮安市洪泽区人民政府`` and ``洪泽区人民政府``)."""


def report_agency(text: str) -> str | None:
    """The agency named at the head of the report's title, if the title starts a line
    (``三明市2013年政府信息公开工作年度报告``; ``标题：…`` as crawlers save it; the agency on the line
    above the year, as PDFs print it), the title ending its line or followed by a space; never a name from
    a sentence of the narrative.

    >>> report_agency("  淮安市洪泽区人民政府\\n  2024 年政府信息公开工作年度报告\\n本报告由…")
    '淮安市洪泽区人民政府'
    >>> report_agency("标题: 平潭综合实验区2016年度政府信息公开工作年度报告")
    '平潭综合实验区'
    >>> print(report_agency("现将本机关2023年政府信息公开工作年度报告公布如下"))
    None
    """
    match = _AGENCY.search(text[:20000])
    return match.group(1) if match else None


def same_agency(one: str | None, other: str | None) -> bool:
    """Whether two titles' agencies are the same (see :data:`SAME_AGENCY_SUFFIX`); an unknown one is none.

    >>> same_agency("淮安市洪泽区人民政府", "洪泽区人民政府")
    True
    >>> same_agency("淮安市人民政府", "淮安市洪泽区人民政府")
    False
    """
    if not one or not other:
        return False
    short, long = sorted((one, other), key=len)
    return short == long or (len(short) >= SAME_AGENCY_SUFFIX and long.endswith(short))


def scores(lines: Sequence[Line]) -> dict[str, int]:
    """For each candidate format, how many distinct labels of its own the report's table lines print."""
    formats = _candidates()
    index = _index(formats)
    seen: dict[str, set[str]] = {f.key: set() for f in formats}
    for line in lines:
        k = line.key
        if not k or len(k) > 400 or (not line.values and len(k) > SHORT_LINE):
            continue
        found = index.contained(k)
        labels = {label for _, label in found}
        for fmt_key, label in found:
            # a label inside a longer one found on the same line is that one's part, not a label
            if not any(label != other and label in other for other in labels):
                seen[fmt_key].add(label)
    return {key: len(labels) for key, labels in seen.items()}


def detect(lines: Sequence[Line], text: str) -> tuple[Format | None, str]:
    """The format whose labels the report's tables print most, and why; ``None`` when none is seen."""
    by_format = scores(lines)
    formats = {f.key: f for f in _candidates()}
    best = max(by_format.values(), default=0)
    year = report_year(text)
    if best == 0:
        return None, "no row label of any known format was found"
    leaders = [k for k, v in by_format.items() if v == best]
    others = sorted((v for k, v in by_format.items() if k not in leaders), reverse=True)
    margin = f", {best - others[0]} more than any other" if others else ""
    if len(leaders) == 1:
        key = leaders[0]
        why = f"{best} of its labels printed in the tables{margin}"
        if year is not None and not formats[key].applies_to(year):
            why += f" (the title says {year}, which is not {key}'s period)"
        return formats[key], why
    if year is not None:
        fitting = [k for k in leaders if formats[k].applies_to(year)]
        if len(fitting) == 1:
            return formats[fitting[0]], f"{best} labels each for {', '.join(leaders)}; the title gives {year}"
        try:
            national = format_for_year(year)
        except KeyError:
            national = FORMATS["gov2021"]
        if national.key in leaders or not fitting:
            return national, f"the title gives the year {year}"
    national_leaders = [k for k in ("gov2021", "gov2019", "gov2008") if k in leaders]
    key = national_leaders[0] if national_leaders else sorted(leaders)[0]
    return formats[key], f"{best} labels each for {', '.join(leaders)}: assumed {key}"
