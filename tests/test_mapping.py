"""Every mapping from facts to cells, checked against official labels written here by hand.

The expectations come from the official templates (docs: ../shared/domain/formats.md; the gov2008 rows as
printed in the seed report) and from what each event kind means (its docstring in ``opengov.events``) —
never from ``get_format(...).dispositions`` or any other mapping under test. One fact goes in; the test
names every non-zero cell that comes out, by its labels. Swapping any two rows of a mapping moves a
figure to a row with another label, and the test fails.

gov2008 counts answers (申请答复数) where the 2008 regulation has a row for them; where it has none, the
choice is written next to the expectation (the same choice ``docs/formats.md`` documents).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cells import labelled, nonzero_cells
from opengov import events as ev
from opengov.events import ApplicantKind, CaseOutcome, Channel, Disposition, Event, LawsuitRoute
from opengov.formats import Value
from opengov.tables import build_table

D = Disposition
YEAR = {"gov2008": 2018, "gov2019": 2020, "gov2021": 2024}

# ---------------------------------------------------------------------------------------------------------
# Table 三 (gov2019, gov2021): disposition → the result row's labels under 三、本年度办理结果.

_WITHHELD = "（三）不予公开/"
_UNAVAILABLE = "（四）无法提供/"
_NOT_PROCESSED = "（五）不予处理/"
_OTHER = "（六）其他处理"

NATIONAL_RESULT_ROWS: dict[D, str] = {
    D.DISCLOSED: "（一）予以公开",
    D.ALREADY_PUBLIC: "（一）予以公开",  # told where it is public: the information is given, so 予以公开
    D.PARTIALLY_DISCLOSED: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    D.WITHHELD_STATE_SECRET: _WITHHELD + "1.属于国家秘密",
    D.WITHHELD_OTHER_LAW: _WITHHELD + "2.其他法律行政法规禁止公开",
    D.WITHHELD_SECURITY_STABILITY: _WITHHELD + "3.危及“三安全一稳定”",
    D.WITHHELD_TRADE_SECRET: _WITHHELD + "4.保护第三方合法权益",
    D.WITHHELD_PERSONAL_PRIVACY: _WITHHELD + "4.保护第三方合法权益",
    D.WITHHELD_INTERNAL_AFFAIRS: _WITHHELD + "5.属于三类内部事务信息",
    D.WITHHELD_PROCESS_INFORMATION: _WITHHELD + "6.属于四类过程性信息",
    D.WITHHELD_ENFORCEMENT_FILE: _WITHHELD + "7.属于行政执法案卷",
    D.WITHHELD_QUERY_MATTER: _WITHHELD + "8.属于行政查询事项",
    D.UNAVAILABLE_NOT_HELD: _UNAVAILABLE + "1.本机关不掌握相关政府信息",
    D.UNAVAILABLE_DOES_NOT_EXIST: _UNAVAILABLE + "1.本机关不掌握相关政府信息",  # nobody holds it
    D.UNAVAILABLE_NEEDS_CREATION: _UNAVAILABLE + "2.没有现成信息需要另行制作",
    D.UNAVAILABLE_STILL_UNCLEAR: _UNAVAILABLE + "3.补正后申请内容仍不明确",
    D.NOT_PROCESSED_PETITION: _NOT_PROCESSED + "1.信访举报投诉类申请",
    D.NOT_PROCESSED_DUPLICATE: _NOT_PROCESSED + "2.重复申请",
    D.NOT_PROCESSED_PUBLICATION: _NOT_PROCESSED + "3.要求提供公开出版物",
    D.NOT_PROCESSED_MASS_REPETITIVE: _NOT_PROCESSED + "4.无正当理由大量反复申请",
    D.NOT_PROCESSED_CONFIRMATION: _NOT_PROCESSED + "5.要求行政机关确认或重新出具已获取信息",
}
GOV2019_RESULT_ROWS: dict[D, str] = {
    **NATIONAL_RESULT_ROWS,
    # （六）其他处理 is one row in the 2019 template
    D.NOT_GOVERNMENT_INFORMATION: _OTHER,
    D.ABANDONED_NO_CORRECTION: _OTHER,
    D.ABANDONED_FEE_UNPAID: _OTHER,
    D.OTHER: _OTHER,
    D.WITHDRAWN: _OTHER,
}
GOV2021_RESULT_ROWS: dict[D, str] = {
    **NATIONAL_RESULT_ROWS,
    D.NOT_GOVERNMENT_INFORMATION: _OTHER + "/3.其他",  # the 2019 regulation has no row for it
    D.ABANDONED_NO_CORRECTION: _OTHER + "/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    D.ABANDONED_FEE_UNPAID: _OTHER
    + "/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    D.OTHER: _OTHER + "/3.其他",
    D.WITHDRAWN: _OTHER + "/3.其他",  # ended without a decision
}

# gov2008: disposition → the answer row under 三、依申请公开情况/(三) 申请答复数.
_ANSWERED = "(三) 申请答复数/"
_REFUSED = _ANSWERED + "4. 不同意公开答复数/"

GOV2008_ANSWER_ROWS: dict[D, str | None] = {
    D.DISCLOSED: _ANSWERED + "2. 同意公开答复数",
    D.ALREADY_PUBLIC: _ANSWERED + "1. 属于已主动公开范围数",
    D.PARTIALLY_DISCLOSED: _ANSWERED + "3. 同意部分公开答复数",
    D.WITHHELD_STATE_SECRET: _REFUSED + "其中：涉及国家秘密",
    D.WITHHELD_TRADE_SECRET: _REFUSED + "涉及商业秘密",
    D.WITHHELD_PERSONAL_PRIVACY: _REFUSED + "涉及个人隐私",
    D.WITHHELD_SECURITY_STABILITY: _REFUSED + "危及国家安全、公共安全、经济安全和社会稳定",
    D.NOT_GOVERNMENT_INFORMATION: _REFUSED + "不是《条例》所指政府信息",
    D.WITHHELD_INTERNAL_AFFAIRS: _REFUSED + "不是《条例》所指政府信息",  # not government information in 2008
    D.WITHHELD_OTHER_LAW: _REFUSED + "法律法规规定的其他情形",
    D.WITHHELD_PROCESS_INFORMATION: _REFUSED + "法律法规规定的其他情形",  # 国办发〔2010〕5号
    D.WITHHELD_ENFORCEMENT_FILE: _REFUSED + "法律法规规定的其他情形",
    D.NOT_PROCESSED_DUPLICATE: _REFUSED + "法律法规规定的其他情形",  # 国办发〔2010〕5号
    D.NOT_PROCESSED_MASS_REPETITIVE: _REFUSED + "法律法规规定的其他情形",  # 国办发〔2010〕5号
    D.ABANDONED_FEE_UNPAID: _REFUSED + "法律法规规定的其他情形",  # no row of its own
    D.OTHER: _REFUSED + "法律法规规定的其他情形",
    D.UNAVAILABLE_NOT_HELD: _ANSWERED + "5. 不属于本行政机关公开数",
    D.UNAVAILABLE_DOES_NOT_EXIST: _ANSWERED + "6. 申请信息不存在数",
    D.UNAVAILABLE_NEEDS_CREATION: _ANSWERED + "6. 申请信息不存在数",  # not in the form asked for
    D.UNAVAILABLE_STILL_UNCLEAR: _ANSWERED + "7. 告知作出更改补充数",
    D.ABANDONED_NO_CORRECTION: _ANSWERED + "7. 告知作出更改补充数",  # told to change or complete it
    D.WITHHELD_QUERY_MATTER: _ANSWERED + "8. 告知通过其他途径办理数",  # the query channel
    D.NOT_PROCESSED_PETITION: _ANSWERED + "8. 告知通过其他途径办理数",  # the petition channel
    D.NOT_PROCESSED_PUBLICATION: _ANSWERED + "8. 告知通过其他途径办理数",  # obtain the publication
    D.NOT_PROCESSED_CONFIRMATION: _ANSWERED + "8. 告知通过其他途径办理数",  # the issuing channel
    D.WITHDRAWN: None,  # concluded (申请办结数) but never answered: no 答复 row
}

T2008 = "政府信息公开情况统计表/"
T3 = "三、收到和处理政府信息公开申请情况/"
T4 = "四、政府信息公开行政复议、行政诉讼情况/案件数 | "
APPLICATIONS_2008 = T2008 + "三、依申请公开情况/"


def test_hand_tables_cover_every_disposition() -> None:
    """The hand-written tables name every disposition there is (a new one must be placed by hand)."""
    for table in (GOV2019_RESULT_ROWS, GOV2021_RESULT_ROWS, GOV2008_ANSWER_ROWS):
        assert set(D) == set(table)


def one_application(
    year: int,
    disposition: D,
    applicant: ApplicantKind = ApplicantKind.RESEARCH_INSTITUTION,
    channel: ev.ApplicationChannel = ev.ApplicationChannel.IN_PERSON,
) -> list[Event]:
    """Received 1 March, concluded (or withdrawn) 5 March: well inside the deadline."""
    received = ev.ApplicationReceived(
        id="r", agency="a", at=dt.date(year, 3, 1), application_id="x", channel=channel, applicant=applicant
    )
    end: Event
    if disposition is D.WITHDRAWN:
        end = ev.ApplicationWithdrawn(id="c", agency="a", at=dt.date(year, 3, 5), application_id="x")
    else:
        end = ev.ApplicationConcluded(
            id="c", agency="a", at=dt.date(year, 3, 5), application_id="x", disposition=disposition
        )
    return [received, end]


def cells_of(log: list[Event], fmt: str) -> dict[str, Value]:
    return nonzero_cells(build_table(log, year=YEAR[fmt], format=fmt))


@pytest.mark.parametrize("disposition", list(D))
@pytest.mark.parametrize("fmt", ["gov2019", "gov2021"])
def test_each_disposition_lands_in_its_row(fmt: str, disposition: D) -> None:
    """One application of a 科研机构 concluded with a disposition: exactly these six cells are 1."""
    row = {"gov2019": GOV2019_RESULT_ROWS, "gov2021": GOV2021_RESULT_ROWS}[fmt][disposition]
    column = "法人或其他组织·科研机构"
    expected = {}
    for path in (
        "一、本年新收政府信息公开申请数量",
        f"三、本年度办理结果/{row}",
        "三、本年度办理结果/（七）总计",
    ):
        expected[f"{T3}{path} | {column}"] = 1
        expected[f"{T3}{path} | 总计"] = 1
    assert labelled(expected) == cells_of(one_application(YEAR[fmt], disposition), fmt)


@pytest.mark.parametrize("disposition", list(D))
def test_each_disposition_lands_in_its_gov2008_row(disposition: D) -> None:
    """gov2008: received in person, concluded on time, and answered in its row (withdrawals: no answer)."""
    expected = {
        "(一) 收到申请数": 1,
        "(一) 收到申请数/1. 当面申请数": 1,
        "(二) 申请办结数": 1,
        "(二) 申请办结数/1. 按时办结数": 1,
    }
    row = GOV2008_ANSWER_ROWS[disposition]
    if row is not None:
        expected["(三) 申请答复数"] = 1
        expected[row] = 1
        if row.startswith(_REFUSED):
            expected[_REFUSED.rstrip("/")] = 1
    expected = {APPLICATIONS_2008 + path: n for path, n in expected.items()}
    assert labelled(expected) == cells_of(one_application(2018, disposition), "gov2008")


# ---------------------------------------------------------------------------------------------------------
# Applicant kinds → columns; application channels → gov2008 rows.

APPLICANT_COLUMNS = {
    ApplicantKind.NATURAL_PERSON: "自然人",
    ApplicantKind.COMMERCIAL_ENTERPRISE: "法人或其他组织·商业企业",
    ApplicantKind.RESEARCH_INSTITUTION: "法人或其他组织·科研机构",
    ApplicantKind.PUBLIC_WELFARE_ORGANISATION: "法人或其他组织·社会公益组织",
    ApplicantKind.LEGAL_SERVICE_ORGANISATION: "法人或其他组织·法律服务机构",
    ApplicantKind.OTHER_ORGANISATION: "法人或其他组织·其他",
}


@pytest.mark.parametrize("applicant", list(ApplicantKind))
@pytest.mark.parametrize("fmt", ["gov2019", "gov2021"])
def test_each_applicant_kind_lands_in_its_column(fmt: str, applicant: ApplicantKind) -> None:
    """Received, answered (予以公开) and one more open at the year's end: all in the applicant's column."""
    year = YEAR[fmt]
    log = one_application(year, D.DISCLOSED, applicant)
    log.append(
        ev.ApplicationReceived(
            id="r2",
            agency="a",
            at=dt.date(year, 12, 30),
            application_id="y",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=applicant,
        )
    )
    expected = {}
    rows = {
        "一、本年新收政府信息公开申请数量": 2,
        "三、本年度办理结果/（一）予以公开": 1,
        "三、本年度办理结果/（七）总计": 1,
        "四、结转下年度继续办理": 1,
    }
    for path, n in rows.items():
        expected[f"{T3}{path} | {APPLICANT_COLUMNS[applicant]}"] = n
        expected[f"{T3}{path} | 总计"] = n
    assert labelled(expected) == cells_of(log, fmt)


APPLICATION_CHANNEL_ROWS = {
    ev.ApplicationChannel.IN_PERSON: "1. 当面申请数",
    ev.ApplicationChannel.FAX: "2. 传真申请数",
    ev.ApplicationChannel.ONLINE: "3. 网络申请数",
    ev.ApplicationChannel.REGISTERED_MAIL: "4. 信函申请数",
    ev.ApplicationChannel.ORDINARY_MAIL: "4. 信函申请数",
}


@pytest.mark.parametrize("channel", list(ev.ApplicationChannel))
def test_each_application_channel_lands_in_its_gov2008_row(channel: ev.ApplicationChannel) -> None:
    """gov2008 (一) 收到申请数 by channel; the national tables have no channel rows."""
    log = one_application(2018, D.DISCLOSED, channel=channel)
    received = {k: v for k, v in cells_of(log, "gov2008").items() if "收到申请数" in k}
    expected = {"(一) 收到申请数": 1, f"(一) 收到申请数/{APPLICATION_CHANNEL_ROWS[channel]}": 1}
    assert labelled({APPLICATIONS_2008 + k: v for k, v in expected.items()}) == received


# ---------------------------------------------------------------------------------------------------------
# Proactive disclosure: item channels and kinds, responses, documents, decisions, listed items.

ITEM_CHANNEL_ROWS = {
    Channel.GAZETTE: "1. 政府公报公开政府信息数",
    Channel.WEBSITE: "2. 政府网站公开政府信息数",
    Channel.WEIBO: "3. 政务微博公开政府信息数",
    Channel.WECHAT: "4. 政务微信公开政府信息数",
    Channel.OTHER: "5. 其他方式公开政府信息数",
}
_PROACTIVE = T2008 + "一、主动公开情况/"
_ITEMS = _PROACTIVE + "(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)"


@pytest.mark.parametrize("channel", list(Channel))
def test_each_item_channel_lands_in_its_gov2008_row(channel: Channel) -> None:
    """One item on one channel: 主动公开政府信息数 1 and that channel's row 1."""
    log: list[Event] = [
        ev.ItemPublished(
            id="i",
            agency="a",
            at=dt.date(2018, 5, 1),
            item_id="i1",
            kind=ev.ItemKind.ORDINARY,
            channels=[channel],
        )
    ]
    channels = _PROACTIVE + "(二) 通过不同渠道和方式公开政府信息的情况/"
    expected = {_ITEMS: 1, channels + ITEM_CHANNEL_ROWS[channel]: 1}
    assert labelled(expected) == cells_of(log, "gov2008")


