"""gov2008: the 政府信息公开情况统计表 of reports up to 2018 (2008 regulation, State Council order No. 492).

Rows and labels exactly as printed in the 2018 report of 吴忠市科学技术局 (one PDF artefact excepted: the seed
prints ``经济 安全`` with a stray space, which the label here does not have). Its rules are inferred from
the layout; each holds on the seed and on the real reports checked.
"""

from __future__ import annotations

__all__ = ["GOV2008"]

from collections.abc import Mapping
from decimal import Decimal

from opengov.events import (
    ApplicationChannel,
    CaseOutcome,
    Channel,
    DocumentKind,
    ItemKind,
    OfficeKind,
    StaffRole,
)
from opengov.events import Disposition as D
from opengov.fold import AgencyFacts
from opengov.formats._model import (
    VALUE,
    CellRef,
    Column,
    Format,
    RowSpec,
    Rule,
    TableSpec,
    Value,
    at_most,
    rows_from,
    sum_of,
)

_TEN_THOUSAND = Decimal(10000)

# (key, label, unit, parent); parents come before their children.
_ROWS: tuple[RowSpec, ...] = (
    ("proactive", "一、主动公开情况", None, None),
    ("proactive.items", "(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)", "条", "proactive"),
    ("proactive.items.normative", "其中：主动公开规范性文件数", "条", "proactive.items"),
    ("proactive.normative_issued", "制发规范性文件总数", "件", "proactive"),
    ("proactive.channels", "(二) 通过不同渠道和方式公开政府信息的情况", None, "proactive"),
    ("proactive.gazette", "1. 政府公报公开政府信息数", "条", "proactive.channels"),
    ("proactive.website", "2. 政府网站公开政府信息数", "条", "proactive.channels"),
    ("proactive.weibo", "3. 政务微博公开政府信息数", "条", "proactive.channels"),
    ("proactive.wechat", "4. 政务微信公开政府信息数", "条", "proactive.channels"),
    ("proactive.other", "5. 其他方式公开政府信息数", "条", "proactive.channels"),
    ("responses", "二、回应解读情况", None, None),
    (
        "responses.topics",
        "(一) 回应公众关注热点或重大舆情数 (不同方式回应同一热点或舆情计 1 次)",
        "次",
        "responses",
    ),
    ("responses.channels", "(二) 通过不同渠道和方式回应解读的情况", None, "responses"),
    ("responses.press", "1. 参加或举办新闻发布会总次数", "次", "responses.channels"),
    ("responses.press.principal", "其中：主要负责同志参加新闻发布会次数", "次", "responses.press"),
    ("responses.interviews", "2. 政府网站在线访谈次数", "次", "responses.channels"),
    (
        "responses.interviews.principal",
        "其中：主要负责同志参加政府网站在线访谈次数",
        "次",
        "responses.interviews",
    ),
    ("responses.interpretations", "3. 政策解读稿件发布数", "篇", "responses.channels"),
    ("responses.weibo_wechat", "4. 微博微信回应事件数", "次", "responses.channels"),
    ("responses.other", "5. 其他方式回应事件数", "次", "responses.channels"),
    ("applications", "三、依申请公开情况", None, None),
    ("applications.received", "(一) 收到申请数", "件", "applications"),
    ("applications.received.in_person", "1. 当面申请数", "件", "applications.received"),
    ("applications.received.fax", "2. 传真申请数", "件", "applications.received"),
    ("applications.received.online", "3. 网络申请数", "件", "applications.received"),
    ("applications.received.mail", "4. 信函申请数", "件", "applications.received"),
    ("applications.concluded", "(二) 申请办结数", "件", "applications"),
    ("applications.concluded.on_time", "1. 按时办结数", "件", "applications.concluded"),
    ("applications.concluded.extended", "2. 延期办结数", "件", "applications.concluded"),
    ("applications.answered", "(三) 申请答复数", "件", "applications"),
    ("applications.answered.already_public", "1. 属于已主动公开范围数", "件", "applications.answered"),
    ("applications.answered.disclosed", "2. 同意公开答复数", "件", "applications.answered"),
    ("applications.answered.partially_disclosed", "3. 同意部分公开答复数", "件", "applications.answered"),
    ("applications.answered.refused", "4. 不同意公开答复数", "件", "applications.answered"),
    ("applications.refused.state_secret", "其中：涉及国家秘密", "件", "applications.answered.refused"),
    ("applications.refused.trade_secret", "涉及商业秘密", "件", "applications.answered.refused"),
    ("applications.refused.personal_privacy", "涉及个人隐私", "件", "applications.answered.refused"),
    (
        "applications.refused.security_stability",
        "危及国家安全、公共安全、经济安全和社会稳定",
        "件",
        "applications.answered.refused",
    ),
    (
        "applications.refused.not_government_information",
        "不是《条例》所指政府信息",
        "件",
        "applications.answered.refused",
    ),
    ("applications.refused.other_law", "法律法规规定的其他情形", "件", "applications.answered.refused"),
    ("applications.answered.not_this_agency", "5. 不属于本行政机关公开数", "件", "applications.answered"),
    ("applications.answered.does_not_exist", "6. 申请信息不存在数", "件", "applications.answered"),
    ("applications.answered.correction", "7. 告知作出更改补充数", "件", "applications.answered"),
    ("applications.answered.other_route", "8. 告知通过其他途径办理数", "件", "applications.answered"),
    ("reconsiderations", "四、行政复议数量", "件", None),
    ("reconsiderations.upheld", "(一) 维持具体行政行为数", "件", "reconsiderations"),
    ("reconsiderations.corrected", "(二) 被依法纠错数", "件", "reconsiderations"),
    ("reconsiderations.other", "(三) 其他情形数", "件", "reconsiderations"),
    ("lawsuits", "五、行政诉讼数量", "件", None),
    ("lawsuits.upheld", "(一) 维持具体行政行为或者驳回原告诉讼请求数", "件", "lawsuits"),
    ("lawsuits.corrected", "(二) 被依法纠错数", "件", "lawsuits"),
    ("lawsuits.other", "(三) 其他情形数", "件", "lawsuits"),
    ("complaints", "六、举报投诉数量", "件", None),
    ("fees", "七、依申请公开信息收取的费用", "万元", None),
    ("capacity", "八、机构建设和保障经费情况", None, None),
    ("capacity.offices", "(一) 政府信息公开工作专门机构数", "个", "capacity"),
    ("capacity.reading_points", "(二) 设置政府信息公开查阅点数", "个", "capacity"),
    ("capacity.staff", "(三) 从事政府信息公开工作人员数", "人", "capacity"),
    (
        "capacity.staff.full_time",
        "1. 专职人员数（不包括政府公报及政府网站工作人员数）",
        "人",
        "capacity.staff",
    ),
    ("capacity.staff.part_time", "2. 兼职人员数", "人", "capacity.staff"),
    (
        "capacity.funding",
        "(四) 政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面经费）",
        "万元",
        "capacity",
    ),
    ("meetings", "九、政府信息公开会议和培训情况", None, None),
    ("meetings.meetings", "(一) 召开政府信息公开工作会议或专题会议数", "次", "meetings"),
    ("meetings.trainings", "(二) 举办各类培训班数", "次", "meetings"),
    ("meetings.attendees", "(三) 接受培训人员数", "人次", "meetings"),
)


