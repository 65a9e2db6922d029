"""Hypothesis strategies for opengov values, shared by every test module.

Events are generated generically from their attrs fields and type hints, so a new event type is covered
without a line here. Where a validator ties fields together, or narrows a field beyond its type, an
override below says so.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from opengov import events as ev
from opengov.calendar import WorkingCalendar
from opengov.events import (
    EVENT_TYPES,
    RECORD_TYPES,
    ApplicationConcluded,
    Disposition,
    Event,
    EventCorrected,
    FiledCell,
    OnlineServiceItemsEnabled,
    ReportFiled,
    WorkingCalendarDeclared,
)
from opengov.uscc import credit_code_check_character

__all__ = [
    "BOUNDARY_DAYS",
    "LOG_FIRST_DAY",
    "LOG_LAST_DAY",
    "LOG_YEARS",
    "Group",
    "agency_groups",
    "agency_ids",
    "any_event",
    "application_lifecycle",
    "at_on",
    "at_values",
    "beijing_dates",
    "concluded",
    "credit_codes",
    "date_order",
    "dispute_case",
    "document_life",
    "due_neighbours",
    "event_of",
    "figures",
    "filed_cells",
    "ids",
    "interleave",
    "later",
    "listing_life",
    "log_days",
    "logs",
    "money",
    "near_boundaries",
    "number_events",
    "office_life",
    "one_off_fact",
    "received",
    "staff_member",
    "texts",
    "timestamps",
]

E = TypeVar("E", bound=Event)

FIRST_DAY = dt.date(2004, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)

# GB 32100-2015: digits and capitals without I, O, S, V, Z.
# ---------------------------------------------------------------------------------------------------------
# The days the counting turns on. Drawn evenly, dates almost never fall on one; every date strategy below
# draws from these about half the time.

_CALENDAR = WorkingCalendar.default()
_BOUNDARY_YEARS = range(2017, 2027)  # the bundled calendar's years around every log the tests generate
_REGULATION_2019 = dt.date(2019, 5, 15)  # the 2019 regulation's first day: 20 working days, not 15


def _boundary_days() -> tuple[dt.date, ...]:
    """Year ends and starts, make-up working days (调休) and the edges of every holiday run, each with the
    day either side; and the 2019 regulation's first day."""
    one = dt.timedelta(days=1)
    days: set[dt.date] = set()
    for year in _BOUNDARY_YEARS:
        days.update({dt.date(year, 1, 1), dt.date(year, 1, 2), dt.date(year, 12, 30), dt.date(year, 12, 31)})
    days.update({_REGULATION_2019 - one, _REGULATION_2019, _REGULATION_2019 + one})
    day = dt.date(_BOUNDARY_YEARS[0], 1, 1)
    last = dt.date(_BOUNDARY_YEARS[-1], 12, 31)
    run: list[dt.date] = []  # the current run of days off
    while day <= last:
        working = _CALENDAR.is_working_day(day)
        if working and day.weekday() >= 5:  # a make-up working day on a weekend
            days.update({day - one, day, day + one})
        if not working:
            run.append(day)
        elif run:
            if any(d.weekday() < 5 for d in run):  # a holiday, not just a weekend
                days.update({run[0] - one, run[0], run[-1], run[-1] + one})
            run = []
        day += one
    return tuple(sorted(days))


BOUNDARY_DAYS = _boundary_days()
_YEAR_EDGES = {(12, 30), (12, 31), (1, 1), (1, 2)}
"""Days next to which an off-by-one changes a count: see :func:`_boundary_days`."""


def _pick(days: tuple[dt.date, ...]) -> SearchStrategy[dt.date]:
    # an index, not sampled_from(days): the strategy's repr stays short (hypothesis warns about long ones)
    return st.integers(0, len(days) - 1).map(days.__getitem__)


