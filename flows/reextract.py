"""Re-extraction: run the current coder over stored articles and replace their events.

`reextract_window` is the step both the `reextract` flow and `backfill
--reextract` use: it reads the stored articles of a window back as
`Article`s (no refetching, no re-cleaning: the stored text is what the
mentions' offsets point into), extracts their events with the extractor
version installed now and loads them with `force=True`, which replaces each
article's mentions in one transaction per batch, merges the new events with
those of other articles and retracts events no mention supports any more.
Articles already extracted with the current version are skipped unless
`force`, so an interrupted run resumes where it stopped and a second run
changes nothing.
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

from dataclasses import asdict  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

import duckdb  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows import extract as extractor  # noqa: E402  (looked up at call time: the version installed now)
from flows.archive import parse_day  # noqa: E402
from flows.model import Article, ExtractedEvent  # noqa: E402
from flows.pipeline import extract_articles  # noqa: E402
from flows.progress import notify  # noqa: E402
from flows.warehouse import open_for_writing  # noqa: E402
from flows.warehouse.files import DEFAULT_WAREHOUSE  # noqa: E402
from flows.warehouse.load import LoadCounts, load_batch  # noqa: E402
from flows.warehouse.runs import finish_run, record_errors, start_run  # noqa: E402
from flows.warehouse.stored import read_stored_article_ids, read_stored_articles  # noqa: E402

DEFAULT_BATCH_SIZE = 200
Problem = tuple[str, str, str]


def current_extractor_version() -> str:
    return extractor.EXTRACTOR_VERSION


@task(cache_policy=NO_CACHE)
def read_stored_batch(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[Article]:
    return read_stored_articles(con, article_ids)


@task(cache_policy=NO_CACHE)
def extract_stored_batch(articles: list[Article]) -> tuple[dict[str, list[ExtractedEvent]], list[Problem]]:
    return extract_articles(articles)


@task(cache_policy=NO_CACHE)
def load_reextracted(
    con: duckdb.DuckDBPyConnection, run_id: str, articles: list[Article],
    events: dict[str, list[ExtractedEvent]], extractor_version: str,
) -> LoadCounts:
    return load_batch(con, run_id, articles, events, extractor_version, force=True)


def reextract_window(
    con: duckdb.DuckDBPyConnection, run_id: str, since: date | None, until: date | None,
    force: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
) -> tuple[LoadCounts, list[Problem], int]:
    """Re-extract the stored articles published in [since, until]. Returns (counts, problems, articles done)."""
    version = current_extractor_version()
    ids = read_stored_article_ids(con, since, until, skip_version=None if force else version)
    notify("articles_total", total=len(ids))
    totals = LoadCounts()
    problems: list[Problem] = []
    for start in range(0, len(ids), max(1, batch_size)):
        batch_ids = ids[start:start + batch_size]
        articles = read_stored_batch(con, batch_ids)
        events, more = extract_stored_batch(articles)
        problems.extend(more)
        counts = load_reextracted(con, run_id, articles, events, version)
        record_errors(con, run_id, more)
        totals.add(counts)
        notify("articles", done=len(batch_ids))
    return totals, problems, len(ids)


def to_counts_summary(counts: LoadCounts, reextracted: int) -> dict[str, int]:
    summary = {k: v for k, v in asdict(counts).items() if k != "new_event_ids"}
    summary["documents_seen"] = reextracted
    summary["articles_reextracted"] = reextracted
    return summary


def to_reextract_markdown(window: str, version: str, summary: dict[str, int], status: str) -> str:
    rows = [
        ("articles re-extracted", summary.get("articles_reextracted", 0)),
        ("events new", summary.get("events_new", 0)),
        ("events updated", summary.get("events_updated", 0)),
        ("events retracted", summary.get("events_retracted", 0)),
        ("mentions", summary.get("mentions_new", 0)),
        ("problems recorded", summary.get("errors", 0)),
    ]
    lines = [f"# Re-extraction {window} with extractor {version}: {status}", "", "| | count |", "| --- | ---: |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


@flow(name="reextract")
def reextract(
    since: str | None = None,
    until: str | None = None,
    warehouse: str = str(DEFAULT_WAREHOUSE),
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Re-run the current extractor over stored articles (all, or those published in a window)."""
    logger = get_run_logger()
    first = parse_day(since) if since else None
    last = parse_day(until) if until else None
    if first and last and last < first:
        raise ValueError(f"the window ends ({last}) before it starts ({first}); swap since and until")
    version = current_extractor_version()
    parameters = {"since": since, "until": until, "force": force, "batch_size": batch_size}
    with open_for_writing(warehouse) as con:
        run_id = start_run(con, "reextract", parameters, version)
        try:
            counts, _problems, done = reextract_window(con, run_id, first, last, force, batch_size)
            summary = to_counts_summary(counts, done)
            status = finish_run(con, run_id, summary)
            summary["errors"] = con.execute("select errors from ingest_runs where run_id = ?", [run_id]).fetchone()[0]
        except BaseException as exc:
            record_errors(con, run_id, [(str(warehouse), "run", f"{type(exc).__name__}: {exc}")])
            finish_run(con, run_id, {}, status="failed")
            raise
    window = f"{since or 'the beginning'} to {until or 'now'}"
    create_markdown_artifact(
        key="reextract", markdown=to_reextract_markdown(window, version, summary, status),
        description=f"re-extraction {window} with extractor {version}",
    )
    logger.info("reextract %s %s: %s", run_id, status, summary)
    return {"run_id": run_id, "status": status, "extractor_version": version, **summary}

