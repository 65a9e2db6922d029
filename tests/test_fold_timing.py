"""The fold's timing of an application answered with no step between receipt and answer but at most one
extension equals what :func:`opengov.deadlines.assess` says of the same events, on attrs events and on
wire records alike, including the error when the calendar lacks a year."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
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
    lines = "\n".join(encode_line(e) for e in events).encode()
    records = list(wire.iter_records(io.BytesIO(lines)))
    assert all(isinstance(r, wire.WireRecord) for r in records)
    for given_events in (events, records):
        quick = _outcome(lambda given=given_events: _answer_timing(given, CALENDAR, policy))
        if isinstance(quick, str) and not isinstance(expected, str):
            # The quick timing asks the calendar for every due date; where a year is missing it raises and
            # the fold asks ``assess``, which can judge an answer given before the missing year without it
            # (an application received on 4 December 2026, extended, answered the same week).
            assert quick.startswith("no working-day data for ")
            continue
        assert quick == expected


def test_other_lifecycles_are_left_to_assess() -> None:
    day = dt.date(2024, 3, 1)
    received = receipt("A", day, agency="a")
    asked = ev.CorrectionRequested(id="q", agency="a", at=day, application_id="A")
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=day, application_id="A")
    assert _answer_timing([received, asked, answer], CALENDAR, DeadlinePolicy()) is None
    assert _answer_timing([received, asked], CALENDAR, DeadlinePolicy()) is None


def test_an_extension_into_a_missing_year_is_judged_without_it() -> None:
    """Received 4 December 2026 (the calendar's last year), extended, concluded the same day: the quick
    timing needs the extended due date in 2027 and raises; ``assess`` judges the answer on time without
    2027's holidays, and the fold, deferring to it, counts the answer on time instead of failing."""
    from opengov.fold import Period, fold_facts

    day = dt.date(2026, 12, 4)
    events: list[ev.Event] = [
        receipt("A", day, agency="a"),
        ev.DeadlineExtended(id="x", agency="a", at=day, application_id="A", working_days=20),
        ev.ApplicationConcluded(
            id="c", agency="a", at=day, application_id="A", disposition=ev.Disposition.DISCLOSED
        ),
    ]
    with pytest.raises(CalendarDataMissingError) as missing:
        _answer_timing(events, CALENDAR, DeadlinePolicy())
    assert missing.value.year == 2027
    timing = assess(events, CALENDAR, policy=DeadlinePolicy())
    assert (timing.extended, timing.late) == (False, False)
    assert fold_facts(events, Period.year(2026))["a"].concluded_on_time == 1
