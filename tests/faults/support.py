"""Helpers for the fault-injection suite: the real CLI in a subprocess (its
own process group, so a SIGKILL takes its children with it), peak memory of
a run, generated seed corpora and read-only warehouse queries."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tests.conftest import CLI, CORPUS_PAGES, DEV_ARTICLES, REPO_ROOT

# Runs the CLI as its only child and reports the child's exit status and peak
# RSS (RUSAGE_CHILDREN of this wrapper = the CLI and what it waited for).
_MEASURE = """
import json, resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(json.dumps({"rc": rc, "peak_kb": peak_kb}))
sys.exit(0)
"""


@dataclass
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_bytes: int | None = None


def cli_env(prefect_api_url: str | None, **extra: str) -> dict[str, str]:
    """Environment for a CLI subprocess: the tests' Prefect server (no temporary
    server per process), no allow-list unless a test sets one."""
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCE_TIMELINE_ALLOW_HOSTS"}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    if prefect_api_url:
        env["PREFECT_API_URL"] = prefect_api_url
    env.update(extra)
    return env


def start_cli(args: list[str], env: dict[str, str], log_dir: Path, name: str) -> subprocess.Popen:
    """Start `alliance-timeline ARGS` in its own session (process group); output goes to files."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out = open(log_dir / f"{name}.out", "w")
    err = open(log_dir / f"{name}.err", "w")
    proc = subprocess.Popen([str(CLI), *args], cwd=REPO_ROOT, env=env, stdout=out, stderr=err,
                            start_new_session=True)
    proc.log_paths = (log_dir / f"{name}.out", log_dir / f"{name}.err")  # type: ignore[attr-defined]
    out.close()
    err.close()
    return proc


def finish(proc: subprocess.Popen, timeout: float = 300) -> CliRun:
    try:
        proc.wait(timeout=timeout)
    finally:
        kill_group(proc)
    out, err = proc.log_paths  # type: ignore[attr-defined]
    return CliRun(proc.returncode, out.read_text(), err.read_text())


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group we started (the CLI and anything it spawned), then reap."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


def wait_for_lock(proc: subprocess.Popen, warehouse: Path, timeout: float = 120) -> bool:
    """Wait until `proc` holds the writer lock of `warehouse` (its pid is in the lock file);
    False if it ended first."""
    lock = warehouse.with_name(f".{warehouse.stem}.lock")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if lock.read_text().strip() == str(proc.pid):
                return True
        except OSError:
            pass
        time.sleep(0.02)
    return False


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300, measure: bool = False) -> CliRun:
    """Run the CLI to the end; with `measure`, also its peak RSS (through a wrapper process)."""
    if not measure:
        done = subprocess.run([str(CLI), *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout, start_new_session=True)
        return CliRun(done.returncode, done.stdout, done.stderr)
    report = Path(env.get("TMPDIR", "/tmp")) / f"faults-rusage-{os.getpid()}-{len(args)}.json"
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(report), str(CLI), *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, start_new_session=True)
    measured = json.loads(report.read_text())
    report.unlink()
    return CliRun(measured["rc"], done.stdout, done.stderr, measured["peak_kb"] * 1024)


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def make_seed_corpus(directory: Path, copies: int, page_step: int = 1) -> int:
    """`copies` renamed copies of each dev article (distinct `url:`) plus every `page_step`-th corpus page."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(DEV_ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(copies):
            copy = re.sub(r"^url: *(\S+)", lambda m: f"url: {m.group(1)}-copy-{i:03d}", text, count=1, flags=re.M)
            assert copy != text, f"{path} has no url: line"
            (directory / f"{path.stem}-{i:03d}.txt").write_text(copy, encoding="utf-8")
            count += 1
    for page in sorted(CORPUS_PAGES.glob("*.html"))[::page_step]:
        shutil.copyfile(page, directory / page.name)
        count += 1
    return count


def warehouse_snapshot(warehouse: Path) -> dict:
    """What must be equal after an interrupted and an uninterrupted history."""
    return {
        "articles": sorted(r[0] for r in rows(warehouse, "select article_id from articles")),
        "events": sorted(rows(warehouse, "select event_id, num_mentions, num_articles, is_retracted from events")),
        "mentions": sorted(rows(warehouse, "select event_id, article_id from event_mentions")),
    }
