"""The exceptions opengov raises, all under :class:`OpengovError`.

Each message names the input (file and line, stream position, event id) and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "AppendRefusedError",
    "CalendarDataMissingError",
    "ConcurrencyConflictError",
    "DecodeError",
    "DuplicateEventIdError",
    "EventValidationError",
    "FiledPeriodError",
    "LineError",
    "OpengovError",
    "RuleViolationError",
    "StoreError",
    "excerpt",
]

import attrs

_EXCERPT = 80


def excerpt(value: object, limit: int = _EXCERPT) -> str:
    """``repr(value)``, cut to about ``limit`` characters so one huge value never floods a message.

    >>> excerpt("局" * 3)
    "'局局局'"
    >>> excerpt("x" * 10_000, limit=20)
    "'xxxxxxxxxxxxxxxxxxx… (a str of 10000 characters)"
    >>> import datetime as dt
    >>> excerpt(dt.datetime(2024, 12, 31, 10, 0), limit=20)
    'datetime.datetime(20… (a datetime, 38 characters written out)'
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    kind = type(value).__name__
    if isinstance(value, str):
        return f"{text[:limit]}… (a {kind} of {len(value)} characters)"
    if isinstance(value, bytes):
        return f"{text[:limit]}… (a {kind} of {len(value)} bytes)"
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return f"{text[:limit]}… (a {kind} of {len(value)} items)"
    return f"{text[:limit]}… (a {kind}, {len(text)} characters written out)"  # a date, an object: no size


class OpengovError(Exception):
    """Base class of every error opengov raises on purpose."""


class EventValidationError(OpengovError, ValueError):
    """An event was built with an invalid value (empty id, negative count, float money, …)."""


_REASON = 2000


def _bounded(reason: object) -> str:
    text = str(reason)
    if len(text) <= _REASON:
        return text
    return f"{text[:_REASON]}… (the message was cut: {len(text)} characters in all)"


@attrs.frozen
class LineError:
    """One bad line of an event file: where it is and why it was refused.

    Its ``reason`` is kept to a bounded length, so a line holding one huge value never floods a terminal.

    Attributes:
        line: 1-based line number in the file.
        reason: what is wrong, naming the field where there is one.
        source: the file name, or ``"<string>"``.
        event_id: the line's ``id`` when it could be read, else ``None``.
    """

    line: int
    reason: str = attrs.field(converter=_bounded)
    source: str = "<string>"
    event_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        if self.event_id:
            where += f" (event {self.event_id!r})"
        return f"{where}: {self.reason}"


class DecodeError(OpengovError, ValueError):
    """One or more lines of an event file could not be decoded.

    Attributes:
        errors: every bad line found (one in strict mode, all of them in collecting mode).
    """

    def __init__(self, errors: list[LineError]) -> None:
        self.errors = list(errors)
        first = str(self.errors[0]) if self.errors else "no detail"
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        super().__init__(first + more)


class StoreError(OpengovError):
    """The event store refused an operation or is unusable."""


class ConcurrencyConflictError(StoreError):
    """An append expected a stream version that another writer has already moved past.

    Reload the agency's stream, decide again, and retry with the new version.
    """

    def __init__(self, agency: str, expected: int, actual: int) -> None:
        self.agency = agency
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream of agency {agency!r} is at version {actual}, not the expected {expected}: "
            "another writer appended first; reload and retry"
        )


class DuplicateEventIdError(StoreError):
    """A different event was appended under an id that is already stored."""

    def __init__(self, event_id: str, position: int | None = None, *, where: str | None = None) -> None:
        self.event_id = event_id
        self.position = position
        self.where = where
        at = f" at position {position}" if position is not None else ""
        prefix = f"{where}: " if where else ""
        super().__init__(
            f"{prefix}event id {event_id!r} is already stored{at} with different content; "
            "event ids are permanent: give the new event a new id"
        )


class AppendRefusedError(StoreError, ValueError):
    """An event was refused at append for what the log already holds (nothing of its batch is stored).

    Attributes:
        event_id: the refused event's id.
        where: the file and line it came from, when known.
    """

    def __init__(self, event_id: str, message: str, *, where: str | None = None) -> None:
        self.event_id = event_id
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class FiledPeriodError(AppendRefusedError):
    """An event dated inside a filed period, refused because the agency declared it refuses such events.

    Attributes:
        event_id: the refused event's id.
        filing_id: the id of the ``ReportFiled`` event of the period.
        policy_id: the id of the ``FiledPeriodPolicyDeclared`` event that asks for refusal.
    """

    def __init__(
        self, event_id: str, message: str, *, filing_id: str, policy_id: str, where: str | None = None
    ) -> None:
        self.filing_id = filing_id
        self.policy_id = policy_id
        super().__init__(event_id, message, where=where)


class CalendarDataMissingError(OpengovError, LookupError):
    """No official working-day data is known for a year.

    Attributes:
        year: the year without data, when known.
    """

    def __init__(self, message: str, *, year: int | None = None) -> None:
        self.year = year
        super().__init__(message)


class RuleViolationError(OpengovError):
    """A table built from events broke one of its format's rules (a bug in opengov)."""
