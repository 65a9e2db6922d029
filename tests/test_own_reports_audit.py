"""Our own rendered reports, read back by the auditor, are consistent and fully checkable."""

from __future__ import annotations

from pathlib import Path

import pytest

from opengov import audit_report, build_report, load_events
from opengov.render import to_html, to_markdown, to_text

EXAMPLES = Path(__file__).parents[1] / "examples"
RENDERERS = {"text": to_text, "markdown": to_markdown, "html": to_html}


@pytest.mark.parametrize("form", sorted(RENDERERS))
@pytest.mark.parametrize("year", [2024, 2025])
def test_current_format_report_audits_clean(form: str, year: int) -> None:
    """Every rule of the gov2021 tables holds and is checkable, last year's column set aside."""
    report = build_report(load_events(EXAMPLES / "shifan-zrzyj-2024-2025.jsonl"), year=year)
    result = audit_report(RENDERERS[form](report))
    expected = (True, "gov2021", 0, 0)
    actual = (result.ok, result.report.format.key, result.count("fails"), result.count("unchecked"))
    assert expected == actual


@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_seed_report_audits_consistent(form: str) -> None:
    """The seed agency's gov2008 report audits consistent; rules on blank (zero) cells are not checkable."""
    report = build_report(load_events(EXAMPLES / "wuzhong-kjj-2018.jsonl"), year=2018)
    result = audit_report(RENDERERS[form](report))
    expected = (True, "gov2008", 0)
    assert expected == (result.ok, result.report.format.key, result.count("fails"))
    assert result.count("holds") >= 4
