"""Fujian's provincial statistics templates (pre-2019): 本年 and 历年累计, two variants.

Fujian's agencies did not print the national 2008 统计表; their reports carry a short table with a unit
column and two value columns, 本年 (``2016年度``) and 历年累计 (cumulative since 2008). Labels as printed in
the reports of 平潭综合实验区, 平潭县 and 三明市 (2011–2018); the rules are those a careful reader applies:

- the application channels and the answer kinds are exhaustive (受理 = Σ 渠道, 答复 = Σ 答复类型);
- each proactive channel is at most 主动公开 (the 其中 list names two channels only, so no sum);
- 答复 ≤ 受理; 本年 ≤ 历年累计 in every row;
- across years, this year's 历年累计 = last year's + this year's 本年 (the template's running total).
"""

from __future__ import annotations

__all__ = ["FUJIAN2008", "FUJIAN2014"]

from opengov.formats._model import TableSpec
from opengov.formats._provincial import TemplateRow as R
from opengov.formats._provincial import template, template_table

_BASIS = "福建省政府信息公开工作年度报告统计表（省级模板）"

_ROWS_2008 = (
    R("proactive", "主动公开信息数", "条"),
    R("proactive.website", "1.网站公开", "条", "proactive"),
    R("proactive.gazette", "2.政府公报公开", "条", "proactive"),
    R("applications", "受理依申请公开信息总数", "条"),
    R("applications.in_person", "1.当面申请数", "条", "applications"),
    R("applications.fax", "2.传真申请数", "条", "applications"),
    R("applications.email", "3.电子邮件申请数", "条", "applications"),
    R("applications.online", "4.网上申请数", "条", "applications"),
    R("applications.mail", "5.信函申请数", "条", "applications"),
    R("applications.other", "6.其它形式申请数", "条", "applications", optional=True),
    R("answers", "对申请的答复总数", "条", aliases=("对申请的答复数",)),
    R("answers.granted", "1.同意公开答复数", "条", "answers"),
    R("answers.partial", "2.同意部分公开答复数", "条", "answers"),
    R("answers.refused", "3.否决公开答复数", "条", "answers"),
    R("reconsiderations", "行政复议数", "件"),
    R("lawsuits", "行政诉讼数", "件"),
    R("complaints", "行政申诉、举报数", "件", aliases=("行政申诉数",)),
)

_ROWS_2014 = (
    R("proactive", "主动公开文件数", "条"),
    R("proactive.website", "1.政府网站公开数", "条", "proactive"),
    R("proactive.gazette", "2.政府公报公开数", "条", "proactive"),
    R("applications", "受理政府信息公开申请总数", "条", aliases=("受理依申请公开信息总数",)),
    R("applications.in_person", "1.当面申请数", "条", "applications"),
    R("applications.online", "2.网上申请数", "条", "applications"),
    R("applications.mail", "3.信函申请数", "条", "applications", aliases=("3.信函、传真申请数",)),
    R("answers", "对申请的答复总数", "条"),
    R("answers.granted", "1.同意公开答复数", "条", "answers"),
    R("answers.partial", "2.同意部分公开答复数", "条", "answers"),
    R("answers.refused", "3.不予公开答复数", "条", "answers"),
    R("answers.other", "4.其他类型答复数", "条", "answers"),
    R("fees", "政府信息公开收费减免金额", "元", optional=True),
    # 平潭 prints 「接受行政诉讼、举报数」 for this row (2016, 2018): the source's slip, read as this row.
    R("complaints", "接受行政申诉、举报数", "件", aliases=("接受行政诉讼、举报数",)),
    R("reconsiderations", "行政复议数", "件"),
    R("lawsuits", "行政诉讼数", "件"),
)


def _table(key: str, rows: tuple[R, ...]) -> TableSpec:
    return template_table(
        "statistics",
        "政府信息公开情况统计表",
        rows,
        exhaustive=("applications", "answers"),
        bounded=("proactive",),
        at_most_pairs=(("answers", "applications"),),
        prefix=key,
    )


FUJIAN2008 = template(
    "fujian2008",
    "福建省政府信息公开情况统计表（2008–2013：主动公开信息数）",
    _BASIS,
    (2008, 2013),
    _table("fujian2008", _ROWS_2008),
    _ROWS_2008,
    "福建",
)
"""Fujian's 2008–2013 template: 主动公开信息数, six application channels (其它形式 in some years only)."""

FUJIAN2014 = template(
    "fujian2014",
    "福建省政府信息公开情况统计表（2013–2018：主动公开文件数）",
    _BASIS,
    (2013, 2018),
    _table("fujian2014", _ROWS_2014),
    _ROWS_2014,
    "福建",
)
"""Fujian's 2014–2018 template (三明 already in 2013): 主动公开文件数, three channels, four answer kinds."""
