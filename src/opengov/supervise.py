"""A supervising office's view of many agencies: indicators, the summed tables, and what is overdue.

A city's 政务公开办 oversees dozens of agencies. :func:`supervise` gives it, for a report year and a day:

- the summed official tables of every agency (:func:`~opengov.tables.rollup`);
- per agency, and for the region, the derived :data:`INDICATORS` — each defined once, here, as data: what it
  counts over what, in the official terms — with no rate shown on fewer than :data:`MINIMUM_CASES` cases
  (a rate over three cases says nothing about an agency);
- the applications overdue, and due within a few working days, across all agencies on the day given
  (from the deadline :func:`~opengov.ledger.build_ledger`), for 督办.

Rates are exact :class:`~fractions.Fraction` values until shown (:func:`~opengov.timeliness.percent`);
medians are recomputed from every answer's working days, never averaged across agencies.

>>> [indicator.label for indicator in INDICATORS]
['实质公开率', '逾期答复占比', '答复用时中位数', '复议纠错率', '诉讼纠错率']
>>> print(INDICATORS[0].definition)
(予以公开 + 部分公开) / 办结
"""

from __future__ import annotations

__all__ = [
    "INDICATORS",
    "MINIMUM_CASES",
    "QUANTITIES",
    "AgencyIndicators",
    "Indicator",
    "Quantity",
    "SupervisorView",
    "build_supervisor_view",
    "indicators",
]

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from opengov._deprecation import callable_module, renamed
from opengov.calendar import Calendar
from opengov.corrections import CORRECTION_TAGS, corrected_log
from opengov.events import Event
from opengov.fold import FoldState, Period, PeriodFold
from opengov.ledger import LedgerFold, LedgerState, OpenApplication
from opengov.tables import TableSet, _resolve, rollup, tables_from_facts
from opengov.timeliness import Timeliness, build_timeliness, percent

MINIMUM_CASES = 10
"""No rate or median is shown on fewer cases than this (its denominator, or the answers measured)."""


@attrs.frozen
class Quantity:
    """A count an indicator is made of: its official name and where it is read from."""

    key: str
    label: str
    read: Callable[[TableSet, Timeliness], int | None] = attrs.field(repr=False, eq=False)


Cells = tuple[tuple[str, str], ...]


def _sum(*ways: Cells) -> Callable[[TableSet, Timeliness], int | None]:
    """Read the sum of the first way whose cells the format has (gov2019/gov2021 first, then gov2008)."""

    def read(tables: TableSet, _: Timeliness) -> int | None:
        for cells in ways:
            try:
                return sum(int(tables[cell]) for cell in cells)
            except KeyError:  # this format has no such cell: try the next way
                continue
        return None

    return read


def _national(row: str, *columns: str) -> Cells:
    return tuple((row, column) for column in columns)


def _gov2008(*rows: str) -> Cells:
    return tuple((row, "value") for row in rows)


_DECIDED = ("upheld", "corrected", "other")
QUANTITIES: Mapping[str, Quantity] = {
    q.key: q
    for q in (
        Quantity(
            "concluded",
            "办结",
            _sum(_national("applications.total", "total"), _gov2008("applications.answered")),
        ),
        Quantity(
            "disclosed",
            "予以公开",
            _sum(
                _national("applications.disclosed", "total"),
                _gov2008("applications.answered.already_public", "applications.answered.disclosed"),
            ),
        ),
        Quantity(
            "partially_disclosed",
            "部分公开",
            _sum(
                _national("applications.partially_disclosed", "total"),
                _gov2008("applications.answered.partially_disclosed"),
            ),
        ),
        Quantity("answered", "办结（按时、延期、逾期）", lambda _, t: t.answered),
        Quantity("late", "逾期办结", lambda _, t: t.late),
        Quantity("measured", "计得用时的答复", lambda _, t: len(t.durations)),
        Quantity(
            "reconsideration_decided",
            "行政复议结果（维持 + 纠正 + 其他）",
            _sum(
                _national("disputes.count", *(f"reconsideration.{k}" for k in _DECIDED)),
                _gov2008(*(f"reconsiderations.{k}" for k in _DECIDED)),
            ),
        ),
        Quantity(
            "reconsideration_corrected",
            "行政复议结果纠正",
            _sum(
                _national("disputes.count", "reconsideration.corrected"),
                _gov2008("reconsiderations.corrected"),
            ),
        ),
        Quantity(
            "lawsuit_decided",
            "行政诉讼结果（维持 + 纠正 + 其他）",
            _sum(
                _national(
                    "disputes.count",
                    *(f"{r}.{k}" for r in ("lawsuit_direct", "lawsuit_after") for k in _DECIDED),
                ),
                _gov2008(*(f"lawsuits.{k}" for k in _DECIDED)),
            ),
        ),
        Quantity(
            "lawsuit_corrected",
            "行政诉讼结果纠正",
            _sum(
                _national("disputes.count", "lawsuit_direct.corrected", "lawsuit_after.corrected"),
                _gov2008("lawsuits.corrected"),
            ),
        ),
    )
}
"""Every count the indicators use, by key."""


