"""Precision on unseen text: idioms, domestic actors, speculation, market moves, drills, undated background and
recipients taken only from the sentence or a clear antecedent (flows/extract/filters.py, modality.py, actors.py).
Every sentence here is our own."""

from datetime import date
from pathlib import Path

import pytest

from flows.extract import extract_events
from flows.extract.filters import RuleTableError, find_domestic_actors, mask_non_events, read_domestic_actors, read_non_events

PUBLISHED = date(2025, 9, 3)


def _types(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.event_type, e.actor1_code, e.actor2_code) for e in extract_events(text, PUBLISHED)]


# one article's main pair, then a trap sentence: before these rules each trap was coded as an event between the pair
CONTEXT = "Japan and Australia signed a defence pact in Canberra on Monday."


@pytest.mark.parametrize("trap", [
    # idioms with event words
    "The Japanese proposal was met with stiff resistance from Australia's farm sector.",
    "Ishiba rejected suggestions that Japan had given up the right to set its own rice tariffs.",
    # domestic actors: unions, parties, activists, farmers, interest groups
    "The opposition Labour Party accused the Japanese government of selling out to Australia.",
    "The opposition accused Tokyo of ignoring Australia.",
    "The Australian Greens attacked the spending on Japanese ships.",
    "Australian activists accused Japan of whaling in the Southern Ocean.",
    "Japanese farmers accused Australia of dumping beef.",
    "The Japan Business Federation praised the Australian pact.",
    "The Australian Chamber of Commerce and Industry welcomed the Japanese investment.",
    "Japanese protesters demanded that Japan expel Australia's ambassador.",
    "Growers have demanded that Canberra drop its tariff on Japanese cars.",
    # speculation
    "Japan will, analysts say, invest $5 billion in Australian gas.",
    "Japan will buy more Australian coal, said a Tokyo-based energy analyst.",
    "Tokyo expects Canberra to buy more Japanese frigates next year.",
    # market moves, sport, drills
    "The yen weakened against the Australian dollar as Ishiba met Albanese.",
    "Japan attacked Australia's defence throughout the World Cup qualifier in Perth.",
    "During the joint drills, Japanese troops fired a missile at a target vessel off Australia.",
    # a person introduced by a domestic role, and a possibility about talks
    "Australian opposition leader Peter Dutton urged Japan to build the ships in Australia.",
    "Albanese said talks would resume when the Japanese were ready.",
    # an undated background clause
    "Canberra chose the Japanese frigate, handing Japan its largest arms deal since it began loosening its ban on arms exports.",
])
def test_trap_sentence_states_no_event(trap):
    events = extract_events(f"{CONTEXT} {trap}", PUBLISHED)
    assert [e for e in events if e.sentence == trap] == []
    assert ("AGREE", "JPN", "AUS") in [(e.event_type, e.actor1_code, e.actor2_code) for e in events]


def test_demand_that_blocks_the_demanded_action_not_other_events():
    text = "Growers have demanded that Ottawa drop its tariff on Chinese electric vehicles."
    assert not [t for t in _types(text) if t[0] == "CONCEDE"]


def test_undated_since_clause_is_background_but_a_dated_one_is_an_event():
    undated = "Vietnam bought Indian patrol boats, its largest arms order since it began loosening curbs on imports."
    assert "CONCEDE" not in [t[0] for t in _types(undated)]
    dated = "Lula met Trump on Sunday, their first talks since Washington raised tariffs on Brazilian goods to 50% in August."
    sanctions = [e for e in extract_events(dated, PUBLISHED) if e.event_type == "SANCTION"]
    assert [(e.actor1_code, e.actor2_code, e.event_date, e.amount_value) for e in sanctions] == [
        ("USA", "BRA", date(2025, 8, 1), 50.0)]


def test_real_events_next_to_the_filters_stay():
    assert ("COOPERATE", "JPN", "USA") in _types(
        "Japan pledged $550 billion of investment in the United States on Tuesday, despite criticism from unions.")
    assert ("SANCTION", "CHN", "CAN") in _types("China imposed 100% tariffs on Canadian canola oil on Monday.")
    assert ("ASSAULT", "RUS", "UKR") in _types("Russia fired missiles at Ukrainian cities on Monday.")


def test_a_country_inside_a_party_name_still_counts_for_the_main_pair():
    text = ("China held drills around Taiwan on Monday. Taiwan condemned the drills. "
            "The opposition Taiwan People's Party and the Taiwan Solidarity Union also spoke out, and "
            "the Taiwan People's Party said the United States should not sell more arms. "
            "China's defence ministry said the drills would go on.")
    assert ("ACCUSE", "TWN", "CHN") in _types(text)


def test_a_one_party_sentence_takes_the_main_partner_only_from_a_clear_antecedent():
    near = "Japan and the United States signed a trade deal on Monday. Tokyo later praised the agreement."
    assert ("SUPPORT", "JPN", "USA") in _types(near)
    filler = " ".join(["Japanese carmakers reported higher sales at home in August, and exporters of machinery "
                       "said demand from Southeast Asia had held up."] * 4)
    far = f"Japan and the United States signed a trade deal on Monday. {filler} Tokyo later praised the agreement."
    praise = [t for t in _types(far) if t[0] == "SUPPORT"]
    assert ("SUPPORT", "JPN", "USA") not in praise


