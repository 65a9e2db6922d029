"""Every fact the fold reads, exactly: each counter on and next to the period's edges, ties between
same-day values, and each anomaly with its event id and message.

Written against the surviving mutants of ``make mutants MUTANTS=fold`` (docs/testing.md): each test
names a figure a plausible slip in ``opengov.fold`` would change. Expected values are worked out by hand
from the events in each test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from opengov import events as ev
from opengov import wire
from opengov.calendar import WorkingCalendar
from opengov.deadlines import DeadlinePolicy
from opengov.events import ApplicantKind, Channel, Event, ItemKind
from opengov.fold import AgencyFacts, Anomaly, Period, PeriodFold, extension_recorded, fold_facts
from strategies import concluded, received

Y = 2024
PERIOD = Period.year(Y)
FIRST, LAST = dt.date(Y, 1, 1), dt.date(Y, 12, 31)
DAY_BEFORE, DAY_AFTER = dt.date(Y - 1, 12, 31), dt.date(Y + 1, 1, 1)
PERSON = ApplicantKind.NATURAL_PERSON


def facts(log: list[Event], **kwargs: object) -> AgencyFacts:
    return fold_facts(log, PERIOD, **kwargs)["a1"]  # type: ignore[arg-type]


def in_period_events(day: dt.date) -> list[Event]:
    """Two or more of every event counted on its day (different amounts, so a sum is not a last value)."""
    a = "a1"
    return [
        ev.ItemsPublishedCounted(
            id="n1",
            agency=a,
            at=day,
            count=5,
            kind=ItemKind.NORMATIVE_DOCUMENT,
            channels=[Channel.WEBSITE, Channel.WEIBO],
        ),
        ev.ItemsPublishedCounted(
            id="n2", agency=a, at=day, count=7, kind=ItemKind.ORDINARY, channels=[Channel.WEBSITE]
        ),
        ev.ItemPublished(
            id="p1", agency=a, at=day, item_id="i1", kind=ItemKind.GOVERNMENT_RULE, channels=[Channel.GAZETTE]
        ),
        ev.ItemPublished(
            id="p2", agency=a, at=day, item_id="i1", kind=ItemKind.GOVERNMENT_RULE, channels=[Channel.WECHAT]
        ),
        ev.ItemPublished(
            id="p3",
            agency=a,
            at=day,
            item_id="i2",
            kind=ItemKind.ORDINARY,
            channels=[Channel.WEBSITE, Channel.OTHER],
        ),
        ev.DecisionsRecorded(id="d1", agency=a, at=day, kind=ev.DecisionKind.LICENSING, count=3),
        ev.DecisionsRecorded(id="d2", agency=a, at=day, kind=ev.DecisionKind.LICENSING, count=4),
        ev.AdministrativeFeesCollected(id="f1", agency=a, at=day, amount=Decimal("100.50")),
        ev.AdministrativeFeesCollected(id="f2", agency=a, at=day, amount=Decimal("200")),
        ev.ProcurementRecorded(id="c1", agency=a, at=day, projects=2, amount=Decimal("1000")),
        ev.ProcurementRecorded(id="c2", agency=a, at=day, projects=3, amount=Decimal("500")),
        ev.ItemsReportedUpward(id="u1", agency=a, at=day, count=11, recipient="r"),
        ev.ItemsReportedUpward(id="u2", agency=a, at=day, count=13, recipient="r"),
        ev.PublicConcernResponded(id="t1", agency=a, at=day, topic_id="t1", channel=ev.ResponseChannel.WEIBO),
        ev.PublicConcernResponded(id="t2", agency=a, at=day, topic_id="t1", channel=ev.ResponseChannel.OTHER),
        ev.PublicConcernResponded(
            id="t3", agency=a, at=day, topic_id="t2", channel=ev.ResponseChannel.WECHAT
        ),
        ev.PressConferenceHeld(id="pc1", agency=a, at=day, principal_attended=True, topic_id="t3"),
        ev.PressConferenceHeld(id="pc2", agency=a, at=day),
        ev.OnlineInterviewHeld(id="oi1", agency=a, at=day, principal_attended=True, topic_id="t4"),
        ev.OnlineInterviewHeld(id="oi2", agency=a, at=day, principal_attended=True),
        ev.OnlineInterviewHeld(id="oi3", agency=a, at=day),
        ev.InterpretationPublished(id="ip1", agency=a, at=day, article_id="a1", topic_id="t2"),
        ev.InterpretationPublished(id="ip2", agency=a, at=day, article_id="a2", topic_id="t5"),
        ev.InterpretationPublished(id="ip3", agency=a, at=day, article_id="a3"),
        ev.InterpretationPublished(id="ip4", agency=a, at=day, article_id="a4"),
        *(ev.ComplaintReceived(id=f"cr{n}", agency=a, at=day) for n in range(5)),
        *(ev.MeetingHeld(id=f"m{n}", agency=a, at=day) for n in range(6)),
        ev.TrainingHeld(id="tr1", agency=a, at=day, attendees=10),
        ev.TrainingHeld(id="tr2", agency=a, at=day, attendees=25),
        ev.SpecialFundingAllocated(id="sf1", agency=a, at=day, amount=Decimal("1000")),
        ev.SpecialFundingAllocated(id="sf2", agency=a, at=day, amount=Decimal("2500")),
        ev.OnlineServiceItemsEnabled(id="os1", agency=a, at=day, count=5),
        ev.OnlineServiceItemsEnabled(id="os2", agency=a, at=day, count=3),
        ev.ProposalHandled(
            id="pr1",
            agency=a,
            at=day,
            proposal_id="1",
            kind=ev.ProposalKind.NPC_SUGGESTION,
            role=ev.HandlingRole.LEAD,
            on_time=True,
            satisfied=True,
        ),
        ev.ProposalHandled(
            id="pr2",
            agency=a,
            at=day,
            proposal_id="2",
            kind=ev.ProposalKind.CPPCC_PROPOSAL,
            role=ev.HandlingRole.CO_HANDLING,
            on_time=True,
        ),
        ev.ProposalHandled(
            id="pr3",
            agency=a,
            at=day,
            proposal_id="3",
            kind=ev.ProposalKind.CPPCC_PROPOSAL,
            role=ev.HandlingRole.LEAD,
            on_time=False,
            satisfied=False,
        ),
        ev.FeePaid(id="fp1", agency=a, at=day, application_id="x", amount=Decimal("30")),
        ev.FeePaid(id="fp2", agency=a, at=day, application_id="x", amount=Decimal("12.5")),
    ]


# application x, received mid-2023 and never concluded: carried in and forward whatever the day above
OPEN_X = received("x", dt.date(Y - 1, 6, 1))

IN_PERIOD = {
    # 5 + 7 counted, and items i1 (gazette, then wechat) and i2 (website and other): 12 + 2
    "items": 14,
    "items_by_channel": {
        Channel.WEBSITE: 13,
        Channel.WEIBO: 5,
        Channel.GAZETTE: 1,
        Channel.WECHAT: 1,
        Channel.OTHER: 1,
    },
    "items_by_kind": {ItemKind.NORMATIVE_DOCUMENT: 5, ItemKind.ORDINARY: 8, ItemKind.GOVERNMENT_RULE: 1},
    "decisions": {ev.DecisionKind.LICENSING: 7},
    "administrative_fees": Decimal("300.50"),
    "procurement_projects": 5,
    "procurement_amount": Decimal("1500"),
    "reported_upward": 24,
    "topics_responded": 5,  # t1, t2 (responses and an interpretation), t3 (press), t4 (interview), t5
    "press_conferences": 2,
    "press_conferences_principal": 1,
    "online_interviews": 3,
    "online_interviews_principal": 2,
    "interpretations": 4,
    "responses_weibo_wechat": 2,
    "responses_other": 1,
    "complaints": 5,
    "meetings": 6,
    "trainings": 2,
    "training_attendees": 35,
    "special_funding": Decimal("3500"),
    "online_service_items": 8,
    "proposals": 3,
    "proposals_lead": 2,
    "proposals_on_time": 2,
    "proposals_satisfied": 1,
    "fees_paid": Decimal("42.5"),
}


@pytest.mark.parametrize(
    ("day", "inside"), [(DAY_BEFORE, False), (FIRST, True), (LAST, True), (DAY_AFTER, False)]
)
def test_every_counter_on_and_next_to_the_edges(day: dt.date, inside: bool) -> None:
    """Each counted fact sums its events on the period's first and last days, and none next to them."""
    expected = AgencyFacts(
        agency="a1",
        period=PERIOD,
        carried_in={PERSON: 1},
        carried_forward={PERSON: 1},
        **(IN_PERIOD if inside else {}),  # type: ignore[arg-type]
    )
    assert expected == facts([OPEN_X, *in_period_events(day)])


