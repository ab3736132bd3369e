"""The single loader of staged batches (Parquet written by parallel workers).

`load_staged_batch` merges one staged batch with `load.load_batch` (one
transaction: articles, mentions, merged events) and then records its id in
`staged_batches`. A batch id already recorded is not loaded again: its
articles count as unchanged and its problems are returned so the new run
records them too. If the process dies between the merge and the record, the
next run merges the batch again, which `load_batch` makes a no-op (same
content hash and extractor version: unchanged).
"""

from __future__ import annotations

import duckdb

from flows import staging
from flows.warehouse.load import LoadCounts, load_batch
from flows.warehouse.runs import utc_now

Problem = tuple[str, str, str]


def read_loaded_batch(con: duckdb.DuckDBPyConnection, batch_id: str) -> tuple[int, list[Problem]] | None:
    """(num_articles, problems) of a batch already loaded, or None."""
    row = con.execute(
        "select num_articles, problems from staged_batches where batch_id = ?", [batch_id]
    ).fetchone()
    if row is None:
        return None
    return row[0], [(p["item"], p["stage"], p["reason"]) for p in (row[1] or [])]


def skip_loaded_batch(num_articles: int) -> LoadCounts:
    return LoadCounts(articles_unchanged=num_articles)


def record_loaded_batch(con: duckdb.DuckDBPyConnection, run_id: str, batch: staging.StagedBatch,
                        extractor_version: str) -> None:
    con.execute(
        "insert into staged_batches by name select ? as batch_id, ? as run_id, ? as extractor_version,"
        " ? as num_documents, ? as num_articles, ? as num_events, ? as problems, ? as loaded_at"
        " on conflict (batch_id) do update set run_id = excluded.run_id, loaded_at = excluded.loaded_at",
        [batch.batch_id, run_id, extractor_version, batch.num_documents, batch.num_articles, batch.num_events,
         [{"item": i, "stage": s, "reason": r[:2000]} for i, s, r in batch.problems], utc_now()],
    )


def load_staged_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, location: str, batch: staging.StagedBatch,
    extractor_version: str, force: bool = False,
) -> LoadCounts:
    """Merge one staged batch into the warehouse (skipped when already loaded, unless `force`)."""
    if not force:
        loaded = read_loaded_batch(con, batch.batch_id)
        if loaded is not None:
            return skip_loaded_batch(loaded[0])
    articles, events = staging.read_staged_batch(location, batch.batch_id)
    counts = load_batch(con, run_id, articles, events, extractor_version, force=force)
    record_loaded_batch(con, run_id, batch, extractor_version)
    return counts
