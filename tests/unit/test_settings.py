"""Settings: defaults < file < environment < flags, each value's source, clear errors."""

from __future__ import annotations

import pytest

from flows.settings import (
    CONFIG_FILE_NAME, SettingsError, load_settings, to_dask_address,
)


def write(tmp_path, text: str, name: str = CONFIG_FILE_NAME):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    settings = load_settings(cwd=tmp_path, environ={})
    assert settings.config_path is None
    assert settings.task_runner == "threads" and settings.batch_size == 200
    assert set(settings.sources.values()) == {"default"}
    assert settings.staging_for("/data/w/timeline.duckdb") == "/data/w/staging"


def test_file_then_env_then_flag(tmp_path):
    write(tmp_path, 'task_runner = "processes"\nbatch_size = 50\nworkers = 3\n'
                    '[fetch]\npoliteness_delay_s = 0.5\nallow_hosts = ["127.0.0.1", "localhost"]\n')
    settings = load_settings(
        cwd=tmp_path, environ={"ALLIANCE_TIMELINE_BATCH_SIZE": "75", "ALLIANCE_TIMELINE_STAGING": "s3://b/p"},
        flags={"workers": 5, "task_runner": None},
    )
    assert (settings.task_runner, settings.sources["task_runner"]) == ("processes", "file")
    assert (settings.batch_size, settings.sources["batch_size"]) == (75, "env")
    assert (settings.workers, settings.sources["workers"]) == (5, "flag")
    assert settings.staging_for("/w/t.duckdb") == "s3://b/p"
    assert settings.fetch_table()["politeness_delay_s"] == 0.5
    assert settings.allow_hosts == ["127.0.0.1", "localhost"]


def test_config_from_environment_variable_and_flag(tmp_path):
    other = write(tmp_path, 'task_runner = "dask://10.0.0.5:8786"\n', name="cluster.toml")
    settings = load_settings(cwd=tmp_path, environ={"ALLIANCE_TIMELINE_CONFIG": str(other)})
    assert settings.config_path == other and settings.task_runner == "dask://10.0.0.5:8786"
    assert to_dask_address(settings.task_runner) == "tcp://10.0.0.5:8786"
    assert to_dask_address("dask") is None
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(cwd=tmp_path, config="missing.toml", environ={})


@pytest.mark.parametrize("text, environ, message", [
    ('batch_size = "many"\n', {}, "batch_size must be a whole number"),
    ('task_runner = "gpu"\n', {}, "is not one of threads, processes, dask"),
    ("batch_size = 0\n", {}, "batch_size must be at least 1"),
    ("", {"ALLIANCE_TIMELINE_RESPECT_ROBOTS": "maybe"}, "ALLIANCE_TIMELINE_RESPECT_ROBOTS: respect_robots must be true or false"),
    ("this is = = not toml", {}, "is not valid TOML"),
    ("[fetch]\nbatch_size = 3\n", {}, "belongs at the top level"),
    ("duckdb_memory_limit = \"1GB'; drop table articles; --\"\n", {}, "is not a size such as 256MB"),
])
def test_bad_values_name_the_setting(tmp_path, text, environ, message):
    write(tmp_path, text)
    with pytest.raises(SettingsError, match=message):
        load_settings(cwd=tmp_path, environ=environ)


def test_unknown_keys_are_reported_not_fatal(tmp_path):
    write(tmp_path, "colour = 'blue'\n")
    settings = load_settings(cwd=tmp_path, environ={})
    assert len(settings.problems) == 1 and "unknown setting 'colour'" in settings.problems[0]


def test_env_bool_and_list(tmp_path):
    settings = load_settings(cwd=tmp_path, environ={"ALLIANCE_TIMELINE_RESPECT_ROBOTS": "off",
                                                    "ALLIANCE_TIMELINE_ALLOW_HOSTS": "a.test, b.test"})
    assert settings.respect_robots is False and settings.allow_hosts == ["a.test", "b.test"]
    assert settings.sources["allow_hosts"] == "env"
