"""Score the extractor on set U: ten 2025 articles that were the blind set after W (prints numbers).

Usage: .venv/bin/python bench/eval_u.py [--show-misses] [--json]

tests/fixtures/eval_u was written by an annotator who never read the coder.
Its aggregate scores were read blind many times (first read 2026-11: F1
0.587; last blind read F1 0.600); then it was opened for tuning in session 5
and the blind set T, kept outside the repository, replaced it.
Report and options: bench/eval_extra.py's `main`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_extra import main  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_u"

if __name__ == "__main__":
    sys.exit(main(default_dir=DEFAULT_DIR, description=__doc__))
