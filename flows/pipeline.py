"""Prefect orchestration: thin tasks over the library, and the `ingest` flow.

The flow reads like a recipe: list inputs, then per batch read -> clean ->
extract -> load, then publish. Tasks work on batches (never one task per
article: Prefect's per-task overhead would dominate); state lives in DuckDB,
not in Prefect results.
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

from dataclasses import asdict  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import duckdb  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows import seeds  # noqa: E402
from flows.clean import to_article  # noqa: E402
from flows.extract import EXTRACTOR_VERSION, extract_events  # noqa: E402
from flows.model import Article, ExtractedEvent, RawDocument  # noqa: E402
from flows.warehouse import open_for_writing  # noqa: E402
from flows.warehouse.files import DEFAULT_WAREHOUSE  # noqa: E402
from flows.warehouse.load import LoadCounts, load_batch  # noqa: E402
from flows.artifacts import publish_new_developments  # noqa: E402
from flows.warehouse.runs import finish_run, record_errors, start_run  # noqa: E402

DEFAULT_BATCH_SIZE = 200
Problem = tuple[str, str, str]  # (item, stage, reason)


@task(cache_policy=NO_CACHE)
def read_seed_batch(paths: list[Path], root: Path) -> tuple[list[RawDocument], list[Problem]]:
    docs, errors = seeds.read_seed_files(paths, root)
    return docs, [(e.item, e.stage, e.reason) for e in errors]


@task(cache_policy=NO_CACHE)
def clean_batch(docs: list[RawDocument]) -> tuple[list[Article], list[Problem]]:
    articles, problems = [], []
    for doc in docs:
        try:
            article = to_article(doc)
        except Exception as exc:  # one bad document never fails the batch
            problems.append((doc.origin_path or doc.url, "clean", f"{type(exc).__name__}: {exc}"))
            continue
        if article.text_source == "empty":
            problems.append((doc.origin_path or doc.url, "clean", "no text could be extracted; stored, no events"))
        articles.append(article)
    return articles, problems


@task(cache_policy=NO_CACHE)
def extract_batch(articles: list[Article]) -> tuple[dict[str, list[ExtractedEvent]], list[Problem]]:
    events: dict[str, list[ExtractedEvent]] = {}
    problems: list[Problem] = []
    for article in articles:
        if not article.is_english or not article.text:
            continue
        try:
            events[article.article_id] = extract_events(article.text, article.published_date, article.title)
        except Exception as exc:
            problems.append((article.url, "extract", f"{type(exc).__name__}: {exc}"))
    return events, problems


@task(cache_policy=NO_CACHE)
def load_articles(
    con: duckdb.DuckDBPyConnection, run_id: str, articles: list[Article],
    events: dict[str, list[ExtractedEvent]], force: bool = False,
) -> LoadCounts:
    return load_batch(con, run_id, articles, events, EXTRACTOR_VERSION, force=force)


def process_documents(con, run_id: str, docs: list[RawDocument], force: bool = False) -> tuple[LoadCounts, list[Problem]]:
    """clean -> extract -> load one batch of raw documents."""
    articles, clean_problems = clean_batch(docs)
    events, extract_problems = extract_batch(articles)
    counts = load_articles(con, run_id, articles, events, force=force)
    return counts, clean_problems + extract_problems


def _batches(items: list, size: int):
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


@flow(name="ingest")
def ingest(
    seeds_dir: str | None = "seeds/articles",
    warehouse: str = str(DEFAULT_WAREHOUSE),
    use_feeds: bool = False,
    feeds_file: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Ingest seed files (and feeds) into the warehouse, then publish the snapshot."""
    logger = get_run_logger()
    parameters = {"seeds_dir": seeds_dir, "use_feeds": use_feeds, "feeds_file": feeds_file, "batch_size": batch_size}
    totals = LoadCounts()
    documents_seen = 0
    feed_counts: dict[str, int] = {}
    with open_for_writing(warehouse) as con:
        run_id = start_run(con, "ingest", parameters, EXTRACTOR_VERSION)
        status = "failed"
        try:
            if seeds_dir:
                root = Path(seeds_dir)
                paths = seeds.list_seed_files(root)
                for batch in _batches(paths, batch_size):
                    docs, problems = read_seed_batch(batch, root)
                    documents_seen += len(batch)
                    counts, more = process_documents(con, run_id, docs)
                    record_errors(con, run_id, problems + more)
                    totals.add(counts)
            if use_feeds:
                from flows.feed_ingest import ingest_feeds_into  # feeds live in their own module

                feed_counts, fed = ingest_feeds_into(con, run_id, feeds_file, batch_size, process_documents)
                totals.add(fed)
                documents_seen += feed_counts.get("documents_seen", 0)
            summary = {k: v for k, v in asdict(totals).items() if k != "new_event_ids"}
            summary.update({k: v for k, v in feed_counts.items() if k != "documents_seen"})
            summary["documents_seen"] = documents_seen
            status = finish_run(con, run_id, summary)
        except BaseException as exc:
            record_errors(con, run_id, [(str(warehouse), "run", f"{type(exc).__name__}: {exc}")])
            finish_run(con, run_id, {"documents_seen": documents_seen}, status="failed")
            raise
        errors = con.execute("select count(*) from ingest_errors where run_id = ?", [run_id]).fetchone()[0]
        publish_new_developments(con, run_id, totals.new_event_ids)  # the "new developments" artifact
    logger.info("run %s %s: %s", run_id, status, summary)
    return {"run_id": run_id, "status": status, "errors": errors, **summary,
            "finished_at": datetime.now(timezone.utc).isoformat()}
