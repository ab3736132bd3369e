"""One `ingest` run in this process; prints a JSON line with its counts and timings.

    ingest_once.py SEEDS WAREHOUSE RUNNER WORKERS BATCH_SIZE
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    seeds, warehouse, runner, workers, batch_size = sys.argv[1:6]
    begin = time.perf_counter()
    from flows.pipeline import ingest
    from prefect import flow

    @flow(name="bench-noop")
    def noop() -> None:
        return None

    noop()  # starts the ephemeral Prefect server (as the first flow of any process does)
    started = time.perf_counter()
    from pathlib import Path

    result = ingest(seeds_dir=seeds if Path(seeds).exists() else None, warehouse=warehouse, task_runner=runner,
                    workers=int(workers), batch_size=int(batch_size))
    done = time.perf_counter()
    result.update(prefect_start_s=started - begin, flow_s=done - started,
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
