"""Which road a line takes through the codec, each checked where it can be told apart.

A valid line of the current schema version is read straight from its bytes by the structurer generated
for its type, without cattrs; an older line or a mapping that is not a plain dict by the fast cattrs
converter; only a line that fails is explained by the detailed converter. A file that can be read again
is compared by its raw text, a one-shot stream by each event's canonical line. Every road gives the same
events and errors (tests/test_codec*.py): here each is held to being the road taken, so that a road
quietly closed (every line sent the slow way) shows."""

from __future__ import annotations

import datetime as dt
import enum
import io
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

from opengov import codec
from opengov.errors import DecodeError, EventValidationError, LineError
from opengov.events import Event, MeetingHeld
from test_codec_exact import WRITTEN

M1 = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04"}'
M1_SPACED = '{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2018-05-04"}'  # the same event
M2 = '{"type": "meeting_held", "v": 1, "id": "m2", "agency": "a1", "at": "2018-06-04"}'


class _EventsRefused:
    """A stand-in for a cattrs converter that fails the test when asked to build an event (a record inside
    an event, such as a filed report's cell, it still builds)."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def structure(self, obj: Any, cls: Any) -> Any:
        if isinstance(cls, type) and issubclass(cls, Event):
            raise AssertionError(f"cattrs was asked to build a {cls.__name__}")
        return self.real.structure(obj, cls)


def test_a_valid_current_line_is_built_without_cattrs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every exact line of tests/test_codec_exact.py, and one without ``v`` (version 1), is decoded with
    both cattrs converters refusing to build events."""
    monkeypatch.setattr(codec, "_FAST", {})
    monkeypatch.setattr(codec, "converter", _EventsRefused(codec.converter))
    monkeypatch.setattr(codec, "_detailed", _EventsRefused(codec._detailed))
    for event, line in WRITTEN:
        assert event == codec.decode_line(line)
    no_version = '{"type": "meeting_held", "id": "m1", "agency": "a1", "at": "2018-05-04"}'
    assert MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 5, 4)) == codec.decode_line(no_version)
    assert ["m1", "m2"] == [e.id for e in codec.load_events([M1, M2])]


@pytest.fixture
def meeting_v3(monkeypatch: pytest.MonkeyPatch) -> None:
    """MeetingHeld at a test-only version 3: v1 called ``title`` ``name``, v2 called it ``topic``."""
    monkeypatch.setattr(MeetingHeld, "VERSION", 3)
    monkeypatch.setattr(codec, "_UPCASTERS", dict(codec._UPCASTERS))

    def rename(old: str, new: str) -> codec.Upcaster:
        def step(fields: dict[str, object]) -> dict[str, object]:
            fields = dict(fields)
            if old in fields:
                fields[new] = fields.pop(old)
            return fields

        return step

    codec.register_upcaster("meeting_held", 1)(rename("name", "topic"))
    codec.register_upcaster("meeting_held", 2)(rename("topic", "title"))


@pytest.mark.usefixtures("meeting_v3")
def test_an_old_line_climbs_every_step_to_the_current_version() -> None:
    """v1 → v2 → v3: each step runs once, in order (a step skipped leaves a field the event lacks)."""
    want = MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 5, 4), title="专题会")
    v1 = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04", "name": "专题会"}'
    v2 = '{"type": "meeting_held", "v": 2, "id": "m1", "agency": "a1", "at": "2018-05-04", "topic": "专题会"}'
    v3 = '{"type": "meeting_held", "v": 3, "id": "m1", "agency": "a1", "at": "2018-05-04", "title": "专题会"}'
    assert [want, want, want] == [codec.decode_line(line) for line in (v1, v2, v3)]
    assert 3 == codec.encode(want)["v"]


