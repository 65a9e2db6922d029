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
- :mod:`opengov.filing` — filed reports, revisions and the carry-over from a filed year;
  :mod:`opengov.corrections` — the log read with its corrections and retractions;
- :mod:`opengov.report`, :mod:`opengov.render` — the annual report and its text, Markdown, HTML, Word,
  Excel and JSON forms;
- :mod:`opengov.audit` — published reports read back and checked against their format's rules;
- :mod:`opengov.supervise` — a supervising office's view of many agencies (indicators, overdue lists).

Every name here is a module or is defined in one; ``opengov.ledger`` is the module and
:func:`~opengov.ledger.build_ledger` its function (no name shadows its own module).

``import opengov`` is light: it loads no submodule until one of its names is first used (PEP 562), so a
command or a script pays only for what it uses (see :doc:`/performance`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opengov import (
        audit,
        calendar,
        deadlines,
        events,
        fees,
        formats,
        ledger,
        render,
        store,
        supervise,
        timeliness,
    )
    from opengov.audit import AuditResult, NotAReportError, audit_file, audit_report
    from opengov.calendar import Calendar, WorkingCalendar
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
    from opengov.corrections import corrected_log
    from opengov.deadlines import Assessment, DeadlinePolicy, assess
    from opengov.errors import (
        AppendRefusedError,
        CalendarDataMissingError,
        ConcurrencyConflictError,
        DecodeError,
        DuplicateEventIdError,
        EventValidationError,
        FiledPeriodError,
        LineError,
        OpengovError,
        RuleViolationError,
        StoreError,
    )
    from opengov.events import EVENT_TYPES, Event
    from opengov.fees import per_count_fee, per_page_fee
    from opengov.filing import FiledPeriod, Revision, file_report, filed_period, filed_tables, period_tables
    from opengov.fold import AgencyFacts, Period, PeriodFold, fold_facts
    from opengov.formats import Format, format_for_year, get_format
    from opengov.ledger import Ledger, build_ledger
    from opengov.projections import Projection, ProjectionRunner
    from opengov.report import AgencyProfile, AnnualReport, build_report
    from opengov.sources import read_events, read_records
    from opengov.store import (
        EventStore,
        MemoryStore,
        PostgresStore,
        SQLiteStore,
        append_checked,
        export_jsonl,
        import_jsonl,
        open_store,
    )
    from opengov.supervise import SupervisorView, build_supervisor_view
    from opengov.tables import Table, TableSet, build_table, build_tables, check_carry_over, rollup
    from opengov.timeliness import Timeliness, build_timeliness
    from opengov.uscc import is_valid_credit_code

__version__ = "0.1.0.dev0"
"""The package version: the one place it is written (``pyproject.toml`` reads it from here)."""

_SUBMODULES = frozenset(
    {
        "audit",
        "calendar",
        "deadlines",
        "events",
        "fees",
        "formats",
        "ledger",
        "render",
        "store",
        "supervise",
        "timeliness",
    }
)
"""The submodules re-exported under their own names."""

_LAZY: dict[str, str] = {
    "AuditResult": "opengov.audit",
    "NotAReportError": "opengov.audit",
    "audit_file": "opengov.audit",
    "audit_report": "opengov.audit",
    "Calendar": "opengov.calendar",
    "WorkingCalendar": "opengov.calendar",
    "decode": "opengov.codec",
    "decode_line": "opengov.codec",
    "encode": "opengov.codec",
    "encode_line": "opengov.codec",
    "iter_events": "opengov.codec",
    "json_schema": "opengov.codec",
    "load_events": "opengov.codec",
    "register_upcaster": "opengov.codec",
    "validate_file": "opengov.codec",
    "write_events": "opengov.codec",
    "corrected_log": "opengov.corrections",
    "Assessment": "opengov.deadlines",
    "DeadlinePolicy": "opengov.deadlines",
    "assess": "opengov.deadlines",
    "AppendRefusedError": "opengov.errors",
    "CalendarDataMissingError": "opengov.errors",
    "ConcurrencyConflictError": "opengov.errors",
    "DecodeError": "opengov.errors",
    "DuplicateEventIdError": "opengov.errors",
    "EventValidationError": "opengov.errors",
    "FiledPeriodError": "opengov.errors",
    "LineError": "opengov.errors",
    "OpengovError": "opengov.errors",
    "RuleViolationError": "opengov.errors",
    "StoreError": "opengov.errors",
    "EVENT_TYPES": "opengov.events",
    "Event": "opengov.events",
    "per_count_fee": "opengov.fees",
    "per_page_fee": "opengov.fees",
    "FiledPeriod": "opengov.filing",
    "Revision": "opengov.filing",
    "file_report": "opengov.filing",
    "filed_period": "opengov.filing",
    "filed_tables": "opengov.filing",
    "period_tables": "opengov.filing",
    "AgencyFacts": "opengov.fold",
    "Period": "opengov.fold",
    "PeriodFold": "opengov.fold",
    "fold_facts": "opengov.fold",
    "Format": "opengov.formats",
    "format_for_year": "opengov.formats",
    "get_format": "opengov.formats",
    "Ledger": "opengov.ledger",
    "build_ledger": "opengov.ledger",
    "Projection": "opengov.projections",
    "ProjectionRunner": "opengov.projections",
    "AgencyProfile": "opengov.report",
    "AnnualReport": "opengov.report",
    "build_report": "opengov.report",
    "read_events": "opengov.sources",
    "read_records": "opengov.sources",
    "EventStore": "opengov.store",
    "MemoryStore": "opengov.store",
    "PostgresStore": "opengov.store",
    "SQLiteStore": "opengov.store",
    "append_checked": "opengov.store",
    "export_jsonl": "opengov.store",
    "import_jsonl": "opengov.store",
    "open_store": "opengov.store",
    "SupervisorView": "opengov.supervise",
    "build_supervisor_view": "opengov.supervise",
    "Table": "opengov.tables",
    "TableSet": "opengov.tables",
    "build_table": "opengov.tables",
    "build_tables": "opengov.tables",
    "check_carry_over": "opengov.tables",
    "rollup": "opengov.tables",
    "Timeliness": "opengov.timeliness",
    "build_timeliness": "opengov.timeliness",
    "is_valid_credit_code": "opengov.uscc",
}
"""Every other public name, and the module that defines it."""


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "EVENT_TYPES",
    "AgencyFacts",
    "AgencyProfile",
    "AnnualReport",
    "AppendRefusedError",
    "Assessment",
    "AuditResult",
    "Calendar",
    "CalendarDataMissingError",
    "ConcurrencyConflictError",
    "DeadlinePolicy",
    "DecodeError",
    "DuplicateEventIdError",
    "Event",
    "EventStore",
    "EventValidationError",
    "FiledPeriod",
    "FiledPeriodError",
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
    "Revision",
    "RuleViolationError",
    "SQLiteStore",
    "StoreError",
    "SupervisorView",
    "Table",
    "TableSet",
    "Timeliness",
    "WorkingCalendar",
    "__version__",
    "append_checked",
    "assess",
    "audit",
    "audit_file",
    "audit_report",
    "build_ledger",
    "build_report",
    "build_supervisor_view",
    "build_table",
    "build_tables",
    "build_timeliness",
    "calendar",
    "check_carry_over",
    "corrected_log",
    "deadlines",
    "decode",
    "decode_line",
    "encode",
    "encode_line",
    "events",
    "export_jsonl",
    "fees",
    "file_report",
    "filed_period",
    "filed_tables",
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
    "period_tables",
    "read_events",
    "read_records",
    "register_upcaster",
    "render",
    "rollup",
    "store",
    "supervise",
    "timeliness",
    "validate_file",
    "write_events",
]
