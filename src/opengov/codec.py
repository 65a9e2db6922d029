"""The wire form of events: JSON Lines through a cattrs converter, with schema versions and upcasters.

One event per line, a JSON object whose ``type`` is the event's stable tag and ``v`` its schema version,
followed by the event's fields::

    {"type": "application_received", "v": 1, "id": "e7", "agency": "a1", "at": "2024-03-01",
     "application_id": "A-1", "channel": "online", "applicant": "natural_person"}

Money is a string of digits (``"12.50"``, exact); a bare integer is accepted, a float is refused because
JSON floats are not exact. Dates are ISO 8601: ``"2024-03-01"`` or a timestamp such as
``"2024-03-01T09:30:00+08:00"``. Sets are lists.

Lines of an older schema version are read through :func:`register_upcaster` steps (``v1 → v2 → …``),
never rewritten in place.
"""

from __future__ import annotations

__all__ = [
    "converter",
    "decode",
    "decode_line",
    "encode",
    "encode_line",
    "enumerate_events",
    "iter_events",
    "json_schema",
    "load_events",
    "register_upcaster",
    "validate_file",
    "write_events",
]

import datetime as _dt
import enum
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs
import cattrs
import orjson
from cattrs.preconf.orjson import make_converter

from opengov.errors import DecodeError, EventValidationError, LineError, excerpt
from opengov.events import EVENT_TYPES, Event
from opengov.schema import json_schema

JSONObject = dict[str, Any]
Upcaster = Callable[[JSONObject], JSONObject]

