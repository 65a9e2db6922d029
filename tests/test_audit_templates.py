"""Provincial templates (Fujian's 本年 / 历年累计 tables) read from hand-written inputs in each layout.

Every expectation is worked out by hand from the input written here.
"""

from __future__ import annotations

import pytest

from opengov.audit import audit_report as audit
from opengov.formats import TEMPLATES, get_format

# Fujian 2014–2018 template, figures chosen by hand: 受理 12 = 5 + 4 + 3; 答复 12 = 8 + 2 + 1 + 1.
_ROWS = [
    ("主动公开文件数", "条", 120, 900),
    ("其中：1.政府网站公开数", "条", 110, 850),
    ("2.政府公报公开数", "条", 10, 50),
    ("受理政府信息公开申请总数", "条", 12, 60),
    ("其中：1.当面申请数", "条", 5, 20),
    ("2.网上申请数", "条", 4, 30),
    ("3.信函申请数", "条", 3, 10),
    ("对申请的答复总数", "条", 12, 60),
    ("其中：1.同意公开答复数", "条", 8, 40),
    ("2.同意部分公开答复数", "条", 2, 10),
    ("3.不予公开答复数", "条", 1, 5),
    ("4.其他类型答复数", "条", 1, 5),
    ("接受行政申诉、举报数", "件", 0, 1),
    ("行政复议数", "件", 0, 2),
    ("行政诉讼数", "件", 0, 0),
]
_HEAD = (
    "标题: 某县2016年政府信息公开工作年度报告\n正文 2016年全县主动公开政府信息120条。"
    "附表 指标名称 计量单位 2016年度 历年累计 "
)


def _spaced(rows: list[tuple[str, str, int, int]]) -> str:
    return _HEAD + " ".join(f"{label} {unit} {y} {c}" for label, unit, y, c in rows)


def _glued(rows: list[tuple[str, str, int, int]]) -> str:
    return _HEAD.replace(" ", "") + "".join(f"{label}{unit}{y}{c}" for label, unit, y, c in rows)


def _cells(rows: list[tuple[str, str, int, int]]) -> str:
    lines = ["某县2016年政府信息公开工作年度报告", "指标名称", "计量单位", "2016年度", "历年累计"]
    for label, unit, y, c in rows:
        lines += [label, unit, str(y), str(c)]
    return "\n".join(lines)


def _tabs(rows: list[tuple[str, str, int, int]]) -> str:
    return "\n".join(f"{label}\t{unit}\t{y}\t{c}" for label, unit, y, c in rows)


@pytest.mark.parametrize("layout", [_spaced, _glued, _tabs])
def test_consistent_template_reads_clean_in_every_layout(layout: object) -> None:
    result = audit(layout(_ROWS))  # type: ignore[operator]
    assert result.format == "fujian2014"
    statistics = result.report.table("statistics")
    assert statistics.value("applications", "year") == 12
    assert statistics.value("applications", "cumulative") == 60
    assert statistics.value("answers.other", "cumulative") == 5
    assert (result.exit_status, result.count("fails")) == (0, 0), result.to_text()


def test_channel_sum_failure_names_row_column_and_figures() -> None:
    """受理 12 but 当面 + 网上 + 信函 = 5 + 4 + 4 = 13 in 本年: one finding, in the 本年 column."""
    rows = list(_ROWS)
    rows[6] = ("3.信函申请数", "条", 4, 10)
    result = audit(_spaced(rows))
    assert [(f.code, f.left, f.right) for f in result.errors] == [
        ("fujian2014.parts[applications].year", 12, 13)
    ]
    assert result.errors[0].cells[0].column_label == "本年"


def test_running_total_can_not_fall_between_two_reports() -> None:
    """Next year's 累计 is this year's 累计 + next year's 本年: 主动公开 900 + 100 = 1000, printed 950."""
    later = [(label, unit, 0, c) for label, unit, _, c in _ROWS]
    later[0] = ("主动公开文件数", "条", 100, 950)
    later[1] = ("其中：1.政府网站公开数", "条", 100, 950)  # 850 + 100: consistent
    text = _spaced(later).replace("2016", "2017").replace("120条", "100条")
    assert audit(text).ok
    result = audit(text, previous=_spaced(_ROWS))
    carry = [(f.code, f.left, f.relation, f.right) for f in result.errors]
    assert carry == [("fujian2014.chain[proactive]", 950, "=", 1000)]
    apart = audit(text.replace("2017", "2018"), previous=_spaced(_ROWS))
    assert [(f.relation, f.right) for f in apart.errors] == [("≥", 1000)]


def test_templates_are_declared_not_built() -> None:
    """Templates document themselves like formats and refuse to be built from one period's facts."""
    assert sorted(TEMPLATES) == ["fujian2008", "fujian2014"]
    fmt = get_format("fujian2008")
    assert fmt.tables[0].columns[1].label == "历年累计"
    with pytest.raises(ValueError, match="历年累计"):
        fmt.fill(None)


def test_blank_total_is_a_finding_of_its_own() -> None:
    """A result row with figures and its 总计 left blank: "total not reported", not a pass, not a zero."""
    result = audit("一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t", format="gov2021")
    assert [(f.kind, f.code) for f in result.errors] == [("not_reported", "read.applications.total_blank")]
    assert result.errors[0].cells[0].column == "total"
    assert result.report.table("applications").cell("applications.new", "total").state == "blank"
    # a row left wholly blank reports nothing, so it is no such finding
    assert audit("一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t", format="gov2021").ok