# ---------------------------------------------------------------------------------------------------------
# Values as at the period's end, profiles and narratives: the latest by date, then by log order.


def staff(n: str, day: dt.date, role: ev.StaffRole | None) -> Event:
    if role is None:
        return ev.StaffReleased(id=n, agency="a1", at=day, staff_id="p")
    return ev.StaffAssigned(id=n, agency="a1", at=day, staff_id="p", role=role)


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        # the same day: the later in the log wins
        (
            [staff("1", FIRST, ev.StaffRole.FULL_TIME), staff("2", FIRST, ev.StaffRole.PART_TIME)],
            {ev.StaffRole.PART_TIME: 1},
        ),
        ([staff("1", FIRST, ev.StaffRole.FULL_TIME), staff("2", FIRST, None)], {}),
        # a later date wins even when it comes first in the log
        ([staff("1", dt.date(Y, 5, 1), None), staff("2", dt.date(Y, 3, 1), ev.StaffRole.FULL_TIME)], {}),
        (
            [staff("1", dt.date(Y, 5, 1), ev.StaffRole.PART_TIME), staff("2", dt.date(Y, 3, 1), None)],
            {ev.StaffRole.PART_TIME: 1},
        ),
        # released on 31 December: gone at the end; released on 1 January next year: still there
        ([staff("1", FIRST, ev.StaffRole.FULL_TIME), staff("2", LAST, None)], {}),
        (
            [staff("1", FIRST, ev.StaffRole.FULL_TIME), staff("2", DAY_AFTER, None)],
            {ev.StaffRole.FULL_TIME: 1},
        ),
    ],
)
def test_staff_at_the_end_latest_by_date_then_log_order(
    log: list[Event], expected: dict[object, int]
) -> None:
    """Staff are as at the period's end: the latest event on or before it, ties broken by log order."""
    assert expected == dict(facts(log).staff)


