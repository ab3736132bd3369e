"""Benchmark inputs: seed folders of N articles (run by hand; see bench/RESULTS.md).

- `write_page_corpus(dest, n)`: the corpus pages (../shared/corpus/pages) repeated under
  distinct file names (each file is its own article: `seed:<name>`);
- `write_synthetic_corpus(dest, n)`: plain-text articles with front matter, made from the dev
  articles' sentences shuffled per article (distinct text, real-looking English).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "corpus" / "pages"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles"


def write_page_corpus(dest: Path, n: int) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    pages = sorted(PAGES.glob("*.html"))
    written = []
    for i in range(n):
        target = dest / f"{i:06d}-{pages[i % len(pages)].name}"
        if not target.exists():
            shutil.copyfile(pages[i % len(pages)], target)
        written.append(target)
    return written


def write_synthetic_corpus(dest: Path, n: int, seed: int = 7) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    sentences = []
    for path in sorted(DEV_ARTICLES.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.strip()) > 40]
    rng = random.Random(seed)
    for i in range(n):
        target = dest / f"{i // 1000:04d}" / f"a{i:07d}.txt"
        if target.exists():
            continue
        target.parent.mkdir(exist_ok=True)
        picked = rng.sample(sentences, k=min(12, len(sentences)))
        target.write_text(
            f"---\ntitle: Synthetic article {i}\nurl: https://bench.example/{i}\nsource: Bench Wire\n"
            f"published: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n" + " ".join(picked) + "\n",
            encoding="utf-8",
        )
