"""The fold's answer timing on the calendar table (``opengov._timing``) says what
:func:`opengov.deadlines.assess` says of every concluded application it answers for — on attrs events and
on wire records alike — and leaves to ``assess`` only what lies outside the calendar table."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import near_boundaries

from opengov import events as ev
from opengov import wire
from opengov._timing import answer_timing
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
def lifecycles(draw: st.DrawFn) -> list[ev.Event]:
    """A received application, then up to eight steps of any kind on days around it (before it too, out
    of date order, repeated, on its first due date and the days either side), and a conclusion or
    withdrawal somewhere among them."""
    day = draw(near_boundaries(dt.date(2004, 1, 1), dt.date(2027, 2, 1)))
    events: list[ev.Event] = [_receipt({"id": "r", "agency": "a", "at": day, "application_id": "A"}, draw)]
    kinds = draw(st.lists(st.sampled_from(_KINDS), max_size=8))
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
    timing = answer_timing(events, calendar, policy)
    if timing is None:
        return
    expected = _as_assessed(events, calendar, policy)
    assert expected == (timing.extended, timing.late, timing.working_days)
    again = answer_timing(_records(events), calendar, policy)
    assert again is not None
    assert expected == (again.extended, again.late, again.working_days)


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
