"""Quality gate: the extractor on the development gold set, scored by ../shared/eval/score.py.

The floors are pinned a little below what the extractor reaches. They are
only ever raised, never lowered: a change that drops below them is a
regression to fix, not a floor to move.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from flows.clean import to_article
from flows.extract import extract_events
from flows.seeds import read_seed_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "eval" / "dev"

# reached with extractor 0.1.0: dev P 0.975 R 1.000 F1 0.987 date 0.921 amount 0.933;
# seed P 1.000 R 1.000 F1 1.000 date 0.857 amount 1.000
# 0.6.0 reached dev P 0.975 R 1.000 F1 0.987 date 0.921 amount 0.968 (similar terms, anaphoric restatements)
FLOORS_ALL = dict(precision=0.95, recall=0.95, f1=0.95, date_acc=0.89, amount_acc=0.95)
FLOORS_SEED = dict(precision=0.93, recall=0.95, f1=0.95, date_acc=0.80, amount_acc=0.95)
# the independent extra set (tests/fixtures/eval_extra), written apart from the dev set: a check that the rules
# generalise. Reached with extractor 0.2.0: P 0.840 R 0.683 F1 0.753 date 0.862 amount 0.882
# (0.1.0 reached P 0.763 R 0.500 F1 0.604 date 0.796 amount 0.538)
EXTRA = Path(__file__).resolve().parents[1] / "fixtures" / "eval_extra"
# 0.3.0 reached P 0.859 R 0.700 F1 0.771 date 0.843 amount 0.882
# 0.4.0 reached P 0.849 R 0.700 F1 0.767 date 0.843 amount 0.882 (breadth, not fixes for this set)
# 0.5.0 reached P 0.859 R 0.717 F1 0.781 date 0.873 amount 0.882 (clause-owned dates, actor slots)
# 0.6.0 reached P 0.881 R 0.717 F1 0.790 date 0.887 amount 0.938 (deal values, relative clauses, financing)
# 0.8.0 (precision part) P 0.889 R 0.717 F1 0.794 (domestic actors, idioms, recipients from the sentence)
# 0.8.0 (recall round 3) P 0.889 R 0.733 F1 0.804 date 0.901 amount 0.941 (money verbs, arms systems)
# after U was opened (session 5): P 0.902 R 0.767 F1 0.829 date 0.917 amount 0.944 (wordings learnt from U's errors)
FLOORS_EXTRA = dict(precision=0.88, recall=0.75, f1=0.81, date_acc=0.88, amount_acc=0.90)
# the third independent set (tests/fixtures/eval_y), never used to write rules from its sentences.
# 0.2.0 reached P 0.761 R 0.551 F1 0.639 date 0.725 amount 0.333; 0.3.0 P 0.937 R 0.735 F1 0.823 date 0.831 amount 0.538
EVAL_Y = Path(__file__).resolve().parents[1] / "fixtures" / "eval_y"
# 0.4.0 P 0.918 R 0.776 F1 0.841 date 0.866 amount 0.533
# 0.6.0 P 0.923 R 0.878 F1 0.900 date 0.889 amount 0.765
# 0.8.0 P 0.925 R 0.918 F1 0.922 date 0.892 amount 0.842 (coordinated rates, passive agents)
# 0.8.0 (precision part) P 0.937 R 0.918 F1 0.927 date 0.905 amount 0.842
# 0.8.0 (ACCUSE/ASSAULT/REQUEST/AGREE round) P 0.949 R 0.918 F1 0.933 (assertions are no demands)
FLOORS_Y = dict(precision=0.93, recall=0.89, f1=0.91, date_acc=0.88, amount_acc=0.82)
# set Z (tests/fixtures/eval_z), the former private blind set, tuning material since 0.7.0.
# 0.6.0 reached P 0.747 R 0.786 F1 0.766 date 0.850 amount 0.667 while it was blind;
# 0.7.0 P 0.756 R 0.786 F1 0.771 date 0.867 amount 0.750 (weekdays set by the sentence's day, restated rates)
EVAL_Z = Path(__file__).resolve().parents[1] / "fixtures" / "eval_z"
# 0.8.0 (recall part) P 0.762 R 0.804 F1 0.782 date 0.871 amount 0.750
# 0.8.0 (precision part) P 0.787 R 0.804 F1 0.795 date 0.869 amount 0.750
# 0.8.0 (recall round 3) P 0.800 R 0.821 F1 0.811 date 0.855 amount 0.750 (attributed sources, relative subjects)
# 0.8.0 (ACCUSE/ASSAULT/REQUEST/AGREE round) P 0.821 R 0.821 F1 0.821 date 0.855 amount 0.750
FLOORS_Z = dict(precision=0.80, recall=0.80, f1=0.80, date_acc=0.84, amount_acc=0.72)
# set V (tests/fixtures/eval_v, 12 articles written apart from the coder). First read by 0.7.0, whose last
# rules (bracketed conversions, coordinated loans) it suggested: P 0.772 R 0.598 F1 0.674 date 0.791 amount 0.550
EVAL_V = Path(__file__).resolve().parents[1] / "fixtures" / "eval_v"
EVAL_N = Path(__file__).resolve().parents[1] / "fixtures" / "eval_n"
# set U (tests/fixtures/eval_u), the private blind set after W: read blind at F1 0.587 first and 0.600 last
# (P 0.667 R 0.545 date 0.776 amount 0.467); opened for tuning in session 5, whose general rules (passive relatives,
# names, asked-for acts, the month May, attributive years, new wordings, "the kingdom", habits and restatements)
# reached P 0.738 R 0.688 F1 0.712 date 0.828 amount 0.647
EVAL_U = Path(__file__).resolve().parents[1] / "fixtures" / "eval_u"
FLOORS_U = dict(precision=0.72, recall=0.67, f1=0.70, date_acc=0.80, amount_acc=0.62)
# 0.8.0 (recall part) P 0.806 R 0.644 F1 0.716 date 0.803 amount 0.696 (single-actor events, new levels of "from X to Y")
# 0.8.0 (precision part) P 0.851 R 0.632 F1 0.725 date 0.800 amount 0.696 (a one-party sentence no longer takes the
# main pair's other member without a nearby antecedent: one recall lost, six false positives gone)
# 0.8.0 (recall round 3) P 0.849 R 0.632 F1 0.725 date 0.797 amount 0.739 (defence budget requests)
# 0.8.0 (ACCUSE/ASSAULT/REQUEST/AGREE round) P 0.884 R 0.644 F1 0.745 date 0.803 amount 0.739
# after U was opened (session 5): P 0.890 R 0.690 F1 0.777 date 0.789 amount 0.720 ("In May Canada ..." is no modal)
FLOORS_V = dict(precision=0.86, recall=0.67, f1=0.75, date_acc=0.78, amount_acc=0.72)
# precision set N (tests/fixtures/eval_n, traps listed in TRAPS.md): 0.8.0 (recall part) P 0.582 R 0.750 F1 0.656;
# 0.8.0 (precision part) P 0.714 R 0.750 F1 0.732 date 0.727 amount 0.500
FLOORS_N = dict(precision=0.70, recall=0.72, f1=0.71, date_acc=0.70, amount_acc=0.45)


def _scorer():
    spec = importlib.util.spec_from_file_location("alliance_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(gold_name: str, root: Path = DEV) -> dict:
    scorer = _scorer()
    golds = [json.loads(line) for line in (root / gold_name).read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = {}
    for path in sorted((root / "articles").glob("*.txt")):
        article = to_article(read_seed_file(path))
        events = extract_events(article.text, article.published_date, article.title)
        preds[path.stem] = [
            dict(event_id=f"{path.stem}-{i}", type=e.event_type.upper(),
                 actors=(scorer.norm_code(e.actor1_code), scorer.norm_code(e.actor2_code)),
                 date=e.event_date, amount=e.amount_value, unit=e.amount_unit)
            for i, e in enumerate(events)
        ]
    result, _, _ = scorer.score(preds, golds)
    return result


@pytest.mark.parametrize("gold_name, floors", [("gold.jsonl", FLOORS_ALL), ("seed_gold.jsonl", FLOORS_SEED)],
                         ids=["dev", "seed"])
def test_quality_floors(gold_name, floors):
    result = _score(gold_name)
    for metric, floor in floors.items():
        assert result[metric] is not None and result[metric] >= floor, f"{metric} {result[metric]} < floor {floor}"


def test_quality_floors_on_the_independent_extra_set():
    result = _score("gold.jsonl", EXTRA)
    for metric, floor in FLOORS_EXTRA.items():
        assert result[metric] is not None and result[metric] >= floor, f"{metric} {result[metric]} < floor {floor}"


def test_quality_floors_on_the_third_independent_set():
    result = _score("gold.jsonl", EVAL_Y)
    for metric, floor in FLOORS_Y.items():
        assert result[metric] is not None and result[metric] >= floor, f"{metric} {result[metric]} < floor {floor}"


@pytest.mark.parametrize("root, floors", [(EVAL_Z, FLOORS_Z), (EVAL_V, FLOORS_V), (EVAL_N, FLOORS_N), (EVAL_U, FLOORS_U)],
                         ids=["z", "v", "n", "u"])
def test_quality_floors_on_the_later_sets(root, floors):
    result = _score("gold.jsonl", root)
    for metric, floor in floors.items():
        assert result[metric] is not None and result[metric] >= floor, f"{metric} {result[metric]} < floor {floor}"