def test_domestic_actor_spans():
    found = [text for _, _, text in find_domestic_actors(
        "Trade unions, the opposition and the Scotch Whisky Association spoke; the European Union and the "
        "customs union did not; China's Communist Party did.")]
    assert found[:3] == ["Trade unions", "the opposition", "Scotch Whisky Association"]
    assert not any("Communist" in text or "customs" in text for text in found)


def test_mask_keeps_length_and_offsets():
    text = "The plan was met with criticism. The yen fell as talks began. Ships fired at a target vessel in drills."
    spans = [(0, 32), (33, 61), (62, len(text))]
    masked = mask_non_events(text, spans)
    assert len(masked) == len(text)
    assert "criticism" not in masked and "talks" not in masked and "fired" not in masked
    assert masked[62:67] == "Ships"


def test_bad_rule_rows_are_errors_with_file_and_line(tmp_path: Path):
    bad = tmp_path / "non_events.csv"
    bad.write_text('kind,pattern,cue,reason\nphrase,"\\bmet with (criticism",met with,unbalanced\n', encoding="utf-8")
    with pytest.raises(RuleTableError, match=r"line 2: pattern does not compile"):
        read_non_events(bad)
    bad.write_text("kind,pattern,cue,reason\nidiom,\\bfoo\\b,foo,unknown kind\n", encoding="utf-8")
    with pytest.raises(RuleTableError, match=r"kind 'idiom'"):
        read_non_events(bad)
    wrong = tmp_path / "domestic_actors.csv"
    wrong.write_text("pattern,cue,reason\n\\bunions\\b,union,no case column\n", encoding="utf-8")
    with pytest.raises(RuleTableError, match=r"missing column\(s\) case"):
        read_domestic_actors(wrong)


def test_every_match_of_a_rule_holds_one_of_its_cues():
    """Rules are tried only around their cues (for speed): a cue that a match can lack would hide the rule."""
    from flows.extract.filters import DOMESTIC_ACTORS, NON_EVENTS
    samples = ("The plan was met with fierce criticism. It has been won by Italy. They struck a fine balance. "
               "She signed off her column. A war of words. It dealt a heavy blow. They traded places. Spain broke "
               "the world record. It marked the end of talks. Officials rolled out the red carpet. Critics "
               "attacked the plan. Players fought back against the heat. There is no reason to believe it. The yen "
               "weakened against the dollar. A poll showed support. The World Cup final. Troops fired in drills. "
               "He rejected suggestions that it was over. Since it began loosening curbs, exports rose. During the "
               "Cold War the two sides traded. Trade unions, activists, the opposition, Democratic lawmakers, "
               "farmers, farm groups, the national steel industry association, the Scotch Whisky Association, "
               "retailers, the Supreme Court, the Japan Innovation Party, the Greens, far-right leaders and "
               "provincial governments spoke. An aide who asked not to be named spoke. Any attack would be met "
               "with force.")
    rules = [rule for kind in NON_EVENTS.values() for rule in kind] + DOMESTIC_ACTORS
    matched = 0
    for cues, pattern in rules:
        for match in pattern.finditer(samples):
            matched += 1
            assert any(c in match.group(0).lower() for c in cues), (pattern.pattern[:60], match.group(0))
    assert matched >= len(rules)


def test_history_gets_its_own_old_year():
    events = extract_events("In 1898 the United States bought the Philippines from Spain for $20 million.", PUBLISHED)
    assert [(e.event_type, e.event_date, e.date_precision) for e in events] == [("COOPERATE", date(1898, 1, 1), "year")]


def test_an_old_number_without_a_preposition_is_no_date():
    from flows.extract.dates import find_dates
    assert find_dates("Some 1200 troops and 1500 vehicles crossed the border.", PUBLISHED) == []


def test_a_decade_is_too_vague_to_date_an_event():
    text = ("Portugal and Angola signed a pact in Luanda on Monday. The treaty recalls that a Portuguese trader went to "
            "Angola in the 1880s, when he founded a company and bought land from local chiefs.")
    assert [e.event_type for e in extract_events(text, PUBLISHED)] == ["AGREE"]


def test_an_unreadable_term_date_is_an_error_not_an_open_term():
    from flows.extract.gazetteer import GazetteerError, _date
    assert _date("") is None and _date("2025-01-20") == date(2025, 1, 20)
    with pytest.raises(GazetteerError, match=r"people.csv data row 7 .*'2025-13-01' is not an ISO date"):
        _date("2025-13-01", "flows/data/people.csv data row 7 (Someone)")


def test_investment_at_home_is_not_an_investment_into_the_foreign_partner():
    text = ("Japan and Vietnam signed a trade pact in Hanoi on Monday. Toyota said it would invest "
            "$50 million in a new plant in neighbouring Gifu prefecture, betting on demand from Vietnam.")
    assert [e.event_type for e in extract_events(text, PUBLISHED)] == ["AGREE"]