@pytest.mark.usefixtures("meeting_v3")
def test_an_old_line_is_built_by_the_fast_converter_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The detailed converter only explains a line that failed: an upcast line, or a mapping that is not a
    plain dict, is built by the fast converter."""
    monkeypatch.setattr(codec, "_detailed", _EventsRefused(codec._detailed))
    v1 = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04", "name": "专题会"}'
    assert "专题会" == codec.decode_line(v1).title  # type: ignore[attr-defined]
    ordered = OrderedDict(type="meeting_held", v=3, id="m1", agency="a1", at="2018-05-04")
    assert MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 5, 4)) == codec.decode(ordered)


def test_a_type_that_is_not_text_names_no_event_type() -> None:
    """A ``type`` that is a list or an object (which no dict lookup could take) is an unknown event type."""
    for tag, shown in ((["meeting_held"], "['meeting_held']"), ({"a": 1}, "{'a': 1}"), (7, "7")):
        with pytest.raises(EventValidationError) as refused:
            codec.decode({"type": tag, "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04"})
        assert f"unknown event type {shown}" == str(refused.value)
        with pytest.raises(EventValidationError) as again:
            codec.decode(OrderedDict(type=tag, v=1, id="m1"))
        assert f"unknown event type {shown}" == str(again.value)


def test_decode_line_names_line_1_of_a_string_unless_told() -> None:
    with pytest.raises(DecodeError) as malformed:
        codec.decode_line("{oops")
    [error] = malformed.value.errors
    assert (1, "<string>", None) == (error.line, error.source, error.event_id)
    assert error.reason.startswith("malformed JSON: ")
    with pytest.raises(DecodeError) as invalid:
        codec.decode_line('{"type": "meeting_held", "id": "m1", "agency": "a1"}')
    assert [
        LineError(1, "meeting_held: required field missing @ $.at", "<string>", "m1")
    ] == invalid.value.errors
    with pytest.raises(DecodeError) as told:
        codec.decode_line('{"type": "meeting_held", "id": "m1"}', line_no=7, source="log.jsonl")
    assert [(7, "log.jsonl")] == [(e.line, e.source) for e in told.value.errors]


def test_an_id_that_is_not_text_is_not_named_as_the_event() -> None:
    for event_id in ("5", "true", '["m1"]'):
        line = '{"type": "meeting_held", "v": 1, "id": ' + event_id + ', "agency": "a1", "at": "2018-05-04"}'
        with pytest.raises(DecodeError) as bad:
            codec.decode_line(line)
        assert [None] == [e.event_id for e in bad.value.errors]


def test_only_a_doubtful_line_is_looked_at_carefully(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid line is parsed straight from its bytes; a blank, malformed or invalid one goes to the careful
    reading, which gives its error (or skips it)."""
    careful: list[int] = []
    scan_line = codec._scan_line

    def watched(number: int, raw: bytes | str, name: str) -> Event | LineError | None:
        careful.append(number)
        return scan_line(number, raw, name)

    monkeypatch.setattr(codec, "_scan_line", watched)
    lines = [M1 + "\n", "\n", M2 + "\n", "{oops\n", '{"type": "meeting_held"}\n']
    errors = codec.validate_file([line.encode() for line in lines])
    assert [4, 5] == [e.line for e in errors]
    assert [2, 4, 5] == careful


def _counting_encode_line(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    encoded: list[str] = []
    encode_line = codec.encode_line

    def counted(event: Event) -> str:
        encoded.append(event.id)
        return encode_line(event)

    monkeypatch.setattr(codec, "encode_line", counted)
    return encoded


def test_a_file_that_can_be_read_again_is_compared_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path or a list is not re-encoded line by line: only an id seen with other text is, the first line
    and the repeat; a one-shot stream has each event encoded as it goes."""
    encoded = _counting_encode_line(monkeypatch)
    path = tmp_path / "log.jsonl"
    path.write_text(f"{M1}\n{M2}\n", encoding="utf-8")
    assert ([], []) == (codec.validate_file(path), encoded)
    assert ([], []) == (codec.validate_file(str(path)), encoded)
    assert ([], []) == (codec.validate_file([M1, M2]), encoded)
    assert [] == codec.validate_file([M1, M1_SPACED, M2])
    assert ["m1", "m1"] == encoded
    encoded.clear()
    assert [] == codec.validate_file(io.BytesIO(f"{M1}\n{M2}\n".encode()))
    assert ["m1", "m2"] == encoded


def test_a_stream_whose_iterator_is_another_object_is_still_read_once() -> None:
    """A spooled temporary file (what web frameworks hand over for an upload) has ``read`` but iterates
    through another object: it is a stream all the same, so the same event written two ways is no error."""
    with tempfile.SpooledTemporaryFile() as upload:
        upload.write(f"{M1}\n{M1_SPACED}\n{M2}\n".encode())
        upload.seek(0)
        assert [] == codec.validate_file(upload)  # type: ignore[arg-type]


class _Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def test_the_converters_read_an_enum_that_is_not_a_str_enum_by_value() -> None:
    """Every opengov enum is a StrEnum, but the converters (public: ``codec.converter``) read any Enum by
    its value and refuse another value naming the accepted ones, like the event enums."""
    for converter in (codec._make_converter(detailed=False), codec._make_converter(detailed=True)):
        assert _Colour.BLUE is converter.structure("blue", _Colour)
        with pytest.raises(EventValidationError) as refused:
            converter.structure("green", _Colour)
        assert "'green' is not one of red, blue" == str(refused.value)


def test_the_generated_structurer_refuses_an_extra_field_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated structurer's own check of the keys raises the codec's error (which ``decode`` then
    explains field by field), not an error of the generated code."""
    monkeypatch.setattr(codec, "_FAST", {})
    line = {"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04", "room": "101"}
    with pytest.raises(EventValidationError) as refused:
        codec._fast_structurer(MeetingHeld)(line)
    assert "extra fields" == str(refused.value)
    with pytest.raises(EventValidationError) as explained:
        codec.decode(line)
    assert "meeting_held: extra fields found (room) @ $" == str(explained.value)
