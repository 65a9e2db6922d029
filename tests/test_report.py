"""The annual report model: sections, placeholders, findings, the previous year, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from opengov import events as ev
from opengov.cli import main
from opengov.codec import load_events
from opengov.events import ApplicationConcluded, Disposition, Event, NarrativeWritten
from opengov.report import (
    AgencyProfile,
    FindingKind,
    NarrativeError,
    ReportError,
    build_report,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@cache
def wuzhong() -> tuple[Event, ...]:
    return tuple(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"))


@cache
def shifan() -> tuple[Event, ...]:
    return tuple(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"))


def narrative(section: str, text: str, *, year: int = 2025, agency: str = "sf-zrzyj") -> NarrativeWritten:
    return NarrativeWritten(
        id=f"n-{section}-{abs(hash(text))}",
        agency=agency,
        at=dt.date(year + 1, 1, 20),
        year=year,
        section=section,
        text=text,
    )


def test_gov2008_sections_follow_the_log() -> None:
    """gov2008 sections are the agency's own, numbered in log order, with the seed's titles."""
    report = build_report(wuzhong(), year=2018)
    expected = [
        "一、总体公开工作情况概述",
        "二、主动公开政府信息情况",
        "三、推进“互联网+政务服务”工作情况",
        "四、人大代表建议和政协委员提案办理结果公开情况",
        "五、开展政策解读情况",
        "六、存在的问题及2019年工作思路",
    ]
    assert expected == [s.title for s in report.sections]
    assert report.attachment is not None
    assert "附件：吴忠市科学技术局2018年度政府信息公开情况统计表" == report.attachment.title
    assert ("吴忠市科学技术局", "2018年政府信息公开工作年度报告") == report.title_lines


def test_placeholders_resolve_from_table_and_facts() -> None:
    """The seed log's narrative placeholders resolve to the table's and the facts' figures."""
    report = build_report(wuzhong(), year=2018)
    proactive = report.sections[1].paragraphs[0]
    assert proactive.startswith("全年主动公开政府信息201条：通过市政府门户网站公开90条")
    assert "微信公众号关注用户38人，微博关注用户24人" in proactive
    assert () == report.findings


def test_sign_off_defaults_to_the_narrative_date() -> None:
    """Without a profile date, 填报日期 is the day of the year's last narrative."""
    assert dt.date(2019, 2, 11) == build_report(wuzhong(), year=2018).sign_off.filled_on


def test_profile_fills_preamble_and_sign_off() -> None:
    """The profile's contact details reach the preamble and its people the sign-off."""
    profile = AgencyProfile(contact_office="办公室", phone="0953-1", email="a@b.cn", head="沙莉")
    undeclared = [e for e in wuzhong() if not isinstance(e, ev.AgencyProfileDeclared)]
    report = build_report(undeclared, year=2018, profile=profile)
    assert report.preamble.text.endswith(
        "如对报告有疑问，请与办公室联系（联系电话：0953-1；电子邮箱：a@b.cn）。"
    )
    assert ("沙莉", "0953-1") == (report.sign_off.head, report.sign_off.phone)


def test_national_sections_hold_their_tables() -> None:
    """gov2021 has the six fixed sections, with tables 二, 三, 四 inside sections 二, 三, 四."""
    report = build_report(shifan(), year=2025)
    assert ["overview", "proactive", "applications", "disputes", "problems", "other"] == [
        s.key for s in report.sections
    ]
    assert ["applications"] == [t.key for t in report.sections[2].tables]
    assert ["disputes"] == [t.key for t in report.sections[3].tables]
    assert 4 == len(report.sections[1].tables)
    assert report.attachment is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新收{applications.new/total}件", "新收60件"),
        ("新收{applications.new}件", "新收60件"),
        ("自然人{applications.new/natural_person}件", "自然人5件"),
        ("收到{received}件，上年{previous.received}件", "收到60件，上年60件"),
        ("{year}年与{previous_year}年，{{不是占位符}}", "2025年与2024年，{不是占位符}"),
        ("收费{proactive.fees/amount}万元", "收费12.53万元"),
    ],
)
def test_placeholder_vocabulary(text: str, expected: str) -> None:
    """Row keys, row/column cells, bare matrix rows (总计), facts, previous.* and escaped braces resolve."""
    report = build_report([*shifan(), narrative("overview", text)], year=2025)
    assert (expected,) == report.sections[0].paragraphs


