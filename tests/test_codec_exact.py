"""The codec held to exact bytes, written by hand: one event of every type, each field set (a timestamp, a
Chinese text, an unordered set, an ordered list, money in an odd Decimal form, a record, a whole event
inside an event), and the very line it is stored as; and the refusals of what sits inside an event (a
filed report's cells, a list's items, a correction's replacement), word for word.

The stores compare and keep these bytes, so no expectation here is computed by the code under test: a
change of field order, key spelling, set order, date or money form is a change of the stored format and
must show up as a failing line below."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import orjson
import pytest

from opengov import codec
from opengov.errors import DecodeError, EventValidationError
from opengov.events import (
    EVENT_TYPES,
    AdministrativeFeesCollected,
    AgencyProfileDeclared,
    AgencyRegistered,
    ApplicantKind,
    ApplicationChannel,
    ApplicationConcluded,
    ApplicationReceived,
    ApplicationWithdrawn,
    CaseOutcome,
    Channel,
    ComplaintReceived,
    ConsultationEnded,
    ConsultationStarted,
    ConsultedParty,
    CorrectionReceived,
    CorrectionRequested,
    DeadlineExtended,
    DecisionKind,
    DecisionsRecorded,
    Disposition,
    DocumentIssued,
    DocumentKind,
    DocumentRepealed,
    Event,
    EventCorrected,
    EventRetracted,
    FeeNoticeIssued,
    FeePaid,
    FeeScheme,
    FiledCell,
    FiledPeriodPolicy,
    FiledPeriodPolicyDeclared,
    FollowersCounted,
    HandlingRole,
    InterpretationPublished,
    ItemKind,
    ItemPublished,
    ItemsPublishedCounted,
    ItemsReportedUpward,
    LawsuitDecided,
    LawsuitFiled,
    LawsuitRoute,
    MeetingHeld,
    NarrativeWritten,
    OfficeClosed,
    OfficeKind,
    OfficeOpened,
    OnlineInterviewHeld,
    OnlineServiceItemsEnabled,
    Platform,
    PressConferenceHeld,
    ProcurementRecorded,
    ProposalHandled,
    ProposalKind,
    PublicConcernResponded,
    ReconsiderationDecided,
    ReconsiderationFiled,
    ReportFiled,
    ResponseChannel,
    ServiceItemDelisted,
    ServiceItemKind,
    ServiceItemListed,
    SpecialFundingAllocated,
    StaffAssigned,
    StaffReleased,
    StaffRole,
    TrainingHeld,
    WorkingCalendarDeclared,
)

D = dt.date
UTC8 = dt.timezone(dt.timedelta(hours=8))
A = {"agency": "a1"}

# (event, its line) for every event type; the lines are the stored format, written out by hand
WRITTEN: list[tuple[Event, str]] = [
    (
        AgencyRegistered(
            id="e01",
            at=D(2024, 1, 2),
            name="示范市自然资源局",
            credit_code="11640300MB12345671",
            supervisor="示范市人民政府",
            **A,
        ),
        '{"type":"agency_registered","v":1,"id":"e01","agency":"a1","at":"2024-01-02",'
        '"name":"示范市自然资源局","credit_code":"11640300MB12345671","supervisor":"示范市人民政府"}',
    ),
    (
        AgencyProfileDeclared(
            id="e02",
            at=D(2025, 1, 10),
            year=2024,
            legal_basis=("《条例》", "《办法》"),
            contact_office="办公室",
            address="示范路1号",
            post_code="750001",
            phone="0951-1234567",
            email="gk@example.cn",
            head="张三",
            reviewer="李四",
            preparer="王五",
            sign_off_phone="0951-7654321",
            filled_on=D(2025, 1, 9),
            **A,
        ),
        '{"type":"agency_profile_declared","v":1,"id":"e02","agency":"a1","at":"2025-01-10","year":2024,'
        '"legal_basis":["《条例》","《办法》"],"contact_office":"办公室","address":"示范路1号",'
        '"post_code":"750001","phone":"0951-1234567","email":"gk@example.cn","head":"张三","reviewer":"李四",'
        '"preparer":"王五","sign_off_phone":"0951-7654321","filled_on":"2025-01-09"}',
    ),
    (
        AgencyProfileDeclared(id="e02b", at=D(2025, 1, 10), year=2024, **A),
        '{"type":"agency_profile_declared","v":1,"id":"e02b","agency":"a1","at":"2025-01-10","year":2024,'
        '"legal_basis":[],"contact_office":null,"address":null,"post_code":null,"phone":null,"email":null,'
        '"head":null,"reviewer":null,"preparer":null,"sign_off_phone":null,"filled_on":null}',
    ),
    (
        ItemPublished(
            id="e03",
            at=dt.datetime(2024, 3, 1, 9, 30, tzinfo=UTC8),
            item_id="i1",
            kind=ItemKind.NORMATIVE_DOCUMENT,
            channels=frozenset({Channel.OTHER, Channel.WEIBO, Channel.WECHAT, Channel.GAZETTE}),
            document_id="d1",
            **A,
        ),
        # a set is written sorted by value, not in the enum's order (gazette, website, weibo, wechat, other)
        '{"type":"item_published","v":1,"id":"e03","agency":"a1","at":"2024-03-01T09:30:00+08:00",'
        '"item_id":"i1","kind":"normative_document","channels":["gazette","other","wechat","weibo"],'
        '"document_id":"d1"}',
    ),
    (
        ItemsPublishedCounted(
            id="e04",
            at=D(2024, 3, 1),
            count=12,
            kind=ItemKind.GOVERNMENT_RULE,
            channels=frozenset({Channel.WEBSITE}),
            **A,
        ),
        '{"type":"items_published_counted","v":1,"id":"e04","agency":"a1","at":"2024-03-01","count":12,'
        '"kind":"government_rule","channels":["website"]}',
    ),
    (
        DocumentIssued(
            id="e05",
            at=D(2024, 3, 2),
            document_id="d1",
            kind=DocumentKind.GOVERNMENT_RULE,
            title="示范规章",
            **A,
        ),
        '{"type":"document_issued","v":1,"id":"e05","agency":"a1","at":"2024-03-02","document_id":"d1",'
        '"kind":"government_rule","title":"示范规章"}',
    ),
    (
        DocumentRepealed(id="e06", at=D(2024, 3, 3), document_id="d1", **A),
        '{"type":"document_repealed","v":1,"id":"e06","agency":"a1","at":"2024-03-03","document_id":"d1"}',
    ),
    (
        DecisionsRecorded(id="e07", at=D(2024, 3, 4), kind=DecisionKind.COERCIVE_MEASURE, count=3, **A),
        '{"type":"decisions_recorded","v":1,"id":"e07","agency":"a1","at":"2024-03-04",'
        '"kind":"coercive_measure","count":3}',
    ),
    (
        ServiceItemListed(
            id="e08", at=D(2024, 3, 5), item_id="s1", kind=ServiceItemKind.ADMINISTRATIVE_FEE, **A
        ),
        '{"type":"service_item_listed","v":1,"id":"e08","agency":"a1","at":"2024-03-05","item_id":"s1",'
        '"kind":"administrative_fee"}',
    ),
    (
        ServiceItemDelisted(id="e09", at=D(2024, 3, 6), item_id="s1", **A),
        '{"type":"service_item_delisted","v":1,"id":"e09","agency":"a1","at":"2024-03-06","item_id":"s1"}',
    ),
    (
        AdministrativeFeesCollected(id="e10", at=D(2024, 3, 7), amount=Decimal("1.5E+3"), **A),
        '{"type":"administrative_fees_collected","v":1,"id":"e10","agency":"a1","at":"2024-03-07",'
        '"amount":"1500"}',
    ),
    (
        ProcurementRecorded(id="e11", at=D(2024, 3, 8), projects=2, amount=Decimal("30.25"), **A),
        '{"type":"procurement_recorded","v":1,"id":"e11","agency":"a1","at":"2024-03-08","projects":2,'
        '"amount":"30.25"}',
    ),
    (
        ItemsReportedUpward(id="e12", at=D(2024, 3, 9), count=4, recipient="市政府办公室", **A),
        '{"type":"items_reported_upward","v":1,"id":"e12","agency":"a1","at":"2024-03-09","count":4,'
        '"recipient":"市政府办公室"}',
    ),
    (
        PublicConcernResponded(
            id="e13", at=D(2024, 3, 10), topic_id="t1", channel=ResponseChannel.WECHAT, **A
        ),
        '{"type":"public_concern_responded","v":1,"id":"e13","agency":"a1","at":"2024-03-10","topic_id":"t1",'
        '"channel":"wechat"}',
    ),
    (
        PressConferenceHeld(id="e14", at=D(2024, 3, 11), principal_attended=True, topic_id="t1", **A),
        '{"type":"press_conference_held","v":1,"id":"e14","agency":"a1","at":"2024-03-11",'
        '"principal_attended":true,"topic_id":"t1"}',
    ),
    (
        OnlineInterviewHeld(id="e15", at=D(2024, 3, 12), **A),
        '{"type":"online_interview_held","v":1,"id":"e15","agency":"a1","at":"2024-03-12",'
        '"principal_attended":false,"topic_id":null}',
    ),
    (
        InterpretationPublished(
            id="e16", at=D(2024, 3, 13), article_id="art1", title="解读", topic_id="t2", **A
        ),
        '{"type":"interpretation_published","v":1,"id":"e16","agency":"a1","at":"2024-03-13",'
        '"article_id":"art1","title":"解读","topic_id":"t2"}',
    ),
    (
        ApplicationReceived(
            id="e17",
            at=dt.datetime(2024, 3, 14, 16, 45),
            application_id="A-1",
            channel=ApplicationChannel.REGISTERED_MAIL,
            applicant=ApplicantKind.LEGAL_SERVICE_ORGANISATION,
            applicant_id="p-9",
            subject="征地补偿方案",
            **A,
        ),
        '{"type":"application_received","v":1,"id":"e17","agency":"a1","at":"2024-03-14T16:45:00",'
        '"application_id":"A-1","channel":"registered_mail","applicant":"legal_service_organisation",'
        '"applicant_id":"p-9","subject":"征地补偿方案"}',
    ),
    (
        CorrectionRequested(id="e18", at=D(2024, 3, 15), application_id="A-1", **A),
        '{"type":"correction_requested","v":1,"id":"e18","agency":"a1","at":"2024-03-15","application_id":"A-1"}',
    ),
    (
        CorrectionReceived(id="e19", at=D(2024, 3, 18), application_id="A-1", **A),
        '{"type":"correction_received","v":1,"id":"e19","agency":"a1","at":"2024-03-18","application_id":"A-1"}',
    ),
    (
        ConsultationStarted(
            id="e20",
            at=D(2024, 3, 19),
            application_id="A-1",
            consultation_id="c1",
            party=ConsultedParty.OTHER_AGENCY,
            **A,
        ),
        '{"type":"consultation_started","v":1,"id":"e20","agency":"a1","at":"2024-03-19",'
        '"application_id":"A-1","consultation_id":"c1","party":"other_agency"}',
    ),
    (
        ConsultationEnded(id="e21", at=D(2024, 3, 20), application_id="A-1", consultation_id="c1", **A),
        '{"type":"consultation_ended","v":1,"id":"e21","agency":"a1","at":"2024-03-20",'
        '"application_id":"A-1","consultation_id":"c1"}',
    ),
    (
        DeadlineExtended(
            id="e22", at=D(2024, 3, 21), application_id="A-1", working_days=20, reason="需要调取历史档案", **A
        ),
        '{"type":"deadline_extended","v":1,"id":"e22","agency":"a1","at":"2024-03-21",'
        '"application_id":"A-1","working_days":20,"reason":"需要调取历史档案"}',
    ),
    (
        FeeNoticeIssued(
            id="e23",
            at=D(2024, 3, 22),
            application_id="A-1",
            scheme=FeeScheme.PER_PAGE,
            quantity=120,
            amount=Decimal("100.00"),
            **A,
        ),
        '{"type":"fee_notice_issued","v":1,"id":"e23","agency":"a1","at":"2024-03-22",'
        '"application_id":"A-1","scheme":"per_page","quantity":120,"amount":"100.00"}',
    ),
    (
        FeePaid(id="e24", at=D(2024, 3, 25), application_id="A-1", amount=Decimal("100.00"), **A),
        '{"type":"fee_paid","v":1,"id":"e24","agency":"a1","at":"2024-03-25","application_id":"A-1",'
        '"amount":"100.00"}',
    ),
    (
        ApplicationWithdrawn(id="e25", at=D(2024, 3, 26), application_id="A-2", **A),
        '{"type":"application_withdrawn","v":1,"id":"e25","agency":"a1","at":"2024-03-26","application_id":"A-2"}',
    ),
    (
        ApplicationConcluded(
            id="e26",
            at=D(2024, 3, 27),
            application_id="A-1",
            disposition=Disposition.WITHHELD_PERSONAL_PRIVACY,
            on_the_spot=True,
            **A,
        ),
        '{"type":"application_concluded","v":1,"id":"e26","agency":"a1","at":"2024-03-27",'
        '"application_id":"A-1","disposition":"withheld_personal_privacy","on_the_spot":true}',
    ),
    (
        ReconsiderationFiled(id="e27", at=D(2024, 4, 1), case_id="R-1", application_id="A-1", **A),
        '{"type":"reconsideration_filed","v":1,"id":"e27","agency":"a1","at":"2024-04-01","case_id":"R-1",'
        '"application_id":"A-1"}',
    ),
    (
        ReconsiderationDecided(id="e28", at=D(2024, 5, 6), case_id="R-1", outcome=CaseOutcome.CORRECTED, **A),
        '{"type":"reconsideration_decided","v":1,"id":"e28","agency":"a1","at":"2024-05-06","case_id":"R-1",'
        '"outcome":"corrected"}',
    ),
    (
        LawsuitFiled(
            id="e29",
            at=D(2024, 5, 20),
            case_id="L-1",
            route=LawsuitRoute.AFTER_RECONSIDERATION,
            reconsideration_case_id="R-1",
            application_id="A-1",
            **A,
        ),
        '{"type":"lawsuit_filed","v":1,"id":"e29","agency":"a1","at":"2024-05-20","case_id":"L-1",'
        '"route":"after_reconsideration","reconsideration_case_id":"R-1","application_id":"A-1"}',
    ),
    (
        LawsuitDecided(id="e30", at=D(2024, 8, 1), case_id="L-1", outcome=CaseOutcome.UPHELD, **A),
        '{"type":"lawsuit_decided","v":1,"id":"e30","agency":"a1","at":"2024-08-01","case_id":"L-1",'
        '"outcome":"upheld"}',
    ),
    (
        ComplaintReceived(id="e31", at=D(2024, 8, 2), subject="答复超期", **A),
        '{"type":"complaint_received","v":1,"id":"e31","agency":"a1","at":"2024-08-02","subject":"答复超期"}',
    ),
    (
        OfficeOpened(id="e32", at=D(2024, 1, 2), office_id="o1", kind=OfficeKind.READING_POINT, **A),
        '{"type":"office_opened","v":1,"id":"e32","agency":"a1","at":"2024-01-02","office_id":"o1",'
        '"kind":"reading_point"}',
    ),
    (
        OfficeClosed(id="e33", at=D(2024, 12, 30), office_id="o1", **A),
        '{"type":"office_closed","v":1,"id":"e33","agency":"a1","at":"2024-12-30","office_id":"o1"}',
    ),
    (
        StaffAssigned(id="e34", at=D(2024, 1, 2), staff_id="p1", role=StaffRole.PART_TIME, **A),
        '{"type":"staff_assigned","v":1,"id":"e34","agency":"a1","at":"2024-01-02","staff_id":"p1",'
        '"role":"part_time"}',
    ),
    (
        StaffReleased(id="e35", at=D(2024, 12, 31), staff_id="p1", **A),
        '{"type":"staff_released","v":1,"id":"e35","agency":"a1","at":"2024-12-31","staff_id":"p1"}',
    ),
    (
        SpecialFundingAllocated(id="e36", at=D(2024, 1, 5), amount=Decimal("12.5"), **A),
        '{"type":"special_funding_allocated","v":1,"id":"e36","agency":"a1","at":"2024-01-05","amount":"12.5"}',
    ),
    (
        MeetingHeld(id="e37", at=D(2024, 3, 12), title="专题会", **A),
        '{"type":"meeting_held","v":1,"id":"e37","agency":"a1","at":"2024-03-12","title":"专题会"}',
    ),
    (
        TrainingHeld(id="e38", at=D(2024, 5, 20), attendees=46, **A),
        '{"type":"training_held","v":1,"id":"e38","agency":"a1","at":"2024-05-20","attendees":46,"title":null}',
    ),
    (
        FollowersCounted(
            id="e39", at=D(2024, 12, 31), platform=Platform.WEIBO, account="示范市自然资源", count=10234, **A
        ),
        '{"type":"followers_counted","v":1,"id":"e39","agency":"a1","at":"2024-12-31","platform":"weibo",'
        '"account":"示范市自然资源","count":10234}',
    ),
    (
        OnlineServiceItemsEnabled(id="e40", at=D(2024, 6, 1), count=2, items=("地图审核", "不动产登记"), **A),
        # a list keeps its order
        '{"type":"online_service_items_enabled","v":1,"id":"e40","agency":"a1","at":"2024-06-01","count":2,'
        '"items":["地图审核","不动产登记"]}',
    ),
    (
        ProposalHandled(
            id="e41",
            at=D(2024, 7, 1),
            proposal_id="P-1",
            kind=ProposalKind.CPPCC_PROPOSAL,
            role=HandlingRole.CO_HANDLING,
            on_time=True,
            satisfied=False,
            **A,
        ),
        '{"type":"proposal_handled","v":1,"id":"e41","agency":"a1","at":"2024-07-01","proposal_id":"P-1",'
        '"kind":"cppcc_proposal","role":"co_handling","on_time":true,"satisfied":false}',
    ),
    (
        NarrativeWritten(
            id="e42", at=D(2025, 1, 15), year=2024, section="overview", text="一、总体情况\n全年", **A
        ),
        '{"type":"narrative_written","v":1,"id":"e42","agency":"a1","at":"2025-01-15","year":2024,'
        '"section":"overview","text":"一、总体情况\\n全年"}',
    ),
    (
        WorkingCalendarDeclared(
            id="e43",
            at=D(2029, 12, 1),
            year=2030,
            holidays=(D(2030, 2, 4), D(2030, 1, 1)),
            makeup_days=(D(2030, 2, 9),),
            source="国务院办公厅通知",
            **A,
        ),
        # the class keeps its days in date order
        '{"type":"working_calendar_declared","v":1,"id":"e43","agency":"a1","at":"2029-12-01","year":2030,'
        '"holidays":["2030-01-01","2030-02-04"],"makeup_days":["2030-02-09"],"source":"国务院办公厅通知"}',
    ),
    (
        ReportFiled(
            id="e44",
            at=D(2025, 1, 20),
            period_start=D(2024, 1, 1),
            period_end=D(2024, 12, 31),
            report_format="gov2021",
            position=120,
            cells=(
                FiledCell(row="r2", column="c1", value="-3"),
                FiledCell(row="r1", column="c1", value="0.125"),
            ),
            **A,
        ),
        '{"type":"report_filed","v":1,"id":"e44","agency":"a1","at":"2025-01-20","period_start":"2024-01-01",'
        '"period_end":"2024-12-31","report_format":"gov2021","position":120,'
        '"cells":[{"row":"r2","column":"c1","value":"-3"},{"row":"r1","column":"c1","value":"0.125"}]}',
    ),
    (
        FiledPeriodPolicyDeclared(id="e45", at=D(2025, 1, 21), policy=FiledPeriodPolicy.REFUSE, **A),
        '{"type":"filed_period_policy_declared","v":1,"id":"e45","agency":"a1","at":"2025-01-21",'
        '"policy":"refuse"}',
    ),
    (
        EventCorrected(
            id="e46",
            at=D(2024, 4, 2),
            corrects="e24",
            replacement=FeePaid(
                id="e24", at=D(2024, 3, 25), application_id="A-1", amount=Decimal("8E+1"), **A
            ),
            reason="金额录错",
            **A,
        ),
        '{"type":"event_corrected","v":1,"id":"e46","agency":"a1","at":"2024-04-02","corrects":"e24",'
        '"replacement":{"type":"fee_paid","v":1,"id":"e24","agency":"a1","at":"2024-03-25",'
        '"application_id":"A-1","amount":"80"},"reason":"金额录错"}',
    ),
    (
        EventRetracted(id="e47", at=D(2024, 4, 3), retracts="e25", **A),
        '{"type":"event_retracted","v":1,"id":"e47","agency":"a1","at":"2024-04-03","retracts":"e25",'
        '"reason":null}',
    ),
]


@pytest.fixture(autouse=True)
def _generated_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test here builds the generated encoders and structurers it uses: one cached by an earlier test
    would hide the generating code from the test (and from mutmut, which runs for a mutant only the tests
    that called the mutated function when it mapped them)."""
    monkeypatch.setattr(codec, "_UNSTRUCTURE", {})
    monkeypatch.setattr(codec, "_NATIVE", {})
    monkeypatch.setattr(codec, "_FAST", {})


