"""Network faults against a real local server, through the real CLI, over four runs.

Feeds that time out, drip bytes, reset mid-body, answer 5xx in a burst, loop
in redirects, live on a host that does not resolve (`.invalid`), or are a
gzip bomb; pages that are 50 MB without a Content-Length or a gzip bomb. Each
run completes and records every failure with its reason; a failing feed's
backoff state advances and the next run honours it (run 2 does not ask
again); once the backoff has elapsed the next run retries (the clock is
advanced by moving `next_poll_at` into the past), and the 5xx burst ends
in success. Peak RSS of the first run is measured.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.warehouse.files import open_for_writing
from tests.conftest import CORPUS_PAGES
from tests.faults.feeds_support import WIRE, feed_list, gzip_bomb, page, rss, summary
from tests.faults.support import cli_env, rows, run_cli
from tests.support.http_server import LocalServer, Route, redirect

PEAK_RSS_LIMIT = 1536 * 1024 * 1024
MAX_BYTES = 10 * 1024 * 1024
GOOD_PAGE = "blog.python.org.html"
FAILING = {  # feed name -> what its last_error says
    "timeout": "read timeout",
    "drip": "total timeout",
    "reset": "connection broken",
    "burst": "HTTP 503",
    "loop": "redirect loop",
    "dns": "cannot resolve feeds.nonexistent.invalid",
    "bomb": "body too large",
}


def build(server: LocalServer) -> dict[str, str]:
    u = server.url
    server.add(f"/pages/{GOOD_PAGE}", Route(body=(CORPUS_PAGES / GOOD_PAGE).read_bytes()))
    server.add("/pages/huge", Route(body=b"<html><body><p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>",
                                    content_length=False))
    server.add("/pages/bomb", Route(raw_gzip_body=gzip_bomb()))
    server.add("/pages/wire", Route(body=page("Japan deal", WIRE)))
    items = [
        {"title": "Good page", "link": u(f"/pages/{GOOD_PAGE}"), "description": summary("good")},
        {"title": "Fifty megabytes", "link": u("/pages/huge"), "description": summary("huge")},
        {"title": "Bomb page", "link": u("/pages/bomb"), "description": summary("bomb")},
    ]
    server.add("/feeds/ok.xml", Route(body=rss(items), content_type="application/rss+xml", etag='"ok-1"'))
    one = rss([{"title": "Wire", "link": u("/pages/wire")}])
    server.add("/feeds/timeout.xml", Route(body=one, delay_s=2.0))
    server.add("/feeds/drip.xml", Route(body=one + " " * 400, drip_bytes=20, drip_delay_s=0.3))
    server.add("/feeds/reset.xml", Route(body=one, reset_after_bytes=60))
    busy = Route(status=503, body="busy")
    server.add_sequence("/feeds/burst.xml", [busy, busy, Route(body=one, content_type="application/rss+xml")])
    server.add("/feeds/loop-a.xml", redirect("/feeds/loop-b.xml"))
    server.add("/feeds/loop-b.xml", redirect("/feeds/loop-a.xml"))
    server.add("/feeds/bomb.xml", Route(raw_gzip_body=gzip_bomb(), content_type="application/rss+xml"))
    return {
        "ok": u("/feeds/ok.xml"), "timeout": u("/feeds/timeout.xml"), "drip": u("/feeds/drip.xml"),
        "reset": u("/feeds/reset.xml"), "burst": u("/feeds/burst.xml"), "loop": u("/feeds/loop-a.xml"),
        "dns": "http://feeds.nonexistent.invalid/rss.xml", "bomb": u("/feeds/bomb.xml"),
    }


def advance_clock(warehouse) -> None:
    """Pretend the backoff has elapsed: every feed is due again (done under the writer lock)."""
    with open_for_writing(warehouse) as con:
        con.execute("update feeds set next_poll_at = next_poll_at - interval 1 day")


def feed_states(warehouse) -> dict[str, dict]:
    names = ("url", "last_outcome", "last_error", "consecutive_failures", "last_polled_at", "next_poll_at")
    found = rows(warehouse, f"select {', '.join(names)} from feeds")
    return {r[0]: dict(zip(names, r)) for r in found}


@pytest.fixture(scope="module")
def polled(tmp_path_factory, prefect_api_url):
    root = tmp_path_factory.mktemp("network")
    warehouse = root / "timeline.duckdb"
    env = cli_env(prefect_api_url, ALLIANCE_TIMELINE_ALLOW_HOSTS="127.0.0.1", TMPDIR=str(root))
    with LocalServer() as server:
        feeds = build(server)
        feeds_file = root / "feeds.toml"
        feeds_file.write_text(feed_list(feeds), encoding="utf-8")
        args = ["ingest", "--no-seeds", "--feeds", str(feeds_file), "--warehouse", str(warehouse)]
        runs, states, logs = [], [], []
        for number in range(4):
            if number >= 2:
                advance_clock(warehouse)
            server.clear_log()
            runs.append(run_cli(args, env, measure=number == 0))
            states.append(feed_states(warehouse))
            logs.append([r.path for r in server.requests])
    return {"warehouse": warehouse, "feeds": feeds, "runs": runs, "states": states, "logs": logs,
            "run_ids": [r[0] for r in rows(warehouse, "select run_id from ingest_runs order by started_at")]}


def test_every_run_completes_and_says_failures_were_recorded(polled):
    codes = [run.returncode for run in polled["runs"]]
    # run 2 polls only the healthy feed (the others are backing off): nothing failed
    assert codes == [3, 0, 3, 3], [run.stderr[-1500:] for run in polled["runs"]]
    statuses = rows(polled["warehouse"], "select status, feeds_failed from ingest_runs order by started_at")
    assert [s for s, _ in statuses] == ["completed_with_errors", "completed", "completed_with_errors",
                                        "completed_with_errors"]
    assert [n for _, n in statuses] == [len(FAILING), 0, len(FAILING), len(FAILING) - 1]


def test_peak_memory_is_bounded_with_a_gzip_bomb_and_a_50mb_page(polled):
    peak = polled["runs"][0].peak_rss_bytes
    print(f"peak RSS of the ingest subprocess: {peak / 2**20:.0f} MiB")
    assert 0 < peak < PEAK_RSS_LIMIT


@pytest.mark.parametrize("name", sorted(FAILING))
def test_each_failing_feed_is_recorded_with_its_reason(polled, name):
    url = polled["feeds"][name]
    state = polled["states"][0][url]
    assert state["last_outcome"] == "failed"
    assert FAILING[name] in state["last_error"], state["last_error"]
    assert state["consecutive_failures"] == 1
    assert state["next_poll_at"] - state["last_polled_at"] == timedelta(seconds=60)  # the backoff base
    recorded = rows(polled["warehouse"], "select stage, reason from ingest_errors where run_id = ? and item = ?",
                    [polled["run_ids"][0], url])
    assert recorded and recorded[0][0] == "fetch" and FAILING[name] in recorded[0][1]


def test_the_next_run_honours_the_backoff(polled):
    second_log = polled["logs"][1]
    assert "/feeds/ok.xml" in second_log  # due every run
    for path in ("/feeds/timeout.xml", "/feeds/drip.xml", "/feeds/reset.xml", "/feeds/burst.xml",
                 "/feeds/loop-a.xml", "/feeds/bomb.xml"):
        assert path not in second_log
    for url in polled["feeds"].values():
        if url != polled["feeds"]["ok"]:
            assert polled["states"][1][url]["consecutive_failures"] == 1


def test_after_the_backoff_the_next_run_retries_and_the_backoff_grows(polled):
    third_log, third = polled["logs"][2], polled["states"][2]
    for name in FAILING:
        url = polled["feeds"][name]
        if name != "dns":
            path = url.split(str(url.split("/")[2]), 1)[1]
            assert path in third_log, name
        assert third[url]["consecutive_failures"] == 2, name
        assert third[url]["next_poll_at"] - third[url]["last_polled_at"] == timedelta(seconds=120), name


def test_a_5xx_burst_ends_in_success_and_resets_the_backoff(polled):
    url = polled["feeds"]["burst"]
    final = polled["states"][3][url]
    assert final["last_outcome"] == "ok" and final["consecutive_failures"] == 0 and final["last_error"] is None
    wire = rows(polled["warehouse"], "select text_source from articles where url like '%/pages/wire'")
    assert wire == [("trafilatura",)]


def test_the_good_page_is_ingested_next_to_the_failures(polled):
    found = rows(polled["warehouse"], "select text_source, length(text) from articles where url like ?",
                 [f"%/pages/{GOOD_PAGE}"])
    assert len(found) == 1 and found[0][0] == "trafilatura" and found[0][1] > 200


@pytest.mark.parametrize("path, reason", [("/pages/huge", "body too large"), ("/pages/bomb", "after decompression")])
def test_oversized_pages_are_cut_and_the_entry_is_used_instead(polled, path, reason):
    fetches = rows(polled["warehouse"], "select outcome, error, bytes from feed_fetches where kind = 'page'"
                                        " and url like ? and run_id = ?", [f"%{path}", polled["run_ids"][0]])
    assert len(fetches) == 1
    outcome, error, size = fetches[0]
    assert outcome == "failed" and reason in error and size <= MAX_BYTES + 1
    article = rows(polled["warehouse"], "select text_source, text from articles where url like ?", [f"%{path}"])
    assert len(article) == 1 and article[0][0] == "feed_summary" and "Summary of the" in article[0][1]


def test_no_article_is_duplicated_over_four_runs(polled):
    assert rows(polled["warehouse"], "select count(*) - count(distinct canonical_url) from articles") == [(0,)]
    assert rows(polled["warehouse"], "select count(*) from articles") == [(4,)]  # good, huge, bomb, wire
