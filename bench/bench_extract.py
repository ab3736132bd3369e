"""Extraction speed: articles per second on one core over the dev articles repeated.

Usage: .venv/bin/python bench/bench_extract.py [--repeat N] [--shared PATH]

Articles are read and cleaned first (not timed); only `extract_events` is
timed. Prints numbers, asserts nothing. The machine's load average is
printed with them: on a shared machine, compare two trees only in runs made
one after the other (`PYTHONPATH=<other tree> python <other tree>/bench/...`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.clean import to_article  # noqa: E402
from flows.extract import EXTRACTOR_VERSION, extract_events  # noqa: E402
from flows.seeds import read_seed_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    paths = sorted((args.shared / "eval" / "dev" / "articles").glob("*.txt"))
    if not paths:
        print(f"no dev articles under {args.shared / 'eval' / 'dev' / 'articles'}; pass --shared <path of the shared folder>",
              file=sys.stderr)
        return 2
    articles = [to_article(read_seed_file(p)) for p in paths]
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    extract_events(articles[0].text, articles[0].published_date, articles[0].title)  # warm-up
    events = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for _ in range(args.repeat):
        for article in articles:
            events += len(extract_events(article.text, article.published_date, article.title))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    n = args.repeat * len(articles)
    print(f"extractor {EXTRACTOR_VERSION}: {n} articles (avg {words:.0f} words), {events / n:.1f} events/article")
    print(f"  wall: {elapsed:.2f}s = {n / elapsed:.0f} articles/s ({1000 * elapsed / n:.2f} ms/article)")
    print(f"  cpu:  {cpu:.2f}s = {n / cpu:.0f} articles/s on one core (wall and cpu differ on a busy machine)")
    print("  load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
