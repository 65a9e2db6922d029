"""The command line's help and messages: Chinese under a Chinese locale, English otherwise (issue 13)."""

from __future__ import annotations

import argparse
import gettext
import subprocess
import sys
from pathlib import Path

import pytest

from opengov.cli import main
from opengov.cli.i18n import LOCALE_DIR

SEED = Path(__file__).resolve().parents[1] / "examples" / "wuzhong-kjj-2018.jsonl"
ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def locale(monkeypatch: pytest.MonkeyPatch, **variables: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize(
    "variables",
    [{"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"}, {"LANGUAGE": "zh_CN", "LANG": "en_US.UTF-8"}],
    ids=["LANG", "LC_ALL", "LANGUAGE"],
)
def test_help_is_chinese_under_a_chinese_locale(
    variables: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under zh_* the help text, argparse's own words included, is Chinese."""
    locale(monkeypatch, **variables)
    status, out, _ = run(["table", "--help"], capsys)
    expected = (0, True, True, True, False)
    assert expected == (
        status,
        out.startswith("用法：opengov table"),
        "报告年度（北京时间的日历年）" in out,
        "显示帮助信息并退出" in out,
        "the report year" in out,
    )


@pytest.mark.parametrize(
    "variables", [{"LANG": "en_US.UTF-8"}, {"LANG": "C"}, {}, {"LC_ALL": "C", "LANG": "zh_CN"}]
)
def test_help_is_english_otherwise(
    variables: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under any other locale (LC_ALL=C wins over a Chinese LANG, as in gettext) the help is English."""
    locale(monkeypatch, **variables)
    status, out, _ = run(["table", "--help"], capsys)
    assert (0, True, True, False) == (
        status,
        out.startswith("usage: opengov table"),
        "the report year (a Beijing calendar year)" in out,
        "报告年度" in out,
    )


def test_messages_are_chinese_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors, warnings and summaries come from the catalogue as well."""
    locale(monkeypatch, LANG="zh_CN.UTF-8")
    year = run(["table", str(SEED), "--year", "2007"], capsys)
    empty = run(["table", str(SEED), "--year", "2030"], capsys)
    valid = run(["events", "validate", str(SEED)], capsys)
    missing = run(["table", str(SEED.with_name("nope.jsonl")), "--year", "2018"], capsys)
    assert [(2, True), (0, True), (0, True), (2, True)] == [
        (year[0], "没有适用于 2007 年的报告格式" in year[2]),
        (empty[0], empty[2].startswith("opengov：警告：机关 'wz-kjj' 在 2030 年没有任何事件")),
        (valid[0], valid[1] == "169 个事件，全部有效\n"),
        (missing[0], missing[2].startswith("opengov：错误：")),
    ]


def test_argparse_is_put_back(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """After main() returns, argparse speaks as it did before: a host program's parsers are untouched."""
    before = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    locale(monkeypatch, LANG="zh_CN.UTF-8")
    run(["--help"], capsys)
    assert before == (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(prog="host")
    assert parser.format_usage().startswith("usage: host")


def test_a_fresh_process_speaks_chinese(tmp_path: Path) -> None:
    """`python -m opengov` in a new process, with only LANG set, finds the installed catalogue."""
    done = subprocess.run(
        [sys.executable, "-m", "opengov", "--help"],
        capture_output=True,
        env={"LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        check=False,
    )
    assert (0, True) == (done.returncode, "由事件日志生成政府信息公开工作年度报告" in done.stdout.decode())


def test_every_message_has_a_chinese_translation() -> None:
    """Every message marked in the command line's sources is translated in the catalogue, and the
    catalogue holds no message the sources no longer use (argparse's own words aside)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    marked = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            ROOT / "src" / "opengov" / "cli",
            keywords={"_": None, "ngettext": (1, 2), "plural": (2, 3)},
        )
    }
    with (LOCALE_DIR / "zh" / "LC_MESSAGES" / "opengov.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0]): m.string
        for m in catalog
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    argparse_words = {m.id for m in catalog if "argparse" in m.auto_comments}
    assert (set(), set()) == (marked - set(translated), set(translated) - marked - argparse_words)


def test_the_compiled_catalogue_is_up_to_date() -> None:
    """The shipped .mo is what the .po compiles to (run scripts/compile_messages.py after editing it)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"],
        capture_output=True,
        check=False,
    )
    assert (0, b"") == (done.returncode, done.stderr)


def test_the_catalogue_is_a_gettext_catalogue() -> None:
    """The standard library reads the shipped .mo: a Chinese plural form works."""
    catalogue = gettext.translation("opengov", LOCALE_DIR, languages=["zh_CN"])
    assert "{n} 个事件，全部有效" == catalogue.ngettext("{n} event, all valid", "{n} events, all valid", 3)
