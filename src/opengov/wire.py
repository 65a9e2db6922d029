"""A fast read path: valid current-version event lines decoded into compact wire records, in blocks.

:func:`iter_records` reads a JSON Lines event file like :func:`opengov.codec.iter_events`, but a line that
is a valid event of the current schema version comes back as a *wire record* — a ``msgspec`` struct
generated from the event's declaration in :mod:`opengov.events`, decoded and checked in C, many lines per
call — instead of a frozen attrs event. The attrs events stay the public API and the contract; a wire
record has the same field names (``day`` is the Beijing date of ``at``; enum fields hold the member's
value, which compares and hashes equal to the member, since every opengov enum is a ``StrEnum``), and the
fold (:class:`opengov.fold.PeriodFold`) takes either.

Anything the fast path does not take as it is goes through today's codec, which builds the attrs event,
runs the upcasters and words the errors: an older schema version, a timestamp in ``at``, a line with an
escape sequence (``\\n``, ``\\u0007``, …), a raw DEL or Latin-1 supplement character, a text starting
with white space or empty, an event type with checks of its own (e.g. a credit code), an invalid line.
So the two paths give identical facts and identical errors (``tests/test_wire.py`` proves it on generated
streams).

>>> import io
>>> line = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}\\n'
>>> [record] = iter_records(io.BytesIO(line))
>>> record.TAG, record.id, record.day
('meeting_held', 'm1', datetime.date(2024, 5, 4))
>>> to_event(record)
MeetingHeld(id='m1', agency='a1', at=datetime.date(2024, 5, 4), title=None)
"""

from __future__ import annotations

__all__ = [
    "WireRecord",
    "decode_joined",
    "decode_page",
    "decode_rows",
    "iter_records",
    "to_event",
    "wire_type",
]

import datetime as _dt
import enum
import functools
import itertools
import operator
import os
import typing
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Annotated, Any, Literal

import attrs
import msgspec

from opengov import codec
from opengov import events as ev
from opengov.errors import DecodeError, LineError

_BLOCK_BYTES = 1 << 16
"""About how many bytes of lines are decoded per call: 64 KB, so that a block's records (about 350) are
still in the processor's cache when the fold reads them. Blocks of 1 MB (about 5,500 records) took 30 % more
time from the file to every table on the 300k-event benchmark (``docs/performance.md``)."""

_LEADING_SPACES: dict[bytes, frozenset[bytes]] = {
    b" ": frozenset({b" "}),
    b"\xe1": frozenset({b"\xe1\x9a\x80"}),
    b"\xe2": frozenset(
        {*(b"\xe2\x80" + bytes([last]) for last in (*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF)), b"\xe2\x81\x9f"}
    ),
    b"\xe3": frozenset({b"\xe3\x80\x80"}),
}
"""Every white-space character ``str.isspace`` knows that JSON does not escape and that is not caught by
``\xc2`` below, as UTF-8, by its first byte (the characters of one first byte are as long)."""

_QUOTED_SPACES = tuple(
    (first, b'"' + first, len(next(iter(spaces))), spaces) for first, spaces in _LEADING_SPACES.items()
)
"""For each first byte of :data:`_LEADING_SPACES`: the byte, a quote followed by it, the length of its
characters and the characters, made once."""


def _suspect(data: bytes) -> bool:
    """Whether some line of ``data`` must go to the codec to be judged: an escape sequence (a control
    character, tab or newline is always escaped in JSON), DEL, a Latin-1 supplement or C1 character
    (``\xc2``), or a text that starts with white space (a text of white space only is refused by the
    events). An empty text needs no test: the wire types refuse it.

    Single bytes are looked for first, which is fast (``memchr``). Only where a white space's first byte
    is, a quote followed by it is looked for, and at each one found the character it starts: a search for
    two bytes or more takes as long as 60 µs per 64 KB in CPython (one short pattern after another, the
    seventeen took 700 µs on a block of Chinese texts, whose punctuation starts with ``\xe3``)."""
    if b"\\" in data or b"\x7f" in data or b"\xc2" in data:
        return True
    for first, quoted, size, spaces in _QUOTED_SPACES:
        if first in data:
            at = data.find(quoted)
            while at >= 0:
                if data[at + 1 : at + 1 + size] in spaces:
                    return True
                at = data.find(quoted, at + 2)
    return False


_TEXT = Annotated[str, msgspec.Meta(min_length=1)]
_COUNT = Annotated[int, msgspec.Meta(ge=0, le=ev.MAX_INT)]
_POSITIVE = Annotated[int, msgspec.Meta(ge=1, le=ev.MAX_INT)]
_MONEY = Annotated[str, msgspec.Meta(pattern=r"^[0-9]+(\.[0-9]+)?\Z")] | Annotated[int, msgspec.Meta(ge=0)]

_PLAIN = {
    "_text": (str, _TEXT),
    "_optional_text": (str | None, _TEXT | None),
    "_count": (int, _COUNT),
    "_positive": (int, _POSITIVE),
    "_money": (Decimal, _MONEY),
    "_flag": (bool, bool),
    "_optional_flag": (bool | None, bool | None),
    "_optional_date": (_dt.date | None, _dt.date | None),
}
"""Validators of :mod:`opengov.events` the wire form checks itself, by name: (the hint they guard, the
wire type that checks the same)."""


