"""AppendResult, made lazily by every store's append, behaves as the frozen value it always was."""

from __future__ import annotations

import datetime as dt

import pytest

from opengov.events import MeetingHeld
from opengov.store import AppendResult, MemoryStore, StoredEvent


def meeting(event_id: str, agency: str = "a1") -> MeetingHeld:
    return MeetingHeld(id=event_id, agency=agency, at=dt.date(2024, 3, 1))


def test_a_numbered_result_equals_one_built_from_its_events() -> None:
    """A result numbered from its events equals (and hashes as) the one built from StoredEvents, before and
    after its events are asked for; its count needs no StoredEvent."""
    events = [meeting("e1"), meeting("e2", "a2"), meeting("e3")]
    lazy = AppendResult.numbered(5, events, [3, 1, 4], {"a1": 4, "a2": 1})
    eager = AppendResult(
        [StoredEvent(5, 3, events[0]), StoredEvent(6, 1, events[1]), StoredEvent(7, 4, events[2])],
        7,
        {"a1": 4, "a2": 1},
    )
    count = lazy.count
    expected = (3, 7, True, hash(eager), eager.appended)
    assert expected == (count, lazy.head, lazy == eager, hash(lazy), lazy.appended)


def test_an_empty_numbered_result_keeps_the_head() -> None:
    """A retry's result (nothing new) reports the head it found and no events."""
    result = AppendResult.numbered(8, [], [], {"a1": 3})
    expected = ((), 7, 0, {"a1": 3})
    assert expected == (result.appended, result.head, result.count, dict(result.versions))


def test_results_differ_by_head_and_versions() -> None:
    """Equality looks at every field."""
    base = AppendResult([], 1, {"a1": 1})
    expected = (False, False, True)
    actual = (base == AppendResult([], 2, {"a1": 1}), base == AppendResult([], 1, {"a1": 2}), base != 1)
    assert expected == actual


def test_a_result_is_frozen() -> None:
    """Its fields cannot be set, and its versions cannot be changed through the mapping."""
    result = MemoryStore().append([meeting("e1")])
    with pytest.raises(AttributeError):
        result.head = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.versions["a1"] = 5  # type: ignore[index]
    expected = (1, {"a1": 1})
    assert expected == (result.head, dict(result.versions))


def test_repr_names_the_stored_events() -> None:
    result = AppendResult.numbered(1, [meeting("e1")], [1], {"a1": 1})
    expected = "AppendResult(appended=(StoredEvent(position=1, version=1, event=MeetingHeld("
    assert repr(result).startswith(expected)


def test_the_first_non_event_in_batch_order_is_named() -> None:
    """Among several kinds of non-events, the TypeError names the first in the batch."""
    with pytest.raises(TypeError, match=r"not int: 5$"):
        MemoryStore().append([meeting("e1"), 5, "x", {"id": "e2"}])  # type: ignore[list-item]
