"""An application's state as a value: two lifecycles are equal when their receipt, conclusion and events
are; a saved state read back (:meth:`Application.restored`, :class:`Applications` built from unsettled
applications) is the state that was saved, in every shape an unsettled application can have; and the
commonest state, a receipt alone, is held as that receipt and nothing around it.

The expectations are the events put in, written in the test; nothing is taken from the code under test."""

from __future__ import annotations

import datetime as dt

import pytest

from opengov import events as ev
from opengov.lifecycle import Application, Applications
from strategies import concluded, received

DAY = dt.date(2024, 3, 1)
R = received("A", DAY)
C = concluded("A", DAY + dt.timedelta(days=7))
ASKED = ev.CorrectionRequested(id="ask", agency="a1", at=DAY + dt.timedelta(days=1), application_id="A")
FIXED = ev.CorrectionReceived(id="fix", agency="a1", at=DAY + dt.timedelta(days=2), application_id="A")


def _ids(application: Application) -> tuple[str | None, str | None, list[str]]:
    receipt, conclusion = application.receipt, application.conclusion
    return (
        None if receipt is None else receipt.id,
        None if conclusion is None else conclusion.id,
        [e.id for e in application.events],
    )


# --- equality ---------------------------------------------------------------------------------------------


def test_two_applications_built_apart_from_the_same_events_are_equal() -> None:
    assert Application(R, C) == Application(R, C)
    assert not Application(R, C) != Application(R, C)  # noqa: SIM202 (the != operator is what is checked)
    assert Application(R) == Application(R)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (Application(R), Application(R, C)),
        (Application(R), Application(None, C)),
        (Application(R), Application()),
        (Application(R), Application(ASKED)),
    ],
)
def test_applications_with_other_events_differ(one: Application, other: Application) -> None:
    assert one != other
    assert other != one
    assert not one == other  # noqa: SIM201 (the == operator is what is checked)


def test_an_application_equals_no_other_kind_of_value() -> None:
    application = Application(R, C)
    assert NotImplemented is application.__eq__((R, C))
    assert application != (R, C)
    assert application != "Application"


def test_two_books_built_apart_from_the_same_events_are_equal() -> None:
    one, other = Applications(), Applications()
    for book in (one, other):
        book.evolve("A", R)
        book.evolve("B", received("B", DAY))
        book.evolve("B", concluded("B", DAY))
    assert one == other
    assert not one != other  # noqa: SIM202 (the != operator is what is checked)
    assert Applications() == Applications()


def test_books_with_other_applications_differ() -> None:
    one, other = Applications(), Applications()
    one.evolve("A", R)
    other.evolve("B", received("B", DAY))
    assert one != other
    assert not one == other  # noqa: SIM201 (the == operator is what is checked)
    settled = Applications(settled={"A"})
    assert Applications() != settled
    assert settled != Applications(settled={"B"})


def test_a_book_shows_its_open_and_settled_applications() -> None:
    """repr names the unsettled applications and the settled keys (a set, however they are held)."""
    book = Applications()
    book.evolve("B", received("B", DAY))
    book.evolve("B", concluded("B", DAY))
    assert "Applications(unsettled={}, settled={'B'})" == repr(book)
    book.evolve("A", R)
    assert repr(book).startswith("Applications(unsettled={'A': Application(")
    assert repr(book).endswith(", settled={'B'})")


def test_a_book_equals_no_other_kind_of_value() -> None:
    book = Applications()
    assert NotImplemented is book.__eq__({})
    assert book != {}
    assert book != ({}, set())


# --- a saved application read back -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("receipt", "conclusion", "events"),
    [
        (R, None, [R]),  # received, nothing else: the commonest
        (None, C, [C]),  # concluded before its receipt was read
        (R, None, [R, ASKED]),  # received, then a step
        (R, None, [R, ASKED, FIXED]),
        (None, None, [ASKED]),  # a step before the receipt
        (None, None, [ASKED, FIXED]),
        (None, C, [ASKED, C]),  # a step and the conclusion, no receipt yet
        (R, None, [R, ASKED, received("A", DAY + dt.timedelta(days=3))]),  # received twice
    ],
)
def test_a_restored_application_has_the_receipt_conclusion_and_events_given(
    receipt: ev.Event | None, conclusion: ev.Event | None, events: list[ev.Event]
) -> None:
    restored = Application.restored(receipt, conclusion, list(events))
    assert (
        None if receipt is None else receipt.id,
        None if conclusion is None else conclusion.id,
        [e.id for e in events],
    ) == _ids(restored)


def test_a_restored_application_continues_like_the_live_one() -> None:
    """Concluded before the receipt was read, saved, read back: the receipt then settles it, with both."""
    book = Applications({"A": Application.restored(None, C, [C])})
    settled = book.evolve("A", R)
    assert isinstance(settled, Application)
    assert ("r-a1-A", "c-a1-A", ["r-a1-A", "c-a1-A"]) == _ids(settled)
    assert ({}, {"A"}) == (book.unsettled, book.settled)


def test_a_restored_receipt_with_steps_concludes_with_every_step() -> None:
    book = Applications({"A": Application.restored(R, None, [R, ASKED, FIXED])})
    settled = book.evolve("A", C)
    assert isinstance(settled, Application)
    assert ("r-a1-A", "c-a1-A", ["r-a1-A", "ask", "fix", "c-a1-A"]) == _ids(settled)


def test_a_restored_receipt_alone_is_held_as_the_receipt() -> None:
    """The commonest application, a receipt and nothing else, is held as that receipt (no Application and
    no list of events around it: the memory of a long replay is mostly these), whether read live or from a
    saved state."""
    live = Applications()
    live.evolve("A", R)
    restored = Applications({"A": Application.restored(R, None, [R])})
    assert live._open["A"] is R
    assert restored._open["A"] is R
    assert live == restored


@pytest.mark.parametrize(
    "application",
    [
        Application(None, C),
        Application.restored(R, None, [R, ASKED]),
        Application.restored(None, None, [ASKED]),
    ],
)
def test_a_restored_application_that_is_not_a_receipt_alone_is_held_whole(application: Application) -> None:
    book = Applications({"A": application})
    assert book._open["A"] is application
    assert {"A": application} == book.unsettled


def test_the_settled_keys_are_left_alone_by_the_cycle_collector() -> None:
    """The settled keys are held as a dict's, which the cycle collector stops tracking once it has seen it
    (a set it walks again at every collection of its generation: 0.02 s of its time at 1,000,000 events);
    a state read back holds them alike, and later events of those applications are refused."""
    import gc

    book = Applications()
    for n in range(3):
        book.evolve(str(n), received(str(n), DAY))
        book.evolve(str(n), concluded(str(n), DAY))
    restored = Applications(settled=sorted(book.settled))
    restored.mark_settled(["3"])
    gc.collect()
    assert (set(book.settled), set(restored.settled)) == ({"0", "1", "2"}, {"0", "1", "2", "3"})
    assert not gc.is_tracked(book._settled)
    assert not gc.is_tracked(restored._settled)
    assert restored.evolve("3", R) == "application 'A' received a second time, after its conclusion; ignored"
