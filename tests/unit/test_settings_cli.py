"""`alliance-timeline config show` through the real console script."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_config_show_reports_each_source(tmp_path):
    (tmp_path / "alliance-timeline.toml").write_text('task_runner = "processes"\nbatch_size = 50\n', encoding="utf-8")
    result = run_cli("config", "show", "--json", "--workers", "4", cwd=tmp_path,
                     env={"ALLIANCE_TIMELINE_BATCH_SIZE": "80"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["config_file"] == str(tmp_path / "alliance-timeline.toml")
    values = shown["settings"]
    assert values["task_runner"] == {"value": "processes", "source": "file"}
    assert values["batch_size"] == {"value": 80, "source": "env"}
    assert values["workers"] == {"value": 4, "source": "flag"}
    assert values["staging"]["source"] == "default" and values["staging"]["value"].endswith("warehouse/staging")


def test_config_show_bad_value_is_a_usage_error(tmp_path):
    result = run_cli("config", "show", "--task-runner", "gpu", cwd=tmp_path)
    assert result.returncode == 2
    assert "--task-runner" in result.stderr and "threads, processes, dask" in result.stderr
