"""The fetcher against a real local server: limits, redirects, safety, robots, politeness."""

from __future__ import annotations

import gzip

import pytest

from flows.feeds.http import Fetcher
from flows.feeds.model import FetchRequest
from flows.feeds.settings import FetchSettings
from tests.support.http_server import LocalServer, Route, redirect, redirect_chain

LOCAL = frozenset({"127.0.0.1"})


@pytest.fixture(scope="module")
def server():
    with LocalServer() as srv:
        srv.add("/robots.txt", Route(body="User-agent: *\nDisallow: /no/\n", content_type="text/plain"))
        srv.add("/ok", Route(body="<html><body>hello</body></html>", etag='"v1"'))
        srv.add("/gz", Route(body="x" * 5000, gzip=True))
        srv.add("/bomb", Route(raw_gzip_body=gzip.compress(b"\0" * 20_000_000)))
        srv.add("/no/page", Route(body="secret"))
        srv.add("/to-loopback", redirect("http://127.0.0.2:9/"))
        redirect_chain(srv, "/chain", 7, "/ok")
        yield srv


def fetch(server, path, **settings):
    options = {"allow_hosts": LOCAL, "politeness_delay_s": 0.0, "read_timeout_s": 2.0, "total_timeout_s": 5.0, **settings}
    with Fetcher(FetchSettings(**options)) as fetcher:
        return fetcher.fetch_one(FetchRequest(url=server.url(path) if path.startswith("/") else path,
                                              kind=options.pop("kind", "page")))


def test_feeds_answering_304_share_kept_alive_connections():
    """A scheduled run where every feed of one host answers 304 reuses a few connections instead of
    opening one per feed (it did: 100 feeds, 100 connects, and 1 s lost when the server's accept
    queue overflowed)."""
    with LocalServer() as srv:
        for n in range(30):
            srv.add(f"/feed/{n}.xml", Route(body=f"<rss><channel><title>{n}</title></channel></rss>",
                                            content_type="application/rss+xml", etag=f'"v{n}"'))
        requests = [FetchRequest(url=srv.url(f"/feed/{n}.xml"), kind="feed", etag=f'"v{n}"') for n in range(30)]
        with Fetcher(FetchSettings(allow_hosts=LOCAL, politeness_delay_s=0, max_workers=4,
                                   per_host_concurrency=4)) as fetcher:
            results = fetcher.fetch_many(requests)
        conditional = [r for r in srv.requests if r.is_conditional]
    assert [r.status for r in results] == [304] * 30 and all(r.error is None for r in results)
    assert len(conditional) == 30
    assert len({r.client_port for r in conditional}) <= 4  # one connection per worker at most


def test_user_agent_conditional_get_and_gzip(server):
    with Fetcher(FetchSettings(allow_hosts=LOCAL, politeness_delay_s=0)) as fetcher:
        first = fetcher.fetch_one(FetchRequest(url=server.url("/ok"), kind="feed"))
        again = fetcher.fetch_one(FetchRequest(url=server.url("/ok"), kind="feed", etag=first.headers["etag"]))
    assert first.ok and first.content.startswith(b"<html>") and again.status == 304 and again.content is None
    request = server.requests_for("/ok")[-1]
    assert request.headers["user-agent"].startswith("alliance-timeline/")
    assert request.headers["if-none-match"] == '"v1"'
    gz = fetch(server, "/gz")
    assert gz.ok and gz.content == b"x" * 5000 and gz.bytes_read == 5000


def test_gzip_bomb_is_cut_without_inflating_it(server):
    result = fetch(server, "/bomb", max_bytes=100_000)
    assert result.content is None and "after decompression" in result.error and result.bytes_read == 100_001


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:9/x", None),  # allowed host, nothing listening: a connection error, not a refusal
    ("http://192.168.1.10/x", "non-public address 192.168.1.10"),
    ("http://[::1]:9/x", "non-public address ::1"),
    ("http://metadata.google.internal/", "cloud metadata host"),
    ("file:///etc/passwd", "scheme 'file'"),
])
def test_private_and_non_http_destinations_are_refused(server, url, reason):
    result = fetch(server, url, respect_robots=False)
    if reason is None:
        assert result.error.startswith("could not connect")
    else:
        assert result.is_refused and reason in result.error


def test_every_redirect_hop_is_checked_and_chains_are_limited(server):
    hop = fetch(server, "/to-loopback")
    assert hop.is_refused and "127.0.0.2" in hop.error and hop.redirects == 1
    long_chain = fetch(server, "/chain0", max_redirects=5)
    assert long_chain.error == "too many redirects (more than 5)"
    followed = fetch(server, "/chain0", max_redirects=10)
    assert followed.ok and followed.final_url.endswith("/ok") and followed.redirects == 7


def test_robots_txt_is_respected_and_fetched_once(server):
    server.clear_log()
    with Fetcher(FetchSettings(allow_hosts=LOCAL, politeness_delay_s=0)) as fetcher:
        results = fetcher.fetch_many([FetchRequest(url=server.url(p)) for p in ("/no/page", "/ok", "/gz")])
    assert results[0].is_refused and "robots.txt" in results[0].error
    assert results[1].ok and results[2].ok
    paths = [r.path for r in server.requests]
    assert paths.count("/robots.txt") == 1 and "/no/page" not in paths
    assert fetch(server, "/no/page", respect_robots=False).ok


def test_politeness_delay_spaces_requests_to_one_host(server):
    server.clear_log()
    with Fetcher(FetchSettings(allow_hosts=LOCAL, politeness_delay_s=0.3, respect_robots=False,
                               per_host_concurrency=4)) as fetcher:
        fetcher.fetch_many([FetchRequest(url=server.url("/ok?n=" + str(i))) for i in range(4)])
    starts = sorted(r.at for r in server.requests)
    assert len(starts) == 4 and all(b - a >= 0.28 for a, b in zip(starts, starts[1:]))
