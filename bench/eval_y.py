"""Score the extractor on the third, independently written set (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_y.py [--show-misses] [--json]

tests/fixtures/eval_y (articles/ + gold.jsonl) was written apart from the
coder, the dev set and the extra set: news about 2025 trade and security
episodes with coordinated clauses, city metonyms, conditional warnings and
background dates. The scoring and the report are bench/eval_extra.py's
(`main`), pointed at this set: P/R/F1/date/amount overall and per article;
`--show-misses` prints misses, false positives and wrong dates/amounts with
their sentences.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_extra import main  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_y"

if __name__ == "__main__":
    sys.exit(main(default_dir=DEFAULT_DIR, description=__doc__))
