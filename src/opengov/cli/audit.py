"""``opengov audit FILE...``: check published annual reports against their format's rules.

Exit status: 0 when every report is consistent, 1 when any has error findings, 2 when a file cannot be read
as a report (the reason and, where known, the line are printed).
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from opengov.cli.common import (
    EXIT_FINDINGS,
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
    from opengov.audit import AuditResult


def _read(path: str) -> str:
    if path == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    else:
        with open(path, "rb") as handle:
            data = handle.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _audit(args: argparse.Namespace) -> int:
    from opengov.audit import NotAReportError, audit_report

    results: list[AuditResult] = []
    failures: list[dict[str, Any]] = []
    status = EXIT_OK
    if args.files.count(STDIN) > 1:
        raise UsageError(
            _("standard input (-) is read once: name it once, not {count} times").format(
                count=args.files.count(STDIN)
            )
        )
    for path in progress(args.files, what="auditing", unit="file", total=len(args.files)):
        name = "<stdin>" if path == STDIN else path
        try:
            text = _read(path)
            results.append(audit_report(text, format=args.format, source=name))
        except NotAReportError as exc:
            failures.append({"source": name, "error": exc.reason, "line": exc.line})
            print(_("opengov: error: {message}").format(message=exc), file=sys.stderr)
            status = EXIT_USAGE
        except OSError as exc:
            failures.append({"source": name, "error": exc.strerror or str(exc), "line": None})
            message = f"{name}: {exc.strerror or exc}"
            print(_("opengov: error: {message}").format(message=message), file=sys.stderr)
            status = EXIT_USAGE
    if args.to == "json":
        payload = {"reports": [r.to_json() for r in results], "unreadable": failures}
        write_output(args, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        write_output(args, "".join(result.to_text() + "\n" for result in results))
    if status:
        return status
    return EXIT_FINDINGS if any(not r.ok for r in results) else EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add the ``audit`` command."""
    parser = add_command(
        subparsers,
        "audit",
        help=_("check published annual reports against their format's rules"),
        description=_(
            "Read published annual reports (text from a web page, pdftotext output, Markdown or "
            "HTML tables) and check every rule of their format. Exit status: 0 consistent, 1 findings, "
            "2 a file is not readable as a report."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help=_("report text files (UTF-8 or GB18030), or - for standard input"),
    )
    add_format(parser, templates=True)
    add_to(parser, ["text", "json"])
    add_output(parser, legacy_forms=["text", "json"])
    parser.set_defaults(handler=_audit)