def test_every_event_type_is_written_here() -> None:
    assert set(EVENT_TYPES) == {event.TAG for event, _ in WRITTEN}


@pytest.mark.parametrize(("event", "line"), WRITTEN, ids=[e.TAG for e, _ in WRITTEN])
def test_each_event_type_is_written_to_its_exact_line(event: Event, line: str) -> None:
    """``encode`` gives the wire dict key by key (plain JSON values: text, numbers, lists, dicts — no date or
    Decimal left for the JSON writer to guess at), and ``encode_line`` its exact text."""
    assert list(json.loads(line).items()) == list(codec.encode(event).items())
    assert line == codec.encode_line(event)


def _plain(value: object) -> bool:
    """Whether ``value`` is made of JSON's own types only: no enum member, date or Decimal, even one that
    compares equal to its text."""
    if type(value) is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if type(value) is list:
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, bool)


@pytest.mark.parametrize(("event", "line"), WRITTEN, ids=[e.TAG for e, _ in WRITTEN])
def test_encode_gives_plain_json_values(event: Event, line: str) -> None:
    """``encode`` gives JSON's own types (a ``StrEnum`` member equals its text, so the comparison with the
    line alone would not see one): what the line writer leaves to orjson is its own business."""
    assert _plain(codec.encode(event))
    assert line == codec.encode_lines([event])[0]


