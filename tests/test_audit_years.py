"""Cross-year checks from the command line: ``opengov audit THIS --previous LAST`` and ``--chain`` (issue 10).

The pairs and their verdicts are those of ``../shared/reports/README.md`` (read by eye from the saved files);
the agency pairing rules are checked on hand-written titles.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from opengov.audit import audit_files, audit_report, pair_years
from opengov.cli import main

REPORTS = Path(__file__).parents[1].parent / "shared" / "reports"
FIXTURES = Path(__file__).parent / "audit_fixtures"
TABS = (FIXTURES / "gov2021_tabs.txt").read_text(encoding="utf-8")
"""测试县人民政府 2024: 上年结转 3 1 0 0 0 0 | 4, 结转下年度 3 2 0 0 0 0 | 5; consistent."""

needs_samples = pytest.mark.skipif(
    not REPORTS.is_dir(), reason=f"SKIPPED LOUDLY: the shared sample reports are not at {REPORTS}"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _last_year(text: str, *, forward: str = "3\t1\t0\t0\t0\t0\t4", year: int = 2023) -> str:
    """The fixture as last year's report: its title's year, its 结转下年度 row as given, and 10 行政规范性文件
    in force (this year's 12 = 10 + 3 制发 − 1 废止)."""
    return (
        text.replace("2024 年政府信息公开工作年度报告", f"{year} 年政府信息公开工作年度报告")
        .replace("四、结转下年度继续办理\t3\t2\t0\t0\t0\t0\t5", f"四、结转下年度继续办理\t{forward}")
        .replace("行政规范性文件  3 1 12", "行政规范性文件  3 1 10")
    )


# (this, last, verdict alone, verdict with last, cross-year error findings (code, left, right)) — README
PAIRS = [
    (
        "web-flattened/41_pingtan_2018.txt",
        "web-flattened/40_pingtan_2016.txt",
        0,
        1,
        [
            ("fujian2014.chain[proactive.website]", 12106, 87445),
            ("fujian2014.chain[proactive]", 12106, 87445),
        ],
    ),
    (
        "web-spaced/47_pingtan_2012.txt",
        "web-spaced/46_pingtan_2011.txt",
        1,
        1,
        [
            ("fujian2008.chain[proactive.gazette]", 0, 7),
            ("fujian2008.chain[proactive.website]", 4359, 1509 + 739),
            ("fujian2008.chain[proactive]", 4359, 1516 + 739),
        ],
    ),
    (
        "web-spaced/48_pingtan_2013.txt",
        "web-spaced/47_pingtan_2012.txt",
        1,
        1,
        [
            ("fujian2008.chain[proactive.website]", 76424, 4359 + 72804),
            ("fujian2008.chain[proactive]", 76424, 4359 + 72804),
        ],
    ),
    (
        "html-text-nodes/50_sanming_2014.txt",
        "html-text-nodes/49_sanming_2013.txt",
        1,
        1,
        [("fujian2014.chain[complaints]", 1, 0), ("fujian2014.chain[reconsiderations]", 0, 1)],
    ),
    ("web-flattened/43_pingtan_2023.txt", "web-flattened/42_pingtan_2022.txt", 1, 1, []),
    ("web-flattened/44_pingtan_2024.txt", "web-flattened/43_pingtan_2023.txt", 0, 0, []),
]


def _carry(report: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return sorted(
        (f["code"], f["left"], f["right"])
        for f in report["findings"]
        if f["kind"] == "carry" and f["severity"] == "error"
    )


@needs_samples
@pytest.mark.parametrize(
    ("this", "last", "alone", "paired", "carry"), PAIRS, ids=[p[0][-20:-4] for p in PAIRS]
)
def test_previous_gives_the_readmes_verdict_for_each_pair(
    this: str,
    last: str,
    alone: int,
    paired: int,
    carry: list[tuple[str, int, int]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``opengov audit THIS --previous LAST``: the README's verdict with last year's report, the running
    totals that break named with their figures; without ``--previous``, the verdict alone."""
    status, out, _ = _run(["audit", str(REPORTS / this), "--to", "json"], capsys)
    assert alone == status
    assert [] == _carry(json.loads(out)["reports"][0])
    status, out, _ = _run(
        ["audit", str(REPORTS / this), "--previous", str(REPORTS / last), "--to", "json"], capsys
    )
    (report,) = json.loads(out)["reports"]
    assert paired == status
    assert carry == _carry(report)
    assert any(str(REPORTS / last) in note for note in report["notes"])


@needs_samples
def test_gov2021_pairs_check_the_carry_over(capsys: pytest.CaptureFixture[str]) -> None:
    """43 with 42 and 44 with 43: 上年结转 0 = last year's 结转下年度 0, in every column (README)."""
    for this, last in (PAIRS[4][:2], PAIRS[5][:2]):
        _, out, _ = _run(
            ["audit", str(REPORTS / this), "--previous", str(REPORTS / last), "--to", "json"], capsys
        )
        rules = {r["code"]: r["status"] for r in json.loads(out)["reports"][0]["rules"]}
        assert {"holds"} == {s for code, s in rules.items() if code.startswith("gov2021.carry[")}
        assert 7 == sum(1 for code in rules if code.startswith("gov2021.carry["))


def test_previous_text_shows_the_carry_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Hand-written: last year carried 3 0 … 3 forward, this year says 3 1 … 4 came in: two findings."""
    this, last = tmp_path / "2024.txt", tmp_path / "2023.txt"
    this.write_text(TABS, encoding="utf-8")
    last.write_text(_last_year(TABS, forward="3\t0\t0\t0\t0\t0\t3"), encoding="utf-8")
    status, out, _ = _run(["audit", str(this), "--previous", str(last)], capsys)
    assert 1 == status
    assert "[error] gov2021.carry[commercial_enterprise]" in out
    assert "[error] gov2021.carry[total]" in out
    assert f"note: checked across years against the 2023 report ({last})" in out
    last.write_text(_last_year(TABS), encoding="utf-8")
    status, out, _ = _run(["audit", str(this), "--previous", str(last)], capsys)
    assert (0, "consistent;") == (status, out.splitlines()[1].split()[0])


def test_previous_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    this = tmp_path / "2024.txt"
    this.write_text(TABS, encoding="utf-8")
    last = _last_year(TABS, forward="3\t0\t0\t0\t0\t0\t3").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(last)))
    status, out, _ = _run(["audit", str(this), "--previous", "-"], capsys)
    assert 1 == status
    assert "gov2021.carry[total]" in out
    status, _, err = _run(["audit", "-", "--previous", "-"], capsys)
    assert 2 == status
    assert "standard input (-) is read once: name it once, not 2 times" in err


def test_previous_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--previous with several files, an unreadable LAST, or with --chain: usage errors (2), nothing
    audited as if it had been checked across years."""
    this = tmp_path / "2024.txt"
    this.write_text(TABS, encoding="utf-8")
    poem = tmp_path / "poem.txt"
    poem.write_text("床前明月光，疑是地上霜。", encoding="utf-8")
    status, out, err = _run(["audit", str(this), str(this), "--previous", str(this)], capsys)
    assert (2, "") == (status, out)
    assert "--previous gives last year's report of one file, and 2 files are given" in err
    status, out, err = _run(["audit", str(this), "--previous", str(poem)], capsys)
    assert (2, "") == (status, out)
    assert f"{poem} (--previous): not readable as a disclosure annual report: no row label" in err
    status, _, err = _run(["audit", str(this), "--previous", str(this), "--chain"], capsys)
    assert 2 == status
    assert "not allowed with argument" in err


def test_carry_over_is_not_checked_across_a_gap(tmp_path: Path) -> None:
    """A report two years earlier says nothing about this year's 上年结转: the carry rules are unchecked,
    with the reason, however the figures compare."""
    result = audit_report(TABS, previous=_last_year(TABS, forward="3\t0\t0\t0\t0\t0\t3", year=2022))
    assert result.ok
    carry = [r for r in result.rules if r.code.startswith("gov2021.carry[")]
    assert 7 == len(carry)
    assert {("unchecked", "the previous report is of 2022, 2 years before 2024")} == {
        (r.status, r.reason) for r in carry
    }


def _titled(agency: str, year: int, forward: str = "3\t1\t0\t0\t0\t0\t4") -> bytes:
    text = TABS.replace("测试县人民政府 2024 年", f"{agency} {year} 年")
    return _last_year(text, forward=forward, year=year).encode() if year != 2024 else text.encode()


def test_chain_pairs_the_same_agency_and_the_nearest_earlier_year() -> None:
    """Hand-written titles: 淮安市洪泽区人民政府 2024 is paired with 洪泽区人民政府 2023 (one agency,
    named with and without its city), not with 淮安市人民政府 2023 nor with its own 2021 report;
    淮安市人民政府 2023 has no earlier report; the first of two reports of the same year is taken."""
    files = [
        ("city-2023.txt", _titled("淮安市人民政府", 2023, "3\t0\t0\t0\t0\t0\t3")),
        ("district-2021.txt", _titled("洪泽区人民政府", 2021, "3\t0\t0\t0\t0\t0\t3")),
        ("district-2023.txt", _titled("洪泽区人民政府", 2023)),
        ("district-2023-copy.txt", _titled("洪泽区人民政府", 2023, "3\t0\t0\t0\t0\t0\t3")),
        ("district-2024.txt", _titled("淮安市洪泽区人民政府", 2024)),
        ("other-2024.txt", _titled("测试县人民政府", 2024)),
    ]
    audits = {a.source: a for a in audit_files(files, chain=True)}
    assert {
        "city-2023.txt": None,
        "district-2021.txt": None,
        "district-2023.txt": "district-2021.txt",
        "district-2023-copy.txt": "district-2021.txt",
        "district-2024.txt": "district-2023.txt",
        "other-2024.txt": None,
    } == {name: a.previous for name, a in audits.items()}
    this = audits["district-2024.txt"]
    assert this.result is not None
    assert "淮安市洪泽区人民政府" == this.result.report.agency
    assert this.verdict == "consistent"  # 2023's 结转下年度 3 1 … 4 is 2024's 上年结转
    assert "holds" == next(r.status for r in this.result.rules if r.code == "gov2021.carry[total]")
    # the same files without chain: no cross-year check, no previous
    assert {None} == {a.previous for a in audit_files(files)}
    assert pair_years([]) == []


def test_chain_finds_the_carry_over_that_breaks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A directory with --chain: 2024's 上年结转 3 1 … 4 against 2023's 结转下年度 3 0 … 3 is two findings on
    2024's row, whose ``previous`` names the 2023 file; without --chain 2024 alone is consistent."""
    (tmp_path / "a.txt").write_bytes(_titled("洪泽区人民政府", 2023, "3\t0\t0\t0\t0\t0\t3"))
    (tmp_path / "b.txt").write_bytes(_titled("淮安市洪泽区人民政府", 2024))

    def row_of(out: str) -> str:
        return next(line for line in out.splitlines() if line.startswith(str(tmp_path / "b.txt")))

    _, out, _ = _run(["audit", str(tmp_path)], capsys)
    assert "previous" not in out.splitlines()[0]
    assert ["consistent", "0", "0"] == row_of(out).split()[4:7]
    status, out, _ = _run(["audit", str(tmp_path), "--chain"], capsys)
    assert 1 == status
    assert "previous" in out.splitlines()[0]
    assert ["findings", "2", "0", str(tmp_path / "a.txt")] == row_of(out).split()[4:8]


# The README's verdicts of the whole folder with --chain: each report with its agency's earlier one.
CHAINED = {
    "09_hongze_district_2023.txt": ("findings", ""),
    "10_hongze_district_2024.txt": ("findings", "09_hongze_district_2023.txt"),
    "11_huaian_city_2024.txt": ("consistent", ""),
    "09_hongze_district_2023.pdftotext-raw.txt": ("findings", ""),
    "10_hongze_district_2024.pdftotext-raw.txt": ("findings", "09_hongze_district_2023.txt"),
    "11_huaian_city_2024.pdftotext-raw.txt": ("consistent", ""),
    "40_pingtan_2016.txt": ("consistent", "48_pingtan_2013.txt"),
    "41_pingtan_2018.txt": ("findings", "40_pingtan_2016.txt"),
    "42_pingtan_2022.txt": ("findings", "41_pingtan_2018.txt"),
    "43_pingtan_2023.txt": ("findings", "42_pingtan_2022.txt"),
    "44_pingtan_2024.txt": ("consistent", "43_pingtan_2023.txt"),
    "45_pingtan_county_2011.txt": ("consistent", ""),
    "46_pingtan_2011.txt": ("consistent", ""),
    "47_pingtan_2012.txt": ("findings", "46_pingtan_2011.txt"),
    "48_pingtan_2013.txt": ("findings", "47_pingtan_2012.txt"),
    "49_sanming_2013.txt": ("findings", ""),
    "50_sanming_2014.txt": ("findings", "49_sanming_2013.txt"),
    "51_putian_urban_management_2023.txt": ("consistent", ""),
}
"""41 is 1 with 40 (the running total falls); 47, 48 and 50 stay 1 with their chain findings added; 43 and
44 keep their verdicts (the carry-over holds); 45 (平潭县人民政府) is not paired with 46 (平潭综合实验区)."""


@needs_samples
def test_the_samples_chained_in_one_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``opengov audit DIR --chain --to csv``: every sample's verdict with its earlier report, as the README
    gives it, and the ``previous`` column naming that report."""
    target = tmp_path / "summary.csv"
    status, _, _ = _run(["audit", str(REPORTS), "--chain", "--to", "csv", "-o", str(target)], capsys)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    found = {
        Path(r["file"]).name: (r["verdict"], Path(r["previous"]).name if r["previous"] else "") for r in rows
    }
    assert CHAINED == {name: found[name] for name in CHAINED}
    errors = {Path(r["file"]).name: int(r["errors"]) for r in rows}
    assert (2, 5, 5, 8) == (
        errors["41_pingtan_2018.txt"],
        errors["47_pingtan_2012.txt"],
        errors["48_pingtan_2013.txt"],
        errors["50_sanming_2014.txt"],
    )
    # the folder's README quotes row labels and a stray figure: a row of its own, "unreadable", which
    # makes the run's status 2 (a file could not be read as a report) instead of 1 (findings)
    readme = next(r for r in rows if Path(r["file"]).name == "README.md")
    assert readme["verdict"] == "unreadable"
    assert readme["reason"].endswith("not enough of a table to audit")
    assert 2 == status


def test_the_stock_of_documents_in_force_follows_last_year() -> None:
    """表二: 现行有效 = 上年现行有效 + 本年制发 − 本年废止. This year 12 = 10 + 3 − 1 holds; against a last
    year of 12 in force it fails by 2, naming the four cells; 规章 (2 = 2 + 0 − 0) holds either way."""
    held = audit_report(TABS, previous=_last_year(TABS))
    outcomes = {o.code: o.status for o in held.rules}
    assert ("holds", "holds") == (
        outcomes["gov2021.stock[proactive.rules]"],
        outcomes["gov2021.stock[proactive.normative]"],
    )
    last = _last_year(TABS).replace("行政规范性文件  3 1 10", "行政规范性文件  3 1 12")
    failed = audit_report(TABS, previous=last)
    (finding,) = [f for f in failed.findings if f.code == "gov2021.stock[proactive.normative]"]
    assert ("carry", "error", 12, 14, -2) == (
        finding.kind,
        finding.severity,
        finding.left,
        finding.right,
        finding.difference,
    )
    assert [12, 3, 1, 12] == [cell.value for cell in finding.cells]
    assert ("现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数 (行政规范性文件)", "=") == (
        finding.text,
        finding.relation,
    )
    assert "fails" == {o.code: o.status for o in failed.rules}["gov2021.stock[proactive.normative]"]
    assert "上年 行政规范性文件" == finding.cells[-1].row_label
    assert "this year 12, last year 12 + 3 − 1 = 14 (difference -2)" in finding.message
    assert "holds" == {o.code: o.status for o in failed.rules}["gov2021.stock[proactive.rules]"]


def test_the_stock_is_unchecked_across_a_gap_of_years() -> None:
    result = audit_report(TABS, previous=_last_year(TABS, year=2022))
    outcome = next(o for o in result.rules if o.code == "gov2021.stock[proactive.normative]")
    assert ("unchecked", "the previous report is of 2022, 2 years before 2024") == (
        outcome.status,
        outcome.reason,
    )


def test_the_stock_is_unchecked_where_a_cell_holds_no_figure() -> None:
    """规章's 本年制发 this year, or its 现行有效 last year, printed as —: that rule is unchecked, and the
    next one (行政规范性文件, 12 = 10 + 3 − 1) is still checked."""
    marked_now = TABS.replace("规章  0 0 2", "规章  — 0 2")
    marked_before = _last_year(TABS).replace("规章  0 0 2", "规章  0 0 —")
    for this, last in ((marked_now, _last_year(TABS)), (TABS, marked_before)):
        outcomes = {o.code: (o.status, o.reason) for o in audit_report(this, previous=last).rules}
        assert [("unchecked", "a cell holds no figure"), ("holds", "")] == [
            outcomes["gov2021.stock[proactive.rules]"],
            outcomes["gov2021.stock[proactive.normative]"],
        ]


def test_cross_year_rules_are_checked_when_a_report_names_no_year() -> None:
    """Without a year in this report's title, or in last year's, nothing says they are years apart: the
    carry-over and stock rules are checked (and hold)."""
    no_year = "政府信息公开工作年度报告"
    this_unknown = TABS.replace("2024 年政府信息公开工作年度报告", no_year)
    last_unknown = _last_year(TABS).replace("2023 年政府信息公开工作年度报告", no_year)
    for this, last in ((this_unknown, _last_year(TABS)), (TABS, last_unknown)):
        outcomes = {o.code: o.status for o in audit_report(this, previous=last).rules}
        assert ["holds", "holds"] == [
            outcomes["gov2021.carry[total]"],
            outcomes["gov2021.stock[proactive.normative]"],
        ]
