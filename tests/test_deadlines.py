"""Tests of opengov.deadlines: the legal answer deadline of one application."""

# House style asserts `expected == actual`, which ruff's SIM300 takes for a Yoda condition.

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov.calendar import WorkingCalendar
from opengov.deadlines import (
    REGULATION_2008,
    REGULATION_2019,
    Assessment,
    DeadlinePolicy,
    FindingCode,
    Status,
    assess,
    assessor,
    is_extended_conclusion,
    is_on_time_conclusion,
    regulation_for,
)
from opengov.errors import CalendarDataMissingError
from opengov.events import (
    ApplicantKind,
    ApplicationChannel,
    ApplicationConcluded,
    ApplicationReceived,
    ApplicationWithdrawn,
    ConsultationEnded,
    ConsultationStarted,
    ConsultedParty,
    CorrectionReceived,
    CorrectionRequested,
    DeadlineExtended,
    Disposition,
    Event,
    FeeNoticeIssued,
    FeePaid,
    FeeScheme,
    WorkingCalendarDeclared,
)

CAL = WorkingCalendar.default()
_ids = itertools.count(1)


def _common(day: dt.date, app: str) -> dict[str, object]:
    return {"id": f"e{next(_ids)}", "agency": "a1", "at": day, "application_id": app}


def received(day: dt.date, app: str = "A1") -> ApplicationReceived:
    return ApplicationReceived(
        **_common(day, app),  # type: ignore[arg-type]
        channel=ApplicationChannel.ONLINE,
        applicant=ApplicantKind.NATURAL_PERSON,
    )


def concluded(day: dt.date, app: str = "A1", *, on_the_spot: bool = False) -> ApplicationConcluded:
    return ApplicationConcluded(
        **_common(day, app),  # type: ignore[arg-type]
        disposition=Disposition.DISCLOSED,
        on_the_spot=on_the_spot,
    )


def extended(day: dt.date, days: int, app: str = "A1") -> DeadlineExtended:
    return DeadlineExtended(**_common(day, app), working_days=days)  # type: ignore[arg-type]


def correction_requested(day: dt.date, app: str = "A1") -> CorrectionRequested:
    return CorrectionRequested(**_common(day, app))  # type: ignore[arg-type]


def correction_received(day: dt.date, app: str = "A1") -> CorrectionReceived:
    return CorrectionReceived(**_common(day, app))  # type: ignore[arg-type]


def consultation(start: dt.date, end: dt.date | None, cid: str = "c1", app: str = "A1") -> list[Event]:
    events: list[Event] = [
        ConsultationStarted(
            **_common(start, app),  # type: ignore[arg-type]
            consultation_id=cid,
            party=ConsultedParty.THIRD_PARTY,
        )
    ]
    if end is not None:
        events.append(ConsultationEnded(**_common(end, app), consultation_id=cid))  # type: ignore[arg-type]
    return events


def fee_notice(day: dt.date, app: str = "A1") -> FeeNoticeIssued:
    return FeeNoticeIssued(
        **_common(day, app),  # type: ignore[arg-type]
        scheme=FeeScheme.PER_PAGE,
        quantity=40,
        amount=Decimal(100),
    )


def fee_paid(day: dt.date, app: str = "A1") -> FeePaid:
    return FeePaid(**_common(day, app), amount=Decimal(100))  # type: ignore[arg-type]


def codes(assessment: Assessment) -> list[FindingCode]:
    return [f.code for f in assessment.findings]


D = dt.date

# Receipt dates whose deadlines, extension and pauses stay inside the bundled years.
receipts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))


# -- golden cases ----------------------------------------------------------------------------------------


def test_2008_regulation_due_date_across_the_2018_national_day() -> None:
    """Received Friday 2018-09-28: 15 working days are 9-29, 9-30 (make-up), then 10-8 … 10-24."""
    # Worked by hand from the 2018 arrangement: 9-29 (1), 9-30 (2), 10-1..10-7 off, 10-8..10-12 (3–7),
    # 10-15..10-19 (8–12), 10-22 (13), 10-23 (14), 10-24 (15).
    a = assess([received(D(2018, 9, 28))], CAL)
    assert "2008" == a.regulation
    assert D(2018, 10, 24) == a.due_date
    assert Status.OPEN == a.status


