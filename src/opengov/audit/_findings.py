"""Checking what was read: every rule of the format, the narrative's figures, and last year's carry-over."""

from __future__ import annotations

import bisect

import attrs

from opengov.audit._model import (
    AuditFinding,
    AuditResult,
    FindingCell,
    PublishedReport,
    PublishedTable,
    RuleOutcome,
)
from opengov.audit._narrative import PHRASINGS, joined_text, statements
from opengov.audit._parse import finding_cells, rules_of
from opengov.audit._split import SearchTooLarge, splits
from opengov.formats import TOTAL, CellRef, Rule, Template, Value, check_rules
from opengov.formats._model import sum_values

_REASONS = {
    "missing": "a cell's row was not found in the report",
    "blank": "a cell is blank (not reported)",
    "marker": "a cell holds a marker (—, /, 无), not a figure",
    "ambiguous": "a cell has several readings",
}


def check_tables(report: PublishedReport) -> tuple[list[AuditFinding], list[RuleOutcome]]:
    """Check every rule of every table; rules assumed while reading are no evidence either way."""
    findings: list[AuditFinding] = []
    outcomes: list[RuleOutcome] = []
    for table in report.tables:
        rules = rules_of(table)
        before = len(outcomes)
        replaced = {code for r in rules if "+" in r.code for code in r.code.split("+")}
        checkable: list[Rule] = []
        for rule in rules:
            states = [table.cells.get(c) for c in rule.cells]
            assumed = any(
                s is not None
                and (rule.code in s.assumed or any(p in s.assumed for p in rule.code.split("+")))
                for s in states
            )
            if assumed:
                outcomes.append(RuleOutcome(rule.code, "assumed", "the table was read by assuming it"))
                continue
            bad = [
                s.state if s is not None else "missing" for s in states if s is None or s.state != "number"
            ]
            if bad:
                reason = "; ".join(dict.fromkeys(_REASONS[b] for b in bad))
                if rule.code in replaced:
                    reason = "its row is printed as one row with its siblings: checked in their sum"
                outcomes.append(RuleOutcome(rule.code, "unchecked", reason))
                continue
            checkable.append(rule)
        if (
            rules
            and len(outcomes) - before == len(rules)
            and all(o.status == "assumed" for o in outcomes[before:])
        ):
            findings.append(_all_assumed(table, rules))
        lookup = {c: p.value for c, p in table.cells.items() if p.state == "number"}
        result = check_rules(checkable, lookup.get)
        failed = {v.rule.code: v for v in result.violations}
        for rule in checkable:
            violation = failed.get(rule.code)
            if violation is None:
                outcomes.append(RuleOutcome(rule.code, "holds"))
                continue
            outcomes.append(RuleOutcome(rule.code, "fails"))
            findings.append(_rule_finding(table, rule, violation.left, violation.right))
    return findings, outcomes


def _all_assumed(table: PublishedTable, rules: list[Rule]) -> AuditFinding:
    """A table read only by assuming every one of its rules: they hold, but only because they were assumed."""
    codes = ", ".join(rule.code for rule in rules)
    return AuditFinding(
        "assumed",
        "warning",
        f"read.{table.spec.key}.assumed",
        table.spec.title,
        f"{table.spec.title} was read only by assuming every rule it has ({codes}): they hold for the "
        "figures read, but that is no evidence that the published table is consistent",
    )


def _is_total(column: str) -> bool:
    return column == TOTAL or column.endswith("." + TOTAL)


def check_blank_totals(report: PublishedReport) -> list[AuditFinding]:
    """A 总计 cell left blank in a row whose other cells print figures: "total not reported".

    Blank is not zero and not a pass: the rules reading the cell are not checkable, and this finding says
    why, once per cell.
    """
    findings: list[AuditFinding] = []
    for table in report.tables:
        columns = [c.key for c in table.spec.columns]
        for row in table.spec.rows:
            if row.is_heading:
                continue
            for column in columns:
                cell = table.cells.get((row.key, column))
                if cell is None or cell.state != "blank" or not _is_total(column):
                    continue
                group = column[: -len(TOTAL)]
                parts = [c for c in columns if c.startswith(group) and c != column] if group else columns
                printed = [table.cells.get((row.key, c)) for c in parts]
                if not any(p is not None and p.state == "number" for p in printed):
                    continue
                cells = finding_cells(table, [(row.key, column)])
                label = cells[0].column_label if cells else column
                findings.append(
                    AuditFinding(
                        "not_reported",
                        "error",
                        f"read.{table.spec.key}.total_blank",
                        f"{table.spec.title}: {row.label} · {label}",
                        f"total not reported: {row.label!r} prints figures but leaves {label!r} blank",
                        cells,
                        lines=tuple(c.line for c in cells if c.line is not None),
                    )
                )
    return findings