@pytest.mark.parametrize(("event", "line"), WRITTEN, ids=[e.TAG for e, _ in WRITTEN])
def test_each_exact_line_reads_back_as_its_event(event: Event, line: str) -> None:
    """The line decodes to the event, by ``decode_line`` and by the generated structurer alone (no cattrs
    fallback), and a line spelled another way (spaces, keys reordered) reads as the same event."""
    assert event == codec.decode_line(line)
    assert event == codec._fast_structurer(type(event))(orjson.loads(line))
    reordered = dict(reversed(list(json.loads(line).items())))
    assert event == codec.decode_line(json.dumps(reordered, ensure_ascii=False))


def test_a_batch_of_every_type_is_written_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``encode_lines`` builds the encoder of a type it has not met, and reuses it for the next event."""
    events = [event for event, _ in WRITTEN]
    lines = [line for _, line in WRITTEN]
    assert lines == codec.encode_lines(events)
    assert lines + lines == codec.encode_lines(events + events)
    monkeypatch.setattr(codec, "_NATIVE", {})
    assert [lines[0], lines[0]] == codec.encode_lines([events[0], events[0]])


def test_the_generated_functions_are_built_once_per_event_type() -> None:
    """An encoder and a structurer are generated at an event type's first use and kept for the next."""
    for cls in (MeetingHeld, ReportFiled, EventCorrected):
        structure = codec._fast_structurer(cls)
        assert structure is codec._fast_structurer(cls)
        assert structure is codec._FAST[cls]
    first = MeetingHeld(id="m1", at=D(2024, 3, 12), **A)
    codec.encode(first)
    encoder = codec._UNSTRUCTURE[MeetingHeld]
    codec.encode(first)
    assert [MeetingHeld] == list(codec._UNSTRUCTURE)
    assert encoder is codec._UNSTRUCTURE[MeetingHeld]
    codec.encode_lines([first])
    native = codec._NATIVE[MeetingHeld]
    codec.encode_lines([first])
    assert [MeetingHeld] == list(codec._NATIVE)
    assert native is codec._NATIVE[MeetingHeld]
    assert encoder is not native


