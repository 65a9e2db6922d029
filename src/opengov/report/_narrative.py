"""Narrative that cannot contradict the table: placeholders resolved from the built tables and facts, and
numbers typed into the text checked against them.
"""

from __future__ import annotations

__all__ = [
    "FACT_PLACEHOLDERS",
    "NarrativeError",
    "Vocabulary",
    "check_literals",
    "resolve_text",
]

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal

import attrs

from opengov import events as ev
from opengov.errors import OpengovError
from opengov.fold import AgencyFacts
from opengov.formats import TOTAL, VALUE, Value
from opengov.report._model import FindingKind, ReportFinding, format_figure
from opengov.tables import TableSet


class NarrativeError(OpengovError, ValueError):
    """A narrative text names a placeholder the report cannot fill.

    The message names the section and the placeholder, and suggests the nearest known names.
    """


def _platform_followers(platform: ev.Platform) -> Callable[[AgencyFacts], Value]:
    def count(f: AgencyFacts) -> Value:
        return sum(n for (p, _), n in f.followers.items() if p is platform)

    return count


def _rate(part: Callable[[AgencyFacts], int]) -> Callable[[AgencyFacts], str]:
    def rate(f: AgencyFacts) -> str:
        if not f.proposals:
            return "0%"
        value = (Decimal(100) * part(f) / f.proposals).quantize(Decimal("0.1"))
        return format_figure(value) + "%"

    return rate


FACT_PLACEHOLDERS: Mapping[str, tuple[str, Callable[[AgencyFacts], Value | str]]] = {
    "items": ("主动公开政府信息数 (an item on several channels counts once)", lambda f: f.items),
    "gazette": (
        "items published in the gazette (政府公报)",
        lambda f: f.items_by_channel.get(ev.Channel.GAZETTE, 0),
    ),
    "website": (
        "items published on the website (政府网站)",
        lambda f: f.items_by_channel.get(ev.Channel.WEBSITE, 0),
    ),
    "weibo": ("items published on weibo (政务微博)", lambda f: f.items_by_channel.get(ev.Channel.WEIBO, 0)),
    "wechat": (
        "items published on wechat (政务微信)",
        lambda f: f.items_by_channel.get(ev.Channel.WECHAT, 0),
    ),
    "other": (
        "items published in other ways (其他方式)",
        lambda f: f.items_by_channel.get(ev.Channel.OTHER, 0),
    ),
    "normative_items": (
        "normative documents among the items (规范性文件)",
        lambda f: f.items_by_kind.get(ev.ItemKind.NORMATIVE_DOCUMENT, 0),
    ),
    "reported_upward": ("items reported to a higher office (报送信息)", lambda f: f.reported_upward),
    "topics_responded": ("public concerns responded to (回应热点)", lambda f: f.topics_responded),
    "press_conferences": ("press conferences (新闻发布会)", lambda f: f.press_conferences),
    "online_interviews": ("online interviews (在线访谈)", lambda f: f.online_interviews),
    "interpretations": ("policy interpretations published (政策解读稿件)", lambda f: f.interpretations),
    "received": ("applications received in the year (收到/新收申请)", lambda f: sum(f.received.values())),
    "carried_in": ("applications carried in (上年结转)", lambda f: sum(f.carried_in.values())),
    "carried_forward": (
        "applications carried forward (结转下年度)",
        lambda f: sum(f.carried_forward.values()),
    ),
    "concluded": ("applications concluded in the year (办结)", lambda f: f.concluded()),
    "concluded_on_time": ("applications concluded on time (按时办结)", lambda f: f.concluded_on_time),
    "concluded_late": ("applications answered after the deadline", lambda f: f.concluded_late),
    "fees_paid": ("information processing fees paid, in yuan (信息处理费)", lambda f: f.fees_paid),
    "administrative_fees": ("administrative fees collected, in yuan", lambda f: f.administrative_fees),
    "staff": ("staff at the year end (从事政府信息公开工作人员)", lambda f: sum(f.staff.values())),
    "staff_full_time": ("full-time staff (专职)", lambda f: f.staff.get(ev.StaffRole.FULL_TIME, 0)),
    "staff_part_time": ("part-time staff (兼职)", lambda f: f.staff.get(ev.StaffRole.PART_TIME, 0)),
    "meetings": ("disclosure meetings held (工作会议或专题会议)", lambda f: f.meetings),
    "trainings": ("training sessions held (培训班)", lambda f: f.trainings),
    "training_attendees": ("training attendees (接受培训人员)", lambda f: f.training_attendees),
    "wechat_followers": ("wechat followers at the year end", _platform_followers(ev.Platform.WECHAT)),
    "weibo_followers": ("weibo followers at the year end", _platform_followers(ev.Platform.WEIBO)),
    "online_service_items": ("service items put online (政务服务事项)", lambda f: f.online_service_items),
    "proposals": ("deputies' suggestions and members' proposals handled", lambda f: f.proposals),
    "proposals_lead": ("of which led by the agency (主办)", lambda f: f.proposals_lead),
    "proposals_on_time": ("of which answered on time", lambda f: f.proposals_on_time),
    "proposals_satisfied": ("of which the deputy or member was satisfied", lambda f: f.proposals_satisfied),
    "proposals_on_time_rate": ("按时办复率, as a percentage", _rate(lambda f: f.proposals_on_time)),
    "proposals_satisfied_rate": ("满意率, as a percentage", _rate(lambda f: f.proposals_satisfied)),
}
"""The fact placeholders: name → (what it is, how it is read from the period's facts)."""

