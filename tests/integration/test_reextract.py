"""Re-extraction, for real: stored articles -> a newer coder -> events replaced, nothing duplicated.

Coder v1 finds deals and warnings; v2 (the "improved" one) finds deals and
investments and no longer reports warnings (see `tests.support.stand_in_coder`,
a stand-in on purpose: these tests need to know exactly what each coder finds).
"""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from flows.backfill import backfill
from flows.pipeline import ingest
from flows.reextract import reextract
from tests.support.archive_fixture import DAY1, DAY2, DAY3, build_archive, write
from tests.support.stand_in_coder import V1, V2, install_coder


def query(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def live_events(path):
    return sorted(query(path, "select event_type, actor1_code, actor2_code from events where not is_retracted"))


@pytest.fixture
def stored_v1(tmp_path, prefect_harness, monkeypatch):
    """A warehouse filled by a v1 backfill of three days."""
    install_coder(monkeypatch, "test-v1", V1)
    root = build_archive(tmp_path / "archive")
    warehouse = tmp_path / "w.duckdb"
    backfill(since=DAY1, until=DAY3, archive_dir=str(root), warehouse=str(warehouse))
    assert set(query(warehouse, "select distinct extractor_version from event_mentions")) == {("test-v1",)}
    return warehouse


def test_reextract_replaces_the_events_of_every_article(stored_v1, monkeypatch):
    warehouse = stored_v1
    threaten = query(warehouse, "select event_id from events where event_type = 'THREATEN'")
    deals = set(query(warehouse, "select event_id from events where event_type = 'AGREE'"))
    article_rows = query(warehouse, "select article_id, content_hash, first_run_id from articles order by 1")

    install_coder(monkeypatch, "test-v2", V2)
    result = reextract(warehouse=str(warehouse))
    assert result["status"] == "completed" and result["extractor_version"] == "test-v2"
    assert result["articles_reextracted"] == 4
    assert (result["events_new"], result["events_retracted"]) == (1, 1)

    # every mention and article now says v2; the warning is retracted (kept, not deleted); the investment is new
    assert set(query(warehouse, "select distinct extractor_version from event_mentions")) == {("test-v2",)}
    assert set(query(warehouse, "select distinct extractor_version from articles")) == {("test-v2",)}
    assert query(warehouse, "select event_id, is_retracted, num_articles from events where event_type = 'THREATEN'") \
        == [(threaten[0][0], True, 0)]
    assert live_events(warehouse) == [
        ("AGREE", "AUS", "JPN"), ("AGREE", "JPN", "USA"), ("AGREE", "KOR", "USA"), ("COOPERATE", "JPN", "USA")]
    # the deals found by both coders keep their ids; articles keep their identity and first run
    assert set(query(warehouse, "select event_id from events where event_type = 'AGREE'")) == deals
    assert query(warehouse, "select article_id, content_hash, first_run_id from articles order by 1") == article_rows
    assert query(warehouse, "select count(*), count(distinct (event_id, article_id)) from event_mentions") == [(5, 5)]
    run = query(warehouse, "select flow_name, status, extractor_version, documents_seen from ingest_runs"
                           " where run_id = ?", [result["run_id"]])
    assert run == [("reextract", "completed", "test-v2", 4)]

    # again with the same coder: nothing to do, nothing changes
    before = query(warehouse, "select * exclude (created_at) from event_mentions order by event_id, article_id")
    again = reextract(warehouse=str(warehouse))
    assert again["articles_reextracted"] == 0
    assert query(warehouse, "select * exclude (created_at) from event_mentions order by event_id, article_id") == before
    # --force re-does it all, and still changes nothing
    forced = reextract(warehouse=str(warehouse), force=True)
    assert forced["articles_reextracted"] == 4 and forced["events_new"] == 0
    assert query(warehouse, "select count(*) from event_mentions") == [(5,)]
    assert live_events(warehouse)[-1] == ("COOPERATE", "JPN", "USA")


def test_reextract_a_window_touches_only_its_days(stored_v1, monkeypatch):
    warehouse = stored_v1
    install_coder(monkeypatch, "test-v2", V2)
    result = reextract(since=DAY2, until=DAY2, warehouse=str(warehouse))
    assert result["articles_reextracted"] == 2
    versions = query(warehouse, "select published_at::date::varchar, extractor_version from articles order by 1, 2")
    assert versions == [(DAY1, "test-v1"), (DAY2, "test-v2"), (DAY2, "test-v2"), (DAY3, "test-v1")]
    # day 1's warning is untouched (v1 still stands for day 1)
    assert ("THREATEN", "JPN", "USA") in live_events(warehouse)


def test_backfill_with_reextract_recodes_stored_articles_of_each_day(tmp_path, prefect_harness, monkeypatch):
    """Articles that came from the seeds (not the archive) are re-extracted by `backfill --reextract`."""
    install_coder(monkeypatch, "test-v1", V1)
    seeds = tmp_path / "seeds"
    write(seeds, "seoul", DAY2, "Japan and South Korea signed a chip supply pact. "
                                "Japan warned South Korea about export paperwork.")
    warehouse = tmp_path / "w.duckdb"
    ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    assert live_events(warehouse) == [("AGREE", "JPN", "KOR"), ("THREATEN", "JPN", "KOR")]

    install_coder(monkeypatch, "test-v2", V2)
    empty_archive = tmp_path / "archive"
    empty_archive.mkdir()
    result = backfill(since=DAY1, until=DAY3, archive_dir=str(empty_archive), warehouse=str(warehouse),
                      reextract=True)
    assert [(d["day"], d.get("articles_reextracted")) for d in result["days"]] == [(DAY1, 0), (DAY2, 1), (DAY3, 0)]
    assert live_events(warehouse) == [("AGREE", "JPN", "KOR")]
    assert query(warehouse, "select distinct extractor_version from event_mentions") == [("test-v2",)]
    assert query(warehouse, "select is_reextract, extractor_version from backfill_days where backfill_date = ?",
                 [DAY2]) == [(True, "test-v2")]
    # a resumed run skips the days; a newer coder is a new scope and does them again
    assert backfill(since=DAY1, until=DAY3, archive_dir=str(empty_archive), warehouse=str(warehouse),
                    reextract=True)["days_skipped"] == 3
    install_coder(monkeypatch, "test-v3", V2)
    assert backfill(since=DAY1, until=DAY3, archive_dir=str(empty_archive), warehouse=str(warehouse),
                    reextract=True)["days_done"] == 3
    assert query(warehouse, "select distinct extractor_version from event_mentions") == [("test-v3",)]


def test_reextract_command(stored_v1, monkeypatch):
    from flows.cli import app

    install_coder(monkeypatch, "test-v2", V2)
    runner = CliRunner()
    result = runner.invoke(app, ["reextract", "--since", DAY1, "--until", DAY3, "--warehouse", str(stored_v1)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "reextract completed with extractor test-v2: 4 articles, 1 new events, 1 retracted, 5 mentions" in said
    missing = runner.invoke(app, ["reextract", "--warehouse", str(stored_v1.with_name("nope.duckdb"))])
    assert missing.exit_code == 2 and "no warehouse" in missing.output
