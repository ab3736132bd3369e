"""Every corpus feed and page, served by a real local server, through the real `ingest` flow.

- `../shared/corpus/feeds/`: 481 real feeds (feedparser's well-formed and
  ill-formed test feeds included), each served with the HTTP headers its
  comment declares (`Header: Content-Type: ...`), as feedparser's own test
  server does. Their entries link to example.org-style hosts, so pages are
  not fetched here (`fetch_pages = false`): articles come from the entries'
  own content. Each feed is ingested or recorded with a reason.
- `../shared/corpus/pages/`: 110 real pages behind the entries of one
  generated feed, fetched and cleaned; run twice, nothing is fetched again
  and no article is duplicated.
"""

from __future__ import annotations

import html
import re

import duckdb
import pytest

from flows.clean import canonical_url
from flows.pipeline import ingest
from tests.conftest import CORPUS_FEEDS, CORPUS_PAGES
from tests.support.http_server import LocalServer, Route

FEED_FILES = sorted(p for p in CORPUS_FEEDS.rglob("*") if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".rdf", ".json"))
PAGE_FILES = sorted(CORPUS_PAGES.glob("*.html"))
_DECLARED = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.M)
SETTINGS = ("[settings]\nconnect_timeout_s = 2.0\nread_timeout_s = 2.0\ntotal_timeout_s = 5.0\n"
            "politeness_delay_s = 0.0\nper_host_concurrency = 8\nmax_workers = 8\n")


def declared_headers(data: bytes) -> dict[str, str]:
    """The headers a feedparser test file declares in its leading comment."""
    head = data[:2000]
    if b"<!--" not in head:
        return {}
    headers = {}
    for name, value in _DECLARED.findall(head.split(b"-->", 1)[0]):
        headers[name.decode("ascii")] = value.decode("latin-1")
    return headers


def feed_route(path) -> Route:
    data = path.read_bytes()
    headers = declared_headers(data)
    content_type = headers.pop("Content-Type", "application/json" if path.suffix == ".json" else "application/xml")
    headers.pop("Content-Length", None)
    headers = {k: v for k, v in headers.items() if k.lower() not in ("content-encoding", "transfer-encoding")}
    return Route(body=data, content_type=content_type or None, headers=headers)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("corpus")
    mp = pytest.MonkeyPatch()
    mp.setenv("ALLIANCE_TIMELINE_ALLOW_HOSTS", "127.0.0.1,localhost")
    with LocalServer() as server:
        feed_urls = {}
        for path in FEED_FILES:
            relative = path.relative_to(CORPUS_FEEDS).as_posix()
            feed_urls[server.add("/feeds/" + relative, feed_route(path))] = relative
        feeds_list = root / "corpus-feeds.txt"  # the plain format: one URL per line
        feeds_list.write_text("\n".join(feed_urls) + "\n", encoding="utf-8")
        feeds_toml = root / "corpus-feeds.toml"
        feeds_toml.write_text(SETTINGS + "fetch_pages = false\n" + "".join(
            f'\n[[feeds]]\nurl = "{url}"\npoll_interval = 0\n' for url in feed_urls), encoding="utf-8")
        feeds_run = ingest(seeds_dir=None, warehouse=str(root / "feeds.duckdb"), use_feeds=True,
                           feeds_file=str(feeds_toml))

        server.serve_dir("/pages/", CORPUS_PAGES)
        items = "".join(f"<item><title>{html.escape(p.stem)}</title><link>{server.url('/pages/' + p.name)}</link>"
                        f"<description>Entry for {html.escape(p.stem)}</description></item>" for p in PAGE_FILES)
        server.add("/pages.xml", Route(body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>pages</title>'
                                            f"{items}</channel></rss>", content_type="application/rss+xml",
                                       etag='"pages-1"'))
        pages_list = root / "pages.toml"
        pages_list.write_text(SETTINGS + f'\n[[feeds]]\nurl = "{server.url("/pages.xml")}"\npoll_interval = 0\n',
                              encoding="utf-8")
        pages_warehouse = root / "pages.duckdb"
        server.clear_log()
        pages_first = ingest(seeds_dir=None, warehouse=str(pages_warehouse), use_feeds=True, feeds_file=str(pages_list))
        first_log = list(server.requests)
        server.clear_log()
        pages_second = ingest(seeds_dir=None, warehouse=str(pages_warehouse), use_feeds=True, feeds_file=str(pages_list))
        second_log = list(server.requests)
    mp.undo()
    return {"root": root, "feed_urls": feed_urls, "feeds_list": feeds_list, "feeds_run": feeds_run,
            "pages_first": pages_first, "pages_second": pages_second, "first_log": first_log,
            "second_log": second_log, "base": server.base_url}


