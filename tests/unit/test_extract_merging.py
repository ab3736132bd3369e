"""One event per real-world action; provenance on every event."""

from datetime import date

from flows.extract import EXTRACTOR_VERSION, extract_events

PUBLISHED = date(2025, 10, 28)

ARTICLE = """SEOUL, Oct 28 (Wire) - South Korea and Canada signed a submarine cooperation agreement on Tuesday.
The agreement was signed by the two countries' defence ministers at a ceremony in Seoul.
Separately, Hanwha will invest $2 billion in Canadian shipyards, officials said.
Canada will also buy 12 submarines from South Korea, the ministry said."""


def test_several_sentences_about_one_deal_are_one_event():
    events = extract_events(ARTICLE, PUBLISHED)
    agree = [e for e in events if e.event_type == "AGREE"]
    assert len(agree) == 1
    assert agree[0].extra_sentences  # the second sentence is kept as a further mention


def test_different_actions_of_one_dyad_stay_apart():
    events = extract_events(ARTICLE, PUBLISHED)
    kinds = {(e.event_type, e.mode) for e in events}
    assert ("COOPERATE", "investment") in kinds and ("AGREE", "deal") in kinds


def test_provenance():
    for event in extract_events(ARTICLE, PUBLISHED):
        assert ARTICLE[event.char_start:event.char_end] == event.sentence
        assert 0 < event.confidence <= 1
    release, fingerprint = EXTRACTOR_VERSION.split("+")
    assert all(part.isdigit() for part in release.split(".")) and len(release.split(".")) == 3
    assert len(fingerprint) == 8 and int(fingerprint, 16) >= 0


def test_typographic_quotes_keep_offsets():
    text = "Japan’s Prime Minister Sanae Takaichi and Australia’s leader signed a “historic” pact on Tuesday."
    events = extract_events(text, PUBLISHED)
    assert events and text[events[0].char_start:events[0].char_end] == events[0].sentence
    assert "’" in events[0].sentence


def test_tit_for_tat_in_one_sentence_is_two_events():
    text = "In April, Washington raised its tariffs on Chinese goods to 145% and Beijing raised its duties on American products to 125%."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert {(e.actor1_code, e.actor2_code, e.amount_value) for e in events} == {("USA", "CHN", 145), ("CHN", "USA", 125)}


def test_a_sentence_about_the_order_restates_the_order_and_keeps_its_first_rate():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = ("Washington on Monday signed an order raising tariffs on Colombian goods to 35%. "
            "The order adds a 25% duty on top of the 10% baseline tariff.")
    sanctions = [e for e in _extract(text, _date(2025, 6, 10)) if e.event_type == "SANCTION"]
    assert len(sanctions) == 1 and sanctions[0].amount_value == 35


def test_a_new_order_with_another_rate_stays_separate():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = ("Washington on Monday raised tariffs on Colombian goods to 35%. "
            "In May, Washington raised tariffs on Colombian coffee to 20%.")
    sanctions = [e for e in _extract(text, _date(2025, 6, 10)) if e.event_type == "SANCTION"]
    assert len(sanctions) == 2
