"""Register the deployments on a Prefect server for a process work pool.

`serve` (flows/serve.py) runs the deployments in its own process; this
module puts the same deployments (`flows.serve.build_deployments`: ingest
feeds on a cron, ingest seeds on an interval, backfill and reextract by
hand) on a server's *work pool*, so `prefect worker start --pool NAME` on
any machine with this package installed picks up their runs.

Every deployment writes the warehouse, and DuckDB has one writer: each has a
deployment concurrency limit of one, and all of them go to one work queue
(`warehouse-writer`) whose concurrency limit is one, so at most one of them
runs at a time across all workers. The heavy parallel work inside a run
goes to the task runner (`task_runner = "dask://scheduler:8786"` spreads it
over Dask workers on other machines).
"""

from __future__ import annotations

from flows.prefect_env import configure_prefect_environment

configure_prefect_environment()

from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

WRITER_QUEUE = "warehouse-writer"


class DeployError(RuntimeError):
    """The deployments could not be registered; the message names the fix."""


@dataclass
class Registered:
    work_pool: str
    work_queue: str
    deployments: list[tuple[str, str, str]]  # (flow/deployment name, schedule, deployment id)


def ensure_work_pool(name: str, queue: str = WRITER_QUEUE) -> None:
    """Create the process work pool (if missing) and its writer queue with a concurrency limit of one."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            pool = client.read_work_pool(name)
        except ObjectNotFound:
            try:
                client.create_work_pool(WorkPoolCreate(
                    name=name, type="process", base_job_template=ProcessWorker.get_default_base_job_template()))
            except ObjectAlreadyExists:
                pass
            pool = client.read_work_pool(name)
        if pool.type != "process":
            raise DeployError(f"work pool {name!r} is of type {pool.type!r}; use a process pool "
                              f"(prefect work-pool create NAME --type process) or pick another name")
        try:
            existing = client.read_work_queue_by_name(queue, work_pool_name=name)
        except ObjectNotFound:
            client.create_work_queue(name=queue, work_pool_name=name, concurrency_limit=1)
        else:
            if existing.concurrency_limit != 1:
                client.update_work_queue(existing.id, concurrency_limit=1)


def deploy_to_work_pool(
    work_pool: str, *, seeds_dir: Path, archive_dir: Path, warehouse: Path, feeds_file: Path | None,
    feeds_cron: str,
) -> Registered:
    """Create or update the deployments on the server PREFECT_API_URL points at."""
    from prefect.settings import PREFECT_API_URL

    from flows.serve import build_deployments

    if not PREFECT_API_URL.value():
        raise DeployError("no Prefect server: set PREFECT_API_URL=http://HOST:4200/api "
                          "(start one with `prefect server start --host 0.0.0.0`)")
    ensure_work_pool(work_pool)
    deployments = build_deployments(seeds_dir=seeds_dir, archive_dir=archive_dir, warehouse=warehouse,
                                    feeds_file=feeds_file, feeds_cron=feeds_cron)
    registered = []
    for deployment in deployments:
        deployment.concurrency_limit = 1
        deployment.work_queue_name = WRITER_QUEUE
        deployment_id = deployment.apply(work_pool_name=work_pool)
        schedule = ", ".join(
            str(getattr(s.schedule, "cron", None) or getattr(s.schedule, "interval", "")) for s in deployment.schedules
        ) or "by hand"
        registered.append((f"{deployment.flow_name}/{deployment.name}", schedule, str(deployment_id)))
    return Registered(work_pool=work_pool, work_queue=WRITER_QUEUE, deployments=registered)
