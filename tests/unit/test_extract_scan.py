"""`scan` finds exactly the matches of `finditer` for the patterns the extractor scans with it."""

import re
from pathlib import Path

import pytest

from flows.extract import dates
from flows.extract.scan import scan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# the fixture articles, and word edges where a leading \b decides ("inMay 5", "$2019", "threeweeks ago")
EDGES = ["May 5, 2025, Xmay 5", "inMay 5 and May 6th", "1999 or 2000s, $2019, 2019%, 2020", "a2 May 5 May 2024",
         "two weeks ago, threeweeks ago", "", "Monday,Tuesday Fridays xMonday", "on 5 May 2025, x5 May"]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("eval_*/articles/*.txt"))] + EDGES
SCANNED = {name: getattr(dates, name) for name in ("DAY_FIRST_MONTH", "DAY_MONTH", "MONTH_ONLY", "YEAR", "AGO",
                                                    "_WEEKDAY_NAME")}


def _found(matches) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize("name", sorted(SCANNED))
def test_same_matches_as_finditer(name):
    pattern = SCANNED[name]
    assert TEXTS
    found = 0
    for text in TEXTS:
        expected = _found(pattern.finditer(text))
        assert _found(scan(pattern, text)) == expected
        found += len(expected)
    assert found > 0  # the comparison covered real matches


def test_a_pattern_without_leading_assertion_is_refused():
    with pytest.raises(ValueError, match="does not begin"):
        list(scan(re.compile(r"May"), "May"))
