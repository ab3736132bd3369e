"""Amounts normalised to base units."""

from datetime import date

import pytest

from flows.extract import extract_events
from flows.extract.amounts import find_amounts


@pytest.mark.parametrize("text, value, unit", [
    ("$400 billion", 400e9, "USD"),
    ("$10bn", 10e9, "USD"),
    ("¥1.5 trillion", 1.5e12, "JPY"),
    ("€600bn", 600e9, "EUR"),
    ("£2.5 million", 2.5e6, "GBP"),
    ("500 trillion won", 500e12, "KRW"),
    ("2% of GDP", 2, "percent_gdp"),
    ("2 percent of GDP", 2, "percent_gdp"),
    ("3.5 per cent of gross domestic product", 3.5, "percent_gdp"),
    ("a 15% tariff", 15, "percent"),
    ("up to $400 billion", 400e9, "USD"),
    ("$10bn-$20bn", 20e9, "USD"),
    ("$10 to $20 billion", 20e9, "USD"),
    ("US$3,500 million", 3.5e9, "USD"),
])
def test_amounts(text, value, unit):
    found = find_amounts(text)
    assert len(found) == 1
    assert found[0].unit == unit and found[0].value == pytest.approx(value)


def test_percentage_points_are_not_a_rate():
    assert find_amounts("cut by 24 percentage points") == []


@pytest.mark.parametrize("text", ["$" + "9" * 400 + " billion", "$99999999999 trillion", "€1e309bn", "$,"])
def test_absurd_amounts_do_not_crash(text):
    assert all(a.value < 1e17 for a in find_amounts(text))


def test_event_amount_in_base_units():
    events = extract_events("Hyundai will invest $21 billion in the United States.", date(2025, 3, 25))
    assert (events[0].amount_value, events[0].amount_unit) == (21e9, "USD")


def test_same_amount_twice_is_one_amount_one_event():
    text = ("Qatar will invest $500 billion in the United States. "
            "The $500 billion investment will flow into American energy and technology.")
    events = [e for e in extract_events(text, date(2025, 5, 15)) if e.event_type == "COOPERATE"]
    assert len(events) == 1 and events[0].amount_value == 500e9


def test_tariff_cut_takes_the_new_rate():
    events = extract_events("The United States will lower its tariff on Swiss goods to 15% from 39%.", date(2025, 11, 14))
    concede = [e for e in events if e.event_type == "CONCEDE"]
    assert concede[0].amount_value == 15 and concede[0].amount_unit == "percent"


@pytest.mark.parametrize("text, value, unit", [
    ("between $12 billion and $15 billion", 15e9, "USD"),
    ("Rs 2.5 lakh crore", 2.5e12, "INR"),
    ("8,000 crore rupees", 8e10, "INR"),
    ("NZ$1.2 billion", 1.2e9, "NZD"),
    ("CHF 450 million", 450e6, "CHF"),
    ("3 billion Swiss francs", 3e9, "CHF"),
    ("SEK 7bn", 7e9, "SEK"),
    ("900 million lira", 900e6, "TRY"),
    ("between 1.5% and 2.5% of GDP", 2.5, "percent_gdp"),
])
def test_more_currencies_scales_and_ranges(text, value, unit):
    found = find_amounts(text)
    assert [(a.value, a.unit) for a in found] == [(value, unit)]


@pytest.mark.parametrize("text", ["€40 billion, or about $46 billion", "¥2 trillion (equivalent to $13 billion)",
                                  "£9bn, the equivalent of $12bn"])
def test_conversions_after_or_and_equivalent_are_dropped(text):
    assert len(find_amounts(text)) == 1


def test_an_amount_across_a_semicolon_is_not_the_action_of_the_other_clause():
    text = "Norway sold fighter jets to Romania; $900 million went in loans from Sweden to Moldova."
    events = [e for e in extract_events(text, date(2025, 6, 11)) if e.actor1_code == "NOR"]
    assert events and all(e.amount_value is None for e in events)


def test_an_amount_in_a_while_clause_stays_in_that_clause():
    text = "Canada bought Korean submarines, while a $2 billion loan from Japan to Vietnam was disbursed."
    events = [e for e in extract_events(text, date(2025, 6, 11)) if e.actor1_code == "CAN"]
    assert events and all(e.amount_value is None for e in events)


