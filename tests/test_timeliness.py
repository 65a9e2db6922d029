"""Timeliness statistics: counts, exact shares, median and distribution, and rollups that recompute them."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov.events import (
    ApplicantKind,
    ApplicationChannel,
    ApplicationConcluded,
    ApplicationReceived,
    Disposition,
)
from opengov.fold import AgencyFacts, Period, fold_facts
from opengov.timeliness import Band, build_timeliness, percent

YEAR = Period.year(2024)


def facts(
    durations: tuple[int, ...],
    *,
    agency: str = "a1",
    period: Period = YEAR,
    on_time: int | None = None,
    extended: int = 0,
    late: int = 0,
) -> AgencyFacts:
    return AgencyFacts(
        agency=agency,
        period=period,
        concluded_on_time=len(durations) - extended - late if on_time is None else on_time,
        concluded_extended=extended,
        concluded_late=late,
        answer_working_days=tuple(sorted(durations)),
    )


def test_median_of_an_odd_count_is_the_middle_one() -> None:
    """(3, 9, 20) has median 9."""
    assert Fraction(9) == build_timeliness(facts((3, 9, 20))).median


def test_median_of_an_even_count_is_the_exact_mean_of_the_middle_two() -> None:
    """(2, 7, 8, 31) has median 15/2, kept exact."""
    assert Fraction(15, 2) == build_timeliness(facts((2, 7, 8, 31))).median


def test_the_summary_statistics() -> None:
    """Minimum, maximum, mean and the nearest-rank 90th percentile of a known list."""
    t = build_timeliness(facts((1, 2, 3, 4, 5, 6, 7, 8, 9, 30)))
    assert (1, 30, Fraction(75, 10), 9, 10) == (t.minimum, t.maximum, t.mean, t.p90, t.measured)


def test_p90_of_eleven_durations_is_the_tenth() -> None:
    """Nearest rank: ceil(0.9 × 11) = 10, the tenth smallest."""
    assert 10 == build_timeliness(facts(tuple(range(1, 12)))).p90


def test_histogram_in_default_bands() -> None:
    """Band edges are inclusive: 5 is in 0–5, 6 in 6–10, 40 in 31–40, 41 in >40."""
    t = build_timeliness(facts((0, 5, 6, 10, 11, 20, 21, 40, 41, 90)))
    expected = [("0–5", 2), ("6–10", 2), ("11–15", 1), ("16–20", 1), ("21–30", 1), ("31–40", 1), (">40", 2)]
    assert expected == [(band.label, count) for band, count in t.histogram]


def test_custom_bands() -> None:
    """Band limits (15, 20) give 0–15, 16–20 and >20."""
    t = build_timeliness(facts((3, 16, 25)), band_limits=(15, 20))
    assert [(Band(0, 15), 1), (Band(16, 20), 1), (Band(21, None), 1)] == list(t.histogram)


@pytest.mark.parametrize("limits", [(), (5, 5), (10, 5), (-1, 5)])
def test_bad_band_limits_are_refused(limits: tuple[int, ...]) -> None:
    """Band limits must be non-empty, non-negative and strictly increasing."""
    with pytest.raises(ValueError, match="strictly increasing"):
        build_timeliness(facts((1,)), band_limits=limits)


def test_shares_are_exact_fractions_that_add_up_to_one() -> None:
    """1 of 3 on time, 1 extended, 1 late: each share is exactly 1/3."""
    t = build_timeliness(facts((5, 25, 50), on_time=1, extended=1, late=1))
    assert (3, Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)) == (
        t.answered,
        t.share_on_time,
        t.share_extended,
        t.share_late,
    )
    assert 1 == sum(share or 0 for share in (t.share_on_time, t.share_extended, t.share_late))


def test_nothing_answered_gives_none_not_zero() -> None:
    """An empty period has no median and no shares."""
    t = build_timeliness(facts(()))
    expected = (0, None, None, None, None, None, None)
    assert expected == (t.answered, t.median, t.mean, t.p90, t.minimum, t.share_on_time, t.share_late)
    assert [0] * 7 == [count for _, count in t.histogram]


def test_rollup_recomputes_the_median_from_the_durations() -> None:
    """Medians 2 and 30 would average to 16; the merged durations (1, 2, 3, 30, 40) have median 3."""
    a = facts((1, 2, 3), agency="a1")
    b = facts((30, 40), agency="a2")
    rolled = build_timeliness([a, b])
    assert (Fraction(3), (1, 2, 3, 30, 40)) == (rolled.median, rolled.durations)
    assert (("a1", "a2"), (YEAR,)) == (rolled.agencies, rolled.periods)


def test_rollup_adds_the_counts_and_keeps_shares_exact() -> None:
    """2 of 3 on time plus 1 of 4 on time is 3 of 7, not the mean of 2/3 and 1/4."""
    a = facts((1, 2, 30), agency="a1", late=1)
    b = facts((1, 20, 25, 30), agency="a2", extended=2, late=1)
    rolled = build_timeliness([a, b])
    assert (7, 3, 2, 2, Fraction(3, 7)) == (
        rolled.answered,
        rolled.on_time,
        rolled.extended,
        rolled.late,
        rolled.share_on_time,
    )


def test_periods_of_one_agency_roll_up_too() -> None:
    """Two halves of a year roll up into the year's statistics."""
    first = facts((4, 6), period=Period(dt.date(2024, 1, 1), dt.date(2024, 6, 30)))
    second = facts((8,), period=Period(dt.date(2024, 7, 1), dt.date(2024, 12, 31)))
    rolled = build_timeliness([second, first])
    assert (Fraction(6), 2) == (rolled.median, len(rolled.periods))
    assert dt.date(2024, 1, 1) == rolled.periods[0].start


