"""The fold's answer timing on the calendar table (``opengov._timing``) says what
:func:`opengov.deadlines.assess` says of every concluded application it answers for — on attrs events and
on wire records alike — and leaves to ``assess`` only what lies outside the calendar table."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import near_boundaries

from opengov import _timing as _timing_module
from opengov import events as ev
from opengov import wire
from opengov._timing import AnswerTiming, answer_timing
from opengov.calendar import WorkingCalendar
from opengov.codec import encode_line
from opengov.deadlines import REVISED_REGULATION_IN_FORCE, DeadlinePolicy, assess

CALENDAR = WorkingCalendar.default()
HELD = CALENDAR.years
GAPPED = WorkingCalendar(tuple(y for y in CALENDAR._data if y.year not in (2012, 2020)))
"""The official years but 2012 and 2020: three runs of held years, so the table's edges are crossed."""

_EXTENSIONS = (10, 15, 20)
"""Extensions whose extended due dates the generated steps fall on and around."""

_KINDS = (
    "correction_requested",
    "correction_received",
    "consultation_started",
    "consultation_ended",
    "deadline_extended",
    "fee_notice_issued",
    "fee_paid",
    "application_received",
    "application_concluded",
    "application_withdrawn",
)


def _step(kind: str, number: int, day: dt.date, draw: st.DrawFn) -> ev.Event:
    common: dict[str, Any] = {"id": f"s{number}", "agency": "a", "at": day, "application_id": "A"}
    if kind == "correction_requested":
        return ev.CorrectionRequested(**common)
    if kind == "correction_received":
        return ev.CorrectionReceived(**common)
    if kind == "consultation_started":
        party = draw(st.sampled_from(ev.ConsultedParty))
        return ev.ConsultationStarted(**common, consultation_id=draw(st.sampled_from("xy")), party=party)
    if kind == "consultation_ended":
        return ev.ConsultationEnded(**common, consultation_id=draw(st.sampled_from("xy")))
    if kind == "deadline_extended":
        return ev.DeadlineExtended(
            **common, working_days=draw(st.sampled_from(_EXTENSIONS) | st.integers(1, 30))
        )
    if kind == "fee_notice_issued":
        scheme = draw(st.sampled_from(ev.FeeScheme))
        return ev.FeeNoticeIssued(**common, scheme=scheme, quantity=1, amount=Decimal(100))
    if kind == "fee_paid":
        return ev.FeePaid(**common, amount=Decimal(100))
    if kind == "application_received":
        return _receipt(common, draw)
    if kind == "application_withdrawn":
        return ev.ApplicationWithdrawn(**common)
    disposition = draw(st.sampled_from([d for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN]))
    return ev.ApplicationConcluded(**common, disposition=disposition, on_the_spot=draw(st.booleans()))


def _receipt(common: dict[str, Any], draw: st.DrawFn) -> ev.ApplicationReceived:
    return ev.ApplicationReceived(
        **common,
        channel=draw(st.sampled_from(ev.ApplicationChannel)),
        applicant=draw(st.sampled_from(ev.ApplicantKind)),
    )


def _received_on(day: dt.date) -> ev.ApplicationReceived:
    return ev.ApplicationReceived(
        id="r",
        agency="a",
        at=day,
        application_id="A",
        channel=ev.ApplicationChannel.ONLINE,
        applicant=ev.ApplicantKind.NATURAL_PERSON,
    )


