"""The deadline ledger: every application still open on a given day, most urgent first.

An agency's disclosure office asks one question every morning: which applications are still open, when is
each one due, and which are already late? :func:`build_ledger` answers it as of a day ``as_of``: the
applications received on or before ``as_of`` and not concluded or withdrawn by then, each with its
deadline from :func:`~opengov.deadlines.assess`, the working days left, what it waits on and the
assessment's findings.

It is a pure projection — :class:`LedgerFold` has ``initial``, ``evolve`` and ``result`` — with no clock:
``as_of`` is an argument, and events dated after it are ignored, so the ledger of a past day is what the
office saw that evening. Memory is bounded by the open applications: an application is forgotten as soon as
both its receipt and its conclusion (on or before ``as_of``) have been read, but for its id, so that a
receipt logged again later does not reopen it. Which events belong to an application and when it is settled
is :mod:`opengov.lifecycle`'s, shared with the period fold.

Most urgent first means: overdue applications, most working days late first; then the others by fewest
working days left; then the applications waiting for a fee payment (their clock is stopped), by the same
rule; last the applications waiting for correction (补正), soonest lapsing notice first. Ties go by
deadline, receipt date, agency and application id, so the order is total.

An application waiting for correction has no due date and no working days left: the corrected application
restarts the clock in full (2019 art. 30), so no date computed before it arrives can become the real due
date. It shows the day the correction notice lapses instead (:attr:`OpenApplication.correction_lapses`).

>>> import datetime as dt
>>> from opengov.events import ApplicantKind, ApplicationChannel, ApplicationReceived
>>> received = ApplicationReceived(id="e1", agency="a1", at=dt.date(2024, 3, 1), application_id="A1",
...     channel=ApplicationChannel.ONLINE, applicant=ApplicantKind.NATURAL_PERSON)
>>> book = build_ledger([received], as_of=dt.date(2024, 3, 25))
>>> [(a.application_id, a.due_date.isoformat(), a.working_days_left, a.status.value) for a in book.open]
[('A1', '2024-03-29', 4, 'open')]
"""

from __future__ import annotations

__all__ = [
    "Ledger",
    "LedgerFold",
    "LedgerState",
    "OpenApplication",
    "WaitingOn",
    "build_ledger",
]

import datetime as _dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast

import attrs

from opengov import events as ev
from opengov._deprecation import callable_module, renamed
from opengov.calendar import Calendar, WorkingCalendar
from opengov.corrections import corrected_log
from opengov.deadlines import DeadlineFinding, DeadlinePolicy, Status, WaitingOn, assess
from opengov.errors import CalendarDataMissingError
from opengov.events import Event
from opengov.lifecycle import APPLICATION_TAGS, Applications, Declarations, _as_events


@attrs.frozen(kw_only=True)
class OpenApplication:
    """One application open on the ledger's day, with where it stands against its deadline.

    Attributes:
        agency: the agency whose application it is.
        application_id: the application.
        receipt: the receipt date (收到申请之日).
        regulation: ``"2008"`` or ``"2019"``, by receipt date.
        due_date: the last day to answer without extension (provisional while the clock is stopped: see
            :class:`~opengov.deadlines.Assessment`); ``None`` while waiting for correction.
        extended_due_date: the last day to answer with the valid extension, or ``None`` (always while
            waiting for correction).
        working_days_left: the working days after the ledger's day up to and including the deadline
            (:attr:`deadline`): 0 when it is due that day, negative when overdue (the working days since the
            deadline, negated). On a day off just after the deadline an overdue application shows 0: no
            working day has passed since; its status still says overdue. ``None`` while waiting for
            correction.
        status: ``open``, ``overdue`` or ``waiting_on_applicant``.
        waiting_on: every request still unanswered, in :class:`WaitingOn` order — a correction notice or fee
            notice (the applicant's turn) or a consultation (a third party's). A notice sent after the
            deadline is listed here although it does not stop the clock (the findings say so).
        findings: the assessment's findings: late or invalid steps so far.
        correction_lapses: while waiting for correction: the last day of the correction window
            (:attr:`DeadlinePolicy.correction_window <opengov.deadlines.DeadlinePolicy.correction_window>`
            working days after the latest correction notice); not corrected by then, the application may be
            closed as abandoned. ``None`` otherwise.
        estimated_fields: the names of the fields computed from a year without official calendar data (an
            :class:`~opengov.calendar.EstimatingCalendar`'s guess), in this order: ``"due_date"``,
            ``"extended_due_date"``, ``"working_days_left"``, ``"correction_lapses"``. A date counted from
            a day to a day is estimated when a year from the one to the other is.
    """

    agency: str
    application_id: str
    receipt: _dt.date
    regulation: Literal["2008", "2019"]
    due_date: _dt.date | None
    extended_due_date: _dt.date | None
    working_days_left: int | None
    status: Status
    waiting_on: tuple[WaitingOn, ...] = ()
    findings: tuple[DeadlineFinding, ...] = ()
    correction_lapses: _dt.date | None = None
    estimated_fields: tuple[str, ...] = ()

    @property
    def deadline(self) -> _dt.date | None:
        """The deadline that counts: the extended due date if there is one, else the due date (``None``
        while waiting for correction)."""
        return self.extended_due_date or self.due_date

    @property
    def estimated(self) -> bool:
        """Whether any field was computed from an estimated calendar year (see :attr:`estimated_fields`)."""
        return bool(self.estimated_fields)

    @property
    def waiting_for_correction(self) -> bool:
        """Whether the application waits for the corrected application after a correction notice that
        stopped the clock: it has no deadline until it arrives."""
        return self.correction_lapses is not None

    @property
    def overdue(self) -> bool:
        """Whether the application is past its deadline."""
        return self.status is Status.OVERDUE

    @property
    def waiting_on_applicant(self) -> bool:
        """Whether a correction or a fee payment is outstanding (the clock is stopped)."""
        return self.status is Status.WAITING_ON_APPLICANT


