"""Stateful generation of application lifecycles: after every step, the fold and tables stay right."""

from __future__ import annotations

import datetime as dt

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from opengov import events as ev
from opengov.events import Event
from opengov.fold import Period, PeriodFold
from opengov.ledger import build_ledger
from opengov.tables import build_table, check_carry_over

AGENCY = "a1"
YEARS = (2024, 2025)
_DISPOSITIONS = [d for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN]


class Lifecycles(RuleBasedStateMachine):
    """An agency's applications moving through receipt, correction, extension, answer and withdrawal."""

    @initialize()
    def start(self) -> None:
        """An empty log, the clock at the start of 2024, one live fold per year."""
        self.log: list[Event] = []
        self.clock = dt.date(2024, 1, 2)
        self.open: list[str] = []
        self.waiting: list[str] = []
        self.extended: set[str] = set()
        self.number = 0
        self.folds = {year: PeriodFold(Period.year(year)) for year in YEARS}
        self.states = {year: fold.initial() for year, fold in self.folds.items()}

    def _record(self, event: Event) -> None:
        self.log.append(event)
        for year, fold in self.folds.items():
            self.states[year] = fold.evolve(self.states[year], event)

    def _id(self) -> str:
        self.number += 1
        return f"e{self.number}"

    @rule(days=st.integers(0, 40))
    def time_passes(self, days: int) -> None:
        """Days pass (the clock stops at the end of 2025)."""
        self.clock = min(self.clock + dt.timedelta(days=days), dt.date(2025, 12, 31))

    @rule()
    def year_ends(self) -> None:
        """The clock reaches the last day of its year, the boundary every carry-over rule turns on."""
        self.clock = dt.date(self.clock.year, 12, 31)

    @rule(day=st.sampled_from([1, 2, 3]))
    def new_year(self, day: int) -> None:
        """The clock moves to 1, 2 or 3 January of the next year — the period's first day itself included, a
        holiday on which online applications still arrive (the clock stops at the end of 2025)."""
        if self.clock.year < 2025:
            self.clock = dt.date(self.clock.year + 1, 1, day)

    @rule(applicant=st.sampled_from(ev.ApplicantKind), channel=st.sampled_from(ev.ApplicationChannel))
    def receive(self, applicant: ev.ApplicantKind, channel: ev.ApplicationChannel) -> None:
        """An application arrives."""
        app = f"app{self.number}"
        self._record(
            ev.ApplicationReceived(
                id=self._id(),
                agency=AGENCY,
                at=self.clock,
                application_id=app,
                channel=channel,
                applicant=applicant,
            )
        )
        self.open.append(app)

    @precondition(lambda self: bool(self.open))
    @rule(pick=st.integers(0, 10**6))
    def request_correction(self, pick: int) -> None:
        """The agency asks for a correction; the application waits on the applicant."""
        app = self.open[pick % len(self.open)]
        if app not in self.waiting:
            self._record(
                ev.CorrectionRequested(id=self._id(), agency=AGENCY, at=self.clock, application_id=app)
            )
            self.waiting.append(app)

    @precondition(lambda self: bool(self.waiting))
    @rule(pick=st.integers(0, 10**6))
    def correction_arrives(self, pick: int) -> None:
        """The corrected application arrives; the clock restarts."""
        app = self.waiting.pop(pick % len(self.waiting))
        self._record(ev.CorrectionReceived(id=self._id(), agency=AGENCY, at=self.clock, application_id=app))

    @precondition(lambda self: bool(self.open))
    @rule(pick=st.integers(0, 10**6))
    def extend(self, pick: int) -> None:
        """The deadline is extended once."""
        app = self.open[pick % len(self.open)]
        if app not in self.extended:
            self._record(
                ev.DeadlineExtended(
                    id=self._id(), agency=AGENCY, at=self.clock, application_id=app, working_days=20
                )
            )
            self.extended.add(app)

    @precondition(lambda self: bool(self.open))
    @rule(pick=st.integers(0, 10**6), disposition=st.sampled_from(_DISPOSITIONS))
    def answer(self, pick: int, disposition: ev.Disposition) -> None:
        """The application is answered with one disposition."""
        app = self.open.pop(pick % len(self.open))
        if app in self.waiting:
            self.waiting.remove(app)
        self._record(
            ev.ApplicationConcluded(
                id=self._id(), agency=AGENCY, at=self.clock, application_id=app, disposition=disposition
            )
        )

    @precondition(lambda self: bool(self.open))
    @rule(pick=st.integers(0, 10**6))
    def withdraw(self, pick: int) -> None:
        """The applicant withdraws."""
        app = self.open.pop(pick % len(self.open))
        if app in self.waiting:
            self.waiting.remove(app)
        self._record(ev.ApplicationWithdrawn(id=self._id(), agency=AGENCY, at=self.clock, application_id=app))

    @invariant()
    def live_fold_equals_fold_from_scratch(self) -> None:
        """The fold continued event by event equals the fold of the whole log."""
        for year, fold in self.folds.items():
            assert fold.facts(fold.fold(self.log)) == fold.facts(self.states[year])

    @invariant()
    def tables_keep_their_rules_and_carry_over(self) -> None:
        """Every format's rules hold each year (build_table checks them) and 2025 carries 2024's open ones."""
        if not self.log:
            return
        t2024 = build_table(self.log, year=2024, format="gov2021")
        t2025 = build_table(self.log, year=2025, format="gov2021")
        assert () == check_carry_over(t2024, t2025)
        build_table(self.log, year=2024, format="gov2008")
        build_table(self.log, year=2025, format="gov2019")

    @invariant()
    def ledger_lists_exactly_the_open_applications(self) -> None:
        """As of the clock, the ledger's open applications are the model's."""
        if not self.log:
            return
        open_now = {entry.application_id for entry in build_ledger(self.log, as_of=self.clock).open}
        assert set(self.open) == open_now


Lifecycles.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestLifecycles = Lifecycles.TestCase
