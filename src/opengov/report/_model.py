"""The annual report as an immutable value: what every renderer reads, and what JSON round-trips.

The model holds no format objects and no callables: its tables carry their own labels, units, column
headers and figures, so a report read back from JSON renders exactly as the one that was written.
"""

from __future__ import annotations

__all__ = [
    "AgencyProfile",
    "AnnualReport",
    "Attachment",
    "FindingKind",
    "Preamble",
    "ReportColumn",
    "ReportFinding",
    "ReportRow",
    "ReportTable",
    "Section",
    "SignOff",
    "chinese_date",
    "format_figure",
]

import datetime as _dt
import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from opengov.formats._model import Value

DEFAULT_LEGAL_BASIS: tuple[str, ...] = ("《中华人民共和国政府信息公开条例》",)


def chinese_date(day: _dt.date) -> str:
    """A date as official documents print it.

    >>> chinese_date(_dt.date(2019, 2, 11))
    '2019年2月11日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def format_figure(value: Value, *, blank_zero: bool = False) -> str:
    """A figure as printed: integers as they are, amounts without trailing zeros; zero blank if asked.

    >>> format_figure(201), format_figure(0, blank_zero=True), format_figure(Decimal("12.5300"))
    ('201', '', '12.53')
    """
    if blank_zero and value == 0:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def _tuple(value: Any) -> Any:
    return tuple(value) if not isinstance(value, tuple) else value


def _titles(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


@attrs.frozen(kw_only=True)
class AgencyProfile:
    """What a report needs that the event log does not hold: contact details, sign-off, section titles.

    Every field is optional; what is left out is left out of the report (or blank on the sign-off).

    Attributes:
        name: the agency's name, where it should differ from its ``AgencyRegistered`` name.
        legal_basis: the regulations the report is compiled under, joined with 和 in the preamble.
        contact_office: whom readers contact (e.g. 吴忠市科技局办公室).
        address: postal address.
        post_code: 邮编.
        phone: the contact telephone printed in the preamble.
        email: the contact e-mail.
        head: 单位负责人.
        reviewer: 审核人.
        preparer: 填报人.
        sign_off_phone: the 联系电话 of the sign-off (default: ``phone``).
        filled_on: 填报日期 (default: the day of the year's last ``NarrativeWritten`` event).
        section_titles: titles of the agency's own sections (gov2008) by section key, without the
            number; they may use the placeholders of the narrative (``{next_year}``). They override
            :data:`~opengov.report.DEFAULT_SECTION_TITLES`.
    """

    name: str | None = None
    legal_basis: tuple[str, ...] = attrs.field(default=DEFAULT_LEGAL_BASIS, converter=_tuple)
    contact_office: str | None = None
    address: str | None = None
    post_code: str | None = None
    phone: str | None = None
    email: str | None = None
    head: str | None = None
    reviewer: str | None = None
    preparer: str | None = None
    sign_off_phone: str | None = None
    filled_on: _dt.date | None = None
    section_titles: Mapping[str, str] = attrs.field(factory=dict, converter=_titles)


@attrs.frozen(kw_only=True)
class Preamble:
    """The opening paragraph: legal basis, who compiled the report, the statistics period, the contact.

    Attributes:
        legal_basis: the regulations, each in 《》.
        compiled_by: the agency that compiled the report.
        period_start: first day of the statistics period.
        period_end: last day of the statistics period.
        contact_office: whom to contact with questions, if given.
        address: postal address, if given.
        post_code: 邮编, if given.
        phone: telephone, if given.
        email: e-mail, if given.
    """

    legal_basis: tuple[str, ...] = attrs.field(converter=_tuple)
    compiled_by: str
    period_start: _dt.date
    period_end: _dt.date
    contact_office: str | None = None
    address: str | None = None
    post_code: str | None = None
    phone: str | None = None
    email: str | None = None

    @property
    def text(self) -> str:
        """The paragraph, worded as the seed report words it."""
        basis = "和".join(self.legal_basis)
        parts = [
            f"根据{basis}规定，本报告由{self.compiled_by}汇总本单位全年政府信息公开工作情况编制而成。",
            f"报告中所列数据的统计期限自{chinese_date(self.period_start)}起，"
            f"至{chinese_date(self.period_end)}止。",
        ]
        details = [
            f"{label}：{value}"
            for label, value in (
                ("地址", self.address),
                ("邮编", self.post_code),
                ("联系电话", self.phone),
                ("电子邮箱", self.email),
            )
            if value
        ]
        if self.contact_office or details:
            who = self.contact_office or self.compiled_by
            parts.append(
                f"如对报告有疑问，请与{who}联系" + (f"（{'；'.join(details)}）" if details else "") + "。"
            )
        return "".join(parts)


@attrs.frozen
class ReportColumn:
    """A figure column of a report table.

    Attributes:
        key: the format's column key.
        label: the official label (with its unit where the column has its own, e.g. 采购总金额（万元）).
        groups: the spanning headers above it, outermost first (e.g. ``("行政诉讼", "复议后起诉")``).
    """

    key: str
    label: str
    groups: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class ReportRow:
    """A row of a report table.

    Attributes:
        key: the format's row key (what a narrative placeholder names).
        label: the official label.
        unit: the unit, or ``None`` for a heading.
        level: depth in the row hierarchy (0 at the top).
        values: one figure per column; empty for a heading.
        previous: last year's figures for the table's previous-year columns; empty when not shown.
    """

    key: str
    label: str
    unit: str | None
    level: int
    values: tuple[Value, ...] = attrs.field(default=(), converter=_tuple)
    previous: tuple[Value, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def is_heading(self) -> bool:
        """Whether the row is a heading with no figure."""
        return self.unit is None


@attrs.frozen(kw_only=True)
class ReportTable:
    """A built table as the report prints it.

    Attributes:
        key: the format's table key.
        title: the official title.
        label_header: the header of the row-label column (统计指标 in gov2008).
        columns: the figure columns in official order.
        rows: the rows in official order.
        unit_column: whether a 单位 column is printed (gov2008).
        row_labels: whether the row-label column is printed (not for table 四, a single row of cases).
        blank_zero: whether zero prints blank (gov2008, as the seed) or as 0 (gov2019/gov2021).
        previous_year: the year of the previous-year figures, or ``None`` when the table shows none.
        previous_labels: the headers of the previous-year columns (上年数, or 上年总计).
    """

    key: str
    title: str
    label_header: str
    columns: tuple[ReportColumn, ...] = attrs.field(converter=_tuple)
    rows: tuple[ReportRow, ...] = attrs.field(converter=_tuple)
    unit_column: bool = False
    row_labels: bool = True
    blank_zero: bool = False
    previous_year: int | None = None
    previous_labels: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def row(self, key: str) -> ReportRow:
        """The row with ``key``.

        Raises:
            KeyError: no such row.
        """
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"table {self.key} has no row {key!r}")

    def figure(self, row: str, column: str | None = None) -> Value:
        """The figure at ``row`` (and ``column``; the only column when left out)."""
        found = self.row(row)
        if column is None:
            if len(self.columns) != 1:
                raise KeyError(f"table {self.key} has several columns: name one")
            return found.values[0]
        for index, col in enumerate(self.columns):
            if col.key == column:
                return found.values[index]
        raise KeyError(f"table {self.key} has no column {column!r}")

    def display(self, value: Value) -> str:
        """``value`` as this table prints it."""
        return format_figure(value, blank_zero=self.blank_zero)


@attrs.frozen(kw_only=True)
class Section:
    """A numbered section of the report: its heading, its narrative paragraphs and its tables.

    Attributes:
        key: the section key (the format's, or the agency's own in gov2008).
        title: the heading as printed, with its number (一、总体情况).
        paragraphs: the narrative, placeholders resolved, one string per paragraph.
        tables: the tables printed in this section (gov2019/gov2021 sections 二, 三, 四).
    """

    key: str
    title: str
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    tables: tuple[ReportTable, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Attachment:
    """The statistics table attached to a gov2008 report (附件).

    Attributes:
        title: 附件：<agency> <year> 年度政府信息公开情况统计表.
        heading: the table's own heading (<year> 年度政府信息公开情况统计表).
        filled_by: 填报单位（盖章）：<agency>.
        tables: the attached tables.
    """

    title: str
    heading: str
    filled_by: str
    tables: tuple[ReportTable, ...] = attrs.field(converter=_tuple)


@attrs.frozen(kw_only=True)
class SignOff:
    """The sign-off printed under the statistics table. Blank fields print as blank lines.

    Attributes:
        head: 单位负责人.
        reviewer: 审核人.
        preparer: 填报人.
        phone: 联系电话.
        filled_on: 填报日期.
    """

    head: str | None = None
    reviewer: str | None = None
    preparer: str | None = None
    phone: str | None = None
    filled_on: _dt.date | None = None

    def lines(self) -> tuple[tuple[str, str], ...]:
        """``(label, value)`` pairs in printed order; a missing value is an empty string."""
        return (
            ("单位负责人", self.head or ""),
            ("审核人", self.reviewer or ""),
            ("填报人", self.preparer or ""),
            ("联系电话", self.phone or ""),
            ("填报日期", chinese_date(self.filled_on) if self.filled_on else ""),
        )


class FindingKind(enum.Enum):
    """What a finding is about."""

    NARRATIVE_CONTRADICTS_TABLE = "narrative_contradicts_table"  #: a number typed in the text ≠ the table
    MISSING_NARRATIVE = "missing_narrative"  #: a fixed section has no text
    UNUSED_NARRATIVE = "unused_narrative"  #: text for a section the format does not have
    LATE_ANSWERS = "late_answers"  #: applications answered after the deadline
    CARRY_OVER = "carry_over"  #: this year's 上年结转 differs from last year's 结转下年度
    REVISED = "revised"  #: the year's report is filed and the log now computes some figures differently
    ANOMALY = "anomaly"  #: something the fold could not count (see :class:`opengov.fold.Anomaly`)


@attrs.frozen(kw_only=True)
class ReportFinding:
    """Something a person should look at before the report is published.

    Attributes:
        kind: what it is about.
        message: what is wrong and what to do, in one sentence.
        section: the section concerned, if any.
        event_id: the event concerned, if any.
    """

    kind: FindingKind
    message: str
    section: str | None = None
    event_id: str | None = None

    def __str__(self) -> str:
        return self.message


@attrs.frozen(kw_only=True)
class AnnualReport:
    """One agency's 政府信息公开工作年度报告 for one year.

    Attributes:
        agency: the agency's id in the log.
        agency_name: the agency's name as printed.
        year: the report year.
        format: the format key (gov2008, gov2019, gov2021, or a variant's).
        format_basis: the official document that fixed the format.
        preamble: the opening paragraph.
        sections: the numbered sections in official order (gov2008: the agency's own, in log order).
        attachment: the attached statistics table (gov2008), or ``None``.
        sign_off: the sign-off.
        previous_year: the year whose figures are shown beside this year's, or ``None``.
        findings: what to check before publishing (never part of the printed report).
    """

    agency: str
    agency_name: str
    year: int
    format: str
    format_basis: str
    preamble: Preamble
    sections: tuple[Section, ...] = attrs.field(converter=_tuple)
    attachment: Attachment | None = None
    sign_off: SignOff = attrs.field(factory=SignOff)
    previous_year: int | None = None
    findings: tuple[ReportFinding, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def title_lines(self) -> tuple[str, str]:
        """The title as printed on two lines: the agency, then the year and the report's name."""
        return (self.agency_name, f"{self.year}年政府信息公开工作年度报告")

    @property
    def title(self) -> str:
        """The title on one line."""
        return "".join(self.title_lines)

    def tables(self) -> Iterator[ReportTable]:
        """Every table of the report in printed order."""
        for section in self.sections:
            yield from section.tables
        if self.attachment is not None:
            yield from self.attachment.tables

    def table(self, key: str) -> ReportTable:
        """The table with ``key``.

        Raises:
            KeyError: the report has no such table.
        """
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(f"the report has no table {key!r}")
