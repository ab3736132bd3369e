"""Rules about news language (passive agents, modifiers, threats' scope, venues, conversions); our own sentences."""

from datetime import date

import pytest

from flows.extract import extract_events
from flows.extract.amounts import find_amounts

PUBLISHED = date(2025, 3, 14)  # a Friday


def _pairs(sentence, event_type, published=PUBLISHED):
    return [(e.actor1_code, e.actor2_code) for e in extract_events(sentence, published) if e.event_type == event_type]


def test_passive_agent_is_the_source():
    assert ("USA", "POL") in _pairs("Two proposed sales to Warsaw worth $2 billion were approved by the U.S. State "
                                    "Department on Tuesday.", "AID")


def test_noun_modifier_of_investments_is_the_recipient():
    assert _pairs("Seoul pledged $90 billion in loans and new American investments.", "COOPERATE") == [("KOR", "USA")]


def test_spending_money_in_a_country_is_investment():
    assert ("KOR", "USA") in _pairs("Samsung said it would spend $12 billion in the United States over four years.",
                                    "COOPERATE")


def test_threatened_actions_are_not_carried_out():
    sentence = "Trump threatened on Monday to impose a 50% tariff on Brazilian goods and to ban imports of Brazilian beef."
    events = extract_events(sentence, PUBLISHED)
    assert {e.event_type for e in events} == {"THREATEN"}
    assert [e.amount_value for e in events] == [50.0]


def test_inanimate_threat_is_no_event():
    assert _pairs("Mexico lifted the quotas that had threatened to disrupt trade with Canada.", "THREATEN") == []


def test_generic_warning_is_no_threat():
    assert _pairs("Exporters in Vietnam warned that uncertainty over American policy was hurting orders.",
                  "THREATEN") == []


def test_meeting_a_target_is_no_meeting():
    assert _pairs("Italy said it would meet its NATO spending targets next year.", "CONSULT") == []


def test_future_refusal_is_reject():
    assert ("USA", "BRA") in _pairs("Trump said he would not meet Lula until the tariffs dispute was settled.", "REJECT")


def test_venue_is_not_a_party():
    assert ("ARM", "AZE") in _pairs("Armenia and Azerbaijan agreed a peace text at talks in Switzerland on Monday.",
                                    "AGREE")
    assert not [p for p in _pairs("Armenia and Azerbaijan agreed a peace text at talks in Switzerland on Monday.",
                                  "AGREE") if "CHE" in p]


def test_drills_around_a_country_target_it():
    assert ("RUS", "LTU") in _pairs("Russia's military began large-scale exercises near Lithuania on Thursday.",
                                    "MOBILIZE")


@pytest.mark.parametrize("text, value, unit", [
    ("a package worth £40 billion ($52 billion) over ten years", 40e9, "GBP"),
    ("a budget of NT$300 billion for coast guard vessels", 300e9, "TWD"),
    ("reserves of HK$4 trillion", 4e12, "HKD"),
])
def test_first_stated_amount_and_its_currency(text, value, unit):
    money = [a for a in find_amounts(text) if a.is_money]
    assert len(money) == 1 and money[0].value == value and money[0].unit == unit


def test_plan_period_is_not_the_announcement_date():
    events = extract_events("France said on Wednesday it would provide military aid worth €3 billion to Ukraine "
                            "this year.", PUBLISHED)
    aid = [e for e in events if e.event_type == "AID"]
    assert aid and aid[0].event_date == date(2025, 3, 12)