def near_boundaries(start: dt.date, end: dt.date) -> SearchStrategy[dt.date]:
    """Dates in [start, end], in three equal shares where the range holds them: 30 Dec – 2 Jan (the
    period's edges and the day either side), another of :data:`BOUNDARY_DAYS`, any date."""
    anywhere = st.dates(min_value=start, max_value=end)
    near = [d for d in BOUNDARY_DAYS if start <= d <= end]
    edges = tuple(d for d in near if (d.month, d.day) in _YEAR_EDGES)
    others = tuple(d for d in near if (d.month, d.day) not in _YEAR_EDGES)
    return st.one_of(*(_pick(days) for days in (edges, others) if days), anywhere)


def at_on(day: dt.date) -> SearchStrategy[dt.date | dt.datetime]:
    """An ``at`` whose Beijing date is ``day``: the date, or a timestamp at either edge of Beijing's day —
    16:00Z the day before, 15:59:59Z that day, or the naive (Beijing) first and last seconds."""
    utc = dt.UTC
    return st.sampled_from(
        [
            day,
            dt.datetime.combine(day - dt.timedelta(days=1), dt.time(16, 0), utc),
            dt.datetime.combine(day, dt.time(15, 59, 59), utc),
            dt.datetime.combine(day, dt.time(0, 0)),
            dt.datetime.combine(day, dt.time(23, 59, 59)),
        ]
    )


_CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ids() -> SearchStrategy[str]:
    """Short ids from a small alphabet, so that generated events often share them."""
    return st.text(alphabet="abc123-", min_size=1, max_size=4)


def agency_ids() -> SearchStrategy[str]:
    """A handful of agency ids."""
    return st.sampled_from(["wz-kjj", "hz-gov", "ha-gov", "a1"])


def texts() -> SearchStrategy[str]:
    """Free text (names, titles, narrative): non-blank, with Chinese, spaces and quotes."""
    return st.text(alphabet="政府信息公开年度报告 abcXYZ09\"'\\-", min_size=1, max_size=16).filter(str.strip)


def beijing_dates(min_value: dt.date = FIRST_DAY, max_value: dt.date = LAST_DAY) -> SearchStrategy[dt.date]:
    """Calendar dates (read as Beijing dates), 2004–2030 unless narrowed; half of them boundary days."""
    return near_boundaries(min_value, max_value)


_OFFSETS = st.sampled_from([0, 8 * 60, -5 * 60, 5 * 60 + 45, 14 * 60, -12 * 60]).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


def timestamps(*, aware: bool | None = None) -> SearchStrategy[dt.datetime]:
    """Timestamps 2004–2030: with a zone (``aware=True``), Beijing local time (``False``), or either."""
    bounds = {
        "min_value": dt.datetime.combine(FIRST_DAY, dt.time()),
        "max_value": dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59)),
    }
    edges = [d for d in BOUNDARY_DAYS if FIRST_DAY < d <= LAST_DAY]
    midnight = (
        st.integers(0, len(edges) - 1).map(edges.__getitem__).flatmap(at_on)
    )  # Beijing midnight as UTC or naive timestamps
    zoned = st.one_of(st.datetimes(**bounds, timezones=_OFFSETS), midnight.filter(_aware))
    naive = st.one_of(st.datetimes(**bounds), midnight.filter(_naive))
    if aware is None:
        return zoned | naive
    return zoned if aware else naive


def _aware(at: dt.date) -> bool:
    return isinstance(at, dt.datetime) and at.tzinfo is not None


def _naive(at: dt.date) -> bool:
    return isinstance(at, dt.datetime) and at.tzinfo is None


def at_values() -> SearchStrategy[dt.date]:
    """What an event's ``at`` may hold: a date, an aware timestamp or a naive (Beijing) timestamp."""
    return beijing_dates() | timestamps()


def money() -> SearchStrategy[Decimal]:
    """Non-negative amounts in yuan with two decimal places."""
    return st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def credit_codes() -> SearchStrategy[str]:
    """Valid unified social credit codes: 17 random characters and their check character."""
    first17 = st.text(alphabet=_CREDIT_CODE_ALPHABET, min_size=17, max_size=17)
    return first17.map(lambda head: head + credit_code_check_character(head))


