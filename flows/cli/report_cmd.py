"""`alliance-timeline report`: the timeline as one self-contained HTML file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from flows.cli.common import EXIT_FAILED, WarehouseOption, console, err_console, fail_usage, require_warehouse


def report(
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the HTML file."),
    warehouse: Path = WarehouseOption,
    pair: list[str] = typer.Option(None, "--pair", help="Only this pair of actors, e.g. USA-JPN; repeat for more."),
    since: datetime = typer.Option(None, "--since", formats=["%Y-%m-%d"], help="Only events on or after this date."),
    table_limit: int = typer.Option(200, "--table-limit", min=1, help="Rows in the 'latest developments' table."),
    lane_limit: int = typer.Option(12, "--lane-limit", min=1, help="Pairs drawn as lanes (most events first)."),
) -> None:
    """Write an HTML report of the timeline: per pair of actors, events over time
    and the cooperation index; the latest developments with their sources.

    The file is self-contained (inline CSS and SVG, no script) and opens offline.

    Example: alliance-timeline report --pair USA-JPN --since 2025-01-01 --out report.html
    """
    from flows.report.names import to_pair_key

    require_warehouse(warehouse)
    pairs: list[str] = []
    for text in pair or []:
        try:
            key = to_pair_key(text)
        except ValueError as exc:
            fail_usage(f"{exc}; pass --pair like USA-JPN")
        if key not in pairs:
            pairs.append(key)
    if out.exists() and out.is_dir():
        fail_usage(f"--out {out} is a directory; pass a file name such as {out / 'report.html'}")
    from flows.report.build import write_report

    try:
        data = write_report(warehouse, out, pairs=tuple(pairs), since=since.date() if since else None,
                            table_limit=table_limit, lane_limit=lane_limit)
    except PermissionError as exc:
        fail_usage(f"cannot write {out}: {exc.strerror}; pass --out FILE in a writable directory")
    except Exception as exc:
        err_console.print(f"[red]report could not run:[/red] {type(exc).__name__}: {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    console.print(
        f"report: {data.total_events:,} events, {len(data.lanes)} pairs drawn"
        + (f" ({data.lanes_omitted} more not drawn)" if data.lanes_omitted else "")
        + f", {len(data.table)} table rows -> {out}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(report)
