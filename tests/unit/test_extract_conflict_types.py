"""Material-conflict and retreat roots (ASSAULT, RETREAT, PROTEST, COERCE) and ended talks; our own sentences."""

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 3, 14)  # a Friday


def _typed(sentence, event_type):
    return [(e.actor1_code, e.actor2_code) for e in extract_events(sentence, PUBLISHED) if e.event_type == event_type]


CASES = [
    ("Israel fired dozens of rockets at Lebanese villages on Tuesday.", "ASSAULT", ("ISR", "LBN")),
    ("India launched drone strikes on Pakistani positions overnight.", "ASSAULT", ("IND", "PAK")),
    ("Azerbaijan shelled Armenian border posts on Wednesday.", "ASSAULT", ("AZE", "ARM")),
    ("Venezuela released six American prisoners on Thursday.", "RETREAT", ("VEN", "USA")),
    ("Armenia agreed to pull its troops back from the Azerbaijani border.", "RETREAT", ("ARM", "AZE")),
    ("Mali withdrew its ambassador from Algeria on Monday.", "RETREAT", ("MLI", "DZA")),
    ("Iran seized two British tankers in the Gulf on Monday.", "COERCE", ("IRN", "GBR")),
    ("Russia detained three Estonian nationals near the border.", "COERCE", ("RUS", "EST")),
    ("Brazil broke off trade talks with Argentina on Wednesday.", "REJECT", ("BRA", "ARG")),
]


@pytest.mark.parametrize("sentence, event_type, pair", CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_conflict_roots(sentence, event_type, pair):
    assert pair in _typed(sentence, event_type)


def test_protest_is_single_actor():
    found = [e for e in extract_events("Thousands of Serbian students marched through Belgrade to protest against "
                                       "the government on Saturday.", PUBLISHED) if e.event_type == "PROTEST"]
    assert found and found[0].actor1_code == "SRB" and found[0].actor2_code is None


@pytest.mark.parametrize("sentence", [
    "The navy's drills simulated strikes on ports and airfields of Vietnam, China said.",
    "Officials said a Russian attack on Finland would trigger NATO's Article 5.",
])
def test_simulated_or_hypothetical_attack_is_no_assault(sentence):
    assert _typed(sentence, "ASSAULT") == []


def test_ended_talks_are_not_consultations():
    events = extract_events("Colombia ended its negotiations with Ecuador on Tuesday.", PUBLISHED)
    assert "CONSULT" not in {e.event_type for e in events}
    assert ("COL", "ECU") in [(e.actor1_code, e.actor2_code) for e in events if e.event_type == "REJECT"]
