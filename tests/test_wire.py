"""The fast read path (:mod:`opengov.wire`) gives the same events, the same facts and the same errors as the
codec, on generated streams that mix valid lines with every kind of doubtful or invalid one.

The expectations come from the codec (:func:`opengov.codec.iter_events`) and the plain fold over attrs
events, which this suite does not change; the fast path must agree with them line for line.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import sqlite3
from typing import Any
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from tests.strategies import any_event, interleave, logs

from opengov import codec, wire
from opengov.codec import encode, encode_line, iter_events
from opengov.errors import CalendarDataMissingError, DecodeError, StoreError
from opengov.events import Event, MeetingHeld
from opengov.fold import Period, PeriodFold
from opengov.store import SQLiteStore


@pytest.fixture(autouse=True)
def _built_afresh() -> None:
    """Each test builds the wire types (with their set tests) and the decoders itself (each is cached per
    process, 24 ms to build): mutation testing (scripts/mutants.py wire) then judges the code that builds
    them by every test here, not only by the first one that filled the caches."""
    for cached in (wire._types, wire._decoders):
        cached.cache_clear()


_TEXT_FIELDS = ("id", "agency", "application_id", "item_id", "title", "topic_id", "document_id", "case_id")


def _mutations() -> st.SearchStrategy[Any]:
    """A change to one wire object (a dict), or a raw line, that the codec may accept or refuse."""
    text = st.sampled_from(
        ["\x07", "a\x7fb", "a\x85b", "x\ty", "x\ny", "  ", "\u3000", "", " lead", "\u00b7", "ok", "é"]
    )
    number = st.sampled_from([-1, 0, 1.5, 2.0, 2**63, 2**64, True, "3", None])
    amount = st.sampled_from(["1e3", "12.50", "-1", "١٢", 12, 1.5, "12.", ".5", "12.50\n"])
    day = st.sampled_from(
        ["2024-03-01T23:30:00Z", "2024-03-01T09:00:00", "2024-02-30", 20240301, "2024-W10-1", "2023-12-31"]
    )
    return st.one_of(
        st.tuples(st.just("text"), st.sampled_from(_TEXT_FIELDS), text),
        st.tuples(
            st.just("set"), st.sampled_from(["count", "working_days", "quantity", "attendees"]), number
        ),
        st.tuples(st.just("set"), st.sampled_from(["amount"]), amount),
        st.tuples(st.just("set"), st.just("at"), day),
        st.tuples(st.just("set"), st.sampled_from(["v", "zz"]), st.sampled_from([0, 2, True, "1", 1])),
        st.tuples(
            st.just("set"), st.sampled_from(["channels"]), st.sampled_from([[], ["website", "website"]])
        ),
        st.tuples(st.just("set"), st.sampled_from(["kind", "disposition", "channel"]), st.just("withdrawn")),
        st.tuples(st.just("set"), st.sampled_from(["type"]), st.sampled_from(["nope", "meeting_held"])),
        st.tuples(st.just("drop"), st.sampled_from(["v", "at", "id", "title", "kind"]), st.none()),
        st.tuples(
            st.just("raw"),
            st.none(),
            st.sampled_from([b"", b"   ", b"\xef\xbb\xbf", b"[]", b"7", b"{", b"\xff\xfe", b"{}"]),
        ),
        st.tuples(st.just("twice"), st.none(), st.sampled_from([b",", b" ", b""])),
        st.tuples(st.just("cut"), st.none(), st.none()),
    )


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    """A JSON Lines stream: a generated log, some odd events, and a few changed lines."""
    events: list[Event] = draw(interleave(draw(logs(max_groups=12))))
    events += draw(st.lists(any_event(), max_size=4))
    lines = [orjson.dumps(encode(e)) for e in events]
    for _ in range(draw(st.integers(0, 3))):
        kind, key, value = draw(_mutations())
        at = draw(st.integers(0, len(lines)))
        if kind == "raw":
            lines.insert(at, value if at else value + b'{"type":"x"}')
            continue
        if not lines or at == len(lines):
            continue
        if kind == "twice":
            lines[at] = lines[at] + value + lines[at]  # two values on a line: the codec refuses it
            continue
        if kind == "cut":
            lines[at] = lines[at][:-2]
            continue
        try:
            obj = orjson.loads(lines[at])
        except orjson.JSONDecodeError:
            continue
        if not isinstance(obj, dict):
            continue
        if kind == "drop":
            obj.pop(key, None)
        elif kind == "text" and key not in obj:
            continue
        else:
            obj[key] = value
        lines[at] = json.dumps(obj, ensure_ascii=False).encode()  # json: it writes integers past 64 bits
    ending = draw(st.sampled_from([b"\n", b"", b"\r\n"]))
    return ending.join(lines) + (ending or b"")[-1:]


def _read(reader: Any, data: bytes) -> tuple[list[Any], Any]:
    out: list[Any] = []
    try:
        for item in reader(io.BytesIO(data)):
            out.append(item)
    except DecodeError as exc:
        return out, exc.errors
    return out, None


def _facts(items: list[Any], year: int) -> str:
    fold = PeriodFold(Period.year(year))
    try:
        return repr(fold.facts(fold.fold(items)))
    except CalendarDataMissingError as exc:
        return f"CalendarDataMissingError: {exc}"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=streams(), year=st.sampled_from([2019, 2023, 2024]))
def test_both_paths_give_the_same_events_errors_and_facts(data: bytes, year: int) -> None:
    expected, expected_errors = _read(iter_events, data)
    expected_facts = _facts(expected, year)
    for block_bytes in (1 << 20, 200):  # one block, and blocks that end mid-stream
        with mock.patch.object(wire, "_BLOCK_BYTES", block_bytes):
            records, errors = _read(wire.iter_records, data)
        assert errors == expected_errors
        assert [wire.to_event(r) for r in records] == expected
        assert _facts(records, year) == expected_facts


def test_valid_lines_take_the_fast_path() -> None:
    lines = [
        b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}',
        b'{"type":"item_published","id":"i1","agency":"a1","at":"2024-05-04","item_id":"x",'
        b'"kind":"ordinary","channels":["website","gazette"]}',
        b'{"type":"meeting_held","v":1,"id":"m2","agency":"a1","at":"2024-05-04T10:00:00+08:00"}',
    ]
    records = list(wire.iter_records(io.BytesIO(b"\n".join(lines))))
    assert [type(r).__name__ for r in records] == ["MeetingHeld", "ItemPublished", "MeetingHeld"]
    assert isinstance(records[0], wire.WireRecord)
    assert isinstance(records[1], wire.WireRecord)
    assert isinstance(records[2], Event)  # a timestamp: the codec buckets it
    assert records[1].channels == ("website", "gazette")
    assert records[1].day == dt.date(2024, 5, 4)


def test_two_values_on_a_line_are_refused_whatever_blank_lines_follow() -> None:
    """Two values on a line and a blank line after it: as many values as lines, and still refused."""
    line = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}'
    data = line + b" " + line + b"\n\n" + line + b"\n"
    _, expected = _read(iter_events, data)
    assert expected
    _, errors = _read(wire.iter_records, data)
    assert errors == expected


def test_a_control_character_is_refused_on_both_paths() -> None:
    line = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04","title":"a\\u0007b"}\n'
    _, expected = _read(iter_events, line)
    _, errors = _read(wire.iter_records, line)
    assert errors == expected


def test_types_with_their_own_checks_go_to_the_codec() -> None:
    assert wire.wire_type("agency_registered") is None  # its credit code is checked by the event
    assert wire.wire_type("meeting_held") is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=streams())
def test_store_replay_gives_the_same_facts_a_page_at_a_time(data: bytes, tmp_path_factory: Any) -> None:
    events, _ = _read(iter_events, data)
    # A store refuses an id reused with other content (the decode paths here do not look at ids).
    assume(len({e.id for e in events}) == len({encode_line(e) for e in events}))
    path = tmp_path_factory.mktemp("replay") / "store.db"
    with SQLiteStore(path) as store:
        if events:
            store.append_batches([events[i : i + 7] for i in range(0, len(events), 7)])
        records = list(store.read_records())
        assert [wire.to_event(r) for r in records] == [s.event for s in store.read()]
        # ... and keeps an exact repeat once (an idempotent retry): the store holds each id's first line.
        stored = list({e.id: e for e in events}.values())
        assert _facts(records, 2024) == _facts(stored, 2024)


def _many_pages(path: Any) -> list[Event]:
    """1,203 events in a store at ``path`` (three of its pages of 500), a codec-only event in the second."""
    from opengov.events import AgencyRegistered

    events: list[Event] = [
        MeetingHeld(id=f"m{n}", agency=f"a{n % 7}", at=dt.date(2024, 1, 1) + dt.timedelta(days=n % 360))
        for n in range(1, 1204)
    ]
    events[700] = AgencyRegistered(id="r1", agency="a3", at=dt.date(2024, 1, 2), name="示例机关")
    with SQLiteStore(path) as store:
        store.append_batches([events[i : i + 100] for i in range(0, len(events), 100)])
    return events


def test_the_whole_log_is_read_a_joined_page_at_a_time(tmp_path: Any) -> None:
    """Pages joined inside SQLite give every event once, in order, over several pages and in any range;
    the page with a type the fast path leaves to the codec is read as rows and holds that event."""
    path = tmp_path / "store.db"
    events = _many_pages(path)
    with SQLiteStore(path) as store:
        records = list(store.read_records())
        assert [wire.to_event(r) for r in records] == events
        assert type(records[700]) is type(events[700])  # the codec's event, not a wire record
        assert isinstance(records[699], wire.WireRecord)
        part = [wire.to_event(r) for r in store.read_records(after=250, until=1100)]
        assert part == events[250:1100]
        assert list(store.read_records(after=1203)) == []
        pairs = [(p, wire.to_event(r)) for p, r in store.read_positioned_records(after=250, until=1100)]
        assert pairs == list(enumerate(events, 1))[250:1100]  # the page of the codec's row too


def test_a_joined_page_whose_rows_came_out_of_order_is_read_again_as_rows(tmp_path: Any) -> None:
    """The positions joined beside the JSON are checked to ascend: where SQLite handed the aggregate its
    rows in another order, the page is read again row by row, and the events still come in log order."""
    from opengov.store import sqlite as sqlite_store

    path = tmp_path / "store.db"
    events = _many_pages(path)
    backwards = sqlite_store._JOINED_PAGE.replace("ORDER BY position LIMIT", "ORDER BY position DESC LIMIT")
    assert backwards != sqlite_store._JOINED_PAGE
    with SQLiteStore(path) as store, mock.patch.object(sqlite_store, "_JOINED_PAGE", backwards):
        # each page then holds the range's LAST 500 rows, backwards: read again as rows, the range's first
        records = [wire.to_event(r) for r in store.read_records(until=400)]
        assert records == events[:400]
        assert [wire.to_event(r) for r in store.read_records()] == events
        pairs = [(p, wire.to_event(r)) for p, r in store.read_positioned_records()]
        assert pairs == list(enumerate(events, 1))  # the positions of the rows read again


_TWO_IN_ONE = (
    '{"type":"meeting_held","v":1,"id":"m2","agency":"a1","at":"2024-05-02"},'
    '{"type":"meeting_held","v":1,"id":"m9","agency":"a1","at":"2024-05-09"}'
)


@pytest.mark.parametrize("damage", ['{"type":"meeting_held"}', _TWO_IN_ONE, "", "{"])
def test_a_damaged_row_is_reported_alike(damage: str, tmp_path: Any) -> None:
    """A row that is not one valid event (fields missing, two events, nothing, broken JSON) fails the fast
    read as the store's own reader fails, naming its position, also where the page is joined by SQLite."""
    path = tmp_path / "store.db"
    with SQLiteStore(path) as store:
        store.append([MeetingHeld(id=f"m{n}", agency="a1", at=dt.date(2024, 5, n)) for n in range(1, 4)])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET data = ? WHERE position = 2", (damage,))
    with SQLiteStore(path) as store:
        with pytest.raises(StoreError) as expected:
            list(store.read())
        with pytest.raises(StoreError) as fast:
            list(store.read_records())
    assert str(fast.value) == str(expected.value)
    assert "position 2" in str(fast.value)


