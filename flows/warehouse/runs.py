"""Run bookkeeping: `ingest_runs` (one row per run) and `ingest_errors`."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Iterable

import duckdb

COUNT_COLUMNS = (
    "documents_seen", "articles_new", "articles_updated", "articles_unchanged", "articles_non_english",
    "events_new", "events_updated", "events_retracted", "mentions_new",
    "feeds_ok", "feeds_unchanged", "feeds_failed", "errors",
)


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def start_run(con: duckdb.DuckDBPyConnection, flow_name: str, parameters: dict, extractor_version: str,
              run_id: str | None = None) -> str:
    """Record a new run (status `running`); earlier runs still `running` were killed: mark them crashed."""
    run_id = run_id or uuid.uuid4().hex
    con.execute(
        "update ingest_runs set status = 'crashed', ended_at = coalesce(ended_at, ?) where status = 'running'",
        [utc_now()],
    )
    con.execute(
        "insert into ingest_runs (run_id, flow_name, parameters, started_at, status, extractor_version) "
        "values (?, ?, ?, ?, 'running', ?)",
        [run_id, flow_name, json.dumps(parameters, default=str), utc_now(), extractor_version],
    )
    return run_id


def record_errors(con: duckdb.DuckDBPyConnection, run_id: str, errors: Iterable[tuple[str, str, str]]) -> int:
    """Insert (item, stage, reason) rows; returns how many."""
    rows = [(run_id, item, stage, reason[:2000], utc_now()) for item, stage, reason in errors]
    if rows:
        con.executemany("insert into ingest_errors values (?, ?, ?, ?, ?)", rows)
    return len(rows)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, counts: dict[str, int], status: str | None = None) -> str:
    """Store the counts and the final status (`completed_with_errors` when errors were recorded)."""
    errors = con.execute("select count(*) from ingest_errors where run_id = ?", [run_id]).fetchone()[0]
    counts = {**counts, "errors": errors}
    if status is None:
        status = "completed_with_errors" if errors or counts.get("feeds_failed") else "completed"
    summary = con.execute(
        "select string_agg(stage || ': ' || n || ' (e.g. ' || example || ')', '; ') from ("
        " select stage, count(*) as n, min(item || ' - ' || reason) as example"
        " from ingest_errors where run_id = ? group by stage order by stage)",
        [run_id],
    ).fetchone()[0]
    assignments = ", ".join(f"{column} = ?" for column in COUNT_COLUMNS)
    con.execute(
        f"update ingest_runs set {assignments}, status = ?, ended_at = ?, error_summary = ? where run_id = ?",
        [int(counts.get(column, 0)) for column in COUNT_COLUMNS] + [status, utc_now(), summary, run_id],
    )
    return status
