"""The PostgreSQL server the store tests run against, found or started once per test session.

Order of preference:

1. ``$OPENGOV_TEST_POSTGRES_URL`` names a running server (``.ci/run`` starts one with
   ``scripts/postgres.sh`` and sets it);
2. otherwise, unless ``OPENGOV_TEST_POSTGRES=off``, ``scripts/postgres.sh start`` starts a throwaway server
   in a temporary directory for this session and stops it at the end (so ``make test`` on a developer
   machine tests PostgreSQL too);
3. when neither works the PostgreSQL tests are skipped with the reason and a warning in the summary —
   except under ``CI=true``, where they fail: CI must provide the server.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres.sh"
URL_ENV = "OPENGOV_TEST_POSTGRES_URL"


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests NOT RUN: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: CI must provide the server; see .ci/run)", pytrace=False)
    warnings.warn(message, pytest.PytestWarning, stacklevel=2)
    pytest.skip(message)


def _psycopg_missing() -> str | None:
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError as exc:
        return f"psycopg is not installed ({exc}); pip install -e '.[dev]'"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """The URL of a running server, or ``None`` with the reason it is missing kept for the tests."""
    missing = _psycopg_missing()
    if missing:
        yield f"!{missing}"
        return
    url = os.environ.get(URL_ENV)
    if url:
        yield url
        return
    if os.environ.get("OPENGOV_TEST_POSTGRES", "").lower() == "off":
        yield f"!{URL_ENV} is unset and OPENGOV_TEST_POSTGRES=off"
        return
    directory = tempfile.mkdtemp(prefix="opengov-pg-test-")
    env = {**os.environ, "OPENGOV_PG_DIR": directory, "OPENGOV_PG_FSYNC": "off"}
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if started.returncode != 0:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, check=False)
        tail = " ".join(started.stderr.split()[-40:])
        yield f"!{URL_ENV} is unset and scripts/postgres.sh start failed: {tail}"
        return
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, check=False, timeout=120)


@pytest.fixture
def postgres_url(postgres_server: str | None) -> str:
    """The server's URL; skips loudly (or fails under CI) when there is none."""
    assert postgres_server is not None
    if postgres_server.startswith("!"):
        _unavailable(postgres_server[1:])
    return postgres_server


def new_schema() -> str:
    """A fresh schema name, so that every test gets an empty store in the shared database."""
    return f"t_{uuid.uuid4().hex[:16]}"


def drop_schemas(url: str, schemas: list[str]) -> None:
    """Drop the schemas a test made."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    schemas.clear()
