"""``opengov audit FILE...``: check published annual reports against their format's rules.

Exit status: 0 when every report is consistent, 1 when any has error findings, 2 when a file cannot be read
as a report (the reason and, where known, the line are printed).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from opengov.audit import AuditResult, NotAReportError, audit

_FORMATS = ("auto", "gov2008", "gov2019", "gov2021")


def add_parser(subparsers: Any) -> None:
    """Add the ``audit`` command to the ``opengov`` subparsers."""
    parser = subparsers.add_parser(
        "audit",
        help="check published annual reports against their format's rules",
        description="Read published annual reports (text from a web page, pdftotext output, Markdown or "
        "HTML tables) and check every rule of their format. Exit status: 0 consistent, 1 findings, "
        "2 a file is not readable as a report.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="report text files (UTF-8 or GB18030)")
    parser.add_argument(
        "--format", choices=_FORMATS, default="auto", help="the report format (default: auto)"
    )
    parser.add_argument(
        "--output", choices=("text", "json"), default="text", help="output form (default: text)"
    )
    parser.set_defaults(handler=run)


def _read(path: str) -> str:
    data = open(path, "rb").read()  # noqa: SIM115 - read whole file at once
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def run(args: argparse.Namespace) -> int:
    """Audit every file named in ``args``; print text or JSON; return the exit status."""
    results: list[AuditResult] = []
    failures: list[dict[str, Any]] = []
    status = 0
    for path in args.files:
        try:
            text = _read(path)
            results.append(audit(text, format=args.format, source=path))
        except NotAReportError as exc:
            failures.append({"source": path, "error": exc.reason, "line": exc.line})
            print(f"opengov: error: {exc}", file=sys.stderr)
            status = 2
        except OSError as exc:
            failures.append({"source": path, "error": exc.strerror or str(exc), "line": None})
            print(f"opengov: error: {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
    if args.output == "json":
        payload = {"reports": [r.to_json() for r in results], "unreadable": failures}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(result.to_text())
    if status:
        return status
    return 1 if any(not r.ok for r in results) else 0
