"""Filed reports: filing, revisions and their causes, the carry-over, the append guard and corrections."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from opengov.codec import encode_line
from opengov.corrections import corrected_log
from opengov.errors import AppendRefusedError, EventValidationError, FiledPeriodError
from opengov.events import (
    EventCorrected,
    EventRetracted,
    FiledCell,
    FiledPeriodPolicy,
    FiledPeriodPolicyDeclared,
    MeetingHeld,
    ReportFiled,
)
from opengov.filing import file_report, filed_period, filed_tables, period_tables
from opengov.report import build_report
from opengov.report._model import FindingKind
from opengov.store import MemoryStore, append_checked, check_append, import_jsonl
from strategies import concluded, received

FILED_ON = dt.date(2025, 1, 20)


def _log_2024() -> list[object]:
    return [
        received("A1", dt.date(2024, 3, 4)),
        concluded("A1", dt.date(2024, 3, 8)),
        received("A2", dt.date(2024, 12, 23)),
    ]


def _policy(policy: FiledPeriodPolicy, id: str = "p1") -> FiledPeriodPolicyDeclared:
    return FiledPeriodPolicyDeclared(id=id, agency="a1", at=FILED_ON, policy=policy)


def test_a_filing_holds_every_cell_of_its_format_and_its_position() -> None:
    """file_report writes one cell per cell of the format's tables and the agency's event count."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    expected = (3, "gov2021", 200, "a1:filed:2024:3")
    assert expected == (filing.position, filing.report_format, len(filing.cells), filing.id)


def test_a_filing_ignores_other_agencies_in_its_position() -> None:
    """The position counts only the filing agency's events, so other agencies' appends do not move it."""
    log = [*_log_2024(), received("B1", dt.date(2024, 5, 1), agency="b1")]
    assert 3 == file_report(log, agency="a1", year=2024, at=FILED_ON).position


def test_a_late_application_is_a_revision_caused_by_it() -> None:
    """An application dated in 2024 and entered after the filing revises 一 and 四, naming its event."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    log += [filing, received("A3", dt.date(2024, 12, 27)), received("A4", dt.date(2025, 2, 3))]
    period = filed_period(log, year=2024)
    assert period is not None
    expected = [
        ("applications.new", "total", 2, 3),
        ("applications.carried_forward", "total", 1, 2),
    ]
    assert expected == [
        (r.row, r.column, r.filed, r.computed) for r in period.revisions if r.column == "total"
    ]
    assert ["r-a1-A3"] == [e.id for e in period.causes]


def test_the_filed_figures_are_shown_unless_as_computed() -> None:
    """period_tables shows the filed figure by default and the recomputed one with as_computed."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    log += [filing, received("A3", dt.date(2024, 6, 1))]
    filed = period_tables(log, year=2024)
    computed = period_tables(log, year=2024, as_computed=True)
    expected = ((2, True), (3, False))
    cell = ("applications.new", "total")
    assert expected == ((filed.tables[cell], filed.as_filed), (computed.tables[cell], computed.as_filed))


def test_the_report_of_a_filed_year_says_revisions_exist() -> None:
    """build_report of a revised filed year keeps the filed figures and adds a REVISED finding."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    log += [filing, received("A3", dt.date(2024, 6, 1))]
    report = build_report(log, year=2024)
    revised = [f for f in report.findings if f.kind is FindingKind.REVISED]
    assert (2, [filing.id]) == (
        report.table("applications").figure("applications.new", "total"),
        [f.event_id for f in revised],
    )


def test_the_next_report_carries_over_the_filed_figure_and_says_so() -> None:
    """2025's 上年结转 is 2024's filed 结转下年度, the rest counted in 本年新收; a finding says so."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    log += [filing, received("A3", dt.date(2024, 12, 27)), concluded("A2", dt.date(2025, 1, 6))]
    report = build_report(log, year=2025)
    table = report.table("applications")
    rows = (
        "applications.carried_in",
        "applications.new",
        "applications.total",
        "applications.carried_forward",
    )
    assert [1, 1, 1, 1] == [table.figure(row, "total") for row in rows]
    carry = [f for f in report.findings if f.kind is FindingKind.CARRY_OVER]
    assert 2 == len(carry)  # the natural-person column and the total
    assert all(filing.id in f.message and "本年新收" in f.message for f in carry)


