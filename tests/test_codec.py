"""The JSON Lines wire form: round trips, the bad-input corpus, strict and collecting reads, upcasting."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import opengov
from opengov import codec
from opengov.errors import DecodeError, LineError
from opengov.events import BEIJING, EVENT_TYPES, Event, MeetingHeld
from strategies import any_event, event_of, timestamps

GOOD = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04"}'
GOOD2 = '{"type": "meeting_held", "v": 1, "id": "m2", "agency": "a1", "at": "2018-06-04", "title": "培训"}'


def _line(**fields: object) -> str:
    """A line of a valid fee_paid event with ``fields`` replaced (``None`` drops the field)."""
    base: dict[str, object] = {
        "type": "fee_paid",
        "v": 1,
        "id": "e1",
        "agency": "a1",
        "at": "2021-03-01",
        "application_id": "A-1",
        "amount": "12.50",
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not None}, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------------
# Round trips.


@pytest.mark.parametrize("cls", list(EVENT_TYPES.values()), ids=list(EVENT_TYPES))
@given(data=st.data())
def test_every_event_type_round_trips_through_a_line(cls: type[Event], data: st.DataObject) -> None:
    """Decoding an encoded event gives back an equal event with the same Beijing day and the same line."""
    event = data.draw(event_of(cls))
    line = opengov.encode_line(event)
    decoded = opengov.decode_line(line)
    assert event == decoded
    assert event.day == decoded.day
    assert line == opengov.encode_line(decoded)


@given(events=st.lists(any_event(), max_size=8))
def test_written_files_load_back_in_order(events: list[Event]) -> None:
    """write_events then load_events gives back the same events in the same order."""
    buffer = io.BytesIO()
    written = opengov.write_events(events, buffer)
    assert len(events) == written
    assert events == opengov.load_events(io.BytesIO(buffer.getvalue()))


def test_reading_a_path_names_the_file_in_errors(tmp_path: Path) -> None:
    """Errors of a file read by path carry that path as their source."""
    path = tmp_path / "log.jsonl"
    path.write_text(GOOD + "\n{oops\n", encoding="utf-8")
    errors = opengov.validate_file(path)
    expected = [(2, str(path), True)]
    assert expected == [(e.line, e.source, e.reason.startswith("malformed JSON")) for e in errors]


@pytest.mark.parametrize("cls", list(EVENT_TYPES.values()), ids=list(EVENT_TYPES))
@given(data=st.data())
def test_the_generated_encoder_writes_what_the_converter_writes(
    cls: type[Event], data: st.DataObject
) -> None:
    """``encode`` (a function generated per event type) gives the very dict the cattrs converter gives, key
        order included, and ``encode_lines`` the very lines ``encode_line`` gives: the stores compare and keep
        these bytes (``encode_lines`` through its own generated function, which leaves dates and enum members
    for orjson to write). The encoders are generated here, not taken from an earlier test's cache."""
    codec._UNSTRUCTURE.pop(cls, None)
    codec._NATIVE.pop(cls, None)
    events = data.draw(st.lists(event_of(cls), min_size=1, max_size=3))
    by_converter = [{"type": e.TAG, "v": e.VERSION, **codec.converter.unstructure(e)} for e in events]
    assert [list(d.items()) for d in by_converter] == [list(opengov.encode(e).items()) for e in events]
    assert [orjson.dumps(d).decode() for d in by_converter] == codec.encode_lines(events)


def test_encode_puts_type_and_version_first() -> None:
    """The wire dict starts with ``type`` and ``v``."""
    event = opengov.decode_line(GOOD)
    expected = ["type", "v", "id", "agency", "at", "title"]
    assert expected == list(opengov.encode(event))


# ---------------------------------------------------------------------------------------------------------
# The bad-input corpus: each case is a file, the line of its first error, and words the reason must contain.

