"""Plain data objects passed between the pure stages (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class RawDocument:
    """One input before cleaning: a seed file or a fetched page/feed entry."""

    url: str
    body: str  # decoded text (HTML or plain text)
    media_type: str  # "text/html" or "text/plain"
    origin: str  # "seed", "feed", "archive", ...
    origin_path: str | None = None  # file path or feed URL it came from
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None  # as written (front matter, feed entry, header)
    fallback_text: str | None = None  # feed entry summary, used when the page yields nothing
    raw_html: bytes | None = None  # original bytes of HTML inputs, kept for re-extraction
    notes: list[str] = field(default_factory=list)  # problems met while reading


@dataclass
class Article:
    """A cleaned article, ready for extraction and loading."""

    article_id: str
    url: str
    canonical_url: str
    title: str | None
    source: str | None
    author: str | None
    site_name: str | None
    published_at: datetime | None
    published_precision: str | None  # day | month | year | None
    language: str | None
    is_english: bool
    text: str
    text_source: str  # plain | trafilatura | feed_summary | empty
    content_hash: str
    origin: str
    origin_path: str | None = None
    place: str | None = None  # from a wire dateline ("TOKYO")
    raw_html: bytes | None = None  # compressed (zlib) original HTML
    notes: list[str] = field(default_factory=list)  # what cleaning had to do/decide

    @property
    def published_date(self) -> date | None:
        return self.published_at.date() if self.published_at else None


@dataclass
class ExtractedEvent:
    """One real-world action found in one article, with its evidence."""

    event_type: str  # PLOVER root, e.g. "AGREE"
    actor1_code: str | None
    actor1_name: str | None
    actor2_code: str | None
    actor2_name: str | None
    sentence: str
    char_start: int
    char_end: int
    mode: str | None = None  # subtype: investment, tariff, summit, ...
    is_symmetric: bool = False
    event_date: date | None = None
    date_precision: str | None = None  # day | month | year
    amount_value: float | None = None
    amount_unit: str | None = None
    amount_text: str | None = None
    status: str = "announced"  # announced | pledged | planned | completed | proposed
    topics: tuple[str, ...] = ()
    confidence: float = 0.5
    extra_sentences: tuple[str, ...] = ()  # further sentences of the same article about it
