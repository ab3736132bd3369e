"""A local news site for the end-to-end benchmark: feeds listing the corpus pages under distinct URLs.

    with FeedSite(n=1000, per_feed=100) as site:
        site.write_feed_list(path)          # [[feeds]] for every feed, [settings] for 127.0.0.1
        ... ingest(use_feeds=True, feeds_file=path) with ALLIANCE_TIMELINE_ALLOW_HOSTS=127.0.0.1 ...
        site.requests_by_kind()             # what the fetcher asked for

Feed k (RSS 2.0, `/feeds/k.xml`) lists entries k*per_feed ... with a link
`/p/<i>/<corpus page name>`, a pubDate and a one-line description; the page
is corpus page i mod 110 (../shared/corpus/pages), so every article has its
own URL and article id while the HTML repeats. The server is the tests'
`LocalServer` (a threaded HTTP/1.1 server on 127.0.0.1) running in this
process; its CPU time is reported apart from the ingest's.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from bench.corpus import PAGES
from tests.support.http_server import LocalServer, Request, Route

# fetch settings for a local site: the politeness delay (1 s) and per-host limit (2) that protect
# real sites would make the benchmark measure sleeping; every other setting stays at its default
LOCAL_FETCH_SETTINGS = {"politeness_delay_s": 0.0, "per_host_concurrency": 8, "max_workers": 8}


class FeedSite:
    def __init__(self, n: int, per_feed: int = 100) -> None:
        self.n, self.per_feed = n, per_feed
        self.pages = sorted(PAGES.glob("*.html"))
        self._bodies = [p.read_bytes() for p in self.pages]
        self.server = LocalServer()
        self.server.add_prefix("/feeds/", self._feed)
        self.server.add_prefix("/p/", self._page)
        self.server.add("/robots.txt", Route(status=404, body=b"", content_type="text/plain"))
        self._start = datetime(2025, 1, 1, 8, tzinfo=timezone.utc)
        self._cpu_at_start = 0.0

    def __enter__(self) -> "FeedSite":
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()

    @property
    def num_feeds(self) -> int:
        return -(-self.n // self.per_feed)

    def feed_urls(self) -> list[str]:
        return [self.server.url(f"/feeds/{k:05d}.xml") for k in range(self.num_feeds)]

    def write_feed_list(self, path: Path) -> Path:
        settings = "".join(f"{key} = {value}\n" for key, value in LOCAL_FETCH_SETTINGS.items())
        feeds = "".join(f'\n[[feeds]]\nurl = "{url}"\npoll_interval = 0\n' for url in self.feed_urls())
        path.write_text("[settings]\n" + settings + feeds, encoding="utf-8")
        return path

    def requests_by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for request in self.server.requests:
            kind = request.path.split("/")[1] if request.path.count("/") > 1 else request.path
            kind = f"{kind} (conditional)" if request.is_conditional else kind
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds

    def page_bytes(self) -> int:
        return sum(len(self._bodies[i % len(self._bodies)]) for i in range(self.n))

    # routes --------------------------------------------------------------
    def _feed(self, request: Request) -> Route | None:
        name = urlsplit(request.path).path.rsplit("/", 1)[-1]
        if not name.endswith(".xml") or not name[:-4].isdigit():
            return None
        k = int(name[:-4])
        first, last = k * self.per_feed, min(self.n, (k + 1) * self.per_feed)
        if first >= last:
            return None
        items = []
        for i in range(first, last):
            page = self.pages[i % len(self.pages)]
            published = self._start + timedelta(hours=i % 8000)
            items.append(
                f"<item><title>{escape(page.stem)} ({i})</title>"
                f"<link>{self.server.url(f'/p/{i:06d}/{page.name}')}</link><guid isPermaLink=\"false\">bench-{i}</guid>"
                f"<pubDate>{format_datetime(published)}</pubDate>"
                f"<description>Page {i} of the benchmark site.</description></item>"
            )
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed {k}</title>'
                f"<link>{self.server.base_url}/</link><description>benchmark feed</description>"
                + "".join(items) + "</channel></rss>")
        return Route(body=body, content_type="application/rss+xml; charset=utf-8", etag=f'"feed-{k}-{self.n}"',
                     last_modified="Wed, 01 Jan 2025 08:00:00 GMT")

    def _page(self, request: Request) -> Route | None:
        parts = urlsplit(request.path).path.split("/")
        if len(parts) != 4 or not parts[2].isdigit() or int(parts[2]) >= self.n:
            return None
        return Route(body=self._bodies[int(parts[2]) % len(self._bodies)], content_type="text/html; charset=utf-8")


def cpu_seconds() -> float:
    """CPU time of this process (the server's threads included)."""
    return time.process_time()
