"""Cleaning: raw documents (HTML pages, plain text) to `Article`s.

HTML goes through trafilatura (text, title, author, date, site name); plain
text is normalised. Language is identified with py3langid on the cleaned
text. A wire dateline ("TOKYO, Oct 28 (Reuters) -") supplies place, source
and day when the metadata lacks them. Pure: no network, no database.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from datetime import datetime, timedelta, timezone

import courlan
import dateparser
import htmldate
import py3langid
import trafilatura
from trafilatura import metadata as trafilatura_metadata
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import load_html

from flows.ids import to_article_id, to_content_hash
from flows.model import Article, RawDocument

MIN_LANGUAGE_CHARS = 40
# the raw HTML is kept zlib-compressed; level 1 costs 0.7 ms per page against 1.7 ms for level 6 and
# stores 17% more bytes on the corpus pages (bench/bench_clean.py compare prints both)
RAW_HTML_ZLIB_LEVEL = 1
MAX_HTML_CHARS = 5_000_000  # larger pages are cut before parsing (bounded memory and time)
# publication dates outside [EARLIEST_PUBLISHED, now + MAX_FUTURE_DAYS] are parse errors or
# placeholders (1900-01-01, 2999-12-31), not news: they are dropped with a note
EARLIEST_PUBLISHED = datetime(1945, 1, 1, tzinfo=timezone.utc)
MAX_FUTURE_DAYS = 2

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.' -]{1,40}(?:/[A-Z][A-Z.' -]{1,40})*),\s+"
    r"(?P<month>(?:" + _MONTHS + r")[a-z]*\.?)\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?\s*"
    r"(?:\((?P<source>[^)]{2,60})\))?\s*[-–—]+\s*"
)
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
# a timestamp with its UTC offset, as feeds write them (flows.feeds.parse stores parsed feed dates so):
# read by datetime.fromisoformat (microseconds) instead of dateparser (0.8 ms), with the same result
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})$")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RELATIVE_WORDS = re.compile(r"\b(?:ago|yesterday|today|now|last|this)\b", re.I)


def clean_text(text: str) -> str:
    """Normalise plain text: NFC, no control characters, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def parse_published(value: str | None, reference: datetime | None = None) -> tuple[datetime | None, str | None]:
    """Parse a publication date as written. Returns (UTC datetime, precision)."""
    if not value or not str(value).strip():
        return None, None
    value = str(value).strip()
    match = _ISO_DATE.match(value)
    if match and len(value) <= 10:
        year, month, day = match.group(1), match.group(2), match.group(3)
        try:
            parsed = datetime(int(year), int(month or 1), int(day or 1), tzinfo=timezone.utc)
        except ValueError:
            return None, None
        return parsed, "day" if day else "month" if month else "year"
    if _ISO_TIMESTAMP.match(value):
        try:
            return datetime.fromisoformat(value).astimezone(timezone.utc), "day"
        except ValueError:  # out-of-range fields: dateparser decides, as for any other text
            pass
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"}
    if not _RELATIVE_WORDS.search(value):
        # without "ago"/"yesterday"/... dateparser would read "the 1990s" as "1990 seconds ago"
        settings["PARSERS"] = ["timestamp", "custom-formats", "absolute-time"]
    if reference is not None:
        settings["RELATIVE_BASE"] = reference.replace(tzinfo=None)
    try:
        parsed = dateparser.parse(value, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None:
        return None, None
    return parsed.astimezone(timezone.utc), "day"


def parse_dateline(text: str, reference: datetime | None = None) -> dict[str, object] | None:
    """Read a wire dateline at the start of `text`.

    Returns {"place", "source", "published_at", "precision", "end"} or None.
    Without a year, the most recent such day not after `reference` is used.
    """
    match = _DATELINE.match(text[:200])
    if not match:
        return None
    month = match.group("month").rstrip(".")[:3]
    day = int(match.group("day"))
    year = match.group("year")
    published = None
    try:
        month_number = datetime.strptime(month, "%b").month
        if year:
            published = datetime(int(year), month_number, day, tzinfo=timezone.utc)
        else:
            ref = reference or datetime.now(timezone.utc)
            published = datetime(ref.year, month_number, day, tzinfo=timezone.utc)
            if published.date() > ref.date():
                published = published.replace(year=ref.year - 1)
    except ValueError:
        published = None
    return {
        "place": match.group("place").strip().title(),
        "source": (match.group("source") or "").strip() or None,
        "published_at": published,
        "precision": "day" if published else None,
        "end": match.end(),
    }


LANGUAGE_SAMPLE_CHARS = 1500  # py3langid's cost grows with the sample; 1,500 characters gave the same
# language as 4,000 on all 117 corpus pages and dev articles, at 0.5 ms instead of 1.2 ms per page


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < MIN_LANGUAGE_CHARS:
        return None
    return py3langid.classify(sample)[0]


def canonical_url(url: str) -> str:
    """Canonical form used for identity (courlan: lower-case host, no tracking parameters)."""
    if not url.startswith(("http://", "https://")):
        return url
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return url


def check_published(published_at: datetime | None, reference: datetime | None = None) -> str | None:
    """Why a parsed publication date cannot be right (too old, in the future), or None."""
    if published_at is None:
        return None
    latest = (reference or datetime.now(timezone.utc)) + timedelta(days=MAX_FUTURE_DAYS)
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=timezone.utc)
    if published_at < EARLIEST_PUBLISHED:
        return f"before {EARLIEST_PUBLISHED.date().isoformat()}"
    if published_at > latest:
        return "in the future"
    return None


