"""The working-day calendar: weekdays, minus statutory holidays, plus weekend make-up days (调休).

Disclosure deadlines are counted in working days (工作日), and which days are working days is fixed each
year by the State Council's holiday arrangement (国务院办公厅关于…部分节假日安排的通知), published around
November for the year after. :class:`WorkingCalendar` holds that arrangement year by year:

- the years bundled with the ``chinesecalendar`` package (2004–2026 in chinesecalendar 1.11);
- any year supplied as data — a :class:`~opengov.events.WorkingCalendarDeclared` event
  (:meth:`WorkingCalendar.with_declaration`) or a JSON/TOML file (:meth:`WorkingCalendar.from_file`).
  Supplied data wins over the bundled data for its year.

A date in a year nobody supplied raises :class:`~opengov.errors.CalendarDataMissingError`: the library never
guesses silently. Guessing is opt-in: :meth:`WorkingCalendar.estimating` returns an
:class:`EstimatingCalendar` that treats unknown years as "weekends off, nothing else", and every answer it
gives is a :class:`Reckoned` value carrying ``estimated=True`` when a guessed year was used.

Each year is kept as a sorted array of the ordinals of its working days, and every run of consecutive
years the calendar holds is also kept as a precomputed table (day → how many working days of the run fall
on or before it, plus the run's working days in order): a due date or a count of working days taken inside
a run is two list lookups and a subtraction, not a walk. Queries that leave a run fall back to walking year
by year (which is where a missing year is reported or estimated).

>>> import datetime as dt
>>> cal = WorkingCalendar.default()
>>> cal.working_days_in_month(2025, 10)
18
>>> cal.is_working_day(dt.date(2026, 1, 4))  # a Sunday, worked in lieu of the New Year holiday
True
>>> cal.add_working_days(dt.date(2018, 9, 28), 15)
datetime.date(2018, 10, 24)
"""

from __future__ import annotations

__all__ = [
    "Calendar",
    "EstimatingCalendar",
    "Reckoned",
    "WorkingCalendar",
]

import datetime as _dt
import functools
import json
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import attrs

from opengov.errors import CalendarDataMissingError, EventValidationError
from opengov.events import WorkingCalendarDeclared

_T = TypeVar("_T")

_PROBE_YEARS = range(1949, 2201)
"""Years asked of chinesecalendar when looking for the ones it holds (it refuses the others)."""


@attrs.frozen
class Reckoned(Generic[_T]):
    """A calendar answer with its provenance: ``estimated`` is true when a guessed year was used.

    Attributes:
        value: the answer (a date, a count of working days, or a flag).
        estimated: whether any year involved had no official data and was guessed as weekends-only.
    """

    value: _T
    estimated: bool


class Calendar(Protocol):
    """The working-day calendar as deadlines use it; :class:`WorkingCalendar` and :class:`EstimatingCalendar`
    are both one, and code that takes a calendar never asks which it has.

    Every ``reckon_*`` answer is :class:`Reckoned`: ``estimated`` is true when a year without official data
    was guessed as weekends-only. Only a calendar that :attr:`estimates` guesses; the official one raises
    :class:`~opengov.errors.CalendarDataMissingError` for such a year instead.

    >>> import datetime as dt
    >>> def due(calendar: Calendar) -> Reckoned[dt.date]:
    ...     return calendar.reckon_add(dt.date(2026, 12, 1), 3)
    >>> due(WorkingCalendar.default()), due(WorkingCalendar.default().estimating()).value
    (Reckoned(value=datetime.date(2026, 12, 4), estimated=False), datetime.date(2026, 12, 4))
    """

    @property
    def estimates(self) -> bool:
        """Whether a year without official data is guessed (weekends-only, marked) rather than refused."""
        ...

    @property
    def years(self) -> tuple[int, ...]:
        """The years with official (bundled or supplied) data, ascending."""
        ...

    def holds(self, year: int) -> bool:
        """Whether ``year`` has official data."""
        ...

    def is_estimated(self, day: _dt.date) -> bool:
        """Whether answers about ``day`` are guesses (its year has no official data and is estimated)."""
        ...

    def reckon_working_day(self, day: _dt.date) -> Reckoned[bool]:
        """Whether ``day`` is a working day."""
        ...

    def reckon_add(self, day: _dt.date, n: int) -> Reckoned[_dt.date]:
        """The ``n``-th working day after ``day`` (``day`` is day 0)."""
        ...

    def reckon_between(self, start: _dt.date, end: _dt.date) -> Reckoned[int]:
        """The number of working days in ``(start, end]`` (negative when ``end`` is before ``start``)."""
        ...

    def with_declaration(self, event: WorkingCalendarDeclared) -> Calendar:
        """This calendar with one year's arrangement added or replaced."""
        ...

    def estimating(self) -> Calendar:
        """This calendar, guessing years without data (itself if it already does)."""
        ...


