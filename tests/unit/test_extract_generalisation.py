"""General language rules for news the coder was not tuned on (extractor after 0.8.0): questions and
anonymity clauses that only look like requests, opinions that only look like agreements, deployments,
protests, unnamed sources and places. Our own sentences, none from an evaluation set or fixture."""

from datetime import date

from flows.extract import extract_events

PUBLISHED = date(2025, 6, 13)  # a Friday


def _typed(text, event_type, published=PUBLISHED):
    return [(e.actor1_code, e.actor2_code) for e in extract_events(text, published) if e.event_type == event_type]


# requests: a source's anonymity and a question put to a speaker are no requests

def test_official_who_asked_not_to_be_named_makes_no_request():
    text = "Chile's foreign minister met his Peruvian counterpart on Tuesday, said an aide who asked not to be identified."
    assert _typed(text, "REQUEST") == []
    assert _typed(text, "CONSULT") == [("CHL", "PER")]


def test_question_put_to_a_speaker_is_no_request():
    assert _typed("When asked about plans to visit Peru, the Chilean minister declined to comment.", "REQUEST") == []
    assert _typed("Norway asked Sweden whether it wanted to reopen the pipeline talks.", "REQUEST") == []


def test_asking_someone_to_act_stays_a_request():
    assert _typed("Norway asked Sweden on Wednesday to reopen the border crossing.", "REQUEST") == [("NOR", "SWE")]


# agreements: sharing someone's view is no pact

def test_agreeing_with_a_view_is_no_agreement():
    assert _typed("Rutte said he agreed with Merz that Europe must spend more on air defence.", "AGREE") == []
    assert _typed("Madrid agreed with Lisbon's assessment that the drought posed a risk to farms.", "AGREE") == []


def test_agreeing_with_a_partner_on_future_terms_stays_a_deal():
    assert ("GBR", "IND") in _typed("Britain agreed with India on Tuesday that duties on whisky would fall to 75%.",
                                    "AGREE")
