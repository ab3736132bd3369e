"""The README's example queries run exactly as printed on a real warehouse (the seed article ingested by the
real flow), through DuckDB and through `alliance-timeline sql`, `--format json` and `export --parquet`."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from flows.pipeline import ingest
from tests.conftest import REPO_ROOT, SEEDS_DIR, run_cli


def readme_queries() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying the warehouse", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_harness):
    path = tmp_path_factory.mktemp("readme") / "timeline.duckdb"
    ingest(seeds_dir=str(SEEDS_DIR), warehouse=str(path), use_feeds=False)
    return path


def run(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_readme_has_the_promised_queries():
    titles = [q.splitlines()[0] for q in readme_queries()]
    assert titles[:3] == ["-- The US-Japan timeline, with its running columns",
                          "-- Pledges by pair: \"$550bn + $400bn\" in one query",
                          "-- The month's developments (October 2025)"]


def test_the_us_japan_timeline(warehouse):
    rows = run(warehouse, readme_queries()[0])
    assert rows, "the seed article's US-Japan events"
    assert [r[3] for r in rows] == list(range(1, len(rows) + 1))  # events so far, one more each row
    assert all("JPN" in r[1] and "USA" in r[1] for r in rows)


def test_pledges_by_pair_add_550bn_and_400bn(warehouse):
    rows = run(warehouse, readme_queries()[1])
    japan_us = [r for r in rows if r[:2] == ("JPN-USA", "USD")]
    assert japan_us and japan_us[0][3] >= 950e9  # $550bn + $400bn (+ Toyota's $10bn)
    assert "$550bn" in japan_us[0][4] and "$400bn" in japan_us[0][4]


def test_the_months_developments(warehouse):
    rows = run(warehouse, readme_queries()[2])
    assert any(r[0] == "JPN-USA" for r in rows)


def test_every_readme_query_runs_through_the_cli(warehouse):
    for query in readme_queries():
        result = run_cli("sql", "--warehouse", str(warehouse), "--format", "json", "--", query)
        assert result.returncode == 0, result.stderr
        records = json.loads(result.stdout)
        expected = run(warehouse, query)
        assert len(records) == len(expected)
        assert [list(r.values())[0] for r in records] == [json.loads(json.dumps(e[0], default=str)) for e in expected]


def test_sql_errors_name_the_fix_and_writes_are_refused(warehouse):
    bad = run_cli("sql", "select * from no_such_view", "--warehouse", str(warehouse))
    assert bad.returncode == 2 and "show tables" in bad.stderr
    write = run_cli("sql", "delete from events", "--warehouse", str(warehouse))
    assert write.returncode == 2 and "read-only" in write.stderr
    assert run(warehouse, "select count(*) from events")[0][0] > 0


def test_export_parquet_writes_every_public_table_and_view(warehouse, tmp_path):
    result = run_cli("export", "--parquet", str(tmp_path / "out"), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    names = {p.stem for p in (tmp_path / "out").glob("*.parquet")}
    assert {"articles", "events", "event_mentions", "timeline", "pledges", "relations_monthly", "developments",
            "new_since_last_run", "ingest_runs"} <= names
    con = duckdb.connect()
    exported = con.execute(f"select count(*) from '{tmp_path / 'out' / 'timeline.parquet'}'").fetchone()[0]
    assert exported == run(warehouse, "select count(*) from timeline")[0][0] > 0
