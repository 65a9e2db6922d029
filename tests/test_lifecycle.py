"""The shared application lifecycle: one application's state, the settled keys, the calendar declarations,
and what the fold and the ledger make of a receipt or conclusion logged again."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import attrs

from opengov import events as ev
from opengov.calendar import EstimatingCalendar, WorkingCalendar
from opengov.codec import encode_line
from opengov.events import Event
from opengov.fold import Period, PeriodFold
from opengov.ledger import LedgerFold, build_ledger
from opengov.lifecycle import (
    APPLICATION_EVENTS,
    APPLICATION_TAGS,
    Application,
    Applications,
    Declarations,
)
from opengov.projections import ledger_projection
from opengov.wire import iter_records
from strategies import concluded, received

DAY = dt.date(2024, 3, 1)
PERSON = ev.ApplicantKind.NATURAL_PERSON


def fee_paid(app: str, day: dt.date, event_id: str = "paid") -> ev.FeePaid:
    return ev.FeePaid(id=event_id, agency="a1", at=day, application_id=app, amount=Decimal("50"))


def extended(app: str, day: dt.date) -> ev.DeadlineExtended:
    return ev.DeadlineExtended(id=f"x-{app}", agency="a1", at=day, application_id=app, working_days=20)


# --- one application --------------------------------------------------------------------------------------


def test_the_events_of_an_application_are_the_ten_handling_steps() -> None:
    """Receipt, correction notice and corrected application, consultation start and end, extension, fee
    notice and payment, withdrawal and conclusion: ten classes, one tag each."""
    assert 10 == len(APPLICATION_EVENTS) == len(APPLICATION_TAGS)
    assert {"application_received", "application_concluded", "application_withdrawn", "fee_paid"} <= set(
        APPLICATION_TAGS
    )


def test_the_receipt_comes_first_whatever_the_log_order() -> None:
    """A step logged before the receipt stays, and the receipt is put first: what the assessment reads."""
    book = Applications()
    results = [book.evolve("A", extended("A", DAY)), book.evolve("A", received("A", DAY))]
    app = book.unsettled["A"]
    assert ([None, None], ["r-a1-A", "x-A"], "r-a1-A", True) == (
        results,
        [e.id for e in app.events],
        app.receipt.id if app.receipt else None,
        app.open,
    )


def test_a_second_receipt_is_refused_but_kept_for_the_assessment() -> None:
    """The first receipt counts; the second is refused with a message and kept among the events."""
    book = Applications()
    book.evolve("A", received("A", DAY))
    again = attrs.evolve(received("A", DAY + dt.timedelta(days=3)), id="again")
    message = book.evolve("A", again)
    app = book.unsettled["A"]
    assert ("application 'A' received a second time; ignored", "r-a1-A", ["r-a1-A", "again"]) == (
        message,
        app.receipt.id if app.receipt else None,
        [e.id for e in app.events],
    )


def test_a_second_conclusion_is_refused_and_not_kept() -> None:
    """Before the receipt is read, the first conclusion stands; the second is refused and left out."""
    book = Applications()
    book.evolve("A", concluded("A", DAY + dt.timedelta(days=5)))
    message = book.evolve("A", attrs.evolve(concluded("A", DAY + dt.timedelta(days=2)), id="again"))
    app = book.unsettled["A"]
    assert ("application 'A' concluded a second time; the first stands", ["c-a1-A"], False) == (
        message,
        [e.id for e in app.events],
        app.open,
    )
    settled = book.evolve("A", received("A", DAY))
    assert (True, ["r-a1-A", "c-a1-A"]) == (
        isinstance(settled, Application) and settled.settled,
        [e.id for e in app.events],
    )


# --- many applications ------------------------------------------------------------------------------------


def test_an_application_is_settled_once_both_ends_are_read_in_either_order() -> None:
    """A conclusion read before the receipt settles the application on the receipt; each is handed back
    once and only its key is kept."""
    book = Applications()
    outcomes = [
        book.evolve("A", received("A", DAY)),
        book.evolve("B", concluded("B", DAY + dt.timedelta(days=4))),
        book.evolve("B", received("B", DAY)),
    ]
    assert outcomes[0] is None
    assert outcomes[1] is None
    settled = outcomes[2]
    assert isinstance(settled, Application)
    assert (["r-a1-B", "c-a1-B"], ["A"], {"B"}, 1) == (
        [e.id for e in settled.events],
        list(book.unsettled),
        book.settled,
        len(book),
    )


def test_events_of_a_settled_application_are_refused_with_what_they_are() -> None:
    """After the settlement a receipt, a conclusion or a step is refused, each with its own message."""
    book = Applications()
    book.evolve("A", received("A", DAY))
    book.evolve("A", concluded("A", DAY + dt.timedelta(days=4)))
    messages = [
        book.evolve("A", attrs.evolve(received("A", DAY), id="r2")),
        book.evolve("A", attrs.evolve(concluded("A", DAY), id="c2")),
        book.evolve("A", fee_paid("A", DAY)),
    ]
    assert [
        "application 'A' received a second time, after its conclusion; ignored",
        "application 'A' concluded a second time; the first stands",
        "fee_paid for application 'A' logged after it was received and concluded; ignored",
    ] == messages
    assert ({}, {"A"}) == (book.unsettled, book.settled)


# --- calendar declarations --------------------------------------------------------------------------------


def declared(year: int, holidays: list[dt.date]) -> ev.WorkingCalendarDeclared:
    return ev.WorkingCalendarDeclared(
        id=f"cal-{year}", agency="calendar", at=dt.date(year - 1, 11, 1), year=year, holidays=holidays
    )


def test_declarations_are_added_to_the_calendar_asked_for() -> None:
    """Nothing declared: the base calendar itself; a declared year then answers, estimating or not."""
    base = WorkingCalendar.empty()
    declarations = Declarations()
    assert base is declarations.applied(base)
    declarations.add(declared(2024, [dt.date(2024, 1, 1)]))
    made = declarations.applied(base)
    estimating = declarations.applied(base.estimating())
    assert (False, True, True, False) == (
        made.is_working_day(dt.date(2024, 1, 1)),
        made.is_working_day(dt.date(2024, 1, 2)),
        isinstance(estimating, EstimatingCalendar),
        estimating.is_working_day(dt.date(2024, 1, 2)).estimated,
    )


def test_the_calendar_made_is_kept_until_the_next_declaration() -> None:
    """Asking twice gives the same calendar; a new declaration makes a new one that holds it."""
    base = WorkingCalendar.empty()
    declarations = Declarations()
    declarations.add(declared(2024, []))
    first = declarations.applied(base)
    assert first is declarations.applied(base)
    declarations.add(declared(2025, []))
    second = declarations.applied(base)
    assert (False, True) == (second is first, second.holds(2025))


# --- the fold ---------------------------------------------------------------------------------------------

PERIOD = Period.year(2024)


def facts(log: list[Event]) -> tuple[dict[ev.ApplicantKind, int], int, Decimal, list[tuple[str, str]]]:
    fold = PeriodFold(PERIOD)
    f = fold.facts(fold.fold(log))["a1"]
    return dict(f.received), f.concluded(), f.fees_paid, [(a.event_id, a.message) for a in f.anomalies]


def test_the_fold_counts_a_conclusion_logged_again_once_and_says_so() -> None:
    """A second conclusion after the settlement: one application concluded, and the anomaly names the event
    and says the first conclusion stands (not that the application was never received)."""
    log: list[Event] = [
        received("x", dt.date(2024, 1, 5)),
        concluded("x", dt.date(2024, 1, 9)),
        attrs.evolve(concluded("x", dt.date(2024, 2, 1)), id="again"),
    ]
    assert (
        {PERSON: 1},
        1,
        Decimal(0),
        [("again", "application 'x' concluded a second time; the first stands")],
    ) == facts(log)


def test_the_fold_reports_a_step_of_a_settled_application_and_still_counts_its_fee() -> None:
    """A payment logged after the settlement is money received in the period, and an anomaly."""
    log: list[Event] = [
        received("x", dt.date(2024, 1, 5)),
        concluded("x", dt.date(2024, 1, 9)),
        fee_paid("x", dt.date(2024, 1, 8)),
    ]
    message = "fee_paid for application 'x' logged after it was received and concluded; ignored"
    assert ({PERSON: 1}, 1, Decimal(50), [("paid", message)]) == facts(log)


def test_a_saved_fold_state_remembers_the_settled_applications() -> None:
    """Saved after the settlement and loaded again, the fold still refuses a receipt logged again."""
    fold = PeriodFold(PERIOD)
    state = fold.fold([received("x", dt.date(2024, 1, 5)), concluded("x", dt.date(2024, 1, 9))])
    state = fold.load(fold.save(state))
    state = fold.evolve(state, attrs.evolve(received("x", dt.date(2024, 1, 20)), id="again"))
    f = fold.facts(state)["a1"]
    assert ({PERSON: 1}, ["again"]) == (dict(f.received), [a.event_id for a in f.anomalies])


def test_wire_records_and_events_settle_alike() -> None:
    """The fast wire records go through the same lifecycle: the same facts, anomalies included."""
    log: list[Event] = [
        received("x", dt.date(2024, 1, 5)),
        concluded("x", dt.date(2024, 1, 9)),
        attrs.evolve(received("x", dt.date(2024, 1, 20)), id="again"),
        attrs.evolve(concluded("x", dt.date(2024, 1, 21)), id="again2"),
    ]
    records = list(iter_records(io.BytesIO("\n".join(encode_line(e) for e in log).encode())))
    fold = PeriodFold(PERIOD)
    from_events = fold.facts(fold.fold(log))
    from_records = fold.facts(fold.fold(records))
    assert from_events == from_records
    assert ["again", "again2"] == [a.event_id for a in from_events["a1"].anomalies]


# --- the ledger -------------------------------------------------------------------------------------------


def test_a_receipt_logged_again_does_not_reopen_a_concluded_application_on_the_ledger() -> None:
    """The ledger forgets a concluded application but for its key: a later receipt does not list it."""
    log: list[Event] = [
        received("x", dt.date(2024, 3, 1)),
        concluded("x", dt.date(2024, 3, 8)),
        attrs.evolve(received("x", dt.date(2024, 3, 11)), id="again"),
    ]
    assert () == build_ledger(log, as_of=dt.date(2024, 3, 29)).open


def test_the_kept_ledger_remembers_the_settled_applications() -> None:
    """Saved and loaded, the kept ledger still keeps a concluded application closed."""
    projection = ledger_projection()
    kept = projection.initial()
    for event in [received("x", dt.date(2024, 3, 1)), concluded("x", dt.date(2024, 3, 8))]:
        kept = projection.evolve(kept, event)
    kept = projection.load(projection.save(kept))
    kept = projection.evolve(kept, attrs.evolve(received("x", dt.date(2024, 3, 11)), id="again"))
    book = kept.ledger_on(LedgerFold(as_of=dt.date(2024, 3, 29)))
    assert book is not None
    assert () == book.open