@attrs.frozen
class _Year:
    """One year's working days, as sorted date ordinals, and where the data came from."""

    year: int
    ordinals: tuple[int, ...]
    source: str
    working: frozenset[int] = attrs.field(init=False, eq=False, repr=False)

    @working.default
    def _working(self) -> frozenset[int]:
        return frozenset(self.ordinals)


def _days_of(year: int) -> Iterable[_dt.date]:
    first = _dt.date(year, 1, 1).toordinal()
    last = _dt.date(year, 12, 31).toordinal()
    return (_dt.date.fromordinal(o) for o in range(first, last + 1))


def _build_year(
    year: int, holidays: Iterable[_dt.date], makeup_days: Iterable[_dt.date], source: str
) -> _Year:
    off = frozenset(holidays)
    worked = frozenset(makeup_days)
    ordinals = tuple(
        d.toordinal() for d in _days_of(year) if d in worked or (d.weekday() < 5 and d not in off)
    )
    return _Year(year=year, ordinals=ordinals, source=source)


@functools.cache
def _weekends_only(year: int) -> _Year:
    return _build_year(year, (), (), "estimate: weekends only")


@functools.cache
def _bundled() -> tuple[_Year, ...]:
    """Every year chinesecalendar holds, read once from its public tables."""
    import chinese_calendar

    held = []
    for year in _PROBE_YEARS:
        try:
            chinese_calendar.is_workday(_dt.date(year, 1, 1))
        except NotImplementedError:
            continue
        held.append(year)
    holidays: Mapping[_dt.date, Any] = chinese_calendar.holidays
    makeup: Mapping[_dt.date, Any] = chinese_calendar.workdays
    source = f"chinesecalendar {chinese_calendar.__version__}"
    return tuple(
        _build_year(
            year,
            (d for d in holidays if d.year == year),
            (d for d in makeup if d.year == year),
            source,
        )
        for year in held
    )


def _index(years: tuple[_Year, ...]) -> dict[int, _Year]:
    return {y.year: y for y in years}


class _Run:
    """Consecutive held years as a table: ``count[o - first]`` is the number of the run's working days on
    or before the day of ordinal ``o``; ``days[k]`` is the ordinal of the run's ``k + 1``-th working day."""

    __slots__ = ("count", "days", "dues", "first", "last")

    def __init__(self, years: list[_Year]) -> None:
        self.dues: tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]] = ({}, {})
        """:mod:`opengov._timing`'s memo: the due date of an answer to a receipt on a day (by ordinal) and
        the working days before it counts, per whether the receipt day counts."""
        self.first = _dt.date(years[0].year, 1, 1).toordinal()
        self.last = _dt.date(years[-1].year, 12, 31).toordinal()
        self.days: list[int] = [o for y in years for o in y.ordinals]
        count: list[int] = []
        seen = 0
        working = iter(self.days)
        upcoming = next(working, None)
        for ordinal in range(self.first, self.last + 1):
            if ordinal == upcoming:
                seen += 1
                upcoming = next(working, None)
            count.append(seen)
        self.count = count


def _runs(years: tuple[_Year, ...]) -> dict[int, _Run]:
    """The table of each run of consecutive years, by every year it covers."""
    by_year: dict[int, _Run] = {}
    run: list[_Year] = []
    for year in (*years, None):
        if year is not None and (not run or year.year == run[-1].year + 1):
            run.append(year)
            continue
        if run:
            table = _Run(run)
            by_year.update((y.year, table) for y in run)
        run = [year] if year is not None else []
    return by_year


