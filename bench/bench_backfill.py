"""Benchmark: backfill and re-extraction over a synthetic archive of real articles.

Builds an archive of D days (default 30) with K articles each (default 20):
the development articles of `../shared/eval/dev/articles/` and the seed
article, each day's copies given their own URL and date, half as dated seed
files and half as lines of one JSON Lines dump. Then times, in one Prefect
test harness (its start-up is not timed):

1. the first backfill of the window (real cleaning, real extractor, real DuckDB);
2. the same backfill again (every day already done: the resume path);
3. `reextract --force` over every stored article;
4. `reextract` again (nothing to do: every article is on the current version).

Prints seconds and rates; asserts nothing.
Run: `.venv/bin/python bench/bench_backfill.py [--days D] [--per-day K]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from flows.prefect_env import configure_prefect_environment  # noqa: E402

configure_prefect_environment()

from flows.seeds import parse_front_matter  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SOURCES = sorted((SHARED / "eval" / "dev" / "articles").glob("*.txt"))


def build_archive(root: Path, days: int, per_day: int, first: date) -> int:
    texts = []
    for path in SOURCES:
        meta, body, _ = parse_front_matter(path.read_text(encoding="utf-8"))
        texts.append((meta.get("title", path.stem), meta.get("source", "Bench Wire"), body))
    total = 0
    dump = root / "dumps" / "bench.jsonl"
    dump.parent.mkdir(parents=True)
    with open(dump, "w", encoding="utf-8") as lines:
        for d in range(days):
            day = first + timedelta(days=d)
            folder = root / day.isoformat()
            folder.mkdir()
            for k in range(per_day):
                title, source, body = texts[(d * per_day + k) % len(texts)]
                url = f"https://bench.test/{day.isoformat()}/{k}"
                if k % 2 == 0:
                    (folder / f"a{k}.txt").write_text(
                        f"---\ntitle: {title}\nurl: {url}\nsource: {source}\npublished: {day}\n---\n{body}",
                        encoding="utf-8")
                else:
                    lines.write(json.dumps({"url": url, "title": title, "source": source,
                                            "published": day.isoformat(), "text": body}) + "\n")
                total += 1
    return total


def timed(label: str, call, articles: int) -> dict:
    started = time.perf_counter()
    cpu = time.process_time()
    result = call()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    rate = f"{articles / wall:,.1f} articles/s" if articles else ""
    print(f"{label:<42} {wall:8.2f} s wall {cpu:8.2f} s cpu  {rate}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=20)
    args = parser.parse_args()
    from prefect.testing.utilities import prefect_test_harness

    from flows.backfill import backfill
    from flows.reextract import reextract

    first = date(2025, 10, 1)
    last = first + timedelta(days=args.days - 1)
    print(f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"{args.days} days x {args.per_day} articles")
    with tempfile.TemporaryDirectory() as tmp, prefect_test_harness(server_startup_timeout=120):
        root = Path(tmp) / "archive"
        total = build_archive(root, args.days, args.per_day, first)
        warehouse = str(Path(tmp) / "w.duckdb")
        window = {"since": first.isoformat(), "until": last.isoformat(), "archive_dir": str(root),
                  "warehouse": warehouse}
        result = timed("backfill, first run", lambda: backfill(**window), total)
        print(f"  {result['days_done']} days, {result.get('articles_new', 0)} articles, "
              f"{result.get('events_new', 0)} new events, {result.get('mentions_new', 0)} mentions")
        result = timed("backfill again (all days done: resume path)", lambda: backfill(**window), 0)
        print(f"  {result['days_skipped']} days skipped")
        result = timed("reextract --force (every article)", lambda: reextract(warehouse=warehouse, force=True), total)
        print(f"  {result['articles_reextracted']} articles, {result['events_new']} new events")
        result = timed("reextract again (nothing to do)", lambda: reextract(warehouse=warehouse), 0)
        print(f"  {result['articles_reextracted']} articles")


if __name__ == "__main__":
    main()
