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

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "text": to_text,
    "md": to_markdown,
    "html": to_html,
    "docx": to_docx,
    "xlsx": to_xlsx,
    "json": to_json,
    "csv": to_csv,
}
"""Every renderer by the name ``opengov report --to`` knows it by."""

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
    try:
        renderer = RENDERERS[to]
    except KeyError:
        raise ValueError(f"unknown output {to!r}; known: {', '.join(RENDERERS)}") from None
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
