"""Time :func:`opengov.audit.audit` on inputs of 1, 2, 5 and 10 MB and check it grows linearly.

Each input is a fixture report whose narrative is padded with report-like paragraphs (numbers, labels
quoted in prose, page footers) and whose table 三 region carries extra label-like lines, up to the size
wanted. Run: ``.venv/bin/python benchmarks/bench_audit.py``. Prints seconds per size and the ratio of the
10 MB time to ten times the 1 MB time (about 1 for linear time).

A second series times one row label followed by one run of 1,000 to 64,000 digits (issue 12.3: the digit
splitter was quadratic there, and crashed past 4,300 digits), and prints the ratio of the longest run's
time to 64 times the shortest's.

A third series times the readers of issue 10 on the layouts they read — web-page text with the whole body
on one line (a crawler header, then chrome, narrative and every table run together on the same line) and
one HTML text node per line — at 1×, 4× and 16× a base of about 64 KB, grown by repeating the narrative
and chrome around the tables (on the one line, or as more nodes). For each it prints the time per KB, the
ratio t(16×) / (16 × t(1×)), and, as a reference measured in the same run on the same text, one linear pass
of Python over it (every character looked at once): the audit-to-reference ratio stays flat, or falls, when
the audit is linear, whatever the machine's load. ``--quick`` runs the third series only (a few seconds).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
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


CRAWLER = (
    "标题: 测试县人民政府2024年政府信息公开工作年度报告\n发布时间: 2025-01-20 09:00\n文号: \n"
    "发布机构: 测试县人民政府办公室\n栏目: 政府信息公开年报\n"
    "原文链接: https://www.example.gov.cn/zfxxgknb/202501/t20250120_1.htm\n"
    "==================== 正文 ====================\n"
)
CHROME = "当前位置：首页 > 政务公开 > 政府信息公开年报 > 正文 【字体：大 中 小】 打印本页 关闭窗口 "
NARRATIVE = (
    "2024年，本机关受理群众来信12件，办理人大建议3件、政协提案4件，发布政策解读21篇，"
    "在政府网站平台主动公开各类政府信息1136条，其中涉及行政许可事项550项，行政处罚56件。"
    "（一）主动公开情况。进一步规范行政规范性文件的制发、备案和公开流程，2024年12月31日前完成清理。"
)
BASE_KB = 64
GLUED = (ROOT / "tests" / "audit_fixtures" / "gov2021_glued.txt").read_text(encoding="utf-8")
ONE_CELL = (ROOT / "tests" / "audit_fixtures" / "gov2021_one_cell.txt").read_text(encoding="utf-8")


def _split_at_tables(text: str) -> tuple[str, str, str]:
    """Head (title, narrative), tables, tail (sections after the tables) of a fixture report."""
    start = text.index("二、主动公开政府信息情况")
    end = text.index("五、存在的主要问题及改进情况")
    return text[:start], text[start:end], text[end:]


def web_line(factor: int) -> str:
    """Web-page text: a crawler header, then everything else on one line, about ``factor`` × 64 KB."""
    head, tables, tail = _split_at_tables(GLUED)
    one = lambda part: part.replace("\n", "")  # noqa: E731
    unit = len((CHROME + NARRATIVE).encode("utf-8"))
    repeat = max(1, factor * BASE_KB * 1000 // unit // 2)
    pad = (CHROME + NARRATIVE) * repeat
    return CRAWLER + one(head) + pad + one(tables) + one(tail) + pad


def text_nodes(factor: int) -> str:
    """One text node per line (CRLF, as saved pages are), narrative nodes around the tables, about
    ``factor`` × 64 KB; the narrative's nodes include bare numbers, as dates broken into nodes do."""
    head, tables, tail = _split_at_tables(ONE_CELL)
    nodes = [*NARRATIVE.split("，"), "2025", "年", "1", "月", "20", "日", CHROME]
    block = "\r\n".join(nodes) + "\r\n"
    repeat = max(1, factor * BASE_KB * 1000 // len(block.encode("utf-8")) // 2)
    crlf = lambda part: part.replace("\n", "\r\n")  # noqa: E731
    return crlf(head) + block * repeat + crlf(tables) + crlf(tail) + block * repeat


def _best(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _reference(text: str) -> int:
    """One linear pass over the text in Python (every character looked at once): the floor of reading it."""
    return sum(1 for char in text if char.isdigit())


def time_layouts(rounds: int = 5) -> dict[str, float]:
    """The issue-10 readers at 1×, 4× and 16× their base size; returns each layout's linearity ratio."""
    ratios: dict[str, float] = {}
    for name, make_text in (("web page, one line", web_line), ("one text node per line", text_nodes)):
        per_kb: dict[int, float] = {}
        to_reference: dict[int, float] = {}
        for factor in (1, 4, 16):
            text = make_text(factor)
            result = audit_report(text, format="gov2021")
            assert result.report.table("applications").found, name
            kb = len(text.encode("utf-8")) / 1000
            audit = _best(lambda text=text: audit_report(text, format="gov2021"), rounds)
            reference = _best(lambda text=text: _reference(text), rounds)
            per_kb[factor] = audit / kb
            to_reference[factor] = audit / reference
            print(
                f"{name:24} {factor:2d}× {kb:8.0f} KB: audit {audit * 1000:8.1f} ms "
                f"({audit / kb * 1e6:6.1f} µs/KB); reference {reference * 1000:6.1f} ms; "
                f"audit / reference {audit / reference:6.1f}; consistent={result.ok}"
            )
        ratios[name] = per_kb[16] / per_kb[1]
        print(
            f"{name:24} ratio t(16×) / (16 × t(1×)) = {ratios[name]:.2f}  (≈1 for linear time); "
            f"audit / reference at 16× over at 1× = {to_reference[16] / to_reference[1]:.2f}"
        )
    return ratios


def main() -> None:
    if "--quick" in sys.argv[1:]:
        time_layouts()
        return
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
    time_layouts()


if __name__ == "__main__":
    main()