def _rule_finding(table: PublishedTable, rule: Rule, left: Value, right: Value) -> AuditFinding:
    cells = finding_cells(table, rule.cells)
    relation = rule.relation.value
    figures = " + ".join(str(c.value) for c in finding_cells(table, rule.left))
    others = " + ".join(str(c.value) for c in finding_cells(table, rule.right))
    return AuditFinding(
        "rule",
        "error",
        rule.code,
        rule.text,
        f"{rule.text}: {figures} = {left}, {others} = {right}; {left} {relation} {right} does not hold "
        f"(difference {left - right})",
        cells,
        left,
        relation,
        right,
        left - right,
        tuple(sorted({c.line for c in cells if c.line is not None})),
    )


def _readings(table: PublishedTable, cell: CellRef) -> set[Value] | None:
    """The figures a cell may hold: its own, or every reading of its row's run-together digits."""
    published = table.cells.get(cell)
    if published is None:
        return None
    if published.state == "number" and published.value is not None:
        return {published.value}
    if published.state == "ambiguous" and published.text.isdigit():
        column = [c.key for c in table.spec.columns].index(cell[1])
        try:
            return {reading[column] for reading in splits(published.text, len(table.spec.columns))}
        except SearchTooLarge:
            return None
    return None


def check_narrative(report: PublishedReport, text: str) -> list[AuditFinding]:
    """Figures the running text states that the tables also hold, in the wordings of :mod:`._narrative`.

    A received-applications figure may count this year's new applications alone or with last year's
    carried in; either reading is accepted. A cell with several readings (run-together digits) is
    contradicted only by a figure none of its readings gives.
    """
    joined, removed_at, line_of_removed = joined_text(text)
    findings: list[AuditFinding] = []
    for phrasing in PHRASINGS.get(report.format.key, ()):
        cells = phrasing.cells
        try:
            table = report.table(report.format.table_of_row(cells[0][0]).key)
        except KeyError:
            continue
        if not all(c in table.cells for c in (*cells, *phrasing.extra)):
            continue
        options = [_readings(table, c) for c in cells]
        if any(o is None for o in options):
            continue
        if len(cells) == 1:
            accepted = set(options[0] or ())
        else:
            values = [next(iter(o)) for o in options if o]
            if any(len(o or ()) != 1 for o in options):
                continue
            accepted = {sum_values(values)}
        readings = set(accepted)
        extras = [_readings(table, c) for c in phrasing.extra]
        if extras and all(e is not None and len(e) == 1 for e in extras):
            more = sum_values(next(iter(e)) for e in extras if e)
            accepted |= {a + more for a in accepted}
        for match, stated in statements(phrasing, joined):
            if stated in accepted:
                continue
            index = bisect.bisect_right(removed_at, match.start())
            where = line_of_removed[index - 1] if index else 1
            published = finding_cells(table, cells)
            if len(readings) == 1:
                total = next(iter(readings))
                shown = f"the table gives {total}"
                difference: Value | None = stated - total
            else:
                total = None
                shown = f"no reading of the table's digits gives it ({len(readings)} readings)"
                difference = None
            findings.append(
                AuditFinding(
                    "narrative",
                    "error",
                    phrasing.code,
                    phrasing.text,
                    f"the text says {match.group(0)!r} (line {where}) but {shown}",
                    published,
                    stated,
                    "=",
                    total,
                    difference,
                    (where, *sorted({c.line for c in published if c.line is not None})),
                )
            )
    return findings


