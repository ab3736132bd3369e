"""Staged batches: cleaned articles and their events as Parquet files.

The parallel stages (clean + extract, on threads, processes or Dask workers
on other machines) write each batch here; the single loader reads it back and
merges it into the warehouse. A staging location is a local folder or any
fsspec URL (`s3://bucket/prefix`, `gcs://...`, `memory://...`), so workers on
other machines can write where the loader can read.

Layout, one folder per batch, named by its batch id (a hash of the batch's
inputs and the extractor version, so the same inputs always get the same id):

    <staging>/<batch_id>/articles.parquet   one row per cleaned article
    <staging>/<batch_id>/events.parquet     one row per extracted event (with its article_id)
    <staging>/<batch_id>/manifest.json      counts and problems; written last: a batch is
                                            staged when its manifest exists

No Prefect and no DuckDB here: pyarrow writes and reads the files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import timezone
from typing import Iterable

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from flows.model import Article, ExtractedEvent, RawDocument

STAGING_FORMAT = "1"  # bump when the files' shape changes: old staged batches get new ids
Problem = tuple[str, str, str]  # (item, stage, reason)

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()), ("title", pa.string()),
    ("source", pa.string()), ("author", pa.string()), ("site_name", pa.string()),
    ("published_at", pa.timestamp("us", tz="UTC")), ("published_precision", pa.string()),
    ("language", pa.string()), ("is_english", pa.bool_()), ("text", pa.string()), ("text_source", pa.string()),
    ("content_hash", pa.string()), ("origin", pa.string()), ("origin_path", pa.string()), ("place", pa.string()),
    ("raw_html", pa.binary()), ("notes", pa.list_(pa.string())),
])

EVENT_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("position", pa.int32()),
    ("event_type", pa.string()), ("actor1_code", pa.string()), ("actor1_name", pa.string()),
    ("actor2_code", pa.string()), ("actor2_name", pa.string()), ("sentence", pa.string()),
    ("char_start", pa.int32()), ("char_end", pa.int32()), ("mode", pa.string()), ("is_symmetric", pa.bool_()),
    ("event_date", pa.date32()), ("date_precision", pa.string()), ("amount_value", pa.float64()),
    ("amount_unit", pa.string()), ("amount_text", pa.string()), ("status", pa.string()),
    ("topics", pa.list_(pa.string())), ("confidence", pa.float64()), ("extra_sentences", pa.list_(pa.string())),
])
_EVENT_FIELDS = [f.name for f in dataclasses.fields(ExtractedEvent)]


@dataclass
class StagedBatch:
    """What a stage task hands back to the flow: small, never the articles themselves."""

    batch_id: str
    num_documents: int
    num_articles: int
    num_events: int
    problems: list[Problem]
    reused: bool = False  # found already staged (an earlier run staged it and stopped before loading)

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in dataclasses.asdict(self).items() if k != "reused"})

    @classmethod
    def from_json(cls, text: str) -> "StagedBatch":
        data = json.loads(text)
        data["problems"] = [tuple(p) for p in data["problems"]]
        return cls(**data)


def to_batch_id(docs: Iterable[RawDocument], extractor_version: str) -> str:
    """A deterministic id for a batch: hash of every input field of every document, in order."""
    digest = hashlib.sha256(f"batch\x1f{STAGING_FORMAT}\x1f{extractor_version}".encode())
    for doc in docs:
        for name in ("url", "media_type", "origin", "origin_path", "title", "source", "author",
                     "published", "fallback_text", "body"):
            value = getattr(doc, name)
            digest.update(b"\x1e" + ("\x00" if value is None else value).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e" + (hashlib.sha256(doc.raw_html).digest() if doc.raw_html is not None else b"\x00"))
        digest.update(b"\x1e" + "\x1f".join(doc.notes).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1d")
    return digest.hexdigest()[:24]


def _join(location: str, *parts: str) -> str:
    return "/".join([location.rstrip("/"), *parts])


def _filesystem(location: str):
    fs, path = fsspec.core.url_to_fs(location)
    return fs, path


def is_staged(location: str, batch_id: str) -> bool:
    fs, root = _filesystem(location)
    return fs.exists(_join(root, batch_id, "manifest.json"))


def read_manifest(location: str, batch_id: str) -> StagedBatch:
    fs, root = _filesystem(location)
    with fs.open(_join(root, batch_id, "manifest.json"), "rt", encoding="utf-8") as handle:
        return StagedBatch.from_json(handle.read())


def _article_row(article: Article) -> dict:
    row = {name: getattr(article, name) for name in ARTICLE_SCHEMA.names}
    if article.published_at is not None and article.published_at.tzinfo is None:
        row["published_at"] = article.published_at.replace(tzinfo=timezone.utc)
    row["notes"] = list(article.notes)
    return row


def _event_row(article_id: str, position: int, event: ExtractedEvent) -> dict:
    row = {name: getattr(event, name) for name in _EVENT_FIELDS}
    row["topics"] = list(event.topics)
    row["extra_sentences"] = list(event.extra_sentences)
    row.update(article_id=article_id, position=position)
    return row


def _write_parquet(fs, path: str, table: pa.Table) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    with fs.open(path, "wb") as handle:
        handle.write(buffer.getvalue())


def write_staged_batch(
    location: str, batch_id: str, num_documents: int, articles: list[Article],
    events: dict[str, list[ExtractedEvent]], problems: list[Problem],
) -> StagedBatch:
    """Write one batch's articles and events, then its manifest (which marks it complete)."""
    fs, root = _filesystem(location)
    folder = _join(root, batch_id)
    fs.makedirs(folder, exist_ok=True)
    article_rows = [_article_row(a) for a in articles]
    event_rows = [
        _event_row(article_id, position, event)
        for article_id, found in events.items() for position, event in enumerate(found)
    ]
    _write_parquet(fs, _join(folder, "articles.parquet"), pa.Table.from_pylist(article_rows, schema=ARTICLE_SCHEMA))
    _write_parquet(fs, _join(folder, "events.parquet"), pa.Table.from_pylist(event_rows, schema=EVENT_SCHEMA))
    staged = StagedBatch(batch_id, num_documents, len(article_rows), len(event_rows), list(problems))
    with fs.open(_join(folder, "manifest.json"), "wt", encoding="utf-8") as handle:
        handle.write(staged.to_json())
    return staged


