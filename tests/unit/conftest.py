"""Fixtures of the unit tests: a real, migrated DuckDB warehouse file."""

from __future__ import annotations

import duckdb
import pytest

from flows.warehouse.migrate import migrate


@pytest.fixture
def con(tmp_path):
    """A fresh DuckDB file with every migration applied (what `load_batch` and the feed writes need)."""
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(connection)
    yield connection
    connection.close()
