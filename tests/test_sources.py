"""Reading a SOURCE: a JSON Lines file or an event store, told apart by the file's first bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from opengov.codec import write_events
from opengov.errors import DecodeError
from opengov.events import Event, MeetingHeld, TrainingHeld
from opengov.sources import SQLITE_HEADER, is_store, read_events
from opengov.store import SQLiteStore


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


def test_a_missing_file_raises_file_not_found_at_once(tmp_path: Path) -> None:
    """A missing SOURCE fails when read_events is called, naming the file."""
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FileNotFoundError) as caught:
        read_events(missing)
    assert str(missing) == caught.value.filename


def test_a_bad_line_stops_the_read(tmp_path: Path) -> None:
    """JSON Lines are read strictly: the first bad line raises DecodeError naming the line."""
    path = tmp_path / "bad.jsonl"
    write_events(sample()[:1], path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"type": "meeting_held", oops\n')
    with pytest.raises(DecodeError) as caught:
        list(read_events(path))
    assert 2 == caught.value.errors[0].line


def test_a_short_or_empty_file_is_read_as_json_lines(tmp_path: Path) -> None:
    """A file shorter than the SQLite header, or starting differently, is JSON Lines."""
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    almost = tmp_path / "almost"
    almost.write_bytes(SQLITE_HEADER[:-1] + b"\n")
    assert (False, False) == (is_store(empty), is_store(almost))
    assert [] == list(read_events(empty))