def test_offices_and_followers_at_the_end() -> None:
    """Offices open at the end by kind; followers: the latest count per account, on or before the end."""
    kind = ev.OfficeKind.READING_POINT
    log: list[Event] = [
        ev.OfficeOpened(id="o1", agency="a1", at=FIRST, office_id="h1", kind=kind),
        ev.OfficeOpened(id="o2", agency="a1", at=FIRST, office_id="h2", kind=kind),
        ev.OfficeOpened(id="o3", agency="a1", at=FIRST, office_id="h3", kind=kind),
        ev.OfficeClosed(id="o4", agency="a1", at=FIRST, office_id="h3"),  # same day, later in the log: closed
        ev.FollowersCounted(
            id="f1", agency="a1", at=LAST, platform=ev.Platform.WECHAT, account="w", count=38
        ),
        ev.FollowersCounted(
            id="f2", agency="a1", at=LAST, platform=ev.Platform.WECHAT, account="w", count=40
        ),
        ev.FollowersCounted(
            id="f3", agency="a1", at=dt.date(Y, 6, 1), platform=ev.Platform.WEIBO, account="b", count=7
        ),
        ev.FollowersCounted(
            id="f4", agency="a1", at=DAY_AFTER, platform=ev.Platform.WEIBO, account="b", count=99
        ),
    ]
    f = facts(log)
    assert ({kind: 2}, {(ev.Platform.WECHAT, "w"): 40, (ev.Platform.WEIBO, "b"): 7}) == (
        dict(f.offices),
        dict(f.followers),
    )


def test_registration_profile_and_narrative() -> None:
    """Registered on the last day: named. Of this year's profiles and narratives the latest by date wins
    (then log order); another year's never count."""
    profile = ev.AgencyProfileDeclared
    narrative = ev.NarrativeWritten
    log: list[Event] = [
        ev.AgencyRegistered(id="r", agency="a1", at=LAST, name="示范局", credit_code="11640300MB12345671"),
        profile(id="p2", agency="a1", at=dt.date(Y + 1, 2, 10), year=Y, head="B"),
        profile(id="p1", agency="a1", at=dt.date(Y + 1, 2, 1), year=Y, head="A"),
        profile(id="p3", agency="a1", at=dt.date(Y + 1, 3, 1), year=Y + 1, head="C"),
        narrative(id="n1", agency="a1", at=dt.date(Y + 1, 2, 10), year=Y, section="overview", text="later"),
        narrative(id="n2", agency="a1", at=dt.date(Y + 1, 2, 1), year=Y, section="overview", text="earlier"),
        narrative(id="n3", agency="a1", at=dt.date(Y + 1, 2, 1), year=Y, section="problems", text="one"),
        narrative(id="n4", agency="a1", at=dt.date(Y + 1, 2, 1), year=Y, section="problems", text="two"),
        narrative(
            id="n5", agency="a1", at=dt.date(Y + 1, 2, 1), year=Y + 1, section="other", text="next year"
        ),
    ]
    f = facts(log)
    assert f.profile is not None
    assert ("示范局", "11640300MB12345671", "B") == (f.name, f.credit_code, f.profile.head)
    assert {"overview": "later", "problems": "two"} == dict(f.narratives)
    registered_after = facts([attrs.evolve(log[0], at=DAY_AFTER)])
    assert (None, None) == (registered_after.name, registered_after.credit_code)


# ---------------------------------------------------------------------------------------------------------
# Applications and cases: several of a kind, timing, and every anomaly.


def test_open_and_pending_counted_per_kind() -> None:
    """Two open applications of one channel and kind, two pending cases of each kind, two repeals."""
    route = ev.LawsuitRoute.DIRECT
    docs = [
        ev.DocumentIssued(
            id=f"i{n}", agency="a1", at=DAY_BEFORE, document_id=n, kind=ev.DocumentKind.GOVERNMENT_RULE
        )
        for n in "ab"
    ]
    log: list[Event] = [
        received("x", FIRST),
        received("y", LAST),
        ev.ReconsiderationFiled(id="r1", agency="a1", at=FIRST, case_id="r1"),
        ev.ReconsiderationFiled(id="r2", agency="a1", at=LAST, case_id="r2"),
        ev.LawsuitFiled(id="l1", agency="a1", at=FIRST, case_id="l1", route=route),
        ev.LawsuitFiled(id="l2", agency="a1", at=LAST, case_id="l2", route=route),
        *docs,
        ev.DocumentRepealed(id="x1", agency="a1", at=FIRST, document_id="a"),
        ev.DocumentRepealed(id="x2", agency="a1", at=LAST, document_id="b"),
    ]
    f = facts(log)
    assert ({ev.ApplicationChannel.ONLINE: 2}, {PERSON: 2}, {PERSON: 2}) == (
        dict(f.received_by_channel),
        dict(f.received),
        dict(f.carried_forward),
    )
    assert ({None: 2}, {(route, None): 2}) == (dict(f.reconsiderations), dict(f.lawsuits))
    assert {ev.DocumentKind.GOVERNMENT_RULE: 2} == dict(f.documents_repealed)