def test_2008_extension_of_15_days_after_the_national_day() -> None:
    """A 15-day extension of the 2018-10-24 deadline ends on 2018-11-14 (10-25 … 11-14, no holidays)."""
    events = [received(D(2018, 9, 28)), extended(D(2018, 10, 22), 15), concluded(D(2018, 11, 14))]
    a = assess(events, CAL)
    assert D(2018, 11, 14) == a.extended_due_date
    assert Status.WITHIN_EXTENSION == a.status
    assert 30 == a.working_days_taken
    assert () == a.findings


def test_2019_regulation_with_correction_and_extension() -> None:
    """Correction restarts the 20 days from the corrected application; an extension adds 20 more."""
    # Received Friday 2024-03-01; notice on 3-05 (2 working days, within 7); corrected application on
    # Monday 3-11. From 3-11: 3-12..3-29 (14), 4-1..4-3 (17), 4-4..4-6 Qingming off, Sunday 4-7 worked
    # (18), 4-8 (19), 4-9 (20) = due. Extension from 4-9: 4-10..4-26 (13), Sunday 4-28 worked (14),
    # 4-29, 4-30 (16), 5-1..5-5 off, 5-6..5-9 (20) = extended due.
    events = [
        received(D(2024, 3, 1)),
        correction_requested(D(2024, 3, 5)),
        correction_received(D(2024, 3, 11)),
        extended(D(2024, 4, 8), 20),
        concluded(D(2024, 5, 6)),
    ]
    a = assess(events, CAL)
    assert "2019" == a.regulation
    assert D(2024, 3, 1) == a.receipt
    assert D(2024, 3, 11) == a.effective_start
    assert D(2024, 4, 9) == a.due_date
    assert D(2024, 5, 9) == a.extended_due_date
    assert 0 == a.paused_working_days
    assert Status.WITHIN_EXTENSION == a.status
    assert () == a.findings
    assert is_extended_conclusion(a)


def test_regulation_switches_on_2019_05_15() -> None:
    """Applications received from 2019-05-15 get the 2019 regulation's 20 days, before it 15."""
    assert (REGULATION_2008, REGULATION_2019) == (
        regulation_for(D(2019, 5, 14)),
        regulation_for(D(2019, 5, 15)),
    )
    assert D(2019, 6, 4) == assess([received(D(2019, 5, 14))], CAL).due_date
    assert D(2019, 6, 13) == assess([received(D(2019, 5, 15))], CAL).due_date


def test_on_the_spot_answer_is_on_time() -> None:
    """An answer given on the spot on the receipt day is on time and takes no working days."""
    a = assess([received(D(2024, 6, 3)), concluded(D(2024, 6, 3), on_the_spot=True)], CAL)
    assert Status.ON_TIME == a.status
    assert a.on_the_spot
    assert 0 == a.working_days_taken


def test_on_the_spot_on_another_day_is_a_finding() -> None:
    """'On the spot' on a later day is reported and judged against the due date."""
    a = assess([received(D(2024, 6, 3)), concluded(D(2024, 6, 5), on_the_spot=True)], CAL)
    assert [FindingCode.ON_THE_SPOT_NOT_SAME_DAY] == codes(a)
    assert Status.ON_TIME == a.status
    assert not a.on_the_spot


def test_answer_on_the_due_date_is_on_time() -> None:
    """The due date itself is still on time; the next working day is late."""
    # Received Monday 2024-06-03; Monday 6-10 is the Dragon Boat holiday, so the 20th working day is 7-2.
    on_time = assess([received(D(2024, 6, 3)), concluded(D(2024, 7, 2))], CAL)
    late = assess([received(D(2024, 6, 3)), concluded(D(2024, 7, 3))], CAL)
    assert (Status.ON_TIME, 20) == (on_time.status, on_time.working_days_taken)
    assert (Status.LATE, 21) == (late.status, late.working_days_taken)
    assert [FindingCode.LATE_ANSWER] == codes(late)


def test_late_answer_counts_as_extended_in_gov2008() -> None:
    """A late answer is a 延期办结 for gov2008 and a late-answer finding."""
    a = assess([received(D(2018, 3, 1)), concluded(D(2018, 6, 1))], CAL)
    assert Status.LATE == a.status
    assert is_extended_conclusion(a)
    assert not is_on_time_conclusion(a)
    assert (True, True) == (a.extended, a.late)


