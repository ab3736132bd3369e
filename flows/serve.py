"""`serve`: a local Prefect server (a child process we own) and the runner of our deployments.

Order of life: start `prefect server start --host 127.0.0.1 --port P` in its
own process group (unless `PREFECT_API_URL` already points at a healthy
server), wait for `/api/health`, then serve the deployments in this process
with a Prefect `Runner`:

- `ingest/ingest-feeds`: polls the feed list on a cron (every 15 minutes by
  default) or an interval;
- `ingest/ingest-seeds`: re-ingests the seeds directory on an interval, so
  files dropped into it are picked up (unchanged articles are skipped by the
  loader, so this is cheap and changes nothing when nothing is new);
- `backfill/backfill` and `reextract/reextract`: no schedule, run by hand
  with parameters (the `backfill`/`reextract` commands submit runs of them
  while a server is up, so they appear in the UI).

On Ctrl-C or SIGTERM the runner stops first (it cancels its flow runs and
pauses the schedules while the server can still record that), then the
server's process group gets SIGTERM, and SIGKILL if it is still there after
a few seconds. Runs that write the warehouse never overlap: each holds the
warehouse's exclusive writer lock for its whole write, so a manual backfill
started during a scheduled ingest waits for it.
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

import asyncio  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

import httpx  # noqa: E402

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
DEFAULT_FEEDS_CRON = "*/15 * * * *"
DEFAULT_SEEDS_INTERVAL_S = 300
SERVER_STARTUP_TIMEOUT_S = 120.0
SERVER_STOP_TIMEOUT_S = 10.0


class ServeError(RuntimeError):
    """serve could not start; the message names the fix."""


class StopServing(Exception):
    """SIGTERM arrived before the runner took over signal handling."""


def is_port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def find_free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_api_healthy(api_url: str, timeout_s: float = 2.0) -> bool:
    """True when `<api_url>/health` answers 200."""
    try:
        response = httpx.get(api_url.rstrip("/") + "/health", timeout=timeout_s)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def to_ui_url(api_url: str) -> str:
    url = api_url.rstrip("/")
    return url[: -len("/api")] if url.endswith("/api") else url


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


@dataclass
class LocalServer:
    """A `prefect server start` child process, leader of its own process group."""

    process: subprocess.Popen
    api_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, timeout_s: float = SERVER_STOP_TIMEOUT_S) -> None:
        """SIGTERM the server's process group; SIGKILL it if it outlives `timeout_s`."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout_s)
        _signal_group(self.process.pid, signal.SIGKILL)  # children the server left behind, if any


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start_local_server(
    host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, home: Path | None = None,
    startup_timeout_s: float = SERVER_STARTUP_TIMEOUT_S,
) -> LocalServer:
    """Start `prefect server start` on host:port and wait until its API is healthy."""
    home = Path(home or os.environ["PREFECT_HOME"]).absolute()
    home.mkdir(parents=True, exist_ok=True)
    api_url = f"http://{host}:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": api_url,
    })
    log_path = home / "serve-server.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port),
             "--analytics-off"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    server = LocalServer(process, api_url, log_path)
    deadline = time.monotonic() + startup_timeout_s
    try:
        while not is_api_healthy(api_url, timeout_s=1.0):
            if process.poll() is not None:
                raise ServeError(
                    f"the Prefect server exited with code {process.returncode} before it was ready; "
                    f"its log ({log_path}) ends with:\n{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise ServeError(
                    f"the Prefect server did not answer {api_url}/health within {startup_timeout_s:.0f}s; "
                    f"see {log_path}"
                )
            time.sleep(0.5)
    except BaseException:
        server.stop()
        raise
    return server


