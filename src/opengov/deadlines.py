"""The legal answer deadline of one application, and how its handling measured up against it.

:func:`assess` reads the events of one application and returns an :class:`Assessment`: which regulation
applies, the due date (and the extended one), the working days paused and taken, a :class:`Status`, and
:class:`DeadlineFinding` objects for every late answer or invalid step. Invalid steps are findings, never
exceptions, because a real log contains them; only missing calendar data raises.

The rules, each with its article, and every choice made where the law is silent, are in
``docs/deadlines.md``. In short:

- received before 2019-05-15: 2008 regulation art. 24, 15 working days, one extension of at most 15;
  from 2019-05-15: 2019 regulation art. 33, 20 working days, one extension of at most 20;
- the receipt day is day 0, the due date the N-th working day after it (民法典 art. 201) — a
  :class:`DeadlinePolicy` switch;
- a correction notice (补正, 2019 art. 30) stops the clock, and the corrected application restarts it
  from zero; consultation (2019 art. 32, 34) and, by default, the applicant's payment time
  (国办函〔2020〕109号) are not counted.

>>> import datetime as dt
>>> from opengov.calendar import WorkingCalendar
>>> from opengov.events import (ApplicantKind, ApplicationChannel, ApplicationConcluded,
...     ApplicationReceived, Disposition)
>>> received = ApplicationReceived(id="e1", agency="a", at=dt.date(2018, 9, 28), application_id="A1",
...     channel=ApplicationChannel.IN_PERSON, applicant=ApplicantKind.NATURAL_PERSON)
>>> answered = ApplicationConcluded(id="e2", agency="a", at=dt.date(2018, 10, 24), application_id="A1",
...     disposition=Disposition.DISCLOSED)
>>> a = assess([received, answered], WorkingCalendar.default())
>>> a.regulation, a.due_date, a.status.value, a.working_days_taken
('2008', datetime.date(2018, 10, 24), 'on_time', 15)
"""

from __future__ import annotations

__all__ = [
    "REGULATION_2008",
    "REGULATION_2019",
    "REVISED_REGULATION_IN_FORCE",
    "Assessment",
    "DeadlineFinding",
    "DeadlinePolicy",
    "FindingCode",
    "Regulation",
    "Status",
    "WaitingOn",
    "assess",
    "assessor",
    "is_extended_conclusion",
    "is_on_time_conclusion",
    "regulation_for",
]

import datetime as _dt
import enum
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

import attrs

from opengov._deprecation import renamed
from opengov.calendar import Calendar, Reckoned
from opengov.errors import CalendarDataMissingError
from opengov.events import (
    ApplicationConcluded,
    ApplicationReceived,
    ApplicationWithdrawn,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    DeadlineExtended,
    Event,
    FeeNoticeIssued,
    FeePaid,
)

_T = TypeVar("_T")

REVISED_REGULATION_IN_FORCE = _dt.date(2019, 5, 15)
"""The day the revised regulation (国务院令第711号) took effect; it governs applications received since."""


@attrs.frozen
class Regulation:
    """The deadline rules of one version of the 政府信息公开条例.

    Attributes:
        name: ``"2008"`` or ``"2019"``.
        title: the regulation and the State Council order that made it.
        answer_days: working days to answer (答复期限).
        max_extension_days: the longest single extension (延长答复期限).
        article: the article these two numbers come from.
        correction_notice_days: working days to send a correction notice, or ``None`` where the
            regulation sets no limit.
        consultation_days: working days a consulted party has to give its opinion, or ``None``.
    """

    name: Literal["2008", "2019"]
    title: str
    answer_days: int
    max_extension_days: int
    article: str
    correction_notice_days: int | None
    consultation_days: int | None


REGULATION_2008 = Regulation(
    name="2008",
    title="中华人民共和国政府信息公开条例（国务院令第492号）",
    answer_days=15,
    max_extension_days=15,
    article="第二十四条",
    correction_notice_days=None,
    consultation_days=None,
)
REGULATION_2019 = Regulation(
    name="2019",
    title="中华人民共和国政府信息公开条例（国务院令第711号）",
    answer_days=20,
    max_extension_days=20,
    article="第三十三条",
    correction_notice_days=7,
    consultation_days=15,
)


