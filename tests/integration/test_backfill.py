"""Backfill, for real: a dated archive -> the Prefect `backfill` flow -> DuckDB, day by day.

The event coder is the stand-in of `tests.support.stand_in_coder` (the real
one is tested against the gold set elsewhere): these tests are about days,
resuming and duplicates, so they need events they can predict.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from typer.testing import CliRunner

import flows.archive
from flows.backfill import backfill
from tests.support.archive_fixture import DAY1, DAY2, DAY3, build_archive, write
from tests.support.stand_in_coder import V1, install_coder

TABLES = ("articles", "events", "event_mentions")
def counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def query(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(path) -> dict[str, set]:
    """What a backfill produced, independent of run ids and times."""
    return {
        "articles": set(query(path, "select article_id, published_at::date, extractor_version from articles")),
        "events": set(query(path, "select event_id, event_type, actor1_code, actor2_code, is_retracted from events")),
        "mentions": set(query(path, "select event_id, article_id, sentence from event_mentions")),
    }


@pytest.fixture
def coder_v1(monkeypatch):
    install_coder(monkeypatch, "test-v1", V1)


def test_backfill_three_days_then_rerun_changes_nothing(tmp_path, prefect_harness, coder_v1):
    root = build_archive(tmp_path / "archive")
    warehouse = tmp_path / "w.duckdb"
    result = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse))

    assert result["status"] == "completed_with_errors"  # the broken dump line is recorded, nothing else fails
    assert (result["days_done"], result["days_skipped"], result["days_failed"]) == (3, 0, 0)
    assert [(d["day"], d["status"], d["documents_seen"], d["articles_new"]) for d in result["days"]] == [
        (DAY1, "completed", 1, 1), (DAY2, "completed", 2, 2), (DAY3, "completed", 1, 1)]
    # every article sits on its day; nothing outside the window came in
    assert sorted(query(warehouse, "select published_at::date::varchar, origin, url from articles")) == [
        (DAY1, "archive", "https://example.test/archive/kuala-lumpur"),
        (DAY2, "archive", "https://example.test/archive/a-tokyo"),
        (DAY2, "archive", "https://example.test/archive/b-yokosuka"),
        (DAY3, "archive", "https://example.test/archive/gyeongju"),
    ]
    # the stand-in coder's mentions: 4 deals + 1 warning; the two Japan-US deals a day apart merge into one event
    assert sorted(query(warehouse, "select event_type, actor1_code, actor2_code from event_mentions")) == [
        ("AGREE", "AUS", "JPN"), ("AGREE", "JPN", "USA"), ("AGREE", "JPN", "USA"), ("AGREE", "KOR", "USA"),
        ("THREATEN", "JPN", "USA")]
    assert sorted(query(warehouse, "select event_type, actor1_code, actor2_code, num_articles from events")) == [
        ("AGREE", "AUS", "JPN", 1), ("AGREE", "JPN", "USA", 2), ("AGREE", "KOR", "USA", 1),
        ("THREATEN", "JPN", "USA", 1)]
    days = query(warehouse, "select backfill_date::varchar, status, documents_seen, run_id from backfill_days"
                            " order by backfill_date")
    assert [(d[0], d[1], d[2]) for d in days] == [(DAY1, "completed", 1), (DAY2, "completed", 2),
                                                  (DAY3, "completed", 1)]
    runs = query(warehouse, "select run_id, flow_name, status, documents_seen, articles_new, errors, error_summary"
                            " from ingest_runs")
    assert len(runs) == 1 and runs[0][1:6] == ("backfill", "completed_with_errors", 4, 4, 1)
    assert "wire.jsonl:2" in runs[0][6] and {d[3] for d in days} == {runs[0][0]}
    before = counts(warehouse)

    again = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse))
    assert (again["days_done"], again["days_skipped"]) == (0, 3)
    assert counts(warehouse) == before

    forced = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse), force=True)
    assert forced["days_done"] == 3 and forced["articles_updated"] == 4  # re-processed, same result
    assert counts(warehouse) == before

    # a file dropped into a finished day makes that day (only) run again
    write(root / DAY2, "c-sydney", DAY2, "Australia and the United States signed a critical minerals pact.")
    more = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse))
    assert [(d["day"], d["status"]) for d in more["days"]] == [
        (DAY1, "skipped"), (DAY2, "completed"), (DAY3, "skipped")]
    assert more["articles_new"] == 1 and more["articles_unchanged"] == 2
    assert counts(warehouse)["articles"] == before["articles"] + 1


def test_backfill_leaves_a_markdown_artifact_of_per_day_counts(tmp_path, prefect_harness, coder_v1):
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    root = build_archive(tmp_path / "archive")
    result = backfill(since=DAY1, until=DAY2, archive_dir=str(root), warehouse=str(tmp_path / "w.duckdb"))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["backfill"])),
            sort=ArtifactSort.CREATED_DESC, limit=1,
        )
    assert artifacts and artifacts[0].type == "markdown"
    markdown = artifacts[0].data
    assert f"# Backfill {DAY1} to {DAY2}: {result['status']}" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| 2025-")]
    assert [row.split(" | ")[:3] for row in rows] == [[f"| {DAY1}", "completed", "1"], [f"| {DAY2}", "completed", "2"]]


def test_interrupted_backfill_resumes_and_ends_like_an_uninterrupted_one(tmp_path, prefect_harness, coder_v1,
                                                                         monkeypatch):
    root = build_archive(tmp_path / "archive")
    clean = tmp_path / "clean.duckdb"
    backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(clean), batch_size=1)

    # day 2's second file cannot be read (a disk that went away): batch 1 of the day is loaded, batch 2 raises
    real_read = flows.archive.read_entries

    def failing_read(entries, where):
        if any(e.path.name == "b-yokosuka.txt" for e in entries):
            raise OSError("Input/output error (injected by the test)")
        return real_read(entries, where)

    monkeypatch.setattr(flows.archive, "read_entries", failing_read)
    warehouse = tmp_path / "w.duckdb"
    first = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse), batch_size=1)
    assert first["status"] == "completed_with_errors"
    assert [(d["day"], d["status"]) for d in first["days"]] == [
        (DAY1, "completed"), (DAY2, "failed"), (DAY3, "completed")]
    assert query(warehouse, "select backfill_date::varchar, status, failure_reason from backfill_days"
                            " where status = 'failed'") == [(DAY2, "failed", "OSError: Input/output error (injected by the test)")]
    assert query(warehouse, "select item, stage from ingest_errors where stage = 'backfill_day'") == [(DAY2, "backfill_day")]
    assert counts(warehouse)["articles"] == 3  # a-tokyo of day 2 was loaded before the failure

    monkeypatch.setattr(flows.archive, "read_entries", real_read)
    second = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse), batch_size=1)
    assert second["status"] == "completed_with_errors"  # still the broken dump line, nothing else
    assert [(d["day"], d["status"]) for d in second["days"]] == [
        (DAY1, "skipped"), (DAY2, "completed"), (DAY3, "skipped")]
    assert (second["articles_new"], second["articles_unchanged"]) == (1, 1)
    assert query(warehouse, "select count(*) from backfill_days where status = 'completed'") == [(3,)]

    assert snapshot(warehouse) == snapshot(clean)
    assert counts(warehouse) == counts(clean)
    assert query(warehouse, "select count(*) - count(distinct canonical_url) from articles") == [(0,)]


def test_backfill_of_one_source_is_its_own_scope(tmp_path, prefect_harness, coder_v1):
    root = build_archive(tmp_path / "archive")
    warehouse = tmp_path / "w.duckdb"
    only = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse), source="bay courier")
    assert only["days_done"] == 3
    assert query(warehouse, "select source from articles") == [("Bay Courier",)]
    everything = backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse))
    assert everything["days_done"] == 3 and everything["articles_new"] == 3  # not skipped: another scope
    assert counts(warehouse)["articles"] == 4


def test_backfill_and_runs_commands(tmp_path, prefect_harness, coder_v1):
    from flows.cli import app

    root = build_archive(tmp_path / "archive")
    warehouse = tmp_path / "w.duckdb"
    runner = CliRunner()
    args = ["backfill", "--since", DAY1, "--until", DAY3, "--seeds", str(root), "--warehouse", str(warehouse)]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output  # done, with the broken dump line recorded
    said = " ".join(result.output.split())
    assert "backfill completed_with_errors: 3 days done, 0 already done, 0 failed; 4 new articles" in said
    assert "days" in result.output and "3/3" in result.output  # the progress bar

    rerun = runner.invoke(app, args)
    assert "0 days done, 3 already done" in " ".join(rerun.output.split())

    listed = runner.invoke(app, ["runs", "--warehouse", str(warehouse), "--flow", "backfill"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.output.splitlines() if "backfill" in line and "completed" in line]
    assert len(lines) == 2 and "read: 1" in listed.output  # the error summary: one unreadable input

    swapped = runner.invoke(app, ["backfill", "--since", DAY3, "--until", DAY1, "--seeds", str(root),
                                  "--warehouse", str(warehouse)])
    assert swapped.exit_code == 2 and "swap them" in " ".join(swapped.output.split())
    missing = runner.invoke(app, ["backfill", "--since", DAY1, "--until", DAY3, "--seeds", str(tmp_path / "nope"),
                                  "--warehouse", str(warehouse)])
    assert missing.exit_code == 2 and "--seeds DIR" in " ".join(missing.output.split())
    bad_day = runner.invoke(app, ["backfill", "--since", "yesterday", "--until", DAY3, "--seeds", str(root)])
    assert bad_day.exit_code == 2 and "YYYY-MM-DD" in bad_day.output
    assert date.fromisoformat(DAY1)  # the fixtures' days are real days


@pytest.mark.parametrize("command", ["serve", "backfill", "reextract", "runs"])
def test_every_command_has_an_example_and_a_readme_entry(command):
    from flows.cli import app
    from tests.conftest import REPO_ROOT

    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and f"Example: alliance-timeline {command}" in result.output
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Schedules, backfills and re-extraction", 1)[1].split("\n## ", 1)[0]
    assert f"alliance-timeline {command}" in section