def build_deployments(
    *, seeds_dir: Path, archive_dir: Path, warehouse: Path, feeds_file: Path | None,
    feeds_cron: str | None = DEFAULT_FEEDS_CRON, feeds_interval_s: float | None = None,
    seeds_interval_s: float = DEFAULT_SEEDS_INTERVAL_S,
) -> list:
    """The four deployments `serve` runs (paths made absolute: runs start in this process's cwd)."""
    from prefect.deployments.runner import EntrypointType

    from flows.backfill import backfill
    from flows.pipeline import ingest
    from flows.reextract import reextract

    warehouse_path = str(Path(warehouse).absolute())
    module = EntrypointType.MODULE_PATH
    feeds_schedule = (
        {"interval": timedelta(seconds=feeds_interval_s)} if feeds_interval_s else {"cron": feeds_cron}
    )
    return [
        ingest.to_deployment(
            name="ingest-feeds", entrypoint_type=module, paused=False,
            description="Poll the RSS/Atom feeds and ingest new articles.",
            parameters={"seeds_dir": None, "use_feeds": True, "warehouse": warehouse_path,
                        "feeds_file": str(Path(feeds_file).absolute()) if feeds_file else None},
            tags=["alliance-timeline", "writes-warehouse"], **feeds_schedule,
        ),
        ingest.to_deployment(
            name="ingest-seeds", entrypoint_type=module, paused=False,
            interval=timedelta(seconds=seeds_interval_s),
            description="Re-ingest the seeds directory; picks up files dropped into it.",
            parameters={"seeds_dir": str(Path(seeds_dir).absolute()), "use_feeds": False,
                        "warehouse": warehouse_path},
            tags=["alliance-timeline", "writes-warehouse"],
        ),
        backfill.to_deployment(
            name="backfill", entrypoint_type=module,
            description="Backfill a window of days from the archive (run by hand with since/until).",
            parameters={"archive_dir": str(Path(archive_dir).absolute()), "warehouse": warehouse_path},
            tags=["alliance-timeline", "writes-warehouse"],
        ),
        reextract.to_deployment(
            name="reextract", entrypoint_type=module,
            description="Re-run the current extractor over stored articles (all, or a window).",
            parameters={"warehouse": warehouse_path},
            tags=["alliance-timeline", "writes-warehouse"],
        ),
    ]


def to_schedule_text(schedule) -> str:
    """'cron */15 * * * * (UTC)' or 'every 300s'."""
    cron = getattr(schedule, "cron", None)
    if cron:
        return f"on cron {cron} ({getattr(schedule, 'timezone', None) or 'UTC'})"
    interval = getattr(schedule, "interval", None)
    return f"every {interval.total_seconds():g}s" if interval is not None else str(schedule)


async def _start_runner(runner, on_started: Callable[[], None]) -> None:
    """Run the runner until it stops; call `on_started` once it is serving."""
    serving = asyncio.ensure_future(runner.start())
    while not runner.started and not serving.done():
        await asyncio.sleep(0.05)
    if not serving.done():
        on_started()
    await serving


def _raise_stop(signum, frame):  # noqa: ARG001
    raise StopServing()


def run_serve(
    *, deployments_factory: Callable[[], list], host: str = DEFAULT_HOST, port: int | None = DEFAULT_PORT,
    home: Path | None = None, startup_timeout_s: float = SERVER_STARTUP_TIMEOUT_S,
    echo: Callable[[str], None] = print,
) -> None:
    """Start (or reuse) a server, serve the deployments until Ctrl-C/SIGTERM, then stop both in order."""
    from prefect.exceptions import TerminationSignal
    from prefect.runner import Runner
    from prefect.settings import PREFECT_API_URL, temporary_settings

    previous_term = signal.signal(signal.SIGTERM, _raise_stop)
    server: LocalServer | None = None
    try:
        api_url = configured_api_url()
        if api_url:
            if not is_api_healthy(api_url):
                raise ServeError(
                    f"PREFECT_API_URL={api_url} does not answer; start that server, "
                    "or unset PREFECT_API_URL so that serve starts its own"
                )
            echo(f"Using the Prefect server at {api_url} (PREFECT_API_URL).")
        else:
            if port is None or port == 0:
                port = find_free_port(host)
            elif not is_port_free(host, port):
                raise ServeError(f"port {port} on {host} is in use; pass --port N (0 picks a free one)")
            echo(f"Starting a Prefect server on {host}:{port} ...")
            server = start_local_server(host, port, home, startup_timeout_s)
            api_url = server.api_url
            echo(f"Prefect server pid {server.pid}, log {server.log_path}")
        os.environ["PREFECT_API_URL"] = api_url  # flow runs the runner starts inherit it
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            runner = Runner(name="alliance-timeline", pause_on_shutdown=True)
            for deployment in deployments_factory():
                runner.add_deployment(deployment)  # registers it with the server now
                schedules = [to_schedule_text(s.schedule) for s in (deployment.schedules or [])]
                when = f" {', '.join(schedules)}" if schedules else " (run by hand)"
                echo(f"  serving {deployment.flow_name}/{deployment.name}{when}")
            echo(f"Prefect UI: {to_ui_url(api_url)}")
            try:
                # on SIGTERM the runner stops itself (its own handler); before it has started, that handler
                # exits at once, so tell the user to press Ctrl-C only once the runner is up
                asyncio.run(_start_runner(runner, lambda: echo("Press Ctrl-C to stop.")))
            except (KeyboardInterrupt, TerminationSignal, SystemExit):
                pass
    except (StopServing, KeyboardInterrupt):  # a signal before the runner took over
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave the server behind
        try:
            if server is not None:
                echo("Stopping the Prefect server ...")
                server.stop()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, previous_term)
    echo("Stopped.")