def test_item_kinds_in_gov2008_and_gov2019() -> None:
    """A normative document published: gov2008 其中：主动公开规范性文件数, gov2019 本年新公开数量."""

    def log(year: int, kind: ev.ItemKind) -> list[Event]:
        return [
            ev.ItemPublished(
                id="i",
                agency="a",
                at=dt.date(year, 5, 1),
                item_id="i1",
                kind=kind,
                channels=[Channel.WEBSITE],
            )
        ]

    website = _PROACTIVE + "(二) 通过不同渠道和方式公开政府信息的情况/2. 政府网站公开政府信息数"
    normative = _ITEMS + "/其中：主动公开规范性文件数"
    assert labelled({_ITEMS: 1, normative: 1, website: 1}) == cells_of(
        log(2018, ev.ItemKind.NORMATIVE_DOCUMENT), "gov2008"
    )
    assert labelled({_ITEMS: 1, website: 1}) == cells_of(log(2018, ev.ItemKind.GOVERNMENT_RULE), "gov2008")
    item1 = "第二十条第（一）项/"
    assert labelled({item1 + "规范性文件 | 本年新公开数量": 1}) == cells_of(
        log(2020, ev.ItemKind.NORMATIVE_DOCUMENT), "gov2019"
    )
    assert labelled({item1 + "规章 | 本年新公开数量": 1}) == cells_of(
        log(2020, ev.ItemKind.GOVERNMENT_RULE), "gov2019"
    )
    assert {} == cells_of(log(2024, ev.ItemKind.NORMATIVE_DOCUMENT), "gov2021")  # gov2021 has no such column