def regulation_for(receipt: _dt.date) -> Regulation:
    """The regulation whose deadlines govern an application received on ``receipt`` (a Beijing date).

    >>> import datetime as dt
    >>> regulation_for(dt.date(2019, 5, 14)).name, regulation_for(dt.date(2019, 5, 15)).name
    ('2008', '2019')
    """
    return REGULATION_2019 if receipt >= REVISED_REGULATION_IN_FORCE else REGULATION_2008


@attrs.frozen(kw_only=True)
class DeadlinePolicy:
    """The choices an agency may make differently; the defaults are the common reading of the law.

    Attributes:
        receipt_day_counts: count the receipt day as day 1 when it is a working day. Default ``False``:
            the receipt day is day 0 and the due date is the N-th working day after it (民法典 art. 201).
        fee_stops_clock: the applicant's payment time (fee notice to payment) is not counted
            (国办函〔2020〕109号). Default ``True``.
        fee_payment_window: working days the applicant has to pay, from the notice day as day 0; unpaid
            after it, the application may be closed as abandoned. Default 20 (a provincial rule).
        correction_window: working days the applicant has to send the corrected application, from the
            correction notice's day as day 0. The notice itself states the period (2019 art. 30:
            "合理的补正期限"), which the log does not record; opengov assumes this one. Not corrected after
            it without good reason, the application may be closed as abandoned (gov2021 （六）1).
            Default 15.

            .. versionadded:: 0.1
    """

    receipt_day_counts: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    fee_stops_clock: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    fee_payment_window: int = attrs.field(
        default=20, validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)]
    )
    correction_window: int = attrs.field(
        default=15, validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)]
    )

    def correction_lapses(self, calendar: Calendar, notice: _dt.date) -> Reckoned[_dt.date]:
        """The last day of the correction window of a correction notice sent on ``notice``: the
        :attr:`correction_window`-th working day after it (the notice day is day 0). Not corrected by
        then, the application may be closed as abandoned.

        >>> from opengov.calendar import WorkingCalendar
        >>> DeadlinePolicy().correction_lapses(WorkingCalendar.default(), _dt.date(2024, 3, 21)).value
        datetime.date(2024, 4, 12)
        """
        return calendar.reckon_add(notice, self.correction_window)

    def fee_lapses(self, calendar: Calendar, notice: _dt.date) -> Reckoned[_dt.date]:
        """The last day of the payment window of a fee notice sent on ``notice``: the
        :attr:`fee_payment_window`-th working day after it (the notice day is day 0)."""
        return calendar.reckon_add(notice, self.fee_payment_window)


class Status(enum.Enum):
    """Where an application stands against its deadline."""

    ON_TIME = "on_time"  #: concluded by the due date (or on the spot): 按时办结
    WITHIN_EXTENSION = "within_extension"  #: concluded after the due date, by the extended one: 延期办结
    LATE = "late"  #: concluded after every valid deadline
    OPEN = "open"  #: not concluded, deadline not passed as of the assessment day (or clock paused)
    OVERDUE = "overdue"  #: not concluded, and past its deadline as of the assessment day
    WAITING_ON_APPLICANT = "waiting_on_applicant"  #: a correction or a fee payment is outstanding


class WaitingOn(enum.Enum):
    """What an open application is waiting for, besides the agency's own work."""

    CORRECTION = "correction"  #: the corrected application (补正), after a correction notice
    FEE = "fee"  #: the payment of an information processing fee, after a fee notice
    CONSULTATION = "consultation"  #: the opinion of a third party or another agency (征求意见)