def test_on_time_is_not_extended() -> None:
    """An on-time answer is 按时办结, even when an extension was granted but not needed."""
    a = assess([received(D(2024, 6, 3)), extended(D(2024, 6, 20), 20), concluded(D(2024, 6, 28))], CAL)
    assert Status.ON_TIME == a.status
    assert is_on_time_conclusion(a)
    assert not is_extended_conclusion(a)


def test_withdrawal_ends_the_clock() -> None:
    """A withdrawal concludes the application for timing purposes and is marked withdrawn."""
    withdrawal = ApplicationWithdrawn(id="w", agency="a1", at=D(2024, 6, 5), application_id="A1")
    a = assess([received(D(2024, 6, 3)), withdrawal], CAL)
    assert (Status.ON_TIME, True, D(2024, 6, 5)) == (a.status, a.withdrawn, a.concluded_on)


# -- pauses ----------------------------------------------------------------------------------------------


def test_consultation_pause_excludes_the_end_day_range() -> None:
    """A consultation from day S to day E pauses the working days in (S, E]: S counts, E does not."""
    # Received Mon 2024-06-03 (due 7-2). Consultation sent Wed 6-5, opinion back Wed 6-12: 6-6, 6-7,
    # 6-11, 6-12 are paused (6-10 is the Dragon Boat holiday), so the due date moves 4 working days.
    a = assess([received(D(2024, 6, 3)), *consultation(D(2024, 6, 5), D(2024, 6, 12))], CAL)
    assert 4 == a.paused_working_days
    assert CAL.add_working_days(D(2024, 7, 2), 4) == a.due_date


def test_open_consultation_keeps_the_application_open() -> None:
    """While a consultation is running the clock is stopped: never overdue, due date provisional."""
    a = assess([received(D(2024, 6, 3)), *consultation(D(2024, 6, 5), None)], CAL, as_of=D(2024, 9, 2))
    assert Status.OPEN == a.status
    assert CAL.working_days_between(D(2024, 6, 5), D(2024, 9, 2)) == a.paused_working_days


def test_overlapping_consultations_pause_once() -> None:
    """Two consultations at the same time pause the shared days once."""
    events = [
        received(D(2024, 6, 3)),
        *consultation(D(2024, 6, 5), D(2024, 6, 14), "c1"),
        *consultation(D(2024, 6, 6), D(2024, 6, 12), "c2"),
    ]
    assert CAL.working_days_between(D(2024, 6, 5), D(2024, 6, 14)) == assess(events, CAL).paused_working_days


def test_consultation_after_the_deadline_does_not_pause() -> None:
    """A consultation started after the due date is reported and its time counted."""
    events = [
        received(D(2024, 6, 3)),
        *consultation(D(2024, 7, 3), D(2024, 7, 10)),
        concluded(D(2024, 7, 12)),
    ]
    a = assess(events, CAL)
    assert 0 == a.paused_working_days
    assert [FindingCode.PAUSE_AFTER_DEADLINE, FindingCode.LATE_ANSWER] == codes(a)


def test_overlong_consultation_is_reported_under_2019() -> None:
    """A 2019-regulation consultation over 15 working days is reported; its whole time still pauses."""
    events = [received(D(2024, 3, 1)), *consultation(D(2024, 3, 4), D(2024, 4, 15))]
    a = assess(events, CAL)
    assert [FindingCode.CONSULTATION_OVERLONG] == codes(a)
    assert CAL.working_days_between(D(2024, 3, 4), D(2024, 4, 15)) == a.paused_working_days


def test_consultation_end_without_start_is_a_finding() -> None:
    """An end of a consultation that never started is reported and ignored."""
    end = ConsultationEnded(id="x", agency="a1", at=D(2024, 6, 5), application_id="A1", consultation_id="c9")
    a = assess([received(D(2024, 6, 3)), end], CAL)
    assert [FindingCode.CONSULTATION_UNMATCHED] == codes(a)
    assert 0 == a.paused_working_days


def test_fee_payment_time_is_not_counted_by_default() -> None:
    """From fee notice to payment the clock stops (国办函〔2020〕109号)."""
    events = [received(D(2024, 6, 3)), fee_notice(D(2024, 6, 17)), fee_paid(D(2024, 6, 24))]
    a = assess(events, CAL)
    assert 5 == a.paused_working_days
    assert CAL.add_working_days(D(2024, 7, 2), 5) == a.due_date