def read_staged_batch(location: str, batch_id: str) -> tuple[list[Article], dict[str, list[ExtractedEvent]]]:
    """The batch's articles (in staging order) and their events, as the loader takes them."""
    fs, root = _filesystem(location)
    folder = _join(root, batch_id)
    with fs.open(_join(folder, "articles.parquet"), "rb") as handle:
        article_rows = pq.read_table(handle, schema=ARTICLE_SCHEMA).to_pylist()
    with fs.open(_join(folder, "events.parquet"), "rb") as handle:
        event_rows = pq.read_table(handle, schema=EVENT_SCHEMA).to_pylist()
    articles = [Article(**row) for row in article_rows]
    events: dict[str, list[ExtractedEvent]] = {}
    for row in sorted(event_rows, key=lambda r: r["position"]):
        article_id = row.pop("article_id")
        row.pop("position")
        row["topics"] = tuple(row["topics"] or ())
        row["extra_sentences"] = tuple(row["extra_sentences"] or ())
        events.setdefault(article_id, []).append(ExtractedEvent(**row))
    # events keep the order the extractor gave them; articles without events get an empty list
    ordered = {a.article_id: events.get(a.article_id, []) for a in articles if a.article_id in events}
    return articles, ordered


def remove_staged_batch(location: str, batch_id: str) -> None:
    """Delete a loaded batch's files (the manifest first, so a half-deleted batch is not 'staged')."""
    fs, root = _filesystem(location)
    folder = _join(root, batch_id)
    manifest = _join(folder, "manifest.json")
    if fs.exists(manifest):
        fs.rm(manifest)
    if fs.exists(folder):
        fs.rm(folder, recursive=True)
