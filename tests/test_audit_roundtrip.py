"""The round-trip property: a table that satisfies its format's rules, rendered in any real layout, is read
back cell for cell (render → flatten → audit → same cells), and no rule fails.

Tables are drawn from the format declarations (tests/audit_layouts.py: leaves drawn, totals computed by the
rules), for every format the auditor detects — gov2008, gov2019, gov2021 and the Fujian templates. Where
the printed text alone does not fix a cell (run-together digits that several cuts fit, a number broken
over lines that several rejoinings fit), the auditor must say so — an ``ambiguous`` or ``unreadable``
warning naming the row, the cell left unread — and never read a different figure silently. Layouts whose
cells are separated (tabs, spaces, one node per cell) leave nothing to guess: every cell must come back.
Digits printed full-width (``１２３``), mixed with ASCII ones, read exactly as ASCII ones.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_layouts import LAYOUTS, Rendered, Values, consistent_tables
from opengov.audit import AuditFinding, AuditResult, audit_report
from opengov.formats import FORMATS, TEMPLATES, Format, get_format

ALL_FORMATS = sorted([*FORMATS, *TEMPLATES])
GUESSING = frozenset({"web_line", "text_nodes_broken"})
"""Layouts where the printed text may not fix a cell (run-together digits, numbers broken over lines)."""

_EXAMPLES = re.compile(r"\(e\.g\. ([\d ;]+)\)")


def _warned(result: AuditResult) -> list[AuditFinding]:
    return [f for f in result.findings if f.kind in ("ambiguous", "unreadable")]


def _names(finding: AuditFinding, label: str) -> bool:
    return label in finding.text or label in finding.message


def _check_witnesses(fmt: Format, finding: AuditFinding) -> None:
    """An ambiguity claim shows its readings: each must cut the printed digits into the row's columns."""
    match = _EXAMPLES.search(finding.message)
    if match is None:
        return
    digits = re.search(r"digits (\d+)", finding.message)
    assert digits is not None, finding.message
    readings = [r.split() for r in match.group(1).split(";")]
    assert len(readings) >= 2, finding.message
    for reading in readings:
        assert "".join(reading) == digits.group(1), finding.message
        assert all(p == "0" or not p.startswith("0") for p in reading), finding.message


def round_trip(fmt: Format, rendered: Rendered, *, guessing: bool, detect: bool = False) -> AuditResult:
    """Audit ``rendered`` and check every cell against what was rendered; returns the result."""
    result = audit_report(rendered.text, format="auto" if detect else fmt.key)
    assert result.format == fmt.key, result.report.detection
    assert not result.errors, result.to_text() + "\n---\n" + rendered.text
    warned = _warned(result)
    if not guessing:
        assert not warned, result.to_text() + "\n---\n" + rendered.text
    for finding in warned:
        _check_witnesses(fmt, finding)
    wrong = []
    for table in result.report.tables:
        spec = table.spec
        for cell in spec.cells():
            got = table.cells[cell]
            if cell[0] in rendered.absent:
                assert got.state == "missing", (cell, got)
                continue
            want = rendered.expected[cell]
            if want is None and got.state == "blank":
                continue
            if want is not None and got.state == "number" and got.value == want:
                continue
            label = spec.row(cell[0]).label
            said = got.state in ("ambiguous", "missing") and any(_names(f, label) for f in warned)
            if not (guessing and said):
                wrong.append(
                    f"{spec.key} {cell}: wrote {want!r}, read {got.state} {got.value!r} ({got.text!r})"
                )
    assert not wrong, "\n".join(wrong) + "\n---\n" + result.to_text() + "\n---\n" + rendered.text
    return result


@st.composite
def report_case(draw: st.DrawFn) -> tuple[str, Values, int]:
    """A format's key (short in a failure's report), a consistent table of it and a seed."""
    key = draw(st.sampled_from(ALL_FORMATS))
    return key, draw(consistent_tables(get_format(key))), draw(st.integers(0, 2**32 - 1))


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(rendered: Rendered, seed: int) -> Rendered:
    """``rendered`` with about half its digits printed full-width (``１２３``), as some pages print them."""
    rng = random.Random(seed)
    text = "".join(
        c.translate(_FULL_WIDTH) if c.isdigit() and rng.random() < 0.5 else c for c in rendered.text
    )
    return Rendered(text, rendered.expected, rendered.absent)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@settings(max_examples=20, deadline=None)
@given(case=report_case(), digits=st.sampled_from(["ascii", "mixed"]))
def test_round_trip(layout: str, case: tuple[str, Values, int], digits: str) -> None:
    """Every declared format, every layout: the same cells back, no rule failing, guesses said; for half the
    draws the format is detected from the text (and must be the one rendered); in ``mixed`` draws half the
    digits are printed full-width and must read exactly as ASCII ones."""
    key, values, seed = case
    fmt = get_format(key)
    rendered = LAYOUTS[layout](fmt, values, seed)
    if digits == "mixed":
        rendered = full_width(rendered, seed)
    round_trip(fmt, rendered, guessing=layout in GUESSING, detect=seed % 2 == 1)


@pytest.mark.parametrize("fmt_key", ALL_FORMATS)
def test_generated_tables_satisfy_their_rules(fmt_key: str) -> None:
    """The generator's own promise, checked with the declaration's rules."""
    fmt = get_format(fmt_key)

    @settings(max_examples=10, deadline=None)
    @given(consistent_tables(fmt))
    def check(values: Values) -> None:
        for rule in fmt.rules:
            assert rule.holds(values.__getitem__), rule.code

    check()
