"""The declarative model of a report format: tables, rows, columns and arithmetic rules.

One declaration, many uses: the same objects build tables from events, check them, audit published
reports, render and document. Nothing here knows events or the fold.
"""

from __future__ import annotations

__all__ = [
    "TOTAL",
    "VALUE",
    "CarryRule",
    "CellRef",
    "CheckResult",
    "Column",
    "Format",
    "Row",
    "RowSpec",
    "Rule",
    "TableSpec",
    "Value",
    "Violation",
    "at_most",
    "equal",
    "rows_from",
    "sum_of",
]

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

Value = int | Decimal
"""A cell's figure: a count, or an amount (万元) as a Decimal."""

VALUE = "value"
"""The column key of single-column tables (gov2008's 统计数)."""

TOTAL = "total"
"""The column key of 总计 columns."""


@attrs.frozen
class Row:
    """One row (indicator) of a table.

    Attributes:
        key: stable key, unique within the format (e.g. ``"applications.received"``).
        label: the official label, exactly as printed.
        unit: the unit (条, 件, 次, 篇, 个, 人, 人次, 万元), or ``None`` for a heading with no figure.
        parent: the key of the row it belongs under, or ``None`` at the top.
        level: depth in the hierarchy (0 at the top).
    """

    key: str
    label: str
    unit: str | None = None
    parent: str | None = None
    level: int = 0

    @property
    def is_heading(self) -> bool:
        """Whether the row is a heading with no figure of its own."""
        return self.unit is None


@attrs.frozen
class Column:
    """One column of a matrix table (e.g. 自然人, or 行政复议 · 结果维持).

    Attributes:
        key: stable key, unique within its table.
        label: the official label.
        group: the label of the spanning header above it, if any (e.g. 法人或其他组织).
        unit: the unit of this column's cells where it differs from the row's (e.g. 万元).
    """

    key: str
    label: str
    group: str | None = None
    unit: str | None = None


CellRef = tuple[str, str]
"""A cell: ``(row_key, column_key)``."""

RowSpec = tuple[str, str, str | None, str | None]
"""A row as a format module writes it: ``(key, official label, unit or None, parent key or None)``."""


def rows_from(specs: Iterable[RowSpec]) -> tuple[Row, ...]:
    """Rows from their specs, each one level below its parent (parents come before their children)."""
    levels: dict[str, int] = {}
    rows = []
    for key, label, unit, parent in specs:
        level = 0 if parent is None else levels[parent] + 1
        levels[key] = level
        rows.append(Row(key, label, unit, parent, level))
    return tuple(rows)


class Relation(enum.Enum):
    """How the two sides of a rule compare."""

    EQUAL = "="
    AT_MOST = "≤"


@attrs.frozen
class Rule:
    """A linear arithmetic rule between cells: ``Σ left  (= or ≤)  Σ right``.

    Every rule of every format has this shape: sums, ``其中`` bounds, conservation, totals columns.

    Attributes:
        code: stable identifier, unique within the format (cited in findings).
        text: the rule in words, with the official labels.
        left: cells summed on the left.
        relation: ``=`` or ``≤``.
        right: cells summed on the right.
        inferred: true where the rule is inferred from the layout rather than printed in the official text.
    """

    code: str
    text: str
    left: tuple[CellRef, ...]
    relation: Relation
    right: tuple[CellRef, ...]
    inferred: bool = False

    @property
    def cells(self) -> tuple[CellRef, ...]:
        """Every cell the rule reads, left then right."""
        return self.left + self.right

    def holds(self, lookup: Callable[[CellRef], Value]) -> bool:
        """Whether the rule holds for the figures ``lookup`` gives."""
        return self.compare(
            sum_values(lookup(c) for c in self.left), sum_values(lookup(c) for c in self.right)
        )

    def compare(self, left: Value, right: Value) -> bool:
        """Whether ``left`` and ``right`` satisfy the relation."""
        return left == right if self.relation is Relation.EQUAL else left <= right


def sum_values(values: Iterable[Value]) -> Value:
    """Sum figures, staying an int while every figure is one."""
    total: Value = 0
    for value in values:
        total = total + value
    return total


def equal(
    code: str, text: str, left: Iterable[CellRef], right: Iterable[CellRef], *, inferred: bool = False
) -> Rule:
    """A rule ``Σ left = Σ right``."""
    return Rule(code, text, tuple(left), Relation.EQUAL, tuple(right), inferred)


