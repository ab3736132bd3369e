"""Feed bytes to entries, page bytes to text, entries to raw documents.

RSS/Atom/RDF go through `feedparser.parse(content, response_headers=...)`
(never its fetcher); JSON Feed (jsonfeed.org), which feedparser 6 does not
read, is parsed here with `json`. A `bozo` feed with recovered entries is
used and its defect reported; bytes that are no feed at all are an error.

Pure: bytes and headers in, objects out.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from flows.clean import canonical_url
from flows.ids import stable_hash
from flows.model import RawDocument

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_JSONFEED_VERSION = "https://jsonfeed.org/version/"
_DROP_KEYS = frozenset({"published_parsed", "updated_parsed", "created_parsed", "expired_parsed"})


@dataclass
class FeedEntry:
    """One entry of a feed, with what an article needs and the raw entry for provenance."""

    url: str | None
    guid: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 (UTC) when the feed's date parsed, else as written
    summary: str | None = None  # HTML or text
    content: str | None = None  # the fullest content the entry carries (HTML or text)
    raw: dict = field(default_factory=dict)

    @property
    def canonical_url(self) -> str | None:
        return canonical_url(self.url) if self.url else None

    @property
    def entry_key(self) -> str:
        """Stable identity within a feed: guid, else link, else a hash of title and text."""
        return self.guid or self.url or stable_hash("entry", self.title, self.summary, self.content)

    @property
    def fallback_text(self) -> str | None:
        return self.content or self.summary or None


@dataclass
class ParsedFeed:
    format: str  # rss20, atom10, rdf, json1, ... ("" when unknown)
    title: str | None
    entries: list[FeedEntry]
    defect: str | None = None  # the bozo exception of a feed that was still read
    error: str | None = None  # why these bytes are not a usable feed

    @property
    def is_usable(self) -> bool:
        return self.error is None


def parse_feed(content: bytes, headers: dict[str, str] | None, url: str) -> ParsedFeed:
    """Parse feed bytes as received (already decompressed); never raises for bad bytes."""
    headers = {k.lower(): v for k, v in (headers or {}).items() if k.lower() != "content-encoding"}
    headers.setdefault("content-location", url)
    if _looks_like_json(content, headers.get("content-type")):
        return parse_json_feed(content, url)
    try:
        parsed = feedparser.parse(content, response_headers=headers)
    except Exception as exc:  # feedparser is tolerant, but hostile bytes must not fail a run
        return ParsedFeed(format="", title=None, entries=[], error=f"feedparser failed: {type(exc).__name__}: {exc}")
    version = parsed.get("version") or ""
    defect = _describe(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    entries = [_to_entry(e) for e in parsed.get("entries", [])]
    title = parsed.get("feed", {}).get("title") or None
    if not version and not entries:
        reason = defect or "no RSS, Atom or RDF document found"
        return ParsedFeed(format="", title=title, entries=[], defect=defect, error=f"not a feed: {reason}")
    return ParsedFeed(format=version, title=title, entries=entries, defect=defect)


def _describe(exc: object) -> str:
    if exc is None:
        return "malformed feed"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


def _iso(struct) -> str | None:
    try:
        return datetime(*struct[:6], tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


def _to_entry(entry) -> FeedEntry:
    link = entry.get("link") or None
    if not link:
        for candidate in entry.get("links", []) or []:
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    guid = entry.get("id") or None
    if not link and guid and str(guid).startswith(("http://", "https://")) and entry.get("guidislink", True):
        link = guid
    published = None
    for key in ("published", "updated", "created"):
        if entry.get(key):
            published = _iso(entry.get(f"{key}_parsed")) or entry.get(key)
            break
    contents = [c.get("value") for c in entry.get("content", []) or [] if c.get("value")]
    content = max(contents, key=len) if contents else None
    raw = {k: v for k, v in entry.items() if k not in _DROP_KEYS}
    return FeedEntry(
        url=link.strip() if isinstance(link, str) else None,
        guid=str(guid) if guid else None,
        title=entry.get("title") or None,
        author=entry.get("author") or None,
        published=published,
        summary=entry.get("summary") or None,
        content=content,
        raw=json.loads(json.dumps(raw, default=str)),
    )


def _looks_like_json(content: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return content.lstrip()[:1] == b"{" and _JSONFEED_VERSION.encode()[:20] in content[:2000].replace(b"\\/", b"/")


def parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.x (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed(format="", title=None, entries=[], error=f"not a feed: invalid JSON ({exc})")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(_JSONFEED_VERSION):
        return ParsedFeed(format="", title=None, entries=[], error="not a feed: JSON without a jsonfeed.org version")
    version = "json" + str(data["version"]).rsplit("/", 1)[-1].replace(".", "")
    entries, skipped = [], 0
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            skipped += 1
            continue
        link = item.get("url") or item.get("external_url")
        author = item.get("author") or (item.get("authors") or [None])[0]
        entries.append(FeedEntry(
            url=urljoin(url, link) if isinstance(link, str) else None,
            guid=str(item["id"]) if item.get("id") is not None else None,
            title=item.get("title") or None,
            author=author.get("name") if isinstance(author, dict) else None,
            published=item.get("date_published") or item.get("date_modified") or None,
            summary=item.get("summary") or None,
            content=item.get("content_html") or item.get("content_text") or None,
            raw=item,
        ))
    defect = f"{skipped} items were not objects and were skipped" if skipped else None
    return ParsedFeed(format=version, title=data.get("title") or None, entries=entries, defect=defect)


# pages -------------------------------------------------------------------

def media_type_of(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() if content_type else None


def charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def is_html(content: bytes, content_type: str | None) -> bool:
    """HTML by its declared type, or by sniffing when the server declared none (or a generic one)."""
    media = media_type_of(content_type)
    if media in HTML_TYPES:
        return True
    if media in (None, "", "application/octet-stream", "text/plain"):
        return bool(_HTML_SNIFF.match(content[:2048]))
    return False


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode_page(content: bytes, content_type: str | None) -> tuple[str, str, str | None]:
    """Decode HTML bytes. Returns (text, encoding used, problem or None).

    Order: a BOM; valid UTF-8 (bytes with high bits that decode as UTF-8 are
    almost never another encoding, whatever the header says); the declared
    charset (header, then <meta>); Windows-1252.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom):].decode(encoding, errors="replace"), encoding, None
    header = _known(charset_of(content_type))
    meta_match = _META_CHARSET.search(content[:4096])
    meta = _known(meta_match.group(1).decode("ascii", "ignore")) if meta_match else None
    declared = header or meta
    try:
        text = content.decode("utf-8")
        problem = None
        if declared and declared not in ("utf-8", "ascii") and not content.isascii():
            problem = f"declared charset {declared} but the bytes are UTF-8; decoded as UTF-8"
        return text, "utf-8", problem
    except UnicodeDecodeError:
        pass
    for encoding in (header, meta):
        if encoding and encoding != "utf-8":
            try:
                return content.decode(encoding), encoding, None
            except (UnicodeDecodeError, LookupError):
                continue
    problem = "not valid UTF-8" + (f" though declared {declared}" if declared else "") + "; decoded as Windows-1252"
    return content.decode("cp1252", errors="replace"), "cp1252", problem


def to_raw_document(entry: FeedEntry, feed_url: str, html: str | None = None,
                    raw_html: bytes | None = None, notes: list[str] | None = None) -> RawDocument:
    """The raw document for an entry: the fetched page when there is one, else the entry's own text."""
    fallback = entry.fallback_text
    if html is not None:
        body, media_type = html, "text/html"
    else:
        body, media_type = "", "text/plain"  # to_article falls back to the entry's text (tags stripped)
    return RawDocument(
        url=entry.canonical_url or entry.url or f"feed-entry:{stable_hash('entry', feed_url, entry.entry_key)}",
        body=body,
        media_type=media_type,
        origin="feed",
        origin_path=feed_url,
        title=entry.title,
        author=entry.author,
        published=entry.published,
        fallback_text=fallback,
        raw_html=raw_html,
        notes=list(notes or []),
    )
