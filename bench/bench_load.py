"""The loader alone, as the warehouse grows: time per statement and memory per batch. Asserts nothing.

    .venv/bin/python bench/bench_load.py 30000 [--batch-size 200] [--every 25]

Synthetic articles (`bench/corpus.py`) are cleaned and coded once on all
cores and kept in `bench/out/prepared-N.pickle`; then one process loads them
batch by batch into a fresh warehouse with `flows.warehouse.load.load_batch`,
as the ingest flow's loader does, without Prefect. Every `--every` batches it
prints the batch's wall time split by statement, the process's RSS and
DuckDB's own memory accounting, so a cost that grows with the warehouse shows
which statement it is in.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
OUT = HERE / "out"

from bench.corpus import write_synthetic_corpus  # noqa: E402


def _prepare(paths: list[str]):
    from flows.clean import to_article
    from flows.pipeline import extract_articles
    from flows.seeds import read_seed_file

    articles = [to_article(read_seed_file(Path(path))) for path in paths]
    events, _ = extract_articles(articles)
    return [(article, events.get(article.article_id, [])) for article in articles]


def prepared(n: int) -> list:
    cache = OUT / f"prepared-{n}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    corpus = OUT / f"synthetic-{n}"
    write_synthetic_corpus(corpus, n)
    paths = sorted(str(p) for p in corpus.rglob("*.txt"))[:n]
    chunks = [paths[i:i + 500] for i in range(0, len(paths), 500)]
    with Pool(os.cpu_count()) as pool:
        items = [item for chunk in pool.map(_prepare, chunks) for item in chunk]
    cache.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
    return items


class TimedConnection:
    """Passes every call to the DuckDB connection and adds its wall time to the statement's label."""

    def __init__(self, con, totals: dict) -> None:
        self._con, self._totals = con, totals

    def execute(self, sql: str, *args):
        label = " ".join(sql.split()[:6])[:60] + (" ... on conflict" if "on conflict" in sql else "")
        begin = time.perf_counter()
        try:
            return self._con.execute(sql, *args)
        finally:
            self._totals[label] += time.perf_counter() - begin

    def __getattr__(self, name):
        return getattr(self._con, name)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--every", type=int, default=25)
    parser.add_argument("--memory-limit", default="256MB")
    parser.add_argument("--keep", help="copy the loaded warehouse here (to study it)")
    args = parser.parse_args()

    items = prepared(args.n)
    from flows.extract import EXTRACTOR_VERSION
    from flows.warehouse.files import connect_working, WarehouseFiles

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        files = WarehouseFiles.at(Path(tmp) / "load.duckdb")
        con = connect_working(files)
        con.execute(f"set memory_limit = '{args.memory_limit}'")
        from flows.warehouse.load import load_batch

        totals: dict[str, float] = defaultdict(float)
        timed = TimedConnection(con, totals)
        begin = time.perf_counter()
        window: dict[str, float] = defaultdict(float)
        window_begin = time.perf_counter()
        peak = 0.0
        print(f"{args.n} prepared articles, {sum(len(e) for _, e in items)} extracted events, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        for number, start in enumerate(range(0, len(items), args.batch_size), 1):
            batch = items[start:start + args.batch_size]
            before = dict(totals)
            load_batch(timed, "bench", [a for a, _ in batch], {a.article_id: e for a, e in batch}, EXTRACTOR_VERSION)
            for label, seconds in totals.items():
                window[label] += seconds - before.get(label, 0.0)
            peak = max(peak, rss_mb())
            if number % args.every == 0 or start + args.batch_size >= len(items):
                spent = time.perf_counter() - window_begin
                used = con.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()[0] / 2**20
                events, mentions = con.execute(
                    "select (select count(*) from events), (select count(*) from event_mentions)").fetchone()
                window["(python: everything but SQL)"] = spent - sum(window.values())
                top = sorted(window.items(), key=lambda kv: -kv[1])[:6]
                print(f"batch {number:4d} articles {start + len(batch):7d} events {events:6d} mentions {mentions:7d}"
                      f" | {1000 * spent / args.every:6.1f} ms/batch | rss {rss_mb():5.0f} MB (peak {peak:5.0f})"
                      f" duckdb {used:5.0f} MB | load {os.getloadavg()[0]:.2f}", flush=True)
                for label, seconds in top:
                    print(f"      {1000 * seconds / args.every:6.1f} ms  {label}", flush=True)
                window = defaultdict(float)
                window_begin = time.perf_counter()
        wall = time.perf_counter() - begin
        print(f"total {wall:.1f} s, {args.n / wall:.0f} articles/s loaded, peak rss {peak:.0f} MB", flush=True)
        con.close()
        if args.keep:
            import shutil

            shutil.copyfile(files.working, args.keep)


if __name__ == "__main__":
    main()
