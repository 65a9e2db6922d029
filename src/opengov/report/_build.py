"""Building the annual report from the event log."""

from __future__ import annotations

__all__ = [
    "DEFAULT_SECTION_TITLES",
    "ReportError",
    "ReportOutline",
    "build_report",
    "chinese_numeral",
    "report_from_tables",
]

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from opengov import events as ev
from opengov.calendar import Calendar
from opengov.errors import OpengovError
from opengov.events import Event
from opengov.filing import PeriodTables, period_tables
from opengov.formats import TOTAL, Format, Value, format_for_year, get_format
from opengov.report._model import (
    DEFAULT_LEGAL_BASIS,
    AgencyProfile,
    AnnualReport,
    Attachment,
    FindingKind,
    Preamble,
    ReportColumn,
    ReportFinding,
    ReportRow,
    ReportTable,
    Section,
    SignOff,
)
from opengov.report._narrative import Vocabulary, check_literals, resolve_text
from opengov.tables import Table, check_carry_over


class ReportError(OpengovError, ValueError):
    """A report cannot be built as asked (no such agency, a section without a title, …)."""


DEFAULT_SECTION_TITLES: Mapping[str, str] = {
    "overview": "总体公开工作情况概述",
    "proactive": "主动公开政府信息情况",
    "applications": "依申请公开政府信息情况",
    "internet_plus": "推进“互联网+政务服务”工作情况",
    "proposals": "人大代表建议和政协委员提案办理结果公开情况",
    "interpretation": "开展政策解读情况",
    "responses": "回应社会关切情况",
    "fees": "政府信息公开的收费及减免情况",
    "disputes": "因政府信息公开申请行政复议、提起行政诉讼的情况",
    "problems": "存在的问题及{next_year}年工作思路",
    "other": "其他需要报告的事项",
}
"""Titles of the agency's own sections (gov2008) by the key its ``NarrativeWritten`` events use.

Worded as the seed report words them where it has the section; an :class:`AgencyProfile` overrides any.
"""

