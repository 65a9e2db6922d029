"""Corrections: the log as its corrections and retractions say it should read.

The log is never edited. An event entered wrongly is corrected by appending an
:class:`~opengov.events.EventCorrected` (holding the event as it should have been, under the same id) or
retracted by appending an :class:`~opengov.events.EventRetracted`. :func:`corrected_log` reads the log
with those applied: a corrected event's replacement stands at the original's place in log order, a
retracted event is left out, and the last correction or retraction of an event wins. Tables and reports
are folds of the corrected log.

>>> import datetime as dt
>>> from opengov.events import EventCorrected, EventRetracted, MeetingHeld
>>> log = [
...     MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 1)),
...     MeetingHeld(id="m2", agency="a1", at=dt.date(2024, 4, 1)),
...     EventCorrected(
...         id="c1", agency="a1", at=dt.date(2024, 5, 1), corrects="m1",
...         replacement=MeetingHeld(id="m1", agency="a1", at=dt.date(2024, 3, 2), title="专题会议"),
...     ),
...     EventRetracted(id="r1", agency="a1", at=dt.date(2024, 5, 1), retracts="m2"),
... ]
>>> [(e.id, e.day.isoformat()) for e in corrected_log(log) if e.TAG == "meeting_held"]
[('m1', '2024-03-02')]
"""

from __future__ import annotations

__all__ = ["CORRECTION_TAGS", "corrected_log", "correction_target"]

from collections.abc import Iterable
from typing import Any

from opengov.events import RECORD_TAGS, EventCorrected, EventRetracted

CORRECTION_TAGS = frozenset({EventCorrected.TAG, EventRetracted.TAG})
"""The wire tags of the events that correct or retract another event."""


def correction_target(event: Any) -> str | None:
    """The id of the event ``event`` corrects or retracts (``None`` for any other event)."""
    tag = event.TAG
    if tag == EventCorrected.TAG:
        return str(event.corrects)
    if tag == EventRetracted.TAG:
        return str(event.retracts)
    return None


def corrected_log(events: Iterable[Any]) -> list[Any]:
    """The log with its corrections applied, in log order.

    A corrected event is replaced, at its own place, by the replacement of its last correction; a
    retracted event (whose last correction or retraction is a retraction) is left out. A correction or
    retraction naming an event that is not in the log before it, or that is itself a filing, a policy
    or a correction, changes nothing (:func:`opengov.store.check_append` refuses such at append). The
    correction and retraction events stay in the returned log; folds count nothing for them.

    Args:
        events: the log in log order (events or wire records).

    Returns:
        A new list; the log itself when it holds no correction.
    """
    log = events if isinstance(events, list) else list(events)
    if not any(e.TAG in CORRECTION_TAGS for e in log):
        return log
    seen: dict[str, Any] = {}
    last: dict[str, Any] = {}  # event id -> its last correction or retraction
    for event in log:
        target = correction_target(event)
        if target is None:
            seen.setdefault(event.id, event)
            continue
        original = seen.get(target)
        if original is not None and original.TAG not in RECORD_TAGS and original.agency == event.agency:
            last[target] = event
    if not last:
        return log
    out: list[Any] = []
    for event in log:
        decision = last.get(event.id)
        if decision is None or event.TAG in RECORD_TAGS:
            out.append(event)
        elif decision.TAG == EventCorrected.TAG:
            out.append(decision.replacement)
    return out