def test_every_corpus_feed_is_ingested_or_recorded(corpus):
    con = duckdb.connect(str(corpus["root"] / "feeds.duckdb"), read_only=True)
    run_id = corpus["feeds_run"]["run_id"]
    rows = con.execute("select url, outcome, error from feed_fetches where kind = 'feed' and run_id = ?",
                       [run_id]).fetchall()
    assert sorted(r[0] for r in rows) == sorted(corpus["feed_urls"])
    failed = [(url, error) for url, outcome, error in rows if outcome == "failed"]
    assert all(error for _, error in failed), failed
    ok = [url for url, outcome, _ in rows if outcome == "ok"]
    assert len(ok) > 0.9 * len(rows)  # nearly all are feeds; the rest say why not
    recorded = {r[0] for r in con.execute("select item from ingest_errors where run_id = ? and stage in ('fetch', 'parse')",
                                          [run_id]).fetchall()}
    assert {url for url, _ in failed} <= recorded
    counts = corpus["feeds_run"]
    assert (counts["feeds_ok"], counts["feeds_failed"]) == (len(ok), len(failed))
    assert counts["status"] == "completed_with_errors"
    con.close()


def test_ill_formed_feeds_with_entries_are_used_and_their_defect_recorded(corpus):
    con = duckdb.connect(str(corpus["root"] / "feeds.duckdb"), read_only=True)
    defects = con.execute("select item, reason from ingest_errors where stage = 'parse' and reason like 'feed is malformed%'"
                          " and item like '%/illformed/%'").fetchall()
    assert defects, "no ill-formed feed was recovered"
    for item, _ in defects:
        assert con.execute("select last_outcome from feeds where url = ?", [item]).fetchone() == ("ok",)
    con.close()


def test_entries_became_articles_or_are_recorded(corpus):
    con = duckdb.connect(str(corpus["root"] / "feeds.duckdb"), read_only=True)
    linked = con.execute("select count(distinct article_id) from feed_entries").fetchone()[0]
    assert linked == con.execute("select count(*) from articles").fetchone()[0] > 50  # every article traces to an entry
    orphans = con.execute("select e.url, e.canonical_url, f.url || ' entry ' || e.entry_key from feed_entries e"
                          " join feeds f using (feed_id) where e.article_id is null").fetchall()
    recorded = {r[0] for r in con.execute("select item from ingest_errors").fetchall()}
    # an entry repeated by several feeds is recorded once, under the URL the first feed gave
    unrecorded = [o for o in orphans if not recorded & set(o)]
    assert unrecorded == []
    sources = dict(con.execute("select text_source, count(*) from articles group by all").fetchall())
    assert set(sources) <= {"feed_summary", "empty"} and sources.get("feed_summary", 0) > 50
    total_articles, distinct = con.execute("select count(*), count(distinct canonical_url) from articles").fetchone()
    assert total_articles == distinct
    con.close()


def test_json_feed_is_read(corpus):
    con = duckdb.connect(str(corpus["root"] / "feeds.duckdb"), read_only=True)
    url = next(u for u, rel in corpus["feed_urls"].items() if rel == "feed.json")
    assert con.execute("select last_outcome, format from feeds where url = ?", [url]).fetchone() == ("ok", "json1")
    assert con.execute("select count(*) from feed_entries e join feeds f using (feed_id) where f.url = ?",
                       [url]).fetchone()[0] > 0
    con.close()


def test_every_corpus_page_is_ingested_or_recorded(corpus):
    con = duckdb.connect(str(corpus["root"] / "pages.duckdb"), read_only=True)
    urls = [canonical_url(corpus["base"] + "/pages/" + p.name) for p in PAGE_FILES]
    articles = dict(con.execute("select url, text_source from articles").fetchall())
    recorded = {r[0] for r in con.execute("select item from ingest_errors").fetchall()}
    missing = [u for u in urls if u not in articles and u not in recorded]
    assert missing == []
    fetched = [u for u in urls if articles.get(u) == "trafilatura"]
    assert len(fetched) > 0.8 * len(urls)
    with_html = con.execute("select count(*) from articles where raw_html is not null").fetchone()[0]
    assert with_html == len(fetched)
    assert con.execute("select count(*) from articles where not is_english").fetchone()[0] > 10  # many German pages
    con.close()


def test_second_poll_fetches_no_page_again(corpus):
    assert sorted(r.path for r in corpus["first_log"]).count("/pages.xml") == 1
    assert len([r for r in corpus["first_log"] if r.path.startswith("/pages/")]) == len(PAGE_FILES)
    assert [r.path for r in corpus["second_log"]] == ["/pages.xml"]
    assert corpus["second_log"][0].headers["if-none-match"] == '"pages-1"'
    second = corpus["pages_second"]
    assert (second["feeds_unchanged"], second["articles_new"], second["documents_seen"]) == (1, 0, 0)
    con = duckdb.connect(str(corpus["root"] / "pages.duckdb"), read_only=True)
    total, distinct = con.execute("select count(*), count(distinct canonical_url) from articles").fetchone()
    assert total == distinct == corpus["pages_first"]["articles_new"]
    con.close()
