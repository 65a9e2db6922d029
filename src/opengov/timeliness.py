"""How fast applications were answered in a period: counts, median, distribution and shares.

Readers of annual reports — supervising offices, journalists, the agencies themselves — keep asking how
long answers take, which the official tables do not show. :func:`build_timeliness` reads the period facts
(:class:`~opengov.fold.AgencyFacts`) and returns a :class:`Timeliness`:

- ``answered``: applications concluded in the period (withdrawals included, as in 申请办结数), split into
  ``on_time`` (by the due date, or on the spot), ``extended`` (after the due date, by the extended due
  date: 延期办结) and ``late`` (after every valid deadline). The three are disjoint and add up to
  ``answered``; their shares are exact :class:`~fractions.Fraction` values that add up to 1.
- the working days each answer took (paused time excluded; see :mod:`opengov.deadlines`): the median, the
  mean, the minimum, the maximum, the 90th percentile and a histogram in bands of working days.

Medians and percentiles do not add up across agencies or periods, so a rollup never averages them: given
several facts, :func:`build_timeliness` merges the kept durations
(:attr:`~opengov.fold.AgencyFacts.answer_working_days`, one per measured answer) and recomputes.

Exactness: the median of an even number of durations is the mean of the two middle ones, so it is a
``Fraction`` (``Fraction(15, 2)`` for 7.5); the mean and the shares are ``Fraction`` too. Use
:func:`percent` to show a share as a rounded ``Decimal`` percentage. An empty period gives ``None`` for
every statistic rather than a made-up zero.

>>> import datetime as dt
>>> from opengov.fold import AgencyFacts, Period
>>> facts = AgencyFacts(agency="a1", period=Period.year(2024), concluded_on_time=3, concluded_late=1,
...                     answer_working_days=(2, 7, 8, 31))
>>> t = build_timeliness(facts)
>>> t.answered, t.median, t.p90, percent(t.share_on_time)
(4, Fraction(15, 2), 31, Decimal('75.0'))
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_BAND_LIMITS",
    "Band",
    "Timeliness",
    "build_timeliness",
    "percent",
]

import bisect
import heapq
import itertools
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from opengov._deprecation import callable_module, renamed
from opengov.fold import AgencyFacts, Period

DEFAULT_BAND_LIMITS: tuple[int, ...] = (5, 10, 15, 20, 30, 40)
"""The upper limits of the default histogram bands: 0–5, 6–10, 11–15, 16–20, 21–30, 31–40 and >40 working
days. 15 and 20 are the answer periods of the 2008 and 2019 regulations; 30 and 40 their extended ones."""


@attrs.frozen
class Band:
    """A band of working days, ``low`` to ``high`` inclusive; ``high`` is ``None`` for the open last band.

    >>> Band(6, 10).label, Band(41, None).label
    ('6–10', '>40')
    """

    low: int
    high: int | None

    @property
    def label(self) -> str:
        """``"6–10"``, or ``">40"`` for the open last band."""
        return f">{self.low - 1}" if self.high is None else f"{self.low}–{self.high}"

    def __contains__(self, days: object) -> bool:
        return isinstance(days, int) and self.low <= days and (self.high is None or days <= self.high)


def _count_in(durations: Sequence[int], band: Band) -> int:
    """How many of the sorted ``durations`` are in ``band``: two binary searches, not a test of each (a
    platform's rollup holds hundreds of thousands of answers)."""
    upper = len(durations) if band.high is None else bisect.bisect_right(durations, band.high)
    return upper - bisect.bisect_left(durations, band.low)


def _bands(limits: Sequence[int]) -> tuple[Band, ...]:
    if any(isinstance(n, bool) or not isinstance(n, int) for n in limits):
        raise TypeError(f"band limits must be whole numbers of working days, got {list(limits)!r}")
    if not limits or limits[0] < 0 or any(b <= a for a, b in itertools.pairwise(limits)):
        raise ValueError(
            "band limits must be non-negative and strictly increasing, e.g. (5, 10, 15), "
            f"got {list(limits)!r}"
        )
    lows = (0, *(n + 1 for n in limits))
    return (*(Band(low, high) for low, high in zip(lows, limits, strict=False)), Band(lows[-1], None))


@attrs.frozen(kw_only=True)
class Timeliness:
    """How fast the applications of one or more agencies and periods were answered.

    Attributes:
        agencies: the agencies covered, sorted.
        periods: the periods covered, in date order (one, unless periods were rolled up).
        answered: applications concluded (withdrawals included): ``on_time + extended + late``.
        on_time: concluded by the due date, or on the spot (按时办结).
        extended: concluded after the due date, by the extended due date (延期办结).
        late: concluded after every valid deadline.
        durations: the working days each measured answer took, sorted. Fewer than ``answered`` when some
            answers were counted without a calendar (their time is unknown).
        median: the median of ``durations`` (the mean of the two middle ones for an even count).
        mean: the arithmetic mean of ``durations``.
        minimum: the shortest answer, in working days.
        maximum: the longest answer.
        p90: the 90th percentile by the nearest-rank method: the smallest duration that at least 90% of
            the durations do not exceed (always one of the durations).
        histogram: every band with its count of durations, in band order, zero counts included.
        share_on_time: ``on_time / answered``.
        share_extended: ``extended / answered``.
        share_late: ``late / answered``.

    Every statistic is ``None`` when there is nothing to compute it from.
    """

    agencies: tuple[str, ...]
    periods: tuple[Period, ...]
    answered: int
    on_time: int
    extended: int
    late: int
    durations: tuple[int, ...]
    median: Fraction | None
    mean: Fraction | None
    minimum: int | None
    maximum: int | None
    p90: int | None
    histogram: tuple[tuple[Band, int], ...]
    share_on_time: Fraction | None
    share_extended: Fraction | None
    share_late: Fraction | None

    @property
    def measured(self) -> int:
        """How many answers have a known duration: ``len(durations)``."""
        return len(self.durations)


def _median(values: Sequence[int]) -> Fraction | None:
    n = len(values)
    if not n:
        return None
    middle = n // 2
    if n % 2:
        return Fraction(values[middle])
    return Fraction(values[middle - 1] + values[middle], 2)


def _nearest_rank(values: Sequence[int], share: Fraction) -> int | None:
    if not values:
        return None
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def build_timeliness(
    facts: AgencyFacts | Iterable[AgencyFacts], *, band_limits: Sequence[int] = DEFAULT_BAND_LIMITS
) -> Timeliness:
    """The timeliness statistics of one agency's period facts, or of several rolled up.

    A rollup (several facts: agencies, or periods of one agency) adds the counts and merges the
    durations, then computes the median, percentile and histogram afresh: it never averages medians.

    Args:
        facts: one :class:`~opengov.fold.AgencyFacts`, or several.
        band_limits: the upper limits of the histogram bands, strictly increasing; a last open band
            above the last limit is added. Default :data:`DEFAULT_BAND_LIMITS`.

    Raises:
        ValueError: the same agency and period is given twice (it would be counted twice), or the band
            limits are not strictly increasing from 0.
        TypeError: a band limit is not a whole number.
    """
    bands = _bands(band_limits)
    items = [facts] if isinstance(facts, AgencyFacts) else list(facts)
    seen: set[tuple[str, Period]] = set()
    for item in items:
        key = (item.agency, item.period)
        if key in seen:
            raise ValueError(
                f"timeliness: the facts of agency {item.agency!r} for {item.period.start}–{item.period.end} "
                "are given twice; pass each agency and period once"
            )
        seen.add(key)
    durations = tuple(heapq.merge(*(sorted(item.answer_working_days) for item in items)))
    on_time = sum(item.concluded_on_time for item in items)
    extended = sum(item.concluded_extended for item in items)
    late = sum(item.concluded_late for item in items)
    answered = on_time + extended + late
    histogram = tuple((band, _count_in(durations, band)) for band in bands)
    return Timeliness(
        agencies=tuple(sorted({item.agency for item in items})),
        periods=tuple(sorted({item.period for item in items}, key=lambda p: (p.start, p.end))),
        answered=answered,
        on_time=on_time,
        extended=extended,
        late=late,
        durations=durations,
        median=_median(durations),
        mean=Fraction(sum(durations), len(durations)) if durations else None,
        minimum=durations[0] if durations else None,
        maximum=durations[-1] if durations else None,
        p90=_nearest_rank(durations, Fraction(9, 10)),
        histogram=histogram,
        share_on_time=_share(on_time, answered),
        share_extended=_share(extended, answered),
        share_late=_share(late, answered),
    )


def percent(share: Fraction | None, places: int = 1) -> Decimal | None:
    """A share as a percentage, rounded half away from zero to ``places`` decimals, for display.

    ``None`` (a share of nothing) stays ``None``.

    >>> percent(Fraction(2, 3)), percent(Fraction(1, 8), 0), percent(None)
    (Decimal('66.7'), Decimal('13'), None)

    Args:
        share: a fraction of 1, e.g. :attr:`Timeliness.share_on_time`.
        places: decimals to keep, ``places >= 0``.

    Raises:
        ValueError: ``places`` is negative.
    """
    if places < 0:
        raise ValueError(f"percent: places must be >= 0, got {places}")
    if share is None:
        return None
    # Rounded on the exact fraction: a Decimal division would round first, at 28 digits.
    scaled = abs(share) * 100 * 10**places
    whole = math.floor(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return (Decimal(-whole if share < 0 else whole)).scaleb(-places)


callable_module(__name__, "build_timeliness")  # opengov.timeliness(...) as before, with a DeprecationWarning
_renamed = renamed(__name__, {"timeliness": "build_timeliness"})


def __getattr__(name: str) -> object:
    """``timeliness``, the old name of :func:`build_timeliness` (deprecated, removed in the next release)."""
    return _renamed(name)
