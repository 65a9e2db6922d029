"""Projections kept current in the store: state per agency, saved with the position it has seen.

A :class:`Projection` is a value — a name, a version, an initial state, an evolve, a result, and how its
state is saved as JSON (never pickle). A :class:`ProjectionRunner` keeps one in an event store:

- **per agency.** Each agency's state is a checkpoint of its own, ``(position, state)``: the state holds
  every event of that agency up to ``position``. Reading one agency's result loads its checkpoint and folds
  only the agency's events after it (:meth:`ProjectionRunner.state`), reading the agency's stream — never
  the whole log.
- **in the same transaction.** The follower (:meth:`ProjectionRunner.follow`, :meth:`catch_up`) saves the
  states it changed and its own position with one :meth:`~opengov.store.EventStore.save_checkpoints`, so
  a crash loses the work since the last save and nothing else: no event is counted twice or skipped,
  because each saved state says exactly which events it holds.
- **versioned.** The checkpoints are named by the projection's name and version, so a projection whose
  version changed starts from nothing and rebuilds by itself; :meth:`rebuild` does it on demand.

>>> import datetime as dt
>>> from opengov.events import MeetingHeld
>>> from opengov.fold import Period
>>> from opengov.store import MemoryStore
>>> store = MemoryStore()
>>> _ = store.append([MeetingHeld(id=f"m{n}", agency="a1", at=dt.date(2024, 3, n)) for n in (1, 2)])
>>> runner = ProjectionRunner(store, facts_projection(Period.year(2024)))
>>> runner.catch_up()
2
>>> _ = store.append([MeetingHeld(id="m3", agency="a1", at=dt.date(2024, 3, 3))])
>>> runner.result("a1")["a1"].meetings  # the kept state plus the one new event
3
"""

from __future__ import annotations

__all__ = [
    "KeptLedger",
    "Projection",
    "ProjectionRunner",
    "facts_projection",
    "ledger_projection",
    "outline_projection",
    "run_together",
]

import contextlib
import datetime as _dt
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs
import orjson

from opengov import fold as _fold
from opengov.codec import decode, encode
from opengov.errors import EventValidationError, StoreError
from opengov.events import Event
from opengov.fold import AgencyFacts, FoldState, Period, PeriodFold
from opengov.ledger import Ledger, LedgerFold, LedgerState
from opengov.lifecycle import _as_events
from opengov.report import ReportOutline
from opengov.store import EventStore
from opengov.store._base import read_positioned

S = TypeVar("S")
R = TypeVar("R")


@attrs.frozen
class Projection(Generic[S, R]):
    """A fold of one agency's events that a :class:`ProjectionRunner` can keep in a store.

    Attributes:
        name: names the projection's checkpoints (letters, digits, ``-``, ``_``, ``.``).
        version: change it whenever ``evolve`` or the saved form changes: the kept states of another
            version are not used, so the projection rebuilds.
        initial: the state before any event.
        evolve: the state after one more event (it may change the state it is given and return it).
        result: what the state means (a table's facts, a ledger).
        save: the state as JSON bytes.
        load: the state back from :attr:`save`'s bytes.
        records: whether ``evolve`` (and ``save``) also take the wire records of
            :func:`opengov.sources.read_records` — read by their ``TAG`` and fields, never their class —
            so that a runner reads the store a page at a time into records instead of one event at a time
            (every projection of this module does).
    """

    name: str
    version: int
    initial: Callable[[], S]
    evolve: Callable[[S, Event], S]
    result: Callable[[S], R]
    save: Callable[[S], bytes]
    load: Callable[[bytes], S]
    records: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.name or not all(c.isalnum() or c in "-_." for c in self.name):
            raise ValueError(f"a projection name is letters, digits, '-', '_' and '.', got {self.name!r}")
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 0:
            raise ValueError(f"projection {self.name!r}: version must be a non-negative integer")

    @property
    def key(self) -> str:
        """The prefix of the projection's checkpoint names."""
        return f"projection/{self.name}/v{self.version}"


@attrs.define
class _Kept(Generic[S]):
    state: S
    position: int


