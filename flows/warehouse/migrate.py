"""Apply `sql/`: numbered DDL once each (recorded in `schema_migrations`),
then every view, layer by layer (staging -> intermediate -> marts), each time
(views are `create or replace`, so re-running is safe)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
VIEW_LAYERS = ("staging", "intermediate", "marts")


def ddl_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return sorted((sql_dir / "ddl").glob("[0-9][0-9][0-9]_*.sql"))


def view_files(sql_dir: Path = SQL_DIR) -> list[Path]:
    return [path for layer in VIEW_LAYERS for path in sorted((sql_dir / layer).glob("*.sql"))]


def migrate(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> list[str]:
    """Bring the database up to date; returns the DDL files applied now."""
    con.execute(
        "create table if not exists schema_migrations ("
        " version varchar primary key, checksum varchar not null, applied_at timestamp not null)"
    )
    done = {row[0] for row in con.execute("select version from schema_migrations").fetchall()}
    applied = []
    for path in ddl_files(sql_dir):
        sql = path.read_text(encoding="utf-8")
        if path.stem in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into schema_migrations values (?, ?, ?)",
                [path.stem, hashlib.sha256(sql.encode()).hexdigest(), datetime.now(timezone.utc).replace(tzinfo=None)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(path.stem)
    for path in view_files(sql_dir):
        con.execute(path.read_text(encoding="utf-8"))
    return applied
