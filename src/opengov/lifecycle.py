"""An application's lifecycle, the one piece every projection of applications shares.

The period fold (:mod:`opengov.fold`) counts an application into the period of its receipt and conclusion;
the ledger (:mod:`opengov.ledger`) lists the ones still open on a day. Both need the same answers, given
here once:

- which events belong to an application (:data:`APPLICATION_EVENTS`): its receipt, correction notice and
  corrected application, consultations, extension, fee notice and payment, withdrawal and conclusion;
- what one application's state is after each of them (:class:`Application`, changed only by
  :meth:`Applications.evolve`): a repeated receipt or conclusion is refused with a message, never counted;
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
>>> [e.id for e in settled.events], book.unsettled, book.settled
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

from collections.abc import Hashable
from typing import Any

import attrs

from opengov import events as ev
from opengov.calendar import Calendar
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


@attrs.define
class Application:
    """One application's lifecycle so far.

    Attributes:
        receipt: its ``ApplicationReceived`` (the first one read), or ``None`` until it is read.
        conclusion: its ``ApplicationConcluded`` or ``ApplicationWithdrawn`` (the first one read), or
            ``None``.
        events: its events in log order, the receipt first once read — what
            :func:`~opengov.deadlines.assess` reads. A receipt read again while the application is open is
            kept here too (the assessment reports it); a second conclusion is not.

    It is changed only by :meth:`Applications.evolve`.
    """

    receipt: Event | None = None
    conclusion: Event | None = None
    events: list[Event] = attrs.field(factory=list)

    @property
    def open(self) -> bool:
        """Whether it has been received and not concluded or withdrawn."""
        return self.receipt is not None and self.conclusion is None

    @property
    def settled(self) -> bool:
        """Whether both its receipt and its conclusion (or withdrawal) have been read."""
        return self.receipt is not None and self.conclusion is not None


@attrs.define
class Applications:
    """The applications of a log by key: those not yet settled, and the keys of the settled ones.

    The key is the caller's: the application id within one agency, or ``(agency, application id)`` across
    agencies. Treat the attributes as read-only; :meth:`evolve` advances them.

    Attributes:
        unsettled: every application with an event read and not yet settled, by key.
        settled: the keys of the settled applications (received and concluded): their events are gone.
    """

    unsettled: dict[Any, Application] = attrs.field(factory=dict)
    settled: set[Any] = attrs.field(factory=set)

    def __len__(self) -> int:
        """The number of applications not yet settled: what the memory held grows with."""
        return len(self.unsettled)

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
        application = self.unsettled.get(key)
        if application is None:
            if key in self.settled:
                return _after_settlement(event)
            application = self.unsettled[key] = Application()
        tag = event.TAG
        if tag == _RECEIVED:
            if application.receipt is not None:
                application.events.append(event)
                return f"application {event.application_id!r} received a second time; ignored"
            application.receipt = event
            application.events.insert(0, event)
            if application.conclusion is None:
                return None
        elif tag in _ENDINGS:
            if application.conclusion is not None:
                return f"application {event.application_id!r} concluded a second time; the first stands"
            application.conclusion = event
            application.events.append(event)
            if application.receipt is None:
                return None
        else:
            application.events.append(event)
            return None
        del self.unsettled[key]
        self.settled.add(key)
        return application


def _after_settlement(event: Any) -> str:
    tag, application_id = event.TAG, event.application_id
    if tag == _RECEIVED:
        return f"application {application_id!r} received a second time, after its conclusion; ignored"
    if tag in _ENDINGS:
        return f"application {application_id!r} concluded a second time; the first stands"
    return f"{tag} for application {application_id!r} logged after it was received and concluded; ignored"


@attrs.define
class Declarations:
    """The working calendar declarations read from a log, added to a calendar when one is asked for.

    A declaration states which days of a year are working days, which does not depend on when it was
    recorded, so every one read counts whatever its date. The calendar made from a base calendar is
    kept until the next declaration is read.

    Attributes:
        declared: the ``WorkingCalendarDeclared`` events, in the order read.
    """

    declared: list[ev.WorkingCalendarDeclared] = attrs.field(factory=list)
    _made: tuple[Calendar, Calendar] | None = attrs.field(default=None, init=False, eq=False, repr=False)

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
