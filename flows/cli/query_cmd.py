"""Read-only commands over the published warehouse: `timeline`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import WarehouseOption, console, require_warehouse
from flows.summaries import format_amount


def timeline(
    warehouse: Path = WarehouseOption,
    limit: int = typer.Option(100, "--limit", "-n", min=1, help="Show at most N events (the latest)."),
    pair: str = typer.Option(None, "--pair", help="Only one pair of actors, e.g. USA-JPN."),
) -> None:
    """Print the timeline: one row per event, in date order, with running columns per pair.

    Example: alliance-timeline timeline --pair USA-JPN --limit 20
    """
    require_warehouse(warehouse)
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        where, params = "", []
        if pair:
            codes = sorted(code.strip().upper() for code in pair.replace("_", "-").split("-") if code.strip())
            where, params = "where pair_key = ?", ["-".join(codes)]
        rows = con.execute(
            f"select * from (select event_date, date_precision, actor1_code, actor2_code, event_type, mode,"
            f" amount_value, amount_unit, status, summary, sources, pair_events_so_far, running_pledged_usd,"
            f" num_articles, event_id from timeline {where} order by event_date desc, event_id desc limit ?)"
            f" order by event_date, event_id",
            params + [limit],
        ).fetchall()
    finally:
        con.close()
    table = Table(title=f"Timeline ({len(rows)} events) - {warehouse}", show_lines=False)
    # the summary already says date, actors, type, amount and status; the rest is provenance and running columns
    table.add_column("summary", overflow="fold", ratio=4)
    table.add_column("sources", overflow="fold", ratio=2)
    table.add_column("#pair", justify="right", no_wrap=True)
    table.add_column("pledged $ so far", justify="right", no_wrap=True)
    table.add_column("id (why)", no_wrap=True, style="dim")  # `alliance-timeline why ID` shows the evidence
    for r in rows:
        pledged = format_amount(r[12], "USD") if r[12] else ""
        table.add_row(r[9] or "", r[10] or "", str(r[11]), pledged, r[14][:10])
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(timeline)
