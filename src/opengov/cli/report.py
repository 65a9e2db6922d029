"""``opengov report``: an agency's annual report, in any form of the render registry."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opengov.cli.common import (
    EXIT_OK,
    Subparsers,
    Tally,
    UsageError,
    add_agency,
    add_as_computed,
    add_calendar,
    add_command,
    add_format,
    add_output,
    add_source,
    add_to,
    add_year,
    calendar_of,
    choose_agency,
    note,
    open_source,
    write_output,
)
from opengov.cli.due import _date
from opengov.cli.i18n import _
from opengov.cli.projections import kept_report

if TYPE_CHECKING:
    from opengov.report import AgencyProfile


def _profile(path: str | None) -> AgencyProfile | None:
    if path is None:
        return None
    from opengov.render.json import converter
    from opengov.report import AgencyProfile, ReportError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return converter.structure(data, AgencyProfile)
    except Exception as exc:  # JSON, type and key errors, and cattrs' validation errors
        message = _("{file}: not an agency profile: {reason}").format(file=path, reason=exc)
        raise ReportError(message) from None


def _file(source: str, events: list[Any], agency: str, args: argparse.Namespace, calendar: Any) -> None:
    """Append the ``ReportFiled`` event of the report just built to SOURCE (an event file or a store)."""
    from opengov.codec import encode_line
    from opengov.filing import file_report
    from opengov.sources import is_store, is_store_url
    from opengov.store import append_checked, open_store

    filing = file_report(
        events, agency=agency, year=args.year, format=args.format, calendar=calendar, at=args.filed_on
    )
    if is_store_url(source) or is_store(source):
        with open_store(source, create=False) as store:
            append_checked(store, [filing], expected_version=filing.position)
    else:
        path = Path(source)
        with path.open("rb+") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell():
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    handle.write(b"\n")
            handle.write((encode_line(filing) + "\n").encode())
    note(
        _(
            "filed: event {id} ({count} figures, from {position} events of {agency}) appended to {source}"
        ).format(
            id=filing.id, count=len(filing.cells), position=filing.position, agency=agency, source=source
        )
    )


def _report(args: argparse.Namespace) -> int:
    from opengov.render import render
    from opengov.report import build_report, report_from_tables

    profile = _profile(args.profile)
    if args.file and args.estimate:
        raise UsageError(
            _("--file cannot be combined with --estimate: a filed report holds exact figures only")
        )
    calendar = calendar_of(args) if args.calendar or args.estimate else None
    source = open_source(args)
    if args.file and args.filed_on is None:
        raise UsageError(
            _("--file needs --filed-on DATE, the day the report is published (opengov reads no clock)")
        )
    if args.file and source.is_stdin:
        raise UsageError(_("--file appends to SOURCE: give an event file or a store, not standard input"))
    kept = None if calendar is not None or args.file else kept_report(args, args.year, args.format)
    events: list[Any] = []
    if kept is not None:  # a store and one agency: its kept facts and outline, brought up to date
        view, outline, tally = kept
        agency = choose_agency(tally, args.agency, source.name)
        tally.warn_if_empty(agency, args.year)
        report = report_from_tables(view, outline=outline, profile=profile, previous_year=args.previous_year)
    else:
        tally = Tally()
        events = list(source.watched(tally, args.agency))  # wire records: read as events are
        agency = choose_agency(tally, args.agency, source.name)
        tally.warn_if_empty(agency, args.year)
        report = build_report(
            events,
            agency=agency,
            year=args.year,
            format=args.format,
            profile=profile,
            previous_year=args.previous_year,
            calendar=calendar,
            as_computed=args.as_computed or args.file,
        )
    options: dict[str, object] = {}
    if args.template and args.to == "docx":
        options["template"] = args.template
    if args.to == "html":
        options.update(fragment=args.fragment, stylesheet=args.stylesheet)
    rendered = render(report, args.to, **options)
    if args.file:
        _file(source.name, events, agency, args, calendar)
    write_output(args, rendered, inputs=[args.template] if args.template else [])
    for finding in report.findings:
        print(_("opengov: finding: {finding}").format(finding=finding), file=sys.stderr)
    if args.output is not None:
        note(_("{title} written to {file}").format(title=report.title, file=args.output))
    return EXIT_OK


def _forms() -> list[str]:
    from opengov.render import FORMS

    return list(FORMS)


def register(subparsers: Subparsers) -> None:
    """Add ``opengov report``."""
    parser = add_command(
        subparsers,
        "report",
        help=_("write an agency's annual report (text, Markdown, HTML, Word, Excel or JSON)"),
        description=_(
            "Build an agency's 政府信息公开工作年度报告 for a year from its events and write it. "
            "Findings (numbers in the narrative that contradict the table, late answers, anomalies in the "
            "log) are printed to standard error."
        ),
    )
    add_source(parser)
    add_agency(parser)
    add_year(parser)
    add_format(parser)
    add_to(parser, _forms())
    add_output(parser)
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help=_(
            "a JSON file of what the log does not hold: contact details, sign-off, section titles "
            "(the fields of AgencyProfile)"
        ),
    )
    parser.add_argument(
        "--previous-year",
        dest="previous_year",
        action="store_true",
        default=False,
        help=_(
            "show last year's figures beside this year's (上年数 / 上年总计), where the log holds last year; "
            "the official layout has no such column"
        ),
    )
    parser.add_argument(
        "--no-previous-year",
        dest="previous_year",
        action="store_false",
        help=_("the official layout, without last year's figures (the default)"),
    )
    parser.add_argument(
        "--template",
        metavar="DOCX",
        help=_(
            "with --to docx: the agency's own Word template (its page setup, styles, header and footer); "
            "the report replaces a paragraph reading {{report}}, or follows the template's content"
        ),
    )
    parser.add_argument(
        "--fragment",
        action="store_true",
        help=_("with --to html: an <article> to paste into a portal page instead of a whole page"),
    )
    parser.add_argument(
        "--stylesheet",
        metavar="URL",
        help=_(
            "with --to html: link this stylesheet (a copy of opengov's report.css) instead of inlining it; "
            "the markup stays readable without any stylesheet"
        ),
    )
    add_as_computed(parser)
    parser.add_argument(
        "--file",
        action="store_true",
        help=_(
            "file (publish) the report: append a report_filed event holding every figure to SOURCE, so "
            "later tables and reports of the year show these figures and list revisions"
        ),
    )
    parser.add_argument(
        "--filed-on",
        type=_date,
        metavar="DATE",
        help=_("with --file: the day the report is published (YYYY-MM-DD)"),
    )
    add_calendar(parser)
    parser.set_defaults(handler=_report)