def test_the_same_facts_twice_are_refused() -> None:
    """Giving one agency's period twice would count it twice."""
    with pytest.raises(ValueError, match="given twice"):
        build_timeliness([facts((1,)), facts((2,))])


@given(st.lists(st.lists(st.integers(0, 80), max_size=15), min_size=1, max_size=5))
def test_rollup_equals_the_statistics_of_all_durations(groups: list[list[int]]) -> None:
    """Rolling up agencies gives exactly the median and histogram of the pooled durations."""
    parts = [facts(tuple(g), agency=f"a{n}") for n, g in enumerate(groups)]
    pooled = sorted(d for g in groups for d in g)
    rolled = build_timeliness(parts)
    assert tuple(pooled) == rolled.durations
    assert (Fraction(statistics.median(pooled)) if pooled else None) == rolled.median
    assert len(pooled) == sum(count for _, count in rolled.histogram)
    assert build_timeliness(facts(tuple(pooled))).histogram == rolled.histogram


@given(
    st.lists(st.integers(0, 60), max_size=40),
    st.lists(st.integers(0, 50), min_size=1, max_size=6, unique=True).map(sorted),
)
def test_each_band_counts_the_durations_it_holds(durations: list[int], limits: list[int]) -> None:
    """A band's count is the number of durations the band holds (its edges inclusive), for any durations
    and any band limits: every duration in exactly one band."""
    t = build_timeliness(facts(tuple(durations)), band_limits=limits)
    assert [sum(1 for d in durations if d in band) for band, _ in t.histogram] == [n for _, n in t.histogram]
    assert len(durations) == sum(n for _, n in t.histogram)


def test_from_folded_facts() -> None:
    """The statistics read what the fold kept: one answer of 15 working days, on time."""
    received = ApplicationReceived(
        id="r",
        agency="a1",
        at=dt.date(2018, 9, 28),
        application_id="A1",
        channel=ApplicationChannel.IN_PERSON,
        applicant=ApplicantKind.NATURAL_PERSON,
    )
    answered = ApplicationConcluded(
        id="c", agency="a1", at=dt.date(2018, 10, 24), application_id="A1", disposition=Disposition.DISCLOSED
    )
    t = build_timeliness(fold_facts([received, answered], Period.year(2018))["a1"])
    assert (1, Fraction(15), Fraction(1)) == (t.answered, t.median, t.share_on_time)


@pytest.mark.parametrize(
    ("share", "places", "expected"),
    [
        (Fraction(2, 3), 1, Decimal("66.7")),
        (Fraction(1, 8), 0, Decimal("13")),
        (Fraction(1, 8), 1, Decimal("12.5")),
        (Fraction(1), 1, Decimal("100.0")),
        (Fraction(0), 2, Decimal("0.00")),
        (None, 1, None),
    ],
)
def test_percent_rounds_half_away_from_zero(share: Fraction | None, places: int, expected: Decimal) -> None:
    """A share shown as a percentage keeps the requested decimals and rounds a tie up."""
    actual = percent(share, places)
    assert (expected, str(expected)) == (actual, str(actual))