RESPONSE_CHANNEL_ROWS = {
    ev.ResponseChannel.WEIBO: "4. 微博微信回应事件数",
    ev.ResponseChannel.WECHAT: "4. 微博微信回应事件数",
    ev.ResponseChannel.OTHER: "5. 其他方式回应事件数",
}


@pytest.mark.parametrize("channel", list(ev.ResponseChannel))
def test_each_response_channel_lands_in_its_gov2008_row(channel: ev.ResponseChannel) -> None:
    """A public concern responded to: (一) 回应…热点 1, and its channel's row 1."""
    log: list[Event] = [
        ev.PublicConcernResponded(id="p", agency="a", at=dt.date(2018, 5, 1), topic_id="t", channel=channel)
    ]
    responses = T2008 + "二、回应解读情况/"
    expected = {
        responses + "(一) 回应公众关注热点或重大舆情数 (不同方式回应同一热点或舆情计 1 次)": 1,
        responses + "(二) 通过不同渠道和方式回应解读的情况/" + RESPONSE_CHANNEL_ROWS[channel]: 1,
    }
    assert labelled(expected) == cells_of(log, "gov2008")


DOCUMENT_ROWS = {
    # kind: (gov2008 row or None, gov2019 row, gov2021 row)
    ev.DocumentKind.NORMATIVE_DOCUMENT: (
        "一、主动公开情况/制发规范性文件总数",
        "规范性文件",
        "行政规范性文件",
    ),
    ev.DocumentKind.GOVERNMENT_RULE: (None, "规章", "规章"),
}