_CONTEXT = ("year", "next_year", "previous_year", "agency")


@attrs.frozen
class Vocabulary:
    """What ``{name}`` placeholders resolve to for one report.

    Names, in the order they are tried:

    - a row key of the built tables, ``{proactive.items}``; in a matrix table ``{row/column}``
      (``{applications.new/natural_person}``), and a bare row key means its 总计 column;
    - a fact name of :data:`FACT_PLACEHOLDERS` (``{wechat_followers}``);
    - ``{year}``, ``{next_year}``, ``{previous_year}``, ``{agency}`` (the agency's name);
    - ``previous.`` before a row key or a fact name: last year's figure (the log must hold last year).
    """

    tables: TableSet
    facts: AgencyFacts
    agency_name: str
    year: int
    previous_tables: TableSet | None = None
    previous_facts: AgencyFacts | None = None

    def figure(self, name: str) -> Value | str:
        """The value of placeholder ``name``.

        Raises:
            KeyError: the name is unknown, or names last year and the log does not hold it.
        """
        if name.startswith("previous."):
            if self.previous_tables is None or self.previous_facts is None:
                raise KeyError(f"{{{name}}} names last year ({self.year - 1}), which the log does not hold")
            return _lookup(name.removeprefix("previous."), self.previous_tables, self.previous_facts)
        context: dict[str, Value | str] = {
            "year": self.year,
            "next_year": self.year + 1,
            "previous_year": self.year - 1,
            "agency": self.agency_name,
        }
        if name in context:
            return context[name]
        return _lookup(name, self.tables, self.facts)

    def text(self, name: str) -> str:
        """The value of placeholder ``name`` as printed."""
        value = self.figure(name)
        return value if isinstance(value, str) else format_figure(value)

    def names(self) -> Iterator[str]:
        """Every name this vocabulary knows (matrix cells as ``row/column``)."""
        for table in self.tables.tables:
            for row in table.spec.rows:
                if row.is_heading:
                    continue
                if not table.spec.is_matrix:
                    yield row.key
                    continue
                if any(c.key == TOTAL for c in table.spec.columns):
                    yield row.key
                for column in table.spec.columns:
                    yield f"{row.key}/{column.key}"
        yield from FACT_PLACEHOLDERS
        yield from _CONTEXT


