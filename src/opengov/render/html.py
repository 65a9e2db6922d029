"""HTML through Jinja2 (autoescaping on): a full page, or a fragment to embed in another page.

Tables keep the official header structure with ``rowspan``/``colspan`` (table 三's 法人或其他组织 over its
five columns, table 四's three groups); each table scrolls sideways inside its own box on a narrow screen,
so the page itself never does. The stylesheet is scoped to ``.ogr``, the class of the fragment's root.
"""

from __future__ import annotations

__all__ = ["to_html"]

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


def to_html(report: AnnualReport, *, fragment: bool = False, styles: bool = True) -> str:
    """The report as HTML.

    Args:
        report: the report.
        fragment: give an ``<article class="ogr">`` to embed instead of a whole page.
        styles: include the stylesheet (scoped to ``.ogr``); leave it out to style the fragment yourself.

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
    }
    template = env.get_template("fragment.html.j2" if fragment else "page.html.j2")
    return str(template.render(context))
