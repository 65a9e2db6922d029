"""Provincial statistics templates (pre-2019) as data: rows, two value columns, units and rules.

Before 2019 many provinces had their agencies publish their own statistics table instead of the national
2008 统计表 (:mod:`opengov.formats.gov2008`). Fujian's, for one, has two value columns, **本年** and
**历年累计** (cumulative since 2008). A template is declared here the way the national formats are — rows
with stable keys and official labels, columns, linear rules — plus what only a template has: the other
spellings of its labels printed in some years, the rows printed in some years only, and its running-total
column pair. The auditor reads and checks such reports with the same machinery as the national ones.

opengov does not *build* a template's tables from a log: the 历年累计 column counts every year since 2008,
which no one period's facts hold (:func:`not_built`).
"""

from __future__ import annotations

__all__ = ["CUMULATIVE", "YEAR", "Template", "TemplateRow", "not_built", "template", "template_table"]

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from opengov.formats._model import Column, Format, Row, Rule, TableSpec, at_most, sum_of

YEAR = "year"
"""The column key of 本年 (this year's figure)."""

CUMULATIVE = "cumulative"
"""The column key of 历年累计 (the running total since 2008)."""


@attrs.frozen
class TemplateRow:
    """One row of a template as its module writes it.

    Attributes:
        key: stable key, unique within the template.
        label: the label as most years print it (without ``其中：``).
        unit: the unit (条, 件, 元).
        parent: the row it is a ``其中`` part of, or ``None``.
        aliases: other spellings printed in some years (``对申请的答复数`` for ``对申请的答复总数``).
        optional: printed in some years only; a report without the row is read as not having it.
    """

    key: str
    label: str
    unit: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    optional: bool = False


@attrs.frozen
class Template(Format):
    """A provincial template: a :class:`~opengov.formats.Format` with what only templates declare.

    Attributes:
        province: the province whose template it is.
        aliases: other printed spellings of row labels, by row key.
        optional_rows: rows some years do not print; rules leave them out where a report lacks them.
        running_total: ``(this year's column, running-total column)``: the running total of a year is the
            year before's plus this year's figure (for years further apart, at least that).
    """

    province: str = ""
    aliases: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, repr=False)
    optional_rows: frozenset[str] = frozenset()
    running_total: tuple[str, str] | None = None


def not_built(facts: Any) -> NoReturn:
    """A template's ``fill``: templates are audited, never built (their 历年累计 needs every year since 2008).

    Raises:
        ValueError: always, naming why.
    """
    raise ValueError(
        "provincial templates are read and checked, not built: their 历年累计 column counts every year "
        "since 2008, which one period's facts do not hold; build gov2008 for these years instead"
    )


def template_table(
    key: str,
    title: str,
    rows: Sequence[TemplateRow],
    *,
    exhaustive: Iterable[str],
    bounded: Iterable[str],
    at_most_pairs: Iterable[tuple[str, str]] = (),
    prefix: str,
) -> TableSpec:
    """A two-column (本年 / 历年累计) table with the template's rules, made from row data.

    Args:
        key: the table key.
        title: its official title.
        rows: the rows in official order.
        exhaustive: parents whose ``其中`` parts add up to them (``受理 = Σ 渠道``).
        bounded: parents each of whose parts is at most the parent (``网站公开 ≤ 主动公开``) but whose parts
            need not add up (the list names some channels only).
        at_most_pairs: ``(lesser, greater)`` rows (``答复 ≤ 受理``).
        prefix: the rule codes' prefix (the template's key).
    """
    columns = (Column(YEAR, "本年"), Column(CUMULATIVE, "历年累计"))
    declared = tuple(Row(r.key, r.label, r.unit, r.parent, 0 if r.parent is None else 1) for r in rows)
    labels = {r.key: r.label for r in rows}
    rules: list[Rule] = []
    for column in columns:
        col, name = column.key, column.label
        for parent in exhaustive:
            parts = [r.key for r in rows if r.parent == parent]
            rules.append(
                sum_of(
                    f"{prefix}.parts[{parent}].{col}",
                    f"{labels[parent]} = {' + '.join(labels[p] for p in parts)} ({name})",
                    (parent, col),
                    [(p, col) for p in parts],
                )
            )
        for parent in bounded:
            for part in (r.key for r in rows if r.parent == parent):
                rules.append(
                    at_most(
                        f"{prefix}.part[{part}].{col}",
                        f"{labels[part]} ≤ {labels[parent]} ({name})",
                        [(part, col)],
                        [(parent, col)],
                    )
                )
        for lesser, greater in at_most_pairs:
            rules.append(
                at_most(
                    f"{prefix}.bound[{lesser}].{col}",
                    f"{labels[lesser]} ≤ {labels[greater]} ({name})",
                    [(lesser, col)],
                    [(greater, col)],
                )
            )
    for row in rows:
        rules.append(
            at_most(
                f"{prefix}.running[{row.key}]",
                f"{row.label}: 本年 ≤ 历年累计",
                [(row.key, YEAR)],
                [(row.key, CUMULATIVE)],
            )
        )
    return TableSpec(key=key, title=title, rows=declared, columns=columns, rules=tuple(rules))


def template(
    key: str,
    title: str,
    basis: str,
    years: tuple[int, int],
    table: TableSpec,
    rows: Sequence[TemplateRow],
    province: str,
) -> Template:
    """A :class:`Template` of one table, with its rows' aliases and optional rows gathered."""
    return Template(
        key=key,
        title=title,
        basis=basis,
        first_year=years[0],
        last_year=years[1],
        tables=(table,),
        fill=not_built,
        province=province,
        aliases={r.key: r.aliases for r in rows if r.aliases},
        optional_rows=frozenset(r.key for r in rows if r.optional),
        running_total=(YEAR, CUMULATIVE),
    )
