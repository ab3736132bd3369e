"""Score the extractor on set W: ten 2025 articles that were the blind set from extractor 0.6.0 to 0.8.0 (prints numbers).

Usage: .venv/bin/python bench/eval_w.py [--show-misses] [--json]

tests/fixtures/eval_w was written by an annotator who never read the coder
(Nexperia, brandy duties, drones over Poland, the Saudi visit, Mogami
frigates, Canada's counter-tariffs, Mexico's Asian tariffs, Hanwha, Ukraine's
arms letters, Istanbul talks). Its aggregate scores were read blind twice
(0.6.0: F1 0.629; 0.8.0: F1 0.663, amount 0.36); then it was opened for
tuning and the blind set U, kept outside the repository, replaced it.
Report and options: bench/eval_extra.py's `main`.
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