def _in_year(year: int) -> SearchStrategy[dt.date]:
    return beijing_dates(dt.date(year, 1, 1), dt.date(year, 12, 31))


# Fields whose validator asks more than the type hint says, by field name (the same name means the same
# thing in every event) or, where only one class narrows it, by (class, field name).
_BY_NAME: dict[str, SearchStrategy[Any]] = {
    "agency": agency_ids(),
    "at": at_values(),
    "year": st.integers(2004, 2030),
    "working_days": st.integers(1, 20),
    "credit_code": st.none() | credit_codes(),
}


def figures() -> SearchStrategy[str]:
    """Figures of a table cell as a filing writes them: counts (also negative net changes) and amounts."""
    counts = st.integers(-1000, 10**6).map(str)
    amounts = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False).map(
        lambda d: format(d, "f")
    )
    return counts | amounts


def filed_cells() -> SearchStrategy[tuple[FiledCell, ...]]:
    """A filing's cells: distinct (row, column) pairs, each with a figure."""
    cell = st.builds(
        FiledCell, row=ids(), column=st.sampled_from(["value", "total", "natural_person"]), value=figures()
    )
    return st.lists(cell, min_size=1, max_size=6, unique_by=lambda c: (c.row, c.column)).map(tuple)


_BY_CLASS_AND_NAME: dict[tuple[type[Event], str], SearchStrategy[Any]] = {
    (ApplicationConcluded, "disposition"): st.sampled_from(
        [d for d in Disposition if d is not Disposition.WITHDRAWN]
    ),
    (ReportFiled, "cells"): filed_cells(),
    (EventCorrected, "replacement"): st.none(),  # drawn to match the correction in _replacement_matches
}