class ProjectionRunner(Generic[S, R]):
    """Keeps a :class:`Projection` current in an event store, one state per agency.

    Args:
        store: the event store; the states are kept in its checkpoints.
        projection: the projection to keep.
        every: the follower saves after this many events, then each time it has folded as many again as
            it had (a backlog or a rebuild is saved at 1, 2, 4, 8, 16 × ``every`` events, then every
            16 × ``every``), and whenever it has caught up. A crash loses only the events folded since the
            last save: fewer than ``every`` before the first, then less than half of what had been folded,
            and never as many as 16 × ``every``.
        save_after: a reader (:meth:`state`) saves an agency's state back only when it folded at least
            this many new events. Saving is a write transaction (a disk flush, and on SQLite the write
            lock appenders wait for), several times the cost of folding a short tail; the follower keeps
            the states current anyway, so a reader saves only a long tail.
    """

    def __init__(
        self,
        store: EventStore,
        projection: Projection[S, R],
        *,
        every: int = 10_000,
        save_after: int = 100,
    ) -> None:
        if every < 1:
            raise ValueError(f"every must be at least 1, got {every}")
        if save_after < 1:
            raise ValueError(f"save_after must be at least 1, got {save_after}")
        self.store = store
        self.projection = projection
        self.every = every
        self.save_after = save_after

    def _agency_key(self, agency: str) -> str:
        return f"{self.projection.key}/agency/{agency}"

    def _load(self, agency: str) -> _Kept[S]:
        saved = self.store.load_checkpoint(self._agency_key(agency))
        if saved is None:
            return _Kept(self.projection.initial(), 0)
        try:
            return _Kept(self.projection.load(saved[1]), saved[0])
        except ValueError:  # a damaged or foreign state: fold the agency again rather than fail
            return _Kept(self.projection.initial(), 0)

    # -- one agency -----------------------------------------------------------------------------------

    def state(self, agency: str, *, keep: bool = True) -> tuple[S, int]:
        """The agency's state as of the store's head, and that head.

        Loads the agency's kept state and folds only the agency's events after it. With ``keep`` the
        newer state is saved back when it folded at least :attr:`save_after` new events (a store that
        cannot be written to is simply not updated).
        """
        head = self.store.head()
        kept = self._load(agency)
        folded = 0
        for _, event in self._read(agency=agency, after=kept.position, until=head):
            kept.state = self.projection.evolve(kept.state, event)
            folded += 1
        if keep and folded >= self.save_after:
            # Read-only access to the store: the result is right, only the next refresh is not shortened.
            with contextlib.suppress(StoreError):
                self.store.save_checkpoint(self._agency_key(agency), head, self.projection.save(kept.state))
        return kept.state, head

    def result(self, agency: str, *, keep: bool = True) -> R:
        """The projection's result for ``agency`` as of the store's head (see :meth:`state`)."""
        return self.projection.result(self.state(agency, keep=keep)[0])

    # -- the whole log --------------------------------------------------------------------------------

    def position(self) -> int:
        """The last position the follower has saved (0 when it has not run, or the version changed)."""
        saved = self.store.load_checkpoint(self.projection.key)
        return 0 if saved is None else saved[0]

    def catch_up(self) -> int:
        """Fold every event after :meth:`position` into the kept states; return how many were folded."""
        return self._run(self._read(after=self.position()), fresh=False)

    def rebuild(self) -> int:
        """Fold the whole log again from nothing, replacing every kept state; return the events folded."""
        return self._run(self._read(), fresh=True)

    def follow(self, *, wait: float | None = None, idle: float = 0.5) -> Iterator[int]:
        """Keep the states current as events are committed; yield the position after each save.

        What the store holds already is folded first as :meth:`catch_up` folds it (a page at a time), then
        each event as it is committed.

        Args:
            wait: end after this many seconds with no new event; ``None`` follows forever.
            idle: save once the subscription has been quiet for this many seconds.
        """
        if self.catch_up():  # what is stored already: read a page at a time, not as a subscription
            yield self.position()
        quiet_since = time.monotonic()
        while True:
            events = self.store.subscribe(after=self.position(), wait=idle)
            folded = self._run(((stored.position, stored.event) for stored in events), fresh=False)
            if folded:
                quiet_since = time.monotonic()
                yield self.position()
            elif wait is not None and time.monotonic() - quiet_since >= wait:
                return

    def _read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        """The store's events after ``after`` (of ``agency``, up to ``until``) with their positions: wire
        records where the projection takes them."""
        records = self.projection.records
        return read_positioned(self.store, records=records, agency=agency, after=after, until=until)

    def _run(self, events: Iterable[tuple[int, Any]], *, fresh: bool) -> int:
        share = _Share(self, fresh=fresh)
        for position, event in events:
            share.take(position, event)
        return share.finish()

    def _save(self, kept: dict[str, _Kept[S]], dirty: set[str], last: int) -> None:
        # A changed state holds every event of its agency up to `last`: save it as of `last`.
        saves = {self._agency_key(a): (last, self.projection.save(kept[a].state)) for a in sorted(dirty)}
        saves[self.projection.key] = (last, b"{}")
        self.store.save_checkpoints(saves)
        dirty.clear()