def _urgency(item: OpenApplication) -> tuple[int, int, _dt.date, _dt.date, str, str]:
    if item.correction_lapses is not None:
        return (3, 0, item.correction_lapses, item.receipt, item.agency, item.application_id)
    assert item.working_days_left is not None
    assert item.deadline is not None
    group = 0 if item.overdue else 2 if item.waiting_on_applicant else 1
    return (
        group,
        item.working_days_left,
        item.deadline,
        item.receipt,
        item.agency,
        item.application_id,
    )


@attrs.frozen(kw_only=True)
class Ledger:
    """The applications open on a day, most urgent first.

    Attributes:
        as_of: the day the ledger is for; events after it were ignored.
        agency: the agency it covers, or ``None`` for every agency in the log.
        open: every open application, most urgent first (see the module's ordering).
    """

    as_of: _dt.date
    agency: str | None
    open: tuple[OpenApplication, ...] = ()

    @property
    def overdue(self) -> tuple[OpenApplication, ...]:
        """The open applications past their deadline, most working days late first."""
        return tuple(a for a in self.open if a.overdue)

    @property
    def waiting_on_applicant(self) -> tuple[OpenApplication, ...]:
        """The open applications waiting for a correction or a fee payment."""
        return tuple(a for a in self.open if a.waiting_on_applicant)

    def summary(self) -> str:
        """One line: how many are open, overdue and waiting on the applicant.

        >>> import datetime as dt
        >>> Ledger(as_of=dt.date(2025, 12, 31), agency=None).summary()
        '0 open, 0 overdue, 0 waiting on the applicant'
        """
        return (
            f"{len(self.open)} open, {len(self.overdue)} overdue, "
            f"{len(self.waiting_on_applicant)} waiting on the applicant"
        )


_CALENDAR_DECLARED = ev.WorkingCalendarDeclared.TAG


@attrs.define
class LedgerState:
    """The state of a :class:`LedgerFold`: the applications not yet settled, keyed by
    ``(agency, application id)``, the keys of the settled ones, and the calendar declarations read.

    Treat it as opaque; it is created by :meth:`LedgerFold.initial` and advanced by
    :meth:`LedgerFold.evolve`.
    """

    applications: Applications = attrs.field(factory=Applications)
    declarations: Declarations = attrs.field(factory=Declarations)


