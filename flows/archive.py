"""Archived inputs for backfills, indexed by day (pure: no Prefect, HTTP or DuckDB).

An archive root (default `seeds/archive/`) may hold:

- dated folders `YYYY-MM-DD/` of seed files (`.txt`/`.md` with optional
  front matter, `.html`/`.htm`), as `flows.seeds` reads them; a file without
  a `published:` date is dated by its folder;
- JSON Lines dumps (`*.jsonl`, `*.ndjson`, optionally `.gz`) anywhere under
  the root: one JSON object per line with `url`, `title`, `source`,
  `published` and `text` or `html` (`author` optional); each line falls on
  the day of its `published` date (a line without one, in a dated folder,
  on the folder's day).

`index_archive` scans the root once and returns, per day of a window, the
entries that fall in it (with a fingerprint, so a day whose inputs changed
can be told apart from one already done); `read_entries` turns the entries
of one day into `RawDocument`s. One unusable file or line becomes an
`InputError` (which, where, why), never an exception. URL lists and sitemaps
are not read yet: fetching belongs to the HTTP module, which does not exist
at the time of writing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Iterator

from flows.clean import parse_published
from flows.model import Article, RawDocument
from flows.seeds import InputError, list_seed_files, read_seed_file

DAY_FOLDER = re.compile(r"^\d{4}-\d{2}-\d{2}$")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
MAX_LINE_BYTES = 20 * 1024 * 1024
MAX_WINDOW_DAYS = 366 * 20


@dataclass(frozen=True)
class ArchiveEntry:
    """One archived input of one day: a seed file, or one line of a JSON Lines dump."""

    day: date
    kind: str  # "file" | "jsonl"
    path: Path
    fingerprint: str
    line: int = 0  # 1-based line number in a dump
    offset: int = 0  # byte offset of that line (in the decompressed stream)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.kind == "jsonl" else str(self.path)


@dataclass
class ArchiveIndex:
    """Entries per day inside the window asked for, and what could not be used."""

    root: Path
    days: dict[date, list[ArchiveEntry]] = field(default_factory=lambda: defaultdict(list))
    errors: list[InputError] = field(default_factory=list)
    outside_window: int = 0  # entries dated outside the window (not an error)

    def entries(self, day: date) -> list[ArchiveEntry]:
        return self.days.get(day, [])


def parse_day(value: str | date) -> date:
    """'2025-10-28' -> date; raises ValueError naming the expected form."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a day; write it as YYYY-MM-DD, e.g. 2025-10-28") from None


def to_days(since: date, until: date) -> list[date]:
    """Every day from `since` to `until`, both included."""
    if until < since:
        raise ValueError(f"the window ends ({until}) before it starts ({since}); swap --since and --until")
    count = (until - since).days + 1
    if count > MAX_WINDOW_DAYS:
        raise ValueError(f"a window of {count} days is too long; split it (at most {MAX_WINDOW_DAYS} days)")
    return [since + timedelta(days=n) for n in range(count)]


