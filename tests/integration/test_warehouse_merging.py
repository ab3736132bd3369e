"""Three articles report one deal (two outlets and a syndicated copy): the real `ingest` flow, the real
extractor and a real DuckDB file give one event with three mentions; a second run changes nothing."""

from __future__ import annotations

import duckdb
import pytest

from flows.pipeline import ingest

REUTERS = """---
title: Japan to invest up to $400 billion in U.S. projects
url: https://reuters.example/world/japan-us-investment
source: Reuters
published: 2025-10-28
---
TOKYO, Oct 28 (Reuters) - A joint statement outlined plans for Japanese investments of up to $400 billion in U.S. technology and infrastructure projects, U.S. President Donald Trump and Japanese Prime Minister Sanae Takaichi said on Tuesday.
"""
NIKKEI = """---
title: Tokyo commits $400bn to American projects
url: https://nikkei.example/politics/tokyo-400bn
source: Nikkei Asia
published: 2025-10-28
---
Japan will invest $400 billion in the United States, Tokyo said on Tuesday, under a deal agreed with President Donald Trump.
"""
SYNDICATED = REUTERS.replace("https://reuters.example/world/japan-us-investment",
                             "https://news.yahoo.example/japan-invest-400-billion-us-reuters")


@pytest.fixture(scope="module")
def merged(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("merging")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in (("reuters.txt", REUTERS), ("nikkei.txt", NIKKEI), ("yahoo-reuters.txt", SYNDICATED)):
        (seeds / name).write_text(text, encoding="utf-8")
    warehouse = root / "timeline.duckdb"
    first = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    con = duckdb.connect(str(warehouse), read_only=True)
    snapshot = {t: con.execute(f"select * from {t} order by all").fetchall() for t in ("events", "event_mentions")}
    con.close()
    second = ingest(seeds_dir=str(seeds), warehouse=str(warehouse), use_feeds=False)
    return {"warehouse": warehouse, "first": first, "second": second, "snapshot": snapshot}


def test_one_deal_is_one_event_with_three_mentions(merged):
    con = duckdb.connect(str(merged["warehouse"]), read_only=True)
    deals = con.execute(
        "select event_id, num_mentions, num_articles, num_sources, sources, pair_key from events"
        " where event_type = 'COOPERATE' and amount_value = 400e9 and amount_unit = 'USD' and not is_retracted"
    ).fetchall()
    assert len(deals) == 1, deals
    event_id, _, num_articles, num_sources, sources, pair_key = deals[0]
    assert (num_articles, num_sources, sources, pair_key) == (3, 2, "Nikkei Asia, Reuters", "JPN-USA")
    urls = {r[0] for r in con.execute(
        "select a.url from event_mentions m join articles a using (article_id) where m.event_id = ?", [event_id]
    ).fetchall()}
    assert len(urls) == 3
    [(summary, timeline_sources)] = con.execute(
        "select summary, sources from timeline where event_id = ?", [event_id]).fetchall()
    assert summary.startswith("2025-10-28 JPN -> USA COOPERATE") and "$400bn" in summary
    assert timeline_sources == "Nikkei Asia, Reuters"


def test_no_event_is_reported_twice_by_one_article(merged):
    con = duckdb.connect(str(merged["warehouse"]), read_only=True)
    assert con.execute("select count(*) from (select event_id, article_id from event_mentions group by all"
                       " having count(*) > 1)").fetchone() == (0,)
    # the syndicated copy reports exactly the events the original reports
    per_article = con.execute(
        "select a.url, list(m.event_id order by m.event_id) from event_mentions m join articles a using (article_id)"
        " group by a.url").fetchall()
    by_url = dict(per_article)
    assert by_url["https://reuters.example/world/japan-us-investment"] == \
        by_url["https://news.yahoo.example/japan-invest-400-billion-us-reuters"]


def test_second_run_changes_nothing(merged):
    assert merged["second"]["events_new"] == 0 and merged["second"]["mentions_new"] == 0
    con = duckdb.connect(str(merged["warehouse"]), read_only=True)
    for table, rows in merged["snapshot"].items():
        assert con.execute(f"select * from {table} order by all").fetchall() == rows
    assert con.execute("select count(*) from new_since_last_run").fetchone() == (0,)
