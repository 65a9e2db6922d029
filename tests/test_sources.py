"""Reading a SOURCE: a JSON Lines file or an event store, told apart by the file's first bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from opengov.codec import write_events
from opengov.errors import DecodeError
from opengov.events import Event, MeetingHeld, TrainingHeld
from opengov.sources import SQLITE_HEADER, is_store, read_events, read_records
from opengov.store import SQLiteStore
from opengov.wire import to_event

READERS = [pytest.param(read_events, id="events"), pytest.param(read_records, id="records")]


def sample() -> list[Event]:
    return [
        MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1)),
        TrainingHeld(id="t1", agency="a2", at=dt.date(2024, 1, 5), attendees=4),
        MeetingHeld(id="m2", agency="a1", at=dt.date(2023, 12, 31)),
    ]


def test_reads_a_jsonl_file_in_file_order(tmp_path: Path) -> None:
    """A JSON Lines file gives its events in line order."""
    path = tmp_path / "log.jsonl"
    write_events(sample(), path)
    assert sample() == list(read_events(path))


def test_reads_a_store_in_global_order_whatever_its_name(tmp_path: Path) -> None:
    """A SQLite store is recognised by content (here named .jsonl) and read in stored order."""
    path = tmp_path / "looks-like.jsonl"
    with SQLiteStore(path) as store:
        store.append(sample()[:2])
        store.append(sample()[2:])
    assert is_store(path)
    assert sample() == list(read_events(str(path)))


def test_a_store_is_closed_after_reading(tmp_path: Path) -> None:
    """Reading a store to the end releases it: it can be written again at once."""
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.append(sample())
    assert 3 == len(list(read_events(path)))
    with SQLiteStore(path) as store:
        store.append([MeetingHeld(id="m3", agency="a1", at=dt.date(2024, 5, 1))])
    assert 4 == len(list(read_events(path)))


@pytest.mark.parametrize("read", READERS)
def test_a_missing_file_raises_file_not_found_at_once(
    tmp_path: Path, read: Callable[..., Iterator[Any]]
) -> None:
    """A missing SOURCE fails when read_events (or read_records) is called, naming the file."""
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FileNotFoundError) as caught:
        read(missing)
    assert str(missing) == caught.value.filename


@pytest.mark.parametrize("read", READERS)
def test_a_bad_line_stops_the_read(tmp_path: Path, read: Callable[..., Iterator[Any]]) -> None:
    """JSON Lines are read strictly: the first bad line raises DecodeError naming the line."""
    path = tmp_path / "bad.jsonl"
    write_events(sample()[:1], path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"type": "meeting_held", oops\n')
    with pytest.raises(DecodeError) as caught:
        list(read(path))
    assert 2 == caught.value.errors[0].line


@pytest.mark.parametrize("agency", [None, "a1"])
@pytest.mark.parametrize("kind", ["file", "stream", "store"])
def test_records_are_the_events_as_wire_records(tmp_path: Path, kind: str, agency: str | None) -> None:
    """read_records gives what read_events gives, as wire records (not attrs events) where the fast path
    takes them, from a file, a stream and a store alike, of one agency or all."""
    path = tmp_path / "log.jsonl"
    write_events(sample(), path)
    if kind == "store":
        path = tmp_path / "log.db"
        with SQLiteStore(path) as store:
            store.append(sample())

    def source() -> Any:
        return io.BytesIO(path.read_bytes()) if kind == "stream" else path

    records = list(read_records(source(), agency=agency))
    assert list(read_events(source(), agency=agency)) == [to_event(r) for r in records]
    assert records
    assert not any(isinstance(r, Event) for r in records)


def test_a_short_or_empty_file_is_read_as_json_lines(tmp_path: Path) -> None:
    """A file shorter than the SQLite header, or starting differently, is JSON Lines."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    almost = tmp_path / "almost"
    almost.write_bytes(SQLITE_HEADER[:-1] + b"\n")
    assert (False, False) == (is_store(empty), is_store(almost))
    assert [] == list(read_events(empty))
