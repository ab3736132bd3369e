"""Migrations on real DuckDB files: applied once, checked against the files every run."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.warehouse.migrate import SQL_DIR, SchemaMismatch, ddl_files, migrate


@pytest.fixture()
def sql_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "sql"
    shutil.copytree(SQL_DIR, copy)
    return copy


def test_migrations_are_applied_once_and_recorded(tmp_path, sql_dir):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        first = migrate(con, sql_dir)
        second = migrate(con, sql_dir)
        recorded = [row[0] for row in con.execute("select version from schema_migrations order by version").fetchall()]
    assert first == [p.stem for p in ddl_files(sql_dir)]
    assert second == []
    assert recorded == first


def test_an_applied_file_that_was_edited_stops_the_run_and_names_the_file(tmp_path, sql_dir):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, sql_dir)
    edited = ddl_files(sql_dir)[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n-- tweak\n", encoding="utf-8")
    new = sql_dir / "ddl" / "999_new_table.sql"
    new.write_text("create table should_not_exist (x integer);\n", encoding="utf-8")
    with duckdb.connect(str(path)) as con:
        with pytest.raises(SchemaMismatch, match=edited.name) as info:
            migrate(con, sql_dir)
        assert "append-only" in str(info.value)
        # nothing was applied: the check runs before any DDL
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    assert "should_not_exist" not in tables


def test_a_warehouse_from_a_newer_version_is_refused(tmp_path, sql_dir):
    path = tmp_path / "w.duckdb"
    extra = sql_dir / "ddl" / "998_from_the_future.sql"
    extra.write_text("create table future_table (x integer);\n", encoding="utf-8")
    with duckdb.connect(str(path)) as con:
        migrate(con, sql_dir)
    extra.unlink()
    with duckdb.connect(str(path)) as con:
        with pytest.raises(SchemaMismatch, match="998_from_the_future.*newer alliance-timeline"):
            migrate(con, sql_dir)


def test_line_endings_do_not_count_as_an_edit(tmp_path, sql_dir):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, sql_dir)
    for ddl in ddl_files(sql_dir):  # a Windows checkout (core.autocrlf) rewrites every file with CRLF
        ddl.write_bytes(ddl.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    with duckdb.connect(str(path)) as con:
        assert migrate(con, sql_dir) == []
