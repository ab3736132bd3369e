"""ASSAULT and ACCUSE recall, REQUEST and AGREE precision: general rules tested with our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 9, 20)


def events(text: str) -> set[tuple[str, frozenset]]:
    return {(e.event_type, frozenset((e.actor1_code, e.actor2_code))) for e in extract_events(text, PUBLISHED)}


def types(text: str) -> set[str]:
    return {e.event_type for e in extract_events(text, PUBLISHED)}


@pytest.mark.parametrize("text, pair", [
    # passive with the attacker's weapons as agent
    ("A Syrian army depot was hit by Israeli drones on Monday, the ministry said.", {"ISR", "SYR"}),
    ("The Georgian border post was struck by Russian missiles overnight.", {"RUS", "GEO"}),
    # one strike named with its target
    ("Turkey's strike on Kirkuk on Friday drew protests from Baghdad.", {"TUR", "IRQ"}),
    ("Pakistan's air strike on an Afghan border post killed nine people on Monday.", {"PAK", "AFG"}),
    # 'hit' with a concrete military target, 'shoot down', boats
    ("Kyiv said its drones had hit a Russian refinery on Saturday.", {"UKR", "RUS"}),
    ("Romanian jets shoot down Russian drones near the border.", {"ROU", "RUS"}),
    ("The United States struck a boat off Colombia on Monday, killing three.", {"USA", "COL"}),
])
def test_assault_forms(text, pair):
    assert ("ASSAULT", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text", [
    "Dock workers began a strike on Monday at the port of Antwerp, Belgian unions said.",
    "France summoned the Russian ambassador over alleged cyber attacks on its hospitals.",
    "Ukraine's foreign ministry said the strike on Tuesday was the largest of the year.",
    "Poland and Germany struck a deal on Monday to share air-defence radars.",
])
def test_no_assault_in_labour_strikes_cyber_claims_or_deals(text):
    assert "ASSAULT" not in types(text)


def test_a_target_of_the_first_strike_is_no_attacker_in_the_same_sentence():
    found = [(e.actor1_code, e.actor2_code) for e in extract_events(
        "A Russian drone attack on Kyiv on Friday killed four people, while strikes elsewhere hit energy plants.",
        PUBLISHED) if e.event_type == "ASSAULT"]
    assert found == [("RUS", "UKR")]


@pytest.mark.parametrize("text, pair", [
    # nominal
    ("Egypt's condemnation of the Israeli raid on Monday was unusually sharp.", {"EGY", "ISR"}),
    ("Tokyo's new defence plan drew criticism from Beijing on Thursday.", {"JPN", "CHN"}),
    # reported speech: 'said ... violated'
    ("The Philippines said China's new maritime rules violated its sovereignty.", {"PHL", "CHN"}),
    # branded, expressed dissatisfaction, firmly opposes, alleged ... that
    ("Iran branded the American move a dangerous provocation on Sunday.", {"IRN", "USA"}),
    ("China expressed strong dissatisfaction with Japan on Monday over the visit.", {"CHN", "JPN"}),
    ("Beijing firmly opposes the Dutch export curbs, its commerce ministry said.", {"CHN", "NLD"}),
    ("Niger alleged on Wednesday that France was arming rebel groups.", {"NER", "FRA"}),
    # an investigation opened into another country's companies or plans
    ("China opened a trade and investment barrier investigation into Canada's steel measures.", {"CHN", "CAN"}),
])
def test_accuse_forms(text, pair):
    assert ("ACCUSE", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text", [
    "A roadside blast injured three Indian soldiers in Kashmir on Sunday.",
    "The company said the new model was branded for the Japanese market.",
    "Germany said it had not violated any rules, a spokesperson for Berlin said.",
])
def test_no_accuse_from_nouns_and_neutral_uses(text):
    assert "ACCUSE" not in types(text)


@pytest.mark.parametrize("text", [
    "Ukraine called on partners to increase pressure on Moscow.",
    "Poland urged its allies to send more air defences to Ukraine.",
    "The EU called on member states to stop buying Russian gas.",
])
def test_a_request_to_no_one_state_is_not_coded(text):
    assert "REQUEST" not in types(text)


def test_a_request_to_a_named_state_stays():
    assert ("REQUEST", frozenset({"UKR", "DEU"})) in events("Ukraine urged Germany on Monday to send more Taurus missiles.")


@pytest.mark.parametrize("text", [
    "France, Spain and Italy criticised Russia's drone incursions in a joint statement on Wednesday.",
    "The pledge was confirmed in a joint statement on Tuesday, Canada and Japan said.",
    "Spain met the spending target agreed at NATO's summit in June, Madrid said.",
])
def test_no_extra_agree_from_a_medium_or_a_participle(text):
    assert "AGREE" not in types(text)


@pytest.mark.parametrize("text, other", [
    ("Japan agreed on Monday to buy $20 billion of U.S. corn and soybeans.", "COOPERATE"),
    ("Saudi Arabia and Qatar agreed to lend Syria $500 million for its power grid.", "AID"),
    ("Germany agreed to provide Ukraine with $2 billion in military aid next year.", "AID"),
])
def test_agreed_to_act_is_the_act_not_an_extra_agree(text, other):
    found = types(text)
    assert other in found and "AGREE" not in found


def test_a_pact_signed_is_still_an_agreement():
    assert ("AGREE", frozenset({"IND", "GBR"})) in events("India and Britain signed a free trade agreement on Thursday.")
    assert ("AGREE", frozenset({"ARM", "AZE"})) in events("Armenia and Azerbaijan agreed on Friday to end their conflict.")


def pairs(text: str, event_type: str) -> list[tuple[str, str]]:
    return [(e.actor1_code, e.actor2_code) for e in extract_events(text, PUBLISHED) if e.event_type == event_type]


@pytest.mark.parametrize("text, accuser, accused", [
    ("Spain and Portugal condemned Morocco on Monday for the border incident.", {"ESP", "PRT"}, "MAR"),
    ("Estonia, Latvia and Lithuania denounced Russia on Friday over the airspace violations.", {"EST", "LVA", "LTU"}, "RUS"),
    ("Japan and South Korea urged China on Friday to halt the drills.", {"JPN", "KOR"}, "CHN"),
])
def test_coordinated_accusers_or_askers_keep_the_named_target(text, accuser, accused):
    found = pairs(text, "ACCUSE") + pairs(text, "REQUEST")
    assert found and all(a in accuser and b == accused for a, b in found)


def test_co_askers_with_no_addressee_stay_one_event():
    assert pairs("Egypt and Jordan called for restraint on Sunday.", "REQUEST") == [("EGY", "JOR")]


@pytest.mark.parametrize("text", [
    "China summoned Japan's ambassador on Friday to protest against the remarks.",
    "Vietnam summoned China's envoy on Monday to protest over the survey ship.",
    "Poland summoned Belarus's charge d'affaires on Tuesday to protest the incursion.",
])
def test_one_protest_per_summons_not_a_reversed_copy(text):
    assert len(pairs(text, "ACCUSE")) == 1


@pytest.mark.parametrize("text", [
    "Algeria recalled its ambassador to Paris in protest on Tuesday.",
    "Mali expelled the French envoy in protest on Monday.",
])
def test_in_protest_is_the_manner_of_the_act_before(text):
    assert "ACCUSE" not in types(text)


@pytest.mark.parametrize("text, pair", [
    ("Having accused Rwanda of backing rebels, Congo on Friday recalled its ambassador from Kigali.", {"COD", "RWA"}),
    ("Having blamed Kyiv for the blast, Moscow on Monday expelled two Ukrainian diplomats.", {"RUS", "UKR"}),
    ("Having condemned Israel's strikes, Jordan on Sunday recalled its envoy.", {"JOR", "ISR"}),
])
def test_a_fronted_participle_takes_the_subject_after_the_comma(text, pair):
    assert ("ACCUSE", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text, pair", [
    ("An Israeli strike on Hezbollah commanders in Lebanon killed six people on Tuesday.", {"ISR", "LBN"}),
    ("American warplanes bombed Houthi-held ports along Yemen's coast on Monday.", {"USA", "YEM"}),
])
def test_a_strike_on_an_armed_group_hits_the_country_it_is_in(text, pair):
    assert ("ASSAULT", frozenset(pair)) in events(text)


def test_a_strike_on_an_armed_group_with_no_country_is_not_coded():
    assert "ASSAULT" not in types("Israeli jets struck Hezbollah positions on Monday.")


@pytest.mark.parametrize("text, pair", [
    ("The Chinese foreign ministry said on Monday that Manila's statement was a gross interference in its affairs.",
     {"CHN", "PHL"}),
    ("Kyiv said Moscow was responsible for the blast at the power plant.", {"UKR", "RUS"}),
    ("Beijing expressed firm opposition to the Japanese move on Monday.", {"CHN", "JPN"}),
    ("China lodged stern representations with Canada over the visit on Tuesday.", {"CHN", "CAN"}),
    ("Seoul voiced strong dissatisfaction with Tokyo on Tuesday.", {"KOR", "JPN"}),
    ("India hit back at Turkey on Friday, calling its remarks unacceptable.", {"IND", "TUR"}),
])
def test_more_accuse_forms(text, pair):
    assert ("ACCUSE", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text", [
    "Germany said it had not violated any rules in its dealings with Poland.",
    "Italy said Spain was responsible for its own border controls.",
    "Macron called the summit with Merz a success.",
])
def test_no_accuse_from_denials_duties_or_praise(text):
    assert "ACCUSE" not in types(text)


@pytest.mark.parametrize("text, pair", [
    ("The NATO summit in Vilnius was boycotted by Hungary.", None),
    ("Estonia, Latvia and Lithuania boycotted a meeting addressed by the Russian foreign minister.", {"EST", "RUS"}),
    ("Ukrainian diplomats walked out of the Russian envoy's speech on Monday.", {"UKR", "RUS"}),
])
def test_a_boycott_is_a_protest_against_the_event_holder(text, pair):
    found = [(e.event_type, frozenset((e.actor1_code, e.actor2_code))) for e in extract_events(text, PUBLISHED)]
    assert found and all(t == "PROTEST" for t, _ in found)
    if pair is not None:
        assert found == [("PROTEST", frozenset(pair))]


@pytest.mark.parametrize("text", [
    "British ministers insisted that safety standards would not be lowered for American beef.",
    "Slovakia demanded guarantees that it would not be hurt by the plan to phase out Russian gas.",
    "Hungary insisted that its energy deals with Russian firms were legal.",
])
def test_no_request_from_assertions_or_goods(text):
    assert "REQUEST" not in types(text)


@pytest.mark.parametrize("text, pair", [
    ("China demanded that Japan retract the remarks on Monday.", {"CHN", "JPN"}),
    ("Seoul demanded an apology from the Japanese government on Tuesday.", {"KOR", "JPN"}),
    ("Israel insisted that Washington protect its military edge in the region.", {"ISR", "USA"}),
    ("Vietnam asked for wider access to the Japanese market for its fruit on Monday.", {"VNM", "JPN"}),
])
def test_demands_with_a_state_addressed_stay(text, pair):
    assert ("REQUEST", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text, pair", [
    ("India destroyed Pakistani air defence radars on Wednesday.", {"IND", "PAK"}),
    ("The US Navy sank a Venezuelan speedboat on Tuesday, Washington said.", {"USA", "VEN"}),
    ("Romania downed Russian drones over its territory on Saturday.", {"ROU", "RUS"}),
    ("Russian troops killed three Ukrainian civilians on Monday.", {"RUS", "UKR"}),
    ("Israeli jets bombed Lebanon's southern villages on Sunday.", {"ISR", "LBN"}),
])
def test_destroying_sinking_downing_and_killing(text, pair):
    assert ("ASSAULT", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text", [
    "Pakistan blamed India for the blast that killed three Pakistani soldiers.",
    "The company destroyed old documents before the Chinese inspection.",
    "Trump struck a deal with Japan on Monday.",
])
def test_no_assault_from_blame_paperwork_or_deals(text):
    assert "ASSAULT" not in types(text)


@pytest.mark.parametrize("text, act", [
    ("Jakarta will buy 2 million tonnes of Thai rice under a deal signed on Monday.", "COOPERATE"),
    ("Seoul will import $3 billion of Australian coal as part of the agreement reached on Friday.", "COOPERATE"),
    ("Tokyo will lend Manila $1 billion under a pact signed on Tuesday.", "AID"),
])
def test_the_deal_an_act_is_done_under_is_no_extra_agree(text, act):
    found = types(text)
    assert act in found and "AGREE" not in found


@pytest.mark.parametrize("text", [
    "Jordan denied reports that it had agreed to host Syrian fighters.",
    "Kenya denied that it had agreed to buy Russian wheat.",
    "Turkey dismissed reports that it had signed a defence pact with Egypt.",
])
def test_a_denied_agreement_is_no_agreement(text):
    assert "AGREE" not in types(text)


@pytest.mark.parametrize("text", [
    "Japan and Australia agreed that China's actions were destabilising.",
    "Germany and Italy agreed that the Russian threat was growing.",
    "Spain and Portugal agreed that the crisis had been handled badly.",
])
def test_agreeing_on_a_judgement_is_no_agree(text):
    assert "AGREE" not in types(text)


def test_agreeing_that_something_will_be_done_stays():
    assert ("AGREE", frozenset({"JPN", "AUS"})) in events(
        "Japan and Australia agreed on Monday that their navies would hold joint patrols.")


@pytest.mark.parametrize("text", [
    "Brazil rejected Argentina's offer of talks on Monday.",
    "China's request for talks was turned down by India on Monday.",
    "Serbia's proposal for a meeting was rebuffed by Kosovo.",
])
def test_talks_asked_for_or_offered_are_not_held(text):
    assert "CONSULT" not in types(text)


@pytest.mark.parametrize("text, pair", [
    ("A Kremlin spokesman said on Monday that Finland's decision to close the border was \"provocative\".", {"RUS", "FIN"}),
    ("Beijing said Canada's arrest of the executive grossly interfered in its affairs.", {"CHN", "CAN"}),
    ("Manila said China's new maritime map violated international law.", {"PHL", "CHN"}),
])
def test_a_reported_accusation_names_the_accused_inside_the_report(text, pair):
    assert ("ACCUSE", frozenset(pair)) in events(text)


@pytest.mark.parametrize("text", [
    "China said the sale grossly interfered in its internal affairs and urged the United States to stop.",
    "Japan said the decision was provocative, a spokesman for Tokyo added.",
    "India said the verdict violated its laws and asked Britain to review it.",
])
def test_a_reported_accusation_with_no_accused_named_is_not_coded(text):
    assert "ACCUSE" not in types(text)
