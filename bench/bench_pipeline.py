"""End-to-end throughput, stage costs, the unchanged run, growth. Prints numbers, asserts nothing.

    .venv/bin/python bench/bench_pipeline.py throughput 1000 [--runner processes] [--workers 2]
    .venv/bin/python bench/bench_pipeline.py feeds 1000 10000 [--batch-size 200]
    .venv/bin/python bench/bench_pipeline.py stages 300
    .venv/bin/python bench/bench_pipeline.py unchanged 1000
    .venv/bin/python bench/bench_pipeline.py growth 1000 10000 100000

Each ingest runs in a fresh subprocess (`bench/ingest_once.py`) with a fresh
ephemeral Prefect server, as `alliance-timeline ingest` would; its peak RSS
(flow process) comes back with the result, with its RSS over time. `feeds`
serves the corpus pages behind RSS feeds on a local HTTP server
(`bench/feed_site.py`) and runs the real feed ingest against it; the other
commands read seed files (the same stages without fetching). Every line
carries the load average: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
OUT = HERE / "out"

from bench.corpus import write_page_corpus, write_synthetic_corpus  # noqa: E402


def load_average() -> str:
    """The 1-minute load average now (the machine is shared: every figure is printed with it)."""
    return f"load {os.getloadavg()[0]:.2f}"


def run_ingest(seeds: Path, warehouse: Path, runner: str, workers: int, batch_size: int = 200,
               feeds_file: Path | None = None) -> dict:
    cmd = [sys.executable, str(HERE / "ingest_once.py"), str(seeds), str(warehouse), runner, str(workers),
           str(batch_size), *([str(feeds_file)] if feeds_file else [])]
    env = {**os.environ, "ALLIANCE_TIMELINE_ALLOW_HOSTS": "127.0.0.1"} if feeds_file else None
    begin = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent, env=env)
    wall = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit(f"ingest failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    return result


def _extract_one(path: str) -> int:
    import trafilatura

    text = trafilatura.extract(Path(path).read_text(encoding="utf-8", errors="replace"))
    return len(text or "")


def _extract_one_our_mode(path: str) -> int:
    import trafilatura

    text = trafilatura.extract(Path(path).read_text(encoding="utf-8", errors="replace"),
                               include_comments=False, include_tables=False)
    return len(text or "")


def _to_article_one(path: str) -> int:
    from flows.clean import to_article
    from flows.seeds import read_seed_file

    return len(to_article(read_seed_file(Path(path))).text)


def project_cleaning(paths: list[Path], processes: int) -> float:
    """This project's cleaning (flows.clean.to_article: trafilatura with metadata, language, dates)."""
    begin = time.perf_counter()
    with Pool(processes) as pool:
        pool.map(_to_article_one, [str(p) for p in paths], chunksize=20)
    return time.perf_counter() - begin


def cleaning_floor(paths: list[Path], processes: int, our_mode: bool = False) -> float:
    """Plain trafilatura.extract over the same files with the same number of processes (`our_mode`:
    without comments and tables, as `flows.clean` asks for)."""
    begin = time.perf_counter()
    with Pool(processes) as pool:
        pool.map(_extract_one_our_mode if our_mode else _extract_one, [str(p) for p in paths], chunksize=20)
    return time.perf_counter() - begin