def test_fee_time_counted_when_the_policy_says_so() -> None:
    """An agency that counts payment time gets no pause."""
    events = [received(D(2024, 6, 3)), fee_notice(D(2024, 6, 17)), fee_paid(D(2024, 6, 24))]
    a = assess(events, CAL, policy=DeadlinePolicy(fee_stops_clock=False))
    assert (0, D(2024, 7, 2)) == (a.paused_working_days, a.due_date)


def test_pending_fee_waits_on_the_applicant() -> None:
    """An unpaid fee notice puts the application in waiting_on_applicant."""
    a = assess([received(D(2024, 6, 3)), fee_notice(D(2024, 6, 17))], CAL, as_of=D(2024, 7, 5))
    assert Status.WAITING_ON_APPLICANT == a.status
    assert () == a.findings


def test_fee_window_expiry_is_reported() -> None:
    """Unpaid after the payment window (20 working days by default), the application can be closed."""
    notice = fee_notice(D(2024, 6, 17))
    a = assess([received(D(2024, 6, 3)), notice], CAL, as_of=D(2024, 7, 16))
    assert Status.WAITING_ON_APPLICANT == a.status
    assert [FindingCode.FEE_WINDOW_EXPIRED] == codes(a)
    assert notice.id == a.findings[0].event_id
    shorter = assess(
        [received(D(2024, 6, 3)), notice],
        CAL,
        as_of=D(2024, 6, 27),
        policy=DeadlinePolicy(fee_payment_window=5),
    )
    assert [FindingCode.FEE_WINDOW_EXPIRED] == codes(shorter)


def test_correction_window_expiry_is_reported() -> None:
    """Not corrected after the correction window, the application can be closed as abandoned.

    Notice on Wednesday 5 June 2024, day 0; 15 working days, 10 June (端午节) not one of them: 6, 7, 11–14,
    17–21, 24–27 June. The window ends on Thursday 27 June.
    """
    notice = correction_requested(D(2024, 6, 5))
    events = [received(D(2024, 6, 3)), notice]
    last_day = assess(events, CAL, as_of=D(2024, 6, 27))
    assert (Status.WAITING_ON_APPLICANT, []) == (last_day.status, codes(last_day))
    lapsed = assess(events, CAL, as_of=D(2024, 6, 28))
    assert (Status.WAITING_ON_APPLICANT, [FindingCode.CORRECTION_WINDOW_EXPIRED]) == (
        lapsed.status,
        codes(lapsed),
    )
    assert notice.id == lapsed.findings[0].event_id
    assert "2024-06-05" in lapsed.findings[0].message
    assert "2024-06-27" in lapsed.findings[0].message
    assert "2024-06-28" in lapsed.findings[0].message
    # two working days: 6 and 7 June; the Saturday after is past it
    shorter = assess(events, CAL, as_of=D(2024, 6, 8), policy=DeadlinePolicy(correction_window=2))
    assert [FindingCode.CORRECTION_WINDOW_EXPIRED] == codes(shorter)
    assert [] == codes(assess(events, CAL, as_of=D(2024, 6, 7), policy=DeadlinePolicy(correction_window=2)))
    # corrected, concluded, or judged with no day given: nothing lapsed
    corrected = [*events, correction_received(D(2024, 7, 1))]
    assert [] == codes(assess(corrected, CAL, as_of=D(2024, 7, 2)))
    assert [] == codes(assess([*events, concluded(D(2024, 7, 1))], CAL, as_of=D(2024, 7, 2)))
    assert [] == codes(assess(events, CAL))
    # a second notice starts the window again from its own day: Wednesday 12 June, the window ends on
    # Wednesday 3 July (13, 14, 17–21, 24–28 June, 1–3 July)
    again = [*events, correction_requested(D(2024, 6, 12))]
    for as_of in (D(2024, 6, 28), D(2024, 7, 3)):
        assert [FindingCode.SECOND_CORRECTION] == codes(assess(again, CAL, as_of=as_of))
    later = assess(again, CAL, as_of=D(2024, 7, 4))
    assert [FindingCode.SECOND_CORRECTION, FindingCode.CORRECTION_WINDOW_EXPIRED] == codes(later)
    assert again[-1].id == later.findings[-1].event_id


