"""`backfill_days`: which days of a backfill scope are done, so a backfill resumes."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from flows.ids import stable_hash
from flows.warehouse.runs import utc_now

DAY_COUNT_COLUMNS = (
    "documents_seen", "articles_new", "articles_updated", "articles_unchanged", "articles_reextracted",
    "events_new", "events_retracted", "mentions_new", "errors",
)


def to_backfill_key(archive_root: str | None, source: str | None, reextract_version: str | None) -> str:
    """The scope of a backfill: same archive, same source filter, same re-extraction."""
    return stable_hash("backfill", archive_root, (source or "").casefold() or None, reextract_version)


def read_done_days(con: duckdb.DuckDBPyConnection, backfill_key: str) -> dict[date, str]:
    """Completed days of a scope -> the fingerprint of the inputs they were done with."""
    rows = con.execute(
        "select backfill_date, inputs_fingerprint from backfill_days where backfill_key = ? and status = 'completed'",
        [backfill_key],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def load_day(
    con: duckdb.DuckDBPyConnection, *, backfill_key: str, day: date, status: str, inputs_fingerprint: str,
    run_id: str, started_at: datetime, counts: dict[str, int], archive_root: str | None = None,
    source: str | None = None, is_reextract: bool = False, extractor_version: str | None = None,
    failure_reason: str | None = None,
) -> None:
    """Record (or replace) what a backfill did for one day."""
    columns = ", ".join(DAY_COUNT_COLUMNS)
    marks = ", ".join("?" for _ in DAY_COUNT_COLUMNS)
    con.execute(
        f"insert or replace into backfill_days (backfill_key, backfill_date, status, inputs_fingerprint,"
        f" archive_root, source, is_reextract, extractor_version, run_id, {columns}, failure_reason,"
        f" started_at, ended_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, {marks}, ?, ?, ?)",
        [backfill_key, day, status, inputs_fingerprint, archive_root, source, is_reextract, extractor_version,
         run_id, *(int(counts.get(c, 0)) for c in DAY_COUNT_COLUMNS), failure_reason, started_at, utc_now()],
    )