def test_each_amount_goes_to_the_trigger_of_its_own_clause():
    text = ("Poland pledged to buy $6 billion of American tanks, and Washington sent Warsaw a $2 billion loan.")
    events = extract_events(text, date(2025, 6, 11))
    by_actor = {e.actor1_code: e.amount_value for e in events}
    assert by_actor.get("POL") == 6e9
    assert by_actor.get("USA") in (2e9, None)


def test_a_relative_clause_keeps_its_own_amount_and_date_and_the_main_clause_its_own():
    text = ("Norway, which in February pledged a $3 billion investment in Kenya, concluded $500 million of "
            "commercial deals with Nairobi on Monday.")
    events = [e for e in extract_events(text, date(2025, 6, 11)) if e.event_type == "COOPERATE"]
    by_amount = {e.amount_value: e.event_date for e in events}
    assert by_amount.get(500e6) == date(2025, 6, 9)
    assert 3e9 in by_amount and by_amount[3e9] != date(2025, 6, 9)


def test_a_deal_takes_its_stated_value():
    text = "Chile and Peru signed a trade deal worth $4 billion on Monday."
    deals = [e for e in extract_events(text, date(2025, 6, 11)) if e.event_type == "AGREE"]
    assert deals and deals[0].amount_value == 4e9 and deals[0].amount_unit == "USD"


def test_a_deal_does_not_take_an_amount_that_is_not_its_value():
    text = "Chile and Peru signed a trade deal on Monday after Chile invested $4 billion in Peruvian mines."
    deals = [e for e in extract_events(text, date(2025, 6, 11)) if e.event_type == "AGREE"]
    assert deals and all(e.amount_value is None for e in deals)


def test_an_arms_sale_named_as_a_pact_is_aid_with_its_value():
    text = "Brazil and Sweden signed a defence sales agreement worth about $4 billion on Monday."
    aid = [e for e in extract_events(text, date(2025, 6, 11)) if e.event_type == "AID"]
    assert aid and aid[0].amount_value == 4e9


def test_money_named_as_financing_is_aid_with_that_amount():
    text = "Japan offered Vietnam $300 million in concessional loans on Monday."
    aid = [e for e in extract_events(text, date(2025, 6, 11)) if e.event_type == "AID"]
    assert aid and aid[0].amount_value == 300e6


def test_financing_listed_with_investment_stays_an_investment():
    text = "Earlier this year Seoul pledged $80 billion in loans, guarantees and direct investment in Poland."
    events = extract_events(text, date(2025, 6, 11))
    assert not [e for e in events if e.event_type == "AID"]


def test_an_export_import_bank_is_not_an_import():
    text = "The Export-Import Bank of Korea opened an office in Warsaw on Monday."
    assert not [e for e in extract_events(text, date(2025, 6, 11)) if e.mode == "purchase"]


def test_a_tariff_rate_announced_in_a_letter_is_a_threat_with_its_rate():
    text = "Trump had first announced the 40% rate in a June 3 letter to Jakarta, officials said."
    events = [e for e in extract_events(text, date(2025, 7, 20)) if e.amount_unit == "percent"]
    assert events and events[0].event_type == "THREATEN" and events[0].amount_value == 40


def test_similar_terms_take_the_amount_of_the_earlier_action():
    text = ("On Monday Washington approved chip export licences for Samsung in return for 12% of its China revenue. "
            "Rival SK Hynix has accepted similar terms, officials said.")
    events = [e for e in extract_events(text, date(2025, 8, 12)) if e.event_type == "CONCEDE"]
    later = [e for e in events if e.sentence.startswith("Rival")]
    assert later and later[0].amount_value == 12


def test_similar_terms_without_an_earlier_amount_take_none():
    text = "Rival SK Hynix has accepted similar terms from Washington, officials said."
    assert all(e.amount_value is None for e in extract_events(text, date(2025, 8, 12)))


def test_approving_the_release_of_money_is_aid_with_that_amount():
    text = "Germany's cabinet approved on Tuesday the release of about $40 million to Moldova."
    aid = [e for e in extract_events(text, date(2025, 5, 10)) if e.event_type == "AID"]
    assert aid and aid[0].amount_value == 40e6 and aid[0].actor1_code == "DEU" and aid[0].actor2_code == "MDA"
