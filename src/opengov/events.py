"""The event vocabulary: every fact of disclosure work, as an immutable value.

Each event is a frozen attrs class with three common fields — ``id`` (the event's own permanent id),
``agency`` (the stable id of the agency whose record it is) and ``at`` (when it happened: a date, or a
timestamp) — and the fields of its own fact. Events are the only source of truth; tables and reports are
folds of them.

``at`` is a Beijing date when given as a date. A timestamp with a zone is bucketed by its Beijing date
(``2018-12-31T20:00:00Z`` is 2019-01-01 in Beijing); a timestamp without a zone is read as Beijing local
time. The bucketed date is available as :attr:`Event.day`.

Every class carries ``TAG`` (its stable wire name) and ``VERSION`` (its schema version): see
:mod:`opengov.codec`. Invalid values raise :class:`~opengov.errors.EventValidationError` at construction.
"""

from __future__ import annotations

__all__ = [
    "BEIJING",
    "EVENT_TYPES",
    "FIGURE_PATTERN",
    "MAX_INT",
    "RECORD_TAGS",
    "RECORD_TYPES",
    "AdministrativeFeesCollected",
    "AgencyProfileDeclared",
    "AgencyRegistered",
    "ApplicantKind",
    "ApplicationChannel",
    "ApplicationConcluded",
    "ApplicationReceived",
    "ApplicationWithdrawn",
    "CaseOutcome",
    "Channel",
    "ComplaintReceived",
    "ConsultationEnded",
    "ConsultationStarted",
    "ConsultedParty",
    "CorrectionReceived",
    "CorrectionRequested",
    "DeadlineExtended",
    "DecisionKind",
    "DecisionsRecorded",
    "Disposition",
    "DocumentIssued",
    "DocumentKind",
    "DocumentRepealed",
    "Event",
    "EventCorrected",
    "EventRetracted",
    "FeeNoticeIssued",
    "FeePaid",
    "FeeScheme",
    "FiledCell",
    "FiledPeriodPolicy",
    "FiledPeriodPolicyDeclared",
    "FollowersCounted",
    "HandlingRole",
    "InterpretationPublished",
    "ItemKind",
    "ItemPublished",
    "ItemsPublishedCounted",
    "ItemsReportedUpward",
    "LawsuitDecided",
    "LawsuitFiled",
    "LawsuitRoute",
    "MeetingHeld",
    "NarrativeWritten",
    "OfficeClosed",
    "OfficeKind",
    "OfficeOpened",
    "OnlineInterviewHeld",
    "OnlineServiceItemsEnabled",
    "Platform",
    "PressConferenceHeld",
    "ProcurementRecorded",
    "ProposalHandled",
    "ProposalKind",
    "PublicConcernResponded",
    "ReconsiderationDecided",
    "ReconsiderationFiled",
    "ReportFiled",
    "ResponseChannel",
    "ServiceItemDelisted",
    "ServiceItemKind",
    "ServiceItemListed",
    "SpecialFundingAllocated",
    "StaffAssigned",
    "StaffReleased",
    "StaffRole",
    "TrainingHeld",
    "WorkingCalendarDeclared",
    "beijing_date",
]

import datetime as _dt
import enum
import re
from decimal import Decimal
from typing import Any, ClassVar

import attrs
import pendulum

from opengov.errors import EventValidationError, excerpt
from opengov.uscc import is_valid_credit_code

BEIJING = pendulum.timezone("Asia/Shanghai")
"""The zone every date in opengov is read in (UTC+8, no daylight saving since 1991)."""


def beijing_date(value: _dt.date) -> _dt.date:
    """The Beijing calendar date of a date or timestamp.

    >>> import datetime as dt
    >>> beijing_date(dt.datetime(2018, 12, 31, 20, 0, tzinfo=dt.timezone.utc))
    datetime.date(2019, 1, 1)
    >>> beijing_date(dt.date(2018, 12, 31))
    datetime.date(2018, 12, 31)
    """
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.date()
        try:
            return value.astimezone(BEIJING).date()
        except OverflowError:
            raise EventValidationError(
                f"at: the timestamp {value.isoformat()} falls outside the years 1–9999 in Beijing time"
            ) from None
    if isinstance(value, _dt.date):
        return value
    raise EventValidationError(f"at: expected a date or a timestamp, got {excerpt(value)}")


# ---------------------------------------------------------------------------------------------------------
# Validators. Each raises EventValidationError naming the class, the field and, when set, the event id.


def _fail(inst: Any, attribute: attrs.Attribute[Any], message: str) -> None:
    event_id = getattr(inst, "id", None)
    where = f"{type(inst).__name__}.{attribute.name}"
    if isinstance(event_id, str) and event_id:
        where += f" (event {event_id!r})"
    raise EventValidationError(f"{where}: {message}")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The characters no text field may hold: C0 and C1 controls and DEL, except tab and newline.

They cannot be written to Word or Excel files, are invisible on a page, and come only from damaged
input; refusing them when an event is built keeps every renderer and every reader safe.
"""


_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: no character at all, which no UTF-8 file (so no log, store or document) can hold. JSON
input cannot carry one; Python strings can."""


def _control_character(value: str) -> str | None:
    found = CONTROL_CHARACTERS.search(value)
    if found is not None:
        return f"holds the control character U+{ord(found.group()):04X} at offset {found.start()}"
    found = _SURROGATE.search(value)
    if found is not None:
        return f"holds the lone surrogate U+{ord(found.group()):04X} at offset {found.start()} (not text)"
    return None


