"""`scan` finds exactly the matches of `finditer` for the patterns the extractor scans with it."""

import re
from pathlib import Path

import pytest

from flows.extract import actors, amounts, coder, dates, lexicon, modality
from flows.extract.scan import alternatives, contains, may_match, required_words, scan, scan_near, words_pattern

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# the fixture articles, and word edges where a leading \b decides ("inMay 5", "$2019", "threeweeks ago")
EDGES = ["May 5, 2025, Xmay 5", "inMay 5 and May 6th", "1999 or 2000s, $2019, 2019%, 2020", "a2 May 5 May 2024",
         "two weeks ago, threeweeks ago", "", "Monday,Tuesday Fridays xMonday", "on 5 May 2025, x5 May",
         "US$5bn, C$2 billion, NT$3m, AUS$4, Rs. 500 crore, Rs 5, EUR 5bn, EUR5, USD 10m, 10 billion yuan, 1,2.5 bn",
         "Last May, last  year, lastyear, xlast May, The next day, the following day, earlier this year, a day later",
         "Prime Minister Sanae Takaichi, xPresident Lee, both sides, Both leaders, the foreign ministry, He said; she",
         "the president, thepresident, the prime minister's, Athe premier",
         "x5 billion dollars, 5.5bn$, $$5, ₹300 crore, €1.5tn, £2m-£3m, 12bn and HK$ 7 mn"]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("eval_*/articles/*.txt"))] + EDGES
# the patterns the extractor scans with `scan`
SCANNED = {name: getattr(module, name) for module, names in (
    (dates, ("DAY_FIRST_MONTH", "DAY_MONTH", "MONTH_ONLY", "YEAR", "AGO", "_WEEKDAY_NAME", "_REL_YEAR", "RELATIVE",
             "REL_MONTH")),
    (actors, ("ROLE_REFERENCE", "TITLED_NAME", "GROUP", "MINISTRY", "PRONOUN"))) for name in names}


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


@pytest.mark.parametrize("pattern", [r"May", r"\bx*", r"(?<!a)b?", r"\b(?:[Ll]ast|)"])
def test_patterns_it_cannot_speed_up_give_the_matches_of_finditer(pattern):
    # no leading assertion, or empty matches: scanned as finditer scans them
    compiled = re.compile(pattern)
    for text in ("May May", "xx x ab b", "", "last  Last a", "a"):
        assert _found(scan(compiled, text)) == _found(compiled.finditer(text))
    empty_too = re.compile(r"(?:\d|(?=\$))")  # empty matches before "$"
    assert _found(scan_near(empty_too, re.compile(r"[$\d]"), 0, "a $5 $")) == _found(empty_too.finditer("a $5 $"))


# (pattern, its anchors, reach) as the extractor scans them
NEAR = {"MONEY": (amounts.MONEY, amounts._MONEY_ANCHOR, 4),
        "MONEY_START": (lexicon.MONEY_START, coder._MONEY_START_ANCHOR, 2)}


@pytest.mark.parametrize("name", sorted(NEAR))
def test_scan_near_finds_the_matches_of_finditer(name):
    pattern, anchors, reach = NEAR[name]
    found = 0
    for text in TEXTS:
        expected = _found(pattern.finditer(text))
        assert _found(scan_near(pattern, anchors, reach, text)) == expected
        found += len(expected)
    assert found > 0


def test_scan_near_misses_a_match_that_starts_beyond_its_reach():
    # the reach is a promise about the pattern: "USD" is 3 letters before the digit, so a reach of 2 loses it
    pattern, anchors = re.compile(r"USD \d+"), re.compile(r"\d+")
    assert _found(scan_near(pattern, anchors, 4, "paid USD 5")) == _found(pattern.finditer("paid USD 5"))
    assert list(scan_near(pattern, anchors, 2, "paid USD 5")) == []


def test_twin_of_a_case_pair_pattern_is_its_literal_words():
    # "[Ll]ast" cannot be skipped to by the engine; its twin lists the words a match can begin with
    assert scan.__module__ == "flows.extract.scan"
    from flows.extract.scan import _literal_starts
    assert _literal_starts(dates.REL_MONTH) == {"Last", "last", "This", "this", "Next", "next", "Previous", "previous"}
    assert _literal_starts(re.compile(r"\b(?:a|b)?c")) == {"ac", "bc", "c"}
    assert _literal_starts(re.compile(r"\bx", re.I)) is None  # case-insensitive: the letters are not literal


def test_alternatives_split_at_the_top_level_only():
    split = alternatives(re.compile(r"a(?:b|c)|[|\]]d|[^]|]g|\|e|^f$"))
    assert [p.pattern for p, _ in split] == [r"a(?:b|c)", r"[|\]]d", r"[^]|]g", r"\|e", r"^f$"]
    assert [scanned for _, scanned in alternatives(re.compile(r"\bx|y|(?<!z)w"))] == [True, False, True]
    verbose = re.compile(r"a | b", re.VERBOSE)
    assert alternatives(verbose) == ((verbose, False),)  # kept whole


