"""The ledger of open applications as text for people or JSON for programs (what ``opengov due`` prints).

The JSON document has these stable keys (documented in ``docs/ledger.md``): ``agency``, ``as_of``,
``within`` (``opengov due --within N``, else ``null``), ``open``, ``overdue``,
``waiting_on_applicant`` (counts) and ``applications``, a list most urgent first of
objects with ``application_id``, ``agency``, ``receipt``, ``regulation``, ``due_date``,
``extended_due_date``, ``deadline``, ``working_days_left``, ``status``, ``correction_lapses``,
``waiting_on``, ``estimated``, ``estimated_fields`` and ``findings`` (each ``code``, ``message``,
``event_id``). Dates are ISO 8601 strings; a missing date is ``null``. While an application waits for
correction, ``due_date``, ``extended_due_date``, ``deadline`` and ``working_days_left`` are ``null`` and
``correction_lapses`` is the day its correction notice lapses.

>>> import datetime as dt
>>> from opengov.ledger import Ledger
>>> print(ledger_text(Ledger(as_of=dt.date(2025, 12, 31), agency="a1")))
Open applications of agency a1 as of 2025-12-31, most urgent first
<BLANKLINE>
0 open, 0 overdue, 0 waiting on the applicant
"""

from __future__ import annotations

__all__ = ["LEDGER_RENDERERS", "ledger_json", "ledger_text"]

import datetime as _dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from opengov.render._common import text_table

if TYPE_CHECKING:
    from opengov.ledger import Ledger, OpenApplication


def _application_json(item: OpenApplication) -> dict[str, Any]:
    def day(value: _dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "application_id": item.application_id,
        "agency": item.agency,
        "receipt": day(item.receipt),
        "regulation": item.regulation,
        "due_date": day(item.due_date),
        "extended_due_date": day(item.extended_due_date),
        "deadline": day(item.deadline),
        "working_days_left": item.working_days_left,
        "status": item.status.value,
        "correction_lapses": day(item.correction_lapses),
        "waiting_on": [kind.value for kind in item.waiting_on],
        "estimated": item.estimated,
        "estimated_fields": list(item.estimated_fields),
        "findings": [
            {"code": f.code.value, "message": f.message, "event_id": f.event_id} for f in item.findings
        ],
    }


def ledger_json(book: Ledger, *, within: int | None = None) -> str:
    """The ledger as the ``--to json`` document (keys in the module docstring), indented, UTF-8 text.

    Args:
        book: the ledger.
        within: the ledger holds only the applications due within this many working days (or overdue):
            given as the key ``within`` (``null`` for the whole ledger).
    """
    document = {
        "agency": book.agency,
        "as_of": book.as_of.isoformat(),
        "within": within,
        "open": len(book.open),
        "overdue": len(book.overdue),
        "waiting_on_applicant": len(book.waiting_on_applicant),
        "applications": [_application_json(item) for item in book.open],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _cell(item: OpenApplication, field: str, value: _dt.date | int | None) -> str:
    """A date or count for the table: ``-`` when there is none, ``*`` after it when it is estimated."""
    if value is None:
        return "-"
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    return text + ("*" if field in item.estimated_fields else "")


def _status(item: OpenApplication, as_of: _dt.date) -> str:
    """The status; waiting for correction, with the day the notice lapses (or lapsed, before ``as_of``)."""
    lapses = item.correction_lapses
    if lapses is not None:
        verb = "lapsed" if lapses < as_of else "lapses"
        return f"waiting for correction, {verb} " + _cell(item, "correction_lapses", lapses)
    return item.status.value.replace("_", " ")


def ledger_text(book: Ledger, *, within: int | None = None) -> str:
    """The ledger as the text output: a title, a table most urgent first, and a summary line.

    Args:
        book: the ledger.
        within: the ledger holds only the applications due within this many working days (or overdue),
            as the title says.
    """
    whose = f"agency {book.agency}" if book.agency is not None else "every agency"
    due = f" due within {within} working days or overdue" if within is not None else ""
    lines = [f"Open applications of {whose}{due} as of {book.as_of.isoformat()}, most urgent first", ""]
    if book.open:
        header = [
            "application",
            "received",
            "due",
            "extended to",
            "days left",
            "status",
            "waiting on",
            "findings",
        ]
        rows = [
            [
                item.application_id,
                item.receipt.isoformat(),
                _cell(item, "due_date", item.due_date),
                _cell(item, "extended_due_date", item.extended_due_date),
                _cell(item, "working_days_left", item.working_days_left),
                _status(item, book.as_of),
                ", ".join(kind.value for kind in item.waiting_on) or "-",
                ", ".join(f.code.value for f in item.findings) or "-",
            ]
            for item in book.open
        ]
        lines.extend(text_table(header, rows, right={4}))
        if any(item.estimated for item in book.open):
            lines.append("* estimated: counted through a year without official calendar data (weekends only)")
        lines.append("")
    lines.append(book.summary())
    return "\n".join(lines)


LEDGER_RENDERERS: dict[str, Callable[..., str]] = {"text": ledger_text, "json": ledger_json}
"""Every renderer of the ledger by the name ``opengov due --to`` knows it by: each takes the ledger and
the keyword ``within``."""