def test_a_page_of_text_rows_decodes_as_a_page_of_bytes() -> None:
    """A store that reads its rows as text (PostgreSQL) gets the same records as one that reads bytes."""
    lines = [
        '{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}',
        '{"type":"meeting_held","v":1,"id":"m2","agency":"a1","at":"2024-05-04T10:00:00+08:00"}',
    ]
    as_bytes = wire.decode_page([(n, line.encode()) for n, line in enumerate(lines, 1)], "here")
    as_text = wire.decode_page(list(enumerate(lines, 1)), "here")
    mixed = wire.decode_page([(1, lines[0]), (2, lines[1].encode())], "here")
    assert as_bytes == as_text == mixed
    assert [type(r).__name__ for r in as_text] == ["MeetingHeld", "MeetingHeld"]
    assert isinstance(as_text[0], wire.WireRecord)


# Each event type the fast path leaves to the codec, and why — read from the declarations in
# opengov.events, not from the wire module: a check of the event's own, a list converted on the way in, or a
# whole event inside. Every other type (41 of 47) is decoded by the fast path.
_CODEC_ONLY = {
    "agency_registered": "the credit code's check digit (AgencyRegistered._check_code)",
    "agency_profile_declared": "legal_basis: a list of texts, converted to a tuple",
    "event_corrected": "replacement: a whole event",
    "online_service_items_enabled": "items: a list converted to a tuple, as many as its count",
    "report_filed": "period_start/period_end plain dates, the end not before the start; the cells",
    "working_calendar_declared": "the year's days checked against it; lists of dates",
}