class FindingCode(enum.Enum):
    """What a :class:`DeadlineFinding` reports."""

    LATE_ANSWER = "late_answer"  #: concluded after the (extended) due date
    ANSWER_BEFORE_RECEIPT = "answer_before_receipt"  #: concluded before the receipt date
    EVENT_BEFORE_RECEIPT = "event_before_receipt"  #: a step dated before the receipt date (ignored)
    EVENT_AFTER_CONCLUSION = "event_after_conclusion"  #: a step after the conclusion (ignored)
    SECOND_RECEIPT = "second_receipt"  #: the application received twice (the first one counts)
    SECOND_CONCLUSION = "second_conclusion"  #: concluded or withdrawn twice (the first one counts)
    SECOND_EXTENSION = "second_extension"  #: a second extension (ignored)
    EXTENSION_AFTER_DEADLINE = "extension_after_deadline"  #: extended after the due date (ignored)
    EXTENSION_TOO_LONG = "extension_too_long"  #: longer than the regulation allows (capped)
    CORRECTION_NOTICE_LATE = "correction_notice_late"  #: notice after 7 working days (2019 art. 30)
    SECOND_CORRECTION = "second_correction"  #: a second correction notice (2019: 一次性告知)
    CORRECTION_WITHOUT_REQUEST = "correction_without_request"  #: corrected application with no notice
    PAUSE_AFTER_DEADLINE = "pause_after_deadline"  #: consultation, correction or fee after the due date
    CONSULTATION_UNMATCHED = "consultation_unmatched"  #: an end without a start, or a start twice
    CONSULTATION_OVERLONG = "consultation_overlong"  #: longer than the party's 15 working days
    FEE_PAID_WITHOUT_NOTICE = "fee_paid_without_notice"  #: a payment with no pending fee notice
    FEE_PAID_LATE = "fee_paid_late"  #: paid after the payment window
    FEE_WINDOW_EXPIRED = "fee_window_expired"  #: still unpaid after the payment window
    CORRECTION_WINDOW_EXPIRED = "correction_window_expired"  #: still not corrected after the window
    ON_THE_SPOT_NOT_SAME_DAY = "on_the_spot_not_same_day"  #: "on the spot" but not on the receipt day


@attrs.frozen
class DeadlineFinding:
    """A late answer or an invalid step in an application's handling.

    Attributes:
        code: what kind of finding it is.
        message: a sentence naming the dates and the rule.
        event_id: the event the finding is about, or ``None`` for the application as a whole.
    """

    code: FindingCode
    message: str
    event_id: str | None = None


@attrs.frozen(kw_only=True)
class Assessment:
    """How one application stands against its legal deadline.

    Attributes:
        application_id: the application.
        regulation: ``"2008"`` or ``"2019"``, by receipt date.
        receipt: the receipt date (收到申请之日).
        effective_start: the day the answer clock (re)started: the receipt date, or the day the corrected
            application was received.
        due_date: the last day to answer without extension, paused time added. While a pause is still
            running it is provisional: the pause is counted up to the assessment day.
        extended_due_date: the last day to answer with the valid extension, or ``None``.
        paused_working_days: working days not counted (consultation, correction wait, fee payment).
        working_days_taken: counted working days from ``effective_start`` to the conclusion, paused
            time excluded; ``None`` while open.
        status: see :class:`Status`.
        concluded_on: the day of the conclusion or withdrawal, or ``None``.
        withdrawn: whether the application ended by withdrawal.
        on_the_spot: whether it was answered on the spot on the receipt day.
        findings: late answers and invalid steps, in event order.
        estimated: whether any date came from an estimated calendar year.
        correction_requested_on: while the clock is stopped for a correction (补正) and the corrected
            application has not arrived: the day of the latest correction notice; else ``None``. The due
            dates are then provisional in a stronger sense: the corrected application restarts the clock in
            full.

            .. versionadded:: 0.1
        waiting_on: while open, every request still unanswered, in :class:`WaitingOn` order: a correction
            notice (one sent after the due date too, which stops no clock), a fee notice, a consultation;
            ``()`` once concluded or withdrawn.
    """

    application_id: str
    regulation: Literal["2008", "2019"]
    receipt: _dt.date
    effective_start: _dt.date
    due_date: _dt.date
    extended_due_date: _dt.date | None
    paused_working_days: int
    working_days_taken: int | None
    status: Status
    concluded_on: _dt.date | None = None
    withdrawn: bool = False
    on_the_spot: bool = False
    findings: tuple[DeadlineFinding, ...] = ()
    estimated: bool = False
    correction_requested_on: _dt.date | None = None
    waiting_on: tuple[WaitingOn, ...] = ()

    @property
    def concluded(self) -> bool:
        """Whether the application has been concluded or withdrawn."""
        return self.concluded_on is not None

    @property
    def extended(self) -> bool:
        """Whether it counts as gov2008's 延期办结 (see :func:`is_extended_conclusion`)."""
        return is_extended_conclusion(self)

    @property
    def late(self) -> bool:
        """Whether it was concluded after every valid deadline."""
        return self.status is Status.LATE

    @property
    def working_days(self) -> int | None:
        """The same as :attr:`working_days_taken` (the name the table fold reads)."""
        return self.working_days_taken


