"""gov2021: the six-section format of 国办公开办函〔2021〕30号, for reports from 2021 on."""

from __future__ import annotations

__all__ = ["GOV2021"]

from decimal import Decimal

from opengov.events import DecisionKind, DocumentKind
from opengov.fold import AgencyFacts
from opengov.formats._model import CellRef, Column, Format, Row, StockRule, TableSpec, Value
from opengov.formats._national import (
    DISPOSITION_NOTES,
    DISPOSITIONS_2021,
    SECTIONS,
    applications_table,
    carry_rules,
    disputes_table,
    fill_applications,
    fill_disputes,
)

_TEN_THOUSAND = Decimal(10000)
_SECTION = "proactive"
_DECISIONS = (Column("decisions", "本年处理决定数量"),)

ITEM1 = TableSpec(
    key="proactive.item1",
    title="第二十条第（一）项",
    rows=(Row("proactive.rules", "规章", "件"), Row("proactive.normative", "行政规范性文件", "件")),
    columns=(
        Column("issued", "本年制发件数"),
        Column("repealed", "本年废止件数"),
        Column("in_force", "现行有效件数"),
    ),
    section=_SECTION,
)
ITEM5 = TableSpec(
    key="proactive.item5",
    title="第二十条第（五）项",
    rows=(Row("proactive.licensing", "行政许可", "件"),),
    columns=_DECISIONS,
    section=_SECTION,
)
ITEM6 = TableSpec(
    key="proactive.item6",
    title="第二十条第（六）项",
    rows=(Row("proactive.penalty", "行政处罚", "件"), Row("proactive.coercion", "行政强制", "件")),
    columns=_DECISIONS,
    section=_SECTION,
)
ITEM8 = TableSpec(
    key="proactive.item8",
    title="第二十条第（八）项",
    rows=(Row("proactive.fees", "行政事业性收费", "万元"),),
    columns=(Column("amount", "本年收费金额（单位：万元）"),),
    section=_SECTION,
)
APPLICATIONS = applications_table("gov2021", gov2021=True)
DISPUTES = disputes_table("gov2021")


def _fill(f: AgencyFacts) -> dict[CellRef, Value]:
    values: dict[CellRef, Value] = {}
    for row, kind in (
        ("proactive.rules", DocumentKind.GOVERNMENT_RULE),
        ("proactive.normative", DocumentKind.NORMATIVE_DOCUMENT),
    ):
        values[(row, "issued")] = f.documents_issued.get(kind, 0)
        values[(row, "repealed")] = f.documents_repealed.get(kind, 0)
        values[(row, "in_force")] = f.documents_in_force.get(kind, 0)
    values[("proactive.licensing", "decisions")] = f.decisions.get(DecisionKind.LICENSING, 0)
    values[("proactive.penalty", "decisions")] = f.decisions.get(DecisionKind.PENALTY, 0)
    values[("proactive.coercion", "decisions")] = f.decisions.get(DecisionKind.COERCIVE_MEASURE, 0)
    values[("proactive.fees", "amount")] = f.administrative_fees / _TEN_THOUSAND
    values.update(fill_applications(f, DISPOSITIONS_2021, APPLICATIONS))
    values.update(fill_disputes(f))
    return values


GOV2021 = Format(
    key="gov2021",
    title="政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    tables=(ITEM1, ITEM5, ITEM6, ITEM8, APPLICATIONS, DISPUTES),
    fill=_fill,
    dispositions=DISPOSITIONS_2021,
    disposition_notes=DISPOSITION_NOTES,
    sections=SECTIONS,
    carry_rules=carry_rules("gov2021"),
    stock_rules=tuple(
        StockRule(
            f"gov2021.stock[{row.key}]",
            f"现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数 ({row.label})",
            (row.key, "in_force"),
            ((row.key, "issued"),),
            ((row.key, "repealed"),),
        )
        for row in ITEM1.rows
    ),
)
"""The gov2021 format (reports from 2021 on)."""
