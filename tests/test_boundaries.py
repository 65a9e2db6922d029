"""Exact-date checks at every boundary the fold, the ledger and the deadlines turn on.

The balance and carry rules still hold under an off-by-one at a period edge (an application dropped from
both 上年结转 and the results keeps 一 + 二 = 三 + 四), so only checks on exact dates see one. Every
expectation here is worked out by hand from the dates; each test names the mistake it exists to catch.
"""

from __future__ import annotations

import datetime as dt

import pytest

from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.deadlines import Status, assess
from opengov.events import ApplicantKind, CaseOutcome, Event, LawsuitRoute, ServiceItemKind
from opengov.fold import AgencyFacts, Period, fold_facts
from opengov.ledger import LedgerFold
from opengov.tables import build_table
from strategies import concluded, received

Y = 2024
PERIOD = Period.year(Y)
PERSON = ApplicantKind.NATURAL_PERSON
FIRST, LAST = dt.date(Y, 1, 1), dt.date(Y, 12, 31)
DAY_BEFORE, DAY_AFTER = dt.date(Y - 1, 12, 31), dt.date(Y + 1, 1, 1)


def facts(log: list[Event], period: Period = PERIOD) -> AgencyFacts:
    return fold_facts(log, period)["a1"]


def applications(f: AgencyFacts) -> tuple[int, int, int, int]:
    """(上年结转, 本年新收, 办理结果, 结转下年度) of natural persons."""
    results = sum(n for (_, kind), n in f.results.items() if kind is PERSON)
    return (f.carried_in.get(PERSON, 0), f.received.get(PERSON, 0), results, f.carried_forward.get(PERSON, 0))


# ---------------------------------------------------------------------------------------------------------
# Applications at the period's edges (fold: _settle and _facts).


@pytest.mark.parametrize(
    ("receipt", "conclusion", "expected"),
    [
        # concluded on the period's first day: carried in, and concluded in the period (c < start, not <=)
        (dt.date(Y - 1, 12, 20), FIRST, (1, 0, 1, 0)),
        # concluded on the day before the period: nothing at all in the period
        (dt.date(Y - 1, 12, 20), DAY_BEFORE, (0, 0, 0, 0)),
        # received on the first day: new, not carried in (r < start, not <=)
        (FIRST, dt.date(Y, 1, 10), (0, 1, 1, 0)),
        # received on the day before and still open on the first day: carried in
        (DAY_BEFORE, dt.date(Y, 1, 10), (1, 0, 1, 0)),
        # concluded on 31 December: a result, not carried forward (c > end, not >=)
        (dt.date(Y, 12, 1), LAST, (0, 1, 1, 0)),
        # concluded on 1 January next year: carried forward, no result
        (dt.date(Y, 12, 1), DAY_AFTER, (0, 1, 0, 1)),
        # received on 31 December and concluded on 1 January: new and carried forward (r > end, not >=)
        (LAST, DAY_AFTER, (0, 1, 0, 1)),
        # received and concluded on 31 December
        (LAST, LAST, (0, 1, 1, 0)),
        # received on 1 January next year: nothing in this period
        (DAY_AFTER, dt.date(Y + 1, 1, 5), (0, 0, 0, 0)),
        # received on the first day, concluded on the last: the whole period
        (FIRST, LAST, (0, 1, 1, 0)),
    ],
)
def test_application_at_the_period_edges(
    receipt: dt.date, conclusion: dt.date, expected: tuple[int, ...]
) -> None:
    """Receipt and conclusion on, and one day either side of, the period's first and last days."""
    log: list[Event] = [received("x", receipt), concluded("x", conclusion)]
    assert expected == applications(facts(log))
    # the conclusion before the receipt in the log: the same count (the fold settles either way round)
    assert expected == applications(facts(log[::-1]))


@pytest.mark.parametrize(
    ("receipt", "expected"),
    [
        (DAY_BEFORE, (1, 0, 0, 1)),  # open at the start: carried in and carried forward
        (FIRST, (0, 1, 0, 1)),
        (LAST, (0, 1, 0, 1)),  # received on 31 December, still open: carried forward
        (DAY_AFTER, (0, 0, 0, 0)),
    ],
)
def test_open_application_at_the_period_edges(receipt: dt.date, expected: tuple[int, ...]) -> None:
    """An application never concluded is carried in if received before the period, forward if by its end."""
    assert expected == applications(facts([received("x", receipt)]))