@st.composite
def lifecycles(draw: st.DrawFn, shape: tuple[str, ...] | None = None) -> list[ev.Event]:
    """A received application, then up to eight steps of any kind on days around it (before it too, out
    of date order, repeated, on its first due date and the days either side), and a conclusion or
    withdrawal somewhere among them; or, with ``shape``, those steps in that log order (their days drawn
    alike)."""
    day = draw(near_boundaries(dt.date(2004, 1, 1), dt.date(2027, 2, 1)))
    events: list[ev.Event] = [_receipt({"id": "r", "agency": "a", "at": day, "application_id": "A"}, draw)]
    kinds = list(shape) if shape is not None else draw(st.lists(st.sampled_from(_KINDS), max_size=8))
    if not any(k in ("application_concluded", "application_withdrawn") for k in kinds):
        kinds.append(draw(st.sampled_from(("application_concluded", "application_withdrawn"))))
    around_due = [day]
    if HELD[0] <= day.year < HELD[-1]:  # the due date, extended or not, and the days either side
        answer_days = 15 if day < REVISED_REGULATION_IN_FORCE else 20
        dues = [CALENDAR.add_working_days(day, answer_days + extra) for extra in (0, *_EXTENSIONS)]
        around_due = [due + dt.timedelta(days=shift) for due in dues for shift in (-1, 0, 1)]
    for number, kind in enumerate(kinds):
        when = draw(
            st.one_of(
                st.integers(-5, 10).map(lambda n: day + dt.timedelta(days=n)),
                st.integers(0, 80).map(lambda n: day + dt.timedelta(days=n)),
                st.sampled_from(around_due),
            )
        )
        events.append(_step(kind, number, when, draw))
    return events


def _as_assessed(events: list[ev.Event], calendar: WorkingCalendar, policy: DeadlinePolicy) -> Any:
    assessment = assess(events, calendar, policy=policy)
    return assessment.extended, assessment.late, assessment.working_days


def _records(events: list[ev.Event]) -> list[Any]:
    lines = "\n".join(encode_line(e) for e in events).encode()
    records = list(wire.iter_records(io.BytesIO(lines)))
    assert all(isinstance(r, wire.WireRecord) for r in records)
    return records


policies = st.builds(
    DeadlinePolicy,
    receipt_day_counts=st.booleans(),
    fee_stops_clock=st.booleans(),
    fee_payment_window=st.integers(1, 30),
)


@settings(max_examples=800, deadline=None)
@given(lifecycles(), policies, st.sampled_from([CALENDAR, GAPPED]))
def test_answer_timing_equals_assess(
    events: list[ev.Event], policy: DeadlinePolicy, calendar: WorkingCalendar
) -> None:
    """Where the table answers, it answers what assess says, from events and from wire records."""
    _equals_assess(events, policy, calendar)


def _equals_assess(events: list[ev.Event], policy: DeadlinePolicy, calendar: WorkingCalendar) -> None:
    timing = answer_timing(events, calendar, policy)
    if timing is None:
        return
    expected = _as_assessed(events, calendar, policy)
    assert expected == (timing.extended, timing.late, timing.working_days)
    again = answer_timing(_records(events), calendar, policy)
    assert again is not None
    assert expected == (again.extended, again.late, again.working_days)


SHAPES = (
    ("deadline_extended", "application_concluded"),
    ("deadline_extended", "application_withdrawn"),
    ("correction_requested", "correction_received", "application_concluded"),
    ("correction_requested", "correction_received", "application_withdrawn"),
)
"""After the receipt: the commonest shapes after the receipt and its answer alone, which are timed without
sorting when their days are in log order (``_timing._in_date_order``)."""


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(SHAPES).flatmap(lambda shape: lifecycles(shape)),
    policies,
    st.sampled_from([CALENDAR, GAPPED]),
)
def test_the_commonest_shapes_are_timed_as_assess_times_them(
    events: list[ev.Event], policy: DeadlinePolicy, calendar: WorkingCalendar
) -> None:
    """A receipt, an extension and the answer; a receipt, a correction notice, the corrected application
    and the answer — on days in and out of log order, on and around the due dates: what assess says."""
    _equals_assess(events, policy, calendar)


def test_the_commonest_shapes_in_date_order_are_timed_without_sorting() -> None:
    """The worked examples below, in date order, are read by the short road (so the property above tests
    it), and a step out of date order is left to the general one."""
    received = _received_on(dt.date(2024, 3, 1))
    extended = ev.DeadlineExtended(
        id="x", agency="a", at=dt.date(2024, 3, 20), application_id="A", working_days=10
    )
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=dt.date(2024, 4, 15), application_id="A")
    calendar_table = CALENDAR._tables[2024]
    found = _timing_module._in_date_order(
        [received, extended, answer], calendar_table, 20, 30, DeadlinePolicy()
    )
    assert (dt.date(2024, 4, 15).toordinal(), dt.date(2024, 3, 1).toordinal(), 0, 0, 10) == found
    early = attrs.evolve(extended, at=dt.date(2024, 2, 29))
    assert (
        _timing_module._in_date_order([received, early, answer], calendar_table, 20, 30, DeadlinePolicy())
        is None
    )


