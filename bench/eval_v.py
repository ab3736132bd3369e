"""Score the extractor on set V, a tuning set of twelve 2025 articles (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_v.py [--show-misses] [--json]

tests/fixtures/eval_v (articles/ + gold.jsonl) was written apart from the
coder and from the other sets, by an annotator who did not read the coder's
rules: wire copy, analysis pieces with forecasts that are not events, passive
voice, metonyms ("the bloc", "Seoul", "the administration"), amounts in yen,
won, yuan, pounds and "% of GDP", relative and background dates, denials and
conditionals, one event restated in several places, and arms deliveries told
from both ends. The scoring and the report are bench/eval_extra.py's (`main`),
pointed at this set: P/R/F1/date/amount overall and per article;
`--show-misses` prints misses, false positives and wrong dates/amounts with
their sentences.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_extra import main  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_v"

if __name__ == "__main__":
    sys.exit(main(default_dir=DEFAULT_DIR, description=__doc__))