_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def register_upcaster(tag: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a step that turns a ``tag`` line of ``from_version`` into one of ``from_version + 1``.

    The step receives the line's fields (without ``type`` and ``v``) and returns the new fields. Steps
    chain until the class's current ``VERSION`` is reached.

    Args:
        tag: the event type's wire tag.
        from_version: the version the step reads.

    Raises:
        ValueError: a step for that tag and version is already registered.
    """

    def register(step: Upcaster) -> Upcaster:
        key = (tag, from_version)
        if key in _UPCASTERS:
            raise ValueError(f"an upcaster for {tag} v{from_version} is already registered")
        _UPCASTERS[key] = step
        return step

    return register


def _structure_date(value: Any, _: Any) -> _dt.date:
    if not isinstance(value, str):
        raise EventValidationError(f"expected an ISO 8601 date string, got {excerpt(value)}")
    try:
        if len(value) == 10:
            return _dt.date.fromisoformat(value)
        return _dt.datetime.fromisoformat(value)
    except ValueError:
        raise EventValidationError(f"{excerpt(value)} is not an ISO 8601 date or timestamp") from None


def _unstructure_date(value: _dt.date) -> str:
    return value.isoformat()


_MONEY = re.compile(r"[0-9]+(\.[0-9]+)?")  # ASCII digits only: \d would take full-width ones


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, (bool, float)):
        raise EventValidationError(
            f'money must be a string such as "12.50", not the JSON number {excerpt(value)}'
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and _MONEY.fullmatch(value):
        return Decimal(value)
    raise EventValidationError(f'{excerpt(value)} is not an amount of money: write digits, e.g. "12.50"')


def _unstructure_decimal(value: Decimal) -> str:
    # plain digits, never an exponent; abs() turns a negative zero into 0 (amounts are never negative)
    return format(abs(value), "f")


def _structure_array(value: Any, kind: Any) -> Any:
    if not isinstance(value, list):
        raise EventValidationError(f"expected a JSON array, got {excerpt(value)}")
    (item_type, *_) = typing.get_args(kind)
    origin = typing.get_origin(kind)
    items = [_structure_item(item, item_type) for item in value]
    if origin is frozenset:
        unique = frozenset(items)
        if len(unique) != len(items):
            raise EventValidationError(f"the array {excerpt(value)} names an item twice")
        return unique
    return tuple(items)


def _structure_item(value: Any, kind: Any) -> Any:
    if attrs.has(kind):  # a record inside an event, e.g. a filed report's cell
        if type(value) is not dict:
            raise EventValidationError(f"expected a JSON object, got {excerpt(value)}")
        return _detailed.structure(value, kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _structure_enum(value, kind)
    if kind is _dt.date:
        day = _structure_date(value, kind)
        if isinstance(day, _dt.datetime):
            raise EventValidationError(f"expected a date, not the timestamp {excerpt(value)}")
        return day
    if not isinstance(value, kind):
        raise EventValidationError(f"expected {kind.__name__}, got {excerpt(value)}")
    return value


def _strict_scalar(kind: type) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise EventValidationError(f"expected {kind.__name__}, got {excerpt(value)}")
        return value

    return structure


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(str(m.value) for m in kind)
        raise EventValidationError(f"{excerpt(value)} is not one of {known}") from None


def _restricted_enum(kind: type[enum.Enum], allowed: list[str]) -> Callable[[Any, Any], Any]:
    """The enum hook of a field that accepts only some members, naming just those when it refuses."""

    def structure(value: Any, _: Any) -> Any:
        try:
            return kind(value)  # a member the field refuses is explained by the class's own validator
        except ValueError:
            raise EventValidationError(f"{excerpt(value)} is not one of {', '.join(allowed)}") from None

    return structure


def _restrict_enums(conv: cattrs.Converter) -> None:
    """Give each event whose schema narrows an enum field (``metadata["json_schema"]["enum"]``) a hook
    that lists only the values that field accepts."""
    from cattrs.gen import make_dict_structure_fn, override

    for cls in EVENT_TYPES.values():
        overrides: dict[str, Any] = {}
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            allowed = field.metadata.get("json_schema", {}).get("enum")
            kind = hints[field.name]
            if allowed and isinstance(kind, type) and issubclass(kind, enum.Enum):
                overrides[field.name] = override(struct_hook=_restricted_enum(kind, list(allowed)))
        if overrides:
            conv.register_structure_hook(
                cls,
                make_dict_structure_fn(
                    cls,
                    conv,
                    _cattrs_forbid_extra_keys=True,
                    _cattrs_detailed_validation=conv.detailed_validation,
                    **overrides,
                ),
            )


class _FieldErrors(EventValidationError):
    """An event's wire form refused field by field: ``reasons`` each end with the field's path (``@ $.x``)."""

    def __init__(self, tag: str, reasons: list[str]) -> None:
        super().__init__(f"{tag}: {'; '.join(reasons)}")
        self.tag = tag
        self.reasons = reasons


class _InnerEventError(Exception):
    """A nested event (a correction's replacement) refused: carried out to the outer event's paths."""

    def __init__(self, error: EventValidationError) -> None:
        super().__init__(str(error))
        self.error = error


def _structure_inner_event(value: Any, _: Any) -> Event:
    try:
        return decode(value)
    except EventValidationError as exc:
        raise _InnerEventError(exc) from None


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = make_converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(_dt.date, _structure_date)
    conv.register_unstructure_hook(_dt.date, _unstructure_date)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook_func(
        lambda t: typing.get_origin(t) in (frozenset, tuple),  # type: ignore[comparison-overlap]
        _structure_array,
    )
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    for kind in (str, int, bool):
        conv.register_structure_hook(kind, _strict_scalar(kind))
    # the enums are StrEnums: without these, str's hooks (found first by class) would take them
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    conv.register_unstructure_hook_func(
        lambda t: typing.get_origin(t) is frozenset,  # type: ignore[comparison-overlap]
        lambda value: sorted(item.value for item in value),
    )
    # an event inside an event (a correction's replacement) is a whole line of its own type and version
    conv.register_structure_hook_func(lambda t: t is Event, _structure_inner_event)
    conv.register_unstructure_hook_func(lambda t: t is Event, lambda value: encode(value))
    if detailed:
        _restrict_enums(conv)
    return conv


converter = _make_converter(detailed=False)
"""The converter of the wire form (fast path). Use :func:`encode` and :func:`decode` rather than it."""

_detailed = _make_converter(detailed=True)


def encode(event: Event) -> JSONObject:
    """The wire form of ``event`` as a JSON-ready dict, ``type`` and ``v`` first.

    >>> import datetime as dt
    >>> from opengov.events import MeetingHeld
    >>> encode(MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 5, 4)))
    {'type': 'meeting_held', 'v': 1, 'id': 'm1', 'agency': 'a1', 'at': '2018-05-04', 'title': None}
    """
    unstructure = _UNSTRUCTURE.get(type(event))
    if unstructure is None:
        unstructure = _fast_unstructurer(type(event))
    return unstructure(event)


_UNSTRUCTURE: dict[type[Event], Callable[[Event], JSONObject]] = {}
_NATIVE: dict[type[Event], Callable[[Event], JSONObject]] = {}


def _unstructure_expression(
    hint: Any, value: str, namespace: dict[str, Any], name: str, *, native: bool
) -> str:
    """Python source turning the field value ``value`` (an expression) into its wire value, as the
    converter would: inline for the common types, the converter's own hook for the rest.

    With ``native``, into a value orjson writes as that wire value: a ``StrEnum`` member as it is (orjson
    writes a ``str`` subclass as its text, which is the member's value), a plain date as it is (orjson
    writes ``YYYY-MM-DD`` in C, as ``isoformat`` does), a set of members sorted but not turned to text.
    A timestamp still goes through ``isoformat`` (orjson spells some offsets differently)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        converted = _unstructure_expression(inner, "v", namespace, name, native=native)
        return value if converted == "v" else f"(None if (v := {value}) is None else {converted})"
    if hint in (str, int, bool):
        return value
    if isinstance(hint, type) and issubclass(hint, enum.StrEnum):
        # what `.value` returns, without its descriptor's Python call
        return value if native else f"{value}._value_"
    if hint is _dt.date:
        if native:
            namespace["date"] = _dt.date
            return f"(v if (v := {value}).__class__ is date else v.isoformat())"
        return f"{value}.isoformat()"
    if hint is Decimal:
        namespace["decimal"] = _unstructure_decimal
        return f"decimal({value})"
    if hint is Event:
        namespace["encode"] = encode
        return f"encode({value})"
    if origin is frozenset and issubclass(typing.get_args(hint)[0], enum.StrEnum):
        # a StrEnum member sorts as its text
        return f"sorted({value})" if native else f"sorted([item._value_ for item in {value}])"
    namespace[f"u_{name}"] = converter.get_unstructure_hook(hint)
    return f"u_{name}({value})"


