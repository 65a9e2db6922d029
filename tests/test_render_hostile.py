"""Hostile text through every renderer: control characters, lone surrogates, huge strings, formula-looking
text. Whatever text reached a renderer, it renders; what no document may hold is printed as U+FFFD."""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opengov.codec import load_events
from opengov.render import RENDERERS, from_json, render
from opengov.render._common import REPLACEMENT, clean, printable
from opengov.report import AnnualReport, build_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
C0 = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
C1 = "".join(chr(c) for c in range(0x7F, 0xA0))


@pytest.fixture(scope="module")
def report() -> AnnualReport:
    return build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=2025)


def _hostile(report: AnnualReport, text: str) -> AnnualReport:
    """The report with ``text`` as its agency's name, in a paragraph, a section title and a table label."""
    section = report.sections[0]
    table = next(s for s in report.sections if s.tables).tables[0]
    row = attrs.evolve(table.rows[1], label=text)
    table = attrs.evolve(table, title=text, rows=(table.rows[0], row, *table.rows[2:]))
    sections = [attrs.evolve(section, title=text, paragraphs=(text, *section.paragraphs))]
    for other in report.sections[1:]:
        sections.append(attrs.evolve(other, tables=(table,)) if other.tables else other)
    return attrs.evolve(
        report,
        agency_name=text,
        sections=tuple(sections),
        preamble=attrs.evolve(report.preamble, compiled_by=text),
        sign_off=attrs.evolve(report.sign_off, head=text),
    )


def _texts(form: str, output: str | bytes) -> str:
    """Every text of a rendered output, as its own reader gives it back (so a broken file fails here)."""
    if form == "docx":
        assert isinstance(output, bytes)
        document = docx.Document(io.BytesIO(output))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if form == "xlsx":
        assert isinstance(output, bytes)
        book = openpyxl.load_workbook(io.BytesIO(output))
        return "\n".join(str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value)
    assert isinstance(output, str)
    output.encode("utf-8")  # a lone surrogate would fail here, when the CLI writes the output
    return output


@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_control_characters_render_as_replacement(report: AnnualReport, form: str) -> None:
    """局 followed by every C0 (but tab/newline/CR) and C1 control and a lone surrogate renders everywhere."""
    name = "局" + C0 + C1 + "\ud800" + "尾"
    texts = _texts(form, render(_hostile(report, name), form))
    expected = "局" + REPLACEMENT * (len(C0) + len(C1) + 1) + "尾"
    if form == "md":
        assert expected in texts.replace("\\", "")
    else:
        assert expected in texts
    for bad in C0 + C1:
        assert bad not in texts


@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_formula_looking_text_cannot_run(report: AnnualReport, form: str) -> None:
    """A name like a spreadsheet formula renders; in Excel it is stored as text with a leading quote."""
    formula = '=HYPERLINK("http://evil.example","点击")'
    output = render(_hostile(report, formula), form)
    texts = _texts(form, output)
    assert "HYPERLINK" in texts
    if form == "xlsx":
        assert isinstance(output, bytes)
        book = openpyxl.load_workbook(io.BytesIO(output))
        values = [c.value for s in book.worksheets for r in s.iter_rows() for c in r]
        assert "'" + formula in values
        assert formula not in values
        assert all(c.data_type != "f" for s in book.worksheets for r in s.iter_rows() for c in r)


@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_huge_text_renders(report: AnnualReport, form: str) -> None:
    """A 200,000-character name renders; Excel cuts it at the 32,767 characters a cell holds."""
    huge = "局" * 200_000
    output = render(_hostile(report, huge), form)
    if form == "xlsx":
        assert isinstance(output, bytes)
        book = openpyxl.load_workbook(io.BytesIO(output))
        longest = max(len(str(c.value)) for s in book.worksheets for r in s.iter_rows() for c in r if c.value)
        assert 32_767 == longest
    else:
        assert huge in _texts(form, output).replace("\\", "")


def test_json_round_trip_of_a_cleaned_report(report: AnnualReport) -> None:
    """JSON keeps what it can: the cleaned report reads back equal to itself."""
    hostile = _hostile(report, "局\x01")
    assert printable(hostile) == from_json(render(hostile, "json"))
    assert "\\u0001" not in str(render(hostile, "json"))


