"""Audit published annual reports: read their tables as printed and check them against the format's rules.

Supervising offices check thousands of published reports a year, and published tables often fail their
own arithmetic. :func:`audit_report` reads a report as users have it (web-page text, ``pdftotext``
output with or without ``-layout``, Markdown or HTML tables, tab-separated lines), finds its format, reads
every table into the format's own row and column keys, and checks every rule the format declares — the
same declarations that build opengov's own tables. Nothing is declared twice.

:func:`audit_file` reads a downloaded file first — PDF, a saved web page, Word or Excel, told apart by their
content — and :func:`audit_files` audits many, one :class:`FileAudit` each, summarised by
:func:`summary_text`, :func:`summary_csv` and :func:`summary_json`.

>>> text = "一、本年新收政府信息公开申请数量\\t3\\t0\\t0\\t0\\t0\\t0\\t4"
>>> result = audit_report(text, format="gov2021")
>>> [f.code for f in result.findings]
['gov2021.t3.total[new]']
>>> result.findings[0].left, result.findings[0].right, result.findings[0].difference
(4, 3, 1)

.. versionadded:: 0.1
"""

from __future__ import annotations

__all__ = [
    "SUMMARY_FIELDS",
    "AuditFinding",
    "AuditResult",
    "CellState",
    "FileAudit",
    "FindingCell",
    "NotAReportError",
    "PublishedCell",
    "PublishedReport",
    "PublishedTable",
    "ReportFile",
    "RuleOutcome",
    "audit_file",
    "audit_files",
    "audit_report",
    "pair_years",
    "read_report",
    "read_report_file",
    "sniff",
    "summary_csv",
    "summary_json",
    "summary_text",
    "summary_totals",
]

from opengov._deprecation import callable_module, renamed
from opengov.audit._detect import detect, report_agency, report_year
from opengov.audit._files import ReportFile, audit_file, read_report_file, sniff
from opengov.audit._findings import ORDER as _ORDER
from opengov.audit._findings import check_blank_totals, check_narrative, check_tables, with_previous
from opengov.audit._flat import Cutter, labels_of
from opengov.audit._labels import ALIASES, aliases_of
from opengov.audit._many import (
    SUMMARY_FIELDS,
    FileAudit,
    audit_files,
    pair_years,
    summary_csv,
    summary_json,
    summary_text,
    summary_totals,
)
from opengov.audit._model import (
    AuditFinding,
    AuditResult,
    CellState,
    FindingCell,
    NotAReportError,
    PublishedCell,
    PublishedReport,
    PublishedTable,
    RuleOutcome,
)
from opengov.audit._narrative import stated_figures
from opengov.audit._parse import read_tables
from opengov.audit._text import lines_of, plain_text
from opengov.formats import FORMATS, TEMPLATES, Format, get_format

_CUTTERS: dict[tuple[str, ...], Cutter] = {}


def _cutter() -> Cutter:
    """The cutter for one-line tables, from the row labels (and their printed spellings) and titles of every
    registered format and template."""
    formats = [*FORMATS.values(), *TEMPLATES.values()]
    key = tuple(f.key for f in formats)
    if key not in _CUTTERS:
        rows = [
            label
            for fmt in formats
            for table in fmt.tables
            for row in table.rows
            for label in (row.label, *ALIASES.get(row.key, ()), *aliases_of(fmt).get(row.key, ()))
        ]
        titles = [title for fmt in formats for _, title in fmt.sections]
        titles += [table.title for fmt in formats for table in fmt.tables]
        _CUTTERS.clear()
        _CUTTERS[key] = Cutter(labels_of(rows), titles)
    return _CUTTERS[key]