@pytest.mark.parametrize("kind", list(ev.DocumentKind))
def test_each_document_kind_lands_in_its_row(kind: ev.DocumentKind) -> None:
    """Issued this year and repealed next year: 制发 and 现行有效 this year; 废止 the next (gov2021)."""
    gov2008_row, gov2019_row, gov2021_row = DOCUMENT_ROWS[kind]

    def log(year: int) -> list[Event]:
        return [
            ev.DocumentIssued(id="i", agency="a", at=dt.date(year, 4, 1), document_id="d", kind=kind),
            ev.DocumentRepealed(id="r", agency="a", at=dt.date(year + 1, 4, 1), document_id="d"),
        ]

    assert labelled({} if gov2008_row is None else {T2008 + gov2008_row: 1}) == cells_of(log(2018), "gov2008")
    item1 = "第二十条第（一）项/"
    assert labelled(
        {f"{item1}{gov2019_row} | 本年新制作数量": 1, f"{item1}{gov2019_row} | 对外公开总数量": 1}
    ) == cells_of(log(2020), "gov2019")
    assert labelled(
        {f"{item1}{gov2021_row} | 本年制发件数": 1, f"{item1}{gov2021_row} | 现行有效件数": 1}
    ) == cells_of(log(2024), "gov2021")
    repealed = nonzero_cells(build_table(log(2023), year=2024, format="gov2021"))
    assert labelled({f"{item1}{gov2021_row} | 本年废止件数": 1}) == repealed


