"""How one concluded application's answer stood in time, computed on the calendar table: the fold's
hot path of :func:`opengov.deadlines.assess`.

The fold counts every answer of its period as on time, extended or late, with the working days it took.
``assess`` says that and much more (findings with their sentences, provisional due dates of open
applications, estimates), on attrs events, asking the calendar one question at a time. For the fold's
question it is the cost that dominates a replay, so :func:`answer_timing` reads the same rules once more,
keeping only what decides the three numbers:

- it works on ordinals against the calendar's day → working-days table (a due date or a count of working
  days is two list lookups) and on wire records as well as attrs events (it reads ``TAG``, never the
  class);
- it leaves out everything that only words a finding (a late correction notice, an overlong
  consultation, a late fee payment);
- it answers ``None`` — and the caller asks ``assess`` — whenever a day it would look up lies outside the
  table's run of held years, or its first event is not the receipt, so a missing calendar year is
  reported, or estimated, by ``assess`` alone.

Where it answers, it answers what ``assess`` says (``tests/test_timing.py`` checks it on generated
lifecycles with every kind of step, out-of-order and repeated steps, and boundary dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from opengov import events as ev
from opengov.calendar import WorkingCalendar, _Run
from opengov.deadlines import DeadlinePolicy, regulation_for

__all__ = ["AnswerTiming", "answer_timing", "receipt_answer"]

_RECEIVED = ev.ApplicationReceived.TAG
_CONCLUDED = ev.ApplicationConcluded.TAG
_WITHDRAWN = ev.ApplicationWithdrawn.TAG
_CORRECTION_REQUESTED = ev.CorrectionRequested.TAG
_CORRECTION_RECEIVED = ev.CorrectionReceived.TAG
_CONSULTATION_STARTED = ev.ConsultationStarted.TAG
_CONSULTATION_ENDED = ev.ConsultationEnded.TAG
_EXTENDED = ev.DeadlineExtended.TAG
_FEE_NOTICE = ev.FeeNoticeIssued.TAG
_FEE_PAID = ev.FeePaid.TAG
_CONCLUSIONS = frozenset((_CONCLUDED, _WITHDRAWN))
_STEPS = frozenset(
    (
        _RECEIVED,
        _CONCLUDED,
        _WITHDRAWN,
        _CORRECTION_REQUESTED,
        _CORRECTION_RECEIVED,
        _CONSULTATION_STARTED,
        _CONSULTATION_ENDED,
        _EXTENDED,
        _FEE_NOTICE,
        _FEE_PAID,
    )
)


class AnswerTiming(NamedTuple):
    """How an answer stood against its deadline: what the fold counts (a :class:`opengov.fold.Timing`)."""

    extended: bool
    late: bool
    working_days: int


_ON_TIME: dict[int, AnswerTiming] = {}
"""On-time results by working days taken, shared: most answers are on time, and a result is a value."""


class _Outside(Exception):
    """A day to look up lies outside the table: ``assess`` answers instead."""


class _Pause:
    __slots__ = ("end", "kind", "start")

    def __init__(self, kind: str, start: int) -> None:
        self.kind = kind
        self.start = start
        self.end: int | None = None


def answer_timing(
    events: Sequence[Any], calendar: WorkingCalendar, policy: DeadlinePolicy
) -> AnswerTiming | None:
    """The timing of a concluded application — ``events`` its receipt first, then its steps and its
    conclusion in log order — or ``None`` when :func:`opengov.deadlines.assess` must answer (a day
    outside the calendar table, no receipt first, no conclusion).

    Mirrors ``assess(events, calendar, policy=policy)`` step by step: events in date order (log order
    within a day); steps before the receipt or after the conclusion, a second receipt, conclusion or
    extension are ignored; a correction notice pauses the clock and the corrected application restarts it;
    consultations and (by policy) fee payment pause it; a pause or an extension after the due date does
    not count; the extension is capped at the regulation's maximum. The receipt and its answer alone (most
    applications) are timed without sorting or pauses.
    """
    receipt = events[0]
    if receipt.TAG != _RECEIVED:
        return None
    if len(events) == 2:
        conclusion = events[1]
        if conclusion.TAG not in _CONCLUSIONS:
            return None
        return receipt_answer(receipt, conclusion, calendar, policy)
    table = calendar._tables.get(receipt.day.year)
    if table is None:
        return None
    first, count = table.first, table.count
    received_on = receipt.day.toordinal()
    rule = regulation_for(receipt.day)
    credit = _credit(table, received_on) if policy.receipt_day_counts else 0
    try:
        found = _steps(events, receipt, table, rule.answer_days, rule.max_extension_days, credit, policy)
    except _Outside:
        return None
    if found is None:
        return None
    conclusion, concluded_on, start, credit, total, extension = found
    budget = rule.answer_days - credit + total
    due = _add(table, start, budget)
    if due is None:
        return None
    taken = count[concluded_on - first] - count[start - first] + credit - total
    if taken < 0:
        taken = 0
    if concluded_on <= due or (
        concluded_on == received_on and conclusion.TAG == _CONCLUDED and conclusion.on_the_spot
    ):
        return _on_time(taken)
    if not extension:
        return AnswerTiming(True, True, taken)
    extended_due = _add(table, start, budget + extension)
    if extended_due is None:
        return None
    return AnswerTiming(True, concluded_on > extended_due, taken)


def receipt_answer(
    receipt: Any, conclusion: Any, calendar: WorkingCalendar, policy: DeadlinePolicy
) -> AnswerTiming | None:
    """:func:`answer_timing` of an application that is its receipt and its conclusion (or withdrawal) and
    nothing else — most applications: no pause, no extension, no sorting, and the due date of each
    receipt day looked up once per calendar table and policy."""
    day = receipt.day
    table = calendar._tables.get(day.year)
    if table is None:
        return None
    concluded_on = conclusion.day.toordinal()
    first = table.first
    if not first <= concluded_on <= table.last:
        return None
    received_on = day.toordinal()
    counts_receipt_day = policy.receipt_day_counts
    dues = table.dues[counts_receipt_day]
    known = dues.get(received_on)
    if known is None:
        credit = _credit(table, received_on) if counts_receipt_day else 0
        due = _add(table, received_on, regulation_for(day).answer_days - credit)
        if due is None:
            return None
        known = dues[received_on] = (due, table.count[received_on - first] - credit)
    due, before = known
    taken = table.count[concluded_on - first] - before
    if taken < 0:
        taken = 0
    if concluded_on <= due or (
        concluded_on == received_on and conclusion.TAG == _CONCLUDED and conclusion.on_the_spot
    ):
        timing = _ON_TIME.get(taken)
        return _on_time(taken) if timing is None else timing
    return AnswerTiming(True, True, taken)


def _on_time(taken: int) -> AnswerTiming:
    timing = _ON_TIME.get(taken)
    if timing is None:
        timing = _ON_TIME[taken] = AnswerTiming(False, False, taken)
    return timing


def _add(table: _Run, day: int, n: int) -> int | None:
    """The ``n``-th working day after the day of ordinal ``day``, or ``None`` outside the table."""
    if n <= 0:
        return day if n == 0 else None
    index = table.count[day - table.first] + n - 1
    return table.days[index] if index < len(table.days) else None


def _credit(table: _Run, day: int) -> int:
    """1 when the day of ordinal ``day`` is a working day (the receipt day counts), else 0."""
    index = day - table.first
    return 1 if table.count[index] != (table.count[index - 1] if index else 0) else 0


def _steps(
    events: Sequence[Any],
    receipt: Any,
    table: _Run,
    answer_days: int,
    max_extension: int,
    credit: int,
    policy: DeadlinePolicy,
) -> tuple[Any, int, int, int, int, int] | None:
    """The steps of an application read in date order, as ``assess`` reads them: its conclusion and the
    day of it, the day the answer clock last started, the receipt-day credit then, the working days
    paused, and the valid extension; ``None`` without a conclusion.

    Raises:
        _Outside: a day to look up lies outside the table.
    """
    first, last, count = table.first, table.last, table.count
    received_on = receipt.day.toordinal()
    steps: list[tuple[int, int, Any]] = []  # by day, then log order
    for number, event in enumerate(events):
        if event.TAG not in _STEPS:
            raise _Outside
        ordinal = event.day.toordinal()
        if not first <= ordinal <= last:
            raise _Outside
        steps.append((ordinal, number, event))
    steps.sort()

    def add(day: int, n: int) -> int:
        found = _add(table, day, n)
        if found is None:
            raise _Outside
        return found

    start = received_on
    pauses: list[_Pause] = []

    def paused(horizon: int) -> int:
        if not pauses:
            return 0
        if len(pauses) == 1:
            (only,) = pauses
            return count[(horizon if only.end is None else only.end) - first] - count[only.start - first]
        spans = sorted((p.start, horizon if p.end is None else p.end) for p in pauses)
        total = 0
        low = high = None
        for span_start, span_end in spans:
            if high is not None and span_start <= high:
                high = max(high, span_end)
                continue
            if low is not None and high is not None:
                total += count[high - first] - count[low - first]
            low, high = span_start, span_end
        if low is not None and high is not None:
            total += count[high - first] - count[low - first]
        return total

    def stopped() -> bool:
        for p in pauses:  # noqa: SIM110 (any() of a generator costs a generator per call, a hot path)
            if p.end is None:
                return True
        return False

    extension = 0
    extension_seen = False
    correction: str | None = None
    pending_fee: tuple[int, _Pause | None] | None = None
    consultations: dict[str, _Pause | None] = {}
    conclusion: Any = None
    concluded_on = 0

    def pause(kind: str, day: int) -> _Pause | None:
        if not stopped() and day > add(start, answer_days - credit + paused(day) + extension):
            return None
        opened = _Pause(kind, day)
        pauses.append(opened)
        return opened

    for day, _, event in steps:
        if event is receipt:
            continue
        tag = event.TAG
        if tag == _RECEIVED:
            continue
        if tag in _CONCLUSIONS:
            if conclusion is None:
                conclusion, concluded_on = event, day
                for p in pauses:
                    if p.end is None:
                        p.end = max(day, p.start)
            continue
        if conclusion is not None or day < received_on:
            continue
        if tag == _CORRECTION_REQUESTED:
            if correction != "pending":
                correction = "pending" if pause("correction", day) is not None else "void"
        elif tag == _CORRECTION_RECEIVED:
            if correction == "pending":
                pauses = [p for p in pauses if p.kind != "correction" and p.end is None]
                start = day
                credit = _credit(table, day) if policy.receipt_day_counts else 0
                for p in pauses:
                    p.start = max(p.start, day)
            correction = None
        elif tag == _CONSULTATION_STARTED:
            if event.consultation_id not in consultations:
                consultations[event.consultation_id] = pause("consultation", day)
        elif tag == _CONSULTATION_ENDED:
            if event.consultation_id in consultations:
                opened = consultations.pop(event.consultation_id)
                if opened is not None and opened in pauses:  # a pause equals itself alone
                    opened.end = day
        elif tag == _EXTENDED:
            if not extension_seen:
                extension_seen = True
                if stopped() or day <= add(start, answer_days - credit + paused(day)):
                    extension = min(event.working_days, max_extension)
        elif tag == _FEE_NOTICE:
            if pending_fee is not None and pending_fee[1] is not None:
                pending_fee[1].end = day
            pending_fee = (day, pause("fee payment", day) if policy.fee_stops_clock else None)
        elif pending_fee is not None:  # a fee paid: assess looks its window's end up, so must this
            notice, opened = pending_fee
            pending_fee = None
            if opened is not None:
                opened.end = day
            add(notice, policy.fee_payment_window)
    if conclusion is None:
        return None
    return conclusion, concluded_on, start, credit, paused(max(concluded_on, start)), extension
