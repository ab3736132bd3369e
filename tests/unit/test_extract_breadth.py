"""Breadth of the 0.4.0 lexicon: one sentence of our own per new trigger family (none from an eval set)."""

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 9, 12)  # a Friday


def _typed(sentence: str) -> set[tuple[str, str | None, str | None]]:
    return {(e.event_type, e.actor1_code, e.actor2_code) for e in extract_events(sentence, PUBLISHED)}


@pytest.mark.parametrize("sentence, expected", [
    ("Norway retaliated with matching restrictions on Icelandic fishing boats on Tuesday.", ("SANCTION", "NOR", "ISL")),
    ("Washington suspended military aid to Colombia on Monday.", ("SANCTION", "USA", "COL")),
    ("Azerbaijan halted its strikes on Armenian positions on Wednesday.", ("RETREAT", "AZE", "ARM")),
    ("Peru called off a planned summit with Chile on Tuesday.", ("REJECT", "PER", "CHL")),
    ("Kenya dismissed Uganda's demands for a new border survey.", ("REJECT", "KEN", "UGA")),
    ("Hungary dropped its veto on the aid package for Ukraine on Thursday.", ("CONCEDE", "HUN", "UKR")),
    ("Egypt barred Turkish companies from state tenders on Monday.", ("SANCTION", "EGY", "TUR")),
    ("Ghana severed diplomatic ties with Nigeria on Monday.", ("SANCTION", "GHA", "NGA")),
    ("Brazil confirmed anti-dumping duties of up to 30% on Chinese steel on Tuesday.", ("SANCTION", "BRA", "CHN")),
    ("Canada unveiled new sanctions on Belarus on Wednesday.", ("SANCTION", "CAN", "BLR")),
    ("Sudanese forces launched an offensive against Chadian outposts on Sunday.", ("ASSAULT", "SDN", "TCD")),
    ("Ukraine struck three oil refineries in Russia overnight, the military said.", ("ASSAULT", "UKR", "RUS")),
    ("Ukrainian prisoners were released by Russia on Monday.", ("RETREAT", "RUS", "UKR")),
    ("Mali pulled out of the defence pact with France on Tuesday.", ("RETREAT", "MLI", "FRA")),
    ("The Chinese coast guard intercepted Philippine vessels near the reef on Monday.", ("COERCE", "CHN", "PHL")),
    ("Poland sent 2,000 more troops to its border with Belarus on Monday.", ("MOBILIZE", "POL", None)),
    ("The IMF disbursed a $1 billion tranche to Egypt on Tuesday.", ("AID", "IMF", "EGY")),
    ("Indonesia and Vietnam signed a joint declaration on maritime cooperation on Wednesday.", ("AGREE", "IDN", "VNM")),
    ("Turkey ratified Sweden's NATO accession protocol on Tuesday.", ("AGREE", "TUR", "SWE")),
    ("Iran lashed out at Germany over the new arrests on Monday.", ("ACCUSE", "IRN", "DEU")),
    ("Serbia called the decision by Croatia 'unacceptable' on Tuesday.", ("ACCUSE", "SRB", "HRV")),
    ("Pakistan sought assistance from China after the floods on Monday.", ("REQUEST", "PAK", "CHN")),
    ("Algeria warned Morocco that it would respond to any incursion.", ("THREATEN", "DZA", "MAR")),
    ("Spain expressed solidarity with Portugal after the blackout on Monday.", ("SUPPORT", "ESP", "PRT")),
    ("Italy's prime minister telephoned the Tunisian president on Tuesday.", ("CONSULT", "ITA", "TUN")),
])
def test_new_trigger_families(sentence, expected):
    found = _typed(sentence)
    assert expected in found or (expected[0], expected[2], expected[1]) in found and expected[0] in {"AGREE", "CONSULT"}, found


@pytest.mark.parametrize("sentence, absent", [
    ("Peru called off a planned summit with Chile on Tuesday.", "CONSULT"),
    ("Kenya refused to comment on Uganda's border survey.", "REJECT"),
    ("The mayor, who has often clashed with Ottawa, defended the budget.", "ASSAULT"),
    ("The US-backed plan for Gaza was published on Monday.", "SUPPORT"),
    ("Argentina will negotiate with Chile over the glacier.", "CONSULT"),
])
def test_guarded_forms_emit_nothing(sentence, absent):
    assert absent not in {t for t, _, _ in _typed(sentence)}


def test_intend_to_invest_is_a_pledge():
    events = [e for e in extract_events("Toyota intends to invest $2 billion in Brazil.", PUBLISHED)
              if e.event_type == "COOPERATE"]
    assert [(e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [("JPN", "BRA", 2e9)]


@pytest.mark.parametrize("sentence, absent", [
    ("China suspended purchases of Australian barley on Monday.", "COOPERATE"),
    ("Japan postponed the planned summit with South Korea on Tuesday.", "CONSULT"),
])
def test_stopped_actions_are_not_the_action(sentence, absent):
    assert absent not in {t for t, _, _ in _typed(sentence)}
