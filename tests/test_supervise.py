"""The supervisor's view: indicators defined once, a minimum number of cases, the summed tables, the
overdue and due-soon applications across agencies, and its text, CSV, HTML and Word forms."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import weakref
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import attrs
import docx
import pytest

from opengov.cli import main
from opengov.codec import load_events
from opengov.events import Event, EventRetracted, MeetingHeld
from opengov.render.supervision import supervision_csv, supervision_docx, supervision_html, supervision_text
from opengov.supervise import INDICATORS, MINIMUM_CASES, build_supervisor_view

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIFAN = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"


def _copy(events: list[Event], agency: str, name: str) -> list[Event]:
    """The same history under another agency id (and name, where an event carries one)."""
    out = []
    for event in events:
        changes: dict[str, object] = {"agency": agency, "id": f"{agency}-{event.id}"}
        if hasattr(event, "name") and event.agency == "sf-zrzyj" and isinstance(event.name, str):
            changes["name"] = name
        out.append(attrs.evolve(event, **changes))  # type: ignore[misc]
    return out


def test_indicators_of_the_example_agency() -> None:
    """2025 table 三 of the example: 予以公开 34, 部分公开 9, 总计 61; one late answer; 2 reconsiderations."""
    view = build_supervisor_view(load_events(SHIFAN), year=2025, as_of=dt.date(2025, 12, 31))
    (row,) = view.agencies
    assert Fraction(34 + 9, 61) == row.values["substantive_disclosure"]
    assert "70.5%" == row.shown("substantive_disclosure")
    assert Fraction(1, 61) == row.values["late_answers"]
    assert 61 == row.cases["median_working_days"]
    assert row.values["median_working_days"] == row.timeliness.median
    assert (2, None, "—") == (
        row.cases["reconsideration_corrected"],
        row.values["reconsideration_corrected"],
        row.shown("reconsideration_corrected"),
    )  # fewer cases than the declared minimum: no rate


def test_minimum_cases_is_declared_once_per_indicator() -> None:
    """Every indicator carries its minimum; the default is MINIMUM_CASES, and the definitions are data."""
    assert {MINIMUM_CASES} == {i.minimum for i in INDICATORS}
    assert MINIMUM_CASES >= 5
    assert "(予以公开 + 部分公开) / 办结" == INDICATORS[0].definition


def test_region_sums_and_recomputes() -> None:
    """Two agencies: the region's counts are sums, its rates and median recomputed from the whole."""
    log = list(load_events(SHIFAN))
    both = [*log, *_copy(log, "other", "另一机关")]
    view = build_supervisor_view(both, year=2025, as_of=dt.date(2025, 12, 20))
    assert ["other", "sf-zrzyj"] == [a.agency for a in view.agencies]
    assert 122 == view.region.counts["concluded"]
    assert Fraction(86, 122) == view.region.values["substantive_disclosure"]
    assert view.rollup["applications.total", "total"] == 122
    assert 2 * 61 == len(view.region.timeliness.durations)
    assert 4 == view.region.cases["reconsideration_corrected"]


def test_overdue_and_due_soon_across_agencies() -> None:
    """On 2025-12-20 the example has two open applications, 6 and 12 working days left."""
    log = list(load_events(SHIFAN))
    both = [*log, *_copy(log, "other", "另一机关")]
    soon = build_supervisor_view(both, year=2025, as_of=dt.date(2025, 12, 20), within=6)
    assert [("other", "2025-057"), ("sf-zrzyj", "2025-057")] == sorted(
        (a.agency, a.application_id) for a in soon.due_soon
    )
    assert () == soon.overdue
    later = build_supervisor_view(both, year=2025, as_of=dt.date(2026, 3, 31))
    assert all(a.overdue for a in later.overdue)


