"""An application's lifecycle, the one piece every projection of applications shares.

The period fold (:mod:`opengov.fold`) counts an application into the period of its receipt and conclusion;
the ledger (:mod:`opengov.ledger`) lists the ones still open on a day. Both need the same answers, given
here once:

- which events belong to an application (:data:`APPLICATION_EVENTS`): its receipt, correction notice and
  corrected application, consultations, extension, fee notice and payment, withdrawal and conclusion;
- what one application's state is after each of them (:class:`Application`, changed only by
  :meth:`Applications.evolve`): a repeated receipt or conclusion is refused with a message, never counted;
- the commonest application, a receipt and then its answer, is held as its receipt alone until the answer
  settles it, and its answer is timed on the calendar table without an event list
  (:meth:`Application.timing`): the fold and the ledger share this fast path, and
  ``tests/test_lifecycle_paths.py`` checks it gives what the general path gives;
- when an application is *settled* — both its receipt and its conclusion (or withdrawal) read, in either
  log order — and what is kept of it then: :class:`Applications` forgets its events and keeps only its id,
  so memory is bounded by the applications not yet settled, and an event of a settled application logged
  later is refused with a message instead of starting a second application;
- the working calendar declarations a log carries (:class:`Declarations`), added to the caller's calendar.

Events may be :mod:`opengov.events` classes or the fast wire records of :mod:`opengov.wire`: only the
fields both have (``TAG``, ``id``, ``application_id``) are read.

>>> import datetime as dt
>>> import attrs
>>> from opengov.events import (ApplicantKind, ApplicationChannel, ApplicationConcluded,
...     ApplicationReceived, Disposition)
>>> received = ApplicationReceived(id="r1", agency="a1", at=dt.date(2024, 3, 1), application_id="A1",
...     channel=ApplicationChannel.ONLINE, applicant=ApplicantKind.NATURAL_PERSON)
>>> answered = ApplicationConcluded(id="c1", agency="a1", at=dt.date(2024, 3, 8), application_id="A1",
...     disposition=Disposition.DISCLOSED)
>>> book = Applications()
>>> book.evolve("A1", received) is None          # received: open, nothing settled yet
True
>>> settled = book.evolve("A1", answered)        # concluded: settled, handed back once, then forgotten
>>> [e.id for e in settled.events], book.unsettled, set(book.settled)
(['r1', 'c1'], {}, {'A1'})
>>> book.evolve("A1", attrs.evolve(received, id="r2"))   # logged again later: refused, not counted
"application 'A1' received a second time, after its conclusion; ignored"

.. versionadded:: 0.1
"""

from __future__ import annotations

__all__ = [
    "APPLICATION_EVENTS",
    "APPLICATION_TAGS",
    "Application",
    "Applications",
    "Declarations",
]

from collections.abc import Hashable, Iterable, KeysView, Sequence
from typing import Any

from opengov import events as ev
from opengov._timing import AnswerTiming, answer_timing, receipt_answer
from opengov.calendar import Calendar, WorkingCalendar
from opengov.deadlines import DeadlinePolicy
from opengov.events import Event

APPLICATION_EVENTS = (
    ev.ApplicationReceived,
    ev.CorrectionRequested,
    ev.CorrectionReceived,
    ev.ConsultationStarted,
    ev.ConsultationEnded,
    ev.DeadlineExtended,
    ev.FeeNoticeIssued,
    ev.FeePaid,
    ev.ApplicationWithdrawn,
    ev.ApplicationConcluded,
)
"""The event classes of an application's handling: what :func:`opengov.deadlines.assess` reads."""

APPLICATION_TAGS: frozenset[str] = frozenset(kind.TAG for kind in APPLICATION_EVENTS)
"""The ``TAG`` of every class in :data:`APPLICATION_EVENTS`."""

_RECEIVED = ev.ApplicationReceived.TAG
_ENDINGS = frozenset((ev.ApplicationConcluded.TAG, ev.ApplicationWithdrawn.TAG))


