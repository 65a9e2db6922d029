"""Reading a built table by its printed labels (TableSet.by_label), and rolling tables up.

Expectations are the labels of the templates and the messages the docstrings promise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from opengov import events as ev
from opengov.events import CaseOutcome, Event, LawsuitRoute
from opengov.formats import format_for_year
from opengov.tables import build_table, rollup


def _cases(year: int) -> list[Event]:
    """One reconsideration corrected, two lawsuits (direct) upheld."""
    log: list[Event] = [
        ev.ReconsiderationFiled(id="f", agency="a", at=dt.date(year, 2, 1), case_id="k"),
        ev.ReconsiderationDecided(
            id="d", agency="a", at=dt.date(year, 3, 1), case_id="k", outcome=CaseOutcome.CORRECTED
        ),
    ]
    for n in ("1", "2"):
        log.append(
            ev.LawsuitFiled(
                id=f"lf{n}", agency="a", at=dt.date(year, 2, 1), case_id=n, route=LawsuitRoute.DIRECT
            )
        )
        log.append(
            ev.LawsuitDecided(
                id=f"ld{n}", agency="a", at=dt.date(year, 4, 1), case_id=n, outcome=CaseOutcome.UPHELD
            )
        )
    return log


def test_a_label_printed_twice_is_read_under_its_parent() -> None:
    """gov2008 prints (二) 被依法纠错数 under both 四、行政复议数量 and 五、行政诉讼数量."""
    tables = build_table(_cases(2018), year=2018, format="gov2008")
    assert 1 == tables.by_label("四、行政复议数量/(二) 被依法纠错数")
    assert 0 == tables.by_label("五、行政诉讼数量/(二) 被依法纠错数")
    assert 2 == tables.by_label("五、行政诉讼数量/(一) 维持具体行政行为或者驳回原告诉讼请求数")
    assert 2 == tables.by_label("五、行政诉讼数量")
    with pytest.raises(
        KeyError, match=r"ambiguous: .*\(under .*\), .*\(under .*\); prefix the parent's label"
    ):
        tables.by_label("(二) 被依法纠错数")
    with pytest.raises(KeyError, match="no row labelled '六、行政复议数量/\\(二\\) 被依法纠错数' in gov2008"):
        tables.by_label("六、行政复议数量/(二) 被依法纠错数")
    with pytest.raises(KeyError, match="no row labelled '没有这一行' in gov2008"):
        tables.by_label("没有这一行")


def test_matrix_tables_need_an_unambiguous_column_label() -> None:
    """gov2021 table 三 by applicant column; table 四's 总计 is printed in three groups."""
    year = 2024
    log = _cases(year)
    log.append(
        ev.ApplicationReceived(
            id="r",
            agency="a",
            at=dt.date(year, 5, 1),
            application_id="x",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        )
    )
    tables = build_table(log, year=year, format="gov2021")
    new = "一、本年新收政府信息公开申请数量"
    assert (1, 1, 0) == (
        tables.by_label(new, "自然人"),
        tables.by_label(new, "总计"),  # the ungrouped 总计 wins over any grouped one
        tables.by_label(new, "商业企业"),
    )
    with pytest.raises(KeyError, match="has several columns: give a column label"):
        tables.by_label(new)
    with pytest.raises(KeyError, match="has no column labelled '外国人'"):
        tables.by_label(new, "外国人")
    with pytest.raises(
        KeyError, match=r"column label '结果维持' is ambiguous: \S+, \S+, \S+; use the column key"
    ):
        tables.by_label("案件数", "结果维持")


def test_rollup_refuses_what_does_not_add_up() -> None:
    """Nothing, different formats or different periods: a ValueError naming both sides."""
    with pytest.raises(ValueError, match=r"^nothing to roll up$"):
        rollup([])
    a2024 = build_table(_cases(2024), year=2024, format="gov2021")
    with pytest.raises(ValueError, match=r"cannot roll up 'a' \(gov2019"):
        rollup([a2024, build_table(_cases(2024), year=2024, format="gov2019")])
    with pytest.raises(ValueError, match=r"cannot roll up 'a' \(gov2021, .*2025"):
        rollup([a2024, build_table(_cases(2025), year=2025, format="gov2021")])
    summed = rollup([a2024, a2024])
    assert 2 == summed["disputes.count", "reconsideration.corrected"]


def test_no_format_before_2008() -> None:
    with pytest.raises(KeyError, match="no report format covers 2007: the regulation took effect in 2008"):
        format_for_year(2007)
