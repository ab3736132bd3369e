"""A feed entry's title, author and date win over the page's, and the page is not searched for them;
a feed date that cannot be used is looked for on the page. Real corpus pages throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from flows.clean import PAGE_FIELDS, page_metadata, parse_published, to_article
from flows.model import RawDocument
from flows.seeds import read_seed_dir
from tests.conftest import CORPUS_PAGES

REFERENCE = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
FEED_DATE = "2025-10-01T08:00:00+00:00"  # as flows.feeds.parse writes a parsed feed date
SEARCHED = {"title": "title", "author": "author", "date": "date"}


@pytest.fixture(scope="module")
def pages() -> list[RawDocument]:
    docs, _ = read_seed_dir(CORPUS_PAGES)
    assert len(docs) >= 100
    return docs


def _as_feed_page(doc: RawDocument, number: int, **fields) -> RawDocument:
    """The page as the feed stage hands it over: its own URL, origin feed, the entry's fields."""
    return replace(doc, url=f"https://news.example.org/p/{number}/{Path(doc.origin_path).name}", origin="feed",
                   origin_path="https://news.example.org/feed.xml", notes=[], **fields)


@pytest.mark.parametrize("wanted", [frozenset(c) for n in range(len(PAGE_FIELDS)) for c in combinations(PAGE_FIELDS, n)])
def test_wanted_fields_are_what_the_full_search_finds_on_every_page(pages, wanted):
    differences = []
    for doc in pages:
        full = page_metadata(load_html(doc.body), "https://news.example.org/story.html")
        part = page_metadata(load_html(doc.body), "https://news.example.org/story.html", wanted)
        for key in ("url", "sitename", *(SEARCHED[name] for name in wanted)):
            if getattr(part, key) != getattr(full, key):
                differences.append((doc.origin_path, key, getattr(full, key), getattr(part, key)))
    assert differences == []


def test_a_date_not_wanted_is_not_searched_for(pages):
    found = [page_metadata(load_html(doc.body), None).date for doc in pages]
    skipped = [page_metadata(load_html(doc.body), None, PAGE_FIELDS - {"date"}).date for doc in pages]
    assert sum(date is not None for date in found) >= 100
    assert skipped == [None] * len(pages)


def test_author_not_wanted_leaves_only_what_meta_tags_say(pages):
    # the author search (a pruned copy of the page) finds bylines that meta tags and JSON-LD do not give
    full = [page_metadata(load_html(doc.body), None).author for doc in pages]
    meta_only = [page_metadata(load_html(doc.body), None, PAGE_FIELDS - {"author"}).author for doc in pages]
    assert all(m is None or m == f for m, f in zip(meta_only, full))
    assert sum(m is None and f is not None for m, f in zip(meta_only, full)) >= 5


def test_feed_fields_replace_the_pages_and_nothing_else_changes(pages):
    for number, doc in enumerate(pages):
        from_page = to_article(_as_feed_page(doc, number), REFERENCE)
        from_feed = to_article(_as_feed_page(doc, number, title=f"Entry {number}", author="Jane Feedwriter",
                                             published=FEED_DATE), REFERENCE)
        assert (from_feed.title, from_feed.author, from_feed.published_at, from_feed.published_precision) == \
            (f"Entry {number}", "Jane Feedwriter", datetime(2025, 10, 1, 8, tzinfo=timezone.utc), "day")
        assert from_feed.notes == from_page.notes == []
        assert replace(from_feed, title=None, author=None, published_at=None, published_precision=None) == \
            replace(from_page, title=None, author=None, published_at=None, published_precision=None), doc.origin_path


@pytest.mark.parametrize("written, note", [
    ("sometime next spring-ish", "publication date 'sometime next spring-ish' not understood; ignored"),
    ("Fri, 31 Dec 2999 00:00:00 GMT", "publication date 2999-12-31 is in the future; ignored"),
    ("1900-01-01", "publication date 1900-01-01 is before 1945-01-01; ignored"),
])
@pytest.mark.parametrize("page", ["blog.python.org.html", "boingboing.net.millenials.html"])
def test_a_feed_date_that_cannot_be_used_gives_way_to_the_pages(pages, written, note, page):
    doc = next(d for d in pages if Path(d.origin_path).name == page)
    from_page = to_article(_as_feed_page(doc, 1), REFERENCE)
    article = to_article(_as_feed_page(doc, 1, published=written), REFERENCE)
    assert from_page.published_at is not None
    assert (article.published_at, article.published_precision) == (from_page.published_at, "day")
    assert article.notes == [note, "publication date taken from the page"]


def test_an_unusable_feed_date_on_a_page_without_one_leaves_no_date(pages):
    doc = next(d for d in pages if Path(d.origin_path).name == "lanouvellerepublique.fr.martin.html")
    article = to_article(_as_feed_page(doc, 1, published="not a date"), REFERENCE)
    assert article.published_at is None
    assert article.notes == ["publication date 'not a date' not understood; ignored"]


def _feed_dates() -> list[str]:
    from flows.feeds.parse import parse_feed
    from tests.conftest import CORPUS_FEEDS

    dates = []
    for path in sorted(CORPUS_FEEDS.iterdir()):
        if path.is_file():
            dates += [e.published for e in parse_feed(path.read_bytes(), {}, f"https://feeds.example/{path.name}").entries
                      if e.published]
    return dates


OFFSET_TIMESTAMPS = ["2025-10-01T08:00:00+00:00", "2025-10-01T08:00:00Z", "2025-10-01T23:30:00-05:00",
                     "2025-10-01 08:00+0530", "2024-02-29T12:00:00.250000+01:00", "2025-10-01T08:00Z"]


def test_timestamps_with_an_offset_read_as_dateparser_reads_them():
    import dateparser

    written = OFFSET_TIMESTAMPS + _feed_dates()
    assert len(written) >= 30  # 28 dates of the corpus feeds
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first",
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    for value in written:
        expected = dateparser.parse(value, languages=["en"], settings=settings).astimezone(timezone.utc)
        assert parse_published(value) == (expected, "day"), value


def test_an_impossible_timestamp_is_not_understood():
    assert parse_published("2025-02-30T08:00:00Z") == (None, None)
