"""The real reports in ``../shared/reports/`` read as their README's hand checks say (issue 10).

The expected cells, figures and verdicts are the README's, read by eye from the saved files; the test
skips loudly when the shared folder is not there (it lives outside the repository).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opengov.audit import AuditResult, audit_report

REPORTS = Path(__file__).parents[1].parent / "shared" / "reports"

pytestmark = pytest.mark.skipif(
    not REPORTS.is_dir(), reason=f"SKIPPED LOUDLY: the shared sample reports are not at {REPORTS}"
)


def _audit(name: str, previous: str | None = None) -> AuditResult:
    text = (REPORTS / name).read_text(encoding="utf-8")
    last = (REPORTS / previous).read_text(encoding="utf-8") if previous else None
    return audit_report(text, previous=last, source=name)


def _column(result: AuditResult, table: str, column: str) -> dict[str, object]:
    cells = result.report.table(table).cells
    return {row: cell.value for (row, col), cell in cells.items() if col == column}


def test_one_line_gov2021_table_is_read_row_by_row() -> None:
    """42: every label glued to its digits and the next label; the crawler's header is left out."""
    result = _audit("web-flattened/42_pingtan_2022.txt")
    assert result.report.format.key == "gov2021"
    totals = _column(result, "applications", "total")
    assert totals["applications.new"] == 74
    assert totals["applications.carried_in"] == 1
    assert totals["applications.disclosed"] == 21
    assert totals["applications.partially_disclosed"] == 9
    assert totals["applications.unavailable.not_held"] == 37
    assert totals["applications.total"] == 75
    persons = _column(result, "applications", "natural_person")
    assert persons["applications.new"] == 71
    assert persons["applications.total"] == 72


def test_44_reads_every_cell_and_says_which_rules_it_assumed() -> None:
    """44: 17 digits for 15 review cells — exactly one split fits, and the reader says it assumed it."""
    result = _audit("web-flattened/44_pingtan_2024.txt")
    assert result.report.format.key == "gov2021"
    disputes = result.report.table("disputes")
    values = [disputes.cells[("disputes.count", c.key)].value for c in disputes.spec.columns]
    assert values == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]
    assert all(cell.assumed for cell in disputes.cells.values())
    totals = _column(result, "applications", "total")
    assert totals["applications.new"] == 218
    assert totals["applications.unavailable.not_held"] == 75
    assert totals["applications.total"] == 218
    assert not result.errors
    # 表二's 本年废止 / 现行有效 cannot be told apart from 6233440 alone
    assert any(f.kind == "ambiguous" and "6233440" in f.message for f in result.findings)


def test_42_narrative_counts_the_carried_application_as_received() -> None:
    """42's verdict 1: 「收到政府信息公开申请75件」 but 本年新收 总计 is 74 (75 is 新收 + 上年结转)."""
    result = _audit("web-flattened/42_pingtan_2022.txt")
    assert [f.code for f in result.errors] == ["narrative.applications"]
    finding = result.errors[0]
    assert (finding.left, finding.right) == (75, 74)
    assert finding.cells[0].row == "applications.new"
    assert finding.cells[0].column == "total"