@settings(max_examples=300, deadline=None)
@given(lifecycles(), policies)
def test_answer_timing_answers_inside_the_table(events: list[ev.Event], policy: DeadlinePolicy) -> None:
    """Every application whose days and due dates lie well inside the held years is timed by the table."""
    if not all(HELD[0] < e.day.year < HELD[-1] for e in events):
        return
    assert answer_timing(events, CALENDAR, policy) is not None


def test_answer_timing_leaves_days_outside_the_table_to_assess() -> None:
    """A due date in a year the calendar lacks, or a receipt in one, is for assess to judge or report."""
    late_december = dt.date(HELD[-1], 12, 20)
    received = _received_on(late_december)
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=late_december, application_id="A")
    assert answer_timing([received, answer], CALENDAR, DeadlinePolicy()) is None
    outside = dt.date(HELD[-1] + 1, 3, 2)
    received = _received_on(outside)
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=outside, application_id="A")
    assert answer_timing([received, answer], CALENDAR, DeadlinePolicy()) is None


def test_a_correction_restarts_the_clock() -> None:
    """A worked example from outside the code: 2024-03-01 (Fri) received, correction asked on 3-04 and
    received on 3-11; 20 working days from 3-11 is 4-09 (Qingming 4-04/05 off, 4-07 worked): on time."""
    day = dt.date(2024, 3, 1)
    received = _received_on(day)
    asked = ev.CorrectionRequested(id="q", agency="a", at=dt.date(2024, 3, 4), application_id="A")
    back = ev.CorrectionReceived(id="b", agency="a", at=dt.date(2024, 3, 11), application_id="A")
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=dt.date(2024, 4, 9), application_id="A")
    timing = answer_timing([received, asked, back, answer], CALENDAR, DeadlinePolicy())
    assert (False, False, 20) == (timing.extended, timing.late, timing.working_days) if timing else None
    late = ev.ApplicationWithdrawn(id="w", agency="a", at=dt.date(2024, 4, 10), application_id="A")
    timing = answer_timing([received, asked, back, late], CALENDAR, DeadlinePolicy())
    assert (True, True, 21) == (timing.extended, timing.late, timing.working_days) if timing else None


def test_an_extension_moves_the_due_date() -> None:
    """A worked example from outside the code: received 2024-03-01 (Fri), due 3-29 (20 working days),
    extended on 3-20 by 10 working days to 4-15 (Qingming 4-04/05 off, Sunday 4-07 worked)."""
    received = _received_on(dt.date(2024, 3, 1))
    extended = ev.DeadlineExtended(
        id="x", agency="a", at=dt.date(2024, 3, 20), application_id="A", working_days=10
    )
    outcomes = []
    for day in (dt.date(2024, 3, 29), dt.date(2024, 4, 1), dt.date(2024, 4, 15), dt.date(2024, 4, 16)):
        answer = ev.ApplicationWithdrawn(id="w", agency="a", at=day, application_id="A")
        timing = answer_timing([received, extended, answer], CALENDAR, DeadlinePolicy())
        outcomes.append((timing.extended, timing.late, timing.working_days) if timing else None)
    assert [(False, False, 20), (True, False, 21), (True, False, 30), (True, True, 31)] == outcomes


# --- worked examples for the pause arithmetic and the table's edges, counted by hand on the State Council's
# 2024 arrangement (March has no day off; Qingming 4-04..4-06 off, Sunday 4-07 worked) -------------------

MARCH_1 = dt.date(2024, 3, 1)  # a Friday: 20 working days later is 3-29


def _d(month: int, day: int, year: int = 2024) -> dt.date:
    return dt.date(year, month, day)