def check_running_totals(
    report: PublishedReport, previous: PublishedReport
) -> tuple[list[AuditFinding], list[RuleOutcome]]:
    """A template's running total across two reports: 累计 = last year's 累计 + 本年.

    For the year after, the equality; for years further apart (or unknown), at least that: a running total
    never falls. Rows are matched by key across the two reports, so two variants of a template compare
    wherever they share a row.
    """
    fmt = report.format
    if not isinstance(fmt, Template) or fmt.running_total is None:
        return [], []
    if not isinstance(previous.format, Template) or previous.format.running_total is None:
        return [], []
    year_col, total_col = fmt.running_total
    last_total_col = previous.format.running_total[1]
    consecutive = report.year is not None and previous.year is not None and report.year == previous.year + 1
    relation = "=" if consecutive else "≥"
    findings: list[AuditFinding] = []
    outcomes: list[RuleOutcome] = []
    for table in report.tables:
        for row in table.spec.rows:
            code = f"{fmt.key}.chain[{row.key}]"
            try:
                last_table = previous.table(previous.format.table_of_row(row.key).key)
            except KeyError:
                continue
            now_year = table.cells.get((row.key, year_col))
            now_total = table.cells.get((row.key, total_col))
            before = last_table.cells.get((row.key, last_total_col))
            cells = (now_year, now_total, before)
            if any(c is None or c.state != "number" or c.value is None for c in cells):
                if not (row.key in table.absent or row.key in last_table.absent):
                    outcomes.append(RuleOutcome(code, "unchecked", "a cell holds no figure"))
                continue
            this, total, last_total = (c.value if c is not None else None for c in cells)
            if this is None or total is None or last_total is None:  # pragma: no cover - checked above
                continue
            expected = last_total + this
            ok = total == expected if consecutive else total >= expected
            if ok:
                outcomes.append(RuleOutcome(code, "holds"))
                continue
            outcomes.append(RuleOutcome(code, "fails"))
            span = "last year's" if consecutive else f"the {previous.year or 'earlier'} report's"
            text = f"{row.label}: 历年累计 {relation} {span} 历年累计 + 本年"
            findings.append(
                _cross_year_finding(
                    code,
                    text,
                    f"{text}: {total} {relation} {last_total} + {this} = {expected} "
                    f"does not hold (difference {total - expected})",
                    (table, [(row.key, year_col), (row.key, total_col)]),
                    (last_table, [(row.key, last_total_col)]),
                    total,
                    relation,
                    expected,
                )
            )
    return findings, outcomes


def _figure(table: PublishedTable, ref: CellRef) -> Value | None:
    """The figure a cross-year rule reads at ``ref``: ``None`` unless the cell was read as a number."""
    cell = table.cells.get(ref)
    return cell.value if cell is not None and cell.state == "number" else None


def _cross_year_finding(
    code: str,
    text: str,
    message: str,
    this_year: tuple[PublishedTable, list[CellRef]],
    last_year: tuple[PublishedTable, list[CellRef]],
    left: Value,
    relation: str,
    right: Value,
) -> AuditFinding:
    """A failed cross-year rule as an error finding: this year's cells, then last year's labelled 上年;
    the lines are this year's."""
    now = finding_cells(*this_year)
    before = tuple(
        FindingCell(c.row, f"上年 {c.row_label}", c.column, c.column_label, c.value, c.text, c.line)
        for c in finding_cells(*last_year)
    )
    lines = tuple(c.line for c in now if c.line is not None)
    return AuditFinding(
        "carry", "error", code, text, message, now + before, left, relation, right, left - right, lines
    )


def check_carry(
    report: PublishedReport, previous: PublishedReport
) -> tuple[list[AuditFinding], list[RuleOutcome]]:
    """This year's 上年结转 against last year's 结转下年度 (the format's carry rules; unchecked when
    ``previous`` is of an earlier year than the one before), and a template's running totals
    (:func:`check_running_totals`)."""
    findings, outcomes = check_running_totals(report, previous)
    apart = report.year - previous.year if report.year is not None and previous.year is not None else None
    for rule in report.format.carry_rules:
        pair = _year_tables(report, previous, apart, rule.code, rule.this[0], rule.previous[0], outcomes)
        if pair is None:
            continue
        this_table, last_table = pair
        this, last = _figure(this_table, rule.this), _figure(last_table, rule.previous)
        if this is None or last is None:
            outcomes.append(RuleOutcome(rule.code, "unchecked", "a cell holds no figure"))
            continue
        if this == last:
            outcomes.append(RuleOutcome(rule.code, "holds"))
            continue
        outcomes.append(RuleOutcome(rule.code, "fails"))
        findings.append(
            _cross_year_finding(
                rule.code,
                rule.text,
                f"{rule.text}: this year {this}, last year {last} (difference {this - last})",
                (this_table, [rule.this]),
                (last_table, [rule.previous]),
                this,
                "=",
                last,
            )
        )
    stock_findings, stock_outcomes = check_stock(report, previous, apart)
    return findings + stock_findings, outcomes + stock_outcomes


