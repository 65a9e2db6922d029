"""Sphinx configuration of the opengov documentation (MyST Markdown, furo, autodoc, doctests)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import opengov

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "opengov"
author = "opengov developers"
copyright = "opengov developers"
release = opengov.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "event_catalogue",
    "format_reference",
    "public_api",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
language = "en"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_class_signature = "separated"
autodoc_default_options = {"show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# Every page's doctests, and the docstring examples autodoc brings in, run with these names at hand.
doctest_global_setup = """
import datetime
import datetime as dt
from decimal import Decimal

import opengov
from opengov.codec import *
from opengov.events import *
from opengov.uscc import *
"""
# Docstring examples run under pytest --doctest-modules, with their module's globals; Sphinx tests the pages'
# {doctest} blocks.
doctest_test_doctest_blocks = ""

html_theme = "furo"
html_title = f"opengov {release}"
html_static_path = ["_static"]


# A page added to docs/ before it has a place in index.md's toctree is appended to the end of it, so the
# build neither fails nor hides the page while its author and the index are edited separately.
_TOCTREE = re.compile(r"(```\{toctree\}\n(?:.*\n)*?)```", re.MULTILINE)


def _unlisted_pages(srcdir: Path, toctree: str) -> list[str]:
    listed = {line.strip() for line in toctree.splitlines()}
    pages = {str(p.relative_to(srcdir).with_suffix("")) for p in srcdir.glob("*.md")}
    return sorted(pages - listed - {root_doc})


def _append_unlisted_pages(app: Any, docname: str, source: list[str]) -> None:
    if docname != root_doc:
        return
    match = _TOCTREE.search(source[0])
    if match:
        extra = "".join(f"{page}\n" for page in _unlisted_pages(Path(app.srcdir), match[1]))
        source[0] = source[0][: match.end(1)] + extra + source[0][match.end(1) :]


def _reread_index_when_pages_come_or_go(
    app: Any, env: Any, added: set[str], changed: Any, removed: Any
) -> list[str]:
    return [root_doc] if added or removed else []


def setup(app: Any) -> None:
    app.connect("source-read", _append_unlisted_pages)
    app.connect("env-get-outdated", _reread_index_when_pages_come_or_go)
