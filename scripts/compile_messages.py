"""Compile the command line's message catalogues: ``opengov/locale/*/LC_MESSAGES/opengov.po`` to ``.mo``.

The ``.mo`` files are committed, so a fresh ``pip install -e .`` has them; run this after editing a
``.po`` file (``tests/test_cli_i18n.py`` fails while a ``.mo`` is out of date). To find new messages to
translate, extract them with Babel (a dev dependency)::

    pybabel extract -k _ -k ngettext:1,2 -k plural:2,3 --no-location -o /tmp/opengov.pot src/opengov/cli
    pybabel update -i /tmp/opengov.pot -D opengov -d src/opengov/locale --no-location

Usage: ``python scripts/compile_messages.py [--check]``; with ``--check`` nothing is written and the exit
status is 1 when a ``.mo`` file differs from what its ``.po`` file compiles to.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "opengov" / "locale"


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if mo.exists() and mo.read_bytes() == data:
            continue
        stale.append(mo)
        if not check:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(LOCALE_DIR.parent.parent.parent)}")
    if check and stale:
        print("out of date: " + ", ".join(str(m) for m in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
