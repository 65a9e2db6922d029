"""The audit's rule evaluator on small hand-made tables: every figure and message written by hand.

The rules, tables and formats here are toys declared in this file (a few rows, a few columns), so each
expectation is worked out by hand from the figures put in, independent of the official declarations
(which `tests/test_mapping.py` and `tests/test_golden.py` check). These are the quick tests `make mutants`
runs against the evaluator (`opengov.formats._model`, and the rule and carry checks of
`opengov.audit._findings`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opengov.audit._findings import check_carry, check_tables
from opengov.audit._model import FindingCell, PublishedCell, PublishedReport, PublishedTable
from opengov.formats import (
    TOTAL,
    CarryRule,
    CheckResult,
    Column,
    Format,
    Row,
    Rule,
    TableSpec,
    check_rules,
    check_values,
)
from opengov.formats._model import Relation, Violation, at_most, equal, rows_from, sum_of, sum_values

# -- a toy table: 收到 = 办结 + 在办, with 其中 按时 ≤ 办结 ------------------------------------------

ROWS = rows_from(
    [
        ("got", "收到申请", "件", None),
        ("heading", "处理情况", None, None),
        ("done", "办结", "件", "heading"),
        ("open", "在办", "件", "heading"),
        ("timely", "其中：按时", "件", "done"),
    ]
)
COLUMNS = (Column("a", "甲"), Column("b", "乙", group="组"), Column(TOTAL, "总计", unit="人"))
BALANCE = sum_of("toy.balance", "收到 = 办结 + 在办", ("got", "a"), [("done", "a"), ("open", "a")])
TIMELY = at_most("toy.timely", "按时 ≤ 办结", [("timely", "a")], [("done", "a")])
ROW_TOTAL = sum_of("toy.total", "甲 + 乙 = 总计", ("got", TOTAL), [("got", "a"), ("got", "b")])
SPEC = TableSpec("t", "表一", ROWS, COLUMNS, (BALANCE, TIMELY, ROW_TOTAL))


def _lookup(figures: dict[tuple[str, str], Any]) -> Any:
    return figures.get


def test_rows_are_one_level_below_their_parent() -> None:
    """rows_from: top rows at level 0, each child one below its parent, headings without a unit."""
    assert [("got", 0, None), ("heading", 0, None), ("done", 1, "heading"), ("open", 1, "heading")] == [
        (r.key, r.level, r.parent) for r in ROWS[:4]
    ]
    assert ("timely", 2, "done", "件", "其中：按时") == (
        ROWS[4].key,
        ROWS[4].level,
        ROWS[4].parent,
        ROWS[4].unit,
        ROWS[4].label,
    )
    assert [False, True, False, False, False] == [r.is_heading for r in ROWS]


def test_rule_constructors_set_sides_and_relation() -> None:
    """sum_of puts the total left; at_most the lesser left; inferred is false unless asked for."""
    assert (BALANCE.left, BALANCE.right) == ((("got", "a"),), (("done", "a"), ("open", "a")))
    assert (Relation.EQUAL, False, "toy.balance", "收到 = 办结 + 在办") == (
        BALANCE.relation,
        BALANCE.inferred,
        BALANCE.code,
        BALANCE.text,
    )
    assert (Relation.AT_MOST, False) == (TIMELY.relation, TIMELY.inferred)
    assert (("timely", "a"), ("done", "a")) == TIMELY.cells
    both = equal("x", "x", [("got", "a")], [("done", "a")], inferred=True)
    assert (Relation.EQUAL, True, (("got", "a"),), (("done", "a"),)) == (
        both.relation,
        both.inferred,
        both.left,
        both.right,
    )
    assert sum_of("y", "y", ("got", "a"), [("done", "a")], inferred=True).inferred
    assert at_most("z", "z", [("got", "a")], [("done", "a")], inferred=True).inferred
    assert (("got", "a"), ("done", "a"), ("open", "a")) == BALANCE.cells


@pytest.mark.parametrize(
    ("got", "done", "open_", "holds"),
    [(5, 3, 2, True), (5, 3, 1, False), (5, 3, 3, False), (0, 0, 0, True)],
)
def test_an_equality_holds_only_on_equal_sums(got: int, done: int, open_: int, holds: bool) -> None:
    figures = {("got", "a"): got, ("done", "a"): done, ("open", "a"): open_}
    assert holds is BALANCE.holds(_lookup(figures))


@pytest.mark.parametrize(("timely", "done", "holds"), [(2, 3, True), (3, 3, True), (4, 3, False)])
def test_at_most_holds_up_to_equality(timely: int, done: int, holds: bool) -> None:
    assert holds is TIMELY.holds(_lookup({("timely", "a"): timely, ("done", "a"): done}))
    assert holds is TIMELY.compare(timely, done)


def test_sums_stay_integers_until_an_amount_comes_in() -> None:
    zero = sum_values([])
    assert (0, int) == (zero, type(zero))
    three = sum_values([1, 2])
    assert (3, int) == (three, type(three))
    amount = sum_values([1, Decimal("0.25"), Decimal("2.5")])
    assert (Decimal("3.75"), Decimal) == (amount, type(amount))


def test_check_rules_sorts_rules_into_violated_unchecked_and_held() -> None:
    """A blank cell makes a rule unchecked (not failed); a failing rule keeps its sums and figures."""
    figures = {("got", "a"): 5, ("done", "a"): 3, ("open", "a"): 1, ("timely", "a"): 3}
    result = check_rules(SPEC.rules, _lookup(figures))
    assert 2 == result.checked
    assert (ROW_TOTAL,) == result.unchecked
    assert (Violation(BALANCE, 5, 4, ((("got", "a"), 5), (("done", "a"), 3), (("open", "a"), 1))),) == (
        result.violations
    )
    assert not result.ok
    later = check_rules([ROW_TOTAL, BALANCE], _lookup(figures))  # an unchecked rule first
    assert (1, (ROW_TOTAL,), 1) == (later.checked, later.unchecked, len(later.violations))
    fine = check_rules([TIMELY], _lookup(figures))
    assert (True, 1, (), ()) == (fine.ok, fine.checked, fine.violations, fine.unchecked)
    assert (True, 0) == (CheckResult().ok, CheckResult().checked)


_CELLS = [("got", "a"), ("done", "a"), ("open", "a"), ("timely", "a"), ("got", "b"), ("got", TOTAL)]
_FIGURE = st.one_of(
    st.none(),
    st.integers(-2, 6),
    st.decimals(min_value=-3, max_value=3, places=2, allow_nan=False, allow_infinity=False),
)


@st.composite
def _figures(draw: st.DrawFn) -> dict[tuple[str, str], Any]:
    """Figures on which every rule of SPEC holds, then up to two cells blanked, removed or changed."""
    done, open_, other = draw(st.integers(0, 4)), draw(st.integers(0, 4)), draw(st.integers(0, 4))
    timely = draw(st.integers(0, done))
    held = (done + open_, done, open_, timely, other, done + open_ + other)
    figures: dict[tuple[str, str], Any] = dict(zip(_CELLS, held, strict=True))
    for cell in draw(st.lists(st.sampled_from(_CELLS), max_size=2, unique=True)):
        change = draw(st.sampled_from(["blank", "missing", "figure"]))
        if change == "missing":
            del figures[cell]
        else:
            figures[cell] = None if change == "blank" else draw(_FIGURE)
    return figures


@settings(max_examples=300)
@given(_figures(), st.lists(st.sampled_from(SPEC.rules), min_size=1, max_size=3, unique=True).map(tuple))
def test_check_values_says_what_check_rules_says(figures: dict[tuple[str, str], Any], rules: Any) -> None:
    """The generated all-hold expression only ever short-cuts to the result the rule-by-rule check gives:
    on held and broken rules, blank (None) and missing cells, ints and amounts."""
    assert check_rules(rules, figures.get) == check_values(rules, figures)


def test_check_values_on_held_broken_and_blank_figures() -> None:
    """Every rule holding: checked, nothing else. One broken, or one cell blank or missing: the same result
    as check_rules, naming the rule (a blank None == None must not pass for a held rule)."""
    held = {("got", "a"): 5, ("done", "a"): 3, ("open", "a"): 2, ("timely", "a"): 3}
    held |= {("got", "b"): 1, ("got", TOTAL): 6}
    assert CheckResult((), (), 3) == check_values(SPEC.rules, held)
    broken = held | {("open", "a"): Decimal("1.5")}
    assert (BALANCE,) == tuple(v.rule for v in check_values(SPEC.rules, broken).violations)
    copy = dict(held)
    del copy[("got", "b")]
    assert ((ROW_TOTAL,), 2) == (
        check_values(SPEC.rules, copy).unchecked,
        check_values(SPEC.rules, copy).checked,
    )
    same = Rule("toy.same", "收到 = 收到乙", (("got", "a"),), Relation.EQUAL, (("got", "b"),))
    blank = {("got", "a"): None, ("got", "b"): None}
    assert CheckResult((), (same,), 0) == check_values((same,), blank)  # type: ignore[arg-type]
    assert CheckResult((), (), 0) == check_values((), {})


def test_check_values_reads_keys_that_are_not_plain_texts() -> None:
    """A rule whose cell keys are not plain str (a StrEnum member, whose repr is no literal for it) is read
    by its keys themselves: held, broken and blank as check_rules says."""
    import enum

    class Key(enum.StrEnum):
        GOT = "got"
        DONE = "done"

    rule = Rule("toy.enum", "收到 = 办结", ((Key.GOT, "a"),), Relation.EQUAL, ((Key.DONE, "a"),))
    for figures in ({(Key.GOT, "a"): 2, (Key.DONE, "a"): 2}, {(Key.GOT, "a"): 2, (Key.DONE, "a"): 1}):
        assert check_rules((rule,), figures.get) == check_values((rule,), figures)
    assert CheckResult((), (), 1) == check_values((rule,), {(Key.GOT, "a"): 2, (Key.DONE, "a"): 2})
    assert (rule,) == check_values((rule,), {(Key.GOT, "a"): None, (Key.DONE, "a"): 2}).unchecked


def test_a_blank_on_either_side_leaves_a_rule_unchecked() -> None:
    """收到 blank, or 在办 blank with the other figures there: 收到 = 办结 + 在办 is unchecked either way."""
    for blank in (("got", "a"), ("open", "a")):
        figures = {("got", "a"): 5, ("done", "a"): 3, ("open", "a"): 2}
        del figures[blank]
        result = check_rules([BALANCE], _lookup(figures))
        assert ((BALANCE,), 0, ()) == (result.unchecked, result.checked, result.violations)


def test_a_zero_is_a_figure_not_a_blank() -> None:
    figures = {("got", "a"): 0, ("done", "a"): 0, ("open", "a"): 0}
    result = check_rules([BALANCE], _lookup(figures))
    assert (1, (), ()) == (result.checked, result.unchecked, result.violations)


def test_a_violation_says_rule_sums_and_difference() -> None:
    violation = Violation(TIMELY, 4, 3, ((("timely", "a"), 4), (("done", "a"), 3)))
    assert 1 == violation.difference
    assert "toy.timely: 按时 ≤ 办结: 4 ≤ 3 does not hold (difference 1)" == str(violation)
    assert "toy.balance: 收到 = 办结 + 在办: 2 = 5 does not hold (difference -3)" == str(
        Violation(BALANCE, 2, 5, ())
    )


def test_a_table_knows_its_rows_columns_units_and_cells() -> None:
    assert SPEC.is_matrix
    assert not TableSpec("one", "单列", ROWS[:1], (Column("value", "统计数"),)).is_matrix
    assert ROWS[2] is SPEC.row("done")
    assert COLUMNS[1] is SPEC.column("b")
    assert (True, False) == (SPEC.has_row("open"), SPEC.has_row("nope"))
    assert ("件", "人") == (SPEC.unit(("got", "a")), SPEC.unit(("got", TOTAL)))
    assert [(r, c) for r in ("got", "done", "open", "timely") for c in ("a", "b", TOTAL)] == list(
        SPEC.cells()
    )
    with pytest.raises(KeyError, match=r"table t has no row 'nope'"):
        SPEC.row("nope")
    with pytest.raises(KeyError, match=r"table t has no column 'z'"):
        SPEC.column("z")


@pytest.mark.parametrize(
    ("rows", "columns", "rules", "message"),
    [
        ((*ROWS, Row("got", "again", "件")), COLUMNS, (), "table t: duplicate row keys"),
        (ROWS, (*COLUMNS, Column("a", "again")), (), "table t: duplicate column keys"),
        (ROWS, COLUMNS, (sum_of("r1", "", ("got", "a"), [("gone", "a")]),), "rule r1 names unknown cell"),
        (ROWS, COLUMNS, (sum_of("r2", "", ("got", "z"), [("done", "a")]),), "rule r2 names unknown cell"),
        (ROWS, COLUMNS, (sum_of("r3", "", ("got", "a"), [("heading", "a")]),), "rule r3 names heading row"),
    ],
)
def test_a_table_declaration_is_checked(rows: Any, columns: Any, rules: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TableSpec("t", "表", rows, columns, rules)


def test_a_rule_naming_a_known_cell_is_accepted() -> None:
    spec = TableSpec("t", "表", ROWS, COLUMNS, (sum_of("ok", "", ("got", "a"), [("done", "b")]),))
    assert 1 == len(spec.rules)


def _format(
    key: str, *tables: TableSpec, carry: tuple[CarryRule, ...] = (), last: int | None = None
) -> Format:
    return Format(key, key, "toy", 2019, last, tables, fill=lambda _: {}, carry_rules=carry)


SECOND = TableSpec(
    "u",
    "表二",
    rows_from([("cases", "案件", "件", None)]),
    (Column("a", "甲"),),
    (sum_of("u.x", "", ("cases", "a"), []),),
)


def test_a_format_finds_tables_and_rows_and_knows_its_years() -> None:
    fmt = _format("toy", SPEC, SECOND, last=2020)
    assert (BALANCE, TIMELY, ROW_TOTAL, SECOND.rules[0]) == fmt.rules
    assert (SPEC, SECOND) == (fmt.table("t"), fmt.table("u"))
    assert (SPEC, SECOND) == (fmt.table_of_row("timely"), fmt.table_of_row("cases"))
    with pytest.raises(KeyError, match="format toy has no table 'v'"):
        fmt.table("v")
    with pytest.raises(KeyError, match="format toy has no row 'gone'"):
        fmt.table_of_row("gone")
    assert [False, True, True, False] == [fmt.applies_to(y) for y in (2018, 2019, 2020, 2021)]
    assert [False, True, True] == [_format("open", SPEC).applies_to(y) for y in (2018, 2019, 2100)]


def test_a_format_refuses_a_row_in_two_tables_and_a_rule_code_twice() -> None:
    again = TableSpec("v", "表三", rows_from([("cases", "案件", "件", None)]), (Column("a", "甲"),))
    with pytest.raises(ValueError, match="format toy: row cases in both u and v"):
        _format("toy", SECOND, again)
    twin = TableSpec(
        "w",
        "表四",
        rows_from([("w", "w", "件", None)]),
        (Column("a", "甲"),),
        (sum_of("u.x", "", ("w", "a"), []),),
    )
    with pytest.raises(ValueError, match=r"format toy: duplicate rule code u\.x"):
        _format("toy", SECOND, twin)


# -- check_tables: what the auditor reports about one published table ----------------------------------------


def _cell(value: Any, line: int | None = None, *, text: str | None = None) -> PublishedCell:
    return PublishedCell("number", value, str(value) if text is None else text, line)


def _published(cells: dict[tuple[str, str], PublishedCell], spec: TableSpec = SPEC) -> PublishedTable:
    return PublishedTable(spec, cells)


def _report(*tables: PublishedTable, key: str = "toy", carry: tuple[CarryRule, ...] = ()) -> PublishedReport:
    return PublishedReport(_format(key, *(t.spec for t in tables), carry=carry), "given", 2024, tables)


def _outcomes(outcomes: list[Any]) -> list[tuple[str, str, str | None]]:
    return [(o.code, o.status, o.reason) for o in outcomes]


def test_a_failing_rule_is_one_finding_with_labels_figures_and_lines() -> None:
    cells = {
        ("got", "a"): _cell(5, 3),
        ("done", "a"): _cell(3, 4),
        ("open", "a"): _cell(1, 7),
        ("timely", "a"): _cell(3, 5),
        ("got", "b"): _cell(2, 3),
        ("got", TOTAL): _cell(7, 3),
    }
    findings, outcomes = check_tables(_report(_published(cells)))
    assert [("toy.balance", "fails", ""), ("toy.timely", "holds", ""), ("toy.total", "holds", "")] == (
        _outcomes(outcomes)
    )
    (finding,) = findings
    assert ("rule", "error", "toy.balance", "收到 = 办结 + 在办") == (
        finding.kind,
        finding.severity,
        finding.code,
        finding.text,
    )
    assert "收到 = 办结 + 在办: 5 = 5, 3 + 1 = 4; 5 = 4 does not hold (difference 1)" == finding.message
    assert (5, "=", 4, 1, (3, 4, 7)) == (
        finding.left,
        finding.relation,
        finding.right,
        finding.difference,
        finding.lines,
    )
    assert (
        FindingCell("got", "收到申请", "a", "甲", 5, "5", 3),
        FindingCell("done", "办结", "a", "甲", 3, "3", 4),
        FindingCell("open", "在办", "a", "甲", 1, "1", 7),
    ) == finding.cells


def test_an_at_most_finding_names_its_relation_and_a_grouped_column() -> None:
    spec = TableSpec(
        "t",
        "表一",
        ROWS,
        COLUMNS,
        (at_most("toy.b", "按时 ≤ 办结（乙）", [("timely", "b")], [("done", "b")]),),
    )
    cells = {("timely", "b"): _cell(4), ("done", "b"): _cell(2, 9)}
    findings, outcomes = check_tables(_report(_published(cells, spec)))
    assert [("toy.b", "fails", "")] == _outcomes(outcomes)
    (finding,) = findings
    assert "按时 ≤ 办结（乙）: 4 = 4, 2 = 2; 4 ≤ 2 does not hold (difference 2)" == finding.message
    assert ("≤", (9,)) == (finding.relation, finding.lines)
    assert ["组·乙", "组·乙"] == [c.column_label for c in finding.cells]


def test_a_rule_reading_no_figure_is_unchecked_with_every_reason_once() -> None:
    cells = {
        ("got", "a"): PublishedCell("blank"),
        ("done", "a"): PublishedCell("marker", text="—"),
        ("open", "a"): PublishedCell("marker", text="/"),
        ("timely", "a"): PublishedCell("ambiguous", text="12"),
        ("got", "b"): _cell(1),
        ("got", TOTAL): _cell(1),
    }
    findings, outcomes = check_tables(_report(_published(cells)))
    assert [] == findings
    assert [
        (
            "toy.balance",
            "unchecked",
            "a cell is blank (not reported); a cell holds a marker (—, /, 无), not a figure",
        ),
        (
            "toy.timely",
            "unchecked",
            "a cell has several readings; a cell holds a marker (—, /, 无), not a figure",
        ),
        ("toy.total", "unchecked", "a cell is blank (not reported)"),
    ] == _outcomes(outcomes)


def test_a_rule_assumed_while_reading_is_no_evidence() -> None:
    """A cell read by assuming a rule (its own code, or one part of a joined code) makes it 'assumed'."""
    joined = sum_of("p+q", "合并", ("got", "b"), [("done", "b")])
    part = sum_of("q", "部分", ("open", "b"), [("timely", "b")])
    spec = TableSpec("t", "表一", ROWS, COLUMNS, (BALANCE, joined, part))
    cells = {
        ("got", "a"): PublishedCell("number", 2, "2", None, ("toy.balance",)),
        ("done", "a"): _cell(1),
        ("open", "a"): _cell(9),
        ("got", "b"): PublishedCell("number", 1, "1", None, ("p",)),
        ("done", "b"): _cell(1),
        ("open", "b"): PublishedCell("number", 1, "1", None, ("p+q",)),
        ("timely", "b"): _cell(1),
    }
    findings, outcomes = check_tables(_report(_published(cells, spec)))
    assert [] == findings
    reason = "the table was read by assuming it"
    assert [("toy.balance", "assumed", reason), ("p+q", "assumed", reason), ("q", "holds", "")] == (
        _outcomes(outcomes)
    )


def test_a_rule_replaced_by_its_siblings_sum_says_so() -> None:
    """When a joined rule ``p+q`` is checked, the part ``p`` reading a missing sub-row is explained."""
    joined = sum_of("p+q", "合并", ("got", "b"), [("done", "b")])
    part = sum_of("p", "部分", ("open", "b"), [("timely", "b")])
    other = sum_of("r", "其他", ("open", "a"), [("timely", "a")])
    spec = TableSpec("t", "表一", ROWS, COLUMNS, (joined, part, other))
    cells = {("got", "b"): _cell(1), ("done", "b"): _cell(1)}
    findings, outcomes = check_tables(_report(_published(cells, spec)))
    assert [] == findings
    # the unchecked ones are listed first, then the checked ones, each in the table's order
    assert [
        ("p", "unchecked", "its row is printed as one row with its siblings: checked in their sum"),
        ("r", "unchecked", "a cell's row was not found in the report"),
        ("p+q", "holds", ""),
    ] == _outcomes(outcomes)


def test_only_figures_are_looked_up_and_every_table_is_checked() -> None:
    first = {("got", "a"): _cell(2), ("done", "a"): _cell(2), ("open", "a"): _cell(0)}
    second = {("cases", "a"): _cell(3, 12)}
    findings, outcomes = check_tables(_report(_published(first), _published(second, SECOND)))
    assert ["u.x"] == [f.code for f in findings]
    assert ": 3 = 3,  = 0; 3 = 0 does not hold (difference 3)" == findings[0].message
    assert (3, 0, 3, (12,)) == (
        findings[0].left,
        findings[0].right,
        findings[0].difference,
        findings[0].lines,
    )
    assert [
        ("toy.timely", "unchecked"),
        ("toy.total", "unchecked"),
        ("toy.balance", "holds"),
        ("u.x", "fails"),
    ] == [(o.code, o.status) for o in outcomes]


APPLICATIONS = TableSpec(
    "applications",
    "表三",
    rows_from(
        [
            ("applications.new", "本年新收", "件", None),
            ("applications.carried_in", "上年结转", "件", None),
            ("applications.forward", "结转下年度", "件", None),
        ]
    ),
    (Column(TOTAL, "总计"),),
)
RECEIVED = TableSpec(
    "table",
    "统计表",
    rows_from([("applications.received", "收到申请数", "件", None)]),
    (Column("value", "统计数"),),
)


# -- check_carry: this year's 上年结转 against last year's 结转下年度 ---------------------------------

CARRY = CarryRule(
    "toy.carry",
    "上年结转 = 上年 结转下年度",
    ("applications.carried_in", TOTAL),
    ("applications.forward", TOTAL),
)


def _year(carried: PublishedCell | None = None, forward: PublishedCell | None = None) -> PublishedReport:
    cells = {}
    if carried is not None:
        cells[("applications.carried_in", TOTAL)] = carried
    if forward is not None:
        cells[("applications.forward", TOTAL)] = forward
    return _report(_published(cells, APPLICATIONS), carry=(CARRY,))


def test_carry_holds_when_the_figures_agree() -> None:
    findings, outcomes = check_carry(_year(carried=_cell(4)), _year(forward=_cell(4)))
    assert ([], [("toy.carry", "holds", "")]) == (findings, _outcomes(outcomes))


def test_carry_that_differs_is_one_finding_naming_both_years() -> None:
    findings, outcomes = check_carry(_year(carried=_cell(5, 21)), _year(forward=_cell(3, 80)))
    assert [("toy.carry", "fails", "")] == _outcomes(outcomes)
    (finding,) = findings
    assert ("carry", "error", "toy.carry", "上年结转 = 上年 结转下年度") == (
        finding.kind,
        finding.severity,
        finding.code,
        finding.text,
    )
    assert "上年结转 = 上年 结转下年度: this year 5, last year 3 (difference 2)" == finding.message
    assert (5, "=", 3, 2, (21,)) == (
        finding.left,
        finding.relation,
        finding.right,
        finding.difference,
        finding.lines,
    )
    assert (
        FindingCell("applications.carried_in", "上年结转", TOTAL, "总计", 5, "5", 21),
        FindingCell("applications.forward", "上年 结转下年度", TOTAL, "总计", 3, "3", 80),
    ) == finding.cells


@pytest.mark.parametrize(
    ("carried", "forward"),
    [
        (None, _cell(3)),
        (_cell(3), None),
        (PublishedCell("blank"), _cell(3)),
        (_cell(3), PublishedCell("marker", text="—")),
    ],
)
def test_carry_without_two_figures_is_unchecked(carried: Any, forward: Any) -> None:
    findings, outcomes = check_carry(_year(carried=carried), _year(forward=forward))
    assert ([], [("toy.carry", "unchecked", "a cell holds no figure")]) == (findings, _outcomes(outcomes))


def test_carry_against_a_format_without_the_row_is_unchecked() -> None:
    previous = _report(_published({("applications.received", "value"): _cell(3)}, RECEIVED), key="gov2008")
    findings, outcomes = check_carry(_year(carried=_cell(3)), previous)
    assert ([], [("toy.carry", "unchecked", "last year's format has no such row")]) == (
        findings,
        _outcomes(outcomes),
    )


def test_declarations_built_here_give_the_rows_and_rules_written_out() -> None:
    """rows_from, equal, sum_of and at_most called in the test (the module's toys are built at import)."""
    rows = rows_from(
        [
            ("r", "收到", "件", None),
            ("h", "处理", None, None),
            ("c", "办结", "件", "h"),
            ("t", "按时", "件", "c"),
        ]
    )
    assert [
        Row("r", "收到", "件", None, 0),
        Row("h", "处理", None, None, 0),
        Row("c", "办结", "件", "h", 1),
        Row("t", "按时", "件", "c", 2),
    ] == list(rows)
    assert Rule("e", "甲 = 乙", (("r", "a"),), Relation.EQUAL, (("c", "a"),), False) == equal(
        "e", "甲 = 乙", [("r", "a")], [("c", "a")]
    )
    assert Rule("s", "总 = 分", (("r", "a"),), Relation.EQUAL, (("c", "a"), ("t", "a")), False) == sum_of(
        "s", "总 = 分", ("r", "a"), [("c", "a"), ("t", "a")]
    )
    assert Rule("m", "小 ≤ 大", (("t", "a"),), Relation.AT_MOST, (("c", "a"),), False) == at_most(
        "m", "小 ≤ 大", [("t", "a")], [("c", "a")]
    )


def test_a_finding_joins_the_figures_of_each_side() -> None:
    two = equal("toy.two", "甲 + 乙 = 总计", [("got", "a"), ("got", "b")], [("got", TOTAL)])
    spec = TableSpec("t", "表一", ROWS, COLUMNS, (two,))
    cells = {("got", "a"): _cell(5), ("got", "b"): _cell(2), ("got", TOTAL): _cell(6)}
    (finding,) = check_tables(_report(_published(cells, spec)))[0]
    assert "甲 + 乙 = 总计: 5 + 2 = 7, 6 = 6; 7 = 6 does not hold (difference 1)" == finding.message


def test_every_carry_rule_is_looked_at() -> None:
    """A rule that cannot be checked, or that holds, does not end the look at the rules after it."""
    rules = (
        CarryRule("c.row", "行不在", ("applications.carried_in", TOTAL), ("applications.received", "value")),
        CarryRule("c.blank", "空", ("applications.new", TOTAL), ("applications.forward", TOTAL)),
        CarryRule(
            "c.again", "同一格再比", ("applications.carried_in", TOTAL), ("applications.forward", TOTAL)
        ),
        CARRY,
    )
    this = _report(_published({("applications.carried_in", TOTAL): _cell(4)}, APPLICATIONS), carry=rules)
    last = _report(_published({("applications.forward", TOTAL): _cell(3)}, APPLICATIONS), carry=rules)
    findings, outcomes = check_carry(this, last)
    assert [
        ("c.row", "unchecked", "last year's format has no such row"),
        ("c.blank", "unchecked", "a cell holds no figure"),
        ("c.again", "fails", ""),
        ("toy.carry", "fails", ""),
    ] == _outcomes(outcomes)
    assert ["c.again", "toy.carry"] == [f.code for f in findings]
    same = _report(_published({("applications.forward", TOTAL): _cell(4)}, APPLICATIONS), carry=rules)
    assert ["holds", "holds"] == [o.status for o in check_carry(this, same)[1][2:]]
