"""Folding new mentions into stored events (`event_rollups`) gives what rebuilding from all mentions gives.

The loader no longer re-reads every mention of an event each time a batch reports it again: it
folds the batch's mentions into the stored row and the few mentions that decided its attributes.
These tests load many randomly drawn reports (ties in confidence, dates of every precision, amounts,
modes, joint events, missing sources and dates, changed articles, re-extraction) in batches into a
real DuckDB file, then rebuild every event from all of its mentions with `rebuild_events` and
require the warehouse to be exactly the same, `updated_at` included.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import duckdb
import pytest

from flows.clean import to_article
from flows.model import ExtractedEvent, RawDocument
from flows.warehouse import load
from flows.warehouse.load import load_batch, rebuild_events
from flows.warehouse.migrate import migrate

SOURCES = ["Reuters", "Nikkei", "AP", None]
PAIRS = [("JPN", "USA"), ("USA", "JPN"), ("CHN", "USA"), ("USA", None)]
DATES = [(date(2025, 10, 28), "day"), (date(2025, 10, 30), "day"), (date(2025, 10, 1), "month"),
         (date(2025, 1, 1), "year"), (None, None)]
AMOUNTS = [(None, None), (400e9, "USD"), (4.1e11, "USD"), (5e9, "USD")]
MODES = [None, "investment", "investment_pledge", "summit"]
TOPICS = ["investment", "trade", "defence"]


@pytest.fixture
def few_urls(monkeypatch):
    """Keep three URLs per event, so that the cap on `article_urls` is exercised by a small test."""
    monkeypatch.setattr(load, "MAX_ARTICLE_URLS", 3)


def random_article(rng: random.Random, number: int, version: int = 0):
    source = rng.choice(SOURCES)
    published = rng.choice(["2025-10-28", "2025-10-29", "2025-11-02", None])
    text = f"Report {number} (version {version}): officials met and agreed on a package."
    raw = RawDocument(url=f"https://news{number % 5}.example/story-{number}", body=text, media_type="text/plain",
                      origin="seed", source=source, published=published, title=f"Story {number}")
    return to_article(raw)


def random_event(rng: random.Random, index: int) -> ExtractedEvent:
    actor1, actor2 = rng.choice(PAIRS)
    when, precision = rng.choice(DATES)
    amount, unit = rng.choice(AMOUNTS)
    sentence = f"Sentence {index}: {actor1} and {actor2} {rng.choice(['met', 'agreed', 'signed'])}."
    return ExtractedEvent(
        event_type=rng.choice(["COOPERATE", "CONSULT"]), actor1_code=actor1, actor1_name=f"{actor1} name {index % 3}",
        actor2_code=actor2, actor2_name=actor2 and f"{actor2} name {index % 2}", sentence=sentence,
        char_start=index * 7, char_end=index * 7 + len(sentence), mode=rng.choice(MODES), event_date=when,
        date_precision=precision, amount_value=amount, amount_unit=unit, amount_text=None,
        status=rng.choice(["pledged", "completed"]), topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
        confidence=rng.choice([0.5, 0.7, 0.7, 0.8]), is_symmetric=rng.random() < 0.2,
        extra_sentences=tuple(f"Also {index}." for _ in range(rng.randint(0, 1))),
    )


def random_events(rng: random.Random, start: int) -> list[ExtractedEvent]:
    return [random_event(rng, start + k) for k in range(rng.randint(0, 4))]


def snapshot(con) -> tuple[list, list]:
    events = con.execute("select * from events order by event_id").fetchall()
    rollups = con.execute("select * from event_rollups order by event_id").fetchall()
    return events, rollups


def load_random_history(con, seed: int, articles: int = 80, batch: int = 10) -> None:
    """Batches of new articles, then some articles changed, some re-extracted with another coder."""
    rng = random.Random(seed)
    stored = []
    for start in range(0, articles, batch):
        docs = [random_article(rng, n) for n in range(start, start + batch)]
        events = {a.article_id: random_events(rng, n * 10) for n, a in zip(range(start, start + batch), docs)}
        load_batch(con, f"run-{start}", docs, events, "v1")
        stored += [(n, a) for n, a in zip(range(start, start + batch), docs)]
    changed = rng.sample(stored, 12)  # corrected articles: new text, fewer or other events
    docs = [random_article(rng, n, version=1) for n, _ in changed]
    load_batch(con, "run-changed", docs, {a.article_id: random_events(rng, 5000 + i * 10)[:2]
                                          for i, a in enumerate(docs)}, "v1")
    again = [a for _, a in rng.sample(stored, 15)]  # a new coder finds the same or nothing
    load_batch(con, "run-v2", again, {a.article_id: random_events(rng, 7000 + i * 10)
                                      for i, a in enumerate(again) if i % 3}, "v2")
    fresh = [random_article(rng, n) for n in range(articles, articles + batch)]  # and new reports after that
    load_batch(con, "run-last", fresh, {a.article_id: random_events(rng, 9000 + i * 10)
                                        for i, a in enumerate(fresh)}, "v2")


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_folded_events_equal_events_rebuilt_from_all_mentions(con, few_urls, seed):
    load_random_history(con, seed)
    before = snapshot(con)
    live, merged, capped = con.execute(
        "select count(*) filter (where not is_retracted), count(*) filter (where num_articles > 1),"
        " count(*) filter (where num_articles > 3) from events"
    ).fetchone()
    assert live > 20 and merged > 5 and capped > 0  # the history really merged reports and hit the cap
    assert rebuild_events(con) == (0, 0)
    assert snapshot(con) == before


def test_article_urls_keep_the_earliest_reports_up_to_the_cap(con, few_urls):
    load_random_history(con, 7)
    rows = con.execute(
        "select e.event_id, e.article_urls, e.num_articles,"
        " (select list(a.url order by a.published_at nulls last, a.url) from event_mentions m"
        "  join articles a using (article_id) where m.event_id = e.event_id) as all_urls"
        " from events e where not e.is_retracted"
    ).fetchall()
    for _, urls, num_articles, all_urls in rows:
        assert len(all_urls) == num_articles
        assert urls == all_urls[:3]


def test_retracted_events_have_no_rollup_and_live_ones_have_one(con):
    load_random_history(con, 8)
    missing, stale = con.execute(
        "select count(*) filter (where not e.is_retracted and r.event_id is null),"
        " count(*) filter (where e.is_retracted and r.event_id is not null)"
        " from events e left join event_rollups r using (event_id)"
    ).fetchone()
    assert (missing, stale) == (0, 0)
    assert con.execute("select count(*) from events where is_retracted").fetchone()[0] > 0


def test_folding_reads_the_rollup_not_the_old_mentions(con):
    """Proof that the fold path is taken: a stored mention edited behind the loader's back does not
    change the event when a later report folds in, and does once the event is rebuilt."""
    def article(number: int, published: str):
        return to_article(RawDocument(url=f"https://news.example/{number}", body=f"Report {number}: officials met and agreed on a package.",
                                      media_type="text/plain", origin="seed", source="Wire", published=published))

    first, second = article(1, "2025-10-28"), article(2, "2025-10-29")
    report = random_event(random.Random(11), 1)
    load_batch(con, "run-1", [first], {first.article_id: [report]}, "v1")
    con.execute("update event_mentions set sentence = 'edited by hand'")
    later = replace(report, sentence="A later report.")
    load_batch(con, "run-2", [second], {second.article_id: [later]}, "v1")
    # the earliest article's sentence is the evidence: the fold took it from the rollup
    assert con.execute("select evidence, num_articles from events").fetchall() == [(report.sentence, 2)]
    rebuild_events(con)
    assert con.execute("select evidence, num_articles from events").fetchall() == [("edited by hand", 2)]


def test_a_warehouse_without_rollups_is_rebuilt_where_touched(con):
    """Events stored before `event_rollups` existed have no rollup: the next batch that reports them
    rebuilds them from all their mentions, and the result is what a warehouse with rollups gets."""
    load_random_history(con, 9)
    expected = snapshot(con)
    con.execute("delete from event_rollups")
    assert rebuild_events(con) == (0, 0)  # rebuilding restores every rollup and changes no event
    assert snapshot(con) == expected


def test_reports_folded_one_batch_at_a_time_equal_one_big_batch(tmp_path, few_urls):
    """Counts, sources, dates and evidence of events do not depend on how the reports were batched
    (the events' ids and merging may; here each report's event is its own key, so they cannot)."""
    rng = random.Random(12)
    docs = [to_article(RawDocument(url=f"https://news{n % 4}.example/{n}", body=f"Report {n}: officials met and agreed on a package.",
                                   media_type="text/plain",
                                   origin="seed", source=rng.choice(SOURCES), published=f"2025-10-{1 + n % 9:02d}"))
            for n in range(30)]
    summit = random_event(rng, 0)
    events = {a.article_id: [replace(summit, confidence=rng.choice([0.5, 0.7, 0.8]), sentence=f"Report {n}.")]
              for n, a in enumerate(docs)}
    results = []
    for name, size in (("one", 30), ("many", 4)):
        connection = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        migrate(connection)
        for start in range(0, 30, size):
            load_batch(connection, "r", docs[start:start + size], events, "v1")
        results.append(connection.execute(
            "select event_id, event_date, mode, amount_value, num_mentions, num_articles, num_sources, sources,"
            " article_urls, evidence, confidence, first_seen_at, last_seen_at from events").fetchall())
        connection.close()
    assert results[0] == results[1]
    assert results[0][0][5] == 30 and len(results[0][0][8]) == 3


def test_stored_provenance_agrees_with_the_int_event_sources_view(con):
    """`events.sources / article_urls / evidence / extractor_version` as the loader folds them are what
    the view computes from all mentions, also past the cap of 20 URLs (30 articles report one summit)."""
    assert load.MAX_ARTICLE_URLS == 20  # the view's list_slice says 20 too
    rng = random.Random(13)
    docs = [to_article(RawDocument(url=f"https://news{n % 7}.example/{n}", body=f"Report {n}: officials met and agreed.",
                                   media_type="text/plain", origin="seed", source=rng.choice(SOURCES),
                                   published=rng.choice([None, f"2025-10-{1 + n % 9:02d}"])))
            for n in range(30)]
    summit = random_event(rng, 0)
    for start in range(0, 30, 7):
        part = docs[start:start + 7]
        load_batch(con, "r", part, {a.article_id: [replace(summit, sentence=f"Report {start}-{k}.")]
                                    for k, a in enumerate(part)}, f"v{start % 2}")
    load_random_history(con, 14)
    stored = con.execute("select event_id, sources, article_urls, evidence, extractor_version from events"
                         " where not is_retracted order by event_id").fetchall()
    viewed = con.execute("select event_id, sources, article_urls, evidence, extractor_version from int_event_sources"
                         " order by event_id").fetchall()
    assert stored == viewed
    assert max(len(row[2]) for row in stored) == 20


def test_one_mention_per_event_and_article_without_a_key_to_enforce_it(con):
    """event_mentions has no primary key (its index grew with every mention, 042): the loader's own
    rule keeps one row per (event, article) through changes, re-extraction, re-runs and forced runs."""
    load_random_history(con, 15)
    articles = con.execute("select count(*) from articles").fetchone()[0]
    load_random_history(con, 15)  # the same history again: unchanged articles, nothing added
    assert con.execute("select count(*) from articles").fetchone()[0] == articles
    duplicates = con.execute(
        "select event_id, article_id, count(*) from event_mentions group by all having count(*) > 1"
    ).fetchall()
    assert duplicates == []
    assert con.execute("select count(*) from event_mentions").fetchone()[0] > 100
    assert con.execute("select count(*) from duckdb_constraints() where table_name = 'event_mentions'"
                       " and constraint_type = 'PRIMARY KEY'").fetchone()[0] == 0