DECISION_ROWS = {
    # kind: (gov2019 table/row, gov2021 table/row or None)
    ev.DecisionKind.LICENSING: ("第二十条第（五）项/行政许可", "第二十条第（五）项/行政许可"),
    ev.DecisionKind.OTHER_SERVICE: ("第二十条第（五）项/其他对外管理服务事项", None),
    ev.DecisionKind.PENALTY: ("第二十条第（六）项/行政处罚", "第二十条第（六）项/行政处罚"),
    ev.DecisionKind.COERCIVE_MEASURE: ("第二十条第（六）项/行政强制", "第二十条第（六）项/行政强制"),
}


@pytest.mark.parametrize("kind", list(ev.DecisionKind))
def test_each_decision_kind_lands_in_its_row(kind: ev.DecisionKind) -> None:
    """Seven decisions recorded: 处理决定数量 (gov2019) / 本年处理决定数量 (gov2021) of their row."""

    def log(year: int) -> list[Event]:
        return [ev.DecisionsRecorded(id="d", agency="a", at=dt.date(year, 6, 1), kind=kind, count=7)]

    gov2019_row, gov2021_row = DECISION_ROWS[kind]
    assert labelled({f"{gov2019_row} | 处理决定数量": 7}) == cells_of(log(2020), "gov2019")
    assert labelled({} if gov2021_row is None else {gov2021_row: 7}) == cells_of(log(2024), "gov2021")


