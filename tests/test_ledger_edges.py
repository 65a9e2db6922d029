"""Ledger edges a mutation run found unchecked: what an application waits on as its requests are answered,
the policy and the day reaching every assessment, the estimated due date, and the refusals' words.

Dates are counted by hand on the official calendars (2024: 1 March a Friday; 2026: no holiday in
December) and, for 2027 (no official data), on weekends alone; the receipt's or notice's day is day 0
unless the policy says otherwise.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import pytest

import opengov.ledger
from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.deadlines import DeadlinePolicy, FindingCode, Status, assess
from opengov.errors import CalendarDataMissingError
from opengov.events import Event
from opengov.ledger import OpenApplication, WaitingOn, build_ledger
from strategies import received
from test_ledger import consultation_started, fee_notice


def _one(log: list[Event], as_of: dt.date, **kwargs: object) -> OpenApplication:
    (item,) = build_ledger(log, as_of=as_of, **kwargs).open  # type: ignore[arg-type]
    return item


def _notice(app: str, day: dt.date, n: int = 1) -> ev.CorrectionRequested:
    return ev.CorrectionRequested(id=f"n{n}-{app}", agency="a1", at=day, application_id=app)


def _consultation(app: str, day: dt.date, key: str, *, ended: bool = False) -> Event:
    if ended:
        return ev.ConsultationEnded(
            id=f"ce-{key}", agency="a1", at=day, application_id=app, consultation_id=key
        )
    return consultation_started(app, day, key)


# --- what an application waits on -----------------------------------------------------------------------


def test_answered_requests_are_no_longer_waited_on() -> None:
    """Correction asked and received, fee asked and paid, one consultation of two ended: only the other
    consultation is still waited on; both ended, nothing is."""
    day = dt.date(2024, 3, 1)
    log: list[Event] = [
        received("A", day),
        _notice("A", dt.date(2024, 3, 4)),
        ev.CorrectionReceived(id="k", agency="a1", at=dt.date(2024, 3, 5), application_id="A"),
        fee_notice("A", dt.date(2024, 3, 6)),
        ev.FeePaid(id="p", agency="a1", at=dt.date(2024, 3, 7), application_id="A", amount=Decimal("100")),
        _consultation("A", dt.date(2024, 3, 8), "k1"),
        _consultation("A", dt.date(2024, 3, 8), "k2"),
        _consultation("A", dt.date(2024, 3, 11), "k1", ended=True),
    ]
    assert (WaitingOn.CONSULTATION,) == _one(log, dt.date(2024, 3, 12)).waiting_on
    log.append(_consultation("A", dt.date(2024, 3, 12), "k2", ended=True))
    item = _one(log, dt.date(2024, 3, 13))
    assert ((), Status.OPEN) == (item.waiting_on, item.status)


def test_a_request_on_the_receipt_day_is_waited_on() -> None:
    """A correction notice sent the day the application came in is a request like any other."""
    day = dt.date(2024, 3, 1)
    assert (WaitingOn.CORRECTION,) == _one(
        [received("A", day), _notice("A", day)], dt.date(2024, 3, 4)
    ).waiting_on


def test_a_step_dated_before_the_receipt_hides_nothing_after_it() -> None:
    """A fee notice dated before the receipt is ignored (and reported); the consultation after the receipt
    is still waited on."""
    log: list[Event] = [
        received("A", dt.date(2024, 3, 4)),
        fee_notice("A", dt.date(2024, 3, 1)),
        _consultation("A", dt.date(2024, 3, 5), "k"),
    ]
    item = _one(log, dt.date(2024, 3, 6))
    assert (WaitingOn.CONSULTATION,) == item.waiting_on
    assert [FindingCode.EVENT_BEFORE_RECEIPT] == [f.code for f in item.findings]


# --- the policy, the day and the calendar reach every assessment -----------------------------------------


def test_the_policy_counts_the_receipt_day() -> None:
    """Counting Friday 1 March 2024 as day 1, the 20th working day is 28 March (not 29 March)."""
    policy = DeadlinePolicy(receipt_day_counts=True)
    item = _one([received("A", dt.date(2024, 3, 1))], dt.date(2024, 3, 4), policy=policy)
    assert (dt.date(2024, 3, 28), 18) == (item.due_date, item.working_days_left)


def _waiting_into_2027() -> list[Event]:
    """Received Tuesday 1 December 2026; fee notice 2 December; correction notice 3 December."""
    return [
        received("C", dt.date(2026, 12, 1)),
        fee_notice("C", dt.date(2026, 12, 2)),
        _notice("C", dt.date(2026, 12, 3)),
    ]


def test_waiting_for_correction_without_the_next_year_keeps_the_policy_and_the_day() -> None:
    """Both clocks stopped on 15 December 2026, the provisional due date runs into 2027, which the package
    lacks: the ledger reads the application on a guessed 2027 all the same (it shows no due date), with
    the policy's 5-day fee window (2 December + 5 = 9 December, expired on the 15th) and the correction
    notice lapsing on 24 December (15 working days after the 3rd)."""
    log = _waiting_into_2027()
    as_of = dt.date(2026, 12, 15)
    with pytest.raises(CalendarDataMissingError):
        assess(log, WorkingCalendar.default(), as_of=as_of)
    item = _one(log, as_of, policy=DeadlinePolicy(fee_payment_window=5))
    assert (Status.WAITING_ON_APPLICANT, None, dt.date(2026, 12, 24)) == (
        item.status,
        item.due_date,
        item.correction_lapses,
    )
    assert [
        "fee notice of 2026-12-02 still unpaid on 2026-12-15; the payment window ended on 2026-12-09 and the "
        "application may be closed as abandoned"
    ] == [f.message for f in item.findings]
    # the default window of 20 working days has not expired by then
    assert () == _one(log, as_of).findings


def test_a_due_date_in_a_guessed_year_is_marked() -> None:
    """Received Monday 1 March 2027 on weekends alone: due 29 March, 17 working days left on 4 March; both
    counted through 2027, so both marked."""
    calendar = WorkingCalendar.default().estimating()
    item = _one([received("A", dt.date(2027, 3, 1))], dt.date(2027, 3, 4), calendar=calendar)
    assert (dt.date(2027, 3, 29), 17, ("due_date", "working_days_left")) == (
        item.due_date,
        item.working_days_left,
        item.estimated_fields,
    )


# --- refusals and old names --------------------------------------------------------------------------------


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(TypeError, match=r"^as_of must be a date, got datetime.datetime\(2024, 3, 1, 0, 0\)$"):
        build_ledger([], as_of=dt.datetime(2024, 3, 1))
    with pytest.raises(TypeError, match=r"^as_of must be a date, got '2024-03-01'$"):
        build_ledger([], as_of="2024-03-01")  # type: ignore[arg-type]


def test_the_old_name_ledger_still_answers_with_a_warning() -> None:
    """``opengov.ledger.ledger`` was renamed ``build_ledger``: it answers for one release, warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = opengov.ledger.ledger  # type: ignore[attr-defined]
    assert old is build_ledger
    assert [
        "opengov.ledger.ledger is deprecated and will be removed in the next release: use "
        "opengov.ledger.build_ledger"
    ] == [str(w.message) for w in caught]
    with pytest.raises(AttributeError, match=r"^module 'opengov.ledger' has no attribute 'nothing'$"):
        opengov.ledger.nothing  # type: ignore[attr-defined]  # noqa: B018
