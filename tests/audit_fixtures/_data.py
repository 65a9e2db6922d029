"""Figures of the fixture reports (our own numbers, consistent with every gov2021 rule) and renderers."""

from __future__ import annotations

from opengov.formats import FORMATS

GOV2021 = FORMATS["gov2021"]
T3 = GOV2021.table("applications")
T4 = GOV2021.table("disputes")

# np, commercial, research, public welfare, legal service, other
ROWS3: dict[str, tuple[int, ...]] = {
    "applications.new": (40, 6, 1, 0, 2, 1),
    "applications.carried_in": (3, 1, 0, 0, 0, 0),
    "applications.disclosed": (20, 3, 1, 0, 1, 0),
    "applications.partially_disclosed": (5, 1, 0, 0, 0, 0),
    "applications.withheld.state_secret": (0, 0, 0, 0, 0, 0),
    "applications.withheld.other_law": (1, 0, 0, 0, 0, 0),
    "applications.withheld.security_stability": (0, 0, 0, 0, 0, 0),
    "applications.withheld.third_party": (2, 0, 0, 0, 0, 0),
    "applications.withheld.internal_affairs": (0, 0, 0, 0, 0, 0),
    "applications.withheld.process_information": (0, 1, 0, 0, 0, 0),
    "applications.withheld.enforcement_file": (0, 0, 0, 0, 0, 0),
    "applications.withheld.query_matter": (1, 0, 0, 0, 0, 0),
    "applications.unavailable.not_held": (5, 0, 0, 0, 1, 0),
    "applications.unavailable.needs_creation": (2, 0, 0, 0, 0, 0),
    "applications.unavailable.still_unclear": (0, 0, 0, 0, 0, 0),
    "applications.not_processed.petition": (2, 0, 0, 0, 0, 0),
    "applications.not_processed.duplicate": (1, 0, 0, 0, 0, 0),
    "applications.not_processed.publication": (0, 0, 0, 0, 0, 0),
    "applications.not_processed.mass_repetitive": (0, 0, 0, 0, 0, 0),
    "applications.not_processed.confirmation": (0, 0, 0, 0, 0, 0),
    "applications.otherwise.no_correction": (1, 0, 0, 0, 0, 0),
    "applications.otherwise.fee_unpaid": (0, 0, 0, 0, 0, 0),
    "applications.otherwise.other": (0, 0, 0, 0, 0, 1),
    "applications.total": (40, 5, 1, 0, 2, 1),
    "applications.carried_forward": (3, 2, 0, 0, 0, 0),
}
DISPUTES = (2, 1, 0, 1, 4, 1, 0, 1, 0, 2, 0, 0, 0, 1, 1)
PROACTIVE = [
    (
        "第二十条第（一）项",
        "信息内容  本年制发件数  本年废止件数  现行有效件数",
        [("规章", "0 0 2"), ("行政规范性文件", "3 1 12")],
    ),
    ("第二十条第（五）项", "信息内容  本年处理决定数量", [("行政许可", "1234")]),
    ("第二十条第（六）项", "信息内容  本年处理决定数量", [("行政处罚", "56"), ("行政强制", "7")]),
    ("第二十条第（八）项", "信息内容  本年收费金额（单位：万元）", [("行政事业性收费", "12.5")]),
]
NARRATIVE = "2024 年，本机关共受理政府信息公开申请 50 件，均按期答复。"


def row3(key: str) -> tuple[int, ...]:
    """A table 三 row with its 总计."""
    values = ROWS3[key]
    return (*values, sum(values))


def figure_rows() -> list[str]:
    return [r.key for r in T3.rows if not r.is_heading]


def label(key: str) -> str:
    return T3.row(key).label


def head(year: int = 2024) -> list[str]:
    lines = [
        f"测试县人民政府 {year} 年政府信息公开工作年度报告",
        "一、总体情况",
        NARRATIVE,
        "二、主动公开政府信息情况",
    ]
    for title, header, rows in PROACTIVE:
        lines += [title, header]
        lines += [f"{name}  {values}" for name, values in rows]
    return lines


TAIL = ["五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
