"""The fold: an agency's events projected into the facts of a period.

A projection is a value: :meth:`PeriodFold.initial` gives an empty state, :meth:`PeriodFold.evolve`
takes a state and one event and returns the state, and :meth:`PeriodFold.facts` reads the period's facts
out of a state. No I/O, no clock: the period, the working-day calendar and the deadline policy are
arguments, and every date comes from an event. ``fold(a + b)`` equals ``evolve``-ing ``fold(a)`` with
``b``, which is what makes saved states (checkpoints) correct.

Semantics (documented in ``docs/tables.md``):

- A fact belongs to the period that holds its event's Beijing date (:attr:`~opengov.events.Event.day`).
- 本年新收: received in the period. 上年结转: received before the period and not concluded before it.
  结转下年度: received by the period's end and not concluded by it. Results: concluded in the period.
- Reconsiderations and lawsuits count in the period they are decided in, by outcome; a case filed by the
  period's end and not decided by it counts as pending (尚未审结).
- Staff, offices and followers are as at the period's end (the latest event on or before it).
- Documents in force and listed items are folded over all history.
- An answer in the period is judged on the working-day calendar (gov2008's 按时/延期办结); calendar
  declarations in the log add to the calendar as they are folded.

Memory is bounded by the open applications, open cases, documents, listed items, staff and offices, and
the distinct items and topics of the period — not by the number of events: a concluded application is
counted and dropped as soon as both its receipt and its conclusion are known, and only its id is kept, so
that a receipt or conclusion logged again later is reported as an anomaly instead of counted. Which events
belong to an application and when it is settled is :mod:`opengov.lifecycle`'s, shared with the ledger.
"""

from __future__ import annotations

__all__ = [
    "AgencyFacts",
    "Anomaly",
    "ApplicationTiming",
    "FoldState",
    "Period",
    "PeriodFold",
    "Timing",
    "extension_recorded",
    "fold_facts",
]

import datetime as _dt
import enum
import functools
import gc
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

import attrs
import orjson

from opengov import events as ev
from opengov.calendar import Calendar, WorkingCalendar
from opengov.corrections import corrected_log
from opengov.deadlines import DeadlinePolicy, assess
from opengov.events import ApplicantKind, CaseOutcome, Disposition, Event, LawsuitRoute
from opengov.lifecycle import Application, Applications, Declarations, _as_events