class WireRecord(msgspec.Struct, frozen=True, gc=False, kw_only=True, forbid_unknown_fields=True):
    """The base of every wire record: ``id``, ``agency`` and ``day`` (the date of ``at``)."""

    TAG: typing.ClassVar[str] = ""
    VERSION: typing.ClassVar[int] = 1


def _literal(values: list[str]) -> Any:
    return Literal[tuple(values)]


def _enum_values(field: attrs.Attribute[Any], kind: type[enum.Enum]) -> list[str]:
    allowed = field.metadata.get("json_schema", {}).get("enum")
    return list(allowed) if allowed else [str(m.value) for m in kind]


def _validator_names(validator: Any) -> list[str]:
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        return [name for v in inner for name in _validator_names(v)]
    return [getattr(validator, "__qualname__", repr(validator))]


def _wire_field(field: attrs.Attribute[Any], hint: Any) -> Any | None:
    """The wire type of one field, or ``None`` when the fast path leaves the class to the codec."""
    names = _validator_names(field.validator) if field.validator is not None else []
    if field.name == "at":
        return _dt.date if names == ["_at"] else None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        narrowed = "json_schema" in field.metadata and "enum" in field.metadata["json_schema"]
        if names[:1] == ["_member.<locals>.check"] and (len(names) == 1 or narrowed):
            return _literal(_enum_values(field, hint))
        return None
    if typing.get_origin(hint) is frozenset and names == ["_members.<locals>.check"]:
        (item,) = typing.get_args(hint)
        members: Any = _literal(_enum_values(field, item))
        return Annotated[tuple[members, ...], msgspec.Meta(min_length=1)]
    if len(names) == 1 and names[0] in _PLAIN:
        guarded, wire = _PLAIN[names[0]]
        return wire if guarded == hint else None
    return None


def _build(cls: type[ev.Event]) -> type[WireRecord] | None:
    hints = typing.get_type_hints(cls)
    # an absent "v" is version 1: only then may the wire form take a line without it
    version = msgspec.field(default=1) if cls.VERSION == 1 else msgspec.field()
    fields: list[Any] = [("v", Literal[cls.VERSION], version)]
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.converter is not None and field.converter is not ev._to_frozenset:
            return None
        wire = _wire_field(field, hints[field.name])
        if wire is None:
            return None
        name = "day" if field.name == "at" else field.name
        spec = msgspec.field(name="at") if field.name == "at" else msgspec.field()
        if field.default is not attrs.NOTHING:
            default = field.default
            spec = msgspec.field(default=default.value if isinstance(default, enum.Enum) else default)
        fields.append((name, wire, spec))
    namespace: dict[str, Any] = {"TAG": cls.TAG, "VERSION": cls.VERSION}
    sets = [f.name for f in attrs.fields(cls) if f.init and typing.get_origin(hints[f.name]) is frozenset]
    if sets:
        namespace["__post_init__"] = _distinct(cls.__name__, sets)
    # frozen, gc=False and forbid_unknown_fields come from WireRecord; the tag is read from "type"
    # (msgspec's default tag field); the module is the caller's, this one
    return msgspec.defstruct(  # type: ignore[return-value]
        cls.__name__,
        fields,
        bases=(WireRecord,),
        tag=cls.TAG,
        namespace=namespace,
        kw_only=True,
    )


def _distinct(name: str, sets: list[str]) -> Callable[[Any], None]:
    """A generated ``__post_init__`` refusing a record whose set field names a member twice (a JSON array
    may; the codec refuses it), which msgspec calls in C for each record of the type as it decodes it, and
    turns the error into its ``ValidationError``: the block then goes to the codec line by line.

    (A loop over every decoded record testing each one's type took about 80 ms at 1M events; this is a
    call per record of the few types that have a set.)
    """
    tests = " or ".join(f"(len(self.{n}) > 1 and len(set(self.{n})) != len(self.{n}))" for n in sets)
    source = (
        f"def __post_init__(self):\n    if {tests}:\n"
        f"        raise ValueError('a set field of {name} names a member twice')\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<opengov wire distinct {name}>", "exec"), namespace)
    return typing.cast(Callable[[Any], None], namespace["__post_init__"])


@functools.cache
def _types() -> dict[str, type[WireRecord]]:
    built = {tag: _build(cls) for tag, cls in ev.EVENT_TYPES.items()}
    return {tag: kind for tag, kind in built.items() if kind is not None}


def wire_type(tag: str) -> type[WireRecord] | None:
    """The wire record class of the event type ``tag``, or ``None`` when that type is always decoded by
    the codec (it has checks the wire form does not repeat)."""
    return _types().get(tag)


@functools.cache
def _decoders() -> tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[Any]]:
    union: Any = typing.Union[tuple(_types().values())]  # noqa: UP007
    return msgspec.json.Decoder(list[union]), msgspec.json.Decoder(union)