def test_concluded_on_first_day_is_in_the_gov2021_table() -> None:
    """In the table: 上年结转 1, 予以公开 1, （七）总计 1, 结转 0 — the balance alone would not notice."""
    log: list[Event] = [received("x", dt.date(Y - 1, 12, 28)), concluded("x", FIRST)]
    t = build_table(log, year=Y, format="gov2021")
    cells = (
        "applications.carried_in",
        "applications.disclosed",
        "applications.total",
        "applications.carried_forward",
    )
    assert (1, 1, 1, 0) == tuple(t[row, "natural_person"] for row in cells)


@pytest.mark.parametrize(
    ("at", "year"),
    [
        (dt.datetime(Y, 12, 31, 15, 59, 59, tzinfo=dt.UTC), Y),  # 23:59:59 in Beijing on 31 December
        (dt.datetime(Y, 12, 31, 16, 0, 0, tzinfo=dt.UTC), Y + 1),  # 00:00 in Beijing on 1 January
        (
            dt.datetime(Y - 1, 12, 31, 16, 0, 0, tzinfo=dt.UTC),
            Y,
        ),  # 00:00 in Beijing on the period's first day
        (dt.datetime(Y - 1, 12, 31, 15, 59, 59, tzinfo=dt.UTC), Y - 1),
        (dt.datetime(Y, 12, 31, 23, 59, 59), Y),  # a naive timestamp is Beijing time already
    ],
)
def test_receipt_at_beijing_midnight(at: dt.datetime, year: int) -> None:
    """A timestamp counts in the year of its Beijing date: 16:00Z is the next day's midnight in Beijing."""
    app = ev.ApplicationReceived(
        id="r", agency="a1", at=at, application_id="x", channel=ev.ApplicationChannel.ONLINE, applicant=PERSON
    )
    counts = {y: facts([app], Period.year(y)).received.get(PERSON, 0) for y in (Y - 1, Y, Y + 1)}
    assert {y: int(y == year) for y in (Y - 1, Y, Y + 1)} == counts


# ---------------------------------------------------------------------------------------------------------
# Reconsiderations and lawsuits (fold: _settle_case and _facts).


def reconsideration(
    filed: dt.date, decided: dt.date | None, outcome: CaseOutcome = CaseOutcome.UPHELD
) -> list[Event]:
    log: list[Event] = [ev.ReconsiderationFiled(id="rf", agency="a1", at=filed, case_id="k")]
    if decided is not None:
        log.append(ev.ReconsiderationDecided(id="rd", agency="a1", at=decided, case_id="k", outcome=outcome))
    return log


def lawsuit(
    filed: dt.date, decided: dt.date | None, outcome: CaseOutcome = CaseOutcome.CORRECTED
) -> list[Event]:
    log: list[Event] = [
        ev.LawsuitFiled(id="lf", agency="a1", at=filed, case_id="k", route=LawsuitRoute.DIRECT)
    ]
    if decided is not None:
        log.append(ev.LawsuitDecided(id="ld", agency="a1", at=decided, case_id="k", outcome=outcome))
    return log


