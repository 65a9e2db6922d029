"""``opengov projections follow|rebuild STORE``, and the kept projections ``table`` and ``due`` read.

The kept projections (:mod:`opengov.projections`) of a store are: the ledger, what the commands say of an
agency (its event count and first and last day), and the facts of each report year asked for (by default
this year and last year, Beijing time). ``opengov table`` and ``opengov due`` on a store with ``--agency``
read them and fold only the agency's events after them, and so does ``opengov report`` (with the kept
report outline); with a JSON Lines file, without ``--agency``, or with ``--calendar`` for a table or a
report they fold the events as before.
"""

from __future__ import annotations

__all__ = ["kept_facts", "kept_ledger", "kept_report", "register"]

import argparse
import datetime as _dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson

from opengov.cli.common import (
    EXIT_OK,
    AgencyTally,
    Subparsers,
    Tally,
    add_command,
    add_source,
    note,
    open_source,
    plural,
)
from opengov.cli.i18n import _

if TYPE_CHECKING:
    from opengov.filing import PeriodTables
    from opengov.fold import AgencyFacts
    from opengov.ledger import Ledger, LedgerFold
    from opengov.projections import Projection
    from opengov.report import ReportOutline
    from opengov.store import EventStore
    from opengov.tables import TableSet


def _tally_projection() -> Projection[Tally, Tally]:
    """What the commands say of an agency (:class:`Tally`), kept like any projection."""
    from opengov.projections import Projection

    def evolve(tally: Tally, event: Any) -> Tally:
        for _event in tally.watch([event]):
            pass
        return tally

    def save(tally: Tally) -> bytes:
        return orjson.dumps(
            [
                [t.agency, t.name, t.count, t.first, t.last, sorted(t.years), t.records]
                for t in tally.agencies.values()
            ]
        )

    def load(data: bytes) -> Tally:
        try:
            rows = orjson.loads(data)
            return Tally(
                {
                    agency: AgencyTally(
                        agency,
                        name,
                        count,
                        _dt.date.fromisoformat(first) if first else None,
                        _dt.date.fromisoformat(last) if last else None,
                        set(years),
                        records,
                    )
                    for agency, name, count, first, last, years, records in rows
                }
            )
        except (orjson.JSONDecodeError, TypeError, ValueError) as exc:
            raise ValueError(f"not a kept tally: {exc}") from None

    return Projection("tally", 2, Tally, evolve, lambda tally: tally, save, load, records=True)


def _kept(years: list[int]) -> list[Projection[Any, Any]]:
    from opengov.fold import Period
    from opengov.projections import facts_projection, ledger_projection, outline_projection

    kept: list[Projection[Any, Any]] = [ledger_projection(), _tally_projection(), outline_projection()]
    return [*kept, *(facts_projection(Period.year(y)) for y in years)]


@contextmanager
def _store_of(args: argparse.Namespace) -> Iterator[EventStore | None]:
    """The store SOURCE names, when the kept projections can answer for ``--agency`` there."""
    from opengov.sources import is_store_url
    from opengov.store import open_store

    source = open_source(args)
    agency: str | None = getattr(args, "agency", None)
    if agency is None or source.is_stdin or not (is_store_url(source.name) or _is_store_file(source.name)):
        yield None
        return
    with open_store(source.name, create=False) as store:
        yield store if store.version(agency) else None  # an unknown agency: the usual message


def _is_store_file(name: str) -> bool:
    from opengov.sources import is_store

    try:
        return is_store(name)
    except OSError:
        return False


def kept_facts(args: argparse.Namespace, year: int) -> tuple[AgencyFacts, Tally] | None:
    """``--agency``'s facts for ``year`` and what the commands say of it, from the store's kept
    projections and the agency's newer events; ``None`` when SOURCE is not a store or names no agency."""
    from opengov.fold import Period
    from opengov.projections import ProjectionRunner, facts_projection

    with _store_of(args) as store:
        if store is None:
            return None
        agency: str = args.agency
        facts = ProjectionRunner(store, facts_projection(Period.year(year))).result(agency).get(agency)
        tally = ProjectionRunner(store, _tally_projection()).result(agency)
    return None if facts is None else (facts, tally)


