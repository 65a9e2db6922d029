"""Build the example event logs in this folder (deterministic: running it again gives the same files).

- ``wuzhong-kjj-2018.jsonl``: 吴忠市科学技术局, 2018. Its gov2008 table is the one published in the agency's
  2018 annual report; the narrative figures (186 items reported upward, 38 and 24 followers, 5 online service
  items, 3 proposals with 2 led) have their events too. The narrative text is our own.
- ``shifan-zrzyj-2024-2025.jsonl``: a fictional agency (示范市自然资源局) over 2024 and 2025 in the current
  format: applications of every applicant kind and many dispositions, corrections, consultations,
  extensions, fees, withdrawals, carry-over across both year ends, reconsiderations and lawsuits (one still
  pending at the end of 2025).

Run: ``python examples/build_examples.py``; ``tests/test_examples.py`` checks the files are up to date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from opengov import events as ev
from opengov import write_events
from opengov.events import Event
from opengov.fees import per_page_fee
from opengov.uscc import credit_code_check_character

HERE = Path(__file__).parent


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"{self.prefix}-{self.n:05d}"


def _weekdays(rng: random.Random, year: int, count: int) -> list[dt.date]:
    days = []
    while len(days) < count:
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def wuzhong() -> list[Event]:
    """The 2018 log of 吴忠市科学技术局."""
    agency = "wz-kjj"
    nid = _Ids("wzkjj2018")
    rng = random.Random(2018)
    log: list[Event] = [
        ev.AgencyRegistered(id=nid(), agency=agency, at=dt.date(2018, 1, 2), name="吴忠市科学技术局"),
    ]
    for n in range(1, 5):
        log.append(
            ev.StaffAssigned(
                id=nid(),
                agency=agency,
                at=dt.date(2018, 1, 2),
                staff_id=f"office-{n}",
                role=ev.StaffRole.PART_TIME,
            )
        )
    published: list[tuple[dt.date, ev.Channel, str]] = []
    for channel, count in ((ev.Channel.WEBSITE, 90), (ev.Channel.WEIBO, 17), (ev.Channel.WECHAT, 21)):
        for number, day in enumerate(_weekdays(rng, 2018, count), start=1):
            published.append((day, channel, f"{channel.value}-{number:03d}"))
    for day, channel, item in sorted(published, key=lambda p: (p[0], p[2])):
        log.append(
            ev.ItemPublished(
                id=nid(), agency=agency, at=day, item_id=item, kind=ev.ItemKind.ORDINARY, channels=[channel]
            )
        )
    # The agency counted the items it posted elsewhere (notice boards, the service hall) by quarter.
    for quarter, count in enumerate((18, 19, 17, 19)):
        log.append(
            ev.ItemsPublishedCounted(
                id=nid(),
                agency=agency,
                at=dt.date(2018, 3 * quarter + 3, 28),
                count=count,
                channels=[ev.Channel.OTHER],
            )
        )
    for quarter, count in enumerate((45, 48, 50, 43)):
        log.append(
            ev.ItemsReportedUpward(
                id=nid(),
                agency=agency,
                at=dt.date(2018, 3 * quarter + 3, 29),
                count=count,
                recipient="吴忠市人民政府办公室",
            )
        )
    titles = (
        "科研失信企业名单管理暂行办法",
        "宁夏回族自治区技术创新引导计划管理暂行办法",
        "宁夏回族自治区科技专家库管理暂行办法",
        "宁夏科技型中小微企业风险补偿专项资金不良贷款风险补偿操作规程（暂行）",
    )
    for number, day in enumerate(_weekdays(rng, 2018, 12), start=1):
        title = titles[number - 1] if number <= len(titles) else None
        log.append(
            ev.InterpretationPublished(
                id=nid(), agency=agency, at=day, article_id=f"interpretation-{number:02d}", title=title
            )
        )
    for day in (dt.date(2018, 3, 16), dt.date(2018, 7, 20), dt.date(2018, 11, 23)):
        log.append(ev.MeetingHeld(id=nid(), agency=agency, at=day, title="政务公开工作专题会议"))
    log.append(
        ev.OnlineServiceItemsEnabled(
            id=nid(),
            agency=agency,
            at=dt.date(2018, 10, 15),
            count=5,
            items=(
                "地震安全性评价在建设工程竣工验收备案",
                "建设工程抗震设防确认",
                "地震应急预案的备案",
                "地震监测设施保护范围确认",
                "技术合同认定登记",
            ),
        )
    )
    for number, (kind, role) in enumerate(
        (
            (ev.ProposalKind.NPC_SUGGESTION, ev.HandlingRole.LEAD),
            (ev.ProposalKind.CPPCC_PROPOSAL, ev.HandlingRole.LEAD),
            (ev.ProposalKind.CPPCC_PROPOSAL, ev.HandlingRole.CO_HANDLING),
        ),
        start=1,
    ):
        log.append(
            ev.ProposalHandled(
                id=nid(),
                agency=agency,
                at=dt.date(2018, 6, 20 + number),
                proposal_id=f"2018-{number}",
                kind=kind,
                role=role,
                on_time=True,
                satisfied=True,
            )
        )
    log.append(
        ev.FollowersCounted(
            id=nid(),
            agency=agency,
            at=dt.date(2018, 12, 31),
            platform=ev.Platform.WECHAT,
            account="吴忠市科技局",
            count=38,
        )
    )
    log.append(
        ev.FollowersCounted(
            id=nid(),
            agency=agency,
            at=dt.date(2018, 12, 31),
            platform=ev.Platform.WEIBO,
            account="吴忠市科技局",
            count=24,
        )
    )
    log.append(
        ev.AgencyProfileDeclared(
            id=nid(),
            agency=agency,
            at=dt.date(2019, 2, 11),
            year=2018,
            legal_basis=(
                "《中华人民共和国政府信息公开条例》",
                "《宁夏回族自治区实施〈中华人民共和国政府信息公开条例〉办法》",
            ),
            contact_office="吴忠市科技局办公室",
            address="利通区开元大道（西）375号市委党校一楼西",
            post_code="751100",
            phone="0953-2271436",
            email="wzskjjbgs@163.com",
            head="沙莉",
            reviewer="马学林",
            preparer="豆斌科",
            sign_off_phone="2271436",
            filled_on=dt.date(2019, 2, 11),
        )
    )
    for section, text in _WUZHONG_NARRATIVE:
        log.append(
            ev.NarrativeWritten(
                id=nid(), agency=agency, at=dt.date(2019, 2, 11), year=2018, section=section, text=text
            )
        )
    log.sort(key=lambda e: (e.day, e.id))
    return log


_WUZHONG_NARRATIVE = (
    (
        "overview",
        "本局按照国家和自治区关于政府信息公开的部署，修订政务公开工作制度，明确各科室公开职责，"
        "由办公室{staff}名兼职人员承担政府信息公开和管理工作；全年召开政务公开专题会议{meetings}次，"
        "研究部署公开工作，规范公文公开属性认定和保密审查流程。",
    ),
    (
        "proactive",
        "全年主动公开政府信息{items}条：通过市政府门户网站公开{website}条，政务微博发布{weibo}条，"
        "政务微信发布{wechat}条，其他方式公开{other}条；向市政府办公室报送信息{reported_upward}条。"
        "年末微信公众号关注用户{wechat_followers}人，微博关注用户{weibo_followers}人。",
    ),
    (
        "internet_plus",
        "按照“互联网+政务服务”的要求梳理审批服务流程，{online_service_items}项政务服务事项已在市政务服务中心"
        "综合窗口开通网上办理。",
    ),
    (
        "proposals",
        "全年承办人大代表建议和政协委员提案{proposals}件，其中主办{proposals_lead}件，均按时办结，"
        "按时办复率和代表委员满意率均为100%。",
    ),
    (
        "interpretation",
        "坚持政策文件与解读同步，围绕创新驱动战略和科技型企业扶持政策，在政务公开网站发布政策解读稿件"
        "{interpretations}篇，并结合多期培训班向企业和基层科技人员宣讲政策。",
    ),
    (
        "problems",
        "存在的不足：部分科室公开意识仍需加强，政务微博与公众互动不够，信息更新不够及时。"
        "2019年将扩大公开覆盖面，完善公开制度，充实工作力量，提高公开的时效和质量。",
    ),
)


def shifan() -> list[Event]:
    """Two years (2024, 2025) of a fictional agency in the current format."""
    agency = "sf-zrzyj"
    nid = _Ids("sfzrzyj")
    rng = random.Random(20242025)
    log: list[Event] = [
        ev.AgencyRegistered(
            id=nid(),
            agency=agency,
            at=dt.date(2024, 1, 2),
            name="示范市自然资源局",
            credit_code="11640300MB1234567" + _check("11640300MB1234567"),
        ),
        ev.OfficeOpened(
            id=nid(),
            agency=agency,
            at=dt.date(2024, 1, 2),
            office_id="office",
            kind=ev.OfficeKind.DEDICATED_OFFICE,
        ),
        ev.OfficeOpened(
            id=nid(),
            agency=agency,
            at=dt.date(2024, 1, 2),
            office_id="hall",
            kind=ev.OfficeKind.READING_POINT,
        ),
        ev.StaffAssigned(
            id=nid(), agency=agency, at=dt.date(2024, 1, 2), staff_id="p1", role=ev.StaffRole.FULL_TIME
        ),
        ev.StaffAssigned(
            id=nid(), agency=agency, at=dt.date(2024, 1, 2), staff_id="p2", role=ev.StaffRole.PART_TIME
        ),
        ev.StaffAssigned(
            id=nid(), agency=agency, at=dt.date(2024, 1, 2), staff_id="p3", role=ev.StaffRole.PART_TIME
        ),
        ev.StaffReleased(id=nid(), agency=agency, at=dt.date(2025, 6, 30), staff_id="p3"),
    ]
    for number in range(1, 9):
        log.append(
            ev.DocumentIssued(
                id=nid(),
                agency=agency,
                at=dt.date(2023, number, 10),
                document_id=f"2023-{number}",
                kind=ev.DocumentKind.NORMATIVE_DOCUMENT,
            )
        )
    for year in (2024, 2025):
        for number, day in enumerate(_weekdays(rng, year, 4), start=1):
            doc = f"{year}-{number}"
            log.append(
                ev.DocumentIssued(
                    id=nid(), agency=agency, at=day, document_id=doc, kind=ev.DocumentKind.NORMATIVE_DOCUMENT
                )
            )
            log.append(
                ev.ItemPublished(
                    id=nid(),
                    agency=agency,
                    at=day,
                    item_id=f"doc-{doc}",
                    kind=ev.ItemKind.NORMATIVE_DOCUMENT,
                    channels=[ev.Channel.WEBSITE, ev.Channel.GAZETTE],
                    document_id=doc,
                )
            )
        log.append(
            ev.DocumentRepealed(
                id=nid(), agency=agency, at=dt.date(year, 6, 1), document_id=f"2023-{year - 2023}"
            )
        )
        log.append(
            ev.ItemsPublishedCounted(
                id=nid(),
                agency=agency,
                at=dt.date(year, 12, 31),
                count=300 + year % 7,
                channels=[ev.Channel.WEBSITE],
            )
        )
        for kind, count in (
            (ev.DecisionKind.LICENSING, 420),
            (ev.DecisionKind.PENALTY, 37),
            (ev.DecisionKind.COERCIVE_MEASURE, 2),
        ):
            log.append(
                ev.DecisionsRecorded(
                    id=nid(), agency=agency, at=dt.date(year, 12, 31), kind=kind, count=count + year % 5
                )
            )
        log.append(
            ev.AdministrativeFeesCollected(
                id=nid(), agency=agency, at=dt.date(year, 12, 31), amount=Decimal("125300.00")
            )
        )
        log.append(ev.MeetingHeld(id=nid(), agency=agency, at=dt.date(year, 3, 12)))
        log.append(ev.TrainingHeld(id=nid(), agency=agency, at=dt.date(year, 5, 20), attendees=46))
        log.extend(_applications(agency, year, rng, nid))
    log.extend(_disputes(agency, nid))
    for year in (2024, 2025):
        log.append(
            ev.AgencyProfileDeclared(
                id=nid(),
                agency=agency,
                at=dt.date(year + 1, 1, 20),
                year=year,
                contact_office="示范市自然资源局办公室",
                address="示范市人民路1号",
                post_code="100000",
                phone="010-00000000",
                email="gongkai@example.gov.cn",
                head="王某",
                reviewer="李某",
                preparer="赵某",
                filled_on=dt.date(year + 1, 1, 20),
            )
        )
        for section, text in _SHIFAN_NARRATIVE:
            log.append(
                ev.NarrativeWritten(
                    id=nid(),
                    agency=agency,
                    at=dt.date(year + 1, 1, 20),
                    year=year,
                    section=section,
                    text=text,
                )
            )
    log.sort(key=lambda e: (e.day, e.id))
    return log


_SHIFAN_NARRATIVE = (
    (
        "overview",
        "{year}年，本局坚持以公开为常态、不公开为例外，全年主动公开政府信息{items}条，受理政府信息公开申请"
        "{applications.new}件，办结{applications.total}件；专职工作人员{staff_full_time}名、兼职{staff_part_time}名，"
        "举办业务培训{trainings}期。",
    ),
    (
        "proactive",
        "全年通过政府网站公开信息{website}条，通过政府公报公开{gazette}条；本年制发行政规范性文件"
        "{proactive.normative/issued}件，废止{proactive.normative/repealed}件，现行有效{proactive.normative/in_force}件。",
    ),
    (
        "applications",
        "全年新收政府信息公开申请{applications.new}件，上年结转{applications.carried_in}件，办结"
        "{applications.total}件，结转下年度继续办理{applications.carried_forward}件。",
    ),
    (
        "disputes",
        "全年因政府信息公开引发的行政复议和行政诉讼案件均依法办理，结果见下表。",
    ),
    (
        "problems",
        "个别申请答复超过法定期限，部分答复说理不够充分。下一步将依托工作日历对在办申请逐件跟踪期限，"
        "并加强答复文书审核。",
    ),
    (
        "other",
        "本年度收取信息处理费{fees_paid}元。无其他需要报告的事项。",
    ),
)


def _check(first17: str) -> str:
    return credit_code_check_character(first17)


_DISPOSITION_WEIGHTS = (
    (ev.Disposition.DISCLOSED, 30),
    (ev.Disposition.ALREADY_PUBLIC, 6),
    (ev.Disposition.PARTIALLY_DISCLOSED, 8),
    (ev.Disposition.WITHHELD_PERSONAL_PRIVACY, 2),
    (ev.Disposition.WITHHELD_TRADE_SECRET, 1),
    (ev.Disposition.WITHHELD_PROCESS_INFORMATION, 3),
    (ev.Disposition.WITHHELD_ENFORCEMENT_FILE, 1),
    (ev.Disposition.UNAVAILABLE_NOT_HELD, 12),
    (ev.Disposition.UNAVAILABLE_DOES_NOT_EXIST, 4),
    (ev.Disposition.UNAVAILABLE_NEEDS_CREATION, 2),
    (ev.Disposition.NOT_PROCESSED_PETITION, 3),
    (ev.Disposition.NOT_PROCESSED_DUPLICATE, 2),
    (ev.Disposition.NOT_PROCESSED_PUBLICATION, 1),
    (ev.Disposition.OTHER, 1),
)


def _applications(agency: str, year: int, rng: random.Random, nid: _Ids) -> Iterator[Event]:
    kinds = list(ev.ApplicantKind)
    channels = list(ev.ApplicationChannel)
    dispositions = [d for d, _ in _DISPOSITION_WEIGHTS]
    weights = [w for _, w in _DISPOSITION_WEIGHTS]
    days = _weekdays(rng, year, 60)
    days[-1] = dt.date(year, 12, 29 if year == 2025 else 27)  # received just before the year end
    days[-2] = dt.date(year, 12, 24)
    for number, day in enumerate(days, start=1):
        app = f"{year}-{number:03d}"
        applicant = kinds[number % len(kinds)] if number <= len(kinds) else rng.choice(kinds)
        yield ev.ApplicationReceived(
            id=nid(),
            agency=agency,
            at=day,
            application_id=app,
            channel=rng.choice(channels),
            applicant=applicant,
            applicant_id=f"applicant-{rng.randrange(40)}",
        )
        clock = day
        roll = rng.random()
        if roll < 0.12:
            clock += dt.timedelta(days=3)
            yield ev.CorrectionRequested(id=nid(), agency=agency, at=clock, application_id=app)
            if roll < 0.03:
                clock += dt.timedelta(days=20)
                yield ev.ApplicationConcluded(
                    id=nid(),
                    agency=agency,
                    at=clock,
                    application_id=app,
                    disposition=ev.Disposition.ABANDONED_NO_CORRECTION,
                )
                continue
            clock += dt.timedelta(days=6)
            yield ev.CorrectionReceived(id=nid(), agency=agency, at=clock, application_id=app)
        elif roll < 0.16:
            clock += dt.timedelta(days=4)
            yield ev.ApplicationWithdrawn(id=nid(), agency=agency, at=clock, application_id=app)
            continue
        if rng.random() < 0.1:
            yield ev.ConsultationStarted(
                id=nid(),
                agency=agency,
                at=clock + dt.timedelta(days=2),
                application_id=app,
                consultation_id="c1",
                party=ev.ConsultedParty.THIRD_PARTY,
            )
            clock += dt.timedelta(days=12)
            yield ev.ConsultationEnded(
                id=nid(), agency=agency, at=clock, application_id=app, consultation_id="c1"
            )
        if rng.random() < 0.05:
            pages = rng.randrange(40, 160)
            amount = per_page_fee(pages)
            yield ev.FeeNoticeIssued(
                id=nid(),
                agency=agency,
                at=clock + dt.timedelta(days=5),
                application_id=app,
                scheme=ev.FeeScheme.PER_PAGE,
                quantity=pages,
                amount=amount,
            )
            clock += dt.timedelta(days=9)
            yield ev.FeePaid(id=nid(), agency=agency, at=clock, application_id=app, amount=amount)
        extended = rng.random() < 0.15
        if extended:
            yield ev.DeadlineExtended(
                id=nid(),
                agency=agency,
                at=clock + dt.timedelta(days=21),
                application_id=app,
                working_days=20,
                reason="需要调取历史档案",
            )
        taken = rng.randrange(32, 50) if extended else rng.randrange(3, 27)
        if number >= len(days) - 1:
            taken = 30  # the last two of the year are answered in the new year (or still open)
            if year == 2025:
                continue
        yield ev.ApplicationConcluded(
            id=nid(),
            agency=agency,
            at=clock + dt.timedelta(days=taken),
            application_id=app,
            disposition=rng.choices(dispositions, weights)[0],
        )


def _disputes(agency: str, nid: _Ids) -> Iterator[Event]:
    cases = (
        # (case, lawsuit route or None, filed, decided or None, outcome)
        ("R-2024-1", None, dt.date(2024, 4, 8), dt.date(2024, 6, 3), ev.CaseOutcome.UPHELD),
        ("R-2024-2", None, dt.date(2024, 9, 2), dt.date(2024, 11, 11), ev.CaseOutcome.CORRECTED),
        ("R-2024-3", None, dt.date(2024, 12, 2), dt.date(2025, 2, 17), ev.CaseOutcome.UPHELD),
        (
            "L-2024-1",
            ev.LawsuitRoute.DIRECT,
            dt.date(2024, 5, 20),
            dt.date(2024, 10, 9),
            ev.CaseOutcome.UPHELD,
        ),
        (
            "L-2025-1",
            ev.LawsuitRoute.AFTER_RECONSIDERATION,
            dt.date(2025, 3, 10),
            dt.date(2025, 8, 1),
            ev.CaseOutcome.OTHER,
        ),
        ("R-2025-1", None, dt.date(2025, 5, 6), dt.date(2025, 7, 1), ev.CaseOutcome.UPHELD),
        ("R-2025-2", None, dt.date(2025, 11, 3), None, None),
        ("L-2025-2", ev.LawsuitRoute.DIRECT, dt.date(2025, 10, 13), None, None),
    )
    for case, route, filed, decided, outcome in cases:
        if route is None:
            yield ev.ReconsiderationFiled(id=nid(), agency=agency, at=filed, case_id=case)
            if decided is not None and outcome is not None:
                yield ev.ReconsiderationDecided(
                    id=nid(), agency=agency, at=decided, case_id=case, outcome=outcome
                )
        else:
            yield ev.LawsuitFiled(id=nid(), agency=agency, at=filed, case_id=case, route=route)
            if decided is not None and outcome is not None:
                yield ev.LawsuitDecided(id=nid(), agency=agency, at=decided, case_id=case, outcome=outcome)
    yield ev.ComplaintReceived(id=nid(), agency=agency, at=dt.date(2025, 4, 14), subject="答复超期")


def main() -> None:
    """Write both example logs next to this script."""
    write_events(wuzhong(), HERE / "wuzhong-kjj-2018.jsonl")
    write_events(shifan(), HERE / "shifan-zrzyj-2024-2025.jsonl")


if __name__ == "__main__":
    main()