def _consultation(number: int, key: str, started: dt.date, ended: dt.date | None) -> list[ev.Event]:
    common: dict[str, Any] = {"agency": "a", "application_id": "A", "consultation_id": key}
    opened = ev.ConsultationStarted(
        id=f"cs{number}", at=started, party=ev.ConsultedParty.THIRD_PARTY, **common
    )
    if ended is None:
        return [opened]
    return [opened, ev.ConsultationEnded(id=f"ce{number}", at=ended, **common)]


def _fee(notice: dt.date, paid: dt.date) -> list[ev.Event]:
    common: dict[str, Any] = {"agency": "a", "application_id": "A"}
    return [
        ev.FeeNoticeIssued(
            id="fn", at=notice, scheme=ev.FeeScheme.PER_COUNT, quantity=1, amount=Decimal(100), **common
        ),
        ev.FeePaid(id="fp", at=paid, amount=Decimal(100), **common),
    ]


def _answered(steps: list[ev.Event], on: dt.date, policy: DeadlinePolicy | None = None) -> Any:
    received = _received_on(MARCH_1)
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=on, application_id="A")
    timing = answer_timing([received, *steps, answer], CALENDAR, policy or DeadlinePolicy())
    return None if timing is None else (timing.extended, timing.late, timing.working_days)


def test_three_separate_pauses_add_up() -> None:
    """Consultations 3-04..3-06 and 3-11..3-13 and a fee 3-18..3-20: 2 + 2 + 2 working days paused, so
    the due date moves from 3-29 by 6 working days (4-01, 4-02, 4-03, 4-07, 4-08, 4-09) to 4-09."""
    steps = [
        *_consultation(1, "x", _d(3, 4), _d(3, 6)),
        *_consultation(2, "y", _d(3, 11), _d(3, 13)),
        *_fee(_d(3, 18), _d(3, 20)),
    ]
    assert [(False, False, 20), (True, True, 21)] == [_answered(steps, _d(4, 9)), _answered(steps, _d(4, 10))]


def test_overlapping_pauses_count_once_and_a_later_one_still_counts() -> None:
    """Consultations 3-04..3-08 and 3-06..3-11 overlap: 3-05..3-11 is 5 working days; a fee 3-18..3-20
    adds 2: due 3-29 + 7 working days = 4-10."""
    steps = [
        *_consultation(1, "x", _d(3, 4), _d(3, 8)),
        *_consultation(2, "y", _d(3, 6), _d(3, 11)),
        *_fee(_d(3, 18), _d(3, 20)),
    ]
    assert [(False, False, 20), (True, True, 21)] == [
        _answered(steps, _d(4, 10)),
        _answered(steps, _d(4, 11)),
    ]


def test_a_pause_after_the_first_due_date_counts_when_an_earlier_pause_moved_it() -> None:
    """A consultation 3-04..3-06 (2 days) moves the due date to 4-02, so a fee notice on 4-01, after the
    first due date 3-29, still pauses the clock until the fee is paid on 4-03 (2 more): due 4-07."""
    steps = [*_consultation(1, "x", _d(3, 4), _d(3, 6)), *_fee(_d(4, 1), _d(4, 3))]
    assert (False, False, 20) == _answered(steps, _d(4, 7))


def test_a_pause_after_the_due_date_does_not_count_when_the_receipt_day_counts() -> None:
    """The receipt day (Friday 3-01) counting, the due date is 3-28; a fee notice on 3-29 comes too late to
    pause, so an answer on 4-02 took 3-01..4-02: 23 working days, late."""
    policy = DeadlinePolicy(receipt_day_counts=True)
    assert (True, True, 23) == _answered(_fee(_d(3, 29), _d(4, 1)), _d(4, 2), policy)


