"""One `ingest` run in this process; prints a JSON line with its counts and timings.

    ingest_once.py SEEDS WAREHOUSE RUNNER WORKERS BATCH_SIZE [FEEDS_FILE]

With FEEDS_FILE the run polls those feeds (and reads no seeds); the wall time
spent in the fetcher (feeds, robots.txt, pages), in waiting for staged
batches and loading them (`StagedLoader._load_next`, entry rows included)
and in duplicate linking is measured by wrapping those functions for this
process only.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _timed(owner, name: str, totals: dict, key: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - begin

    setattr(owner, name, wrapper)


class RssSampler:
    """This process's resident memory every half second (where in the run the peak is)."""

    def __init__(self) -> None:
        import threading

        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        begin = time.perf_counter()
        while not self._stop.wait(0.5):
            with open("/proc/self/statm") as statm:
                pages = int(statm.read().split()[1])
            self.samples.append((time.perf_counter() - begin, pages * 4096 / 2**20))

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def profile(self, points: int = 12) -> list[tuple[int, int]]:
        """(seconds, MB) at `points` evenly spaced moments, and the peak."""
        if not self.samples:
            return []
        step = max(1, len(self.samples) // points)
        picked = self.samples[::step] + [max(self.samples, key=lambda s: s[1])]
        return [(round(t), round(mb)) for t, mb in picked]


def main() -> None:
    seeds, warehouse, runner, workers, batch_size = sys.argv[1:6]
    feeds_file = sys.argv[6] if len(sys.argv) > 6 else None
    begin = time.perf_counter()
    from flows import pipeline  # first: it points Prefect at the project's PREFECT_HOME before Prefect loads
    from flows.feeds.http import Fetcher
    from prefect import flow

    stage_s: dict[str, float] = {}
    if feeds_file:
        from flows import feed_ingest

        _timed(Fetcher, "fetch_many", stage_s, "fetch_s")  # feeds, robots.txt, pages
        _timed(pipeline.StagedLoader, "_load_next", stage_s, "wait_and_load_s")  # waiting for workers, loading
        _timed(feed_ingest, "link_duplicates", stage_s, "link_duplicates_s")

    @flow(name="bench-noop")
    def noop() -> None:
        return None

    noop()  # starts the ephemeral Prefect server (as the first flow of any process does)
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with RssSampler() as sampler:
        result = pipeline.ingest(seeds_dir=seeds if Path(seeds).exists() and not feeds_file else None,
                                 warehouse=warehouse, task_runner=runner, workers=int(workers),
                                 batch_size=int(batch_size), use_feeds=bool(feeds_file), feeds_file=feeds_file)
    done = time.perf_counter()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = [a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(cpu_after, cpu_before)]
    stage_s.update(flow_cpu_s=cpu[0], workers_cpu_s=cpu[1])  # workers: children that ended during the run
    result.update(prefect_start_s=started - begin, flow_s=done - started, **stage_s, rss_profile=sampler.profile(),
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