def test_a_file_of_every_type_is_written_and_read_back() -> None:
    buffer = io.BytesIO()
    assert len(WRITTEN) == codec.write_events([event for event, _ in WRITTEN], buffer)
    assert "".join(line + "\n" for _, line in WRITTEN).encode() == buffer.getvalue()
    assert [event for event, _ in WRITTEN] == codec.load_events(io.BytesIO(buffer.getvalue()))


def _plain(value: object) -> bool:
    """Whether ``value`` is made of JSON's own types only (an enum member or a date is not)."""
    if type(value) is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if type(value) is list:
        return all(_plain(item) for item in value)
    return type(value) in (str, int, bool, type(None))


def test_converters_built_afresh_read_and_write_every_exact_line() -> None:
    """The converters are built when the codec is imported; two built here (and the two built then) read
    each line's fields into its event and write the event back to those very fields, in plain JSON values
    (an enum as its text, a date as ISO text, a set sorted, a whole event as its own line's object)."""
    fresh = (codec._make_converter(detailed=False), codec._make_converter(detailed=True))
    for event, line in WRITTEN:
        fields = {k: v for k, v in json.loads(line).items() if k not in ("type", "v")}
        for converter in (*fresh, codec.converter, codec._detailed):
            assert event == converter.structure(dict(fields), type(event)), (event.TAG, converter)
            written = converter.unstructure(event)
            assert list(fields.items()) == list(written.items()), (event.TAG, converter)
            assert _plain(written), (event.TAG, written)