BAD_INPUTS: dict[str, tuple[bytes, int, str]] = {
    name: (text.encode("gbk" if name == "GBK bytes" else "utf-8"), line, words)
    for name, (text, line, words) in {
        "malformed JSON": (GOOD + "\n{not json}\n", 2, "malformed JSON"),
        "not an object": ("[1, 2]\n", 1, "expected a JSON object"),
        "unknown type": (
            '{"type": "meeting_hold", "id": "m1", "agency": "a1", "at": "2018-05-04"}\n',
            1,
            "unknown event type 'meeting_hold'",
        ),
        "missing type": ('{"id": "m1", "agency": "a1", "at": "2018-05-04"}\n', 1, "missing field 'type'"),
        "missing field": (GOOD + "\n" + _line(amount=None) + "\n", 2, "required field missing @ $.amount"),
        "extra field": (_line(amont="1.00") + "\n", 1, "extra fields found (amont)"),
        "wrong type (number for text)": (
            _line(application_id=7) + "\n",
            1,
            "expected str, got 7 @ $.application_id",
        ),
        "wrong type (bool for count)": (
            '{"type": "training_held", "id": "t1", "agency": "a1", "at": "2018-05-04", "attendees": true}\n',
            1,
            "expected int, got True @ $.attendees",
        ),
        "negative count": (
            '{"type": "training_held", "id": "t1", "agency": "a1", "at": "2018-05-04", "attendees": -3}\n',
            1,
            "TrainingHeld.attendees (event 't1'): must be a non-negative integer",
        ),
        "bad enum": (
            '{"type": "staff_assigned", "id": "s1", "agency": "a1", "at": "2018-05-04", "staff_id": "p1", '
            '"role": "volunteer"}\n',
            1,
            "'volunteer' is not one of full_time, part_time @ $.role",
        ),
        "bad date": (
            _line(at="2021-02-30") + "\n",
            1,
            "'2021-02-30' is not an ISO 8601 date or timestamp @ $.at",
        ),
        "float money": (_line(amount=12.5) + "\n", 1, 'money must be a string such as "12.50"'),
        "not money": (_line(amount="twelve") + "\n", 1, "'twelve' is not an amount of money: write digits"),
        "negative money": (
            _line(amount="-1.00") + "\n",
            1,
            "'-1.00' is not an amount of money",
        ),
        "bad credit code": (
            '{"type": "agency_registered", "id": "r1", "agency": "a1", "at": "2018-01-01", "name": "某局", '
            '"credit_code": "91350100M000100Y44"}\n',
            1,
            "AgencyRegistered.credit_code (event 'r1'): '91350100M000100Y44' is not a valid",
        ),
        "withdrawal as a conclusion": (
            '{"type": "application_concluded", "id": "c1", "agency": "a1", "at": "2021-03-01", '
            '"application_id": "A-1", "disposition": "withdrawn"}\n',
            1,
            "recorded with ApplicationWithdrawn",
        ),
        "newer version": (
            '{"type": "meeting_held", "v": 9, "id": "m1", "agency": "a1", "at": "2018-05-04"}\n',
            1,
            "newer than this opengov reads (v1): upgrade opengov",
        ),
        "bad version": (
            '{"type": "meeting_held", "v": "1", "id": "m1", "agency": "a1", "at": "2018-05-04"}\n',
            1,
            "field 'v' must be a positive integer",
        ),
        "truncated last line": (GOOD + "\n" + GOOD2[:40], 2, "the last line looks truncated"),
        "GBK bytes": (GOOD + "\n" + GOOD2 + "\n", 2, "not UTF-8 text"),
        "error after blank lines": ("\n\n" + GOOD + "\n\n\n{}\n", 6, "missing field 'type'"),
    }.items()
}


