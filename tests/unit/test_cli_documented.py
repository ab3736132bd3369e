"""Every CLI command has help with an example and a line in the README (sqlite-utils' rule)."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import REPO_ROOT

ROOT = get_command(app)


def command_paths(group=ROOT, prefix=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from command_paths(command, prefix + (name,))
        else:
            yield prefix + (name,)


PATHS = list(command_paths())


def test_the_cli_has_the_commands_the_issues_ask_for():
    names = {" ".join(p) for p in PATHS}
    assert {"ingest", "timeline", "sql", "export", "report", "serve", "backfill", "reextract", "runs",
            "feeds add", "feeds list", "config show", "deploy"} <= names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert re.search(r"Example", result.output), f"`alliance-timeline {' '.join(path)} --help` shows no example"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p))
def test_every_command_is_in_the_readme(path):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"alliance-timeline {' '.join(path)}" in readme