def _fast_unstructurer(cls: type[Event], *, native: bool = False) -> Callable[[Event], JSONObject]:
    """A generated function giving the wire form of a ``cls`` event with no per-field dispatch.

    It makes exactly the dict the cattrs converter makes (``tests/test_codec.py`` holds it to that for
    every event type): the fields in declaration order, those not taken by ``__init__`` left out. With
    ``native``, the dict that orjson writes as that wire form (:func:`_unstructure_expression`), which
    :func:`encode_lines` hands to it: a store encodes each event it appends.
    """
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {}
    items = ["'type': e.TAG", "'v': e.VERSION"]  # read when called: a test may change a class's version
    for field in attrs.fields(cls):
        if field.init:
            expression = _unstructure_expression(
                hints[field.name], f"e.{field.name}", namespace, field.name, native=native
            )
            items.append(f"{field.name!r}: {expression}")
    source = "def unstructure(e):\n    return {" + ", ".join(items) + "}\n"
    kind = "native" if native else "unstructure"
    exec(compile(source, f"<opengov {kind} {cls.__name__}>", "exec"), namespace)
    built = typing.cast(Callable[[Event], JSONObject], namespace["unstructure"])
    (_NATIVE if native else _UNSTRUCTURE)[cls] = built
    return built


def encode_line(event: Event) -> str:
    """One JSON line for ``event`` (no newline), UTF-8 text with Chinese kept readable."""
    return orjson.dumps(encode(event)).decode()


def encode_lines(events: Iterable[Event]) -> list[str]:
    """:func:`encode_line` of each event, in one loop (what a store does to a batch before writing it)."""
    dumps = orjson.dumps
    known = _NATIVE
    return [
        dumps((known.get(type(event)) or _fast_unstructurer(type(event), native=True))(event)).decode()
        for event in events
    ]


_INNER = "\x00inner "  # marks a nested event's errors in cattrs' list, to be spelled out with its path


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, _InnerEventError):
        return _INNER
    if isinstance(exc, EventValidationError):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _reasons(exc: BaseException) -> list[str]:
    """Each thing wrong with a structuring failure, with its path from the event's top (``@ $.a.b``).

    A nested event's own errors keep their paths inside it, under the field that holds it:
    ``application_received: expected str, got 5 @ $.replacement.id``.
    """
    if not isinstance(exc, cattrs.BaseValidationError):
        return [str(exc)]
    reasons: list[str] = []
    inner = iter(_inner_errors(exc))
    for message in cattrs.transform_error(exc, path="$", format_exception=_format_exception):
        if not message.startswith(_INNER):
            reasons.append(message)
            continue
        at = message.removeprefix(_INNER).removeprefix(" @ ")
        error = next(inner)
        if not isinstance(error, _FieldErrors):  # unknown type, bad version, a validator's message
            reasons.append(f"{error} @ {at}")
            continue
        for reason in error.reasons:
            text, marker, path = reason.rpartition(" @ $")
            reasons.append(f"{error.tag}: {text} @ {at}{path}" if marker else f"{error.tag}: {reason} @ {at}")
    return reasons