class Application:
    """One application's lifecycle so far.

    Attributes:
        receipt: its ``ApplicationReceived`` (the first one read), or ``None`` until it is read.
        conclusion: its ``ApplicationConcluded`` or ``ApplicationWithdrawn`` (the first one read), or
            ``None``.

    It is changed only by :class:`Applications`. The commonest application is a receipt and its answer
    and nothing else: for it no list of events is kept (only the two), and :meth:`timing` times the answer
    directly on the calendar table.
    """

    __slots__ = ("_steps", "conclusion", "receipt")

    def __init__(self, receipt: Any = None, conclusion: Any = None) -> None:
        self.receipt: Any = receipt
        self.conclusion: Any = conclusion
        self._steps: list[Any] | None = None
        """Every event read but the first receipt, in log order (the conclusion too, where it was read);
        ``None`` while there is none but the conclusion."""

    @classmethod
    def restored(cls, receipt: Event | None, conclusion: Event | None, events: list[Event]) -> Application:
        """The application whose first receipt, first conclusion and :attr:`events` are those given (a
        saved state read back)."""
        application = cls(receipt, conclusion)
        if events != [e for e in (receipt, conclusion) if e is not None]:
            application._steps = events[1:] if receipt is not None else list(events)
        return application

    @property
    def events(self) -> list[Event]:
        """Its events in log order, the receipt first once read — what :func:`~opengov.deadlines.assess`
        reads. A receipt read again while the application is open is among them (the assessment reports
        it); a second conclusion is not."""
        steps = self._steps
        if steps is None:
            return [e for e in (self.receipt, self.conclusion) if e is not None]
        return [self.receipt, *steps] if self.receipt is not None else list(steps)

    @property
    def open(self) -> bool:
        """Whether it has been received and not concluded or withdrawn."""
        return self.receipt is not None and self.conclusion is None

    @property
    def settled(self) -> bool:
        """Whether both its receipt and its conclusion (or withdrawal) have been read."""
        return self.receipt is not None and self.conclusion is not None

    def timing(self, calendar: WorkingCalendar, policy: DeadlinePolicy) -> AnswerTiming | None:
        """How the answer of this settled application stood against its deadline, on the calendar's
        table — what :func:`~opengov.deadlines.assess` says of it — or ``None`` where ``assess`` must
        answer (a day outside the table). A receipt and its answer alone are timed without an event list.
        """
        if self._steps is None:
            return receipt_answer(self.receipt, self.conclusion, calendar, policy)
        return answer_timing(self.events, calendar, policy)

    def _add(self, event: Any) -> None:
        steps = self._steps
        if steps is not None:
            steps.append(event)
        else:
            conclusion = self.conclusion
            self._steps = [event] if conclusion is None else [conclusion, event]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Application):
            return NotImplemented
        return (self.receipt, self.conclusion, self.events) == (other.receipt, other.conclusion, other.events)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Application(receipt={self.receipt!r}, conclusion={self.conclusion!r}, events={self.events!r})"
        )


