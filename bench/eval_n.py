"""Score the extractor on the precision set N (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_n.py [--show-misses] [--json]

tests/fixtures/eval_n (articles/ + gold.jsonl, TRAPS.md) was written apart from
the coder to measure false positives: twelve news-style articles whose
sentences look like events but are not (idioms with event verbs, speculation
and conditionals, questions, denials, domestic actors, sports, weather,
markets, history paragraphs). n001-n008 are alliance/trade/security stories
with a few real events among the traps; n009-n012 are off-topic (a football
final, a company's results, a heatwave, domestic politics) with one optional
event each, so score.py counts every prediction on them. TRAPS.md lists the
kinds of trap per article.

The scoring and the report are bench/eval_extra.py's (`main`), pointed at this
set: P/R/F1/date/amount overall and per article; `--show-misses` prints
misses, false positives and wrong dates/amounts with their sentences. A last
line counts the predictions on the off-topic articles and how many of them
match no gold event (false positives per article).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from eval_extra import main  # noqa: E402
from eval_extract import DEFAULT_SHARED, load_scorer, predict  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_n"
OFF_TOPIC = ("n009", "n010", "n011", "n012")


def off_topic_line(directory: Path = DEFAULT_DIR, shared: Path = DEFAULT_SHARED) -> str:
    """Predictions and false positives (score.py's matching) on the off-topic articles."""
    import json

    scorer = load_scorer(shared)
    preds, _ = predict(directory / "articles", scorer)
    golds = [json.loads(x) for x in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    parts, total_pred, total_fp = [], 0, 0
    for art in OFF_TOPIC:
        _, _, false_pos = scorer.score({art: preds.get(art, [])}, [g for g in golds if g["article"] == art])
        n = len(preds.get(art, []))
        total_pred += n
        total_fp += len(false_pos)
        parts.append(f"{art} {n}/{len(false_pos)}")
    return (f"off-topic predictions/false positives: {', '.join(parts)}; total {total_pred}/{total_fp} "
            f"({total_fp / len(OFF_TOPIC):.2f} false positives per article)")


if __name__ == "__main__":
    rc = main(default_dir=DEFAULT_DIR, description=__doc__)
    if "--json" not in sys.argv[1:] and not any(a.startswith(("--articles", "--gold", "--shared")) for a in sys.argv[1:]):
        print(off_topic_line())
    sys.exit(rc)
