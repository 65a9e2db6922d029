"""``opengov report``: an agency's annual report from a JSON Lines file or a SQLite store."""

from __future__ import annotations

__all__ = ["add_parser", "run"]

import argparse
import json
import sys
from pathlib import Path

from opengov.codec import iter_events
from opengov.events import Event
from opengov.report._build import ReportError, build_report
from opengov.report._model import AgencyProfile

_SQLITE_MAGIC = b"SQLite format 3\x00"
_OUTPUTS = ("text", "md", "html", "docx", "xlsx", "json")
_BINARY = ("docx", "xlsx")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``opengov report`` to the top-level subparsers."""
    parser = subparsers.add_parser(
        "report",
        help="write an agency's annual report (text, Markdown, HTML, Word, Excel or JSON)",
        description="Build an agency's 政府信息公开工作年度报告 for a year from its event log and write it. "
        "SOURCE is a JSON Lines event file or a SQLite event store (told apart by the file's content). "
        "Findings (numbers in the narrative that contradict the table, late answers, anomalies in the log) "
        "are printed to standard error.",
    )
    parser.add_argument("source", metavar="SOURCE", help="a JSON Lines event file or a SQLite store")
    parser.add_argument("--agency", metavar="ID", help="the agency (may be left out when the log holds one)")
    parser.add_argument("--year", type=int, required=True, metavar="Y", help="the report year")
    parser.add_argument(
        "--format",
        default="auto",
        choices=("auto", "gov2008", "gov2019", "gov2021"),
        help="the report format (default: the one in force for the year)",
    )
    parser.add_argument("--to", default="text", choices=_OUTPUTS, help="the output (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="a JSON file of what the log does not hold: contact details, sign-off, section titles "
        "(the fields of AgencyProfile)",
    )
    parser.add_argument(
        "--no-previous-year",
        dest="previous_year",
        action="store_false",
        help="do not show last year's figures beside this year's",
    )
    parser.set_defaults(handler=run)


def _events(source: str, agency: str | None) -> list[Event]:
    path = Path(source)
    with path.open("rb") as handle:
        magic = handle.read(len(_SQLITE_MAGIC))
    if magic == _SQLITE_MAGIC:
        from opengov.store import open_store

        with open_store(path, create=False) as store:
            return [stored.event for stored in store.read(agency=agency)]
    return [e for e in iter_events(path) if agency is None or e.agency == agency]


def _profile(path: str | None) -> AgencyProfile | None:
    if path is None:
        return None
    from opengov.render.json import converter

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return converter.structure(data, AgencyProfile)
    except (ValueError, TypeError, KeyError) as exc:
        raise ReportError(f"{path}: not an agency profile: {exc}") from None
    except Exception as exc:  # cattrs' validation errors
        raise ReportError(f"{path}: not an agency profile: {exc}") from None


def run(args: argparse.Namespace) -> int:
    """Build and write the report ``args`` describe; return the exit status."""
    from opengov.render import render

    if args.to in _BINARY and args.output is None and sys.stdout.isatty():
        raise ReportError(f"--to {args.to} writes a binary file: give -o FILE")
    events = _events(args.source, args.agency)
    report = build_report(
        events,
        agency=args.agency,
        year=args.year,
        format=args.format,
        profile=_profile(args.profile),
        previous_year=args.previous_year,
    )
    output = render(report, args.to)
    if args.output is not None:
        target = Path(args.output)
        if isinstance(output, bytes):
            target.write_bytes(output)
        else:
            target.write_text(output, encoding="utf-8")
    elif isinstance(output, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(output)
    for finding in report.findings:
        print(f"opengov: finding: {finding}", file=sys.stderr)
    if args.output is not None:
        print(f"{report.title} written to {args.output}", file=sys.stderr)
    return 0
