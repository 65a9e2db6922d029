"""Ambiguous rows joined by a rule are read together (issue 10): settled where exactly one combined reading
satisfies the rules (saying that the reading assumed them), kept ambiguous where several do, an error where
none does.

Every input is written by hand in the Fujian 2014–2018 template as web pages run it together (one line,
each row's 本年 and 历年累计 digits glued: ``1333`` is 1 | 333 or 13 | 33 — 本年 ≤ 历年累计 and no leading
zero leave no other reading). The expected cells are worked out in each docstring, not by the reader.
"""

from __future__ import annotations

from opengov.audit import AuditResult, audit_report


def _report(answers: str, granted: str, partial: str) -> AuditResult:
    """受理 50900 (only 50 | 900 reads), all through 当面; 答复总数, 同意公开 and 同意部分公开 as given; every
    other row 00 (0 | 0)."""
    text = (
        "某县2016年政府信息公开工作年度报告 指标名称计量单位2016年度历年累计主动公开文件数条00"
        "其中：1.政府网站公开数条002.政府公报公开数条00受理政府信息公开申请总数条50900其中：1.当面申请数条50900"
        f"2.网上申请数条003.信函申请数条00对申请的答复总数条{answers}其中：1.同意公开答复数条{granted}"
        f"2.同意部分公开答复数条{partial}3.不予公开答复数条004.其他类型答复数条00接受行政申诉、举报数件00"
        "行政复议数件00行政诉讼数件00 相关链接"
    )
    return audit_report(text, format="fujian2014")


def _pair(result: AuditResult, row: str) -> tuple[object, object]:
    table = result.report.table("statistics")
    return table.value(row, "year"), table.value(row, "cumulative")


def test_two_ambiguous_rows_that_one_combined_reading_fits_are_read_so() -> None:
    """答复 ``1333`` (1 | 333 or 13 | 33), 同意 ``1122`` (1 | 122 or 11 | 22), 同意部分 ``211`` (only 2 | 11).
    答复 = 同意 + 同意部分 in both columns: 13 = 11 + 2 and 33 = 22 + 11 is the one combination of the four
    (1 = 1 + 2, 1 = 11 + 2, 13 = 1 + 2 fail). Each row alone fitted 答复 ≤ 受理 and 本年 ≤ 累计 two ways."""
    result = _report("1333", "1122", "211")
    assert _pair(result, "answers") == (13, 33)
    assert _pair(result, "answers.granted") == (11, 22)
    assert _pair(result, "answers.partial") == (2, 11)
    assert not [f for f in result.findings if f.kind == "ambiguous"], result.to_text()
    assert result.ok, result.to_text()
    cell = result.report.table("statistics").cells[("answers", "year")]
    assert "fujian2014.parts[answers].year" in cell.assumed
    assert "fujian2014.parts[answers].cumulative" in cell.assumed
    outcomes = {r.code: r.status for r in result.rules}
    assert outcomes["fujian2014.parts[answers].year"] == "assumed"  # no evidence: the reading assumed it
    assert outcomes["fujian2014.parts[answers].cumulative"] == "assumed"
    notes = [n for n in result.notes if "jointly" in n]
    assert len(notes) == 2
    assert notes[0].startswith("对申请的答复总数: run-together digits 1333 split as 13 33 by assuming ")
    assert "jointly with '1.同意公开答复数'" in notes[0]


def test_rows_that_several_combined_readings_fit_stay_ambiguous() -> None:
    """答复 ``1333`` and 同意 ``1333``, 同意部分 ``00``: 1 | 333 with 1 | 333 and 13 | 33 with 13 | 33 both
    satisfy 答复 = Σ 答复类型, so neither is guessed: both rows keep their warning and no figure."""
    result = _report("1333", "1333", "00")
    ambiguous = [f for f in result.findings if f.kind == "ambiguous"]
    assert len(ambiguous) == 2
    assert all("1333 have 2 readings" in f.message for f in ambiguous)
    table = result.report.table("statistics")
    for row in ("answers", "answers.granted"):
        assert {table.cells[(row, c)].state for c in ("year", "cumulative")} == {"ambiguous"}
    assert _pair(result, "answers.partial") == (0, 0)
    assert not [n for n in result.notes if "jointly" in n]
    assert result.ok  # nothing contradicts the rules whichever was meant


def test_rows_whose_rules_hold_one_at_a_time_but_never_together_are_an_error() -> None:
    """答复 ``1122`` (1 | 122 or 11 | 22) and 同意 ``1222`` (1 | 222 or 12 | 22), 同意部分 ``00``: the
    本年 rule holds for 1 = 1 and the 累计 rule for 22 = 22, but no one reading of the two rows satisfies
    both."""
    result = _report("1122", "1222", "00")
    joint = [f for f in result.errors if f.code == "read.statistics.joint"]
    assert len(joint) == 1, result.to_text()
    message = joint[0].message
    assert "fujian2014.parts[answers].year" in message
    assert "fujian2014.parts[answers].cumulative" in message
    assert "at once" in message
    assert {c.row for c in joint[0].cells} >= {"answers", "answers.granted"}


def test_a_settled_reading_that_contradicts_another_rule_is_still_checked() -> None:
    """The joint reading assumes only the rules joining the ambiguous rows: 受理 = Σ 渠道 still fails when
    当面 says 50 | 800 (50 + 0 + 0 = 50 ✓, 800 ≠ 900 ✗)."""
    result = _report("1333", "1122", "211")
    assert result.ok
    broken = audit_report(
        _text_with_channel("50800"),
        format="fujian2014",
    )
    assert _pair(broken, "answers") == (13, 33)
    assert [f.code for f in broken.errors] == ["fujian2014.parts[applications].cumulative"]


def _text_with_channel(in_person: str) -> str:
    return (
        "某县2016年政府信息公开工作年度报告 指标名称计量单位2016年度历年累计主动公开文件数条00"
        "其中：1.政府网站公开数条002.政府公报公开数条00受理政府信息公开申请总数条50900其中：1.当面申请数条"
        f"{in_person}2.网上申请数条003.信函申请数条00对申请的答复总数条1333其中：1.同意公开答复数条1122"
        "2.同意部分公开答复数条2113.不予公开答复数条004.其他类型答复数条00接受行政申诉、举报数件00"
        "行政复议数件00行政诉讼数件00 相关链接"
    )
