"""Score the extractor on the extra held-out-style articles (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_extra.py [--show-misses] [--articles DIR] [--gold FILE] [--shared PATH]

The articles in tests/fixtures/eval_extra/articles were written and annotated
independently of the development set (same style as the hidden held-out set:
wire stories about 2025 alliance/trade/security events, with background,
quotes, denials and hypotheticals). They are a check that the coder's rules
generalise rather than recognise the dev texts.

Each article goes through the real library path (`read_seed_file` +
`to_article` + `extract_events`, via bench/eval_extract.py's `predict`), one
prediction per extracted event exactly as score.py's `load_predictions`
builds them, scored with score.py's own `score()` overall and per article.
`--show-misses` prints every missed required gold event and every false
positive with its evidence sentence, plus matched events whose date or amount
is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_extract import DEFAULT_SHARED, load_scorer, predict  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "eval_extra"


def fmt(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def line(label: str, r: dict) -> str:
    return (f"{label:8} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
            f"date {fmt(r['date_acc'])} amount {fmt(r['amount_acc'])} "
            f"(predicted {r['predicted']}, required {r['required']}, found {r['found']})")


def bad_attributes(scorer, preds, events, golds) -> list[str]:
    """Matched gold events (score.py's greedy matching) whose date or amount is wrong."""
    out = []
    by_article: dict[str, list] = {}
    for g in golds:
        by_article.setdefault(g["article"], []).append(g)
    for art, gold_events in by_article.items():
        plist = preds.get(art, [])
        used: set[int] = set()
        for g in sorted(gold_events, key=lambda g: not g.get("required", True)):
            types = {g["type"], *(g.get("alt_types") or [])}
            best = None
            for i, p in enumerate(plist):
                if i in used or p["type"] not in types or not scorer.actors_match(p["actors"], g):
                    continue
                rank = (p["type"] == g["type"], scorer.amount_ok(p["amount"], p["unit"], g.get("amount")) is True,
                        scorer.date_ok(p["date"], g.get("date"), g.get("date_precision")) is True)
                if best is None or rank > best[0]:
                    best = (rank, i)
            if best is None:
                continue
            used.add(best[1])
            p, e = plist[best[1]], events[art][best[1]]
            d = scorer.date_ok(p["date"], g.get("date"), g.get("date_precision"))
            a = scorer.amount_ok(p["amount"], p["unit"], g.get("amount"))
            if (g.get("date") and not d) or (g.get("amount") and not a):
                gold_amount = g.get("amount") or {}
                out.append(f"BADATTR {g['id']} {g['type']} gold date {g.get('date')} amount {gold_amount.get('value')} "
                           f"{gold_amount.get('unit', '')} | pred {p['type']} {p['date']} {p['amount']} {p['unit']} "
                           f"| {g['note']}\n        \"{e.sentence.strip()}\"")
    return out


def main(argv: list[str] | None = None, default_dir: Path = DEFAULT_DIR, description: str | None = None) -> int:
    """Score one evaluation set (`default_dir` holds articles/ and gold.jsonl) per article and overall."""
    parser = argparse.ArgumentParser(description=description or __doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=default_dir / "articles")
    parser.add_argument("--gold", type=Path, default=default_dir / "gold.jsonl")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show-misses", action="store_true",
                        help="print every miss and false positive (with evidence sentence)")
    parser.add_argument("--json", action="store_true", help="print the overall result as JSON")
    args = parser.parse_args(argv)

    scorer = load_scorer(args.shared)
    golds = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    preds, events = predict(args.articles, scorer)
    golds = [g for g in golds if g["article"] in preds]

    result, misses, false_pos = scorer.score(preds, golds)
    if args.json:
        print(json.dumps(result))
        return 0
    print(line("overall", result))
    for art in sorted(preds):
        r, _, _ = scorer.score({art: preds[art]}, [g for g in golds if g["article"] == art])
        print(line(art, r))

    if args.show_misses:
        print()
        for g in misses:
            gold_amount = (g.get("amount") or {}).get("value")
            print(f"MISSED  {g['id']} {g['type']} {g['actors']}->{g['recipients']} {g.get('date')} "
                  f"{gold_amount if gold_amount is not None else ''} | {g.get('note', '')}")
        for art, p in false_pos:
            e = events[art][int(p["event_id"].rsplit("-", 1)[1])]
            print(f"EXTRA   {art} {p['type']} {p['actors']} {p['date']} {p['amount']} {p['unit']} "
                  f"[{e.mode}, {e.status}]\n        \"{e.sentence.strip()}\"")
        for text in bad_attributes(scorer, preds, events, golds):
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
