"""The append-time guard: what the log already holds decides whether a new event may join it.

Stores only store; this guard sits in front of them, on every path opengov appends by
(:func:`opengov.store.import_jsonl`, :func:`opengov.store.append_checked`, ``opengov events import`` and
``opengov report --file``). It refuses:

- an event dated inside a period whose report is filed (``ReportFiled``), when the agency has declared
  (``FiledPeriodPolicyDeclared``, the latest one in log order) that it refuses such events; the error
  names the event, the filing and the declaration. Under the default policy such an event is stored and
  becomes a revision of the filed figures (:mod:`opengov.filing`);
- a correction or retraction naming an event the log does not hold before it, an event of another
  agency, or a filing, policy or correction (which are never corrected).

Events already in the log (the same id) are not judged again: appending them is a no-op or a duplicate-id
error, which is the store's to say.
"""

from __future__ import annotations

__all__ = ["FiledPeriodGuard", "check_append"]

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from opengov.errors import AppendRefusedError, FiledPeriodError
from opengov.events import (
    RECORD_TAGS,
    EventCorrected,
    EventRetracted,
    FiledPeriodPolicy,
    FiledPeriodPolicyDeclared,
    ReportFiled,
    WorkingCalendarDeclared,
)

_NEVER_REFUSED = RECORD_TAGS - {EventCorrected.TAG, EventRetracted.TAG} | {WorkingCalendarDeclared.TAG}


@attrs.define
class _Known:
    agency: str
    tag: str
    day: _dt.date


@attrs.define
class FiledPeriodGuard:
    """The state the guard keeps of a log: its filed periods, policies and events (by id).

    Feed it the log with :meth:`observe`, then pass each new event to :meth:`check` (which observes it
    when it is accepted, so a filing earlier in the same batch counts for later events).
    """

    _filed: dict[str, list[tuple[_dt.date, _dt.date, str]]] = attrs.field(factory=dict)
    _policy: dict[str, tuple[FiledPeriodPolicy, str]] = attrs.field(factory=dict)
    _known: dict[str, _Known] = attrs.field(factory=dict)
    _read: Callable[[str | None], Iterable[Any]] | None = attrs.field(default=None, kw_only=True)
    _read_agencies: set[str] = attrs.field(factory=set, init=False)
    _read_all: bool = attrs.field(default=False, init=False)

    @classmethod
    def reading(cls, read: Callable[[str | None], Iterable[Any]]) -> FiledPeriodGuard:
        """A guard that reads the log itself, one agency's stream when it first meets an event of that
        agency (``read(agency)``), and the whole log (``read(None)``) only to look up a correction's
        target held by another agency; so appending to a large store reads the streams the batch touches,
        not the store."""
        return cls(read=read)

    def _ensure(self, agency: str | None) -> None:
        if self._read is None or self._read_all:
            return
        if agency is None:
            for event in self._read(None):
                if event.agency not in self._read_agencies:
                    self.observe(event)
            self._read_all = True
        elif agency not in self._read_agencies:
            self._read_agencies.add(agency)
            for event in self._read(agency):
                self.observe(event)

    @classmethod
    def of(cls, log: Iterable[Any]) -> FiledPeriodGuard:
        """The guard of ``log`` (events or wire records, in log order)."""
        guard = cls()
        for event in log:
            guard.observe(event)
        return guard

    def checked(self, new: Iterable[Any], *, where: str | None = None) -> Iterator[Any]:
        """The events of ``new``, each checked (:meth:`check`) as it passes."""
        for event in new:
            self.check(event, where=where)
            yield event

    def observe(self, event: Any) -> None:
        """Take an event of the log into account."""
        tag = event.TAG
        self._known.setdefault(event.id, _Known(event.agency, tag, event.day))
        if tag == ReportFiled.TAG:
            self._filed.setdefault(event.agency, []).append((event.period_start, event.period_end, event.id))
        elif tag == FiledPeriodPolicyDeclared.TAG:
            self._policy[event.agency] = (FiledPeriodPolicy(event.policy), event.id)

    def check(self, event: Any, *, where: str | None = None) -> None:
        """Refuse ``event`` if the log so far does not admit it; else observe it.

        Raises:
            FiledPeriodError: the event is dated inside a filed period of an agency that refuses such
                events.
            AppendRefusedError: a correction or retraction names an event it may not.
        """
        self._ensure(event.agency)
        if event.id in self._known:
            return
        tag = event.TAG
        days = [event.day]
        if tag in (EventCorrected.TAG, EventRetracted.TAG):
            days = self._correction_days(event, where)
        if tag not in _NEVER_REFUSED:
            for day in days:
                self._refuse_if_filed(event, day, where)
        self.observe(event)

    def _correction_days(self, event: Any, where: str | None) -> list[_dt.date]:
        """The days a correction changes: its target's, and its replacement's."""
        target_id = event.corrects if event.TAG == EventCorrected.TAG else event.retracts
        target = self._known.get(target_id)
        if target is None:
            self._ensure(None)
            target = self._known.get(target_id)
        what = "corrects" if event.TAG == EventCorrected.TAG else "retracts"
        if target is None:
            raise AppendRefusedError(
                event.id, f"event {event.id!r} {what} {target_id!r}, which the log does not hold", where=where
            )
        if target.agency != event.agency:
            raise AppendRefusedError(
                event.id,
                f"event {event.id!r} of agency {event.agency!r} {what} {target_id!r} of agency "
                f"{target.agency!r}: an agency corrects only its own events",
                where=where,
            )
        if target.tag in RECORD_TAGS:
            raise AppendRefusedError(
                event.id,
                f"event {event.id!r} {what} {target_id!r}, a {target.tag} event: filings, policies and "
                "corrections are never corrected (file again, declare again, or correct the original)",
                where=where,
            )
        if event.TAG == EventCorrected.TAG:
            return [target.day, event.replacement.day]
        return [target.day]

    def _refuse_if_filed(self, event: Any, day: _dt.date, where: str | None) -> None:
        policy = self._policy.get(event.agency)
        if policy is None or policy[0] is not FiledPeriodPolicy.REFUSE:
            return
        verb = "touches" if event.TAG in (EventCorrected.TAG, EventRetracted.TAG) else "falls in"
        for start, end, filing_id in self._filed.get(event.agency, ()):
            if start <= day <= end:
                raise FiledPeriodError(
                    event.id,
                    f"event {event.id!r} ({event.TAG}, {day.isoformat()}) {verb} the period "
                    f"{start.isoformat()} to {end.isoformat()} whose report is filed (event {filing_id!r}), "
                    f"and agency {event.agency!r} refuses such events (event {policy[1]!r}); date it after "
                    "the period, or declare the accept policy to count it as a revision",
                    filing_id=filing_id,
                    policy_id=policy[1],
                    where=where,
                )


