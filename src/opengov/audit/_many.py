"""Many downloaded reports at once: one verdict per file, a summary for a terminal or a spreadsheet.

A file that cannot be read (not a report, damaged, a missing optional library, not found) gets its row
with the reason and never stops the others; so does a file whose audit met an internal error (a bug in
opengov: an unexpected exception), with the exception's type and message. The verdict of a set of files is
the CLI's exit status: 70 when any file met an internal error, else 2 when any file could not be read, else
1 when any report has error findings, else 0.
"""

from __future__ import annotations

__all__ = [
    "SUMMARY_FIELDS",
    "FileAudit",
    "audit_files",
    "pair_years",
    "summary_csv",
    "summary_json",
    "summary_text",
    "summary_totals",
]

import csv
import io
import os
import traceback
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from opengov.audit._detect import SAME_AGENCY_SUFFIX, same_agency
from opengov.audit._files import Kind, read_report_file
from opengov.audit._findings import with_previous
from opengov.audit._model import NotAReportError
from opengov.formats import get_format
from opengov.render._common import MissingExtraError, neutralise, text_table

if TYPE_CHECKING:
    from opengov.audit._model import AuditResult
    from opengov.formats import Format

SUMMARY_FIELDS = ("file", "kind", "format", "year", "verdict", "errors", "warnings", "reason", "previous")
"""The columns of the summary (CSV header, JSON keys of each row), in order. ``previous`` names the report
checked as the earlier year's (with ``--previous`` or ``--chain``), empty when there was none."""

Verdict = Literal["consistent", "findings", "unreadable", "error"]


@attrs.frozen
class FileAudit:
    """One file's outcome: its audit, or why it could not be read, or the internal error its audit met.

    Attributes:
        source: the file's name.
        kind: what it was read as (``"pdf"``, ``"html"``, …), or ``None`` when that could not be told.
        result: the audit, or ``None`` when the file could not be read or its audit failed.
        reason: why it could not be read, or the internal error's message (``None`` when it was read).
        line: the input line ``reason`` refers to, if any.
        error: the type of the unexpected exception the audit raised (a bug in opengov, e.g.
            ``"ZeroDivisionError"``), ``None`` when there was none.
        trace: that exception's traceback, for a bug report (not compared, not in the summary).
        previous: the source of the earlier report the cross-year checks were made against, if any.
    """

    source: str
    kind: Kind | None
    result: AuditResult | None
    reason: str | None = None
    line: int | None = None
    error: str | None = None
    trace: str | None = attrs.field(default=None, eq=False, repr=False)
    previous: str | None = None

    @property
    def verdict(self) -> Verdict:
        """``"consistent"``, ``"findings"`` (error findings), ``"unreadable"`` or ``"error"`` (an internal
        error)."""
        if self.error is not None:
            return "error"
        if self.result is None:
            return "unreadable"
        return "consistent" if self.result.ok else "findings"

    @property
    def message(self) -> str | None:
        """What went wrong, as the summary's ``reason`` shows it: the line and reason of an unreadable file,
        ``"internal error: TYPE: message"`` for an internal error, ``None`` for an audited file."""
        if self.error is not None:
            return (
                f"internal error: {self.error}: {self.reason}"
                if self.reason
                else f"internal error: {self.error}"
            )
        return self.reason if self.line is None else f"line {self.line}: {self.reason}"

    def count(self, severity: str) -> int:
        """How many findings of ``severity`` (``"error"``, ``"warning"``) the audit has (0 if unread)."""
        if self.result is None:
            return 0
        return sum(1 for f in self.result.findings if f.severity == severity)

    def row(self) -> dict[str, Any]:
        """The summary row: the values of :data:`SUMMARY_FIELDS`."""
        result = self.result
        return {
            "file": self.source,
            "kind": self.kind,
            "format": result.format if result is not None else None,
            "year": result.report.year if result is not None else None,
            "verdict": self.verdict,
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "reason": self.message,
            "previous": self.previous,
        }

    def against(self, previous: FileAudit) -> FileAudit:
        """This audit with the cross-year checks against ``previous``, an audited earlier report of the same
        agency (the carry-over, a template's running totals); unchanged when either could not be read. An
        unexpected exception in those checks is recorded as this file's internal error."""
        if self.result is None or previous.result is None:
            return self
        try:
            result = with_previous(self.result, previous.result)
        except Exception as exc:  # a bug in the cross-year checks: this file's error, not the run's end
            return attrs.evolve(
                self,
                result=None,
                reason=str(exc) or None,
                error=type(exc).__name__,
                trace=traceback.format_exc(),
                previous=previous.source,
            )
        return attrs.evolve(self, result=result, previous=previous.source)


