"""dbt-style SQL tests: apply `sql/` to a fresh DuckDB file, insert given rows, compare a view's rows.
The `con` fixture (a fresh, migrated DuckDB file) is in tests/conftest.py.

`given_events(con, rows)` inserts events the way the loader leaves them
(quad_class from plover_types; pair_key, provenance and summary as given,
else left empty for the views to derive what they derive).
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb


T0 = datetime(2025, 11, 1, 9, 0)
EVENT_DEFAULTS = {
    "date_precision": "day", "mode": None, "actor1_name": None, "actor2_code": None, "actor2_name": None,
    "is_symmetric": False, "amount_value": None, "amount_unit": None, "status": "announced", "topics": [],
    "summary": None, "confidence": 0.8, "num_mentions": 1, "num_articles": 1, "num_sources": 1,
    "first_seen_at": T0, "last_seen_at": T0, "created_at": T0, "updated_at": T0, "is_retracted": False,
    "sources": "Reuters", "article_urls": [], "evidence": None, "extractor_version": "test",
}


def given_events(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    for row in rows:
        values = {**EVENT_DEFAULTS, **row}
        if isinstance(values["event_date"], str):
            values["event_date"] = date.fromisoformat(values["event_date"])
        columns = list(values)
        con.execute(
            f"insert into events ({', '.join(columns)}, quad_class)"
            f" select {', '.join('?' for _ in columns)}, quad_class from plover_types where event_type = ?",
            [values[c] for c in columns] + [values["event_type"]],
        )


def view_rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()
