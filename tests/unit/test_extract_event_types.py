"""One test sentence (our own, not from the dev set) per PLOVER root and subtype."""

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 3, 14)  # a Friday

CASES = [
    ("Canada and Mexico signed a free trade agreement on Thursday.", "AGREE", {"CAN", "MEX"}),
    ("German Chancellor Friedrich Merz met Indian Prime Minister Narendra Modi in Berlin on Monday.", "CONSULT", {"DEU", "IND"}),
    ("Australian Prime Minister Anthony Albanese praised Indonesia for its help with the rescue.", "SUPPORT", {"AUS", "IDN"}),
    ("Vietnam cut its tariffs on American cars to 10% from 45%.", "CONCEDE", {"VNM", "USA"}),
    ("Samsung will invest $20 billion in new chip plants in the United States.", "COOPERATE", {"KOR", "USA"}),
    ("Germany delivered more air defence systems to Ukraine this week.", "AID", {"DEU", "UKR"}),
    ("Brazil urged China to resume imports of its beef.", "REQUEST", {"BRA", "CHN"}),
    ("The Philippines accused China of dangerous manoeuvres near the shoal.", "ACCUSE", {"PHL", "CHN"}),
    ("India rejected Pakistan's proposal for talks.", "REJECT", {"IND", "PAK"}),
    ("Canada threatened to retaliate against the United States.", "THREATEN", {"CAN", "USA"}),
    ("Beijing imposed a 34% tariff on American goods on Friday.", "SANCTION", {"CHN", "USA"}),
    ("Poland pledged to raise defence spending to 4.7% of GDP.", "MOBILIZE", {"POL"}),
]


@pytest.mark.parametrize("sentence, event_type, codes", CASES, ids=[c[1] for c in CASES])
def test_each_root_type_is_coded(sentence, event_type, codes):
    events = extract_events(sentence, PUBLISHED)
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[(e.event_type, e.actor1_code, e.actor2_code) for e in events]}"
    assert {c for c in (found[0].actor1_code, found[0].actor2_code) if c} == codes


def test_compound_subject_is_one_symmetric_event():
    events = extract_events("Japan and the United States agreed a new shipbuilding framework on Tuesday.", PUBLISHED)
    agree = [e for e in events if e.event_type == "AGREE"]
    assert len(agree) == 1
    assert agree[0].is_symmetric
    assert {agree[0].actor1_code, agree[0].actor2_code} == {"JPN", "USA"}


def test_direction_goes_from_source_to_target():
    events = extract_events("The European Union imposed new sanctions on Russia on Wednesday.", PUBLISHED)
    sanction = [e for e in events if e.event_type == "SANCTION"]
    assert (sanction[0].actor1_code, sanction[0].actor2_code) == ("EU", "RUS")


@pytest.mark.parametrize("sentence, mode", [
    ("Seoul announced new export controls on chip equipment to China on Monday.", "export_control"),
    ("Tokyo will invest $5 billion in Indian railways.", "investment"),
    ("India agreed to buy $10 billion of American liquefied natural gas.", "purchase"),
    ("France will sell 26 fighter jets to India.", "arms_transfer"),
])
def test_modes(sentence, mode):
    assert mode in {e.mode for e in extract_events(sentence, PUBLISHED)}


def test_tariff_under_a_deal_is_a_concession():
    text = "Britain and the United States reached a trade deal under which British cars will face a 10% tariff."
    types = {e.event_type for e in extract_events(text, PUBLISHED)}
    assert "CONCEDE" in types and "SANCTION" not in types


def test_topics_come_from_the_fixed_vocabulary():
    events = extract_events("Australia and Japan signed an agreement on rare earths and critical minerals on Monday.",
                            PUBLISHED)
    assert {"rare_earths", "critical_minerals"} <= set(events[0].topics)


def test_empty_and_eventless_text():
    assert extract_events("", PUBLISHED) == []
    assert extract_events("The weather in Tokyo was mild and sunny.", PUBLISHED) == []
    assert extract_events("Markets rose.", None) == []


def test_word_led_triggers_are_indexed_for_speed():
    # a shared first letter ("fund|financ") must not leave a trigger scanning every position
    from flows.extract.lexicon import PLACEHOLDERS, UNINDEXED_TRIGGERS
    assert all(t.pattern.pattern.startswith(PLACEHOLDERS["{MONEY}"]) for t in UNINDEXED_TRIGGERS)


def test_reinforcing_a_border_with_troops_is_mobilize():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Poland said on Monday it would reinforce its eastern border with 5,000 more soldiers."
    events = [e for e in _extract(text, _date(2025, 2, 4)) if e.event_type == "MOBILIZE"]
    assert events and events[0].actor1_code == "POL"


def test_reinforcing_a_border_with_fences_is_not_a_deployment():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Poland said on Monday it would reinforce its eastern border with new fences and cameras."
    assert not [e for e in _extract(text, _date(2025, 2, 4)) if e.event_type == "MOBILIZE"]


def test_plural_calls_with_a_leader_are_consult():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Chile's president held two calls with Peru's leader on Monday."
    assert [(e.event_type, e.actor1_code, e.actor2_code) for e in _extract(text, _date(2025, 2, 4))] == [
        ("CONSULT", "CHL", "PER")]
