"""What ``make demo`` runs: the seed agency's 2018 report, from its event log, in every form.

1. Loads ``examples/wuzhong-kjj-2018.jsonl`` into the embedded SQLite store ``out/demo.sqlite`` (events
   already stored are skipped, so running the demo again is harmless).
2. Reads 吴忠市科学技术局's events back from the store and builds its 2018 report; the contact details and
   sign-off come from the log's ``AgencyProfileDeclared`` event.
3. Prints the report as text, in the layout of the published report, and writes HTML, Word and Excel
   versions (and Markdown and JSON) under ``out/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from opengov.render import to_docx, to_html, to_json, to_markdown, to_text, to_xlsx
from opengov.report import build_report
from opengov.store import import_jsonl, open_store

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "examples" / "wuzhong-kjj-2018.jsonl"
OUT = ROOT / "out"


def main() -> int:
    """Run the demo; return the exit status."""
    OUT.mkdir(exist_ok=True)
    store_path = OUT / "demo.sqlite"
    with open_store(store_path, create=True) as store:
        added = import_jsonl(store, LOG)
        events = [stored.event for stored in store.read(agency="wz-kjj")]
    report = build_report(events, agency="wz-kjj", year=2018)

    sys.stdout.write(to_text(report))
    stem = OUT / "wuzhong-kjj-2018"
    Path(f"{stem}.html").write_text(to_html(report), encoding="utf-8")
    Path(f"{stem}.md").write_text(to_markdown(report), encoding="utf-8")
    Path(f"{stem}.json").write_text(to_json(report), encoding="utf-8")
    to_docx(report, f"{stem}.docx")
    to_xlsx(report, f"{stem}.xlsx")

    print(f"\n---\n{len(events)} events in {store_path.relative_to(ROOT)} ({added} added by this run)")
    for suffix in ("html", "docx", "xlsx", "md", "json"):
        print(f"written: {Path(f'{stem}.{suffix}').relative_to(ROOT)}")
    for finding in report.findings:
        print(f"finding: {finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