def test_late_payment_is_reported() -> None:
    """A payment after the window is reported."""
    events = [received(D(2024, 6, 3)), fee_notice(D(2024, 6, 17)), fee_paid(D(2024, 7, 30))]
    assert [FindingCode.FEE_PAID_LATE] == codes(assess(events, CAL))


# -- corrections -----------------------------------------------------------------------------------------


def test_pending_correction_waits_on_the_applicant() -> None:
    """After a correction notice, with no corrected application yet, the applicant is awaited."""
    a = assess([received(D(2024, 6, 3)), correction_requested(D(2024, 6, 4))], CAL, as_of=D(2024, 12, 31))
    assert Status.WAITING_ON_APPLICANT == a.status


def test_late_correction_notice_is_reported() -> None:
    """A 2019-regulation correction notice more than 7 working days after receipt is reported."""
    events = [
        received(D(2024, 6, 3)),
        correction_requested(D(2024, 6, 14)),
        correction_received(D(2024, 6, 17)),
    ]
    a = assess(events, CAL)
    assert [FindingCode.CORRECTION_NOTICE_LATE] == codes(a)
    assert D(2024, 6, 17) == a.effective_start


def test_correction_after_the_deadline_does_not_restart() -> None:
    """A correction notice after the due date neither stops nor restarts the clock."""
    events = [
        received(D(2024, 6, 3)),
        correction_requested(D(2024, 7, 5)),
        correction_received(D(2024, 7, 8)),
        concluded(D(2024, 7, 9)),
    ]
    a = assess(events, CAL)
    assert D(2024, 6, 3) == a.effective_start
    assert Status.LATE == a.status
    assert FindingCode.PAUSE_AFTER_DEADLINE in codes(a)


def test_correction_without_notice_is_ignored() -> None:
    """A corrected application with no notice pending does not restart the clock."""
    a = assess([received(D(2024, 6, 3)), correction_received(D(2024, 6, 10))], CAL)
    assert [FindingCode.CORRECTION_WITHOUT_REQUEST] == codes(a)
    assert D(2024, 6, 3) == a.effective_start


def test_second_correction_is_reported_under_2019() -> None:
    """The 2019 regulation asks for one correction notice (一次性告知); a second is reported."""
    events = [
        received(D(2024, 6, 3)),
        correction_requested(D(2024, 6, 4)),
        correction_received(D(2024, 6, 5)),
        correction_requested(D(2024, 6, 6)),
        correction_received(D(2024, 6, 7)),
    ]
    a = assess(events, CAL)
    assert [FindingCode.SECOND_CORRECTION] == codes(a)
    assert D(2024, 6, 7) == a.effective_start


# -- extensions ------------------------------------------------------------------------------------------


def test_extension_after_the_deadline_is_ignored() -> None:
    """An extension granted after the due date does not count; the answer is late."""
    events = [received(D(2024, 6, 3)), extended(D(2024, 7, 3), 10), concluded(D(2024, 7, 5))]
    a = assess(events, CAL)
    assert a.extended_due_date is None
    assert Status.LATE == a.status
    assert [FindingCode.EXTENSION_AFTER_DEADLINE, FindingCode.LATE_ANSWER] == codes(a)


def test_extension_on_the_due_date_counts() -> None:
    """An extension granted on the due date itself is in time."""
    a = assess([received(D(2024, 6, 3)), extended(D(2024, 7, 2), 5), concluded(D(2024, 7, 5))], CAL)
    assert (D(2024, 7, 9), Status.WITHIN_EXTENSION) == (a.extended_due_date, a.status)


def test_second_extension_is_ignored() -> None:
    """Only the first extension counts."""
    events = [received(D(2024, 6, 3)), extended(D(2024, 6, 20), 5), extended(D(2024, 7, 5), 15)]
    a = assess(events, CAL)
    assert [FindingCode.SECOND_EXTENSION] == codes(a)
    assert D(2024, 7, 9) == a.extended_due_date


def test_extension_too_long_is_capped() -> None:
    """An extension longer than the regulation allows is reported and capped."""
    a = assess([received(D(2018, 3, 1)), extended(D(2018, 3, 5), 30)], CAL)
    assert [FindingCode.EXTENSION_TOO_LONG] == codes(a)
    assert CAL.add_working_days(a.due_date, 15) == a.extended_due_date


# -- invalid logs ----------------------------------------------------------------------------------------


