"""Tests of opengov.fees: the information processing fee of 国办函〔2020〕109号."""

# House style asserts `expected == actual`, which ruff's SIM300 takes for a Yoda condition.

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opengov.fees import (
    FeeBand,
    monthly_per_count_fees,
    per_count_breakdown,
    per_count_fee,
    per_count_fee_of_nth,
    per_page_breakdown,
    per_page_fee,
)

counts = st.integers(min_value=0, max_value=500)
pages = st.integers(min_value=0, max_value=5000)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, Decimal(0)),
        (1, Decimal(0)),
        (10, Decimal(0)),
        (11, Decimal(100)),
        (30, Decimal(2000)),
        (31, Decimal(2200)),
        (40, Decimal(4000)),
        (41, Decimal(4300)),
        (50, Decimal(7000)),
        (51, Decimal(7400)),
    ],
)
def test_per_count_fee_at_band_boundaries(n: int, expected: Decimal) -> None:
    """The per-count fee is exact at every band boundary (10/11, 30/31, 40/41, 50/51)."""
    assert expected == per_count_fee(n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, Decimal(0)),
        (30, Decimal(0)),
        (31, Decimal(10)),
        (100, Decimal(700)),
        (101, Decimal(720)),
        (200, Decimal(2700)),
        (201, Decimal(2740)),
        (250, Decimal(4700)),
    ],
)
def test_per_page_fee_at_band_boundaries(n: int, expected: Decimal) -> None:
    """The per-page fee is exact at every band boundary (30/31, 100/101, 200/201)."""
    assert expected == per_page_fee(n)


@given(counts, counts)
def test_per_count_fee_is_monotonic(a: int, b: int) -> None:
    """More applications in a month never cost less."""
    low, high = sorted((a, b))
    assert per_count_fee(low) <= per_count_fee(high)


@given(pages, pages)
def test_per_page_fee_is_monotonic(a: int, b: int) -> None:
    """More pages never cost less."""
    low, high = sorted((a, b))
    assert per_page_fee(low) <= per_page_fee(high)


@given(st.integers(min_value=0, max_value=10))
def test_first_ten_applications_are_free(n: int) -> None:
    """Up to 10 applications a month cost nothing."""
    assert Decimal(0) == per_count_fee(n)


@given(st.integers(min_value=0, max_value=30))
def test_first_thirty_pages_are_free(n: int) -> None:
    """Up to 30 pages cost nothing."""
    assert Decimal(0) == per_page_fee(n)


@given(counts)
def test_per_count_breakdown_adds_up(n: int) -> None:
    """The bands' quantities add up to n and their amounts to the fee."""
    bands = per_count_breakdown(n)
    assert n == sum(b.quantity for b in bands)
    assert per_count_fee(n) == sum((b.amount for b in bands), Decimal(0))


@given(pages)
def test_per_page_breakdown_adds_up(n: int) -> None:
    """The bands' quantities add up to the pages and their amounts to the fee."""
    bands = per_page_breakdown(n)
    assert n == sum(b.quantity for b in bands)
    assert per_page_fee(n) == sum((b.amount for b in bands), Decimal(0))


def test_per_count_breakdown_of_41() -> None:
    """41 applications use the free band, the 100 band, the 200 band and one at 300."""
    expected = (
        FeeBand(1, 10, Decimal(0), 10, Decimal(0)),
        FeeBand(11, 30, Decimal(100), 20, Decimal(2000)),
        FeeBand(31, 40, Decimal(200), 10, Decimal(2000)),
        FeeBand(41, 50, Decimal(300), 1, Decimal(300)),
    )
    assert expected == per_count_breakdown(41)


def test_per_page_breakdown_of_250() -> None:
    """250 pages reach the open top band at 40 元/页."""
    expected = (
        FeeBand(1, 30, Decimal(0), 30, Decimal(0)),
        FeeBand(31, 100, Decimal(10), 70, Decimal(700)),
        FeeBand(101, 200, Decimal(20), 100, Decimal(2000)),
        FeeBand(201, None, Decimal(40), 50, Decimal(2000)),
    )
    assert expected == per_page_breakdown(250)


@given(st.integers(min_value=1, max_value=300))
def test_fee_of_nth_application_sums_to_the_month(n: int) -> None:
    """The fees of the 1st … n-th applications add up to the month's per-count fee."""
    assert per_count_fee(n) == sum((per_count_fee_of_nth(k) for k in range(1, n + 1)), Decimal(0))


def test_fees_are_decimal() -> None:
    """Fees are exact Decimal amounts, never floats."""
    assert isinstance(per_count_fee(33), Decimal)
    assert isinstance(per_page_fee(333), Decimal)


@pytest.mark.parametrize("function", [per_count_fee, per_page_fee, per_count_breakdown, per_page_breakdown])
def test_negative_quantity_is_refused(function: object) -> None:
    """A negative number of applications or pages is a ValueError."""
    with pytest.raises(ValueError, match="must be >= 0"):
        function(-1)  # type: ignore[operator]


def test_zeroth_application_is_refused() -> None:
    """The rank of an application in its month starts at 1."""
    with pytest.raises(ValueError, match="k=1"):
        per_count_fee_of_nth(0)


def test_monthly_fees_group_by_calendar_month() -> None:
    """One applicant's applications are charged per calendar month, not per rolling 30 days."""
    days = [dt.date(2024, 1, 31)] * 6 + [dt.date(2024, 2, 1)] * 6 + [dt.date(2024, 3, 5)] * 31
    expected = {(2024, 1): Decimal(0), (2024, 2): Decimal(0), (2024, 3): Decimal(2200)}
    assert expected == monthly_per_count_fees(days)


def test_monthly_fees_of_nothing() -> None:
    """No applications, no months."""
    assert {} == monthly_per_count_fees([])