# Headers the official templates print that the formats do not declare as column groups.
_OUTER_GROUP = {"applications": "申请人情况"}
_LABEL_HEADER = {"applications": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"}

# Facts folded over all history (they set the stage); a year whose only events are of these kinds is not
# a year the log holds.
_STANDING_TAGS = frozenset(
    kind.TAG
    for kind in (
        ev.AgencyRegistered,
        ev.WorkingCalendarDeclared,
        ev.DocumentIssued,
        ev.DocumentRepealed,
        ev.ServiceItemListed,
        ev.ServiceItemDelisted,
        ev.OfficeOpened,
        ev.OfficeClosed,
        ev.StaffAssigned,
        ev.StaffReleased,
        ev.NarrativeWritten,
    )
)
_NARRATIVE = ev.NarrativeWritten.TAG

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """The section number as printed, 1 to 99.

    >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(12), chinese_numeral(21)
    ('一', '十', '十二', '二十一')
    """
    if not 0 < n < 100:
        raise ValueError(f"section number {n} out of range 1-99")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def _agency_of(events: list[Event], agency: str | None) -> str:
    agencies = sorted({e.agency for e in events})
    if agency is not None:
        if agency not in agencies:
            known = ", ".join(agencies) or "none"
            raise ReportError(f"agency {agency!r} has no events in the log (agencies in the log: {known})")
        return agency
    if len(agencies) == 1:
        return agencies[0]
    if not agencies:
        raise ReportError("the log holds no events: there is nothing to report")
    raise ReportError(
        f"the log holds several agencies ({', '.join(agencies)}): "
        "name one with agency= (--agency on the command line)"
    )


def _columns(table: Table) -> tuple[ReportColumn, ...]:
    outer = _OUTER_GROUP.get(table.spec.key)
    columns = []
    for column in table.spec.columns:
        groups = tuple(column.group.split("·")) if column.group else ()
        if outer:
            groups = (outer, *groups)
        label = column.label
        if column.unit and column.unit not in label:
            label = f"{label}（{column.unit}）"
        columns.append(ReportColumn(column.key, label, groups))
    return tuple(columns)


def _report_table(table: Table, previous: Table | None, previous_year: int, blank_zero: bool) -> ReportTable:
    spec = table.spec
    single = not spec.is_matrix
    has_total = any(c.key == TOTAL for c in spec.columns)
    show_previous = previous is not None and (single or has_total)
    rows = []
    for row in spec.rows:
        values: tuple[Value, ...] = ()
        before: tuple[Value, ...] = ()
        if not row.is_heading:
            values = tuple(table.values[row.key, c.key] for c in spec.columns)
            if show_previous and previous is not None:
                column = spec.columns[0].key if single else TOTAL
                before = (previous.values[row.key, column],)
        rows.append(ReportRow(row.key, row.label, row.unit, row.level, values, before))
    grouped = any(c.group for c in spec.columns)
    return ReportTable(
        key=spec.key,
        title=spec.title,
        label_header="统计指标" if single and blank_zero else _LABEL_HEADER.get(spec.key, "信息内容"),
        columns=_columns(table),
        rows=tuple(rows),
        unit_column=single and blank_zero,
        row_labels=not (len(spec.rows) == 1 and grouped),
        blank_zero=blank_zero,
        previous_year=previous_year if show_previous else None,
        previous_labels=(("上年数",) if single else ("上年总计",)) if show_previous else (),
    )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


_DECLARED_FIELDS = (
    "contact_office",
    "address",
    "post_code",
    "phone",
    "email",
    "head",
    "reviewer",
    "preparer",
    "sign_off_phone",
    "filled_on",
)


def merge_profile(declared: ev.AgencyProfileDeclared | None, given: AgencyProfile | None) -> AgencyProfile:
    """The profile a report uses: what the log declares for the year, overridden field by field by ``given``.

    A field of ``given`` overrides when it is set (and ``legal_basis`` when it is not the default).
    """
    given = given or AgencyProfile()
    if declared is None:
        return given
    changes: dict[str, Any] = {
        name: getattr(declared, name)
        for name in _DECLARED_FIELDS
        if getattr(given, name) is None and getattr(declared, name) is not None
    }
    if given.legal_basis == DEFAULT_LEGAL_BASIS and declared.legal_basis:
        changes["legal_basis"] = declared.legal_basis
    return attrs.evolve(given, **changes)


def _filing_findings(view: PeriodTables, year: int) -> list[ReportFinding]:
    """What the report's findings say of filing: revisions of a filed year, carry-over from a filed one."""
    findings = [ReportFinding(kind=FindingKind.CARRY_OVER, message=str(change)) for change in view.carry_over]
    filed = view.filed
    if filed is not None and filed.revisions:
        causes = ", ".join(repr(e.id) for e in filed.causes) or "none after the filing"
        shown = (
            "these are the filed figures; --as-computed (as_computed=True) shows the recomputed ones"
            if view.as_filed
            else "these are the recomputed figures, not the filed ones"
        )
        findings.append(
            ReportFinding(
                kind=FindingKind.REVISED,
                message=f"the {year} report was filed (event {filed.filing.id!r}) and the log now computes "
                f"{len(filed.revisions)} figure(s) differently (revisions; events {causes}): {shown}; "
                "opengov revisions lists them",
                event_id=filed.filing.id,
            )
        )
    return findings


def build_report(
    events: Iterable[Event],
    *,
    agency: str | None = None,
    year: int,
    format: str | Format = "auto",
    profile: AgencyProfile | None = None,
    previous_year: bool = False,
    calendar: Calendar | None = None,
    as_computed: bool = False,
) -> AnnualReport:
    """Build one agency's annual report for ``year`` from its event log.

    Args:
        events: the log, in log order (other agencies' events are skipped): events, or the wire records of
            :func:`opengov.sources.read_records`.
        agency: the agency's id; may be left out when the log holds only one agency.
        year: the report year (the statistics period is that Beijing calendar year).
        format: ``"auto"`` for the format in force that year, or a format key or :class:`Format`.
        profile: contact details, sign-off and section titles; set fields override the year's
            ``AgencyProfileDeclared`` in the log (see :func:`merge_profile`).
        previous_year: show last year's figures beside this year's (上年数 / 上年总计) where the log holds
            last year (recomputed from the log in this year's format). Off by default: the official
            templates (国办公开办函〔2021〕30号 and before) have no such column. Last year is read either
            way where the log holds it, to check the carry-over and for ``previous.`` placeholders.
        calendar: the working-day calendar answers are judged on (default: the official one).
        as_computed: for a filed year (:mod:`opengov.filing`), the figures the log now computes rather
            than the filed ones (the default). Either way a finding says when they differ, and a year
            after a filed one takes its 上年结转 from the filing, saying so in a finding.

    Raises:
        ReportError: no such agency, several agencies and none named, or a gov2008 section without a title.
        NarrativeError: a narrative names an unknown placeholder.
    """
    log = list(events)
    agency_id = _agency_of(log, agency)
    selected = [e for e in log if e.agency == agency_id]
    fmt = format_for_year(year) if format == "auto" else get_format(format)
    outline = ReportOutline()
    for event in selected:
        outline.evolve(event)
    view = period_tables(
        selected,
        agency=agency_id,
        year=year,
        format=fmt,
        calendar=calendar,
        as_computed=as_computed,
        with_previous=year - 1 in outline.years,
    )
    return report_from_tables(view, outline=outline, profile=profile, previous_year=previous_year)


@attrs.define
class ReportOutline:
    """What a report reads from an agency's log besides its tables, kept as a fold: the years the log
    holds, and per report year the narrative sections in the order first written and the day of the
    latest narrative (the report's default fill-in day).

    A fold like any other (:meth:`evolve` one event at a time), so a store can keep it as a projection.

    Attributes:
        years: the years with an event other than standing facts (registration, documents, offices,
            staff, calendars, narratives): the years the log holds, whose tables a report reads beside
            its own.
        sections: per report year, the sections of its ``NarrativeWritten`` events, first written first.
        last_narrative: per report year, the latest day a narrative of it was written.
    """

    years: set[int] = attrs.field(factory=set)
    sections: dict[int, list[str]] = attrs.field(factory=dict)
    last_narrative: dict[int, _dt.date] = attrs.field(factory=dict)

    def evolve(self, event: Event) -> ReportOutline:
        """Take one more event into account (an attrs event or a wire record: read by its ``TAG``); return
        the outline."""
        tag = event.TAG
        if tag not in _STANDING_TAGS:
            self.years.add(event.day.year)
        if tag == _NARRATIVE:
            event = cast(ev.NarrativeWritten, event)
            sections = self.sections.setdefault(event.year, [])
            if event.section not in sections:
                sections.append(event.section)
            last = self.last_narrative.get(event.year)
            if last is None or event.day > last:
                self.last_narrative[event.year] = event.day
        return self


def report_from_tables(
    view: PeriodTables,
    *,
    outline: ReportOutline | None = None,
    profile: AgencyProfile | None = None,
    previous_year: bool = False,
) -> AnnualReport:
    """The annual report from its tables already built: what :func:`build_report` does once it has folded
    the log, for a caller that keeps the tables' facts current (a store's kept projections).

    Args:
        view: the report year's tables (which must carry their facts) and last year's, with what filing
            says of them (:func:`opengov.filing.period_tables`; for a log without filings,
            ``PeriodTables(tables, None, False, (), previous)``).
        outline: the narrative sections' order and the latest narrative's day (none: no narrative).
        profile: as for :func:`build_report`.
        previous_year: as for :func:`build_report`.

    Raises:
        ReportError: the tables carry no facts, or a gov2008 section has no title.
        NarrativeError: a narrative names an unknown placeholder.
    """
    tables = view.tables
    facts = tables.facts
    if facts is None:
        raise ReportError(f"the tables of {tables.agency} carry no facts (a rollup has no annual report)")
    fmt, agency_id, year = tables.format, tables.agency, tables.period.report_year
    outline = ReportOutline() if outline is None else outline
    profile = merge_profile(facts.profile, profile)
    previous = view.previous
    name = profile.name or facts.name or agency_id

    vocabulary = Vocabulary(tables, facts, name, year, previous, previous.facts if previous else None)
    findings: list[ReportFinding] = []

    order = outline.sections.get(year, [])
    texts = facts.narratives

    def narrative(key: str) -> tuple[str, ...]:
        text = texts.get(key)
        if text is None:
            return ()
        findings.extend(check_literals(text, vocabulary, key))
        return _paragraphs(resolve_text(text, vocabulary, key))

    blank_zero = not fmt.sections
    shown = previous if previous_year else None
    built = {
        t.spec.key: _report_table(t, shown.table(t.spec.key) if shown else None, year - 1, blank_zero)
        for t in tables.tables
    }
    sections: list[Section] = []
    attachment: Attachment | None = None
    if fmt.sections:
        known = {key for key, _ in fmt.sections}
        for key, title in fmt.sections:
            inside = tuple(built[t.spec.key] for t in tables.tables if t.spec.section == key)
            paragraphs = narrative(key)
            if not paragraphs and not inside:
                findings.append(
                    ReportFinding(
                        kind=FindingKind.MISSING_NARRATIVE,
                        message=f"section {title} has no text: add a NarrativeWritten event "
                        f"(year {year}, section {key!r})",
                        section=key,
                    )
                )
            sections.append(Section(key=key, title=title, paragraphs=paragraphs, tables=inside))
        for key in order:
            if key not in known:
                findings.append(
                    ReportFinding(
                        kind=FindingKind.UNUSED_NARRATIVE,
                        message=f"narrative for section {key!r} is not printed: {fmt.key} has the sections "
                        f"{', '.join(sorted(known))}",
                        section=key,
                    )
                )
    else:
        titles = {**DEFAULT_SECTION_TITLES, **profile.section_titles}
        for number, key in enumerate(order, start=1):
            if key not in titles:
                raise ReportError(
                    f"section {key!r} has no title: give it one with "
                    f"AgencyProfile(section_titles={{{key!r}: …}})"
                )
            title = resolve_text(titles[key], vocabulary, key)
            sections.append(
                Section(key=key, title=f"{chinese_numeral(number)}、{title}", paragraphs=narrative(key))
            )
        heading = f"{year}年度{tables.tables[0].spec.title}"
        attachment = Attachment(
            title=f"附件：{name}{heading}",
            heading=heading,
            filled_by=f"填报单位（盖章）：{name}",
            tables=tuple(built.values()),
        )

    for anomaly in facts.anomalies:
        findings.append(
            ReportFinding(kind=FindingKind.ANOMALY, message=str(anomaly), event_id=anomaly.event_id)
        )
    if facts.concluded_late:
        findings.append(
            ReportFinding(
                kind=FindingKind.LATE_ANSWERS,
                message=f"{facts.concluded_late} application(s) were answered after the deadline in {year}",
            )
        )
    findings.extend(_filing_findings(view, year))
    if previous is not None:
        for violation in check_carry_over(previous, tables):
            findings.append(ReportFinding(kind=FindingKind.CARRY_OVER, message=str(violation)))

    filled_on = profile.filled_on
    if filled_on is None:
        filled_on = outline.last_narrative.get(year)
    return AnnualReport(
        agency=agency_id,
        agency_name=name,
        year=year,
        format=fmt.key,
        format_basis=fmt.basis,
        preamble=Preamble(
            legal_basis=profile.legal_basis,
            compiled_by=name,
            period_start=_dt.date(year, 1, 1),
            period_end=_dt.date(year, 12, 31),
            contact_office=profile.contact_office,
            address=profile.address,
            post_code=profile.post_code,
            phone=profile.phone,
            email=profile.email,
        ),
        sections=tuple(sections),
        attachment=attachment,
        sign_off=SignOff(
            head=profile.head,
            reviewer=profile.reviewer,
            preparer=profile.preparer,
            phone=profile.sign_off_phone or profile.phone,
            filled_on=filled_on,
        ),
        previous_year=year - 1 if shown is not None else None,
        findings=tuple(findings),
    )
