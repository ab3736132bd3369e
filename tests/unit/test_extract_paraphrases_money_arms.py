"""Recall round 3: each mechanism is tested with several paraphrases of our own (other verbs, voice, word
order, actors, currencies), so a rule that only fits one sentence fails here. Money verbs (spend on, put
into, fund, bankroll, commit/earmark/set aside money for), defence budgets asked for or approved, named
weapon systems and giving verbs in arms transfers; and what must stay out (artillery shells are no
shelling, a refusal to supply is no supply, the people a story is attributed to are no party)."""

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 6, 13)  # a Friday


def _typed(text, event_type):
    return [(e.actor1_code, e.actor2_code, e.amount_value, e.amount_unit)
            for e in extract_events(text, PUBLISHED) if e.event_type == event_type]


def _pairs(text, event_type):
    return [frozenset(c for c in (a, b) if c) for a, b, _, _ in _typed(text, event_type)]


# money spent on goods is a purchase

@pytest.mark.parametrize("text, pair, value, unit", [
    ("Vietnam will spend $2 billion on American aircraft and engines.", {"VNM", "USA"}, 2e9, "USD"),
    ("Last year Egypt spent 3 billion euros on French warplanes.", {"EGY", "FRA"}, 3e9, "EUR"),
    ("Seoul has agreed to spend a further $100 billion over four years buying U.S. energy.", {"KOR", "USA"}, 1e11, "USD"),
    ("Manila said it would spend about $1.2bn on Indian anti-ship missiles.", {"PHL", "IND"}, 1.2e9, "USD"),
])
def test_money_spent_on_goods_is_a_purchase(text, pair, value, unit):
    found = [(frozenset(c for c in (a, b) if c), v, u) for a, b, v, u in _typed(text, "COOPERATE")]
    found += [(frozenset(c for c in (a, b) if c), v, u) for a, b, v, u in _typed(text, "AID")]
    assert (frozenset(pair), value, unit) in found


# money for defence, spent, asked for or approved, is the country's own build-up

@pytest.mark.parametrize("text, actor, value, unit", [
    ("Poland plans to spend 200 billion zloty on its armed forces next year.", "POL", None, None),
    ("Italy will spend 12 billion euros on defence this year, the finance minister said.", "ITA", 12e9, "EUR"),
    ("Japan's defence ministry on Friday requested 9 trillion yen for defence in the coming fiscal year, "
     "a record.", "JPN", 9e12, "JPY"),
    ("Taiwan's cabinet approved a record defence budget of NT$950 billion for 2026.", "TWN", None, None),
    ("Canada earmarked C$9 billion for its military on Monday.", "CAN", 9e9, "CAD"),
    ("The Swedish parliament passed a larger military budget on Wednesday.", "SWE", None, None),
])
def test_defence_budget_requested_approved_or_spent_is_mobilize(text, actor, value, unit):
    found = _typed(text, "MOBILIZE")
    assert any(a == actor and b is None and (value is None or (v, u) == (value, unit)) for a, b, v, u in found), found


def test_money_for_another_countrys_military_is_aid_not_a_budget():
    text = "Denmark committed 5 billion kroner to Ukraine's military on Tuesday."
    assert _typed(text, "MOBILIZE") == []
    assert {"DNK", "UKR"} in [set(p) for p in _pairs(text, "AID")]


# money committed, earmarked or set aside for another country is aid

@pytest.mark.parametrize("text, pair, value, unit", [
    ("Canada committed C$500 million to Moldova on Thursday.", {"CAN", "MDA"}, 5e8, "CAD"),
    ("Britain has earmarked £1.6bn for Ukraine, officials said.", {"GBR", "UKR"}, 1.6e9, "GBP"),
    ("Tokyo set aside 50 billion yen for the Philippines' coast guard.", {"JPN", "PHL"}, 5e10, "JPY"),
    ("The Netherlands will contribute 300 million euros to Kyiv this year.", {"NLD", "UKR"}, 3e8, "EUR"),
])
def test_money_committed_to_a_country_is_aid(text, pair, value, unit):
    found = [(frozenset(c for c in (a, b) if c), v, u) for a, b, v, u in _typed(text, "AID")]
    assert (frozenset(pair), value, unit) in found