@attrs.frozen
class Indicator:
    """A derived indicator: ``numerator`` summed over ``denominator`` summed (a rate), or a median.

    Attributes:
        key: a stable name.
        label: its official-style Chinese name.
        definition: how it is computed, in the official terms.
        kind: ``"rate"`` (a share, shown as a percentage) or ``"median"`` (working days).
        numerator: the :data:`QUANTITIES` added up over the line.
        denominator: the :data:`QUANTITIES` added up under it; its sum is the case count.
        minimum: no value is shown on fewer cases.
    """

    key: str
    label: str
    definition: str
    kind: Literal["rate", "median"]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    minimum: int = MINIMUM_CASES


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "substantive_disclosure",
        "实质公开率",
        "(予以公开 + 部分公开) / 办结",
        "rate",
        ("disclosed", "partially_disclosed"),
        ("concluded",),
    ),
    Indicator(
        "late_answers",
        "逾期答复占比",
        "逾期办结 / 办结（按时、延期、逾期）",
        "rate",
        ("late",),
        ("answered",),
    ),
    Indicator(
        "median_working_days",
        "答复用时中位数",
        "各件答复所用工作日的中位数（不计中止、补正期间）",
        "median",
        (),
        ("measured",),
    ),
    Indicator(
        "reconsideration_corrected",
        "复议纠错率",
        "行政复议结果纠正 / (维持 + 纠正 + 其他)",
        "rate",
        ("reconsideration_corrected",),
        ("reconsideration_decided",),
    ),
    Indicator(
        "lawsuit_corrected",
        "诉讼纠错率",
        "行政诉讼结果纠正 / (维持 + 纠正 + 其他)",
        "rate",
        ("lawsuit_corrected",),
        ("lawsuit_decided",),
    ),
)
"""The indicators of the supervisor's view, in the order they are shown."""


@attrs.frozen
class AgencyIndicators:
    """One agency's (or the region's) indicators.

    Attributes:
        agency: the agency's id (the region's row: ``"*"``).
        name: its name.
        counts: every quantity of :data:`QUANTITIES` (``None`` where its format has no such figure).
        values: each indicator's value by key — a ``Fraction`` share, a ``Fraction`` median of working
            days — or ``None`` when its cases are fewer than its minimum or its figures are missing.
        cases: each indicator's case count (its denominator).
        timeliness: the answer-time statistics (for the charts).
    """

    agency: str
    name: str
    counts: Mapping[str, int | None]
    values: Mapping[str, Fraction | None]
    cases: Mapping[str, int | None]
    timeliness: Timeliness = attrs.field(repr=False, eq=False)

    def shown(self, key: str) -> str:
        """The indicator as printed: ``"87.5%"``, ``"7.5"`` (working days), or ``"—"`` when not shown.

        A rate below its minimum number of cases prints as ``—``, whatever it would be.
        """
        value = self.values.get(key)
        if value is None:
            return "—"
        indicator = next(i for i in INDICATORS if i.key == key)
        if indicator.kind == "rate":
            return f"{percent(value)}%"
        return str(Decimal(value.numerator) / Decimal(value.denominator)).rstrip("0").rstrip(".")


def indicators(tables: TableSet, times: Timeliness, *, name: str | None = None) -> AgencyIndicators:
    """The :data:`INDICATORS` of one agency's (or a rollup's) tables and timeliness."""
    counts = {key: q.read(tables, times) for key, q in QUANTITIES.items()}
    values: dict[str, Fraction | None] = {}
    cases: dict[str, int | None] = {}
    for indicator in INDICATORS:
        under = [counts[k] for k in indicator.denominator]
        over = [counts[k] for k in indicator.numerator]
        total = None if any(v is None for v in under) else sum(v for v in under if v is not None)
        cases[indicator.key] = total
        if total is None or total < indicator.minimum or any(v is None for v in over):
            values[indicator.key] = None
        elif indicator.kind == "median":
            values[indicator.key] = times.median if times.median is None else Fraction(times.median)
        else:
            values[indicator.key] = Fraction(sum(v for v in over if v is not None), total)
    if name is None:
        name = tables.facts.name if tables.facts is not None and tables.facts.name else tables.agency
    return AgencyIndicators(tables.agency, name, counts, values, cases, times)


