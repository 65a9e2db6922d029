"""Tables 三 and 四 of the six-section national format, shared by gov2019 and gov2021.

The two formats differ in table 三 only in （六）其他处理: one row in gov2019, three in gov2021.
"""

from __future__ import annotations

__all__ = [
    "APPLICANT_COLUMNS",
    "SECTIONS",
    "applications_table",
    "carry_rules",
    "disputes_table",
    "fill_applications",
    "fill_disputes",
]

from collections.abc import Mapping

from opengov.events import ApplicantKind, CaseOutcome, LawsuitRoute
from opengov.events import Disposition as D
from opengov.fold import AgencyFacts
from opengov.formats._model import (
    TOTAL,
    CarryRule,
    CellRef,
    Column,
    Row,
    RowSpec,
    Rule,
    TableSpec,
    Value,
    equal,
    rows_from,
    sum_of,
)

SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("disputes", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
"""The six fixed sections, in official order: (key, title)."""

_ORGANISATION = "法人或其他组织"

APPLICANT_COLUMNS: tuple[tuple[ApplicantKind, Column], ...] = (
    (ApplicantKind.NATURAL_PERSON, Column("natural_person", "自然人")),
    (ApplicantKind.COMMERCIAL_ENTERPRISE, Column("commercial_enterprise", "商业企业", _ORGANISATION)),
    (ApplicantKind.RESEARCH_INSTITUTION, Column("research_institution", "科研机构", _ORGANISATION)),
    (
        ApplicantKind.PUBLIC_WELFARE_ORGANISATION,
        Column("public_welfare_organisation", "社会公益组织", _ORGANISATION),
    ),
    (
        ApplicantKind.LEGAL_SERVICE_ORGANISATION,
        Column("legal_service_organisation", "法律服务机构", _ORGANISATION),
    ),
    (ApplicantKind.OTHER_ORGANISATION, Column("other_organisation", "其他", _ORGANISATION)),
)
_COLUMNS = (*(column for _, column in APPLICANT_COLUMNS), Column(TOTAL, "总计"))
_KIND_COLUMN = {kind: column.key for kind, column in APPLICANT_COLUMNS}

_HEAD: tuple[RowSpec, ...] = (
    ("applications.new", "一、本年新收政府信息公开申请数量", "件", None),
    ("applications.carried_in", "二、上年结转政府信息公开申请数量", "件", None),
    ("applications.results", "三、本年度办理结果", None, None),
    ("applications.disclosed", "（一）予以公开", "件", "applications.results"),
    (
        "applications.partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "件",
        "applications.results",
    ),
    ("applications.withheld", "（三）不予公开", None, "applications.results"),
    ("applications.withheld.state_secret", "1.属于国家秘密", "件", "applications.withheld"),
    ("applications.withheld.other_law", "2.其他法律行政法规禁止公开", "件", "applications.withheld"),
    ("applications.withheld.security_stability", "3.危及“三安全一稳定”", "件", "applications.withheld"),
    ("applications.withheld.third_party", "4.保护第三方合法权益", "件", "applications.withheld"),
    ("applications.withheld.internal_affairs", "5.属于三类内部事务信息", "件", "applications.withheld"),
    ("applications.withheld.process_information", "6.属于四类过程性信息", "件", "applications.withheld"),
    ("applications.withheld.enforcement_file", "7.属于行政执法案卷", "件", "applications.withheld"),
    ("applications.withheld.query_matter", "8.属于行政查询事项", "件", "applications.withheld"),
    ("applications.unavailable", "（四）无法提供", None, "applications.results"),
    ("applications.unavailable.not_held", "1.本机关不掌握相关政府信息", "件", "applications.unavailable"),
    (
        "applications.unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
        "件",
        "applications.unavailable",
    ),
    ("applications.unavailable.still_unclear", "3.补正后申请内容仍不明确", "件", "applications.unavailable"),
    ("applications.not_processed", "（五）不予处理", None, "applications.results"),
    ("applications.not_processed.petition", "1.信访举报投诉类申请", "件", "applications.not_processed"),
    ("applications.not_processed.duplicate", "2.重复申请", "件", "applications.not_processed"),
    ("applications.not_processed.publication", "3.要求提供公开出版物", "件", "applications.not_processed"),
    (
        "applications.not_processed.mass_repetitive",
        "4.无正当理由大量反复申请",
        "件",
        "applications.not_processed",
    ),
    (
        "applications.not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "件",
        "applications.not_processed",
    ),
)
_OTHER_2019: tuple[RowSpec, ...] = (
    ("applications.otherwise", "（六）其他处理", "件", "applications.results"),
)
_OTHER_2021: tuple[RowSpec, ...] = (
    ("applications.otherwise", "（六）其他处理", None, "applications.results"),
    (
        "applications.otherwise.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "件",
        "applications.otherwise",
    ),
    (
        "applications.otherwise.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "件",
        "applications.otherwise",
    ),
    ("applications.otherwise.other", "3.其他", "件", "applications.otherwise"),
)
_TAIL: tuple[RowSpec, ...] = (
    ("applications.total", "（七）总计", "件", "applications.results"),
    ("applications.carried_forward", "四、结转下年度继续办理", "件", None),
)

_COMMON_DISPOSITIONS: Mapping[D, str] = {
    D.DISCLOSED: "applications.disclosed",
    D.ALREADY_PUBLIC: "applications.disclosed",
    D.PARTIALLY_DISCLOSED: "applications.partially_disclosed",
    D.WITHHELD_STATE_SECRET: "applications.withheld.state_secret",
    D.WITHHELD_OTHER_LAW: "applications.withheld.other_law",
    D.WITHHELD_SECURITY_STABILITY: "applications.withheld.security_stability",
    D.WITHHELD_TRADE_SECRET: "applications.withheld.third_party",
    D.WITHHELD_PERSONAL_PRIVACY: "applications.withheld.third_party",
    D.WITHHELD_INTERNAL_AFFAIRS: "applications.withheld.internal_affairs",
    D.WITHHELD_PROCESS_INFORMATION: "applications.withheld.process_information",
    D.WITHHELD_ENFORCEMENT_FILE: "applications.withheld.enforcement_file",
    D.WITHHELD_QUERY_MATTER: "applications.withheld.query_matter",
    D.UNAVAILABLE_NOT_HELD: "applications.unavailable.not_held",
    D.UNAVAILABLE_DOES_NOT_EXIST: "applications.unavailable.not_held",
    D.UNAVAILABLE_NEEDS_CREATION: "applications.unavailable.needs_creation",
    D.UNAVAILABLE_STILL_UNCLEAR: "applications.unavailable.still_unclear",
    D.NOT_PROCESSED_PETITION: "applications.not_processed.petition",
    D.NOT_PROCESSED_DUPLICATE: "applications.not_processed.duplicate",
    D.NOT_PROCESSED_PUBLICATION: "applications.not_processed.publication",
    D.NOT_PROCESSED_MASS_REPETITIVE: "applications.not_processed.mass_repetitive",
    D.NOT_PROCESSED_CONFIRMATION: "applications.not_processed.confirmation",
}

DISPOSITIONS_2019: Mapping[D, str | None] = {
    **_COMMON_DISPOSITIONS,
    D.NOT_GOVERNMENT_INFORMATION: "applications.otherwise",
    D.ABANDONED_NO_CORRECTION: "applications.otherwise",
    D.ABANDONED_FEE_UNPAID: "applications.otherwise",
    D.OTHER: "applications.otherwise",
    D.WITHDRAWN: "applications.otherwise",
}

DISPOSITIONS_2021: Mapping[D, str | None] = {
    **_COMMON_DISPOSITIONS,
    D.NOT_GOVERNMENT_INFORMATION: "applications.otherwise.other",
    D.ABANDONED_NO_CORRECTION: "applications.otherwise.no_correction",
    D.ABANDONED_FEE_UNPAID: "applications.otherwise.fee_unpaid",
    D.OTHER: "applications.otherwise.other",
    D.WITHDRAWN: "applications.otherwise.other",
}

DISPOSITION_NOTES: Mapping[D, str] = {
    D.ALREADY_PUBLIC: "the applicant is told where it is public: counted as 予以公开",
    D.UNAVAILABLE_DOES_NOT_EXIST: "the agency does not hold information that does not exist",
    D.NOT_GOVERNMENT_INFORMATION: "the 2019 regulation has no row for it: counted as 其他处理",
    D.WITHDRAWN: "a withdrawal ends the application without a decision: counted as 其他处理",
}


def _result_rows(rows: tuple[Row, ...]) -> tuple[str, ...]:
    """The figure rows under 三、本年度办理结果, except （七）总计 itself."""
    parent = {row.key: row.parent for row in rows}

    def under_results(key: str) -> bool:
        up = parent[key]
        while up is not None and up != "applications.results":
            up = parent[up]
        return up is not None

    return tuple(
        row.key
        for row in rows
        if not row.is_heading and row.key != "applications.total" and under_results(row.key)
    )


def applications_table(prefix: str, *, gov2021: bool) -> TableSpec:
    """Table 三 of the national format (gov2021 splits （六） into three rows)."""
    rows = rows_from(_HEAD + (_OTHER_2021 if gov2021 else _OTHER_2019) + _TAIL)
    result_rows = _result_rows(rows)
    rules: list[Rule] = []
    for column in _COLUMNS:
        c = column.key
        rules.append(
            equal(
                f"{prefix}.t3.balance[{c}]",
                f"一 + 二 = 三(七)总计 + 四 ({column.label})",
                [("applications.new", c), ("applications.carried_in", c)],
                [("applications.total", c), ("applications.carried_forward", c)],
            )
        )
        rules.append(
            sum_of(
                f"{prefix}.t3.results[{c}]",
                f"（七）总计 = 各项办理结果之和 ({column.label})",
                ("applications.total", c),
                [(row, c) for row in result_rows],
            )
        )
    for row in rows:
        if not row.is_heading:
            rules.append(
                sum_of(
                    f"{prefix}.t3.total[{row.key.removeprefix('applications.')}]",
                    f"总计 = 六类申请人之和 ({row.label})",
                    (row.key, TOTAL),
                    [(row.key, column.key) for _, column in APPLICANT_COLUMNS],
                )
            )
    return TableSpec(
        key="applications",
        title="三、收到和处理政府信息公开申请情况",
        rows=rows,
        columns=_COLUMNS,
        rules=tuple(rules),
        section="applications",
    )


_DISPUTE_GROUPS = (
    ("reconsideration", "行政复议"),
    ("lawsuit_direct", "行政诉讼·未经复议直接起诉"),
    ("lawsuit_after", "行政诉讼·复议后起诉"),
)
_OUTCOMES = (
    ("upheld", "结果维持", CaseOutcome.UPHELD),
    ("corrected", "结果纠正", CaseOutcome.CORRECTED),
    ("other", "其他结果", CaseOutcome.OTHER),
    ("pending", "尚未审结", None),
)


def disputes_table(prefix: str) -> TableSpec:
    """Table 四: one row of fifteen cells, three groups of 维持/纠正/其他/尚未审结/总计."""
    columns = []
    rules = []
    for group, group_label in _DISPUTE_GROUPS:
        for key, label, _ in _OUTCOMES:
            columns.append(Column(f"{group}.{key}", label, group_label))
        columns.append(Column(f"{group}.total", "总计", group_label))
        rules.append(
            sum_of(
                f"{prefix}.t4.{group}",
                f"{group_label}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                ("disputes.count", f"{group}.total"),
                [("disputes.count", f"{group}.{key}") for key, _, _ in _OUTCOMES],
            )
        )
    return TableSpec(
        key="disputes",
        title="四、政府信息公开行政复议、行政诉讼情况",
        rows=(Row("disputes.count", "案件数", "件"),),
        columns=tuple(columns),
        rules=tuple(rules),
        section="disputes",
    )


def fill_applications(
    f: AgencyFacts, dispositions: Mapping[D, str | None], table: TableSpec
) -> dict[CellRef, Value]:
    """The cells of table 三 from the period's facts."""
    values: dict[CellRef, Value] = dict.fromkeys(table.cells(), 0)
    for kind, c in _KIND_COLUMN.items():
        values[("applications.new", c)] = f.received.get(kind, 0)
        values[("applications.carried_in", c)] = f.carried_in.get(kind, 0)
        values[("applications.carried_forward", c)] = f.carried_forward.get(kind, 0)
    for (disposition, kind), n in f.results.items():
        result_row = dispositions[disposition]
        assert result_row is not None, f"{disposition} has no row in table 三"
        values[(result_row, _KIND_COLUMN[kind])] += n
        values[("applications.total", _KIND_COLUMN[kind])] += n
    for total, cells in _row_totals(table):
        values[total] = sum(map(values.__getitem__, cells))
    return values


_ROW_TOTALS: dict[int, tuple[TableSpec, list[tuple[CellRef, tuple[CellRef, ...]]]]] = {}
"""Of each applications table met (by identity; a format's tables live as long as the process), each
row's total cell and the cells it sums."""


def _row_totals(table: TableSpec) -> list[tuple[CellRef, tuple[CellRef, ...]]]:
    known = _ROW_TOTALS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    totals = [
        ((row.key, TOTAL), tuple((row.key, c) for c in _KIND_COLUMN.values()))
        for row in table.rows
        if not row.is_heading
    ]
    _ROW_TOTALS[id(table)] = (table, totals)
    return totals


def fill_disputes(f: AgencyFacts) -> dict[CellRef, Value]:
    """The fifteen cells of table 四 from the period's facts."""
    counts: dict[str, dict[CaseOutcome | None, int]] = {
        "reconsideration": dict(f.reconsiderations),
        "lawsuit_direct": {o: n for (r, o), n in f.lawsuits.items() if r is LawsuitRoute.DIRECT},
        "lawsuit_after": {
            o: n for (r, o), n in f.lawsuits.items() if r is LawsuitRoute.AFTER_RECONSIDERATION
        },
    }
    values: dict[CellRef, Value] = {}
    for group, _ in _DISPUTE_GROUPS:
        total = 0
        for key, _, outcome in _OUTCOMES:
            n = counts[group].get(outcome, 0)
            values[("disputes.count", f"{group}.{key}")] = n
            total += n
        values[("disputes.count", f"{group}.total")] = total
    return values


def carry_rules(prefix: str) -> tuple[CarryRule, ...]:
    """This year's 上年结转 equals last year's 结转下年度, in every column."""
    return tuple(
        CarryRule(
            f"{prefix}.carry[{column.key}]",
            f"本年 二、上年结转 = 上年 四、结转下年度继续办理 ({column.label})",
            ("applications.carried_in", column.key),
            ("applications.carried_forward", column.key),
            absorb=("applications.new", column.key),
        )
        for column in _COLUMNS
    )