def test_answers_on_time_extended_late_and_working_days() -> None:
    """Judged on the calendar: 4 working days on time, one within its extension, one late (2024 dates)."""
    extension = ev.DeadlineExtended(
        id="e", agency="a1", at=dt.date(2024, 10, 20), application_id="b", working_days=20
    )
    log: list[Event] = [
        received("a", dt.date(2024, 3, 4)),
        concluded("a", dt.date(2024, 3, 8)),  # Monday to Friday: 4 working days
        received("b", dt.date(2024, 9, 23)),  # due 24 October (tests/test_boundaries.py)
        extension,
        concluded("b", dt.date(2024, 10, 25)),
        received("c", dt.date(2024, 9, 23)),
        concluded("c", dt.date(2024, 10, 25)),  # the day after its due date, no extension: late
    ]
    f = facts(log)
    assert (1, 1, 1) == (f.concluded_on_time, f.concluded_extended, f.concluded_late)
    assert (4, 21, 21) == f.answer_working_days
    calendar_free = facts(log, assess=extension_recorded)
    assert (2, 1, 0, ()) == (
        calendar_free.concluded_on_time,
        calendar_free.concluded_extended,
        calendar_free.concluded_late,
        calendar_free.answer_working_days,
    )


def test_concluded_on_the_day_of_receipt_is_no_anomaly() -> None:
    """Received and answered the same day: counted, and nothing reported."""
    f = facts([received("x", FIRST), concluded("x", FIRST)])
    assert (1, ()) == (f.concluded(), f.anomalies)


def test_every_anomaly_names_its_event() -> None:
    """What the fold cannot count as it stands is reported with the event's id, and never guessed."""
    rule = ev.DocumentKind.GOVERNMENT_RULE
    item = ev.ServiceItemKind.LICENSING
    log: list[Event] = [
        received("y", FIRST),
        attrs.evolve(received("y", FIRST), id="y-again"),  # before y is concluded: reported
        # concluded twice before its receipt is logged: the first conclusion stands
        concluded("x", dt.date(Y, 2, 1)),
        attrs.evolve(concluded("x", dt.date(Y, 2, 2)), id="x-again-concluded"),
        received("x", FIRST),
        received("early", dt.date(Y, 5, 10)),
        concluded("early", dt.date(Y, 5, 3)),
        ev.DeadlineExtended(id="orphan-step", agency="a1", at=FIRST, application_id="never", working_days=20),
        ev.DocumentIssued(id="d1", agency="a1", at=FIRST, document_id="d", kind=rule),
        ev.DocumentIssued(id="d2", agency="a1", at=FIRST, document_id="d", kind=rule),
        ev.DocumentRepealed(id="d3", agency="a1", at=dt.date(Y, 3, 1), document_id="d"),
        ev.DocumentRepealed(id="d4", agency="a1", at=dt.date(Y, 4, 1), document_id="d"),
        ev.DocumentRepealed(id="d5", agency="a1", at=LAST, document_id="ghost"),
        ev.ServiceItemListed(id="s1", agency="a1", at=FIRST, item_id="s", kind=item),
        ev.ServiceItemListed(id="s2", agency="a1", at=FIRST, item_id="s", kind=item),
        ev.ServiceItemDelisted(id="s3", agency="a1", at=dt.date(Y, 3, 1), item_id="s"),
        ev.ServiceItemDelisted(id="s4", agency="a1", at=dt.date(Y, 4, 1), item_id="s"),
        ev.ServiceItemDelisted(id="s5", agency="a1", at=LAST, item_id="ghost"),
        # j filed twice while pending: reported, still one pending case
        ev.ReconsiderationFiled(id="j1", agency="a1", at=FIRST, case_id="j"),
        ev.ReconsiderationFiled(id="k2", agency="a1", at=FIRST, case_id="j"),
        # k decided twice before its filing is logged: the first decision stands
        ev.ReconsiderationDecided(
            id="k3", agency="a1", at=dt.date(Y, 2, 1), case_id="k", outcome=ev.CaseOutcome.UPHELD
        ),
        ev.ReconsiderationDecided(
            id="k4", agency="a1", at=dt.date(Y, 2, 2), case_id="k", outcome=ev.CaseOutcome.OTHER
        ),
        ev.ReconsiderationFiled(id="k1", agency="a1", at=FIRST, case_id="k"),
        ev.ReconsiderationDecided(
            id="k5", agency="a1", at=dt.date(Y, 2, 3), case_id="nofile", outcome=ev.CaseOutcome.OTHER
        ),
    ]
    f = facts(log)
    assert [
        ("y-again", "application 'y' received a second time; ignored"),
        ("x-again-concluded", "application 'x' concluded a second time; the first stands"),
        (
            "c-a1-early",
            "application 'early' concluded on 2024-05-03 before its receipt on 2024-05-10; "
            "counted as concluded on the day of receipt",
        ),
        ("d2", "document 'd' issued a second time; ignored"),
        ("d4", "document 'd' repealed a second time; ignored"),
        ("s2", "item 's' listed a second time; ignored"),
        ("s4", "item 's' delisted a second time; ignored"),
        ("k2", "case 'j' filed a second time; ignored"),
        ("k4", "case 'k' decided a second time; the first stands"),
        ("orphan-step", "events for application 'never', which was never received"),
        ("d5", "document 'ghost' repealed but never issued"),
        ("s5", "item 'ghost' delisted but never listed"),
        ("k5", "case 'nofile' decided but never filed"),
    ] == sorted(((a.event_id, a.message) for a in f.anomalies), key=_anomaly_order)
    # the first of each pair stands: x (disclosed 1 Feb), d (issued 1 Jan, repealed 1 Mar), k (upheld);
    # j stays pending
    assert (2, {rule: 1}, {rule: 1}, {}, {ev.CaseOutcome.UPHELD: 1, None: 1}) == (
        f.concluded(),
        dict(f.documents_issued),
        dict(f.documents_repealed),
        dict(f.documents_in_force),
        dict(f.reconsiderations),
    )
    assert ({}, {}) == (dict(f.listed_at_start), dict(f.listed_at_end))


