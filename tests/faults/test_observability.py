"""What a user sees: exit codes that tell "done" (0), "done, with failures
recorded" (3), "bad usage" (2) and "could not run" (1) apart, messages that
name the fix, and `alliance-timeline runs` / `ingest_runs` saying for each run
what failed and why. All through the real CLI."""

from __future__ import annotations

import os
import signal
from pathlib import Path
import time

import pytest

from tests.conftest import DEV_ARTICLES
from tests.faults.support import cli_env, finish, make_seed_corpus, rows, run_cli, start_cli

WIDE = {"COLUMNS": "600"}  # wide enough that no cell of the runs table wraps


def flat(table: str) -> str:
    """A rich table's text with runs of spaces collapsed."""
    return " ".join(table.split())


@pytest.fixture(scope="module")
def env(prefect_api_url):
    return cli_env(prefect_api_url, **WIDE)


@pytest.fixture(scope="module")
def with_failures(tmp_path_factory, env):
    root = tmp_path_factory.mktemp("observed")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_bytes((DEV_ARTICLES / "d002.txt").read_bytes())
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "blob.html").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(2000))
    warehouse = root / "timeline.duckdb"
    run = run_cli(["ingest", "--seeds", str(seeds), "--no-feeds", "--warehouse", str(warehouse)], env)
    shown = run_cli(["runs", "--warehouse", str(warehouse)], env)
    return {"root": root, "seeds": seeds, "warehouse": warehouse, "run": run, "shown": shown}


def test_recorded_failures_exit_3_and_point_at_them(with_failures):
    run = with_failures["run"]
    assert run.returncode == 3, run.stderr[-1500:]
    assert "2 recorded problems" in run.stdout and "ingest_errors" in run.stdout


def test_ingest_runs_says_what_failed_and_why(with_failures):
    (status, errors, summary), = rows(with_failures["warehouse"],
                                      "select status, errors, error_summary from ingest_runs")
    assert status == "completed_with_errors" and errors == 2
    assert summary.startswith("read: 2 (e.g. ") and ("binary content" in summary or "empty file" in summary)
    reasons = sorted(rows(with_failures["warehouse"], "select item, stage, reason from ingest_errors"))
    assert [(r[0].rsplit("/", 1)[-1], r[1], r[2]) for r in reasons] == [
        ("blob.html", "read", "binary content, not text"), ("empty.txt", "read", "empty file")]


def test_the_runs_command_shows_the_status_and_the_reasons(with_failures):
    shown = with_failures["shown"]
    assert shown.returncode == 0, shown.stderr[-1500:]
    text = flat(shown.stdout)
    assert "completed_with_errors" in text
    assert "read: 2 (e.g. " in text and ("empty file" in text or "binary content, not text" in text)


@pytest.mark.parametrize("where, expected", [
    ("a-file/timeline.duckdb", "is a file, not a directory"),
    (".", "is a directory"),
    ("/proc/alliance-timeline/timeline.duckdb", "cannot write"),  # no one may create files there, root included
])
def test_an_unwritable_warehouse_location_is_bad_usage(tmp_path, env, where, expected):
    (tmp_path / "a-file").write_text("not a directory")
    path = tmp_path / where if not where.startswith("/") else Path(where)
    result = run_cli(["ingest", "--no-seeds", "--no-feeds", "--warehouse", str(path)], env)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert expected in result.stderr and "--warehouse" in result.stderr


def test_a_bad_option_is_bad_usage(tmp_path, env):
    result = run_cli(["ingest", "--batch-size", "0", "--no-feeds", "--warehouse", str(tmp_path / "w.duckdb")], env)
    assert result.returncode == 2 and "batch-size" in result.stderr


def test_a_corrupt_working_copy_cannot_run_and_the_message_names_the_fix(with_failures, env):
    warehouse = with_failures["warehouse"]
    working = warehouse.with_name(".timeline.work.duckdb")
    published = warehouse.read_bytes()
    working.write_bytes(b"this is not a database\n" * 10_000)
    result = run_cli(["ingest", "--seeds", str(with_failures["seeds"]), "--no-feeds", "--warehouse", str(warehouse)], env)
    assert result.returncode == 1, (result.stdout, result.stderr[-1500:])
    message = " ".join(result.stderr.split())
    assert "ingest could not run" in message and "not a readable DuckDB database" in message
    assert f"mv '{working}'" in message and "is intact" in message
    assert warehouse.read_bytes() == published  # nothing half-done was published
    # following the message fixes it: the next run starts again from the snapshot
    working.rename(working.with_name(working.name + ".broken"))
    again = run_cli(["ingest", "--seeds", str(with_failures["seeds"]), "--no-feeds", "--warehouse", str(warehouse)], env)
    assert again.returncode == 3, again.stderr[-1500:]
    assert [r[0] for r in rows(warehouse, "select status from ingest_runs order by started_at")] == [
        "completed_with_errors", "completed_with_errors"]


def test_an_interrupted_run_is_recorded_as_failed_with_the_reason(tmp_path, env):
    seeds = tmp_path / "seeds"
    # enough work (~390 documents in batches of 5) that the run is still going 2 s after it took the lock,
    # however fast the workers start; it is interrupted, so the size costs no test time
    make_seed_corpus(seeds, copies=40, page_step=1)
    warehouse = tmp_path / "timeline.duckdb"
    proc = start_cli(["ingest", "--seeds", str(seeds), "--no-feeds", "--warehouse", str(warehouse),
                      "--batch-size", "5"], env, tmp_path / "logs", "interrupted")
    lock = warehouse.with_name(".timeline.lock")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not (
            lock.exists() and lock.read_text().strip() == str(proc.pid)):
        time.sleep(0.05)
    time.sleep(2.0)  # into the batches
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGINT)  # Ctrl-C
    done = finish(proc, timeout=120)
    # 130 when Python sees the Ctrl-C, 1 when it lands inside a DuckDB query ("Query interrupted")
    assert done.returncode in (1, 130), done.stderr[-1500:]
    (status, summary), = rows(warehouse, "select status, error_summary from ingest_runs")
    assert status == "failed" and summary.startswith("run: 1") and "nterrupt" in summary, summary
    shown = flat(run_cli(["runs", "--warehouse", str(warehouse)], env).stdout)
    assert "failed" in shown and "run: 1 (e.g. " in shown and "nterrupt" in shown