@pytest.mark.parametrize(
    ("filed", "decided", "expected"),
    [
        # filed 31 December, decided in January: 尚未审结 at the year's end (filed <= end, not <)
        (LAST, dt.date(Y + 1, 1, 15), {None: 1}),
        # filed 31 December, never decided: pending
        (LAST, None, {None: 1}),
        # filed and decided on 31 December: decided in the period
        (LAST, LAST, {CaseOutcome.UPHELD: 1}),
        # filed last year, decided on the period's first day: decided in the period
        (dt.date(Y - 1, 11, 2), FIRST, {CaseOutcome.UPHELD: 1}),
        # filed last year, decided on the day before the period: nothing this year
        (dt.date(Y - 1, 11, 2), DAY_BEFORE, {}),
        # filed on 1 January next year: nothing this year
        (DAY_AFTER, None, {}),
        (DAY_AFTER, dt.date(Y + 1, 3, 1), {}),
        # filed last year, pending all through the period: pending at its end
        (dt.date(Y - 1, 11, 2), DAY_AFTER, {None: 1}),
        (dt.date(Y - 1, 11, 2), None, {None: 1}),
    ],
)
def test_case_at_the_period_edges(
    filed: dt.date, decided: dt.date | None, expected: dict[object, int]
) -> None:
    """A case counts by outcome in the period it is decided in; filed by the end and undecided: pending."""
    assert expected == dict(facts(reconsideration(filed, decided)).reconsiderations)
    assert expected == dict(facts(reconsideration(filed, decided)[::-1]).reconsiderations)
    as_lawsuit = {
        (LawsuitRoute.DIRECT, o if o is None else CaseOutcome.CORRECTED): n for o, n in expected.items()
    }
    assert as_lawsuit == dict(facts(lawsuit(filed, decided)).lawsuits)


def test_reconsideration_filed_31_december_is_pending_in_the_table() -> None:
    """gov2021 table 四: 行政复议 尚未审结 1 (总计 1) in the year of filing; 结果维持 1 the year after."""
    log = reconsideration(LAST, dt.date(Y + 1, 1, 6))
    this_year = build_table(log, year=Y, format="gov2021")
    next_year = build_table(log, year=Y + 1, format="gov2021")
    assert (1, 0, 1) == (
        this_year["disputes.count", "reconsideration.pending"],
        this_year["disputes.count", "reconsideration.upheld"],
        this_year["disputes.count", "reconsideration.total"],
    )
    assert (0, 1, 1) == (
        next_year["disputes.count", "reconsideration.pending"],
        next_year["disputes.count", "reconsideration.upheld"],
        next_year["disputes.count", "reconsideration.total"],
    )


# ---------------------------------------------------------------------------------------------------------
# Listed items (gov2019 上一年项目数量 / 本年增/减) and documents in force.
#
# ServiceItemDelisted on day d means the item is off the list from d on: an item delisted on 31 December
# is not listed at the year's end (listed_at_end counts delisted_on > end). So an item delisted on the
# period's first day was still listed at the end of the previous year, and is counted at the period's
# start: 上一年项目数量 is last year's count at its end, and the two must agree for every day of
# delisting. Listed on the first day, it was not there at the start.


def listing(listed: dt.date, delisted: dt.date | None) -> list[Event]:
    log: list[Event] = [
        ev.ServiceItemListed(id="l", agency="a1", at=listed, item_id="i", kind=ServiceItemKind.LICENSING)
    ]
    if delisted is not None:
        log.append(ev.ServiceItemDelisted(id="d", agency="a1", at=delisted, item_id="i"))
    return log


@pytest.mark.parametrize(
    ("listed", "delisted", "at_start", "at_end"),
    [
        (dt.date(Y - 1, 6, 1), FIRST, 1, 0),  # delisted on the first day: listed at the start
        (dt.date(Y - 1, 6, 1), DAY_BEFORE, 0, 0),  # delisted on the day before: gone at the start
        (dt.date(Y - 1, 6, 1), dt.date(Y, 1, 2), 1, 0),
        (DAY_BEFORE, None, 1, 1),  # listed on the day before the period
        (FIRST, None, 0, 1),  # listed on the first day: not there at the start
        (FIRST, FIRST, 0, 0),
        (dt.date(Y, 6, 1), LAST, 0, 0),  # delisted on 31 December: not listed at the end
        (dt.date(Y, 6, 1), DAY_AFTER, 0, 1),  # delisted on 1 January next year: listed at the end
        (LAST, None, 0, 1),  # listed on 31 December: listed at the end
        (DAY_AFTER, None, 0, 0),
    ],
)
def test_listed_at_start_and_end(
    listed: dt.date, delisted: dt.date | None, at_start: int, at_end: int
) -> None:
    """Items at the period's start and end, on and next to both edges; the start is last year's end."""
    f = facts(listing(listed, delisted))
    actual = (
        f.listed_at_start.get(ServiceItemKind.LICENSING, 0),
        f.listed_at_end.get(ServiceItemKind.LICENSING, 0),
    )
    assert (at_start, at_end) == actual
    last_year = facts(listing(listed, delisted), Period.year(Y - 1))
    assert at_start == last_year.listed_at_end.get(ServiceItemKind.LICENSING, 0)