def test_a_refiled_period_uses_the_latest_filing() -> None:
    """Filing a period again replaces the earlier filing's figures."""
    log = _log_2024()
    first = file_report(log, year=2024, at=FILED_ON)
    log += [first, received("A3", dt.date(2024, 6, 1))]
    second = file_report(log, year=2024, at=dt.date(2025, 3, 1), id="again")
    log.append(second)
    period = filed_period(log, year=2024)
    assert period is not None
    assert ("again", ()) == (period.filing.id, period.revisions)


def test_filed_tables_refuses_a_filing_without_every_cell() -> None:
    """A filing lacking a cell of its format is reported, naming the filing and the cell."""
    filing = ReportFiled(
        id="f1",
        agency="a1",
        at=FILED_ON,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        report_format="gov2021",
        position=0,
        cells=[FiledCell(row="applications.new", column="total", value="1")],
    )
    with pytest.raises(ValueError, match="filing 'f1' lacks the cell"):
        filed_tables(filing)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period_end", dt.date(2023, 1, 1), "ends"),
        ("cells", [], "non-empty"),
        ("cells", [FiledCell(row="r", column="c", value="1")] * 2, "twice"),
    ],
)
def test_report_filed_refuses_a_bad_period_or_cells(field: str, value: object, message: str) -> None:
    """A filing's period ends on or after its start; its cells are given, each once."""
    fields: dict[str, object] = {
        "id": "f1",
        "agency": "a1",
        "at": FILED_ON,
        "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31),
        "report_format": "gov2021",
        "position": 0,
        "cells": [FiledCell(row="r", column="c", value="1")],
        field: value,
    }
    with pytest.raises(EventValidationError, match=message):
        ReportFiled(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["1.", "+1", "１", "1e3", ""])
def test_a_filed_cell_refuses_a_figure_not_in_plain_digits(value: str) -> None:
    """A filed figure is written in ASCII digits, with an optional minus and fraction."""
    with pytest.raises(EventValidationError, match="figure"):
        FiledCell(row="r", column="c", value=value)


# -- the append guard -----------------------------------------------------------------------------------


def _filed_log() -> list[object]:
    log = _log_2024()
    return [*log, file_report(log, year=2024, at=FILED_ON)]


def test_the_default_policy_accepts_an_event_in_a_filed_period() -> None:
    """Without a declaration, an event dated inside a filed period is appended (and becomes a revision)."""
    store = MemoryStore()
    store.append(_filed_log())
    assert 1 == append_checked(store, [received("A3", dt.date(2024, 6, 1))]).count


def test_the_refuse_policy_refuses_at_append_naming_event_and_filing() -> None:
    """Under the refuse policy, appending an event of a filed period fails and stores nothing."""
    store = MemoryStore()
    log = [*_filed_log(), _policy(FiledPeriodPolicy.REFUSE)]
    store.append(log)
    late = received("A3", dt.date(2024, 6, 1))
    with pytest.raises(FiledPeriodError) as caught:
        append_checked(store, [received("A4", dt.date(2025, 2, 1)), late])
    error = caught.value
    assert ("r-a1-A3", "a1:filed:2024:3", "p1", 5) == (
        error.event_id,
        error.filing_id,
        error.policy_id,
        store.head(),
    )
    assert "'r-a1-A3'" in str(error)
    assert "'a1:filed:2024:3'" in str(error)


def test_a_later_accept_declaration_lifts_the_refusal() -> None:
    """The latest declaration in log order is in force."""
    log = [*_filed_log(), _policy(FiledPeriodPolicy.REFUSE), _policy(FiledPeriodPolicy.ACCEPT, "p2")]
    check_append(log, [received("A3", dt.date(2024, 6, 1))])


def test_the_refuse_policy_admits_later_periods_and_other_agencies() -> None:
    """Only events of the refusing agency dated inside its filed period are refused."""
    log = [*_filed_log(), _policy(FiledPeriodPolicy.REFUSE)]
    check_append(log, [received("A3", dt.date(2025, 1, 1)), received("B1", dt.date(2024, 6, 1), agency="b1")])