def _inner_errors(exc: BaseException) -> list[EventValidationError]:
    """The nested events' errors inside ``exc``, in the order cattrs' ``transform_error`` lists them."""
    if isinstance(exc, _InnerEventError):
        return [exc.error]
    if isinstance(exc, BaseExceptionGroup):
        return [error for sub in exc.exceptions for error in _inner_errors(sub)]
    return []


_FAST: dict[type[Event], Callable[[JSONObject], Event]] = {}


def _fast_hook(hint: Any) -> Callable[[Any], Any] | None:
    """A one-argument converter for a field's wire value (``None``: taken as it is, checked by validators)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _fast_hook(next(a for a in typing.get_args(hint) if a is not type(None)))
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint._value2member_map_.__getitem__
    if hint is _dt.date:
        return lambda value: _structure_date(value, hint)
    if hint is Decimal:
        return lambda value: _structure_decimal(value, hint)
    if hint is Event:
        return decode
    if origin in (frozenset, tuple):
        return _array_hook(hint)
    return None


def _array_hook(hint: Any) -> Callable[[Any], Any]:
    """A converter for a JSON array field, with its item conversion worked out once."""
    (item_type, *_) = typing.get_args(hint)
    as_set = typing.get_origin(hint) is frozenset
    if isinstance(item_type, type) and issubclass(item_type, enum.Enum):
        members = item_type._value2member_map_

        def enum_array(value: Any) -> Any:
            if type(value) is not list:
                raise EventValidationError(f"expected a JSON array, got {excerpt(value)}")
            items = [members[item] for item in value]
            if not as_set:
                return tuple(items)
            unique = frozenset(items)
            if len(unique) != len(items):
                raise EventValidationError(f"the array {excerpt(value)} names an item twice")
            return unique

        return enum_array
    return lambda value: _structure_array(value, hint)


def _fast_structurer(cls: type[Event]) -> Callable[[JSONObject], Event]:
    """A generated function building ``cls`` from its wire fields with no per-field dispatch.

    It reads a whole wire object (``type`` and ``v`` included, already checked by the caller), does the
    same conversions as the cattrs converter and leaves validation to the class; any failure (a missing
    or extra key, a bad value) is raised for :func:`decode` to explain in detail.
    """
    built = _FAST.get(cls)
    if built is not None:
        return built
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {
        "cls": cls,
        "allowed": frozenset(),
        "EventValidationError": EventValidationError,
    }
    arguments = []
    names = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        names.append(field.name)
        hook = _fast_hook(hints[field.name])
        value = f"d[{field.name!r}]"
        if hook is not None:
            namespace[f"h_{field.name}"] = hook
            value = f"h_{field.name}({value})"
        if field.default is not attrs.NOTHING:
            namespace[f"default_{field.name}"] = field.default
            value = f"{value} if {field.name!r} in d else default_{field.name}"
        arguments.append(f"{field.name}=({value})")
    namespace["allowed"] = frozenset((*names, "type", "v"))
    source = (
        "def structure(d):\n"
        "    if not d.keys() <= allowed:\n"
        "        raise EventValidationError('extra fields')\n"
        f"    return cls({', '.join(arguments)})\n"
    )
    exec(compile(source, f"<opengov structure {cls.__name__}>", "exec"), namespace)
    built = _FAST[cls] = typing.cast(Callable[[JSONObject], Event], namespace["structure"])
    return built


def decode(obj: Any) -> Event:
    """Build an event from its wire form (a dict as parsed from one JSON line), upcasting old versions.

    Raises:
        EventValidationError: unknown type, unsupported version, missing, extra, mistyped or invalid
            fields; the message names the field.
    """
    if type(obj) is dict:  # the common case first: a valid line of the current version, read as it is
        tag = obj.get("type")
        cls = EVENT_TYPES.get(tag) if type(tag) is str else None
        version = obj.get("v", 1)
        if cls is not None and type(version) is int and version == cls.VERSION:
            try:
                return _fast_structurer(cls)(obj)
            except Exception:  # explained below, field by field
                pass
    if not isinstance(obj, dict):
        raise EventValidationError(f"expected a JSON object, got {type(obj).__name__}")
    fields = dict(obj)
    tag = fields.pop("type", None)
    version = fields.pop("v", 1)
    cls = EVENT_TYPES.get(tag) if isinstance(tag, str) else None
    if cls is None:
        if tag is None:
            raise EventValidationError("missing field 'type'")
        raise EventValidationError(f"unknown event type {tag!r}")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise EventValidationError(f"field 'v' must be a positive integer, got {version!r}")
    if version > cls.VERSION:
        raise EventValidationError(
            f"{tag} v{version} is newer than this opengov reads (v{cls.VERSION}): upgrade opengov"
        )
    while version < cls.VERSION:
        step = _UPCASTERS.get((tag, version))
        if step is None:
            raise EventValidationError(f"no upcaster from {tag} v{version}")
        fields = step(fields)
        version += 1
    try:
        return converter.structure(fields, cls)
    except Exception:  # the fast path says little; the detailed converter says where
        try:
            return _detailed.structure(fields, cls)
        except EventValidationError:  # from a validator: already names class, field and event
            raise
        except Exception as detailed:
            raise _FieldErrors(tag, _reasons(detailed)) from None


def decode_line(line: str | bytes, *, line_no: int = 1, source: str = "<string>") -> Event:
    """Decode one JSON line.

    Raises:
        DecodeError: the line is not valid; its one :class:`~opengov.errors.LineError` says where and why.
    """
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise DecodeError([LineError(line_no, f"malformed JSON: {exc}", source)]) from None
    try:
        return decode(obj)
    except EventValidationError as exc:
        event_id = obj.get("id") if isinstance(obj, dict) else None
        raise DecodeError(
            [LineError(line_no, str(exc), source, event_id if isinstance(event_id, str) else None)]
        ) from None


Source = str | os.PathLike[str] | IO[bytes] | Iterable[bytes] | Iterable[str]


def _lines(source: Source) -> tuple[str, Iterator[bytes | str]]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return str(path), _file_lines(path)
    name = getattr(source, "name", "<stream>")
    return str(name), iter(typing.cast(Iterable[bytes | str], source))


def _file_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle


def _scan(source: Source) -> Iterator[Event | LineError]:
    for _, _, item in _scan_numbered(source):
        yield item


def _scan_numbered(source: Source) -> Iterator[tuple[int, bytes | str, Event | LineError]]:
    """Each non-blank line's number, raw text and event (or the reason it is bad)."""
    name, lines = _lines(source)
    loads = orjson.loads
    for number, raw in enumerate(lines, start=1):
        try:  # the common case: a valid event line, parsed straight from its bytes
            event = decode(loads(raw))
        except Exception:  # blank, BOM, not UTF-8, malformed or invalid: looked at carefully below
            item = _scan_line(number, raw, name)
            if item is not None:
                yield number, raw, item
            continue
        yield number, raw, event