class LedgerFold:
    """The projection of events into the ledger of one day.

    ``fold(a + b)`` equals ``evolve``-ing ``fold(a)`` with ``b``: a saved state can be carried forward
    with more events, as long as ``as_of`` and ``agency`` stay the same.

    Args:
        as_of: the ledger's day; events dated after it are ignored.
        agency: only this agency's applications; ``None`` for every agency.
        calendar: the working-day calendar (default: :meth:`~opengov.calendar.WorkingCalendar.default`);
            an :class:`~opengov.calendar.EstimatingCalendar` marks entries that needed a guessed year.
            ``WorkingCalendarDeclared`` events in the log are added to it whatever their date: they state
            which days are working days, which does not depend on when it was recorded.
        policy: the deadline choices where the law is silent (see :mod:`opengov.deadlines`).
    """

    def __init__(
        self,
        *,
        as_of: _dt.date,
        agency: str | None = None,
        calendar: Calendar | None = None,
        policy: DeadlinePolicy | None = None,
    ) -> None:
        if isinstance(as_of, _dt.datetime) or not isinstance(as_of, _dt.date):
            raise TypeError(f"as_of must be a date, got {as_of!r}")
        self.as_of = as_of
        self.agency = agency
        self.calendar: Calendar = calendar if calendar is not None else WorkingCalendar.default()
        self.policy = policy if policy is not None else DeadlinePolicy()

    def initial(self) -> LedgerState:
        """The empty state: no application seen."""
        return LedgerState()

    def evolve(self, state: LedgerState, event: Event) -> LedgerState:
        """Read one event into ``state`` and return it: an attrs event or a wire record
        (:func:`opengov.sources.read_records`): its ``TAG`` and fields are read, never its class."""
        tag = event.TAG
        if tag == _CALENDAR_DECLARED:
            state.declarations.add(cast(ev.WorkingCalendarDeclared, _as_events([event])[0]))
            return state
        if tag not in APPLICATION_TAGS or event.day > self.as_of:
            return state
        record: Any = event  # an application's event: it has an application id
        if self.agency is not None and event.agency != self.agency:
            return state
        # A refused event (a repeat, or one of a settled application) is left out; the assessment of an
        # open application reports what is wrong with its own events.
        state.applications.evolve((record.agency, record.application_id), record)
        return state

    def fold(self, events: Iterable[Event], state: LedgerState | None = None) -> LedgerState:
        """Read every event, from ``state`` (default: :meth:`initial`)."""
        return functools.reduce(self.evolve, events, state if state is not None else self.initial())

    def result(self, state: LedgerState) -> Ledger:
        """The ledger as the state stands.

        Raises:
            CalendarDataMissingError: a deadline runs into a year the calendar lacks.
        """
        calendar = state.declarations.applied(self.calendar)
        entries = [
            self._entry(agency, _as_events(app.events), calendar)
            for (agency, _), app in state.applications.unsettled.items()
            if app.open
        ]
        return Ledger(as_of=self.as_of, agency=self.agency, open=tuple(sorted(entries, key=_urgency)))

    def _entry(self, agency: str, events: Sequence[Event], calendar: Calendar) -> OpenApplication:
        try:
            assessment = assess(events, calendar, policy=self.policy, as_of=self.as_of)
        except CalendarDataMissingError:
            # Waiting for correction, the provisional due dates are not shown: they need no calendar.
            if calendar.estimates:
                raise
            guessed = assess(events, calendar.estimating(), policy=self.policy, as_of=self.as_of)
            if guessed.correction_requested_on is None:
                raise
            assessment = guessed
        entry = OpenApplication(
            agency=agency,
            application_id=assessment.application_id,
            receipt=assessment.receipt,
            regulation=assessment.regulation,
            due_date=None,
            extended_due_date=None,
            working_days_left=None,
            status=assessment.status,
            waiting_on=assessment.waiting_on,
            findings=assessment.findings,
        )
        notice = assessment.correction_requested_on
        if notice is not None:
            lapse = self.policy.correction_lapses(calendar, notice)
            lapses, guessed_lapse = lapse.value, lapse.estimated
            return attrs.evolve(
                entry,
                correction_lapses=lapses,
                estimated_fields=("correction_lapses",) if guessed_lapse else (),
            )
        due, extended = assessment.due_date, assessment.extended_due_date
        left, guessed_left = _between(calendar, self.as_of, extended or due)
        start = assessment.effective_start
        guesses = {
            "due_date": _guessed(calendar, start, due),
            "extended_due_date": extended is not None and _guessed(calendar, start, extended),
            "working_days_left": guessed_left,
        }
        return attrs.evolve(
            entry,
            due_date=due,
            extended_due_date=extended,
            working_days_left=left,
            estimated_fields=tuple(name for name, guessed in guesses.items() if guessed),
        )


def _guessed(calendar: Calendar, start: _dt.date, end: _dt.date) -> bool:
    """Whether a count from ``start`` to ``end`` reads a year the calendar only estimates (what
    :class:`~opengov.calendar.Reckoned` says of the same count)."""
    first, last = sorted((start, end))
    return any(calendar.is_estimated(_dt.date(year, 1, 1)) for year in range(first.year, last.year + 1))


def _between(calendar: Calendar, start: _dt.date, end: _dt.date) -> tuple[int, bool]:
    reckoned = calendar.reckon_between(start, end)
    return reckoned.value, reckoned.estimated


def build_ledger(
    events: Iterable[Event],
    *,
    as_of: _dt.date,
    agency: str | None = None,
    calendar: Calendar | None = None,
    policy: DeadlinePolicy | None = None,
) -> Ledger:
    """The applications open at the end of ``as_of``, most urgent first.

    An application is open when its ``ApplicationReceived`` is dated on or before ``as_of`` and no
    ``ApplicationConcluded`` or ``ApplicationWithdrawn`` is. Events dated after ``as_of`` are ignored.

    Args:
        events: the log (events, or the wire records of :func:`opengov.sources.read_records`), in any
            order (an application's steps are read in date order); its corrections
            and retractions are applied first (:func:`~opengov.corrections.corrected_log`).
        as_of: the ledger's day (a Beijing date); there is no default, because the library reads no clock.
        agency: only this agency's applications; ``None`` for every agency in the log.
        calendar: the working-day calendar (see :class:`LedgerFold`).
        policy: the deadline choices where the law is silent.

    Raises:
        TypeError: ``as_of`` is not a date.
        CalendarDataMissingError: a deadline runs into a year the calendar lacks; supply the year, or
            pass ``WorkingCalendar.default().estimating()``.
    """
    projection = LedgerFold(as_of=as_of, agency=agency, calendar=calendar, policy=policy)
    return projection.result(projection.fold(corrected_log(events)))


callable_module(__name__, "build_ledger")  # opengov.ledger(...) as before, with a DeprecationWarning
_renamed = renamed(__name__, {"ledger": "build_ledger"})


def __getattr__(name: str) -> object:
    """``ledger``, the old name of :func:`build_ledger` (deprecated, removed in the next release)."""
    return _renamed(name)