def test_an_extension_while_the_clock_is_stopped_counts() -> None:
    """A consultation opened on the due date (Friday 3-29) stops the clock; an extension of 10 working
    days recorded on Saturday 3-30, while it is stopped, counts. The consultation ends on 4-08 (4-01,
    4-02, 4-03, 4-07, 4-08 paused): due 4-08, extended to 4-22. Answered on 4-15: within the extension,
    30 working days from 3-01 less 5 paused."""
    extension = ev.DeadlineExtended(id="x", agency="a", at=_d(3, 30), application_id="A", working_days=10)
    steps = [*_consultation(1, "k", _d(3, 29), _d(4, 8)), extension]
    assert (True, False, 25) == _answered(steps, _d(4, 15))


def test_a_second_receipt_before_the_answer_is_timed() -> None:
    """A receipt logged again on 3-04: ignored, the answer on 3-08 took 5 working days from 3-01."""
    again = attrs.evolve(_received_on(_d(3, 4)), id="again")
    assert (False, False, 5) == _answered([again], _d(3, 8))


def test_days_on_the_edges_of_the_table_are_in_it() -> None:
    """Without 2020, the table's runs end on 2019-12-31 and start on 2021-01-01: a step logged on either
    day is looked up in the table (and ignored: before the receipt, or after the answer)."""
    early = ev.CorrectionRequested(id="q", agency="a", at=_d(1, 1, 2021), application_id="A")
    received = _received_on(_d(1, 4, 2021))  # Monday; 1-01..1-03 are the New Year holiday
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=_d(1, 8, 2021), application_id="A")
    assert AnswerTiming(False, False, 4) == answer_timing([received, early, answer], GAPPED, DeadlinePolicy())
    late = ev.CorrectionRequested(id="q", agency="a", at=_d(12, 31, 2019), application_id="A")
    received = _received_on(_d(12, 2, 2019))  # Monday
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=_d(12, 6, 2019), application_id="A")
    assert AnswerTiming(False, False, 4) == answer_timing([received, late, answer], GAPPED, DeadlinePolicy())


def test_a_receipt_on_the_first_day_of_the_table_earns_no_credit_on_a_holiday() -> None:
    """Received on 2021-01-01 (a holiday, the first day of a run of the table without 2020), the receipt
    day counting: it is no working day, so 1-04..1-08 are the 5 working days taken (with an extension
    recorded that day too, not needed)."""
    policy = DeadlinePolicy(receipt_day_counts=True)
    received = _received_on(_d(1, 1, 2021))
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=_d(1, 8, 2021), application_id="A")
    assert AnswerTiming(False, False, 5) == answer_timing([received, answer], GAPPED, policy)
    step = ev.DeadlineExtended(id="x", agency="a", at=_d(1, 1, 2021), application_id="A", working_days=10)
    assert AnswerTiming(False, False, 5) == answer_timing([received, step, answer], GAPPED, policy)


def test_the_first_extension_stands() -> None:
    """Extended by 10 on 3-20 (to 4-15), then by 20 on 3-21: the second is ignored, so an answer on 4-22
    is late (35 working days from 3-01)."""
    first = ev.DeadlineExtended(id="x1", agency="a", at=_d(3, 20), application_id="A", working_days=10)
    second = ev.DeadlineExtended(id="x2", agency="a", at=_d(3, 21), application_id="A", working_days=20)
    assert (True, True, 35) == _answered([first, second], _d(4, 22))


def test_an_extension_on_the_due_date_counts() -> None:
    """Extended by 10 on the due date 3-29 itself: an answer on 4-01 is within the extension."""
    extension = ev.DeadlineExtended(id="x", agency="a", at=_d(3, 29), application_id="A", working_days=10)
    assert (True, False, 21) == _answered([extension], _d(4, 1))


def test_an_extension_after_the_first_due_date_counts_when_a_pause_moved_it() -> None:
    """A consultation 3-04..3-06 moves the due date to 4-02; an extension by 10 on 4-01 counts (to 4-17):
    an answer on 4-10 is within it, 27 working days less 2 paused."""
    extension = ev.DeadlineExtended(id="x", agency="a", at=_d(4, 1), application_id="A", working_days=10)
    steps = [*_consultation(1, "k", _d(3, 4), _d(3, 6)), extension]
    assert (True, False, 25) == _answered(steps, _d(4, 10))


