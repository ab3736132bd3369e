"""The foundation path, for real: seed files -> Prefect `ingest` flow -> DuckDB -> timeline."""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

from flows.extract import EXTRACTOR_VERSION
from flows.pipeline import ingest
from tests.conftest import SEEDS_DIR, run_cli

# data tables: a rerun must not change them (ingest_runs/ingest_errors log each run by design)
TABLES = ("articles", "events", "event_mentions", "schema_migrations")


def table_counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("seeded")
    seeds = root / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    (seeds / "broken.txt").write_bytes(b"")  # recorded, never fatal
    warehouse = root / "timeline.duckdb"
    first = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    counts_after_first = table_counts(warehouse)
    second = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    return {"warehouse": warehouse, "first": first, "second": second, "counts_after_first": counts_after_first}


def test_first_run_loads_the_seed_article(seeded):
    first = seeded["first"]
    assert first["articles_new"] == len(list(SEEDS_DIR.glob("*.*")))
    assert first["status"] == "completed_with_errors"  # the empty file
    con = duckdb.connect(str(seeded["warehouse"]), read_only=True)
    row = con.execute(
        "select source, published_at::date::varchar, language, is_english from articles "
        "where url = 'https://example.test/news/tokyo-summit-seed'"
    ).fetchone()
    assert row == ("Reuters", "2025-10-28", "en", True)
    errors = con.execute("select item, stage, reason from ingest_errors where run_id = ?", [first["run_id"]]).fetchall()
    assert [(e[0].rsplit("/", 1)[-1], e[1], e[2]) for e in errors] == [("broken.txt", "read", "empty file")]


def test_second_run_changes_nothing(seeded):
    assert table_counts(seeded["warehouse"]) == seeded["counts_after_first"]
    second = seeded["second"]
    assert second["articles_new"] == 0 and second["events_new"] == 0 and second["mentions_new"] == 0
    assert second["articles_unchanged"] == seeded["first"]["articles_new"]
    assert second["errors"] == seeded["first"]["errors"] == 1  # the same bad file, recorded again


def test_runs_are_recorded(seeded):
    con = duckdb.connect(str(seeded["warehouse"]), read_only=True)
    runs = con.execute("select flow_name, status, articles_new from ingest_runs order by started_at").fetchall()
    assert [r[0] for r in runs] == ["ingest", "ingest"]
    assert runs[0][2] >= 1 and runs[1][2] == 0


def test_timeline_holds_the_seed_central_events(seeded):
    con = duckdb.connect(str(seeded["warehouse"]), read_only=True)
    rows = con.execute(
        "select event_type, actor1_code, actor2_code, amount_value, amount_unit, summary from timeline"
    ).fetchall()
    pairs = {(r[0], frozenset(c for c in (r[1], r[2]) if c)) for r in rows}
    amounts = {(r[0], round(r[3]), r[4]) for r in rows if r[3] is not None}
    us_jp = frozenset({"USA", "JPN"})
    assert ("AGREE", us_jp) in pairs  # the rare-earths agreement
    assert ("CONSULT", us_jp) in pairs  # the summit
    assert ("COOPERATE", 400_000_000_000, "USD") in amounts
    assert ("COOPERATE", 550_000_000_000, "USD") in amounts
    assert ("COOPERATE", 10_000_000_000, "USD") in amounts  # Toyota
    assert ("MOBILIZE", 2, "percent_gdp") in amounts  # defence spending
    assert ("AID", us_jp) in pairs  # the missile deliveries
    assert ("CONSULT", frozenset({"USA", "CHN"})) in pairs  # the planned meeting with Xi
    assert all(r[5] for r in rows)  # every event has a one-line summary


def test_cli_missing_seeds_dir_exits_2_with_the_fix(tmp_path):
    result = run_cli("ingest", "--seeds", str(tmp_path / "nope"), "--no-feeds", "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "--seeds" in result.stderr


def test_cli_timeline_without_warehouse_exits_2(tmp_path):
    result = run_cli("timeline", "--warehouse", str(tmp_path / "missing.duckdb"))
    assert result.returncode == 2
    assert "alliance-timeline ingest" in result.stderr


def test_cli_ingest_and_timeline_print_the_events(tmp_path):
    warehouse = tmp_path / "cli.duckdb"
    result = run_cli("ingest", "--seeds", str(SEEDS_DIR), "--no-feeds", "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout
    shown = run_cli("timeline", "--warehouse", str(warehouse), "--limit", "100", env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    assert "COOPERATE" in shown.stdout and "$400bn" in shown.stdout

    # every timeline row carries the id that `why` explains
    line = next(line for line in shown.stdout.splitlines() if "$400bn (" in line)
    short_id = re.findall(r"\b[0-9a-f]{10}\b", line)[-1]
    why = run_cli("why", short_id, "--warehouse", str(warehouse), "--format", "json")
    assert why.returncode == 0, why.stderr
    evidence = json.loads(why.stdout)
    assert evidence["event_id"].startswith(short_id) and evidence["amount_value"] == 400e9
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for m in evidence["mentions"]:
            text = con.execute("select text from articles where article_id = ?", [m["article_id"]]).fetchone()[0]
            assert text[m["char_start"]:m["char_end"]] == m["sentence"]  # offsets point at the evidence
            assert "400" in m["sentence"] and m["extractor_version"] == EXTRACTOR_VERSION
    finally:
        con.close()
    as_text = run_cli("why", short_id, "--warehouse", str(warehouse), env={"COLUMNS": "200"})
    assert as_text.returncode == 0 and evidence["mentions"][0]["article_url"] in as_text.stdout
    unknown = run_cli("why", "ffffffffffff", "--warehouse", str(warehouse))
    assert unknown.returncode == 2 and "no event id starts with" in unknown.stderr


def test_each_run_writes_the_report_next_to_the_warehouse_and_links_it(seeded):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.report.artifact import ARTIFACT_KEY

    report = seeded["warehouse"].with_name("report.html")
    assert seeded["second"]["report"] == str(report)
    html = report.read_text(encoding="utf-8")
    con = duckdb.connect(str(seeded["warehouse"]), read_only=True)
    jpn_usa = con.execute("select count(*) from timeline where pair_key = 'JPN-USA'").fetchone()[0]
    assert f'data-pair="JPN-USA" data-events="{jpn_usa}"' in html
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
    assert any(report.as_uri() in str(a.data) for a in artifacts)
