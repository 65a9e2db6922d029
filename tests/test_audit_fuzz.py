"""No input crashes the auditor: only an AuditResult or a NotAReportError comes out."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from opengov.audit import AuditResult, NotAReportError, audit_report

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


def survives(text: str, fmt: str = "auto") -> AuditResult | None:
    """The documented outcomes only: a result that renders as text and JSON, or NotAReportError."""
    try:
        result = audit_report(text, format=fmt)
    except NotAReportError:
        return None
    assert isinstance(result, AuditResult)
    result.to_text()
    result.to_json()
    return result


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    """Arbitrary text."""
    survives(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=300).map("".join), st.sampled_from(["auto", "gov2008", "gov2019", "gov2021"])
)
def test_report_like_text(text: str, fmt: str) -> None:
    """Text made of a report's characters, in every format."""
    survives(text, fmt)


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
    survives(text)


# Issue 12.3: one long line must neither crash the reader (Python refuses to convert more than 4,300 digits to
# an int) nor stall it (the digit splitter used to try every cut of the run).
_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "（七）总计",
    "行政复议",
    "收到申请数",
    "主动公开文件数",
    "行政规范性文件",
]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(_LABELS),
    st.integers(1, 20_000),
    st.sampled_from("0123456789"),
    st.sampled_from(["auto", "gov2008", "gov2019", "gov2021"]),
    st.booleans(),
)
def test_long_digit_runs(label: str, length: int, digit: str, fmt: str, titled: bool) -> None:
    """A row label followed by up to 20,000 digits: a reading or "not a report", never a traceback."""
    head = "三、收到和处理政府信息公开申请情况\n" if titled else ""
    survives(f"{head}{label}{digit * length}\n（七）总计{'9' * (length // 2 + 1)}\n", fmt)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, len(SAMPLES) - 1), st.integers(50, 6_000), st.integers(0, 2**32 - 1))
def test_long_lines_in_reports(index: int, length: int, seed: int) -> None:
    """A real report with one of its lines extended by thousands of random digits."""
    rng = random.Random(seed)
    lines = SAMPLES[index].split("\n")
    at = rng.randrange(len(lines))
    lines[at] += "".join(rng.choice("0123456789") for _ in range(length))
    survives("\n".join(lines))


def test_4400_digits_is_unreadable_not_a_crash() -> None:
    """The probe's input: exit 2's error (NotAReportError), not Python's int-size ValueError."""
    text = "一、本年新收政府信息公开申请数量" + "1" * 4400
    try:
        result = audit_report(text, format="gov2021")
    except NotAReportError:
        return
    assert not any("4400" in f.message and len(f.message) > 400 for f in result.findings)


def test_a_long_run_is_reported_unreadable_for_its_row() -> None:
    """A run longer than cells × widest cell is refused for that row; the other rows are read."""
    text = (
        "三、本年度办理结果\n"
        "一、本年新收政府信息公开申请数量" + "7" * 70 + "\n"
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    )
    result = audit_report(text, format="gov2021")
    unreadable = [f for f in result.findings if f.kind == "unreadable"]
    assert len(unreadable) == 1
    assert "本年新收" in unreadable[0].text
    assert "70 digits" in unreadable[0].message
    table = result.report.table("applications")
    assert table.cells[("applications.carried_in", "total")].value == 1
