"""The Prefect task runner the parallel stages run on, chosen by a setting.

- `threads`: `ThreadPoolTaskRunner` (one process; trafilatura and the
  extractor hold the GIL, so this overlaps I/O more than it parallelises CPU);
- `processes`: `ProcessPoolTaskRunner` (one process per worker on this machine);
- `dask`: a `LocalCluster` that prefect-dask starts and stops with the run;
- `dask://host:port`: an existing Dask scheduler (`dask scheduler` +
  `dask worker tcp://host:port` on any number of machines).
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.settings import SettingsError, check_task_runner, to_dask_address


def to_task_runner(task_runner: str, workers: int) -> TaskRunner:
    task_runner = check_task_runner(task_runner, "task_runner")
    if task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if task_runner == "processes":
        try:
            from prefect.task_runners import ProcessPoolTaskRunner
        except ImportError:  # older Prefect 3 releases
            raise SettingsError("task_runner = processes needs a Prefect 3 release with ProcessPoolTaskRunner "
                                "(pip install -U 'prefect>=3.9'), or use threads or dask") from None
        return ProcessPoolTaskRunner(max_workers=workers)
    from prefect_dask import DaskTaskRunner  # imported only when asked for: dask is heavy

    address = to_dask_address(task_runner)
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


@contextlib.contextmanager
def workers_report_to_this_api(task_runner: str) -> Iterator[None]:
    """Inside a flow run: worker processes on this machine report to the Prefect API this process uses.

    Without `PREFECT_API_URL`, Prefect starts a temporary API server for the flow. A spawned worker
    (processes, a local Dask cluster) has no URL either, so on its first task it started a temporary
    server of its own: 5-10 s of every run on this 2-core machine before the first batch was cleaned
    (bench/RESULTS.md), and a second server writing the same Prefect database. Here the workers get
    the URL of the server the flow already talks to. Threads share this process's client; a remote
    Dask cluster (`dask://`) cannot reach a temporary server on 127.0.0.1 and is left alone.
    """
    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL, temporary_settings

    context = FlowRunContext.get()
    if (PREFECT_API_URL.value() or check_task_runner(task_runner, "task_runner") == "threads"
            or to_dask_address(task_runner) or context is None or context.client is None):
        yield
        return
    with temporary_settings(updates={PREFECT_API_URL: str(context.client.api_url).rstrip("/")}):
        yield
