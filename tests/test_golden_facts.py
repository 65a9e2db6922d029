"""Golden facts: the whole AgencyFacts of the 2018 example, and every anomaly the fold reports, by hand.

The tables show only part of what the fold computes; the narrative's figures (信息报送, 关注用户, 建议提案,
政务服务事项) and the anomalies reach the report by other roads. Expectations are literal data counted
from the events (``examples/wuzhong-kjj-2018.jsonl`` read as JSON) or written from the events below.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from opengov import events as ev
from opengov import load_events
from opengov.events import CaseOutcome, Channel, Disposition, Event, ItemKind, Platform, StaffRole
from opengov.fold import AgencyFacts, Anomaly, Period, fold_facts

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_wuzhong_2018_every_fact() -> None:
    """Every field of the 2018 facts of 吴忠市科学技术局 (the profile and the narratives are inputs,
    taken from their events as written)."""
    path = EXAMPLES / "wuzhong-kjj-2018.jsonl"
    log = load_events(path)
    [profile] = [e for e in log if isinstance(e, ev.AgencyProfileDeclared)]
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    narratives = {line["section"]: line["text"] for line in lines if line["type"] == "narrative_written"}
    assert 6 == len(narratives)
    period = Period.year(2018)
    expected = AgencyFacts(
        agency="wz-kjj",
        period=period,
        name="吴忠市科学技术局",  # agency_registered
        credit_code=None,
        profile=profile,  # agency_profile_declared for 2018, filled in on 2019-02-11
        items=201,  # 128 item_published + 73 counted (17 + 18 + 19 + 19)
        items_by_channel={Channel.WEBSITE: 90, Channel.WEIBO: 17, Channel.WECHAT: 21, Channel.OTHER: 73},
        items_by_kind={ItemKind.ORDINARY: 201},
        reported_upward=186,  # items_reported_upward 45 + 48 + 50 + 43
        interpretations=12,  # interpretation_published, none with a topic
        staff={StaffRole.PART_TIME: 4},
        meetings=3,
        followers={(Platform.WECHAT, "吴忠市科技局"): 38, (Platform.WEIBO, "吴忠市科技局"): 24},
        online_service_items=5,  # one online_service_items_enabled, count 5
        proposals=3,  # proposal_handled 2018-1, -2 (lead) and -3 (co-handling), all on time and satisfied
        proposals_lead=2,
        proposals_on_time=3,
        proposals_satisfied=3,
        narratives=narratives,
        administrative_fees=Decimal("0"),
        procurement_amount=Decimal("0"),
        fees_paid=Decimal("0"),
        special_funding=Decimal("0"),
    )
    assert {"wz-kjj": expected} == fold_facts(log, period)


DAY = dt.date(2024, 3, 1)


def _on(day: int) -> dt.date:
    return DAY + dt.timedelta(days=day)


def test_every_anomaly_is_reported_with_its_event() -> None:
    """Each kind of anomaly, with the id of the event it is about and its message; the first stands."""
    a = "a1"
    log: list[Event] = [
        ev.DocumentIssued(
            id="d1", agency=a, at=_on(0), document_id="doc", kind=ev.DocumentKind.GOVERNMENT_RULE
        ),
        ev.DocumentIssued(
            id="d2", agency=a, at=_on(1), document_id="doc", kind=ev.DocumentKind.GOVERNMENT_RULE
        ),
        ev.DocumentRepealed(id="d3", agency=a, at=_on(2), document_id="doc"),
        ev.DocumentRepealed(id="d4", agency=a, at=_on(3), document_id="doc"),
        ev.DocumentRepealed(id="d5", agency=a, at=_on(4), document_id="ghost-doc"),
        ev.ServiceItemListed(id="l1", agency=a, at=_on(0), item_id="it", kind=ev.ServiceItemKind.PENALTY),
        ev.ServiceItemListed(id="l2", agency=a, at=_on(1), item_id="it", kind=ev.ServiceItemKind.PENALTY),
        ev.ServiceItemDelisted(id="l3", agency=a, at=_on(5), item_id="ghost-item"),
        ev.ApplicationReceived(
            id="r1",
            agency=a,
            at=_on(0),
            application_id="x",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        ),
        ev.ApplicationReceived(
            id="r2",
            agency=a,
            at=_on(1),
            application_id="x",
            channel=ev.ApplicationChannel.FAX,
            applicant=ev.ApplicantKind.COMMERCIAL_ENTERPRISE,
        ),
        ev.ApplicationConcluded(
            id="c1", agency=a, at=_on(6), application_id="x", disposition=Disposition.DISCLOSED
        ),
        ev.CorrectionRequested(id="g1", agency=a, at=_on(2), application_id="ghost"),
        ev.ReconsiderationFiled(id="k1", agency=a, at=_on(0), case_id="k"),
        ev.ReconsiderationFiled(id="k2", agency=a, at=_on(1), case_id="k"),
        ev.ReconsiderationDecided(id="k3", agency=a, at=_on(8), case_id="k", outcome=CaseOutcome.CORRECTED),
        ev.LawsuitDecided(id="k5", agency=a, at=_on(9), case_id="ghost-case", outcome=CaseOutcome.UPHELD),
    ]
    log.sort(key=lambda e: e.day)
    facts = fold_facts(log, Period.year(2024))[a]
    assert sorted(
        [
            Anomaly("d2", "document 'doc' issued a second time; ignored"),
            Anomaly("d4", "document 'doc' repealed a second time; ignored"),
            Anomaly("d5", "document 'ghost-doc' repealed but never issued"),
            Anomaly("l2", "item 'it' listed a second time; ignored"),
            Anomaly("l3", "item 'ghost-item' delisted but never listed"),
            Anomaly("r2", "application 'x' received a second time; ignored"),
            Anomaly("g1", "events for application 'ghost', which was never received"),
            Anomaly("k2", "case 'k' filed a second time; ignored"),
            Anomaly("k5", "case 'ghost-case' decided but never filed"),
        ],
        key=lambda x: x.event_id,
    ) == sorted(facts.anomalies, key=lambda x: x.event_id)
    # A second conclusion (or decision) after the first is not here: the fold forgets a concluded application
    # or decided case (its memory follows open ones), and reports "…, which was never received" or "… decided
    # but never filed" — true of its memory, misleading to a reader (see docs/testing.md).
    # What stands: the first receipt (a natural person, online), the first conclusion (予以公开), the first
    # decision (纠正), the document issued on day 0 and repealed on day 2, the item listed on day 0.
    assert {ev.ApplicantKind.NATURAL_PERSON: 1} == facts.received
    assert {ev.ApplicationChannel.ONLINE: 1} == facts.received_by_channel
    assert {(Disposition.DISCLOSED, ev.ApplicantKind.NATURAL_PERSON): 1} == facts.results
    assert {CaseOutcome.CORRECTED: 1} == facts.reconsiderations
    kind = ev.DocumentKind.GOVERNMENT_RULE
    assert ({kind: 1}, {kind: 1}, {}) == (
        facts.documents_issued,
        facts.documents_repealed,
        facts.documents_in_force,
    )
    assert ({}, {ev.ServiceItemKind.PENALTY: 1}) == (facts.listed_at_start, facts.listed_at_end)


def test_conclusion_before_receipt_counts_on_the_day_of_receipt() -> None:
    """Concluded (by its date) before it was received: an anomaly naming both dates; counted as concluded
    on the day of receipt, so not carried forward."""
    a = "a1"
    log: list[Event] = [
        ev.ApplicationConcluded(
            id="c", agency=a, at=dt.date(2024, 12, 20), application_id="x", disposition=Disposition.DISCLOSED
        ),
        ev.ApplicationReceived(
            id="r",
            agency=a,
            at=dt.date(2024, 12, 31),
            application_id="x",
            channel=ev.ApplicationChannel.ONLINE,
            applicant=ev.ApplicantKind.NATURAL_PERSON,
        ),
    ]
    facts = fold_facts(log, Period.year(2024))[a]
    assert (
        Anomaly(
            "c",
            "application 'x' concluded on 2024-12-20 before its receipt on 2024-12-31; "
            "counted as concluded on the day of receipt",
        ),
    ) == facts.anomalies
    assert ({}, 1) == (facts.carried_forward, facts.concluded())


def test_one_day_period_and_a_reversed_one() -> None:
    """A period may be one day long; one that ends before it starts is refused, naming both dates."""
    day = dt.date(2024, 6, 1)
    assert (day, day) == (Period(day, day).start, Period(day, day).end)
    with pytest.raises(ValueError, match=r"period ends \(2024-05-31\) before it starts \(2024-06-01\)"):
        Period(day, dt.date(2024, 5, 31))


def test_repeated_facts_add_up() -> None:
    """Two of the same kind count two: topics, lawsuits with one route and outcome, receipts by channel;
    a document repealed but never issued does not hide the documents after it."""
    a = "a1"
    y = 2024
    log: list[Event] = [
        ev.DocumentRepealed(id="g", agency=a, at=dt.date(y, 1, 5), document_id="ghost"),
        ev.DocumentIssued(
            id="i", agency=a, at=dt.date(y, 2, 1), document_id="d", kind=ev.DocumentKind.NORMATIVE_DOCUMENT
        ),
    ]
    for n in ("1", "2"):
        log += [
            ev.PublicConcernResponded(
                id=f"t{n}", agency=a, at=dt.date(y, 3, 1), topic_id=n, channel=ev.ResponseChannel.OTHER
            ),
            ev.LawsuitFiled(
                id=f"lf{n}", agency=a, at=dt.date(y, 3, 1), case_id=n, route=ev.LawsuitRoute.DIRECT
            ),
            ev.LawsuitDecided(
                id=f"ld{n}", agency=a, at=dt.date(y, 4, 1), case_id=n, outcome=CaseOutcome.UPHELD
            ),
            ev.ApplicationReceived(
                id=f"r{n}",
                agency=a,
                at=dt.date(y, 5, 6),
                application_id=n,
                channel=ev.ApplicationChannel.FAX,
                applicant=ev.ApplicantKind.NATURAL_PERSON,
            ),
            ev.ApplicationConcluded(
                id=f"c{n}",
                agency=a,
                at=dt.date(y, 5, 10),
                application_id=n,
                disposition=Disposition.DISCLOSED,
            ),
        ]
    log.sort(key=lambda e: e.day)
    facts = fold_facts(log, Period.year(y))[a]
    assert 2 == facts.topics_responded
    assert {(ev.LawsuitRoute.DIRECT, CaseOutcome.UPHELD): 2} == facts.lawsuits
    assert {ev.ApplicationChannel.FAX: 2} == facts.received_by_channel
    assert {ev.DocumentKind.NORMATIVE_DOCUMENT: 1} == facts.documents_in_force
