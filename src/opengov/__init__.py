"""opengov: government information disclosure annual reports from an event log.

The public API is re-exported here; the modules underneath each own one idea:

- :mod:`opengov.events` — the event vocabulary (the public contract), :mod:`opengov.codec` — its wire form;
- :mod:`opengov.store` — where the log lives (SQLite by default);
- :mod:`opengov.calendar`, :mod:`opengov.deadlines`, :mod:`opengov.fees` — working days, legal deadlines,
  the information processing fee;
- :mod:`opengov.fold` — the log folded into a period's facts; :mod:`opengov.formats` — the official
  formats as data; :mod:`opengov.tables` — the built, checked tables.
"""

from __future__ import annotations

from opengov import calendar, deadlines, events, fees, formats, store
from opengov.calendar import WorkingCalendar
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
from opengov.deadlines import Assessment, DeadlinePolicy, assess
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
from opengov.fees import per_count_fee, per_page_fee
from opengov.fold import AgencyFacts, Period, PeriodFold, fold_facts
from opengov.formats import Format, format_for_year, get_format
from opengov.store import EventStore, MemoryStore, SQLiteStore, export_jsonl, import_jsonl, open_store
from opengov.tables import Table, TableSet, build_table, build_tables, check_carry_over, rollup
from opengov.uscc import is_valid_credit_code

__version__ = "0.1.0.dev0"

__all__ = [
    "EVENT_TYPES",
    "AgencyFacts",
    "Assessment",
    "CalendarDataMissingError",
    "ConcurrencyConflictError",
    "DeadlinePolicy",
    "DecodeError",
    "DuplicateEventIdError",
    "Event",
    "EventStore",
    "EventValidationError",
    "Format",
    "LineError",
    "MemoryStore",
    "OpengovError",
    "Period",
    "PeriodFold",
    "RuleViolationError",
    "SQLiteStore",
    "StoreError",
    "Table",
    "TableSet",
    "WorkingCalendar",
    "__version__",
    "assess",
    "build_table",
    "build_tables",
    "calendar",
    "check_carry_over",
    "deadlines",
    "decode",
    "decode_line",
    "encode",
    "encode_line",
    "events",
    "export_jsonl",
    "fees",
    "fold_facts",
    "format_for_year",
    "formats",
    "get_format",
    "import_jsonl",
    "is_valid_credit_code",
    "iter_events",
    "json_schema",
    "load_events",
    "open_store",
    "per_count_fee",
    "per_page_fee",
    "register_upcaster",
    "rollup",
    "store",
    "validate_file",
    "write_events",
]