def to_event(record: Any) -> ev.Event:
    """The attrs event of a wire record (an event is returned as it is)."""
    if isinstance(record, ev.Event):
        return record
    try:  # the codec's own builder for valid current-version fields, as codec.decode uses first
        return codec._fast_structurer(ev.EVENT_TYPES[record.TAG])(msgspec.to_builtins(record))
    except Exception:  # e.g. a set field, which to_builtins leaves a tuple: the whole way round
        return codec.decode(msgspec.json.decode(msgspec.json.encode(record)))


def _blocks(handle: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Whole lines, about a block at a time: each block without its last newline, and whether it had one."""
    rest = b""
    while True:
        chunk = handle.read(_BLOCK_BYTES)
        if not chunk:
            break
        cut = chunk.rfind(b"\n")
        if cut < 0:
            rest += chunk
            continue
        block = b"".join((rest, memoryview(chunk)[:cut]))  # one copy: the rest and the chunk's lines
        rest = chunk[cut + 1 :]
        yield block, True
    if rest:
        yield rest, False


def iter_records(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[Any]:
    """Stream a JSON Lines event file as wire records (and attrs events for what the codec decodes).

    Same input, same order and same errors as :func:`opengov.codec.iter_events`: blank lines are skipped,
    a byte-order mark is ignored, and the first bad line raises.

    Args:
        source: a path, or a binary file open for reading.

    Raises:
        DecodeError: a line is not a valid event; the error names the file, line and reason.
    """
    # a list of records per block, flattened in C: no generator is resumed per record
    return itertools.chain.from_iterable(_opened(source))


def _opened(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[list[Any]]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        with path.open("rb") as handle:
            yield from _record_blocks(handle, str(path))
        return
    yield from _record_blocks(source, str(getattr(source, "name", "<stream>")))


def _record_blocks(handle: IO[bytes], name: str) -> Iterator[list[Any]]:
    """The records of each block of lines, as a list."""
    many = _decoders()[0]
    number = 0
    for block, ended in _blocks(handle):
        if not _suspect(block):
            # Each newline followed by a comma: a JSON array of the lines (white space may come before a
            # comma), and its growth is the number of newlines, so that a record spanning two lines is
            # seen. One pass: a same-length replacement and a count took 30 µs per 64 KB, this 13 µs.
            joined = block.replace(b"\n", b"\n,")
            lines = len(joined) - len(block) + 1
            try:
                records = many.decode(b"".join((b"[", joined, b"]")))
            except (msgspec.ValidationError, msgspec.DecodeError):
                pass
            else:
                if len(records) == lines:
                    number += lines
                    yield records
                    continue
        # a block without its newline is the file's last line alone: the codec notes it as truncated
        for raw in block.split(b"\n"):
            number += 1
            item = _line(number, raw + b"\n" if ended else raw, name)
            if item is not None:
                yield [item]


def _one(raw: bytes) -> Any | None:
    """The wire record of one line or row, or ``None`` when the fast path leaves it to the codec."""
    if _suspect(raw):
        return None
    try:
        record = _decoders()[1].decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    return record


def _line(number: int, raw: bytes, name: str) -> Any:
    record = _one(raw)
    if record is not None:
        return record
    item = codec._scan_line(number, raw, name)
    if isinstance(item, LineError):
        raise DecodeError([item])
    return item


_DATA = operator.itemgetter(1)


def decode_joined(page: bytes, count: int) -> list[Any] | None:
    """The wire records of ``count`` stored rows' JSON joined by commas (as :func:`decode_page` joins a
    page, or a store joins it in its own query), decoded in one call; ``None`` where the fast path does not
    take every one of them (a doubtful text, a type it leaves to the codec, an invalid row, or a row
    holding other than one event): the caller then decodes the rows one by one with
    :func:`decode_rows`, which gives the codec's events and errors."""
    if _suspect(page):
        return None
    try:
        records: list[Any] = _decoders()[0].decode(b"[" + page + b"]")
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    return records if len(records) == count else None


def decode_page(rows: Sequence[tuple[int, str | bytes]], where: str) -> list[Any]:
    """A page of stored rows (position, wire JSON) decoded in one call: wire records where the fast path
    takes the row, else the event the store's own reader builds, with its errors.

    Raises:
        StoreError: a row is not a valid event; the message names its position and ``where``.
    """
    try:  # bytes, as SQLiteStore reads them: joined in C
        page = b",".join(map(_DATA, rows))
    except TypeError:  # text
        page = b",".join(data if isinstance(data, bytes) else data.encode() for _, data in rows)
    records = decode_joined(page, len(rows))
    return records if records is not None else decode_rows(rows, where)


def decode_rows(rows: Sequence[tuple[int, str | bytes]], where: str) -> list[Any]:
    """:func:`decode_page` row by row: what it does with a page the fast path does not take whole, and
    what a store calls for a page it has already tried whole (:func:`decode_joined`).

    Raises:
        StoreError: a row is not a valid event; the message names its position and ``where``.
    """
    from opengov.store._base import decode_stored

    out: list[Any] = []
    for position, data in rows:
        data = data if isinstance(data, bytes) else data.encode()
        record = _one(data)
        out.append(record if record is not None else decode_stored(data, position, where))
    return out
