"""`alliance-timeline runs`: the run history (`ingest_runs`) as a table."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import WarehouseOption, console, require_warehouse

STATUS_STYLES = {"completed": "green", "completed_with_errors": "yellow", "failed": "red", "crashed": "red",
                 "running": "cyan"}


def to_duration(started: datetime | None, ended: datetime | None) -> str:
    """'1.4s', '3m05s', '2h01m'; '' while running."""
    if started is None or ended is None:
        return ""
    seconds = max(0.0, (ended - started).total_seconds())
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def runs(
    warehouse: Path = WarehouseOption,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show the last N runs."),
    flow: str = typer.Option(None, "--flow", help="Only runs of one flow: ingest, backfill or reextract."),
) -> None:
    """List the last runs: id, flow, start, duration, status, counts and a summary of their errors.

    Example: alliance-timeline runs --flow backfill --limit 5
    """
    require_warehouse(warehouse)
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        where, params = ("where flow_name = ?", [flow]) if flow else ("", [])
        rows = con.execute(
            f"select run_id, flow_name, started_at, ended_at, status, documents_seen, articles_new,"
            f" articles_updated, articles_unchanged, events_new, events_retracted, mentions_new, errors,"
            f" error_summary, extractor_version from ingest_runs {where}"
            f" order by started_at desc limit ?",
            params + [limit],
        ).fetchall()
    finally:
        con.close()
    table = Table(title=f"Last {len(rows)} runs - {warehouse}")
    for column in ("run id", "flow", "started (UTC)", "duration", "status", "documents", "articles new/upd/same",
                   "events new/retracted", "mentions", "errors", "extractor"):
        table.add_column(column, overflow="fold")
    for r in rows:
        style = STATUS_STYLES.get(r[4], "")
        errors = str(r[12]) + (f": {r[13]}" if r[13] else "")
        table.add_row(
            r[0][:12], r[1], r[2].strftime("%Y-%m-%d %H:%M:%S") if r[2] else "", to_duration(r[2], r[3]),
            f"[{style}]{r[4]}[/{style}]" if style else r[4], str(r[5]), f"{r[6]}/{r[7]}/{r[8]}",
            f"{r[9]}/{r[10]}", str(r[11]), errors[:300], r[14] or "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(runs)
