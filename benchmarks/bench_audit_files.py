"""Time :func:`opengov.audit.audit_file` on the files supervisors download, against the text audit.

The example agency's 2024 report (``examples/shifan-zrzyj-2024-2025.jsonl``) is rendered as Word, Excel
and HTML and, when LibreOffice is installed, printed to PDF from the Word file. Each file is read and
audited ``--repeat`` times (default 20; the median is kept); the reference, measured in the same run, is
:func:`opengov.audit.audit_report` on the report's plain text (``to_text``), so the ratio printed for each
kind — file audit / text audit — is what reading that kind of file costs on top of the audit itself,
whatever the machine's load. Run: ``.venv/bin/python benchmarks/bench_audit_files.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from opengov import build_report, load_events
from opengov.audit import audit_file, audit_report
from opengov.render import to_docx, to_html, to_text, to_xlsx

ROOT = Path(__file__).parents[1]
LOG = ROOT / "examples" / "shifan-zrzyj-2024-2025.jsonl"
sys.path.insert(0, str(ROOT / "tests"))  # LibreOffice's conversion, one place: the tests' helper

from _office import SOFFICE, office_pdf  # noqa: E402


def _median(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    report = build_report(load_events(LOG), year=2024)
    text = to_text(report)
    files: dict[str, bytes | None] = {
        "docx": to_docx(report),
        "xlsx": to_xlsx(report),
        "html": to_html(report).encode("utf-8"),
    }
    if SOFFICE is None:
        files["pdf"] = None
    else:
        with tempfile.TemporaryDirectory() as folder:
            files["pdf"] = office_pdf(Path(folder), "report.docx", files["docx"] or b"").read_bytes()
    reference = _median(lambda: audit_report(text), args.repeat)
    size = f"{len(text)} characters"
    print(f"reference: audit_report on the report's text ({size}): {reference * 1000:.1f} ms")
    for kind, data in files.items():
        if data is None:
            print(f"{kind}: not measured (LibreOffice is not installed: scripts/install-libreoffice.sh)")
            continue
        assert audit_file(data).ok, kind
        seconds = _median(functools.partial(audit_file, data), args.repeat)
        print(
            f"{kind}: audit_file on {len(data) / 1024:.0f} KB: {seconds * 1000:.1f} ms, "
            f"{seconds / reference:.1f}× the text audit"
        )


if __name__ == "__main__":
    main()