def _year_tables(
    report: PublishedReport,
    previous: PublishedReport,
    apart: int | None,
    code: str,
    this_row: str,
    last_row: str,
    outcomes: list[RuleOutcome],
) -> tuple[PublishedTable, PublishedTable] | None:
    """The tables of a cross-year rule: this year's holding ``this_row``, last year's holding ``last_row``;
    ``None``, with the rule's ``unchecked`` outcome added, when ``previous`` is not of the year before
    (``apart`` years) or lacks the row."""
    if apart is not None and apart > 1:
        reason = f"the previous report is of {previous.year}, {apart} years before {report.year}"
        outcomes.append(RuleOutcome(code, "unchecked", reason))
        return None
    try:
        return (
            report.table(report.format.table_of_row(this_row).key),
            previous.table(previous.format.table_of_row(last_row).key),
        )
    except KeyError:
        outcomes.append(RuleOutcome(code, "unchecked", "last year's format has no such row"))
        return None


def check_stock(
    report: PublishedReport, previous: PublishedReport, apart: int | None
) -> tuple[list[AuditFinding], list[RuleOutcome]]:
    """The format's stock rules (表二: 现行有效 = 上年现行有效 + 本年制发 − 本年废止) against last year's
    report, ``apart`` years before (unchecked when more than one, or when a cell holds no figure)."""
    findings: list[AuditFinding] = []
    outcomes: list[RuleOutcome] = []
    for rule in report.format.stock_rules:
        pair = _year_tables(report, previous, apart, rule.code, rule.stock[0], rule.stock[0], outcomes)
        if pair is None:
            continue
        this_table, last_table = pair
        now_refs = [rule.stock, *rule.added, *rule.removed]
        figures = [_figure(this_table, ref) for ref in now_refs]
        now = [figure for figure in figures if figure is not None]
        last = _figure(last_table, rule.stock)
        if last is None or len(now) < len(figures):
            outcomes.append(RuleOutcome(rule.code, "unchecked", "a cell holds no figure"))
            continue
        stock, *changes = now
        added = sum_values(changes[: len(rule.added)])
        removed = sum_values(changes[len(rule.added) :])
        expected = last + added - removed
        if stock == expected:
            outcomes.append(RuleOutcome(rule.code, "holds"))
            continue
        outcomes.append(RuleOutcome(rule.code, "fails"))
        findings.append(
            _cross_year_finding(
                rule.code,
                rule.text,
                f"{rule.text}: this year {stock}, last year {last} + {added} − {removed} = {expected} "
                f"(difference {stock - expected})",
                (this_table, now_refs),
                (last_table, [rule.stock]),
                stock,
                "=",
                expected,
            )
        )
    return findings, outcomes


ORDER = {"error": 0, "warning": 1}
"""Findings are listed errors first, then warnings (each in table and rule order)."""


def with_previous(result: AuditResult, previous: AuditResult | PublishedReport) -> AuditResult:
    """``result`` with the cross-year checks against ``previous`` (last year's report of the same agency, or
    an earlier one): :func:`check_carry`'s findings and outcomes added, errors first as ever."""
    last = previous.report if isinstance(previous, AuditResult) else previous
    carry_findings, carry_outcomes = check_carry(result.report, last)
    findings = sorted((*result.findings, *carry_findings), key=lambda f: ORDER[f.severity])
    name = f" ({previous.source})" if isinstance(previous, AuditResult) else ""
    note = f"checked across years against the {last.year or 'undated'} report{name}"
    return attrs.evolve(
        result,
        findings=tuple(findings),
        rules=(*result.rules, *carry_outcomes),
        notes=(*result.notes, note),
    )
