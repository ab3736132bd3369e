"""Shared CLI helpers: consoles, exit codes, path checks with errors that name the fix."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_WITH_ERRORS = 3

console = Console()
err_console = Console(stderr=True)

DEFAULT_WAREHOUSE_PATH = Path("warehouse/timeline.duckdb")

WarehouseOption = typer.Option(
    DEFAULT_WAREHOUSE_PATH, "--warehouse", "-w", help="Path of the published DuckDB file.",
    envvar="ALLIANCE_TIMELINE_WAREHOUSE",
)


class UsageError(Exception):
    """A problem the user fixes by changing the command line."""


def fail_usage(message: str) -> None:
    err_console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def require_readable_dir(path: Path, what: str, fix: str) -> Path:
    if not path.exists():
        fail_usage(f"{what} {path} does not exist; {fix}")
    if not path.is_dir():
        fail_usage(f"{what} {path} is not a directory; {fix}")
    if not os.access(path, os.R_OK | os.X_OK):
        fail_usage(f"{what} {path} is not readable; fix its permissions or {fix}")
    return path


def require_warehouse(path: Path) -> Path:
    if not path.exists():
        fail_usage(f"no warehouse at {path}; run `alliance-timeline ingest` first or pass --warehouse PATH")
    if not os.access(path, os.R_OK):
        fail_usage(f"warehouse {path} is not readable; fix its permissions or pass --warehouse PATH")
    return path


def require_writable_parent(path: Path) -> Path:
    parent = path.absolute().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if path.is_dir():
        fail_usage(f"--warehouse {path} is a directory; pass the path of a .duckdb file, e.g. {path}/timeline.duckdb")
    if not probe.is_dir():
        fail_usage(f"cannot write the warehouse under {parent}: {probe} is a file, not a directory; "
                   "pass --warehouse PATH in a writable directory")
    if not os.access(probe, os.W_OK) or not _can_create_in(probe):
        fail_usage(f"cannot write the warehouse under {parent}; pass --warehouse PATH in a writable directory")
    return path


def _can_create_in(directory: Path) -> bool:
    """Whether a file can really be created in `directory` (os.access says yes to root, and
    to read-only or special file systems such as /proc)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False
