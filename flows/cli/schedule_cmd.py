"""`serve`, `backfill` and `reextract`: scheduled runs, filling the past, re-extraction."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

import typer

from flows.cli.common import (
    EXIT_FAILED, EXIT_OK, EXIT_WITH_ERRORS, WarehouseOption, console, err_console, fail_usage,
    require_readable_dir, require_warehouse, require_writable_parent,
)

DEFAULT_ARCHIVE = Path("seeds/archive")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from flows.archive import parse_day

    try:
        return parse_day(value)
    except ValueError as exc:
        fail_usage(f"{option}: {exc}")
    return None


def _server_deployment(name: str) -> str | None:
    """The API URL when a healthy Prefect server has deployment `name`; else None (run in-process)."""
    from flows.serve import configured_api_url, is_api_healthy

    api_url = configured_api_url()
    if not api_url or not is_api_healthy(api_url):
        return None
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        with get_client(sync_client=True) as client:
            client.read_deployment_by_name(name)
    except ObjectNotFound:
        return None
    return api_url


def _submit(name: str, parameters: dict[str, Any], api_url: str) -> dict[str, Any]:
    """Run deployment `name` on the server and wait for it; returns its result when it completed."""
    from prefect.deployments import run_deployment
    from flows.serve import to_ui_url

    with console.status(f"submitted a run of {name} to {to_ui_url(api_url)}; waiting for it to finish"):
        flow_run = run_deployment(name, parameters=parameters, timeout=None, poll_interval=2, as_subflow=False)
    state = flow_run.state
    console.print(f"flow run {flow_run.name} ({flow_run.id}): {state.name if state else 'unknown'} - "
                  f"{to_ui_url(api_url)}/runs/flow-run/{flow_run.id}", highlight=False)
    if state is None or not state.is_completed():
        raise RuntimeError(f"the {name} run ended {state.name if state else 'in an unknown state'}: "
                           f"{state.message if state else ''}")
    return _latest_run(Path(parameters["warehouse"]), name.split("/")[0], flow_run.id)


def _latest_run(warehouse: Path, flow_name: str, flow_run_id) -> dict[str, Any]:
    """Counts of the run just made on the server, read back from the warehouse (state lives there)."""
    from flows.warehouse import connect_read_only

    con = connect_read_only(warehouse)
    try:
        cursor = con.execute(
            "select * from ingest_runs where flow_name = ? order by started_at desc limit 1", [flow_name]
        )
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    finally:
        con.close()
    if row is None:
        raise RuntimeError(f"flow run {flow_run_id} completed but left no {flow_name} run in {warehouse}")
    return dict(zip(names, row))


def _progress_listener(progress, days_label: str) -> Callable[[str, dict], None]:
    """Draw the flow's progress notices: one bar of days, one of the current day's articles."""
    ids: dict[str, Any] = {}
    totals: dict[str, int] = {}

    def articles_bar(description: str, total: int) -> None:
        if "articles" in ids:
            progress.remove_task(ids.pop("articles"))
        ids["articles"] = progress.add_task(description, total=total)
        totals["articles"] = total

    def listen(kind: str, data: dict) -> None:
        if kind == "days":
            ids["days"] = progress.add_task(days_label, total=data["total"])
        elif kind == "day_start":
            articles_bar(f"  {data['day']} inputs", data["articles"])
        elif kind == "articles_total":  # re-extraction adds the stored articles
            if "articles" in ids:
                totals["articles"] += data["total"]
                progress.update(ids["articles"], total=totals["articles"])
            else:
                articles_bar("articles", data["total"])
        elif kind == "articles" and "articles" in ids:
            progress.advance(ids["articles"], data["done"])
        elif kind == "day_done" and "days" in ids:
            progress.advance(ids["days"], 1)

    return listen


def _run_with_progress(label: str, call: Callable[[], dict]) -> dict:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows.progress import listening

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=False) as progress:
        with listening(_progress_listener(progress, label)):
            return call()


def _print_run_row(what: str, row: dict, warehouse: Path) -> None:
    console.print(
        f"{what} {row['status']}: {row.get('documents_seen', 0)} documents, {row.get('articles_new', 0)} new /"
        f" {row.get('articles_updated', 0)} updated articles, {row.get('events_new', 0)} new events,"
        f" {row.get('errors', 0)} recorded problems -> {warehouse}",
        highlight=False,
    )


def _exit_for(status: str) -> None:
    raise typer.Exit(EXIT_OK if status == "completed" else EXIT_WITH_ERRORS)


def _run_here_or_on_server(name: str, flow_fn, parameters: dict, local: bool, unit: str) -> dict:
    """Submit a run of the `name/name` deployment when a server serves it (so it shows in the UI),
    else run the flow in this process with a progress bar. Exits 1 when it could not run."""
    deployment = f"{name}/{name}"
    api_url = None if local else _server_deployment(deployment)
    try:
        if api_url:
            return _submit(deployment, parameters, api_url)
        return _run_with_progress(unit, lambda: flow_fn(**parameters))
    except Exception as exc:
        err_console.print(f"[red]{name} could not run:[/red] {type(exc).__name__}: {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None


def backfill(
    since: str = typer.Option(..., "--since", help="First day of the window (YYYY-MM-DD)."),
    until: str = typer.Option(..., "--until", help="Last day of the window, included (YYYY-MM-DD)."),
    seeds: Path = typer.Option(DEFAULT_ARCHIVE, "--seeds", "-s",
                               help="Archive root: dated folders YYYY-MM-DD/ of seed files and *.jsonl dumps."),
    warehouse: Path = WarehouseOption,
    source: str = typer.Option(None, "--source", help="Only articles of this source (outlet or site name)."),
    reextract: bool = typer.Option(False, "--reextract",
                                   help="Also re-extract the stored articles of each day with the current coder."),
    force: bool = typer.Option(False, "--force", help="Redo days already done (and unchanged articles)."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Articles per batch."),
    local: bool = typer.Option(False, "--local", help="Run here even when a server has the backfill deployment."),
) -> None:
    """Backfill a window of past days from archived inputs, day by day; resumes where it stopped.

    Example: alliance-timeline backfill --since 2025-10-01 --until 2025-10-31 --seeds seeds/archive
    """
    first, last = _day(since, "--since"), _day(until, "--until")
    if last < first:
        fail_usage(f"--until {last} is before --since {first}; swap them")
    require_readable_dir(seeds, "archive directory", "pass --seeds DIR (dated folders YYYY-MM-DD/ or *.jsonl dumps)")
    require_writable_parent(warehouse)
    parameters = {
        "since": first.isoformat(), "until": last.isoformat(), "archive_dir": str(seeds.absolute()),
        "warehouse": str(warehouse.absolute()), "source": source, "reextract": reextract, "force": force,
        "batch_size": batch_size,
    }
    from flows.backfill import backfill as backfill_flow

    result = _run_here_or_on_server("backfill", backfill_flow, parameters, local, unit="days")
    if "days_done" not in result:
        _print_run_row("backfill", result, warehouse)
    else:
        console.print(
            f"backfill {result['status']}: {result['days_done']} days done, {result['days_skipped']} already done,"
            f" {result['days_failed']} failed; {result.get('articles_new', 0)} new articles,"
            f" {result.get('events_new', 0)} new events, {result['errors']} recorded problems -> {warehouse}",
            highlight=False,
        )
    if result.get("run_id") and result.get("errors"):
        console.print(f"  see: alliance-timeline runs --warehouse {warehouse}", highlight=False)
    _exit_for(result["status"])


def reextract(
    since: str = typer.Option(None, "--since", help="Only articles published on or after this day (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Only articles published on or before this day (YYYY-MM-DD)."),
    warehouse: Path = WarehouseOption,
    force: bool = typer.Option(False, "--force",
                               help="Also articles already extracted with the current extractor version."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Articles per batch."),
    local: bool = typer.Option(False, "--local", help="Run here even when a server has the reextract deployment."),
) -> None:
    """Re-run the current extractor over stored articles and replace their events.

    Articles already extracted with the current version are skipped (so a
    stopped run resumes), unless --force. event_mentions.extractor_version
    shows what was done.

    Example: alliance-timeline reextract --since 2025-10-01 --until 2025-10-31
    """
    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and last < first:
        fail_usage(f"--until {last} is before --since {first}; swap them")
    require_warehouse(warehouse)
    parameters = {"since": first.isoformat() if first else None, "until": last.isoformat() if last else None,
                  "warehouse": str(warehouse.absolute()), "force": force, "batch_size": batch_size}
    from flows.reextract import reextract as reextract_flow

    result = _run_here_or_on_server("reextract", reextract_flow, parameters, local, unit="articles")
    if "articles_reextracted" not in result:
        _print_run_row("reextract", result, warehouse)
    else:
        console.print(
            f"reextract {result['status']} with extractor {result['extractor_version']}:"
            f" {result['articles_reextracted']} articles, {result['events_new']} new events,"
            f" {result['events_retracted']} retracted, {result['mentions_new']} mentions,"
            f" {result['errors']} recorded problems -> {warehouse}",
            highlight=False,
        )
    _exit_for(result["status"])


def serve(
    port: int = typer.Option(4200, "--port", "-p", min=0, max=65535,
                             help="Port of the local Prefect server (0: any free port)."),
    seeds: Path = typer.Option(Path("seeds/articles"), "--seeds", "-s", help="Seeds directory ingest-seeds watches."),
    archive: Path = typer.Option(DEFAULT_ARCHIVE, "--archive", help="Archive root the backfill deployment reads."),
    feeds: Path = typer.Option(None, "--feeds", help="Feed list for ingest-feeds (default seeds/feeds.toml)."),
    warehouse: Path = WarehouseOption,
    cron: str = typer.Option("*/15 * * * *", "--cron", help="When ingest-feeds runs (cron, UTC)."),
    interval: int = typer.Option(None, "--interval", min=1, help="Run ingest-feeds every N seconds instead of --cron."),
    seeds_interval: int = typer.Option(300, "--seeds-interval", min=1,
                                       help="Run ingest-seeds every N seconds."),
    startup_timeout: float = typer.Option(120, "--startup-timeout", min=1,
                                          help="Seconds to wait for the Prefect server to answer."),
) -> None:
    """Run on a clock: a local Prefect server and the deployments, until Ctrl-C.

    Starts a Prefect server on 127.0.0.1 (unless PREFECT_API_URL points at
    one) and serves ingest-feeds on a cron, ingest-seeds on an interval, and
    backfill and reextract by hand. Ctrl-C (or SIGTERM) stops the runner,
    then the server.

    Example: alliance-timeline serve --port 4200 --cron "*/15 * * * *" --seeds-interval 600
    """
    from flows.serve import DEFAULT_HOST, ServeError, build_deployments, run_serve

    try:
        from prefect.client.schemas.schedules import CronSchedule

        CronSchedule(cron=cron)
    except Exception as exc:
        fail_usage(f"--cron {cron!r} is not a cron expression ({exc}); e.g. --cron '*/15 * * * *'")
    require_writable_parent(warehouse)
    if feeds is not None and not feeds.is_file():
        fail_usage(f"feed list {feeds} does not exist; pass --feeds FILE")

    def factory() -> list:
        return build_deployments(
            seeds_dir=seeds, archive_dir=archive, warehouse=warehouse, feeds_file=feeds,
            feeds_cron=cron, feeds_interval_s=interval, seeds_interval_s=seeds_interval,
        )

    try:
        run_serve(deployments_factory=factory, host=DEFAULT_HOST, port=port, startup_timeout_s=startup_timeout,
                  echo=lambda line: console.print(line, highlight=False, soft_wrap=True))
    except ServeError as exc:
        err_console.print(f"[red]serve could not start:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(backfill)
    app.command()(reextract)