def test_the_fast_path_decodes_every_type_but_those_with_checks_of_their_own() -> None:
    from opengov.events import EVENT_TYPES

    assert set(_CODEC_ONLY) == {tag for tag in EVENT_TYPES if wire.wire_type(tag) is None}
    for tag in set(EVENT_TYPES) - set(_CODEC_ONLY):
        kind = wire.wire_type(tag)
        assert kind is not None
        assert (tag, EVENT_TYPES[tag].VERSION) == (kind.TAG, kind.VERSION)


_CLEAN = '{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04","title":"%s"}'


@pytest.mark.parametrize(
    ("title", "suspect"),
    [
        ("年度 会议 — 第一次", False),  # spaces and an em dash (E2 80 94) inside a text
        ("ok", False),
        ("a\\u0007b", True),  # an escape sequence
        ("a\x7fb", True),  # DEL
        ("a\x85b", True),  # NEL, a C1 control character (C2 85)
        ("é", False),  # U+00E9 (C3 A9): no C2 byte
        ("a\u00b7b", True),  # MIDDLE DOT, a Latin-1 supplement character (C2 B7)
        (" lead", True),  # a text starting with a space
        ("\u1680x", True),  # OGHAM SPACE MARK (E1 9A 80)
        ("\u2003x", True),  # EM SPACE (E2 80 83)
        ("\u2028x", True),  # LINE SEPARATOR (E2 80 A8)
        ("\u205fx", True),  # MEDIUM MATHEMATICAL SPACE (E2 81 9F)
        ("\u3000x", True),  # IDEOGRAPHIC SPACE (E3 80 80)
        ("\u201c通知\u201d", False),  # a left double quotation mark (E2 80 9C) first: not a space
        ("\u3001\u3000", False),  # an ideographic comma (E3 80 81) first, then a space inside
    ],
    ids=[
        "inner",
        "plain",
        "escape",
        "del",
        "nel",
        "e-acute",
        "middot",
        "space",
        "ogham",
        "em",
        "ls",
        "mmsp",
        "ideo",
        "quote",
        "comma",
    ],
)
def test_a_doubtful_line_goes_to_the_codec(title: str, suspect: bool) -> None:
    """Which lines the fast path leaves to the codec, byte by byte, and the road each takes."""
    line = (_CLEAN % title).encode()
    assert suspect is wire._suspect(line)
    records, errors = _read(wire.iter_records, line + b"\n")
    events, expected = _read(iter_events, line + b"\n")
    assert ([wire.to_event(r) for r in records], errors) == (events, expected)
    assert [isinstance(r, wire.WireRecord) for r in records] == [not suspect] * len(events)


