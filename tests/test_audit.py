"""The auditor on fixture reports of our own, one per layout users have, and on its building blocks."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from opengov.audit import NotAReportError, audit_report
from opengov.audit._split import SearchTooLarge, splits
from opengov.audit._text import canon
from opengov.cli import main
from opengov.errors import OpengovError
from opengov.formats import FORMATS

FIXTURES = Path(__file__).parent / "audit_fixtures"
sys.path.insert(0, str(FIXTURES))

from _data import DISPUTES, ROWS3, T3, figure_rows, row3  # noqa: E402

CLEAN = [
    "gov2021_tabs.txt",
    "gov2021_layout.txt",
    "gov2021_one_cell.txt",
    "gov2021_markdown.md",
    "gov2021_table.html",
]


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_layouts_read_every_cell_and_hold(name: str) -> None:
    """Every layout of the consistent fixture is read cell for cell and every rule holds."""
    result = audit_report(_read(name), source=name)
    assert ("gov2021", [], 42) == (result.format, list(result.findings), result.count("holds"))
    table = result.report.table("applications")
    for key in figure_rows():
        assert list(row3(key)) == [table.value(key, c.key) for c in T3.columns]
    disputes = result.report.table("disputes")
    assert list(DISPUTES) == [disputes.value("disputes.count", c.key) for c in disputes.spec.columns]
    assert Decimal("12.5") == result.report.value("proactive.fees", "amount")


def test_layout_errors_name_rule_cells_and_difference() -> None:
    """A changed figure fails exactly the rules that read it, with labels, figures and difference."""
    result = audit_report(_read("gov2021_layout_errors.txt"))
    codes = sorted(f.code for f in result.findings)
    expected = sorted(
        [
            "gov2021.t3.results[natural_person]",
            "gov2021.t3.total[disclosed]",
            "gov2021.t3.total[carried_forward]",
            "gov2021.t3.balance[total]",
        ]
    )
    assert expected == codes
    finding = next(f for f in result.findings if f.code == "gov2021.t3.total[disclosed]")
    assert (25, 26, -1) == (finding.left, finding.right, finding.difference)
    assert "（一）予以公开" == finding.cells[0].row_label
    assert "总计" == finding.cells[0].column_label
    assert 1 == result.exit_status


def test_run_together_digits_split_by_rules_and_ambiguity_reported() -> None:
    """Glued digits are split by the row's total rule; item tables without rules report ambiguity."""
    result = audit_report(_read("gov2021_glued.txt"))
    table = result.report.table("applications")
    assert (40, 6, 1, 0, 2, 1, 50) == tuple(table.value("applications.new", c.key) for c in T3.columns)
    assert ("gov2021.t3.total[new]",) == table.cell("applications.new", "total").assumed
    outcome = {r.code: r.status for r in result.rules}
    assert "assumed" == outcome["gov2021.t3.total[new]"]
    ambiguous = [f for f in result.findings if f.kind == "ambiguous"]
    assert ["read.proactive.item1.split"] == [f.code for f in ambiguous]
    assert "ambiguous" == result.report.table("proactive.item1").cell("proactive.normative", "issued").state
    assert result.ok


def test_run_together_row_from_the_brief() -> None:
    """``640020470`` in the seven columns of table 三 reads as 64,0,0,2,0,4,70."""
    result = audit_report("一、本年新收政府信息公开申请数量640020470", format="gov2021")
    table = result.report.table("applications")
    assert (64, 0, 0, 2, 0, 4, 70) == tuple(table.value("applications.new", c.key) for c in T3.columns)


def test_unsplittable_digits_are_an_error() -> None:
    """Digits no reading of which satisfies the rules are reported, not guessed."""
    result = audit_report(
        "一、本年新收政府信息公开申请数量11111111\n二、上年结转政府信息公开申请数量0000000", format="gov2021"
    )
    assert ["split"] == [f.kind for f in result.findings]
    assert 1 == result.exit_status


def test_blank_zero_and_markers_stay_distinct() -> None:
    """A blank cell, a 0 and a — are three states; rules reading blank or — are not checkable."""
    values = ["5", "", "0", "—", "/", "无", "5"]
    text = "一、本年新收政府信息公开申请数量\t" + "\t".join(values)
    result = audit_report(text, format="gov2021")
    table = result.report.table("applications")
    states = [table.cell("applications.new", c.key).state for c in T3.columns]
    assert ["number", "blank", "number", "marker", "marker", "marker", "number"] == states
    outcome = {r.code: r for r in result.rules}
    assert "unchecked" == outcome["gov2021.t3.total[new]"].status
    assert "blank" in outcome["gov2021.t3.total[new]"].reason


