"""Cleaning on real pages from ../shared/corpus/pages and on plain text."""

from __future__ import annotations

import zlib

import pytest

from flows.clean import canonical_url, clean_text, detect_language, parse_published, to_article
from flows.seeds import read_seed_dir
from tests.conftest import CORPUS_PAGES


@pytest.fixture(scope="module")
def corpus_articles():
    docs, errors = read_seed_dir(CORPUS_PAGES)
    assert len(docs) + len(errors) == len(list(CORPUS_PAGES.glob("*.htm*")))
    return [to_article(doc) for doc in docs]


def test_every_corpus_page_becomes_an_article(corpus_articles):
    assert len(corpus_articles) >= 100
    assert all(a.article_id and a.content_hash for a in corpus_articles)
    with_text = [a for a in corpus_articles if a.text]
    assert len(with_text) >= 0.9 * len(corpus_articles)


def test_corpus_languages_are_identified(corpus_articles):
    languages = {a.language for a in corpus_articles}
    assert {"en", "de"} <= languages
    german = [a for a in corpus_articles if a.origin_path.endswith("bmjv.de.konsum.html")][0]
    assert german.language == "de" and not german.is_english


def test_raw_html_round_trips(corpus_articles):
    article = corpus_articles[0]
    original = open(article.origin_path, "rb").read()
    assert zlib.decompress(article.raw_html) == original


def test_clean_text_normalises_whitespace_and_controls():
    assert clean_text("  a\u00a0 b\t c \r\n\r\n\r\n\x07d  ") == "a b c\n\nd"


@pytest.mark.parametrize(
    "value, day, precision",
    [("2025-10-28", "2025-10-28", "day"), ("2025-10", "2025-10-01", "month"), ("2025", "2025-01-01", "year"),
     ("Tue, 28 Oct 2025 09:15:00 GMT", "2025-10-28", "day"), ("October 28, 2025", "2025-10-28", "day")],
)
def test_parse_published(value, day, precision):
    parsed, found_precision = parse_published(value)
    assert parsed.date().isoformat() == day
    assert found_precision == precision


@pytest.mark.parametrize("value", ["", "not a date at all", "2025-13-45"])
def test_parse_published_garbage_is_none(value):
    assert parse_published(value) == (None, None)


def test_canonical_url_drops_tracking_and_lowercases_host():
    assert canonical_url("https://Example.COM/news/a?utm_source=rss&id=3") == "https://example.com/news/a?id=3"
    assert canonical_url("seed:dir/file.txt") == "seed:dir/file.txt"


def test_short_text_has_no_language():
    assert detect_language("ok") is None
