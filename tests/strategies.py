"""Hypothesis strategies for opengov values, shared by every test module.

Events are generated generically from their attrs fields and type hints, so a new event type is covered
without a line here. Where a validator ties fields together, or narrows a field beyond its type, an
override below says so.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from opengov.events import (
    EVENT_TYPES,
    ApplicationConcluded,
    Disposition,
    Event,
    OnlineServiceItemsEnabled,
    WorkingCalendarDeclared,
)
from opengov.uscc import credit_code_check_character

__all__ = [
    "agency_ids",
    "any_event",
    "at_values",
    "beijing_dates",
    "credit_codes",
    "event_of",
    "ids",
    "money",
    "texts",
    "timestamps",
]

E = TypeVar("E", bound=Event)

FIRST_DAY = dt.date(2004, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)

# GB 32100-2015: digits and capitals without I, O, S, V, Z.
_CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ids() -> SearchStrategy[str]:
    """Short ids from a small alphabet, so that generated events often share them."""
    return st.text(alphabet="abc123-", min_size=1, max_size=4)


def agency_ids() -> SearchStrategy[str]:
    """A handful of agency ids."""
    return st.sampled_from(["wz-kjj", "hz-gov", "ha-gov", "a1"])


def texts() -> SearchStrategy[str]:
    """Free text (names, titles, narrative): non-blank, with Chinese, spaces and quotes."""
    return st.text(alphabet="政府信息公开年度报告 abcXYZ09\"'\\-", min_size=1, max_size=16).filter(str.strip)


def beijing_dates(min_value: dt.date = FIRST_DAY, max_value: dt.date = LAST_DAY) -> SearchStrategy[dt.date]:
    """Calendar dates (read as Beijing dates), 2004–2030 unless narrowed."""
    return st.dates(min_value=min_value, max_value=max_value)


_OFFSETS = st.sampled_from([0, 8 * 60, -5 * 60, 5 * 60 + 45, 14 * 60, -12 * 60]).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


def timestamps(*, aware: bool | None = None) -> SearchStrategy[dt.datetime]:
    """Timestamps 2004–2030: with a zone (``aware=True``), Beijing local time (``False``), or either."""
    bounds = {
        "min_value": dt.datetime.combine(FIRST_DAY, dt.time()),
        "max_value": dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59)),
    }
    zoned = st.datetimes(**bounds, timezones=_OFFSETS)
    naive = st.datetimes(**bounds)
    if aware is None:
        return zoned | naive
    return zoned if aware else naive


def at_values() -> SearchStrategy[dt.date]:
    """What an event's ``at`` may hold: a date, an aware timestamp or a naive (Beijing) timestamp."""
    return beijing_dates() | timestamps()


def money() -> SearchStrategy[Decimal]:
    """Non-negative amounts in yuan with two decimal places."""
    return st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def credit_codes() -> SearchStrategy[str]:
    """Valid unified social credit codes: 17 random characters and their check character."""
    first17 = st.text(alphabet=_CREDIT_CODE_ALPHABET, min_size=17, max_size=17)
    return first17.map(lambda head: head + credit_code_check_character(head))


def _in_year(year: int) -> SearchStrategy[dt.date]:
    return beijing_dates(dt.date(year, 1, 1), dt.date(year, 12, 31))


# Fields whose validator asks more than the type hint says, by field name (the same name means the same
# thing in every event) or, where only one class narrows it, by (class, field name).
_BY_NAME: dict[str, SearchStrategy[Any]] = {
    "agency": agency_ids(),
    "at": at_values(),
    "year": st.integers(2004, 2030),
    "working_days": st.integers(1, 20),
    "credit_code": st.none() | credit_codes(),
}
_BY_CLASS_AND_NAME: dict[tuple[type[Event], str], SearchStrategy[Any]] = {
    (ApplicationConcluded, "disposition"): st.sampled_from(
        [d for d in Disposition if d is not Disposition.WITHDRAWN]
    ),
}


def _items_match_count(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    if kwargs["items"]:
        return st.just({**kwargs, "count": len(kwargs["items"])})
    return st.just(kwargs)


def _days_in_year(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    days = st.lists(_in_year(kwargs["year"]), max_size=12).map(tuple)
    return st.fixed_dictionaries(
        {**{k: st.just(v) for k, v in kwargs.items()}, "holidays": days, "makeup_days": days}
    )


# Classes whose fields are tied together: a step from drawn keyword arguments to valid ones.
_FIXUPS: dict[type[Event], Callable[[dict[str, Any]], SearchStrategy[dict[str, Any]]]] = {
    OnlineServiceItemsEnabled: _items_match_count,
    WorkingCalendarDeclared: _days_in_year,
}


def _from_hint(hint: Any, name: str) -> SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return st.none() | _from_hint(inner[0], name)
    if origin is frozenset:
        return st.frozensets(_from_hint(args[0], name), min_size=1)
    if origin is tuple:
        return st.lists(_from_hint(args[0], name), max_size=5).map(tuple)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(0, 100_000)
    if hint is Decimal:
        return money()
    if hint is dt.date:
        return beijing_dates()
    if hint is str:
        return ids() if name == "id" or name.endswith("_id") else texts()
    raise TypeError(f"no strategy for a field {name!r} of type {hint!r}: add one to tests/strategies.py")


def _field_strategy(cls: type[Event], field: attrs.Attribute[Any], hint: Any) -> SearchStrategy[Any]:
    if (cls, field.name) in _BY_CLASS_AND_NAME:
        return _BY_CLASS_AND_NAME[cls, field.name]
    if field.name in _BY_NAME:
        return _BY_NAME[field.name]
    return _from_hint(hint, field.name)


@functools.cache
def _kwargs_of(cls: type[Event]) -> dict[str, SearchStrategy[Any]]:
    hints = typing.get_type_hints(cls)
    return {f.name: _field_strategy(cls, f, hints[f.name]) for f in attrs.fields(cls) if f.init}


def event_of(cls: type[E], **overrides: SearchStrategy[Any]) -> SearchStrategy[E]:
    """Valid events of ``cls``; ``overrides`` pin fields to other strategies (e.g. a fixed application id).

    Fields tied by a validator are made consistent after the overrides are drawn (``count`` follows
    ``items``; calendar days follow ``year``).
    """
    unknown = set(overrides) - set(_kwargs_of(cls))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
    kwargs = st.fixed_dictionaries({**_kwargs_of(cls), **overrides})
    fixup = _FIXUPS.get(cls)
    if fixup is not None:
        kwargs = kwargs.flatmap(fixup)
    return kwargs.map(lambda values: cls(**values))


@functools.cache
def any_event() -> SearchStrategy[Event]:
    """Valid events of every type in :data:`opengov.events.EVENT_TYPES`."""
    return st.one_of([event_of(cls) for cls in EVENT_TYPES.values()])