# trafilatura (lxml, its caches and fallbacks) is not thread-safe: two threads extracting at once
# aborted the interpreter ("Fatal Python error: Aborted" / "corrupted size vs. prev_size") under the
# threads task runner. One extraction at a time per process; the processes and Dask runners still
# clean in parallel, one process per core.
_TRAFILATURA_LOCK = threading.Lock()


PAGE_FIELDS = frozenset({"title", "author", "date"})  # the page searches a caller may skip


def page_metadata(tree, url: str | None, wanted: frozenset[str] = PAGE_FIELDS) -> TrafilaturaDocument:
    """Title, author, URL, publication date and site name of a parsed page, as trafilatura finds them.

    The steps of `trafilatura.metadata.extract_metadata` for the fields we keep, in its order, without
    the categories, tags and licence it also looks for (2.2 ms of a 21 ms page on the corpus; nothing
    here uses them). The date search stays extensive: the fast one loses 13 of the corpus pages' 109
    dates. `tests/unit/test_clean_metadata.py` checks these fields against trafilatura's own
    `extract_metadata` on every corpus page, so a trafilatura upgrade that changes the steps shows there.

    `wanted` names the searches of `PAGE_FIELDS` to run: a feed entry that already gives the title,
    author or date makes that search wasted work (htmldate's extensive date search ~1.9 ms, the author
    search ~2.5 ms of a page). A field not wanted keeps only what the page's meta tags and JSON-LD say
    (read anyway, for the other fields); the date is then None. URL and site name are always found.
    """
    document = trafilatura_metadata.examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None
    try:
        document = trafilatura_metadata.extract_meta_json(tree, document)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader has bugs; it ignores them the same way
        pass
    if not document.title and "title" in wanted:
        document.title = trafilatura_metadata.extract_title(tree)
    if not document.author and "author" in wanted:
        document.author = trafilatura_metadata.extract_author(tree)
    if not document.url:
        document.url = trafilatura_metadata.extract_url(tree, url)
    document.date = htmldate.find_date(tree, **_date_params(), url=document.url) if "date" in wanted else None
    if not document.sitename:
        document.sitename = trafilatura_metadata.extract_sitename(tree)
    if document.sitename:
        document.sitename = document.sitename.lstrip("@")
        if document.sitename and "." not in document.sitename and not document.sitename[0].isupper():
            document.sitename = document.sitename.title()
    elif document.url:
        match = trafilatura_metadata.META_URL.match(document.url)
        if match:
            document.sitename = match[1]
    document.clean_and_trim()
    return document


def _date_params() -> dict[str, object]:
    # trafilatura's defaults (settings.set_date_params(extensive=True)): the latest date allowed is today
    return {"original_date": True, "extensive_search": True,
            "max_date": datetime.now().astimezone().strftime("%Y-%m-%d")}


def _html_to_fields(html: str, url: str | None, wanted: frozenset[str] = PAGE_FIELDS) -> dict[str, object]:
    url = url if url and url.startswith("http") else None
    with _TRAFILATURA_LOCK:
        tree = load_html(html)  # parsed once: the metadata reads it, the extraction works on a copy
        if tree is None:
            return {}
        meta = page_metadata(tree, url, wanted)
        doc = trafilatura.bare_extraction(
            tree, url=url or meta.url, with_metadata=False,
            include_comments=False, include_tables=False, deduplicate=False,
        )
    if doc is None:
        return {}
    return {
        "text": doc.text or "",
        "title": meta.title,
        "author": meta.author,
        "published": meta.date,
        "site_name": meta.sitename,
        "language": doc.language,  # set by trafilatura only when asked to filter by language
    }


