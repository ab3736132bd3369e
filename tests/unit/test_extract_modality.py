"""What is not an event: denials, hypotheticals, conditionals, questions, speculation."""

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 6, 4)


@pytest.mark.parametrize("sentence", [
    "Washington could impose a 50% tariff on Brazilian goods.",
    "China might cut its tariffs on Australian wine.",
    "If talks fail, Canada will impose tariffs on American steel.",
    "Will Japan invest $100 billion in the United States?",
    "Analysts said India may sign a trade agreement with the EU this year.",
    "Seoul denied that it had agreed to invest $100 billion in the United States.",
    "Mexico did not impose new tariffs on Chinese cars.",
    "South Africa hopes to sign a trade deal with the United States.",
    "Officials are considering whether Britain should buy American fighter jets.",
])
def test_no_event(sentence):
    assert extract_events(sentence, PUBLISHED) == []


def test_refusal_is_a_reject_not_a_retreat():
    events = extract_events("Taiwan said on Monday it would not withdraw its complaint against China.", PUBLISHED)
    assert [e.event_type for e in events] == ["REJECT"]


def test_reported_speech_keeps_the_event():
    events = extract_events("Trump said Japan would invest $550 billion in the United States.", PUBLISHED)
    assert [(e.event_type, e.actor1_code, e.actor2_code) for e in events] == [("COOPERATE", "JPN", "USA")]


def test_quoted_speech_is_not_coded():
    events = extract_events('"We will never impose tariffs on our friends in Canada," Trump told reporters.', PUBLISHED)
    assert events == []
