"""The plain-text renderer: the seed's layout, held against the seed line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opengov.codec import load_events
from opengov.render import to_markdown, to_text
from opengov.report import build_report

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seeds/000_2b02ac06b51394ab.txt")


def _rows(lines: list[str]) -> list[tuple[str, str, str]]:
    """(label, unit, figure) of every table line, whitespace removed; repeated page headers dropped."""
    rows = []
    for line in lines:
        if "\t" not in line:
            continue
        cells = [re.sub(r"\s+", "", cell) for cell in line.split("\t")]
        cells += [""] * (3 - len(cells))
        if cells[:3] == ["统计指标", "单位", "统计数"]:
            continue
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def _table_lines(text: str) -> list[str]:
    start = text.index("统计指标\t单位\t统计数")
    end = text.index("单位负责人", start)
    return text[start:end].splitlines()


def _report_text() -> str:
    log = load_events(ROOT / "examples" / "wuzhong-kjj-2018.jsonl")
    return to_text(build_report(log, year=2018))  # contact and sign-off from the log's profile


def test_table_matches_the_seed_row_by_row() -> None:
    """Every row's label, unit and figure equals the seed's (blank where the seed is blank)."""
    if not SEED.is_file():
        pytest.skip(f"the seed report {SEED} is not on this machine")
    seed = _rows(_table_lines(SEED.read_text(encoding="utf-8")))
    ours = _rows(_table_lines(_report_text()))
    assert 65 == len(seed)
    assert seed == ours


def test_sections_table_and_sign_off_in_the_seed_order() -> None:
    """Title, preamble, six sections, the attachment, the table and the sign-off come in the seed's order."""
    text = _report_text()
    marks = [
        "吴忠市科学技术局\n\n2018年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》和《宁夏回族自治区实施〈中华人民共和国政府信息公开条例〉办法》规定",
        "邮编：751100",
        "一、总体公开工作情况概述",
        "二、主动公开政府信息情况",
        "三、推进“互联网+政务服务”工作情况",
        "四、人大代表建议和政协委员提案办理结果公开情况",
        "五、开展政策解读情况",
        "六、存在的问题及2019年工作思路",
        "附件：吴忠市科学技术局2018年度政府信息公开情况统计表",
        "填报单位（盖章）：吴忠市科学技术局",
        "统计指标\t单位\t统计数",
        "单位负责人：沙莉",
        "审核人：马学林",
        "填报人：豆斌科",
        "联系电话：2271436",
        "填报日期：2019年2月11日",
    ]
    positions = [text.index(mark) for mark in marks]
    assert sorted(positions) == positions


def test_matrix_table_has_group_header_lines() -> None:
    """Table 三 prints its three header lines and a 上年总计 column when last year is in the log."""
    log = load_events(ROOT / "examples" / "shifan-zrzyj-2024-2025.jsonl")
    text = to_text(build_report(log, year=2025, previous_year=True))
    assert "\t申请人情况\t\t\t\t\t\t\t上年总计\n" in text
    assert "一、本年新收政府信息公开申请数量\t5\t12\t8\t15\t7\t13\t60\t60\n" in text
    assert "注：上年总计为2024年数字" in text


def test_markdown_escapes_narrative_markup() -> None:
    """Markdown output escapes markup typed into the narrative."""
    log = load_events(ROOT / "examples" / "wuzhong-kjj-2018.jsonl")
    report = build_report(log, year=2018)
    section = report.sections[0]
    import attrs

    changed = attrs.evolve(section, paragraphs=("<script>x</script> *a* | b",))
    md = to_markdown(attrs.evolve(report, sections=(changed, *report.sections[1:])))
    assert "\\<script\\>x\\</script\\> \\*a\\* \\| b" in md
    assert "| 2. 政府网站公开政府信息数 | 条 | 90 |" in md
