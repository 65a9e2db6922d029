"""``opengov table``: the seed's table from the example log, JSON output, sources and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opengov.cli import main

EXAMPLES = Path(__file__).parents[1] / "examples"
SEED = EXAMPLES / "wuzhong-kjj-2018.jsonl"
SHIFAN = EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"


def test_seed_table_printed(capsys: pytest.CaptureFixture[str]) -> None:
    """The gov2008 table of the seed log prints the seed's figures, zeros blank as the seed prints them."""
    expected = 0
    assert expected == main(["table", str(SEED), "--year", "2018", "--format", "gov2008"])
    lines = capsys.readouterr().out.splitlines()
    figures = {line.split("\t")[0]: line.split("\t")[2] for line in lines if line.count("\t") == 2}
    assert "201" == figures["(一) 主动公开政府信息数 (不同渠道和方式公开相同信息计 1 条)"]
    assert "73" == figures["5. 其他方式公开政府信息数"]
    assert "" == figures["(一) 收到申请数"]
    assert "4" == figures["2. 兼职人员数"]


def test_json_lists_every_cell(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON output lists every cell with its labels, unit and value in official order."""
    assert 0 == main(["table", str(SHIFAN), "--year", "2025", "--to", "json"])
    data = json.loads(capsys.readouterr().out)
    tables = {t["key"]: t for t in data["tables"]}
    new_total = next(
        c
        for c in tables["applications"]["cells"]
        if c["row"] == "applications.new" and c["column"] == "total"
    )
    expected = ("gov2021", "一、本年新收政府信息公开申请数量", "总计", "件")
    actual = (data["format"], new_total["row_label"], new_total["column_label"], new_total["unit"])
    assert expected == actual
    assert isinstance(new_total["value"], int)


def test_reads_a_sqlite_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SOURCE may be a SQLite store: the table is the same as from the file."""
    store = tmp_path / "log.sqlite"
    assert 0 == main(["events", "import", str(SEED), "--store", str(store)])
    capsys.readouterr()
    assert 0 == main(["table", str(SEED), "--year", "2018", "--to", "json"])
    from_file = capsys.readouterr().out
    assert 0 == main(["table", str(store), "--year", "2018", "--to", "json"])
    assert from_file == capsys.readouterr().out


def test_unknown_agency_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """An agency with no events is a one-line error, not a traceback."""
    assert 2 == main(["table", str(SEED), "--year", "2018", "--agency", "nobody"])
    err = capsys.readouterr().err
    expected = (True, True, False)
    assert expected == (err.startswith("opengov: error:"), "nobody" in err, "Traceback" in err)


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing SOURCE is a one-line error naming it."""
    missing = tmp_path / "none.jsonl"
    assert 2 == main(["table", str(missing), "--year", "2018"])
    assert str(missing) in capsys.readouterr().err