# funding verbs

@pytest.mark.parametrize("text, pair", [
    ("Germany will fund the reconstruction of Ukraine's power grid.", {"DEU", "UKR"}),
    ("Qatar bankrolled Lebanon's army with $60 million in fuel payments.", {"QAT", "LBN"}),
    ("The European Union financed Jordan's budget deficit last year.", {"EU", "JOR"}),
    ("Washington will underwrite Kyiv's purchases of American weapons.", {"USA", "UKR"}),
])
def test_funding_another_countrys_needs_is_aid(text, pair):
    assert frozenset(pair) in _pairs(text, "AID")


def test_funding_as_a_noun_is_no_second_aid():
    text = ("Berlin would provide military aid worth about €3 billion this year, including funding for Ukraine's "
            "drone industry.")
    assert _typed(text, "AID") == [("DEU", "UKR", 3e9, "EUR")]


# money put or poured into something, with any short qualifier

@pytest.mark.parametrize("text, value", [
    ("Japan and India will each put at least $5 billion into joint ventures.", 5e9),
    ("Saudi Arabia poured a further $3bn into Egyptian real estate.", 3e9),
    ("Korean chipmakers plan to plough as much as $20 billion into American plants.", 2e10),
])
def test_money_put_into_projects_is_investment(text, value):
    assert value in [v for _, _, v, _ in _typed(text, "COOPERATE")]


def test_money_put_in_a_year_is_no_investment_place():
    assert _typed("Norway put the cost at $5 billion in 2024, its minister said of Sweden's plan.", "COOPERATE") == []


# arms: named systems, giving verbs, who receives

@pytest.mark.parametrize("text, supplier, recipient", [
    ("Germany delivered two more Patriot systems to Ukraine on Monday.", "DEU", "UKR"),
    ("Norway will send NASAMS batteries to Kyiv.", "NOR", "UKR"),
    ("Canada is sending Leopard tanks to Ukraine.", "CAN", "UKR"),
    ("The Netherlands handed over F-16 fighters to Ukraine in May.", "NLD", "UKR"),
    ("South Korea exported K9 howitzers to Poland last year.", "KOR", "POL"),
    ("Taiwan will get HIMARS launchers from the United States next year.", "USA", "TWN"),
    ("Berlin pledged four more IRIS-T air defence systems to Kyiv on Tuesday.", "DEU", "UKR"),
    ("Poland acquired 96 Apache helicopters from the United States.", "USA", "POL"),
])
def test_named_weapon_systems_and_giving_verbs_are_arms_transfers(text, supplier, recipient):
    assert (supplier, recipient) in [(a, b) for a, b, _, _ in _typed(text, "AID")]


@pytest.mark.parametrize("text, supplier, recipient", [
    ("France gave Ukraine Caesar howitzers and artillery shells.", "FRA", "UKR"),
    ("Washington will sell Taipei 66 F-16 jets.", "USA", "TWN"),
    ("Britain has sent Kyiv Storm Shadow missiles.", "GBR", "UKR"),
])
def test_the_first_object_of_a_giving_verb_receives(text, supplier, recipient):
    assert [(a, b) for a, b, _, _ in _typed(text, "AID")] == [(supplier, recipient)]


@pytest.mark.parametrize("text", [
    "France gave Ukraine Caesar howitzers and artillery shells.",
    "Iran has shipped thousands of artillery shells to Russia.",
    "North Korea supplied 155mm shells and rockets to Moscow.",
])
def test_artillery_shells_are_no_shelling(text):
    assert _typed(text, "ASSAULT") == []