def test_forms() -> None:
    """Text, CSV, HTML and Word show the same indicators; the CSV holds the charts' numbers."""
    view = build_supervisor_view(load_events(SHIFAN), year=2025, as_of=dt.date(2025, 12, 20), within=6)
    text = supervision_text(view)
    assert "示范市自然资源局\t70.5%\t1.6%\t11\t—\t—" in text
    assert "实质公开率：(予以公开 + 部分公开) / 办结" in text
    rows = list(csv.reader(io.StringIO(supervision_csv(view).removeprefix("\ufeff"))))
    assert ["section", "agency", "name", "measure", "label", "value", "cases"] == rows[0]
    indicator = next(
        r for r in rows if r[:4] == ["indicator", "sf-zrzyj", "示范市自然资源局", "substantive_disclosure"]
    )
    assert ("0.704918", "61") == (indicator[5], indicator[6])
    bands = [int(r[5]) for r in rows if r[:2] == ["answer_days", "sf-zrzyj"]]
    assert 61 == sum(bands)
    assert any(r[:1] == ["due_soon"] and r[3] == "2025-057" for r in rows)
    html = supervision_html(view)
    assert 'data-key="substantive_disclosure"' in html
    assert "70.5%" in html
    document = docx.Document(io.BytesIO(supervision_docx(view)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "70.5%" in cells
    assert "2025-057" in cells


def test_excel_form_keeps_figures_as_numbers() -> None:
    """The workbook: indicators as numbers (a rate as a share with a percentage format, ``—`` as text
    below the minimum), the region last, definitions, the overdue and due-soon lists with real dates, and
    the summed tables a section a sheet (two copies of the example: table 三's 总计 is 2 × 61)."""
    import openpyxl

    from opengov.render.supervision import supervision_xlsx

    log = list(load_events(SHIFAN))
    both = [*log, *_copy(log, "other", "另一机关")]
    view = build_supervisor_view(both, year=2025, as_of=dt.date(2026, 3, 31))
    assert view.overdue  # the 2025 applications still open on 31 March 2026
    book = openpyxl.load_workbook(io.BytesIO(supervision_xlsx(view)))
    assert [
        "指标",
        "指标口径",
        "督办",
        "汇总 二、主动公开政府信息情况",
        "汇总 三、收到和处理政府信息公开申请情况",
        "汇总 四、政府信息公开行政复议、行政诉讼情况",
    ] == book.sheetnames
    sheet = book["指标"]
    assert "2025年度政府信息公开工作监督概览（2个机关）" == sheet["A1"].value
    assert ["机关", "实质公开率", "逾期答复占比", "答复用时中位数", "复议纠错率", "诉讼纠错率"] == [
        c.value for c in sheet[3]
    ]
    assert ["另一机关", "示范市自然资源局", "合计"] == [sheet.cell(row=r, column=1).value for r in (4, 5, 6)]
    share = sheet["B6"]
    assert (86 / 122, "0.0%") == (share.value, share.number_format)
    assert (11, "0.0") == (sheet["D4"].value, sheet["D4"].number_format)
    # the region has 4 reconsiderations, fewer than the minimum of 10: no rate, as in the other forms
    assert ("—", "—", "—") == (sheet["E4"].value, sheet["E5"].value, sheet["E6"].value)
    assert (
        "实质公开率：(予以公开 + 部分公开) / 办结（少于10件不计算，显示为“—”）"
        == book["指标口径"]["A3"].value
    )
    rows = list(book["督办"].iter_rows(values_only=True))
    assert ("机关", "申请编号", "收到日期", "答复期限", "剩余工作日") == rows[3]
    # the header row in view while scrolling and on each printed page, on both long sheets
    assert ("A5", "$4:$4") == (book["督办"].freeze_panes, book["督办"].print_title_rows)
    assert ("B4", "$3:$3") == (book["指标"].freeze_panes, book["指标"].print_title_rows)
    overdue = rows[4 : 4 + len(view.overdue)]
    first = view.overdue[0]
    assert (
        "另一机关" if first.agency == "other" else "示范市自然资源局",
        first.application_id,
        dt.datetime.combine(first.receipt, dt.time()),
        first.working_days_left,
    ) == (overdue[0][0], overdue[0][1], overdue[0][2], overdue[0][4])
    assert all(row[4] < 0 for row in overdue)
    table3 = list(book["汇总 三、收到和处理政府信息公开申请情况"].iter_rows(values_only=True))
    assert "填报单位：2个机关    统计期限：2025年1月1日至2025年12月31日" == table3[1][0]
    assert ("（一）予以公开", 4, 16, 6, 18, 8, 16, 68) == table3[10]  # the example's 2, 8, 3, 9, 4, 8: 34
    assert ("（七）总计", 10, 24, 14, 30, 16, 28, 122) == next(
        row for row in table3 if row[0] == "（七）总计"
    )


def test_charts_in_html_and_word() -> None:
    """With matplotlib, three charts: SVG in the HTML page, pictures in the Word document."""
    pytest.importorskip("matplotlib", reason="the charts extra (matplotlib) is not installed")
    view = build_supervisor_view(load_events(SHIFAN), year=2025, as_of=dt.date(2025, 12, 20))
    html = supervision_html(view)
    assert 3 == html.count('<figure class="ogs-chart">')
    assert html.count("<svg") >= 3
    document = docx.Document(io.BytesIO(supervision_docx(view)))
    assert 3 == len(document.inline_shapes)
    paragraphs = document.paragraphs
    pictures = [i for i, p in enumerate(paragraphs) if "<pic:pic" in p._p.xml]
    assert [(True, True)] * 3 == [
        (paragraphs[i].paragraph_format.keep_with_next, paragraphs[i].paragraph_format.keep_together)
        for i in pictures
    ]  # each picture keeps with its caption, the next paragraph
    captions = [paragraphs[i + 1] for i in pictures]
    assert ["Caption"] * 3 == [c.style.name for c in captions]
    assert ["图1", "图2", "图3"] == [c.text.split("　")[0] for c in captions]
    assert captions[1].text == "图2　答复用时分布（全部机关）"


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``opengov rollup`` writes every form."""
    assert 0 == main(["rollup", str(SHIFAN), "--year", "2025", "--as-of", "2025-12-20", "--within", "6"])
    out = capsys.readouterr().out
    assert "2025年度政府信息公开工作监督概览（1个机关）" in out
    assert "6个工作日内到期（1件）" in out
    target = tmp_path / "view.docx"
    assert 0 == main(
        ["rollup", str(SHIFAN), "--year", "2025", "--as-of", "2025-12-20", "--to", "docx", "-o", str(target)]
    )
    assert target.read_bytes().startswith(b"PK")


def test_gov2008_tables_feed_the_same_indicators() -> None:
    """A gov2008 year reads 申请答复数, 属于已主动公开范围 + 同意公开, 同意部分公开 and 四、行政复议."""
    from opengov.tables import build_table

    log = load_events(SHIFAN)
    view = build_supervisor_view(log, year=2025, as_of=dt.date(2025, 12, 31), format="gov2008")
    (row,) = view.agencies
    table = build_table(log, year=2025, format="gov2008")
    assert table["applications.answered"] == row.counts["concluded"]
    disclosed = table["applications.answered.already_public"] + table["applications.answered.disclosed"]
    assert disclosed == row.counts["disclosed"]
    assert table["applications.answered.partially_disclosed"] == row.counts["partially_disclosed"]
    assert row.values["substantive_disclosure"] is not None
    assert 2 == row.counts["reconsideration_decided"]


def test_every_agencys_tables_as_one_csv(capsys: pytest.CaptureFixture[str]) -> None:
    """``--to tables-csv``: every table of every agency for the year, one tidy line per figure."""
    log = list(load_events(SHIFAN))
    both = [*log, *_copy(log, "other", "另一机关")]
    view = build_supervisor_view(both, year=2025, as_of=dt.date(2025, 12, 20))
    from opengov.render.supervision import statistics_of

    rows = list(csv.DictReader(io.StringIO(statistics_of(view).removeprefix("\ufeff"))))
    assert {"other", "sf-zrzyj"} == {r["agency"] for r in rows}
    assert len(rows) % 2 == 0
    assert 0 == main(["rollup", str(SHIFAN), "--year", "2025", "--as-of", "2025-12-20", "--to", "tables-csv"])
    assert "applications.new,一、本年新收政府信息公开申请数量" in capsys.readouterr().out


def test_tall_charts_fit_the_page() -> None:
    """A chart of many agencies is scaled to the landscape type area (150 mm high at most)."""
    pytest.importorskip("matplotlib", reason="the charts extra (matplotlib) is not installed")
    log = list(load_events(SHIFAN))
    many = [e for n in range(25) for e in _copy(log, f"a{n:02d}", f"机关{n}")]
    document = docx.Document(
        io.BytesIO(supervision_docx(build_supervisor_view(many, year=2025, as_of=dt.date(2025, 12, 31))))
    )
    for shape in document.inline_shapes:
        assert shape.height.mm <= 150.5
        assert shape.width.mm <= 240.5


def test_chart_labels_are_short_and_one_bar_per_agency() -> None:
    """A bar's label is the agency's name on one line, cut to 24 characters; two agencies of one name keep
    a bar each (bars are placed by position, not by label)."""
    pytest.importorskip("matplotlib", reason="the charts extra (matplotlib) is not installed")
    from opengov.render.charts import charts_svg

    log = list(load_events(SHIFAN))
    long = "局" * 100 + "\t尾"
    same = [*_copy(log, "a", long), *_copy(log, "b", long)]
    svg = next(iter(charts_svg(build_supervisor_view(same, year=2025, as_of=dt.date(2025, 12, 31))).values()))
    assert 2 == svg.count("局" * 23 + "…")  # two ticks: a label of its own for each agency
    assert "局" * 24 not in svg


def test_rollup_of_a_generated_benchmark_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``benchmarks/generate.py``'s log, scaled down to 40 agencies (``make bench`` renders the 1,000-agency
    one: benchmarks/bench_rollup.py): every ``rollup --to`` form is written and reads back whole."""
    import subprocess
    import sys

    from opengov.render.supervision import SUPERVISION_RENDERERS

    log = tmp_path / "log.jsonl"
    generate = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    subprocess.run(
        [
            sys.executable,
            str(generate),
            str(log),
            "--agencies",
            "40",
            "--events-per-agency",
            "200",
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
    )
    common = ["rollup", str(log), "--year", "2024", "--as-of", "2024-12-31"]
    written = {}
    for form in SUPERVISION_RENDERERS:
        target = tmp_path / f"rollup.{form}"
        assert 0 == main([*common, "--to", form, "-o", str(target)]), capsys.readouterr().err
        written[form] = target
    assert "2024年度政府信息公开工作监督概览（40个机关）" in written["text"].read_text(encoding="utf-8")
    statistics = written["tables-csv"].read_text(encoding="utf-8").removeprefix("\ufeff")
    assert 40 == len({r["agency"] for r in csv.DictReader(io.StringIO(statistics))})
    indicators = written["csv"].read_text(encoding="utf-8").removeprefix("\ufeff").split("\n\n")[0]
    rows = list(csv.DictReader(io.StringIO(indicators)))
    assert 41 == len({r["agency"] for r in rows if r["section"] == "indicator"})  # and the region
    document = docx.Document(str(written["docx"]))
    assert 1 + 40 + 1 == len(document.tables[0].rows)  # header, 40 agencies, the region
    html = written["html"].read_text(encoding="utf-8")
    assert html.count("<tr") > 40
    import openpyxl

    assert 3 + 40 + 1 == openpyxl.load_workbook(written["xlsx"])["指标"].max_row  # title, gap, header
    if importlib.util.find_spec("matplotlib") is not None:
        assert (3, 3) == (len(document.inline_shapes), html.count('<figure class="ogs-chart">'))
        assert "各机关办理结果（办结最多的30个机关）" in html  # 40 agencies: the 30 busiest


def test_each_word_table_repeats_its_header_on_every_page() -> None:
    """A supervisor's lists run over many pages (7,007 overdue applications in 365 pages for 1,000
    agencies): each table's header row is marked to repeat on each page, and no other row splits."""
    from docx.oxml.ns import qn

    log = list(load_events(SHIFAN))
    view = build_supervisor_view(log, year=2025, as_of=dt.date(2026, 3, 31))
    document = docx.Document(io.BytesIO(supervision_docx(view)))
    assert len(document.tables) == 3
    for table in document.tables:
        marks = [
            (
                row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None,
                row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None,
            )
            for row in table.rows
        ]
        assert marks == [(True, False)] + [(False, True)] * (len(marks) - 1)


class _Rereadable:
    """A log read afresh at each iteration, as ``opengov rollup`` reads a file: each reading makes new
    event objects, and notes whether the first one it made was still held when it had made the last."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.readings = 0
        self.first_held: list[bool] = []

    def __iter__(self) -> Iterator[Event]:
        self.readings += 1
        first = None
        for n, event in enumerate(self.events):
            fresh = attrs.evolve(event)
            if n == 0:
                first = weakref.ref(fresh)
            yield fresh
        del fresh
        assert first is not None
        self.first_held.append(first() is not None)


def _two_agencies() -> list[Event]:
    """The example twice, under two agencies, after a meeting (which no fold keeps)."""
    log = load_events(SHIFAN)
    meeting = MeetingHeld(id="m-first", agency="sf-zrzyj", at=dt.date(2025, 1, 6))
    return [meeting, *log, *_copy(log, "sf-copy", "示范市复制局")]


def test_a_log_that_can_be_read_again_is_read_once_and_never_held() -> None:
    """Given a log it can read again, the view streams it once into both folds (the tables and the
    ledger); a list and a one-shot stream give the same view."""
    log = _two_agencies()
    rereadable = _Rereadable(log)
    kwargs = {"year": 2025, "as_of": dt.date(2025, 6, 30)}
    view = build_supervisor_view(rereadable, **kwargs)  # type: ignore[arg-type]
    assert (1, [False]) == (rereadable.readings, rereadable.first_held)
    assert view == build_supervisor_view(log, **kwargs)  # type: ignore[arg-type]
    assert view == build_supervisor_view(iter(log), **kwargs)  # type: ignore[arg-type]
    assert view.overdue or view.due_soon or view.agencies


def test_a_correction_makes_it_read_the_log_again_whole() -> None:
    """A retraction at the end of the log changes events read before it: the view reads the log a second
    time, whole, with the corrections applied, and equals the view of the corrected list."""
    log = _two_agencies()
    receipt = next(e for e in log if e.TAG == "application_received" and e.day.year == 2025)
    retraction = EventRetracted(
        id="retract-1", agency=receipt.agency, at=dt.date(2025, 12, 1), retracts=receipt.id
    )
    corrected = [*log, retraction]
    kwargs = {"year": 2025, "as_of": dt.date(2025, 6, 30)}
    rereadable = _Rereadable(corrected)
    view = build_supervisor_view(rereadable, **kwargs)  # type: ignore[arg-type]
    assert (2, [False, True]) == (rereadable.readings, rereadable.first_held)  # the second held whole
    assert view == build_supervisor_view(corrected, **kwargs)  # type: ignore[arg-type]
    assert view == build_supervisor_view(iter(corrected), **kwargs)  # type: ignore[arg-type]
    uncorrected = build_supervisor_view(log, **kwargs)  # type: ignore[arg-type]
    assert view.rollup != uncorrected.rollup  # the retracted application is not counted
