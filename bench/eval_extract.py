"""Score the extractor on the development gold set (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_extract.py [--show] [--seed-only] [--shared PATH]

Each dev article is read and cleaned exactly as the pipeline does
(`read_seed_file` + `to_article`), run through `extract_events`, and scored
with `score.py`'s own `score()` from ../shared/eval.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.clean import to_article  # noqa: E402
from flows.extract import extract_events  # noqa: E402
from flows.seeds import read_seed_file  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("alliance_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(articles_dir: Path, scorer) -> tuple[dict[str, list[dict]], dict[str, list]]:
    """{article stem: [prediction dicts as score.load_predictions builds them]}, and the raw events."""
    preds: dict[str, list[dict]] = {}
    events_by_article: dict[str, list] = {}
    for path in sorted(articles_dir.glob("*.txt")):
        article = to_article(read_seed_file(path))
        events = extract_events(article.text, article.published_date, article.title)
        events_by_article[path.stem] = events
        preds[path.stem] = [
            dict(event_id=f"{path.stem}-{i}", type=e.event_type.upper(),
                 actors=(scorer.norm_code(e.actor1_code), scorer.norm_code(e.actor2_code)),
                 date=e.event_date, amount=e.amount_value, unit=e.amount_unit)
            for i, e in enumerate(events)
        ]
    return preds, events_by_article


def evaluate(shared: Path = DEFAULT_SHARED, seed_only: bool = False):
    scorer = load_scorer(shared)
    dev = shared / "eval" / "dev"
    # gold.jsonl holds every dev article, the seed included; seed_gold.jsonl only the seed
    name = "seed_gold.jsonl" if seed_only else "gold.jsonl"
    golds = [json.loads(line) for line in (dev / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    preds, events = predict(dev / "articles", scorer)
    result, misses, false_pos = scorer.score(preds, golds)
    return result, misses, false_pos, events


def print_mismatches(shared: Path, events: dict[str, list]) -> None:
    """Matched gold events (same greedy matching as score.py) whose date or amount is wrong."""
    scorer = load_scorer(shared)
    golds = [json.loads(line) for line in (shared / "eval" / "dev" / "gold.jsonl").read_text().splitlines() if line.strip()]
    by_article: dict[str, list] = {}
    for g in golds:
        by_article.setdefault(g["article"], []).append(g)
    for art, gold_events in by_article.items():
        plist = events.get(art, [])
        used: set[int] = set()
        for g in sorted(gold_events, key=lambda g: not g.get("required", True)):
            types = {g["type"], *(g.get("alt_types") or [])}
            best = None
            for i, e in enumerate(plist):
                actors = (scorer.norm_code(e.actor1_code), scorer.norm_code(e.actor2_code))
                if i in used or e.event_type not in types or not scorer.actors_match(actors, g):
                    continue
                rank = (e.event_type == g["type"], scorer.amount_ok(e.amount_value, e.amount_unit, g.get("amount")) is True,
                        scorer.date_ok(e.event_date, g.get("date"), g.get("date_precision")) is True)
                if best is None or rank > best[0]:
                    best = (rank, i)
            if best is None:
                continue
            used.add(best[1])
            e = plist[best[1]]
            d = scorer.date_ok(e.event_date, g.get("date"), g.get("date_precision"))
            a = scorer.amount_ok(e.amount_value, e.amount_unit, g.get("amount"))
            if d is False or (g.get("amount") and not a):
                print(f"  BAD  {g['id']} {g['type']} gold {g.get('date')} {(g.get('amount') or {}).get('value')} | "
                      f"pred {e.event_type} {e.event_date} {e.amount_value} {e.amount_unit} | {g['note'][:45]} | {e.sentence[:60]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print misses, false positives and all events")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    for label, seed_only in (("all", False), ("seed", True)):
        if args.seed_only and not seed_only:
            continue
        result, misses, false_pos, events = evaluate(args.shared, seed_only)
        fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"[{label}] P {result['precision']:.3f} R {result['recall']:.3f} F1 {result['f1']:.3f} "
              f"date {fmt(result['date_acc'])} amount {fmt(result['amount_acc'])} "
              f"(predicted {result['predicted']}, required {result['required']}, found {result['found']})")
        if args.show and not seed_only:
            print_mismatches(args.shared, events)
            for g in misses:
                print(f"  MISS {g['id']} {g['type']} {g['actors']}->{g['recipients']} {g['date']} | {g['note']}")
            for art, p in false_pos:
                print(f"  FP   {art} {p['type']} {p['actors']} {p['date']} {p['amount']} {p['unit']}")
            for art, evs in events.items():
                print(f"== {art}")
                for e in evs:
                    print(f"  {e.event_type:9} {e.actor1_code}->{e.actor2_code} {e.mode} {e.event_date} "
                          f"{e.date_precision} {e.amount_value} {e.amount_unit} {e.status} | {e.sentence[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