def test_eventless_sentences_are_found_as_by_the_whole_pattern():
    from flows.extract import modality

    sentences = [s for text in TEXTS for s in re.split(r"(?<=[.?!])\s+", text)] + [
        "If Tokyo agrees, ...", "Analysts say the deal will hold.", "Will it last?", "The data showed a rise.",
        "It would have been, had they...", "The yen fell, some analysts say, on the news.", "x\\baccording to"]
    found = [bool(modality.EVENTLESS_SENTENCE.search(s)) for s in sentences]
    assert [contains(modality._EVENTLESS_ALTERNATIVES, s) for s in sentences] == found
    assert 10 < sum(found) < len(found)


def test_required_words_are_those_every_match_consumes():
    parse = lambda source: lexicon.sre_parse.parse(source, re.I)  # noqa: E731
    # the most selective set: the adjectives after a long gap, not the short verbs before it
    assert required_words(parse(r"\b(?:said|says)\s+[^;]{0,90}?\b(?:illegal|hostile)\b")) == {"illegal", "hostile"}
    assert required_words(parse(r"(?:Deal|pact)s?")) == {"deal", "pact"}  # lower-cased
    assert required_words(parse(r"(?:deal)?\s+x?")) is None  # nothing is sure to be consumed
    assert required_words(parse(r"(?=[^;]*\bthat\b)tank")) == {"tank"}  # a lookahead's words may lie outside the match
    assert required_words(parse(r"foo|(?:bar)?")) is None  # one branch needs nothing
    assert required_words(parse(r"\b(?:could|(?-i:May)|n't)\b")) == {"could", "may", "n't"}  # a case-sensitive group too


def test_may_match_trusts_no_text_holding_a_letter_that_only_ignoring_case_makes_ascii():
    found = required_words(lexicon.sre_parse.parse(modality.BLOCKERS.pattern, modality.BLOCKERS.flags))
    assert found is not None and "could" in found
    words = words_pattern(found)
    assert not may_match(words, "Japan signed the deal on Friday")
    assert may_match(words, "Japan COULD sign")
    assert re.search(modality.BLOCKERS, "Japan ſhould sign") and may_match(words, "Japan ſhould sign")


def test_a_pattern_that_cannot_cross_a_semicolon_is_known():
    parse = lambda source: lexicon.sre_parse.parse(source, re.I)  # noqa: E731
    assert not lexicon._can_consume(parse(r"said\s+[^;]{0,90}?(?:[^\s,;]+\s+){0,2}?illegal"), ";")
    assert lexicon._can_consume(parse(r"said.{0,90}?illegal"), ";")
    assert lexicon._can_consume(parse(r"said[\W]{0,9}illegal"), ";")


def test_every_trigger_match_holds_a_word_its_need_asks_for_before_the_barrier():
    """`find_hits` skips a trigger at a word when the rest of the sentence lacks all of its needed words: over the
    fixture articles, every match of such a trigger holds one, and ends before the next ";"."""
    checked = 0
    for raw in TEXTS:
        text = coder.normalise_text(raw).replace("\n", ";")
        lowered = text.lower()
        for word in lexicon.PREFIX_START.finditer(lowered):
            position = word.start()
            barrier = lowered.find(";", position) % (len(lowered) + 1)
            for prefix, triggers in lexicon.PREFIX_GROUPS.get(lowered[position:position + 2], ()):
                if not lowered.startswith(prefix, position):
                    continue
                for trigger, need in triggers:
                    match = trigger.pattern.match(text, position)
                    if need is None or not match or match.end() == position:
                        continue
                    assert need.search(lowered, position, match.end()), (trigger.priority, match.group(0))
                    assert match.end() <= barrier, (trigger.priority, match.group(0))
                    checked += 1
    assert checked >= 10


def test_find_hits_skips_a_trigger_only_where_its_sentence_lacks_every_needed_word():
    needy = [(prefix, trigger, need) for group in lexicon.PREFIX_GROUPS.values() for prefix, entries in group
             for trigger, need in entries if need is not None]
    assert needy  # the reported-accusation entry ("said that X violated ...") is one
    said = [trigger for prefix, trigger, _ in needy if prefix == "said"]
    assert said
    hits = coder.find_hits("Vietnam said China's new rules violated its sovereignty; Vietnam said nothing more.")
    assert [h.trigger for h in hits if h.start == len("Vietnam ")] == said[:1]
    assert not [h for h in hits if h.trigger in said and h.start > 40]
    # a dotless i matches "i" only when the case is ignored ("vıolated" is no "violat" in the lower-cased text):
    # the look for needed words is not trusted then, and the trigger is tried as before
    dotless = "Vietnam said China's new rules v\u0131olated its sovereignty."
    assert said[0].pattern.match(dotless, len("Vietnam "))
    assert [h.trigger for h in coder.find_hits(dotless) if h.start == len("Vietnam ")] == said[:1]