def check_append(existing: Iterable[Any], new: Iterable[Any]) -> None:
    """Refuse the batch ``new`` if the log ``existing`` (in log order) does not admit one of its events.

    >>> import datetime as dt
    >>> from opengov.events import FiledPeriodPolicy, FiledPeriodPolicyDeclared, MeetingHeld, ReportFiled
    >>> from opengov.events import FiledCell
    >>> log = [
    ...     ReportFiled(id="f2024", agency="a1", at=dt.date(2025, 1, 20), period_start=dt.date(2024, 1, 1),
    ...                 period_end=dt.date(2024, 12, 31), report_format="gov2021", position=0,
    ...                 cells=[FiledCell(row="applications.new", column="total", value="0")]),
    ...     FiledPeriodPolicyDeclared(id="p1", agency="a1", at=dt.date(2025, 1, 20),
    ...                               policy=FiledPeriodPolicy.REFUSE),
    ... ]
    >>> check_append(log, [MeetingHeld(id="m1", agency="a1", at=dt.date(2025, 2, 1))])
    >>> try:
    ...     check_append(log, [MeetingHeld(id="m0", agency="a1", at=dt.date(2024, 12, 30))])
    ... except FiledPeriodError as error:
    ...     print(error.event_id, error.filing_id, error.policy_id)
    m0 f2024 p1

    Raises:
        FiledPeriodError: an event is dated inside a filed period its agency refuses events in.
        AppendRefusedError: a correction or retraction names an event it may not.
    """
    guard = FiledPeriodGuard.of(existing)
    for event in new:
        guard.check(event)
