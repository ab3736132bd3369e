"""Apply `sql/`: numbered DDL once each (recorded in `schema_migrations`),
then every view, layer by layer (staging -> intermediate -> marts), each time
(views are `create or replace`, so re-running is safe).

DDL files are append-only: a file applied to a warehouse must never change
(the tables were made by the old text). Before applying anything, the recorded
checksums are compared with the files; an edited file, or a warehouse made by a
newer version with migrations this code does not have, stops the run with
`SchemaMismatch` (nothing is changed) instead of running views over tables
that are not what the code expects."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
VIEW_LAYERS = ("staging", "intermediate", "marts")


class SchemaMismatch(RuntimeError):
    """The warehouse's applied DDL differs from `sql/ddl/`; the message says which files and the fix."""


def checksum(sql: str) -> str:
    return hashlib.sha256(sql.encode()).hexdigest()


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
    done = dict(con.execute("select version, checksum from schema_migrations").fetchall())
    files = ddl_files(sql_dir)
    check_applied(done, files)
    applied = []
    for path in files:
        sql = path.read_text(encoding="utf-8")
        if path.stem in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into schema_migrations values (?, ?, ?)",
                [path.stem, checksum(sql), datetime.now(timezone.utc).replace(tzinfo=None)],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(path.stem)
    for path in view_files(sql_dir):
        con.execute(path.read_text(encoding="utf-8"))
    return applied


def check_applied(done: dict[str, str], files: list[Path]) -> None:
    """Raise `SchemaMismatch` when an applied DDL file was edited since, or the
    warehouse has migrations that `sql/ddl/` does not (made by a newer version)."""
    by_version = {path.stem: path for path in files}
    edited = [
        by_version[version].name for version, recorded in sorted(done.items())
        if version in by_version and checksum(by_version[version].read_text(encoding="utf-8")) != recorded
    ]
    unknown = sorted(version for version in done if version not in by_version)
    problems = []
    if edited:
        problems.append(
            f"{', '.join(edited)} changed after being applied to this warehouse "
            "(DDL files are append-only: restore the file and put the change in a new numbered file)"
        )
    if unknown:
        problems.append(
            f"this warehouse has migrations this code does not know ({', '.join(unknown)}): "
            "it was written by a newer alliance-timeline; upgrade, or use another --warehouse"
        )
    if problems:
        raise SchemaMismatch("; ".join(problems))
