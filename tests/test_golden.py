"""Golden tables for the two example logs: every cell, counted by hand from the events.

Each expectation is literal data, written from the JSON lines of ``examples/*.jsonl`` (never from the
code under test); the comment by each figure says which events make it. Every cell not named is 0: the
tests compare the complete set of non-zero cells. The 2018 Wuzhong table is the seed report's own
statistical table (吴忠市科学技术局 2018 年政府信息公开工作年度报告, 附件), figure for figure.
"""

from __future__ import annotations

import os
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from cells import labelled, nonzero_cells
from opengov import load_events
from opengov.formats import Value
from opengov.tables import build_table

EXAMPLES = Path(__file__).parents[1] / "examples"

# ---------------------------------------------------------------------------------------------------------
# 吴忠市科学技术局 2018, gov2008 (examples/wuzhong-kjj-2018.jsonl, 169 lines).

_T = "政府信息公开情况统计表/"
_CHANNELS = _T + "一、主动公开情况/(二) 通过不同渠道和方式公开政府信息的情况/"

WUZHONG_2018: dict[str, Value] = {
    # 128 item_published (90 website + 21 wechat + 17 weibo, one channel each) + 4 items_published_counted
    # on "other" (17 + 18 + 19 + 19 = 73): 128 + 73 = 201. The 4 items_reported_upward (45 + 48 + 50 + 43
    # = 186 sent to the city's office) are not items this agency published: no cell.
    _T + "一、主动公开情况/(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)": 201,
    _CHANNELS + "2. 政府网站公开政府信息数": 90,  # 90 item_published, channels ["website"]
    _CHANNELS + "3. 政务微博公开政府信息数": 17,  # 17 item_published, channels ["weibo"]
    _CHANNELS + "4. 政务微信公开政府信息数": 21,  # 21 item_published, channels ["wechat"]
    _CHANNELS + "5. 其他方式公开政府信息数": 73,  # the 4 counted batches above
    # 12 interpretation_published (interpretation-01 … -12)
    _T + "二、回应解读情况/(二) 通过不同渠道和方式回应解读的情况/3. 政策解读稿件发布数": 12,
    # 4 staff_assigned, all role part_time
    _T + "八、机构建设和保障经费情况/(三) 从事政府信息公开工作人员数": 4,
    _T + "八、机构建设和保障经费情况/(三) 从事政府信息公开工作人员数/2. 兼职人员数": 4,
    # 3 meeting_held
    _T + "九、政府信息公开会议和培训情况/(一) 召开政府信息公开工作会议或专题会议数": 3,
    # No application, case, complaint, fee, office, funding or training events: every other cell is 0 —
    # exactly the blanks of the seed report's table. followers_counted, proposal_handled and
    # online_service_items_enabled feed the narrative only.
}


def test_wuzhong_2018_gov2008_golden() -> None:
    log = load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl")
    assert labelled(WUZHONG_2018) == nonzero_cells(build_table(log, year=2018, format="gov2008"))


SEED = Path(__file__).parents[2] / "shared" / "seeds" / "000_2b02ac06b51394ab.txt"


def _seed_rows(text: str) -> list[tuple[str, int]]:
    """(label, figure) of every row of the seed's statistical table, in print order; blank is 0."""
    body = text.split("统计指标\t单位\t统计数", 1)[1].split("单位负责人", 1)[0]
    rows = []
    for line in body.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] == "统计指标" or not parts[1]:
            continue
        rows.append(("".join(parts[0].split()), int(parts[2] or 0)))
    return rows


def test_wuzhong_2018_equals_the_seed_report_row_by_row() -> None:
    """Every row of the seed's printed table, in order, against the built table (labels and figures)."""
    if not SEED.is_file():
        message = f"seed report comparison NOT RUN: no file {SEED}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: CI must provide it)", pytrace=False)
        warnings.warn(message, pytest.PytestWarning, stacklevel=1)
        pytest.skip(message)
    seed = _seed_rows(SEED.read_text(encoding="utf-8"))
    log = load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl")
    built = [
        ("".join(cell.row.label.split()), int(cell.value))
        for cell in build_table(log, year=2018, format="gov2008")
        if cell.row.unit
    ]
    assert 58 == len(seed)
    assert seed == built


