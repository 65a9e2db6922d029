"""No input crashes the auditor: only an AuditResult or a NotAReportError comes out."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from opengov.audit import AuditResult, NotAReportError, audit

FIXTURES = Path(__file__).parent / "audit_fixtures"
REPORTS = Path(__file__).parents[1].parent / "shared" / "reports"
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("gov*"))]
if REPORTS.is_dir():
    SAMPLES += [
        p.read_text(encoding="utf-8") for p in sorted(REPORTS.rglob("*.txt")) if p.name != "README.md"
    ]

_ALPHABET = st.sampled_from(
    [*list('0123456789 \t\n|—/无一二三（）()、.申请公开总计自然人<>tdr="-\x0c'), "<td>", "<tr>", "</table>"]
)


def _survives(text: str, fmt: str = "auto") -> None:
    try:
        result = audit(text, format=fmt)
    except NotAReportError:
        return
    assert isinstance(result, AuditResult)
    result.to_text()
    result.to_json()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    """Arbitrary text."""
    _survives(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=300).map("".join), st.sampled_from(["auto", "gov2008", "gov2019", "gov2021"])
)
def test_report_like_text(text: str, fmt: str) -> None:
    """Text made of a report's characters, in every format."""
    _survives(text, fmt)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(range(len(SAMPLES))),
    st.sampled_from(["truncate", "shuffle", "drop", "duplicate", "mutate", "glue"]),
    st.integers(0, 2**32 - 1),
)
def test_mutated_reports(index: int, how: str, seed: int) -> None:
    """Real and fixture reports truncated, shuffled, with lines dropped, duplicated, mutated or glued."""
    rng = random.Random(seed)
    text = SAMPLES[index]
    lines = text.split("\n")
    if how == "truncate":
        text = text[: rng.randrange(len(text) + 1)]
    elif how == "shuffle":
        rng.shuffle(lines)
        text = "\n".join(lines)
    elif how == "drop":
        text = "\n".join(line for line in lines if rng.random() > 0.2)
    elif how == "duplicate":
        text = "\n".join(line for line in lines for _ in range(rng.choice((1, 1, 2))))
    elif how == "mutate":
        chars = list(text)
        for _ in range(20):
            if chars:
                chars[rng.randrange(len(chars))] = rng.choice("0123456789 —\n\t|/")
        text = "".join(chars)
    else:
        text = "".join(line if rng.random() > 0.3 else line.replace(" ", "") for line in lines)
    _survives(text)
