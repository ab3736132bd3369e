"""Work pools for real: a Prefect server and two workers as separate processes on
127.0.0.1, the deployments registered with `alliance-timeline deploy --work-pool`,
an ingest run picked up by a worker gives the same warehouse as the in-process run,
and everything started here is stopped in bounded time (by process group)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.integration.test_scale_runners import build_corpus, snapshot

PREFECT = Path(sys.executable).with_name("prefect")
POOL = "scale-test"
STOP_TIMEOUT_S = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as handle:
        return subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=log.parent)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL it if it outlives STOP_TIMEOUT_S; never by name."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(process.pid, signal.SIGKILL)  # children left in the group (flow-run processes)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    root = tmp_path_factory.mktemp("pool")
    home = root / "prefect-home"
    home.mkdir()
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "ALLIANCE_TIMELINE_"))}
    env.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_LOGGING_LEVEL": "WARNING"})
    started: list[subprocess.Popen] = []
    try:
        started.append(start([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                             env, root / "server.log"))
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(api_url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert started[0].poll() is None, (root / "server.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the Prefect server did not start within 120 s"
            time.sleep(0.5)
        env["PREFECT_API_URL"] = api_url
        yield {"root": root, "env": env, "started": started, "api_url": api_url}
    finally:
        for process in reversed(started):
            stop(process)


def test_deploy_then_two_workers_run_ingest(cluster):
    root, env = cluster["root"], cluster["env"]
    corpus = build_corpus(root / "seeds")
    warehouse = root / "pool" / "timeline.duckdb"
    deployed = run_cli("deploy", "--work-pool", POOL, "--seeds", str(corpus), "--warehouse", str(warehouse),
                       "--archive", str(root / "archive"), cwd=root, env=env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "ingest/ingest-seeds" in deployed.stdout and "ingest/ingest-feeds" in deployed.stdout

    for number in (1, 2):
        cluster["started"].append(start([str(PREFECT), "worker", "start", "--pool", POOL, "--name", f"worker-{number}"],
                                        env, root / f"worker-{number}.log"))
    ran = subprocess.run([str(PREFECT), "deployment", "run", "ingest/ingest-seeds", "--watch",
                          "--watch-timeout", "400"], env=env, cwd=root, capture_output=True, text=True, timeout=450)
    assert ran.returncode == 0, ran.stdout + ran.stderr + (root / "worker-1.log").read_text()[-3000:]
    assert "Completed" in ran.stdout

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import WorkerFilter, WorkerFilterStatus
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: cluster["api_url"]}):
        with get_client(sync_client=True) as client:
            workers = client.read_workers_for_work_pool(
                POOL, worker_filter=WorkerFilter(status=WorkerFilterStatus(any_=["ONLINE"])))
            queue = client.read_work_queue_by_name("warehouse-writer", work_pool_name=POOL)
            deployment = client.read_deployment_by_name("ingest/ingest-seeds")
        assert sorted(w.name for w in workers) == ["worker-1", "worker-2"]
        assert queue.concurrency_limit == 1
        assert deployment.work_queue_name == "warehouse-writer"
        assert deployment.global_concurrency_limit is not None and deployment.global_concurrency_limit.limit == 1

    # the reference: the same seeds ingested directly (no work pool), in a process that exits
    # (an in-process run would leave Prefect's event and log workers pointed at a server stopped below)
    reference = root / "direct" / "timeline.duckdb"
    direct = run_cli("ingest", "--seeds", str(corpus), "--no-feeds", "--warehouse", str(reference), cwd=root, env=env)
    assert direct.returncode == 0, direct.stdout + direct.stderr
    assert snapshot(warehouse) == snapshot(reference)


def test_everything_started_is_stopped(cluster):
    started = cluster["started"]
    assert len(started) == 3  # the server and two workers (after the test above)
    begin = time.monotonic()
    for process in reversed(started):
        stop(process)
    assert all(process.poll() is not None for process in started)
    assert time.monotonic() - begin < 3 * 2 * STOP_TIMEOUT_S
    with pytest.raises(httpx.HTTPError):
        httpx.get(cluster["api_url"] + "/health", timeout=2)