# ---------------------------------------------------------------------------------------------------------
# 示范市自然资源局 2024 and 2025, gov2021 (examples/shifan-zrzyj-2024-2025.jsonl, 392 lines).
#
# Applications by applicant (NP 自然人, CE 商业企业, RI 科研机构, PW 社会公益组织, LS 法律服务机构,
# OO 其他). 2024: 60 received (NP 8, CE 10, RI 8, PW 12, LS 8, OO 14); 57 ended in 2024 (53
# application_concluded + 4 application_withdrawn); 3 open on 31 Dec 2024 (LS 1, OO 2), all ended in 2025.
# 2025: 60 received (NP 5, CE 12, RI 8, PW 15, LS 7, OO 13); 61 ended in 2025 (60 application_concluded
# + 1 application_withdrawn); 2 open on 31 Dec 2025 (RI 1, OO 1).

_A = "三、收到和处理政府信息公开申请情况/"
_R = _A + "三、本年度办理结果/"
_C4 = "四、政府信息公开行政复议、行政诉讼情况/案件数 | "
_NP, _CE, _RI, _PW, _LS, _OO, _ALL = (
    " | 自然人",
    " | 法人或其他组织·商业企业",
    " | 法人或其他组织·科研机构",
    " | 法人或其他组织·社会公益组织",
    " | 法人或其他组织·法律服务机构",
    " | 法人或其他组织·其他",
    " | 总计",
)
_DOCS = "第二十条第（一）项/行政规范性文件 | "
_PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
_NOT_HELD = "（四）无法提供/1.本机关不掌握相关政府信息"
_CREATE = "（四）无法提供/2.没有现成信息需要另行制作"
_NO_CORRECTION = "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"


def _row(path: str, **by_column: int) -> dict[str, Value]:
    """One row's non-zero cells from NP=…, CE=…; 总计 is their sum (the row's total, by the template)."""
    columns = {"NP": _NP, "CE": _CE, "RI": _RI, "PW": _PW, "LS": _LS, "OO": _OO}
    out: dict[str, Value] = {path + columns[k]: n for k, n in by_column.items() if n}
    out[path + _ALL] = sum(by_column.values())
    return out


SHIFAN_2024: dict[str, Value] = {
    # 8 document_issued (normative) in 2023; 2024: 4 issued (2024-1 … -4), 1 repealed (2023-1, 1 June).
    _DOCS + "本年制发件数": 4,
    _DOCS + "本年废止件数": 1,
    _DOCS + "现行有效件数": 11,  # 8 − 1 + 4
    "第二十条第（五）项/行政许可": 424,  # decisions_recorded licensing, 31 Dec 2024
    "第二十条第（六）项/行政处罚": 41,  # decisions_recorded penalty
    "第二十条第（六）项/行政强制": 6,  # decisions_recorded coercive_measure
    # administrative_fees_collected 125300.00 元 = 12.53 万元 (the application fees paid, 140 + 740 元,
    # are 信息处理费, not 行政事业性收费)
    "第二十条第（八）项/行政事业性收费": Decimal("12.53"),
    **_row(_A + "一、本年新收政府信息公开申请数量", NP=8, CE=10, RI=8, PW=12, LS=8, OO=14),
    # disclosed (NP 3, CE 4, RI 4, PW 3, LS 3, OO 5) + already_public (NP 2, RI 1, PW 3)
    **_row(_R + "（一）予以公开", NP=5, CE=4, RI=5, PW=6, LS=3, OO=5),
    **_row(_R + _PARTIAL, RI=2, LS=2, OO=1),  # partially_disclosed
    **_row(_R + "（三）不予公开/4.保护第三方合法权益", CE=1),  # withheld_personal_privacy (2024-001)
    **_row(_R + "（三）不予公开/6.属于四类过程性信息", PW=1, LS=1),  # withheld_process_information
    # unavailable_not_held (CE 2, RI 1, LS 1, OO 2) + unavailable_does_not_exist (CE 1, PW 2, OO 2)
    **_row(_R + _NOT_HELD, CE=3, RI=1, PW=2, LS=1, OO=4),
    **_row(_R + _CREATE, CE=1, PW=2),  # unavailable_needs_creation
    **_row(_R + "（五）不予处理/1.信访举报投诉类申请", NP=1),  # not_processed_petition
    **_row(_R + "（五）不予处理/3.要求提供公开出版物", CE=1),  # not_processed_publication
    **_row(_R + _NO_CORRECTION, OO=1),  # abandoned_no_correction
    **_row(_R + "（六）其他处理/3.其他", NP=2, PW=1, OO=1),  # 4 application_withdrawn
    **_row(_R + "（七）总计", NP=8, CE=10, RI=8, PW=12, LS=7, OO=12),  # the rows above, 57
    **_row(_A + "四、结转下年度继续办理", LS=1, OO=2),  # 60 received − 57 ended
    # reconsideration_filed R-2024-1 (decided upheld 3 Jun), R-2024-2 (corrected 11 Nov),
    # R-2024-3 (filed 2 Dec, decided 17 Feb 2025: pending at the year's end)
    _C4 + "行政复议·结果维持": 1,
    _C4 + "行政复议·结果纠正": 1,
    _C4 + "行政复议·尚未审结": 1,
    _C4 + "行政复议·总计": 3,
    # lawsuit_filed L-2024-1 direct, decided upheld 9 Oct
    _C4 + "行政诉讼·未经复议直接起诉·结果维持": 1,
    _C4 + "行政诉讼·未经复议直接起诉·总计": 1,
    # Offices, staff, meetings, trainings, items published and the complaint have no gov2021 cell.
}

