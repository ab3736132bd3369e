"""Feed bookkeeping writes (`flows.warehouse.feeds`) on a real DuckDB file: listing feeds again writes
only what changed, and a poll's states are stored for every feed in one statement."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flows.feeds.list import FeedSpec
from flows.warehouse.feeds import load_feed_specs, load_poll_states, read_poll_states


def feeds(con):
    return con.execute("select url, name, tags, poll_interval_s, added_at, updated_at from feeds order by url").fetchall()


def test_listing_the_same_feeds_again_writes_nothing_and_a_change_is_written(con):
    specs = [FeedSpec(f"https://news{n}.example/rss", name=f"News {n}", tags=("asia", "trade"), poll_interval_s=900)
             for n in range(3)]
    first = datetime(2026, 1, 1)
    load_feed_specs(con, specs, first)
    assert [row[:4] for row in feeds(con)] == [(s.url, s.name, ["asia", "trade"], 900) for s in specs]
    load_feed_specs(con, specs, first + timedelta(hours=1))
    assert {row[5] for row in feeds(con)} == {first}  # nothing changed: nothing written
    renamed = [specs[0], FeedSpec(specs[1].url, name="Renamed", tags=("asia",), poll_interval_s=60), specs[2],
               FeedSpec("https://new.example/atom")]
    later = first + timedelta(hours=2)
    load_feed_specs(con, renamed, later)
    rows = {row[0]: row for row in feeds(con)}
    assert rows[specs[1].url][1:4] == ("Renamed", ["asia"], 60)
    assert rows[specs[1].url][4:] == (first, later)        # added then, changed now
    assert rows[specs[0].url][5] == first                  # untouched
    assert rows["https://new.example/atom"][4:] == (later, later)


def test_poll_states_of_many_feeds_are_stored_together(con):
    specs = [FeedSpec(f"https://news{n}.example/rss") for n in range(4)]
    load_feed_specs(con, specs)
    polled = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=9)))  # an aware time is stored as UTC
    updates = {
        s.feed_id: {"final_url": s.url, "etag": f'"e{n}"', "last_modified": None, "body_hash": f"h{n}",
                    "last_status": 200 if n else 503, "last_outcome": "ok" if n else "failed",
                    "last_error": None if n else "HTTP 503", "consecutive_failures": 0 if n else 2,
                    "retry_after_s": None if n else 120, "last_polled_at": polled,
                    "next_poll_at": polled + timedelta(minutes=15), "title": f"Title {n}" if n else None,
                    "format": "rss20" if n else None, "is_ok": bool(n)}
        for n, s in enumerate(specs[:3])
    }
    load_poll_states(con, updates)
    states = read_poll_states(con, [s.feed_id for s in specs])
    assert [states[s.feed_id].etag for s in specs] == ['"e0"', '"e1"', '"e2"', None]
    assert states[specs[0].feed_id].consecutive_failures == 2
    assert states[specs[1].feed_id].next_poll_at == datetime(2026, 1, 1, 3, 15)
    rows = con.execute("select title, format, last_ok_at, retry_after_s, last_error from feeds order by url").fetchall()
    assert rows[0] == (None, None, None, 120, "HTTP 503")
    assert rows[1] == ("Title 1", "rss20", datetime(2026, 1, 1, 3), None, None)
    assert rows[3] == (None, None, None, None, None)  # not polled: untouched