_ORDER = [
    "y-again",
    "x-again-concluded",
    "c-a1-early",
    "d2",
    "d4",
    "s2",
    "s4",
    "k2",
    "k4",
    "orphan-step",
    "d5",
    "s5",
    "k5",
]


def _anomaly_order(anomaly: tuple[str, str]) -> int:
    return _ORDER.index(anomaly[0])


@pytest.mark.parametrize(("day", "reported"), [(LAST, True), (DAY_AFTER, False)])
def test_ghost_repeal_reported_up_to_the_period_end(day: dt.date, reported: bool) -> None:
    """A repeal or delisting of something never issued or listed is reported if dated by the period's end."""
    log: list[Event] = [
        ev.DocumentRepealed(id="d", agency="a1", at=day, document_id="ghost"),
        ev.ServiceItemDelisted(id="s", agency="a1", at=day, item_id="ghost"),
    ]
    assert (["d", "s"] if reported else []) == sorted(a.event_id for a in facts(log).anomalies)


def test_end_before_start_in_the_log() -> None:
    """A repeal or delisting logged before its issue or listing still closes the span."""
    log: list[Event] = [
        ev.DocumentRepealed(id="d2", agency="a1", at=dt.date(Y, 6, 1), document_id="d"),
        ev.DocumentIssued(
            id="d1",
            agency="a1",
            at=dt.date(Y - 1, 1, 1),
            document_id="d",
            kind=ev.DocumentKind.GOVERNMENT_RULE,
        ),
        ev.ServiceItemDelisted(id="s2", agency="a1", at=dt.date(Y, 6, 1), item_id="s"),
        ev.ServiceItemListed(
            id="s1", agency="a1", at=dt.date(Y - 1, 1, 1), item_id="s", kind=ev.ServiceItemKind.PENALTY
        ),
    ]
    f = facts(log)
    assert (
        {},
        {ev.DocumentKind.GOVERNMENT_RULE: 1},
        {},
        {ev.ServiceItemKind.PENALTY: 1},
        {},
        (),
    ) == (
        dict(f.documents_issued),
        dict(f.documents_repealed),
        dict(f.documents_in_force),
        dict(f.listed_at_start),
        dict(f.listed_at_end),
        f.anomalies,
    )


def test_receipt_logged_again_after_the_conclusion_is_reported() -> None:
    """A second ApplicationReceived for a concluded application should be an anomaly, not a new one."""
    log: list[Event] = [
        received("x", dt.date(Y, 1, 5)),
        concluded("x", dt.date(Y, 1, 9)),
        attrs.evolve(received("x", dt.date(Y, 1, 20)), id="again"),
    ]
    f = facts(log)
    assert ({PERSON: 1}, {}, ["again"]) == (
        dict(f.received),
        dict(f.carried_forward),
        [a.event_id for a in f.anomalies],
    )


