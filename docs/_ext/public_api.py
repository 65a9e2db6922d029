"""Sphinx extension: the table of public names, generated from ``opengov.__all__``.

``{public-names}`` renders one row per name ``opengov`` exports — the name, what it is and the module that
defines it — linked to that module's entry on the API page. The rows come from ``opengov.__all__`` and
nothing else, so the table cannot fall behind; :func:`missing_entries` lists the names whose entry the API
page would lack (their module has no ``automodule`` with ``:members:``, or leaves the name out of its own
``__all__``), and both the directive (so ``sphinx-build -W`` fails) and ``tests/test_docs.py`` check it.
"""

from __future__ import annotations

import importlib
import inspect
import re
import types
from pathlib import Path
from typing import Any

import opengov

API_PAGE = Path(__file__).resolve().parents[1] / "api.md"
"""The page the table sits on, whose ``automodule`` sections the rows link to."""

_AUTOMODULE = re.compile(r"^\.\. automodule:: (\S+)\n((?:   .*\n)*)", re.MULTILINE)


def home(name: str) -> str:
    """The module that defines the public name ``name`` (the module itself for a re-exported module)."""
    value = getattr(opengov, name)
    if isinstance(value, types.ModuleType):
        return value.__name__
    if name == "__version__":
        return "opengov"
    return opengov._LAZY[name]


def kind(name: str) -> str:
    """``mod``, ``class``, ``func`` or ``data``: the Python domain role of a public name."""
    value = getattr(opengov, name)
    if isinstance(value, types.ModuleType):
        return "mod"
    if inspect.isclass(value):
        return "class"
    if callable(value):
        return "func"
    return "data"


def documented_modules(page: str | None = None) -> set[str]:
    """The modules the API page documents with ``automodule`` and ``:members:``."""
    text = API_PAGE.read_text(encoding="utf-8") if page is None else page
    return {m[1] for m in _AUTOMODULE.finditer(text) if ":members:" in m[2]}


def missing_entries(page: str | None = None) -> list[str]:
    """The public names the API page would not document, each with the reason."""
    documented = documented_modules(page)
    missing = []
    for name in opengov.__all__:
        if name == "__version__":
            continue  # a string: its row on the page is its entry
        module = home(name)
        if module not in documented:
            missing.append(f"{name}: its module {module} has no '.. automodule:: {module}' with :members:")
        elif kind(name) != "mod":
            exported = getattr(importlib.import_module(module), "__all__", ())
            if name not in exported:
                missing.append(f"{name}: {module}.__all__ leaves it out, so autodoc does not document it")
    return missing


def rows() -> list[tuple[str, str, str]]:
    """``(name, role, module)`` for every public name, in ``__all__`` order."""
    return [(name, kind(name), home(name)) for name in opengov.__all__]


_WHAT = {"mod": "module", "class": "class", "func": "function", "data": "constant"}


def table_markdown() -> str:
    """The public names as a Markdown table with cross-references."""
    lines = ["| Name | What | Defined in |", "|---|---|---|"]
    for name, role, module in rows():
        if name == "__version__":
            lines.append("| `__version__` | the package version (its one source) | {mod}`opengov` |")
            continue
        target = module if role == "mod" else f"{module}.{name}"
        lines.append(f"| {{py:{role}}}`{name} <{target}>` | {_WHAT[role]} | {{mod}}`{module}` |")
    return "\n".join(lines)


def setup(app: Any) -> dict[str, Any]:
    """Register ``{public-names}``."""
    from sphinx.util.docutils import SphinxDirective

    class PublicNamesDirective(SphinxDirective):
        def run(self) -> list[Any]:
            missing = missing_entries()
            if missing:
                raise self.error("public names without an API entry: " + "; ".join(missing))
            return self.parse_text_to_nodes(table_markdown())

    app.add_directive("public-names", PublicNamesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