_KEPT_AGENCIES = 10_000
"""The most agencies' states a runner holds while it reads the log: past it, it saves them and lets them go
(each is loaded again from its checkpoint at its agency's next event)."""


class _Share(Generic[S]):
    """One runner's part of a reading of the log: the agencies' states it has loaded and changed, how many
    events it folded, and the last position read."""

    def __init__(self, runner: ProjectionRunner[S, Any], *, fresh: bool) -> None:
        self.runner = runner
        self.fresh = fresh
        self.kept: dict[str, _Kept[S]] = {}
        self.dirty: set[str] = set()
        self.folded = self.last = 0
        self.next_save = runner.every
        self.saved: set[str] = set()
        """In a rebuild, the agencies whose states this reading has saved: an agency's state let go is
        loaded again from its checkpoint only if it is one of them (any other checkpoint is the one the
        rebuild replaces)."""

    def take(self, position: int, event: Any) -> None:
        """Fold the event (or wire record) at ``position`` into its agency's state, unless the state
        already holds it; save as :attr:`ProjectionRunner.every` says."""
        runner, kept = self.runner, self.kept
        agency = event.agency
        entry = kept.get(agency)
        if entry is None:
            fresh = self.fresh and agency not in self.saved
            entry = _Kept(runner.projection.initial(), 0) if fresh else runner._load(agency)
            kept[agency] = entry
        self.last = position
        if position <= entry.position:
            return  # already in the kept state (a reader refreshed this agency meanwhile)
        entry.state = runner.projection.evolve(entry.state, event)
        entry.position = position
        self.dirty.add(agency)
        self.folded += 1
        due = self.folded >= self.next_save
        if due or len(kept) > _KEPT_AGENCIES:
            if self.fresh:
                self.saved.update(self.dirty)
            runner._save(kept, self.dirty, self.last)
            if due:
                # A save writes every state changed since the last: at even intervals a long backlog (a
                # rebuild) would write each growing state again and again (a third of a rebuild's time at
                # 300,000 events)
                self.next_save = self.folded + min(self.folded, 16 * runner.every)
            if len(kept) > _KEPT_AGENCIES:
                kept.clear()

    def finish(self) -> int:
        """Save what is left to save; the number of events folded."""
        if self.last:
            self.runner._save(self.kept, self.dirty, self.last)
        return self.folded


def run_together(runners: Sequence[ProjectionRunner[Any, Any]], *, rebuild: bool = False) -> list[int]:
    """Catch several runners of one store up (:meth:`ProjectionRunner.catch_up`), or rebuild each
    (:meth:`ProjectionRunner.rebuild`), in one reading of the store instead of one each.

    The reading starts after the earliest position among them; a runner skips, agency by agency, the events
    its kept states already hold, and saves as it would on its own. Returns how many events each folded,
    in the order given.

    Raises:
        ValueError: the runners do not all keep their projections in the same store.
    """
    if not runners:
        return []
    store = runners[0].store
    if any(runner.store is not store for runner in runners):
        raise ValueError("run_together reads one store: every runner must keep its projection in it")
    after = 0 if rebuild else min(runner.position() for runner in runners)
    shares = [_Share(runner, fresh=rebuild) for runner in runners]
    records = all(runner.projection.records for runner in runners)  # else events for every one
    for position, event in read_positioned(store, records=records, after=after):
        for share in shares:
            share.take(position, event)
    return [share.finish() for share in shares]


# ---------------------------------------------------------------------------------------------------------
# The projections opengov keeps: the period fold and the ledger.


def _release(state_format: str) -> int:
    """A number that changes with opengov's release and with the projection's saved-state format, so kept
    states of an older fold are rebuilt, also when the format changes between two releases."""
    from opengov import __version__

    return zlib.crc32(f"{__version__} {state_format}".encode())


def facts_projection(period: Period) -> Projection[FoldState, dict[str, AgencyFacts]]:
    """The period fold as a kept projection: an agency's facts for ``period`` (the official calendar).

    Its result maps the agency to its facts (empty before the agency's first event). Working calendar
    declarations count from the agency's own stream.
    """
    fold = PeriodFold(period)
    return Projection(
        name=f"facts-{period.start.isoformat()}-{period.end.isoformat()}",
        version=_release(_fold._STATE_FORMAT),
        initial=fold.initial,
        evolve=fold.evolve,
        result=fold.facts,
        save=fold.save,
        load=fold.load,
        records=True,
    )