def test_the_converter_writes_a_filed_report_cell_as_an_object() -> None:
    """A record inside an event goes through the converter's own hook: an object of its fields in order."""
    cell = FiledCell(row="r2", column="c1", value="-3")
    assert [("row", "r2"), ("column", "c1"), ("value", "-3")] == list(
        codec.converter.unstructure(cell).items()
    )


# --- refusals of what sits inside an event -----------------------------------------------------------------

FILED = {
    "type": "report_filed",
    "v": 1,
    "id": "r",
    "agency": "a1",
    "at": "2025-01-20",
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "report_format": "gov2021",
    "position": 3,
    "cells": [{"row": "r1", "column": "c1", "value": "1"}],
}
INSIDE = [
    # a filed report's cells: each must be an object of row, column and value, all text
    (
        FILED,
        {"cells": [["r1", "c1", "1"]]},
        "report_filed: expected a JSON object, got ['r1', 'c1', '1'] @ $.cells",
    ),
    (FILED, {"cells": ["r1"]}, "report_filed: expected a JSON object, got 'r1' @ $.cells"),
    (FILED, {"cells": [None]}, "report_filed: expected a JSON object, got None @ $.cells"),
    (
        FILED,
        {"cells": [{"row": 5, "column": "c1", "value": "1"}]},
        "report_filed: expected str, got 5 @ $.cells.row",
    ),
    (
        FILED,
        {"cells": [{"row": "r1", "column": "c1", "value": 1}]},
        "report_filed: expected str, got 1 @ $.cells.value",
    ),
    (
        FILED,
        {"cells": [{"row": "r1", "column": "c1"}]},
        "report_filed: required field missing @ $.cells.value",
    ),
    (
        FILED,
        {"cells": [{"row": "r1", "column": "c1", "value": "1", "note": "x"}]},
        "report_filed: extra fields found (note) @ $.cells",
    ),
    (FILED, {"cells": "r1"}, "report_filed: expected a JSON array, got 'r1' @ $.cells"),
    (FILED, {"position": "3"}, "report_filed: expected int, got '3' @ $.position"),
    (FILED, {"position": True}, "report_filed: expected int, got True @ $.position"),
    # the items of a list of texts, of dates, of enum members
    (
        {
            "type": "agency_profile_declared",
            "v": 1,
            "id": "p",
            "agency": "a1",
            "at": "2025-01-10",
            "year": 2024,
        },
        {"legal_basis": ["《条例》", 5]},
        "agency_profile_declared: expected str, got 5 @ $.legal_basis",
    ),
    (
        {
            "type": "online_service_items_enabled",
            "v": 1,
            "id": "o",
            "agency": "a1",
            "at": "2024-06-01",
            "count": 1,
        },
        {"items": [True]},
        "online_service_items_enabled: expected str, got True @ $.items",
    ),
    (
        {
            "type": "working_calendar_declared",
            "v": 1,
            "id": "w",
            "agency": "a1",
            "at": "2029-12-01",
            "year": 2030,
        },
        {"holidays": [20300101]},
        "working_calendar_declared: expected an ISO 8601 date string, got 20300101 @ $.holidays",
    ),
    (
        {
            "type": "working_calendar_declared",
            "v": 1,
            "id": "w",
            "agency": "a1",
            "at": "2029-12-01",
            "year": 2030,
        },
        {"holidays": ["2030-02-30"]},
        "working_calendar_declared: '2030-02-30' is not an ISO 8601 date or timestamp @ $.holidays",
    ),
    (
        {
            "type": "working_calendar_declared",
            "v": 1,
            "id": "w",
            "agency": "a1",
            "at": "2029-12-01",
            "year": 2030,
        },
        {"holidays": [], "makeup_days": ["2030-02-09T08:00:00"]},
        "working_calendar_declared: expected a date, not the timestamp '2030-02-09T08:00:00' @ $.makeup_days",
    ),
    (
        {"type": "item_published", "v": 1, "id": "i", "agency": "a1", "at": "2024-03-01", "item_id": "x"},
        {"kind": "ordinary", "channels": [5]},
        "item_published: 5 is not one of gazette, website, weibo, wechat, other @ $.channels",
    ),
    (
        {
            "type": "items_published_counted",
            "v": 1,
            "id": "n",
            "agency": "a1",
            "at": "2024-03-01",
            "count": 2,
        },
        {"channels": ["weibo", "website", "weibo"]},
        "items_published_counted: the array ['weibo', 'website', 'weibo'] names an item twice @ $.channels",
    ),
]