def throughput(n: int, runner: str, workers: int) -> None:
    seeds = OUT / f"pages-{n}"
    paths = write_page_corpus(seeds, n)
    before = load_average()
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        floor = cleaning_floor(paths, workers)
        ours = project_cleaning(paths, workers)
        result = run_ingest(seeds, Path(tmp) / "timeline.duckdb", runner, workers)
    flow_s = result["flow_s"]
    print(f"throughput N={n} runner={runner} workers={workers}: flow {flow_s:.1f}s "
          f"({n / flow_s:.1f} articles/s), process {result['process_wall_s']:.1f}s incl. Prefect start; "
          f"cleaning floor (trafilatura.extract, {workers} processes) {floor:.1f}s ({n / floor:.1f}/s); "
          f"ratio flow/floor {flow_s / floor:.2f}; this project's cleaning (to_article, {workers} processes) "
          f"{ours:.1f}s, ratio flow/that {flow_s / ours:.2f}; peak RSS flow process {result['peak_rss_mb']:.0f} MB; "
          f"events {result['events_new']}; CPU flow process {result['flow_cpu_s']:.1f}s, workers "
          f"{result['workers_cpu_s']:.1f}s; {before} before, {load_average()} after")


def feeds(n: int, runner: str, workers: int, per_feed: int = 100, batch_size: int = 200) -> None:
    """End-to-end through the real `ingest` flow with pages behind feeds on a local HTTP server."""
    from bench.feed_site import LOCAL_FETCH_SETTINGS, FeedSite, cpu_seconds

    with FeedSite(n, per_feed) as site, tempfile.TemporaryDirectory(dir=OUT) as tmp:
        paths = [site.pages[i % len(site.pages)] for i in range(n)]
        before = load_average()
        floor = cleaning_floor(paths, workers)
        mode = cleaning_floor(paths, workers, our_mode=True)
        feed_list = site.write_feed_list(Path(tmp) / "feeds.toml")
        warehouse = Path(tmp) / "timeline.duckdb"
        cpu0 = cpu_seconds()
        first = run_ingest(Path(tmp) / "no-seeds", warehouse, runner, workers, batch_size, feed_list)
        server_cpu = cpu_seconds() - cpu0
        requests = site.requests_by_kind()
        site.server.clear_log()
        again = run_ingest(Path(tmp) / "no-seeds", warehouse, runner, workers, batch_size, feed_list)
        again_requests = site.requests_by_kind()
        after = load_average()
    flow_s = first["flow_s"]
    print(f"feeds N={n} ({site.num_feeds} feeds x {per_feed} entries, {site.page_bytes() / 1e6:.0f} MB of pages; "
          f"runner={runner} workers={workers} batch_size={batch_size}; fetch settings {LOCAL_FETCH_SETTINGS}): "
          f"flow {flow_s:.1f}s ({n / flow_s:.1f} articles/s), process {first['process_wall_s']:.1f}s incl. Prefect "
          f"start; articles new {first['articles_new']}, events {first['events_new']}, errors {first['errors']}; "
          f"in the flow: fetching {first['fetch_s']:.1f}s ({first['fetch_s'] / n * 1000:.1f} ms/article), "
          f"waiting for workers + loading {first['wait_and_load_s']:.1f}s, duplicate links "
          f"{first['link_duplicates_s']:.1f}s, the rest (feed polls, documents, report, bookkeeping) "
          f"{flow_s - first['fetch_s'] - first['wait_and_load_s'] - first['link_duplicates_s']:.1f}s; "
          f"CPU: flow process {first['flow_cpu_s']:.1f}s, workers {first['workers_cpu_s']:.1f}s, HTTP server {server_cpu:.1f}s; "
          f"requests {requests}")
    print(f"  floor (trafilatura.extract defaults, {workers} processes) {floor:.1f}s ({n / floor:.1f}/s): "
          f"ratio flow/floor {flow_s / floor:.2f}; same extraction mode as ours (no comments/tables) {mode:.1f}s, "
          f"ratio {flow_s / mode:.2f}; peak RSS flow process {first['peak_rss_mb']:.0f} MB; {before} before, {after} after")
    print(f"  unchanged (all feeds 304): flow {again['flow_s']:.2f}s beyond Prefect's start "
          f"({again['prefect_start_s']:.1f}s); feeds unchanged {again.get('feeds_unchanged')}; requests {again_requests}",
          flush=True)