def _c(key: str) -> CellRef:
    return (key, VALUE)


_CHANNEL_ROWS = (
    "proactive.gazette",
    "proactive.website",
    "proactive.weibo",
    "proactive.wechat",
    "proactive.other",
)
_RESPONSE_ROWS = (
    "responses.press",
    "responses.interviews",
    "responses.interpretations",
    "responses.weibo_wechat",
    "responses.other",
)
_ANSWER_ROWS = (
    "applications.answered.already_public",
    "applications.answered.disclosed",
    "applications.answered.partially_disclosed",
    "applications.answered.refused",
    "applications.answered.not_this_agency",
    "applications.answered.does_not_exist",
    "applications.answered.correction",
    "applications.answered.other_route",
)
_REFUSAL_ROWS = (
    "applications.refused.state_secret",
    "applications.refused.trade_secret",
    "applications.refused.personal_privacy",
    "applications.refused.security_stability",
    "applications.refused.not_government_information",
    "applications.refused.other_law",
)


def _rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for row in _CHANNEL_ROWS:
        rules.append(
            at_most(
                f"gov2008.items>={row.split('.')[1]}",
                "每个渠道公开数 ≤ 主动公开政府信息数 (不同渠道公开相同信息计 1 条)",
                [_c(row)],
                [_c("proactive.items")],
                inferred=True,
            )
        )
    rules += [
        at_most(
            "gov2008.items<=channels",
            "主动公开政府信息数 ≤ 各渠道公开数之和",
            [_c("proactive.items")],
            [_c(r) for r in _CHANNEL_ROWS],
            inferred=True,
        ),
        at_most(
            "gov2008.items>=normative",
            "其中：主动公开规范性文件数 ≤ 主动公开政府信息数",
            [_c("proactive.items.normative")],
            [_c("proactive.items")],
            inferred=True,
        ),
        at_most(
            "gov2008.topics<=responses",
            "回应公众关注热点或重大舆情数 ≤ 各渠道回应解读数之和",
            [_c("responses.topics")],
            [_c(r) for r in _RESPONSE_ROWS],
            inferred=True,
        ),
        at_most(
            "gov2008.press>=principal",
            "主要负责同志参加新闻发布会次数 ≤ 参加或举办新闻发布会总次数",
            [_c("responses.press.principal")],
            [_c("responses.press")],
            inferred=True,
        ),
        at_most(
            "gov2008.interviews>=principal",
            "主要负责同志参加在线访谈次数 ≤ 政府网站在线访谈次数",
            [_c("responses.interviews.principal")],
            [_c("responses.interviews")],
            inferred=True,
        ),
        sum_of(
            "gov2008.received",
            "收到申请数 = 当面 + 传真 + 网络 + 信函",
            _c("applications.received"),
            [_c(f"applications.received.{k}") for k in ("in_person", "fax", "online", "mail")],
            inferred=True,
        ),
        sum_of(
            "gov2008.concluded",
            "申请办结数 = 按时办结数 + 延期办结数",
            _c("applications.concluded"),
            [_c("applications.concluded.on_time"), _c("applications.concluded.extended")],
            inferred=True,
        ),
        sum_of(
            "gov2008.answered",
            "申请答复数 = 八类答复数之和",
            _c("applications.answered"),
            [_c(r) for r in _ANSWER_ROWS],
            inferred=True,
        ),
        sum_of(
            "gov2008.refused",
            "不同意公开答复数 = 其中六类情形之和",
            _c("applications.answered.refused"),
            [_c(r) for r in _REFUSAL_ROWS],
            inferred=True,
        ),
        sum_of(
            "gov2008.reconsiderations",
            "行政复议数量 = 维持 + 纠错 + 其他",
            _c("reconsiderations"),
            [_c("reconsiderations.upheld"), _c("reconsiderations.corrected"), _c("reconsiderations.other")],
            inferred=True,
        ),
        sum_of(
            "gov2008.lawsuits",
            "行政诉讼数量 = 维持或驳回 + 纠错 + 其他",
            _c("lawsuits"),
            [_c("lawsuits.upheld"), _c("lawsuits.corrected"), _c("lawsuits.other")],
            inferred=True,
        ),
        sum_of(
            "gov2008.staff",
            "从事政府信息公开工作人员数 = 专职 + 兼职",
            _c("capacity.staff"),
            [_c("capacity.staff.full_time"), _c("capacity.staff.part_time")],
            inferred=True,
        ),
    ]
    return tuple(rules)