def test_the_fold_judges_answers_with_its_policy() -> None:
    """With the receipt day counted as day 1, the answer on 24 October 2024 (received Monday 23
    September) is one working day late; by default it is on time on its due date."""
    log: list[Event] = [received("x", dt.date(2024, 9, 23)), concluded("x", dt.date(2024, 10, 24))]
    results = []
    for policy in (DeadlinePolicy(), DeadlinePolicy(receipt_day_counts=True)):
        fold = PeriodFold(PERIOD, policy=policy)
        f = fold.facts(fold.fold(log))["a1"]
        results.append((f.concluded_on_time, f.concluded_late))
    assert [(1, 0), (0, 1)] == results


def test_a_bad_entry_does_not_stop_the_count_of_the_others() -> None:
    """A repeal, delisting, step or decision of something never begun is reported, and everything logged
    after it is still counted (each reading loop goes on past it)."""
    rule = ev.DocumentKind.GOVERNMENT_RULE
    log: list[Event] = [
        ev.DocumentRepealed(id="g1", agency="a1", at=FIRST, document_id="ghost"),
        ev.DocumentIssued(id="d1", agency="a1", at=FIRST, document_id="d", kind=rule),
        ev.ServiceItemDelisted(id="g2", agency="a1", at=FIRST, item_id="ghost"),
        ev.ServiceItemListed(id="s1", agency="a1", at=FIRST, item_id="s", kind=ev.ServiceItemKind.PENALTY),
        ev.DeadlineExtended(id="g3", agency="a1", at=FIRST, application_id="ghost", working_days=20),
        received("x", FIRST),
        ev.ReconsiderationDecided(
            id="g4", agency="a1", at=FIRST, case_id="ghost", outcome=ev.CaseOutcome.OTHER
        ),
        ev.ReconsiderationFiled(id="k1", agency="a1", at=FIRST, case_id="k"),
    ]
    f = facts(log)
    assert ["g1", "g2", "g3", "g4"] == sorted(a.event_id for a in f.anomalies)
    assert ({rule: 1}, {ev.ServiceItemKind.PENALTY: 1}, {PERSON: 1}, {None: 1}) == (
        dict(f.documents_issued),
        dict(f.listed_at_end),
        dict(f.received),
        dict(f.reconsiderations),
    )


def test_two_concluded_applications_by_one_channel() -> None:
    """Received and concluded in the period, two by the same channel: 2 in that channel."""
    log: list[Event] = [
        received("x", FIRST),
        concluded("x", FIRST),
        received("y", LAST),
        concluded("y", LAST),
    ]
    assert {ev.ApplicationChannel.ONLINE: 2} == dict(facts(log).received_by_channel)


def test_a_calendar_given_or_declared_judges_a_year_the_package_lacks() -> None:
    """2027 is not bundled: a calendar passed to fold_facts, or declared in the log, judges it."""
    from opengov.calendar import WorkingCalendar
    from opengov.errors import CalendarDataMissingError

    period = Period.year(2027)
    log: list[Event] = [received("x", dt.date(2027, 3, 1)), concluded("x", dt.date(2027, 3, 5))]
    with pytest.raises(CalendarDataMissingError):
        fold_facts(log, period)
    calendar = WorkingCalendar.default().with_year(2027, [], [], source="test")
    assert (4,) == fold_facts(log, period, calendar=calendar)["a1"].answer_working_days
    declared = ev.WorkingCalendarDeclared(
        id="cal", agency="a1", at=dt.date(2026, 12, 1), year=2027, holidays=[]
    )
    assert (4,) == fold_facts([declared, *log], period)["a1"].answer_working_days


# --- written against the survivors of the run on the shared lifecycle and the fast path (4 December) ------


def test_results_for_sums_one_disposition_over_every_applicant_kind() -> None:
    """Two people and a company disclosed, one withdrawn: 3 disclosed, 1 withdrawn, 0 of anything else."""
    company = ApplicantKind.COMMERCIAL_ENTERPRISE
    log: list[Event] = [
        received("x", FIRST),
        concluded("x", FIRST),
        received("y", FIRST),
        concluded("y", LAST),
        attrs.evolve(received("z", FIRST), applicant=company),
        concluded("z", LAST),
        received("w", FIRST),
        ev.ApplicationWithdrawn(id="w-out", agency="a1", at=LAST, application_id="w"),
    ]
    f = facts(log)
    assert (3, 1, 0) == (
        f.results_for(ev.Disposition.DISCLOSED),
        f.results_for(ev.Disposition.WITHDRAWN),
        f.results_for(ev.Disposition.PARTIALLY_DISCLOSED),
    )


def test_evolve_after_fold_keeps_log_order_between_same_day_events() -> None:
    """Two events folded, then a release on the day of the assignment evolved one by one: the release is
    later in the log, so the member of staff has left at the end."""
    role = ev.StaffRole.FULL_TIME
    fold = PeriodFold(PERIOD)
    state = fold.fold(
        [
            ev.MeetingHeld(id="m", agency="a1", at=FIRST),
            ev.StaffAssigned(id="s-in", agency="a1", at=dt.date(Y, 5, 6), staff_id="s", role=role),
        ]
    )
    state = fold.evolve(state, ev.StaffReleased(id="s-out", agency="a1", at=dt.date(Y, 5, 6), staff_id="s"))
    state = fold.evolve(
        state, ev.StaffAssigned(id="t-in", agency="a1", at=dt.date(Y, 5, 6), staff_id="t", role=role)
    )
    assert {role: 1} == dict(fold.facts(state)["a1"].staff)