def is_on_time_conclusion(assessment: Assessment) -> bool:
    """Whether the application was concluded on time: gov2008's 按时办结."""
    return assessment.status is Status.ON_TIME


def is_extended_conclusion(assessment: Assessment) -> bool:
    """Whether the application counts as gov2008's 延期办结: concluded after its first due date.

    A late answer (after the extended due date, or after the due date with no valid extension) also
    counts here: the 2008 table has only 按时 and 延期 under 申请办结数, and the lateness is reported as a
    :class:`DeadlineFinding` instead.
    """
    return assessment.status in (Status.WITHIN_EXTENSION, Status.LATE)


_STEP_TYPES = (
    ApplicationReceived,
    CorrectionRequested,
    CorrectionReceived,
    ConsultationStarted,
    ConsultationEnded,
    DeadlineExtended,
    FeeNoticeIssued,
    FeePaid,
    ApplicationWithdrawn,
    ApplicationConcluded,
)
_Step = (
    ApplicationReceived
    | CorrectionRequested
    | CorrectionReceived
    | ConsultationStarted
    | ConsultationEnded
    | DeadlineExtended
    | FeeNoticeIssued
    | FeePaid
    | ApplicationWithdrawn
    | ApplicationConcluded
)


class _Clock:
    """A :class:`~opengov.calendar.Calendar`, remembering whether an estimated year was used."""

    def __init__(self, calendar: Calendar) -> None:
        self._calendar = calendar
        self.estimated = False

    @property
    def calendar(self) -> Calendar:
        return self._calendar

    def note(self, answer: Reckoned[_T]) -> _T:
        """``answer``'s value, remembering whether it was estimated."""
        self.estimated = self.estimated or answer.estimated
        return answer.value

    def add(self, day: _dt.date, n: int) -> _dt.date:
        return self.note(self._calendar.reckon_add(day, n))

    def between(self, start: _dt.date, end: _dt.date) -> int:
        return self.note(self._calendar.reckon_between(start, end))

    def is_working(self, day: _dt.date) -> bool:
        return self.note(self._calendar.reckon_working_day(day))


@attrs.define
class _Pause:
    kind: str
    start: _dt.date
    end: _dt.date | None = None


