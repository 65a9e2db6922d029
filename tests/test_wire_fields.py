"""Which fields the fast read path (:mod:`opengov.wire`) checks itself, and what it leaves to the codec.

The wire form of an event type is built from its attrs declaration: a field whose validator the fast path
knows by name gets a wire type that checks the same; any other field leaves the whole type to the codec.
Today's declarations only ever combine a validator with the hint it guards, so these fields are declared
here, each combining them otherwise, as a new event type might: the fast path must leave every one of them
to the codec (``None``), never check it by the wrong rule. And a stored row is one event: a row holding
two is refused, as the codec refuses it, not read as two events.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import attrs
import pytest

from opengov import events as ev
from opengov import wire
from opengov.errors import StoreError


class _Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen
class _Odd:
    """Fields as no event declares them today."""

    at: dt.date = attrs.field(validator=ev._text)  # the day, checked as a text
    colour: _Colour = attrs.field(validator=ev._text)  # an enum member, checked as a text
    colours: frozenset[_Colour] = attrs.field(validator=ev._text)  # a set, checked as a text
    count: int = attrs.field(validator=ev._text)  # a number, checked as a text
    amount: Decimal = attrs.field(validator=attrs.validators.instance_of(Decimal))  # attrs' own validator


_HINTS: dict[str, Any] = {
    "at": dt.date,
    "colour": _Colour,
    "colours": frozenset[_Colour],
    "count": int,
    "amount": Decimal,
}


@pytest.mark.parametrize("name", list(_HINTS))
def test_a_field_checked_by_another_rule_leaves_its_type_to_the_codec(name: str) -> None:
    field = getattr(attrs.fields(_Odd), name)
    assert wire._wire_field(field, _HINTS[name]) is None


def test_the_same_fields_with_the_validators_they_need_are_checked_on_the_wire() -> None:
    """The counterpart: the fields of an event type as declared get a wire type (so the test above is not
    passing because nothing ever gets one)."""
    fields = attrs.fields(ev.ItemPublished)
    assert wire._wire_field(fields.at, dt.date) is dt.date
    assert wire._wire_field(fields.kind, ev.ServiceItemKind) is not None
    assert wire._wire_field(fields.channels, frozenset[ev.Channel]) is not None
    assert ["_text"] == wire._validator_names(ev._text)
    instance_of = attrs.validators.instance_of(Decimal)
    assert [repr(instance_of)] == wire._validator_names(instance_of)  # no __qualname__: named by its repr


_MEETING = b'{"type":"meeting_held","v":1,"id":"m%d","agency":"a1","at":"2024-05-04"}'


def test_a_row_holding_two_events_is_refused_not_read_as_two() -> None:
    """A page of two rows whose first holds two events joined by a comma: joined, the page is a valid array
    of three records, and only its count shows that one row held two; the store's reader refuses the row."""
    rows = [(1, _MEETING % 1 + b"," + _MEETING % 2), (2, _MEETING % 3)]
    with pytest.raises(StoreError) as refused:
        wire.decode_page(rows, "here")
    assert "here" in str(refused.value)
    assert ["m1", "m3"] == [r.id for r in wire.decode_page([(1, _MEETING % 1), (2, _MEETING % 3)], "here")]
