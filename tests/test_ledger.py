"""The deadline ledger: open applications as of a day, their deadlines, and the most urgent first."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov import events as ev
from opengov import wire
from opengov.calendar import WorkingCalendar
from opengov.codec import encode_line
from opengov.deadlines import FindingCode, Status, assess
from opengov.errors import CalendarDataMissingError
from opengov.events import Event
from opengov.ledger import Ledger, LedgerFold, OpenApplication, WaitingOn, build_ledger
from strategies import concluded, date_order, interleave, logs, received

AS_OF = dt.date(2024, 5, 6)  # a Monday, just after the 2024 Labour Day holiday


def withdrawn(app: str, day: dt.date) -> ev.ApplicationWithdrawn:
    return ev.ApplicationWithdrawn(id=f"w-{app}", agency="a1", at=day, application_id=app)


def correction_requested(app: str, day: dt.date) -> ev.CorrectionRequested:
    return ev.CorrectionRequested(id=f"cr-{app}-{day}", agency="a1", at=day, application_id=app)


def fee_notice(app: str, day: dt.date) -> ev.FeeNoticeIssued:
    return ev.FeeNoticeIssued(
        id=f"fee-{app}",
        agency="a1",
        at=day,
        application_id=app,
        scheme=ev.FeeScheme.PER_PAGE,
        quantity=40,
        amount=Decimal("100"),
    )


def consultation_started(app: str, day: dt.date, consultation: str = "k") -> ev.ConsultationStarted:
    return ev.ConsultationStarted(
        id=f"cs-{consultation}",
        agency="a1",
        at=day,
        application_id=app,
        consultation_id=consultation,
        party=ev.ConsultedParty.THIRD_PARTY,
    )


def extended(app: str, day: dt.date, days: int = 20) -> ev.DeadlineExtended:
    return ev.DeadlineExtended(id=f"x-{app}", agency="a1", at=day, application_id=app, working_days=days)


def hand_made_log() -> list[Event]:
    """One overdue, one waiting on a correction, one on a fee, one extended, one concluded, one withdrawn."""
    return [
        received("overdue", dt.date(2024, 3, 1)),
        received("concluded", dt.date(2024, 3, 5)),
        received("extended", dt.date(2024, 3, 20)),
        concluded("concluded", dt.date(2024, 3, 20)),
        received("correction", dt.date(2024, 4, 1)),
        received("withdrawn", dt.date(2024, 4, 2)),
        correction_requested("correction", dt.date(2024, 4, 3)),
        received("fee", dt.date(2024, 4, 8)),
        fee_notice("fee", dt.date(2024, 4, 10)),
        extended("extended", dt.date(2024, 4, 15)),
        withdrawn("withdrawn", dt.date(2024, 4, 16)),
    ]


def by_id(book: Ledger) -> dict[str, OpenApplication]:
    return {item.application_id: item for item in book.open}


def test_an_unanswered_application_past_its_deadline_is_overdue() -> None:
    """Received 2024-03-01, due 2024-03-29 (20 working days); on 2024-05-06 it is 23 working days late."""
    item = by_id(build_ledger(hand_made_log(), as_of=AS_OF))["overdue"]
    expected = (dt.date(2024, 3, 1), dt.date(2024, 3, 29), None, -23, Status.OVERDUE, ())
    assert expected == (
        item.receipt,
        item.due_date,
        item.extended_due_date,
        item.working_days_left,
        item.status,
        item.waiting_on,
    )


def test_an_outstanding_correction_is_waiting_on_the_applicant() -> None:
    """A correction notice with no corrected application yet: waiting on the applicant, for a correction;
    no due date (the corrected application restarts the clock), the notice of 3 April lapsing on 25 April."""
    item = by_id(build_ledger(hand_made_log(), as_of=AS_OF))["correction"]
    assert (Status.WAITING_ON_APPLICANT, (WaitingOn.CORRECTION,), None, dt.date(2024, 4, 25)) == (
        item.status,
        item.waiting_on,
        item.due_date,
        item.correction_lapses,
    )


def test_an_unpaid_fee_is_waiting_on_the_applicant() -> None:
    """A fee notice with no payment yet: waiting on the applicant, for the fee."""
    item = by_id(build_ledger(hand_made_log(), as_of=AS_OF))["fee"]
    assert (Status.WAITING_ON_APPLICANT, (WaitingOn.FEE,)) == (item.status, item.waiting_on)


def test_an_extended_application_counts_to_its_extended_due_date() -> None:
    """Due 2024-04-18, extended by 20 working days to 2024-05-17: 10 working days left on 2024-05-06."""
    item = by_id(build_ledger(hand_made_log(), as_of=AS_OF))["extended"]
    expected = (dt.date(2024, 4, 18), dt.date(2024, 5, 17), dt.date(2024, 5, 17), 10, Status.OPEN)
    assert expected == (
        item.due_date,
        item.extended_due_date,
        item.deadline,
        item.working_days_left,
        item.status,
    )


def test_concluded_and_withdrawn_applications_are_gone() -> None:
    """Only the four open applications are listed; the summary counts them."""
    book = build_ledger(hand_made_log(), as_of=AS_OF)
    assert {"overdue", "correction", "fee", "extended"} == set(by_id(book))
    assert "4 open, 1 overdue, 2 waiting on the applicant" == book.summary()


def test_most_urgent_first() -> None:
    """Overdue by most days late first, then fewest working days left, waiting on the applicant last."""
    log = [
        received("late-a-little", dt.date(2024, 3, 20)),  # due 2024-04-18
        received("late-a-lot", dt.date(2024, 3, 1)),  # due 2024-03-29
        received("due-later", dt.date(2024, 4, 30)),
        received("due-soon", dt.date(2024, 4, 12)),
        received("waiting", dt.date(2024, 3, 4)),
        correction_requested("waiting", dt.date(2024, 3, 5)),
    ]
    book = build_ledger(log, as_of=AS_OF)
    expected = ["late-a-lot", "late-a-little", "due-soon", "due-later", "waiting"]
    assert expected == [item.application_id for item in book.open]
    assert ["late-a-lot", "late-a-little"] == [item.application_id for item in book.overdue]
    assert ["waiting"] == [item.application_id for item in book.waiting_on_applicant]


def test_a_deadline_today_leaves_zero_days() -> None:
    """On the due date itself the application is open with 0 working days left; the day after, -1."""
    log = [received("A", dt.date(2024, 3, 1))]
    on_the_day = build_ledger(log, as_of=dt.date(2024, 3, 29)).open[0]
    day_after = build_ledger(log, as_of=dt.date(2024, 4, 1)).open[0]
    expected = ((0, Status.OPEN), (-1, Status.OVERDUE))
    assert expected == (
        (on_the_day.working_days_left, on_the_day.status),
        (day_after.working_days_left, day_after.status),
    )


def test_events_after_as_of_are_ignored() -> None:
    """A receipt, a conclusion, a correction notice or an extension dated after as_of changes nothing."""
    log = [
        received("open", dt.date(2024, 3, 1)),
        concluded("open", dt.date(2024, 5, 7)),
        correction_requested("open", dt.date(2024, 5, 7)),
        extended("open", dt.date(2024, 5, 7)),
        received("future", dt.date(2024, 5, 7)),
    ]
    item = by_id(build_ledger(log, as_of=AS_OF))["open"]
    assert ["open"] == [i.application_id for i in build_ledger(log, as_of=AS_OF).open]
    assert (Status.OVERDUE, None, ()) == (item.status, item.extended_due_date, item.waiting_on)


def test_the_as_of_day_is_included() -> None:
    """A conclusion on as_of closes the application; a receipt on as_of opens one."""
    log = [received("A", dt.date(2024, 3, 1)), concluded("A", AS_OF), received("B", AS_OF)]
    assert ["B"] == [item.application_id for item in build_ledger(log, as_of=AS_OF).open]


def test_findings_come_with_the_entry() -> None:
    """A correction notice sent after 7 working days is reported with the open application, and so is
    its window, lapsed on the day the ledger shows."""
    log = [received("A", dt.date(2024, 3, 1)), correction_requested("A", dt.date(2024, 3, 20))]
    item = build_ledger(log, as_of=AS_OF).open[0]
    expired = [FindingCode.CORRECTION_NOTICE_LATE, FindingCode.CORRECTION_WINDOW_EXPIRED]
    assert expired == [f.code for f in item.findings]
    # 15 working days from 20 March: 21, 22, 25–29 March, 1–3, 7 (a make-up Sunday), 8–11 April
    assert dt.date(2024, 4, 11) == item.correction_lapses
    assert "2024-04-11" in item.findings[1].message
    on_the_day = build_ledger(log, as_of=dt.date(2024, 4, 11)).open[0]
    assert [FindingCode.CORRECTION_NOTICE_LATE] == [f.code for f in on_the_day.findings]


def test_a_running_consultation_is_listed_as_waited_on() -> None:
    """An open consultation stops the clock: status open, waiting on a consultation."""
    log = [
        received("A", dt.date(2024, 3, 1)),
        consultation_started("A", dt.date(2024, 3, 4)),
    ]
    item = build_ledger(log, as_of=AS_OF).open[0]
    assert (Status.OPEN, (WaitingOn.CONSULTATION,)) == (item.status, item.waiting_on)


def test_one_agency_or_all() -> None:
    """``agency`` keeps one agency's applications; ``None`` keeps every agency's."""
    log = [received("A", dt.date(2024, 3, 1), "a1"), received("A", dt.date(2024, 4, 1), "a2")]
    assert [("a2", "A")] == [
        (i.agency, i.application_id) for i in build_ledger(log, as_of=AS_OF, agency="a2").open
    ]
    assert [("a1", "A"), ("a2", "A")] == [
        (i.agency, i.application_id) for i in build_ledger(log, as_of=AS_OF).open
    ]


def test_a_conclusion_read_before_its_receipt_still_closes_it() -> None:
    """Log order does not matter: a conclusion logged before the receipt closes the application."""
    log = [concluded("A", dt.date(2024, 3, 10)), received("A", dt.date(2024, 3, 1))]
    assert () == build_ledger(log, as_of=AS_OF).open


def test_a_concluded_application_is_forgotten() -> None:
    """Memory is bounded by open applications: a concluded one leaves only its key in the state."""
    fold = LedgerFold(as_of=AS_OF)
    state = fold.fold(hand_made_log())
    assert (
        {("a1", "overdue"), ("a1", "correction"), ("a1", "fee"), ("a1", "extended")},
        {("a1", "concluded"), ("a1", "withdrawn")},
    ) == (set(state.applications.unsettled), state.applications.settled)


def test_calendar_declarations_in_the_log_are_used() -> None:
    """With an empty calendar, the WorkingCalendarDeclared events of the log supply the years."""
    declared = ev.WorkingCalendarDeclared(
        id="cal", agency="calendar", at=dt.date(2023, 11, 1), year=2024, holidays=[dt.date(2024, 1, 1)]
    )
    log = [received("A", dt.date(2024, 3, 1)), declared]
    item = build_ledger(log, as_of=dt.date(2024, 3, 4), calendar=WorkingCalendar.empty()).open[0]
    assert (dt.date(2024, 3, 29), 19) == (item.due_date, item.working_days_left)
    lines = "\n".join(encode_line(e) for e in log).encode()
    records = list(wire.iter_records(io.BytesIO(lines)))  # the same, read by the fast path
    from_records = build_ledger(records, as_of=dt.date(2024, 3, 4), calendar=WorkingCalendar.empty())
    assert (dt.date(2024, 3, 29), 19) == (
        from_records.open[0].due_date,
        from_records.open[0].working_days_left,
    )


def test_a_year_without_calendar_data_raises_unless_estimating() -> None:
    """A deadline in a year nobody supplied raises; an estimating calendar marks the entry instead."""
    log = [received("A", dt.date(2026, 12, 21))]
    with pytest.raises(CalendarDataMissingError):
        build_ledger(log, as_of=dt.date(2026, 12, 31))
    item = build_ledger(
        log, as_of=dt.date(2026, 12, 31), calendar=WorkingCalendar.default().estimating()
    ).open[0]
    assert item.estimated


def test_as_of_must_be_a_date() -> None:
    """A timestamp is refused: the ledger is of a (Beijing) day."""
    with pytest.raises(TypeError):
        build_ledger([], as_of=dt.datetime(2024, 5, 6, 12, 0))


# --- properties ----------------------------------------------------------------------------------------

as_of_days = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31))


@given(logs(max_groups=12), as_of_days, st.data())
def test_open_means_received_and_not_concluded_by_as_of(
    groups: list[list[Event]], as_of: dt.date, data: st.DataObject
) -> None:
    """Every listed application was received by as_of and not concluded by it; the count is exact."""
    log = data.draw(interleave(groups))
    book = build_ledger(log, as_of=as_of)
    receipts = {
        (e.agency, e.application_id) for e in log if isinstance(e, ev.ApplicationReceived) and e.day <= as_of
    }
    endings = {
        (e.agency, e.application_id)
        for e in log
        if isinstance(e, ev.ApplicationConcluded | ev.ApplicationWithdrawn) and e.day <= as_of
    }
    listed = [(item.agency, item.application_id) for item in book.open]
    assert len(listed) == len(set(listed))
    assert set(listed) <= receipts
    assert not set(listed) & endings
    assert len(receipts) - len(endings & receipts) == len(listed)
    assert {Status.OPEN, Status.OVERDUE, Status.WAITING_ON_APPLICANT} >= {i.status for i in book.open}


@given(logs(max_groups=12), as_of_days, st.data())
def test_the_ledger_does_not_depend_on_log_order_and_folds_incrementally(
    groups: list[list[Event]], as_of: dt.date, data: st.DataObject
) -> None:
    """Any interleaving gives the date-ordered ledger; folding a + b equals continuing fold(a) with b."""
    log = data.draw(interleave(groups))
    expected = build_ledger(date_order(groups), as_of=as_of)
    assert expected == build_ledger(log, as_of=as_of)
    cut = data.draw(st.integers(0, len(log)))
    fold = LedgerFold(as_of=as_of)
    assert expected == fold.result(fold.fold(log[cut:], fold.fold(log[:cut])))


@given(logs(max_groups=12), as_of_days, st.data())
def test_wire_records_give_the_ledger_events_give(
    groups: list[list[Event]], as_of: dt.date, data: st.DataObject
) -> None:
    """Read as the fast path's wire records (opengov.sources.read_records), the log gives the same ledger,
    for every agency and for one."""
    log = data.draw(interleave(groups))
    lines = "\n".join(encode_line(e) for e in log).encode()
    records = list(wire.iter_records(io.BytesIO(lines)))
    assert build_ledger(log, as_of=as_of) == build_ledger(records, as_of=as_of)
    if log:
        agency = log[0].agency
        assert build_ledger(log, as_of=as_of, agency=agency) == build_ledger(
            records, as_of=as_of, agency=agency
        )


@given(logs(max_groups=12), as_of_days)
def test_the_order_is_most_urgent_first(groups: list[list[Event]], as_of: dt.date) -> None:
    """Overdue before the rest, waiting on the applicant last, fewest days left first within each; those
    waiting for correction (no days left) at the very end, soonest lapsing notice first."""
    book = build_ledger(date_order(groups), as_of=as_of)
    keys = [
        (3, 0, i.correction_lapses)
        if i.correction_lapses is not None
        else (0 if i.overdue else 2 if i.waiting_on_applicant else 1, i.working_days_left, dt.date.min)
        for i in book.open
    ]
    assert sorted(keys) == keys  # type: ignore[type-var]
    assert all(i.working_days_left is not None and i.working_days_left <= 0 for i in book.overdue)
    assert all((i.due_date is None) == i.waiting_for_correction for i in book.open)


def _unanswered(steps: list[Event], receipt: dt.date) -> tuple[WaitingOn, ...]:
    """The requests an application's steps leave unanswered, read directly from them in date order (log
    order within a day), from the receipt on: the specification the assessment's ``waiting_on`` is held to
    (the ledger read them so itself until session 8)."""
    correction = fee = False
    consultations: set[str] = set()
    for event in sorted(steps, key=lambda e: e.day):
        if event.day < receipt:
            continue
        if isinstance(event, ev.CorrectionRequested | ev.CorrectionReceived):
            correction = isinstance(event, ev.CorrectionRequested)
        elif isinstance(event, ev.FeeNoticeIssued | ev.FeePaid):
            fee = isinstance(event, ev.FeeNoticeIssued)
        elif isinstance(event, ev.ConsultationStarted):
            consultations.add(event.consultation_id)
        elif isinstance(event, ev.ConsultationEnded):
            consultations.discard(event.consultation_id)
    flags = {
        WaitingOn.CORRECTION: correction,
        WaitingOn.FEE: fee,
        WaitingOn.CONSULTATION: bool(consultations),
    }
    return tuple(kind for kind in WaitingOn if flags[kind])


@given(logs(max_groups=12), st.data())
def test_waiting_on_is_what_the_steps_leave_unanswered(
    groups: list[list[Event]], data: st.DataObject
) -> None:
    """Each open application waits on exactly the requests its steps up to ``as_of`` leave unanswered (the
    day is one of the log's, so that applications are caught in the middle of their steps).

    A log's later steps may fall in a year the official calendar does not hold yet (each is drawn up to 120
    days after the one before), where its due dates cannot be counted: the calendar estimates those years,
    which changes no request waited on."""
    log = date_order(groups)
    as_of = data.draw(st.sampled_from([e.day for e in log]) if log else as_of_days)
    book = build_ledger(log, as_of=as_of, calendar=WorkingCalendar.default().estimating())
    for item in book.open:
        steps = [
            e
            for e in log
            if e.agency == item.agency
            and getattr(e, "application_id", None) == item.application_id
            and e.day <= as_of
        ]
        assert item.waiting_on == _unanswered(steps, item.receipt)


def test_waiting_on_every_kind_at_once() -> None:
    """Received on 1 March, due on 29 March: a correction notice, a fee notice and a consultation after that
    stop no clock (each is a finding), but all three are waited on, in their order; concluded, none is."""
    log: list[Event] = [
        received("W", dt.date(2024, 3, 1)),
        correction_requested("W", dt.date(2024, 5, 6)),
        fee_notice("W", dt.date(2024, 5, 7)),
        consultation_started("W", dt.date(2024, 5, 8)),
    ]
    (item,) = build_ledger(log, as_of=dt.date(2024, 5, 9)).open
    assert (WaitingOn.CORRECTION, WaitingOn.FEE, WaitingOn.CONSULTATION) == item.waiting_on
    assessment = assess(log, WorkingCalendar.default(), as_of=dt.date(2024, 5, 9))
    assert (dt.date(2024, 3, 29), None) == (assessment.due_date, assessment.correction_requested_on)
    after = FindingCode.PAUSE_AFTER_DEADLINE
    assert [FindingCode.CORRECTION_NOTICE_LATE, after, after, after] == [f.code for f in assessment.findings]
    concluded_log = [*log, concluded("W", dt.date(2024, 5, 10))]
    assert () == assess(concluded_log, WorkingCalendar.default()).waiting_on