class _Assessor:
    """The state of one application's clock while its events are read in order."""

    def __init__(
        self, receipt: ApplicationReceived, clock: _Clock, policy: DeadlinePolicy, rule: Regulation
    ) -> None:
        self.receipt = receipt
        self.clock = clock
        self.policy = policy
        self.rule = rule
        self.findings: list[DeadlineFinding] = []
        self.conclusion: ApplicationConcluded | ApplicationWithdrawn | None = None
        self.corrections = 0
        self.correction: Literal["pending", "void"] | None = None
        self.correction_notice: CorrectionRequested | None = None  # the latest notice while one is pending
        self.pending_fee: tuple[FeeNoticeIssued, _Pause | None] | None = None
        self.consultations: dict[str, tuple[ConsultationStarted, _Pause | None]] = {}
        self.pauses: list[_Pause] = []
        self.start = receipt.day
        self.credit = 0
        self.extension = 0
        self.extension_seen = False
        self.restart(receipt.day)

    def restart(self, start: _dt.date) -> None:
        """Start the answer clock afresh on ``start``: earlier pauses no longer apply.

        An extension already granted carries over: it was approved and notified, and dropping it would let
        a correction shorten the time.
        """
        self.start = start
        self.credit = 1 if self.policy.receipt_day_counts and self.clock.is_working(start) else 0
        self.pauses = [p for p in self.pauses if p.end is None]
        for pause in self.pauses:
            pause.start = max(pause.start, start)

    @property
    def budget(self) -> int:
        return self.rule.answer_days - self.credit

    def find(self, code: FindingCode, message: str, event: Event | None = None) -> None:
        self.findings.append(DeadlineFinding(code, message, event.id if event is not None else None))

    def paused(self, horizon: _dt.date) -> int:
        """Working days in the union of the pauses, open ones running to ``horizon``."""
        spans = sorted((p.start, p.end or horizon) for p in self.pauses)
        total = 0
        current: list[_dt.date] | None = None
        for start, end in spans:
            if current is not None and start <= current[1]:
                current[1] = max(current[1], end)
                continue
            if current is not None:
                total += self.clock.between(current[0], current[1])
            current = [start, end]
        if current is not None:
            total += self.clock.between(current[0], current[1])
        return total

    def due(self, horizon: _dt.date, *, extended: bool) -> _dt.date:
        extra = self.extension if extended else 0
        return self.clock.add(self.start, self.budget + self.paused(horizon) + extra)

    def clock_stopped(self) -> bool:
        return any(p.end is None for p in self.pauses)

    def pause(self, kind: str, event: Event) -> _Pause | None:
        """Open a pause on the event's day if the clock is still running, else report it."""
        if not self.clock_stopped():
            due = self.due(event.day, extended=True)
            if event.day > due:
                self.find(
                    FindingCode.PAUSE_AFTER_DEADLINE,
                    f"{kind} began on {event.day} after the due date {due}; its time is counted",
                    event,
                )
                return None
        pause = _Pause(kind, event.day)
        self.pauses.append(pause)
        return pause

    # -- one method per step ---------------------------------------------------------------------------

    def step(self, event: _Step) -> None:
        if isinstance(event, ApplicationReceived):
            self.find(
                FindingCode.SECOND_RECEIPT,
                f"received again on {event.day}; the first receipt ({self.receipt.day}) counts",
                event,
            )
        elif isinstance(event, ApplicationConcluded | ApplicationWithdrawn):
            self.conclude(event)
        elif self.conclusion is not None:
            self.find(
                FindingCode.EVENT_AFTER_CONCLUSION,
                f"{type(event).__name__} on {event.day} after the conclusion on {self.conclusion.day}",
                event,
            )
        elif event.day < self.receipt.day:
            self.find(
                FindingCode.EVENT_BEFORE_RECEIPT,
                f"{type(event).__name__} on {event.day} before the receipt on {self.receipt.day}",
                event,
            )
        elif isinstance(event, CorrectionRequested):
            self.correction_requested(event)
        elif isinstance(event, CorrectionReceived):
            self.correction_received(event)
        elif isinstance(event, ConsultationStarted):
            self.consultation_started(event)
        elif isinstance(event, ConsultationEnded):
            self.consultation_ended(event)
        elif isinstance(event, DeadlineExtended):
            self.extended(event)
        elif isinstance(event, FeeNoticeIssued):
            self.fee_notice(event)
        else:
            self.fee_paid(event)

    def correction_requested(self, event: CorrectionRequested) -> None:
        self.corrections += 1
        if self.corrections > 1 and self.rule.correction_notice_days is not None:
            self.find(
                FindingCode.SECOND_CORRECTION,
                f"correction notice number {self.corrections}: the {self.rule.name} regulation asks for "
                "one notice listing everything to correct (一次性告知)",
                event,
            )
        limit = self.rule.correction_notice_days
        if limit is not None:
            taken = self.clock.between(self.start, event.day)
            if taken > limit:
                self.find(
                    FindingCode.CORRECTION_NOTICE_LATE,
                    f"correction notice on {event.day}, {taken} working days after {self.start}; "
                    f"the {self.rule.name} regulation allows {limit} (第三十条)",
                    event,
                )
        if self.correction == "pending":
            self.correction_notice = event
            return
        self.correction = "pending" if self.pause("correction", event) is not None else "void"
        self.correction_notice = event if self.correction == "pending" else None

    def correction_received(self, event: CorrectionReceived) -> None:
        if self.correction is None:
            self.find(
                FindingCode.CORRECTION_WITHOUT_REQUEST,
                f"corrected application on {event.day} with no correction notice pending; "
                "the clock is not restarted",
                event,
            )
            return
        if self.correction == "pending":
            self.pauses = [p for p in self.pauses if p.kind != "correction"]
            self.restart(event.day)
        self.correction = None
        self.correction_notice = None

    def consultation_started(self, event: ConsultationStarted) -> None:
        if event.consultation_id in self.consultations:
            self.find(
                FindingCode.CONSULTATION_UNMATCHED,
                f"consultation {event.consultation_id!r} started again on {event.day} while still open",
                event,
            )
            return
        self.consultations[event.consultation_id] = (event, self.pause("consultation", event))

    def consultation_ended(self, event: ConsultationEnded) -> None:
        opened = self.consultations.pop(event.consultation_id, None)
        if opened is None:
            self.find(
                FindingCode.CONSULTATION_UNMATCHED,
                f"consultation {event.consultation_id!r} ended on {event.day} but was never started",
                event,
            )
            return
        started, pause = opened
        if pause is not None and pause in self.pauses:
            pause.end = event.day
        limit = self.rule.consultation_days
        if limit is not None:
            length = self.clock.between(started.day, event.day)
            if length > limit:
                self.find(
                    FindingCode.CONSULTATION_OVERLONG,
                    f"consultation {event.consultation_id!r} took {length} working days; the party has "
                    f"{limit} to give its opinion (第三十二条、第三十四条); the whole time is not counted",
                    event,
                )

    def extended(self, event: DeadlineExtended) -> None:
        if self.extension_seen:
            self.find(FindingCode.SECOND_EXTENSION, f"a second extension on {event.day} is ignored", event)
            return
        self.extension_seen = True
        if not self.clock_stopped():
            due = self.due(event.day, extended=False)
            if event.day > due:
                self.find(
                    FindingCode.EXTENSION_AFTER_DEADLINE,
                    f"extension granted on {event.day}, after the due date {due}; it is ignored",
                    event,
                )
                return
        allowed = self.rule.max_extension_days
        if event.working_days > allowed:
            self.find(
                FindingCode.EXTENSION_TOO_LONG,
                f"extension of {event.working_days} working days; the {self.rule.name} regulation allows "
                f"{allowed} ({self.rule.article}); counted as {allowed}",
                event,
            )
        self.extension = min(event.working_days, allowed)

    def fee_notice(self, event: FeeNoticeIssued) -> None:
        if self.pending_fee is not None:
            _, pause = self.pending_fee
            if pause is not None:
                pause.end = event.day
        pause = self.pause("fee payment", event) if self.policy.fee_stops_clock else None
        self.pending_fee = (event, pause)

    def fee_paid(self, event: FeePaid) -> None:
        if self.pending_fee is None:
            self.find(
                FindingCode.FEE_PAID_WITHOUT_NOTICE, f"fee paid on {event.day} with no notice pending", event
            )
            return
        notice, pause = self.pending_fee
        self.pending_fee = None
        if pause is not None:
            pause.end = event.day
        window_end = self.clock.note(self.policy.fee_lapses(self.clock.calendar, notice.day))
        if event.day > window_end:
            self.find(
                FindingCode.FEE_PAID_LATE,
                f"fee paid on {event.day}, after the payment window ended on {window_end}",
                event,
            )

    def conclude(self, event: ApplicationConcluded | ApplicationWithdrawn) -> None:
        if self.conclusion is not None:
            self.find(
                FindingCode.SECOND_CONCLUSION,
                f"concluded again on {event.day}; the first conclusion ({self.conclusion.day}) counts",
                event,
            )
            return
        self.conclusion = event
        if event.day < self.receipt.day:
            self.find(
                FindingCode.ANSWER_BEFORE_RECEIPT,
                f"concluded on {event.day}, before the receipt on {self.receipt.day}",
                event,
            )
        for pause in self.pauses:
            if pause.end is None:
                pause.end = max(event.day, pause.start)

    def windows_lapsed(self, as_of: _dt.date) -> None:
        """A finding for each request the applicant has left unanswered past its window on ``as_of``: the
        pending correction notice (2019 art. 30), then the pending fee notice."""
        fee = self.pending_fee[0] if self.pending_fee is not None else None
        policy = self.policy
        for notice, lapses, code, wording in (
            (
                self.correction_notice,
                policy.correction_lapses,
                FindingCode.CORRECTION_WINDOW_EXPIRED,
                "correction notice of {day} still not answered on {as_of}; the correction window ended on "
                "{end} and the application may be closed as abandoned (申请人无正当理由逾期不补正, 第三十条)",
            ),
            (
                fee,
                policy.fee_lapses,
                FindingCode.FEE_WINDOW_EXPIRED,
                "fee notice of {day} still unpaid on {as_of}; the payment window ended on {end} and the "
                "application may be closed as abandoned",
            ),
        ):
            if notice is None:
                continue
            end = self.clock.note(lapses(self.clock.calendar, notice.day))
            if as_of > end:
                self.find(code, wording.format(day=notice.day, as_of=as_of, end=end), notice)

    # -- the result -------------------------------------------------------------------------------------

    def result(self, as_of: _dt.date | None, last_day: _dt.date) -> Assessment:
        conclusion = self.conclusion
        horizon = conclusion.day if conclusion is not None else (as_of or last_day)
        horizon = max(horizon, self.start)
        paused = self.paused(horizon)
        due = self.clock.add(self.start, self.budget + paused)
        extended_due = (
            self.clock.add(self.start, self.budget + paused + self.extension) if self.extension else None
        )
        on_the_spot = False
        taken: int | None = None
        if conclusion is not None:
            counted = self.clock.between(self.start, conclusion.day) + self.credit - paused
            taken = max(0, counted)
            spot = isinstance(conclusion, ApplicationConcluded) and conclusion.on_the_spot
            if spot and conclusion.day == self.receipt.day:
                on_the_spot = True
            elif spot:
                self.find(
                    FindingCode.ON_THE_SPOT_NOT_SAME_DAY,
                    f"marked as answered on the spot, but on {conclusion.day}, not on the receipt day "
                    f"{self.receipt.day}; judged against the due date",
                    conclusion,
                )
            if on_the_spot or conclusion.day <= due:
                status = Status.ON_TIME
            elif extended_due is not None and conclusion.day <= extended_due:
                status = Status.WITHIN_EXTENSION
            else:
                status = Status.LATE
                last = extended_due or due
                self.find(
                    FindingCode.LATE_ANSWER,
                    f"concluded on {conclusion.day}, after the {'extended ' if extended_due else ''}"
                    f"due date {last} ({self.rule.name} regulation {self.rule.article})",
                    conclusion,
                )
        elif self.correction == "pending" or self.pending_fee is not None:
            status = Status.WAITING_ON_APPLICANT
            if as_of is not None:
                self.windows_lapsed(as_of)
        elif self.clock_stopped():
            status = Status.OPEN
        elif as_of is not None and as_of > (extended_due or due):
            status = Status.OVERDUE
        else:
            status = Status.OPEN
        return Assessment(
            application_id=self.receipt.application_id,
            regulation=self.rule.name,
            receipt=self.receipt.day,
            effective_start=self.start,
            due_date=due,
            extended_due_date=extended_due,
            paused_working_days=paused,
            working_days_taken=taken,
            status=status,
            concluded_on=conclusion.day if conclusion is not None else None,
            withdrawn=isinstance(conclusion, ApplicationWithdrawn),
            on_the_spot=on_the_spot,
            findings=tuple(self.findings),
            estimated=self.clock.estimated,
            correction_requested_on=(
                self.correction_notice.day
                if conclusion is None and self.correction_notice is not None
                else None
            ),
            waiting_on=self.waiting_on() if conclusion is None else (),
        )

    def waiting_on(self) -> tuple[WaitingOn, ...]:
        """The requests read and not answered yet: a correction notice, pending or void, a fee notice, an
        open consultation (:attr:`Assessment.waiting_on`)."""
        waiting = {
            WaitingOn.CORRECTION: self.correction is not None,
            WaitingOn.FEE: self.pending_fee is not None,
            WaitingOn.CONSULTATION: bool(self.consultations),
        }
        return tuple(kind for kind in WaitingOn if waiting[kind])


