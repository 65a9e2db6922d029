"""The tables API around the formats: choosing the period, format and agency, reading a built table, its
JSON shape, its checks and the cross-year check, and the figures a format computes from sums and amounts.

Every expectation is written by hand: the labels, units and shapes from the templates
(/work/shared/domain/formats.md, ``docs/tables.md``), the figures counted from the events in the test, the
messages from the docstrings that promise them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.errors import CalendarDataMissingError, RuleViolationError
from opengov.events import Event
from opengov.fold import AgencyFacts, Period, extension_recorded
from opengov.formats import Column, Format, Row, TableSpec, get_format
from opengov.formats._model import equal
from opengov.tables import (
    Table,
    TableSet,
    build_table,
    build_tables,
    check_carry_over,
    rollup,
    tables_from_facts,
)
from strategies import received
from test_ledger import fee_notice

D = ev.Disposition


def _received(
    app: str,
    day: dt.date,
    *,
    agency: str = "a",
    applicant: ev.ApplicantKind = ev.ApplicantKind.NATURAL_PERSON,
) -> ev.ApplicationReceived:
    return attrs.evolve(received(app, day, agency), applicant=applicant)


def _concluded(app: str, day: dt.date, disposition: D = D.DISCLOSED, *, agency: str = "a") -> Event:
    return ev.ApplicationConcluded(
        id=f"c-{agency}-{app}", agency=agency, at=day, application_id=app, disposition=disposition
    )


# ---------------------------------------------------------------------------------------------------------
# An agency with no events: every figure is a zero of the cell's kind, in every format.


@pytest.mark.parametrize(
    ("year", "key", "cells"), [(2018, "gov2008", 58), (2020, "gov2019", 198), (2024, "gov2021", 200)]
)
def test_an_empty_log_gives_zero_in_every_cell(year: int, key: str, cells: int) -> None:
    """Nothing happened: each cell is 0 (an int for counts, a Decimal for amounts in 万元), never blank.

    A blank (``None``) would be "not reported", which a table built from a log never is. The numbers of
    figure cells: gov2008 58 figure rows of 65 (7 headings); gov2019 6 + 6 + 6 + 2 + 2 proactive cells,
    23 × 7 application cells (one （六）其他处理 row), 15 dispute cells; gov2021 6 + 1 + 2 + 1, 25 × 7 and 15.
    """
    tables = build_table([], year=year)  # the format in force, for an agency with no events
    assert (key, "", Period.year(year)) == (tables.format.key, tables.agency, tables.period)
    figures = list(tables)
    assert cells == len(figures)
    for cell in figures:
        assert cell.value == 0, cell
        assert type(cell.value) is (Decimal if cell.unit == "万元" else int), cell


def test_the_empty_tables_of_a_period_given_as_such() -> None:
    """``period=`` instead of ``year=``, no agency: the tables of that period, in the format in force or
    in the one asked for."""
    tables = build_table([], period=Period.year(2019), format=None)
    assert ("gov2019", "", Period.year(2019)) == (tables.format.key, tables.agency, tables.period)
    assert 0 == tables["applications.new", "total"]
    assert "gov2021" == build_table([], year=2019, format="gov2021").format.key
    assert "gov2008" == build_table([], period=Period.year(2019), format="gov2008").format.key


# ---------------------------------------------------------------------------------------------------------
# Choosing the period, the format and the agency.


def _two_agencies(year: int) -> list[Event]:
    return [
        _received("x", dt.date(year, 3, 2), agency="a"),
        _received("y", dt.date(year, 3, 2), agency="b"),
        _received("z", dt.date(year, 3, 3), agency="b"),
    ]


def test_period_or_year_but_not_both() -> None:
    log = _two_agencies(2024)
    for kwargs in ({}, {"year": 2024, "period": Period.year(2024)}):
        with pytest.raises(ValueError, match=r"^give exactly one of period= and year=$"):
            build_table(log, agency="a", **kwargs)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"^give exactly one of period= and year=$"):
            build_tables(log, **kwargs)  # type: ignore[arg-type]
    by_period = build_table(log, agency="b", period=Period(dt.date(2024, 3, 3), dt.date(2024, 12, 31)))
    assert 1 == by_period["applications.new", "total"]  # y was received the day before the period


def test_the_format_by_key_by_object_or_in_force() -> None:
    log = _two_agencies(2020)
    assert "gov2019" == build_table(log, agency="a", year=2020).format.key  # the default is "auto"
    assert "gov2019" == build_table(log, agency="a", year=2020, format="auto").format.key
    assert "gov2019" == build_table(log, agency="a", year=2020, format=None).format.key
    gov2021 = get_format("gov2021")
    assert gov2021 is build_table(log, agency="a", year=2020, format=gov2021).format
    assert "gov2021" == build_table(log, agency="a", year=2020, format="gov2021").format.key
    built = build_tables(log, year=2020)  # the default is "auto"
    assert {"a": "gov2019", "b": "gov2019"} == {agency: t.format.key for agency, t in built.items()}
    assert {"a": 1, "b": 2} == {agency: t["applications.new", "total"] for agency, t in built.items()}
    with pytest.raises(KeyError, match="unknown format 'AUTO'"):
        build_table(log, agency="a", year=2020, format="AUTO")


def test_one_agency_of_several() -> None:
    """agency= picks one; left out with several, a ValueError names them all; an unknown one, a KeyError."""
    log = _two_agencies(2024)
    a, b = build_table(log, agency="a", year=2024), build_table(log, agency="b", year=2024)
    assert ("a", 1) == (a.agency, a["applications.new", "total"])
    assert ("b", 2) == (b.agency, b["applications.new", "total"])
    with pytest.raises(
        ValueError,
        match=r"^the log holds several agencies \(a, b\): "
        r"name one with agency= \(--agency on the command line\)$",
    ):
        build_table(log, year=2024)
    with pytest.raises(KeyError, match=r"^\"agency 'c' has no events in the log\"$"):
        build_table(log, agency="c", year=2024)
    # only one agency in the log: no need to name it
    assert 2 == build_table(log[1:], year=2024)["applications.new", "total"]


def test_other_agencies_events_are_skipped() -> None:
    """Agency a's application in 2027 needs calendar data the package lacks; agency b's tables do not."""
    log = [
        _received("x", dt.date(2027, 3, 1), agency="a"),
        _concluded("x", dt.date(2027, 3, 20), agency="a"),
        _received("y", dt.date(2027, 3, 1), agency="b"),
    ]
    assert 1 == build_table(log, agency="b", year=2027)["applications.carried_forward", "total"]
    with pytest.raises(CalendarDataMissingError):
        build_table(log, agency="a", year=2027)
    with pytest.raises(CalendarDataMissingError):
        build_tables(log, year=2027)


def test_the_calendar_and_the_assessor_are_passed_on() -> None:
    """gov2008's 按时 / 延期办结: a working-day calendar decides, unless an assessor replaces it.

    Received Friday 2018-09-28, answered 2018-10-25 without extension: one working day after the 15th
    (docs/tables.md: a late answer is 延期办结). ``extension_recorded`` judges by the log alone: no
    extension recorded, so on time. 2027 is a year the package has no calendar for: an estimating calendar
    builds it, the default refuses.
    """
    log = [_received("x", dt.date(2018, 9, 28)), _concluded("x", dt.date(2018, 10, 25))]
    on_time, extended = "1. 按时办结数", "2. 延期办结数"
    judged = build_table(log, year=2018, format="gov2008")
    assert (0, 1) == (judged.by_label(on_time), judged.by_label(extended))
    assessed = build_table(log, year=2018, format="gov2008", assess=extension_recorded)
    assert (1, 0) == (assessed.by_label(on_time), assessed.by_label(extended))
    assessed_all = build_tables(log, year=2018, format="gov2008", assess=extension_recorded)["a"]
    assert (1, 0) == (assessed_all.by_label(on_time), assessed_all.by_label(extended))

    later = [_received("x", dt.date(2027, 3, 1)), _concluded("x", dt.date(2027, 3, 5))]
    estimating = WorkingCalendar.default().estimating()
    assert 1 == build_table(later, year=2027, calendar=estimating)["applications.disclosed", "total"]
    assert 1 == build_tables(later, year=2027, calendar=estimating)["a"]["applications.disclosed", "total"]
    with pytest.raises(CalendarDataMissingError):
        build_table(later, year=2027)


# ---------------------------------------------------------------------------------------------------------
# Figures a format computes: sums over several facts, and amounts in 万元.


def test_gov2008_sums_several_dispositions_into_one_row_and_late_answers_into_extended() -> None:
    """Two dispositions share 6. 申请信息不存在数 (does not exist; would need creating: formats.md's gov2008
    mapping); a late answer and one within its extension are both 2. 延期办结数; a fee of 100 yuan paid is
    0.01 万元 in 七、依申请公开信息收取的费用."""
    log: list[Event] = [
        _received("x", dt.date(2018, 9, 28)),
        _concluded("x", dt.date(2018, 10, 25), D.UNAVAILABLE_DOES_NOT_EXIST),  # late, no extension
        _received("y", dt.date(2018, 9, 28)),
        ev.DeadlineExtended(
            id="e", agency="a", at=dt.date(2018, 10, 20), application_id="y", working_days=15
        ),
        _concluded("y", dt.date(2018, 11, 14), D.UNAVAILABLE_NEEDS_CREATION),  # within the extension
        _received("z", dt.date(2018, 5, 2)),
        attrs.evolve(fee_notice("z", dt.date(2018, 5, 3)), agency="a"),  # 100 yuan
        ev.FeePaid(id="p", agency="a", at=dt.date(2018, 5, 4), application_id="z", amount=Decimal("100")),
        _concluded("z", dt.date(2018, 5, 8), D.DISCLOSED),
    ]
    tables = build_table(log, year=2018, format="gov2008")
    assert 2 == tables.by_label("6. 申请信息不存在数")
    assert (1, 2) == (tables.by_label("1. 按时办结数"), tables.by_label("2. 延期办结数"))
    assert Decimal("0.01") == tables.by_label("七、依申请公开信息收取的费用")


def test_gov2019_procurement_in_ten_thousands() -> None:
    """（九）项 政府集中采购: 3 projects for 1 250 000 yuan are 3 and 125 万元."""
    log = [
        ev.ProcurementRecorded(
            id="p", agency="a", at=dt.date(2020, 6, 1), projects=3, amount=Decimal("1250000")
        )
    ]
    tables = build_table(log, year=2020, format="gov2019")
    assert 3 == tables.by_label("政府集中采购", "采购项目数量")
    assert Decimal("125") == tables.by_label("政府集中采购", "采购总金额")


# ---------------------------------------------------------------------------------------------------------
# Reading a built table.


def test_reading_cells_by_key() -> None:
    tables = build_table([_received("x", dt.date(2024, 3, 2))], year=2024, format="gov2021")
    assert 1 == tables["applications.new", "natural_person"]
    assert 1 == tables.table("applications")["applications.new", "total"]
    with pytest.raises(KeyError, match=r"^\"format gov2021 has no table 'statistics'\"$"):
        tables.table("statistics")
    with pytest.raises(
        KeyError, match=r"^\"table applications has no cell \('applications.new', 'value'\)\"$"
    ):
        tables.table("applications")["applications.new"]
    single = build_table([], year=2018, format="gov2008")
    assert 0 == single["capacity.staff"]  # a single-column table read by row key alone
    assert 0 == single.table("statistics")["capacity.staff"]


def _toy_tableset() -> TableSet:
    """A declared table whose column labels repeat: 总计 once alone and once under a group, 结果维持
    under two groups; and two tables with a row labelled 合计."""
    columns = (
        Column("total", "总计"),
        Column("g.total", "总计", "复议"),
        Column("g.upheld", "结果维持", "复议"),
        Column("h.upheld", "结果维持", "诉讼"),
    )
    first = TableSpec(
        "first", "一", (Row("head", "一、案件", None), Row("sum", "合计", "件", "head")), columns
    )
    second = TableSpec("second", "二", (Row("sum2", "合计", "件"),), (Column("value", "统计数"),))
    fmt = Format(
        key="toy",
        title="toy",
        basis="test",
        first_year=2000,
        last_year=None,
        tables=(first, second),
        fill=dict,
    )
    values = {("sum", "total"): 1, ("sum", "g.total"): 2, ("sum", "g.upheld"): 3, ("sum", "h.upheld"): 4}
    return TableSet(
        fmt,
        "a",
        Period.year(2024),
        (Table(first, values), Table(second, {("sum2", "value"): 5})),
    )


def test_labels_name_cells_and_the_ungrouped_column_wins() -> None:
    """A label printed once alone and once under a group names the one alone; under two groups it is
    ambiguous; table= narrows the search; a parent's label must be a parent's."""
    toy = _toy_tableset()
    assert 1 == toy.by_label("合计", "总计", table="first")
    assert 5 == toy.by_label("合计", table="second")
    assert 1 == toy.by_label("一、案件/合计", "总计")
    with pytest.raises(
        KeyError, match=r"row label '合计' is ambiguous: sum \(under head\), sum2 \(under None\)"
    ):
        toy.by_label("合计", "总计")
    with pytest.raises(
        KeyError, match=r"^\"column label '结果维持' is ambiguous: g.upheld, h.upheld; use the column key\"$"
    ):
        toy.by_label("合计", "结果维持", table="first")
    with pytest.raises(KeyError, match=r"^\"no row labelled '二/合计' in toy\"$"):
        toy.by_label("二/合计")  # sum2 has no parent row
    with pytest.raises(KeyError, match=r"^\"no row labelled '一、案件' in toy\"$"):
        toy.by_label("一、案件")  # a heading has no figure


def test_table_narrows_the_label_search() -> None:
    """gov2019: 行政许可 is a row of （五）项 only; asked in （六）项 it is not there."""
    listed = ev.ServiceItemListed(
        id="l", agency="a", at=dt.date(2020, 3, 2), item_id="i", kind=ev.ServiceItemKind.LICENSING
    )
    tables = build_table([listed], year=2020, format="gov2019")
    assert 1 == tables.by_label("行政许可", "本年增/减", table="proactive.item5")
    with pytest.raises(KeyError, match="no row labelled '行政许可' in gov2019"):
        tables.by_label("行政许可", "本年增/减", table="proactive.item6")


# ---------------------------------------------------------------------------------------------------------
# The JSON shape (docs/tables.md).


def test_as_dict_shape() -> None:
    """Every table with its key, title and section; every cell with its labels, unit and value; counts as
    integers, amounts in 万元 as strings of digits."""
    log = [
        ev.AdministrativeFeesCollected(id="f", agency="sf", at=dt.date(2024, 5, 1), amount=Decimal("125300")),
        ev.ReconsiderationFiled(id="k", agency="sf", at=dt.date(2024, 5, 1), case_id="k"),
        _received("x", dt.date(2024, 3, 2), agency="sf", applicant=ev.ApplicantKind.COMMERCIAL_ENTERPRISE),
    ]
    data = build_table(log, year=2024, format="gov2021").as_dict()
    assert {"format": "gov2021", "agency": "sf", "period": {"start": "2024-01-01", "end": "2024-12-31"}} == {
        k: v for k, v in data.items() if k != "tables"
    }
    assert [
        ("proactive.item1", "第二十条第（一）项", "proactive", 6),
        ("proactive.item5", "第二十条第（五）项", "proactive", 1),
        ("proactive.item6", "第二十条第（六）项", "proactive", 2),
        ("proactive.item8", "第二十条第（八）项", "proactive", 1),
        ("applications", "三、收到和处理政府信息公开申请情况", "applications", 175),
        ("disputes", "四、政府信息公开行政复议、行政诉讼情况", "disputes", 15),
    ] == [(t["key"], t["title"], t["section"], len(t["cells"])) for t in data["tables"]]
    fees, applications, disputes = data["tables"][3], data["tables"][4], data["tables"][5]
    assert [
        {
            "row": "proactive.fees",
            "row_label": "行政事业性收费",
            "column": "amount",
            "column_label": "本年收费金额（单位：万元）",
            "column_group": None,
            "unit": "万元",
            "value": "12.53",
        }
    ] == fees["cells"]
    assert {
        "row": "applications.new",
        "row_label": "一、本年新收政府信息公开申请数量",
        "column": "commercial_enterprise",
        "column_label": "商业企业",
        "column_group": "法人或其他组织",
        "unit": "件",
        "value": 1,
    } == applications["cells"][1]
    assert {
        "row": "disputes.count",
        "row_label": "案件数",
        "column": "reconsideration.pending",
        "column_label": "尚未审结",
        "column_group": "行政复议",
        "unit": "件",
        "value": 1,
    } == disputes["cells"][3]


def test_as_dict_amounts_are_plain_digits() -> None:
    """Amounts are digits without an exponent, whatever the Decimal's own form: 1E+5 yuan is 10 万元,
    written "10" (the Decimal's str would be 1E+1); 0.001 yuan is "0.0000001" (not 1E-7); 1 yuan is
    "0.0001"."""

    def fees(amount: str) -> object:
        log = [
            ev.AdministrativeFeesCollected(id="f", agency="a", at=dt.date(2024, 5, 1), amount=Decimal(amount))
        ]
        [cell] = build_table(log, year=2024, format="gov2021").as_dict()["tables"][3]["cells"]
        return cell["value"]

    assert ["10", "0.0000001", "0.0001", "0"] == [fees("1E+5"), fees("0.001"), fees("1"), fees("0")]


# ---------------------------------------------------------------------------------------------------------
# Checking built tables.


def test_check_gathers_every_tables_results() -> None:
    """gov2021 has 42 rules (formats.md: per column 一+二 = 七+四 and 七 = Σ results, 7 × 2; 总计 = Σ
    applicant columns in 25 rows; 总计 = Σ its four in 3 dispute groups). Broken figures in two tables are
    both reported, in table order; a blank cell leaves its rule unchecked."""
    tables = build_table([], year=2024, format="gov2021")
    clean = tables.check()
    assert (0, 0, 42) == (len(clean.violations), len(clean.unchecked), clean.checked)
    broken = []
    for table in tables.tables:
        values = dict(table.values)
        if table.spec.key == "applications":
            values["applications.new", "natural_person"] = 1  # 一 + 二 = 1, 七 + 四 = 0; 总计 column 0
            del values["applications.carried_forward", "research_institution"]  # blank: balance unchecked
        if table.spec.key == "disputes":
            values["disputes.count", "reconsideration.total"] = 2
        broken.append(Table(table.spec, values))
    result = attrs.evolve(tables, tables=tuple(broken)).check()
    assert [
        "gov2021.t3.balance[natural_person]",
        "gov2021.t3.total[new]",
        "gov2021.t4.reconsideration",
    ] == [v.rule.code for v in result.violations]
    assert ["gov2021.t3.balance[research_institution]", "gov2021.t3.total[carried_forward]"] == [
        r.code for r in result.unchecked
    ]
    assert 40 == result.checked


def test_tables_breaking_a_rule_are_refused_with_every_broken_rule() -> None:
    """A format whose fill breaks two rules (a bug in a declaration): the error names the format, the
    agency and each rule with its figures."""
    gov2008 = get_format("gov2008")

    def fill(facts: AgencyFacts) -> dict[tuple[str, str], object]:
        values = dict(gov2008.fill(facts))
        values["applications.received", "value"] = 1
        values["capacity.staff", "value"] = 2
        return values

    broken = attrs.evolve(gov2008, key="broken2008", fill=fill)
    with pytest.raises(RuleViolationError) as caught:
        tables_from_facts(AgencyFacts(agency="a", period=Period.year(2018)), broken)
    assert (
        "broken2008 tables of agency 'a' break their rules: "
        "gov2008.received: 收到申请数 = 当面 + 传真 + 网络 + 信函: 1 = 0 does not hold (difference 1); "
        "gov2008.staff: 从事政府信息公开工作人员数 = 专职 + 兼职: 2 = 0 does not hold (difference 2)"
    ) == str(caught.value)


def test_carry_over_compares_this_years_carried_in_with_last_years_carried_forward() -> None:
    """Received 2024-12-20, answered 2025-01-10: 2024's 四、结转下年度继续办理 is 1 and 2025's 二、上年结转
    is 1. Against a 2024 with nothing carried forward, the two columns that differ are reported, each with
    both figures and the cells they come from."""
    log = [_received("x", dt.date(2024, 12, 20)), _concluded("x", dt.date(2025, 1, 10))]
    y2024, y2025 = (build_table(log, year=y, format="gov2021") for y in (2024, 2025))
    assert () == check_carry_over(y2024, y2025)
    empty2024 = build_table([], year=2024, format="gov2021")
    violations = check_carry_over(empty2024, y2025)
    assert [
        "gov2021.carry[natural_person]: 本年 二、上年结转 = 上年 四、结转下年度继续办理 (自然人): 1 = 0 "
        "does not hold (difference 1)",
        "gov2021.carry[total]: 本年 二、上年结转 = 上年 四、结转下年度继续办理 (总计): 1 = 0 "
        "does not hold (difference 1)",
    ] == [str(v) for v in violations]
    first = violations[0]
    assert (
        (("applications.carried_in", "natural_person"),),
        (("applications.carried_forward", "natural_person"),),
        True,
    ) == (first.rule.left, first.rule.right, first.rule.inferred)
    assert (1, 0) == (first.left, first.right)
    assert (
        (("applications.carried_in", "natural_person"), 1),
        (("applications.carried_forward", "natural_person"), 0),
    ) == first.values
    assert (
        equal(
            "gov2021.carry[total]",
            "本年 二、上年结转 = 上年 四、结转下年度继续办理 (总计)",
            [("applications.carried_in", "total")],
            [("applications.carried_forward", "total")],
            inferred=True,
        )
        == violations[1].rule
    )
    # the other way round: last year carried one forward that this year does not carry in
    assert [(0, 1), (0, 1)] == [(v.left, v.right) for v in check_carry_over(y2024, empty2024)]


# ---------------------------------------------------------------------------------------------------------
# Rolling up.


def test_rollup_sums_cell_by_cell_under_a_name() -> None:
    log = _two_agencies(2024)
    a, b = build_table(log, agency="a", year=2024), build_table(log, agency="b", year=2024)
    summed = rollup([a, b])
    assert ("rollup", Period.year(2024), "gov2021") == (summed.agency, summed.period, summed.format.key)
    assert 3 == summed["applications.new", "total"]
    named = rollup([a, b, b], name="区政府")
    assert ("区政府", 5) == (named.agency, named["applications.new", "natural_person"])
    with pytest.raises(ValueError, match=r"^cannot roll up 'b' \(gov2021, .*2025.*\) with 'a'"):
        rollup([a, b, build_table(_two_agencies(2025), agency="b", year=2025)])


# ---------------------------------------------------------------------------------------------------------
# Formats by name.


def test_formats_and_templates_by_name() -> None:
    assert "fujian2014" == get_format("fujian2014").key
    assert "gov2019" == get_format("gov2019").key
    with pytest.raises(
        KeyError,
        match=r"^\"unknown format 'gov2030'; known: fujian2008, fujian2014, gov2008, gov2019, gov2021\"$",
    ):
        get_format("gov2030")