LISTED_ROWS = {
    ev.ServiceItemKind.LICENSING: "第二十条第（五）项/行政许可",
    ev.ServiceItemKind.OTHER_SERVICE: "第二十条第（五）项/其他对外管理服务事项",
    ev.ServiceItemKind.PENALTY: "第二十条第（六）项/行政处罚",
    ev.ServiceItemKind.COERCIVE_MEASURE: "第二十条第（六）项/行政强制",
    ev.ServiceItemKind.ADMINISTRATIVE_FEE: "第二十条第（八）项/行政事业性收费",
}


@pytest.mark.parametrize("kind", list(ev.ServiceItemKind))
def test_each_listed_item_kind_lands_in_its_gov2019_row(kind: ev.ServiceItemKind) -> None:
    """Two items listed last year, one of them delisted and one more listed this year: 上一年 2, 增/减 0;
    and a third listed: 增/减 +1."""

    def listed(n: str, year: int) -> Event:
        return ev.ServiceItemListed(id=f"l{n}", agency="a", at=dt.date(year, 3, 1), item_id=n, kind=kind)

    log = [listed("1", 2019), listed("2", 2019), listed("3", 2020), listed("4", 2020)]
    log.append(ev.ServiceItemDelisted(id="d1", agency="a", at=dt.date(2020, 5, 1), item_id="1"))
    row = LISTED_ROWS[kind]
    assert labelled({f"{row} | 上一年项目数量": 2, f"{row} | 本年增/减": 1}) == cells_of(log, "gov2019")


