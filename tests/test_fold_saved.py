"""Saved fold states (checkpoints): a state saved and loaded is equal, field for field, to the one saved,
at cuts through both example logs; the saved document says its format and period; every refusal is
worded. Quick and deterministic, unlike the generated-log property in ``test_fold.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from opengov import _fold_saved as fold_module
from opengov import events as ev
from opengov import load_events
from opengov.events import Event
from opengov.fold import FoldState, Period, PeriodFold
from strategies import concluded, received

EXAMPLES = Path(__file__).parents[1] / "examples"
LOGS = {
    "wuzhong": ("wuzhong-kjj-2018.jsonl", Period.year(2018)),
    "shifan-2024": ("shifan-zrzyj-2024-2025.jsonl", Period.year(2024)),
    "shifan-2025": ("shifan-zrzyj-2024-2025.jsonl", Period.year(2025)),
}


def _log(name: str) -> tuple[list[Event], Period]:
    file, period = LOGS[name]
    return load_events(EXAMPLES / file), period


def _cuts(n: int) -> list[int]:
    return sorted({0, 1, n // 3, n // 2, (2 * n) // 3, n - 1, n})


@pytest.mark.parametrize("name", list(LOGS))
def test_a_saved_state_loads_equal_and_continues_alike(name: str) -> None:
    log, period = _log(name)
    fold = PeriodFold(period)
    whole = fold.facts(fold.fold(log))
    for cut in _cuts(len(log)):
        live = fold.fold(log[:cut])
        restored = fold.load(fold.save(live))
        assert live == restored, cut
        assert (live.seq, live.declarations) == (restored.seq, restored.declarations)
        assert whole == fold.facts(fold.fold(log[cut:], restored)), cut


@pytest.mark.parametrize("name", list(LOGS))
def test_a_converter_built_afresh_reads_and_writes_the_same_states(name: str) -> None:
    """The module's converter is built at import; one built in the test must agree with it both ways, and
    a state it reads must continue like the live one (its counters still count)."""
    log, period = _log(name)
    fold = PeriodFold(period)
    whole = fold.facts(fold.fold(log))
    fresh = fold_module._make_state_converter()
    for cut in (len(log) // 3, len(log)):
        state = fold.fold(log[:cut])
        saved = orjson.dumps(fold_module._state_converter.unstructure(state), option=orjson.OPT_NON_STR_KEYS)
        assert saved == orjson.dumps(fresh.unstructure(state), option=orjson.OPT_NON_STR_KEYS)
        restored = fresh.structure(orjson.loads(saved), FoldState)
        assert state == restored
        assert whole == fold.facts(fold.fold(log[cut:], restored))


def test_the_saved_document_names_its_format_and_period() -> None:
    saved = orjson.loads(PeriodFold(Period.year(2024)).save(FoldState()))
    assert {"format": "opengov.fold/4", "period": ["2024-01-01", "2024-12-31"]} == {
        k: v for k, v in saved.items() if k != "state"
    }
    assert {"agencies": {}, "seq": 0, "declarations": {"declared": []}} == saved["state"]


def test_every_refusal_is_worded() -> None:
    fold = PeriodFold(Period.year(2024))
    with pytest.raises(ValueError, match=r"^not a saved fold state: "):
        fold.load(b"{oops")
    with pytest.raises(ValueError, match=r"^not a saved fold state of format 'opengov\.fold/4'$"):
        fold.load(b"[]")
    with pytest.raises(ValueError, match=r"^not a saved fold state of format 'opengov\.fold/4'$"):
        fold.load(b'{"format": "opengov.fold/0"}')
    other = PeriodFold(Period.year(2025)).save(FoldState())
    with pytest.raises(ValueError, match="the saved state is of the period") as refused:
        fold.load(other)
    assert (
        "the saved state is of the period ['2025-01-01', '2025-12-31'], not ['2024-01-01', '2024-12-31']"
        == str(refused.value)
    )
    damaged = orjson.dumps({"format": "opengov.fold/4", "period": ["2024-01-01", "2024-12-31"], "state": 5})
    with pytest.raises(ValueError, match=r"^the saved fold state is damaged: "):
        fold.load(damaged)


@pytest.mark.parametrize("earlier", ["opengov.fold/1", "opengov.fold/2", "opengov.fold/3"])
def test_a_state_of_an_earlier_format_is_named_as_such(earlier: str) -> None:
    """A state saved before the shared lifecycle (format 1), before each settled application was counted
    once (format 2), or before an item's kind was held with its channels (format 3), is refused as an
    earlier opengov's, not as a damaged one, so the user knows to fold again (a kept projection does so by
    itself)."""
    saved = orjson.dumps({"format": earlier, "period": ["2024-01-01", "2024-12-31"], "state": {}})
    refusal = rf"earlier opengov .*'{earlier}'.*'opengov\.fold/4'.*fold the log again"
    with pytest.raises(ValueError, match=refusal):
        PeriodFold(Period.year(2024)).load(saved)


def _every_shape() -> tuple[list[Event], list[Event]]:
    """Unsettled applications of every shape (concluded first, a notice first, received with a step,
    received alone), and what settles them."""
    day = dt.date(2024, 3, 4)
    notice = ev.CorrectionRequested(id="ask-y", agency="a1", at=day, application_id="y")
    step = ev.ConsultationStarted(
        id="ask-z",
        agency="a1",
        at=day,
        application_id="z",
        consultation_id="k",
        party=ev.ConsultedParty.THIRD_PARTY,
    )
    before: list[Event] = [concluded("x", day), notice, received("z", day), step, received("w", day)]
    after: list[Event] = [received("x", day), received("y", day), concluded("y", day)]
    return before, [*after, concluded("z", day), concluded("w", day)]


def _held_state() -> list[Event]:
    """Eight topics (a set), applications settled out of order, a profile and a calendar declaration."""
    topics = ["t8", "t3", "t6", "t1", "t7", "t2", "t5", "t4"]
    log: list[Event] = [
        ev.PublicConcernResponded(
            id=f"e-{t}", agency="a1", at=dt.date(2024, 5, 1), topic_id=t, channel=ev.ResponseChannel.OTHER
        )
        for t in topics
    ]
    for app in ("b", "c", "a"):
        log += [received(app, dt.date(2024, 5, 2)), concluded(app, dt.date(2024, 5, 3))]
    return [*log, PROFILE, DECLARED]


PROFILE = ev.AgencyProfileDeclared(
    id="p",
    agency="a1",
    at=dt.datetime(2025, 1, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),  # a moment, not a day
    year=2024,
    legal_basis=("条例",),
    head="甲",
    filled_on=dt.date(2025, 1, 19),
)
DECLARED = ev.WorkingCalendarDeclared(
    id="cal", agency="a1", at=dt.date(2024, 1, 2), year=2027, holidays=[dt.date(2027, 1, 1)]
)


def test_unsettled_applications_of_every_shape_are_saved_and_continue() -> None:
    """Saved before their receipts are read: an application concluded first, one with a correction notice
    first, one received with a step, one received alone. Read back, each is what was saved, and the receipts
    and conclusions logged after the cut settle them as in one fold."""
    before, after = _every_shape()
    fold = PeriodFold(Period.year(2024))
    restored = fold.load(fold.save(fold.fold(before)))
    unsettled = restored.agencies["a1"].applications.unsettled
    assert {
        "x": (None, "c-a1-x", ["c-a1-x"]),
        "y": (None, None, ["ask-y"]),
        "z": ("r-a1-z", None, ["r-a1-z", "ask-z"]),
        "w": ("r-a1-w", None, ["r-a1-w"]),
    } == {
        key: (
            None if app.receipt is None else app.receipt.id,
            None if app.conclusion is None else app.conclusion.id,
            [e.id for e in app.events],
        )
        for key, app in unsettled.items()
    }
    continued = fold.facts(fold.fold(after, restored))  # the state is advanced in place
    assert (4, ()) == (continued["a1"].concluded(), continued["a1"].anomalies)
    assert fold.facts(fold.fold(before + after)) == continued


def test_a_state_saves_its_sets_sorted_and_its_events_whole() -> None:
    """The same state gives the same bytes: the topics responded to (a set) are saved in sorted order, and
    the settled applications' ids too, whatever order they were read in. The profile of the report year and
    a calendar declaration, kept as events, are read back equal."""
    fold = PeriodFold(Period.year(2024))
    state = fold.fold(_held_state())
    saved = orjson.loads(fold.save(state))["state"]["agencies"]["a1"]
    assert ([f"t{n}" for n in range(1, 9)], {"unsettled": [], "settled": ["a", "b", "c"]}) == (
        saved["topics"],
        saved["applications"],
    )
    restored = fold.load(fold.save(state))
    assert (PROFILE, [DECLARED]) == (restored.agencies["a1"].profile, restored.declarations.declared)


def test_a_converter_built_afresh_saves_and_reads_unsettled_applications_and_sets() -> None:
    """The converter built in the test (the module's is built at import, out of a mutant's reach) writes
    the same bytes as the module's for unsettled applications of every shape and for sets, and reads them
    back into the state that was saved, which continues like the live one."""
    fold = PeriodFold(Period.year(2024))
    fresh = fold_module._make_state_converter()
    before, after = _every_shape()
    for log in (before, _held_state()):
        state = fold.fold(log)
        saved = orjson.dumps(fold_module._state_converter.unstructure(state), option=orjson.OPT_NON_STR_KEYS)
        assert saved == orjson.dumps(fresh.unstructure(state), option=orjson.OPT_NON_STR_KEYS)
        assert state == fresh.structure(orjson.loads(saved), FoldState)
    restored = fresh.structure(
        orjson.loads(orjson.dumps(fresh.unstructure(fold.fold(before)), option=orjson.OPT_NON_STR_KEYS)),
        FoldState,
    )
    continued = fold.facts(fold.fold(after, restored))
    assert (4, ()) == (continued["a1"].concluded(), continued["a1"].anomalies)


def test_each_settled_application_is_saved_as_one_count_of_how_it_counts() -> None:
    """Format 3: a settled application is one count, keyed by whether it was received before the period,
    the applicant's kind, the channel, the disposition (none when concluded after the period) and the
    answer's timing; the facts derive received, carried in and forward, results and timeliness from it."""
    log: list[Event] = [
        received("a", dt.date(2023, 12, 28)),  # carried in, answered on time
        concluded("a", dt.date(2024, 1, 3)),
        received("b", dt.date(2024, 3, 4)),  # received and answered on time
        concluded("b", dt.date(2024, 3, 5)),
        received("c", dt.date(2024, 12, 30)),  # carried forward
        concluded("c", dt.date(2025, 1, 6)),
        received("d", dt.date(2024, 3, 4)),  # answered late: 20 working days end in April
        concluded("d", dt.date(2024, 6, 3)),
    ]
    fold = PeriodFold(Period.year(2024))
    state = fold.fold(log)
    saved = orjson.loads(fold.save(state))["state"]["agencies"]["a1"]["answers"]
    assert {
        (True, "natural_person", "online", "disclosed", "on_time"): 1,
        (False, "natural_person", "online", "disclosed", "on_time"): 1,
        (False, "natural_person", "online", None, None): 1,
        (False, "natural_person", "online", "disclosed", "late"): 1,
    } == {tuple(key): count for key, count in saved}
    facts = fold.facts(fold.load(fold.save(state)))["a1"]
    person = ev.ApplicantKind.NATURAL_PERSON
    assert (
        {person: 3},
        {ev.ApplicationChannel.ONLINE: 3},
        {person: 1},
        {person: 1},
        {(ev.Disposition.DISCLOSED, person): 3},
        (2, 0, 1),
    ) == (
        facts.received,
        facts.received_by_channel,
        facts.carried_in,
        facts.carried_forward,
        facts.results,
        (facts.concluded_on_time, facts.concluded_extended, facts.concluded_late),
    )