def test_a_step_after_settlement_is_reported_with_its_id() -> None:
    """A correction notice logged after the application was received and concluded: counted nowhere,
    reported with its own id, in words."""
    log: list[Event] = [
        received("x", FIRST),
        concluded("x", dt.date(Y, 1, 5)),
        ev.CorrectionRequested(id="late-notice", agency="a1", at=dt.date(Y, 1, 3), application_id="x"),
        ev.FeePaid(id="late-fee", agency="a1", at=dt.date(Y, 1, 4), application_id="x", amount=Decimal("10")),
    ]
    f = facts(log)
    assert (
        Anomaly(
            "late-notice",
            "correction_requested for application 'x' logged after it was received and concluded; ignored",
        ),
        Anomaly(
            "late-fee", "fee_paid for application 'x' logged after it was received and concluded; ignored"
        ),
    ) == f.anomalies
    assert (1, Decimal("10")) == (f.concluded(), f.fees_paid)


def test_an_answer_in_a_year_without_data_is_estimated_and_reported() -> None:
    """2040 has no calendar data: with an estimating calendar it is judged as weekends-only (Monday 5 March
    to Friday 9 March: 4 working days, 5 when the receipt day counts) and the conclusion is reported as
    estimated, by its id."""
    period = Period.year(2040)
    extension = ev.DeadlineExtended(
        id="ext", agency="a1", at=dt.date(2040, 3, 6), application_id="x", working_days=15
    )
    log: list[Event] = [received("x", dt.date(2040, 3, 5)), extension, concluded("x", dt.date(2040, 3, 9))]
    calendar = WorkingCalendar.default().estimating()
    f = fold_facts(log, period, calendar=calendar)["a1"]
    assert ((4,), 1, 0) == (f.answer_working_days, f.concluded_on_time, f.concluded_extended)
    assert (
        Anomaly(
            "c-a1-x",
            "application 'x': answer judged on working days estimated as weekends-only (a year without "
            "calendar data; supply it to count exactly)",
            estimated=True,
        ),
    ) == f.anomalies
    counting = PeriodFold(period, calendar=calendar, policy=DeadlinePolicy(receipt_day_counts=True))
    assert (5,) == counting.facts(counting.fold(log))["a1"].answer_working_days


def test_a_never_received_application_does_not_stop_the_count_of_open_ones() -> None:
    """A correction notice for an application never received, logged before an open one: the first is
    reported, the second still counted as received and carried forward."""
    log: list[Event] = [
        ev.CorrectionRequested(id="ghost-notice", agency="a1", at=FIRST, application_id="ghost"),
        received("open", LAST),
    ]
    f = facts(log)
    assert (
        Anomaly("ghost-notice", "events for application 'ghost', which was never received"),
    ) == f.anomalies
    assert ({PERSON: 1}, {PERSON: 1}) == (dict(f.received), dict(f.carried_forward))


EXAMPLES = Path(__file__).parents[1] / "examples"

# each mapping of the facts and the enum classes of its keys, by hand (a case outcome may be None: pending)
_KEY_KINDS: dict[str, tuple[type | None, ...]] = {
    "items_by_kind": (ItemKind,),
    "decisions": (ev.DecisionKind,),
    "received": (ApplicantKind,),
    "received_by_channel": (ev.ApplicationChannel,),
    "carried_in": (ApplicantKind,),
    "carried_forward": (ApplicantKind,),
    "results": (ev.Disposition, ApplicantKind),
    "reconsiderations": (ev.CaseOutcome,),
    "lawsuits": (ev.LawsuitRoute, ev.CaseOutcome),
    "followers": (ev.Platform, None),
}


@pytest.mark.parametrize(
    ("file", "year", "fields"),
    [
        ("shifan-zrzyj-2024-2025.jsonl", 2025, [k for k in _KEY_KINDS if k != "followers"]),
        ("wuzhong-kjj-2018.jsonl", 2018, ["items_by_kind", "followers"]),
    ],
)
def test_facts_folded_from_wire_records_are_keyed_by_enum_members(
    file: str, year: int, fields: list[str]
) -> None:
    """Wire records carry enum values as plain text; the facts turn them into members (a ``StrEnum``
    member equals its text, so only the key's class tells them apart)."""
    fold = PeriodFold(Period.year(year))
    (f,) = fold.facts(fold.fold(wire.iter_records(EXAMPLES / file))).values()
    for field in fields:
        mapping = getattr(f, field)
        assert mapping, field
        kinds = _KEY_KINDS[field]
        for key in mapping:
            parts = key if isinstance(key, tuple) else (key,)
            assert all(
                kind is None or isinstance(part, kind) or (part is None and kind is ev.CaseOutcome)
                for part, kind in zip(parts, kinds, strict=True)
            ), (
                field,
                key,
            )


