"""The auditor on real published reports (../shared/reports), checked by hand first.

What a careful reader finds (every rule's arithmetic done by hand):

- 洪泽区 2023: table 四 prints 行政复议 结果维持 10, 结果纠正 1 with 总计 0, and 复议后起诉 结果维持 5 with
  总计 0; table 三 is consistent (（六）其他处理 is printed as one row).
- 洪泽区 2024: every table is consistent, but the text says 受理政府信息公开申请 17 件 where table 三 has
  本年新收 95 (and 上年结转 0). Its 上年结转 (all 0) matches 2023's 结转下年度 (all 0).
- 淮安市 2024: every table is consistent, and the text's 3119 / 3050 / 34 / 103 / 351 / 46 agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opengov.audit import audit

REPORTS = Path(__file__).parents[1].parent / "shared" / "reports"

pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason=f"real report samples not found at {REPORTS}")

EXPECTED = {
    "09_hongze_district_2023": ["gov2021.t4.reconsideration", "gov2021.t4.lawsuit_after"],
    "10_hongze_district_2024": ["narrative.applications"],
    "11_huaian_city_2024": [],
}


def _files() -> list[Path]:
    if not REPORTS.is_dir():
        return []
    return sorted(REPORTS.glob("*.txt")) + sorted((REPORTS / "one-cell-per-line").glob("*.txt"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_real_report_findings_are_the_real_errors(path: Path) -> None:
    """Each sample's error findings are exactly the inconsistencies found by hand."""
    result = audit(path.read_text(encoding="utf-8"), source=path.name)
    expected = EXPECTED[path.name.split(".")[0]]
    assert ("gov2021", expected) == (result.format, [f.code for f in result.errors])
    assert 0 == result.count("fails") - sum(1 for f in result.errors if f.kind == "rule")


def test_hongze_2023_disputes_figures() -> None:
    """The differences reported for 洪泽区 2023 table 四 are −11 and −5."""
    result = audit((REPORTS / "09_hongze_district_2023.txt").read_text(encoding="utf-8"))
    assert [-11, -5] == [f.difference for f in result.errors]


def test_hongze_carry_over_2023_to_2024() -> None:
    """2024's 上年结转 equals 2023's 结转下年度 in every column."""
    last = (REPORTS / "09_hongze_district_2023.txt").read_text(encoding="utf-8")
    this = (REPORTS / "10_hongze_district_2024.txt").read_text(encoding="utf-8")
    result = audit(this, previous=last)
    assert 7 == sum(1 for r in result.rules if r.code.startswith("gov2021.carry") and r.status == "holds")
    assert [] == [f for f in result.findings if f.kind == "carry"]


def test_huaian_layout_reads_every_figure() -> None:
    """淮安市 2024 (-layout, rotated label, page break in the table): every rule is checked and holds."""
    result = audit((REPORTS / "11_huaian_city_2024.txt").read_text(encoding="utf-8"))
    assert (42, 0) == (result.count("holds"), result.count("unchecked"))
    assert 3119 == result.report.value("applications.new", "total")
    assert 351 == result.report.value("disputes.count", "reconsideration.total")
