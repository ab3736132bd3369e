"""Score the extractor on set W (the second private blind set, now used for tuning) (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_w.py [--show-misses] [--json]

tests/fixtures/eval_w (articles/ + gold.jsonl) was written apart from the
coder and kept outside the repository as a blind set while the coder was
written (its aggregate scores were read four times, nothing else); once a new
blind set replaced it, it became tuning material like the others. The scoring and the report are bench/eval_extra.py's
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

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_w"

if __name__ == "__main__":
    sys.exit(main(default_dir=DEFAULT_DIR, description=__doc__))
