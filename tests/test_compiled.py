"""The optional compiled build (``scripts/compiled.py``, ``docs/performance.md``): which modules are
compiled is checked, not assumed.

In the ordinary run every module is its ``.py`` source (a stray compiled module next to the sources would
shadow them, and every other test would test it instead). Under ``scripts/compiled.py test``, which sets
``OPENGOV_EXPECT_COMPILED=1`` and puts the compiled package first on the import path, every module the
build compiles must have been loaded as an extension module, so that the fold, lifecycle, timing and
fast-path tests run with it really test the compiled code."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "compiled.py"
_spec = importlib.util.spec_from_file_location("compiled_build", SCRIPT)
assert _spec is not None
assert _spec.loader is not None
compiled_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled_build)

EXPECT_COMPILED = os.environ.get("OPENGOV_EXPECT_COMPILED") == "1"


def test_the_build_compiles_the_fold_the_lifecycle_and_the_timing() -> None:
    assert ["opengov.fold", "opengov.lifecycle", "opengov._timing"] == compiled_build.compiled_modules()


@pytest.mark.parametrize("name", compiled_build.compiled_modules())
def test_a_module_is_compiled_exactly_when_the_compiled_build_is_tested(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    compiled = module.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert (name, EXPECT_COMPILED) == (name, compiled), module.__file__