@attrs.frozen
class SupervisorView:
    """What :func:`supervise` returns.

    Attributes:
        year: the report year.
        as_of: the day the overdue and due-soon lists are for.
        within: "due soon" means due within this many working days.
        agencies: each agency's indicators, by agency id.
        region: the indicators of all agencies together.
        rollup: the summed official tables.
        overdue: open applications past their deadline on ``as_of``, most late first, across agencies.
        due_soon: open applications due within ``within`` working days (not waiting on the applicant).
        tables: every agency's official tables for the year, by agency id.
    """

    year: int
    as_of: _dt.date
    within: int
    agencies: tuple[AgencyIndicators, ...]
    region: AgencyIndicators
    rollup: TableSet = attrs.field(repr=False)
    overdue: tuple[OpenApplication, ...] = ()
    due_soon: tuple[OpenApplication, ...] = ()
    tables: Mapping[str, TableSet] = attrs.field(factory=dict, repr=False, eq=False)


def build_supervisor_view(
    events: Iterable[Event],
    *,
    year: int,
    as_of: _dt.date,
    within: int = 5,
    format: str = "auto",
    calendar: Calendar | None = None,
    region: str = "合计",
) -> SupervisorView:
    """The supervisor's view of every agency in ``events`` for ``year``, with the ledger as of ``as_of``.

    Args:
        events: the log of every agency: events, or the wire records of :func:`opengov.sources.read_records`.
            Its corrections and retractions are applied first. An iterable that reads its source afresh
            each time it is iterated (a list, or e.g. an object whose ``__iter__`` returns
            ``read_records(path)``) is read once, streamed into the tables' and the ledger's folds, and
            read again only when it holds a correction, so the log is never held in memory; an iterator
            is read once and held.
        year: the report year of the indicators and the summed tables.
        as_of: the day of the overdue and due-soon lists (no clock is read).
        within: working days ahead that count as due soon.
        format: the tables' format (``"auto"``: the one in force in ``year``).
        calendar: the working-day calendar (default: the official one).
        region: the name of the all-agencies row.

    Raises:
        ValueError: the log holds no agency.
    """
    span = Period.year(year)
    fmt = _resolve(format, span)
    period_fold = PeriodFold(span, calendar=calendar)
    ledger_fold = LedgerFold(as_of=as_of, calendar=calendar)
    state, open_applications = _folded(events, period_fold, ledger_fold)
    built = {agency: tables_from_facts(f, fmt) for agency, f in period_fold.facts(state).items()}
    if not built:
        raise ValueError(f"no agency in the log has events for {year}")
    order = sorted(built)
    rows = []
    all_facts = []
    for agency in order:
        tables = built[agency]
        assert tables.facts is not None
        all_facts.append(tables.facts)
        rows.append(indicators(tables, build_timeliness(tables.facts)))
    summed = rollup((built[a] for a in order), name=region)
    whole = indicators(summed, build_timeliness(all_facts), name=region)
    book = ledger_fold.result(open_applications)
    overdue = book.overdue
    due_soon = tuple(
        a
        for a in book.open
        if not a.overdue
        and a.working_days_left is not None
        and not a.waiting_on_applicant
        and a.working_days_left <= within
    )
    by_agency = {agency: built[agency] for agency in order}
    return SupervisorView(year, as_of, within, tuple(rows), whole, summed, overdue, due_soon, by_agency)


def _folded(events: Iterable[Any], tables: PeriodFold, ledger: LedgerFold) -> tuple[FoldState, LedgerState]:
    """The tables' and the ledger's folds of the corrected log, in one reading of it where it holds no
    correction, so that only the folds' states are held, not the log.

    A one-shot stream (an iterator) is held whole, since a correction can come at its end and changes an
    event read before. A log that can be read again — a list, or an object whose every iteration reads its
    source afresh, as ``opengov rollup`` gives — is streamed, and read a second time, whole, only when it
    holds a correction or a retraction.
    """
    if isinstance(events, Iterator):  # read once: held
        events = list(events)
    if isinstance(events, list):
        return _fold_both(corrected_log(events), tables, ledger)[:2]
    state, book, corrected = _fold_both(events, tables, ledger)
    if not corrected:
        return state, book
    return _fold_both(corrected_log(list(events)), tables, ledger)[:2]


def _fold_both(
    events: Iterable[Any], tables: PeriodFold, ledger: LedgerFold
) -> tuple[FoldState, LedgerState, bool]:
    """Both folds of ``events`` as they are, in one pass, and whether a correction was among them."""
    book = ledger.initial()
    evolve = ledger.evolve
    corrected = False

    def through_the_ledger(items: Iterable[Any]) -> Iterator[Any]:
        nonlocal corrected
        for event in items:
            if event.TAG in CORRECTION_TAGS:
                corrected = True
            evolve(book, event)
            yield event

    return tables.fold(through_the_ledger(events)), book, corrected


callable_module(__name__, "build_supervisor_view")  # opengov.supervise(...) as before, with a warning
_renamed = renamed(__name__, {"supervise": "build_supervisor_view"})


def __getattr__(name: str) -> object:
    """``supervise``, the old name of :func:`build_supervisor_view` (deprecated; gone in the next release)."""
    return _renamed(name)
