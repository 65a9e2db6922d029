"""``opengov audit FILE...``: check published annual reports against their format's rules.

Each file is read for what its content is — PDF, a saved web page, Word (.docx), Excel (.xlsx) or text —
whatever its name. One file gives its full account; several files (or a directory) give one summary row per
file and the totals, as a table, JSON or CSV.

Exit status, once every file has been audited and everything printed: 70 when the audit of any file met an
internal error (a bug in opengov: that file gets its row with the exception, the others are still audited),
else 2 when any file cannot be read as a report (it gets its row, with the reason), else 1 when any report
has error findings, else 0. The worst outcome wins: a bug hides nothing, an unread file is never taken for a
clean one.
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from opengov.cli.common import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    Subparsers,
    UsageError,
    add_command,
    add_format,
    add_output,
    add_to,
    progress,
    write_output,
)
from opengov.cli.i18n import _

if TYPE_CHECKING:
    from opengov.audit import FileAudit


def _files(arguments: list[str]) -> list[str]:
    """The files named: a directory stands for the files in it and its subdirectories (hidden ones left
    out), in name order."""
    files: list[str] = []
    for argument in arguments:
        if argument != STDIN and os.path.isdir(argument):
            found = []
            for folder, folders, names in os.walk(argument):
                folders[:] = [f for f in folders if not f.startswith(".")]
                found += [os.path.join(folder, n) for n in names if not n.startswith(".")]
            files += sorted(found)
        else:
            files.append(argument)
    return files


def _stdin() -> tuple[str, bytes]:
    buffer = getattr(sys.stdin, "buffer", None)
    data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    return ("<stdin>", data)


def _audit(args: argparse.Namespace) -> int:
    from opengov.audit import audit_files, pair_years, summary_csv, summary_json, summary_text

    stdin = [*args.files, args.previous].count(STDIN)
    if stdin > 1:
        raise UsageError(
            _("standard input (-) is read once: name it once, not {count} times").format(count=stdin)
        )
    files = _files(args.files)
    many = len(files) != 1 or any(a != STDIN and os.path.isdir(a) for a in args.files)
    if not files:
        raise UsageError(_("no file to audit in {folders}").format(folders=", ".join(args.files)))
    if args.previous is not None and many:
        raise UsageError(
            _(
                "--previous gives last year's report of one file, and {count} files are given: name one "
                "file, or use --chain to pair each report with its agency's earlier one among the files"
            ).format(count=len(files))
        )
    previous = _previous(args) if args.previous is not None else None
    if isinstance(previous, int):
        return previous
    audits: list[FileAudit] = []
    for path in progress(files, what="auditing", unit="file", total=len(files)):
        audit = next(audit_files([_stdin() if path == STDIN else path], format=args.format))
        if audit.verdict == "error":
            _report_internal(audit, debug=bool(args.debug))
        elif audit.result is None:
            where = f"{audit.source}:{audit.line}" if audit.line is not None else audit.source
            message = f"{where}: not readable as a disclosure annual report: {audit.reason}"
            print(_("opengov: error: {message}").format(message=message), file=sys.stderr)
        audits.append(audit)
    if previous is not None:
        audits = [audit.against(previous) for audit in audits]
    elif args.chain:
        audits = pair_years(audits)
        for audit in audits:
            if audit.verdict == "error":  # the cross-year checks met a bug
                _report_internal(audit, debug=bool(args.debug))
    if args.to == "csv":
        write_output(args, summary_csv(audits))
    elif args.to == "json":
        payload = summary_json(audits)
        if not many:  # one file: its audit as before, without the summary
            payload = {k: payload[k] for k in ("reports", "unreadable", "internal_errors")}
        write_output(args, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif many:
        write_output(args, summary_text(audits))
    else:
        write_output(args, "".join(a.result.to_text() + "\n" for a in audits if a.result is not None))
    if any(a.verdict == "error" for a in audits):
        return EXIT_INTERNAL
    if any(a.verdict == "unreadable" for a in audits):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(a.verdict == "findings" for a in audits) else EXIT_OK


def _previous(args: argparse.Namespace) -> FileAudit | int:
    """Last year's report (``--previous``), audited; the exit status when it cannot be read (2) or its
    audit met an internal error (70), with the reason printed."""
    from opengov.audit import audit_files

    path = args.previous
    last = next(audit_files([_stdin() if path == STDIN else path], format="auto"))
    if last.verdict == "error":
        _report_internal(last, debug=bool(args.debug))
        return EXIT_INTERNAL
    if last.result is None:
        where = f"{last.source}:{last.line}" if last.line is not None else last.source
        message = _("{where} (--previous): not readable as a disclosure annual report: {reason}").format(
            where=where, reason=last.reason
        )
        print(_("opengov: error: {message}").format(message=message), file=sys.stderr)
        return EXIT_USAGE
    return last


def _report_internal(audit: FileAudit, *, debug: bool) -> None:
    """The internal error one file's audit met, on standard error (its traceback with ``--debug``)."""
    if debug and audit.trace:
        print(audit.trace, end="", file=sys.stderr)
    detail = f"{audit.error}: {audit.reason}" if audit.reason else str(audit.error)
    advice = (
        _("please report it with the traceback above")
        if debug
        else _("run again with --debug for the traceback")
    )
    print(
        _("opengov audit: {source}: internal error ({detail}); this is a bug in opengov: {advice}").format(
            source=audit.source, detail=detail[:300], advice=advice
        ),
        file=sys.stderr,
    )


def register(subparsers: Subparsers) -> None:
    """Add the ``audit`` command."""
    parser = add_command(
        subparsers,
        "audit",
        help=_("check published annual reports against their format's rules"),
        description=_(
            "Read published annual reports as downloaded — PDF (with the pdf extra), web pages, Word "
            "(.docx), Excel (.xlsx) or text (copied from a web page, pdftotext output, Markdown or HTML "
            "tables), each told by its content — and check every rule of their format. One file: its "
            "findings; several files or a directory: one summary row per file and the totals (--to csv "
            "or json for a spreadsheet). With --previous LAST (one file) or --chain (each report "
            "against its agency's earlier one among the files), the cross-year checks too. Exit status, "
            "after every file: 70 if the audit of any file met an internal error (a bug; the file gets "
            "its row with the exception), else 2 if any file could not be read as a report (it gets its "
            "row and reason; the others are still audited), else 1 if any report has findings, else 0."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help=_(
            "report files (PDF, HTML, .docx, .xlsx, or text in UTF-8 or GB18030), directories of them, "
            "or - for standard input"
        ),
    )
    years = parser.add_mutually_exclusive_group()
    years.add_argument(
        "--previous",
        metavar="LAST",
        help=_(
            "last year's report of the same agency (any kind of file, or - for standard input): this "
            "year's 上年结转 is checked against its 结转下年度, a provincial template's 历年累计 against its "
            "历年累计 plus this year's 本年 (at least that, for an earlier year); one FILE only"
        ),
    )
    years.add_argument(
        "--chain",
        action="store_true",
        help=_(
            "check each report against the same agency's nearest earlier report among the files given "
            "(the agency and year as the titles print them); the summary's previous column names it"
        ),
    )
    add_format(parser, templates=True)
    add_to(parser, ["text", "json", "csv"])
    add_output(parser, legacy_forms=["text", "json"])
    parser.set_defaults(handler=_audit)
