"""The `alliance-timeline` command line: a thin typer layer over the library.

Exit codes: 0 done; 3 done, with failures recorded in `ingest_errors`;
2 bad usage (a missing or unreadable path, a bad option); 1 could not run.
"""

from __future__ import annotations

import sys

import typer

from flows.cli import ingest_cmd, query_cmd, report_cmd, runs_cmd, schedule_cmd
from flows.cli import warehouse_cmd
from flows.cli import feeds_cmd
from flows.cli import config_cmd, deploy_cmd
from flows.cli import why_cmd
from flows.cli.common import EXIT_USAGE, UsageError, err_console

app = typer.Typer(
    name="alliance-timeline",
    help="Turn news into a queryable timeline of alliance and trade events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
ingest_cmd.register(app)
query_cmd.register(app)
report_cmd.register(app)
schedule_cmd.register(app)
runs_cmd.register(app)
warehouse_cmd.register(app)
feeds_cmd.register(app)
config_cmd.register(app)
deploy_cmd.register(app)
why_cmd.register(app)


def main() -> None:
    try:
        app(standalone_mode=True)
    except UsageError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        sys.exit(EXIT_USAGE)
