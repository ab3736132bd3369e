"""General news-language rules added in extractor 0.3.0 (coordination, metonyms, conditional warnings,
phrasal and nominal forms, non-events, relative dates); our own sentences, none from an evaluation set."""

from datetime import date

from flows.extract import extract_events

PUBLISHED = date(2025, 6, 13)  # a Friday


def _events(text, published=PUBLISHED):
    return extract_events(text, published)


def _typed(text, event_type, published=PUBLISHED):
    return [(e.actor1_code, e.actor2_code) for e in _events(text, published) if e.event_type == event_type]


# senses and non-events

def test_lifting_a_levy_to_a_higher_rate_is_a_raise():
    events = [e for e in _events("Ottawa lifted the surcharge duty on German steel to 60% on Tuesday.")
              if e.actor1_code == "CAN"]
    assert [(e.event_type, e.amount_value) for e in events] == [("SANCTION", 60.0)]


def test_risk_that_threatens_to_derail_is_no_threat():
    assert _typed("Talks between Chile and Peru resumed after a row over fishing quotas threatened to derail them.",
                  "THREATEN") == []


def test_lowercase_word_after_push_is_not_a_request_target():
    assert _typed("Officials in Oslo say the levy pushes business to rival ports in Sweden.", "REQUEST") == []


def test_sanctions_noun_before_a_lowercase_word_is_no_sanction():
    assert _typed("Minsk has grown used to European sanctions and shrugged off the new listing.", "SANCTION") == []


def test_discussing_a_possible_transfer_is_no_meeting():
    assert _typed("Spain and Morocco are discussing the possible sale of patrol boats.", "CONSULT") == []


def test_trade_statistics_are_no_purchase():
    assert _typed("Chile, which bought $9 billion of Chinese goods last year, runs a trade deficit with China.",
                  "COOPERATE") == []


def test_investigation_is_an_accusation_not_cooperation():
    events = _events("Washington opened an investigation into Vietnam's reliance on imported Chinese steel on Tuesday.")
    assert [(e.event_type, e.actor1_code, e.actor2_code) for e in events] == [("ACCUSE", "USA", "VNM")]


# conditional warnings