def _scan_line(number: int, raw: bytes | str, name: str) -> Event | LineError | None:
    """One line read carefully: ``None`` for a blank line, else its event or the reason it is bad."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return LineError(number, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8", name)
    else:
        text = raw
    if number == 1:
        text = text.removeprefix("\ufeff")
    if not text.strip():
        return None
    truncated = not text.endswith("\n")
    try:
        return decode_line(text, line_no=number, source=name)
    except DecodeError as exc:
        error = exc.errors[0]
        if truncated and error.reason.startswith("malformed JSON"):
            error = attrs.evolve(error, reason=error.reason + " (the last line looks truncated)")
        return error


def enumerate_events(source: Source) -> Iterator[tuple[int, Event]]:
    """Each event of a JSON Lines file with its line number; stop at the first bad line.

    Raises:
        DecodeError: a line is not a valid event; the error names the file, line and reason.
    """
    for number, _, item in _scan_numbered(source):
        if isinstance(item, LineError):
            raise DecodeError([item])
        yield number, item


def iter_events(source: Source) -> Iterator[Event]:
    """Stream the events of a JSON Lines file, path or iterable of lines; stop at the first bad line.

    Blank lines are skipped; a UTF-8 byte-order mark is ignored.

    Raises:
        DecodeError: a line is not a valid event; the error names the file, line and reason.
    """
    for item in _scan(source):
        if isinstance(item, LineError):
            raise DecodeError([item])
        yield item


def validate_file(source: Source) -> list[LineError]:
    """Every bad line of an event file (an empty list when all lines are valid events).

    Besides each line on its own, the file as a whole is checked: an event id used twice for different
    events is reported at each later line, naming the line that used it first (the same event repeated
    identically is allowed, as a store accepts it). A file holding no event at all is reported as one
    error at line 0.

    >>> import io
    >>> lines = [
    ...     b'{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2024-03-01"}\\n',
    ...     b'{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2024-03-02"}\\n',
    ... ]
    >>> [(error.line, error.reason) for error in validate_file(lines)]
    [(2, "event id 'm1' is used on line 1 for a different event; give each event its own id")]
    """
    replayable = _replayable(source)
    errors: list[LineError] = []
    seen = 0
    name = str(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "<stream>")
    first: dict[str, tuple[int, int]] = {}  # event id -> (line, digest of its text)
    suspects: dict[str, list[tuple[int, Event]]] = {}  # ids repeated with other text: checked below
    for number, raw, item in _scan_numbered(source):
        if isinstance(item, LineError):
            errors.append(item)
            name = item.source
            continue
        seen += 1
        # The raw text stands in for the event while the file can be read again; a one-shot stream
        # is compared by its canonical wire form at once.
        digest = hash(raw.strip()) if replayable else hash(encode_line(item))
        known = first.setdefault(item.id, (number, digest))
        if known[1] != digest:
            if replayable:
                suspects.setdefault(item.id, []).append((number, item))
            else:
                errors.append(_reused_id(number, known[0], item.id, name))
    if suspects:
        errors.extend(_reused_ids(source, first, suspects, name))
        errors.sort(key=lambda error: error.line)
    if not seen and not errors:
        errors.append(LineError(0, "the file holds no events", name))
    return errors


def _replayable(source: Source) -> bool:
    """Whether ``source`` can be read a second time (a path or a collection, not a stream)."""
    if isinstance(source, (str, os.PathLike)):
        return True
    return not hasattr(source, "read") and iter(source) is not source


def _reused_id(line: int, first_line: int, event_id: str, name: str) -> LineError:
    return LineError(
        line,
        f"event id {event_id!r} is used on line {first_line} for a different event; "
        "give each event its own id",
        name,
        event_id,
    )


def _reused_ids(
    source: Source,
    first: dict[str, tuple[int, int]],
    suspects: dict[str, list[tuple[int, Event]]],
    name: str,
) -> Iterator[LineError]:
    """Compare repeated ids by what the events say, not how their lines are written."""
    wanted = {first[event_id][0]: event_id for event_id in suspects}
    originals: dict[str, str] = {}
    for number, _, item in _scan_numbered(source):
        if number in wanted and isinstance(item, Event):
            originals[wanted[number]] = encode_line(item)
    for event_id, repeats in suspects.items():
        for number, event in repeats:
            if encode_line(event) != originals.get(event_id):
                yield _reused_id(number, first[event_id][0], event_id, name)


def load_events(source: Source, *, collect: bool = False) -> list[Event]:
    """Read a whole event file into a list.

    Args:
        source: a path, a binary file or an iterable of lines.
        collect: when true, read to the end and raise one error listing every bad line; when false
            (strict), raise at the first.

    Raises:
        DecodeError: a line is not a valid event.
    """
    if not collect:
        return list(iter_events(source))
    events: list[Event] = []
    errors: list[LineError] = []
    for item in _scan(source):
        (errors if isinstance(item, LineError) else events).append(item)  # type: ignore[arg-type]
    if errors:
        raise DecodeError(errors)
    return events


def write_events(events: Iterable[Event], target: str | os.PathLike[str] | IO[bytes]) -> int:
    """Write events as JSON Lines to a path or binary stream; return how many were written."""
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("wb") as handle:
            return write_events(events, handle)
    count = 0
    for event in events:
        target.write(orjson.dumps(encode(event)) + b"\n")
        count += 1
    return count
