"""Shared fixtures: paths to ../shared fixtures, a Prefect test harness, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = (REPO_ROOT.parent / "shared").resolve()
CORPUS_PAGES = SHARED / "corpus" / "pages"
CORPUS_FEEDS = SHARED / "corpus" / "feeds"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles"
SEEDS_DIR = REPO_ROOT / "seeds" / "articles"
CLI = Path(sys.executable).with_name("alliance-timeline")


@pytest.fixture
def con(tmp_path):
    """A fresh DuckDB warehouse file with every migration in `sql/` applied."""
    import duckdb

    from flows.warehouse.migrate import migrate

    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite) for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def run_cli(*args: str, cwd: Path = REPO_ROOT, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `alliance-timeline` console script in a subprocess."""
    full_env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})}
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )
