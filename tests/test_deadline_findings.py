"""Every finding of the deadline assessment, word for word, with the event it names, on hand-counted days.

The application is received on Monday 4 March 2024 (2019 regulation: 20 working days). March 2024 has no
holiday, so its working days are the weekdays: the 20th after the 4th is Monday 1 April, the 15th is
Monday 25 March. 2024's Qingming holiday ran 4–6 April with Sunday 7 April worked (国办发明电〔2023〕7号).
December 2026 has no holiday; 2027 had no published arrangement when the bundled calendar was made.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from opengov.calendar import WorkingCalendar
from opengov.deadlines import Assessment, DeadlinePolicy, FindingCode, Status, assess, assessor
from opengov.errors import CalendarDataMissingError
from opengov.events import (
    ApplicantKind,
    ApplicationChannel,
    ApplicationConcluded,
    ApplicationReceived,
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
)

D = dt.date
CAL = WorkingCalendar.default()
_ids = itertools.count(1)


def _id() -> str:
    return f"f{next(_ids)}"


MONDAY = D(2024, 3, 4)


def received(day: dt.date = MONDAY) -> ApplicationReceived:
    return ApplicationReceived(
        id=_id(),
        agency="a",
        at=day,
        application_id="A",
        channel=ApplicationChannel.ONLINE,
        applicant=ApplicantKind.NATURAL_PERSON,
    )


def concluded(day: dt.date) -> ApplicationConcluded:
    return ApplicationConcluded(
        id=_id(), agency="a", at=day, application_id="A", disposition=Disposition.DISCLOSED
    )


def started(day: dt.date, consultation: str = "c1") -> ConsultationStarted:
    return ConsultationStarted(
        id=_id(),
        agency="a",
        at=day,
        application_id="A",
        consultation_id=consultation,
        party=ConsultedParty.THIRD_PARTY,
    )


def ended(day: dt.date, consultation: str = "c1") -> ConsultationEnded:
    return ConsultationEnded(id=_id(), agency="a", at=day, application_id="A", consultation_id=consultation)


def notice(day: dt.date) -> FeeNoticeIssued:
    return FeeNoticeIssued(
        id=_id(),
        agency="a",
        at=day,
        application_id="A",
        scheme=FeeScheme.PER_COUNT,
        quantity=1,
        amount=Decimal("10"),
    )


def paid(day: dt.date) -> FeePaid:
    return FeePaid(id=_id(), agency="a", at=day, application_id="A", amount=Decimal("10"))


def extension(day: dt.date, days: int = 20) -> DeadlineExtended:
    return DeadlineExtended(id=_id(), agency="a", at=day, application_id="A", working_days=days)


def asked(day: dt.date) -> CorrectionRequested:
    return CorrectionRequested(id=_id(), agency="a", at=day, application_id="A")


def corrected(day: dt.date) -> CorrectionReceived:
    return CorrectionReceived(id=_id(), agency="a", at=day, application_id="A")


def _findings(a: Assessment) -> list[tuple[FindingCode, str, str | None]]:
    return [(f.code, f.message, f.event_id) for f in a.findings]


def _run(*events: Event, **options: object) -> Assessment:
    return assess(list(events), CAL, **options)  # type: ignore[arg-type]


def test_the_plain_due_date() -> None:
    a = _run(received(), concluded(D(2024, 4, 1)))
    assert (D(2024, 4, 1), Status.ON_TIME, 20, 0, []) == (
        a.due_date,
        a.status,
        a.working_days_taken,
        a.paused_working_days,
        _findings(a),
    )
    assert ("A", D(2024, 3, 4), None, False, False, False) == (
        a.application_id,
        a.receipt,
        a.extended_due_date,
        a.estimated,
        a.on_the_spot,
        a.withdrawn,
    )
    late = _run(received(), end := concluded(D(2024, 4, 2)))
    assert [
        (
            FindingCode.LATE_ANSWER,
            "concluded on 2024-04-02, after the due date 2024-04-01 (2019 regulation 第三十三条)",
            end.id,
        )
    ] == _findings(late)


def test_a_conclusion_on_the_receipt_day_is_not_before_it() -> None:
    a = _run(received(), concluded(D(2024, 3, 4)))
    assert ([], Status.ON_TIME, 0) == (_findings(a), a.status, a.working_days_taken)
    early = _run(received(), end := concluded(D(2024, 3, 1)))
    assert [
        (
            FindingCode.ANSWER_BEFORE_RECEIPT,
            "concluded on 2024-03-01, before the receipt on 2024-03-04",
            end.id,
        )
    ] == _findings(early)


def test_a_second_conclusion_is_named() -> None:
    a = _run(received(), concluded(D(2024, 3, 8)), again := concluded(D(2024, 3, 11)))
    assert [
        (
            FindingCode.SECOND_CONCLUSION,
            "concluded again on 2024-03-11; the first conclusion (2024-03-08) counts",
            again.id,
        )
    ] == _findings(a)
    assert D(2024, 3, 8) == a.concluded_on


def test_a_consultation_pauses_the_clock_for_its_working_days() -> None:
    """Consulted from Tuesday 5 to Tuesday 12 March: the 5 working days after the 5th are not counted."""
    a = _run(received(), started(D(2024, 3, 5)), ended(D(2024, 3, 12)), concluded(D(2024, 4, 8)))
    assert (5, D(2024, 4, 9), Status.ON_TIME, 19, []) == (
        a.paused_working_days,
        a.due_date,
        a.status,
        a.working_days_taken,
        _findings(a),
    )


def test_a_consultation_open_at_the_conclusion_ends_with_it() -> None:
    a = _run(received(), started(D(2024, 3, 5)), concluded(D(2024, 3, 12)))
    assert (5, 1, Status.ON_TIME, []) == (a.paused_working_days, a.working_days_taken, a.status, _findings(a))


def test_a_consultation_of_exactly_15_working_days_is_not_overlong() -> None:
    ok = _run(received(), started(D(2024, 3, 5)), ended(D(2024, 3, 26)), concluded(D(2024, 4, 1)))
    assert ([], 15) == (_findings(ok), ok.paused_working_days)
    long = _run(received(), started(D(2024, 3, 5)), end := ended(D(2024, 3, 27)), concluded(D(2024, 4, 1)))
    assert [
        (
            FindingCode.CONSULTATION_OVERLONG,
            "consultation 'c1' took 16 working days; the party has 15 to give its opinion "
            "(第三十二条、第三十四条); the whole time is not counted",
            end.id,
        )
    ] == _findings(long)
    assert 16 == long.paused_working_days


def test_a_consultation_started_twice_or_ended_unstarted_is_named() -> None:
    a = _run(
        received(),
        started(D(2024, 3, 5)),
        again := started(D(2024, 3, 6)),
        ended(D(2024, 3, 7)),
        stray := ended(D(2024, 3, 8), "c9"),
        concluded(D(2024, 3, 11)),
    )
    assert [
        (
            FindingCode.CONSULTATION_UNMATCHED,
            "consultation 'c1' started again on 2024-03-06 while still open",
            again.id,
        ),
        (
            FindingCode.CONSULTATION_UNMATCHED,
            "consultation 'c9' ended on 2024-03-08 but was never started",
            stray.id,
        ),
    ] == _findings(a)
    assert 2 == a.paused_working_days  # 6 and 7 March: the second start changes nothing


def test_a_pause_after_the_due_date_is_named_by_its_kind_and_ends_cleanly() -> None:
    a = _run(
        received(),
        late := started(D(2024, 4, 2)),
        ended(D(2024, 4, 3)),
        fee := notice(D(2024, 4, 8)),
        concluded(D(2024, 4, 9)),
    )
    assert [
        (
            FindingCode.PAUSE_AFTER_DEADLINE,
            "consultation began on 2024-04-02 after the due date 2024-04-01; its time is counted",
            late.id,
        ),
        (
            FindingCode.PAUSE_AFTER_DEADLINE,
            "fee payment began on 2024-04-08 after the due date 2024-04-01; its time is counted",
            fee.id,
        ),
    ] == [f for f in _findings(a) if f[0] is FindingCode.PAUSE_AFTER_DEADLINE]
    assert (0, Status.LATE) == (a.paused_working_days, a.status)


def test_a_second_extension_is_named() -> None:
    a = _run(
        received(), extension(D(2024, 3, 8)), again := extension(D(2024, 3, 11), 5), concluded(D(2024, 4, 2))
    )
    assert [
        (FindingCode.SECOND_EXTENSION, "a second extension on 2024-03-11 is ignored", again.id)
    ] == _findings(a)
    assert (Status.WITHIN_EXTENSION, D(2024, 4, 29)) == (a.status, a.extended_due_date)


def test_a_second_fee_notice_ends_the_first_ones_pause() -> None:
    """Notices on 5 and 12 March, paid on 19 March: the 10 working days after the 5th are not counted."""
    a = _run(
        received(),
        notice(D(2024, 3, 5)),
        notice(D(2024, 3, 12)),
        paid(D(2024, 3, 19)),
        concluded(D(2024, 4, 2)),
    )
    assert (10, D(2024, 4, 16), Status.ON_TIME, []) == (
        a.paused_working_days,
        a.due_date,
        a.status,
        _findings(a),
    )


def test_a_paid_fee_leaves_the_application_open_not_waiting() -> None:
    a = _run(received(), notice(D(2024, 3, 5)), paid(D(2024, 3, 7)), as_of=D(2024, 3, 8))
    assert (Status.OPEN, 2, D(2024, 4, 3), []) == (a.status, a.paused_working_days, a.due_date, _findings(a))


def test_the_fee_window_ends_on_its_20th_working_day() -> None:
    """Noticed on 5 March: the 20th working day after is Tuesday 2 April; paying then is in time."""
    ok = _run(received(), notice(D(2024, 3, 5)), paid(D(2024, 4, 2)), concluded(D(2024, 4, 3)))
    assert [] == _findings(ok)
    late = _run(received(), notice(D(2024, 3, 5)), pay := paid(D(2024, 4, 3)), concluded(D(2024, 4, 5)))
    assert [
        (
            FindingCode.FEE_PAID_LATE,
            "fee paid on 2024-04-03, after the payment window ended on 2024-04-02",
            pay.id,
        )
    ] == _findings(late)


def test_a_payment_without_a_notice_is_named() -> None:
    a = _run(received(), pay := paid(D(2024, 3, 6)), concluded(D(2024, 3, 8)))
    assert [
        (FindingCode.FEE_PAID_WITHOUT_NOTICE, "fee paid on 2024-03-06 with no notice pending", pay.id)
    ] == (_findings(a))
    assert 0 == a.paused_working_days


def test_the_receipt_day_counts_on_an_estimating_calendar() -> None:
    policy = DeadlinePolicy(receipt_day_counts=True)
    a = assess([received(), concluded(D(2024, 3, 29))], CAL.estimating(), policy=policy)
    assert (D(2024, 3, 29), Status.ON_TIME, 20, False) == (
        a.due_date,
        a.status,
        a.working_days_taken,
        a.estimated,
    )
    guessed = assess([received(D(2030, 3, 4))], CAL.estimating(), policy=policy)
    assert (D(2030, 3, 29), True) == (guessed.due_date, guessed.estimated)


def test_an_answer_before_a_year_without_data_is_judged_and_marked() -> None:
    """Received Monday 14 December 2026: the 13 working days left in 2026 do not reach the due date."""
    a = _run(received(D(2026, 12, 14)), concluded(D(2026, 12, 31)))
    assert (Status.ON_TIME, 13, True) == (a.status, a.working_days_taken, a.estimated)
    with pytest.raises(CalendarDataMissingError):
        _run(received(D(2026, 12, 14)), concluded(D(2027, 1, 4)))
    with pytest.raises(CalendarDataMissingError):
        _run(received(D(2026, 12, 14)))


def test_the_assessor_keeps_its_policy_and_day() -> None:
    events = [received(), notice(D(2024, 3, 5)), paid(D(2024, 3, 7))]
    judge = assessor(CAL, policy=DeadlinePolicy(fee_stops_clock=False), as_of=D(2024, 4, 2))
    a = judge(events)
    assert (Status.OVERDUE, D(2024, 4, 1), 0) == (a.status, a.due_date, a.paused_working_days)
    assert Status.OPEN == assessor(CAL, as_of=D(2024, 4, 2))(events).status


def test_a_second_receipt_and_steps_out_of_order_are_named() -> None:
    a = _run(
        received(),
        before := started(D(2024, 3, 1)),
        again := received(D(2024, 3, 5)),
        concluded(D(2024, 3, 8)),
        after := extension(D(2024, 3, 11)),
    )
    assert [
        (
            FindingCode.EVENT_BEFORE_RECEIPT,
            "ConsultationStarted on 2024-03-01 before the receipt on 2024-03-04",
            before.id,
        ),
        (
            FindingCode.SECOND_RECEIPT,
            "received again on 2024-03-05; the first receipt (2024-03-04) counts",
            again.id,
        ),
        (
            FindingCode.EVENT_AFTER_CONCLUSION,
            "DeadlineExtended on 2024-03-11 after the conclusion on 2024-03-08",
            after.id,
        ),
    ] == _findings(a)


def test_correction_notices_are_counted_and_timed() -> None:
    """The 7th working day after 4 March is Wednesday 13 March: a notice then is in time, on the 14th late."""
    ok = _run(received(), asked(D(2024, 3, 13)), corrected(D(2024, 3, 14)), concluded(D(2024, 3, 15)))
    assert ([], D(2024, 3, 14)) == (_findings(ok), ok.effective_start)
    late = _run(
        received(),
        first := asked(D(2024, 3, 14)),
        second := asked(D(2024, 3, 15)),
        corrected(D(2024, 3, 18)),
        concluded(D(2024, 3, 19)),
    )
    assert [
        (
            FindingCode.CORRECTION_NOTICE_LATE,
            "correction notice on 2024-03-14, 8 working days after 2024-03-04; "
            "the 2019 regulation allows 7 (第三十条)",
            first.id,
        ),
        (
            FindingCode.SECOND_CORRECTION,
            "correction notice number 2: the 2019 regulation asks for one notice listing everything "
            "to correct (一次性告知)",
            second.id,
        ),
        (
            FindingCode.CORRECTION_NOTICE_LATE,
            "correction notice on 2024-03-15, 9 working days after 2024-03-04; "
            "the 2019 regulation allows 7 (第三十条)",
            second.id,
        ),
    ] == _findings(late)
    assert (D(2024, 3, 18), Status.ON_TIME, 1) == (late.effective_start, late.status, late.working_days_taken)


def test_a_correction_received_twice_restarts_the_clock_once() -> None:
    a = _run(received(), asked(D(2024, 3, 5)), corrected(D(2024, 3, 6)), stray := corrected(D(2024, 3, 7)))
    assert [
        (
            FindingCode.CORRECTION_WITHOUT_REQUEST,
            "corrected application on 2024-03-07 with no correction notice pending; "
            "the clock is not restarted",
            stray.id,
        )
    ] == _findings(a)
    assert D(2024, 3, 6) == a.effective_start


def test_extensions_too_late_or_too_long_are_named() -> None:
    late = _run(received(), ext := extension(D(2024, 4, 2)), concluded(D(2024, 4, 3)))
    assert [
        (
            FindingCode.EXTENSION_AFTER_DEADLINE,
            "extension granted on 2024-04-02, after the due date 2024-04-01; it is ignored",
            ext.id,
        ),
        (
            FindingCode.LATE_ANSWER,
            "concluded on 2024-04-03, after the due date 2024-04-01 (2019 regulation 第三十三条)",
            late.findings[1].event_id,
        ),
    ] == _findings(late)
    long = _run(received(), ext := extension(D(2024, 3, 8), 25))
    assert [
        (
            FindingCode.EXTENSION_TOO_LONG,
            "extension of 25 working days; the 2019 regulation allows 20 (第三十三条); counted as 20",
            ext.id,
        )
    ] == _findings(long)
    assert D(2024, 4, 29) == long.extended_due_date


def test_a_pause_within_the_extension_is_not_after_the_deadline() -> None:
    """Extended by 20 days on 8 March, a consultation from 2 to 3 April (after the first due date, within the
    extended one) stops the clock for one working day: the extended due date moves from 29 to 30 April."""
    a = _run(received(), extension(D(2024, 3, 8)), started(D(2024, 4, 2)), ended(D(2024, 4, 3)))
    assert ([], 1, D(2024, 4, 30)) == (_findings(a), a.paused_working_days, a.extended_due_date)


def test_a_later_pause_is_judged_against_the_due_date_its_earlier_pauses_moved() -> None:
    """Consulted 5–12 March (5 days), the due date is 9 April: a fee notice on 8 April still stops it."""
    a = _run(
        received(),
        started(D(2024, 3, 5)),
        started(D(2024, 3, 6), "c2"),  # inside the first: merged with it
        ended(D(2024, 3, 7), "c2"),
        ended(D(2024, 3, 12)),
        notice(D(2024, 4, 8)),
        paid(D(2024, 4, 9)),
    )
    assert ([], 6, D(2024, 4, 10)) == (_findings(a), a.paused_working_days, a.due_date)


def test_a_correction_restarts_the_clock_and_carries_an_open_consultation_over() -> None:
    """Consulted from 5 March, asked to correct on the 6th, corrected on Monday 11 March: the clock restarts
    on the 11th and the consultation, ended on the 13th, pauses it for the 12th and 13th only."""
    a = _run(
        received(),
        started(D(2024, 3, 5)),
        asked(D(2024, 3, 6)),
        corrected(D(2024, 3, 11)),
        ended(D(2024, 3, 13)),
        concluded(D(2024, 4, 10)),
    )
    assert (D(2024, 3, 11), 2, D(2024, 4, 11), Status.ON_TIME, 19, []) == (
        a.effective_start,
        a.paused_working_days,
        a.due_date,
        a.status,
        a.working_days_taken,
        _findings(a),
    )
    closed = _run(
        received(),
        started(D(2024, 3, 5)),
        ended(D(2024, 3, 6)),
        asked(D(2024, 3, 7)),
        corrected(D(2024, 3, 8)),
    )
    assert (D(2024, 3, 8), 0) == (closed.effective_start, closed.paused_working_days)


def test_an_ended_pause_does_not_stop_the_clock() -> None:
    a = _run(received(), started(D(2024, 3, 5)), ended(D(2024, 3, 6)), ext := extension(D(2024, 4, 3)))
    assert [
        (
            FindingCode.EXTENSION_AFTER_DEADLINE,
            "extension granted on 2024-04-03, after the due date 2024-04-02; it is ignored",
            ext.id,
        )
    ] == _findings(a)


def test_late_after_the_extension_and_on_the_spot_on_another_day() -> None:
    late = _run(received(), extension(D(2024, 3, 8)), end := concluded(D(2024, 4, 30)))
    assert [
        (
            FindingCode.LATE_ANSWER,
            "concluded on 2024-04-30, after the extended due date 2024-04-29 (2019 regulation 第三十三条)",
            end.id,
        )
    ] == _findings(late)
    spot = ApplicationConcluded(
        id=_id(),
        agency="a",
        at=D(2024, 3, 5),
        application_id="A",
        disposition=Disposition.DISCLOSED,
        on_the_spot=True,
    )
    a = _run(received(), spot)
    assert [
        (
            FindingCode.ON_THE_SPOT_NOT_SAME_DAY,
            "marked as answered on the spot, but on 2024-03-05, not on the receipt day 2024-03-04; judged "
            "against the due date",
            spot.id,
        )
    ] == _findings(a)
    assert (False, Status.ON_TIME) == (a.on_the_spot, a.status)


def test_the_fee_window_expires_the_day_after_its_last_day() -> None:
    fee = notice(D(2024, 3, 5))
    events = [received(), fee]
    assert [] == _findings(_run(*events, as_of=D(2024, 4, 2)))
    a = _run(*events, as_of=D(2024, 4, 3))
    assert [
        (
            FindingCode.FEE_WINDOW_EXPIRED,
            "fee notice of 2024-03-05 still unpaid on 2024-04-03; the payment window ended on 2024-04-02 and "
            "the application may be closed as abandoned",
            fee.id,
        )
    ] == _findings(a)
    assert Status.WAITING_ON_APPLICANT == a.status


def test_the_assessment_day_includes_its_own_events() -> None:
    a = _run(received(), concluded(D(2024, 3, 8)), as_of=D(2024, 3, 8))
    assert D(2024, 3, 8) == a.concluded_on


def test_refusals_name_the_applications() -> None:
    other = ApplicationReceived(
        id=_id(),
        agency="a",
        at=MONDAY,
        application_id="B",
        channel=ApplicationChannel.ONLINE,
        applicant=ApplicantKind.NATURAL_PERSON,
    )
    with pytest.raises(ValueError, match="several") as several:
        _run(received(), other)
    assert "assess: events of several applications given ('A', 'B'); pass one" == str(several.value)
    with pytest.raises(ValueError, match="no ApplicationReceived") as early:
        _run(received(D(2024, 3, 5)), as_of=D(2024, 3, 4))
    assert (
        "assess: no ApplicationReceived on or before 2024-03-04 for application (none); "
        "only received applications have a deadline"
    ) == str(early.value)
    with pytest.raises(ValueError, match="no ApplicationReceived") as unreceived:
        _run(concluded(D(2024, 3, 5)))
    assert (
        "assess: no ApplicationReceived for application A; only received applications have a deadline"
    ) == str(unreceived.value)


def test_the_judgement_before_a_missing_year_keeps_policy_and_day() -> None:
    """Received 14 December 2026, a fee noticed on the 15th and paid on the 17th (two working days), concluded
    on the 21st, concluded again on the 28th (after the assessment day, the 24th)."""
    events = [
        received(D(2026, 12, 14)),
        notice(D(2026, 12, 15)),
        paid(D(2026, 12, 17)),
        concluded(D(2026, 12, 21)),
        concluded(D(2026, 12, 28)),
    ]
    a = _run(*events, as_of=D(2026, 12, 24))
    assert ([], 2, 3, True) == (_findings(a), a.paused_working_days, a.working_days_taken, a.estimated)
    counted = _run(*events, as_of=D(2026, 12, 24), policy=DeadlinePolicy(fee_stops_clock=False))
    assert (0, 5) == (counted.paused_working_days, counted.working_days_taken)


def test_three_separate_pauses_add_up() -> None:
    """Consultations 5–6, 7–8 and 11–12 March stop the clock one working day each."""
    a = _run(
        received(),
        started(D(2024, 3, 5)),
        ended(D(2024, 3, 6)),
        started(D(2024, 3, 7), "c2"),
        ended(D(2024, 3, 8), "c2"),
        started(D(2024, 3, 11), "c3"),
        ended(D(2024, 3, 12), "c3"),
    )
    assert (3, D(2024, 4, 7)) == (a.paused_working_days, a.due_date)  # 4–6 April off, Sunday the 7th worked


def test_the_correction_window_lapses_the_day_after_its_last_day() -> None:
    """Notice on Tuesday 5 March, day 0; its 15 working days are 6–8, 11–15, 18–22, 25 and 26 March."""
    notice_ = asked(D(2024, 3, 5))
    events = [received(), notice_]
    assert [] == _findings(_run(*events, as_of=D(2024, 3, 26)))
    a = _run(*events, as_of=D(2024, 3, 27))
    assert [
        (
            FindingCode.CORRECTION_WINDOW_EXPIRED,
            "correction notice of 2024-03-05 still not answered on 2024-03-27; the correction window "
            "ended on 2024-03-26 and the application may be closed as abandoned "
            "(申请人无正当理由逾期不补正, 第三十条)",
            notice_.id,
        )
    ] == _findings(a)
    assert (Status.WAITING_ON_APPLICANT, D(2024, 3, 5)) == (a.status, a.correction_requested_on)


def test_the_correction_asked_for_is_the_latest_notice_still_unanswered() -> None:
    """``correction_requested_on``: the latest notice while the clock waits for the correction; none once
    the correction is received or the application concluded, and none for a notice after the due date
    (Monday 1 April), which stops no clock."""
    waiting = [received(), asked(D(2024, 3, 5))]
    assert D(2024, 3, 5) == _run(*waiting, as_of=D(2024, 3, 6)).correction_requested_on
    assert D(2024, 3, 7) == _run(*waiting, asked(D(2024, 3, 7)), as_of=D(2024, 3, 8)).correction_requested_on
    assert None is _run(*waiting, corrected(D(2024, 3, 7)), as_of=D(2024, 3, 8)).correction_requested_on
    assert None is _run(*waiting, concluded(D(2024, 3, 7)), as_of=D(2024, 3, 8)).correction_requested_on
    too_late = _run(received(), asked(D(2024, 4, 2)), as_of=D(2024, 4, 3))
    assert (Status.OVERDUE, None) == (too_late.status, too_late.correction_requested_on)
