"""opengov: government information disclosure annual reports from an event log.

The public API is re-exported here; the modules underneath each own one idea:

- :mod:`opengov.events` — the event vocabulary (the public contract), :mod:`opengov.codec` — its wire form;
- :mod:`opengov.store` — where the log lives (SQLite by default, PostgreSQL for a platform);
  :mod:`opengov.projections` — folds kept current in the store, per agency;
- :mod:`opengov.calendar`, :mod:`opengov.deadlines`, :mod:`opengov.fees` — working days, legal deadlines,
  the information processing fee;
- :mod:`opengov.fold` — the log folded into a period's facts; :mod:`opengov.formats` — the official
  formats as data; :mod:`opengov.tables` — the built, checked tables;
- :mod:`opengov.ledger`, :mod:`opengov.timeliness` — open applications as of a day, answer times;
- :mod:`opengov.report`, :mod:`opengov.render` — the annual report and its text, Markdown, HTML, Word,
  Excel and JSON forms;
- :mod:`opengov.audit` — published reports read back and checked against their format's rules;
- :mod:`opengov.supervise` — a supervising office's view of many agencies (indicators, overdue lists).

``opengov.audit``, ``opengov.ledger`` and ``opengov.timeliness`` are the functions; import the other names
of those modules from the modules (``from opengov.audit import Finding``).
"""

from __future__ import annotations

from opengov import calendar, deadlines, events, fees, formats, render, store
from opengov.audit import AuditResult, NotAReportError, audit
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
from opengov.ledger import Ledger, ledger
from opengov.projections import Projection, ProjectionRunner
from opengov.report import AgencyProfile, AnnualReport, build_report
from opengov.sources import read_events
from opengov.store import (
    EventStore,
    MemoryStore,
    PostgresStore,
    SQLiteStore,
    export_jsonl,
    import_jsonl,
    open_store,
)
from opengov.supervise import SupervisorView, supervise
from opengov.tables import Table, TableSet, build_table, build_tables, check_carry_over, rollup
from opengov.timeliness import Timeliness, timeliness
from opengov.uscc import is_valid_credit_code

__version__ = "0.1.0.dev0"

__all__ = [
    "EVENT_TYPES",
    "AgencyFacts",
    "AgencyProfile",
    "AnnualReport",
    "Assessment",
    "AuditResult",
    "CalendarDataMissingError",
    "ConcurrencyConflictError",
    "DeadlinePolicy",
    "DecodeError",
    "DuplicateEventIdError",
    "Event",
    "EventStore",
    "EventValidationError",
    "Format",
    "Ledger",
    "LineError",
    "MemoryStore",
    "NotAReportError",
    "OpengovError",
    "Period",
    "PeriodFold",
    "PostgresStore",
    "Projection",
    "ProjectionRunner",
    "RuleViolationError",
    "SQLiteStore",
    "StoreError",
    "SupervisorView",
    "Table",
    "TableSet",
    "Timeliness",
    "WorkingCalendar",
    "__version__",
    "assess",
    "audit",
    "build_report",
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
    "ledger",
    "load_events",
    "open_store",
    "per_count_fee",
    "per_page_fee",
    "read_events",
    "register_upcaster",
    "render",
    "rollup",
    "store",
    "supervise",
    "timeliness",
    "validate_file",
    "write_events",
]