def test_printable_keeps_a_clean_report_as_is(report: AnnualReport) -> None:
    """Nothing to clean, nothing copied: the same object comes back."""
    assert printable(report) is report
    assert json.loads(json.dumps(clean("一\t二\n三\r"))) == "一\t二\n三\r"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_any_text_renders_in_word_and_excel(report: AnnualReport, text: str) -> None:
    """Arbitrary Unicode (controls, surrogates, noncharacters included) never crashes Word or Excel."""
    hostile = _hostile(report, text)
    for form in ("docx", "xlsx", "html", "md", "text", "json"):
        _texts(form, render(hostile, form))


# ---------------------------------------------------------------------------------------------------------
# Every renderer of every command, from a log whose texts are hostile but admissible (the codec refuses
# control characters and lone surrogates): markup, spreadsheet formulas, bidi overrides, zero-width and
# noncharacters, tabs and newlines, and a huge name. Each form comes out whole and readable by its reader.

SHIFAN = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"
MARKUP = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","点击")'
ODD = "\u202e倒\u200b置\uffff\t制表\n换行"
HOSTILE_LOGS = {
    "markup-formula-bidi": (f"{FORMULA}{MARKUP}{ODD}", f"@{MARKUP}", f"-{ODD}"),
    "huge": ("局" * 30_000, "+" + "号" * 5_000, "机关" * 2_000),
}


def _hostile_log(tmp_path: Path, name: str, application: str, agency: str) -> Path:
    """The example log with the agency's name, its id and every application id made hostile."""
    lines = []
    for line in SHIFAN.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["agency"] = agency
        if record["type"] == "agency_registered":
            record["name"] = name
        if record.get("application_id") is not None:
            record["application_id"] = application + record["application_id"]
        lines.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _commands() -> list[tuple[str, str]]:
    from opengov.render.ledger import LEDGER_RENDERERS
    from opengov.render.supervision import SUPERVISION_RENDERERS
    from opengov.render.tables_text import TABLE_RENDERERS

    families = {"report": RENDERERS, "table": TABLE_RENDERERS, "due": LEDGER_RENDERERS}
    families["rollup"] = SUPERVISION_RENDERERS
    return [(command, form) for command, forms in families.items() for form in sorted(forms)]


_ARGS = {
    "report": ["--year", "2025"],
    "table": ["--year", "2025"],
    "due": ["--as-of", "2025-12-20"],
    "rollup": ["--year", "2025", "--as-of", "2025-12-20"],
}


def _read_back(form: str, data: bytes) -> str:
    """The output as its reader gives it back: Word and Excel files opened, JSON and CSV parsed."""
    if form in ("docx", "xlsx"):
        return _texts(form, data)
    text = data.decode("utf-8")  # whole UTF-8, no lone surrogate
    if form == "json":
        json.loads(text)
    if form.endswith("csv"):
        import csv

        cells = [c for r in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for c in r]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], "a CSV cell a spreadsheet runs"
    if form == "html":
        assert MARKUP not in text, "markup from the log reached the page unescaped"
    return text


@pytest.mark.parametrize("log", sorted(HOSTILE_LOGS))
@pytest.mark.parametrize(("command", "form"), _commands())
def test_hostile_text_through_every_command_and_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], log: str, command: str, form: str
) -> None:
    """``report``, ``table``, ``due`` and ``rollup`` in each of their ``--to`` forms: exit 0, no
    traceback, an output file its reader opens, and no control character in it but tab and newline."""
    from opengov.cli import main

    source = _hostile_log(tmp_path, *HOSTILE_LOGS[log])
    target = tmp_path / f"out.{form}"
    status = main([command, str(source), *_ARGS[command], "--to", form, "-o", str(target)])
    err = capsys.readouterr().err
    assert (0, False) == (status, "Traceback" in err), err[-2000:]
    text = _read_back(form, target.read_bytes())
    assert not [c for c in C0 + C1 if c in text and c != "\r"]