def test_space_aligned_blank_cells_placed_by_column() -> None:
    """On a space-aligned table, a row with blanks places its figures under the columns they align to."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    for key in ("applications.new", "applications.carried_in"):
        lines.append(f"{T3.row(key).label:<20}" + "".join(f"{v:>5}" for v in row3(key)))
    values = row3("applications.disclosed")
    cells = "".join(f"{v:>5}" if n in (0, 6) else "     " for n, v in enumerate(values))
    lines.append(f"{T3.row('applications.disclosed').label:<20}{cells}")
    table = audit_report("\n".join(lines), format="gov2021").report.table("applications")
    states = [table.cell("applications.disclosed", c.key).state for c in T3.columns]
    assert ["number", "blank", "blank", "blank", "blank", "blank", "number"] == states


def test_gov2008_detected_and_checked() -> None:
    """A gov2008 统计表 is detected; blank rows leave their rules unchecked; the rest hold."""
    result = audit_report(_read("gov2008_tabs.txt"))
    assert ("gov2008", True) == (result.format, result.ok)
    assert Decimal("0.03") == result.report.value("fees")
    assert 0 < result.count("holds")


def test_gov2019_single_other_row() -> None:
    """gov2019's one-row （六）其他处理 reads; in gov2021 such a row is checked through the sum."""
    lines = [f"{T3.row(k).label}\t" + "\t".join(map(str, row3(k))) for k in figure_rows()]
    other = [
        sum(x)
        for x in zip(*(row3(k) for k in figure_rows() if k.startswith("applications.otherwise")), strict=True)
    ]
    lines = [ln for ln in lines if not ln.startswith(("1.申请人", "2.申请人", "3.其他"))]
    index = next(n for n, ln in enumerate(lines) if ln.startswith("（七）"))
    lines.insert(index, "（六）其他处理\t" + "\t".join(map(str, other)))
    text = "\n".join(lines)
    assert audit_report(text, format="gov2019").ok
    result = audit_report(text, format="gov2021")
    assert (True, ("applications.otherwise",)) == (result.ok, result.report.table("applications").collapsed)
    assert 0 == result.count("fails")


def test_own_renderer_plain_text_audits_clean() -> None:
    """Label + tab-separated numbers, official labels in official order, parse and hold in every format."""
    for fmt in FORMATS.values():
        lines = []
        for table in fmt.tables:
            for row in table.rows:
                if not row.is_heading:
                    lines.append(row.label + "\t" + "\t".join("0" for _ in table.columns))
        result = audit_report("\n".join(lines), format=fmt.key)
        assert (True, 0) == (result.ok, result.count("unchecked")), fmt.key


def test_narrative_received_figure_checked() -> None:
    """共受理…申请 N 件 in the text is checked against 本年新收 总计 (or with 上年结转)."""
    table = "\n".join(f"{T3.row(k).label}\t" + "\t".join(map(str, row3(k))) for k in figure_rows())
    assert audit_report("全年共受理政府信息公开申请 50 件。\n" + table).ok
    assert audit_report("全年共受理政府信息公开申请 54 件。\n" + table).ok
    result = audit_report("全年共受理政府信息公开\n申请 17 件。\n" + table)
    assert [("narrative.applications", 17, 50, -33)] == [
        (f.code, f.left, f.right, f.difference) for f in result.findings
    ]


def test_carry_over_against_previous_year() -> None:
    """This year's 上年结转 is checked against last year's 结转下年度, column by column."""
    this = _read("gov2021_tabs.txt")
    last = this.replace("四、结转下年度继续办理\t3\t1", "四、结转下年度继续办理\t3\t2").replace(
        "四、结转下年度继续办理\t3\t2\t0\t0\t0\t0\t5", "四、结转下年度继续办理\t3\t1\t0\t0\t0\t0\t4"
    )
    last = last.replace("行政规范性文件  3 1 12", "行政规范性文件  3 1 10")  # 12 in force = 10 + 3 − 1
    assert audit_report(this, previous=last).ok
    previous = last.replace(
        "四、结转下年度继续办理\t3\t1\t0\t0\t0\t0\t4", "四、结转下年度继续办理\t3\t0\t0\t0\t0\t0\t3"
    )
    result = audit_report(this, previous=audit_report(previous))
    codes = [f.code for f in result.findings if f.kind == "carry"]
    assert ["gov2021.carry[commercial_enterprise]", "gov2021.carry[total]"] == codes