def _text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or not value or value.isspace():
        _fail(inst, attribute, f"must be a non-empty string, got {excerpt(value)}")
    bad = _control_character(value)
    if bad is not None:
        _fail(inst, attribute, f"{bad} (only tab and newline are allowed), in {excerpt(value)}")


def _optional_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _text(inst, attribute, value)


MAX_INT = 2**63 - 1
"""The largest count an event may carry (a signed 64-bit integer, what every JSON reader can hold)."""


def _count(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail(inst, attribute, f"must be a non-negative integer, got {excerpt(value)}")
    if value > MAX_INT:
        _fail(inst, attribute, f"must be at most {MAX_INT}, got {excerpt(value)}")


def _positive(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        _fail(inst, attribute, f"must be a positive integer, got {excerpt(value)}")
    if value > MAX_INT:
        _fail(inst, attribute, f"must be at most {MAX_INT}, got {excerpt(value)}")


def _money(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        _fail(inst, attribute, f"must be a non-negative, finite Decimal amount in yuan, got {excerpt(value)}")


def _flag(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        _fail(inst, attribute, f"must be true or false, got {excerpt(value)}")


def _optional_flag(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _flag(inst, attribute, value)


def _at(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, _dt.date):
        _fail(inst, attribute, f"must be a date or a timestamp, got {excerpt(value)}")


def _member(enum_type: type[enum.Enum], *, refused: tuple[enum.Enum, ...] = ()) -> Any:
    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_type):
            known = ", ".join(m.value for m in enum_type if m not in refused)
            _fail(inst, attribute, f"must be one of {known}; got {excerpt(value)}")

    return check


def _members(enum_type: type[enum.Enum]) -> Any:
    one = _member(enum_type)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, frozenset) or not value:
            _fail(inst, attribute, f"must be a non-empty set, got {excerpt(value)}")
        for item in value:
            one(inst, attribute, item)

    return check


def _to_frozenset(value: Any) -> Any:
    """Accept any iterable of members where a set is expected (a list from hand-written code)."""
    if isinstance(value, (frozenset, str, bytes)):
        return value
    try:
        return frozenset(value)
    except TypeError:
        return value


def _to_tuple(value: Any) -> Any:
    if isinstance(value, (tuple, str, bytes)):
        return value
    try:
        return tuple(value)
    except TypeError:
        return value


def _texts(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(not isinstance(v, str) or not v.strip() for v in value):
        _fail(inst, attribute, f"must be a list of non-empty strings, got {excerpt(value)}")
    for number, item in enumerate(value, start=1):
        bad = _control_character(item)
        if bad is not None:
            _fail(inst, attribute, f"item {number} {bad} (only tab and newline are allowed)")


def _id_field() -> Any:
    return attrs.field(validator=_text)


def _optional_id_field() -> Any:
    return attrs.field(default=None, validator=_optional_text)


# ---------------------------------------------------------------------------------------------------------
# Enumerations. Their values are the wire form and never change.


class Channel(enum.StrEnum):
    """A channel of proactive disclosure (公开渠道)."""

    GAZETTE = "gazette"  #: 政府公报
    WEBSITE = "website"  #: 政府网站
    WEIBO = "weibo"  #: 政务微博
    WECHAT = "wechat"  #: 政务微信
    OTHER = "other"  #: 其他方式


class ItemKind(enum.StrEnum):
    """What a proactively disclosed item is."""

    ORDINARY = "ordinary"  #: 一般政府信息
    NORMATIVE_DOCUMENT = "normative_document"  #: 规范性文件 (行政规范性文件)
    GOVERNMENT_RULE = "government_rule"  #: 规章


class DocumentKind(enum.StrEnum):
    """A kind of document that is issued, stays in force and may be repealed."""

    NORMATIVE_DOCUMENT = "normative_document"  #: 规范性文件 (行政规范性文件)
    GOVERNMENT_RULE = "government_rule"  #: 规章


class DecisionKind(enum.StrEnum):
    """A kind of administrative decision whose number is disclosed (条例第二十条)."""

    LICENSING = "licensing"  #: 行政许可
    OTHER_SERVICE = "other_service"  #: 其他对外管理服务事项
    PENALTY = "penalty"  #: 行政处罚
    COERCIVE_MEASURE = "coercive_measure"  #: 行政强制


class ServiceItemKind(enum.StrEnum):
    """A kind of listed item (事项) whose count gov2019 reports year on year."""

    LICENSING = "licensing"  #: 行政许可
    OTHER_SERVICE = "other_service"  #: 其他对外管理服务事项
    PENALTY = "penalty"  #: 行政处罚
    COERCIVE_MEASURE = "coercive_measure"  #: 行政强制
    ADMINISTRATIVE_FEE = "administrative_fee"  #: 行政事业性收费


class ResponseChannel(enum.StrEnum):
    """Where a public concern was responded to, besides press conferences, interviews and articles."""

    WEIBO = "weibo"  #: 政务微博
    WECHAT = "wechat"  #: 政务微信
    OTHER = "other"  #: 其他方式


class ApplicationChannel(enum.StrEnum):
    """How an application reached the agency; fixes its receipt date (2019 条例第三十一条)."""

    IN_PERSON = "in_person"  #: 当面 — received that day
    FAX = "fax"  #: 传真 — the day both sides confirm
    ONLINE = "online"  #: 网络 — the day both sides confirm
    REGISTERED_MAIL = "registered_mail"  #: 挂号信函 — the day signed for
    ORDINARY_MAIL = "ordinary_mail"  #: 平常信函 — the day confirmed with the applicant


class ApplicantKind(enum.StrEnum):
    """Who applied: the columns of gov2019/gov2021 table 三."""

    NATURAL_PERSON = "natural_person"  #: 自然人
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"  #: 商业企业
    RESEARCH_INSTITUTION = "research_institution"  #: 科研机构
    PUBLIC_WELFARE_ORGANISATION = "public_welfare_organisation"  #: 社会公益组织
    LEGAL_SERVICE_ORGANISATION = "legal_service_organisation"  #: 法律服务机构
    OTHER_ORGANISATION = "other_organisation"  #: 其他 (法人或其他组织)


class ConsultedParty(enum.StrEnum):
    """Whose opinion was sought while the answer clock is paused (2019 条例第三十二条、第三十四条)."""

    THIRD_PARTY = "third_party"  #: 第三方
    OTHER_AGENCY = "other_agency"  #: 其他机关


class FeeScheme(enum.StrEnum):
    """How an information processing fee is computed (国办函〔2020〕109号)."""

    PER_COUNT = "per_count"  #: 按件计收
    PER_PAGE = "per_page"  #: 按量计收


class Disposition(enum.StrEnum):
    """How an application ended. Fine enough that each maps to exactly one row of every format.

    The gov2008, gov2019 and gov2021 rows each disposition is counted in are declared by the format
    modules; the docs hold the mapping as a table.
    """

    DISCLOSED = "disclosed"  #: 予以公开 / 同意公开
    ALREADY_PUBLIC = "already_public"  #: 属于已主动公开范围 (告知获取方式)
    PARTIALLY_DISCLOSED = "partially_disclosed"  #: 部分公开
    WITHHELD_STATE_SECRET = "withheld_state_secret"  #: 不予公开 — 属于国家秘密
    WITHHELD_OTHER_LAW = "withheld_other_law"  #: 不予公开 — 其他法律行政法规禁止公开
    WITHHELD_SECURITY_STABILITY = "withheld_security_stability"  #: 不予公开 — 危及“三安全一稳定”
    WITHHELD_TRADE_SECRET = "withheld_trade_secret"  #: 不予公开 — 商业秘密 (保护第三方合法权益)
    WITHHELD_PERSONAL_PRIVACY = "withheld_personal_privacy"  #: 不予公开 — 个人隐私 (保护第三方合法权益)
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs"  #: 不予公开 — 属于三类内部事务信息
    WITHHELD_PROCESS_INFORMATION = "withheld_process_information"  #: 不予公开 — 属于四类过程性信息
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file"  #: 不予公开 — 属于行政执法案卷
    WITHHELD_QUERY_MATTER = "withheld_query_matter"  #: 不予公开 — 属于行政查询事项
    NOT_GOVERNMENT_INFORMATION = "not_government_information"  #: 不是《条例》所指政府信息
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"  #: 无法提供 — 本机关不掌握 (不属于本机关公开)
    UNAVAILABLE_DOES_NOT_EXIST = "unavailable_does_not_exist"  #: 无法提供 — 申请信息不存在
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation"  #: 无法提供 — 没有现成信息需要另行制作
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_still_unclear"  #: 无法提供 — 补正后申请内容仍不明确
    NOT_PROCESSED_PETITION = "not_processed_petition"  #: 不予处理 — 信访举报投诉类申请
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate"  #: 不予处理 — 重复申请
    NOT_PROCESSED_PUBLICATION = "not_processed_publication"  #: 不予处理 — 要求提供公开出版物
    NOT_PROCESSED_MASS_REPETITIVE = "not_processed_mass_repetitive"  #: 不予处理 — 无正当理由大量反复申请
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation"  #: 不予处理 — 要求确认或重新出具已获取信息
    ABANDONED_NO_CORRECTION = "abandoned_no_correction"  #: 其他处理 — 逾期不补正、不再处理
    ABANDONED_FEE_UNPAID = "abandoned_fee_unpaid"  #: 其他处理 — 逾期未缴费、不再处理
    OTHER = "other"  #: 其他处理 — 其他
    WITHDRAWN = "withdrawn"  #: 申请人撤回 (recorded by ApplicationWithdrawn, never by ApplicationConcluded)


class CaseOutcome(enum.StrEnum):
    """How a reconsideration or lawsuit was decided."""

    UPHELD = "upheld"  #: 维持 (lawsuits: 维持具体行政行为或者驳回原告诉讼请求)
    CORRECTED = "corrected"  #: 纠正 / 被依法纠错
    OTHER = "other"  #: 其他结果 / 其他情形


class LawsuitRoute(enum.StrEnum):
    """Whether a lawsuit went to court directly or after reconsideration."""

    DIRECT = "direct"  #: 未经复议直接起诉
    AFTER_RECONSIDERATION = "after_reconsideration"  #: 复议后起诉


class OfficeKind(enum.StrEnum):
    """A place set up for disclosure work."""

    DEDICATED_OFFICE = "dedicated_office"  #: 政府信息公开工作专门机构
    READING_POINT = "reading_point"  #: 政府信息公开查阅点


class StaffRole(enum.StrEnum):
    """How a person works on disclosure."""

    FULL_TIME = "full_time"  #: 专职 (not counting gazette and website staff)
    PART_TIME = "part_time"  #: 兼职


class Platform(enum.StrEnum):
    """A platform with an official account."""

    WEIBO = "weibo"  #: 政务微博
    WECHAT = "wechat"  #: 政务微信
    OTHER = "other"  #: 其他


class ProposalKind(enum.StrEnum):
    """A deputy's suggestion or a member's proposal handled by the agency."""

    NPC_SUGGESTION = "npc_suggestion"  #: 人大代表建议
    CPPCC_PROPOSAL = "cppcc_proposal"  #: 政协委员提案


class HandlingRole(enum.StrEnum):
    """The agency's role in handling a suggestion or proposal."""

    LEAD = "lead"  #: 主办
    CO_HANDLING = "co_handling"  #: 协办 / 会办


# ---------------------------------------------------------------------------------------------------------
# The base class.


@attrs.frozen(kw_only=True)
class Event:
    """What every event has: its own id, its agency and when it happened.

    Not used on its own: every fact is one of the subclasses below.

    Attributes:
        id: the event's permanent id, unique in a store.
        agency: the stable id of the agency whose record this is.
        at: a date (read as a Beijing date) or a timestamp (with a zone, or Beijing local time).
        day: the Beijing date of ``at``, computed; the date periods are bucketed by.
    """

    TAG: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    id: str = _id_field()
    agency: str = _id_field()
    at: _dt.date = attrs.field(validator=_at)
    day: _dt.date = attrs.field(init=False, eq=False, repr=False)

    @day.default
    def _day(self) -> _dt.date:
        at = self.at
        if type(at) is _dt.date:  # the common case, first
            return at
        if not isinstance(at, _dt.date):
            return at  # the validator of ``at`` reports it, naming the class and event
        return beijing_date(at)


# ---------------------------------------------------------------------------------------------------------
# The agency.


@attrs.frozen(kw_only=True)
class AgencyRegistered(Event):
    """An agency's identity (行政机关): its name and, where it has one, its unified social credit code.

    The credit code (统一社会信用代码) is checked against its GB 32100-2015 check character.

    Example::

        >>> from opengov.codec import decode_line
        >>> decode_line('{"type": "agency_registered", "v": 1, "id": "e1", "agency": "wz-kjj",'
        ...             ' "at": "2018-01-01", "name": "吴忠市科学技术局"}').name
        '吴忠市科学技术局'
    """

    TAG: ClassVar[str] = "agency_registered"
    name: str = _id_field()
    credit_code: str | None = attrs.field(
        default=None,
        metadata={
            "json_schema": {
                "anyOf": [{"type": "string", "pattern": "^[0-9A-HJ-NPQRTUWXY]{18}$"}, {"type": "null"}]
            }
        },
    )
    supervisor: str | None = _optional_id_field()

    @credit_code.validator
    def _check_code(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and not is_valid_credit_code(value):
            _fail(
                self, attribute, f"{excerpt(value)} is not a valid unified social credit code (GB 32100-2015)"
            )


# ---------------------------------------------------------------------------------------------------------
# Proactive disclosure (主动公开).


def _optional_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, _dt.datetime) or not isinstance(value, _dt.date)):
        _fail(inst, attribute, f"must be a date, got {excerpt(value)}")


@attrs.frozen(kw_only=True)
class AgencyProfileDeclared(Event):
    """What an annual report of ``year`` prints that no other event holds: contact details and sign-off.

    The preamble's contact (联系机构, 地址, 邮编, 电话, 电子邮箱) and legal basis, and the sign-off
    (单位负责人, 审核人, 填报人, 联系电话, 填报日期). The latest declaration for a year wins; a field left out
    is left out of the report. An :class:`~opengov.report.AgencyProfile` passed to the report overrides
    it field by field.
    """

    TAG: ClassVar[str] = "agency_profile_declared"
    year: int = attrs.field(validator=_positive, metadata={"json_schema": {"minimum": 1}})
    legal_basis: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_texts)
    contact_office: str | None = _optional_id_field()
    address: str | None = _optional_id_field()
    post_code: str | None = _optional_id_field()
    phone: str | None = _optional_id_field()
    email: str | None = _optional_id_field()
    head: str | None = _optional_id_field()
    reviewer: str | None = _optional_id_field()
    preparer: str | None = _optional_id_field()
    sign_off_phone: str | None = _optional_id_field()
    filled_on: _dt.date | None = attrs.field(default=None, validator=_optional_date)


@attrs.frozen(kw_only=True)
class ItemPublished(Event):
    """An item of government information proactively disclosed (主动公开政府信息) on some channels.

    The item id is stable: publishing the same item again (on another channel) adds channels and still
    counts one item (不同渠道和方式公开相同信息计 1 条).
    Basis: 2008 条例第九条至第十二条; 2019 条例第十九条、第二十条.
    """

    TAG: ClassVar[str] = "item_published"
    item_id: str = _id_field()
    kind: ItemKind = attrs.field(validator=_member(ItemKind))
    channels: frozenset[Channel] = attrs.field(converter=_to_frozenset, validator=_members(Channel))
    document_id: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class ItemsPublishedCounted(Event):
    """``count`` distinct items disclosed, each on every one of ``channels`` (for agencies that count).

    For agencies that do not record items one by one: "N distinct items on these channels". Items
    counted this way are never the same as any other item.
    """

    TAG: ClassVar[str] = "items_published_counted"
    count: int = attrs.field(validator=_count)
    kind: ItemKind = attrs.field(default=ItemKind.ORDINARY, validator=_member(ItemKind))
    channels: frozenset[Channel] = attrs.field(converter=_to_frozenset, validator=_members(Channel))


@attrs.frozen(kw_only=True)
class DocumentIssued(Event):
    """A normative document or government rule issued (制发); it is in force until repealed."""

    TAG: ClassVar[str] = "document_issued"
    document_id: str = _id_field()
    kind: DocumentKind = attrs.field(validator=_member(DocumentKind))
    title: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class DocumentRepealed(Event):
    """A normative document or government rule repealed (废止) or declared void."""

    TAG: ClassVar[str] = "document_repealed"
    document_id: str = _id_field()


@attrs.frozen(kw_only=True)
class DecisionsRecorded(Event):
    """``count`` administrative decisions made (处理决定): licensing, penalty, coercion, other services.

    Basis: 2019 条例第二十条第（五）（六）项.
    """

    TAG: ClassVar[str] = "decisions_recorded"
    kind: DecisionKind = attrs.field(validator=_member(DecisionKind))
    count: int = attrs.field(validator=_count)


@attrs.frozen(kw_only=True)
class ServiceItemListed(Event):
    """An item (事项) put on the agency's list: a licensing matter, a penalty type, a fee item, …

    gov2019 reports the number listed at the start of the year (上一年项目数量) and the net change
    (本年增/减).
    """

    TAG: ClassVar[str] = "service_item_listed"
    item_id: str = _id_field()
    kind: ServiceItemKind = attrs.field(validator=_member(ServiceItemKind))


@attrs.frozen(kw_only=True)
class ServiceItemDelisted(Event):
    """A listed item (事项) taken off the agency's list."""

    TAG: ClassVar[str] = "service_item_delisted"
    item_id: str = _id_field()


@attrs.frozen(kw_only=True)
class AdministrativeFeesCollected(Event):
    """Administrative fees collected (行政事业性收费), in yuan. Basis: 2019 条例第二十条第（八）项."""

    TAG: ClassVar[str] = "administrative_fees_collected"
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen(kw_only=True)
class ProcurementRecorded(Event):
    """Centralised procurement (政府集中采购): projects and their total amount in yuan.

    Basis: 2019 条例第二十条第（九）项.
    """

    TAG: ClassVar[str] = "procurement_recorded"
    projects: int = attrs.field(validator=_count)
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen(kw_only=True)
class ItemsReportedUpward(Event):
    """``count`` items of information reported to a supervising office (报送信息), e.g. 向市政办报送."""

    TAG: ClassVar[str] = "items_reported_upward"
    count: int = attrs.field(validator=_count)
    recipient: str = _id_field()


# ---------------------------------------------------------------------------------------------------------
# Responses and interpretation (回应解读).


@attrs.frozen(kw_only=True)
class PublicConcernResponded(Event):
    """A public concern or major opinion event (公众关注热点或重大舆情) responded to on a channel.

    The same topic responded to in several ways counts once (不同方式回应同一热点或舆情计 1 次): the
    topic id joins this event with press conferences, interviews and articles about the same topic.
    """

    TAG: ClassVar[str] = "public_concern_responded"
    topic_id: str = _id_field()
    channel: ResponseChannel = attrs.field(validator=_member(ResponseChannel))


@attrs.frozen(kw_only=True)
class PressConferenceHeld(Event):
    """A press conference held or attended (参加或举办新闻发布会), with or without the principal.

    ``topic_id`` names the public concern it responded to, if any.
    """

    TAG: ClassVar[str] = "press_conference_held"
    principal_attended: bool = attrs.field(default=False, validator=_flag)
    topic_id: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class OnlineInterviewHeld(Event):
    """An online interview on the government website (政府网站在线访谈)."""

    TAG: ClassVar[str] = "online_interview_held"
    principal_attended: bool = attrs.field(default=False, validator=_flag)
    topic_id: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class InterpretationPublished(Event):
    """A policy interpretation article published (政策解读稿件)."""

    TAG: ClassVar[str] = "interpretation_published"
    article_id: str = _id_field()
    title: str | None = _optional_id_field()
    topic_id: str | None = _optional_id_field()


# ---------------------------------------------------------------------------------------------------------
# Disclosure on application (依申请公开).


@attrs.frozen(kw_only=True)
class ApplicationReceived(Event):
    """A disclosure application received (收到政府信息公开申请).

    ``at`` is the receipt date under 2019 条例第三十一条: in person, that day; registered mail, the day
    signed for; ordinary mail, the day confirmed with the applicant; online or fax, the day both sides
    confirm. ``applicant_id`` (optional) identifies the applicant across applications, for the per-count
    fee and for repeated applications.
    """

    TAG: ClassVar[str] = "application_received"
    application_id: str = _id_field()
    channel: ApplicationChannel = attrs.field(validator=_member(ApplicationChannel))
    applicant: ApplicantKind = attrs.field(validator=_member(ApplicantKind))
    applicant_id: str | None = _optional_id_field()
    subject: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class CorrectionRequested(Event):
    """A correction notice sent (告知补正); the answer clock stops. Basis: 2019 条例第三十条."""

    TAG: ClassVar[str] = "correction_requested"
    application_id: str = _id_field()


@attrs.frozen(kw_only=True)
class CorrectionReceived(Event):
    """The corrected application received (补正); the answer clock restarts from this day."""

    TAG: ClassVar[str] = "correction_received"
    application_id: str = _id_field()


@attrs.frozen(kw_only=True)
class ConsultationStarted(Event):
    """A third party or another agency consulted (征求意见); the time is not counted.

    Basis: 2008 条例第二十四条; 2019 条例第三十二条、第三十三条、第三十四条.
    """

    TAG: ClassVar[str] = "consultation_started"
    application_id: str = _id_field()
    consultation_id: str = _id_field()
    party: ConsultedParty = attrs.field(validator=_member(ConsultedParty))


@attrs.frozen(kw_only=True)
class ConsultationEnded(Event):
    """A consultation ended (opinion received, or its time ran out)."""

    TAG: ClassVar[str] = "consultation_ended"
    application_id: str = _id_field()
    consultation_id: str = _id_field()


@attrs.frozen(kw_only=True)
class DeadlineExtended(Event):
    """The answer deadline extended (延长答复期限) by ``working_days``, approved and notified.

    Basis: 2008 条例第二十四条 (≤ 15 working days); 2019 条例第三十三条 (≤ 20 working days).
    """

    TAG: ClassVar[str] = "deadline_extended"
    application_id: str = _id_field()
    working_days: int = attrs.field(validator=_positive, metadata={"json_schema": {"minimum": 1}})
    reason: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class FeeNoticeIssued(Event):
    """A notice to pay an information processing fee (收费通知), in yuan. Basis: 国办函〔2020〕109号.

    ``quantity`` is the number of applications (per-count scheme) or pages (per-page scheme) charged for.
    """

    TAG: ClassVar[str] = "fee_notice_issued"
    application_id: str = _id_field()
    scheme: FeeScheme = attrs.field(validator=_member(FeeScheme))
    quantity: int = attrs.field(validator=_count)
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen(kw_only=True)
class FeePaid(Event):
    """An information processing fee paid (缴纳信息处理费), in yuan."""

    TAG: ClassVar[str] = "fee_paid"
    application_id: str = _id_field()
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen(kw_only=True)
class ApplicationWithdrawn(Event):
    """The applicant withdrew the application (申请人撤回申请); it ends with disposition WITHDRAWN."""

    TAG: ClassVar[str] = "application_withdrawn"
    application_id: str = _id_field()


@attrs.frozen(kw_only=True)
class ApplicationConcluded(Event):
    """The application answered or otherwise concluded (办结 / 答复) with exactly one disposition.

    ``on_the_spot`` marks an answer given at once (能够当场答复的，应当当场予以答复).
    """

    TAG: ClassVar[str] = "application_concluded"
    application_id: str = _id_field()
    disposition: Disposition = attrs.field(
        validator=_member(Disposition, refused=(Disposition.WITHDRAWN,)),
        metadata={"json_schema": {"enum": [d.value for d in Disposition if d is not Disposition.WITHDRAWN]}},
    )
    on_the_spot: bool = attrs.field(default=False, validator=_flag)

    @disposition.validator
    def _not_withdrawn(self, attribute: attrs.Attribute[Any], value: Disposition) -> None:
        if value is Disposition.WITHDRAWN:
            _fail(self, attribute, "a withdrawal is recorded with ApplicationWithdrawn")


# ---------------------------------------------------------------------------------------------------------
# Disputes (行政复议、行政诉讼、举报投诉).


@attrs.frozen(kw_only=True)
class ReconsiderationFiled(Event):
    """An administrative reconsideration (行政复议) filed against the agency's disclosure work."""

    TAG: ClassVar[str] = "reconsideration_filed"
    case_id: str = _id_field()
    application_id: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class ReconsiderationDecided(Event):
    """A reconsideration decided: upheld (维持), corrected (纠正) or other (其他结果)."""

    TAG: ClassVar[str] = "reconsideration_decided"
    case_id: str = _id_field()
    outcome: CaseOutcome = attrs.field(validator=_member(CaseOutcome))


@attrs.frozen(kw_only=True)
class LawsuitFiled(Event):
    """An administrative lawsuit (行政诉讼) filed, directly or after reconsideration."""

    TAG: ClassVar[str] = "lawsuit_filed"
    case_id: str = _id_field()
    route: LawsuitRoute = attrs.field(validator=_member(LawsuitRoute))
    reconsideration_case_id: str | None = _optional_id_field()
    application_id: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class LawsuitDecided(Event):
    """A lawsuit decided: upheld or dismissed (维持/驳回), corrected (纠正) or other (其他结果)."""

    TAG: ClassVar[str] = "lawsuit_decided"
    case_id: str = _id_field()
    outcome: CaseOutcome = attrs.field(validator=_member(CaseOutcome))


@attrs.frozen(kw_only=True)
class ComplaintReceived(Event):
    """A complaint or report (举报投诉) about the agency's disclosure work received."""

    TAG: ClassVar[str] = "complaint_received"
    subject: str | None = _optional_id_field()


# ---------------------------------------------------------------------------------------------------------
# Capacity (机构建设和保障经费, 会议和培训).


@attrs.frozen(kw_only=True)
class OfficeOpened(Event):
    """A dedicated office (专门机构) or a reading point (查阅点) set up."""

    TAG: ClassVar[str] = "office_opened"
    office_id: str = _id_field()
    kind: OfficeKind = attrs.field(validator=_member(OfficeKind))


@attrs.frozen(kw_only=True)
class OfficeClosed(Event):
    """A dedicated office or reading point closed."""

    TAG: ClassVar[str] = "office_closed"
    office_id: str = _id_field()


@attrs.frozen(kw_only=True)
class StaffAssigned(Event):
    """A person assigned to disclosure work (从事政府信息公开工作人员), full-time or part-time.

    Assigning a person already assigned changes their role.
    """

    TAG: ClassVar[str] = "staff_assigned"
    staff_id: str = _id_field()
    role: StaffRole = attrs.field(validator=_member(StaffRole))


@attrs.frozen(kw_only=True)
class StaffReleased(Event):
    """A person no longer working on disclosure."""

    TAG: ClassVar[str] = "staff_released"
    staff_id: str = _id_field()


@attrs.frozen(kw_only=True)
class SpecialFundingAllocated(Event):
    """Special funding for disclosure work (政府信息公开专项经费), in yuan.

    Not counting gazette editing or website building and maintenance.
    """

    TAG: ClassVar[str] = "special_funding_allocated"
    amount: Decimal = attrs.field(validator=_money)


@attrs.frozen(kw_only=True)
class MeetingHeld(Event):
    """A disclosure work meeting or special meeting held (政府信息公开工作会议或专题会议)."""

    TAG: ClassVar[str] = "meeting_held"
    title: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class TrainingHeld(Event):
    """A training course held (举办培训班), with its number of attendees (接受培训人员, 人次)."""

    TAG: ClassVar[str] = "training_held"
    attendees: int = attrs.field(validator=_count)
    title: str | None = _optional_id_field()


# ---------------------------------------------------------------------------------------------------------
# What the narrative cites.


@attrs.frozen(kw_only=True)
class FollowersCounted(Event):
    """The followers of an official account (关注用户), counted on the day ``at``."""

    TAG: ClassVar[str] = "followers_counted"
    platform: Platform = attrs.field(validator=_member(Platform))
    account: str = _id_field()
    count: int = attrs.field(validator=_count)


@attrs.frozen(kw_only=True)
class OnlineServiceItemsEnabled(Event):
    """Government service items made available online (政务服务事项网上办理); names optional."""

    TAG: ClassVar[str] = "online_service_items_enabled"
    count: int = attrs.field(validator=_count)
    items: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_texts)

    @items.validator
    def _as_many_as_count(self, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        if value and len(value) != self.count:
            _fail(self, attribute, f"names {len(value)} items but count is {self.count}")


@attrs.frozen(kw_only=True)
class ProposalHandled(Event):
    """An NPC deputy's suggestion or CPPCC member's proposal handled (建议提案办理).

    ``satisfied`` is the proposer's verdict where known (满意).
    """

    TAG: ClassVar[str] = "proposal_handled"
    proposal_id: str = _id_field()
    kind: ProposalKind = attrs.field(validator=_member(ProposalKind))
    role: HandlingRole = attrs.field(validator=_member(HandlingRole))
    on_time: bool = attrs.field(validator=_flag)
    satisfied: bool | None = attrs.field(default=None, validator=_optional_flag)


@attrs.frozen(kw_only=True)
class NarrativeWritten(Event):
    """Narrative text for a section of the annual report of ``year``; a later text replaces an earlier one.

    ``section`` is the section's key in the report format (e.g. ``overview``).
    """

    TAG: ClassVar[str] = "narrative_written"
    year: int = attrs.field(validator=_positive, metadata={"json_schema": {"minimum": 1}})
    section: str = _id_field()
    text: str = _id_field()


def _dates(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or any(
        isinstance(v, _dt.datetime) or not isinstance(v, _dt.date) for v in value
    ):
        _fail(inst, attribute, f"must be a list of dates, got {excerpt(value)}")


def _sorted_dates(value: Any) -> Any:
    value = _to_tuple(value)
    if isinstance(value, tuple) and all(isinstance(v, _dt.date) for v in value):
        return tuple(sorted(set(value)))
    return value


@attrs.frozen(kw_only=True)
class WorkingCalendarDeclared(Event):
    """The official holiday arrangement of a year (国务院办公厅关于…部分节假日安排的通知), supplied as data.

    For a year the bundled calendar does not hold, or to correct it: ``holidays`` are the weekday days
    off, ``makeup_days`` the weekend days worked (调休). A declaration wins over the bundled data. The
    ``agency`` is whoever recorded it; the calendar itself is national.
    """

    TAG: ClassVar[str] = "working_calendar_declared"
    year: int = attrs.field(validator=_positive, metadata={"json_schema": {"minimum": 1}})
    holidays: tuple[_dt.date, ...] = attrs.field(converter=_sorted_dates, validator=_dates)
    makeup_days: tuple[_dt.date, ...] = attrs.field(default=(), converter=_sorted_dates, validator=_dates)
    source: str | None = _optional_id_field()

    @year.validator
    def _days_in_year(self, attribute: attrs.Attribute[Any], value: int) -> None:
        for day in (*self.holidays, *self.makeup_days):
            if isinstance(day, _dt.date) and day.year != value:
                _fail(self, attribute, f"{day.isoformat()} is not in {value}")


# ---------------------------------------------------------------------------------------------------------
# The record of disclosure work itself: filed reports, the policy for their periods, corrections.

_FIGURE = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits only: \d would take full-width ones
FIGURE_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$"
"""A figure of a table as the wire writes it: digits, an optional minus and an optional fraction."""


def _figure(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or not _FIGURE.fullmatch(value):
        _fail(
            inst,
            attribute,
            f'must be a figure written in digits, e.g. "12", "-3" or "0.125"; got {excerpt(value)}',
        )


@attrs.frozen(kw_only=True)
class FiledCell:
    """One cell of a filed report's tables: its row key, column key and figure.

    ``value`` is the figure as text, exact: a count (``"12"``, ``"-3"`` for a net change) or an amount
    in 万元 (``"0.125"``). :attr:`figure` reads it back as an ``int`` or a ``Decimal``.
    """

    row: str = _id_field()
    column: str = _id_field()
    value: str = attrs.field(
        validator=_figure, metadata={"json_schema": {"type": "string", "pattern": FIGURE_PATTERN}}
    )

    @property
    def figure(self) -> int | Decimal:
        """The figure: an ``int`` when written without a fraction, else a ``Decimal``."""
        return Decimal(self.value) if "." in self.value else int(self.value)


def _filed_cells(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value or any(not isinstance(c, FiledCell) for c in value):
        _fail(
            inst, attribute, f"must be a non-empty list of cells (row, column, value), got {excerpt(value)}"
        )
    seen: set[tuple[str, str]] = set()
    for cell in value:
        key = (cell.row, cell.column)
        if key in seen:
            _fail(inst, attribute, f"names the cell ({cell.row}, {cell.column}) twice")
        seen.add(key)


def _plain_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        _fail(inst, attribute, f"must be a date, got {excerpt(value)}")


@attrs.frozen(kw_only=True)
class ReportFiled(Event):
    """An annual report filed (published) for a period: every figure of its tables, as published.

    An annual report is published by 31 January and never changes, while the log keeps growing. This
    event keeps what was published: the ``report_format`` key, the statistics period (``period_start`` to
    ``period_end``, Beijing dates), every cell of the tables, and ``position``, how many events of the
    log (in log order) the figures were computed from. Events after that position that fall in the period
    are what :func:`opengov.filing.revisions` lists as the causes of revisions. A later filing of the
    same period replaces an earlier one.
    """

    TAG: ClassVar[str] = "report_filed"
    period_start: _dt.date = attrs.field(validator=_plain_date)
    period_end: _dt.date = attrs.field(validator=_plain_date)
    report_format: str = _id_field()
    position: int = attrs.field(validator=_count)
    cells: tuple[FiledCell, ...] = attrs.field(
        converter=_to_tuple, validator=_filed_cells, metadata={"json_schema": {"minItems": 1}}
    )

    @period_end.validator
    def _not_before_start(self, attribute: attrs.Attribute[Any], value: _dt.date) -> None:
        if value < self.period_start:
            _fail(self, attribute, f"the period ends ({value}) before it starts ({self.period_start})")


class FiledPeriodPolicy(enum.StrEnum):
    """What happens to an event dated inside a period whose report is already filed."""

    ACCEPT = "accept"  #: 接受补录，计为修订 (stored, counted as a revision: the default)
    REFUSE = "refuse"  #: 拒绝补录 (refused at append, naming the event and the filing)


@attrs.frozen(kw_only=True)
class FiledPeriodPolicyDeclared(Event):
    """The agency's choice for events dated inside a filed period: accept them as revisions, or refuse.

    The latest declaration in log order is in force from its position on. Until an agency declares one,
    such events are accepted and counted as revisions.
    """

    TAG: ClassVar[str] = "filed_period_policy_declared"
    policy: FiledPeriodPolicy = attrs.field(validator=_member(FiledPeriodPolicy))


def _replacement(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Event) or isinstance(value, RECORD_TYPES):
        names = ", ".join(cls.TAG for cls in RECORD_TYPES)
        _fail(inst, attribute, f"must be a fact event (not {names}), got {excerpt(value)}")
    if value.id != inst.corrects:
        _fail(inst, attribute, f"the corrected event keeps its id {inst.corrects!r}, got {value.id!r}")
    if value.agency != inst.agency:
        _fail(inst, attribute, f"the corrected event belongs to {inst.agency!r}, got {value.agency!r}")


@attrs.frozen(kw_only=True)
class EventCorrected(Event):
    """An event of the log corrected: ``replacement`` takes the place of the event ``corrects``.

    The original stays in the log, unchanged; folds read the replacement instead, at the original's place
    in log order (:func:`opengov.corrections.corrected_log`). The replacement keeps the original's id and
    agency and may be of another type. Its wire form is a whole event line, read through the upcasters of
    its own type like any stored line. A later correction or retraction of the same event wins.
    """

    TAG: ClassVar[str] = "event_corrected"
    corrects: str = _id_field()
    replacement: Event = attrs.field(validator=_replacement)
    reason: str | None = _optional_id_field()


@attrs.frozen(kw_only=True)
class EventRetracted(Event):
    """An event of the log retracted: entered by mistake, it no longer counts.

    The original stays in the log, unchanged; folds skip it (:func:`opengov.corrections.corrected_log`).
    A later correction of the same event brings it back, corrected.
    """

    TAG: ClassVar[str] = "event_retracted"
    retracts: str = _id_field()
    reason: str | None = _optional_id_field()


RECORD_TYPES: tuple[type[Event], ...] = (
    ReportFiled,
    FiledPeriodPolicyDeclared,
    EventCorrected,
    EventRetracted,
)
"""The event types that record the log's own keeping (filings, the filed-period policy, corrections),
not a fact of disclosure work: they are never corrected, retracted or counted in a period."""

RECORD_TAGS: frozenset[str] = frozenset(cls.TAG for cls in RECORD_TYPES)
"""The wire tags of :data:`RECORD_TYPES` (what a wire record is checked by)."""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.TAG: cls
    for cls in (
        AgencyRegistered,
        AgencyProfileDeclared,
        ItemPublished,
        ItemsPublishedCounted,
        DocumentIssued,
        DocumentRepealed,
        DecisionsRecorded,
        ServiceItemListed,
        ServiceItemDelisted,
        AdministrativeFeesCollected,
        ProcurementRecorded,
        ItemsReportedUpward,
        PublicConcernResponded,
        PressConferenceHeld,
        OnlineInterviewHeld,
        InterpretationPublished,
        ApplicationReceived,
        CorrectionRequested,
        CorrectionReceived,
        ConsultationStarted,
        ConsultationEnded,
        DeadlineExtended,
        FeeNoticeIssued,
        FeePaid,
        ApplicationWithdrawn,
        ApplicationConcluded,
        ReconsiderationFiled,
        ReconsiderationDecided,
        LawsuitFiled,
        LawsuitDecided,
        ComplaintReceived,
        OfficeOpened,
        OfficeClosed,
        StaffAssigned,
        StaffReleased,
        SpecialFundingAllocated,
        MeetingHeld,
        TrainingHeld,
        FollowersCounted,
        OnlineServiceItemsEnabled,
        ProposalHandled,
        NarrativeWritten,
        WorkingCalendarDeclared,
        ReportFiled,
        FiledPeriodPolicyDeclared,
        EventCorrected,
        EventRetracted,
    )
}
"""Every event class by its wire tag, in catalogue order.

:meta hide-value:
"""
