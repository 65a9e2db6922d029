"""The tidy CSV of the raw statistics: one line per figure, every agency and year of a log."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import attrs
import docx
import pytest

from opengov.cli import main
from opengov.codec import load_events
from opengov.render import FIELDS_CSV, render, statistics_csv, tables_csv
from opengov.report import build_report
from opengov.tables import build_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIFAN = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_every_agency_and_year_in_one_file() -> None:
    """Both years of the example log, every cell of every table, with its keys and official labels."""
    rows = _rows(statistics_csv(load_events(SHIFAN)))
    assert list(FIELDS_CSV) == list(rows[0])
    assert {"2024", "2025"} <= {r["year"] for r in rows}  # and every other year the log has an event in
    cells_2025 = sum(len(list(t)) for t in build_table(load_events(SHIFAN), year=2025).tables)
    assert cells_2025 == sum(r["year"] == "2025" for r in rows)
    line = next(
        r
        for r in rows
        if r["year"] == "2025" and r["row"] == "applications.new" and r["column"] == "natural_person"
    )
    expected = {"agency": "sf-zrzyj", "format": "gov2021", "table": "applications", "value": "5"}
    assert expected == {k: line[k] for k in expected}
    assert "一、本年新收政府信息公开申请数量" == line["label"]
    assert "自然人" == line["column_label"]
    fee = next(r for r in rows if r["year"] == "2025" and r["table"] == "proactive.item8")
    assert Decimal("12.53") == Decimal(fee["value"])


def test_report_form_agrees_with_the_tables() -> None:
    """``--to csv`` of a report gives the same figures as the tables' CSV (keys and values)."""
    log = load_events(SHIFAN)
    from_report = _rows(str(render(build_report(log, year=2025), "csv")))
    from_tables = _rows(tables_csv([build_table(log, year=2025)]))
    key = ("table", "row", "column", "value")
    assert [tuple(r[k] for k in key) for r in from_report] == [tuple(r[k] for k in key) for r in from_tables]


def test_formula_looking_names_are_neutralised() -> None:
    """An agency name that a spreadsheet would run is written with a leading quote."""
    report = build_report(load_events(SHIFAN), year=2025)
    rows = _rows(str(render(attrs.evolve(report, agency_name="=cmd|'/c calc'!A1\x01"), "csv")))
    assert {"'=cmd|'/c calc'!A1\ufffd"} == {r["agency_name"] for r in rows}


def test_command_line_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``opengov report --to csv``, ``opengov table --to csv``, ``--previous-year`` and ``--template``."""
    assert 0 == main(["report", str(SHIFAN), "--year", "2025", "--to", "csv"])
    assert "sf-zrzyj,示范市自然资源局,2025,gov2021" in capsys.readouterr().out
    assert 0 == main(["table", str(SHIFAN), "--year", "2025", "--to", "csv"])
    assert "applications.new,一、本年新收政府信息公开申请数量" in capsys.readouterr().out
    assert 0 == main(["report", str(SHIFAN), "--year", "2025"])
    assert "上年总计" not in capsys.readouterr().out
    assert 0 == main(["report", str(SHIFAN), "--year", "2025", "--previous-year"])
    assert "上年总计" in capsys.readouterr().out
    template = docx.Document()
    template.add_paragraph("本机关抬头")
    template.save(tmp_path / "t.docx")
    out = tmp_path / "r.docx"
    argv = ["report", str(SHIFAN), "--year", "2025", "--to", "docx", "--template", str(tmp_path / "t.docx")]
    assert 0 == main([*argv, "-o", str(out)])
    assert "本机关抬头" == docx.Document(str(out)).paragraphs[0].text


def test_html_options_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """``--to html --fragment --stylesheet URL``: an <article> linking the stylesheet, no <style>."""
    argv = [
        "report",
        str(SHIFAN),
        "--year",
        "2025",
        "--to",
        "html",
        "--fragment",
        "--stylesheet",
        "/css/r.css",
    ]
    assert 0 == main(argv)
    out = capsys.readouterr().out
    assert out.startswith('<article class="ogr"')
    assert '<link rel="stylesheet" href="/css/r.css">' in out
    assert "<style" not in out
