"""`alliance-timeline serve`, for real: a subprocess that starts a Prefect server and a runner.

Checked through the Prefect client: the four deployments and their
schedules; a parameterised backfill submitted by the `backfill` command runs
on the served deployment and waits while another writer holds the warehouse
(queueing); Ctrl-C (SIGINT) / SIGTERM stop everything in bounded time and
leave no process behind.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CLI, REPO_ROOT
from tests.support.archive_fixture import DAY1, DAY2, build_archive

pytestmark = pytest.mark.slow

STARTUP_S = 240  # a cold Prefect server on a shared 2-core machine
STOP_S = 30


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "COLUMNS": "200"})
    return env


class Served:
    """The serve subprocess, its output lines, and every process it started (seen in /proc)."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [str(CLI), "serve", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.seen_pids: set[int] = set()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.process.poll() is None, "serve exited early:\n" + "".join(self.output)
                continue
            self.output.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} within {timeout_s}s:\n" + "".join(self.output))

    def record_descendants(self) -> set[int]:
        self.seen_pids |= descendants(self.process.pid)
        return self.seen_pids

    def stop(self, sig: int) -> float:
        started = time.monotonic()
        self.process.send_signal(sig)
        self.process.wait(timeout=STOP_S)
        elapsed = time.monotonic() - started
        time.sleep(0.2)
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return elapsed

    def kill_leftovers(self) -> None:
        """Cleanup after a failed test: only the processes this test started."""
        for pid in [self.process.pid, *self.seen_pids]:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def flow_runs(api_url: str, deployment: str):
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        with get_client(sync_client=True) as client:
            dep = client.read_deployment_by_name(deployment)
            from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

            return client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[dep.id])))


def test_serve_runs_deployments_queues_writers_and_stops_on_ctrl_c(tmp_path):
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.warehouse.files import WarehouseFiles, writer_lock

    archive = build_archive(tmp_path / "archive")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    warehouse = tmp_path / "w.duckdb"
    env = _env(tmp_path)
    served = Served(["--port", "0", "--seeds", str(seeds), "--archive", str(archive), "--warehouse", str(warehouse),
                     "--cron", "0 3 1 1 *", "--seeds-interval", "3600"], env, tmp_path)
    try:
        ui_line = served.wait_for("Prefect UI: ", STARTUP_S)
        served.wait_for("Press Ctrl-C to stop.", 60)
        ui_url = ui_line.split("Prefect UI: ", 1)[1].strip()
        assert ui_url.startswith("http://127.0.0.1:")
        api_url = ui_url + "/api"
        served.record_descendants()

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            with get_client(sync_client=True) as client:
                feeds = client.read_deployment_by_name("ingest/ingest-feeds")
                seeds_dep = client.read_deployment_by_name("ingest/ingest-seeds")
                backfill_dep = client.read_deployment_by_name("backfill/backfill")
                reextract_dep = client.read_deployment_by_name("reextract/reextract")
        assert [s.schedule.cron for s in feeds.schedules] == ["0 3 1 1 *"]
        assert [s.schedule.interval.total_seconds() for s in seeds_dep.schedules] == [3600]
        assert feeds.parameters["use_feeds"] is True and seeds_dep.parameters["seeds_dir"] == str(seeds)
        assert backfill_dep.schedules == [] and reextract_dep.schedules == []
        assert backfill_dep.parameters["archive_dir"] == str(archive)

        # a long "scheduled run" holds the warehouse; a hand-made backfill is submitted meanwhile and must wait
        files = WarehouseFiles.at(warehouse)
        cli_env = {**env, "PREFECT_API_URL": api_url}
        with writer_lock(files):
            command = subprocess.Popen(
                [str(CLI), "backfill", "--since", DAY1, "--until", DAY2, "--seeds", str(archive),
                 "--warehouse", str(warehouse)],
                cwd=tmp_path, env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                runs = flow_runs(api_url, "backfill/backfill")
                if runs and runs[0].state and runs[0].state.is_running():
                    break
                assert command.poll() is None, command.stdout.read()
                time.sleep(1)
            else:
                raise AssertionError("the backfill run never started")
            served.record_descendants()
            time.sleep(2)
            released_at = datetime.now(timezone.utc).replace(tzinfo=None)
        output, _ = command.communicate(timeout=180)
        assert command.returncode == 3, output  # done; the archive's broken dump line is recorded
        said = " ".join(output.split())
        assert "Completed" in said and "backfill completed_with_errors: 3 documents, 3 new / 0 updated" in said

        [run] = flow_runs(api_url, "backfill/backfill")
        assert run.state.is_completed() and run.parameters["since"] == DAY1 and run.parameters["until"] == DAY2
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            recorded = con.execute("select started_at, status from ingest_runs where flow_name = 'backfill'").fetchall()
            days = con.execute("select backfill_date::varchar, status from backfill_days order by 1").fetchall()
        finally:
            con.close()
        assert days == [(DAY1, "completed"), (DAY2, "completed")]
        # Prefect had the run going before the lock was released; its warehouse work started after
        assert datetime.fromtimestamp(run.start_time.timestamp(), timezone.utc).replace(tzinfo=None) < released_at
        assert recorded[0][0] >= released_at and recorded[0][1] == "completed_with_errors"

        pids = served.record_descendants()
        assert pids, "serve should have a Prefect server child"
        elapsed = served.stop(signal.SIGINT)
        print(f"serve stopped {elapsed:.1f}s after SIGINT")
        assert served.process.returncode == 0, "".join(served.output)
        assert elapsed < STOP_S
        assert "Stopped." in "".join(served.output)
        leftovers = [pid for pid in pids if alive(pid)]
        assert leftovers == [], f"processes left behind: {leftovers}"
    finally:
        served.kill_leftovers()


def test_serve_stops_on_sigterm_and_leaves_nothing(tmp_path):
    env = _env(tmp_path)
    served = Served(["--port", "0", "--seeds", str(tmp_path), "--archive", str(tmp_path),
                     "--warehouse", str(tmp_path / "w.duckdb"), "--seeds-interval", "3600"], env, tmp_path)
    try:
        served.wait_for("Press Ctrl-C to stop.", STARTUP_S)
        pids = served.record_descendants()
        assert pids
        elapsed = served.stop(signal.SIGTERM)
        print(f"serve stopped {elapsed:.1f}s after SIGTERM")
        assert served.process.returncode == 0 and elapsed < STOP_S, "".join(served.output)
        assert [pid for pid in pids if alive(pid)] == []
    finally:
        served.kill_leftovers()


def test_serve_names_the_fix_when_the_configured_server_is_down(tmp_path):
    from flows.serve import find_free_port

    env = {**_env(tmp_path), "PREFECT_API_URL": f"http://127.0.0.1:{find_free_port()}/api"}
    result = subprocess.run([str(CLI), "serve", "--warehouse", str(tmp_path / "w.duckdb")], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    said = " ".join((result.stdout + result.stderr).split())
    assert "does not answer" in said and "unset PREFECT_API_URL" in said