# ---------------------------------------------------------------------------------------------------------
# Table 四 and gov2008's 四、五: case outcomes and lawsuit routes.

OUTCOME_COLUMNS = {
    CaseOutcome.UPHELD: "结果维持",
    CaseOutcome.CORRECTED: "结果纠正",
    CaseOutcome.OTHER: "其他结果",
}
ROUTE_GROUPS = {
    LawsuitRoute.DIRECT: "行政诉讼·未经复议直接起诉",
    LawsuitRoute.AFTER_RECONSIDERATION: "行政诉讼·复议后起诉",
}
GOV2008_RECONSIDERATION_ROWS = {
    CaseOutcome.UPHELD: "四、行政复议数量/(一) 维持具体行政行为数",
    CaseOutcome.CORRECTED: "四、行政复议数量/(二) 被依法纠错数",
    CaseOutcome.OTHER: "四、行政复议数量/(三) 其他情形数",
}
GOV2008_LAWSUIT_ROWS = {
    CaseOutcome.UPHELD: "五、行政诉讼数量/(一) 维持具体行政行为或者驳回原告诉讼请求数",
    CaseOutcome.CORRECTED: "五、行政诉讼数量/(二) 被依法纠错数",
    CaseOutcome.OTHER: "五、行政诉讼数量/(三) 其他情形数",
}


def decided_reconsideration(year: int, outcome: CaseOutcome | None) -> list[Event]:
    log: list[Event] = [ev.ReconsiderationFiled(id="f", agency="a", at=dt.date(year, 2, 1), case_id="k")]
    if outcome is not None:
        log.append(
            ev.ReconsiderationDecided(
                id="d", agency="a", at=dt.date(year, 5, 1), case_id="k", outcome=outcome
            )
        )
    return log


def decided_lawsuit(year: int, route: LawsuitRoute, outcome: CaseOutcome | None) -> list[Event]:
    log: list[Event] = [ev.LawsuitFiled(id="f", agency="a", at=dt.date(year, 2, 1), case_id="k", route=route)]
    if outcome is not None:
        log.append(
            ev.LawsuitDecided(id="d", agency="a", at=dt.date(year, 5, 1), case_id="k", outcome=outcome)
        )
    return log


@pytest.mark.parametrize("outcome", [*CaseOutcome, None])
@pytest.mark.parametrize("fmt", ["gov2019", "gov2021"])
def test_each_reconsideration_outcome_lands_in_its_column(fmt: str, outcome: CaseOutcome | None) -> None:
    """行政复议: the outcome's column and 总计; undecided at the year's end: 尚未审结."""
    column = "尚未审结" if outcome is None else OUTCOME_COLUMNS[outcome]
    expected = {f"{T4}行政复议·{column}": 1, f"{T4}行政复议·总计": 1}
    assert labelled(expected) == cells_of(decided_reconsideration(YEAR[fmt], outcome), fmt)


@pytest.mark.parametrize("outcome", [*CaseOutcome, None])
@pytest.mark.parametrize("route", list(LawsuitRoute))
@pytest.mark.parametrize("fmt", ["gov2019", "gov2021"])
def test_each_lawsuit_lands_in_its_route_and_outcome(
    fmt: str, route: LawsuitRoute, outcome: CaseOutcome | None
) -> None:
    """行政诉讼: the route's group, the outcome's column and the group's 总计."""
    group = ROUTE_GROUPS[route]
    column = "尚未审结" if outcome is None else OUTCOME_COLUMNS[outcome]
    expected = {f"{T4}{group}·{column}": 1, f"{T4}{group}·总计": 1}
    assert labelled(expected) == cells_of(decided_lawsuit(YEAR[fmt], route, outcome), fmt)


