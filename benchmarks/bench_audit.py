"""Time :func:`opengov.audit.audit` on inputs of 1, 2, 5 and 10 MB and check it grows linearly.

Each input is a fixture report whose narrative is padded with report-like paragraphs (numbers, labels
quoted in prose, page footers) and whose table 三 region carries extra label-like lines, up to the size
wanted. Run: ``.venv/bin/python benchmarks/bench_audit.py``. Prints seconds per size and the ratio of the
10 MB time to ten times the 1 MB time (about 1 for linear time).

A second series times one row label followed by one run of 1,000 to 64,000 digits (issue 12.3: the digit
splitter was quadratic there, and crashed past 4,300 digits), and prints the ratio of the longest run's
time to 64 times the shortest's.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from opengov.audit import NotAReportError, audit_report

ROOT = Path(__file__).parents[1]
BASE = (ROOT / "tests" / "audit_fixtures" / "gov2021_layout.txt").read_text(encoding="utf-8")
PARAGRAPH = (
    "   2024 年，本机关受理群众来信 12 件，办理人大建议 3 件，发布政策解读 21 篇，\n"
    "在政府网站平台主动公开各类政府信息 1136 条，其中涉及行政许可事项 550 项。\n"
    "                                   -7-\n\f"
    "   （一）主动公开情况。进一步规范行政规范性文件的制发、备案和公开流程。\n"
)
TABLE_NOISE = "                  （三）不予公开\n          说明：本表数据截至 12 月 31 日\n"


def make(megabytes: float) -> str:
    """A report of about ``megabytes`` MB (UTF-8)."""
    target = int(megabytes * 1_000_000)
    head, tail = BASE.split("三、收到和处理政府信息公开申请情况", 1)
    size = len(BASE.encode("utf-8"))
    per = len(PARAGRAPH.encode("utf-8"))
    noise = len(TABLE_NOISE.encode("utf-8"))
    filler = max(0, target - size) * 9 // 10 // per
    in_table = max(0, target - size) // 10 // noise
    first, _, rest = tail.partition("\n")
    return (
        head
        + PARAGRAPH * filler
        + "三、收到和处理政府信息公开申请情况"
        + first
        + "\n"
        + TABLE_NOISE * in_table
        + rest
    )


def long_line(digits: int) -> str:
    """A table title, a row label and ``digits`` run-together digits on one line."""
    return (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量"
        + "1234567890" * (digits // 10)
        + "\n"
    )


def _time_long_lines() -> None:
    timings: dict[int, float] = {}
    for digits in (1_000, 4_000, 16_000, 64_000):
        text = long_line(digits)
        start = time.perf_counter()
        for _ in range(20):
            with contextlib.suppress(NotAReportError):
                audit_report(text, format="gov2021")
        timings[digits] = (time.perf_counter() - start) / 20
        print(f"{digits:6d} digits on one line: {timings[digits] * 1000:8.2f} ms")
    ratio = timings[64_000] / (64 * timings[1_000])
    print(f"ratio t(64k digits) / (64 × t(1k digits)) = {ratio:.2f}  (≤1 for at most linear time)")


def main() -> None:
    timings: dict[float, float] = {}
    for megabytes in (1, 2, 5, 10):
        text = make(megabytes)
        start = time.perf_counter()
        result = audit_report(text)
        elapsed = time.perf_counter() - start
        timings[megabytes] = elapsed
        mb = len(text.encode("utf-8")) / 1e6
        print(f"{mb:6.2f} MB: {elapsed:6.2f} s  ({elapsed / mb:5.2f} s/MB)  consistent={result.ok}")
    ratio = timings[10] / (10 * timings[1])
    print(f"ratio t(10 MB) / (10 × t(1 MB)) = {ratio:.2f}  (≈1 for linear time)")
    _time_long_lines()


if __name__ == "__main__":
    main()