# plain ASCII ids: pytest escapes a non-ASCII id differently from one session to the next in a process, so
# mutmut (which runs a mutant's tests by id in a process that collected them once) could not find them
@pytest.mark.parametrize(
    ("base", "change", "reason"),
    INSIDE,
    ids=[f"{n}-{base['type']}-{'-'.join(change)}" for n, (base, change, _) in enumerate(INSIDE)],
)
def test_what_sits_inside_an_event_is_refused_word_for_word(
    base: dict[str, object], change: dict[str, object], reason: str
) -> None:
    with pytest.raises(EventValidationError) as refused:
        codec.decode({**base, **change})
    assert reason == str(refused.value)


def test_a_filed_period_ending_at_a_timestamp_is_refused_by_the_class() -> None:
    """The codec reads a date field's timestamp (as for ``at``); the report's class refuses it, the line
    naming the event type, the class, the field and the event."""
    with pytest.raises(EventValidationError) as refused:
        codec.decode({**FILED, "period_end": "2024-12-31T23:59:59+08:00"})
    assert str(refused.value).startswith(
        "report_filed: ReportFiled.period_end (event 'r'): must be a date, got datetime.datetime(2024, 12, "
    )


def test_a_narrowed_enum_field_names_only_the_values_it_accepts() -> None:
    """``disposition`` accepts every Disposition but ``withdrawn`` (an ApplicationWithdrawn event says that):
    an unknown value is answered with the accepted ones alone, by the converter built at import and by one
    built afresh."""
    accepted = (
        "disclosed, already_public, partially_disclosed, withheld_state_secret, withheld_other_law, "
        "withheld_security_stability, withheld_trade_secret, withheld_personal_privacy, "
        "withheld_internal_affairs, withheld_process_information, withheld_enforcement_file, "
        "withheld_query_matter, not_government_information, unavailable_not_held, "
        "unavailable_does_not_exist, unavailable_needs_creation, unavailable_still_unclear, "
        "not_processed_petition, not_processed_duplicate, "
        "not_processed_publication, not_processed_mass_repetitive, not_processed_confirmation, "
        "abandoned_no_correction, abandoned_fee_unpaid, other"
    )
    fields = {"id": "c", "agency": "a1", "at": "2024-03-01", "application_id": "A", "disposition": "nonsense"}
    with pytest.raises(EventValidationError) as refused:
        codec.decode({"type": "application_concluded", "v": 1, **fields})
    assert f"application_concluded: 'nonsense' is not one of {accepted} @ $.disposition" == str(refused.value)
    fresh = codec._make_converter(detailed=True)
    with pytest.raises(Exception) as again:  # noqa: PT011 - its words are what is checked
        fresh.structure(fields, ApplicationConcluded)
    assert f"'nonsense' is not one of {accepted} @ $.disposition" == "; ".join(codec._reasons(again.value))
    # a member the field refuses passes the hook and is explained by the class
    with pytest.raises(Exception) as withdrawn:  # noqa: PT011
        fresh.structure({**fields, "disposition": "withdrawn"}, ApplicationConcluded)
    assert (
        "ApplicationConcluded.disposition (event 'c'): a withdrawal is recorded with ApplicationWithdrawn @ $"
        == "; ".join(codec._reasons(withdrawn.value))
    )
    # a plain enum field names every member
    with pytest.raises(Exception) as plain:  # noqa: PT011
        fresh.structure(
            {"id": "s", "agency": "a1", "at": "2024-03-01", "staff_id": "p", "role": "x"}, StaffAssigned
        )
    assert "'x' is not one of full_time, part_time @ $.role" == "; ".join(codec._reasons(plain.value))


