"""The event vocabulary: validation at construction, immutability, hashing, the registry of types."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

import opengov
from opengov import events
from opengov.errors import EventValidationError
from opengov.events import (
    EVENT_TYPES,
    AgencyRegistered,
    ApplicationConcluded,
    Channel,
    Disposition,
    Event,
    ItemKind,
    ItemPublished,
    ItemsPublishedCounted,
    MeetingHeld,
    OnlineServiceItemsEnabled,
    ProposalHandled,
    SpecialFundingAllocated,
    TrainingHeld,
    WorkingCalendarDeclared,
)
from strategies import any_event

DAY = dt.date(2021, 6, 1)
COMMON: dict[str, Any] = {"id": "e1", "agency": "a1", "at": DAY}

# One valid event of each class the cases below break, as keyword arguments.
VALID: dict[type[Event], dict[str, Any]] = {
    MeetingHeld: {},
    TrainingHeld: {"attendees": 12},
    SpecialFundingAllocated: {"amount": Decimal("3000.00")},
    ItemPublished: {"item_id": "i1", "kind": ItemKind.ORDINARY, "channels": frozenset({Channel.WEBSITE})},
    ProposalHandled: {
        "proposal_id": "p1",
        "kind": events.ProposalKind.NPC_SUGGESTION,
        "role": events.HandlingRole.LEAD,
        "on_time": True,
    },
    AgencyRegistered: {"name": "某某局", "credit_code": "91350100M000100Y43"},
    ApplicationConcluded: {"application_id": "A-1", "disposition": Disposition.DISCLOSED},
    OnlineServiceItemsEnabled: {"count": 2, "items": ("办证", "缴费")},
    WorkingCalendarDeclared: {"year": 2021, "holidays": (dt.date(2021, 10, 1),)},
    events.DeadlineExtended: {"application_id": "A-1", "working_days": 15},
}

# Each case breaks one field with one kind of bad value; the message, after "Class.field (event 'e1'): ",
# must contain the given words.
INVALID = [
    pytest.param(MeetingHeld, "id", "", "must be a non-empty string", id="empty id"),
    pytest.param(MeetingHeld, "agency", "  ", "must be a non-empty string", id="blank agency"),
    pytest.param(ItemPublished, "item_id", 7, "must be a non-empty string", id="text not a string"),
    pytest.param(MeetingHeld, "title", " ", "must be a non-empty string", id="blank optional text"),
    pytest.param(MeetingHeld, "at", "2021-06-01", "must be a date", id="at not a date"),
    pytest.param(TrainingHeld, "attendees", -1, "must be a non-negative integer", id="negative count"),
    pytest.param(TrainingHeld, "attendees", True, "must be a non-negative integer", id="bool count"),
    pytest.param(TrainingHeld, "attendees", 1.0, "must be a non-negative integer", id="float count"),
    pytest.param(events.DeadlineExtended, "working_days", 0, "must be a positive integer", id="zero days"),
    pytest.param(SpecialFundingAllocated, "amount", 12.5, "must be a non-negative, finite", id="float money"),
    pytest.param(SpecialFundingAllocated, "amount", Decimal("-1"), "non-negative", id="negative money"),
    pytest.param(SpecialFundingAllocated, "amount", Decimal("NaN"), "finite Decimal", id="NaN money"),
    pytest.param(ProposalHandled, "on_time", 1, "must be true or false", id="flag not a bool"),
    pytest.param(ProposalHandled, "satisfied", "yes", "must be true or false", id="optional flag not a bool"),
    pytest.param(ItemPublished, "kind", "ordinary", "must be one of ordinary, normative_document", id="enum"),
    pytest.param(ItemPublished, "channels", frozenset(), "must be a non-empty set", id="empty set"),
    pytest.param(ItemPublished, "channels", {"website"}, "must be one of gazette, website", id="set members"),
    pytest.param(
        AgencyRegistered, "credit_code", "91350100M000100Y44", "not a valid unified", id="credit code"
    ),
    pytest.param(
        ApplicationConcluded, "disposition", Disposition.WITHDRAWN, "ApplicationWithdrawn", id="withdrawn"
    ),
    pytest.param(OnlineServiceItemsEnabled, "items", ("办证", " "), "list of non-empty", id="blank item"),
    pytest.param(OnlineServiceItemsEnabled, "items", ("办证",), "names 1 items but count is 2", id="items"),
    pytest.param(WorkingCalendarDeclared, "holidays", [dt.datetime(2021, 10, 1)], "list of dates", id="ts"),
    pytest.param(WorkingCalendarDeclared, "year", 2022, "2021-10-01 is not in 2022", id="day outside year"),
]


@pytest.mark.parametrize(("cls", "field", "value", "words"), INVALID)
def test_an_invalid_value_is_refused_naming_class_field_and_event(
    cls: type[Event], field: str, value: Any, words: str
) -> None:
    """Building an event with a bad value raises EventValidationError naming class, field and event id."""
    kwargs = {**COMMON, **VALID[cls], field: value}
    event_id = kwargs["id"] or None
    with pytest.raises(EventValidationError) as raised:
        cls(**kwargs)
    where, _, message = str(raised.value).partition(": ")
    expected = f"{cls.__name__}.{field}" + (f" (event {event_id!r})" if event_id else "")
    assert expected == where
    assert words in message, message


@pytest.mark.parametrize("cls", list(VALID), ids=lambda cls: cls.__name__)
def test_the_valid_examples_are_valid(cls: type[Event]) -> None:
    """The baseline of each invalid case builds without error, so each case breaks exactly one field."""
    expected = "e1"
    assert expected == cls(**COMMON, **VALID[cls]).id


def test_a_missing_field_is_a_type_error() -> None:
    """Leaving out a required field fails like any Python call."""
    with pytest.raises(TypeError, match="attendees"):
        TrainingHeld(**COMMON)  # type: ignore[call-arg]


def test_hand_written_lists_become_sets_and_tuples() -> None:
    """A list of channels becomes a frozenset, a list of names a tuple, a list of dates a sorted tuple."""
    item = ItemPublished(
        **COMMON, item_id="i1", kind=ItemKind.ORDINARY, channels=[Channel.WEBSITE, Channel.WEBSITE]
    )
    expected_channels = frozenset({Channel.WEBSITE})
    assert expected_channels == item.channels
    enabled = OnlineServiceItemsEnabled(**COMMON, count=1, items=["办证"])
    expected_items = ("办证",)
    assert expected_items == enabled.items
    calendar = WorkingCalendarDeclared(
        **COMMON, year=2021, holidays=[dt.date(2021, 10, 2), dt.date(2021, 10, 1)]
    )
    expected_days = (dt.date(2021, 10, 1), dt.date(2021, 10, 2))
    assert expected_days == calendar.holidays


def test_defaults_fill_optional_fields() -> None:
    """Optional fields default to None, False, an empty tuple or their declared member."""
    counted = ItemsPublishedCounted(**COMMON, count=3, channels={Channel.GAZETTE})
    expected = (ItemKind.ORDINARY, None, False, ())
    assert expected == (
        counted.kind,
        MeetingHeld(**COMMON).title,
        events.PressConferenceHeld(**COMMON).principal_attended,
        OnlineServiceItemsEnabled(**COMMON, count=4).items,
    )


# ---------------------------------------------------------------------------------------------------------
# Immutability and hashing.


@given(event=any_event())
def test_events_are_frozen(event: Event) -> None:
    """Assigning to any field of an event raises FrozenInstanceError."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.id = "other"  # type: ignore[misc]