# Every white-space character a text may start with on the fast path's watch: those str.isspace knows,
# but not the C0 controls (JSON escapes them) nor the C2 two-byte ones (refused by their first byte).
_WHITE = [
    c
    for c in map(chr, range(0x20, 0x110000))
    if c.isspace() and not (0xD800 <= ord(c) <= 0xDFFF) and not c.encode().startswith(b"\xc2")
]


def test_the_white_spaces_looked_for_are_every_one_json_leaves_as_it_is() -> None:
    assert {c.encode() for c in _WHITE} == set().union(*wire._LEADING_SPACES.values())
    assert all(space.startswith(first) for first, spaces in wire._LEADING_SPACES.items() for space in spaces)


_PIECES = [b'"', b"a", b"\\", b"\x7f", b"\xc2\xb7", "“".encode(), "、".encode(), "一".encode()]


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.booleans(), st.sampled_from(_PIECES + [c.encode() for c in _WHITE])), max_size=12)
)
@example([(True, "\u201c".encode()), (True, "\u2003".encode())])  # a quote before a space after another
@example([(True, "\u3001".encode()), (False, b"a"), (True, "\u3000".encode())])
def test_a_block_is_doubtful_exactly_where_a_text_may_start_with_white_space(
    pieces: list[tuple[bool, bytes]],
) -> None:
    """The block scan (single bytes first, then each quote before a white space's first byte) says what
    the plain definition says: an escape, DEL or C2 byte, or a quote right before a white space."""
    data = b"".join(b'"' + piece if quoted else piece for quoted, piece in pieces)
    plain = any(b in data for b in (b"\\", b"\x7f", b"\xc2")) or any(
        b'"' + c.encode() in data for c in _WHITE
    )
    assert wire._suspect(data) is plain