SHIFAN_2025: dict[str, Value] = {
    _DOCS + "本年制发件数": 4,  # 2025-1 … -4
    _DOCS + "本年废止件数": 1,  # 2023-2, 1 June
    _DOCS + "现行有效件数": 14,  # 11 − 1 + 4
    "第二十条第（五）项/行政许可": 420,
    "第二十条第（六）项/行政处罚": 37,
    "第二十条第（六）项/行政强制": 2,
    "第二十条第（八）项/行政事业性收费": Decimal("12.53"),  # 125300.00 元 again
    **_row(_A + "一、本年新收政府信息公开申请数量", NP=5, CE=12, RI=8, PW=15, LS=7, OO=13),
    **_row(_A + "二、上年结转政府信息公开申请数量", LS=1, OO=2),  # 2024's 结转下年度
    # disclosed (NP 1, CE 7, RI 3, PW 8, LS 3, OO 6) + already_public (NP 1, CE 1, PW 1, LS 1, OO 2)
    **_row(_R + "（一）予以公开", NP=2, CE=8, RI=3, PW=9, LS=4, OO=8),
    **_row(_R + _PARTIAL, CE=1, RI=3, PW=2, LS=1, OO=2),  # partially_disclosed
    **_row(_R + "（三）不予公开/6.属于四类过程性信息", NP=1, PW=1, LS=1),  # withheld_process_information
    # unavailable_not_held (CE 1, PW 2, LS 2, OO 2) + unavailable_does_not_exist (NP 1)
    **_row(_R + _NOT_HELD, NP=1, CE=1, PW=2, LS=2, OO=2),
    **_row(_R + _CREATE, CE=1),  # unavailable_needs_creation
    **_row(_R + "（五）不予处理/1.信访举报投诉类申请", NP=1, OO=1),  # not_processed_petition
    **_row(_R + "（五）不予处理/2.重复申请", OO=1),  # not_processed_duplicate
    **_row(_R + _NO_CORRECTION, RI=1, PW=1),  # abandoned_no_correction
    **_row(_R + "（六）其他处理/3.其他", CE=1),  # 1 application_withdrawn
    **_row(_R + "（七）总计", NP=5, CE=12, RI=7, PW=15, LS=8, OO=14),  # the rows above, 61
    **_row(_A + "四、结转下年度继续办理", RI=1, OO=1),  # 3 + 60 − 61
    # R-2024-3 decided upheld 17 Feb, R-2025-1 filed 6 May decided upheld 1 Jul, R-2025-2 filed 3 Nov: open
    _C4 + "行政复议·结果维持": 2,
    _C4 + "行政复议·尚未审结": 1,
    _C4 + "行政复议·总计": 3,
    # L-2025-2 direct, filed 13 Oct, undecided; L-2025-1 after reconsideration, decided "other" 1 Aug
    _C4 + "行政诉讼·未经复议直接起诉·尚未审结": 1,
    _C4 + "行政诉讼·未经复议直接起诉·总计": 1,
    _C4 + "行政诉讼·复议后起诉·其他结果": 1,
    _C4 + "行政诉讼·复议后起诉·总计": 1,
}


@pytest.mark.parametrize(("year", "expected"), [(2024, SHIFAN_2024), (2025, SHIFAN_2025)])
def test_shifan_gov2021_golden(year: int, expected: dict[str, Value]) -> None:
    log = load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    assert labelled(expected) == nonzero_cells(build_table(log, year=year, format="gov2021"))
