"""Hypothesis strategies for whole, valid event logs: application lifecycles and every other fact.

A log is generated as *entity groups* — the events of one application, one case, one document, one
person, … in causal order — so tests can interleave groups freely (independent events) while keeping
each group's order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from opengov import events as ev
from opengov.events import Event

FIRST = dt.date(2022, 1, 1)
LAST = dt.date(2025, 12, 31)
YEARS = (2022, 2023, 2024, 2025)

Group = list[Event]


def days(start: dt.date = FIRST, end: dt.date = LAST) -> st.SearchStrategy[dt.date]:
    """Beijing dates in [start, end]."""
    return st.dates(min_value=start, max_value=end)


@st.composite
def later(draw: st.DrawFn, day: dt.date, *, within: int = 120) -> dt.date:
    """A date on or after ``day``, at most ``within`` days later (may pass LAST)."""
    return day + dt.timedelta(days=draw(st.integers(0, within)))


_DISPOSITIONS = [d for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN]


@st.composite
def application(draw: st.DrawFn, agency: str, number: int) -> Group:
    """One application's lifecycle: receipt, optional steps, then conclusion, withdrawal, or still open."""
    app = f"{agency}-app-{number}"
    received = draw(days())
    e: Group = [
        ev.ApplicationReceived(
            id="_",
            agency=agency,
            at=received,
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
    clock = draw(later(clock, within=60))
    if ending == 1:
        e.append(ev.ApplicationWithdrawn(id="_", agency=agency, at=clock, application_id=app))
    else:
        e.append(
            ev.ApplicationConcluded(
                id="_",
                agency=agency,
                at=clock,
                application_id=app,
                disposition=draw(st.sampled_from(_DISPOSITIONS)),
            )
        )
    return e


@st.composite
def case(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A reconsideration or lawsuit: filed, then decided or still pending."""
    case_id = f"{agency}-case-{number}"
    filed = draw(days())
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
def document(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A document issued, maybe published, maybe repealed later."""
    doc = f"{agency}-doc-{number}"
    issued = draw(days(dt.date(2020, 1, 1)))
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
def listing(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A service item listed, maybe delisted later."""
    item = f"{agency}-listing-{number}"
    listed = draw(days(dt.date(2020, 1, 1)))
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
def person(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A person assigned, maybe reassigned or released later."""
    staff = f"{agency}-staff-{number}"
    day = draw(days(dt.date(2020, 1, 1)))
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
def office(draw: st.DrawFn, agency: str, number: int) -> Group:
    """An office or reading point opened, maybe closed later."""
    office_id = f"{agency}-office-{number}"
    day = draw(days(dt.date(2020, 1, 1)))
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


@st.composite
def one_off(draw: st.DrawFn, agency: str, number: int) -> Group:
    """A single independent fact: an item, a response, a meeting, a fee, …"""
    day = draw(days())
    topic = draw(st.none() | st.sampled_from([f"{agency}-topic-{n}" for n in range(4)]))
    item = f"{agency}-item-{draw(st.integers(0, 30))}"
    options: list[Event] = [
        ev.ItemPublished(
            id="_",
            agency=agency,
            at=day,
            item_id=item,
            kind=draw(st.sampled_from(ev.ItemKind)),
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


_KINDS = (application, application, application, case, document, listing, person, office, one_off, one_off)


@st.composite
def agency_groups(draw: st.DrawFn, agency: str, *, max_groups: int = 40) -> list[Group]:
    """The entity groups of one agency's log."""
    count = draw(st.integers(0, max_groups))
    groups = []
    for number in range(count):
        kind = draw(st.sampled_from(_KINDS))
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
    import attrs

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
