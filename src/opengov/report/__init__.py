"""The annual report (政府信息公开工作年度报告): an immutable model built from the event log.

:func:`build_report` folds an agency's log into its tables, resolves the narrative's placeholders against
them, lays the sections out in the format's official order and lists what a person should check before
publishing (:attr:`AnnualReport.findings`). The renderers in :mod:`opengov.render` turn the model into
text, Markdown, HTML, Word, Excel and JSON.

>>> import datetime as dt
>>> from opengov.events import AgencyRegistered, MeetingHeld, NarrativeWritten
>>> log = [
...     AgencyRegistered(id="e1", agency="a1", at=dt.date(2018, 1, 2), name="示范局"),
...     MeetingHeld(id="e2", agency="a1", at=dt.date(2018, 3, 1)),
...     NarrativeWritten(id="e3", agency="a1", at=dt.date(2019, 1, 10), year=2018, section="overview",
...                      text="全年召开专题会议{meetings}次。"),
... ]
>>> report = build_report(log, year=2018)
>>> report.title, report.sections[0].title, report.sections[0].paragraphs
('示范局2018年政府信息公开工作年度报告', '一、总体公开工作情况概述', ('全年召开专题会议1次。',))
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_SECTION_TITLES",
    "FACT_PLACEHOLDERS",
    "AgencyProfile",
    "AnnualReport",
    "Attachment",
    "FindingKind",
    "NarrativeError",
    "Preamble",
    "ReportColumn",
    "ReportError",
    "ReportFinding",
    "ReportOutline",
    "ReportRow",
    "ReportTable",
    "Section",
    "SignOff",
    "Vocabulary",
    "build_report",
    "chinese_date",
    "format_figure",
    "merge_profile",
    "report_from_tables",
]

from opengov._deprecation import renamed
from opengov.report._build import (
    DEFAULT_SECTION_TITLES,
    ReportError,
    ReportOutline,
    build_report,
    merge_profile,
    report_from_tables,
)
from opengov.report._model import (
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
    chinese_date,
    format_figure,
)
from opengov.report._narrative import FACT_PLACEHOLDERS, NarrativeError, Vocabulary

_renamed = renamed(__name__, {"Finding": "ReportFinding"})


def __getattr__(name: str) -> object:
    """``Finding``, the old name of :class:`ReportFinding` (deprecated, removed in the next release)."""
    return _renamed(name)