class Applications:
    """The applications of a log by key: those not yet settled, and the keys of the settled ones.

    The key is the caller's: the application id within one agency, or ``(agency, application id)`` across
    agencies. :meth:`evolve` (or, by the event's kind, :meth:`receive`, :meth:`conclude` and :meth:`step`)
    advances them.

    An application of which only the receipt has been read — the commonest state by far — is held as that
    receipt alone, with no :class:`Application` around it; :attr:`unsettled` shows it as one.
    """

    __slots__ = ("_open", "_settled")

    def __init__(
        self, unsettled: dict[Any, Application] | None = None, settled: Iterable[Any] | None = None
    ) -> None:
        self._open: dict[Any, Any] = {}
        """Every unsettled application by key: its receipt while nothing else is read, else an
        :class:`Application`."""
        for key, application in (unsettled or {}).items():
            bare = application._steps is None and application.conclusion is None
            self._open[key] = application.receipt if bare and application.receipt is not None else application
        self._settled: dict[Any, None] = dict.fromkeys(settled or ())
        """The settled keys, as a dict's: a dict of texts (or tuples of them) and ``None`` is left alone by
        the cycle collector once it has seen it, a set is walked again at every collection of its
        generation (0.02 s of the collector's time at 1,000,000 events, ``docs/performance.md``)."""

    @property
    def settled(self) -> KeysView[Any]:
        """The keys of the settled applications (received and concluded): their events are gone."""
        return self._settled.keys()

    def mark_settled(self, keys: Iterable[Any]) -> None:
        """Hold the applications ``keys`` as settled (a saved state read back): every later event of one
        is refused."""
        self._settled.update(dict.fromkeys(keys))

    @property
    def unsettled(self) -> dict[Any, Application]:
        """Every application with an event read and not yet settled, by key (as it stands: the dict is
        made afresh)."""
        return {
            key: held if type(held) is Application else Application(held) for key, held in self._open.items()
        }

    def __len__(self) -> int:
        """The number of applications not yet settled: what the memory held grows with."""
        return len(self._open)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Applications):
            return NotImplemented
        return (self.unsettled, self.settled) == (other.unsettled, other.settled)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Applications(unsettled={self.unsettled!r}, settled={set(self.settled)!r})"

    def evolve(self, key: Hashable, event: Any) -> Application | str | None:
        """Read one event of the application ``key``: the one way an application's state changes.

        The first receipt and the first conclusion (or withdrawal) count. A receipt read again while the
        application is open is refused but kept among its events (the assessment reports it); a second
        conclusion is refused and left out; every event of a settled application is refused.

        Returns:
            the :class:`Application` when this event settles it — handed back once, for the caller to
            count, and forgotten but for its key; a message naming the application when the event is
            refused; else ``None``.
        """
        tag = event.TAG
        if tag == _RECEIVED:
            return self.receive(key, event)
        if tag in _ENDINGS:
            return self.conclude(key, event)
        return self.step(key, event)

    def receive(self, key: Hashable, event: Any) -> Application | str | None:
        """:meth:`evolve` for an ``ApplicationReceived``."""
        held = self._open.get(key)
        if held is None:
            if key in self._settled:
                return _after_settlement(event)
            self._open[key] = event
            return None
        if type(held) is not Application:
            held = self._open[key] = Application(held)
        if held.receipt is not None:
            held._add(event)
            return f"application {event.application_id!r} received a second time; ignored"
        held.receipt = event
        if held.conclusion is None:
            return None
        del self._open[key]
        self._settled[key] = None
        return held

    def conclude(self, key: Hashable, event: Any) -> Application | str | None:
        """:meth:`evolve` for an ``ApplicationConcluded`` or ``ApplicationWithdrawn``."""
        held = self._open.get(key)
        if held is None:
            if key in self._settled:
                return _after_settlement(event)
            self._open[key] = Application(None, event)
            return None
        if type(held) is not Application:  # its receipt and nothing else: settled now
            del self._open[key]
            self._settled[key] = None
            return Application(held, event)
        if held.conclusion is not None:
            return f"application {event.application_id!r} concluded a second time; the first stands"
        held.conclusion = event
        steps = held._steps
        if steps is not None:
            steps.append(event)
        if held.receipt is None:
            return None
        del self._open[key]
        self._settled[key] = None
        return held

    def step(self, key: Hashable, event: Any) -> str | None:
        """:meth:`evolve` for any other event of :data:`APPLICATION_EVENTS` (a step of its handling)."""
        held = self._open.get(key)
        if held is None:
            if key in self._settled:
                return _after_settlement(event)
            held = self._open[key] = Application()
        elif type(held) is not Application:
            held = self._open[key] = Application(held)
        held._add(event)
        return None


def _as_events(events: Sequence[Any]) -> list[Event]:
    """Attrs events for what needs them (the deadline assessment, saved states, a calendar declaration):
    wire records are built, events kept as they are."""
    if all(isinstance(e, Event) for e in events):
        return list(events)
    from opengov.wire import to_event

    return [to_event(e) for e in events]


def _after_settlement(event: Any) -> str:
    tag, application_id = event.TAG, event.application_id
    if tag == _RECEIVED:
        return f"application {application_id!r} received a second time, after its conclusion; ignored"
    if tag in _ENDINGS:
        return f"application {application_id!r} concluded a second time; the first stands"
    return f"{tag} for application {application_id!r} logged after it was received and concluded; ignored"


class Declarations:
    """The working calendar declarations read from a log, added to a calendar when one is asked for.

    A declaration states which days of a year are working days, which does not depend on when it was
    recorded, so every one read counts whatever its date. The calendar made from a base calendar is
    kept until the next declaration is read.

    Attributes:
        declared: the ``WorkingCalendarDeclared`` events, in the order read.

    Two are equal when they hold the same declarations in the same order.
    """

    __slots__ = ("_made", "declared")

    def __init__(self, declared: list[ev.WorkingCalendarDeclared] | None = None) -> None:
        self.declared: list[ev.WorkingCalendarDeclared] = [] if declared is None else declared
        self._made: tuple[Calendar, Calendar] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Declarations):
            return NotImplemented
        return self.declared == other.declared

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Declarations(declared={self.declared!r})"

    def add(self, declaration: ev.WorkingCalendarDeclared) -> None:
        """Read one declaration."""
        self.declared.append(declaration)
        self._made = None

    def applied(self, base: Calendar) -> Calendar:
        """``base`` with every declaration read added (an estimating calendar stays estimating)."""
        made = self._made
        if made is not None and made[0] is base:
            return made[1]
        calendar = base
        for declaration in self.declared:
            calendar = calendar.with_declaration(declaration)
        self._made = (base, calendar)
        return calendar