def assess(
    events_of_one_application: Sequence[Event],
    calendar: Calendar,
    *,
    policy: DeadlinePolicy = DeadlinePolicy(),
    as_of: _dt.date | None = None,
) -> Assessment:
    """Assess one application's handling against its legal deadline.

    Events are read in date order (log order within a day). Events of other types, and every event
    dated after ``as_of``, are left out: the assessment is the application's state at the end of
    ``as_of``. Invalid steps become :class:`DeadlineFinding` objects and do not stop the assessment.

    Args:
        events_of_one_application: the application's events, including its ``ApplicationReceived``.
        calendar: the working-day calendar; an :class:`~opengov.calendar.EstimatingCalendar` marks the
            result ``estimated`` when it guessed a year.
        policy: the day-counting and fee choices; see :class:`DeadlinePolicy`.
        as_of: the assessment day, for ``overdue`` and the fee window; ``None`` means "after every
            event", and an open application is then never ``overdue``.

    Raises:
        ValueError: the events belong to several applications, or none is an ``ApplicationReceived`` on
            or before ``as_of``.
        CalendarDataMissingError: a year the deadline runs through has no calendar data.
    """
    steps: list[_Step] = [
        e
        for e in events_of_one_application
        if isinstance(e, _STEP_TYPES) and (as_of is None or e.day <= as_of)
    ]
    ids = sorted({e.application_id for e in steps})
    if len(ids) > 1:
        raise ValueError(
            f"assess: events of several applications given ({', '.join(map(repr, ids))}); pass one"
        )
    receipt = next((e for e in steps if isinstance(e, ApplicationReceived)), None)
    if receipt is None:
        when = f" on or before {as_of}" if as_of is not None else ""
        raise ValueError(
            f"assess: no ApplicationReceived{when} for application "
            f"{ids[0] if ids else '(none)'}; only received applications have a deadline"
        )
    rule = regulation_for(receipt.day)
    last_day = max(e.day for e in steps)
    concluded = any(isinstance(e, (ApplicationConcluded, ApplicationWithdrawn)) for e in steps)
    try:
        state = _Assessor(receipt, _Clock(calendar), policy, rule)
        for event in sorted(steps, key=lambda e: e.day):
            if event is not receipt:
                state.step(event)
        return state.result(as_of, last_day)
    except CalendarDataMissingError as missing:
        if calendar.estimates or not _decidable_without(missing, concluded=concluded, last_day=last_day):
            raise
    # Every event came before the year the calendar lacks, and the answer with them: every comparison
    # the status rests on is between a known day and a date in that year or later, so it comes out the
    # same whatever that year's holidays are. Only the due dates themselves are guessed, and marked so.
    return assess(events_of_one_application, calendar.estimating(), policy=policy, as_of=as_of)