def test_an_extension_after_the_due_date_does_not_count_when_the_receipt_day_counts() -> None:
    """The receipt day counting, the due date is 3-28: an extension on 3-29 is too late, and an answer on
    4-01 (22 working days from 3-01, the receipt day included) is late."""
    extension = ev.DeadlineExtended(id="x", agency="a", at=_d(3, 29), application_id="A", working_days=10)
    assert (True, True, 22) == _answered([extension], _d(4, 1), DeadlinePolicy(receipt_day_counts=True))


def test_a_second_fee_notice_ends_the_first_pause() -> None:
    """Fee notices on 3-04 and 3-11 (the second ends the first pause), paid 3-13: 3-05..3-13 paused (7), so
    the due date is 3-29 + 7 = 4-10 and an answer that day took 20 working days."""
    steps = [*_fee(_d(3, 4), _d(3, 13))]
    again = attrs.evolve(steps[0], id="fn2", at=_d(3, 11))
    assert (False, False, 20) == _answered([steps[0], again, steps[1]], _d(4, 10))


# --- the simplified table mirror: what each of its guards decides, counted by hand -------------------------


def _alone(received: dt.date, answered: dt.date, policy: DeadlinePolicy, calendar: Any = CALENDAR) -> Any:
    """The receipt and its answer alone (the receipt-answer road), and the same with a consultation ended
    that never started in between (ignored; the road of the stepwise reading)."""
    receipt = _received_on(received)
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=answered, application_id="A")
    stray = ev.ConsultationEnded(id="ce", agency="a", at=received, application_id="A", consultation_id="z")
    return answer_timing([receipt, answer], calendar, policy), answer_timing(
        [receipt, stray, answer], calendar, policy
    )


def test_an_answer_on_the_receipt_day_took_the_receipt_day_when_it_counts() -> None:
    """Received and answered on Friday 2024-03-01: 0 working days taken, or 1 when the receipt day counts;
    on 2021-01-01 (a holiday, the first day of a run of the table without 2020) 0 either way."""
    assert (AnswerTiming(False, False, 0),) * 2 == _alone(MARCH_1, MARCH_1, DeadlinePolicy())
    counted = DeadlinePolicy(receipt_day_counts=True)
    assert (AnswerTiming(False, False, 1),) * 2 == _alone(MARCH_1, MARCH_1, counted)
    assert (AnswerTiming(False, False, 0),) * 2 == _alone(_d(1, 1, 2021), _d(1, 1, 2021), counted, GAPPED)


def test_an_answer_dated_before_the_receipt_took_no_working_day() -> None:
    """Answered on Wednesday 2024-02-28 for a receipt on Friday 3-01: on time, 0 working days, whether or
    not the receipt day counts."""
    for policy in (DeadlinePolicy(), DeadlinePolicy(receipt_day_counts=True)):
        assert (AnswerTiming(False, False, 0),) * 2 == _alone(MARCH_1, _d(2, 28), policy)


def test_a_due_date_on_the_last_working_day_of_the_table_is_in_it() -> None:
    """Without 2020 the table's run ends on 2019-12-31 (December 2019 has no holiday). Received on Tuesday
    12-03, the 20th working day after is 12-31: an answer that day is timed (20 working days). Received on
    12-04, the 20th is in 2020: the table leaves it to assess."""
    assert (AnswerTiming(False, False, 20),) * 2 == _alone(
        _d(12, 3, 2019), _d(12, 31, 2019), DeadlinePolicy(), GAPPED
    )
    assert (None, None) == _alone(_d(12, 4, 2019), _d(12, 31, 2019), DeadlinePolicy(), GAPPED)


def test_a_fee_that_does_not_stop_the_clock_pauses_nothing() -> None:
    """A fee notice on 3-04 paid on 3-06 under a policy where fee time counts: the due date stays 3-29."""
    policy = DeadlinePolicy(fee_stops_clock=False)
    steps = _fee(_d(3, 4), _d(3, 6))
    assert [(False, False, 20), (True, True, 21)] == [
        _answered(steps, _d(3, 29), policy),
        _answered(steps, _d(4, 1), policy),
    ]