def _lookup(name: str, tables: TableSet, facts: AgencyFacts) -> Value | str:
    row, _, column = name.partition("/")
    for table in tables.tables:
        if not table.spec.has_row(row) or table.spec.row(row).is_heading:
            continue
        if column:
            return table[row, column]
        if not table.spec.is_matrix:
            return table[row, VALUE]
        if any(c.key == TOTAL for c in table.spec.columns):
            return table[row, TOTAL]
        raise KeyError(f"{{{name}}} is a row of a table with several columns: write {{{row}/COLUMN}}")
    if not column and name in FACT_PLACEHOLDERS:
        return FACT_PLACEHOLDERS[name][1](facts)
    raise KeyError(f"unknown placeholder {{{name}}}")


_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def resolve_text(text: str, vocabulary: Vocabulary, section: str) -> str:
    """``text`` with every ``{name}`` replaced by its value; ``{{`` and ``}}`` print single braces.

    Raises:
        NarrativeError: a placeholder is unknown (the message names the section and the placeholder).
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1).strip()
        try:
            return vocabulary.text(name)
        except KeyError as exc:
            reason = exc.args[0] if exc.args else f"unknown placeholder {{{name}}}"
            close = difflib.get_close_matches(name, list(vocabulary.names()), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join('{' + c + '}' for c in close)}?" if close else ""
            raise NarrativeError(
                f"narrative of section {section!r}: {reason}{hint} "
                "(placeholders are listed in docs/report.md)"
            ) from None

    return _TOKEN.sub(replace, text)


# Numbers typed into the text, in clear patterns only: a keyword, a few characters of the same clause
# (no digit, no clause punctuation), the number, its unit. Each names the placeholder it should have been.
_GAP = r"[^，,。；;：:、！？\d{}§]"
_LITERALS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?:收到|受理|新收){_GAP}{{0,12}}?申请{_GAP}{{0,6}}?(\d+)\s*件"), "received"),
    (re.compile(rf"主动公开{_GAP}{{0,10}}?信息{_GAP}{{0,2}}?(\d+)\s*条"), "items"),
    (re.compile(rf"(?:政府网站|门户网站){_GAP}{{0,12}}?公开{_GAP}{{0,6}}?(\d+)\s*条"), "website"),
    (re.compile(rf"政务微博{_GAP}{{0,8}}?(?:发布|公开){_GAP}{{0,6}}?(\d+)\s*条"), "weibo"),
    (re.compile(rf"政务微信{_GAP}{{0,8}}?(?:发布|公开){_GAP}{{0,6}}?(\d+)\s*条"), "wechat"),
    (re.compile(rf"政策解读{_GAP}{{0,6}}?(\d+)\s*(?:篇|次)"), "interpretations"),
    (re.compile(rf"召开{_GAP}{{0,12}}?会议{_GAP}{{0,4}}?(\d+)\s*次"), "meetings"),
    (re.compile(r"(\d+)\s*名专职(?:工作)?人员"), "staff_full_time"),
    (re.compile(r"(\d+)\s*名兼职(?:工作)?人员"), "staff_part_time"),
)


def check_literals(text: str, vocabulary: Vocabulary, section: str) -> list[ReportFinding]:
    """Findings for numbers typed into ``text`` (before placeholders are resolved) that the table contradicts.

    Only a few clear patterns are read (收到申请17件, 主动公开信息201条, 政策解读稿件12篇, …); text the
    patterns do not match is never reported.
    """
    plain = _TOKEN.sub("§", text)
    findings = []
    for pattern, name in _LITERALS:
        for match in pattern.finditer(plain):
            typed = int(match.group(1))
            actual = vocabulary.figure(name)
            if actual != typed:
                findings.append(
                    ReportFinding(
                        kind=FindingKind.NARRATIVE_CONTRADICTS_TABLE,
                        message=(
                            f"section {section!r}: the text says “{match.group(0)}” but the figures say "
                            f"{format_figure(actual) if not isinstance(actual, str) else actual} "
                            f"({FACT_PLACEHOLDERS[name][0]}); write {{{name}}} instead of the number"
                        ),
                        section=section,
                    )
                )
    return findings