def test_answer_before_receipt_is_a_finding() -> None:
    """A conclusion dated before the receipt is reported, not raised."""
    a = assess([received(D(2024, 6, 3)), concluded(D(2024, 5, 30))], CAL)
    assert [FindingCode.ANSWER_BEFORE_RECEIPT] == codes(a)
    assert 0 == a.working_days_taken


def test_event_before_receipt_is_a_finding() -> None:
    """A step dated before the receipt is reported and ignored."""
    a = assess([received(D(2024, 6, 3)), extended(D(2024, 6, 1), 10)], CAL)
    assert [FindingCode.EVENT_BEFORE_RECEIPT] == codes(a)
    assert a.extended_due_date is None


def test_second_conclusion_is_a_finding() -> None:
    """Concluding twice is reported; the first conclusion counts."""
    a = assess([received(D(2024, 6, 3)), concluded(D(2024, 6, 5)), concluded(D(2024, 8, 5))], CAL)
    assert [FindingCode.SECOND_CONCLUSION] == codes(a)
    assert D(2024, 6, 5) == a.concluded_on


def test_event_after_conclusion_is_a_finding() -> None:
    """A step after the conclusion is reported and ignored."""
    a = assess([received(D(2024, 6, 3)), concluded(D(2024, 6, 5)), extended(D(2024, 6, 6), 5)], CAL)
    assert [FindingCode.EVENT_AFTER_CONCLUSION] == codes(a)


def test_second_receipt_is_a_finding() -> None:
    """Receiving the same application twice is reported; the first receipt counts."""
    a = assess([received(D(2024, 6, 3)), received(D(2024, 6, 10))], CAL)
    assert [FindingCode.SECOND_RECEIPT] == codes(a)
    assert D(2024, 6, 3) == a.receipt


def test_events_are_read_in_date_order() -> None:
    """The log order across days does not matter: events are sorted by their Beijing date."""
    events = [concluded(D(2024, 7, 5)), extended(D(2024, 6, 20), 5), received(D(2024, 6, 3))]
    assert Status.WITHIN_EXTENSION == assess(events, CAL).status


def test_several_applications_are_refused() -> None:
    """assess takes the events of one application only."""
    with pytest.raises(ValueError, match="several applications"):
        assess([received(D(2024, 6, 3), "A1"), concluded(D(2024, 6, 5), "A2")], CAL)


def test_application_without_receipt_is_refused() -> None:
    """Without its ApplicationReceived an application has no deadline."""
    with pytest.raises(ValueError, match="no ApplicationReceived"):
        assess([concluded(D(2024, 6, 5))], CAL)


# -- open applications and as_of -------------------------------------------------------------------------


def test_open_then_overdue() -> None:
    """Open until the due date, overdue the day after it."""
    events = [received(D(2024, 6, 3))]
    assert Status.OPEN == assess(events, CAL, as_of=D(2024, 7, 2)).status
    assert Status.OVERDUE == assess(events, CAL, as_of=D(2024, 7, 3)).status
    assert Status.OPEN == assess(events, CAL).status
    assert assess(events, CAL).working_days_taken is None


def test_extension_keeps_an_application_open() -> None:
    """Past the due date but within the extension, an open application is not overdue."""
    events = [received(D(2024, 6, 3)), extended(D(2024, 6, 28), 20)]
    assert Status.OPEN == assess(events, CAL, as_of=D(2024, 7, 15)).status


def test_as_of_leaves_out_later_events() -> None:
    """The assessment on as_of ignores events dated after it."""
    events = [received(D(2024, 6, 3)), concluded(D(2024, 7, 10))]
    a = assess(events, CAL, as_of=D(2024, 7, 5))
    assert (Status.OVERDUE, None) == (a.status, a.concluded_on)


def test_receipt_day_counts_policy() -> None:
    """With the receipt day counted as day 1, the due date is one working day earlier."""
    a = assess([received(D(2024, 6, 3))], CAL, policy=DeadlinePolicy(receipt_day_counts=True))
    assert D(2024, 7, 1) == a.due_date
    weekend = assess([received(D(2024, 6, 1))], CAL, policy=DeadlinePolicy(receipt_day_counts=True))
    assert assess([received(D(2024, 6, 1))], CAL).due_date == weekend.due_date


def test_assessor_fixes_the_arguments() -> None:
    """assessor() gives the one-argument function a table fold takes."""
    judge = assessor(CAL, as_of=D(2024, 7, 2))
    assert assess([received(D(2024, 6, 3))], CAL, as_of=D(2024, 7, 2)) == judge([received(D(2024, 6, 3))])