def audit_one(
    file: str | os.PathLike[str] | tuple[str, bytes], *, format: str | Format = "auto"
) -> FileAudit:
    """Audit one file (a path, or a ``(name, content)`` pair); a file that cannot be read gets the reason,
    and an unexpected exception while reading or auditing it (a bug in opengov) is recorded, not raised.

    Raises:
        KeyError: ``format`` names no known format (a mistake of the call, not of the file).
    """
    if isinstance(format, str) and format != "auto":
        get_format(format)  # a bad format is the caller's mistake: raised, not recorded for each file
    if isinstance(file, tuple):
        name, content = file
        target: str | os.PathLike[str] | bytes = content
    else:
        name, target = os.fspath(file), file
    kind: Kind | None = None
    try:
        read = read_report_file(target, source=name)
        kind = read.kind
        result = read.audit(format=format)
    except NotAReportError as exc:
        return FileAudit(name, kind, None, exc.reason, exc.line)
    except MissingExtraError as exc:
        return FileAudit(name, kind, None, str(exc))
    except OSError as exc:
        return FileAudit(name, kind, None, exc.strerror or str(exc))
    except Exception as exc:  # a bug met on this file must not stop the others: recorded with its type
        return FileAudit(
            name, kind, None, str(exc) or None, error=type(exc).__name__, trace=traceback.format_exc()
        )
    return FileAudit(name, kind, result)


def pair_years(audits: Sequence[FileAudit]) -> list[FileAudit]:
    """Each report checked against the same agency's nearest earlier report among ``audits``.

    The agency is the one named at the head of each report's title (:attr:`PublishedReport.agency`; names
    that differ only by a leading higher-level place, such as ``淮安市洪泽区人民政府`` and ``洪泽区人民政府``,
    are one agency), the year the title's. Of that agency's reports of earlier years, the latest is taken
    (the first in the order given when two are of that year): the year before gives the carry-over
    (上年结转 = 上年 结转下年度) and a template's running total (历年累计 = 上年 历年累计 + 本年);
    an earlier year only the running total's bound (历年累计 ≥ …). A report without agency or year, or
    without an earlier one among ``audits``, is left as it is (``previous`` stays ``None``).
    """
    by_key: dict[str, list[tuple[int, int, FileAudit]]] = {}
    for index, audit in enumerate(audits):
        report = audit.result.report if audit.result is not None else None
        if report is not None and report.agency and report.year is not None:
            by_key.setdefault(report.agency[-SAME_AGENCY_SUFFIX:], []).append((report.year, index, audit))
    paired: list[FileAudit] = []
    for audit in audits:
        report = audit.result.report if audit.result is not None else None
        if report is None or not report.agency or report.year is None:
            paired.append(audit)
            continue
        this_year = report.year
        earlier = [
            (year, -index, other)
            for year, index, other in by_key.get(report.agency[-SAME_AGENCY_SUFFIX:], ())
            if year < this_year
            and other.result is not None
            and same_agency(report.agency, other.result.report.agency)
        ]
        if not earlier:
            paired.append(audit)
            continue
        paired.append(audit.against(max(earlier, key=lambda e: e[:2])[2]))
    return paired


