"""Fuzzing the auditor in each real layout, on tables drawn from the format declarations.

Two promises, for every layout of tests/audit_layouts.py and every declared format (a third, that
full-width digits read as ASCII ones, is part of the round trip: ``test_audit_roundtrip.py``):

- whatever is done to a report (garbage, truncation, duplicated or missing rows, shuffled chrome, stray
  digits), the auditor returns a verdict or refuses the text as not a report (:class:`NotAReportError`) —
  no other exception, and the verdict renders as text and JSON;
- one figure of an otherwise valid table changed so that a rule breaks is never passed silently: a finding
  names that cell (a rule finding) or its row (a split, ambiguity or unreadable finding), or — where digits
  run together — the report is found inconsistent (a neighbouring row's digits fit no reading), or the
  reader found another reading that satisfies the rules and says it assumed them.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_layouts import LAYOUTS, Values
from opengov.audit import AuditResult, audit_report
from opengov.formats import CellRef, Format, get_format
from test_audit_fuzz import survives
from test_audit_roundtrip import GUESSING, report_case

_GARBAGE = ["\x0c", "\t", "|", "—", "/", "无", "0", "12", "（", "一、", "<td>", "</tr>", "   ", "\r\n"]
_GARBAGE += ["总计", "万元", "１２", "条"]


def _survives(text: str, fmt: Format) -> None:
    """Read as the format it was written in, and with the format detected."""
    survives(text, fmt.key)
    survives(text, "auto")


def _mangle(text: str, how: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if how == "truncate":
        return text[: rng.randrange(len(text) + 1)]
    if how == "garbage":
        chars = list(text)
        for _ in range(rng.randrange(1, 30)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(_GARBAGE))
        return "".join(chars)
    if how == "duplicate":
        if len(lines) > 3:
            return "\n".join(line for line in lines for _ in range(rng.choice((1, 1, 1, 2))))
        at = rng.randrange(len(text))  # one-line text: a stretch repeated
        return text[:at] + text[at : at + rng.randrange(1, 80)] + text[at:]
    if how == "drop":
        if len(lines) > 3:
            return "\n".join(line for line in lines if rng.random() > 0.1)
        at = rng.randrange(len(text))
        return text[:at] + text[at + rng.randrange(1, 80) :]
    if how == "shuffle":  # chrome and header lines moved about, the table's order kept
        if len(lines) > 3:
            head, body = lines[: len(lines) // 4], lines[len(lines) // 4 :]
            rng.shuffle(head)
            return "\n".join(body[:1] + head + body[1:])
        words = text.split(" ")
        rng.shuffle(words)
        return " ".join(words)
    if how == "digits":  # stray digits replacing characters
        chars = list(text)
        for _ in range(rng.randrange(1, 20)):
            chars[rng.randrange(len(chars))] = rng.choice("0123456789")
        return "".join(chars)
    raise AssertionError(how)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@settings(max_examples=12, deadline=None)
@given(
    case=report_case(), how=st.sampled_from(["truncate", "garbage", "duplicate", "drop", "shuffle", "digits"])
)
def test_mangled_reports_get_a_verdict(layout: str, case: tuple[str, Values, int], how: str) -> None:
    """Garbage, truncation, duplicated and missing rows, shuffled chrome, stray digits: no crash."""
    key, values, seed = case
    fmt = get_format(key)
    rendered = LAYOUTS[layout](fmt, values, seed)
    _survives(_mangle(rendered.text, how, random.Random(seed)), fmt)


def _breaking(fmt: Format, values: Values, cell: CellRef) -> bool:
    """Whether ``values`` break a rule reading ``cell``."""
    return any(cell in rule.cells and not rule.holds(values.__getitem__) for rule in fmt.rules)


def _named(result: AuditResult, fmt: Format, cell: CellRef) -> bool:
    label = fmt.table_of_row(cell[0]).row(cell[0]).label
    for finding in result.findings:
        if any((c.row, c.column) == cell for c in finding.cells):
            return True
        if finding.kind != "rule" and (label in finding.text or label in finding.message):
            return True
    return False


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@settings(max_examples=15, deadline=None)
@given(case=report_case(), data=st.data())
def test_a_figure_that_breaks_a_rule_is_never_passed_silently(
    layout: str, case: tuple[str, Values, int], data: st.DataObject
) -> None:
    """One figure changed: if that breaks a rule, a finding names the cell or its row — or, where digits
    run together, the reader read another consistent table and marked the rules it assumed."""
    key, values, seed = case
    fmt = get_format(key)
    cells = sorted(c for c in values if isinstance(values[c], int) and any(c in r.cells for r in fmt.rules))
    cell = data.draw(st.sampled_from(cells))
    changed = dict(values)
    old = values[cell]
    assert isinstance(old, int)
    changed[cell] = data.draw(st.integers(0, max(20, old * 3)).filter(lambda v: v != old))
    if layout == "tabbed":  # zeros printed as 0: a blank cell is "not reported", and its rules unchecked
        rendered = LAYOUTS["tabbed"](fmt, changed, 1)
    else:
        rendered = LAYOUTS[layout](fmt, changed, seed)
    if cell[0] in rendered.absent or not _breaking(fmt, changed, cell):
        return
    result = audit_report(rendered.text, format=fmt.key)
    if _named(result, fmt, cell):
        assert not result.ok or any(f.severity == "warning" for f in result.findings), result.to_text()
        return
    silent = f"{cell} = {changed[cell]} passed silently:\n{result.to_text()}\n{rendered.text}"
    assert layout in GUESSING, silent
    if not result.ok:  # run-together digits: a neighbouring row's split fails the rules instead
        return
    table = result.report.table(fmt.table_of_row(cell[0]).key)
    row = [(cell[0], c.key) for c in table.spec.columns]
    read = [table.cells[c] for c in row]
    assert [c.value for c in read] != [changed[c] for c in row], result.to_text()
    assert all(c.assumed for c in read), result.to_text()
