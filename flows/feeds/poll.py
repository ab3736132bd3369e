"""One poll's meaning, and entries to raw documents. Pure: plain data in and out.

`to_feed_poll` turns a feed fetch into an outcome (ok / unchanged / failed),
the parsed entries and the new polling state. `to_documents` turns new
entries and their page fetches into `RawDocument`s: the page when it could
be fetched and is HTML, else the entry's own content (noted), else nothing
(recorded).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from flows.feeds.list import FeedSpec
from flows.feeds.model import FetchResult
from flows.feeds.parse import FeedEntry, ParsedFeed, decode_page, is_html, media_type_of, parse_feed, to_raw_document
from flows.feeds.state import PollState, next_poll_at, parse_retry_after, to_outcome
from flows.model import RawDocument

Problem = tuple[str, str, str]  # (item, stage, reason)


@dataclass
class FeedPoll:
    spec: FeedSpec
    outcome: str  # ok | unchanged | failed
    result: FetchResult
    parsed: ParsedFeed | None
    state: dict  # the feeds row's new state columns
    problems: list[Problem] = field(default_factory=list)

    @property
    def entries(self) -> list[FeedEntry]:
        return self.parsed.entries if self.parsed and self.outcome == "ok" else []


def body_hash(content: bytes | None) -> str | None:
    return hashlib.sha256(content).hexdigest() if content is not None else None


def to_feed_poll(spec: FeedSpec, previous: PollState, result: FetchResult, now: datetime,
                 max_entries: int = 200) -> FeedPoll:
    """Interpret one feed fetch against the feed's previous state."""
    digest = body_hash(result.content) if result.ok else None
    outcome = to_outcome(result.status, result.error, digest, previous.body_hash)
    parsed = None
    problems: list[Problem] = []
    error = result.error
    if outcome == "ok":
        parsed = parse_feed(result.content or b"", result.headers, result.final_url)
        if not parsed.is_usable:
            outcome, error = "failed", parsed.error
        else:
            if parsed.defect:
                problems.append((spec.url, "parse",
                                 f"feed is malformed ({parsed.defect}); {len(parsed.entries)} entries recovered and used"))
            if len(parsed.entries) > max_entries:
                problems.append((spec.url, "parse", f"{len(parsed.entries)} entries; only the first {max_entries} used"))
                parsed.entries = parsed.entries[:max_entries]
    if outcome == "failed":
        problems.append((spec.url, "fetch" if result.error or not result.ok else "parse", error or "failed"))
    failures = previous.consecutive_failures + 1 if outcome == "failed" else 0
    retry_after = parse_retry_after(result.headers.get("retry-after"), now) if result.status in (429, 503) else None
    keep_validators = outcome == "unchanged" and result.status == 304
    state = {
        "final_url": result.final_url,
        "etag": previous.etag if keep_validators or outcome == "failed" else result.headers.get("etag"),
        "last_modified": (previous.last_modified if keep_validators or outcome == "failed"
                          else result.headers.get("last-modified")),
        "body_hash": digest if outcome == "ok" else previous.body_hash,
        "last_status": result.status,
        "last_outcome": outcome,
        "last_error": error,
        "consecutive_failures": failures,
        "retry_after_s": retry_after,
        "last_polled_at": now,
        "next_poll_at": next_poll_at(now, spec.poll_interval_s, outcome, failures, retry_after),
        "title": parsed.title if parsed and parsed.is_usable else None,
        "format": parsed.format if parsed and parsed.is_usable else None,
        "is_ok": outcome == "ok",
    }
    return FeedPoll(spec=spec, outcome=outcome, result=result, parsed=parsed, state=state, problems=problems)


@dataclass
class EntryItem:
    """A new entry to turn into an article, with the feed it came from."""

    feed_id: str
    feed_url: str
    entry: FeedEntry

    @property
    def fetchable_url(self) -> str | None:
        url = self.entry.canonical_url
        return url if url and url.startswith(("http://", "https://")) else None


def to_documents(items: list[EntryItem], pages: dict[str, FetchResult]
                 ) -> tuple[list[tuple[EntryItem, RawDocument]], list[Problem]]:
    """(entry, raw document) for new entries that can become articles, and what went wrong.

    `pages` maps an entry's fetchable URL to its page fetch (absent: not fetched).
    """
    docs: list[tuple[EntryItem, RawDocument]] = []
    problems: list[Problem] = []
    for item in items:
        entry, url = item.entry, item.fetchable_url
        page = pages.get(url) if url else None
        notes: list[str] = []
        html = raw = None
        if page is not None and page.ok and page.content is not None:
            content_type = page.headers.get("content-type")
            if is_html(page.content, content_type):
                html, encoding, problem = decode_page(page.content, content_type)
                raw = page.content
                if problem:
                    notes.append(problem)
                if page.final_url != page.url:
                    notes.append(f"page redirected to {page.final_url}")
            else:
                reason = f"page is {media_type_of(content_type) or 'of unknown type'}, not HTML"
                notes.append(f"{reason}; used the feed entry's content")
                problems.append((url, "fetch", reason + ("; used the feed entry's content" if entry.fallback_text else "")))
        elif page is not None:
            notes.append(f"page not fetched ({page.error or f'HTTP {page.status}'}); used the feed entry's content")
            problems.append((url or entry.entry_key, "fetch",
                             f"{page.error or f'HTTP {page.status}'}"
                             + ("; used the feed entry's content" if entry.fallback_text else "; no article")))
        elif url is None and entry.url:
            notes.append(f"entry link {entry.url[:200]!r} is not http(s); used the feed entry's content")
        if html is None and not entry.fallback_text:
            if page is None:
                problems.append((entry.url or f"{item.feed_url} entry {entry.entry_key}", "parse",
                                 f"entry of {item.feed_url} has no fetchable page and no content; no article"))
            continue
        docs.append((item, to_raw_document(entry, item.feed_url, html=html, raw_html=raw, notes=notes)))
    return docs, problems
