"""The fold's timing of an application answered with no step between receipt and answer but at most one
extension equals what :func:`opengov.deadlines.assess` says of the same events, on attrs events and on
wire records alike, including the error when the calendar lacks a year."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from tests.strategies import received as receipt

from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.deadlines import DeadlinePolicy
from opengov.fold import _answer_timing

CALENDAR = WorkingCalendar.default()


@st.composite
def answered(draw: st.DrawFn) -> list[ev.Event]:
    day = draw(st.dates(dt.date(2005, 1, 1), dt.date(2026, 12, 31)))
    received = receipt("A", day, agency="a")
    asked = ev.CorrectionRequested(id="q", agency="a", at=day, application_id="A")
    answer = ev.ApplicationWithdrawn(id="w", agency="a", at=day, application_id="A")
    assert _answer_timing([received, asked, answer], CALENDAR, DeadlinePolicy()) is None
    assert _answer_timing([received, asked], CALENDAR, DeadlinePolicy()) is None
