"""How reports state their tables' figures in running text: a table of phrasings per figure, as data.

Each :class:`Phrasing` is one way a report words one figure (``收到政府信息公开申请75件``, ``办结403件``,
``现行有效规范性文件698件``, ``累计主动公开政府信息241498条``): a pattern whose first group is the figure,
the cells whose sum it states, and cells whose sum may be added to it (a received count that includes the
applications carried in). The auditor checks every statement it finds against the table; adding a wording
is adding a line here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from opengov.formats import CellRef, Value


@attrs.frozen
class Phrasing:
    """One wording of one figure.

    Attributes:
        code: the check's stable code (cited in findings).
        text: the check in words, with the official labels.
        pattern: matched on the text with line breaks joined; group 1 is the figure (a pattern with no
            group states zero, as in ``未收到…行政复议``).
        cells: the cells whose sum the text states.
        extra: cells whose sum may also be included (either reading is accepted).
        context: a word that must occur shortly before the match (its sentence is about this), if any.
    """

    code: str
    text: str
    pattern: re.Pattern[str]
    cells: tuple[CellRef, ...]
    extra: tuple[CellRef, ...] = ()
    context: str | None = None


_JOIN = re.compile(r"[ \t\u3000\xa0]*\n[ \t\u3000\xa0\f]*")

CONTEXT_CHARS = 60
"""How far before a match a phrasing's ``context`` word may stand."""

_P = Phrasing
_N = r"\s*(\d+)\s*"

_RECEIVED_2019 = (("applications.new", "total"),)
_REVIEW = (("disputes.count", "reconsideration.total"),)
_LAWSUITS = (("disputes.count", "lawsuit_direct.total"), ("disputes.count", "lawsuit_after.total"))

NATIONAL: tuple[Phrasing, ...] = (
    _P(
        "narrative.applications",
        "正文所述收到（新收）申请数 = 表三 一、本年新收 总计",
        re.compile(r"(?:收到|新收)[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?" + _N + "件"),
        _RECEIVED_2019,
    ),
    _P(
        "narrative.applications",
        "正文所述受理申请数 = 表三 一、本年新收 总计（或加上年结转）",
        re.compile(r"受理[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?" + _N + "件"),
        _RECEIVED_2019,
        (("applications.carried_in", "total"),),
    ),
    _P(
        "narrative.concluded",
        "正文所述办结申请数 = 表三 （七）总计",
        re.compile(r"办结(?:依申请公开|政府信息公开申请|申请)?(?:共)?" + _N + "件"),
        (("applications.total", "total"),),
        context="申请",
    ),
    _P(
        "narrative.reconsideration",
        "正文所述政府信息公开行政复议件数 = 表四 行政复议 总计",
        re.compile(r"政府信息公开(?:方面的)?行政复议(?:案件)?(?:共)?" + _N + "[件起]"),
        _REVIEW,
    ),
    _P(
        "narrative.reconsideration",
        "正文所述（政府信息公开方面）行政复议件数 = 表四 行政复议 总计",
        re.compile(r"(?<!信息公开)(?<!方面的)行政复议(?:案件)?(?:共)?" + _N + "[件起]"),
        _REVIEW,
        context="信息公开",
    ),
    _P(
        "narrative.lawsuits",
        "正文所述政府信息公开行政诉讼件数 = 表四 两类行政诉讼 总计之和",
        re.compile(r"政府信息公开(?:方面的)?行政诉讼(?:案件)?(?:共)?" + _N + "[件起]"),
        _LAWSUITS,
    ),
    _P(
        "narrative.lawsuits",
        "正文所述（政府信息公开方面）行政诉讼件数 = 表四 两类行政诉讼 总计之和",
        re.compile(r"(?<!信息公开)(?<!方面的)行政诉讼(?:案件)?(?:共)?" + _N + "[件起]"),
        _LAWSUITS,
        context="信息公开",
    ),
    _P(
        "narrative.normative_in_force",
        "正文所述现行有效规范性文件件数 = 表二 行政规范性文件 现行有效件数",
        re.compile(r"现行有效的?(?:行政)?规范性文件(?:共)?" + _N + "件"),
        (("proactive.normative", "in_force"),),
    ),
    _P(
        "narrative.normative_issued",
        "正文所述本年制发规范性文件件数 = 表二 行政规范性文件 本年制发件数",
        re.compile(r"(?:本年度?|全年)制发的?(?:行政)?规范性文件(?:共)?" + _N + "件"),
        (("proactive.normative", "issued"),),
    ),
)
"""The phrasings of gov2019 and gov2021 reports (表二 rows exist in gov2021 only: checks of rows a format
lacks are skipped)."""

GOV2008: tuple[Phrasing, ...] = (
    _P(
        "narrative.applications",
        "正文所述收到（受理）申请数 = 统计表 收到申请数",
        re.compile(
            r"(?:受理|收到|新收)[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?" + _N + "件"
        ),
        (("applications.received", "value"),),
    ),
)

_Y, _C = "year", "cumulative"