def test_a_state_object_shows_its_fields_in_order() -> None:
    """A state object's ``repr`` names its class and each saved field with its value, in order (what a
    failing comparison of two states prints)."""
    from opengov.fold import _Latest, _Span

    assert "_Latest(day=datetime.date(2024, 1, 2), seq=3, value='full_time')" == repr(
        _Latest(dt.date(2024, 1, 2), 3, "full_time")
    )
    assert "_Span(kind=None, start=None, end=datetime.date(2024, 5, 6), event_id='x1')" == repr(
        _Span(None, None, dt.date(2024, 5, 6), "x1")
    )


def test_every_attribute_of_a_state_object_is_saved() -> None:
    """Each state class names its attributes in ``__slots__``, sets them in ``__init__`` and lists them in
    ``_SAVED_FIELDS`` (which saving, loading, equality and ``repr`` go by): an attribute missing from the
    list would be silently dropped from saved states and ignored by comparisons."""
    from opengov.fold import _SAVED_FIELDS

    for kind, fields in _SAVED_FIELDS.items():
        blank = fold_module._BLANK[kind]()
        assert all(hasattr(blank, name) for name in fields), kind
        slots = getattr(kind, "__slots__", None)
        if slots is not None:  # pure Python; a compiled class keeps its attributes natively
            assert set(slots) == set(fields), kind


