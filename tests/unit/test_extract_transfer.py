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


# wordings the coder did not know: objections, partnerships signed, contracts signed by both sides,
# exemptions and waivers, money promised to bolster a state, defence money proposed or lifted, strikes on camps,
# territory taken, terrorist designations, sanctions that follow another's

def test_objecting_to_a_measure_is_a_protest():
    assert _typed("Brazil has objected strongly to Argentina's new import levy.", "ACCUSE") == [("BRA", "ARG")]


def test_signing_a_named_partnership_is_a_deal():
    assert _typed("Norway and Finland signed a maritime security partnership on Thursday.", "AGREE") == [("NOR", "FIN")]


def test_contract_signed_by_two_states_after_place_and_day():
    text = "A contract for 12 patrol boats was signed in Oslo on Monday by Norway and Chile."
    assert [set(p) for p in _typed(text, "AGREE")] == [{"NOR", "CHL"}]


def test_exemption_granted_from_sanctions_and_a_signed_waiver_are_concessions():
    assert _typed("Washington granted Turkey a one-year exemption from sanctions on Iranian gas.", "CONCEDE") == [("USA", "TUR")]
    assert _typed("Biden signed a waiver of the restrictions on aid to Armenia.", "CONCEDE") == [("USA", "ARM")]


def test_money_promised_to_bolster_a_state():
    events = [e for e in extract_events("Japan promised $300 million to bolster Moldova's economy.", PUBLISHED)
              if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [("JPN", "MDA", 300_000_000)]


def test_defence_money_proposed_in_spending_and_an_allocation_lifted():
    text = "Poland's government has proposed an extra 50 billion zlotys in defence spending for next year."
    assert _typed(text, "MOBILIZE") == [("POL", None)]
    assert _typed("In March Chile's government lifted the defence allocation by 12%.", "MOBILIZE") == [("CHL", None)]


def test_strikes_on_what_a_state_called_camps():
    assert ("IRN", "IRQ") in _typed("Iran struck what it called militant camps in northern Iraq on Sunday.", "ASSAULT")


def test_taking_territory_is_an_assault_but_taking_people_is_not():
    assert _typed("Russian forces captured the town of Vuhledar from Ukraine in October.", "ASSAULT") == [("RUS", "UKR")]
    assert _typed("Russia annexed Crimea from Ukraine in 2014.", "ASSAULT") == [("RUS", "UKR")]
    assert _typed("Russian forces captured Ukrainian soldiers near the border.", "ASSAULT") == []


def test_terrorist_designation_and_sanctions_that_follow_are_sanctions():
    assert _typed("In July Washington designated a Venezuelan gang as a global terrorist group.", "SANCTION") == [("USA", "VEN")]
    text = "Canada designated the Sinaloa cartel as a terrorist organisation on Tuesday, a step Mexico criticised."
    assert ("CAN", "MEX") in _typed(text, "SANCTION")
    assert _typed("Britain followed in April with sanctions on Georgian officials.", "SANCTION") == [("GBR", "GEO")]


# actors: "the kingdom"

def test_the_kingdom_is_the_last_named_monarchy():
    text = ("Jordan has long been one of Egypt's main lenders. "
            "In March the kingdom rolled over a $2 billion deposit held at Egypt's central bank.")
    assert _typed(text, "AID") == [("JOR", "EGY")]


def test_the_kingdom_is_never_a_republic():
    text = "Egypt has long been one of Sudan's main lenders. In March the kingdom rolled over a $2 billion deposit."
    assert all(a != "EGY" for a, _ in _typed(text, "AID"))



# a call to act is no visit; a habit in a relative clause is no act; a participle restating an act is one act

def test_called_on_people_to_act_is_no_visit():
    text = ("Cuba's quarrel with the United States deepened on Monday. "
            "Last month Havana called on the island's 200,000 reservists to report for duty.")
    assert _typed(text, "CONSULT") == []


def test_calling_on_a_leader_stays_a_visit():
    assert _typed("Norway's foreign minister called on the Swedish prime minister in Stockholm on Tuesday.",
                  "CONSULT") == [("NOR", "SWE")]


def test_habit_in_a_relative_clause_is_no_act():
    assert _typed("France, which sells most of Egypt's warships, did not immediately comment.", "AID") == []


def test_a_past_act_in_a_relative_clause_still_counts():
    assert _typed("France, which sold 24 Rafale jets to Egypt in May, did not comment.", "AID") == [("FRA", "EGY")]


def test_participle_restating_the_act_is_one_event():
    events = [e for e in extract_events("Chile cut diplomatic ties with Peru in March, expelling its diplomats.", PUBLISHED)
              if e.event_type == "SANCTION"]
    assert len(events) == 1 and (events[0].actor1_code, events[0].actor2_code) == ("CHL", "PER")
