"""Who acts on whom (extractor 0.7.0): roles read from prepositions and verbs rather than word order.

Our own sentences, none from an evaluation set; each mechanism has a positive and a negative case.
"""

from datetime import date

from flows.extract import extract_events

PUBLISHED = date(2025, 9, 12)  # a Friday


def _pairs(text, event_type, published=PUBLISHED):
    return [(e.actor1_code, e.actor2_code) for e in extract_events(text, published) if e.event_type == event_type]


# arms transfers: the supplier acts, whatever the grammatical subject

def test_the_supplier_subject_delivers_to_the_recipient():
    assert _pairs("France will deliver more Caesar howitzers to Ukraine before the winter.", "AID") == [("FRA", "UKR")]


def test_a_receiving_verb_makes_the_from_phrase_the_supplier():
    assert _pairs("Poland will receive 48 Apache helicopters from the United States by 2028.", "AID") == [("USA", "POL")]


def test_a_receiver_without_a_named_supplier_is_still_the_target():
    assert _pairs("Estonia took delivery of six HIMARS rocket launchers on Tuesday, Washington said.", "AID") == [
        ("USA", "EST")]


def test_the_origin_of_the_weapons_supplies_an_order():
    assert _pairs("Officials said deliveries would start soon for Finland's order of American fighter jets.",
                  "AID") == [("USA", "FIN")]


def test_a_nominal_delivery_names_origin_and_recipient():
    assert _pairs("Deliveries of German-made Leopard tanks to Lithuania began in June.", "AID") == [("DEU", "LTU")]


def test_supplying_a_country_with_weapons_keeps_the_subject_as_supplier():
    assert _pairs("Italy will supply Slovakia with more air-defence missiles.", "AID") == [("ITA", "SVK")]


def test_a_from_phrase_in_another_clause_is_not_the_supplier():
    assert _pairs("Spain sold armoured drones to Chile; $40 million came in credits from Peru to Bolivia.",
                  "AID")[:1] == [("ESP", "CHL")]


def test_buying_weapons_from_a_country_stays_a_purchase_by_the_buyer():
    assert _pairs("Romania will buy 54 Abrams tanks from the United States.", "COOPERATE") == [("ROU", "USA")]


# nominal investments: "investment in X by Y"

def test_investment_in_a_country_by_foreign_firms_is_the_firms_pledge():
    events = [e for e in extract_events(
        "The minister said investment in Brazil by Spanish companies would top $30 billion this decade.", PUBLISHED)
        if e.event_type == "COOPERATE"]
    assert [(e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [("ESP", "BRA", 30e9)]


def test_investment_without_a_by_phrase_keeps_the_subject():
    events = [e for e in extract_events("Norway pledged $2 billion of investment in Kenya.", PUBLISHED)
              if e.event_type == "COOPERATE"]
    assert [(e.actor1_code, e.actor2_code) for e in events] == [("NOR", "KEN")]


def test_a_purchase_and_an_investment_in_one_sentence_are_two_actions():
    text = ("Vietnam agreed to buy more Australian coal, and investment in Vietnam by Australian pension funds "
            "would reach $5 billion, the statement said.")
    modes = sorted(e.mode for e in extract_events(text, PUBLISHED) if e.event_type == "COOPERATE")
    assert modes == ["investment_pledge", "purchase"]


# go-betweens: the whole mediation phrase names no party

def test_a_list_of_mediators_names_no_party():
    text = "The truce was signed on Monday after talks mediated by Norway, Kenya and Chile with U.N. envoys."
    assert _pairs(text, "AGREE") == []


def test_the_parties_after_between_stay_parties():
    text = "A truce brokered by Kenya between Ethiopia and Eritrea was signed on Monday."
    assert [set(p) for p in _pairs(text, "AGREE")] == [{"ETH", "ERI"}]


def test_a_mediator_is_not_the_main_dyad_partner_of_a_lone_party():
    text = ("Kenya has mediated between Ethiopia and Eritrea for months. Kenya hosted the talks in Nairobi. "
            "Ethiopia agreed to a deal brokered by Kenya on Monday.")
    assert ("ETH", "KEN") not in _pairs(text, "AGREE")


# coordinated objects and bracketed conversions

def test_a_loan_coordinated_with_aid_shares_giver_and_receiver():
    text = ("Oslo announced new humanitarian aid for Sudan, as well as a $300 million loan to rebuild clinics, "
            "to be repaid from frozen Libyan funds.")
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code) for e in events] == [("NOR", "SDN")]
    assert events[0].amount_value == 300e6


def test_a_bracketed_conversion_does_not_push_the_aid_noun_out_of_reach():
    text = "Japan pledged ¥150 billion (about $1 billion) in new development aid to Kenya on Tuesday."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "AID"]
    assert [(e.actor1_code, e.actor2_code, e.amount_unit) for e in events] == [("JPN", "KEN", "JPY")]


def test_a_loan_named_in_a_statistic_without_an_actor_is_no_event():
    assert _pairs("A $300 million loan was the largest item in the budget.", "AID") == []
