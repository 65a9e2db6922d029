"""Markdown (CommonMark with pipe tables): for wikis, issue trackers and review.

Pipe tables cannot span cells, so a matrix column's header names its groups too
(``申请人情况·法人或其他组织·商业企业``). Every text from the log is escaped, so narrative markup prints as
typed.
"""

from __future__ import annotations

__all__ = ["to_markdown"]

import re

from opengov.render._common import previous_note, printable, sign_off_shown
from opengov.render._grid import body_rows
from opengov.report._model import AnnualReport, ReportTable

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")


def escape_inline(text: str) -> str:
    """``text`` with every Markdown-active character backslash-escaped (for table cells and headings).

    >>> print(escape_inline("<b>1|2</b>"))
    \\<b\\>1\\|2\\</b\\>
    """
    return _SPECIAL.sub(r"\\\1", text)


def escape(text: str) -> str:
    """``text`` escaped as a paragraph: also a line start that would make a list or a heading."""
    return re.sub(r"^(\s*)([-+=]|\d+[.)])", r"\1\\\2", escape_inline(text), flags=re.MULTILINE)


def _table(table: ReportTable) -> list[str]:
    headers: list[str] = []
    if table.row_labels:
        headers.append(table.label_header)
    if table.unit_column:
        headers.append("单位")
    headers += ["·".join((*column.groups, column.label)) for column in table.columns]
    headers += list(table.previous_labels)
    lead = int(table.row_labels) + int(table.unit_column)
    lines = [
        "| " + " | ".join(escape_inline(h) for h in headers) + " |",
        "|" + "|".join(":---" if i < lead else "---:" for i in range(len(headers))) + "|",
    ]
    for row in body_rows(table):
        texts = [escape_inline(cell.text) for cell in row]
        if row and row[0].kind == "label" and row[0].heading:
            texts[0] = f"**{texts[0]}**"
        lines.append("| " + " | ".join(texts) + " |")
    note = previous_note(table)
    if note:
        lines += ["", escape(note)]
    return lines


def to_markdown(report: AnnualReport) -> str:
    """The report as Markdown."""
    report = printable(report)
    out = [
        f"# {escape(report.title_lines[0])}<br>{escape(report.title_lines[1])}",
        "",
        escape(report.preamble.text),
    ]
    for section in report.sections:
        out += ["", f"## {escape_inline(section.title)}"]
        for paragraph in section.paragraphs:
            out += ["", escape(paragraph)]
        for table in section.tables:
            if table.title != section.title:
                out += ["", f"### {escape_inline(table.title)}"]
            out += ["", *_table(table)]
    if report.attachment is not None:
        out += ["", f"## {escape(report.attachment.title)}", "", f"### {escape(report.attachment.heading)}"]
        out += ["", escape(report.attachment.filled_by)]
        for table in report.attachment.tables:
            out += ["", *_table(table)]
    if sign_off_shown(report):
        out += [""] + [f"{label}：{escape(value)}  " for label, value in report.sign_off.lines()]
    return "\n".join(out).rstrip() + "\n"