def test_unknown_placeholder_names_section_and_placeholder() -> None:
    """An unknown placeholder is an error naming the section and the placeholder, with a suggestion."""
    with pytest.raises(NarrativeError, match=r"section 'overview'.*\{recieved\}.*\{received\}"):
        build_report([*shifan(), narrative("overview", "收到{recieved}件")], year=2025)


def test_previous_placeholder_needs_last_year() -> None:
    """previous.* is an error where the log does not hold last year."""
    with pytest.raises(NarrativeError, match="2023"):
        build_report([*shifan(), narrative("overview", "{previous.received}", year=2024)], year=2024)


def test_typed_number_contradicting_table_is_a_finding() -> None:
    """收到申请17件 against a table of 60 is reported, naming the section and the placeholder to use."""
    report = build_report([*shifan(), narrative("overview", "全年共收到政府信息公开申请17件。")], year=2025)
    found = [f for f in report.findings if f.kind is FindingKind.NARRATIVE_CONTRADICTS_TABLE]
    assert 1 == len(found)
    assert "overview" == found[0].section
    assert "17" in found[0].message
    assert "60" in found[0].message
    assert "{received}" in found[0].message


def test_typed_number_agreeing_with_table_is_not_a_finding() -> None:
    """A typed number that agrees, and numbers in other patterns, are not reported."""
    text = "全年共收到申请60件，接待群众17人次，办理事项5项。"
    report = build_report([*shifan(), narrative("overview", text)], year=2025)
    assert [] == [f for f in report.findings if f.kind is FindingKind.NARRATIVE_CONTRADICTS_TABLE]


def test_seed_wording_against_seed_figures() -> None:
    """The seed's own sentences (网站公开信息90条, 政策解读材料12次) agree with its table."""
    log = [
        *wuzhong(),
        NarrativeWritten(
            id="seed-text",
            agency="wz-kjj",
            at=dt.date(2019, 2, 12),
            year=2018,
            section="interpretation",
            text="2018年，市科技局通过市政府网站公开信息90条。在政务公开网站发布政策解读材料 12 次。",
        ),
    ]
    report = build_report(log, year=2018)
    assert [] == [f for f in report.findings if f.kind is FindingKind.NARRATIVE_CONTRADICTS_TABLE]


def test_missing_narrative_and_late_answers_are_findings() -> None:
    """Fixed sections without text and answers after the deadline are listed."""
    without_text = [e for e in shifan() if not isinstance(e, NarrativeWritten)]
    kinds = [f.kind for f in build_report(without_text, year=2025).findings]
    assert 3 == kinds.count(FindingKind.MISSING_NARRATIVE)
    assert FindingKind.LATE_ANSWERS in kinds


def test_anomalies_are_findings() -> None:
    """An anomaly of the fold (a conclusion of an application never received) is a finding."""
    stray = ApplicationConcluded(
        id="stray",
        agency="sf-zrzyj",
        at=dt.date(2025, 3, 3),
        application_id="nope",
        disposition=Disposition.OTHER,
    )
    findings = build_report([*shifan(), stray], year=2025).findings
    assert any(f.kind is FindingKind.ANOMALY and f.event_id == "stray" for f in findings)


def test_previous_year_figures_beside_this_years() -> None:
    """Asked for, where the log holds last year, table 三 shows 上年总计 and carry-over is checked."""
    report = build_report(shifan(), year=2025, previous_year=True)
    table = report.table("applications")
    assert 2024 == report.previous_year == table.previous_year
    assert ("上年总计",) == table.previous_labels
    assert (3,) == table.row("applications.carried_forward").previous
    assert FindingKind.CARRY_OVER not in [f.kind for f in report.findings]


def test_official_layout_by_default() -> None:
    """By default no table has a previous-year column (the 〔2021〕30号 template has none); last year is
    still read (``previous.*`` placeholders resolve: test_placeholder_vocabulary)."""
    report = build_report(shifan(), year=2025)
    assert report.previous_year is None
    assert all(t.previous_labels == () and t.previous_year is None for t in report.tables())
    assert all(row.previous == () for t in report.tables() for row in t.rows)


def test_no_previous_year_when_log_lacks_it_or_asked() -> None:
    """No previous-year figures when the log does not hold last year, or when turned off."""
    assert build_report(wuzhong(), year=2018).previous_year is None
    assert build_report(shifan(), year=2024).previous_year is None
    report = build_report(shifan(), year=2025, previous_year=False)
    assert (None, ()) == (report.previous_year, report.table("applications").previous_labels)


