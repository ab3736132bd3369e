"""Rules from the errors on set U (the former blind set): mechanisms that did not transfer to unseen news,
tested in our own sentences, none from an evaluation set or fixture.

Covered: passive relatives are no object relatives ("sanctions that had been imposed"), trigger words inside
multi-word names ("the Freedom Support Act"), acts that a request only asks for ("urged X to buy")."""

from datetime import date

from flows.extract import extract_events

PUBLISHED = date(2025, 9, 12)  # a Friday


def _typed(text, event_type, published=PUBLISHED):
    return [(e.actor1_code, e.actor2_code) for e in extract_events(text, published) if e.event_type == event_type]


def _types(text, published=PUBLISHED):
    return sorted(e.event_type for e in extract_events(text, published))


# a passive relative ("sanctions that had been imposed on X") is not an object relative with a subject

def test_lifting_sanctions_that_had_been_imposed_is_a_concession():
    text = "In May Canada lifted sanctions that had been imposed on a Chilean mining company in 2022."
    assert _typed(text, "CONCEDE") == [("CAN", "CHL")]
    assert _typed(text, "SANCTION") == []


def test_object_relative_with_a_subject_still_names_the_imposer():
    text = "Officials in Lima criticised the sanctions that Chile imposed on Peru on Tuesday."
    assert ("CHL", "PER") in _typed(text, "SANCTION")


# a capitalised trigger word between two capitalised words is part of a name

def test_trigger_words_inside_names_are_no_acts():
    assert _typed("The figures were published by the Polish Press Agency on Thursday, citing Norway.", "REQUEST") == []
    assert _typed("Norway amended its Energy Support Act to help Sweden's utilities.", "SUPPORT") == []


def test_the_same_words_as_verbs_still_count():
    assert _typed("Norway will support Sweden's bid, the foreign minister said on Thursday.", "SUPPORT") == [("NOR", "SWE")]
    assert _typed("Poland pressed Lithuania to reopen the border crossing.", "REQUEST") == [("POL", "LTU")]


def test_title_case_headline_keeps_its_verbs():
    assert "SUPPORT" in _types("Norway Says It Will Support Sweden Bid For Seat")


# an act in a request's to-complement is asked for, not done

def test_act_a_request_asks_for_is_not_done():
    text = "Washington has pressed Manila for years to spend more and to buy American fighter jets."
    assert _typed(text, "REQUEST") == [("USA", "PHL")]
    assert _typed(text, "COOPERATE") == []
    text = "Japan urged China on Monday to lift its ban on Japanese seafood imports."
    assert _typed(text, "REQUEST") == [("JPN", "CHN")]
    assert _typed(text, "CONCEDE") == []


def test_act_after_a_request_in_its_own_clause_is_done():
    text = "Japan urged China to resume talks, and on Monday Tokyo lifted its ban on Chinese poultry imports."
    assert ("JPN", "CHN") in _typed(text, "CONCEDE")


# "In May Canada lifted ..." names the month; "may" and a title-case "May Lift" stay modal

def test_the_month_may_is_no_modal():
    assert _typed("In May Canada lifted sanctions that had been imposed on Chile in 2022.", "CONCEDE") == [("CAN", "CHL")]
    assert _typed("In May the U.S. Treasury lifted sanctions on a Chilean mine.", "CONCEDE") == [("USA", "CHL")]


def test_the_modal_may_still_blocks():
    assert _typed("Canada may lift sanctions on Chile next year.", "CONCEDE") == []
    assert _typed("Canada May Lift Sanctions On Chile", "CONCEDE") == []


# dates: an old bare year before a noun names a thing; a reason phrase does not take the act's date

def _dated(text, event_type, published=PUBLISHED):
    return [e.event_date for e in extract_events(text, published) if e.event_type == event_type]


def test_old_attributive_year_does_not_date_the_act():
    assert _dated("Chile imposed sanctions on Peru, citing the 1998 border accord.", "SANCTION") == [PUBLISHED]
    assert _dated("Chile recalled its ambassador to Peru over the 1998 border accord.", "SANCTION") == [PUBLISHED]
    assert _dated("Chile recalled its ambassador to Peru in 1998.", "SANCTION") == [date(1998, 1, 1)]


def test_recent_attributive_year_still_dates_when_nothing_else_does():
    text = "Norway's 2025 sanctions on Belarus were criticised by Minsk."
    assert all(d is None or d.year == 2025 for d in _dated(text, "SANCTION"))


def test_year_before_a_reason_phrase_dates_the_act():
    text = "Canada imposed sanctions on Iran's shipping agency in 2021 over the same purchase."
    assert _dated(text, "SANCTION") == [date(2021, 1, 1)]