def to_day_fingerprint(entries: Iterable[ArchiveEntry], *scope: object) -> str:
    """One hash of a day's inputs and the scope they are processed in."""
    digest = hashlib.sha256()
    for part in scope:
        digest.update(f"{part}\x1f".encode())
    for fingerprint in sorted(entry.fingerprint for entry in entries):
        digest.update(fingerprint.encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def _published_day(value: object) -> date | None:
    if value is None or not str(value).strip():
        return None
    parsed, _precision = parse_published(str(value))
    return parsed.date() if parsed else None


def _open_dump(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _folder_day(path: Path, root: Path) -> date | None:
    for part in path.relative_to(root).parts[:-1]:
        if DAY_FOLDER.match(part):
            try:
                return date.fromisoformat(part)
            except ValueError:
                return None
    return None


def list_dumps(root: Path) -> list[Path]:
    """JSON Lines dumps under `root` (dot folders skipped), sorted."""
    return sorted(
        path for path in root.rglob("*")
        if path.is_file()
        and path.name.lower().endswith(JSONL_SUFFIXES)
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _iter_lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, raw line) of a dump; blank lines skipped."""
    with _open_dump(path) as handle:
        offset = 0
        for number, line in enumerate(handle, start=1):
            start, offset = offset, offset + len(line)
            if line.strip():
                yield number, start, line


def parse_record(line: bytes | str) -> dict:
    """One JSON Lines record as a dict; raises ValueError with the reason."""
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES:
            raise ValueError(f"line is {len(line)} bytes, over the {MAX_LINE_BYTES}-byte limit")
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise ValueError(f"a line must hold a JSON object, not {type(record).__name__}")
    url = record.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ValueError("no 'url'; every archived article needs the URL it was published at")
    body = record.get("html") or record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ValueError("no 'text' or 'html'; nothing to extract from")
    return record


def to_raw_document(record: dict, where: str, day: date | None = None) -> RawDocument:
    """A parsed JSON Lines record as a RawDocument (origin `archive`)."""
    html = record.get("html")
    is_html = isinstance(html, str) and bool(html.strip())
    published = record.get("published")
    notes = []
    if not published and day is not None:  # only lines of a dump inside a dated folder lack one
        published = day.isoformat()
        notes.append("publication day taken from the archive folder")

    def text_field(name: str) -> str | None:
        value = record.get(name)
        return str(value).strip() or None if value is not None else None

    return RawDocument(
        url=str(record["url"]).strip(),
        body=html if is_html else str(record["text"]),
        media_type="text/html" if is_html else "text/plain",
        origin="archive",
        origin_path=where,
        title=text_field("title"),
        source=text_field("source"),
        author=text_field("author"),
        published=str(published) if published else None,
        fallback_text=text_field("text") if is_html else None,
        raw_html=html.encode("utf-8") if is_html else None,
        notes=notes,
    )


def _index_dump(path: Path, root: Path, index: ArchiveIndex, window: set[date]) -> None:
    folder_day = _folder_day(path, root)
    try:
        for number, offset, line in _iter_lines(path):
            where = f"{path}:{number}"
            try:
                record = parse_record(line)
            except ValueError as exc:
                index.errors.append(InputError(item=where, stage="read", reason=str(exc)))
                continue
            day = _published_day(record.get("published")) or folder_day
            if day is None:
                index.errors.append(InputError(
                    item=where, stage="read",
                    reason="no usable 'published' date, so it falls on no day; add one (YYYY-MM-DD)",
                ))
                continue
            if day not in window:
                index.outside_window += 1
                continue
            fingerprint = hashlib.sha256(line).hexdigest()[:16]
            index.days[day].append(ArchiveEntry(day, "jsonl", path, f"jsonl:{fingerprint}", number, offset))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        index.errors.append(InputError(item=str(path), stage="read", reason=f"{type(exc).__name__}: {exc}"))


def index_archive(root: Path, since: date, until: date) -> ArchiveIndex:
    """Scan the archive root once; keep the entries that fall in [since, until]."""
    root = Path(root)
    window = set(to_days(since, until))
    index = ArchiveIndex(root=root)
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not DAY_FOLDER.match(folder.name):
            continue
        try:
            day = date.fromisoformat(folder.name)
        except ValueError:
            index.errors.append(InputError(item=str(folder), stage="read",
                                           reason="folder name is not a real day; rename it YYYY-MM-DD"))
            continue
        if day not in window:
            index.outside_window += 1
            continue
        for path in list_seed_files(folder):
            try:
                stat = path.stat()
            except OSError as exc:
                index.errors.append(InputError(item=str(path), stage="read", reason=str(exc)))
                continue
            rel = path.relative_to(root).as_posix()
            index.days[day].append(ArchiveEntry(day, "file", path, f"file:{rel}:{stat.st_size}:{stat.st_mtime_ns}"))
    for dump in list_dumps(root):
        _index_dump(dump, root, index, window)
    return index


def _read_file_entry(entry: ArchiveEntry, root: Path) -> RawDocument:
    doc = read_seed_file(entry.path, root)
    doc.origin = "archive"
    if doc.url.startswith("seed:"):
        doc.url = "archive:" + doc.url[len("seed:"):]
    if not doc.published and doc.media_type == "text/plain":
        doc.published = entry.day.isoformat()
        doc.notes.append("publication day taken from the archive folder")
    return doc


def _read_dump_entries(path: Path, entries: list[ArchiveEntry]) -> tuple[list[RawDocument], list[InputError]]:
    docs, errors = [], []
    wanted = sorted(entries, key=lambda e: e.offset)
    try:
        with _open_dump(path) as handle:
            for entry in wanted:
                handle.seek(entry.offset)
                try:
                    record = parse_record(handle.readline())
                except ValueError as exc:
                    errors.append(InputError(item=entry.where, stage="read", reason=str(exc)))
                    continue
                docs.append(to_raw_document(record, entry.where, entry.day))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        errors.extend(InputError(item=e.where, stage="read", reason=f"{type(exc).__name__}: {exc}") for e in wanted)
    return docs, errors


def read_entries(entries: list[ArchiveEntry], root: Path) -> tuple[list[RawDocument], list[InputError]]:
    """Read one day's entries; an unusable one becomes an InputError."""
    docs: list[RawDocument] = []
    errors: list[InputError] = []
    dumps: dict[Path, list[ArchiveEntry]] = defaultdict(list)
    for entry in entries:
        if entry.kind == "jsonl":
            dumps[entry.path].append(entry)
            continue
        try:
            docs.append(_read_file_entry(entry, Path(root)))
        except (OSError, ValueError) as exc:
            errors.append(InputError(item=entry.where, stage="read", reason=str(exc)))
    for path, group in dumps.items():
        more_docs, more_errors = _read_dump_entries(path, group)
        docs.extend(more_docs)
        errors.extend(more_errors)
    return docs, errors


def select_source(articles: list[Article], source: str | None) -> tuple[list[Article], int]:
    """Keep the articles of one source (outlet or site name, case-insensitive). Returns (kept, dropped)."""
    if not source:
        return articles, 0
    wanted = source.strip().casefold()
    kept = [
        a for a in articles
        if wanted in {(a.source or "").strip().casefold(), (a.site_name or "").strip().casefold()}
    ]
    return kept, len(articles) - len(kept)