def stages(n: int) -> None:
    """Per-article cost of each stage, serially in this process, plus the fixed cost of a run."""
    from flows import extract
    from flows.clean import to_article
    from flows.seeds import read_seed_files
    from flows.warehouse import open_for_writing
    from flows.warehouse.load import load_batch
    from flows.warehouse.runs import start_run

    seeds = OUT / f"pages-{n}"
    paths = write_page_corpus(seeds, n)
    t0 = time.perf_counter()
    docs, _ = read_seed_files(paths, seeds)
    t1 = time.perf_counter()
    articles = [to_article(d) for d in docs]
    t2 = time.perf_counter()
    events = {a.article_id: extract.extract_events(a.text, a.published_date, a.title)
              for a in articles if a.is_english and a.text}
    t3 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        with open_for_writing(Path(tmp) / "t.duckdb") as con:
            run_id = start_run(con, "bench", {}, extract.EXTRACTOR_VERSION)
            t4 = time.perf_counter()
            for start in range(0, len(articles), 200):
                chunk = articles[start:start + 200]
                load_batch(con, run_id, chunk, {a.article_id: events.get(a.article_id, []) for a in chunk},
                           extract.EXTRACTOR_VERSION)
            t5 = time.perf_counter()
        t6 = time.perf_counter()
        empty = run_ingest(Path(tmp) / "none", Path(tmp) / "empty.duckdb", "threads", 2)
    ms = lambda a, b: (b - a) / n * 1000  # noqa: E731
    print(f"stages per article (N={n}, one process): read {ms(t0, t1):.2f} ms, clean {ms(t1, t2):.2f} ms, "
          f"extract {ms(t2, t3):.2f} ms, load {ms(t4, t5):.2f} ms; checkpoint+publish {t6 - t5:.2f}s")
    print(f"fixed cost of a run with no input: process {empty['process_wall_s']:.1f}s, of which Prefect start "
          f"{empty['prefect_start_s']:.1f}s and flow (migrations, run bookkeeping, publish) {empty['flow_s']:.2f}s")


def unchanged(n: int, runner: str, workers: int) -> None:
    seeds = OUT / f"pages-{n}"
    write_page_corpus(seeds, n)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        warehouse = Path(tmp) / "timeline.duckdb"
        first = run_ingest(seeds, warehouse, runner, workers)
        again = run_ingest(seeds, warehouse, runner, workers)
    print(f"unchanged run N={n}: process {again['process_wall_s']:.1f}s, Prefect start {again['prefect_start_s']:.1f}s, "
          f"flow {again['flow_s']:.2f}s beyond it (first run flow {first['flow_s']:.1f}s); "
          f"articles_unchanged={again['articles_unchanged']} new={again['articles_new']}")


def growth(sizes: list[int], runner: str, workers: int) -> None:
    for n in sizes:
        seeds = OUT / f"synthetic-{n}"
        write_synthetic_corpus(seeds, n)
        before = load_average()
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            result = run_ingest(seeds, Path(tmp) / "timeline.duckdb", runner, workers)
        print(f"growth N={n}: flow {result['flow_s']:.1f}s ({n / result['flow_s']:.0f} articles/s), "
              f"peak RSS flow process {result['peak_rss_mb']:.0f} MB, events {result['events_new']}; {before} before, {load_average()} after; RSS (s, MB) over the flow "
              f"{result['rss_profile']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["throughput", "feeds", "stages", "unchanged", "growth"])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--runner", default="processes")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.what == "throughput":
        for n in args.sizes:
            throughput(n, args.runner, args.workers)
    elif args.what == "feeds":
        for n in args.sizes:
            feeds(n, args.runner, args.workers, batch_size=args.batch_size)
    elif args.what == "stages":
        stages(args.sizes[0])
    elif args.what == "unchanged":
        unchanged(args.sizes[0], args.runner, args.workers)
    else:
        growth(args.sizes, args.runner, args.workers)


if __name__ == "__main__":
    main()
