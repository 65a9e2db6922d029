"""Regenerate the published JSON Schema from opengov.schema.json_schema().

Two copies are written, equal byte for byte: ``src/opengov/events.schema.json`` (shipped inside the wheel,
read by :func:`opengov.schema.published_schema`) and ``docs/_static/events.schema.json`` (published with
the docs). Run after changing an event type: ``.venv/bin/python scripts/gen_schema.py``. ``--check`` exits 1
when a copy is out of date instead of writing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from opengov.schema import schema_text

ROOT = Path(__file__).resolve().parent.parent
TARGETS = (ROOT / "src" / "opengov" / "events.schema.json", ROOT / "docs" / "_static" / "events.schema.json")


def main(argv: list[str]) -> int:
    text = schema_text()
    stale = [t for t in TARGETS if not t.exists() or t.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for target in stale:
            print(f"{target} is out of date: run scripts/gen_schema.py", file=sys.stderr)
        return 1 if stale else 0
    for target in stale:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