@attrs.frozen
class WorkingCalendar:
    """Which days are working days (工作日), year by year; immutable.

    Build one with :meth:`default` (the bundled years), then add or correct years with
    :meth:`with_declaration`, :meth:`with_year` or :meth:`from_file`; each returns a new calendar.
    Every query about a year the calendar does not hold raises
    :class:`~opengov.errors.CalendarDataMissingError`.
    """

    _data: tuple[_Year, ...] = attrs.field(default=(), repr=False)
    _by_year: dict[int, _Year] = attrs.field(init=False, eq=False, hash=False, repr=False)

    _tables: dict[int, _Run] = attrs.field(init=False, eq=False, hash=False, repr=False)

    @_by_year.default
    def _make_index(self) -> dict[int, _Year]:
        return _index(self._data)

    @_tables.default
    def _make_tables(self) -> dict[int, _Run]:
        return _runs(self._data)

    # -- construction -------------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> WorkingCalendar:
        """The calendar of every year the installed ``chinesecalendar`` holds (2004–2026 in 1.11)."""
        return _default()

    @classmethod
    def empty(cls) -> WorkingCalendar:
        """A calendar that holds no year at all: every year must be supplied."""
        return cls(())

    def with_year(
        self,
        year: int,
        holidays: Iterable[_dt.date],
        makeup_days: Iterable[_dt.date] = (),
        *,
        source: str = "supplied",
    ) -> WorkingCalendar:
        """A copy of this calendar with ``year`` replaced by the given arrangement.

        Args:
            year: the year the arrangement is for.
            holidays: the days off; weekend days among them change nothing.
            makeup_days: the weekend days worked (调休).
            source: where the data comes from, kept for :meth:`source`.

        Raises:
            EventValidationError: a day is outside ``year`` or is both a holiday and a make-up day.
        """
        event = WorkingCalendarDeclared(
            id=f"calendar:{year}",
            agency="calendar",
            at=_dt.date(year, 1, 1),
            year=year,
            holidays=tuple(holidays),
            makeup_days=tuple(makeup_days),
            source=source,
        )
        return self.with_declaration(event)

    def with_declaration(self, event: WorkingCalendarDeclared) -> WorkingCalendar:
        """A copy of this calendar with the declared year replacing whatever was held for it.

        Args:
            event: the declared holiday arrangement of one year.

        Raises:
            EventValidationError: a day is both a holiday and a make-up day.
        """
        both = sorted(set(event.holidays) & set(event.makeup_days))
        if both:
            raise EventValidationError(
                f"WorkingCalendarDeclared (event {event.id!r}): {both[0].isoformat()} is listed both as a "
                "holiday and as a make-up working day; list it once"
            )
        source = event.source or f"event {event.id}"
        new = _build_year(event.year, event.holidays, event.makeup_days, source)
        kept = tuple(y for y in self._data if y.year != event.year)
        return WorkingCalendar(tuple(sorted((*kept, new), key=lambda y: y.year)))

    @classmethod
    def from_file(cls, path: str | PathLike[str], *, base: WorkingCalendar | None = None) -> WorkingCalendar:
        """The ``base`` calendar (by default :meth:`default`) with the years of a JSON or TOML file.

        The suffix chooses the syntax (``.toml``, else JSON). Each entry of ``years`` has ``year``,
        ``holidays`` (the weekday days off; weekend days listed there are harmless), ``makeup_days`` (the
        weekend days worked; optional) and ``source`` (the notice it comes from; optional). Dates are ISO
        8601 strings, or native TOML dates::

            [[years]]
            year = 2027
            source = "国务院办公厅关于2027年部分节假日安排的通知"
            holidays = ["2027-01-01", "2027-02-08", "2027-02-09"]
            makeup_days = ["2027-02-06"]

        A year in the file replaces the base calendar's data for that year.

        Args:
            path: a ``.json`` or ``.toml`` file.
            base: the calendar to add the years to.

        Raises:
            EventValidationError: the file is malformed; the message names the file and the entry.
            OSError: the file cannot be read.
        """
        file = Path(path)
        text = file.read_text(encoding="utf-8")
        try:
            data: Any = tomllib.loads(text) if file.suffix.lower() == ".toml" else json.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            raise EventValidationError(f"{file}: not a valid calendar file: {exc}") from exc
        entries = data.get("years") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise EventValidationError(f"{file}: expected a list 'years' of year entries")
        calendar = cls.default() if base is None else base
        for number, entry in enumerate(entries, start=1):
            calendar = calendar.with_declaration(_entry_event(file, number, entry))
        return calendar

    def estimating(self) -> EstimatingCalendar:
        """This calendar, answering for unknown years as weekends-only, with every answer marked."""
        return EstimatingCalendar(self)

    # -- inspection ---------------------------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years this calendar holds, ascending."""
        return tuple(y.year for y in self._data)

    def holds(self, year: int) -> bool:
        """Whether the calendar has official (bundled or supplied) data for ``year``."""
        return year in self._by_year

    def source(self, year: int) -> str:
        """Where the data of ``year`` comes from (the package and its version, or the declaration).

        Raises:
            CalendarDataMissingError: the year is not held.
        """
        return self._year(year, estimate=False)[0].source

    # -- queries ------------------------------------------------------------------------------------------

    def is_working_day(self, day: _dt.date) -> bool:
        """Whether ``day`` is a working day.

        Raises:
            CalendarDataMissingError: the year of ``day`` is not held.
        """
        return self._is_working(day, estimate=False)[0]

    def add_working_days(self, day: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself is day 0 and need not be a working day).

        ``add_working_days(d, 0)`` is ``d``. This is how a period "within N working days of d" ends.

        Args:
            day: the starting day (day 0).
            n: how many working days to count, ``n >= 0``.

        Raises:
            ValueError: ``n`` is negative.
            CalendarDataMissingError: a year the count runs through is not held.
        """
        return self._add(day, n, estimate=False)[0]

    def working_days_between(self, start: _dt.date, end: _dt.date) -> int:
        """The number of working days in ``(start, end]``: after ``start``, up to and including ``end``.

        Negative when ``end`` is before ``start`` (the count of ``(end, start]``, negated), so that
        ``between(a, b) + between(b, c) == between(a, c)`` always holds.

        Raises:
            CalendarDataMissingError: a year between the two days is not held.
        """
        return self._between(start, end, estimate=False)[0]

    def working_days_in_month(self, year: int, month: int) -> int:
        """The number of working days in a calendar month.

        Raises:
            ValueError: ``month`` is not 1–12.
            CalendarDataMissingError: ``year`` is not held.
        """
        return self._month(year, month, estimate=False)[0]

    # -- the Calendar protocol: answers with their provenance ------------------------------------------------

    @property
    def estimates(self) -> bool:
        """False: a year without data raises :class:`~opengov.errors.CalendarDataMissingError`."""
        return False

    def is_estimated(self, day: _dt.date) -> bool:
        """False: this calendar never guesses (see :meth:`Calendar.is_estimated`)."""
        return False

    def reckon_working_day(self, day: _dt.date) -> Reckoned[bool]:
        """:meth:`is_working_day`, as a :class:`Reckoned` answer (never estimated)."""
        return Reckoned(*self._is_working(day, estimate=False))

    def reckon_add(self, day: _dt.date, n: int) -> Reckoned[_dt.date]:
        """:meth:`add_working_days`, as a :class:`Reckoned` answer (never estimated)."""
        return Reckoned(*self._add(day, n, estimate=False))

    def reckon_between(self, start: _dt.date, end: _dt.date) -> Reckoned[int]:
        """:meth:`working_days_between`, as a :class:`Reckoned` answer (never estimated)."""
        return Reckoned(*self._between(start, end, estimate=False))

    # -- the engine, shared with EstimatingCalendar -------------------------------------------------------

    def _year(self, year: int, *, estimate: bool) -> tuple[_Year, bool]:
        found = self._by_year.get(year)
        if found is not None:
            return found, False
        if estimate:
            return _weekends_only(year), True
        held = self.years
        holding = f"it holds {_ranges(held)}" if held else "it holds no year"
        raise CalendarDataMissingError(
            f"no working-day data for {year} ({holding}): supply the State Council's holiday arrangement "
            f"for {year} as a working_calendar_declared event in the log (every command reads it), "
            f"with WorkingCalendar.with_declaration(WorkingCalendarDeclared(year={year}, …)) or a calendar "
            "file (WorkingCalendar.from_file; on the command line --calendar FILE), or opt into marked "
            "estimates (WorkingCalendar.estimating(); on the command line --estimate)",
            year=year,
        )

    def _is_working(self, day: _dt.date, *, estimate: bool) -> tuple[bool, bool]:
        year, guessed = self._year(day.year, estimate=estimate)
        return day.toordinal() in year.working, guessed

    def _add(self, day: _dt.date, n: int, *, estimate: bool) -> tuple[_dt.date, bool]:
        if n < 0:
            raise ValueError(f"add_working_days: n must be >= 0, got {n}")
        table = self._tables.get(day.year)
        if table is not None:
            if n == 0:
                return day, False
            index = table.count[day.toordinal() - table.first] + n - 1
            if index < len(table.days):
                return _dt.date.fromordinal(table.days[index]), False
        current, guessed = self._year(day.year, estimate=estimate)
        if n == 0:
            return day, guessed
        index = bisect_right(current.ordinals, day.toordinal()) + n - 1
        while index >= len(current.ordinals):
            index -= len(current.ordinals)
            current, more = self._year(current.year + 1, estimate=estimate)
            guessed = guessed or more
        return _dt.date.fromordinal(current.ordinals[index]), guessed

    def _between(self, start: _dt.date, end: _dt.date, *, estimate: bool) -> tuple[int, bool]:
        if end < start:
            count, guessed = self._between(end, start, estimate=estimate)
            return -count, guessed
        table = self._tables.get(start.year)
        if table is not None and table is self._tables.get(end.year):
            origin = table.first
            return table.count[end.toordinal() - origin] - table.count[start.toordinal() - origin], False
        first, guessed = self._year(start.year, estimate=estimate)
        total = -bisect_right(first.ordinals, start.toordinal())
        for year in range(start.year, end.year):
            data, more = self._year(year, estimate=estimate)
            total += len(data.ordinals)
            guessed = guessed or more
        last, more = self._year(end.year, estimate=estimate)
        total += bisect_right(last.ordinals, end.toordinal())
        return total, guessed or more

    def _month(self, year: int, month: int, *, estimate: bool) -> tuple[int, bool]:
        if not 1 <= month <= 12:
            raise ValueError(f"working_days_in_month: month must be 1–12, got {month}")
        data, guessed = self._year(year, estimate=estimate)
        first = _dt.date(year, month, 1).toordinal()
        after = (_dt.date(year + 1, 1, 1) if month == 12 else _dt.date(year, month + 1, 1)).toordinal()
        return bisect_left(data.ordinals, after) - bisect_left(data.ordinals, first), guessed


@functools.cache
def _default() -> WorkingCalendar:
    return WorkingCalendar(_bundled())


def _ranges(years: tuple[int, ...]) -> str:
    """``(2004, 2005, 2006, 2030)`` → ``"2004–2006, 2030"``."""
    parts: list[str] = []
    start = prev = years[0]
    for year in (*years[1:], None):
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(parts)


def _parse_days(file: Path, number: int, key: str, value: Any) -> tuple[_dt.date, ...]:
    if not isinstance(value, list):
        raise EventValidationError(f"{file}: years entry {number}: {key!r} must be a list of dates")
    days = []
    for item in value:
        if isinstance(item, _dt.date) and not isinstance(item, _dt.datetime):
            days.append(item)
            continue
        try:
            days.append(_dt.date.fromisoformat(item))
        except (TypeError, ValueError):
            raise EventValidationError(
                f"{file}: years entry {number}: {key!r} holds {item!r}, not an ISO date (YYYY-MM-DD)"
            ) from None
    return tuple(days)


def _entry_event(file: Path, number: int, entry: Any) -> WorkingCalendarDeclared:
    if not isinstance(entry, dict) or not isinstance(entry.get("year"), int):
        raise EventValidationError(f"{file}: years entry {number}: expected a table with an integer 'year'")
    year: int = entry["year"]
    source = entry.get("source")
    return WorkingCalendarDeclared(
        id=f"{file.name}#{number}",
        agency="calendar-file",
        at=_dt.date(year, 1, 1),
        year=year,
        holidays=_parse_days(file, number, "holidays", entry.get("holidays", [])),
        makeup_days=_parse_days(file, number, "makeup_days", entry.get("makeup_days", [])),
        source=source if isinstance(source, str) and source.strip() else f"{file.name} entry {number}",
    )


@attrs.frozen
class EstimatingCalendar:
    """A :class:`WorkingCalendar` that guesses unknown years as weekends-only, and says so.

    Every answer is a :class:`Reckoned` value; ``estimated`` is true whenever a year without official data
    was used. Get one with :meth:`WorkingCalendar.estimating`. Results computed from it (deadline
    assessments, tables) must carry the mark on.

    >>> import datetime as dt
    >>> cal = WorkingCalendar.default().estimating()
    >>> cal.add_working_days(dt.date(2026, 12, 30), 3)
    Reckoned(value=datetime.date(2027, 1, 4), estimated=True)
    >>> cal.add_working_days(dt.date(2026, 12, 1), 3)
    Reckoned(value=datetime.date(2026, 12, 4), estimated=False)
    """

    calendar: WorkingCalendar

    @property
    def estimates(self) -> bool:
        """True: a year without data is guessed as weekends-only, and every answer says so."""
        return True

    @property
    def years(self) -> tuple[int, ...]:
        """The years with official data (see :attr:`WorkingCalendar.years`)."""
        return self.calendar.years

    def holds(self, year: int) -> bool:
        """Whether ``year`` has official data (see :meth:`WorkingCalendar.holds`)."""
        return self.calendar.holds(year)

    def is_estimated(self, day: _dt.date) -> bool:
        """Whether ``day`` falls in a year without official data, so answers about it are guesses."""
        return not self.calendar.holds(day.year)

    def with_declaration(self, event: WorkingCalendarDeclared) -> EstimatingCalendar:
        """This calendar with one year's arrangement added (see :meth:`WorkingCalendar.with_declaration`)."""
        return EstimatingCalendar(self.calendar.with_declaration(event))

    def estimating(self) -> EstimatingCalendar:
        """Itself: it already estimates."""
        return self

    def reckon_working_day(self, day: _dt.date) -> Reckoned[bool]:
        """Whether ``day`` is a working day (the same as :meth:`is_working_day`)."""
        return self.is_working_day(day)

    def reckon_add(self, day: _dt.date, n: int) -> Reckoned[_dt.date]:
        """The ``n``-th working day after ``day`` (the same as :meth:`add_working_days`)."""
        return self.add_working_days(day, n)

    def reckon_between(self, start: _dt.date, end: _dt.date) -> Reckoned[int]:
        """The working days in ``(start, end]`` (the same as :meth:`working_days_between`)."""
        return self.working_days_between(start, end)

    def is_working_day(self, day: _dt.date) -> Reckoned[bool]:
        """Whether ``day`` is a working day (see :meth:`WorkingCalendar.is_working_day`)."""
        return Reckoned(*self.calendar._is_working(day, estimate=True))

    def add_working_days(self, day: _dt.date, n: int) -> Reckoned[_dt.date]:
        """The ``n``-th working day after ``day`` (see :meth:`WorkingCalendar.add_working_days`).

        Raises:
            ValueError: ``n`` is negative.
        """
        return Reckoned(*self.calendar._add(day, n, estimate=True))

    def working_days_between(self, start: _dt.date, end: _dt.date) -> Reckoned[int]:
        """The working days in ``(start, end]`` (see :meth:`WorkingCalendar.working_days_between`)."""
        return Reckoned(*self.calendar._between(start, end, estimate=True))

    def working_days_in_month(self, year: int, month: int) -> Reckoned[int]:
        """The working days of a month (see :meth:`WorkingCalendar.working_days_in_month`).

        Raises:
            ValueError: ``month`` is not 1–12.
        """
        return Reckoned(*self.calendar._month(year, month, estimate=True))
