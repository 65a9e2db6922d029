"""Time the supervisor's view (``opengov rollup``) on the generated log of 1,000 agencies.

The log is the one ``benchmarks/run.py`` generates (``benchmarks/_data/log-1000x1000.jsonl``; generated
here if missing). In one process the events are read once; then, each timed on the same list:

- reference: :func:`~opengov.tables.build_tables` for the year (every table of every agency);
- :func:`~opengov.supervise.build_supervisor_view` (tables, indicators, rollup, timeliness and the ledger);
- each form of :mod:`opengov.render.supervision` (text, CSV, HTML, Word, Excel; charts where matplotlib
  is installed).

Prints seconds, output sizes and the ratio of ``supervise`` to the reference; with ``--out DIR`` each form
is also written there (``rollup.text``, ``rollup.docx``, …) for a person to open.
Run: ``.venv/bin/python benchmarks/bench_rollup.py [--agencies 1000] [--year 2024] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from _common import generated_log

from opengov.codec import iter_events
from opengov.render.supervision import SUPERVISION_RENDERERS
from opengov.supervise import build_supervisor_view
from opengov.tables import build_tables


def main() -> None:
    """Generate the log if needed, then time the reference, the view and each of its forms."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--events-per-agency", type=int, default=1000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--out", type=Path, help="write each form into this directory")
    args = parser.parse_args()
    log = generated_log(args.agencies, args.events_per_agency)
    start = time.perf_counter()
    events = list(iter_events(log))
    print(f"read {len(events):,} events in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    build_tables(events, year=args.year)
    reference = time.perf_counter() - start
    print(f"reference  build_tables         {reference:7.1f} s")
    start = time.perf_counter()
    view = build_supervisor_view(events, year=args.year, as_of=dt.date(args.year, 12, 31))
    seconds = time.perf_counter() - start
    print(f"supervise  ({len(view.agencies)} agencies)   {seconds:7.1f} s   ratio {seconds / reference:.2f}")
    print(
        f"           {len(view.overdue)} overdue, {len(view.due_soon)} due within {view.within} working days"
    )
    for form, renderer in SUPERVISION_RENDERERS.items():
        start = time.perf_counter()
        output = renderer(view)
        took = time.perf_counter() - start
        print(f"render     {form:10}           {took:7.1f} s   {len(output):,} characters/bytes")
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            target = args.out / f"rollup.{form}"
            if isinstance(output, bytes):
                target.write_bytes(output)
            else:
                target.write_text(output, encoding="utf-8")


if __name__ == "__main__":
    main()