def test_followers_are_listed_by_platform_then_account() -> None:
    """Sorted by the platform's name first (wechat before weibo), then by account."""
    log: list[Event] = [
        ev.FollowersCounted(id="f1", agency="a1", at=LAST, platform=ev.Platform.WEIBO, account="a", count=1),
        ev.FollowersCounted(id="f2", agency="a1", at=LAST, platform=ev.Platform.WECHAT, account="z", count=2),
        ev.FollowersCounted(id="f3", agency="a1", at=LAST, platform=ev.Platform.WECHAT, account="m", count=3),
    ]
    assert [(ev.Platform.WECHAT, "m"), (ev.Platform.WECHAT, "z"), (ev.Platform.WEIBO, "a")] == list(
        facts(log).followers
    )


def test_an_application_received_after_the_period_does_not_stop_the_count() -> None:
    """Open applications: one received after the period (not counted), then one received on its last day
    (received, carried forward)."""
    f = facts([received("later", DAY_AFTER), received("open", LAST)])
    assert ({PERSON: 1}, {PERSON: 1}, ()) == (dict(f.received), dict(f.carried_forward), f.anomalies)


def test_fold_after_evolve_keeps_log_order_between_same_day_events() -> None:
    """Evolved one by one, then folded on: the release, later in the log on the day of the assignment,
    wins."""
    role = ev.StaffRole.FULL_TIME
    fold = PeriodFold(PERIOD)
    state = fold.initial()
    for event in (
        ev.MeetingHeld(id="m", agency="a1", at=FIRST),
        ev.StaffAssigned(id="s-in", agency="a1", at=dt.date(Y, 5, 6), staff_id="s", role=role),
    ):
        state = fold.evolve(state, event)
    state = fold.fold([ev.StaffReleased(id="s-out", agency="a1", at=dt.date(Y, 5, 6), staff_id="s")], state)
    assert ({}, 1) == (dict(fold.facts(state)["a1"].staff), fold.facts(state)["a1"].meetings)


def test_records_of_the_log_keeping_count_nothing() -> None:
    """A retraction and a correction folded as they stand (the fold is given them, not the
    corrected log): nothing counted, nothing reported."""
    meeting = ev.MeetingHeld(id="m", agency="a1", at=FIRST)
    records: list[Event] = [
        ev.EventRetracted(id="gone", agency="a1", at=LAST, retracts="m"),
        ev.EventCorrected(
            id="fix", agency="a1", at=LAST, corrects="m", replacement=attrs.evolve(meeting, at=LAST)
        ),
    ]
    fold = PeriodFold(PERIOD)
    state = fold.fold([meeting, *records])
    assert fold.facts(fold.fold([meeting])) == fold.facts(state)
    assert (1, ()) == (fold.facts(state)["a1"].meetings, fold.facts(state)["a1"].anomalies)


def test_answered_after_the_period_counted_by_receipt_day_each_once() -> None:
    """Applications answered only after the period are carried forward, each counted once: two of one
    applicant kind and channel received on the period's first and last days are new this year (not carried
    in: the first day is inside the period), one received the day before the period is carried in."""
    log: list[Event] = [
        received("first", FIRST),
        received("last", LAST),
        received("before", DAY_BEFORE),
        concluded("first", DAY_AFTER),
        concluded("last", DAY_AFTER),
        concluded("before", DAY_AFTER),
    ]
    f = facts(log)
    assert ({PERSON: 2}, {PERSON: 1}, {PERSON: 3}) == (
        dict(f.received),
        dict(f.carried_in),
        dict(f.carried_forward),
    )
    assert {ev.ApplicationChannel.ONLINE: 2} == dict(f.received_by_channel)
    assert 0 == f.concluded()


def test_wire_records_judged_outside_the_calendar_table_as_events_are(tmp_path: Path) -> None:
    """The fast path's records reach ``assess`` too — a year without calendar data (estimated) and an
    assessment given to the fold — and are judged exactly as the attrs events of the same lines."""
    from opengov.codec import write_events

    period = Period.year(2040)
    log: list[Event] = [
        received("x", dt.date(2040, 3, 5)),
        ev.DeadlineExtended(
            id="ext", agency="a1", at=dt.date(2040, 3, 6), application_id="x", working_days=15
        ),
        concluded("x", dt.date(2040, 3, 9)),
        received("y", dt.date(2040, 3, 5)),
        concluded("y", dt.date(2040, 4, 30)),
    ]
    path = tmp_path / "log.jsonl"
    write_events(log, path)
    records = list(wire.iter_records(path))
    assert not any(isinstance(r, Event) for r in records)  # the fast path took every line
    for fold in (
        PeriodFold(period, calendar=WorkingCalendar.default().estimating()),
        PeriodFold(period, assess=extension_recorded),
    ):
        from_records = fold.facts(fold.fold(records))["a1"]
        assert fold.facts(fold.fold(log))["a1"] == from_records
        assert 2 == from_records.concluded()
