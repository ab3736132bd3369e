"""Settings: one file (`alliance-timeline.toml`), environment overrides, flags.

Where a value comes from, lowest to highest precedence:

1. `default`: the values in `DEFAULTS`;
2. `file`: `alliance-timeline.toml` in the working directory, or the file
   named by `--config` / `ALLIANCE_TIMELINE_CONFIG`;
3. `env`: `ALLIANCE_TIMELINE_<KEY>` (upper case, e.g. `ALLIANCE_TIMELINE_TASK_RUNNER=processes`);
4. `flag`: a command-line option the caller passes in.

The file is flat TOML (`key = value`), with the fetch keys either flat or
under a `[fetch]` table:

    warehouse = "warehouse/timeline.duckdb"
    staging = "s3://bucket/alliance-staging"   # or a local folder; default: <warehouse dir>/staging
    task_runner = "processes"                   # threads | processes | dask | dask://host:8786
    workers = 2
    batch_size = 200

    [fetch]
    per_host_concurrency = 2
    politeness_delay_s = 1.0
    allow_hosts = ["127.0.0.1"]

Pure: reads only the file it is pointed at, takes the environment as a mapping.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

CONFIG_FILE_NAME = "alliance-timeline.toml"
CONFIG_ENV = "ALLIANCE_TIMELINE_CONFIG"
ENV_PREFIX = "ALLIANCE_TIMELINE_"
TASK_RUNNERS = ("threads", "processes", "dask")
_SIZE = re.compile(r"\d+(\.\d+)?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.I)


class SettingsError(ValueError):
    """A setting cannot be used; the message says which, where, and the fix."""


@dataclass(frozen=True)
class Key:
    name: str
    kind: type  # str, int, float, bool or list (of strings)
    default: Any
    help: str
    fetch: bool = False  # also accepted under the [fetch] table; handed to the feed fetcher


KEYS: tuple[Key, ...] = (
    Key("warehouse", str, "warehouse/timeline.duckdb", "path of the published DuckDB file"),
    Key("staging", str, "", "where parallel batches write Parquet: a folder or any fsspec URL "
        "(empty: <warehouse dir>/staging)"),
    Key("task_runner", str, "threads", "threads | processes | dask (a local cluster) | dask://host:port"),
    Key("workers", int, 0, "parallel batches (threads/processes); 0: one per CPU core"),
    Key("batch_size", int, 200, "documents per batch (one task and one load transaction per batch)"),
    Key("duckdb_memory_limit", str, "256MB", "memory DuckDB may use while loading (it evicts or spills "
        "beyond it): keeps a long run's memory flat"),
    Key("schedule_cron", str, "*/15 * * * *", "when the deployed feed ingest runs (cron, UTC)"),
    # politeness and concurrency of fetching (flows.feeds.settings.FetchSettings reads these)
    Key("max_workers", int, 8, "concurrent requests across hosts", fetch=True),
    Key("per_host_concurrency", int, 2, "concurrent requests to one host", fetch=True),
    Key("politeness_delay_s", float, 1.0, "seconds between two requests to one host", fetch=True),
    Key("connect_timeout_s", float, 5.0, "seconds to connect", fetch=True),
    Key("read_timeout_s", float, 10.0, "longest silence between two reads", fetch=True),
    Key("total_timeout_s", float, 30.0, "whole request, redirects and body included", fetch=True),
    Key("respect_robots", bool, True, "honour robots.txt", fetch=True),
    Key("allow_hosts", list, [], "hosts fetched even if they resolve to private addresses", fetch=True),
)
KEYS_BY_NAME = {key.name: key for key in KEYS}


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]
    sources: dict[str, str]  # key -> default | file | env | flag
    config_path: Path | None = None  # the file that was read, if any
    problems: list[str] = field(default_factory=list)  # unknown keys ignored, etc.

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values")
        if name.startswith("__") or values is None or name not in values:
            raise AttributeError(name)
        return values[name]

    @property
    def effective_workers(self) -> int:
        return self.values["workers"] or (os.cpu_count() or 1)

    def staging_for(self, warehouse: str | os.PathLike[str] | None = None) -> str:
        """The staging location: the setting, or `staging/` next to the warehouse."""
        if self.values["staging"]:
            return str(self.values["staging"])
        return str(Path(warehouse or self.values["warehouse"]).expanduser().absolute().parent / "staging")

    def fetch_table(self) -> dict[str, Any]:
        """The fetch keys, shaped like the feed list's `[settings]` table."""
        return {key.name: self.values[key.name] for key in KEYS if key.fetch}


