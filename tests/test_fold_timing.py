"""The fold's own timing of answers (the calendar table, :mod:`opengov._timing`, with
:func:`opengov.deadlines.assess` for what lies outside it) counts every answer as ``assess`` alone would,
on attrs events and on wire records alike, including the error when the calendar lacks a year."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_timing import GAPPED, lifecycles, policies

from opengov import events as ev
from opengov import wire
from opengov.calendar import WorkingCalendar
from opengov.codec import encode_line
from opengov.deadlines import DeadlinePolicy, assessor
from opengov.errors import CalendarDataMissingError
from opengov.fold import Period, PeriodFold, fold_facts


def _counted(fold: PeriodFold, events: list[Any]) -> Any:
    try:
        facts = fold.facts(fold.fold(events)).get("a")
    except CalendarDataMissingError as exc:
        return str(exc)
    if facts is None:
        return None
    counts = (facts.concluded_on_time, facts.concluded_extended, facts.concluded_late)
    return counts, facts.answer_working_days


@settings(max_examples=300, deadline=None)
@given(lifecycles(), policies, st.sampled_from([WorkingCalendar.default(), GAPPED]))
def test_fold_counts_answers_as_assess_does(
    events: list[ev.Event], policy: DeadlinePolicy, calendar: WorkingCalendar
) -> None:
    """Folded with its own timing or with assess alone, from events or wire records: the same counts."""
    period = Period.year(events[0].day.year)
    judged = PeriodFold(period, calendar=calendar, policy=policy, assess=assessor(calendar, policy=policy))
    expected = _counted(judged, events)
    own = PeriodFold(period, calendar=calendar, policy=policy)
    assert expected == _counted(own, events)
    lines = "\n".join(encode_line(e) for e in events).encode()
    assert expected == _counted(own, list(wire.iter_records(io.BytesIO(lines))))


def test_a_missing_year_is_reported_by_the_fold() -> None:
    """An answer whose due date runs into a year the calendar lacks raises, naming the year."""
    day = dt.date(2026, 12, 28)
    received = ev.ApplicationReceived(
        id="r",
        agency="a",
        at=day,
        application_id="A",
        channel=ev.ApplicationChannel.ONLINE,
        applicant=ev.ApplicantKind.NATURAL_PERSON,
    )
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=dt.date(2027, 1, 20), application_id="A")
    fold = PeriodFold(Period.year(2027))
    outcome = _counted(fold, [received, answer])
    assert isinstance(outcome, str)
    assert "no working-day data for 2027" in outcome


def test_an_extension_into_a_missing_year_is_judged_without_it() -> None:
    """Received 4 December 2026 (the calendar's last year), extended, concluded the same day: the due date
    lies outside the calendar table, so the fold asks ``assess``, which judges the answer on time without
    2027's holidays; the fold counts it on time instead of failing."""
    day = dt.date(2026, 12, 4)
    events: list[ev.Event] = [
        ev.ApplicationReceived(
            id="r",
            agency="a",
            at=day,
            application_id="A",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        ),
        ev.DeadlineExtended(id="x", agency="a", at=day, application_id="A", working_days=20),
        ev.ApplicationConcluded(
            id="c", agency="a", at=day, application_id="A", disposition=ev.Disposition.DISCLOSED
        ),
    ]
    assert fold_facts(events, Period.year(2026))["a"].concluded_on_time == 1