def test_a_narrowed_enum_takes_only_its_own_members_on_both_paths() -> None:
    """An answer's disposition may be any but 撤回 (withdrawn, an event of its own): accepted by the fast
    path as a wire record, refused alike by both paths when it is "withdrawn"."""
    line = (
        b'{"type":"application_concluded","v":1,"id":"c1","agency":"a1","at":"2024-05-04",'
        b'"application_id":"A","disposition":"%s"}\n'
    )
    records, _ = _read(wire.iter_records, line % b"disclosed")
    assert [True] == [isinstance(r, wire.WireRecord) for r in records]
    assert records[0].on_the_spot is False  # left out: the event's default
    _, errors = _read(wire.iter_records, line % b"withdrawn")
    _, expected = _read(iter_events, line % b"withdrawn")
    assert expected
    assert errors == expected


_LINES = [
    (
        b'{"type":"meeting_held","v":1,"id":"m%d","agency":"a1","at":"2024-05-04","title":"t%d"}' % (n, n),
        b'{"type":"meeting_held","id":"m%d","agency":"a1","at":"2024-05-04"}' % n,  # no version, no title
        b'{"type":"item_published","id":"m%d","agency":"a1","at":"2024-05-04","item_id":"x",'
        b'"kind":"ordinary","channels":["website"]}' % n,  # a set of one member
    )[n % 3]
    for n in range(1, 41)
]


class _Reads(io.BytesIO):
    """A binary stream that keeps the size asked of each read."""

    sizes: list[Any]

    def read(self, size: Any = -1) -> bytes:
        self.sizes = [*getattr(self, "sizes", []), size]
        return super().read(size)


def test_valid_lines_are_decoded_a_block_at_a_time(monkeypatch: Any) -> None:
    """Valid lines never take the line-by-line road, from a file or from a store's page, and a file is
    read a block of bytes at a time (200 bytes here: 40 lines of about 90 bytes)."""

    def one_by_one(*_: Any) -> Any:
        raise AssertionError("a valid line went the line-by-line road")

    monkeypatch.setattr(wire, "_line", one_by_one)
    monkeypatch.setattr(wire, "_one", one_by_one)
    monkeypatch.setattr(wire, "_BLOCK_BYTES", 200)
    stream = _Reads(b"\n".join(_LINES) + b"\n")
    records = list(wire.iter_records(stream))
    assert [f"m{n}" for n in range(1, 41)] == [r.id for r in records]
    assert all(isinstance(r, wire.WireRecord) for r in records)
    assert {200} == set(stream.sizes)
    record = records[0]
    assert ("opengov.wire", False) == (type(record).__module__, gc.is_tracked(record))  # gc=False
    monkeypatch.setattr(codec, "decode", one_by_one)  # an event made from the record's own fields
    assert MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 5, 4)) == wire.to_event(record)
    with pytest.raises(AttributeError):
        record.id = "changed"  # type: ignore[misc]
    page = wire.decode_page([(n, line) for n, line in enumerate(_LINES, 1)], "here")
    assert [r.id for r in records] == [r.id for r in page]
    text_page = wire.decode_page([(n, line.decode()) for n, line in enumerate(_LINES, 1)], "here")
    assert [r.id for r in records] == [r.id for r in text_page]


