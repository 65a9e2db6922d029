"""A fold state's saved form (:meth:`opengov.fold.PeriodFold.save` and ``load``): the cattrs converter.

Kept apart from :mod:`opengov.fold` so that the fold compiles with mypyc (the optional compiled build,
``docs/performance.md``): cattrs looks at the signatures of the functions it is given, which compiled
functions do not have. The state classes say their fields and the type each is saved as
(:data:`opengov.fold._SAVED_FIELDS`); this module turns them into JSON-ready values and back.
"""

from __future__ import annotations

import datetime as _dt
import enum
import types
import typing
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import cattrs
import cattrs.preconf.orjson

from opengov import events as ev
from opengov.codec import decode, encode
from opengov.events import Event
from opengov.fold import _SAVED_FIELDS, FoldState, _Agency, _Case, _Latest, _member, _Span
from opengov.lifecycle import Application, Applications, Declarations, _as_events

_BLANK: dict[type, Callable[[], Any]] = {
    _Case: lambda: _Case(False),
    _Latest: lambda: _Latest(_dt.date.min, 0, None),
    _Span: lambda: _Span(None, None, None, ""),
    _Agency: _Agency,
    FoldState: FoldState,
}
"""An instance of each state class to fill with saved fields."""


def _unstructure_fields(conv: cattrs.Converter, fields: dict[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """A state object as a JSON object: each field in order, saved as its type says."""
    hooks = [(name, conv.get_unstructure_hook(kind)) for name, kind in fields.items()]
    return lambda instance: {name: hook(getattr(instance, name)) for name, hook in hooks}


def _structure_fields(
    conv: cattrs.Converter, blank: Callable[[], Any], fields: dict[str, Any]
) -> Callable[[Any, Any], Any]:
    """A state object from its JSON object: every field read as its type says (a missing one refused)."""

    hooks: list[tuple[str, Any, Callable[[Any, Any], Any]]] = []

    def structure(value: Any, _: Any) -> Any:
        if not hooks:  # looked up at the first state read: every hook is registered by then
            hooks.extend((name, kind, conv.get_structure_hook(kind)) for name, kind in fields.items())
        instance = blank()
        for name, kind, hook in hooks:
            setattr(instance, name, hook(value[name], kind))
        return instance

    return structure


def _members(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    """An enum member from its value by the fold's table (:func:`opengov.fold._member`: ``Enum(value)`` is
    a Python call costing as much as the rest of a saved state's reading); a value it lacks is refused as
    ``Enum`` refuses it."""
    lookup = _member(kind)

    def structure(value: Any, _: Any) -> Any:
        try:
            return lookup(value)
        except (KeyError, TypeError):
            return kind(value)

    return structure


def _element(conv: cattrs.Converter, kind: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """How one element of a saved tuple is read: a fast reader (an enum's, or an optional enum's, a table
    look-up that raises ``KeyError`` or ``TypeError`` for a value it lacks) and the reader that words the
    error (``X | None`` as ``None`` or as ``X``)."""
    args = typing.get_args(kind)
    optional = typing.get_origin(kind) in (typing.Union, types.UnionType) and len(args) == 2
    inner = next(arg for arg in args if arg is not type(None)) if optional and type(None) in args else kind
    hook = conv.get_structure_hook(inner)

    def read(value: Any) -> Any:
        return None if value is None and inner is not kind else hook(value, inner)

    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        if inner is kind:
            return _member(inner), read
        # the fold's table and None, in one dict: a look-up, not a Python call, per element
        table: dict[Any, Any] = {None: None, **{member.value: member for member in inner}}
        return table.__getitem__, read
    return read, read


def _fixed_tuple(conv: cattrs.Converter, kind: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    """A tuple of fixed length and element types (a map's key, e.g. an answer's) from its JSON array, each
    element's reader looked up once (cattrs's own dispatches every element of every key again)."""
    fast: list[Callable[[Any], Any]] = []
    careful: list[Callable[[Any], Any]] = []

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not fast:
            for arg in typing.get_args(kind):
                quick, worded = _element(conv, arg)
                fast.append(quick)
                careful.append(worded)
        if len(value) != len(fast):
            raise ValueError(f"expected {len(fast)} items for {kind}, got {len(value)}")
        try:
            return tuple([read(item) for read, item in zip(fast, value, strict=True)])
        except (KeyError, TypeError):  # said again by the readers that word what is wrong
            return tuple([read(item) for read, item in zip(careful, value, strict=True)])

    return structure


def _make_state_converter() -> cattrs.Converter:
    """Fold states to JSON-ready values and back: events in their wire form, maps with keys as pairs."""
    conv = cattrs.preconf.orjson.make_converter()
    # every event class (registered for the base class, so for its subclasses), a wire record as its event
    conv.register_unstructure_hook(Event, lambda e: encode(_as_events([e])[0]))
    conv.register_structure_hook(Event, lambda value, _: decode(value))
    conv.register_unstructure_hook(Decimal, str)
    # Sets in a fixed order, so that a state saved, loaded and saved again gives the same bytes.
    conv.register_unstructure_hook_func(
        lambda t: typing.get_origin(t) is set,  # type: ignore[comparison-overlap]
        lambda items: sorted(items),
    )
    conv.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    # an application as its first receipt, first conclusion and events, each event in its wire form
    event = conv.get_unstructure_hook(Event)

    def application_json(app: Application) -> dict[str, Any]:
        return {
            "receipt": None if app.receipt is None else event(app.receipt),
            "conclusion": None if app.conclusion is None else event(app.conclusion),
            "events": [event(e) for e in app.events],
        }

    def application(value: Any) -> Application:
        return Application.restored(
            None if value["receipt"] is None else decode(value["receipt"]),
            None if value["conclusion"] is None else decode(value["conclusion"]),
            [decode(e) for e in value["events"]],
        )

    conv.register_unstructure_hook(
        Applications,
        lambda book: {
            "unsettled": [[key, application_json(app)] for key, app in book.unsettled.items()],
            "settled": sorted(book.settled),
        },
    )
    conv.register_structure_hook(
        Applications,
        lambda value, _: Applications(
            {key: application(app) for key, app in value["unsettled"]}, set(value["settled"])
        ),
    )
    conv.register_unstructure_hook(
        Declarations,
        lambda declarations: {"declared": [event(e) for e in declarations.declared]},
    )
    conv.register_structure_hook(
        Declarations,
        lambda value, _: Declarations([decode(e) for e in value["declared"]]),  # type: ignore[misc]
    )
    # dates: the orjson converter's own (ISO 8601 text)

    def keyed(t: Any) -> bool:
        origin = typing.get_origin(t)
        return origin in (dict, Counter) and typing.get_args(t)[0] is not str

    def key_and_value(t: Any) -> tuple[Any, Any]:
        args = typing.get_args(t)
        return (args[0], int) if len(args) == 1 else (args[0], args[1])  # Counter[K] counts ints

    def unstructure_pairs(t: Any) -> Callable[[Mapping[Any, Any]], list[list[Any]]]:
        # keys are enum members, texts, None and tuples of them: orjson writes them as they are
        value_hook = conv.get_unstructure_hook(key_and_value(t)[1])
        return lambda mapping: [[k, value_hook(v)] for k, v in mapping.items()]

    def structure_pairs(t: Any) -> Callable[[Any, Any], Mapping[Any, Any]]:
        key_type, value_type = key_and_value(t)
        factory: Callable[[Any], Mapping[Any, Any]] = typing.get_origin(t)  # dict or Counter
        key_hook, value_hook = conv.get_structure_hook(key_type), conv.get_structure_hook(value_type)
        return lambda pairs, _: factory({key_hook(k, key_type): value_hook(v, value_type) for k, v in pairs})

    for name in dir(ev):  # every enum of the events: the preconf converter's own hook calls the class
        kind = getattr(ev, name)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            conv.register_structure_hook(kind, _members(kind))
    conv.register_structure_hook_factory(
        lambda t: typing.get_origin(t) is tuple and ... not in typing.get_args(t),  # type: ignore[comparison-overlap]
        lambda t: _fixed_tuple(conv, t),
    )
    conv.register_unstructure_hook_factory(keyed, unstructure_pairs)
    conv.register_structure_hook_factory(keyed, structure_pairs)
    # a Counter keyed by texts is a JSON object, structured by cattrs into a Counter
    # the state classes last, their fields' hooks being looked up now
    for kind, fields in _SAVED_FIELDS.items():
        conv.register_unstructure_hook(kind, _unstructure_fields(conv, fields))
        conv.register_structure_hook(kind, _structure_fields(conv, _BLANK[kind], fields))
    return conv


_state_converter = _make_state_converter()