def sum_of(code: str, text: str, total: CellRef, parts: Iterable[CellRef], *, inferred: bool = False) -> Rule:
    """A rule ``total = Σ parts``."""
    return equal(code, text, (total,), parts, inferred=inferred)


def at_most(
    code: str, text: str, lesser: Iterable[CellRef], greater: Iterable[CellRef], *, inferred: bool = False
) -> Rule:
    """A rule ``Σ lesser ≤ Σ greater``."""
    return Rule(code, text, tuple(lesser), Relation.AT_MOST, tuple(greater), inferred)


@attrs.frozen
class TableSpec:
    """The declaration of one table: its rows, columns and rules.

    Attributes:
        key: stable key within the format (e.g. ``"table3"``).
        title: the official title.
        rows: in official order.
        columns: in official order; single-column tables have one column, :data:`VALUE`.
        rules: the arithmetic rules of this table.
        section: the report section the table belongs to, if the format has sections.
    """

    key: str
    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    rules: tuple[Rule, ...] = ()
    section: str | None = None
    _row_index: Mapping[str, Row] = attrs.field(init=False, repr=False, eq=False)
    _column_index: Mapping[str, Column] = attrs.field(init=False, repr=False, eq=False)
    _cells: tuple[CellRef, ...] = attrs.field(init=False, repr=False, eq=False)

    @_row_index.default
    def _index_rows(self) -> Mapping[str, Row]:
        return {row.key: row for row in self.rows}

    @_column_index.default
    def _index_columns(self) -> Mapping[str, Column]:
        return {column.key: column for column in self.columns}

    @_cells.default
    def _list_cells(self) -> tuple[CellRef, ...]:
        return tuple((r.key, c.key) for r in self.rows if not r.is_heading for c in self.columns)

    def __attrs_post_init__(self) -> None:
        if len(self._row_index) != len(self.rows):
            raise ValueError(f"table {self.key}: duplicate row keys")
        if len(self._column_index) != len(self.columns):
            raise ValueError(f"table {self.key}: duplicate column keys")
        for rule in self.rules:
            for row, column in rule.cells:
                if row not in self._row_index or column not in self._column_index:
                    raise ValueError(f"table {self.key}: rule {rule.code} names unknown cell {(row, column)}")
                if self._row_index[row].is_heading:
                    raise ValueError(f"table {self.key}: rule {rule.code} names heading row {row}")

    @property
    def is_matrix(self) -> bool:
        """Whether the table has more than one column."""
        return len(self.columns) > 1

    def row(self, key: str) -> Row:
        """The row with ``key``.

        Raises:
            KeyError: no such row.
        """
        try:
            return self._row_index[key]
        except KeyError:
            raise KeyError(f"table {self.key} has no row {key!r}") from None

    def column(self, key: str) -> Column:
        """The column with ``key``.

        Raises:
            KeyError: no such column.
        """
        try:
            return self._column_index[key]
        except KeyError:
            raise KeyError(f"table {self.key} has no column {key!r}") from None

    def has_row(self, key: str) -> bool:
        """Whether the table has a row with ``key``."""
        return key in self._row_index

    def unit(self, cell: CellRef) -> str | None:
        """The unit of ``cell``: its column's, where the column has one, else its row's."""
        return self.column(cell[1]).unit or self.row(cell[0]).unit

    def cells(self) -> Iterator[CellRef]:
        """Every figure cell in official order (rows, then columns); headings have none."""
        return iter(self._cells)


@attrs.frozen
class CarryRule:
    """A cross-year rule: ``this`` cell of a year's table equals ``previous`` cell of the year before.

    Attributes:
        code: stable identifier, unique within the format.
        text: the rule in words.
        this: the cell in this year's table.
        previous: the cell in last year's table.
        inferred: true where the rule is inferred rather than printed in the official text.
        absorb: the cell of this year's table that takes the difference when ``this`` is set to last
            year's *filed* figure rather than the one the log now computes (see :mod:`opengov.filing`),
            so that this year's own rules still hold; ``None`` where no cell can.
    """

    code: str
    text: str
    this: CellRef
    previous: CellRef
    inferred: bool = True
    absorb: CellRef | None = None