def test_a_file_is_read_by_path_or_handle_and_named_in_errors(tmp_path: Any) -> None:
    """A path (text or Path) or an open file: the same records as the codec's events, and a bad line's
    error names the file and the line, as the codec's does."""
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\n".join([*_LINES[:3], b'{"type":"meeting_held"}', *_LINES[3:5]]) + b"\n")
    expected = []
    with pytest.raises(DecodeError) as codec_error:
        expected.extend(iter_events(path))
    for source in (str(path), path):
        with pytest.raises(DecodeError) as fast_error:
            list(wire.iter_records(source))
        assert fast_error.value.errors == codec_error.value.errors
    assert str(path) in str(codec_error.value)
    assert ":4" in str(codec_error.value) or "line 4" in str(codec_error.value)
    with path.open("rb") as handle, pytest.raises(DecodeError) as handle_error:
        list(wire.iter_records(handle))
    assert handle_error.value.errors == codec_error.value.errors
    good = tmp_path / "good.jsonl"
    good.write_bytes(b"\n".join(_LINES[:5]) + b"\n")
    assert [wire.to_event(r) for r in wire.iter_records(good)] == list(iter_events(good))


def test_a_malformed_line_is_called_truncated_only_at_the_end_of_the_file(monkeypatch: Any) -> None:
    """A malformed line that ends a block (here the block is that line) but not the file is not "truncated";
    the same line last in a file without its newline is — as the codec says."""
    bad = b'{"type":"meeting_held","id":'
    monkeypatch.setattr(wire, "_BLOCK_BYTES", len(bad) + 1)
    for data, truncated in ((bad + b"\n" + _LINES[0] + b"\n", False), (_LINES[0] + b"\n" + bad, True)):
        _, errors = _read(wire.iter_records, data)
        _, expected = _read(iter_events, data)
        assert errors == expected
        assert truncated is ("truncated" in str(expected))


def test_an_unknown_field_or_an_empty_set_is_refused_alike() -> None:
    unknown = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04","zz":1}\n'
    empty = (
        b'{"type":"item_published","id":"i1","agency":"a1","at":"2024-05-04","item_id":"x",'
        b'"kind":"ordinary","channels":[]}\n'
    )
    for line in (unknown, empty):
        _, errors = _read(wire.iter_records, line)
        _, expected = _read(iter_events, line)
        assert expected
        assert errors == expected


def test_beside_a_doubtful_line_valid_lines_are_still_wire_records() -> None:
    """A block with a line for the codec (an escape) is read line by line: the others are still decoded by
    the fast path; a set naming a member twice is refused as the codec refuses it."""
    escaped = _CLEAN.replace("%s", "a\\u00e9b").encode()
    data = b"\n".join([_LINES[0], escaped, _LINES[1]]) + b"\n"
    records, _ = _read(wire.iter_records, data)
    assert [True, False, True] == [isinstance(r, wire.WireRecord) for r in records]
    assert [wire.to_event(r) for r in records] == _read(iter_events, data)[0]
    twice = (
        b'{"type":"item_published","id":"i1","agency":"a1","at":"2024-05-04","item_id":"x",'
        b'"kind":"ordinary","channels":["website","website"]}\n'
    )
    _, errors = _read(wire.iter_records, _LINES[0] + b"\n" + twice)
    _, expected = _read(iter_events, _LINES[0] + b"\n" + twice)
    assert expected
    assert errors == expected


def test_a_white_space_text_between_two_others_of_its_first_byte_is_found() -> None:
    """``_suspect`` looks at every quote followed by a white space's first byte, in order: here the
    first and last texts start with 、 (``\\xe3\\x80\\x81``, not white space) and the middle one with an
    ideographic space (``\\xe3\\x80\\x80``), which sends the block to the codec (an event refuses it)."""
    block = '{"a":"、x","b":"\u3000y","c":"、z"}'.encode()
    assert wire._suspect(block)
    assert not wire._suspect('{"a":"、x","b":"y\u3000","c":"、z"}'.encode())


