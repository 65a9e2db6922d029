"""HTML through Jinja2 (autoescaping on): a full page, or a fragment to embed in another page.

Tables keep the official header structure with ``rowspan``/``colspan`` (table 三's 法人或其他组织 over its
five columns, table 四's three groups); each table scrolls sideways inside its own box on a narrow screen,
so the page itself never does; at a desktop's width (1280 px) every table, table 四's sixteen columns
included, fits the text column whole.

The markup stands without the stylesheet, for portal editors that strip ``<style>``: every element carries
a class (``ogr-…``) for the portal's own stylesheet, and the tables carry ``border``/``cellpadding`` and
right-aligned figures as plain HTML attributes, which a stylesheet overrides. The stylesheet itself —
:func:`stylesheet`, scoped to ``.ogr``, the class of the fragment's root — is inlined (the default), linked
(``stylesheet="…/report.css"``) or left out (``styles=False``).
"""

from __future__ import annotations

__all__ = ["stylesheet", "to_html"]

from typing import Any

from opengov.render._common import previous_note, printable, require, sign_off_shown
from opengov.render._grid import body_rows, header_rows
from opengov.report._model import AnnualReport, ReportTable

_environment: Any = None


def _env() -> Any:
    global _environment
    if _environment is None:
        jinja2 = require("jinja2", "html", "HTML")
        _environment = jinja2.Environment(
            loader=jinja2.PackageLoader("opengov.render", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
    return _environment


def _table_view(table: ReportTable, *, caption: bool = True) -> dict[str, Any]:
    return {
        "table": table,
        "show_caption": caption,
        "header": header_rows(table),
        "body": body_rows(table),
        "note": previous_note(table),
        "matrix": len(table.columns) > 3,
    }


def stylesheet() -> str:
    """The report's stylesheet (scoped to ``.ogr``), to host beside pages that link it.

    >>> stylesheet().startswith(".ogr {")
    True
    """
    from importlib.resources import files

    return files("opengov.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def to_html(
    report: AnnualReport, *, fragment: bool = False, styles: bool = True, stylesheet: str | None = None
) -> str:
    """The report as HTML.

    Args:
        report: the report.
        fragment: give an ``<article class="ogr">`` to embed instead of a whole page.
        styles: inline the stylesheet in a ``<style>`` element (scoped to ``.ogr``); ``False`` leaves it
            out, to style the fragment yourself (it stays readable without: see the module's notes).
        stylesheet: link this URL (a copy of :func:`stylesheet`'s text) instead of inlining the styles.

    Raises:
        MissingExtraError: Jinja2 is not installed (``pip install 'opengov[html]'``).
    """
    env = _env()
    report = printable(report)
    context = {
        "report": report,
        "sections": [
            {"section": s, "tables": [_table_view(t, caption=t.title != s.title) for t in s.tables]}
            for s in report.sections
        ],
        "attachment": report.attachment,
        "attachment_tables": (
            [_table_view(t, caption=False) for t in report.attachment.tables] if report.attachment else []
        ),
        "sign_off": report.sign_off.lines() if sign_off_shown(report) else [],
        "styles": styles,
        "stylesheet": stylesheet,
    }
    template = env.get_template("fragment.html.j2" if fragment else "page.html.j2")
    return str(template.render(context))