def test_zero_prints_blank_in_gov2008_only() -> None:
    """gov2008 tables print zero blank (as the seed); gov2021 tables print 0."""
    assert build_report(wuzhong(), year=2018).table("statistics").blank_zero
    assert not build_report(shifan(), year=2025).table("applications").blank_zero


def test_amounts_stay_decimal() -> None:
    """Amounts in 万元 are Decimals in the model."""
    table = build_report(shifan(), year=2025).table("proactive.item8")
    assert Decimal("12.53") == table.figure("proactive.fees", "amount")


def test_section_without_title_is_an_error_unless_profiled() -> None:
    """A gov2008 section key with no known title is an error; a profile title fixes it."""
    log = [*wuzhong(), narrative("staffing", "人员{staff}名。", year=2018, agency="wz-kjj")]
    with pytest.raises(ReportError, match="staffing"):
        build_report(log, year=2018)
    report = build_report(log, year=2018, profile=AgencyProfile(section_titles={"staffing": "人员情况"}))
    assert ("七、人员情况", ("人员4名。",)) == (report.sections[-1].title, report.sections[-1].paragraphs)


def test_several_agencies_need_a_name() -> None:
    """A log of several agencies needs agency=; an unknown agency is an error listing the known ones."""
    log = [*wuzhong(), *shifan()]
    with pytest.raises(ReportError, match="several agencies"):
        build_report(log, year=2018)
    with pytest.raises(ReportError, match="sf-zrzyj, wz-kjj"):
        build_report(log, agency="nobody", year=2018)
    assert "吴忠市科学技术局" == build_report(log, agency="wz-kjj", year=2018).agency_name


def _run(argv: list[str]) -> int:
    return main(argv)


def test_cli_reads_jsonl_and_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """opengov report reads a JSONL file or a SQLite store and writes the chosen output."""
    from opengov.store import import_jsonl, open_store

    store = tmp_path / "s.sqlite"
    with open_store(store) as opened:
        import_jsonl(opened, EXAMPLES / "wuzhong-kjj-2018.jsonl")
    assert 0 == _run(["report", str(store), "--year", "2018"])
    from_store = capsys.readouterr().out
    assert 0 == _run(["report", str(EXAMPLES / "wuzhong-kjj-2018.jsonl"), "--year", "2018"])
    assert from_store == capsys.readouterr().out
    assert "统计指标\t单位\t统计数" in from_store


def test_cli_profile_and_binary_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--profile reads an AgencyProfile from JSON; -o writes binary outputs; findings go to stderr."""
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"head": "沙莉", "filled_on": "2019-02-11"}), encoding="utf-8")
    out = tmp_path / "r.docx"
    source = str(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl")
    assert 0 == _run(
        ["report", source, "--year", "2025", "--to", "docx", "-o", str(out), "--profile", str(profile)]
    )
    assert out.read_bytes().startswith(b"PK")
    assert "opengov: finding:" in capsys.readouterr().err
    assert 0 == _run(["report", source, "--year", "2025", "--to", "json", "--profile", str(profile)])
    assert "沙莉" == json.loads(capsys.readouterr().out)["sign_off"]["head"]


def test_profile_comes_from_the_log() -> None:
    """The seed log's AgencyProfileDeclared gives the preamble's contact and the sign-off."""
    report = build_report(wuzhong(), year=2018)
    expected = ("751100", "沙莉", "2271436", dt.date(2019, 2, 11))
    actual = (
        report.preamble.post_code,
        report.sign_off.head,
        report.sign_off.phone,
        report.sign_off.filled_on,
    )
    assert expected == actual


def test_given_profile_overrides_the_log_field_by_field() -> None:
    """A field set in the given AgencyProfile wins; the fields it leaves out still come from the log."""
    report = build_report(wuzhong(), year=2018, profile=AgencyProfile(head="张三"))
    expected = ("张三", "马学林", "751100")
    assert expected == (report.sign_off.head, report.sign_off.reviewer, report.preamble.post_code)


def test_profile_of_another_year_is_not_used() -> None:
    """A profile declared for 2018 does not sign the 2019 report."""
    later = [*wuzhong(), ev.MeetingHeld(id="m2019", agency="wz-kjj", at=dt.date(2019, 3, 1))]
    report = build_report(later, year=2019, format="gov2019")
    expected = (None, None)
    assert expected == (report.preamble.post_code, report.sign_off.head)