def to_article(raw: RawDocument, reference: datetime | None = None) -> Article:
    """Clean one raw document into an Article (never raises for bad content)."""
    notes = list(raw.notes)
    fields: dict[str, object] = {}
    text_source = "plain"
    # the feed entry's (or front matter's) title, author and date win over the page's: the page is not
    # searched for what the entry already gives (a date that cannot be used is looked for on the page)
    (published_at, precision), date_notes = _read_published(raw.published, reference)
    wanted = PAGE_FIELDS - {name for name, given in (("title", raw.title), ("author", raw.author),
                                                     ("date", published_at)) if given}
    if raw.media_type == "text/html":
        html = raw.body
        if len(html) > MAX_HTML_CHARS:
            notes.append(f"page has {len(html)} characters; only the first {MAX_HTML_CHARS} were parsed")
            html = html[:MAX_HTML_CHARS]
        try:
            fields = _html_to_fields(html, raw.url, wanted)
        except Exception as exc:  # trafilatura/lxml on hostile markup
            notes.append(f"trafilatura failed: {type(exc).__name__}: {exc}"[:300])
        text = clean_text(str(fields.get("text") or ""))
        text_source = "trafilatura"
        if not text and raw.fallback_text:
            text = clean_text(_strip_tags(raw.fallback_text))
            text_source = "feed_summary"
            notes.append("page yielded no text; used the feed entry's content")
    else:
        text = clean_text(raw.body)
        if not text and raw.fallback_text:
            text = clean_text(_strip_tags(raw.fallback_text))
            text_source = "feed_summary"
    if not text:
        text_source = "empty"
        notes.append("no text")

    dateline = parse_dateline(text, reference)
    notes += date_notes
    if published_at is None and fields.get("published"):
        (published_at, precision), page_notes = _read_published(fields["published"], reference)  # type: ignore[arg-type]
        notes += page_notes
        if published_at is not None and date_notes:
            notes.append("publication date taken from the page")
    if published_at is None and dateline and dateline["published_at"]:
        if check_published(dateline["published_at"], reference):  # type: ignore[arg-type]
            notes.append(f"dateline day {dateline['published_at'].date().isoformat()} is implausible; ignored")  # type: ignore[union-attr]
        else:
            published_at, precision = dateline["published_at"], "day"  # type: ignore[assignment]
            notes.append("publication day taken from the dateline")
    source = raw.source or (dateline["source"] if dateline else None) or fields.get("site_name")
    language = detect_language(text)
    declared = fields.get("language")
    if language is None and isinstance(declared, str) and declared:
        language = declared[:2].lower()
    url = raw.url
    canon = canonical_url(url)
    return Article(
        article_id=to_article_id(canon),
        url=url,
        canonical_url=canon,
        title=raw.title or fields.get("title") or None,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        author=raw.author or fields.get("author") or None,  # type: ignore[arg-type]
        site_name=fields.get("site_name") or None,  # type: ignore[arg-type]
        published_at=published_at,
        published_precision=precision,
        language=language,
        is_english=language == "en",
        text=text,
        text_source=text_source,
        content_hash=to_content_hash(text),
        origin=raw.origin,
        origin_path=raw.origin_path,
        place=dateline["place"] if dateline else None,  # type: ignore[arg-type]
        raw_html=zlib.compress(raw.raw_html, RAW_HTML_ZLIB_LEVEL) if raw.raw_html else None,
        notes=notes,
    )


def _read_published(written: str | None, reference: datetime | None
                    ) -> tuple[tuple[datetime | None, str | None], list[str]]:
    """((UTC datetime, precision), notes) of a publication date as written; (None, None) with a note
    when it is not understood or cannot be right, (None, None) without one when nothing is written."""
    published_at, precision = parse_published(written, reference)
    if published_at is None:
        if written and str(written).strip():
            return (None, None), [f"publication date {str(written)[:60]!r} not understood; ignored"]
        return (None, None), []
    implausible = check_published(published_at, reference)
    if implausible:
        return (None, None), [f"publication date {published_at.date().isoformat()} is {implausible}; ignored"]
    return (published_at, precision), []


_TAGS = re.compile(r"<[^>]+>")


def _strip_tags(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(_TAGS.sub(" ", html))
