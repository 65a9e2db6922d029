"""The codec's less travelled roads, each with the exact answer written by hand: an id reused by a path, a
list and a one-shot stream; bytes that are not UTF-8; a truncated last line; several bad fields on one
line; the careful (cattrs) path taken for a line that is not a plain dict; writing to a path."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path

import pytest

from opengov import codec
from opengov.errors import DecodeError, EventValidationError, LineError
from opengov.events import (
    ApplicantKind,
    ApplicationChannel,
    ApplicationReceived,
    FeePaid,
    MeetingHeld,
)

M1 = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-04"}'
M1_SPACED = '{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2018-05-04"}'  # the same event
M1_OTHER = '{"type": "meeting_held", "v": 1, "id": "m1", "agency": "a1", "at": "2018-05-05"}'
M2 = '{"type": "meeting_held", "v": 1, "id": "m2", "agency": "a1", "at": "2018-06-04"}'
M3_OTHER = '{"type": "meeting_held", "v": 1, "id": "m2", "agency": "a2", "at": "2018-06-04"}'
REUSED = "event id {id!r} is used on line {line} for a different event; give each event its own id"


def _errors(errors: list[LineError]) -> list[tuple[int, str, str, str | None]]:
    return [(e.line, e.reason, e.source, e.event_id) for e in errors]


def test_an_id_reused_in_a_file_is_reported_at_each_later_line_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    lines = [M1, M2, M1_SPACED, "{oops", M1_OTHER, M3_OTHER, M1_OTHER]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    name = str(path)
    assert [
        (5, REUSED.format(id="m1", line=1), name, "m1"),
        (6, REUSED.format(id="m2", line=2), name, "m2"),
        (7, REUSED.format(id="m1", line=1), name, "m1"),
    ] == _errors(codec.validate_file(path))[1:]
    bad = codec.validate_file(path)[0]
    assert (4, True, name) == (bad.line, bad.reason.startswith("malformed JSON: "), bad.source)
    assert [5, 6, 7] == [e.line for e in codec.validate_file(name)][1:]


def test_an_id_reused_in_a_list_of_lines() -> None:
    """A list can be read twice: the same event written another way is no error; another event is."""
    lines = [M1 + "\n", M1_SPACED + "\n", M2 + "\n", M1_OTHER + "\n"]
    assert [(4, REUSED.format(id="m1", line=1), "<stream>", "m1")] == _errors(codec.validate_file(lines))
    assert [] == codec.validate_file([M1, M1_SPACED, M2])


def test_an_id_reused_in_a_one_shot_stream() -> None:
    """A stream is read once: events are compared by their wire form as they go, named by the stream."""
    stream = io.BytesIO("\n".join([M1, M1_SPACED, M2, M1_OTHER, M3_OTHER]).encode())
    stream.name = "in.jsonl"
    assert [
        (4, REUSED.format(id="m1", line=1), "in.jsonl", "m1"),
        (5, REUSED.format(id="m2", line=3), "in.jsonl", "m2"),
    ] == _errors(codec.validate_file(stream))
    generator = (line for line in [M1, M1_OTHER])
    assert [(2, REUSED.format(id="m1", line=1), "<stream>", "m1")] == _errors(codec.validate_file(generator))


def test_a_file_of_only_bad_lines_is_not_also_empty() -> None:
    assert [(1, "expected a JSON object, got list", "<stream>", None)] == _errors(
        codec.validate_file(["[1]"])
    )
    assert [(0, "the file holds no events", "<stream>", None)] == _errors(codec.validate_file(["", " "]))
    assert [] == codec.validate_file([M1])


def test_bytes_that_are_not_utf8_are_named_by_line_byte_and_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(M1.encode() + b"\n" + '{"type": "é"}'.encode("latin-1") + b"\n")
    assert [
        (2, "not UTF-8 text (byte 10): save the file as UTF-8", str(path), None),
    ] == _errors(codec.validate_file(path))


def test_a_truncated_last_line_says_so_and_a_complete_bad_line_does_not() -> None:
    truncated = codec.validate_file([M1 + "\n", '{"type": "meeting_held", "id'])
    assert [2] == [e.line for e in truncated]
    assert truncated[0].reason.startswith("malformed JSON: ")
    assert truncated[0].reason.endswith(" (the last line looks truncated)")
    complete = codec.validate_file([M1 + "\n", '{"type": "meeting_held", "id\n'])
    assert not complete[0].reason.endswith("truncated)")
    # an invalid event on a last line without a newline is no truncation
    invalid = codec.validate_file([M1 + "\n", '{"type": "meeting_held", "v": 1, "id": "m9"}'])
    assert [(2, "meeting_held: required field missing @ $.agency; required field missing @ $.at")] == [
        (e.line, e.reason) for e in invalid
    ]


def test_text_lines_are_read_like_bytes() -> None:
    events = codec.load_events([M1 + "\n", "\n", M2])
    assert ["m1", "m2"] == [e.id for e in events]
    assert [(1, "m1")] == [(n, e.id) for n, e in codec.enumerate_events(["\ufeff" + M1])]


def test_several_bad_fields_are_all_named() -> None:
    line = '{"type": "meeting_held", "v": 1, "id": 5, "agency": 6, "at": "2018-05-04"}'
    with pytest.raises(EventValidationError) as refused:
        codec.decode(json.loads(line))
    assert "meeting_held: expected str, got 5 @ $.id; expected str, got 6 @ $.agency" == str(refused.value)


def test_the_careful_path_builds_the_same_events() -> None:
    """A mapping that is not a plain dict skips the fast path: the cattrs converter gives the same event."""
    received = OrderedDict(
        type="application_received",
        v=1,
        id="e1",
        agency="a1",
        at="2024-03-01T09:30:00+08:00",
        application_id="A-1",
        channel="online",
        applicant="natural_person",
    )
    event = codec.decode(received)
    assert (
        ApplicationReceived(
            id="e1",
            agency="a1",
            at=dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            application_id="A-1",
            channel=ApplicationChannel.ONLINE,
            applicant=ApplicantKind.NATURAL_PERSON,
        )
        == event
    )
    assert event == codec.decode(dict(received))
    paid = OrderedDict(
        type="fee_paid", v=1, id="e2", agency="a1", at="2021-03-01", application_id="A", amount="12.50"
    )
    assert FeePaid(
        id="e2", agency="a1", at=dt.date(2021, 3, 1), application_id="A", amount=Decimal("12.50")
    ) == (codec.decode(paid))
    with pytest.raises(EventValidationError, match="'pigeon' is not one of "):
        codec.decode(OrderedDict(received, channel="pigeon"))


def test_writing_to_a_path_and_reading_it_back(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    events = [
        MeetingHeld(id="m1", agency="a1", at=dt.date(2018, 5, 4)),
        MeetingHeld(id="m2", agency="a1", at=dt.date(2018, 6, 4), title="培训"),
    ]
    assert 2 == codec.write_events(iter(events), path)
    assert (
        '{"type":"meeting_held","v":1,"id":"m1","agency":"a1","at":"2018-05-04","title":null}\n'
        '{"type":"meeting_held","v":1,"id":"m2","agency":"a1","at":"2018-06-04","title":"培训"}\n'
    ) == path.read_text(encoding="utf-8")
    assert events == codec.load_events(str(path))
    assert 0 == codec.write_events([], tmp_path / "empty.jsonl")
    assert b"" == (tmp_path / "empty.jsonl").read_bytes()


def test_a_one_shot_generator_is_compared_by_wire_form_not_read_twice() -> None:
    """The same event written two ways in a generator is no error (a second read would find it empty)."""
    assert [] == codec.validate_file(line for line in [M1, M1_SPACED, M2])


def test_errors_about_a_whole_path_name_the_path(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    assert [(0, "the file holds no events", str(empty), None)] == _errors(codec.validate_file(empty))
    reused = tmp_path / "reused.jsonl"
    reused.write_text(f"{M1}\n{M1_OTHER}\n", encoding="utf-8")
    assert [(2, REUSED.format(id="m1", line=1), str(reused), "m1")] == _errors(codec.validate_file(reused))


def test_enumerating_stops_at_the_first_bad_line_with_its_error() -> None:
    events = codec.enumerate_events([M1, "{oops", M2])
    assert (1, "m1") == (lambda n, e: (n, e.id))(*next(events))
    with pytest.raises(DecodeError) as bad:
        next(events)
    assert [2] == [e.line for e in bad.value.errors]


EXAMPLES = Path(__file__).parents[1] / "examples"
BAD_FIELDS = [
    ("meeting_held", {"at": "2024-13-01"}),
    ("meeting_held", {"at": 20240301}),
    ("meeting_held", {"id": 5}),
    ("meeting_held", {"title": True}),
    ("fee_paid", {"amount": 1.5}),
    ("fee_paid", {"amount": "1e3"}),
    ("fee_paid", {"amount": True}),
    ("application_concluded", {"disposition": "nonsense"}),
    ("application_concluded", {"on_the_spot": 1}),
    ("item_published", {"channels": "website"}),
    ("item_published", {"channels": ["website", "website"]}),
    ("item_published", {"channels": ["fax machine"]}),
    ("working_calendar_declared", {"holidays": ["2030-01-01T00:00:00+08:00"]}),
    ("working_calendar_declared", {"year": "2030"}),
    ("meeting_held", {"room": "101"}),  # a field the event does not have
    ("application_concluded", {"note": "x"}),  # the same, on an event with a narrowed enum field
]
BASES: dict[str, dict[str, object]] = {
    "meeting_held": {"id": "m", "agency": "a", "at": "2024-03-01"},
    "fee_paid": {"id": "f", "agency": "a", "at": "2024-03-01", "application_id": "A", "amount": "1"},
    "application_concluded": {
        "id": "c",
        "agency": "a",
        "at": "2024-03-01",
        "application_id": "A",
        "disposition": "disclosed",
    },
    "item_published": {
        "id": "i",
        "agency": "a",
        "at": "2024-03-01",
        "item_id": "x",
        "kind": "ordinary",
        "channels": ["website"],
    },
    "working_calendar_declared": {"id": "w", "agency": "a", "at": "2030-01-01", "year": 2030, "holidays": []},
}


def test_converters_built_afresh_agree_with_the_ones_built_at_import() -> None:
    """The converters are built when the codec is imported; two built in the test read and write every
    event of both example logs alike, and refuse each kind of bad field with the same words."""
    from opengov.events import EVENT_TYPES

    fast = codec._make_converter(detailed=False)
    detailed = codec._make_converter(detailed=True)
    seen = set()
    for name in ("wuzhong-kjj-2018.jsonl", "shifan-zrzyj-2024-2025.jsonl"):
        for line in (EXAMPLES / name).read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            event = codec.decode(obj)
            fields = {k: v for k, v in obj.items() if k not in ("type", "v")}
            cls = EVENT_TYPES[obj["type"]]
            assert event == fast.structure(fields, cls) == detailed.structure(fields, cls)
            wire = codec.converter.unstructure(event)
            assert wire == fast.unstructure(event) == detailed.unstructure(event)
            seen.add(obj["type"])
    assert len(seen) >= 30
    for tag, change in BAD_FIELDS:
        fields = {**BASES[tag], **change}
        cls = EVENT_TYPES[tag]
        for converter, reference in ((fast, codec.converter), (detailed, codec._detailed)):
            with pytest.raises(Exception) as mine:  # noqa: PT011 - compared with the reference below
                converter.structure(fields, cls)
            with pytest.raises(Exception) as theirs:  # noqa: PT011
                reference.structure(fields, cls)
            assert (type(theirs.value), "; ".join(codec._reasons(theirs.value))) == (
                type(mine.value),
                "; ".join(codec._reasons(mine.value)),
            ), (tag, change)


# --- money on the wire ------------------------------------------------------------------------------------


def _paid(amount: object) -> dict[str, object]:
    return {
        "type": "fee_paid",
        "v": 1,
        "id": "f",
        "agency": "a",
        "at": "2024-03-01",
        "application_id": "A",
        "amount": amount,
    }


def test_money_is_read_from_digits_or_a_bare_integer_never_a_float() -> None:
    """The module's promise: "12.50" exact, a bare integer accepted, a JSON float or a bool refused with the
    figure it got."""
    assert Decimal("12.50") == codec.decode(_paid("12.50")).amount  # type: ignore[attr-defined]
    whole = codec.decode(_paid(125)).amount  # type: ignore[attr-defined]
    assert (Decimal(125), Decimal) == (whole, type(whole))
    for number, shown in ((12.5, "12.5"), (True, "True")):
        with pytest.raises(EventValidationError) as refused:
            codec.decode(_paid(number))
        assert (
            f'fee_paid: money must be a string such as "12.50", not the JSON number {shown} @ $.amount'
            == str(refused.value)
        )


def test_money_is_written_as_plain_digits() -> None:
    """No exponent whatever the Decimal's own form: 1E+2 yuan is written "100", 0E-2 is "0.00", and a
    negative zero is "0"."""

    def written(amount: str) -> object:
        paid = FeePaid(id="f", agency="a", at=dt.date(2024, 3, 1), application_id="A", amount=Decimal(amount))
        return codec.encode(paid)["amount"]

    assert ["100", "0.00", "0", "12.50", "0.0000001"] == [
        written(a) for a in ("1E+2", "0E-2", "-0", "12.50", "1E-7")
    ]


def test_a_bad_line_of_a_named_stream_is_named_by_the_stream() -> None:
    stream = io.BytesIO(f"{M1}\n{{oops\n".encode())
    stream.name = "upload.jsonl"
    [error] = codec.validate_file(stream)
    assert (2, "upload.jsonl") == (error.line, error.source)
    stream.seek(0)
    with pytest.raises(DecodeError) as bad:
        codec.load_events(stream)
    assert [(2, "upload.jsonl")] == [(e.line, e.source) for e in bad.value.errors]


# --- the fast path builds the events by itself ------------------------------------------------------------


def test_the_fast_structurer_builds_every_example_event_by_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """``decode`` tries a generated structurer first and falls back to cattrs when it raises; the fallback
    hides a broken fast path (the same events, much slower). Here the generated structurer alone builds
    every event of both example logs, the same as ``decode``, and one whose defaulted fields are left out;
    and it raises on an extra field and on each kind of bad field. The structurers are generated in this
    test (none cached by an earlier one)."""
    from opengov.events import EVENT_TYPES

    monkeypatch.setattr(codec, "_FAST", {})

    seen = set()
    for name in ("wuzhong-kjj-2018.jsonl", "shifan-zrzyj-2024-2025.jsonl"):
        for line in (EXAMPLES / name).read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            cls = EVENT_TYPES[obj["type"]]
            assert codec.decode(dict(obj)) == codec._fast_structurer(cls)(obj)
            seen.add(obj["type"])
    assert len(seen) >= 30
    bare = {"type": "application_concluded", "v": 1, **BASES["application_concluded"]}  # no on_the_spot
    built = codec._fast_structurer(EVENT_TYPES["application_concluded"])(bare)
    assert (False, "disclosed") == (built.on_the_spot, built.disposition.value)  # type: ignore[attr-defined]
    for tag, change in BAD_FIELDS:
        with pytest.raises(Exception):  # noqa: B017, PT011 - any failure sends decode to the careful path
            codec._fast_structurer(EVENT_TYPES[tag])({"type": tag, "v": 1, **BASES[tag], **change})


REFUSALS = {
    ("meeting_held", "at", "2024-13-01"): "'2024-13-01' is not an ISO 8601 date or timestamp @ $.at",
    ("meeting_held", "at", 20240301): "expected an ISO 8601 date string, got 20240301 @ $.at",
    ("meeting_held", "id", 5): "expected str, got 5 @ $.id",
    ("fee_paid", "amount", "1e3"): "'1e3' is not an amount of money: write digits, e.g. \"12.50\" @ $.amount",
    ("application_concluded", "on_the_spot", 1): "expected bool, got 1 @ $.on_the_spot",
    ("item_published", "channels", "website"): "expected a JSON array, got 'website' @ $.channels",
    ("item_published", "channels", ("website", "website")): (
        "the array ['website', 'website'] names an item twice @ $.channels"
    ),
    ("item_published", "channels", ("fax machine",)): (
        "'fax machine' is not one of gazette, website, weibo, wechat, other @ $.channels"
    ),
    ("working_calendar_declared", "holidays", ("2030-01-01T00:00:00+08:00",)): (
        "expected a date, not the timestamp '2030-01-01T00:00:00+08:00' @ $.holidays"
    ),
    ("working_calendar_declared", "year", "2030"): "expected int, got '2030' @ $.year",
    ("meeting_held", "room", "101"): "extra fields found (room) @ $",
}


@pytest.mark.parametrize(("where", "reason"), list(REFUSALS.items()), ids=lambda x: str(x)[:40])
def test_each_bad_field_is_refused_naming_the_value_and_the_field(
    where: tuple[str, str, object], reason: str
) -> None:
    """The words a user reads, written by hand: the value found, what was expected, and where."""
    tag, field, value = where
    wire = list(value) if isinstance(value, tuple) else value
    with pytest.raises(EventValidationError) as refused:
        codec.decode({"type": tag, "v": 1, **BASES[tag], field: wire})
    assert f"{tag}: {reason}" == str(refused.value)


def test_a_line_without_a_type_says_so_exactly() -> None:
    with pytest.raises(EventValidationError) as refused:
        codec.decode({"id": "m1", "agency": "a1", "at": "2018-05-04"})
    assert "missing field 'type'" == str(refused.value)
