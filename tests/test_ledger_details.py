"""Ledger details (issue 12, item 9): an application waiting for correction has no deadline but the day its
correction notice lapses, and the "estimated" mark sits on exactly the dates computed from a guessed year.

Every expected date is counted by hand on the official 2024 and 2026 arrangements (2024: 清明 4–6 April off,
Sunday 7 April worked; 劳动节 1–5 May off, Sunday 28 April and Saturday 11 May worked), the notice's or
receipt's day being day 0; 2027 has no official data and is guessed as weekends only.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.deadlines import DeadlinePolicy, Status
from opengov.errors import CalendarDataMissingError
from opengov.events import Event
from opengov.ledger import OpenApplication, WaitingOn, build_ledger
from opengov.render.ledger import ledger_json, ledger_text
from strategies import received
from test_ledger import fee_notice

AS_OF = dt.date(2024, 5, 6)


def notice(app: str, day: dt.date) -> ev.CorrectionRequested:
    return ev.CorrectionRequested(id=f"n-{app}-{day}", agency="a1", at=day, application_id=app)


def corrected(app: str, day: dt.date) -> ev.CorrectionReceived:
    return ev.CorrectionReceived(id=f"k-{app}", agency="a1", at=day, application_id=app)


def one(log: list[Event], as_of: dt.date = AS_OF, **kwargs: object) -> OpenApplication:
    (item,) = build_ledger(log, as_of=as_of, **kwargs).open  # type: ignore[arg-type]
    return item


# --- waiting for correction ---------------------------------------------------------------------------------


def test_waiting_for_correction_shows_no_deadline_but_the_day_the_notice_lapses() -> None:
    """Received 1 April, correction notice 3 April: no due date, no days left; the notice lapses 15 working
    days after it, on 25 April (7 April worked, 13–14 and 20–21 April off)."""
    item = one([received("C", dt.date(2024, 4, 1)), notice("C", dt.date(2024, 4, 3))])
    assert (None, None, None, None, dt.date(2024, 4, 25), True) == (
        item.due_date,
        item.extended_due_date,
        item.deadline,
        item.working_days_left,
        item.correction_lapses,
        item.waiting_for_correction,
    )
    assert (Status.WAITING_ON_APPLICANT, (WaitingOn.CORRECTION,), True) == (
        item.status,
        item.waiting_on,
        item.waiting_on_applicant,
    )


def test_the_correction_window_is_the_policys() -> None:
    """With a 5-working-day window the 3 April notice lapses on 11 April (7, 8, 9, 10, 11 April)."""
    log: list[Event] = [received("C", dt.date(2024, 4, 1)), notice("C", dt.date(2024, 4, 3))]
    item = one(log, policy=DeadlinePolicy(correction_window=5))
    assert dt.date(2024, 4, 11) == item.correction_lapses


def test_a_second_notice_runs_from_its_own_day() -> None:
    """A second notice on 10 April, the first still unanswered: the window runs from 10 April, to 30 April
    (11–12, 15–19, 22–26, 28, 29, 30 April)."""
    log: list[Event] = [
        received("C", dt.date(2024, 4, 1)),
        notice("C", dt.date(2024, 4, 3)),
        notice("C", dt.date(2024, 4, 10)),
    ]
    assert dt.date(2024, 4, 30) == one(log).correction_lapses


def test_the_corrected_application_restarts_the_clock_in_full() -> None:
    """Corrected on 15 April: due 20 working days after it, on 14 May (28 April and 11 May worked, 1–5 May
    off), and nothing lapses any more."""
    log: list[Event] = [
        received("C", dt.date(2024, 4, 1)),
        notice("C", dt.date(2024, 4, 3)),
        corrected("C", dt.date(2024, 4, 15)),
    ]
    item = one(log, as_of=dt.date(2024, 4, 16))
    assert (dt.date(2024, 5, 14), None, False, Status.OPEN) == (
        item.due_date,
        item.correction_lapses,
        item.waiting_for_correction,
        item.status,
    )


def test_a_notice_after_the_deadline_leaves_the_deadline_standing() -> None:
    """Due 29 March, a notice on 10 April stops nothing: still overdue, with its due date, and waiting on
    the correction all the same."""
    log: list[Event] = [received("L", dt.date(2024, 3, 1)), notice("L", dt.date(2024, 4, 10))]
    item = one(log)
    assert (dt.date(2024, 3, 29), -23, Status.OVERDUE, None, (WaitingOn.CORRECTION,)) == (
        item.due_date,
        item.working_days_left,
        item.status,
        item.correction_lapses,
        item.waiting_on,
    )


def test_waiting_for_correction_needs_no_calendar_year_for_a_due_date_it_does_not_show() -> None:
    """Received 30 November 2026, notice 1 December: the provisional due date would run into 2027, which
    the calendar lacks; the notice lapses on 22 December 2026 and the ledger is read without 2027."""
    log: list[Event] = [received("C", dt.date(2026, 11, 30)), notice("C", dt.date(2026, 12, 1))]
    item = one(log, as_of=dt.date(2026, 12, 10))
    assert (None, dt.date(2026, 12, 22), ()) == (item.due_date, item.correction_lapses, item.estimated_fields)


def test_a_lapse_in_a_missing_year_still_needs_the_year() -> None:
    """A notice of 21 December 2026 lapses in 2027: without the year the ledger says so."""
    log: list[Event] = [received("C", dt.date(2026, 12, 18)), notice("C", dt.date(2026, 12, 21))]
    with pytest.raises(CalendarDataMissingError):
        build_ledger(log, as_of=dt.date(2026, 12, 31))


def test_waiting_for_correction_comes_last_soonest_lapse_first() -> None:
    """After the open ones and the one waiting for a fee, those waiting for correction by lapse date."""
    log: list[Event] = [
        received("late-notice", dt.date(2024, 4, 1)),
        notice("late-notice", dt.date(2024, 4, 10)),  # lapses 30 April
        received("early-notice", dt.date(2024, 4, 1)),
        notice("early-notice", dt.date(2024, 4, 3)),  # lapses 25 April
        received("fee", dt.date(2024, 4, 8)),
        fee_notice("fee", dt.date(2024, 4, 10)),
        received("open", dt.date(2024, 4, 30)),
    ]
    book = build_ledger(log, as_of=AS_OF)
    assert ["open", "fee", "early-notice", "late-notice"] == [i.application_id for i in book.open]


# --- estimated per date -------------------------------------------------------------------------------------


def extended_into_2027() -> list[Event]:
    """Received Friday 20 November 2026: due 18 December 2026; extended by 20 to 15 January 2027."""
    return [
        received("X", dt.date(2026, 11, 20)),
        ev.DeadlineExtended(
            id="x", agency="a1", at=dt.date(2026, 12, 1), application_id="X", working_days=20
        ),
    ]


def test_only_the_dates_counted_through_a_guessed_year_are_estimated() -> None:
    """The due date lies in 2026 (official): unmarked. The extended due date (15 January 2027: 21–25 and
    28–31 December, 1, 4–8 and 11–15 January) and the 11 working days left on 31 December count through
    2027: marked."""
    calendar = WorkingCalendar.default().estimating()
    item = one(extended_into_2027(), as_of=dt.date(2026, 12, 31), calendar=calendar)
    assert (dt.date(2026, 12, 18), dt.date(2027, 1, 15), 11, ("extended_due_date", "working_days_left")) == (
        item.due_date,
        item.extended_due_date,
        item.working_days_left,
        item.estimated_fields,
    )
    assert item.estimated


def test_nothing_is_marked_where_every_year_is_official() -> None:
    """Without the extension, on an estimating calendar: due 18 December 2026, 13 working days left on
    1 December; no count reaches 2027, so nothing is marked."""
    calendar = WorkingCalendar.default().estimating()
    item = one(extended_into_2027()[:1], as_of=dt.date(2026, 12, 1), calendar=calendar)
    assert (dt.date(2026, 12, 18), 13, (), False) == (
        item.due_date,
        item.working_days_left,
        item.estimated_fields,
        item.estimated,
    )


def test_a_lapse_date_in_a_guessed_year_is_marked() -> None:
    """A notice of 21 December 2026 lapses on 11 January 2027 (22–25, 28–31 December, 1, 4–8, 11 January)."""
    log: list[Event] = [received("C", dt.date(2026, 12, 18)), notice("C", dt.date(2026, 12, 21))]
    item = one(log, as_of=dt.date(2026, 12, 31), calendar=WorkingCalendar.default().estimating())
    assert (dt.date(2027, 1, 11), ("correction_lapses",)) == (item.correction_lapses, item.estimated_fields)


# --- what the renderers show ----------------------------------------------------------------------------


def test_the_text_marks_each_estimated_cell_and_shows_the_correction_state() -> None:
    """The extended date and the days left carry the mark, the due date does not; the application waiting
    for correction shows its lapse date and no deadline."""
    log = [
        *extended_into_2027(),
        received("C", dt.date(2026, 12, 18)),
        notice("C", dt.date(2026, 12, 21)),
    ]
    calendar = WorkingCalendar.default().estimating()
    book = build_ledger(log, as_of=dt.date(2026, 12, 31), agency="a1", calendar=calendar)
    expected = """\
