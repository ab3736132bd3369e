"""Warehouse states a killed run can leave behind, injected exactly, then one
real write through the library (`open_for_writing`) on real DuckDB files."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from flows.warehouse.files import WarehouseCorrupt, WarehouseFiles, open_for_writing
from flows.warehouse.runs import finish_run, start_run


def write_run(path, name: str) -> str:
    with open_for_writing(path) as con:
        run_id = start_run(con, name, {}, "test")
        finish_run(con, run_id, {})
    return run_id


def run_names(path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("select flow_name from ingest_runs order by started_at").fetchall()]
    finally:
        con.close()


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "timeline.duckdb"
    write_run(path, "first")
    return path


def test_a_stale_publish_temporary_is_removed(warehouse):
    files = WarehouseFiles.at(warehouse)
    stale = warehouse.with_name(".timeline.publish-99999.tmp")
    stale.write_bytes(b"half a copy")
    write_run(warehouse, "second")
    assert not stale.exists()
    assert run_names(warehouse) == ["first", "second"]
    assert files.working.exists()


def test_a_lost_working_copy_is_restored_from_the_snapshot(warehouse):
    files = WarehouseFiles.at(warehouse)
    files.working.unlink()
    write_run(warehouse, "second")
    assert run_names(warehouse) == ["first", "second"]


def test_a_wal_without_its_database_is_set_aside_not_replayed(warehouse):
    files = WarehouseFiles.at(warehouse)
    # a WAL from another database, as left when the working copy was moved away by hand
    other = warehouse.with_name("other.duckdb")
    con = duckdb.connect(str(other))
    con.execute("pragma disable_checkpoint_on_shutdown")
    con.execute("create table junk as select range as i from range(1000)")
    con.close()
    orphan = other.with_name("other.duckdb.wal")
    assert orphan.exists()
    files.working.unlink()
    shutil.move(orphan, files.working.with_name(files.working.name + ".wal"))
    write_run(warehouse, "second")
    assert run_names(warehouse) == ["first", "second"]
    assert files.working.with_name(files.working.name + ".wal.orphaned").exists()


def test_an_unreadable_working_copy_stops_the_run_and_publishes_nothing(warehouse):
    files = WarehouseFiles.at(warehouse)
    before = warehouse.read_bytes()
    files.working.write_bytes(b"\x00garbage" * 50_000)
    with pytest.raises(WarehouseCorrupt) as raised:
        write_run(warehouse, "second")
    message = str(raised.value)
    assert str(files.working) in message and "mv " in message and "is intact" in message
    assert warehouse.read_bytes() == before


def test_a_truncated_working_copy_stops_the_run_with_the_fix(warehouse, tmp_path):
    files = WarehouseFiles.at(warehouse)
    big = tmp_path / "big.duckdb"
    con = duckdb.connect(str(big))
    con.execute("create table t as select range as i, repeat('x', 200) as s from range(200000)")
    con.close()
    files.working.write_bytes(big.read_bytes()[: big.stat().st_size // 2])
    with pytest.raises(WarehouseCorrupt) as raised:
        write_run(warehouse, "second")
    assert "mv " in str(raised.value)
    assert run_names(warehouse) == ["first"]


def test_a_warehouse_whose_applied_ddl_differs_stops_the_run_and_publishes_nothing(warehouse):
    from flows.warehouse.migrate import SchemaMismatch

    files = WarehouseFiles.at(warehouse)
    con = duckdb.connect(str(files.working))
    con.execute("update schema_migrations set checksum = 'edited' where version = '002_events'")
    con.close()
    before = warehouse.read_bytes()
    with pytest.raises(SchemaMismatch, match="002_events.sql changed after being applied"):
        write_run(warehouse, "second")
    assert warehouse.read_bytes() == before
    assert run_names(warehouse) == ["first"]