def test_a_chunk_that_starts_with_the_last_newline_keeps_the_line_whole() -> None:
    """A file whose final newline is the first byte of a read: the last line is a whole line, so a
    malformed one is reported as the codec reports it, not as truncated."""
    bad = b'{"type":"meeting_held","v":1,"id":"m9","agency":"a1","at":"2024-05-04",}'
    good = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}\n'
    filler = wire._BLOCK_BYTES - len(bad) - len(good)
    pad = b" " * (filler - 1) + b"\n"  # a blank line of spaces: skipped by both paths
    data = good + pad + bad + b"\n"
    assert data[wire._BLOCK_BYTES : wire._BLOCK_BYTES + 1] == b"\n"
    assert len(data) == wire._BLOCK_BYTES + 1
    with pytest.raises(DecodeError) as expected:
        list(iter_events(io.BytesIO(data)))
    with pytest.raises(DecodeError) as found:
        list(wire.iter_records(io.BytesIO(data)))
    assert "truncated" not in str(expected.value)
    assert str(expected.value) == str(found.value)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (b'{"type":"meeting_held","v":1,"id":"m2"', b'"agency":"a1","at":"2024-05-04"}'),
        (b'{"type":"meeting_held","v":1,"id":"m2",', b'"agency":"a1","at":"2024-05-04"}'),
        (b'{"type":"meeting_held","v":1,"id":"m2"', b',"agency":"a1","at":"2024-05-04"}'),
    ],
    ids=["joined-by-the-comma-put-after-each-newline", "trailing-comma", "leading-comma"],
)
def test_an_event_split_over_two_lines_is_refused_alike(first: bytes, second: bytes) -> None:
    """An event written over two lines is refused by the codec at its first line. Read a block at a time,
    the lines joined into one JSON array, the first case is one valid record where there are two lines:
    the fast path must count the lines to see it, and hand them to the codec."""
    line = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}'
    data = b"\n".join([line, first, second, line.replace(b"m1", b"m3")]) + b"\n"
    events, expected = _read(iter_events, data)
    assert [2] == [error.line for error in expected]
    assert ["m1"] == [e.id for e in events]
    records, errors = _read(wire.iter_records, data)
    assert errors == expected
    assert ["m1"] == [r.id for r in records]


_TWICE = (
    b'{"type":"item_published","v":1,"id":"i2","agency":"a1","at":"2024-05-04","item_id":"y",'
    b'"kind":"ordinary","channels":["website","gazette","website"]}'
)


def test_a_set_naming_a_member_twice_in_a_block_is_refused_alike() -> None:
    """A block of valid lines with one set naming a member twice: refused at that line as the codec
    refuses it, the lines before it still read (msgspec calls the generated check per record)."""
    ok = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}'
    data = b"\n".join([ok, ok.replace(b"m1", b"m2"), _TWICE, ok.replace(b"m1", b"m3")]) + b"\n"
    events, expected = _read(iter_events, data)
    assert [3] == [error.line for error in expected]
    records, errors = _read(wire.iter_records, data)
    assert errors == expected
    assert [e.id for e in events] == [r.id for r in records] == ["m1", "m2"]


def test_a_page_with_a_set_naming_a_member_twice_fails_as_the_store_reader_does() -> None:
    """In a store's page the row goes to the store's own reader, which names its position."""
    ok = b'{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2024-05-04"}'
    with pytest.raises(StoreError, match="position 2") as fast:
        wire.decode_page([(1, ok), (2, _TWICE)], "here")
    assert "twice" in str(fast.value)


def test_a_wire_record_made_by_hand_refuses_a_repeated_member() -> None:
    """The check runs when a record is made, not only when one is decoded, and names the record's type."""
    kind = wire.wire_type("item_published")
    assert kind is not None
    fields = {"id": "i1", "agency": "a1", "day": dt.date(2024, 5, 4), "item_id": "x", "kind": "ordinary"}
    assert kind(**fields, channels=("website", "gazette")).channels == ("website", "gazette")
    with pytest.raises(ValueError, match="a set field of ItemPublished names a member twice"):
        kind(**fields, channels=("website", "gazette", "website"))