def test_two_fees_one_after_the_other_both_pause() -> None:
    """Fees 3-04..3-06 and 3-11..3-13: 2 + 2 working days paused, so the due date moves from 3-29 by 4
    (4-01, 4-02, 4-03, 4-07) to 4-07."""
    first = _fee(_d(3, 4), _d(3, 6))
    second = [attrs.evolve(e, id=f"{e.id}2", at=e.at + dt.timedelta(days=7)) for e in first]
    steps = [*first, *second]
    assert [(False, False, 20), (True, True, 21)] == [_answered(steps, _d(4, 7)), _answered(steps, _d(4, 8))]


def test_a_consultation_open_across_a_restart_pauses_from_the_restart() -> None:
    """A consultation 3-04..3-13 with a correction asked on 3-05 and received on Monday 3-11: the clock
    starts again on 3-11 and the consultation pauses it from there (3-12, 3-13: 2 working days). 20 working
    days from 3-11 is 4-09, plus 2 is 4-11."""
    asked = ev.CorrectionRequested(id="q", agency="a", at=_d(3, 5), application_id="A")
    back = ev.CorrectionReceived(id="b", agency="a", at=_d(3, 11), application_id="A")
    steps = [*_consultation(1, "k", _d(3, 4), _d(3, 13)), asked, back]
    assert [(False, False, 20), (True, True, 21)] == [
        _answered(steps, _d(4, 11)),
        _answered(steps, _d(4, 12)),
    ]


def test_a_second_correction_restarts_the_clock_again() -> None:
    """Corrections asked 3-04 and received 3-06, asked again 3-08 and received on Wednesday 3-13: 20
    working days from 3-13 is 4-11 (3-14, 3-15, 18..22, 25..29, 4-01..4-03, 4-07, 4-08..4-11)."""
    common: dict[str, Any] = {"agency": "a", "application_id": "A"}
    steps = [
        ev.CorrectionRequested(id="q1", at=_d(3, 4), **common),
        ev.CorrectionReceived(id="b1", at=_d(3, 6), **common),
        ev.CorrectionRequested(id="q2", at=_d(3, 8), **common),
        ev.CorrectionReceived(id="b2", at=_d(3, 13), **common),
    ]
    assert [(False, False, 20), (True, True, 21)] == [
        _answered(steps, _d(4, 11)),
        _answered(steps, _d(4, 12)),
    ]


@pytest.mark.skipif(
    not str(_timing_module.__file__).endswith(".py"),
    reason="COMPILED BUILD: its calls to _add are native, which monkeypatching the module cannot count",
)
def test_a_receipt_days_due_date_is_worked_out_once(monkeypatch: Any) -> None:
    """The receipt-answer road looks the due date of a receipt day up once per calendar table and policy:
    a second answer to a receipt on the same day reuses it, and on-time results are shared values."""
    from opengov import _timing

    calendar = WorkingCalendar(CALENDAR._data)  # its own tables, so nothing is known yet
    monkeypatch.setattr(_timing, "_ON_TIME", _timing._OnTime())  # no on-time result made yet either
    looked_up: list[tuple[Any, ...]] = []
    real_add = _timing._add
    monkeypatch.setattr(_timing, "_add", lambda *args: looked_up.append(args) or real_add(*args))
    receipt = _received_on(MARCH_1)
    answers = [
        ev.ApplicationWithdrawn(id=f"w{n}", agency="a", at=_d(3, 8), application_id="A") for n in range(2)
    ]
    first, second = (answer_timing([receipt, answer], calendar, DeadlinePolicy()) for answer in answers)
    assert AnswerTiming(False, False, 5) == first
    assert first is second
    assert 1 == len(looked_up)
    assert {5: first} == _timing._ON_TIME


