"""`alliance-timeline feeds add URL` / `feeds list`: the feed list and each feed's polling state."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import WarehouseOption, console, fail_usage
from flows.feeds.list import DEFAULT_POLL_INTERVAL_S, FeedListError, FeedSpec, check_feed_url, read_feed_list, to_toml_entry

DEFAULT_FEEDS_PATH = Path("seeds/feeds.toml")
FeedsFileOption = typer.Option(DEFAULT_FEEDS_PATH, "--file", "-f", help="Feed list (.toml, or one URL per line).")

feeds_app = typer.Typer(help="The feed list: add feeds, list them with their polling state.", no_args_is_help=True)


@feeds_app.command("add")
def add(
    url: str = typer.Argument(..., help="The feed's URL (http or https)."),
    name: str = typer.Option(None, "--name", "-n", help="A name to show for it."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="A tag (repeat for several)."),
    interval: int = typer.Option(DEFAULT_POLL_INTERVAL_S, "--interval", min=0,
                                 help="Seconds between polls (0: every run)."),
    feeds_file: Path = FeedsFileOption,
) -> None:
    """Add a feed to the feed list (appended; the file's comments are kept).

    Example: alliance-timeline feeds add https://www.example.org/world/rss.xml --name "Example World" --tag trade
    """
    url = url.strip()
    why = check_feed_url(url)
    if why:
        fail_usage(f"{url!r} cannot be a feed: {why}; pass the feed's full http(s) URL")
    existing: list[FeedSpec] = []
    if feeds_file.exists():
        try:
            existing = read_feed_list(feeds_file).feeds
        except FeedListError as exc:
            fail_usage(f"{exc}; fix the file or pass --file PATH")
    if any(spec.url == url for spec in existing):
        console.print(f"{url} is already in {feeds_file}; nothing changed", highlight=False)
        raise typer.Exit(0)
    spec = FeedSpec(url=url, name=name, tags=tuple(tag), poll_interval_s=interval)
    feeds_file.parent.mkdir(parents=True, exist_ok=True)
    is_toml = feeds_file.suffix.lower() == ".toml"
    text = to_toml_entry(spec) if is_toml else url + "\n"
    if not is_toml and (name or tag or interval != DEFAULT_POLL_INTERVAL_S):
        console.print(f"note: {feeds_file} is a plain URL list; --name/--tag/--interval need a .toml list",
                      highlight=False)
    with open(feeds_file, "a", encoding="utf-8") as handle:
        if feeds_file.exists() and feeds_file.stat().st_size and not feeds_file.read_bytes().endswith(b"\n"):
            handle.write("\n")
        handle.write(text)
    console.print(f"added {url} to {feeds_file} ({len(existing) + 1} feeds)", highlight=False)


@feeds_app.command("list")
def list_feeds(
    feeds_file: Path = FeedsFileOption,
    warehouse: Path = WarehouseOption,
) -> None:
    """List the feeds with their last poll, failures and next poll (from the warehouse, when there is one).

    Example: alliance-timeline feeds list --file seeds/feeds.toml
    """
    if not feeds_file.exists():
        fail_usage(f"feed list {feeds_file} does not exist; pass --file PATH or add one with `feeds add URL`")
    try:
        feed_list = read_feed_list(feeds_file)
    except FeedListError as exc:
        fail_usage(f"{exc}; fix the file or pass --file PATH")
    states = _read_states(warehouse, [spec.feed_id for spec in feed_list.feeds])
    table = Table(title=f"{len(feed_list.feeds)} feeds - {feeds_file}")
    for column in ("name", "url", "tags", "every", "last poll", "outcome", "failures", "next poll", "last error"):
        table.add_column(column, overflow="fold")
    for spec in feed_list.feeds:
        state = states.get(spec.feed_id, {})
        table.add_row(
            spec.name or "", spec.url, ", ".join(spec.tags), f"{spec.poll_interval_s}s",
            _when(state.get("last_polled_at")), state.get("last_outcome") or "never polled",
            str(state.get("consecutive_failures") or 0), _when(state.get("next_poll_at")) or "next run",
            (state.get("last_error") or "")[:120],
        )
    console.print(table)
    for problem in feed_list.problems:
        console.print(f"[yellow]skipped:[/yellow] {problem}", highlight=False)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _read_states(warehouse: Path, feed_ids: list[str]) -> dict[str, dict]:
    if not warehouse.exists():
        return {}
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        if not con.execute("select count(*) from information_schema.tables where table_name = 'feeds'").fetchone()[0]:
            return {}
        cursor = con.execute("select * from feeds where list_contains(?, feed_id)", [feed_ids])
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}
    finally:
        con.close()


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