@given(event=any_event())
def test_events_are_hashable_and_equal_events_hash_alike(event: Event) -> None:
    """An event and its decoded copy are equal, hash alike and are one member of a set."""
    copy = opengov.decode(opengov.encode(event))
    expected = hash(event)
    assert expected == hash(copy)
    assert {event} == {event, copy}


@given(event=any_event())
def test_day_is_the_beijing_date_of_at(event: Event) -> None:
    """``day`` is ``beijing_date(at)`` for every event."""
    expected = events.beijing_date(event.at)
    assert expected == event.day


def test_events_with_different_ids_differ() -> None:
    """Two events that differ only in id are not equal."""
    assert MeetingHeld(**COMMON) != MeetingHeld(**{**COMMON, "id": "e2"})


# ---------------------------------------------------------------------------------------------------------
# The registry of event types.


def _event_classes() -> set[type[Event]]:
    return {
        obj
        for obj in vars(events).values()
        if isinstance(obj, type)
        and issubclass(obj, Event)
        and obj is not Event
        and obj.__module__ == events.__name__
    }


def test_every_event_class_is_registered_under_its_tag() -> None:
    """EVENT_TYPES holds every Event subclass of opengov.events, keyed by its own TAG."""
    expected = {cls.TAG: cls for cls in _event_classes()}
    assert expected == EVENT_TYPES


def test_tags_are_unique_snake_case_and_versions_positive() -> None:
    """Each tag is a distinct lower_snake_case word and each VERSION is at least 1."""
    bad = [
        cls.__name__
        for cls in EVENT_TYPES.values()
        if not cls.TAG.replace("_", "").isalpha() or cls.TAG.lower() != cls.TAG or cls.VERSION < 1
    ]
    expected: list[str] = []
    assert expected == bad


def test_every_public_name_is_exported() -> None:
    """Every event class and enumeration of opengov.events is in its __all__."""
    enums = {
        obj
        for obj in vars(events).values()
        if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == events.__name__
    }
    expected: set[str] = set()
    assert expected == {cls.__name__ for cls in _event_classes() | enums} - set(events.__all__)