@attrs.define
class KeptLedger:
    """The ledger's kept state: the open applications of every day seen so far.

    Attributes:
        state: the :class:`~opengov.ledger.LedgerFold` state over every event.
        latest: the latest day of any event folded in; the ledger of a day before it cannot be read from
            this state (an event after the day would be counted), so fold the stream instead.
    """

    state: LedgerState = attrs.field(factory=LedgerState)
    latest: _dt.date | None = None

    def ledger_on(self, fold: LedgerFold) -> Ledger | None:
        """The ledger of ``fold.as_of``, or ``None`` when an event after that day has been folded in."""
        if self.latest is not None and self.latest > fold.as_of:
            return None
        return fold.result(self.state)


_ALL_DAYS = LedgerFold(as_of=_dt.date.max)


def _ledger_evolve(kept: KeptLedger, event: Event) -> KeptLedger:
    kept.state = _ALL_DAYS.evolve(kept.state, event)
    if kept.latest is None or event.day > kept.latest:
        kept.latest = event.day
    return kept


def _ledger_save(kept: KeptLedger) -> bytes:
    # The fold's state is what replaying these events gives: each unsettled application's events and the
    # calendar declarations, in order, and the settled applications' keys. Saving the events keeps the
    # saved form the wire form, and needs nothing of the ledger's internals.
    events: list[Event] = [*kept.state.declarations.declared]
    for app in kept.state.applications.unsettled.values():
        events.extend(_as_events(app.events))  # wire records where the runner read records
    latest = kept.latest.isoformat() if kept.latest else None
    settled = sorted(kept.state.applications.settled)
    document = {"format": _LEDGER_FORMAT, "latest": latest, "events": [encode(e) for e in events]}
    return orjson.dumps({**document, "settled": settled})


def _ledger_load(data: bytes) -> KeptLedger:
    try:
        document = orjson.loads(data)
        if not isinstance(document, dict) or document.get("format") != _LEDGER_FORMAT:
            raise ValueError(f"not a kept ledger state of format {_LEDGER_FORMAT!r}")
        state = _ALL_DAYS.fold(decode(item) for item in document["events"])
        state.applications.mark_settled((agency, app) for agency, app in document.get("settled", ()))
        latest = document["latest"]
        return KeptLedger(state, _dt.date.fromisoformat(latest) if latest else None)
    except (orjson.JSONDecodeError, KeyError, TypeError, EventValidationError) as exc:
        raise ValueError(f"not a kept ledger state: {exc}") from None


_LEDGER_FORMAT = "opengov.ledger/1"


def ledger_projection() -> Projection[KeptLedger, KeptLedger]:
    """The ledger as a kept projection: an agency's open applications, read on any day since its last event.

    The result is the :class:`KeptLedger`; ``kept.ledger_on(LedgerFold(as_of=day, ...))`` gives the ledger
    of a day (``None`` when the log holds events after that day).
    """
    return Projection(
        name="ledger",
        version=_release(_LEDGER_FORMAT),
        initial=KeptLedger,
        evolve=_ledger_evolve,
        result=lambda kept: kept,
        save=_ledger_save,
        load=_ledger_load,
        records=True,
    )


def _outline_save(outline: ReportOutline) -> bytes:
    return orjson.dumps(
        {
            "format": _OUTLINE_FORMAT,
            "years": sorted(outline.years),
            "sections": {str(year): sections for year, sections in outline.sections.items()},
            "last": {str(year): day.isoformat() for year, day in outline.last_narrative.items()},
        }
    )


def _outline_load(data: bytes) -> ReportOutline:
    try:
        document = orjson.loads(data)
        if not isinstance(document, dict) or document.get("format") != _OUTLINE_FORMAT:
            raise ValueError(f"not a kept report outline of format {_OUTLINE_FORMAT!r}")
        return ReportOutline(
            {int(year) for year in document["years"]},
            {int(year): [str(s) for s in sections] for year, sections in document["sections"].items()},
            {int(year): _dt.date.fromisoformat(day) for year, day in document["last"].items()},
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a kept report outline: {exc}") from None


_OUTLINE_FORMAT = "opengov.report-outline/1"


def outline_projection() -> Projection[ReportOutline, ReportOutline]:
    """What an annual report reads from the log besides its tables (:class:`~opengov.report.ReportOutline`:
    the years the log holds, the narrative sections' order, the latest narrative's day), kept per agency
    so that a report from a store folds only the tail."""
    return Projection(
        name="report-outline",
        version=_release(_OUTLINE_FORMAT),
        initial=ReportOutline,
        evolve=ReportOutline.evolve,
        result=lambda outline: outline,
        save=_outline_save,
        load=_outline_load,
        records=True,
    )