# -- calendar data ---------------------------------------------------------------------------------------


def test_year_without_data_raises() -> None:
    """A deadline running into a year without calendar data raises CalendarDataMissingError."""
    with pytest.raises(CalendarDataMissingError, match="2027"):
        assess([received(D(2026, 12, 20))], CAL)


def test_estimate_mode_marks_the_assessment() -> None:
    """With the estimating calendar, a deadline through a guessed year is marked estimated."""
    guessed = assess([received(D(2026, 12, 20))], CAL.estimating())
    known = assess([received(D(2025, 12, 1))], CAL.estimating())
    assert (True, False) == (guessed.estimated, known.estimated)
    # Weekends-only guess for 2027: Friday 2027-01-01 counts as a working day.
    assert D(2027, 1, 15) == guessed.due_date


def test_declared_year_wins_over_the_package() -> None:
    """A declaration replacing 2018's arrangement changes the due date."""
    no_holidays = WorkingCalendarDeclared(id="d", agency="a1", at=D(2017, 11, 30), year=2018, holidays=[])
    a = assess([received(D(2018, 9, 28))], CAL.with_declaration(no_holidays))
    assert D(2018, 10, 19) == a.due_date


# -- properties ------------------------------------------------------------------------------------------


@given(receipts)
def test_due_date_is_at_least_n_working_days_after_receipt(receipt: dt.date) -> None:
    """The due date is at least the regulation's N working days after receipt."""
    a = assess([received(receipt)], CAL)
    n = regulation_for(receipt).answer_days
    assert CAL.working_days_between(receipt, a.due_date) >= n
    assert CAL.add_working_days(receipt, n) == a.due_date


@given(receipts, st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=30))
def test_pausing_k_working_days_moves_the_due_date_by_k(receipt: dt.date, offset: int, k: int) -> None:
    """A consultation pausing k working days, begun by the due date, moves it by exactly k working days."""
    plain = assess([received(receipt)], CAL)
    n = regulation_for(receipt).answer_days
    start = CAL.add_working_days(receipt, min(offset, n))
    end = CAL.add_working_days(start, k)
    paused = assess([received(receipt), *consultation(start, end)], CAL)
    assert k == paused.paused_working_days
    assert CAL.add_working_days(plain.due_date, k) == paused.due_date


@given(
    receipts,
    st.integers(min_value=0, max_value=7),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=15),
)
def test_correction_never_shortens_the_time(receipt: dt.date, notice: int, wait: int, extension: int) -> None:
    """A correction and its corrected application never bring the due dates forward."""
    base = [received(receipt), extended(receipt, extension)]
    requested = CAL.add_working_days(receipt, notice)
    corrected = requested + dt.timedelta(days=wait)
    plain = assess(base, CAL)
    with_correction = assess([*base, correction_requested(requested), correction_received(corrected)], CAL)
    assert plain.due_date <= with_correction.due_date
    assert plain.extended_due_date is not None
    assert with_correction.extended_due_date is not None
    assert plain.extended_due_date <= with_correction.extended_due_date
    assert with_correction.effective_start >= plain.effective_start


def test_the_policy_says_when_a_notice_lapses() -> None:
    """A notice's window is counted in working days from the notice day as day 0, by the policy's own
    length; in a year the calendar only estimates, the answer says it is estimated."""
    calendar = WorkingCalendar.default()
    # a Friday; Sunday 29 September and Saturday 12 October are working days, 1–7 October holidays
    notice = dt.date(2024, 9, 27)
    assert dt.date(2024, 10, 23) == DeadlinePolicy().correction_lapses(calendar, notice).value
    short = DeadlinePolicy(correction_window=5)
    assert dt.date(2024, 10, 10) == short.correction_lapses(calendar, notice).value
    assert dt.date(2024, 10, 30) == DeadlinePolicy().fee_lapses(calendar, notice).value
    assert dt.date(2024, 10, 9) == DeadlinePolicy(fee_payment_window=4).fee_lapses(calendar, notice).value
    assert not DeadlinePolicy().fee_lapses(calendar, notice).estimated
    late = DeadlinePolicy().correction_lapses(calendar.estimating(), dt.date(2026, 12, 21))
    assert late.estimated
    assert late.value.year == 2027
