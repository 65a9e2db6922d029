"""Shared test set-up: hypothesis profiles, and ``tests/`` on the import path for ``strategies``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# pytest runs with --import-mode=importlib, which puts no test directory on sys.path.
sys.path.insert(0, str(Path(__file__).parent))

_NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)

settings.register_profile("ci", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=300)
# make mutants (scripts/mutants.py): the same examples every run, so a verdict does not depend on luck;
# no shrinking (a mutant is killed by the first failing example; shrinking it costs time and says nothing)
settings.register_profile(
    "mutants",
    deadline=None,
    max_examples=40,
    derandomize=True,
    database=None,
    phases=_NO_SHRINK,
    suppress_health_check=[HealthCheck.too_slow],
)
# the same, with fewer examples: for modules whose every mutant runs the round trip of every event type
# (scripts/mutants.py codec), where the hand-written tests do the killing and 40 examples cost minutes
settings.register_profile(
    "mutants-quick",
    deadline=None,
    max_examples=8,
    derandomize=True,
    database=None,
    phases=_NO_SHRINK,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the locale's language (tests/test_cli_i18n.py); every other test expects
    its English messages whatever the machine's locale."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


# The PostgreSQL server fixtures (`postgres_server`, `postgres_url`), shared by every test that needs one.
from _postgres import postgres_server, postgres_url  # noqa: E402, F401
