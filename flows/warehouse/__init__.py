"""The DuckDB warehouse: the only package that talks to DuckDB.

- `files`: where the published snapshot, the working copy and the lock live;
  the writer lock; atomic publishing of the snapshot.
- `migrate`: applies `sql/` (numbered DDL once, views every time).
- `load`: merges cleaned articles and extracted events (idempotent).
- `runs`: `ingest_runs` and `ingest_errors` bookkeeping.
"""

from flows.warehouse.files import WarehouseFiles, open_for_writing, connect_read_only
from flows.warehouse.migrate import migrate

__all__ = ["WarehouseFiles", "open_for_writing", "connect_read_only", "migrate"]