@pytest.mark.parametrize("kind", list(ev.ItemKind))
def test_an_item_is_held_as_a_small_int_of_its_channels_and_kind(kind: ev.ItemKind) -> None:
    """Format 4 holds an item published in the period as one int, its channel bits and its kind: for
    every set of channels and every kind it stays an int CPython does not allocate (at most 256) and gives
    back the channels and the kind. Publishing the item again adds channels; its first kind stays."""
    import itertools

    day = dt.date(2024, 2, 1)
    subsets = [c for n in range(1, len(ev.Channel) + 1) for c in itertools.combinations(ev.Channel, n)]
    log: list[Event] = [
        ev.ItemPublished(id=f"i{n}", agency="a1", at=day, item_id=f"item{n}", kind=kind, channels=channels)
        for n, channels in enumerate(subsets)
    ]
    other = next(k for k in ev.ItemKind if k is not kind)
    log.append(
        ev.ItemPublished(
            id="again", agency="a1", at=day, item_id="item0", kind=other, channels={ev.Channel.OTHER}
        )
    )
    fold = PeriodFold(Period.year(2024))
    state = fold.fold(log)
    assert all(0 < held <= 256 for held in state.agencies["a1"].items.values())
    facts = fold.facts(fold.load(fold.save(state)))["a1"]
    first = set(subsets[0]) | {ev.Channel.OTHER}
    expected = {c: sum(c in s for s in subsets[1:]) + (c in first) for c in ev.Channel}
    assert (facts.items, facts.items_by_kind, facts.items_by_channel) == (
        len(subsets),
        {kind: len(subsets)},
        expected,
    )