def test_a_correction_whose_replacement_is_bad_says_what_is_wrong_with_it() -> None:
    corrected = {
        "type": "event_corrected",
        "v": 1,
        "id": "k",
        "agency": "a1",
        "at": "2024-04-02",
        "corrects": "m",
    }
    with pytest.raises(EventValidationError) as not_an_object:
        codec.decode({**corrected, "replacement": "m"})
    assert "event_corrected: expected a JSON object, got str @ $.replacement" == str(not_an_object.value)
    inner = {"type": "meeting_held", "v": 1, "id": 5, "agency": "a1", "at": "2024-03-01"}
    with pytest.raises(DecodeError) as bad_inner:
        codec.decode_line(json.dumps({**corrected, "replacement": inner}))
    [error] = bad_inner.value.errors
    assert ("k", "event_corrected: meeting_held: expected str, got 5 @ $.replacement.id") == (
        error.event_id,
        error.reason,
    )
    # every fault keeps its own path, the outer event's and the replacement's alike, in field order
    with pytest.raises(EventValidationError) as several:
        codec.decode({**corrected, "corrects": 7, "replacement": {**inner, "title": 5, "agency": None}})
    assert (
        "event_corrected: expected str, got 7 @ $.corrects; "
        "meeting_held: expected str, got 5 @ $.replacement.id; "
        "meeting_held: expected str, got None @ $.replacement.agency; "
        "meeting_held: expected str, got 5 @ $.replacement.title"
    ) == str(several.value)
    # what is wrong with the replacement as a whole is said at the replacement
    with pytest.raises(EventValidationError) as unknown:
        codec.decode({**corrected, "replacement": {**inner, "type": "nope"}})
    assert "event_corrected: unknown event type 'nope' @ $.replacement" == str(unknown.value)


