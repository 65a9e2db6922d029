"""``opengov events validate|import|export|agencies``: check event files, move events, list agencies."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from opengov.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    SQLITE_SIDE_FILES,
    STORE_ENV,
    Subparsers,
    Tally,
    add_agency,
    add_command,
    add_output,
    add_source,
    add_to,
    counting,
    open_source,
    output_stream,
    plural,
    positive,
    progress_lines,
    write_output,
)
from opengov.cli.i18n import _
from opengov.errors import DecodeError


def _validate(args: argparse.Namespace) -> int:
    from opengov.codec import iter_events, validate_file

    source = open_source(args)
    lines = progress_lines(source.replayable(), what=_("checking {source}").format(source=source.name))
    name = source.name
    count = 0
    errors = validate_file(lines) if args.collect else []
    if not errors:
        try:
            count = sum(1 for _ in iter_events(lines))
        except DecodeError as exc:  # --no-collect: the first bad line only
            errors = exc.errors
    if not errors and not count:
        errors = validate_file(lines)  # says the file holds no events
    if errors:
        for error in errors:
            print(error)
        if args.collect:
            _error(plural(len(errors), "{source}: {n} bad line", "{source}: {n} bad lines", source=name))
        else:
            _error(_("{source}: a bad line (run without --no-collect to list them all)").format(source=name))
        return EXIT_FINDINGS
    print(plural(count, "{n} event, all valid", "{n} events, all valid"))
    return EXIT_OK


def _error(message: str) -> None:
    print(_("opengov: error: {message}").format(message=message), file=sys.stderr)


def _store_files(store: str) -> list[Path]:
    return [Path(store + suffix) for suffix in ("", *SQLITE_SIDE_FILES)]


def _import(args: argparse.Namespace) -> int:
    from opengov.codec import validate_file
    from opengov.sources import is_store_url
    from opengov.store import import_jsonl, open_store

    source = open_source(args)
    lines = source.replayable()
    # checked before the store is opened: a refused file creates no store
    errors = validate_file(progress_lines(lines, what=_("checking {source}").format(source=source.name)))
    if errors:
        raise DecodeError(errors)
    store_path: str = args.store
    local = not is_store_url(store_path)
    created = local and not Path(store_path).exists()
    try:
        with open_store(store_path, create=True) as store, counting(store, what=_("importing")) as counted:
            before = store.head()
            stored = import_jsonl(counted, lines, batch_size=args.batch_size)
            head = store.head()
    except BaseException:
        if created:  # the store did not exist before this import: leave nothing behind
            for path in _store_files(store_path):
                with contextlib.suppress(OSError):
                    path.unlink()
        raise
    if stored:
        print(
            plural(
                stored,
                "{n} new event imported into {store} (positions {first} to {last})",
                "{n} new events imported into {store} (positions {first} to {last})",
                store=store_path,
                first=before + 1,
                last=head,
            )
        )
    else:
        print(
            _("nothing new imported into {store}: every event of {source} is already stored").format(
                store=store_path, source=source.name
            )
        )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from opengov.codec import write_events

    source = open_source(args)
    events = source.events(agency=args.agency)
    with output_stream(args) as sink:
        count = write_events(events, sink)
    if args.output is not None:
        print(
            plural(count, "{n} event exported to {file}", "{n} events exported to {file}", file=args.output)
        )
    return EXIT_OK


def _agencies(args: argparse.Namespace) -> int:
    source = open_source(args)
    tally = Tally()
    for _event in source.watched(tally):  # wire records: only agency, day and TAG are read
        pass
    rows = sorted(tally.agencies.values(), key=lambda a: a.agency)
    if args.to == "json":
        document = [
            {
                "agency": a.agency,
                "name": a.name,
                "events": a.count,
                "first": a.first.isoformat() if a.first else None,
                "last": a.last.isoformat() if a.last else None,
            }
            for a in rows
        ]
        write_output(args, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lines = [
        "\t".join(
            [
                a.agency,
                a.name or "-",
                str(a.count),
                _("{first} to {last}").format(first=a.first or "-", last=a.last or "-"),
            ]
        )
        for a in rows
    ]
    header = "\t".join([_("agency"), _("name"), _("events"), _("dates")])
    write_output(args, "\n".join([header, *lines]) + "\n")
    return EXIT_OK


def _add_store_target(parser: argparse.ArgumentParser) -> None:
    default = os.environ.get(STORE_ENV) or None
    parser.add_argument(
        "--store",
        metavar="STORE",
        default=default,
        required=default is None,
        help=_(
            "the store written to: a SQLite file (created if needed) or a store URL "
            "(default: ${variable}{now})"
        ).format(variable=STORE_ENV, now=_(", now {value}").format(value=default) if default else ""),
    )


def register(subparsers: Subparsers) -> None:
    """Add ``opengov events validate|import|export|agencies``."""
    group = subparsers.add_parser(
        "events",
        help=_("check event files, move events between files and a store, list agencies"),
        description=_(
            "Check event files (JSON Lines), move events between files and an event store, and "
            "list the agencies of a source."
        ),
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    validate = add_command(
        actions,
        "validate",
        help=_("check an event file and list its bad lines"),
        description=_(
            "Check every line of a JSON Lines event file. Bad lines are listed one per line as "
            "FILE:LINE (event 'ID'): REASON; the exit status is 1 if there is any."
        ),
    )
    add_source(validate, what=_("the event file"), file_only=True)
    validate.add_argument(
        "--collect",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=_("list every bad line (the default); --no-collect stops at the first"),
    )
    validate.set_defaults(handler=_validate)

    import_ = add_command(
        actions,
        "import",
        help=_("append the events of a file to a store"),
        description=_(
            "Append the events of a JSON Lines file to a store, creating the store if needed. "
            "The whole file is checked first: if any line is bad, nothing is imported (and no store is "
            "created). Events already stored are skipped, so importing a file again is harmless."
        ),
    )
    add_source(import_, what=_("the event file"), file_only=True)
    _add_store_target(import_)
    import_.add_argument(
        "--batch-size",
        type=positive,
        default=1000,
        metavar="N",
        help=_("events per atomic append (default 1000)"),
    )
    import_.set_defaults(handler=_import)

    export = add_command(
        actions,
        "export",
        help=_("write the events of a store (or file) as JSON Lines"),
        description=_(
            "Write the events of SOURCE as JSON Lines — a store's in the order they were stored — "
            "to standard output or a file. Importing the result into an empty store gives back the same "
            "events. (--store PATH for the store read from is deprecated: give it as SOURCE.)"
        ),
    )
    add_source(export, what=_("the events to write"), store_option=True)
    add_agency(export, what=_("only this agency's events"))
    add_output(export)
    export.set_defaults(handler=_export)

    agencies = add_command(
        actions,
        "agencies",
        help=_("list the agencies of a source, with names and event counts"),
        description=_(
            "List the agencies whose events SOURCE holds: id, name (from agency_registered), "
            "number of events and the first and last day of their events."
        ),
    )
    add_source(agencies)
    add_to(agencies, ["text", "json"])
    add_output(agencies)
    agencies.set_defaults(handler=_agencies)
