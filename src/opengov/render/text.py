"""Plain text in the layout of the published reports (the seed's): title, preamble, numbered sections,
the statistics table as tab-separated lines (统计指标, 单位, 统计数), then the sign-off.

Zero prints blank in gov2008 tables, as the seed prints it; gov2019/gov2021 tables print 0, as their
official templates ask. Row labels are not indented: their own numbering carries the hierarchy.
"""

from __future__ import annotations

__all__ = ["to_text"]

from opengov.render._common import previous_note, printable, sign_off_shown
from opengov.render._grid import body_rows, flat_header
from opengov.report._model import AnnualReport, ReportTable


def table_lines(table: ReportTable) -> list[str]:
    """The table as tab-separated lines: the header rows, then one line per row."""
    lines = ["\t".join(row) for row in flat_header(table)]
    lines += ["\t".join(cell.text for cell in row) for row in body_rows(table)]
    note = previous_note(table)
    if note:
        lines += ["", note]
    return lines


def to_text(report: AnnualReport) -> str:
    """The report as plain text (UTF-8, blank lines between blocks, tabs between table cells)."""
    report = printable(report)
    blocks: list[str] = [*report.title_lines, report.preamble.text]
    for section in report.sections:
        blocks.append(section.title)
        blocks.extend(section.paragraphs)
        for table in section.tables:
            if table.title != section.title:
                blocks.append(table.title)
            blocks.append("\n".join(table_lines(table)))
    if report.attachment is not None:
        blocks += [report.attachment.title, report.attachment.heading, report.attachment.filled_by]
        for table in report.attachment.tables:
            blocks.append("\n".join(table_lines(table)))
    if sign_off_shown(report):
        blocks.extend(f"{label}：{value}" for label, value in report.sign_off.lines())
    return "\n\n".join(blocks) + "\n"
