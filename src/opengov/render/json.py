"""JSON through cattrs: the whole report model, so that ``from_json(to_json(r)) == r``.

Dates are ISO strings; counts are JSON integers and amounts (万元) decimal strings (``"12.53"``), so no
figure passes through a float.
"""

from __future__ import annotations

__all__ = ["converter", "from_json", "to_json"]

import datetime as _dt
import json as _json
from decimal import Decimal
from typing import Any

import cattrs

from opengov.errors import OpengovError
from opengov.formats import Value
from opengov.render._common import printable
from opengov.report._model import AnnualReport


class ReportDecodeError(OpengovError, ValueError):
    """A JSON document is not a report this version of opengov can read."""


def _structure_figure(value: Any, _: Any) -> Value:
    if isinstance(value, bool):
        raise ValueError(f"a figure cannot be {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return Decimal(value)
    raise ValueError(f"a figure must be an integer or a decimal string, got {value!r}")


def _make() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(_dt.date, _dt.date.isoformat)
    conv.register_structure_hook(_dt.date, lambda value, _: _dt.date.fromisoformat(value))
    conv.register_structure_hook_func(lambda t: t == Value, _structure_figure)
    return conv


converter = _make()
"""The cattrs converter of the report model."""


def to_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """The report as JSON (UTF-8 text, Chinese unescaped; control characters replaced, see ``printable``)."""
    return _json.dumps(converter.unstructure(printable(report)), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> AnnualReport:
    """A report read back from :func:`to_json`'s output.

    Raises:
        ReportDecodeError: the text is not JSON, or not a report.
    """
    try:
        return converter.structure(_json.loads(text), AnnualReport)
    except (ValueError, cattrs.BaseValidationError, KeyError, TypeError) as exc:
        detail = (
            "; ".join(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else exc
        )
        raise ReportDecodeError(f"not an opengov report: {detail}") from None
