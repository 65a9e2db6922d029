"""The public names: one name per idea, no name shadowing its own module, and a light ``import opengov``."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types
import warnings

import pytest

import opengov


def _packages() -> list[types.ModuleType]:
    """``opengov`` and every package under it (their attributes are where a module can be shadowed)."""
    found = [opengov]
    for info in pkgutil.walk_packages(opengov.__path__, "opengov."):
        if info.ispkg:
            found.append(importlib.import_module(info.name))
    return found


@pytest.mark.parametrize("name", opengov.__all__)
def test_no_public_name_shadows_its_module(name: str) -> None:
    """``opengov.X`` is the module ``opengov.X`` whenever such a module exists."""
    value = getattr(opengov, name)
    submodule = f"opengov.{name}"
    if importlib.util.find_spec(submodule) is not None:
        assert importlib.import_module(submodule) is value


def test_no_attribute_of_any_package_shadows_a_submodule() -> None:
    """Below ``opengov`` too: ``opengov.render.csv`` is the module, not a function of that name."""
    shadowed = []
    for package in _packages():
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            short = info.name.rpartition(".")[2]
            if short in vars(package) and vars(package)[short] is not importlib.import_module(info.name):
                shadowed.append(info.name)
    assert [] == shadowed


def test_every_public_name_resolves_and_is_listed_once() -> None:
    """``__all__`` is exactly the lazily loaded names, the re-exported modules and ``__version__``."""
    listed = set(opengov.__all__)
    assert len(listed) == len(opengov.__all__)
    assert listed == set(opengov._LAZY) | opengov._SUBMODULES | {"__version__"}
    for name in opengov.__all__:
        assert getattr(opengov, name) is not None
    assert set(opengov.__all__) <= set(dir(opengov))


def test_import_import_module_gives_the_module() -> None:
    """What the issue reported: ``import opengov.ledger as L`` gave the function."""
    import opengov.audit as audit_module
    import opengov.ledger as ledger_module
    import opengov.supervise as supervise_module
    import opengov.timeliness as timeliness_module

    for module, function in [
        (ledger_module, "build_ledger"),
        (audit_module, "audit_report"),
        (timeliness_module, "build_timeliness"),
        (supervise_module, "build_supervisor_view"),
    ]:
        assert isinstance(module, types.ModuleType)
        assert getattr(opengov, function) is getattr(module, function)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("opengov.ledger:ledger", "build_ledger"),
        ("opengov.audit:audit", "audit_report"),
        ("opengov.audit:Finding", "AuditFinding"),
        ("opengov.timeliness:timeliness", "build_timeliness"),
        ("opengov.supervise:supervise", "build_supervisor_view"),
        ("opengov.deadlines:Finding", "DeadlineFinding"),
        ("opengov.report:Finding", "ReportFinding"),
    ],
)
def test_old_names_still_work_with_a_deprecation_warning(old: str, new: str) -> None:
    """Every renamed name answers for one release, warning with the new name."""
    module_name, _, name = old.partition(":")
    module = importlib.import_module(module_name)
    with pytest.warns(DeprecationWarning, match=new):
        value = getattr(module, name)
    assert getattr(module, new) is value


def test_calling_a_module_runs_its_function_with_a_deprecation_warning() -> None:
    """``opengov.timeliness(facts)`` (the function it used to be) still runs, and says what to call."""
    from opengov.fold import AgencyFacts, Period

    facts = AgencyFacts(agency="a1", period=Period.year(2024), concluded_on_time=1, answer_working_days=(3,))
    with pytest.warns(DeprecationWarning, match=r"opengov\.timeliness\.build_timeliness"):
        old = opengov.timeliness(facts)  # type: ignore[operator]
    assert opengov.build_timeliness(facts) == old
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opengov.build_timeliness(facts)  # the new name does not warn


def test_three_findings_have_three_names() -> None:
    """The deadline, report and audit findings are different ideas with different names."""
    from opengov.audit import AuditFinding
    from opengov.deadlines import DeadlineFinding
    from opengov.report import ReportFinding

    assert 3 == len({AuditFinding.__name__, DeadlineFinding.__name__, ReportFinding.__name__})


HEAVY = (
    "opengov.render.docx",
    "opengov.render.html",
    "opengov.render.xlsx",
    "opengov.render.csv",
    "opengov.audit",
    "opengov.store",
    "opengov.report",
    "opengov.supervise",
    "opengov.fold",
    "sqlite3",
    "jinja2",
    "docx",
    "openpyxl",
    "psycopg",
    "msgspec",
    "matplotlib",
    "chinese_calendar",
    "pendulum",
    "cattrs",
)
"""What ``import opengov`` must not load: renderers, the auditor, the stores and their libraries."""


def test_import_opengov_is_light() -> None:
    """``import opengov`` loads none of the heavy parts (measured in a fresh interpreter)."""
    code = "import sys, opengov; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(loaded.stdout.split())
    assert "opengov" in modules
    assert "opengov.render" not in modules
    assert [] == [m for m in HEAVY if m in modules or any(n.startswith(m + ".") for n in modules)]


def test_the_version_has_one_source() -> None:
    """The installed distribution's version is the package's ``__version__`` (pyproject reads it there)."""
    import importlib.metadata
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert ["version"] == project["project"]["dynamic"]
    assert importlib.metadata.version("opengov") == opengov.__version__


def test_the_command_line_imports_a_command_when_it_runs() -> None:
    """Starting ``opengov`` (every command registered) loads no domain module, renderer library or store."""
    code = "import sys, opengov.cli; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(loaded.stdout.split())
    domain = ("opengov.events", "opengov.calendar", "opengov.codec", "opengov.tables", "opengov.ledger")
    assert "opengov.cli.table" in modules
    assert [] == [m for m in (*HEAVY, *domain) if m in modules or any(n.startswith(m + ".") for n in modules)]


def test_type_checkers_see_every_public_name() -> None:
    """The ``TYPE_CHECKING`` imports of ``opengov/__init__.py`` name exactly ``__all__`` (but the version),
    so a type checker knows each lazily loaded name, and from the module ``_LAZY`` says."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(opengov.__file__).read_text(encoding="utf-8"))
    guarded = next(
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    seen: dict[str, str] = {}
    for node in guarded.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            seen[alias.asname or alias.name] = node.module or ""
    assert set(opengov.__all__) - {"__version__"} == set(seen)
    assert {name: module for name, module in seen.items() if module != "opengov"} == opengov._LAZY