Open applications of agency a1 as of 2026-12-31, most urgent first

application  received    due         extended to  days left  status                                      waiting on  findings
-----------  ----------  ----------  -----------  ---------  ------------------------------------------  ----------  --------
X            2026-11-20  2026-12-18  2027-01-15*        11*  open                                        -           -
C            2026-12-18  -           -                    -  waiting for correction, lapses 2027-01-11*  correction  -
* estimated: counted through a year without official calendar data (weekends only)

2 open, 0 overdue, 1 waiting on the applicant"""  # noqa: E501
    assert expected == ledger_text(book)


def test_the_text_says_when_the_notice_has_lapsed() -> None:
    """On 6 May the 3 April notice (lapsing 25 April) has lapsed: the state says so."""
    book = build_ledger([received("C", dt.date(2024, 4, 1)), notice("C", dt.date(2024, 4, 3))], as_of=AS_OF)
    assert "waiting for correction, lapsed 2024-04-25" in ledger_text(book)


def test_the_json_of_an_application_waiting_for_correction() -> None:
    """No due date, deadline or days left; the lapse day; nothing estimated; the lapsed window a finding."""
    book = build_ledger([received("C", dt.date(2024, 4, 1)), notice("C", dt.date(2024, 4, 3))], as_of=AS_OF)
    (entry,) = json.loads(ledger_json(book))["applications"]
    assert {
        "application_id": "C",
        "agency": "a1",
        "receipt": "2024-04-01",
        "regulation": "2019",
        "due_date": None,
        "extended_due_date": None,
        "deadline": None,
        "working_days_left": None,
        "status": "waiting_on_applicant",
        "correction_lapses": "2024-04-25",
        "waiting_on": ["correction"],
        "estimated": False,
        "estimated_fields": [],
        "findings": [
            {
                "code": "correction_window_expired",
                "message": "correction notice of 2024-04-03 still not answered on 2024-05-06; the correction "
                "window ended on 2024-04-25 and the application may be closed as abandoned "
                "(申请人无正当理由逾期不补正, 第三十条)",
                "event_id": "n-C-2024-04-03",
            }
        ],
    } == entry


def test_the_json_names_the_estimated_fields() -> None:
    """The JSON lists the extended due date and the days left as estimated, not the due date."""
    calendar = WorkingCalendar.default().estimating()
    book = build_ledger(extended_into_2027(), as_of=dt.date(2026, 12, 31), calendar=calendar)
    (entry,) = json.loads(ledger_json(book))["applications"]
    assert (True, ["extended_due_date", "working_days_left"], "2026-12-18", "2027-01-15") == (
        entry["estimated"],
        entry["estimated_fields"],
        entry["due_date"],
        entry["deadline"],
    )
