"""The append guard reads the streams a batch touches, not the whole store: an agency's app appending one
event to a platform's store of many agencies must not replay every agency's log first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from tests.test_filing import _filed_log, _policy

from opengov.codec import encode_line
from opengov.errors import AppendRefusedError, FiledPeriodError
from opengov.events import EventRetracted, FiledPeriodPolicy, MeetingHeld
from opengov.store import MemoryStore, StoredEvent, append_checked, import_jsonl


class _CountingStore(MemoryStore):
    """A memory store that records which streams were read (``None`` for the whole log)."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str | None] = []

    def read(
        self, *, agency: str | None = None, after: int = 0, until: int | None = None
    ) -> Iterator[StoredEvent]:
        self.reads.append(agency)
        return super().read(agency=agency, after=after, until=until)


def _meeting(id: str, agency: str, day: dt.date) -> MeetingHeld:
    return MeetingHeld(id=id, agency=agency, at=day)


def _store() -> _CountingStore:
    store = _CountingStore()
    store.append([_meeting(f"m{n}", f"a{n % 5}", dt.date(2024, 1, 1 + n)) for n in range(20)])
    store.reads.clear()
    return store


def test_append_checked_reads_only_the_batch_agency() -> None:
    store = _store()
    append_checked(store, [_meeting("new", "a3", dt.date(2025, 1, 2))])
    assert store.reads == ["a3"]


def test_import_reads_only_the_file_agencies() -> None:
    store = _store()
    lines = [encode_line(_meeting(f"n{n}", agency, dt.date(2025, 1, 2))) for n, agency in enumerate("ab")]
    # agencies "a" and "b" are new to the store; a1 is not touched
    assert import_jsonl(store, [line.encode() for line in lines]) == 2
    assert None not in store.reads
    assert "a1" not in store.reads


def test_a_refusal_still_sees_the_agency_filing_and_policy_through_its_stream() -> None:
    """Agency a1 filed 2024 and refuses late events: a 2024 event of a1 is refused after reading a1's stream
    only, while another agency's 2024 event is accepted after reading its own."""
    store = _CountingStore()
    store.append([*_filed_log(), _policy(FiledPeriodPolicy.REFUSE)])  # type: ignore[list-item]
    store.append([_meeting("o1", "other", dt.date(2024, 5, 1))])
    store.reads.clear()
    with pytest.raises(FiledPeriodError):
        append_checked(store, [_meeting("late", "a1", dt.date(2024, 6, 1))])
    append_checked(store, [_meeting("fine", "other", dt.date(2024, 6, 1))])
    assert store.reads == ["a1", "other"]


def test_a_correction_of_another_agency_event_is_found_by_one_whole_read() -> None:
    store = _store()
    with pytest.raises(AppendRefusedError, match="of agency 'a1'"):
        append_checked(store, [EventRetracted(id="k", agency="a2", at=dt.date(2025, 1, 2), retracts="m1")])
    assert store.reads == ["a2", None]
    with pytest.raises(AppendRefusedError, match="does not hold"):
        append_checked(
            store, [EventRetracted(id="k", agency="a2", at=dt.date(2025, 1, 2), retracts="nowhere")]
        )
