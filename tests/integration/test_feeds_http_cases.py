"""Feed polling against a real local HTTP server, through the real Prefect `ingest` flow.

One server scripts every case of issue 3 (304 by ETag and by Last-Modified,
a lying ETag, redirects and a loop, 404, 500, 429 + Retry-After, a slow
server, a connection reset, an over-limit body and a gzip bomb, gzip, a
wrong charset, a non-HTML link, private addresses, robots.txt, syndicated
copies). The flow runs twice (three times for a changed feed); each test
asserts what landed in the warehouse and what was recorded, and the
server's request log says what the second run asked for.
"""

from __future__ import annotations

import gzip
import html
from datetime import datetime, timedelta

import duckdb
import pytest

from flows.pipeline import ingest
from tests.conftest import CORPUS_PAGES, SHARED
from tests.support.http_server import LocalServer, Route, http_date, redirect, redirect_chain

WIRE = (SHARED / "eval" / "dev" / "articles" / "d001.txt").read_text(encoding="utf-8").split("---", 2)[2].strip()
OTHER = (SHARED / "eval" / "dev" / "articles" / "d002.txt").read_text(encoding="utf-8").split("---", 2)[2].strip()
PAGE_A = "blog.python.org.html"
PAGE_B = "boingboing.net.millenials.html"
LAST_MODIFIED = http_date(1_700_000_000)
MAX_BYTES = 2_000_000


def rss(items: list[dict], title: str = "Test feed") -> str:
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
             "<link>http://127.0.0.1/</link><description>test</description>"]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "pubDate"):
            if item.get(key):
                parts.append(f"<{key}>{html.escape(item[key])}</{key}>")
        if item.get("description"):
            parts.append(f"<description>{html.escape(item['description'])}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
            f"<nav>Home | World | Business | Markets</nav><article><h1>{html.escape(title)}</h1>"
            f"{paragraphs}</article><footer>Copyright the site</footer></body></html>")


def summary(name: str) -> str:
    return (f"Summary of the {name} story: ministers from both countries met in the capital and agreed "
            "to keep talking about tariffs, investment and security cooperation in the coming months.")