def test_delisted_on_first_day_in_the_gov2019_table() -> None:
    """gov2019 (五)项 行政许可: 上一年项目数量 1, 本年增/减 −1 when the only item is delisted on 1 January."""
    t = build_table(listing(dt.date(2019, 3, 1), dt.date(2020, 1, 1)), year=2020, format="gov2019")
    assert (1, -1) == (t["proactive.licensing", "previous_items"], t["proactive.licensing", "change"])


@pytest.mark.parametrize(
    ("issued", "repealed", "expected"),
    [
        # (issued in period, repealed in period, in force at the end)
        (FIRST, None, (1, 0, 1)),
        (DAY_BEFORE, None, (0, 0, 1)),
        (LAST, None, (1, 0, 1)),
        (DAY_AFTER, None, (0, 0, 0)),
        (dt.date(Y - 1, 5, 1), FIRST, (0, 1, 0)),
        (dt.date(Y - 1, 5, 1), DAY_BEFORE, (0, 0, 0)),
        (dt.date(Y - 1, 5, 1), LAST, (0, 1, 0)),  # repealed on 31 December: not in force at the end
        (dt.date(Y - 1, 5, 1), DAY_AFTER, (0, 0, 1)),
    ],
)
def test_document_at_the_period_edges(
    issued: dt.date, repealed: dt.date | None, expected: tuple[int, ...]
) -> None:
    """本年制发 / 本年废止 / 现行有效 with issue and repeal on and next to the edges."""
    kind = ev.DocumentKind.NORMATIVE_DOCUMENT
    log: list[Event] = [ev.DocumentIssued(id="i", agency="a1", at=issued, document_id="d", kind=kind)]
    if repealed is not None:
        log.append(ev.DocumentRepealed(id="r", agency="a1", at=repealed, document_id="d"))
    f = facts(log)
    actual = (
        f.documents_issued.get(kind, 0),
        f.documents_repealed.get(kind, 0),
        f.documents_in_force.get(kind, 0),
    )
    assert expected == actual


@pytest.mark.parametrize(("day", "counted"), [(DAY_BEFORE, 0), (FIRST, 1), (LAST, 1), (DAY_AFTER, 0)])
def test_counts_in_period_at_the_edges(day: dt.date, counted: int) -> None:
    """Meetings, trainings, fees and the rest count on the period's first and last days, not next to them."""
    log: list[Event] = [
        ev.MeetingHeld(id="m", agency="a1", at=day),
        ev.TrainingHeld(id="t", agency="a1", at=day, attendees=7),
        ev.ComplaintReceived(id="c", agency="a1", at=day),
        ev.StaffAssigned(id="s", agency="a1", at=day, staff_id="p", role=ev.StaffRole.FULL_TIME),
    ]
    f = facts(log)
    staff_at_end = int(day <= LAST)  # staff are as at the period's end: assigned before it, still there
    assert (counted, counted, 7 * counted, counted, staff_at_end) == (
        f.meetings,
        f.trainings,
        f.training_attendees,
        f.complaints,
        f.staff.get(ev.StaffRole.FULL_TIME, 0),
    )


# ---------------------------------------------------------------------------------------------------------
# Deadlines and the ledger on the due date itself, across make-up working days.
#
# Received Monday 2024-09-23 (day 0). The 20 working days of the 2019 regulation, counted by hand on the
# State Council's 2024 arrangement (国庆 1–7 October off; Sunday 29 September and Saturday 12 October are
# make-up working days): 24, 25, 26, 27 Sep (4), Sun 29 Sep (5), 30 Sep (6), 8–11 Oct (10), Sat 12 Oct
# (11), 14–18 Oct (16), 21–24 Oct (20). Due Thursday 2024-10-24. Without the make-up days it would be
# Monday 2024-10-28.