def test_not_a_report() -> None:
    """Text with no table raises NotAReportError, an OpengovError naming the source."""
    with pytest.raises(NotAReportError, match=r"poem\.txt") as info:
        audit_report("床前明月光，疑是地上霜。", source="poem.txt")
    assert isinstance(info.value, OpengovError)


def test_one_row_of_figures_found_by_detection_is_not_a_report() -> None:
    """A text *about* reports (labels in prose, one row with figures) is refused when the format is
    detected, naming the row and its line; with the format given the same row is read; two rows are a
    report."""
    about = "说明：表中各行如下，本年新收、上年结转等。\n"
    row = "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    with pytest.raises(NotAReportError) as info:
        audit_report(about + row, source="README.md")
    assert "README.md:2:" in str(info.value)
    assert "only the row '一、本年新收政府信息公开申请数量'" in info.value.reason
    assert info.value.reason.endswith("not enough of a table to audit")
    assert 1 == audit_report(about + row, format="gov2021").report.table("applications").value(
        "applications.new", "total"
    )
    second = "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
    assert audit_report(row + second).report.format.key == "gov2021"


def test_json_output_is_stable_and_serialisable() -> None:
    """to_json has the documented keys and serialises."""
    data = audit_report(_read("gov2021_layout_errors.txt")).to_json()
    assert {
        "version",
        "agency",
        "source",
        "format",
        "detection",
        "year",
        "consistent",
        "summary",
        "findings",
        "rules",
        "notes",
        "tables",
    } == set(data)
    first = data["findings"][0]
    assert {
        "kind",
        "severity",
        "code",
        "text",
        "message",
        "cells",
        "left",
        "relation",
        "right",
        "difference",
        "lines",
    } == set(first)
    json.dumps(data, ensure_ascii=False)


def test_cli_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0 consistent, 1 findings, 2 not a report; JSON output parses."""
    bad = tmp_path / "poem.txt"
    bad.write_text("床前明月光", encoding="utf-8")
    clean = str(FIXTURES / "gov2021_tabs.txt")
    wrong = str(FIXTURES / "gov2021_layout_errors.txt")
    assert 0 == main(["audit", clean])
    assert 1 == main(["audit", clean, wrong, "--to", "json"])
    out = capsys.readouterr().out
    assert 2 == len(json.loads(out[out.index("{") :])["reports"])
    assert 2 == main(["audit", str(bad)])
    assert "poem.txt" in capsys.readouterr().err


def test_split_search_is_bounded() -> None:
    """Very long digit strings give up instead of searching for ever."""
    with pytest.raises(SearchTooLarge):
        list(splits("1" * 60, 15, max_nodes=1000))
    assert [(6, 4, 0)] == list(splits("640", 3))


def test_canon_ignores_width_spaces_and_numbering_punctuation() -> None:
    """Labels compare without spaces, full-width forms, quotes or 、 after a digit."""
    assert canon("3、危及“三安全一稳定”") == canon("3.危及三安全一稳定")
    assert canon("（二） 部分公开") == canon("(二)部分公开")


def test_fixture_rows_are_consistent() -> None:
    """The fixture's figures satisfy every table 三 rule (so findings come only from changes)."""
    assert 25 == len(ROWS3)


def test_a_whole_table_on_one_line_is_cut_at_its_row_labels() -> None:
    """Web-page text: labels glued to digits and to the next label's numbering (``…00000042.其他…``)."""
    from opengov.audit._flat import Cutter

    cutter = Cutter(["属于国家秘密", "其他法律行政法规禁止公开", "危及三安全一稳定", "不予公开"])
    line = (
        "网站导航 首页（三）不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000"
        "3.危及三安全一稳定0000000五、存在的问题"
    )
    assert cutter.cut(line) == [
        "网站导航 首页",
        "（三）不予公开",
        "1.属于国家秘密4000004",
        "2.其他法律行政法规禁止公开0000000",
        "3.危及三安全一稳定0000000",
        "五、存在的问题",
    ]


def test_a_one_line_gov2021_table_is_audited() -> None:
    """Crawler header, narrative and the whole table 三 on one line: the rows are read and checked."""
    text = (
        "标题: 2023年度政府信息公开工作年度报告\n发布时间: 2024-01-01\n"
        "一、总体情况 本机关全年收到政府信息公开申请70件。三、收到和处理政府信息公开申请情况"
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开540020460（七）总计640020470四、结转下年度继续办理0000000"
        "五、存在的主要问题及改进情况 无。"
    )
    result = audit_report(text, format="gov2021")
    table = result.report.table("applications")
    assert [table.value("applications.new", c.key) for c in table.spec.columns] == [64, 0, 0, 2, 0, 4, 70]
    assert table.value("applications.total", "total") == 70
