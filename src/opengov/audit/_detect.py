"""Which format a published report is in: gov2008, gov2019 or gov2021.

The evidence is the format declarations themselves: row and column labels printed only in one format
(``本年制发件数`` is gov2021's, ``本年新制作数量`` gov2019's, ``收到申请数`` gov2008's), then the report year
stated in the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from opengov.audit._labels import LabelIndex
from opengov.audit._text import Line, canon
from opengov.formats import FORMATS, Format, format_for_year

_YEAR = re.compile(r"(20[0-4]\d|19\d\d)\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告")

_NATIONAL = ("gov2008", "gov2019", "gov2021")


def _distinctive(formats: Sequence[Format]) -> dict[str, set[str]]:
    """For each format, the canonical labels (rows, columns, table titles) no other format prints."""
    labels: dict[str, set[str]] = {}
    for fmt in formats:
        own: set[str] = set()
        for table in fmt.tables:
            own.update(canon(row.label) for row in table.rows)
            own.update(canon(column.label) for column in table.columns)
        labels[fmt.key] = {label for label in own if len(label) >= 4}
    return {
        key: own - set().union(*(other for k, other in labels.items() if k != key))
        for key, own in labels.items()
    }


_CACHE: dict[tuple[str, ...], tuple[LabelIndex, LabelIndex]] = {}


def _indexes(formats: Sequence[Format]) -> tuple[LabelIndex, LabelIndex]:
    key = tuple(f.key for f in formats)
    if key not in _CACHE:
        distinctive = _distinctive(formats)
        own = LabelIndex((k, label) for k, labels in distinctive.items() for label in labels)
        every = LabelIndex(
            ("any", row.label)
            for f in formats
            for t in f.tables
            for row in t.rows
            if len(canon(row.label)) >= 6
        )
        _CACHE[key] = (own, every)
    return _CACHE[key]


def report_year(text: str) -> int | None:
    """The report year stated in a title like ``2023 年政府信息公开工作年度报告``, if any."""
    match = _YEAR.search(text[:20000])
    return int(match.group(1)) if match else None


def detect(lines: Sequence[Line], text: str) -> tuple[Format | None, str]:
    """The format whose distinctive labels the lines print most, and why; ``None`` when no label is seen.

    Ties (or no distinctive label at all, as in a bare table 三) are settled by the year in the title,
    else in favour of the format in force now.
    """
    own, every = _indexes([FORMATS[key] for key in _NATIONAL])
    scores = dict.fromkeys(_NATIONAL, 0)
    common = 0
    for line in lines:
        k = line.key
        if not k or len(k) > 120:
            continue
        for fmt_key in {payload for payload, _ in own.contained(k)}:
            scores[fmt_key] += 1
        if not common and every.contained(k):
            common += 1
    year = report_year(text)
    best = max(scores.values())
    if best == 0 and common == 0:
        return None, "no row label of any known format was found"
    leaders = [k for k, v in scores.items() if v == best]
    if len(leaders) == 1 and best > 0:
        why = f"{best} label(s) printed only in {leaders[0]}"
        if year is not None and not FORMATS[leaders[0]].applies_to(year):
            why += f" (the title says {year}, which is not {leaders[0]}'s period)"
        return FORMATS[leaders[0]], why
    if year is not None:
        try:
            fmt = format_for_year(year)
        except KeyError:
            fmt = FORMATS["gov2021"]
        return fmt, f"the title gives the year {year}"
    return FORMATS["gov2021"], "no distinctive label or year: assumed the format in force (gov2021)"
