"""gov2019: the six-section format of 国办公开办函〔2019〕60号 (试行), for reports of 2019 and 2020."""

from __future__ import annotations

__all__ = ["GOV2019"]

from decimal import Decimal

from opengov.events import DecisionKind, DocumentKind, ItemKind, ServiceItemKind
from opengov.fold import AgencyFacts
from opengov.formats._model import CellRef, Column, Format, Row, TableSpec, Value
from opengov.formats._national import (
    DISPOSITION_NOTES,
    DISPOSITIONS_2019,
    SECTIONS,
    applications_table,
    carry_rules,
    disputes_table,
    fill_applications,
    fill_disputes,
)

_TEN_THOUSAND = Decimal(10000)
_SECTION = "proactive"

ITEM1 = TableSpec(
    key="proactive.item1",
    title="第二十条第（一）项",
    rows=(Row("proactive.rules", "规章", "件"), Row("proactive.normative", "规范性文件", "件")),
    columns=(
        Column("made", "本年新制作数量"),
        Column("published", "本年新公开数量"),
        Column("public_total", "对外公开总数量"),
    ),
    section=_SECTION,
)
_COUNT_COLUMNS = (
    Column("previous_items", "上一年项目数量"),
    Column("change", "本年增/减"),
    Column("decisions", "处理决定数量"),
)
ITEM5 = TableSpec(
    key="proactive.item5",
    title="第二十条第（五）项",
    rows=(
        Row("proactive.licensing", "行政许可", "件"),
        Row("proactive.other_services", "其他对外管理服务事项", "件"),
    ),
    columns=_COUNT_COLUMNS,
    section=_SECTION,
)
ITEM6 = TableSpec(
    key="proactive.item6",
    title="第二十条第（六）项",
    rows=(Row("proactive.penalty", "行政处罚", "件"), Row("proactive.coercion", "行政强制", "件")),
    columns=_COUNT_COLUMNS,
    section=_SECTION,
)
ITEM8 = TableSpec(
    key="proactive.item8",
    title="第二十条第（八）项",
    rows=(Row("proactive.fees", "行政事业性收费", "项"),),
    columns=_COUNT_COLUMNS[:2],
    section=_SECTION,
)
ITEM9 = TableSpec(
    key="proactive.item9",
    title="第二十条第（九）项",
    rows=(Row("proactive.procurement", "政府集中采购", "项"),),
    columns=(Column("projects", "采购项目数量"), Column("amount", "采购总金额", unit="万元")),
    section=_SECTION,
)
APPLICATIONS = applications_table("gov2019", gov2021=False)
DISPUTES = disputes_table("gov2019")


def _fill(f: AgencyFacts) -> dict[CellRef, Value]:
    values: dict[CellRef, Value] = {}
    for row, document, item in (
        ("proactive.rules", DocumentKind.GOVERNMENT_RULE, ItemKind.GOVERNMENT_RULE),
        ("proactive.normative", DocumentKind.NORMATIVE_DOCUMENT, ItemKind.NORMATIVE_DOCUMENT),
    ):
        values[(row, "made")] = f.documents_issued.get(document, 0)
        values[(row, "published")] = f.items_by_kind.get(item, 0)
        values[(row, "public_total")] = f.documents_in_force.get(document, 0)
    for row, listed, decided in (
        ("proactive.licensing", ServiceItemKind.LICENSING, DecisionKind.LICENSING),
        ("proactive.other_services", ServiceItemKind.OTHER_SERVICE, DecisionKind.OTHER_SERVICE),
        ("proactive.penalty", ServiceItemKind.PENALTY, DecisionKind.PENALTY),
        ("proactive.coercion", ServiceItemKind.COERCIVE_MEASURE, DecisionKind.COERCIVE_MEASURE),
    ):
        before = f.listed_at_start.get(listed, 0)
        values[(row, "previous_items")] = before
        values[(row, "change")] = f.listed_at_end.get(listed, 0) - before
        values[(row, "decisions")] = f.decisions.get(decided, 0)
    fees_before = f.listed_at_start.get(ServiceItemKind.ADMINISTRATIVE_FEE, 0)
    values[("proactive.fees", "previous_items")] = fees_before
    values[("proactive.fees", "change")] = (
        f.listed_at_end.get(ServiceItemKind.ADMINISTRATIVE_FEE, 0) - fees_before
    )
    values[("proactive.procurement", "projects")] = f.procurement_projects
    values[("proactive.procurement", "amount")] = f.procurement_amount / _TEN_THOUSAND
    values.update(fill_applications(f, DISPOSITIONS_2019, APPLICATIONS))
    values.update(fill_disputes(f))
    return values


GOV2019 = Format(
    key="gov2019",
    title="政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    tables=(ITEM1, ITEM5, ITEM6, ITEM8, ITEM9, APPLICATIONS, DISPUTES),
    fill=_fill,
    dispositions=DISPOSITIONS_2019,
    disposition_notes=DISPOSITION_NOTES,
    sections=SECTIONS,
    carry_rules=carry_rules("gov2019"),
)
"""The gov2019 format (reports for 2019 and 2020)."""