def test_import_refuses_an_event_in_a_refused_filed_period_naming_the_line() -> None:
    """opengov.store.import_jsonl runs the guard: nothing is imported and the error names file and line."""
    store = MemoryStore()
    store.append([*_filed_log(), _policy(FiledPeriodPolicy.REFUSE)])
    lines = [
        (encode_line(received("A4", dt.date(2025, 2, 1))) + "\n").encode(),
        (encode_line(received("A3", dt.date(2024, 6, 1))) + "\n").encode(),
    ]
    with pytest.raises(FiledPeriodError, match=r"^<stream>:2: event 'r-a1-A3'"):
        import_jsonl(store, io.BytesIO(b"".join(lines)))
    assert 5 == store.head()


def test_import_again_of_stored_events_is_not_refused() -> None:
    """Events already stored are not judged again, so re-importing a file stays harmless."""
    store = MemoryStore()
    before = [received("A3", dt.date(2024, 6, 1))]
    store.append([*_filed_log(), *before, _policy(FiledPeriodPolicy.REFUSE)])
    lines = [(encode_line(e) + "\n").encode() for e in before]
    assert 0 == import_jsonl(store, lines)


def test_a_correction_must_name_an_own_earlier_fact_event() -> None:
    """A correction of an unknown event, another agency's, or a filing is refused at append."""
    log = _filed_log()
    other = received("B1", dt.date(2024, 5, 1), agency="b1")
    retract = EventRetracted(id="k1", agency="a1", at=FILED_ON, retracts="nope")
    with pytest.raises(AppendRefusedError, match="does not hold"):
        check_append(log, [retract])
    with pytest.raises(AppendRefusedError, match="only its own"):
        check_append([*log, other], [EventRetracted(id="k1", agency="a1", at=FILED_ON, retracts="r-b1-B1")])
    with pytest.raises(AppendRefusedError, match="never corrected"):
        check_append(log, [EventRetracted(id="k1", agency="a1", at=FILED_ON, retracts="a1:filed:2024:3")])


def test_a_correction_into_a_refused_filed_period_is_refused() -> None:
    """Correcting an event so that it falls in a refused filed period is refused like a late event."""
    log = [*_filed_log(), received("A5", dt.date(2025, 3, 1)), _policy(FiledPeriodPolicy.REFUSE)]
    moved = EventCorrected(
        id="k1", agency="a1", at=FILED_ON, corrects="r-a1-A5", replacement=received("A5", dt.date(2024, 3, 1))
    )
    with pytest.raises(FiledPeriodError):
        check_append(log, [moved])


# -- corrections ------------------------------------------------------------------------------------------


def _meeting(id: str, day: dt.date, title: str | None = None) -> MeetingHeld:
    return MeetingHeld(id=id, agency="a1", at=day, title=title)


def test_the_last_correction_or_retraction_wins() -> None:
    """A retraction after a correction drops the event; a correction after a retraction restores it."""
    m1 = _meeting("m1", dt.date(2024, 1, 1))
    fixed = _meeting("m1", dt.date(2024, 1, 2))
    correct = EventCorrected(id="k1", agency="a1", at=FILED_ON, corrects="m1", replacement=fixed)
    retract = EventRetracted(id="k2", agency="a1", at=FILED_ON, retracts="m1")
    assert [retract] == corrected_log([m1, correct, retract])[1:]
    assert [fixed, retract, correct] == corrected_log([m1, retract, correct])


def test_a_correction_keeps_the_original_id_and_agency() -> None:
    """A replacement under another id or agency, or a filing as replacement, is refused at construction."""
    with pytest.raises(EventValidationError, match="keeps its id"):
        EventCorrected(id="k", agency="a1", at=FILED_ON, corrects="m1", replacement=_meeting("m2", FILED_ON))
    with pytest.raises(EventValidationError, match="belongs to"):
        EventCorrected(id="k", agency="a2", at=FILED_ON, corrects="m1", replacement=_meeting("m1", FILED_ON))
    with pytest.raises(EventValidationError, match="fact event"):
        EventCorrected(
            id="k", agency="a1", at=FILED_ON, corrects="p1", replacement=_policy(FiledPeriodPolicy.ACCEPT)
        )


def test_a_correction_after_the_filing_is_a_cause_of_revisions() -> None:
    """Retracting a 2024 event after filing revises the filed year and names the retraction."""
    log = _log_2024()
    filing = file_report(log, year=2024, at=FILED_ON)
    retract = EventRetracted(id="k1", agency="a1", at=dt.date(2025, 2, 1), retracts="r-a1-A2")
    period = filed_period([*log, filing, retract], year=2024)
    assert period is not None
    assert (["k1"], True) == ([e.id for e in period.causes], bool(period.revisions))