RECEIPT = dt.date(2024, 9, 23)
DUE = dt.date(2024, 10, 24)


def test_due_date_counts_make_up_working_days() -> None:
    """assess puts the due date on 24 October, counting both make-up days of the 2024 National Day."""
    a = assess([received("x", RECEIPT)], WorkingCalendar.default())
    assert (DUE, None) == (a.due_date, a.extended_due_date)


@pytest.mark.parametrize(
    ("answered", "status", "days"),
    [
        (dt.date(2024, 10, 23), Status.ON_TIME, 19),
        (DUE, Status.ON_TIME, 20),  # on the due date itself: on time
        (dt.date(2024, 10, 25), Status.LATE, 21),  # the day after: late
        (dt.date(2024, 9, 29), Status.ON_TIME, 5),  # answered on the make-up Sunday, a working day
    ],
)
def test_answer_on_and_next_to_the_due_date(answered: dt.date, status: Status, days: int) -> None:
    """On time up to and including the due date; late the working day after."""
    a = assess([received("x", RECEIPT), concluded("x", answered)], WorkingCalendar.default())
    assert (status, days) == (a.status, a.working_days_taken)


@pytest.mark.parametrize(
    ("as_of", "status", "left"),
    [
        (dt.date(2024, 10, 23), Status.OPEN, 1),
        (DUE, Status.OPEN, 0),  # due today: not yet overdue
        (dt.date(2024, 10, 25), Status.OVERDUE, -1),
        (dt.date(2024, 10, 12), Status.OPEN, 9),  # on the make-up Saturday: 14–18, 21–24 Oct remain
    ],
)
def test_ledger_on_and_next_to_the_due_date(as_of: dt.date, status: Status, left: int) -> None:
    """The ledger: 0 working days left on the due date, overdue (−1) the working day after."""
    fold = LedgerFold(as_of=as_of)
    [entry] = fold.result(fold.fold([received("x", RECEIPT)])).open
    assert (DUE, status, left) == (entry.deadline, entry.status, entry.working_days_left)


def test_ledger_drops_an_application_concluded_on_its_day() -> None:
    """Concluded on the ledger's day: no longer open; concluded the day after: still open that day."""
    log: list[Event] = [received("x", RECEIPT), concluded("x", DUE)]
    on_the_day = LedgerFold(as_of=DUE)
    day_before = LedgerFold(as_of=dt.date(2024, 10, 23))
    assert 0 == len(on_the_day.result(on_the_day.fold(log)).open)
    assert 1 == len(day_before.result(day_before.fold(log)).open)


@pytest.mark.parametrize(
    ("receipt", "regulation", "due"),
    [
        # the day before the 2019 regulation: 15 working days — 15–17, 20–24, 27–31 May, 3–4 June
        (dt.date(2019, 5, 14), "2008", dt.date(2019, 6, 4)),
        # its first day: 20 working days — 16–17, 20–24, 27–31 May, 3–6 June, (端午 7 June off), 10–13 June
        (dt.date(2019, 5, 15), "2019", dt.date(2019, 6, 13)),
        # received 31 December: 1 January off; 2–3, 6–10, 13–17, 20–24 Jan (17), Sunday 26 Jan make-up (18),
        # 27 Jan (19), 春节 28 Jan – 4 Feb off, 5 Feb (20)
        (dt.date(2024, 12, 31), "2019", dt.date(2025, 2, 5)),
        # 13–17, 20–24 Jan (10), Sunday 26 Jan (11), 27 Jan (12), 5–7 Feb (15), Saturday 8 Feb make-up (16),
        # 10–13 Feb (20)
        (dt.date(2025, 1, 10), "2019", dt.date(2025, 2, 13)),
    ],
)
def test_due_date_at_the_regulation_change_and_across_new_year(
    receipt: dt.date, regulation: str, due: dt.date
) -> None:
    """The regulation follows the receipt date (15 May 2019 is the first day of the 2019 one); due dates
    counted by hand across 端午, 元旦 and 春节 with their make-up days."""
    a = assess([received("x", receipt)], WorkingCalendar.default())
    assert (regulation, due) == (a.regulation, a.due_date)
