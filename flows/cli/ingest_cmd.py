"""`alliance-timeline ingest`: run the ingest flow once."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.common import (
    EXIT_FAILED, EXIT_OK, EXIT_WITH_ERRORS, WarehouseOption, console, err_console,
    require_readable_dir, require_writable_parent,
)


def ingest(
    seeds: Path = typer.Option(Path("seeds/articles"), "--seeds", "-s", help="Directory of seed articles (.txt/.md/.html)."),
    no_seeds: bool = typer.Option(False, "--no-seeds", help="Skip the seeds directory."),
    feeds: Path = typer.Option(None, "--feeds", help="Feed list (.toml, or one URL per line); default seeds/feeds.toml."),
    no_feeds: bool = typer.Option(False, "--no-feeds", help="Do not poll feeds."),
    warehouse: Path = WarehouseOption,
    batch_size: int = typer.Option(None, "--batch-size", min=1, help="Articles per batch (memory stays flat); default: settings (200)."),
) -> None:
    """Ingest seed articles and feeds into the warehouse and publish it.

    Example: alliance-timeline ingest --seeds seeds/articles --no-feeds --warehouse /tmp/w.duckdb
    """
    if not no_seeds:
        require_readable_dir(seeds, "seeds directory", "pass --seeds DIR or --no-seeds")
    if feeds is not None and not no_feeds and not feeds.is_file():
        from flows.cli.common import fail_usage

        fail_usage(f"feed list {feeds} does not exist; pass --feeds FILE or --no-feeds")
    require_writable_parent(warehouse)
    from flows.pipeline import ingest as ingest_flow

    try:
        result = ingest_flow(
            seeds_dir=None if no_seeds else str(seeds),
            warehouse=str(warehouse),
            use_feeds=not no_feeds,
            feeds_file=str(feeds) if feeds else None,
            batch_size=batch_size,
        )
    except Exception as exc:
        err_console.print(f"[red]ingest could not run:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    console.print(
        f"ingest {result['status']}: {result['documents_seen']} documents, "
        f"{result['articles_new']} new / {result['articles_updated']} updated / "
        f"{result['articles_unchanged']} unchanged articles, {result['events_new']} new events, "
        f"{result['mentions_new']} mentions, {result['errors']} recorded problems -> {warehouse}",
        highlight=False,
    )
    if result["errors"]:
        console.print("  see: alliance-timeline sql \"select * from ingest_errors where run_id = "
                      f"'{result['run_id']}'\"", highlight=False)
    raise typer.Exit(EXIT_WITH_ERRORS if result["status"] == "completed_with_errors" else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
