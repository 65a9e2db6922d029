"""Regenerate docs/_static/events.schema.json from opengov.codec.json_schema().

Run after changing an event type: ``.venv/bin/python scripts/gen_schema.py``. ``--check`` exits 1 when the
file is out of date instead of writing it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from opengov.codec import json_schema

TARGET = Path(__file__).resolve().parent.parent / "docs" / "_static" / "events.schema.json"


def render() -> str:
    """The published text of the schema: indented UTF-8 JSON with a final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{TARGET} is out of date: run scripts/gen_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
