"""opengov: government information disclosure annual reports from an event log.

The public API is re-exported here; the modules underneath each own one idea.
"""

from __future__ import annotations

from opengov import events
from opengov.codec import (
    decode,
    decode_line,
    encode,
    encode_line,
    iter_events,
    json_schema,
    load_events,
    register_upcaster,
    validate_file,
    write_events,
)
from opengov.errors import (
    CalendarDataMissingError,
    ConcurrencyConflictError,
    DecodeError,
    DuplicateEventIdError,
    EventValidationError,
    LineError,
    OpengovError,
    RuleViolationError,
    StoreError,
)
from opengov.events import EVENT_TYPES, Event
from opengov.uscc import is_valid_credit_code

__version__ = "0.1.0.dev0"

__all__ = [
    "EVENT_TYPES",
    "CalendarDataMissingError",
    "ConcurrencyConflictError",
    "DecodeError",
    "DuplicateEventIdError",
    "Event",
    "EventValidationError",
    "LineError",
    "OpengovError",
    "RuleViolationError",
    "StoreError",
    "__version__",
    "decode",
    "decode_line",
    "encode",
    "encode_line",
    "events",
    "is_valid_credit_code",
    "iter_events",
    "json_schema",
    "load_events",
    "register_upcaster",
    "validate_file",
    "write_events",
]