@pytest.mark.skipif(
    not str(_timing_module.__file__).endswith(".py"),
    reason="COMPILED BUILD: its call to _steps is native, which monkeypatching the module cannot replace",
)
def test_the_commonest_shapes_are_timed_without_the_stepwise_reading(monkeypatch: Any) -> None:
    """A receipt, an extension and the answer, or a receipt, a correction asked and received and the answer,
    in date order: timed without sorting or pauses (the stepwise reading made to fail), with the results
    of the worked examples above; a notice after the due date (3-29) restarts nothing."""

    def stepwise(*_: Any) -> Any:
        raise AssertionError("read step by step")

    monkeypatch.setattr(_timing_module, "_steps", stepwise)
    extended = ev.DeadlineExtended(id="x", agency="a", at=_d(3, 20), application_id="A", working_days=10)
    assert [(True, False, 21), (True, True, 31)] == [
        _answered([extended], _d(4, 1)),
        _answered([extended], _d(4, 16)),
    ]
    late_extension = attrs.evolve(extended, at=_d(4, 1))
    assert (True, True, 21) == _answered([late_extension], _d(4, 1))
    asked = ev.CorrectionRequested(id="q", agency="a", at=_d(3, 4), application_id="A")
    back = ev.CorrectionReceived(id="b", agency="a", at=_d(3, 11), application_id="A")
    assert [(False, False, 20), (True, True, 21)] == [
        _answered([asked, back], _d(4, 9)),
        _answered([asked, back], _d(4, 10)),
    ]
    too_late = [attrs.evolve(asked, at=_d(4, 1)), attrs.evolve(back, at=_d(4, 2))]
    assert (True, True, 22) == _answered(too_late, _d(4, 2))
    counted = DeadlinePolicy(receipt_day_counts=True)  # the corrected application's day counts: Monday 3-11
    assert (False, False, 20) == _answered([asked, back], _d(4, 8), counted)


@pytest.mark.skipif(
    not str(_timing_module.__file__).endswith(".py"),
    reason="COMPILED BUILD: its call to _steps is native, which monkeypatching the module cannot replace",
)
def test_the_commonest_shapes_on_shared_days_and_the_tables_last_day(monkeypatch: Any) -> None:
    """The shortcut takes steps on the same day as the one before, and an answer on the table's last day
    (2019-12-31 without 2020): extended on the receipt day 3-01 and answered that day (0 working days);
    asked and corrected on 3-04, answered 3-04; received 2019-12-03 (due 12-31), extended 12-04, answered
    12-31 (20 working days)."""

    def stepwise(*_: Any) -> Any:
        raise AssertionError("read step by step")

    monkeypatch.setattr(_timing_module, "_steps", stepwise)
    same_day = ev.DeadlineExtended(id="x", agency="a", at=MARCH_1, application_id="A", working_days=10)
    assert (False, False, 0) == _answered([same_day], MARCH_1)
    asked = ev.CorrectionRequested(id="q", agency="a", at=_d(3, 4), application_id="A")
    back = ev.CorrectionReceived(id="b", agency="a", at=_d(3, 4), application_id="A")
    assert (False, False, 0) == _answered([asked, back], _d(3, 4))
    received = _received_on(_d(12, 3, 2019))
    extended = ev.DeadlineExtended(id="x", agency="a", at=_d(12, 4, 2019), application_id="A", working_days=5)
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=_d(12, 31, 2019), application_id="A")
    assert AnswerTiming(False, False, 20) == answer_timing(
        [received, extended, answer], GAPPED, DeadlinePolicy()
    )


def test_an_extension_read_step_by_step_is_judged_on_the_due_date() -> None:
    """With a step the shortcut does not take (a consultation ended that never started), an extension on
    the due date 3-29 counts (an answer on 4-01 is within it); the receipt day counting, the due date is
    3-28 and the same extension is too late (4-01 is late, 22 working days)."""
    stray = ev.ConsultationEnded(id="ce", agency="a", at=MARCH_1, application_id="A", consultation_id="z")
    extension = ev.DeadlineExtended(id="x", agency="a", at=_d(3, 29), application_id="A", working_days=10)
    assert (True, False, 21) == _answered([stray, extension], _d(4, 1))
    counted = DeadlinePolicy(receipt_day_counts=True)
    assert (True, True, 22) == _answered([stray, extension], _d(4, 1), counted)