@pytest.mark.parametrize("outcome", [*CaseOutcome, None])
def test_each_case_outcome_lands_in_its_gov2008_row(outcome: CaseOutcome | None) -> None:
    """gov2008 四、五: decided cases by outcome (both routes alike); a pending case has no row."""
    reconsiderations = cells_of(decided_reconsideration(2018, outcome), "gov2008")
    if outcome is None:
        assert {} == reconsiderations
    else:
        row = GOV2008_RECONSIDERATION_ROWS[outcome]
        assert labelled({T2008 + "四、行政复议数量": 1, T2008 + row: 1}) == reconsiderations
    for route in LawsuitRoute:
        lawsuits = cells_of(decided_lawsuit(2018, route, outcome), "gov2008")
        if outcome is None:
            assert {} == lawsuits
        else:
            row = GOV2008_LAWSUIT_ROWS[outcome]
            assert labelled({T2008 + "五、行政诉讼数量": 1, T2008 + row: 1}) == lawsuits


# ---------------------------------------------------------------------------------------------------------
# gov2008 capacity, fees and meetings.


def test_gov2008_capacity_rows() -> None:
    """Offices, staff by role, funding and fees (万元), meetings and trainings, each in its own row."""
    day = dt.date(2018, 6, 1)
    log: list[Event] = [
        ev.OfficeOpened(id="o1", agency="a", at=day, office_id="o1", kind=ev.OfficeKind.DEDICATED_OFFICE),
        ev.OfficeOpened(id="o2", agency="a", at=day, office_id="o2", kind=ev.OfficeKind.READING_POINT),
        ev.OfficeOpened(id="o3", agency="a", at=day, office_id="o3", kind=ev.OfficeKind.READING_POINT),
        ev.StaffAssigned(id="s1", agency="a", at=day, staff_id="p1", role=ev.StaffRole.FULL_TIME),
        ev.StaffAssigned(id="s2", agency="a", at=day, staff_id="p2", role=ev.StaffRole.PART_TIME),
        ev.StaffAssigned(id="s3", agency="a", at=day, staff_id="p3", role=ev.StaffRole.PART_TIME),
        ev.StaffAssigned(id="s4", agency="a", at=day, staff_id="p4", role=ev.StaffRole.PART_TIME),
        ev.SpecialFundingAllocated(id="f", agency="a", at=day, amount=Decimal("25000")),
        ev.ComplaintReceived(id="c", agency="a", at=day),
        ev.MeetingHeld(id="m", agency="a", at=day),
        ev.TrainingHeld(id="t1", agency="a", at=day, attendees=30),
        ev.TrainingHeld(id="t2", agency="a", at=day, attendees=12),
    ]
    capacity = T2008 + "八、机构建设和保障经费情况/"
    meetings = T2008 + "九、政府信息公开会议和培训情况/"
    expected: dict[str, Value] = {
        T2008 + "六、举报投诉数量": 1,
        capacity + "(一) 政府信息公开工作专门机构数": 1,
        capacity + "(二) 设置政府信息公开查阅点数": 2,
        capacity + "(三) 从事政府信息公开工作人员数": 4,
        capacity + "(三) 从事政府信息公开工作人员数/1. 专职人员数（不包括政府公报及政府网站工作人员数）": 1,
        capacity + "(三) 从事政府信息公开工作人员数/2. 兼职人员数": 3,
        capacity
        + "(四) 政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面经费）": Decimal(
            "2.5"
        ),
        meetings + "(一) 召开政府信息公开工作会议或专题会议数": 1,
        meetings + "(二) 举办各类培训班数": 2,
        meetings + "(三) 接受培训人员数": 42,
    }
    assert labelled(expected) == cells_of(log, "gov2008")
