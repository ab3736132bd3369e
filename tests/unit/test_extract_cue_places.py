"""The rule tables' cues are found in one pass: every occurrence of every cue, overlapping ones included."""

from pathlib import Path

import pytest

from flows.extract import filters
from flows.extract.filters import _cue_finder, _cue_places

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXTS = [p.read_text(encoding="utf-8").lower() for p in sorted(FIXTURES.glob("eval_*/articles/*.txt"))]


def _every_occurrence(text: str, cue: str) -> list[int]:
    places, at = [], text.find(cue)
    while at >= 0:
        places.append(at)
        at = text.find(cue, at + 1)
    return places


@pytest.mark.parametrize("finder", ["_NON_EVENT_CUES", "_DOMESTIC_CUES"])
def test_every_occurrence_of_every_cue_of_the_tables(finder):
    pattern, beginnings = getattr(filters, finder)
    found = 0
    for text in TEXTS:
        places = _cue_places(text, (pattern, beginnings))
        for cue in beginnings:
            assert places.get(cue, []) == _every_occurrence(text, cue), cue
            found += len(places.get(cue, []))
    assert found > 0


def test_cues_that_begin_one_another_and_overlap():
    finder = _cue_finder(["protest", "protesters", "test", "ers pro"])
    text = "protesters protest"
    places = _cue_places(text, finder)
    assert places == {cue: _every_occurrence(text, cue) for cue in ["protest", "protesters", "test", "ers pro"]}
    assert places["protest"] == [0, 11] and places["test"] == [3, 14] and places["ers pro"] == [7]
