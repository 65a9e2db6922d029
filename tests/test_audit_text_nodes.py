"""One text node per line (HTML saved as text): figures read under their labels, broken pieces rejoined.

The inputs are written here from the fixture figures (tests/audit_fixtures/_data.py, consistent with every
gov2021 rule); every expectation is worked out by hand.
"""

from __future__ import annotations

from audit_fixtures._data import T3, figure_rows, row3
from opengov.audit import audit_report


def _nodes(broken: dict[str, list[str]] | None = None, labels: dict[str, list[str]] | None = None) -> str:
    """Table 三 with one node per line: a label, then one line per figure (``broken`` replaces a row's
    figure lines, ``labels`` its label lines)."""
    lines = [
        "某县2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "自然人",
        "总计",
    ]
    for key in figure_rows():
        lines += (labels or {}).get(key, [T3.row(key).label])
        lines += (broken or {}).get(key, [str(v) for v in row3(key)])
    lines += ["五、存在的主要问题及改进情况", "2025", "年", "1", "月", "20", "日"]
    return "\n".join(lines)


def _totals(text: str) -> dict[str, object]:
    table = audit_report(text, format="gov2021").report.table("applications")
    return {row: cell.value for (row, col), cell in table.cells.items() if col == "total"}


def test_figures_are_read_under_their_labels() -> None:
    result = audit_report(_nodes(), format="gov2021")
    assert result.count("fails") == 0
    assert result.ok, result.to_text()
    totals = _totals(_nodes())
    assert totals["applications.new"] == 50  # 40 + 6 + 1 + 0 + 2 + 1
    assert totals["applications.carried_forward"] == 5


def test_a_number_broken_across_two_lines_is_rejoined_in_its_row_only() -> None:
    """新收 自然人 40 printed as ``4`` / ``0``: 8 lines for 7 cells; only 40 satisfies the row's total.

    (``4`` / ``0`` could also be 4 and 0 with a later pair joined — 0 + 6 → ``06`` has a leading zero, 1 + 0
    → 10 breaks 总计 = 50 — so one reading fits.) Every later row reads as printed: nothing shifts.
    """
    text = _nodes(broken={"applications.new": ["4", "0", "6", "1", "0", "2", "1", "50"]})
    result = audit_report(text, format="gov2021")
    table = result.report.table("applications")
    assert [table.value("applications.new", c.key) for c in T3.columns] == [40, 6, 1, 0, 2, 1, 50]
    assert _totals(text)["applications.carried_in"] == 4
    assert result.ok, result.to_text()
    assert any("4 / 0" in note for note in result.notes)


def test_one_stray_token_leaves_the_other_rows_alone() -> None:
    """Two stray figures in one row (9 for 7 columns): that row is not read, and no later row shifts.

    20 | 31 | 0 | 1 | 0 | 25 | 77 would satisfy the row's own 总计, but not the columns' sums with the other
    rows; a rejoined number must agree with both, so no reading is taken and the row is a finding.
    """
    text = _nodes(broken={"applications.disclosed": ["20", "3", "1", "0", "1", "0", "25", "7", "7"]})
    result = audit_report(text, format="gov2021")
    totals = _totals(text)
    assert totals["applications.partially_disclosed"] == 6
    assert totals["applications.total"] == 49
    assert totals["applications.disclosed"] is None
    assert [f.kind for f in result.errors] == ["split"]


def test_a_label_broken_across_lines_still_names_its_row() -> None:
    """``(`` / ``一`` / ``)`` / ``予以公开`` and a label cut in the middle are still their rows."""
    labels = {
        "applications.disclosed": ["（", "一", "）", "予以公开"],
        "applications.new": ["一、本年新收政府信息公", "开申请数量"],
    }
    text = _nodes(labels=labels)
    totals = _totals(text)
    assert (totals["applications.new"], totals["applications.disclosed"]) == (50, 25)
    assert audit_report(text, format="gov2021").ok
