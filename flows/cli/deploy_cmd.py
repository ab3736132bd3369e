"""`alliance-timeline deploy --work-pool NAME`: register the deployments on a Prefect server."""

from __future__ import annotations

from pathlib import Path

import typer

from flows.cli.common import EXIT_FAILED, console, err_console


def deploy(
    work_pool: str = typer.Option(..., "--work-pool", "-p", help="Process work pool to register on (created if missing)."),
    seeds: Path = typer.Option(Path("seeds/articles"), "--seeds", help="Seeds directory the seeds deployment ingests."),
    archive: Path = typer.Option(Path("seeds/archive"), "--archive", help="Archive root for backfills."),
    feeds: Path = typer.Option(None, "--feeds", help="Feed list (default seeds/feeds.toml)."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="Warehouse path the runs write (default: settings)."),
    cron: str = typer.Option(None, "--cron", help="Feed ingest schedule (default: settings' schedule_cron)."),
) -> None:
    """Register ingest (feeds on a cron, seeds on an interval), backfill and reextract on a Prefect
    server for a process work pool; workers started with `prefect worker start --pool NAME` run them.

    Example: PREFECT_API_URL=http://127.0.0.1:4200/api alliance-timeline deploy --work-pool alliance
    """
    from flows.deploy import DeployError, deploy_to_work_pool
    from flows.settings import load_settings

    settings = load_settings()
    try:
        registered = deploy_to_work_pool(
            work_pool, seeds_dir=seeds, archive_dir=archive, feeds_file=feeds,
            warehouse=warehouse or Path(settings.warehouse), feeds_cron=cron or settings.schedule_cron,
        )
    except DeployError as exc:
        err_console.print(f"[red]deploy could not run:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    for name, schedule, deployment_id in registered.deployments:
        console.print(f"{name}  ({schedule})  {deployment_id}", highlight=False)
    console.print(f"registered on work pool {registered.work_pool!r}, queue {registered.work_queue!r} "
                  f"(concurrency 1). Start workers: prefect worker start --pool {registered.work_pool}",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(deploy)
