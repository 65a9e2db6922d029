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


class _OnTime(dict[int, AnswerTiming]):
    """On-time results by working days taken, made once and shared: most answers are on time, and a
    result is a value."""

    def __missing__(self, taken: int) -> AnswerTiming:
        timing = self[taken] = AnswerTiming(False, False, taken)
        return timing


_ON_TIME = _OnTime()


class _Outside(Exception):
    """A day to look up lies outside the table: ``assess`` answers instead."""


class _Pause:
    """An open pause of the answer clock: the day it started (moved to a restart's day)."""

    __slots__ = ("start",)

    def __init__(self, start: int) -> None:
        self.start = start


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

    An answer on the receipt day is always on time (the due date is at least 14 working days later), so
    ``assess``'s "on the spot" never changes the result here.
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
    rule = regulation_for(receipt.day)
    found = _in_date_order(events, table, rule.answer_days, rule.max_extension_days, policy)
    if found is None:
        try:
            found = _steps(events, table, rule.answer_days, rule.max_extension_days, policy)
        except _Outside:
            return None
    if found is None:
        return None
    concluded_on, start, credit, total, extension = found
    budget = rule.answer_days - credit + total
    due = _add(table, start, budget)
    if due is None:
        return None
    if concluded_on < start:  # answered before it was received: no working day taken, on time
        return _ON_TIME[0]
    first, count = table.first, table.count
    taken = count[concluded_on - first] - count[start - first] + credit - total
    if concluded_on <= due:
        return _ON_TIME[taken]
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
    receipt day worked out once per calendar table and policy."""
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
    if concluded_on < received_on:  # answered before it was received: no working day taken, on time
        return _ON_TIME[0]
    taken = table.count[concluded_on - first] - before
    if concluded_on <= due:
        return _ON_TIME[taken]
    return AnswerTiming(True, True, taken)


def _add(table: _Run, day: int, n: int) -> int | None:
    """The ``n``-th working day (``n`` ≥ 1) after the day of ordinal ``day``, or ``None`` outside the
    table."""
    index = table.count[day - table.first] + n - 1
    return table.days[index] if index < len(table.days) else None


def _credit(table: _Run, day: int) -> int:
    """1 when the day of ordinal ``day`` is a working day (the receipt day counts), else 0: how much the
    count of working days grows on it."""
    index = day - table.first
    return table.count[index] - (table.count[index - 1] if index else 0)


def _in_date_order(
    events: Sequence[Any], table: _Run, answer_days: int, max_extension: int, policy: DeadlinePolicy
) -> tuple[int, int, int, int, int] | None:
    """What :func:`_steps` finds, for the two commonest shapes after the receipt and its answer alone, when
    their days are in log order and inside the table: a receipt, an extension and the answer; a receipt, a
    correction notice, the corrected application and the answer. No sorting and no pauses: the extension
    counts when it is made by the due date; a notice made by the due date restarts the clock on the day of
    the corrected application, one made after it is void. ``None`` for any other application, which
    :func:`_steps` reads."""
    count = len(events)
    if count == 3:
        extended, answer = events[1], events[2]
        if extended.TAG != _EXTENDED or answer.TAG not in _CONCLUSIONS:
            return None
    elif count == 4:
        asked, corrected, answer = events[1], events[2], events[3]
        if asked.TAG != _CORRECTION_REQUESTED or corrected.TAG != _CORRECTION_RECEIVED:
            return None
        if answer.TAG not in _CONCLUSIONS:
            return None
    else:
        return None
    received_on = events[0].day.toordinal()
    step_on = events[1].day.toordinal()
    concluded_on = answer.day.toordinal()
    if count == 4:
        corrected_on = corrected.day.toordinal()
        if not received_on <= step_on <= corrected_on <= concluded_on <= table.last:
            return None
    elif not received_on <= step_on <= concluded_on <= table.last:
        return None
    credit = _credit(table, received_on) if policy.receipt_day_counts else 0
    due = _add(table, received_on, answer_days - credit)
    if due is None:
        return None
    if count == 3:
        extension = min(extended.working_days, max_extension) if step_on <= due else 0
        return concluded_on, received_on, credit, 0, extension
    if step_on > due:  # a notice after the due date is void: the corrected application changes nothing
        return concluded_on, received_on, credit, 0, 0
    credit = _credit(table, corrected_on) if policy.receipt_day_counts else 0
    return concluded_on, corrected_on, credit, 0, 0


def _steps(
    events: Sequence[Any], table: _Run, answer_days: int, max_extension: int, policy: DeadlinePolicy
) -> tuple[int, int, int, int, int] | None:
    """The steps of an application read in date order, as ``assess`` reads them, up to its conclusion:
    the day of the conclusion, the day the answer clock last started, the receipt-day credit then, the
    working days paused since, and the valid extension; ``None`` without a conclusion.

    Raises:
        _Outside: a day to look up lies outside the table.
    """
    first, last, count = table.first, table.last, table.count
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

    received_on = start = events[0].day.toordinal()
    credit = _credit(table, received_on) if policy.receipt_day_counts else 0
    running: list[_Pause] = []  # the open pauses
    spans: list[tuple[int, int]] = []  # the closed pauses since the clock last started: (start, end)

    def paused() -> int:
        # the working days in the closed pauses, overlaps counted once; asked only when none is open
        if not spans:
            return 0
        if len(spans) == 1:
            ((low, high),) = spans
            return count[high - first] - count[low - first]
        total = 0
        reach = first
        for low, high in sorted(spans):
            low = max(low, reach)
            reach = max(high, low)
            total += count[reach - first] - count[low - first]
        return total

    def pause(day: int) -> _Pause | None:
        # a pause from ``day``, or None when the clock runs and its due date has passed
        if not running and day > add(start, answer_days - credit + paused() + extension):
            return None
        opened = _Pause(day)
        running.append(opened)
        return opened

    def close(opened: _Pause, day: int) -> None:
        running.remove(opened)
        spans.append((opened.start, day))

    extension = 0
    extended_on: int | None = None  # the first extension's day: a later one is ignored
    correction: _Pause | None = None  # the pause of the correction notice the clock waits on
    pending_fee: tuple[int, _Pause | None] | None = None  # the fee notice's day and pause
    consultations: dict[str, _Pause | None] = {}
    for day, _, event in steps:
        tag = event.TAG
        if tag == _RECEIVED:
            continue
        if tag in _CONCLUSIONS:
            for opened in running:
                spans.append((opened.start, day))
            return day, start, credit, paused(), extension
        if day < received_on:
            continue
        if tag == _CORRECTION_REQUESTED:
            if correction is None:
                correction = pause(day)
        elif tag == _CORRECTION_RECEIVED:
            if correction is not None:  # the clock starts again: pauses closed so far no longer count
                running.remove(correction)
                spans.clear()
                for opened in running:
                    opened.start = day
                start = day
                credit = _credit(table, day) if policy.receipt_day_counts else 0
                correction = None
        elif tag == _CONSULTATION_STARTED:
            if event.consultation_id not in consultations:
                consultations[event.consultation_id] = pause(day)
        elif tag == _CONSULTATION_ENDED:
            ended = consultations.pop(event.consultation_id, None)
            if ended is not None:
                close(ended, day)
        elif tag == _EXTENDED:
            if extended_on is None:
                extended_on = day
                if running or day <= add(start, answer_days - credit + paused()):
                    extension = min(event.working_days, max_extension)
        elif tag == _FEE_NOTICE:
            if pending_fee is not None and pending_fee[1] is not None:
                close(pending_fee[1], day)
            pending_fee = (day, pause(day) if policy.fee_stops_clock else None)
        elif pending_fee is not None:  # a fee paid: assess looks its window's end up, so must this
            notice, fee_pause = pending_fee
            pending_fee = None
            if fee_pause is not None:
                close(fee_pause, day)
            add(notice, policy.fee_payment_window)
    return None
