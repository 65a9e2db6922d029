"""The period fold: continuation, bounded memory, anomalies, and period semantics."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengov import events as ev
from opengov.events import Event
from opengov.fold import Period, PeriodFold, fold_facts
from strategies import concluded, date_order, logs, received

Y2024 = Period.year(2024)


@settings(max_examples=80)
@given(logs(), st.integers(0, 10**6))
def test_fold_continues_where_it_stopped(groups: list[list[Event]], cut: int) -> None:
    """fold(a + b) equals continuing the state of fold(a) with b, wherever the log is cut."""
    log = date_order(groups)
    cut = cut % (len(log) + 1)
    fold = PeriodFold(Y2024)
    whole = fold.facts(fold.fold(log))
    state = fold.fold(log[:cut])
    for event in log[cut:]:
        state = fold.evolve(state, event)
    assert whole == fold.facts(state)


def test_concluded_applications_are_forgotten() -> None:
    """Memory follows open applications: a concluded application leaves nothing behind in the state."""
    fold = PeriodFold(Y2024)
    state = fold.initial()
    for n in range(1000):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
        state = fold.evolve(state, received(str(n), day))
        state = fold.evolve(state, concluded(str(n), day + dt.timedelta(days=5)))
    state = fold.evolve(state, received("open", dt.date(2024, 12, 30)))
    facts = fold.facts(state)["a1"]
    assert (1, 1001, 1000) == (
        len(state.agencies["a1"].applications),
        sum(facts.received.values()),
        facts.concluded(),
    )


def test_carry_semantics() -> None:
    """Received before the period and open at its start is carried in; open at its end is carried forward."""
    log = [
        received("old-open", dt.date(2023, 12, 20)),
        received("old-closed", dt.date(2023, 12, 1)),
        concluded("old-closed", dt.date(2023, 12, 15)),
        received("old-answered", dt.date(2023, 12, 22)),
        concluded("old-answered", dt.date(2024, 1, 10)),
        received("new-open", dt.date(2024, 12, 28)),
        received("next-year", dt.date(2025, 1, 3)),
    ]
    facts = fold_facts(log, Y2024)["a1"]
    person = ev.ApplicantKind.NATURAL_PERSON
    expected = (2, 1, 1, 2)
    actual = (
        facts.carried_in[person],
        facts.received[person],
        facts.concluded(),
        facts.carried_forward[person],
    )
    assert expected == actual


def test_conclusion_before_receipt_is_an_anomaly() -> None:
    """An answer dated before its receipt is counted on the receipt day and reported."""
    log = [received("x", dt.date(2024, 3, 10)), concluded("x", dt.date(2024, 3, 1))]
    facts = fold_facts(log, Y2024)["a1"]
    assert 1 == facts.concluded()
    assert ["c-a1-x"] == [a.event_id for a in facts.anomalies]


def test_second_conclusion_is_an_anomaly() -> None:
    """A second answer to one application is reported and not counted twice."""
    second = ev.ApplicationConcluded(
        id="c2", agency="a1", at=dt.date(2024, 4, 1), application_id="x", disposition=ev.Disposition.OTHER
    )
    log = [received("x", dt.date(2024, 3, 10)), concluded("x", dt.date(2024, 3, 12)), second]
    facts = fold_facts(log, Y2024)["a1"]
    assert 1 == facts.concluded()
    assert ["c2"] == [a.event_id for a in facts.anomalies]


def test_events_for_unknown_application_are_an_anomaly() -> None:
    """An answer to an application that was never received is reported, not counted."""
    facts = fold_facts([concluded("ghost", dt.date(2024, 3, 12))], Y2024)["a1"]
    assert (0, ["c-a1-ghost"]) == (facts.concluded(), [a.event_id for a in facts.anomalies])


def test_disputes_counted_when_decided_pending_at_end() -> None:
    """A case counts in the year it is decided; one filed and undecided at the year end is pending."""
    log = [
        ev.ReconsiderationFiled(id="1", agency="a", at=dt.date(2023, 11, 1), case_id="r1"),
        ev.ReconsiderationDecided(
            id="2", agency="a", at=dt.date(2024, 2, 1), case_id="r1", outcome=ev.CaseOutcome.CORRECTED
        ),
        ev.ReconsiderationFiled(id="3", agency="a", at=dt.date(2024, 11, 1), case_id="r2"),
        ev.ReconsiderationDecided(
            id="4", agency="a", at=dt.date(2025, 1, 8), case_id="r2", outcome=ev.CaseOutcome.UPHELD
        ),
    ]
    assert {ev.CaseOutcome.CORRECTED: 1, None: 1} == fold_facts(log, Y2024)["a"].reconsiderations
    assert {None: 1} == fold_facts(log, Period.year(2023))["a"].reconsiderations


def test_capacity_as_at_period_end() -> None:
    """Staff are counted as at the period's end: later changes do not count, releases do."""
    log = [
        ev.StaffAssigned(
            id="1", agency="a", at=dt.date(2024, 1, 1), staff_id="p", role=ev.StaffRole.PART_TIME
        ),
        ev.StaffAssigned(
            id="2", agency="a", at=dt.date(2024, 6, 1), staff_id="p", role=ev.StaffRole.FULL_TIME
        ),
        ev.StaffAssigned(
            id="3", agency="a", at=dt.date(2024, 2, 1), staff_id="q", role=ev.StaffRole.PART_TIME
        ),
        ev.StaffReleased(id="4", agency="a", at=dt.date(2024, 9, 1), staff_id="q"),
        ev.StaffAssigned(
            id="5", agency="a", at=dt.date(2025, 1, 2), staff_id="r", role=ev.StaffRole.PART_TIME
        ),
    ]
    assert {ev.StaffRole.FULL_TIME: 1} == fold_facts(log, Y2024)["a"].staff


