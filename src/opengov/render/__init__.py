"""Renderers of the annual report: plain text, Markdown, HTML, Word, Excel, JSON and tidy CSV.

Each takes an :class:`~opengov.report.AnnualReport`. Word, Excel and HTML need an optional library each;
it is imported only when that renderer runs, and a missing one raises :class:`MissingExtraError` naming
the extra to install (``pip install 'opengov[docx]'``).

>>> sorted(RENDERERS)
['csv', 'docx', 'html', 'json', 'md', 'text', 'xlsx']
"""

from __future__ import annotations

__all__ = [
    "BINARY",
    "FIELDS_CSV",
    "FORMS",
    "RENDERERS",
    "MissingExtraError",
    "ReportDecodeError",
    "from_json",
    "render",
    "statistics_csv",
    "tables_csv",
    "to_csv",
    "to_docx",
    "to_html",
    "to_json",
    "to_markdown",
    "to_text",
    "to_xlsx",
    "write",
]

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opengov.render._common import MissingExtraError
    from opengov.render.csv import FIELDS as FIELDS_CSV
    from opengov.render.csv import statistics_csv, tables_csv, to_csv
    from opengov.render.docx import to_docx
    from opengov.render.html import to_html
    from opengov.render.json import ReportDecodeError, from_json, to_json
    from opengov.render.markdown import to_markdown
    from opengov.render.text import to_text
    from opengov.render.xlsx import to_xlsx
    from opengov.report._model import AnnualReport

    RENDERERS: dict[str, Callable[..., str | bytes]]
    """Every renderer by the name ``opengov report --to`` knows it by (built from :data:`FORMS`)."""

_HOMES: dict[str, tuple[str, str]] = {
    "MissingExtraError": ("opengov.render._common", "MissingExtraError"),
    "FIELDS_CSV": ("opengov.render.csv", "FIELDS"),
    "statistics_csv": ("opengov.render.csv", "statistics_csv"),
    "tables_csv": ("opengov.render.csv", "tables_csv"),
    "to_csv": ("opengov.render.csv", "to_csv"),
    "to_docx": ("opengov.render.docx", "to_docx"),
    "to_html": ("opengov.render.html", "to_html"),
    "ReportDecodeError": ("opengov.render.json", "ReportDecodeError"),
    "from_json": ("opengov.render.json", "from_json"),
    "to_json": ("opengov.render.json", "to_json"),
    "to_markdown": ("opengov.render.markdown", "to_markdown"),
    "to_text": ("opengov.render.text", "to_text"),
    "to_xlsx": ("opengov.render.xlsx", "to_xlsx"),
}
"""Where each name lives: a renderer's module is imported when the name is first used (PEP 562)."""

FORMS: dict[str, str] = {
    "text": "to_text",
    "md": "to_markdown",
    "html": "to_html",
    "docx": "to_docx",
    "xlsx": "to_xlsx",
    "json": "to_json",
    "csv": "to_csv",
}
"""Every report form by the name ``opengov report --to`` knows it by, and its renderer's name."""


def __getattr__(name: str) -> Any:
    """Import a renderer's module when one of its names is first used; build :data:`RENDERERS` then."""
    if name == "RENDERERS":
        value: Any = {form: __getattr__(function) for form, function in FORMS.items()}
    elif name in _HOMES:
        module, attribute = _HOMES[name]
        value = getattr(importlib.import_module(module), attribute)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


BINARY = frozenset({"docx", "xlsx"})
"""The renderers whose output is bytes."""


def render(report: AnnualReport, to: str, **options: Any) -> str | bytes:
    """The report rendered as ``to`` (``text``, ``md``, ``html``, ``docx``, ``xlsx``, ``json`` or ``csv``).

    ``options`` go to the renderer: ``template=`` for ``docx`` (an agency's own .docx), ``fragment=`` and
    ``styles=`` for ``html``.

    Raises:
        ValueError: no renderer has that name.
        MissingExtraError: the renderer's library is not installed.
    """
    renderers: dict[str, Callable[..., str | bytes]] = globals().get("RENDERERS") or __getattr__("RENDERERS")
    try:
        renderer = renderers[to]
    except KeyError:
        raise ValueError(f"unknown output {to!r}; known: {', '.join(renderers)}") from None
    return renderer(report, **options)


def write(report: AnnualReport, to: str, path: str | os.PathLike[str], **options: Any) -> Path:
    """Render the report as ``to`` into the file ``path`` (text as UTF-8) and return the path."""
    output = render(report, to, **options)
    target = Path(path)
    if isinstance(output, bytes):
        target.write_bytes(output)
    else:
        target.write_text(output, encoding="utf-8")
    return target