def _saved_shifan() -> tuple[PeriodFold, dict[str, object]]:
    log, period = _log("shifan-2024")
    fold = PeriodFold(period)
    return fold, orjson.loads(fold.save(fold.fold(log)))


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        # an answer's key: an applicant kind no opengov knows, a key one element short, an element of
        # the wrong type where an enum is read
        (lambda agency: agency["answers"][0][0].__setitem__(1, "martian"), "'martian' is not a valid"),
        (lambda agency: agency["answers"][0][0].pop(), "expected 5 items"),
        (lambda agency: agency["answers"][0][0].__setitem__(2, ["mail"]), "is not a valid"),
        # an enum held as a map's key, and one held inside a tuple key beside an optional member
        (lambda agency: agency["counted_by_channel"][0].__setitem__(0, "carrier_pigeon"), "'carrier_pigeon'"),
        (lambda agency: agency["lawsuits"][0][0].__setitem__(1, "dismissed_twice"), "'dismissed_twice'"),
    ],
    ids=["applicant", "short-key", "list-for-enum", "channel", "lawsuit-outcome"],
)
def test_a_damaged_member_is_named(damage: Callable[[dict[str, Any]], None], named: str) -> None:
    """Enum members are read by table and keys a tuple at a time (what keeps a large state's reading
    fast), yet a value that is no member, or a key of the wrong length, is refused as damaged, naming the
    value as ``Enum`` itself does."""
    fold, saved = _saved_shifan()
    agencies = saved["state"]["agencies"]  # type: ignore[index]
    damage(agencies["sf-zrzyj"])
    with pytest.raises(ValueError, match=r"^the saved fold state is damaged: ") as refused:
        fold.load(orjson.dumps(saved))
    assert named in str(refused.value)


def test_the_collector_is_paused_while_a_state_is_saved_or_read_and_back_on_after() -> None:
    """A saved state is read (and written) as many small containers with the cycle collector paused, which
    halves the time to read a large one (docs/performance.md); it is on again afterwards, also when the
    state is refused, and stays off if it was off."""
    import gc

    log, period = _log("shifan-2024")
    fold = PeriodFold(period)
    state = fold.fold(log)
    seen: list[bool] = []
    real = fold_module._state_converter.structure

    def watching(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    assert gc.isenabled()
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(fold_module._state_converter, "structure", watching)
        assert state == fold.load(fold.save(state))
        damaged = {"format": "opengov.fold/4", "period": ["2024-01-01", "2024-12-31"], "state": 5}
        with pytest.raises(ValueError, match="damaged"):
            fold.load(orjson.dumps(damaged))
    assert ([False, False], True) == (seen, gc.isenabled())
    gc.disable()
    try:
        fold.load(fold.save(state))
        assert not gc.isenabled()
    finally:
        gc.enable()
