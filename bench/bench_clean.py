"""Cleaning: cost per page of each part of `flows.clean.to_article`, and a before/after check.

    .venv/bin/python bench/bench_clean.py costs [--repeat 3]
    .venv/bin/python bench/bench_clean.py snapshot bench/out/clean-before.json
    .venv/bin/python bench/bench_clean.py compare bench/out/clean-before.json

`costs` prints CPU milliseconds per page (process time, single thread: less
sensitive to a loaded machine than wall time) over the 110 corpus pages for
the floor (plain `trafilatura.extract`), `trafilatura.extract` in the mode we
use, and `to_article` with its parts. `snapshot` writes what `to_article`
makes of every corpus page, seed article and dev article (text hash, title,
author, dates, language, ...); `compare` cleans them again and counts what
changed, so a change to cleaning is judged on the corpus, not on timings alone.
Prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import DEV_ARTICLES, PAGES  # noqa: E402

SEED_ARTICLES = HERE.parent / "seeds" / "articles"
FIELDS = ("text_sha", "text_len", "title", "author", "site_name", "source", "published_at", "published_precision",
          "language", "place", "text_source")


def _inputs() -> list[Path]:
    return sorted(PAGES.glob("*.html")) + sorted(DEV_ARTICLES.glob("*.txt")) + sorted(SEED_ARTICLES.glob("*.txt"))


def _record(path: Path) -> dict:
    from flows.clean import to_article
    from flows.seeds import read_seed_file

    article = to_article(read_seed_file(path), reference=None)
    return {
        "text_sha": hashlib.sha256(article.text.encode()).hexdigest()[:16], "text_len": len(article.text),
        "title": article.title, "author": article.author, "site_name": article.site_name, "source": article.source,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "published_precision": article.published_precision, "language": article.language, "place": article.place,
        "text_source": article.text_source, "raw_html_bytes": len(article.raw_html or b""),
    }


def snapshot(target: Path) -> None:
    records = {f"{p.parent.name}/{p.name}": _record(p) for p in _inputs()}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
    print(f"snapshot of {len(records)} documents -> {target}")


def compare(baseline: Path) -> None:
    before = json.loads(baseline.read_text(encoding="utf-8"))
    after = {f"{p.parent.name}/{p.name}": _record(p) for p in _inputs()}
    pages = [k for k in before if k.endswith(".html")]
    print(f"{len(before)} documents ({len(pages)} HTML pages); same in all fields: "
          f"{sum(before[k] == {**after[k], 'raw_html_bytes': before[k]['raw_html_bytes']} for k in before)}")
    for name in FIELDS:
        changed = [k for k in before if before[k][name] != after[k][name]]
        print(f"  {name}: identical on {len(before) - len(changed)}/{len(before)}", end="")
        if changed:
            shown = "; ".join(f"{k}: {before[k][name]!r} -> {after[k][name]!r}" for k in changed[:6])
            print(f"  ({shown}{' ...' if len(changed) > 6 else ''})", end="")
        print()
    dated = sum(1 for k in pages if before[k]["published_at"]), sum(1 for k in pages if after[k]["published_at"])
    print(f"  pages with a publication date: {dated[0]} before, {dated[1]} after")
    raw = sum(before[k]["raw_html_bytes"] for k in pages), sum(after[k]["raw_html_bytes"] for k in pages)
    print(f"  stored raw HTML (compressed) over the pages: {raw[0] / 1e6:.2f} MB before, {raw[1] / 1e6:.2f} MB after")


def _cpu_ms(fn, items, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        begin = time.process_time()
        for item in items:
            fn(item)
        best = min(best, time.process_time() - begin)
    return best / len(items) * 1000


def costs(repeat: int) -> None:
    import py3langid
    import trafilatura

    from flows import clean
    from flows.seeds import read_seed_file

    docs = [read_seed_file(p) for p in sorted(PAGES.glob("*.html"))]
    htmls = [d.body for d in docs]
    # what a feed entry usually gives besides the link: a title and a date (often an author), which the
    # page is then not searched for
    with_feed_date = [replace(d, title="A feed entry's title", published="2025-10-01T08:00:00+00:00") for d in docs]
    with_feed_all = [replace(d, author="Jane Feedwriter") for d in with_feed_date]
    articles = [clean.to_article(d) for d in docs]  # warm caches and imports
    texts = [a.text for a in articles]
    rows = [
        ("floor: trafilatura.extract(html), defaults", lambda h: trafilatura.extract(h), htmls),
        ("trafilatura.extract, no comments/tables (our mode)",
         lambda h: trafilatura.extract(h, include_comments=False, include_tables=False), htmls),
        ("bare_extraction with metadata, as to_article calls it", lambda h: clean._html_to_fields(h, None), htmls),
        ("to_article (all of it)", clean.to_article, docs),
        ("to_article, the feed entry gives title and date (as bench/feed_site.py)", clean.to_article, with_feed_date),
        ("to_article, the feed entry gives title, author and date", clean.to_article, with_feed_all),
        ("  of which language id (detect_language)", clean.detect_language, texts),
        ("  of which py3langid over 4,000 characters", lambda t: py3langid.classify(t[:4000]), texts),
        ("  of which zlib level 6 of the raw HTML", lambda d: zlib.compress(d.raw_html, 6), docs),
        ("  zlib level 1 of the raw HTML", lambda d: zlib.compress(d.raw_html, 1), docs),
    ]
    print(f"CPU ms per page over {len(docs)} corpus pages (best of {repeat}); load {os.getloadavg()[0]:.2f} before")
    for label, fn, items in rows:
        print(f"  {label}: {_cpu_ms(fn, items, repeat):.2f} ms", flush=True)
    print(f"load {os.getloadavg()[0]:.2f} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["costs", "snapshot", "compare"])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.what == "costs":
        costs(args.repeat)
    elif args.path is None:
        parser.error(f"{args.what} needs a JSON path")
    elif args.what == "snapshot":
        snapshot(args.path)
    else:
        compare(args.path)


if __name__ == "__main__":
    main()