@attrs.frozen
class StockRule:
    """A cross-year stock rule: this year's ``stock`` equals last year's ``stock``, plus this year's
    ``added`` cells, minus this year's ``removed`` cells (现行有效 = 上年现行有效 + 本年制发 − 本年废止).

    Checked by the auditor when last year's report is given (:func:`opengov.audit.audit_report`'s
    ``previous``).

    Attributes:
        code: stable identifier, unique within the format.
        text: the rule in words.
        stock: the stock cell, in both years' tables.
        added: this year's cells that add to the stock.
        removed: this year's cells that take from it.
        inferred: true where the rule is inferred rather than printed in the official text.
    """

    code: str
    text: str
    stock: CellRef
    added: tuple[CellRef, ...]
    removed: tuple[CellRef, ...]
    inferred: bool = True


@attrs.frozen
class Violation:
    """A rule that does not hold: which, on which figures, and by how much.

    Attributes:
        rule: the rule.
        left: the sum of its left side.
        right: the sum of its right side.
        values: each cell's figure, in the rule's order.
    """

    rule: Rule
    left: Value
    right: Value
    values: tuple[tuple[CellRef, Value], ...]

    @property
    def difference(self) -> Value:
        """``left − right``."""
        return self.left - self.right

    def __str__(self) -> str:
        return (
            f"{self.rule.code}: {self.rule.text}: {self.left} {self.rule.relation.value} {self.right} "
            f"does not hold (difference {self.difference})"
        )


@attrs.frozen
class CheckResult:
    """The outcome of checking figures against rules.

    Attributes:
        violations: rules that do not hold.
        unchecked: rules that could not be checked because a cell they read was blank.
        checked: how many rules were checked.
    """

    violations: tuple[Violation, ...] = ()
    unchecked: tuple[Rule, ...] = ()
    checked: int = 0

    @property
    def ok(self) -> bool:
        """Whether every checkable rule holds."""
        return not self.violations


def check_rules(rules: Iterable[Rule], lookup: Callable[[CellRef], Value | None]) -> CheckResult:
    """Check ``rules`` against the figures ``lookup`` gives; ``None`` means blank (not reported).

    A rule reading a blank cell is not checkable: it is listed in ``unchecked``, not failed.
    """
    violations: list[Violation] = []
    unchecked: list[Rule] = []
    checked = 0
    equal = Relation.EQUAL
    for rule in rules:
        lefts = list(map(lookup, rule.left))
        rights = list(map(lookup, rule.right))
        if None in lefts or None in rights:
            unchecked.append(rule)
            continue
        checked += 1
        # the built-in sum adds as sum_values does, from 0 in order, in C
        left: Value = sum(lefts)  # type: ignore[arg-type]
        right: Value = sum(rights)  # type: ignore[arg-type]
        if not (left == right if rule.relation is equal else left <= right):  # Rule.compare, inlined
            values = tuple(zip(rule.cells, (*lefts, *rights), strict=True))
            violations.append(Violation(rule, left, right, values))  # type: ignore[arg-type]
    return CheckResult(tuple(violations), tuple(unchecked), checked)


def check_values(rules: tuple[Rule, ...], values: Mapping[CellRef, Value]) -> CheckResult:
    """:func:`check_rules` on a table's figures by cell: the same result, found at once where every rule
    holds on present figures (a built table's case).

    Every rule's cells are first read by one expression generated from the rules (:func:`_holding`);
    where it cannot say every rule holds — a figure is blank or missing, or a rule breaks — the rules are
    checked one by one by :func:`check_rules`, which alone names what is wrong.
    """
    try:
        if _holding(rules)(values):
            return CheckResult((), (), len(rules))
    except (TypeError, KeyError):  # a blank figure (None) or a missing cell: check_rules says which
        pass
    return check_rules(rules, values.get)


_HOLDING: dict[int, tuple[tuple[Rule, ...], Callable[[Mapping[CellRef, Value]], bool]]] = {}
"""Of each tuple of rules met (by identity: a table's rules live as long as its format; at most 256, so
tuples made afresh for each call are not all kept), the expression that tells whether they all hold."""