def _decidable_without(
    missing: CalendarDataMissingError,
    *,
    concluded: bool,
    last_day: _dt.date,
) -> bool:
    """Whether an application can still be judged exactly although ``missing.year`` has no data.

    It can when it is concluded and every one of its events falls before that year: the answer then came
    before any due date in the missing year (``conclusion < 1 January ≤ due``), and the working days it
    took are counted on known days only.
    """
    return missing.year is not None and concluded and last_day.year < missing.year


def assessor(
    calendar: Calendar,
    *,
    policy: DeadlinePolicy = DeadlinePolicy(),
    as_of: _dt.date | None = None,
) -> Callable[[Sequence[Event]], Assessment]:
    """:func:`assess` with its calendar, policy and assessment day fixed: what a table fold takes.

    >>> from opengov.calendar import WorkingCalendar
    >>> judge = assessor(WorkingCalendar.default())
    >>> callable(judge)
    True

    Args:
        calendar: the working-day calendar (see :func:`assess`).
        policy: the day-counting and fee choices.
        as_of: the assessment day, or ``None``.
    """

    def judge(events_of_one_application: Sequence[Event]) -> Assessment:
        return assess(events_of_one_application, calendar, policy=policy, as_of=as_of)

    return judge


_renamed = renamed(__name__, {"Finding": "DeadlineFinding"})


def __getattr__(name: str) -> object:
    """``Finding``, the old name of :class:`DeadlineFinding` (deprecated, removed in the next release)."""
    return _renamed(name)