def _items_match_count(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    if kwargs["items"]:
        return st.just({**kwargs, "count": len(kwargs["items"])})
    return st.just(kwargs)


def _days_in_year(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    days = st.lists(_in_year(kwargs["year"]), max_size=12).map(tuple)
    return st.fixed_dictionaries(
        {**{k: st.just(v) for k, v in kwargs.items()}, "holidays": days, "makeup_days": days}
    )


def _period_in_order(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    start, end = sorted((kwargs["period_start"], kwargs["period_end"]))
    return st.just({**kwargs, "period_start": start, "period_end": end})


def _replacement_matches(kwargs: dict[str, Any]) -> SearchStrategy[dict[str, Any]]:
    """A correction's replacement: a fact event with the corrected id and the correction's agency."""
    pinned = {"id": st.just(kwargs["corrects"]), "agency": st.just(kwargs["agency"])}
    facts = [cls for cls in EVENT_TYPES.values() if cls not in RECORD_TYPES]
    replacement = st.one_of([event_of(cls, **pinned) for cls in facts])
    return replacement.map(lambda event: {**kwargs, "replacement": event})


# Classes whose fields are tied together: a step from drawn keyword arguments to valid ones.
_FIXUPS: dict[type[Event], Callable[[dict[str, Any]], SearchStrategy[dict[str, Any]]]] = {
    OnlineServiceItemsEnabled: _items_match_count,
    WorkingCalendarDeclared: _days_in_year,
    ReportFiled: _period_in_order,
    EventCorrected: _replacement_matches,
}


def _from_hint(hint: Any, name: str) -> SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return st.none() | _from_hint(inner[0], name)
    if origin is frozenset:
        return st.frozensets(_from_hint(args[0], name), min_size=1)
    if origin is tuple:
        return st.lists(_from_hint(args[0], name), max_size=5).map(tuple)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(hint)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(0, 100_000)
    if hint is Decimal:
        return money()
    if hint is dt.date:
        return beijing_dates()
    if hint is str:
        return ids() if name == "id" or name.endswith("_id") else texts()
    raise TypeError(f"no strategy for a field {name!r} of type {hint!r}: add one to tests/strategies.py")


def _field_strategy(cls: type[Event], field: attrs.Attribute[Any], hint: Any) -> SearchStrategy[Any]:
    if (cls, field.name) in _BY_CLASS_AND_NAME:
        return _BY_CLASS_AND_NAME[cls, field.name]
    if field.name in _BY_NAME:
        return _BY_NAME[field.name]
    return _from_hint(hint, field.name)


@functools.cache
def _kwargs_of(cls: type[Event]) -> dict[str, SearchStrategy[Any]]:
    hints = typing.get_type_hints(cls)
    return {f.name: _field_strategy(cls, f, hints[f.name]) for f in attrs.fields(cls) if f.init}


def event_of(cls: type[E], **overrides: SearchStrategy[Any]) -> SearchStrategy[E]:
    """Valid events of ``cls``; ``overrides`` pin fields to other strategies (e.g. a fixed application id).

    Fields tied by a validator are made consistent after the overrides are drawn (``count`` follows
    ``items``; calendar days follow ``year``).
    """
    unknown = set(overrides) - set(_kwargs_of(cls))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
    kwargs = st.fixed_dictionaries({**_kwargs_of(cls), **overrides})
    fixup = _FIXUPS.get(cls)
    if fixup is not None:
        kwargs = kwargs.flatmap(fixup)
    return kwargs.map(lambda values: cls(**values))


@functools.cache
def any_event() -> SearchStrategy[Event]:
    """Valid events of every type in :data:`opengov.events.EVENT_TYPES`."""
    return st.one_of([event_of(cls) for cls in EVENT_TYPES.values()])


# ---------------------------------------------------------------------------------------------------------
# Whole, valid logs: application lifecycles and every other fact, as *entity groups* — the events of one
# application, case, document, person, … in causal order — so tests can interleave groups freely
# (independent events) while keeping each group's order.

LOG_FIRST_DAY = dt.date(2022, 1, 1)
LOG_LAST_DAY = dt.date(2025, 12, 31)
LOG_YEARS = (2022, 2023, 2024, 2025)

Group = list[Event]


def log_days(start: dt.date = LOG_FIRST_DAY, end: dt.date = LOG_LAST_DAY) -> st.SearchStrategy[dt.date]:
    """Beijing dates in [start, end], half of them boundary days (:data:`BOUNDARY_DAYS`)."""
    return near_boundaries(start, end)


@st.composite
def later(draw: st.DrawFn, day: dt.date, *, within: int = 120) -> dt.date:
    """A date on or after ``day``, at most ``within`` days later (may pass LOG_LAST_DAY); half the time a
    boundary day in that range, when there is one."""
    return draw(near_boundaries(day, day + dt.timedelta(days=within)))


def due_neighbours(start: dt.date, not_before: dt.date) -> list[dt.date]:
    """The due date counted from ``start`` (15 working days before the 2019 regulation, else 20) and the
    days either side, those on or after ``not_before`` (pauses and extensions are not counted)."""
    n = 15 if start < _REGULATION_2019 else 20
    due = _CALENDAR.add_working_days(start, n)
    return [d for d in (due - dt.timedelta(days=1), due, due + dt.timedelta(days=1)) if d >= not_before]


_ANSWER_DISPOSITIONS = [d for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN]


@st.composite
def application_lifecycle(draw: st.DrawFn, agency: str, number: int) -> Group:
    """One application: receipt, optional steps, then conclusion, withdrawal, or still open."""
    app = f"{agency}-app-{number}"
    received = draw(log_days())
    e: Group = [
        ev.ApplicationReceived(
            id="_",
            agency=agency,
            at=draw(at_on(received)),
            application_id=app,
            channel=draw(st.sampled_from(ev.ApplicationChannel)),
            applicant=draw(st.sampled_from(ev.ApplicantKind)),
        )
    ]
    clock = received
    if draw(st.booleans()):
        clock = draw(later(clock, within=7))
        e.append(ev.CorrectionRequested(id="_", agency=agency, at=clock, application_id=app))
        clock = draw(later(clock, within=15))
        e.append(ev.CorrectionReceived(id="_", agency=agency, at=clock, application_id=app))
        start = clock  # the answer clock restarts from the corrected application
    else:
        start = received
    if draw(st.integers(0, 4)) == 0:
        clock = draw(later(clock, within=5))
        e.append(
            ev.ConsultationStarted(
                id="_",
                agency=agency,
                at=clock,
                application_id=app,
                consultation_id="c",
                party=ev.ConsultedParty.THIRD_PARTY,
            )
        )
        clock = draw(later(clock, within=20))
        e.append(
            ev.ConsultationEnded(id="_", agency=agency, at=clock, application_id=app, consultation_id="c")
        )
    if draw(st.integers(0, 4)) == 0:
        clock = draw(later(clock, within=25))
        e.append(ev.DeadlineExtended(id="_", agency=agency, at=clock, application_id=app, working_days=20))
    if draw(st.integers(0, 6)) == 0:
        amount = Decimal(draw(st.integers(1, 5000))) / 10
        clock = draw(later(clock, within=5))
        e.append(
            ev.FeeNoticeIssued(
                id="_",
                agency=agency,
                at=clock,
                application_id=app,
                scheme=ev.FeeScheme.PER_PAGE,
                quantity=40,
                amount=amount,
            )
        )
        clock = draw(later(clock, within=10))
        e.append(ev.FeePaid(id="_", agency=agency, at=clock, application_id=app, amount=amount))
    ending = draw(st.integers(0, 9))
    if ending == 0:
        return e  # still open
    due = due_neighbours(start, clock)
    clock = draw(st.sampled_from(due) | later(clock, within=60) if due else later(clock, within=60))
    if ending == 1:
        e.append(ev.ApplicationWithdrawn(id="_", agency=agency, at=clock, application_id=app))
    else:
        e.append(
            ev.ApplicationConcluded(
                id="_",
                agency=agency,
                at=clock,
                application_id=app,
                disposition=draw(st.sampled_from(_ANSWER_DISPOSITIONS)),
            )
        )
    return e


@st.composite
def dispute_case(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A reconsideration or lawsuit: filed, then decided or still pending."""
    case_id = f"{agency}-dispute_case-{number}"
    filed = draw(log_days())
    lawsuit = draw(st.booleans())
    group: Group
    if lawsuit:
        group = [
            ev.LawsuitFiled(
                id="_", agency=agency, at=filed, case_id=case_id, route=draw(st.sampled_from(ev.LawsuitRoute))
            )
        ]
    else:
        group = [ev.ReconsiderationFiled(id="_", agency=agency, at=filed, case_id=case_id)]
    if draw(st.booleans()):
        decided = draw(later(filed, within=300))
        outcome = draw(st.sampled_from(ev.CaseOutcome))
        cls = ev.LawsuitDecided if lawsuit else ev.ReconsiderationDecided
        group.append(cls(id="_", agency=agency, at=decided, case_id=case_id, outcome=outcome))
    return group


@st.composite
def document_life(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A document issued, maybe published, maybe repealed later."""
    doc = f"{agency}-doc-{number}"
    issued = draw(log_days(dt.date(2020, 1, 1)))
    kind = draw(st.sampled_from(ev.DocumentKind))
    group: Group = [ev.DocumentIssued(id="_", agency=agency, at=issued, document_id=doc, kind=kind)]
    if draw(st.booleans()):
        item_kind = ev.ItemKind(kind.value)
        group.append(
            ev.ItemPublished(
                id="_",
                agency=agency,
                at=draw(later(issued, within=10)),
                item_id=f"{doc}-item",
                kind=item_kind,
                channels=draw(st.frozensets(st.sampled_from(ev.Channel), min_size=1)),
                document_id=doc,
            )
        )
    if draw(st.booleans()):
        group.append(
            ev.DocumentRepealed(id="_", agency=agency, at=draw(later(issued, within=900)), document_id=doc)
        )
    return group


@st.composite
def listing_life(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A service item listed, maybe delisted later."""
    item = f"{agency}-listing_life-{number}"
    listed = draw(log_days(dt.date(2020, 1, 1)))
    group: Group = [
        ev.ServiceItemListed(
            id="_", agency=agency, at=listed, item_id=item, kind=draw(st.sampled_from(ev.ServiceItemKind))
        )
    ]
    if draw(st.booleans()):
        group.append(
            ev.ServiceItemDelisted(id="_", agency=agency, at=draw(later(listed, within=900)), item_id=item)
        )
    return group


@st.composite
def staff_member(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A person assigned, maybe reassigned or released later."""
    staff = f"{agency}-staff-{number}"
    day = draw(log_days(dt.date(2020, 1, 1)))
    group: Group = [
        ev.StaffAssigned(
            id="_", agency=agency, at=day, staff_id=staff, role=draw(st.sampled_from(ev.StaffRole))
        )
    ]
    for _ in range(draw(st.integers(0, 2))):
        day = draw(later(day, within=500)) + dt.timedelta(days=1)
        if draw(st.booleans()):
            group.append(ev.StaffReleased(id="_", agency=agency, at=day, staff_id=staff))
        else:
            group.append(
                ev.StaffAssigned(
                    id="_", agency=agency, at=day, staff_id=staff, role=draw(st.sampled_from(ev.StaffRole))
                )
            )
    return group


@st.composite
def office_life(draw: st.DrawFn, agency: str, number: int) -> Group:
    """An office or reading point opened, maybe closed later."""
    office_id = f"{agency}-office_life-{number}"
    day = draw(log_days(dt.date(2020, 1, 1)))
    group: Group = [
        ev.OfficeOpened(
            id="_", agency=agency, at=day, office_id=office_id, kind=draw(st.sampled_from(ev.OfficeKind))
        )
    ]
    if draw(st.booleans()):
        group.append(
            ev.OfficeClosed(
                id="_",
                agency=agency,
                at=draw(later(day, within=900)) + dt.timedelta(days=1),
                office_id=office_id,
            )
        )
    return group


_ITEM_KINDS = list(ev.ItemKind)


@st.composite
def one_off_fact(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A single independent fact: an item, a response, a meeting, a fee, …"""
    day = draw(log_days())
    topic = draw(st.none() | st.sampled_from([f"{agency}-topic-{n}" for n in range(4)]))
    item_number = draw(st.integers(0, 30))
    item = f"{agency}-item-{item_number}"
    options: list[Event] = [
        ev.ItemPublished(
            id="_",
            agency=agency,
            at=day,
            item_id=item,
            # Several one-off facts may publish the same item (on more channels: counted once). Its kind
            # follows from its id, so that such groups stay independent: an item published again as
            # another kind counts as its first publication's kind, which depends on the log's order.
            kind=_ITEM_KINDS[item_number % len(_ITEM_KINDS)],
            channels=draw(st.frozensets(st.sampled_from(ev.Channel), min_size=1)),
        ),
        ev.ItemsPublishedCounted(
            id="_",
            agency=agency,
            at=day,
            count=draw(st.integers(0, 50)),
            channels=draw(st.frozensets(st.sampled_from(ev.Channel), min_size=1)),
        ),
        ev.PublicConcernResponded(
            id="_",
            agency=agency,
            at=day,
            topic_id=topic or f"{agency}-topic-x",
            channel=draw(st.sampled_from(ev.ResponseChannel)),
        ),
        ev.PressConferenceHeld(
            id="_", agency=agency, at=day, principal_attended=draw(st.booleans()), topic_id=topic
        ),
        ev.OnlineInterviewHeld(
            id="_", agency=agency, at=day, principal_attended=draw(st.booleans()), topic_id=topic
        ),
        ev.InterpretationPublished(
            id="_", agency=agency, at=day, article_id=f"{agency}-art-{number}", topic_id=topic
        ),
        ev.DecisionsRecorded(
            id="_",
            agency=agency,
            at=day,
            kind=draw(st.sampled_from(ev.DecisionKind)),
            count=draw(st.integers(0, 99)),
        ),
        ev.AdministrativeFeesCollected(
            id="_", agency=agency, at=day, amount=Decimal(draw(st.integers(0, 10**7))) / 100
        ),
        ev.ProcurementRecorded(
            id="_",
            agency=agency,
            at=day,
            projects=draw(st.integers(0, 9)),
            amount=Decimal(draw(st.integers(0, 10**6))),
        ),
        ev.ComplaintReceived(id="_", agency=agency, at=day),
        ev.MeetingHeld(id="_", agency=agency, at=day),
        ev.TrainingHeld(id="_", agency=agency, at=day, attendees=draw(st.integers(0, 200))),
        ev.SpecialFundingAllocated(
            id="_", agency=agency, at=day, amount=Decimal(draw(st.integers(0, 10**6)))
        ),
    ]
    return [draw(st.sampled_from(options))]


_GROUP_KINDS = (  # applications three times as often as anything else
    application_lifecycle,
    application_lifecycle,
    application_lifecycle,
    dispute_case,
    document_life,
    listing_life,
    staff_member,
    office_life,
    one_off_fact,
    one_off_fact,
)


@st.composite
def agency_groups(draw: st.DrawFn, agency: str, *, max_groups: int = 40) -> list[Group]:
    """The entity groups of one agency's log."""
    count = draw(st.integers(0, max_groups))
    groups = []
    for number in range(count):
        kind = draw(st.sampled_from(_GROUP_KINDS))
        groups.append(draw(kind(agency, number)))
    return groups


def number_events(groups: list[Group], prefix: str = "e") -> list[Group]:
    """Give every event a unique id (in group order)."""
    n = 0
    out = []
    for group in groups:
        numbered = []
        for event in group:
            n += 1
            numbered.append(_with_id(event, f"{prefix}{n}"))
        out.append(numbered)
    return out


def _with_id(event: Event, new_id: str) -> Event:
    return attrs.evolve(event, id=new_id)


@st.composite
def interleave(draw: st.DrawFn, groups: list[Group]) -> list[Event]:
    """Merge groups into one log in a random order that keeps each group's own order."""
    queues = [list(g) for g in groups if g]
    log: list[Event] = []
    while queues:
        index = draw(st.integers(0, len(queues) - 1))
        log.append(queues[index].pop(0))
        if not queues[index]:
            queues.pop(index)
    return log


def date_order(groups: list[Group]) -> list[Event]:
    """Merge groups into one log in date order (stable within a group)."""
    indexed = [(e.day, gi, ei, e) for gi, g in enumerate(groups) for ei, e in enumerate(g)]
    indexed.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in indexed]


@st.composite
def logs(draw: st.DrawFn, agencies: tuple[str, ...] = ("a1", "a2"), max_groups: int = 40) -> list[Group]:
    """Entity groups of several agencies, ids numbered."""
    groups: list[Group] = []
    for agency in agencies:
        groups.extend(draw(agency_groups(agency, max_groups=max_groups)))
    return number_events(groups)


# ---------------------------------------------------------------------------------------------------------
# Small builders for hand-written logs in tests.


def received(app: str, day: dt.date, agency: str = "a1") -> ev.ApplicationReceived:
    """An online application of a natural person, received on ``day``; its id is ``r-{agency}-{app}``."""
    return ev.ApplicationReceived(
        id=f"r-{agency}-{app}",
        agency=agency,
        at=day,
        application_id=app,
        channel=ev.ApplicationChannel.ONLINE,
        applicant=ev.ApplicantKind.NATURAL_PERSON,
    )


def concluded(app: str, day: dt.date, agency: str = "a1") -> ev.ApplicationConcluded:
    """The application disclosed on ``day``; its id is ``c-{agency}-{app}``."""
    return ev.ApplicationConcluded(
        id=f"c-{agency}-{app}",
        agency=agency,
        at=day,
        application_id=app,
        disposition=ev.Disposition.DISCLOSED,
    )