def _holding(rules: tuple[Rule, ...]) -> Callable[[Mapping[CellRef, Value]], bool]:
    """One Python expression, generated from ``rules``, true when every rule holds.

    Each side is summed from 0 in the rule's order, as :func:`check_rules` sums it, so a blank figure
    (``None``) raises :class:`TypeError` rather than compare; the cells are literals (their keys are
    texts, written with :func:`repr`), so the expression reads each figure with one subscript.
    """
    known = _HOLDING.get(id(rules))
    if known is not None and known[0] is rules:
        return known[1]

    namespace: dict[str, Any] = {}

    def literal(cell: CellRef) -> str:
        if type(cell) is tuple and all(type(key) is str for key in cell):
            return repr(cell)
        name = f"_{len(namespace)}"  # a key of another type: named, not written
        namespace[name] = cell
        return name

    def side(cells: tuple[CellRef, ...]) -> str:
        return "".join(f" + v[{literal(cell)}]" for cell in cells)

    tests = [
        f"(0{side(rule.left)} {'==' if rule.relation is Relation.EQUAL else '<='} 0{side(rule.right)})"
        for rule in rules
    ]
    source = "def holds(v):\n    return " + (" and ".join(tests) or "True") + "\n"
    # the source holds nothing but the rules' relations and repr()s of their cells' keys
    exec(compile(source, f"<rules of {len(rules)}>", "exec"), namespace)
    holds: Callable[[Mapping[CellRef, Value]], bool] = namespace["holds"]
    if len(_HOLDING) >= 256:  # rules made afresh for each call: bounded whatever the caller does
        _HOLDING.clear()
    _HOLDING[id(rules)] = (rules, holds)
    return holds


@attrs.frozen
class Format:
    """A report format: its tables and rules, the years it applies to, and how facts fill its cells.

    Attributes:
        key: ``"gov2008"``, ``"gov2019"``, ``"gov2021"``, or a variant's key.
        title: a human title.
        basis: the official document that fixed it.
        first_year: the first report year it applies to.
        last_year: the last report year it applies to, or ``None`` while in force.
        tables: in official order.
        sections: the fixed report sections ``(key, title)`` in official order (empty where the agency
            chooses its own, as in gov2008).
        carry_rules: cross-year rules: a cell of this year's table equals a cell of last year's.
        stock_rules: cross-year stock rules (:class:`StockRule`), checked when last year's report is given.
        dispositions: for each :class:`~opengov.events.Disposition` value, the row key it is counted in
            (``None`` where the format counts it in no answer row, with the reason in ``disposition_notes``).
        disposition_notes: why a disposition is counted where it is, where that is a choice.
        fill: the function mapping the fold's period facts to every cell's figure.
    """

    key: str
    title: str
    basis: str
    first_year: int
    last_year: int | None
    tables: tuple[TableSpec, ...] = attrs.field(repr=False)  # the repr names the format, not its 200 rows
    fill: Callable[[Any], Mapping[CellRef, Value]] = attrs.field(repr=False, eq=False)
    dispositions: Mapping[Any, str | None] = attrs.field(factory=dict, repr=False)
    disposition_notes: Mapping[Any, str] = attrs.field(factory=dict, repr=False)
    sections: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=False)
    carry_rules: tuple[CarryRule, ...] = attrs.field(default=(), repr=False)
    stock_rules: tuple[StockRule, ...] = attrs.field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        seen: dict[str, str] = {}
        codes: set[str] = set()
        for table in self.tables:
            for row in table.rows:
                if row.key in seen:
                    raise ValueError(
                        f"format {self.key}: row {row.key} in both {seen[row.key]} and {table.key}"
                    )
                seen[row.key] = table.key
            for rule in table.rules:
                if rule.code in codes:
                    raise ValueError(f"format {self.key}: duplicate rule code {rule.code}")
                codes.add(rule.code)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule of every table."""
        return tuple(rule for table in self.tables for rule in table.rules)

    def table(self, key: str) -> TableSpec:
        """The table with ``key``.

        Raises:
            KeyError: no such table.
        """
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"format {self.key} has no table {key!r}")

    def table_of_row(self, row_key: str) -> TableSpec:
        """The table holding ``row_key``.

        Raises:
            KeyError: no table has that row.
        """
        for table in self.tables:
            if table.has_row(row_key):
                return table
        raise KeyError(f"format {self.key} has no row {row_key!r}")

    def applies_to(self, year: int) -> bool:
        """Whether this is the format in force for reports of ``year``."""
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)