@pytest.mark.parametrize(("content", "line", "words"), BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_a_bad_line_is_reported_with_its_number_and_reason(content: bytes, line: int, words: str) -> None:
    """Each kind of bad input gives a LineError at its line whose reason names the problem."""
    errors = opengov.validate_file(io.BytesIO(content))
    assert [line] == [e.line for e in errors]
    assert words in errors[0].reason, errors[0].reason


@pytest.mark.parametrize(("content", "line", "words"), BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_strict_reading_raises_at_the_bad_line(content: bytes, line: int, words: str) -> None:
    """iter_events raises a DecodeError holding one LineError at the bad line."""
    with pytest.raises(DecodeError) as raised:
        list(opengov.iter_events(io.BytesIO(content)))
    assert [line] == [e.line for e in raised.value.errors]


def test_the_error_names_the_event_id_when_it_can_be_read() -> None:
    """A LineError carries the line's id, and its text shows source, line and id."""
    errors = opengov.validate_file(io.BytesIO((_line(amount="x") + "\n").encode()))
    expected = "e1"
    assert expected == errors[0].event_id
    assert str(errors[0]).startswith("<stream>:1 (event 'e1'): ")


def test_an_empty_file_is_one_error_at_line_zero() -> None:
    """validate_file reports a file without events as an error at line 0."""
    expected = [LineError(0, "the file holds no events", "<stream>")]
    assert expected == opengov.validate_file(io.BytesIO(b""))
    assert expected == opengov.validate_file(io.BytesIO(b"\n \n"))


def test_an_empty_file_loads_as_no_events() -> None:
    """load_events of an empty file is an empty list, not an error."""
    expected = []
    assert expected == opengov.load_events(io.BytesIO(b""))


def test_blank_lines_are_skipped() -> None:
    """Blank and whitespace-only lines between events are ignored."""
    events = opengov.load_events(io.BytesIO(f"\n{GOOD}\n  \n\n{GOOD2}\n\n".encode()))
    expected = ["m1", "m2"]
    assert expected == [e.id for e in events]


def test_a_byte_order_mark_is_accepted() -> None:
    """A UTF-8 byte-order mark at the start of the file is ignored."""
    events = opengov.load_events(io.BytesIO(b"\xef\xbb\xbf" + f"{GOOD}\n{GOOD2}\n".encode()))
    expected = ["m1", "m2"]
    assert expected == [e.id for e in events]


def test_lines_may_be_text_or_bytes() -> None:
    """An iterable of str lines reads like a file."""
    expected = ["m1", "m2"]
    assert expected == [e.id for e in opengov.iter_events([GOOD + "\n", GOOD2 + "\n"])]


# ---------------------------------------------------------------------------------------------------------
# Strict versus collecting.

MIXED = "\n".join([GOOD, "{bad", GOOD2, _line(amount=1.5), _line(id="e9")]) + "\n"


def test_strict_mode_stops_at_the_first_bad_line() -> None:
    """load_events and iter_events raise with only the first bad line."""
    with pytest.raises(DecodeError) as raised:
        opengov.load_events(io.BytesIO(MIXED.encode()))
    expected = [2]
    assert expected == [e.line for e in raised.value.errors]
    seen: list[str] = []
    with pytest.raises(DecodeError):
        seen.extend(e.id for e in opengov.iter_events(io.BytesIO(MIXED.encode())))
    expected = ["m1"]
    assert expected == seen


def test_collecting_mode_lists_every_bad_line() -> None:
    """load_events(collect=True) and validate_file report all bad lines, in order."""
    with pytest.raises(DecodeError) as raised:
        opengov.load_events(io.BytesIO(MIXED.encode()), collect=True)
    expected = [2, 4]
    assert expected == [e.line for e in raised.value.errors]
    assert expected == [e.line for e in opengov.validate_file(io.BytesIO(MIXED.encode()))]
    assert "(and 1 more)" in str(raised.value)


def test_a_valid_file_has_no_errors() -> None:
    """validate_file of a good file is an empty list."""
    expected = []
    assert expected == opengov.validate_file(io.BytesIO(f"{GOOD}\n{GOOD2}\n".encode()))


# ---------------------------------------------------------------------------------------------------------
# Versions and upcasters.


@pytest.fixture
def meeting_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    """MeetingHeld at a test-only version 2, whose v1 called ``title`` ``name``; the registry is restored."""
    monkeypatch.setattr(MeetingHeld, "VERSION", 2)
    monkeypatch.setattr(codec, "_UPCASTERS", dict(codec._UPCASTERS))

    @opengov.register_upcaster("meeting_held", 1)
    def upcast_v1_v2(fields: dict[str, object]) -> dict[str, object]:
        fields = dict(fields)
        if "name" in fields:
            fields["title"] = fields.pop("name")
        return fields


@pytest.mark.usefixtures("meeting_v2")
def test_an_old_line_is_read_through_its_upcaster() -> None:
    """A v1 line decodes as the current version through the registered step."""
    old = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04", "name": "专题会"}'
    event = opengov.decode_line(old)
    expected = "专题会"
    assert expected == event.title  # type: ignore[attr-defined]
    expected = 2
    assert expected == opengov.encode(event)["v"]


@pytest.mark.usefixtures("meeting_v2")
def test_a_line_without_a_version_is_version_one() -> None:
    """A line with no ``v`` is read as v1 and upcast."""
    old = '{"type": "meeting_held", "id": "m1", "agency": "a1", "at": "2018-05-04", "name": "专题会"}'
    expected = "专题会"
    assert expected == opengov.decode_line(old).title  # type: ignore[attr-defined]


@pytest.mark.usefixtures("meeting_v2")
def test_registering_a_step_twice_is_refused() -> None:
    """A second upcaster for the same tag and version raises ValueError."""
    with pytest.raises(ValueError, match="already registered"):
        opengov.register_upcaster("meeting_held", 1)(lambda fields: fields)


def test_a_missing_upcaster_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """An old line with no step to the current version is refused, naming the version."""
    monkeypatch.setattr(MeetingHeld, "VERSION", 2)
    errors = opengov.validate_file(io.BytesIO((GOOD + "\n").encode()))
    expected = [(1, "no upcaster from meeting_held v1")]
    assert expected == [(e.line, e.reason) for e in errors]


def test_upcaster_registry_is_left_clean() -> None:
    """No test-only upcaster stays registered after the tests that add one."""
    assert ("meeting_held", 1) not in codec._UPCASTERS


# ---------------------------------------------------------------------------------------------------------
# Timestamps and the Beijing date.


@pytest.mark.parametrize(
    ("at", "day"),
    [
        ("2018-12-31T20:00:00Z", dt.date(2019, 1, 1)),
        ("2018-12-31T15:59:59+00:00", dt.date(2018, 12, 31)),
        ("2018-12-31T16:00:00+00:00", dt.date(2019, 1, 1)),
        ("2019-01-01T07:00:00+08:00", dt.date(2019, 1, 1)),
        ("2019-01-01T01:00:00+09:00", dt.date(2019, 1, 1)),
        ("2018-12-31T23:30:00", dt.date(2018, 12, 31)),
        ("2018-12-31", dt.date(2018, 12, 31)),
    ],
)
def test_timestamps_bucket_by_beijing_date(at: str, day: dt.date) -> None:
    """``day`` is the Beijing date: zoned timestamps are converted, naive ones are Beijing local time."""
    line = f'{{"type": "meeting_held", "id": "m1", "agency": "a1", "at": "{at}"}}'
    assert day == opengov.decode_line(line).day


@given(moment=timestamps(aware=True))
def test_a_zoned_timestamp_falls_on_its_beijing_date(moment: dt.datetime) -> None:
    """For any zoned timestamp, ``day`` is the date of the same instant at UTC+8."""
    event = MeetingHeld(id="m1", agency="a1", at=moment)
    assert moment.astimezone(BEIJING).date() == event.day
    assert (moment.astimezone(dt.UTC) + dt.timedelta(hours=8)).date() == event.day


@given(moment=timestamps(aware=False))
def test_a_naive_timestamp_is_beijing_local_time(moment: dt.datetime) -> None:
    """For a naive timestamp, ``day`` is its own date."""
    assert moment.date() == MeetingHeld(id="m1", agency="a1", at=moment).day


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(
            '{"type": "online_service_items_enabled", "id": "o1", "agency": "a1", "at": "2018-10-01", '
            '"count": 3, "items": "abc"}',
            id="string for a list",
        ),
        pytest.param(
            '{"type": "items_published_counted", "id": "p1", "agency": "a1", "at": "2018-10-01", '
            '"count": 3, "channels": {"website": 1}}',
            id="object for a set",
        ),
    ],
)
def test_a_list_field_needs_a_json_array(line: str) -> None:
    """A string or an object where the wire form has an array is refused."""
    with pytest.raises(DecodeError):
        opengov.decode_line(line)


@pytest.mark.parametrize("version", ["true", "1.0", '"1"'])
def test_version_must_be_a_whole_number(version: str) -> None:
    """A schema version written as a boolean, a float or a string is refused, not read as 1."""
    line = '{"type": "meeting_held", "v": ' + version + ', "id": "m1", "agency": "a1", "at": "2024-01-05"}'
    with pytest.raises(DecodeError, match="'v' must be a positive integer"):
        opengov.decode_line(line)
