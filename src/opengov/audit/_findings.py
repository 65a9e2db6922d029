"""Checking what was read: every rule of the format, the narrative's figures, and last year's carry-over."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from opengov.audit._model import AuditFinding, FindingCell, PublishedReport, PublishedTable, RuleOutcome
from opengov.audit._parse import finding_cells, rules_of
from opengov.formats import CellRef, Rule, Value, check_rules
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


_NATIONAL_CHECKS: Sequence[tuple[str, str, re.Pattern[str], tuple[CellRef, ...], tuple[CellRef, ...]]] = (
    (
        "narrative.applications",
        "正文所述收到（新收）申请数 = 表三 一、本年新收 总计",
        re.compile(r"(?:收到|新收)[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?\s*(\d+)\s*件"),
        (("applications.new", "total"),),
        (),
    ),
    (
        "narrative.applications",
        "正文所述受理申请数 = 表三 一、本年新收 总计（或加上年结转）",
        re.compile(r"受理[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?\s*(\d+)\s*件"),
        (("applications.new", "total"),),
        (("applications.carried_in", "total"),),
    ),
    (
        "narrative.reconsideration",
        "正文所述政府信息公开行政复议件数 = 表四 行政复议 总计",
        re.compile(r"政府信息公开(?:方面的)?行政复议(?:案件)?(?:共)?\s*(\d+)\s*[件起]"),
        (("disputes.count", "reconsideration.total"),),
        (),
    ),
    (
        "narrative.lawsuits",
        "正文所述政府信息公开行政诉讼件数 = 表四 两类行政诉讼 总计之和",
        re.compile(r"政府信息公开(?:方面的)?行政诉讼(?:案件)?(?:共)?\s*(\d+)\s*[件起]"),
        (("disputes.count", "lawsuit_direct.total"), ("disputes.count", "lawsuit_after.total")),
        (),
    ),
)
_GOV2008_CHECKS: Sequence[tuple[str, str, re.Pattern[str], tuple[CellRef, ...], tuple[CellRef, ...]]] = (
    (
        "narrative.applications",
        "正文所述收到（受理）申请数 = 统计表 收到申请数",
        re.compile(
            r"(?:受理|收到|新收)[^。；;，,\d]{0,12}?政府信息公开申请(?:共|数量为?|数为?)?\s*(\d+)\s*件"
        ),
        (("applications.received", "value"),),
        (),
    ),
)
_JOIN = re.compile(r"[ \t\u3000\xa0]*\n[ \t\u3000\xa0\f]*")


def check_narrative(report: PublishedReport, text: str) -> list[AuditFinding]:
    """Figures the running text states that the tables also hold, where the wording is unmistakable.

    A received-applications figure may count this year's new applications alone or with last year's
    carried in; either reading is accepted.
    """
    checks = _GOV2008_CHECKS if report.format.key == "gov2008" else _NATIONAL_CHECKS
    joined_parts: list[str] = []
    removed_at: list[int] = []
    line_of_removed: list[int] = []
    position = 0
    line = 1
    length = 0
    for match in _JOIN.finditer(text):
        joined_parts.append(text[position : match.start()])
        length += match.start() - position
        line += match.group().count("\n")
        removed_at.append(length)
        line_of_removed.append(line)
        position = match.end()
    joined_parts.append(text[position:])
    joined = "".join(joined_parts)
    findings: list[AuditFinding] = []
    for code, description, pattern, cells, extra in checks:
        try:
            table = report.table(report.format.table_of_row(cells[0][0]).key)
        except KeyError:
            continue
        values = [table.cells[c].value if c in table.cells else None for c in cells]
        if any(v is None for v in values):
            continue
        total = sum_values(v for v in values if v is not None)
        extras = [table.cells[c].value if c in table.cells else None for c in extra]
        accepted = {total}
        if extras and all(v is not None for v in extras):
            accepted.add(total + sum_values(v for v in extras if v is not None))
        for match in pattern.finditer(joined):
            if len(match.group(1)) > 15:
                continue  # no count of a report is that long; never convert it
            stated = int(match.group(1))
            if stated in accepted:
                continue
            index = bisect.bisect_right(removed_at, match.start(1))
            where = line_of_removed[index - 1] if index else 1
            published = finding_cells(table, cells)
            findings.append(
                AuditFinding(
                    "narrative",
                    "error",
                    code,
                    description,
                    f"the text says {match.group(0)!r} (line {where}) but the table gives {total}",
                    published,
                    stated,
                    "=",
                    total,
                    stated - total,
                    (where, *sorted({c.line for c in published if c.line is not None})),
                )
            )
    return findings


def check_carry(
    report: PublishedReport, previous: PublishedReport
) -> tuple[list[AuditFinding], list[RuleOutcome]]:
    """This year's 上年结转 against last year's 结转下年度 (the format's carry rules)."""
    findings: list[AuditFinding] = []
    outcomes: list[RuleOutcome] = []
    for rule in report.format.carry_rules:
        try:
            this_table = report.table(report.format.table_of_row(rule.this[0]).key)
            last_table = previous.table(previous.format.table_of_row(rule.previous[0]).key)
        except KeyError:
            outcomes.append(RuleOutcome(rule.code, "unchecked", "last year's format has no such row"))
            continue
        this = this_table.cells.get(rule.this)
        last = last_table.cells.get(rule.previous)
        if this is None or last is None or this.state != "number" or last.state != "number":
            outcomes.append(RuleOutcome(rule.code, "unchecked", "a cell holds no figure"))
            continue
        assert this.value is not None
        assert last.value is not None
        if this.value == last.value:
            outcomes.append(RuleOutcome(rule.code, "holds"))
            continue
        outcomes.append(RuleOutcome(rule.code, "fails"))
        now = finding_cells(this_table, [rule.this])
        before = finding_cells(last_table, [rule.previous])
        before = tuple(
            FindingCell(c.row, f"上年 {c.row_label}", c.column, c.column_label, c.value, c.text, c.line)
            for c in before
        )
        findings.append(
            AuditFinding(
                "carry",
                "error",
                rule.code,
                rule.text,
                f"{rule.text}: this year {this.value}, last year {last.value} "
                f"(difference {this.value - last.value})",
                now + before,
                this.value,
                "=",
                last.value,
                this.value - last.value,
                tuple(c.line for c in now if c.line is not None),
            )
        )
    return findings, outcomes