DISPOSITIONS: Mapping[D, str | None] = {
    D.DISCLOSED: "applications.answered.disclosed",
    D.ALREADY_PUBLIC: "applications.answered.already_public",
    D.PARTIALLY_DISCLOSED: "applications.answered.partially_disclosed",
    D.WITHHELD_STATE_SECRET: "applications.refused.state_secret",
    D.WITHHELD_OTHER_LAW: "applications.refused.other_law",
    D.WITHHELD_SECURITY_STABILITY: "applications.refused.security_stability",
    D.WITHHELD_TRADE_SECRET: "applications.refused.trade_secret",
    D.WITHHELD_PERSONAL_PRIVACY: "applications.refused.personal_privacy",
    D.WITHHELD_INTERNAL_AFFAIRS: "applications.refused.not_government_information",
    D.WITHHELD_PROCESS_INFORMATION: "applications.refused.other_law",
    D.WITHHELD_ENFORCEMENT_FILE: "applications.refused.other_law",
    D.WITHHELD_QUERY_MATTER: "applications.answered.other_route",
    D.NOT_GOVERNMENT_INFORMATION: "applications.refused.not_government_information",
    D.UNAVAILABLE_NOT_HELD: "applications.answered.not_this_agency",
    D.UNAVAILABLE_DOES_NOT_EXIST: "applications.answered.does_not_exist",
    D.UNAVAILABLE_NEEDS_CREATION: "applications.answered.does_not_exist",
    D.UNAVAILABLE_STILL_UNCLEAR: "applications.answered.correction",
    D.NOT_PROCESSED_PETITION: "applications.answered.other_route",
    D.NOT_PROCESSED_DUPLICATE: "applications.refused.other_law",
    D.NOT_PROCESSED_PUBLICATION: "applications.answered.other_route",
    D.NOT_PROCESSED_MASS_REPETITIVE: "applications.refused.other_law",
    D.NOT_PROCESSED_CONFIRMATION: "applications.answered.other_route",
    D.ABANDONED_NO_CORRECTION: "applications.answered.correction",
    D.ABANDONED_FEE_UNPAID: "applications.refused.other_law",
    D.OTHER: "applications.refused.other_law",
    D.WITHDRAWN: None,
}