FUJIAN: tuple[Phrasing, ...] = (
    _P(
        "narrative.proactive",
        "正文所述本年主动公开政府信息数 = 统计表 主动公开 本年",
        re.compile(r"\d{4}年(?:，)?(?:全[区县市])?(?:共)?主动公开政府信息" + _N + "条"),
        (("proactive", _Y),),
    ),
    _P(
        "narrative.proactive",
        "正文所述制作政府信息中主动公开数 = 统计表 主动公开 本年",
        re.compile(
            r"(?:制作|获取)[^。；]{0,10}?政府信息(?:总数)?\d+条，其中：?主动公开(?:政府信息)?" + _N + "条"
        ),
        (("proactive", _Y),),
    ),
    _P(
        "narrative.proactive_cumulative",
        "正文所述累计主动公开政府信息数 = 统计表 主动公开 历年累计",
        re.compile(r"累计主动公开政府信息" + _N + "条"),
        (("proactive", _C),),
    ),
    _P(
        "narrative.website",
        "正文所述网站公开政府信息数 = 统计表 网站公开 本年",
        re.compile(r"网站公开政府信息" + _N + "条"),
        (("proactive.website", _Y),),
    ),
    _P(
        "narrative.applications",
        "正文所述本年受理申请数 = 统计表 受理申请总数 本年",
        re.compile(r"(?<!以来)(?<!以来共)受理依申请公开信息" + _N + "条"),
        (("applications", _Y),),
    ),
    _P(
        "narrative.applications_cumulative",
        "正文所述《条例》实施以来受理申请数 = 统计表 受理申请总数 历年累计",
        re.compile(r"以来共?受理依申请公开信息" + _N + "条"),
        (("applications", _C),),
    ),
    _P(
        "narrative.in_person",
        "正文所述当面（书面）提交申请数 = 统计表 当面申请数 本年",
        re.compile(r"(?:当面|书面)提交" + _N + "条"),
        (("applications.in_person", _Y),),
    ),
    _P(
        "narrative.online",
        "正文所述网站（网上）申请数 = 统计表 网上申请数 本年",
        re.compile(r"(?:收到网站申请公开政府信息|网上提交|网上申请)" + _N + "[条件]"),
        (("applications.online", _Y),),
    ),
    _P(
        "narrative.granted",
        "正文所述同意（全部）公开数 = 统计表 同意公开答复数 本年",
        re.compile(r"同意全部公开" + _N + "条"),
        (("answers.granted", _Y),),
    ),
    _P(
        "narrative.partial",
        "正文所述同意部分公开数 = 统计表 同意部分公开答复数 本年",
        re.compile(r"依申请公开信息" + _N + "条同意部分公开"),
        (("answers.partial", _Y),),
    ),
    _P(
        "narrative.reconsideration",
        "正文所述政府信息公开行政复议申请数 = 统计表 行政复议数 本年",
        re.compile(r"收到" + _N + "份有关政府信息公开行政复议申请"),
        (("reconsiderations", _Y),),
    ),
)
"""The phrasings of Fujian's template reports (2011–2018 wordings)."""

PHRASINGS: Mapping[str, tuple[Phrasing, ...]] = {
    "gov2008": GOV2008,
    "gov2019": NATIONAL,
    "gov2021": NATIONAL,
    "fujian2008": FUJIAN,
    "fujian2014": FUJIAN,
}
"""The phrasings checked for each format, by format key (a registered variant without an entry has none)."""


def joined_text(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with line breaks (and the spaces around them) removed, and where each removal was."""
    joined_parts: list[str] = []
    removed_at: list[int] = []
    line_of_removed: list[int] = []
    position = 0
    line = 1
    length = 0
    for match in _JOIN.finditer(text):
        joined_parts.append(text[position : match.start()])
        length += match.start() - position
        line += match.group().count("\n")
        removed_at.append(length)
        line_of_removed.append(line)
        position = match.end()
    joined_parts.append(text[position:])
    return "".join(joined_parts), removed_at, line_of_removed


def statements(phrasing: Phrasing, joined: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each place ``joined`` text words a figure ``phrasing``'s way, with the figure it states."""
    for match in phrasing.pattern.finditer(joined):
        if (
            phrasing.context
            and phrasing.context not in joined[max(0, match.start() - CONTEXT_CHARS) : match.start()]
        ):
            continue
        figure = match.group(1) if match.groups() else "0"
        if len(figure) > 15:
            continue  # no count of a report is that long; never convert it
        yield match, int(figure)


def stated_figures(format_key: str, text: str) -> dict[CellRef, frozenset[Value]]:
    """The figures the running text states for single cells, by cell (to choose among digit splits)."""
    joined = joined_text(text)[0]
    found: dict[CellRef, set[Value]] = {}
    for phrasing in PHRASINGS.get(format_key, ()):
        if len(phrasing.cells) != 1 or phrasing.extra:
            continue
        for _, figure in statements(phrasing, joined):
            found.setdefault(phrasing.cells[0], set()).add(figure)
    return {cell: frozenset(values) for cell, values in found.items()}
