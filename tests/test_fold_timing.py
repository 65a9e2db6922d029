"""The fold's timing of an application answered with no step between receipt and answer but at most one
extension equals what :func:`opengov.deadlines.assess` says of the same events, on attrs events and on
wire records alike, including the error when the calendar lacks a year."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import received as receipt

from opengov import events as ev
from opengov import wire
from opengov.calendar import WorkingCalendar
from opengov.codec import encode_line
from opengov.deadlines import DeadlinePolicy, assess
from opengov.errors import CalendarDataMissingError
from opengov.fold import _answer_timing

CALENDAR = WorkingCalendar.default()


@st.composite
def answered(draw: st.DrawFn) -> list[ev.Event]:
    day = draw(st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31)))
    received = ev.ApplicationReceived(
        id="r",
        agency="a",
        at=day,
        application_id="A",
        channel=draw(st.sampled_from(ev.ApplicationChannel)),
        applicant=draw(st.sampled_from(ev.ApplicantKind)),
    )
    answer_day = day + dt.timedelta(days=draw(st.integers(-5, 90)))
    if draw(st.booleans()):
        answer: ev.Event = ev.ApplicationWithdrawn(id="w", agency="a", at=answer_day, application_id="A")
    else:
        answer = ev.ApplicationConcluded(
            id="c",
            agency="a",
            at=answer_day,
            application_id="A",
            disposition=draw(
                st.sampled_from([d for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN])
            ),
            on_the_spot=draw(st.booleans()),
        )
    steps: list[ev.Event] = []
    if draw(st.booleans()):
        steps.append(
            ev.DeadlineExtended(
                id="x",
                agency="a",
                at=day + dt.timedelta(days=draw(st.integers(-3, 60))),
                application_id="A",
                working_days=draw(st.integers(1, 30)),
            )
        )
    return [received, *steps, answer]


def _outcome(call: Any) -> Any:
    try:
        timing = call()
    except CalendarDataMissingError as exc:
        return str(exc)
    return timing.extended, timing.late, timing.working_days


@settings(max_examples=400, deadline=None)
@given(answered(), st.booleans())
def test_short_lifecycle_timing_equals_assess(events: list[ev.Event], receipt_day_counts: bool) -> None:
    policy = DeadlinePolicy(receipt_day_counts=receipt_day_counts)
    expected = _outcome(lambda: assess(events, CALENDAR, policy=policy))
    assert _outcome(lambda: _answer_timing(events, CALENDAR, policy)) == expected
    lines = "\n".join(encode_line(e) for e in events).encode()
    records = list(wire.iter_records(io.BytesIO(lines)))
    assert all(isinstance(r, wire.WireRecord) for r in records)
    assert _outcome(lambda: _answer_timing(records, CALENDAR, policy)) == expected


def test_other_lifecycles_are_left_to_assess() -> None:
    day = dt.date(2024, 3, 1)
    received = receipt("A", day, agency="a")
    asked = ev.CorrectionRequested(id="q", agency="a", at=day, application_id="A")
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=day, application_id="A")
    assert _answer_timing([received, asked, answer], CALENDAR, DeadlinePolicy()) is None
    assert _answer_timing([received, asked], CALENDAR, DeadlinePolicy()) is None
