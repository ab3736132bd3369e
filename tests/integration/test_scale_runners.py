"""Parallel stages, serial load, for real: the same few hundred articles through the
in-process run (threads), a process pool and a Dask LocalCluster with two worker
processes give the same warehouse; a batch staged twice is loaded once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import staging
from flows.pipeline import ingest
from tests.conftest import CORPUS_PAGES, DEV_ARTICLES, SEEDS_DIR

TXT_COPIES = 25  # each dev article under 25 distinct URLs: 175 cheap articles beside the 110 pages


def build_corpus(dest: Path) -> Path:
    """~290 seed files: the corpus pages, the seed article and the dev articles under distinct URLs."""
    dest.mkdir(parents=True, exist_ok=True)
    for page in sorted(CORPUS_PAGES.glob("*.html")):
        shutil.copyfile(page, dest / page.name)
    shutil.copytree(SEEDS_DIR, dest, dirs_exist_ok=True)
    for article in sorted(DEV_ARTICLES.glob("*.txt")):
        text = article.read_text(encoding="utf-8")
        for copy in range(TXT_COPIES):
            body = re.sub(r"^url:\s*(\S+)", lambda m: f"url: {m.group(1)}-copy-{copy}", text, count=1, flags=re.M)
            if body == text:
                body = f"---\nurl: https://example.test/{article.stem}-copy-{copy}\n---\n{text}"
            (dest / f"{article.stem}-{copy:02d}.txt").write_text(body, encoding="utf-8")
    return dest


def snapshot(path: Path) -> dict[str, list]:
    """What must be the same whichever runner staged the batches: ids, counts, merges."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "articles": con.execute("select article_id, content_hash, is_english, num_events from articles order by 1").fetchall(),
            "events": con.execute("select event_id, event_type, num_articles, num_mentions, is_retracted from events order by 1").fetchall(),
            "mentions": con.execute("select event_id, article_id, char_start from event_mentions order by 1, 2, 3").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("scale") / "seeds")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory, prefect_harness):
    """The in-process run (threads) every other path is compared with."""
    warehouse = tmp_path_factory.mktemp("threads") / "timeline.duckdb"
    result = ingest(seeds_dir=str(corpus), warehouse=str(warehouse), task_runner="threads", workers=2, batch_size=40)
    return {"warehouse": warehouse, "result": result, "snapshot": snapshot(warehouse)}


def test_reference_run_loads_a_few_hundred_articles(reference, corpus):
    files = len(list(corpus.iterdir()))
    assert files >= 250
    assert reference["result"]["documents_seen"] == files
    assert len(reference["snapshot"]["articles"]) >= 250
    assert reference["result"]["status"] in ("completed", "completed_with_errors")
    staged = reference["warehouse"].parent / "staging"
    assert not staged.exists() or not any(staged.iterdir())  # loaded batches leave no files behind


def test_process_pool_gives_the_same_warehouse(reference, corpus, tmp_path, prefect_harness):
    warehouse = tmp_path / "timeline.duckdb"
    result = ingest(seeds_dir=str(corpus), warehouse=str(warehouse), task_runner="processes", workers=2, batch_size=40)
    assert snapshot(warehouse) == reference["snapshot"]
    assert result["articles_new"] == reference["result"]["articles_new"]
    assert result["events_new"] == reference["result"]["events_new"]


def test_dask_cluster_gives_the_same_warehouse(reference, corpus, tmp_path, prefect_harness):
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        address = cluster.scheduler_address.removeprefix("tcp://")
        warehouse = tmp_path / "timeline.duckdb"
        result = ingest(seeds_dir=str(corpus), warehouse=str(warehouse), task_runner=f"dask://{address}",
                        batch_size=40)
        worker_logs = cluster.get_logs()
    finally:
        cluster.close(timeout=30)
    assert snapshot(warehouse) == reference["snapshot"]
    assert result["events_new"] == reference["result"]["events_new"]
    assert len([name for name in worker_logs if name.startswith("tcp://")]) == 2  # two worker processes


def test_a_batch_staged_twice_is_loaded_once(reference, corpus, tmp_path, prefect_harness):
    """Re-running over the same inputs finds every batch id in staged_batches: nothing changes."""
    warehouse = reference["warehouse"]
    before = snapshot(warehouse)
    again = ingest(seeds_dir=str(corpus), warehouse=str(warehouse), task_runner="threads", workers=2, batch_size=40)
    assert snapshot(warehouse) == before
    assert again["articles_new"] == again["articles_updated"] == again["events_new"] == again["mentions_new"] == 0
    assert again["articles_unchanged"] == reference["result"]["articles_new"] + reference["result"]["articles_unchanged"]
    assert again["errors"] == reference["result"]["errors"]  # the batches' problems are recorded again
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        batches = con.execute("select count(*), count(distinct run_id) from staged_batches").fetchone()
    finally:
        con.close()
    assert batches[0] == -(-len(list(corpus.iterdir())) // 40) and batches[1] == 1  # loaded by the first run only


def test_staged_files_round_trip_and_a_second_copy_is_not_loaded(tmp_path, prefect_harness):
    """Stage one batch twice (two workers, a retried task) and load both: the second load is a no-op."""
    from flows import extract
    from flows.model import RawDocument
    from flows.pipeline import stage_batch, Documents
    from flows.warehouse import open_for_writing
    from flows.warehouse.runs import start_run
    from flows.warehouse.staged_batches import load_staged_batch

    docs = [RawDocument(url=f"https://example.test/{i}", body=text, media_type="text/plain", origin="seed",
                        published="2025-10-28")
            for i, text in enumerate(p.read_text(encoding="utf-8") for p in sorted(DEV_ARTICLES.glob("*.txt")))]
    location = str(tmp_path / "staging")
    batch_id = staging.to_batch_id(docs, extract.EXTRACTOR_VERSION)
    assert batch_id == staging.to_batch_id(list(docs), extract.EXTRACTOR_VERSION)  # deterministic
    first = stage_batch.fn(Documents(docs), location, batch_id)
    second = stage_batch.fn(Documents(docs), location, batch_id)  # found staged: reused, not redone
    assert second.reused and (second.num_articles, second.num_events) == (first.num_articles, first.num_events)
    articles, events = staging.read_staged_batch(location, batch_id)
    assert [a.url for a in articles] == [d.url for d in docs]
    assert sum(len(found) for found in events.values()) == first.num_events

    with open_for_writing(tmp_path / "timeline.duckdb") as con:
        run_id = start_run(con, "test", {}, extract.EXTRACTOR_VERSION)
        loaded = load_staged_batch(con, run_id, location, first, extract.EXTRACTOR_VERSION)
        counts = snapshot_counts(con)
        again = load_staged_batch(con, run_id, location, second, extract.EXTRACTOR_VERSION)
        assert snapshot_counts(con) == counts
        rows = con.execute("select batch_id, num_articles from staged_batches").fetchall()
    assert loaded.articles_new == len(docs) and again.articles_new == 0 and again.articles_unchanged == len(docs)
    assert rows == [(batch_id, len(docs))]


def snapshot_counts(con) -> tuple:
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "events", "event_mentions"))
