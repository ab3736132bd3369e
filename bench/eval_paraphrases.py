"""Score the extractor on the paraphrase coverage set (prints numbers, asserts nothing).

Usage: .venv/bin/python bench/eval_paraphrases.py [--show-misses [GROUP]] [--show-fp [GROUP]]
                                                  [--show-wrong [GROUP]]
                                                  [--by-form] [--items PATH] [--shared PATH] [--json]

Each item of tests/fixtures/paraphrases/items.jsonl is one or two sentences
of news prose with the events it states (`expect`; empty for a negative
item). The text goes through `flows.extract.extract_events(text, published)`
and every prediction is matched with score.py's own rules (`actors_match`,
`amount_ok`, `date_ok` from ../shared/eval/score.py): an expected event is
found when an unused prediction has its type or an alt type and matching
actors (greedy, best type/amount/date first, as score.py does). Predictions
that match no expected event are false positives; on a negative item every
prediction is one.

Printed per group (the item's mode: meeting, deal, tariff_up, ..., negative):
items, expected events, found, recall, predictions, false positives,
precision, and amount/date accuracy over the found events that carry one.
`--show-misses meeting` prints the missed events of that group with their
text; `--show-misses` alone prints them all.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_extract import DEFAULT_SHARED, load_scorer  # noqa: E402
from flows.extract import extract_events  # noqa: E402

DEFAULT_ITEMS = ROOT / "tests" / "fixtures" / "paraphrases" / "items.jsonl"


def read_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def match_item(item: dict, events: list, scorer) -> tuple[list[tuple[dict, object | None]], list]:
    """[(expected event, matched prediction or None)], [unmatched predictions]."""
    used: set[int] = set()
    pairs = []
    for want in item["expect"]:
        types = {want["type"], *(want.get("alt_types") or [])}
        best = None
        for i, e in enumerate(events):
            actors = (scorer.norm_code(e.actor1_code), scorer.norm_code(e.actor2_code))
            if i in used or e.event_type not in types or not scorer.actors_match(actors, want):
                continue
            rank = (e.event_type == want["type"],
                    scorer.amount_ok(e.amount_value, e.amount_unit, want.get("amount")) is True,
                    scorer.date_ok(e.event_date, want.get("date"), None) is True)
            if best is None or rank > best[0]:
                best = (rank, i)
        if best is None:
            pairs.append((want, None))
        else:
            used.add(best[1])
            pairs.append((want, events[best[1]]))
    extra = [e for i, e in enumerate(events) if i not in used]
    return pairs, extra


def evaluate(items: list[dict], scorer) -> list[dict]:
    """One result per item: its matched pairs, false positives and raw events."""
    results = []
    for item in items:
        events = extract_events(item["text"], date.fromisoformat(item["published"]))
        pairs, extra = match_item(item, events, scorer)
        results.append(dict(item=item, pairs=pairs, extra=extra, events=events))
    return results


def tally(results: list[dict], key, scorer) -> dict[str, dict]:
    rows: dict[str, dict] = defaultdict(lambda: dict(items=0, expected=0, found=0, predicted=0, fp=0,
                                                     amount=[0, 0], date=[0, 0]))
    for r in results:
        row = rows[key(r["item"])]
        row["items"] += 1
        row["predicted"] += len(r["events"])
        row["fp"] += len(r["extra"])
        for want, e in r["pairs"]:
            row["expected"] += 1
            if e is None:
                continue
            row["found"] += 1
            if want.get("amount"):
                row["amount"][1] += 1
                row["amount"][0] += bool(scorer.amount_ok(e.amount_value, e.amount_unit, want["amount"]))
            if want.get("date"):
                row["date"][1] += 1
                row["date"][0] += bool(scorer.date_ok(e.event_date, want["date"], None))
    return dict(rows)


def summary(row: dict) -> dict:
    ratio = lambda a, b: None if not b else a / b  # noqa: E731
    return dict(items=row["items"], expected=row["expected"], found=row["found"],
                recall=ratio(row["found"], row["expected"]), predicted=row["predicted"], fp=row["fp"],
                precision=ratio(row["predicted"] - row["fp"], row["predicted"]),
                amount_acc=ratio(*row["amount"]), amount_n=row["amount"][1],
                date_acc=ratio(*row["date"]), date_n=row["date"][1])


def print_table(title: str, rows: dict[str, dict]) -> None:
    fmt = lambda v: "  n/a" if v is None else f"{v:5.2f}"  # noqa: E731
    print(f"{title:22} items  exp found recall  pred   fp  prec  amount(n)   date(n)")
    total = defaultdict(int)
    total_amount, total_date = [0, 0], [0, 0]
    for name in sorted(rows, key=lambda n: (n == "negative", n)):
        s = summary(rows[name])
        print(f"{name:22} {s['items']:5} {s['expected']:4} {s['found']:5} {fmt(s['recall'])} {s['predicted']:5} "
              f"{s['fp']:4} {fmt(s['precision'])} {fmt(s['amount_acc'])}({s['amount_n']:3}) "
              f"{fmt(s['date_acc'])}({s['date_n']:3})")
        for k in ("items", "expected", "found", "predicted", "fp"):
            total[k] += rows[name][k]
        for acc, k in ((total_amount, "amount"), (total_date, "date")):
            acc[0] += rows[name][k][0]
            acc[1] += rows[name][k][1]
    s = summary(dict(total, amount=total_amount, date=total_date))
    print(f"{'TOTAL':22} {s['items']:5} {s['expected']:4} {s['found']:5} {fmt(s['recall'])} {s['predicted']:5} "
          f"{s['fp']:4} {fmt(s['precision'])} {fmt(s['amount_acc'])}({s['amount_n']:3}) "
          f"{fmt(s['date_acc'])}({s['date_n']:3})")


def describe(e) -> str:
    return (f"{e.event_type} {e.actor1_code}->{e.actor2_code} {e.event_date} "
            f"{e.amount_value} {e.amount_unit}")


def print_misses(results: list[dict], group: str | None) -> None:
    for r in results:
        item = r["item"]
        if group not in (None, "all", item["group"]):
            continue
        for want, e in r["pairs"]:
            if e is not None:
                continue
            alt = "/".join(want.get("alt_types") or [])
            print(f"MISS {item['id']:24} [{item['form']}] {want['type']}{'(' + alt + ')' if alt else ''} "
                  f"{'+'.join(want['actors'])}->{'+'.join(want['recipients'])} | {item['text']}")
            for p in r["events"]:
                print(f"       got {describe(p)}")


def print_false_positives(results: list[dict], group: str | None) -> None:
    for r in results:
        item = r["item"]
        if group not in (None, "all", item["group"]):
            continue
        for e in r["extra"]:
            print(f"FP   {item['id']:24} [{item['form']}] {describe(e)} | {item['text']}")


def print_mismatches(results: list[dict], scorer, group: str | None) -> None:
    """Found events whose amount or date disagrees with the expected one."""
    for r in results:
        item = r["item"]
        if group not in (None, "all", item["group"]):
            continue
        for want, e in r["pairs"]:
            if e is None:
                continue
            bad_amount = want.get("amount") and not scorer.amount_ok(e.amount_value, e.amount_unit, want["amount"])
            bad_date = want.get("date") and not scorer.date_ok(e.event_date, want["date"], None)
            if bad_amount or bad_date:
                amount = want.get("amount") or {}
                print(f"BAD  {item['id']:24} want {want['date']} {amount.get('value')} {amount.get('unit')} | "
                      f"got {describe(e)} | {item['text']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=Path, default=DEFAULT_ITEMS)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show-misses", nargs="?", const="all", metavar="GROUP",
                        help="print missed expected events (of GROUP, or all) with the item text")
    parser.add_argument("--show-fp", nargs="?", const="all", metavar="GROUP",
                        help="print false-positive predictions (of GROUP, or all) with the item text")
    parser.add_argument("--show-wrong", nargs="?", const="all", metavar="GROUP",
                        help="print found events whose amount or date is wrong (of GROUP, or all)")
    parser.add_argument("--by-form", action="store_true", help="also tabulate by phrasing form and by event type")
    parser.add_argument("--json", action="store_true", help="print the per-group numbers as JSON")
    args = parser.parse_args()
    scorer = load_scorer(args.shared)
    results = evaluate(read_items(args.items), scorer)
    groups = tally(results, lambda item: item["group"], scorer)
    if args.json:
        print(json.dumps({name: summary(row) for name, row in groups.items()}, indent=1))
        return 0
    print_table("group", groups)
    if args.by_form:
        print()
        print_table("form", tally(results, lambda item: item["form"], scorer))
        by_type: dict[str, dict] = defaultdict(lambda: dict(items=0, expected=0, found=0, predicted=0, fp=0,
                                                            amount=[0, 0], date=[0, 0]))
        for r in results:
            for want, e in r["pairs"]:
                row = by_type[want["type"]]
                row["expected"] += 1
                row["found"] += e is not None
        print()
        for name in sorted(by_type):
            row = by_type[name]
            print(f"type {name:10} expected {row['expected']:4} found {row['found']:4} "
                  f"recall {row['found'] / row['expected']:.2f}")
    if args.show_misses:
        print()
        print_misses(results, args.show_misses)
    if args.show_fp:
        print()
        print_false_positives(results, args.show_fp)
    if args.show_wrong:
        print()
        print_mismatches(results, scorer, args.show_wrong)
    return 0


if __name__ == "__main__":
    sys.exit(main())