def test_warning_of_a_conditional_tariff_is_a_threat_with_its_rate():
    events = _events("Trump warned on Wednesday that he would impose tariffs of 40% on Colombia if Bogota kept "
                     "refusing deportation flights.")
    assert [(e.event_type, e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [
        ("THREATEN", "USA", "COL", 40.0)]


# phrasal and nominal forms

def test_put_on_hold_pauses_tariffs():
    events = _events("Trump on Thursday put on hold for two weeks the 30% tariffs on goods from Vietnam.")
    assert [(e.event_type, e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [
        ("CONCEDE", "USA", "VNM", 30.0)]


def test_pact_coming_into_force_is_an_agreement_not_a_deployment():
    events = _events("A pact allowing Australian and Indonesian troops to hold joint exercises on each other's "
                     "territory came into force on Monday.")
    assert [(e.event_type, {e.actor1_code, e.actor2_code}, e.status) for e in events] == [
        ("AGREE", {"AUS", "IDN"}, "completed")]


def test_strikes_on_air_bases_are_attacks():
    assert _typed("Before dawn, Iran struck two Iraqi air bases near Basra.", "ASSAULT") == [("IRN", "IRQ")]
    assert _typed("Armenia then announced retaliatory strikes on Azerbaijani positions.", "ASSAULT") == [
        ("ARM", "AZE")]


def test_hitting_back_with_tariffs_is_a_sanction():
    events = _events("Canberra said on Friday it would hit back with 20% tariffs on A$5 billion of Chinese wine.")
    assert [(e.event_type, e.actor1_code, e.actor2_code) for e in events] == [("SANCTION", "AUS", "CHN")]


# coordination

def test_each_coordinated_target_gets_its_own_event():
    assert sorted(_typed("Beijing imposed 15% tariffs on goods from Japan and South Korea on Tuesday.", "SANCTION")) == [
        ("CHN", "JPN"), ("CHN", "KOR")]


def test_second_clause_with_its_own_subject_is_its_own_event():
    events = _events("Seoul said it would buy $10 billion of U.S. gas, while Tokyo bought $7 billion of U.S. corn.")
    assert [(e.event_type, e.actor1_code, e.actor2_code, e.amount_value) for e in events] == [
        ("COOPERATE", "KOR", "USA", 10e9), ("COOPERATE", "JPN", "USA", 7e9)]


def test_witnesses_of_a_signing_are_not_extra_targets():
    events = _events("Rwanda signed a peace agreement with Congo in the presence of Qatar and the United States.")
    assert {e.actor2_code for e in events if e.event_type == "AGREE"} <= {"COD", "RWA"}


# non-events

def test_a_modal_governs_coordinated_verbs():
    assert _typed("Some senators argued that Rome should go further and invest $2 billion in Tunisia.",
                  "COOPERATE") == []


def test_until_clause_states_no_talks():
    assert _typed("Kallas said the EU would keep up pressure until Moscow was ready for negotiations.", "CONSULT") == []


def test_lower_as_an_adjective_is_no_easing():
    assert _typed("Washington set 20% duties on Thai goods, with a lower 10% rate for Thai rice.", "CONCEDE") == []


# material actions in other words

def test_firing_water_cannon_at_a_vessel_is_coercion():
    assert _typed("The Chinese coast guard fired water cannon at a Vietnamese fishing boat.", "COERCE") == [
        ("CHN", "VNM")]


def test_revoking_visas_is_a_sanction():
    assert _typed("Rubio revoked the visas of three Egyptian officials.", "SANCTION") == [("USA", "EGY")]


def test_putting_a_treaty_in_abeyance_is_a_sanction():
    events = _events('Kenya put its 1970 fisheries treaty with Somalia "in abeyance".')
    assert [(e.event_type, e.actor1_code) for e in events] == [("SANCTION", "KEN")]


# relative dates

def test_later_that_day_is_the_day_last_named():
    events = _events("Peru and Chile signed a port agreement on June 3. Later that day, Lima imposed tariffs on "
                     "Bolivian sugar.")
    assert [(e.event_type, e.event_date) for e in events] == [
        ("AGREE", date(2025, 6, 3)), ("SANCTION", date(2025, 6, 3))]


def test_a_coordinated_verb_shares_the_subject_of_the_first_action():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "India met Japanese officials in Tokyo and signed a defence pact with Australia."
    events = {e.event_type: (e.actor1_code, e.actor2_code) for e in _extract(text, _date(2025, 10, 21))}
    assert events.get("CONSULT") == ("IND", "JPN")
    assert events.get("AGREE") == ("IND", "AUS")


def test_a_new_subject_after_and_keeps_its_own_action():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Brazil criticised the Argentine tariffs and Chile imposed sanctions on Peru."
    events = {e.event_type: (e.actor1_code, e.actor2_code) for e in _extract(text, _date(2025, 10, 21))}
    assert events.get("ACCUSE") == ("BRA", "ARG")
    assert events.get("SANCTION") == ("CHL", "PER")


def test_a_deal_in_a_while_clause_does_not_turn_a_tariff_rise_into_an_easing():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Kenya signed a trade deal with Uganda, while Tanzania raised tariffs on Rwandan goods to 20%."
    events = [e for e in _extract(text, _date(2025, 10, 21)) if e.actor1_code == "TZA"]
    assert events and events[0].event_type == "SANCTION" and events[0].amount_value == 20


def test_a_number_with_a_thousands_separator_is_one_word_in_a_trigger():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Mexico deployed 5,000 troops to its northern border on Monday."
    assert [e for e in _extract(text, _date(2025, 10, 21)) if e.event_type == "MOBILIZE" and e.actor1_code == "MEX"]


def test_the_subject_of_the_next_clause_is_not_the_target_of_the_first():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = ("Japan and South Korea held talks in Seoul on Monday. Japan and South Korea later met again. "
            "Chile praised the accord, and Peru condemned Bolivia's new export ban.")
    events = [(e.event_type, e.actor1_code, e.actor2_code) for e in _extract(text, _date(2025, 10, 21))]
    assert ("ACCUSE", "PER", "BOL") in events
    assert not [ev for ev in events if ev[1] == "CHL" and ev[2] == "PER"]


def test_the_addressee_of_an_urge_is_the_target_even_outside_the_main_dyad():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = ("Russia held drills near Finland on Monday. Russia and Finland traded accusations. "
            "The Russian foreign ministry on Tuesday urged Sweden to stop arming Finland.")
    requests = [e for e in _extract(text, _date(2025, 6, 11)) if e.event_type == "REQUEST"]
    assert requests and requests[0].actor1_code == "RUS" and requests[0].actor2_code == "SWE"


def test_an_arms_package_is_aid_not_a_deal():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = "Berlin unveiled its largest arms package for Lithuania on Monday."
    events = [(e.event_type, e.actor1_code) for e in _extract(text, _date(2025, 6, 11))]
    assert ("AID", "DEU") in events and not [ev for ev in events if ev[0] == "AGREE"]
