"""The auditor on real published reports (../shared/reports), checked by hand first.

What a careful reader finds (every rule's arithmetic done by hand):

- 洪泽区 2023: table 四 prints 行政复议 结果维持 10, 结果纠正 1 with 总计 0, and 复议后起诉 结果维持 5 with
  总计 0; table 三 is consistent (（六）其他处理 is printed as one row).
- 洪泽区 2024: every table is consistent, but the text says 受理政府信息公开申请 17 件 where table 三 has
  本年新收 95 (and 上年结转 0). Its 上年结转 (all 0) matches 2023's 结转下年度 (all 0).
- 淮安市 2024: every table is consistent, and the text's 3119 / 3050 / 34 / 103 / 351 / 46 agree.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from opengov.audit import audit_report

# The samples live beside the repository (../shared/reports); OPENGOV_REAL_REPORTS names another place.
REPORTS = Path(
    os.environ.get("OPENGOV_REAL_REPORTS") or Path(__file__).parents[1].parent / "shared" / "reports"
)


def reports_missing(reports: Path, ci: str | None) -> str | None:
    """Why the real-report tests cannot run, or ``None``; under ``CI=true`` a missing directory fails.

    Raises:
        pytest.fail.Exception: the directory is missing and ``ci`` is ``"true"``.
    """
    if reports.is_dir():
        return None
    message = f"real-report audit tests NOT RUN: no directory {reports} (set OPENGOV_REAL_REPORTS)"
    if (ci or "").lower() == "true":
        pytest.fail(f"{message} (CI=true: CI must provide the samples)", pytrace=False)
    return message


@pytest.fixture
def _reports_present() -> None:
    """Skip loudly (a warning in pytest's summary names the directory), or fail under CI=true."""
    message = reports_missing(REPORTS, os.environ.get("CI"))
    if message is not None:
        warnings.warn(message, pytest.PytestWarning, stacklevel=2)
        pytest.skip(message)


EXPECTED = {
    "09_hongze_district_2023": ["gov2021.t4.reconsideration", "gov2021.t4.lawsuit_after"],
    "10_hongze_district_2024": ["narrative.applications"],
    "11_huaian_city_2024": [],
}


def _files() -> list[Path]:
    if not REPORTS.is_dir():
        return [
            REPORTS / "missing"
        ]  # one test, so that the missing directory is reported, not silently empty
    return sorted(REPORTS.glob("*.txt")) + sorted((REPORTS / "one-cell-per-line").glob("*.txt"))


@pytest.mark.usefixtures("_reports_present")
@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_real_report_findings_are_the_real_errors(path: Path) -> None:
    """Each sample's error findings are exactly the inconsistencies found by hand."""
    result = audit_report(path.read_text(encoding="utf-8"), source=path.name)
    expected = EXPECTED[path.name.split(".")[0]]
    assert ("gov2021", expected) == (result.format, [f.code for f in result.errors])
    assert 0 == result.count("fails") - sum(1 for f in result.errors if f.kind == "rule")


@pytest.mark.usefixtures("_reports_present")
def test_hongze_2023_disputes_figures() -> None:
    """The differences reported for 洪泽区 2023 table 四 are −11 and −5."""
    result = audit_report((REPORTS / "09_hongze_district_2023.txt").read_text(encoding="utf-8"))
    assert [-11, -5] == [f.difference for f in result.errors]


@pytest.mark.usefixtures("_reports_present")
def test_hongze_carry_over_2023_to_2024() -> None:
    """2024's 上年结转 equals 2023's 结转下年度 in every column."""
    last = (REPORTS / "09_hongze_district_2023.txt").read_text(encoding="utf-8")
    this = (REPORTS / "10_hongze_district_2024.txt").read_text(encoding="utf-8")
    result = audit_report(this, previous=last)
    assert 7 == sum(1 for r in result.rules if r.code.startswith("gov2021.carry") and r.status == "holds")
    assert [] == [f for f in result.findings if f.kind == "carry"]


@pytest.mark.usefixtures("_reports_present")
def test_huaian_layout_reads_every_figure() -> None:
    """淮安市 2024 (-layout, rotated label, page break in the table): every rule is checked and holds."""
    result = audit_report((REPORTS / "11_huaian_city_2024.txt").read_text(encoding="utf-8"))
    assert (42, 0) == (result.count("holds"), result.count("unchecked"))
    assert 3119 == result.report.value("applications.new", "total")
    assert 351 == result.report.value("disputes.count", "reconsideration.total")


def test_missing_samples_skip_loudly_and_fail_in_ci(tmp_path: Path) -> None:
    """Without the samples: a message naming the directory outside CI, a failure under CI=true."""
    absent = tmp_path / "no-reports"
    message = reports_missing(absent, None)
    assert message is not None
    assert str(absent) in message
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        reports_missing(absent, "true")
    assert reports_missing(tmp_path, "true") is None
