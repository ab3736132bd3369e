"""Reading the published warehouse for people and other tools: run one query, export Parquet."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# what SQL clients may rely on (the README lists them); internal tables and staging views stay out
PUBLIC_TABLES = ("articles", "events", "event_mentions", "ingest_runs", "ingest_errors", "plover_types")
PUBLIC_VIEWS = ("timeline", "relations_monthly", "developments", "pledges", "new_since_last_run")


def read_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one query; returns (column names, rows). Statements that return nothing give ([], [])."""
    cursor = con.execute(sql)
    if cursor.description is None:
        return [], []
    return [d[0] for d in cursor.description], cursor.fetchall()


def export_parquet(con: duckdb.DuckDBPyConnection, directory: Path) -> list[tuple[str, int, Path]]:
    """Write each public table and view to `directory/<name>.parquet` (zstd); returns (name, rows, path).

    Each file is written under a temporary name and renamed, so a reader never sees half a file.
    """
    directory.mkdir(parents=True, exist_ok=True)
    present = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    written = []
    for name in PUBLIC_TABLES + PUBLIC_VIEWS:
        if name not in present:
            continue
        path = directory / f"{name}.parquet"
        tmp = directory / f".{name}.parquet.tmp"
        escaped = str(tmp).replace("'", "''")
        con.execute(f"copy (select * from {name}) to '{escaped}' (format parquet, compression zstd)")
        os.replace(tmp, path)
        rows = con.execute(f"select count(*) from {name}").fetchone()[0]
        written.append((name, rows, path))
    return written