def audit_files(
    files: Iterable[str | os.PathLike[str] | tuple[str, bytes]],
    *,
    format: str | Format = "auto",
    chain: bool = False,
) -> Iterator[FileAudit]:
    """Audit each file in turn (see :func:`audit_one`); unreadable files get their row and reason, and a
    file whose audit raised an unexpected exception gets its row with the exception (verdict ``"error"``)
    while the files after it are audited all the same.

    With ``chain``, every file is audited first, then each report is checked against the same agency's
    nearest earlier report among them (:func:`pair_years`), and ``previous`` names it.

    >>> from opengov.audit import audit_files, summary_totals
    >>> table = "一、本年新收政府信息公开申请数量\\t3\\t0\\t0\\t0\\t0\\t0\\t3\\n".encode()
    >>> audits = list(audit_files([("a.txt", table), ("b.txt", b"no table here")], format="gov2021"))
    >>> [(a.source, a.verdict, a.reason) for a in audits]
    [('a.txt', 'consistent', None), ('b.txt', 'unreadable', 'no figure of any gov2021 table could be placed')]
    >>> summary_totals(audits)["unreadable"]
    1

    Raises:
        KeyError: ``format`` names no known format.
    """
    if chain:
        yield from pair_years([audit_one(file, format=format) for file in files])
        return
    for file in files:
        yield audit_one(file, format=format)


def summary_totals(audits: Sequence[FileAudit]) -> dict[str, int]:
    """The totals: files, consistent, with findings, unreadable, with an internal error
    (``internal_errors``), error and warning findings."""
    return {
        "files": len(audits),
        "consistent": sum(1 for a in audits if a.verdict == "consistent"),
        "findings": sum(1 for a in audits if a.verdict == "findings"),
        "unreadable": sum(1 for a in audits if a.verdict == "unreadable"),
        "internal_errors": sum(1 for a in audits if a.verdict == "error"),
        "errors": sum(a.count("error") for a in audits),
        "warnings": sum(a.count("warning") for a in audits),
    }


def summary_text(audits: Sequence[FileAudit]) -> str:
    """One row per file (file, kind, format, year, verdict, errors, warnings, the previous report where any
    file has one, reason) and a totals line."""
    fields = ["file", "kind", "format", "year", "verdict", "errors", "warnings", "reason"]
    header = ["file", "read as", "format", "year", "verdict", "errors", "warnings", "reason"]
    if any(a.previous is not None for a in audits):  # the column only when earlier years were given
        fields.insert(7, "previous")
        header.insert(7, "previous")
    rows = [[("" if v is None else str(v)) for v in map(a.row().get, fields)] for a in audits]
    totals = summary_totals(audits)
    failed = totals["internal_errors"]
    bugs = f", {failed} internal error{'s' if failed != 1 else ''}" if failed else ""
    last = (
        f"{totals['files']} file{'s' if totals['files'] != 1 else ''}: {totals['consistent']} consistent, "
        f"{totals['findings']} with findings, {totals['unreadable']} unreadable{bugs}; "
        f"{totals['errors']} error finding{'s' if totals['errors'] != 1 else ''}, "
        f"{totals['warnings']} warning{'s' if totals['warnings'] != 1 else ''}"
    )
    return "\n".join([*text_table(header, rows, right={5, 6}), last]) + "\n"


def summary_csv(audits: Sequence[FileAudit]) -> str:
    """The summary as CSV (:data:`SUMMARY_FIELDS`), UTF-8 with a byte-order mark so that Excel opens the
    Chinese correctly; a text a spreadsheet would run as a formula gets a leading ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUMMARY_FIELDS)
    for audit in audits:
        writer.writerow(
            [neutralise(v) if isinstance(v, str) else "" if v is None else v for v in audit.row().values()]
        )
    return "\ufeff" + out.getvalue()


def summary_json(audits: Sequence[FileAudit]) -> dict[str, Any]:
    """The summary as JSON-ready data: ``summary`` (a row per file), ``totals``, then every readable
    report's full audit (``reports``, as :meth:`AuditResult.to_json`), the unreadable files
    (``unreadable``: ``source``, ``error``, ``line``) and the files whose audit met an internal error
    (``internal_errors``: ``source``, ``exception``, ``message``)."""
    return {
        "summary": [a.row() for a in audits],
        "totals": summary_totals(audits),
        "reports": [a.result.to_json() for a in audits if a.result is not None],
        "unreadable": [
            {"source": a.source, "error": a.reason, "line": a.line}
            for a in audits
            if a.verdict == "unreadable"
        ],
        "internal_errors": [
            {"source": a.source, "exception": a.error, "message": a.reason}
            for a in audits
            if a.verdict == "error"
        ],
    }
