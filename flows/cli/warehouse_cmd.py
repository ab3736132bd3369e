"""`alliance-timeline sql` and `alliance-timeline export`: the published warehouse for people and tools."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import EXIT_USAGE, WarehouseOption, console, err_console, require_warehouse


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _print_rows(columns: list[str], rows: list[tuple], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt is OutputFormat.json:
        records = [dict(zip(columns, row)) for row in rows]
        sys.stdout.write(json.dumps(records, default=str, ensure_ascii=False, indent=1) + "\n")
    else:
        table = Table(caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*("" if value is None else str(value) for value in row))
        console.print(table)


def sql(
    query: str = typer.Argument(..., help="One SQL statement, e.g. \"select * from timeline limit 5\"."),
    warehouse: Path = WarehouseOption,
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Run a query on the published warehouse (read-only) and print the rows.

    Example: alliance-timeline sql "select summary, sources from timeline where pair_key = 'JPN-USA'" --format csv
    """
    require_warehouse(warehouse)
    from flows.warehouse import connect_read_only
    from flows.warehouse.export import read_query

    con = connect_read_only(warehouse)
    try:
        columns, rows = read_query(con, query)
    except Exception as exc:  # duckdb.Error: a bad query is the user's to fix
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err_console.print(
            f"[red]error:[/red] the query failed: {message}\n"
            "  fix the query; the warehouse is read-only here. `alliance-timeline sql \"show tables\"` lists "
            "the tables and views, `alliance-timeline sql \"describe timeline\"` their columns.",
            highlight=False, soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        con.close()
    _print_rows(columns, rows, output)


def export(
    parquet: Path = typer.Option(..., "--parquet", help="Directory to write one <name>.parquet per table/view."),
    warehouse: Path = WarehouseOption,
) -> None:
    """Write the public tables and views of the published warehouse as Parquet files.

    Example: alliance-timeline export --parquet exports/
    """
    require_warehouse(warehouse)
    if parquet.exists() and not parquet.is_dir():
        err_console.print(f"[red]error:[/red] {parquet} is a file; pass --parquet DIR (a directory)", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    from flows.warehouse import connect_read_only
    from flows.warehouse.export import export_parquet

    con = connect_read_only(warehouse)
    try:
        written = export_parquet(con, parquet)
    except OSError as exc:
        err_console.print(f"[red]error:[/red] cannot write to {parquet}: {exc}; pass --parquet DIR in a writable "
                          "place", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        con.close()
    for name, rows, path in written:
        console.print(f"{name:20s} {rows:>10,d} rows -> {path}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(sql)
    app.command()(export)