def build_server(server: LocalServer) -> dict[str, str]:
    u = server.url
    server.serve_dir("/pages/", CORPUS_PAGES)
    server.add("/robots.txt", Route(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    server.add("/missing", Route(status=404, body="gone"))
    server.add("/missing-no-summary", Route(status=404, body="gone"))
    server.add("/error500", Route(status=500, body="oops"))
    server.add("/slow-page", Route(body=page("Slow", WIRE), delay_s=3.0))
    server.add("/reset-page", Route(reset=True))
    server.add("/huge-page", Route(body=b"<html><body>" + b"x" * (MAX_BYTES + 10) + b"</body></html>"))
    server.add("/bomb-page", Route(raw_gzip_body=gzip.compress(b"<html>" + b" " * 50_000_000)))
    server.add("/gzip-page", Route(body=page("Gzipped page", OTHER), gzip=True))
    charset_text = ("Zürich and São Paulo delegates met in Kraków. " * 3 + "\n\n") * 6
    server.add("/wrong-charset", Route(body=page("Charset", charset_text).encode("utf-8"),
                                       content_type="text/html; charset=iso-8859-1"))
    server.add("/doc.pdf", Route(body=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"))
    server.add("/private/secret", Route(body=page("Secret", WIRE)))
    server.add("/redir-private", redirect("http://169.254.169.254/latest/meta-data/"))
    server.add("/loop-a", redirect("/loop-b"))
    server.add("/loop-b", redirect("/loop-a"))
    first = redirect_chain(server, "/hop", 2, "/pages/" + PAGE_B)
    server.add("/wire/original", Route(body=page("Japan deal sets 15% tariff", WIRE)))
    copy = WIRE + "\n\nReporting by the Tokyo bureau; editing by the desk."
    server.add("/syndicated/copy", Route(body=page("Trump: Japan deal, 15% tariff", copy)))

    main_items = [
        {"title": "Python blog", "link": u("/pages/" + PAGE_A), "description": summary("python")},
        {"title": "Missing page", "link": u("/missing"), "description": summary("missing")},
        {"title": "Server error", "link": u("/error500"), "description": summary("error")},
        {"title": "Slow page", "link": u("/slow-page"), "description": summary("slow")},
        {"title": "Reset page", "link": u("/reset-page"), "description": summary("reset")},
        {"title": "Huge page", "link": u("/huge-page"), "description": summary("huge")},
        {"title": "Gzip bomb", "link": u("/bomb-page"), "description": summary("bomb")},
        {"title": "Gzipped", "link": u("/gzip-page")},
        {"title": "Wrong charset", "link": u("/wrong-charset")},
        {"title": "A PDF", "link": u("/doc.pdf"), "description": summary("pdf")},
        {"title": "Private", "link": "http://10.1.2.3/internal", "description": summary("private")},
        {"title": "Redirect to metadata", "link": u("/redir-private"), "description": summary("metadata")},
        {"title": "Loop", "link": u("/loop-a"), "description": summary("loop")},
        {"title": "Redirected", "link": u(first)},
        {"title": "Robots", "link": u("/private/secret"), "description": summary("robots")},
        {"title": "No link", "guid": "urn:test:no-link", "description": summary("no-link")},
        {"title": "Bare", "description": summary("bare")},
        {"title": "Missing, no summary", "link": u("/missing-no-summary")},
    ]
    server.add("/feeds/main.xml", Route(body=rss(main_items), content_type="application/rss+xml",
                                        etag='"main-v1"', last_modified=LAST_MODIFIED))
    server.add("/feeds/lm.xml", Route(body=rss([{"title": "Boing", "link": u("/pages/" + PAGE_B)}]),
                                      content_type="application/rss+xml", last_modified=LAST_MODIFIED))
    server.add("/feeds/lying.xml", Route(body=rss([{"title": "Python again", "link": u("/pages/" + PAGE_A)}]),
                                         content_type="application/rss+xml", lying_etag=True))
    server.add("/feeds/moved.xml", redirect("/feeds/target.xml", 301))
    server.add("/feeds/target.xml", Route(body=rss([{"title": "Wire", "link": u("/wire/original")}]),
                                          content_type="application/rss+xml", etag='"t1"'))
    server.add("/feeds/syndicated.xml", Route(body=rss([{"title": "Copy", "link": u("/syndicated/copy")}]),
                                              content_type="application/rss+xml", etag='"s1"'))
    server.add("/feeds/gone.xml", Route(status=404, body="no feed here"))
    server.add("/feeds/broken.xml", Route(status=500, body="internal error"))
    server.add("/feeds/ratelimited.xml", Route(status=429, body="slow down", headers={"Retry-After": "3600"}))
    server.add("/feeds/slow.xml", Route(body=rss(main_items[:1]), drip_bytes=20, drip_delay_s=0.25))
    server.add("/feeds/reset.xml", Route(reset_after_bytes=40, body=rss(main_items[:1])))
    server.add("/feeds/huge.xml", Route(body=b"<rss>" + b" " * (MAX_BYTES + 1) + b"</rss>"))
    server.add("/feeds/gzip.xml", Route(body=rss([{"title": "Gz", "link": u("/gzip-page")}]), gzip=True,
                                        content_type="application/rss+xml", etag='"g1"'))
    bozo = rss([{"title": "Recovered", "link": u("/pages/" + PAGE_A)}]).replace("</channel>", "<bad & unclosed</channel>")
    server.add("/feeds/bozo.xml", Route(body=bozo, content_type="application/rss+xml", etag='"b1"'))
    server.add("/feeds/notafeed.html", Route(body=page("Just a page", "Hello there."), etag='"n1"'))
    feeds = {
        "main": "/feeds/main.xml", "lm": "/feeds/lm.xml", "lying": "/feeds/lying.xml",
        "moved": "/feeds/moved.xml", "syndicated": "/feeds/syndicated.xml", "gone": "/feeds/gone.xml",
        "broken": "/feeds/broken.xml", "ratelimited": "/feeds/ratelimited.xml", "slow": "/feeds/slow.xml",
        "reset": "/feeds/reset.xml", "huge": "/feeds/huge.xml", "gzip": "/feeds/gzip.xml",
        "bozo": "/feeds/bozo.xml", "notafeed": "/feeds/notafeed.html",
    }
    return feeds


def feed_list(server: LocalServer, feeds: dict[str, str]) -> str:
    lines = ["[settings]", "connect_timeout_s = 2.0", "read_timeout_s = 0.8", "total_timeout_s = 2.5",
             f"max_bytes = {MAX_BYTES}", "politeness_delay_s = 0.0", "per_host_concurrency = 8", "max_workers = 8", ""]
    for name, path in feeds.items():
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{server.url(path)}"', "poll_interval = 0", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def polled(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("feeds")
    warehouse = root / "timeline.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("ALLIANCE_TIMELINE_ALLOW_HOSTS", "127.0.0.1,localhost")
    with LocalServer() as server:
        feeds = build_server(server)
        feeds_file = root / "feeds.toml"
        feeds_file.write_text(feed_list(server, feeds), encoding="utf-8")
        first = ingest(seeds_dir=None, warehouse=str(warehouse), use_feeds=True, feeds_file=str(feeds_file))
        first_log = list(server.requests)
        con = duckdb.connect(str(warehouse), read_only=True)
        articles_after_first = con.execute("select count(*) from articles").fetchone()[0]
        con.close()
        server.clear_log()
        second = ingest(seeds_dir=None, warehouse=str(warehouse), use_feeds=True, feeds_file=str(feeds_file))
        second_log = list(server.requests)
        # the main feed changes: one new entry; only its page is fetched
        server.add("/fresh", Route(body=page("Fresh", WIRE.replace("Tokyo", "Osaka") + " Fresh ending.")))
        body = server._routes["/feeds/main.xml"].body.replace(
            "<item>", f"<item><title>Fresh</title><link>{server.url('/fresh')}</link></item><item>", 1)
        server.add("/feeds/main.xml", Route(body=body, content_type="application/rss+xml", etag='"main-v2"'))
        server.clear_log()
        third = ingest(seeds_dir=None, warehouse=str(warehouse), use_feeds=True, feeds_file=str(feeds_file))
        third_log = list(server.requests)
        urls = {name: server.url(path) for name, path in feeds.items()}
        base = server.base_url
    mp.undo()
    return {"warehouse": warehouse, "first": first, "second": second, "third": third, "first_log": first_log,
            "second_log": second_log, "third_log": third_log, "urls": urls, "base": base,
            "articles_after_first": articles_after_first}


@pytest.fixture
def db(polled):
    con = duckdb.connect(str(polled["warehouse"]), read_only=True)
    yield con
    con.close()


def feed_state(db, url) -> dict:
    cur = db.execute("select * from feeds where url = ?", [url])
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone()))


def article(db, polled, path) -> dict | None:
    cur = db.execute("select * from articles where url = ?", [polled["base"] + path])
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def page_fetch(db, polled, path, run_id) -> tuple:
    return db.execute("select status, outcome, error, bytes from feed_fetches where kind = 'page' and url = ?"
                      " and run_id = ?", [polled["base"] + path, run_id]).fetchone()


def test_run_counts_feed_outcomes(polled, db):
    first = polled["first"]
    assert first["status"] == "completed_with_errors"
    assert (first["feeds_ok"], first["feeds_unchanged"], first["feeds_failed"]) == (7, 0, 7)
    row = db.execute("select feeds_ok, feeds_unchanged, feeds_failed from ingest_runs where run_id = ?",
                     [first["run_id"]]).fetchone()
    assert row == (7, 0, 7)


@pytest.mark.parametrize("name, status, error_part", [
    ("gone", 404, "HTTP 404"),
    ("broken", 500, "HTTP 500"),
    ("ratelimited", 429, "HTTP 429"),
    ("slow", 200, "total timeout"),
    ("reset", 200, "connection broken"),
    ("huge", 200, "body too large"),
    ("notafeed", 200, "not a feed"),
])
def test_failed_feeds_are_recorded_with_a_reason(polled, db, name, status, error_part):
    url = polled["urls"][name]
    state = feed_state(db, url)
    assert state["last_outcome"] == "failed" and state["consecutive_failures"] == 1
    assert state["last_status"] == status and error_part in state["last_error"]
    fetch = db.execute("select outcome, status, error from feed_fetches where url = ? and run_id = ?",
                       [url, polled["first"]["run_id"]]).fetchone()
    assert fetch[0] == "failed" and error_part in fetch[2]
    reasons = [r[0] for r in db.execute("select reason from ingest_errors where item = ? and run_id = ?",
                                        [url, polled["first"]["run_id"]]).fetchall()]
    assert any(error_part in reason for reason in reasons)
    # backoff: not polled again by the second run a moment later
    assert not any(r.path == url.replace(polled["base"], "") for r in polled["second_log"])


def test_retry_after_is_honoured(polled, db):
    state = feed_state(db, polled["urls"]["ratelimited"])
    assert state["retry_after_s"] == 3600
    waited = state["next_poll_at"] - state["last_polled_at"]
    assert timedelta(seconds=3599) <= waited <= timedelta(seconds=3601)
    assert polled["second"]["feeds_not_due"] >= 1


def test_backoff_grows_from_the_base(polled, db):
    state = feed_state(db, polled["urls"]["gone"])
    assert state["next_poll_at"] - state["last_polled_at"] == timedelta(seconds=60)


def test_good_pages_become_trafilatura_articles(polled, db):
    row = article(db, polled, "/pages/" + PAGE_A)
    assert row["text_source"] == "trafilatura" and row["origin"] == "feed"
    assert row["origin_path"] == polled["urls"]["main"]
    assert len(row["text"]) > 500 and row["raw_html"] is not None
    assert row["title"] == "Python blog"


@pytest.mark.parametrize("path, error_part", [
    ("/missing", "HTTP 404"),
    ("/error500", "HTTP 500"),
    ("/slow-page", "read timeout"),
    ("/reset-page", "connection broken"),
    ("/huge-page", "body too large"),
    ("/bomb-page", "after decompression"),
    ("/loop-a", "redirect loop"),
])
def test_failed_pages_fall_back_to_the_entry(polled, db, path, error_part):
    row = article(db, polled, path)
    assert row["text_source"] == "feed_summary"
    assert row["text"].startswith("Summary of the")
    assert any("page not fetched" in note and error_part in note for note in row["notes"])
    status, outcome, error, _ = page_fetch(db, polled, path, polled["first"]["run_id"])
    assert outcome == "failed" and error_part in error
    assert db.execute("select count(*) from ingest_errors where item = ? and stage = 'fetch'",
                      [polled["base"] + path]).fetchone()[0] == 1


def test_gzip_bomb_is_cut_at_the_limit(polled, db):
    _, _, _, size = page_fetch(db, polled, "/bomb-page", polled["first"]["run_id"])
    assert MAX_BYTES < size <= MAX_BYTES + 1


@pytest.mark.parametrize("url, reason", [
    ("http://10.1.2.3/internal", "non-public address 10.1.2.3"),
    ("/redir-private", "non-public address 169.254.169.254"),
    ("/private/secret", "robots.txt"),
])
def test_refused_pages_are_never_fetched(polled, db, url, reason):
    url = url if url.startswith("http") else polled["base"] + url
    row = db.execute("select text_source, notes from articles where url = ?", [url]).fetchone()
    assert row[0] == "feed_summary" and any(reason in note for note in row[1])
    outcome, error = db.execute("select outcome, error from feed_fetches where url = ?", [url]).fetchone()
    assert outcome == "refused" and reason in error
    assert not any(r.path == "/private/secret" for r in polled["first_log"])


def test_gzip_page_and_redirect_chain_are_followed(polled, db):
    gz = article(db, polled, "/gzip-page")
    assert gz["text_source"] == "trafilatura" and OTHER.split("\n\n")[1][:60] in gz["text"]
    hop = article(db, polled, "/hop0")
    assert hop["text_source"] == "trafilatura" and any("redirected to" in n for n in hop["notes"])
    assert page_fetch(db, polled, "/hop0", polled["first"]["run_id"])[:2] == (200, "ok")


def test_wrong_declared_charset_is_decoded_as_utf8(polled, db):
    row = article(db, polled, "/wrong-charset")
    assert "Zürich" in row["text"] and "Kraków" in row["text"] and "Ã" not in row["text"]
    assert any("declared charset iso8859-1 but the bytes are UTF-8" in n for n in row["notes"])


def test_non_html_link_uses_the_entry(polled, db):
    row = article(db, polled, "/doc.pdf")
    assert row["text_source"] == "feed_summary"
    assert any("application/pdf, not HTML" in n for n in row["notes"])


def test_entries_without_a_web_link_use_their_content(polled, db):
    urn = db.execute("select text_source, notes from articles where url = 'urn:test:no-link'").fetchone()
    assert urn[0] == "feed_summary" and any("is not http(s)" in n for n in urn[1])
    bare = db.execute("select text_source, origin_path from articles where url like 'feed-entry:%'").fetchall()
    assert bare == [("feed_summary", polled["urls"]["main"])]


def test_entry_with_neither_page_nor_content_is_recorded(polled, db):
    url = polled["base"] + "/missing-no-summary"
    assert article(db, polled, "/missing-no-summary") is None
    reason = db.execute("select reason from ingest_errors where item = ? and run_id = ?",
                        [url, polled["first"]["run_id"]]).fetchone()[0]
    assert "HTTP 404" in reason and "no article" in reason
    assert db.execute("select article_id from feed_entries where url = ?", [url]).fetchone() == (None,)


def first_fetch(db, polled, name) -> tuple:
    return db.execute("select outcome, status, error, final_url from feed_fetches where url = ? and run_id = ?",
                      [polled["urls"][name], polled["first"]["run_id"]]).fetchone()


def test_bozo_feed_is_ingested_and_its_defect_recorded(polled, db):
    url = polled["urls"]["bozo"]
    assert first_fetch(db, polled, "bozo")[:2] == ("ok", 200)
    reason = db.execute("select reason from ingest_errors where item = ? and stage = 'parse'", [url]).fetchone()[0]
    assert "malformed" in reason and "1 entries recovered" in reason
    assert db.execute("select article_id is not null from feed_entries where feed_id = ?",
                      [feed_state(db, url)["feed_id"]]).fetchone() == (True,)


def test_feed_redirect_and_gzip_feed(polled, db):
    outcome, status, _, final_url = first_fetch(db, polled, "moved")
    assert (outcome, status) == ("ok", 200) and final_url.endswith("/feeds/target.xml")
    assert feed_state(db, polled["urls"]["moved"])["final_url"] == final_url
    assert first_fetch(db, polled, "gzip")[:2] == ("ok", 200)
    gz_entry = db.execute("select article_id from feed_entries where feed_id = ?",
                          [feed_state(db, polled["urls"]["gzip"])["feed_id"]]).fetchone()
    assert gz_entry[0] == article(db, polled, "/gzip-page")["article_id"]


def test_each_page_is_fetched_once_even_when_listed_by_several_feeds(polled, db):
    fetched = [r.path for r in polled["first_log"]]
    assert fetched.count("/pages/" + PAGE_A) == 1  # main, lying and bozo feeds all list it
    feeds_of_a = db.execute(
        "select count(distinct feed_id), count(distinct article_id) from feed_entries where url = ?",
        [polled["base"] + "/pages/" + PAGE_A]).fetchone()
    assert feeds_of_a == (3, 1)


def test_syndicated_copy_is_linked_to_the_original(polled, db):
    # both arrive in one batch, so either may be the one kept as the original
    ids = {article(db, polled, p)["article_id"] for p in ("/wire/original", "/syndicated/copy")}
    links = db.execute("select article_id, duplicate_of, link_type, distance from article_links"
                       " where list_contains(?, article_id)", [sorted(ids)]).fetchall()
    assert len(links) == 1
    copy_id, original_id, link_type, distance = links[0]
    assert {copy_id, original_id} == ids and link_type == "near" and 0 < distance <= 3
    # a different story on the same subject is not a copy
    gz = article(db, polled, "/gzip-page")["article_id"]
    assert db.execute("select count(*) from article_links where article_id = ? or duplicate_of = ?",
                      [gz, gz]).fetchone()[0] == 0


def test_the_same_page_under_two_urls_is_an_exact_duplicate(polled, db):
    via_redirect = article(db, polled, "/hop0")["article_id"]
    direct = article(db, polled, "/pages/" + PAGE_B)["article_id"]
    link = db.execute("select link_type, distance from article_links where list_contains(?, article_id)"
                      " and list_contains(?, duplicate_of)", [[via_redirect, direct], [via_redirect, direct]]).fetchone()
    assert link == ("exact", 0)


def test_second_run_makes_only_conditional_feed_requests(polled, db):
    second = polled["second"]
    log = polled["second_log"]
    assert log, "the second run polled nothing"
    assert all(r.path.startswith("/feeds/") for r in log), [r.path for r in log]
    assert all(r.is_conditional for r in log), [(r.path, r.headers) for r in log if not r.is_conditional]
    by_path = {r.path: r for r in log}
    assert by_path["/feeds/main.xml"].headers["if-none-match"] == '"main-v1"'
    assert by_path["/feeds/lm.xml"].headers["if-modified-since"] == LAST_MODIFIED
    assert second["feeds_ok"] == 0 and second["feeds_failed"] == 0
    assert second["feeds_unchanged"] == 7  # the lying ETag included: same body hash
    assert second["articles_new"] == 0 and second["documents_seen"] == 0
    lying = feed_state(db, polled["urls"]["lying"])
    assert lying["last_outcome"] == "unchanged" and lying["last_status"] == 200


def test_changed_feed_fetches_only_the_new_page(polled, db):
    pages = sorted(r.path for r in polled["third_log"] if not r.path.startswith("/feeds/"))
    # the entry that never became an article (404, no summary) is tried again now that its feed changed
    assert pages == ["/fresh", "/missing-no-summary", "/robots.txt"]
    assert polled["third"]["articles_new"] == 1


def test_no_duplicate_articles_after_several_runs(polled, db):
    total, distinct = db.execute("select count(*), count(distinct canonical_url) from articles").fetchone()
    assert total == distinct == polled["articles_after_first"] + 1
    entries = db.execute("select count(*), count(distinct (feed_id, entry_key)) from feed_entries").fetchone()
    assert entries[0] == entries[1]
