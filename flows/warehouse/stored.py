"""Stored rows read back: articles as `Article`s (for re-extraction with a newer coder), and events."""

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


def read_live_events(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict]:
    """The live (not retracted) events with these ids, with their sources and evidence, in date order."""
    if not event_ids:
        return []
    cursor = con.execute(
        "select e.event_id, e.event_date, e.date_precision, e.event_type, e.actor1_code, e.actor2_code,"
        " e.summary, e.num_articles, e.sources, e.evidence"
        " from events e"  # the loader keeps sources and evidence on the event (int_event_sources: the audit)
        " where e.event_id in (select unnest(?::varchar[])) and not e.is_retracted"
        " order by e.event_date nulls last, e.event_id",
        [event_ids],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