def parse_value(key: Key, raw: Any, where: str) -> Any:
    """Coerce a value from a file (typed) or the environment (text) to the key's type."""
    try:
        if key.kind is list:
            if isinstance(raw, str):
                return [part.strip() for part in raw.split(",") if part.strip()]
            if isinstance(raw, (list, tuple)):
                return [str(part).strip() for part in raw]
            raise TypeError
        if key.kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise TypeError
        if key.kind is int:
            if isinstance(raw, bool) or isinstance(raw, float):
                raise TypeError
            value = int(str(raw).strip())
            if value < 0:
                raise TypeError
            return value
        if key.kind is float:
            if isinstance(raw, bool):
                raise TypeError
            value = float(str(raw).strip())
            if value < 0:
                raise TypeError
            return value
        return str(raw).strip()
    except (TypeError, ValueError):
        kinds = {list: "a list of strings (or comma-separated text)", bool: "true or false",
                 int: "a whole number >= 0", float: "a number >= 0", str: "text"}
        raise SettingsError(f"{where}: {key.name} must be {kinds[key.kind]}, not {raw!r}") from None


def check_task_runner(value: str, where: str) -> str:
    if value in TASK_RUNNERS or (value.startswith("dask://") and ":" in value[len("dask://"):]):
        return value
    raise SettingsError(
        f"{where}: task_runner {value!r} is not one of threads, processes, dask, dask://host:port"
    )


def find_config(cwd: Path, explicit: str | os.PathLike[str] | None, environ: Mapping[str, str]) -> Path | None:
    """The settings file to read: --config, then $ALLIANCE_TIMELINE_CONFIG, then ./alliance-timeline.toml."""
    chosen = explicit or environ.get(CONFIG_ENV) or None
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_absolute():
            path = cwd / path
        if not path.is_file():
            how = "--config" if explicit else CONFIG_ENV
            raise SettingsError(f"settings file {path} (from {how}) does not exist; create it or fix the path")
        return path
    default = cwd / CONFIG_FILE_NAME
    return default if default.is_file() else None


def read_config_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from None
    fetch = data.pop("fetch", {})
    if not isinstance(fetch, dict):
        raise SettingsError(f"settings file {path}: [fetch] must be a table")
    for name, value in fetch.items():
        data.setdefault(name, value)
        if name in KEYS_BY_NAME and not KEYS_BY_NAME[name].fetch:
            raise SettingsError(f"settings file {path}: {name} belongs at the top level, not under [fetch]")
    return data


def load_settings(
    cwd: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve every setting and remember where each came from."""
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    environ = os.environ if environ is None else environ
    values = {key.name: key.default for key in KEYS}
    sources = {key.name: "default" for key in KEYS}
    problems: list[str] = []

    path = find_config(cwd, config, environ)
    if path is not None:
        for name, raw in read_config_table(path).items():
            key = KEYS_BY_NAME.get(name)
            if key is None:
                problems.append(f"{path}: unknown setting {name!r} ignored (known: {', '.join(KEYS_BY_NAME)})")
                continue
            values[name] = parse_value(key, raw, str(path))
            sources[name] = "file"
    for key in KEYS:
        env_name = ENV_PREFIX + key.name.upper()
        if environ.get(env_name, "").strip():
            values[key.name] = parse_value(key, environ[env_name], env_name)
            sources[key.name] = "env"
    for name, raw in (flags or {}).items():
        if raw is None:
            continue
        key = KEYS_BY_NAME.get(name)
        if key is None:
            raise SettingsError(f"unknown setting {name!r}")
        values[name] = parse_value(key, raw, f"--{name.replace('_', '-')}")
        sources[name] = "flag"

    where = {"default": "the default", "file": str(path), "env": ENV_PREFIX + "TASK_RUNNER", "flag": "--task-runner"}
    values["task_runner"] = check_task_runner(values["task_runner"], where[sources["task_runner"]])
    limit = values["duckdb_memory_limit"].replace(" ", "")
    if limit and not _SIZE.fullmatch(limit):
        raise SettingsError(f"duckdb_memory_limit {limit!r} (from {sources['duckdb_memory_limit']}) is not a size "
                            "such as 256MB or 2GB")
    values["duckdb_memory_limit"] = limit
    if values["batch_size"] < 1:
        raise SettingsError(f"batch_size must be at least 1 (from {sources['batch_size']})")
    return Settings(values=values, sources=sources, config_path=path, problems=problems)


def to_dask_address(task_runner: str) -> str | None:
    """`dask://host:port` -> `tcp://host:port`; plain `dask` -> None (a local cluster)."""
    if task_runner.startswith("dask://"):
        return "tcp://" + task_runner[len("dask://"):]
    return None


def to_display(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    if value == "":
        return "(unset)"
    return str(value)