NOTES: Mapping[D, str] = {
    D.WITHHELD_INTERNAL_AFFAIRS: "under the 2008 regulation internal affairs were not government information",
    D.WITHHELD_PROCESS_INFORMATION: "withheld under 国办发〔2010〕5号, a rule outside the regulation",
    D.WITHHELD_ENFORCEMENT_FILE: "withheld under other laws and regulations",
    D.WITHHELD_QUERY_MATTER: "the applicant is told to use the query channel",
    D.UNAVAILABLE_NEEDS_CREATION: "no such information exists in the form asked for",
    D.NOT_PROCESSED_PETITION: "the applicant is told to use the petition channel",
    D.NOT_PROCESSED_DUPLICATE: "refused under 国办发〔2010〕5号, a rule outside the regulation",
    D.NOT_PROCESSED_PUBLICATION: "the applicant is told to obtain the publication",
    D.NOT_PROCESSED_MASS_REPETITIVE: "refused under 国办发〔2010〕5号, a rule outside the regulation",
    D.NOT_PROCESSED_CONFIRMATION: "the applicant is told to use the channel that issued it",
    D.ABANDONED_NO_CORRECTION: "the applicant was told to change or complete the application",
    D.ABANDONED_FEE_UNPAID: "not answered for a reason the regulation does not list",
    D.OTHER: "not answered for a reason the regulation does not list",
    D.WITHDRAWN: "a withdrawal is concluded (申请办结数) but no answer was given, so no 答复 row counts it",
}