@pytest.mark.parametrize("text", [
    "Trump declined last week to commit to supplying Tomahawks to Ukraine.",
    "Berlin has declined to deliver Taurus missiles to Kyiv.",
    "Paris declined for now to send Rafale jets to India.",
])
def test_declining_to_supply_is_no_supply(text):
    assert _typed(text, "AID") == []


def test_the_people_a_story_is_attributed_to_are_no_recipient():
    text = ("Iran and Russia signed a treaty in January, and Russia thanked Iran for its help. Iran has also "
            "supplied thousands of drones that Ukraine says have struck its cities, according to Ukrainian and "
            "British officials.")
    assert all(b not in {"UKR", "GBR"} for _, b, _, _ in _typed(text, "AID"))


@pytest.mark.parametrize("text, actor, value, unit", [
    ("Japan's Defence Ministry on Friday requested a record 9 trillion yen, about $61 billion, for the fiscal "
     "year that begins in April.", "JPN", 9e12, "JPY"),
    ("The Pentagon has asked for $900 billion for next year.", "USA", 9e11, "USD"),
    ("South Korea's defence ministry sought 67 trillion won in its budget request on Tuesday.", "KOR", 6.7e13, "KRW"),
])
def test_a_defence_bodys_budget_request_is_mobilize(text, actor, value, unit):
    assert (actor, None, value, unit) in _typed(text, "MOBILIZE")


def test_money_requested_from_a_lender_is_no_defence_budget():
    assert _typed("Kenya requested $1 billion from the IMF on Monday.", "MOBILIZE") == []


# lending, passive aid, budgets in the passive, money added to a budget, several countries' own build-ups

@pytest.mark.parametrize("text, pair, value", [
    ("Riyadh will lend Cairo $4 billion to shore up its reserves.", {"SAU", "EGY"}, 4e9),
    ("Beijing lent Islamabad $2 billion last month, officials said.", {"CHN", "PAK"}, 2e9),
    ("India is lending Sri Lanka $300 million for fuel imports.", {"IND", "LKA"}, 3e8),
])
def test_lending_money_is_a_loan(text, pair, value):
    found = [(frozenset(c for c in (a, b) if c), v) for a, b, v, _ in _typed(text, "AID")]
    assert (frozenset(pair), value) in found


def test_lending_support_is_no_loan():
    assert _typed("France lent its support to Germany's proposal on Monday.", "AID") == []


@pytest.mark.parametrize("text, pair", [
    ("Emergency medical aid worth $20 million was sent to Haiti by Canada on Sunday.", {"CAN", "HTI"}),
    ("A $500 million loan was extended to Kenya by Japan on Monday.", {"JPN", "KEN"}),
    ("Humanitarian assistance has been delivered to Gaza by Jordan, its ministry said.", {"JOR", "PSE"}),
])
def test_passive_aid_names_its_giver_after_by(text, pair):
    assert frozenset(pair) in _pairs(text, "AID")


@pytest.mark.parametrize("text, actor", [
    ("A record 70 trillion won defence budget was approved by South Korea's parliament on Friday.", "KOR"),
    ("Spain's military budget will be raised to 2.1% of GDP this year.", "ESP"),
    ("Germany added 10 billion euros to its defence budget on Thursday.", "DEU"),
    ("Poland will add 20 billion zlotys to military spending next year.", "POL"),
])
def test_defence_budgets_in_the_passive_or_added_to(text, actor):
    assert actor in [a for a, b, _, _ in _typed(text, "MOBILIZE") if b is None]


@pytest.mark.parametrize("text, actors", [
    ("Sweden and Finland both pledged on Wednesday to spend 3.5% of GDP on defence by 2030.", {"SWE", "FIN"}),
    ("Latvia, Lithuania and Estonia raised their defence budgets on Monday.", {"LVA", "LTU", "EST"}),
    ("Spain and Portugal will both increase military spending next year.", {"ESP", "PRT"}),
])
def test_coordinated_countries_each_raise_their_own_spending(text, actors):
    found = _typed(text, "MOBILIZE")
    assert {a for a, _, _, _ in found} == actors and all(b is None for _, b, _, _ in found)
