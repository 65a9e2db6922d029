"""The information processing fee (信息处理费) of 国办函〔2020〕109号, in yuan, as exact ``Decimal`` amounts.

An application is charged under one of two schemes, never both (:class:`~opengov.events.FeeScheme`).
Both are excess-progressive: each price applies only to the part of the quantity inside its band.

- By count (按件计收), per applicant per calendar month: applications 1–10 free; 11–30 at 100 元/件; then
  bands of 10, each 100 元/件 dearer than the one before (31–40 at 200, 41–50 at 300, …).
- By pages (按量计收), per application: pages 1–30 free; 31–100 at 10 元/页; 101–200 at 20 元/页; 201 and
  up at 40 元/页.

>>> per_count_fee(12)
Decimal('200')
>>> per_page_fee(120)
Decimal('1100')
"""

from __future__ import annotations

__all__ = [
    "FeeBand",
    "monthly_per_count_fees",
    "per_count_breakdown",
    "per_count_fee",
    "per_count_fee_of_nth",
    "per_page_breakdown",
    "per_page_fee",
]

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs

_PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)
"""(first page, last page or open, price per page) — 国办函〔2020〕109号, 按量计收."""

_COUNT_FREE = 10
_COUNT_FIRST_BAND_END = 30
_COUNT_BAND_WIDTH = 10
_COUNT_STEP = Decimal(100)


@attrs.frozen
class FeeBand:
    """One price band used for a fee: what the fee notice (收费通知) itemises.

    Attributes:
        first: the first application or page of the band (1-based).
        last: the last one of the band, or ``None`` for the open top band.
        unit_price: yuan per application or page in this band.
        quantity: how many of the charged applications or pages fall in this band.
        amount: ``unit_price * quantity``.
    """

    first: int
    last: int | None
    unit_price: Decimal
    quantity: int
    amount: Decimal


def _check(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an integer, got {value!r}")
    if value < 0:
        raise ValueError(f"{name}: must be >= 0, got {value}")


def _bands(quantity: int, bands: Iterable[tuple[int, int | None, Decimal]]) -> tuple[FeeBand, ...]:
    used = []
    for first, last, price in bands:
        if quantity < first:
            break
        inside = (quantity if last is None else min(quantity, last)) - first + 1
        used.append(FeeBand(first, last, price, inside, price * inside))
    return tuple(used)


def _count_bands(n: int) -> Iterable[tuple[int, int | None, Decimal]]:
    yield 1, _COUNT_FREE, Decimal(0)
    yield _COUNT_FREE + 1, _COUNT_FIRST_BAND_END, _COUNT_STEP
    first, price = _COUNT_FIRST_BAND_END + 1, 2 * _COUNT_STEP
    while first <= n:
        yield first, first + _COUNT_BAND_WIDTH - 1, price
        first, price = first + _COUNT_BAND_WIDTH, price + _COUNT_STEP


def per_count_breakdown(n_applications_in_month: int) -> tuple[FeeBand, ...]:
    """The bands an applicant's ``n`` applications of one calendar month fall in, free band included.

    >>> [(b.first, b.last, b.unit_price, b.quantity) for b in per_count_breakdown(32)]
    [(1, 10, Decimal('0'), 10), (11, 30, Decimal('100'), 20), (31, 40, Decimal('200'), 2)]

    Args:
        n_applications_in_month: the applicant's applications in the month, ``>= 0``.

    Raises:
        ValueError: the number is negative.
    """
    _check("n_applications_in_month", n_applications_in_month)
    return _bands(n_applications_in_month, _count_bands(n_applications_in_month))


def per_count_fee(n_applications_in_month: int) -> Decimal:
    """The per-count fee (按件计收) for one applicant's ``n`` applications in one calendar month.

    >>> per_count_fee(10), per_count_fee(11), per_count_fee(31)
    (Decimal('0'), Decimal('100'), Decimal('2200'))

    Args:
        n_applications_in_month: the applicant's applications in the month, ``>= 0``.

    Raises:
        ValueError: the number is negative.
    """
    return sum((b.amount for b in per_count_breakdown(n_applications_in_month)), Decimal(0))


def per_count_fee_of_nth(k: int) -> Decimal:
    """The fee of an applicant's ``k``-th application of a month: what its own fee notice charges.

    ``per_count_fee(n) == sum(per_count_fee_of_nth(k) for k in 1..n)``.

    >>> per_count_fee_of_nth(10), per_count_fee_of_nth(11), per_count_fee_of_nth(41)
    (Decimal('0'), Decimal('100'), Decimal('300'))

    Args:
        k: the application's rank in the month, ``>= 1``.

    Raises:
        ValueError: ``k`` is below 1.
    """
    _check("k", k)
    if k < 1:
        raise ValueError(f"k: the first application of a month is k=1, got {k}")
    return per_count_breakdown(k)[-1].unit_price


def per_page_breakdown(pages: int) -> tuple[FeeBand, ...]:
    """The bands the ``pages`` of one application fall in, free band included.

    >>> [(b.first, b.last, b.unit_price, b.quantity) for b in per_page_breakdown(101)]
    [(1, 30, Decimal('0'), 30), (31, 100, Decimal('10'), 70), (101, 200, Decimal('20'), 1)]

    Args:
        pages: the pages provided for one application, ``>= 0``.

    Raises:
        ValueError: ``pages`` is negative.
    """
    _check("pages", pages)
    return _bands(pages, _PAGE_BANDS)


def per_page_fee(pages: int) -> Decimal:
    """The per-page fee (按量计收) of one application providing ``pages`` pages.

    >>> per_page_fee(30), per_page_fee(31), per_page_fee(201)
    (Decimal('0'), Decimal('10'), Decimal('2740'))

    Args:
        pages: the pages provided for one application, ``>= 0``.

    Raises:
        ValueError: ``pages`` is negative.
    """
    return sum((b.amount for b in per_page_breakdown(pages)), Decimal(0))


def monthly_per_count_fees(application_days: Iterable[_dt.date]) -> dict[tuple[int, int], Decimal]:
    """The per-count fee of each calendar month, from the receipt dates of one applicant's applications.

    Months are Beijing calendar months (pass :attr:`~opengov.events.Event.day`). Only months with
    applications appear, in calendar order; a month of 10 or fewer applications maps to ``Decimal(0)``.

    >>> import datetime as dt
    >>> days = [dt.date(2024, 3, 1)] * 12 + [dt.date(2024, 4, 2)]
    >>> monthly_per_count_fees(days)
    {(2024, 3): Decimal('200'), (2024, 4): Decimal('0')}

    Args:
        application_days: one date per application of the applicant.
    """
    counts = Counter((d.year, d.month) for d in application_days)
    return {month: per_count_fee(counts[month]) for month in sorted(counts)}
