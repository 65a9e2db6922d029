"""The optional compiled build (mypyc): build it into a scratch directory, and test it there.

``pyproject.toml`` declares the build (the ``mypyc`` hook of hatchling, ``hatch-mypyc``, off unless
``HATCH_BUILD_HOOK_ENABLE_MYPYC=true``) and which modules it compiles. This script builds the wheel from a
copy of the tree — the hook compiles in place, next to the sources, which must stay pure — installs it into
a directory of its own, and runs the tests that prove the compiled modules give what the pure ones give,
with ``PYTHONPATH`` pointing at that directory, so that ``opengov`` is imported from there and not from
the editable install. ``tests/test_compiled.py`` fails unless the compiled modules were really loaded.

    python scripts/compiled.py build DIR     # the compiled package, installed into DIR
    python scripts/compiled.py test DIR      # the equivalence tests against DIR's package
    python scripts/compiled.py check         # both, in a temporary directory (what CI runs)

Exit status: 0 when the build and tests pass, else that of the failing step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TESTS = [
    "tests/test_compiled.py",
    "tests/test_fold.py",
    "tests/test_fold_cells.py",
    "tests/test_fold_saved.py",
    "tests/test_fold_timing.py",
    "tests/test_golden.py",
    "tests/test_golden_facts.py",
    "tests/test_ledger.py",
    "tests/test_lifecycle.py",
    "tests/test_lifecycle_machine.py",
    "tests/test_lifecycle_paths.py",
    "tests/test_lifecycle_state.py",
    "tests/test_timing.py",
    "tests/test_wire.py",
]
"""The tests run against the compiled build: the fold, the lifecycle, the answer timing, the fast read path
and the golden tables, with their property tests."""


def compiled_modules() -> list[str]:
    """The modules the compiled build compiles, as ``pyproject.toml`` names them (``/src/a/b.py`` is a.b)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    paths = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]
    return [path.removeprefix("/src/").removesuffix(".py").replace("/", ".") for path in paths]


def build(target: Path) -> None:
    """Build the compiled wheel from a copy of the tree and install it (alone, no dependencies) into
    ``target``, which is emptied first."""
    with tempfile.TemporaryDirectory(prefix="opengov-compiled-") as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, project / name)
        shutil.copytree(
            ROOT / "src",
            project / "src",
            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.c"),
        )
        wheels = Path(scratch) / "wheels"
        environment = {**os.environ, "HATCH_BUILD_HOOK_ENABLE_MYPYC": "true"}
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run(
            [*pip, "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(project)],
            check=True,
            env=environment,
        )
        (wheel,) = wheels.glob("opengov-*.whl")
        if target.exists():
            shutil.rmtree(target)
        subprocess.run(
            [*pip, "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)], check=True
        )
    print(f"compiled build of {', '.join(compiled_modules())} installed into {target}")


def test(target: Path, pytest_args: list[str]) -> int:
    """Run :data:`TESTS` against the package installed in ``target``; their exit status."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(target), os.environ.get("PYTHONPATH")])),
        "OPENGOV_EXPECT_COMPILED": "1",
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS, *pytest_args]
    return subprocess.run(command, cwd=ROOT, env=environment).returncode


def main() -> int:
    """Build, test, or both."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["build", "test", "check"])
    parser.add_argument("target", nargs="?", type=Path, help="where the compiled package is installed")
    args, pytest_args = parser.parse_known_args()
    if args.action == "check":
        with tempfile.TemporaryDirectory(prefix="opengov-compiled-site-") as site:
            build(Path(site))
            return test(Path(site), pytest_args)
    if args.target is None:
        parser.error(f"{args.action} needs the directory of the compiled package")
    if args.action == "build":
        build(args.target.resolve())
        return 0
    return test(args.target.resolve(), pytest_args)


if __name__ == "__main__":
    sys.exit(main())