def read_report(
    text: str, *, format: str | Format = "auto", source: str = "<string>"
) -> tuple[PublishedReport, list[AuditFinding], list[str]]:
    """Read a published report's tables without checking them.

    Returns the report, the findings reading produced (ambiguous or unreadable rows, unsplittable digits)
    and notes on how it was read.

    Args:
        text: the report as text (any layout :func:`audit_report` accepts).
        format: ``"auto"``, a format key (``"gov2008"``, ``"gov2019"``, ``"gov2021"``) or a format.
        source: the input's name, used in messages.

    Raises:
        NotAReportError: no table of the format (or of any known format) could be read.
        KeyError: ``format`` names no known format.
    """
    if not isinstance(text, str):
        raise NotAReportError(source, f"expected text, got {type(text).__name__}")
    lines = lines_of(text, _cutter())
    if format == "auto":
        fmt, why = detect(lines, text)
        if fmt is None:
            raise NotAReportError(source, why)
    else:
        fmt, why = get_format(format), "given"
    reading = read_tables(fmt, lines, stated_figures(fmt.key, plain_text(text)))
    report = PublishedReport(fmt, why, report_year(text), tuple(reading.tables), report_agency(text))
    if not any(t.found for t in report.tables):
        first = next((line.number for line in lines if line.values), None)
        raise NotAReportError(source, f"no figure of any {fmt.key} table could be placed", first)
    if why != "given":
        # Found by detection, labels and one row's stray figures (a text *about* reports, such as a samples
        # folder's README quoting row labels) are not a table: "consistent" would pass a file never checked.
        # A format given by the caller reads whatever rows there are.
        printed = _printed_rows(report)
        if len(printed) < 2:
            what = f"only the row {printed[0][0]!r}" if printed else "no row"
            raise NotAReportError(
                source,
                f"{what} of the {fmt.key} tables prints a figure: not enough of a table to audit",
                printed[0][1] if printed else None,
            )
    return report, reading.findings, reading.notes


def _printed_rows(report: PublishedReport) -> list[tuple[str, int | None]]:
    """The label and first line of each row printing a figure or a marker (—, /, 无), in table order."""
    printed: list[tuple[str, int | None]] = []
    for table in report.tables:
        lines: dict[str, list[int]] = {}  # the rows printing one, with the lines they were read from
        for (key, _), cell in table.cells.items():
            if cell.state in ("number", "marker"):
                found = lines.setdefault(key, [])
                if cell.line is not None:
                    found.append(cell.line)
        printed.extend(
            (row.label, min(lines[row.key], default=None)) for row in table.spec.rows if row.key in lines
        )
    return printed


def audit_report(
    text: str,
    *,
    format: str | Format = "auto",
    previous: str | AuditResult | PublishedReport | None = None,
    source: str = "<string>",
) -> AuditResult:
    """Read a published report and check it: every rule of its format, its narrative, its carry-over.

    Args:
        text: the report as text: copied from a web page, ``pdftotext`` output (``-layout`` or plain),
            Markdown pipe tables, HTML tables, or one line per row with tabs.
        format: ``"auto"`` to detect it from the labels (and the year in the title), or a format key.
        previous: last year's report of the same agency (its text, its audit result or its reading), to
            check this year's 上年结转 against last year's 结转下年度.
        source: the input's name, used in messages (the CLI passes the file name).

    Raises:
        NotAReportError: the text cannot be read as a report (no table of a known format); the message
            says why and, where it can, at which line.
        KeyError: ``format`` names no known format.
    """
    report, findings, notes = read_report(text, format=format, source=source)
    rule_findings, outcomes = check_tables(report)
    findings = (
        rule_findings + findings + check_blank_totals(report) + check_narrative(report, plain_text(text))
    )
    findings.sort(key=lambda f: _ORDER[f.severity])
    result = AuditResult(source, report, tuple(findings), tuple(outcomes), tuple(notes))
    if previous is None:
        return result
    if isinstance(previous, str):
        previous = read_report(previous, format="auto", source=f"{source} (previous)")[0]
    return with_previous(result, previous)


callable_module(__name__, "audit_report")  # opengov.audit(...) as before, with a DeprecationWarning
_renamed = renamed(__name__, {"audit": "audit_report", "Finding": "AuditFinding"})


def __getattr__(name: str) -> object:
    """The old names ``audit`` and ``Finding`` (deprecated, removed in the next release)."""
    return _renamed(name)