def kept_report(
    args: argparse.Namespace, year: int, format: str
) -> tuple[PeriodTables, ReportOutline, Tally] | None:
    """What ``--agency``'s report of ``year`` is built from, from the store's kept projections and the
    agency's newer events: the tables of the year and of last year (where the log holds last year), the
    report outline, and what the commands say of the agency. ``None`` when SOURCE is not a store, names no
    agency, or the agency's log holds a filing, a filed-period policy or a correction (the kept tally
    counts them): kept facts know neither, so the report reads the log whole."""
    from opengov.filing import PeriodTables
    from opengov.fold import Period
    from opengov.formats import format_for_year, get_format
    from opengov.projections import ProjectionRunner, facts_projection, outline_projection
    from opengov.tables import tables_from_facts

    fmt = format_for_year(year) if format == "auto" else get_format(format)
    with _store_of(args) as store:
        if store is None:
            return None
        agency: str = args.agency
        tally = ProjectionRunner(store, _tally_projection()).result(agency)
        held = tally.agencies.get(agency)
        if held is None or held.records:
            return None
        outline = ProjectionRunner(store, outline_projection()).result(agency)

        def tables(year: int) -> TableSet | None:
            kept = ProjectionRunner(store, facts_projection(Period.year(year))).result(agency).get(agency)
            return None if kept is None else tables_from_facts(kept, fmt)

        this_year = tables(year)
        last_year = tables(year - 1) if year - 1 in outline.years else None
    if this_year is None:
        return None
    return PeriodTables(this_year, None, False, (), last_year), outline, tally


def kept_ledger(args: argparse.Namespace, fold: LedgerFold) -> tuple[Ledger, Tally] | None:
    """``--agency``'s ledger of ``fold.as_of`` from the store's kept ledger and the agency's newer events;
    ``None`` when SOURCE is not a store, names no agency, or holds events after the day."""
    from opengov.projections import ProjectionRunner, ledger_projection

    with _store_of(args) as store:
        if store is None:
            return None
        book = ProjectionRunner(store, ledger_projection()).result(args.agency).ledger_on(fold)
        tally = ProjectionRunner(store, _tally_projection()).result(args.agency)
    return None if book is None else (book, tally)


def _years(args: argparse.Namespace) -> list[int]:
    if args.year:
        return sorted(set(args.year))
    today = _dt.datetime.now(_dt.timezone(_dt.timedelta(hours=8))).date()  # a CLI default, not a fold
    return [today.year - 1, today.year]


def _follow(args: argparse.Namespace) -> int:
    from opengov.projections import ProjectionRunner, run_together
    from opengov.store import open_store

    source = open_source(args)
    with open_store(source.name, create=False) as store:
        runners = [ProjectionRunner(store, p) for p in _kept(_years(args))]
        try:
            while True:
                folded = sum(run_together(runners))  # one reading of the new events for them all
                # what the runners hold, not the head: an event committed since the reading above is not
                # folded yet, and waiting after the head would leave it unfolded until the next
                caught_up = min(runner.position() for runner in runners)
                if folded:
                    note(_("kept projections current at position {head}").format(head=caught_up))
                waited = next(iter(store.subscribe(after=caught_up, wait=args.wait)), None)
                if waited is None and args.wait is not None:
                    return EXIT_OK
        except KeyboardInterrupt:
            return EXIT_OK


def _rebuild(args: argparse.Namespace) -> int:
    from opengov.projections import ProjectionRunner, run_together
    from opengov.store import open_store

    source = open_source(args)
    with open_store(source.name, create=False) as store:
        projections = _kept(_years(args))
        runners = [ProjectionRunner(store, projection) for projection in projections]
        for projection, folded in zip(projections, run_together(runners, rebuild=True), strict=True):
            note(
                plural(
                    folded,
                    "{name}: rebuilt from {n} event",
                    "{name}: rebuilt from {n} events",
                    name=projection.name,
                )
            )
    return EXIT_OK


def register(subparsers: Subparsers) -> None:
    """Add ``opengov projections follow|rebuild STORE [--year Y ...]``."""
    group = subparsers.add_parser(
        "projections",
        help=_("keep a store's projections (tables, ledger) current, or rebuild them"),
        description=_(
            "The ledger and the facts of each report year, kept in the store per agency, so that table and "
            "due on a store with --agency fold only the events after them."
        ),
    )
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, handler, text in (
        ("follow", _follow, _("keep the projections current as events are committed (until interrupted)")),
        ("rebuild", _rebuild, _("fold the whole log again and replace the kept projections")),
    ):
        action = add_command(actions, name, help=text, description=text)
        add_source(action, what=_("the event store (a SQLite file or a postgresql:// URL)"))
        action.add_argument(
            "--year",
            type=int,
            action="append",
            metavar="Y",
            help=_("a report year whose facts to keep (repeatable; default: this year and last year)"),
        )
        if name == "follow":
            action.add_argument(
                "--wait",
                type=float,
                metavar="SECONDS",
                help=_("end after this many seconds with no new event (default: follow until interrupted)"),
            )
        action.set_defaults(handler=handler)
