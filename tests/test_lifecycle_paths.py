"""The lifecycle's fast path — an application that is a receipt and its answer, held as the receipt alone
and timed without an event list — gives what the general path gives: the same outcomes, unsettled
applications, settled keys, timings, facts and ledger, on random interleaved lifecycles.

The general path here is written out in the test (:class:`_Reference`, the lifecycle as one record with an
event list per application, as before the fast path) and ``deadlines.assess`` for the timing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_timing import CALENDAR, lifecycles, policies

from opengov import events as ev
from opengov._timing import answer_timing
from opengov.deadlines import DeadlinePolicy, assess
from opengov.fold import Period, PeriodFold
from opengov.ledger import LedgerFold, LedgerState
from opengov.lifecycle import Application, Applications

_RECEIVED = ev.ApplicationReceived.TAG
_ENDINGS = (ev.ApplicationConcluded.TAG, ev.ApplicationWithdrawn.TAG)


@attrs.define
class _Record:
    receipt: Any = None
    conclusion: Any = None
    events: list[Any] = attrs.field(factory=list)


class _Reference:
    """Every application as a record with its event list (the receipt first): the general path."""

    def __init__(self) -> None:
        self.unsettled: dict[str, _Record] = {}
        self.settled: set[str] = set()

    def evolve(self, key: str, event: Any) -> _Record | str | None:
        record = self.unsettled.get(key)
        if record is None:
            if key in self.settled:
                if event.TAG == _RECEIVED:
                    return f"application {key!r} received a second time, after its conclusion; ignored"
                if event.TAG in _ENDINGS:
                    return f"application {key!r} concluded a second time; the first stands"
                return (
                    f"{event.TAG} for application {key!r} logged after it was received and concluded; ignored"
                )
            record = self.unsettled[key] = _Record()
        if event.TAG == _RECEIVED:
            if record.receipt is not None:
                record.events.append(event)
                return f"application {key!r} received a second time; ignored"
            record.receipt = event
            record.events.insert(0, event)
            if record.conclusion is None:
                return None
        elif event.TAG in _ENDINGS:
            if record.conclusion is not None:
                return f"application {key!r} concluded a second time; the first stands"
            record.conclusion = event
            record.events.append(event)
            if record.receipt is None:
                return None
        else:
            record.events.append(event)
            return None
        del self.unsettled[key]
        self.settled.add(key)
        return record


def _renamed(events: list[ev.Event], application: str, number: int) -> list[ev.Event]:
    return [
        attrs.evolve(e, id=f"{application}-{number}-{i}", application_id=application)  # type: ignore[misc]
        for i, e in enumerate(events)
    ]


@st.composite
def logs(draw: st.DrawFn) -> list[ev.Event]:
    """Up to four lifecycles (of two application ids, so one may be logged again after its settlement),
    some cut short, some out of order, interleaved at random."""
    groups = []
    for number in range(draw(st.integers(1, 4))):
        events = draw(lifecycles())
        if draw(st.booleans()):  # the commonest shape: a receipt and its answer only
            events = [events[0], *(e for e in events[1:] if e.TAG in _ENDINGS)][:2]
        cut = draw(st.integers(1, len(events)))
        events = events[:cut]
        if draw(st.booleans()):  # logged out of order: a conclusion or a step before the receipt
            events = draw(st.permutations(events))
        groups.append(_renamed(events, draw(st.sampled_from(["A", "B"])), number))
    log: list[ev.Event] = []
    while any(groups):
        group = draw(st.sampled_from([g for g in groups if g]))
        log.append(group.pop(0))
    return log


def _in_table(log: list[ev.Event]) -> bool:
    return all(CALENDAR.years[0] < e.day.year < CALENDAR.years[-1] for e in log)


@settings(max_examples=400, deadline=None)
@given(logs(), policies)
def test_the_fast_path_evolves_and_times_as_the_general_path(
    log: list[ev.Event], policy: DeadlinePolicy
) -> None:
    """Step by step: the same outcome (message, settlement and its events), the same unsettled
    applications and settled keys; every settled answer timed as on its event list and as assess."""
    book, reference = Applications(), _Reference()
    for event in log:
        outcome = book.evolve(event.application_id, event)  # type: ignore[attr-defined]
        expected = reference.evolve(event.application_id, event)  # type: ignore[attr-defined]
        if isinstance(expected, _Record):
            assert isinstance(outcome, Application)
            assert (expected.receipt, expected.conclusion, expected.events) == (
                outcome.receipt,
                outcome.conclusion,
                outcome.events,
            )
            timing = outcome.timing(CALENDAR, policy)
            assert timing == answer_timing(expected.events, CALENDAR, policy)
            if timing is not None:
                assessment = assess(expected.events, CALENDAR, policy=policy)
                assert (assessment.extended, assessment.late, assessment.working_days) == tuple(timing)
        else:
            assert expected == outcome
        unsettled = {k: (a.receipt, a.conclusion, a.events, a.open) for k, a in book.unsettled.items()}
        assert {
            k: (r.receipt, r.conclusion, r.events, r.receipt is not None and r.conclusion is None)
            for k, r in reference.unsettled.items()
        } == unsettled
        assert (reference.settled, len(reference.unsettled)) == (book.settled, len(book))


@settings(max_examples=200, deadline=None)
@given(logs())
def test_facts_and_ledger_are_those_of_the_general_path(log: list[ev.Event]) -> None:
    """The period's facts with the fast timing equal those with every answer assessed on its event list,
    and the ledger of the fast lifecycle equals the ledger of the reference's open applications."""
    if not _in_table(log):
        return
    year = log[0].day.year
    fast = PeriodFold(Period.year(year))
    general = PeriodFold(Period.year(year), assess=lambda events: assess(events, CALENDAR))
    assert general.facts(general.fold(log)) == fast.facts(fast.fold(log))

    as_of = max(e.day for e in log) + dt.timedelta(days=1)
    ledger = LedgerFold(as_of=as_of)
    reference = _Reference()
    for event in log:
        reference.evolve(event.application_id, event)  # type: ignore[attr-defined]
    general_state = LedgerState(
        applications=Applications(
            {
                ("a", k): Application.restored(r.receipt, r.conclusion, r.events)
                for k, r in reference.unsettled.items()
            },
            {("a", k) for k in reference.settled},
        )
    )
    assert ledger.result(general_state) == ledger.result(ledger.fold(log))
