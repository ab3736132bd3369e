"""Stored articles read back as `Article`s, for re-extraction with a newer coder."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import duckdb

from flows.model import Article

_COLUMNS = (
    "article_id", "url", "canonical_url", "title", "source", "author", "site_name", "published_at",
    "published_precision", "language", "is_english", "text", "text_source", "content_hash", "origin",
    "origin_path", "place", "raw_html", "notes",
)


def _window_sql(since: date | None, until: date | None, skip_version: str | None) -> tuple[str, list]:
    """Articles published in [since, until] (UTC days, both included); with no window, all of them."""
    clauses, params = [], []
    if since is not None:
        clauses.append("published_at >= ?")
        params.append(datetime.combine(since, time.min))
    if until is not None:
        clauses.append("published_at < ?")
        params.append(datetime.combine(until + timedelta(days=1), time.min))
    if skip_version is not None:
        clauses.append("extractor_version is distinct from ?")
        params.append(skip_version)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def read_stored_article_ids(
    con: duckdb.DuckDBPyConnection, since: date | None = None, until: date | None = None,
    skip_version: str | None = None,
) -> list[str]:
    """Ids of the stored articles in the window, oldest first; `skip_version` leaves out
    articles already extracted with that version."""
    where, params = _window_sql(since, until, skip_version)
    rows = con.execute(
        f"select article_id from articles{where} order by published_at nulls last, article_id", params
    ).fetchall()
    return [row[0] for row in rows]


def read_stored_articles(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[Article]:
    """The stored articles with these ids, as Articles (text, metadata, compressed raw HTML)."""
    if not article_ids:
        return []
    rows = con.execute(
        f"select {', '.join(_COLUMNS)} from articles where list_contains(?, article_id)", [article_ids]
    ).fetchall()
    by_id = {}
    for row in rows:
        fields = dict(zip(_COLUMNS, row))
        published = fields["published_at"]
        fields["published_at"] = published.replace(tzinfo=timezone.utc) if published else None
        fields["notes"] = list(fields["notes"] or [])
        by_id[fields["article_id"]] = Article(**fields)
    return [by_id[i] for i in article_ids if i in by_id]