def test_documents_in_force_fold_over_history() -> None:
    """现行有效件数 counts every document issued by the period's end and not repealed by it."""
    kind = ev.DocumentKind.NORMATIVE_DOCUMENT
    log = [
        ev.DocumentIssued(id="1", agency="a", at=dt.date(2015, 1, 1), document_id="d1", kind=kind),
        ev.DocumentIssued(id="2", agency="a", at=dt.date(2020, 1, 1), document_id="d2", kind=kind),
        ev.DocumentRepealed(id="3", agency="a", at=dt.date(2024, 5, 1), document_id="d1"),
        ev.DocumentIssued(id="4", agency="a", at=dt.date(2024, 7, 1), document_id="d3", kind=kind),
    ]
    facts = fold_facts(log, Y2024)["a"]
    expected = ({kind: 1}, {kind: 1}, {kind: 2})
    assert expected == (facts.documents_issued, facts.documents_repealed, facts.documents_in_force)


def test_same_item_on_two_channels_counts_once() -> None:
    """An item published on two channels is one item and one on each channel."""
    log = [
        ev.ItemPublished(
            id="1",
            agency="a",
            at=dt.date(2024, 3, 1),
            item_id="i",
            kind=ev.ItemKind.ORDINARY,
            channels=[ev.Channel.WEBSITE],
        ),
        ev.ItemPublished(
            id="2",
            agency="a",
            at=dt.date(2024, 3, 2),
            item_id="i",
            kind=ev.ItemKind.ORDINARY,
            channels=[ev.Channel.WECHAT],
        ),
    ]
    facts = fold_facts(log, Y2024)["a"]
    assert (1, {ev.Channel.WEBSITE: 1, ev.Channel.WECHAT: 1}) == (facts.items, facts.items_by_channel)


@settings(max_examples=60)
@given(logs(), st.integers(0, 10**6))
def test_saved_state_continues_like_the_live_one(groups: list[list[Event]], cut: int) -> None:
    """A state saved to bytes and loaded again continues exactly as the state it was saved from."""
    log = date_order(groups)
    cut = cut % (len(log) + 1)
    fold = PeriodFold(Y2024)
    live = fold.fold(log[:cut])
    restored = fold.load(fold.save(live))
    assert fold.facts(fold.fold(log[cut:], live)) == fold.facts(fold.fold(log[cut:], restored))


def test_saved_state_of_another_period_is_refused() -> None:
    """A checkpoint of 2024 is never continued by a fold of 2025, and garbage is refused."""
    saved = PeriodFold(Y2024).save(PeriodFold(Y2024).initial())
    with pytest.raises(ValueError, match="period"):
        PeriodFold(Period.year(2025)).load(saved)
    with pytest.raises(ValueError, match="not a saved fold state"):
        PeriodFold(Y2024).load(b"{}")


@pytest.mark.parametrize("collecting", [True, False])
def test_the_cycle_collector_is_left_as_it_was_found(collecting: bool) -> None:
    """The fold and its facts pause the cycle collector while they run (they make no cycles) and leave it
    as they found it: on or off, after a fold that finished and after one that raised."""
    import gc
    from collections.abc import Iterator

    fold = PeriodFold(Y2024)
    seen: list[bool] = []

    def events() -> Iterator[Event]:
        yield received("1", dt.date(2024, 3, 1))
        seen.append(gc.isenabled())
        yield concluded("1", dt.date(2024, 3, 5))

    def broken() -> Iterator[Event]:
        yield received("2", dt.date(2024, 3, 1))
        raise ValueError("unreadable")

    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        state = fold.fold(events())
        assert (seen, gc.isenabled()) == ([False], collecting)
        assert fold.facts(state)["a1"].concluded() == 1
        assert gc.isenabled() is collecting
        with pytest.raises(ValueError, match="unreadable"):
            fold.fold(broken())
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_agencies_share_each_answer_key() -> None:
    """A settled application is counted under one key per agency, and agencies share the key object (the
    cycle collector walks one tuple per distinct key, not one per agency and key)."""
    fold = PeriodFold(Y2024)
    log = [
        event
        for agency in ("a1", "a2")
        for event in (received("1", dt.date(2024, 3, 1), agency), concluded("1", dt.date(2024, 3, 5), agency))
    ]
    state = fold.fold(log)
    [(first, n1)] = state.agencies["a1"].answers.items()
    [(second, n2)] = state.agencies["a2"].answers.items()
    assert (first, n1, n2) == ((False, "natural_person", "online", "disclosed", "on_time"), 1, 1)
    assert first is second


@settings(max_examples=40)
@given(logs())
def test_the_facts_do_not_depend_on_the_shared_caches(groups: list[list[Event]]) -> None:
    """The answer keys shared among agencies and each key's members, looked up once per run, are kept in
    caches of at most 4,096 keys: a log with more distinct keys than that is folded and its facts drawn
    the same, the caches full."""
    from opengov import fold as fold_module

    log = date_order(groups)
    fold = PeriodFold(Y2024)
    expected = fold.facts(fold.fold(log))
    caches = (fold_module._ANSWER_KEYS, fold_module._ANSWER_PLANS)
    kept = [dict(cache) for cache in caches]
    try:
        for cache in caches:
            cache.clear()
            cache.update((("filler", n), None) for n in range(4096))
        assert fold.facts(fold.fold(log)) == expected
        assert [len(cache) for cache in caches] == [4096, 4096]
    finally:
        for cache, entries in zip(caches, kept, strict=True):
            cache.clear()
            cache.update(entries)
