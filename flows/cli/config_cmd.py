"""`alliance-timeline config show`: the effective settings and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import console, fail_usage

config_app = typer.Typer(help="Settings: alliance-timeline.toml, ALLIANCE_TIMELINE_* variables, flags.",
                         no_args_is_help=True)


@config_app.command("show")
def show(
    config: Path = typer.Option(None, "--config", "-c", help="Settings file (default ./alliance-timeline.toml; "
                                "or $ALLIANCE_TIMELINE_CONFIG)."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="Override: path of the published DuckDB file."),
    task_runner: str = typer.Option(None, "--task-runner", help="Override: threads | processes | dask | dask://host:port."),
    workers: int = typer.Option(None, "--workers", min=0, help="Override: parallel batches (0: one per core)."),
    batch_size: int = typer.Option(None, "--batch-size", min=1, help="Override: documents per batch."),
    staging: str = typer.Option(None, "--staging", help="Override: staging folder or fsspec URL."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON ({key: {value, source}}) instead of a table."),
) -> None:
    """Print every setting, its effective value and where it came from (default / file / env / flag).

    Example: ALLIANCE_TIMELINE_TASK_RUNNER=processes alliance-timeline config show --batch-size 100
    """
    from flows.settings import KEYS, SettingsError, load_settings, to_display

    flags = {"warehouse": str(warehouse) if warehouse else None, "task_runner": task_runner, "workers": workers,
             "batch_size": batch_size, "staging": staging}
    try:
        settings = load_settings(config=config, flags=flags)
    except SettingsError as exc:
        fail_usage(f"{exc}")
    effective = dict(settings.values)
    staging_source = settings.sources["staging"]
    effective["staging"] = settings.staging_for()
    if as_json:
        console.print_json(json.dumps({
            "config_file": str(settings.config_path) if settings.config_path else None,
            "settings": {k.name: {"value": effective[k.name], "source": settings.sources[k.name]} for k in KEYS},
            "problems": settings.problems,
        }))
        return
    console.print(f"settings file: {settings.config_path or '(none: ./alliance-timeline.toml not found)'}",
                  highlight=False)
    table = Table("key", "value", "source", "meaning")
    for key in KEYS:
        source = settings.sources[key.name]
        note = " (next to the warehouse)" if key.name == "staging" and staging_source == "default" else ""
        table.add_row(key.name, to_display(effective[key.name]) + note, source, key.help)
    console.print(table)
    console.print(f"workers in effect: {settings.effective_workers}", highlight=False)
    for problem in settings.problems:
        console.print(f"[yellow]warning:[/yellow] {problem}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