def _fill(f: AgencyFacts) -> dict[CellRef, Value]:
    ch = f.items_by_channel
    by_channel = f.received_by_channel
    values: dict[str, Value] = {
        "proactive.items": f.items,
        "proactive.items.normative": f.items_by_kind.get(ItemKind.NORMATIVE_DOCUMENT, 0),
        "proactive.normative_issued": f.documents_issued.get(DocumentKind.NORMATIVE_DOCUMENT, 0),
        "proactive.gazette": ch.get(Channel.GAZETTE, 0),
        "proactive.website": ch.get(Channel.WEBSITE, 0),
        "proactive.weibo": ch.get(Channel.WEIBO, 0),
        "proactive.wechat": ch.get(Channel.WECHAT, 0),
        "proactive.other": ch.get(Channel.OTHER, 0),
        "responses.topics": f.topics_responded,
        "responses.press": f.press_conferences,
        "responses.press.principal": f.press_conferences_principal,
        "responses.interviews": f.online_interviews,
        "responses.interviews.principal": f.online_interviews_principal,
        "responses.interpretations": f.interpretations,
        "responses.weibo_wechat": f.responses_weibo_wechat,
        "responses.other": f.responses_other,
        "applications.received": sum(f.received.values()),
        "applications.received.in_person": by_channel.get(ApplicationChannel.IN_PERSON, 0),
        "applications.received.fax": by_channel.get(ApplicationChannel.FAX, 0),
        "applications.received.online": by_channel.get(ApplicationChannel.ONLINE, 0),
        "applications.received.mail": by_channel.get(ApplicationChannel.REGISTERED_MAIL, 0)
        + by_channel.get(ApplicationChannel.ORDINARY_MAIL, 0),
        "applications.concluded": f.concluded(),
        "applications.concluded.on_time": f.concluded_on_time,
        "applications.concluded.extended": f.concluded_extended + f.concluded_late,
        "reconsiderations.upheld": f.reconsiderations.get(CaseOutcome.UPHELD, 0),
        "reconsiderations.corrected": f.reconsiderations.get(CaseOutcome.CORRECTED, 0),
        "reconsiderations.other": f.reconsiderations.get(CaseOutcome.OTHER, 0),
        "complaints": f.complaints,
        "fees": f.fees_paid / _TEN_THOUSAND,
        "capacity.offices": f.offices.get(OfficeKind.DEDICATED_OFFICE, 0),
        "capacity.reading_points": f.offices.get(OfficeKind.READING_POINT, 0),
        "capacity.staff.full_time": f.staff.get(StaffRole.FULL_TIME, 0),
        "capacity.staff.part_time": f.staff.get(StaffRole.PART_TIME, 0),
        "capacity.funding": f.special_funding / _TEN_THOUSAND,
        "meetings.meetings": f.meetings,
        "meetings.trainings": f.trainings,
        "meetings.attendees": f.training_attendees,
    }
    for outcome, key in ((CaseOutcome.UPHELD, "upheld"), (CaseOutcome.CORRECTED, "corrected")):
        values[f"lawsuits.{key}"] = sum(n for (_, o), n in f.lawsuits.items() if o is outcome)
    values["lawsuits.other"] = sum(n for (_, o), n in f.lawsuits.items() if o is CaseOutcome.OTHER)
    values["reconsiderations"] = sum(n for o, n in f.reconsiderations.items() if o is not None)
    values["lawsuits"] = sum(n for (_, o), n in f.lawsuits.items() if o is not None)
    values["capacity.staff"] = values["capacity.staff.full_time"] + values["capacity.staff.part_time"]
    for row in (*_ANSWER_ROWS, *_REFUSAL_ROWS):
        values[row] = 0
    for (disposition, _), n in f.results.items():
        answer_row = DISPOSITIONS[disposition]
        if answer_row is not None:
            values[answer_row] += n
    values["applications.answered.refused"] = sum(values[r] for r in _REFUSAL_ROWS)
    values["applications.answered"] = sum(values[r] for r in _ANSWER_ROWS)
    return {_c(k): v for k, v in values.items()}


TABLE = TableSpec(
    key="statistics",
    title="政府信息公开情况统计表",
    rows=rows_from(_ROWS),
    columns=(Column(VALUE, "统计数"),),
    rules=_rules(),
)

GOV2008 = Format(
    key="gov2008",
    title="政府信息公开情况统计表 (2008 条例)",
    basis="《中华人民共和国政府信息公开条例》(国务院令第492号, 2008)",
    first_year=2008,
    last_year=2018,
    tables=(TABLE,),
    fill=_fill,
    dispositions=DISPOSITIONS,
    disposition_notes=NOTES,
)
"""The gov2008 format: one table of 65 rows, the seed's."""
