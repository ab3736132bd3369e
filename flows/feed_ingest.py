"""Feed stage of the ingest flow (RSS/Atom/JSON Feed): thin Prefect tasks over `flows.feeds`.

Recipe, per batch of due feeds:
    fetch feeds (conditional GET) -> parse -> new entries (URL not seen before)
    -> fetch their pages (per-host limits, robots.txt) -> raw documents
    -> clean/extract on the workers, load here (the pipeline's `StagedLoader`:
       the pages of the next batch are fetched while the workers stage this one)
    -> record entries once their batch is loaded, link duplicates, store each
       feed's new state.

Network tasks may retry (a retry re-runs the whole batch; single failed
requests are recorded, not retried: the feed's backoff handles them across
runs); parsing does not retry. State lives in the warehouse; a feed's state
is written only after its entries are processed, so a crash means they are
read again next time, never lost.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.clean import canonical_url
from flows.feeds.http import Fetcher
from flows.feeds.list import FeedListError, FeedSpec, read_feed_list
from flows.feeds.model import FetchRequest, FetchResult
from flows.feeds.poll import EntryItem, FeedPoll, to_documents, to_feed_poll
from flows.feeds.settings import FetchSettings, to_fetch_settings
from flows.feeds.state import PollState, is_due
from flows.ids import to_article_id
from flows.warehouse.feeds import (
    link_duplicates, load_feed_entries, load_feed_specs, load_poll_states, read_existing_article_ids,
    read_known_articles, read_poll_states, record_fetches,
)
from flows.warehouse.load import LoadCounts
from flows.warehouse.runs import record_errors, utc_now

DEFAULT_FEEDS_FILE = Path("seeds/feeds.toml")
Problem = tuple[str, str, str]


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def fetch_feed_batch(fetcher: Fetcher, specs: list[FeedSpec], states: dict[str, PollState]) -> list[FetchResult]:
    requests = [FetchRequest(url=s.url, kind="feed", etag=states[s.feed_id].etag,
                             last_modified=states[s.feed_id].last_modified, key=s.feed_id) for s in specs]
    return fetcher.fetch_many(requests)


@task(cache_policy=NO_CACHE)
def parse_feed_batch(specs: list[FeedSpec], states: dict[str, PollState], results: list[FetchResult],
                     now: datetime, max_entries: int) -> list[FeedPoll]:
    return [to_feed_poll(spec, states[spec.feed_id], result, now, max_entries) for spec, result in zip(specs, results)]


@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def fetch_page_batch(fetcher: Fetcher, urls: list[str]) -> list[FetchResult]:
    return fetcher.fetch_many([FetchRequest(url=url, kind="page") for url in urls])


def _batches(items: list, size: int):
    for start in range(0, len(items), max(1, size)):
        yield items[start:start + size]


def _new_items(con, polls: list[FeedPoll], claimed: set[str]) -> tuple[list[EntryItem], list[dict], list[dict]]:
    """Split entries: new ones (to fetch), already-ingested ones, and repeats of an entry new in this run."""
    items: list[EntryItem] = []
    known_rows: list[dict] = []
    repeat_rows: list[dict] = []
    candidates = [(p, e) for p in polls for e in p.entries]
    known = read_known_articles(con, [e.canonical_url for _, e in candidates if e.canonical_url])
    for poll, entry in candidates:
        url = entry.canonical_url
        if url and url in known:
            known_rows.append(_entry_row(poll.spec.feed_id, entry, known[url]))
            continue
        identity = url or f"{poll.spec.feed_id}:{entry.entry_key}"
        if identity in claimed:  # the same article listed twice in this run (two feeds, or twice in one)
            repeat_rows.append(_entry_row(poll.spec.feed_id, entry, to_article_id(url) if url else None))
            continue
        claimed.add(identity)
        items.append(EntryItem(feed_id=poll.spec.feed_id, feed_url=poll.spec.url, entry=entry))
    return items, known_rows, repeat_rows


def _entry_row(feed_id: str, entry, article_id: str | None) -> dict:
    return {"feed_id": feed_id, "entry_key": entry.entry_key[:2000], "url": entry.url,
            "canonical_url": entry.canonical_url, "article_id": article_id, "title": entry.title,
            "published": entry.published, "raw_entry": entry.raw}


def ingest_feeds_into(con, run_id: str, feeds_file: str | os.PathLike | None, batch_size: int, loader,
                      settings: FetchSettings | None = None, now: datetime | None = None):
    """Poll the due feeds of the list and process their new articles through `loader`
    (a `flows.pipeline.StagedLoader`: `add_split(docs, then=...)`, `drain()`, `counts`).

    Returns (feed_counts, LoadCounts); feed_counts has feeds_ok, feeds_unchanged,
    feeds_failed, feeds_not_due, entries_new, documents_seen.
    """
    counts = {"feeds_ok": 0, "feeds_unchanged": 0, "feeds_failed": 0, "feeds_not_due": 0,
              "entries_new": 0, "documents_seen": 0}
    totals = LoadCounts()
    path = Path(feeds_file) if feeds_file else DEFAULT_FEEDS_FILE
    if not path.exists():
        if feeds_file:
            record_errors(con, run_id, [(str(path), "read", "feed list not found; pass --feeds FILE or --no-feeds")])
        return counts, totals
    try:
        feed_list = read_feed_list(path)
    except FeedListError as exc:
        record_errors(con, run_id, [(str(path), "read", str(exc))])
        return counts, totals
    settings, setting_problems = to_fetch_settings(feed_list.settings, os.environ, base=settings)
    record_errors(con, run_id, [(str(path), "read", p) for p in feed_list.problems + setting_problems])
    now = now or utc_now()
    load_feed_specs(con, feed_list.feeds, now)
    states = read_poll_states(con, [s.feed_id for s in feed_list.feeds])
    due = [s for s in feed_list.feeds if is_due(states[s.feed_id], now)]
    counts["feeds_not_due"] = len(feed_list.feeds) - len(due)
    claimed: set[str] = set()
    with Fetcher(settings) as fetcher:
        for specs in _batches(due, batch_size):
            results = fetch_feed_batch(fetcher, specs, states)
            polls = parse_feed_batch(specs, states, results, now, settings.max_entries_per_feed)
            record_fetches(con, run_id, [(p.spec.feed_id, p.result) for p in polls],
                           {i: (p.outcome, p.state["last_error"]) for i, p in enumerate(polls)})
            for poll in polls:
                counts[f"feeds_{poll.outcome}"] += 1
            record_errors(con, run_id, [problem for poll in polls for problem in poll.problems])
            items, known_rows, repeat_rows = _new_items(con, polls, claimed)
            load_feed_entries(con, run_id, known_rows)
            counts["entries_new"] += len(items)
            for batch in _batches(items, batch_size):
                _submit_entries(con, run_id, batch, fetcher, settings, loader, counts)
            loader.drain()  # every entry of these feeds is loaded before their repeats and states are written
            existing = read_existing_article_ids(con, [r["article_id"] for r in repeat_rows if r["article_id"]])
            load_feed_entries(con, run_id, [{**r, "article_id": r["article_id"] if r["article_id"] in existing else None}
                                            for r in repeat_rows])
            load_poll_states(con, {p.spec.feed_id: p.state for p in polls})
        robots = [(None, r) for r in fetcher.robots.fetches]
    record_fetches(con, run_id, robots)
    totals.add(loader.counts)
    link_counts = link_duplicates(con, run_id)
    counts["duplicates_exact"] = link_counts["exact"]
    counts["duplicates_near"] = link_counts["near"]
    return counts, totals


def _submit_entries(con, run_id: str, items: list[EntryItem], fetcher: Fetcher, settings: FetchSettings,
                    loader, counts: dict) -> None:
    """Fetch the entries' pages and hand their documents to the loader; the entry rows are
    written once the documents are loaded (they point at the articles)."""
    urls = sorted({item.fetchable_url for item in items if item.fetchable_url}) if settings.fetch_pages else []
    pages = fetch_page_batch(fetcher, urls) if urls else []
    feed_of = {item.fetchable_url: item.feed_id for item in items if item.fetchable_url}
    record_fetches(con, run_id, [(feed_of.get(page.url), page) for page in pages])
    # a plain call, not a task: Prefect would walk every entry and page body looking for futures
    # (about 3 ms per document in the flow process); parsing needs no retries
    pairs, problems = to_documents(items, {page.url: page for page in pages})
    record_errors(con, run_id, problems)
    counts["documents_seen"] += len(pairs)

    # the closure keeps ids, not the documents: pages are not held while their batch is staged
    article_of = {id(item): to_article_id(canonical_url(doc.url)) for item, doc in pairs}

    def record_entries() -> None:
        existing = read_existing_article_ids(con, list(article_of.values()))
        rows = []
        for item in items:
            article_id = article_of.get(id(item))
            # no article: recorded in ingest_errors; the entry is tried again when its feed changes
            rows.append(_entry_row(item.feed_id, item.entry, article_id if article_id in existing else None))
        load_feed_entries(con, run_id, rows)

    docs = [doc for _, doc in pairs]
    del pairs, pages
    loader.add_split(docs, then=record_entries)