def test_every_fault_of_a_correction_is_named_after_a_replacement_of_unknown_type() -> None:
    """A correction with its target missing, a replacement of no known type, a reason that is a number and
    a key no event has: each fault once, in field order, joined by "; " — the ones after the replacement's
    too."""
    bad = {
        "type": "event_corrected",
        "id": "c1",
        "agency": "a",
        "at": "2024-05-04",
        "target_id": "x",
        "replacement": {"type": "nope"},
        "reason": 5,
    }
    with pytest.raises(EventValidationError) as caught:
        codec.decode(bad)
    assert (
        "event_corrected: required field missing @ $.corrects; unknown event type 'nope' @ $.replacement; "
        "expected str, got 5 @ $.reason; extra fields found (target_id) @ $"
    ) == str(caught.value)


def test_a_replacements_fault_keeps_its_whole_path_whatever_its_value_says() -> None:
    """The replaced event's own path is taken from the end of its fault: a value that itself reads " @ $z"
    stays in the words."""
    bad = {
        "type": "event_corrected",
        "id": "c1",
        "agency": "a",
        "at": "2024-05-04",
        "corrects": "x",
        "replacement": {
            "type": "deadline_extended",
            "id": "x",
            "agency": "a",
            "at": "2024-05-04",
            "application_id": "A",
            "working_days": " @ $z",
        },
    }
    with pytest.raises(EventValidationError) as caught:
        codec.decode(bad)
    assert (
        "event_corrected: deadline_extended: expected int, got ' @ $z' @ $.replacement.working_days"
    ) == str(caught.value)


_ZONES = [
    None,
    dt.UTC,
    dt.timezone(dt.timedelta(hours=8)),
    dt.timezone(dt.timedelta(hours=5, minutes=45)),
    dt.timezone(dt.timedelta(hours=-3, minutes=-30, seconds=-15)),
]


@pytest.mark.parametrize("zone", _ZONES, ids=str)
@pytest.mark.parametrize("micro", [0, 120_000, 7])
def test_a_timestamp_is_written_by_isoformat_in_a_stores_batch(zone: dt.tzinfo | None, micro: int) -> None:
    """A date field holding a timestamp is written as ``isoformat`` writes it, by ``encode_lines`` (which
    leaves plain dates to orjson) as by ``encode_line``: orjson would write a UTC offset, or one with
    seconds, differently, and a store compares these bytes when an append is retried."""
    at = dt.datetime(2024, 3, 12, 9, 30, 5, micro, tzinfo=zone)
    event = MeetingHeld(id="m1", at=at, **A)
    (line,) = codec.encode_lines([event])
    assert f'"at":"{at.isoformat()}"' in line
    assert codec.encode_line(event) == line
    assert event == codec.decode_line(line)