@attrs.frozen
class Period:
    """A statistics period: Beijing dates from ``start`` to ``end``, both included.

    >>> Period.year(2018)
    Period(start=datetime.date(2018, 1, 1), end=datetime.date(2018, 12, 31))
    """

    start: _dt.date
    end: _dt.date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        """The Beijing calendar year ``year`` (the default statistics period)."""
        return cls(_dt.date(year, 1, 1), _dt.date(year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.start <= day <= self.end

    @property
    def report_year(self) -> int:
        """The year a report of this period is for: the year of its end."""
        return self.end.year


@attrs.frozen
class Anomaly:
    """Something in the log the fold could not count as it stands (it is reported, never guessed)."""

    event_id: str
    message: str
    estimated: bool = False
    """True for an answer judged on a year without calendar data, guessed as weekends-only (opt-in)."""

    def __str__(self) -> str:
        return f"event {self.event_id!r}: {self.message}"


@attrs.frozen
class ApplicationTiming:
    """How an application's answer stood against its deadline, as the fold counts it.

    Attributes:
        extended: concluded after the original deadline was extended (gov2008 延期办结), or late.
        working_days: working days taken, where known (for timeliness statistics).
        late: answered after the (extended) deadline.
    """

    extended: bool
    working_days: int | None = None
    late: bool = False


class Timing(Protocol):
    """How an answer stood in time: what the fold needs of an assessment."""

    @property
    def extended(self) -> bool:
        """Concluded within an extension (or late): gov2008's 延期办结."""

    @property
    def late(self) -> bool:
        """Concluded after the (extended) due date."""

    @property
    def working_days(self) -> int | None:
        """Working days taken, where known."""


Assessor = Callable[[Sequence[Event]], Timing]
"""Given one application's events (receipt first, conclusion last), how its answer stood in time."""


def extension_recorded(events: Sequence[Event]) -> ApplicationTiming:
    """A calendar-free assessment: extended when a ``DeadlineExtended`` event is in the application's log.

    By default the fold judges answers on the working-day calendar (:func:`opengov.deadlines.assess`);
    pass this as ``assess=`` where no calendar data is wanted, e.g. for years nobody has supplied.
    """
    return ApplicationTiming(extended=any(isinstance(e, ev.DeadlineExtended) for e in events))


# ---------------------------------------------------------------------------------------------------------
# Facts: what a period's tables are filled from.


Handler = Callable[["FoldState", "_Agency", Any], None]


def _keeps_the_record(state: FoldState, agency: _Agency, event: Any) -> None:
    """Filings, the filed-period policy and corrections count nothing; corrections are applied to the
    log before it is folded (:func:`opengov.corrections.corrected_log`)."""


class _Handlers(dict[type, Handler]):
    """The handler of each event class; a wire record class (:mod:`opengov.wire`) gets its event's."""

    def __missing__(self, kind: type) -> Handler:
        handler = self[kind] = self[ev.EVENT_TYPES[kind.TAG]]  # type: ignore[attr-defined]
        return handler


_WITHDRAWN = Disposition.WITHDRAWN
_WITHDRAWN_TAG = ev.ApplicationWithdrawn.TAG

_CHANNEL_BITS = {channel: 1 << bit for bit, channel in enumerate(ev.Channel)}
_ITEM_KINDS = tuple(ev.ItemKind)
_KIND_SHIFT = 6
_ITEM_KIND_BITS = {kind: number << _KIND_SHIFT for number, kind in enumerate(_ITEM_KINDS)}
"""An item published in the period is held as one small int: a bit per channel it was published on (the
channels' order), and above them its kind's number (the kinds' order). Six bits leave room for one more
channel; both orders are part of the saved format (``tests/test_fold_saved.py`` checks the values stay
small ints, which CPython does not allocate)."""
_CHANNEL_MASKS: dict[Any, int] = {}
"""The bits of each set of channels met so far (a frozenset, or a wire record's tuple), by the set."""


def _channel_mask(channels: Any) -> int:
    mask = 0
    for channel in channels:
        mask |= _CHANNEL_BITS[channel]
    if len(_CHANNEL_MASKS) < 4096:  # a few dozen in practice; bounded whatever a log holds
        _CHANNEL_MASKS[channels] = mask
    return mask


@attrs.frozen
class AgencyFacts:
    """The facts of one agency over one period, from which every format fills its cells.

    Counts are ints, money is ``Decimal`` yuan. Mappings hold only non-zero entries; read them with
    ``.get(key, 0)``.
    """

    agency: str
    period: Period
    name: str | None = None
    credit_code: str | None = None
    profile: ev.AgencyProfileDeclared | None = None
    # proactive disclosure
    items: int = 0
    items_by_channel: Mapping[ev.Channel, int] = attrs.field(factory=dict)
    items_by_kind: Mapping[ev.ItemKind, int] = attrs.field(factory=dict)
    documents_issued: Mapping[ev.DocumentKind, int] = attrs.field(factory=dict)
    documents_repealed: Mapping[ev.DocumentKind, int] = attrs.field(factory=dict)
    documents_in_force: Mapping[ev.DocumentKind, int] = attrs.field(factory=dict)
    decisions: Mapping[ev.DecisionKind, int] = attrs.field(factory=dict)
    listed_at_start: Mapping[ev.ServiceItemKind, int] = attrs.field(factory=dict)
    listed_at_end: Mapping[ev.ServiceItemKind, int] = attrs.field(factory=dict)
    administrative_fees: Decimal = Decimal(0)
    procurement_projects: int = 0
    procurement_amount: Decimal = Decimal(0)
    reported_upward: int = 0
    # responses and interpretation
    topics_responded: int = 0
    press_conferences: int = 0
    press_conferences_principal: int = 0
    online_interviews: int = 0
    online_interviews_principal: int = 0
    interpretations: int = 0
    responses_weibo_wechat: int = 0
    responses_other: int = 0
    # applications
    received: Mapping[ApplicantKind, int] = attrs.field(factory=dict)
    received_by_channel: Mapping[ev.ApplicationChannel, int] = attrs.field(factory=dict)
    carried_in: Mapping[ApplicantKind, int] = attrs.field(factory=dict)
    carried_forward: Mapping[ApplicantKind, int] = attrs.field(factory=dict)
    results: Mapping[tuple[Disposition, ApplicantKind], int] = attrs.field(factory=dict)
    concluded_on_time: int = 0
    concluded_extended: int = 0
    concluded_late: int = 0
    answer_working_days: tuple[int, ...] = ()
    fees_paid: Decimal = Decimal(0)
    # disputes
    reconsiderations: Mapping[CaseOutcome | None, int] = attrs.field(factory=dict)
    lawsuits: Mapping[tuple[LawsuitRoute, CaseOutcome | None], int] = attrs.field(factory=dict)
    complaints: int = 0
    # capacity
    offices: Mapping[ev.OfficeKind, int] = attrs.field(factory=dict)
    staff: Mapping[ev.StaffRole, int] = attrs.field(factory=dict)
    special_funding: Decimal = Decimal(0)
    meetings: int = 0
    trainings: int = 0
    training_attendees: int = 0
    # what the narrative cites
    followers: Mapping[tuple[ev.Platform, str], int] = attrs.field(factory=dict)
    online_service_items: int = 0
    proposals: int = 0
    proposals_lead: int = 0
    proposals_on_time: int = 0
    proposals_satisfied: int = 0
    narratives: Mapping[str, str] = attrs.field(factory=dict)
    anomalies: tuple[Anomaly, ...] = ()

    def concluded(self) -> int:
        """Applications concluded in the period (all dispositions, withdrawals included)."""
        return sum(self.results.values())

    def results_for(self, disposition: Disposition) -> int:
        """Applications concluded in the period with ``disposition``, all applicant kinds."""
        return sum(n for (d, _), n in self.results.items() if d is disposition)


# ---------------------------------------------------------------------------------------------------------
# State. Mutable inside evolve for speed; evolve returns the state it was given, so folding is still
# reduce-shaped. Nothing outside this module mutates it.


class _Fields:
    """A state class's fields, in order, for equality, ``repr`` and saving (:data:`_SAVED_FIELDS`)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _SAVED_FIELDS[type(self)])

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SAVED_FIELDS[type(self)])
        return f"{type(self).__name__}({fields})"


class _Case(_Fields):
    __slots__ = ("decided", "event_id", "filed", "lawsuit", "outcome", "route")

    def __init__(self, lawsuit: bool) -> None:
        self.lawsuit = lawsuit
        self.filed: _dt.date | None = None
        # a member or, from a wire record, its value (every opengov enum is a StrEnum)
        self.route: Any = None
        self.decided: _dt.date | None = None
        self.outcome: Any = None
        self.event_id = ""


class _Latest(_Fields):
    """The latest value on or before the period's end (by day, then by log order).

    ``value`` is JSON-native (an enum's value, a count, a text, or ``None``) so that states serialise.
    """

    __slots__ = ("day", "seq", "value")

    def __init__(self, day: _dt.date, seq: int, value: str | int | None) -> None:
        self.day = day
        self.seq = seq
        self.value = value


class _Span(_Fields):
    """A document's or listed item's life: kind (an enum's value), start, end, and the first event's id."""

    __slots__ = ("end", "event_id", "kind", "start")

    def __init__(self, kind: str | None, start: _dt.date | None, end: _dt.date | None, event_id: str) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.event_id = event_id


def _span_starts(a: _Agency, spans: dict[str, _Span], key: str, kind: str, e: Any, what: str) -> None:
    """A document issued or an item listed: its span starts (a second start is an anomaly)."""
    record = spans.get(key)
    if record is None:
        spans[key] = _Span(kind, e.day, None, e.id)
    elif record.start is not None:
        a.anomalies.append(Anomaly(e.id, f"{what} a second time; ignored"))
    else:
        record.kind, record.start = kind, e.day


def _span_ends(a: _Agency, spans: dict[str, _Span], key: str, e: Any, what: str) -> None:
    """A document repealed or an item delisted: its span ends (a second end is an anomaly)."""
    record = spans.get(key)
    if record is None:
        spans[key] = _Span(None, None, e.day, e.id)
    elif record.end is not None:
        a.anomalies.append(Anomaly(e.id, f"{what} a second time; ignored"))
    else:
        record.end = e.day


_AnswerKey = tuple[bool, ApplicantKind, ev.ApplicationChannel, Disposition | None, str | None]
"""How a settled application counts into the period, counted once: received before the period (上年结转)
or in it; the applicant's kind; the channel; the disposition, or ``None`` when it was concluded after the
period (结转下年度); the answer's timing (on time, extended or late), or ``None``. The facts derive the
received, carried in and forward, results and timeliness counts from these, so settling an application
increments one counter instead of five."""

_ON_TIME, _EXTENDED, _LATE = "on_time", "extended", "late"

_ANSWER_KEYS: dict[Any, Any] = {}
"""Each answer key met so far, by itself: the agencies' counters share one tuple per distinct key (a few
hundred in a run) instead of each holding its own (over 100,000 at 1,000,000 events), which the cycle
collector would walk once more after the fold."""


class _Agency(_Fields):
    __slots__ = (
        "administrative_fees",
        "anomalies",
        "answer_working_days",
        "answers",
        "applications",
        "cases",
        "counted_by_channel",
        "counted_by_kind",
        "counted_items",
        "counts",
        "credit_code",
        "decisions",
        "documents",
        "fees_paid",
        "followers",
        "items",
        "lawsuits",
        "listings",
        "name",
        "narratives",
        "offices",
        "procurement_amount",
        "procurement_projects",
        "profile",
        "profile_seq",
        "reconsiderations",
        "reported_upward",
        "special_funding",
        "staff",
        "topics",
    )

    def __init__(self) -> None:
        self.name: str | None = None
        self.credit_code: str | None = None
        self.profile: ev.AgencyProfileDeclared | None = None
        self.profile_seq = 0
        self.items: dict[str, int] = {}  # channel bits and kind (_ITEM_KIND_BITS) by item id
        self.counted_items = 0
        self.counted_by_channel: Counter[ev.Channel] = Counter()
        self.counted_by_kind: Counter[ev.ItemKind] = Counter()
        self.documents: dict[str, _Span] = {}
        self.decisions: Counter[ev.DecisionKind] = Counter()
        self.listings: dict[str, _Span] = {}
        self.administrative_fees = Decimal(0)
        self.procurement_projects = 0
        self.procurement_amount = Decimal(0)
        self.reported_upward = 0
        self.topics: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.applications = Applications()
        self.answers: Counter[_AnswerKey] = Counter()
        self.answer_working_days: list[int] = []
        self.fees_paid = Decimal(0)
        self.cases: dict[str, _Case] = {}
        self.reconsiderations: Counter[CaseOutcome | None] = Counter()
        self.lawsuits: Counter[tuple[LawsuitRoute, CaseOutcome | None]] = Counter()
        self.offices: dict[str, _Latest] = {}
        self.staff: dict[str, _Latest] = {}
        self.followers: dict[tuple[ev.Platform, str], _Latest] = {}
        self.narratives: dict[str, _Latest] = {}
        self.special_funding = Decimal(0)
        self.anomalies: list[Anomaly] = []


class FoldState(_Fields):
    """The state of a :class:`PeriodFold`: per agency, what the period's facts are read from.

    Treat it as opaque; it is created by :meth:`PeriodFold.initial` and advanced by
    :meth:`PeriodFold.evolve`. Two are equal when every field is.
    """

    __slots__ = ("agencies", "declarations", "seq")

    def __init__(self) -> None:
        self.agencies: dict[str, _Agency] = {}
        self.seq = 0
        self.declarations = Declarations()


_SAVED_FIELDS: dict[type, dict[str, Any]] = {
    _Case: {
        "lawsuit": bool,
        "filed": _dt.date | None,
        "route": LawsuitRoute | None,
        "decided": _dt.date | None,
        "outcome": CaseOutcome | None,
        "event_id": str,
    },
    _Latest: {"day": _dt.date, "seq": int, "value": str | int | None},
    _Span: {"kind": str | None, "start": _dt.date | None, "end": _dt.date | None, "event_id": str},
    _Agency: {
        "name": str | None,
        "credit_code": str | None,
        "profile": ev.AgencyProfileDeclared | None,
        "profile_seq": int,
        "items": dict[str, int],
        "counted_items": int,
        "counted_by_channel": Counter[ev.Channel],
        "counted_by_kind": Counter[ev.ItemKind],
        "documents": dict[str, _Span],
        "decisions": Counter[ev.DecisionKind],
        "listings": dict[str, _Span],
        "administrative_fees": Decimal,
        "procurement_projects": int,
        "procurement_amount": Decimal,
        "reported_upward": int,
        "topics": set[str],
        "counts": Counter[str],
        "applications": Applications,
        "answers": Counter[_AnswerKey],
        "answer_working_days": list[int],
        "fees_paid": Decimal,
        "cases": dict[str, _Case],
        "reconsiderations": Counter[CaseOutcome | None],
        "lawsuits": Counter[tuple[LawsuitRoute, CaseOutcome | None]],
        "offices": dict[str, _Latest],
        "staff": dict[str, _Latest],
        "followers": dict[tuple[ev.Platform, str], _Latest],
        "narratives": dict[str, _Latest],
        "special_funding": Decimal,
        "anomalies": list[Anomaly],
    },
    FoldState: {"agencies": dict[str, _Agency], "seq": int, "declarations": Declarations},
}
"""Each state class's fields in order and the type each is saved as: a saved state (:data:`_STATE_FORMAT`)
is a JSON object per instance, its keys these names in this order."""


class _CollectorPaused:
    """``with _CollectorPaused():`` runs its block with the cycle collector off, and turns it back on
    afterwards (also when the block raises) if it was on: what :meth:`PeriodFold.fold` and
    :meth:`PeriodFold.facts` run in.

    Neither makes reference cycles, and what the fold keeps lives until the facts are drawn: the collector
    would only walk it again and again as it grows (5-8 % of the time from a file to every table of 300,000
    events, ``docs/performance.md``). Once it is back on it runs as usual, and walks what is left once.
    """

    __slots__ = ("collecting",)

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *raised: object) -> None:
        if self.collecting:
            gc.enable()


class PeriodFold:
    """The projection of events into the facts of one period, for every agency in the log.

    Args:
        period: the statistics period.
        calendar: the working-day calendar answers are judged on (default: the official one,
            :meth:`~opengov.calendar.WorkingCalendar.default`); ``WorkingCalendarDeclared`` events in the
            log add to it as they are folded. With an estimating calendar
            (:meth:`~opengov.calendar.WorkingCalendar.estimating`), an answer that needed a year without
            data is judged on that year guessed as weekends-only and reported as an :class:`Anomaly` with
            ``estimated=True``.
        policy: the deadline choices where the law is silent (see :mod:`opengov.deadlines`).
        assess: replaces the calendar judgement, e.g. :func:`extension_recorded` for a calendar-free
            count of extensions.

    Raises:
        CalendarDataMissingError: an answer in the period must be judged in a year the calendar lacks.

    >>> import datetime as dt
    >>> from opengov.events import MeetingHeld
    >>> fold = PeriodFold(Period.year(2018))
    >>> state = fold.initial()
    >>> state = fold.evolve(state, MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 3, 1)))
    >>> fold.facts(state)["a1"].meetings
    1
    """

    def __init__(
        self,
        period: Period,
        *,
        calendar: Calendar | None = None,
        policy: DeadlinePolicy | None = None,
        assess: Assessor | None = None,
    ) -> None:
        self.period = period
        self._start = period.start
        self._end = period.end
        self.calendar: Calendar = calendar if calendar is not None else WorkingCalendar.default()
        self.policy = policy if policy is not None else DeadlinePolicy()
        self.assess = assess
        self._handlers: dict[type, Handler] = _Handlers(
            {
                ev.AgencyRegistered: self._agency_registered,
                ev.AgencyProfileDeclared: self._profile_declared,
                ev.ItemPublished: self._item_published,
                ev.ItemsPublishedCounted: self._items_counted,
                ev.DocumentIssued: self._document_issued,
                ev.DocumentRepealed: self._document_repealed,
                ev.DecisionsRecorded: self._decisions,
                ev.ServiceItemListed: self._listed,
                ev.ServiceItemDelisted: self._delisted,
                ev.AdministrativeFeesCollected: self._administrative_fees,
                ev.ProcurementRecorded: self._procurement,
                ev.ItemsReportedUpward: self._reported_upward,
                ev.PublicConcernResponded: self._concern_responded,
                ev.PressConferenceHeld: self._press_conference,
                ev.OnlineInterviewHeld: self._online_interview,
                ev.InterpretationPublished: self._interpretation,
                ev.ApplicationReceived: self._received,
                ev.CorrectionRequested: self._application_step,
                ev.CorrectionReceived: self._application_step,
                ev.ConsultationStarted: self._application_step,
                ev.ConsultationEnded: self._application_step,
                ev.DeadlineExtended: self._application_step,
                ev.FeeNoticeIssued: self._application_step,
                ev.FeePaid: self._fee_paid,
                ev.ApplicationWithdrawn: self._concluded,
                ev.ApplicationConcluded: self._concluded,
                ev.ReconsiderationFiled: self._case_filed,
                ev.ReconsiderationDecided: self._case_decided,
                ev.LawsuitFiled: self._case_filed,
                ev.LawsuitDecided: self._case_decided,
                ev.ComplaintReceived: self._count_in_period("complaints"),
                ev.OfficeOpened: self._office_opened,
                ev.OfficeClosed: self._office_closed,
                ev.StaffAssigned: self._staff_assigned,
                ev.StaffReleased: self._staff_released,
                ev.SpecialFundingAllocated: self._special_funding,
                ev.MeetingHeld: self._count_in_period("meetings"),
                ev.TrainingHeld: self._training,
                ev.FollowersCounted: self._followers,
                ev.OnlineServiceItemsEnabled: self._online_service_items,
                ev.ProposalHandled: self._proposal,
                ev.NarrativeWritten: self._narrative,
                ev.WorkingCalendarDeclared: self._calendar_declared,
                **dict.fromkeys(ev.RECORD_TYPES, _keeps_the_record),
            }
        )

    # -- the projection -------------------------------------------------------------------------------

    def initial(self) -> FoldState:
        """An empty state."""
        return FoldState()

    def evolve(self, state: FoldState, event: Event) -> FoldState:
        """Advance ``state`` by one event and return it."""
        agency = state.agencies.get(event.agency)
        if agency is None:
            agency = state.agencies[event.agency] = _Agency()
        state.seq += 1
        self._handlers[type(event)](state, agency, event)
        return state

    def fold(self, events: Iterable[Event], state: FoldState | None = None) -> FoldState:
        """Evolve ``state`` (or an empty one) by every event of ``events``, in order.

        Python's cycle collector is paused while this runs (for the whole process, as :func:`gc.disable`
        does) and turned back on when it returns or raises, if it was on: the fold makes no reference
        cycles, and pausing saves 3–8 % (``docs/performance.md``). So give it a finite stream; to keep a
        state current from a subscription that never ends, call :meth:`evolve` per event, as
        :class:`opengov.projections.ProjectionRunner` does.
        """
        state = self.initial() if state is None else state
        # exact dicts read by subscript: the interpreter's specialised instruction (a method call, or a
        # dict subclass, costs 10-15 ns more per event)
        handlers = dict(self._handlers)
        agencies = state.agencies
        with _CollectorPaused():
            for event in events:
                try:
                    agency = agencies[event.agency]
                except KeyError:
                    agency = agencies[event.agency] = _Agency()
                state.seq += 1
                kind = type(event)
                try:
                    handle = handlers[kind]
                except KeyError:  # a wire record class met for the first time: its event's handler
                    handle = handlers[kind] = self._handlers[kind]
                handle(state, agency, event)
        return state

    def save(self, state: FoldState) -> bytes:
        """The state as bytes (JSON) for a checkpoint: :meth:`load` continues from it.

        The period is recorded with the state, so a checkpoint is never continued by a fold of another period.
        """
        from opengov._fold_saved import _state_converter

        document = {"format": _STATE_FORMAT, "period": [self.period.start, self.period.end]}
        with _CollectorPaused():  # the saved form is many small containers, none in a cycle
            document["state"] = _state_converter.unstructure(state)
        return orjson.dumps(document)  # every map with other keys is saved as pairs (_fold_saved)

    def load(self, data: bytes) -> FoldState:
        """A state saved by :meth:`save` of a fold of the same period.

        Raises:
            ValueError: the bytes are not a saved state of this opengov version, or the state is of
                another period.
        """
        with _CollectorPaused():  # a saved state is many small containers, none in a cycle
            return self._load(data)

    def _load(self, data: bytes) -> FoldState:
        from opengov._fold_saved import _state_converter

        try:
            document = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"not a saved fold state: {exc}") from None
        if isinstance(document, dict) and document.get("format") in _EARLIER_STATE_FORMATS:
            raise ValueError(
                f"a fold state saved by an earlier opengov (format {document['format']!r}, this one reads "
                f"{_STATE_FORMAT!r}): fold the log again"
            )
        if not isinstance(document, dict) or document.get("format") != _STATE_FORMAT:
            raise ValueError(f"not a saved fold state of format {_STATE_FORMAT!r}")
        period = [self.period.start.isoformat(), self.period.end.isoformat()]
        if document.get("period") != period:
            raise ValueError(f"the saved state is of the period {document.get('period')}, not {period}")
        try:
            return _state_converter.structure(document["state"], FoldState)
        except Exception as exc:
            raise ValueError(f"the saved fold state is damaged: {_innermost(exc)}") from None

    def facts(self, state: FoldState) -> dict[str, AgencyFacts]:
        """The period's facts of every agency in ``state`` (the state is not changed)."""
        with _CollectorPaused():
            return {key: self._facts(key, agency) for key, agency in sorted(state.agencies.items())}

    # -- proactive disclosure -------------------------------------------------------------------------

    def _agency_registered(self, s: FoldState, a: _Agency, e: Any) -> None:
        if e.day <= self.period.end:
            a.name = e.name
            a.credit_code = e.credit_code

    def _profile_declared(self, s: FoldState, a: _Agency, e: Any) -> None:
        if e.year == self.period.report_year:
            current = a.profile
            if current is None or (e.day, s.seq) >= (current.day, a.profile_seq):
                a.profile, a.profile_seq = e, s.seq

    def _item_published(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            channels = e.channels
            mask = _CHANNEL_MASKS.get(channels)
            if mask is None:
                mask = _channel_mask(channels)
            item_id = e.item_id
            items = a.items
            previous = items.get(item_id)
            if previous is None:
                items[item_id] = mask | _ITEM_KIND_BITS[e.kind]
                return
            if previous | mask != previous:
                items[item_id] = previous | mask  # the first kind stays
            if previous >> _KIND_SHIFT != _ITEM_KIND_BITS[e.kind] >> _KIND_SHIFT:
                first = _ITEM_KINDS[previous >> _KIND_SHIFT]
                a.anomalies.append(
                    Anomaly(
                        e.id,
                        f"item {item_id!r} published again as {str(e.kind)!r}; it counts once, as "
                        f"{first.value!r}, the kind it was first published as in the period",
                    )
                )

    def _items_counted(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.counted_items += e.count
            a.counted_by_kind[e.kind] += e.count
            for channel in e.channels:
                a.counted_by_channel[channel] += e.count

    def _document_issued(self, s: FoldState, a: _Agency, e: Any) -> None:
        _span_starts(a, a.documents, e.document_id, str(e.kind), e, f"document {e.document_id!r} issued")

    def _document_repealed(self, s: FoldState, a: _Agency, e: Any) -> None:
        _span_ends(a, a.documents, e.document_id, e, f"document {e.document_id!r} repealed")

    def _decisions(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.decisions[e.kind] += e.count

    def _listed(self, s: FoldState, a: _Agency, e: Any) -> None:
        _span_starts(a, a.listings, e.item_id, str(e.kind), e, f"item {e.item_id!r} listed")

    def _delisted(self, s: FoldState, a: _Agency, e: Any) -> None:
        _span_ends(a, a.listings, e.item_id, e, f"item {e.item_id!r} delisted")

    def _administrative_fees(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.administrative_fees += Decimal(e.amount)

    def _procurement(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.procurement_projects += e.projects
            a.procurement_amount += Decimal(e.amount)

    def _reported_upward(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.reported_upward += e.count

    # -- responses --------------------------------------------------------------------------------------

    def _topic(self, a: _Agency, topic_id: str | None) -> None:
        if topic_id is not None:
            a.topics.add(topic_id)

    def _concern_responded(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.topics.add(e.topic_id)
            key = "responses_other" if e.channel == ev.ResponseChannel.OTHER else "responses_weibo_wechat"
            a.counts[key] += 1

    def _press_conference(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            self._topic(a, e.topic_id)
            a.counts["press_conferences"] += 1
            a.counts["press_conferences_principal"] += e.principal_attended

    def _online_interview(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            self._topic(a, e.topic_id)
            a.counts["online_interviews"] += 1
            a.counts["online_interviews_principal"] += e.principal_attended

    def _interpretation(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            self._topic(a, e.topic_id)
            a.counts["interpretations"] += 1

    # -- applications -----------------------------------------------------------------------------------

    def _received(self, s: FoldState, a: _Agency, e: Any) -> None:
        outcome = a.applications.receive(e.application_id, e)
        if outcome is not None:
            self._settled(s, a, e, outcome)

    def _concluded(self, s: FoldState, a: _Agency, e: Any) -> None:
        outcome = a.applications.conclude(e.application_id, e)
        if outcome is not None:
            self._settled(s, a, e, outcome)

    def _application_step(self, s: FoldState, a: _Agency, e: Any) -> None:
        refused = a.applications.step(e.application_id, e)
        if refused is not None:
            a.anomalies.append(Anomaly(e.id, refused))

    def _fee_paid(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.fees_paid += Decimal(e.amount)
        self._application_step(s, a, e)

    def _settled(self, s: FoldState, a: _Agency, e: Any, outcome: Application | str) -> None:
        """An application event refused (a message), or settling its application: counted into the period."""
        if type(outcome) is str:
            a.anomalies.append(Anomaly(e.id, outcome))
            return
        app: Application = outcome  # type: ignore[assignment]
        received, conclusion = app.receipt, app.conclusion
        r = received.day
        c = conclusion.day
        if c < r:
            a.anomalies.append(
                Anomaly(
                    conclusion.id,
                    f"application {e.application_id!r} concluded on {c} before its receipt on {r}; "
                    "counted as concluded on the day of receipt",
                )
            )
            c = r
        start, end = self._start, self._end
        if r > end or c < start:
            return
        key: Any  # an _AnswerKey of wire values or members: compiled code checks declared types
        if c > end:
            key = (r < start, received.applicant, received.channel, None, None)
        else:
            disposition = _WITHDRAWN if conclusion.TAG == _WITHDRAWN_TAG else conclusion.disposition
            timing: Timing | None
            if self.assess is not None:
                timing = self.assess(_as_events(app.events))
            else:
                # the same judgement as assess, on the official calendar's table and on wire records as
                # they are; assess for what lies outside the table (a missing year is reported, or
                # estimated, by assess alone)
                declarations = s.declarations
                calendar = declarations.applied(self.calendar) if declarations.declared else self.calendar
                timing = app.timing(calendar, self.policy) if isinstance(calendar, WorkingCalendar) else None
                if timing is None:
                    timing = self._assess(a, app, calendar)
            timing_class = _LATE if timing.late else _EXTENDED if timing.extended else _ON_TIME
            key = (r < start, received.applicant, received.channel, disposition, timing_class)
            working_days = timing.working_days
            if working_days is not None:
                a.answer_working_days.append(working_days)
        answers = a.answers
        n = answers.get(key)
        if n is not None:
            answers[key] = n + 1  # the key held stays
        elif len(_ANSWER_KEYS) < 4096:  # bounded whatever a log holds
            answers[_ANSWER_KEYS.setdefault(key, key)] = 1
        else:
            answers[key] = 1

    # -- disputes ---------------------------------------------------------------------------------------

    def _case(self, a: _Agency, case_id: str, lawsuit: bool) -> _Case:
        key = ("L:" if lawsuit else "R:") + case_id
        case = a.cases.get(key)
        if case is None:
            case = a.cases[key] = _Case(lawsuit)
        return case

    def _case_filed(self, s: FoldState, a: _Agency, e: Any) -> None:
        lawsuit = e.TAG == ev.LawsuitFiled.TAG
        case = self._case(a, e.case_id, lawsuit)
        if case.filed is not None:
            a.anomalies.append(Anomaly(e.id, f"case {e.case_id!r} filed a second time; ignored"))
            return
        case.filed = e.day
        case.event_id = e.id
        if lawsuit:
            case.route = e.route
        if case.decided is not None:
            self._settle_case(a, e.case_id, case)

    def _case_decided(self, s: FoldState, a: _Agency, e: Any) -> None:
        lawsuit = e.TAG == ev.LawsuitDecided.TAG
        case = self._case(a, e.case_id, lawsuit)
        if case.decided is not None:
            a.anomalies.append(Anomaly(e.id, f"case {e.case_id!r} decided a second time; the first stands"))
            return
        case.decided = e.day
        case.outcome = e.outcome
        case.event_id = case.event_id or e.id
        if case.filed is not None:
            self._settle_case(a, e.case_id, case)

    def _count_case(self, a: _Agency, case: _Case, outcome: CaseOutcome | None) -> None:
        if case.lawsuit:
            assert case.route is not None
            a.lawsuits[(case.route, outcome)] += 1
        else:
            a.reconsiderations[outcome] += 1

    def _settle_case(self, a: _Agency, case_id: str, case: _Case) -> None:
        del a.cases[("L:" if case.lawsuit else "R:") + case_id]
        assert case.filed is not None
        assert case.decided is not None
        decided = max(case.decided, case.filed)
        if decided in self.period:
            self._count_case(a, case, case.outcome)
        elif decided > self.period.end and case.filed <= self.period.end:
            self._count_case(a, case, None)

    # -- capacity ---------------------------------------------------------------------------------------

    def _latest(
        self, table: dict[Any, _Latest], key: Any, day: _dt.date, seq: int, value: str | int | None
    ) -> None:
        if day > self.period.end:
            return
        current = table.get(key)
        if current is None or (day, seq) >= (current.day, current.seq):
            table[key] = _Latest(day, seq, value)

    def _office_opened(self, s: FoldState, a: _Agency, e: Any) -> None:
        self._latest(a.offices, e.office_id, e.day, s.seq, str(e.kind))

    def _office_closed(self, s: FoldState, a: _Agency, e: Any) -> None:
        self._latest(a.offices, e.office_id, e.day, s.seq, None)

    def _staff_assigned(self, s: FoldState, a: _Agency, e: Any) -> None:
        self._latest(a.staff, e.staff_id, e.day, s.seq, str(e.role))

    def _staff_released(self, s: FoldState, a: _Agency, e: Any) -> None:
        self._latest(a.staff, e.staff_id, e.day, s.seq, None)

    def _special_funding(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.special_funding += Decimal(e.amount)

    def _count_in_period(self, key: str) -> Handler:
        def count(s: FoldState, a: _Agency, e: Any) -> None:
            if self._start <= e.day <= self._end:
                a.counts[key] += 1

        return count

    def _training(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.counts["trainings"] += 1
            a.counts["training_attendees"] += e.attendees

    # -- what the narrative cites -------------------------------------------------------------------------

    def _followers(self, s: FoldState, a: _Agency, e: Any) -> None:
        self._latest(a.followers, (e.platform, e.account), e.day, s.seq, e.count)

    def _online_service_items(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.counts["online_service_items"] += e.count

    def _proposal(self, s: FoldState, a: _Agency, e: Any) -> None:
        if self._start <= e.day <= self._end:
            a.counts["proposals"] += 1
            a.counts["proposals_lead"] += e.role == ev.HandlingRole.LEAD
            a.counts["proposals_on_time"] += e.on_time
            a.counts["proposals_satisfied"] += e.satisfied is True

    def _narrative(self, s: FoldState, a: _Agency, e: Any) -> None:
        if e.year == self.period.report_year:
            current = a.narratives.get(e.section)
            if current is None or (e.day, s.seq) >= (current.day, current.seq):
                a.narratives[e.section] = _Latest(e.day, s.seq, e.text)

    def _calendar_declared(self, s: FoldState, a: _Agency, e: Any) -> None:
        s.declarations.add(e)

    def _assess(self, a: _Agency, app: Application, calendar: Calendar) -> Timing:
        """``assess``'s timing of an answer, and an anomaly where it was estimated."""
        events = app.events
        assessment = assess(_as_events(events), calendar, policy=self.policy)
        if assessment.estimated:
            a.anomalies.append(
                Anomaly(
                    events[-1].id,
                    f"application {assessment.application_id!r}: answer judged on working days estimated as "
                    "weekends-only (a year without calendar data; supply it to count exactly)",
                    estimated=True,
                )
            )
        return assessment

    # -- reading the facts ----------------------------------------------------------------------------------

    def _facts(self, key: str, a: _Agency) -> AgencyFacts:
        start, end = self.period.start, self.period.end
        anomalies = list(a.anomalies)
        items_by_channel: Counter[ev.Channel] = Counter(a.counted_by_channel)
        items_by_kind: Counter[ev.ItemKind] = Counter(a.counted_by_kind)
        for held, count in Counter(a.items.values()).items():
            for channel, bit in _CHANNEL_BITS.items():
                if held & bit:
                    items_by_channel[channel] += count
            items_by_kind[_ITEM_KINDS[held >> _KIND_SHIFT]] += count

        issued: Counter[ev.DocumentKind] = Counter()
        repealed: Counter[ev.DocumentKind] = Counter()
        in_force: Counter[ev.DocumentKind] = Counter()
        for document_id, doc in a.documents.items():
            issued_on, repealed_on = doc.start, doc.end
            if doc.kind is None or issued_on is None:
                if repealed_on is not None and repealed_on <= end:
                    anomalies.append(
                        Anomaly(doc.event_id, f"document {document_id!r} repealed but never issued")
                    )
                continue
            doc_kind = _member(ev.DocumentKind)(doc.kind)
            if issued_on in self.period:
                issued[doc_kind] += 1
            if repealed_on is not None and repealed_on in self.period:
                repealed[doc_kind] += 1
            if issued_on <= end and (repealed_on is None or repealed_on > end):
                in_force[doc_kind] += 1

        at_start: Counter[ev.ServiceItemKind] = Counter()
        at_end: Counter[ev.ServiceItemKind] = Counter()
        for item_id, listing in a.listings.items():
            listed_on, delisted_on = listing.start, listing.end
            if listing.kind is None or listed_on is None:
                if delisted_on is not None and delisted_on <= end:
                    anomalies.append(Anomaly(listing.event_id, f"item {item_id!r} delisted but never listed"))
                continue
            listed_kind = _member(ev.ServiceItemKind)(listing.kind)
            if listed_on < start and (delisted_on is None or delisted_on >= start):
                at_start[listed_kind] += 1
            if listed_on <= end and (delisted_on is None or delisted_on > end):
                at_end[listed_kind] += 1

        # plain dicts keyed by members, each answer key's members looked up once per run (_answer_plan)
        carried_in: dict[ApplicantKind, int] = {}
        received: dict[ApplicantKind, int] = {}
        received_by_channel: dict[ev.ApplicationChannel, int] = {}
        carried_forward: dict[ApplicantKind, int] = {}
        results: dict[tuple[Disposition, ApplicantKind], int] = {}
        timeliness = [0, 0, 0]  # on time, extended, late
        plans = _ANSWER_PLANS
        for answer, n in a.answers.items():
            plan = plans.get(answer)
            if plan is None:
                plan = _answer_plan(answer)
            before, kind, application_channel, result, timing_class = plan
            if before:
                carried_in[kind] = carried_in.get(kind, 0) + n
            else:
                received[kind] = received.get(kind, 0) + n
                received_by_channel[application_channel] = received_by_channel.get(application_channel, 0) + n
            if result is None:
                carried_forward[kind] = carried_forward.get(kind, 0) + n
            else:
                results[result] = results.get(result, 0) + n
                timeliness[timing_class] += n
        applicant_kind = _member(ApplicantKind)
        for application_id, app in a.applications.unsettled.items():
            received_event: Any = app.receipt
            if received_event is None:
                first = app.events[0].id if app.events else application_id
                anomalies.append(
                    Anomaly(first, f"events for application {application_id!r}, which was never received")
                )
                continue
            r = received_event.day
            if r > end:
                continue
            kind = applicant_kind(received_event.applicant)
            if r < start:
                carried_in[kind] = carried_in.get(kind, 0) + 1
            else:
                received[kind] = received.get(kind, 0) + 1
                channel = _member(ev.ApplicationChannel)(received_event.channel)
                received_by_channel[channel] = received_by_channel.get(channel, 0) + 1
            carried_forward[kind] = carried_forward.get(kind, 0) + 1

        reconsiderations = Counter(a.reconsiderations)
        lawsuits = Counter(a.lawsuits)
        for case_id, case in a.cases.items():
            if case.filed is None:
                anomalies.append(Anomaly(case.event_id, f"case {case_id[2:]!r} decided but never filed"))
                continue
            if case.filed <= end:
                if case.lawsuit:
                    assert case.route is not None
                    lawsuits[(case.route, None)] += 1
                else:
                    reconsiderations[None] += 1

        def live(table: dict[str, _Latest], kind: Callable[[Any], Any]) -> Counter[Any]:
            return Counter(kind(latest.value) for latest in table.values() if latest.value is not None)

        counts = a.counts
        return AgencyFacts(
            agency=key,
            period=self.period,
            name=a.name,
            credit_code=a.credit_code,
            profile=a.profile,
            items=len(a.items) + a.counted_items,
            # in the enum's order: a set of channels iterates in no fixed order, a wire record's in the line's
            items_by_channel={c: n for c in ev.Channel if (n := items_by_channel.get(c, 0))},
            items_by_kind=_nonzero(items_by_kind, _member(ev.ItemKind)),
            documents_issued=_nonzero(issued),
            documents_repealed=_nonzero(repealed),
            documents_in_force=_nonzero(in_force),
            decisions=_nonzero(a.decisions, _member(ev.DecisionKind)),
            listed_at_start=_nonzero(at_start),
            listed_at_end=_nonzero(at_end),
            administrative_fees=a.administrative_fees,
            procurement_projects=a.procurement_projects,
            procurement_amount=a.procurement_amount,
            reported_upward=a.reported_upward,
            topics_responded=len(a.topics),
            press_conferences=counts["press_conferences"],
            press_conferences_principal=counts["press_conferences_principal"],
            online_interviews=counts["online_interviews"],
            online_interviews_principal=counts["online_interviews_principal"],
            interpretations=counts["interpretations"],
            responses_weibo_wechat=counts["responses_weibo_wechat"],
            responses_other=counts["responses_other"],
            received=received,
            received_by_channel=received_by_channel,
            carried_in=carried_in,
            carried_forward=carried_forward,
            results=results,
            concluded_on_time=timeliness[0],
            concluded_extended=timeliness[1],
            concluded_late=timeliness[2],
            answer_working_days=tuple(sorted(a.answer_working_days)),
            fees_paid=a.fees_paid,
            reconsiderations=_nonzero(reconsiderations, _outcome),
            lawsuits=_nonzero(lawsuits, _lawsuit_key),
            complaints=counts["complaints"],
            offices=_nonzero(live(a.offices, _member(ev.OfficeKind))),
            staff=_nonzero(live(a.staff, _member(ev.StaffRole))),
            special_funding=a.special_funding,
            meetings=counts["meetings"],
            trainings=counts["trainings"],
            training_attendees=counts["training_attendees"],
            followers={
                (_member(ev.Platform)(k[0]), k[1]): typing.cast(int, v.value)
                for k, v in sorted(a.followers.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
            },
            online_service_items=counts["online_service_items"],
            proposals=counts["proposals"],
            proposals_lead=counts["proposals_lead"],
            proposals_on_time=counts["proposals_on_time"],
            proposals_satisfied=counts["proposals_satisfied"],
            narratives={k: typing.cast(str, v.value) for k, v in sorted(a.narratives.items())},
            anomalies=tuple(anomalies),
        )


_EARLIER_STATE_FORMATS = frozenset({"opengov.fold/1", "opengov.fold/2", "opengov.fold/3"})
_STATE_FORMAT = "opengov.fold/4"
"""2: one application lifecycle (declarations kept as an object); 3: each settled application counted once
(:data:`_AnswerKey`) instead of into five counters; 4: an item's kind held with its channel bits
(:data:`_ITEM_KIND_BITS`) instead of in a map of its own."""


def _innermost(error: BaseException) -> str:
    """What an error raised deep inside a saved state's reading says: the errors at the root of the groups
    cattrs wraps them in (``While structuring dict[...] (1 sub-exception)`` alone names nothing)."""
    if isinstance(error, BaseExceptionGroup):
        return "; ".join(_innermost(inner) for inner in error.exceptions)
    return str(error)


@functools.cache
def _member(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    """``kind(value)`` as one dict lookup: the facts turn the fold's keys (wire values or members, which
    hash alike: every opengov enum is a ``StrEnum``) into members, tens of thousands of times a run. Each
    kind's lookup is made once (the facts ask for one inside their loops)."""
    lookup = _MEMBERS.get(kind)
    if lookup is None:
        lookup = _MEMBERS[kind] = {member.value: member for member in kind}.__getitem__
    return lookup


_MEMBERS: dict[type[enum.Enum], Callable[[Any], Any]] = {}


def _nonzero(counter: Mapping[Any, int], key: Callable[[Any], Any] | None = None) -> dict[Any, int]:
    """The non-zero counts; ``key`` turns each key into enum members (wire records count by values)."""
    if key is None:
        return {k: v for k, v in counter.items() if v}
    return {key(k): v for k, v in counter.items() if v}


def _outcome(value: Any) -> CaseOutcome | None:
    return None if value is None else _member(CaseOutcome)(value)


_AnswerPlan = tuple[bool, ApplicantKind, ev.ApplicationChannel, tuple[Disposition, ApplicantKind] | None, int]
_ANSWER_PLANS: dict[Any, _AnswerPlan] = {}
"""How each answer key (:data:`_AnswerKey`, of wire values or members alike) counts into the facts, by the
key: received before the period, the applicant's kind and the channel as members, the result's key
(disposition and kind as members) or ``None`` when carried forward, and the timing's index (on time,
extended, late). A few hundred keys in practice, shared by every agency."""

_TIMING_INDEX = {_ON_TIME: 0, _EXTENDED: 1, _LATE: 2}


def _answer_plan(answer: Any) -> _AnswerPlan:
    before, kind, channel, disposition, timing_class = answer
    member = _member(ApplicantKind)(kind)
    result = None if disposition is None else (_member(Disposition)(disposition), member)
    plan = (
        before,
        member,
        _member(ev.ApplicationChannel)(channel),
        result,
        _TIMING_INDEX.get(timing_class, 0),
    )
    if len(_ANSWER_PLANS) < 4096:  # bounded whatever a log holds
        _ANSWER_PLANS[answer] = plan
    return plan


def _lawsuit_key(key: tuple[Any, Any]) -> tuple[LawsuitRoute, CaseOutcome | None]:
    return _member(LawsuitRoute)(key[0]), _outcome(key[1])


def fold_facts(
    events: Iterable[Event],
    period: Period,
    *,
    calendar: Calendar | None = None,
    assess: Assessor | None = None,
) -> dict[str, AgencyFacts]:
    """Fold ``events`` into the facts of ``period`` for every agency they name, the log's corrections and
    retractions applied first (:func:`~opengov.corrections.corrected_log`).

    >>> fold_facts([], Period.year(2024))
    {}
    """
    projection = PeriodFold(period, calendar=calendar, assess=assess)
    return projection.facts(projection.fold(corrected_log(events)))
