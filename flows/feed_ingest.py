"""Feed polling stage of the ingest flow (RSS/Atom). Filled in by issue 3."""

from __future__ import annotations

from pathlib import Path

DEFAULT_FEEDS_FILE = Path("seeds/feeds.toml")


def ingest_feeds_into(con, run_id, feeds_file, batch_size, process_documents):
    """Poll the configured feeds and process their articles. Returns (feed_counts, LoadCounts)."""
    from flows.warehouse.load import LoadCounts

    path = Path(feeds_file) if feeds_file else DEFAULT_FEEDS_FILE
    if not path.exists():
        return {"feeds_ok": 0, "feeds_unchanged": 0, "feeds_failed": 0}, LoadCounts()
    raise NotImplementedError("feed polling is not implemented yet")
