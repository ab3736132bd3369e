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


# deployments: more verbs and units, passive deployments, exercises held together

def test_weapons_and_units_deployed_rotated_or_moved_are_a_deployment():
    assert _typed("Spain rotated four Eurofighters to Lithuania on Tuesday.", "MOBILIZE") == [("ESP", None)]
    assert _typed("Iran moved missile launchers to its northern border on Saturday.", "MOBILIZE") == [("IRN", None)]
    assert _typed("Canada will deploy a battalion to Latvia next month.", "MOBILIZE") == [("CAN", None)]
    assert _typed("Italy sent two frigates to the Red Sea on Sunday.", "MOBILIZE") == [("ITA", None)]


def test_passive_deployment_takes_its_by_agent():
    assert _typed("Two Patriot batteries were deployed to Slovakia by Germany on Monday.", "MOBILIZE") == [("DEU", None)]


def test_moving_closer_to_a_purchase_is_no_deployment():
    assert _typed("Toyota moved closer to buying jets from Airbus.", "MOBILIZE") == []


def test_joint_exercise_of_two_states_is_one_symmetric_event():
    events = [e for e in extract_events("Egypt and Greece began joint naval drills in the Mediterranean on Tuesday.",
                                        PUBLISHED) if e.event_type == "MOBILIZE"]
    assert [(e.actor1_code, e.actor2_code, e.is_symmetric) for e in events] == [("EGY", "GRC", True)]
    assert _typed("Norway and Finland kicked off their annual Arctic Shield exercise on Monday.", "MOBILIZE") == [
        ("NOR", "FIN")]


def test_defence_pledges_of_two_states_stay_one_event_each():
    assert sorted(_typed("Sweden and Finland both pledged to spend 3.5% of GDP on defence.", "MOBILIZE")) == [
        ("FIN", None), ("SWE", None)]


# coordinated sums: one purchase per sum of a list, by the same parties

def test_each_sum_of_a_coordinated_purchase_is_its_own_event():
    events = [e for e in extract_events("Vietnam agreed on Tuesday to buy $3 billion of U.S. aircraft, $2 billion of "
                                        "American farm goods and 20 Boeing jets.", PUBLISHED) if e.event_type == "COOPERATE"]
    assert sorted((e.actor1_code, e.actor2_code, e.amount_value) for e in events) == [
        ("VNM", "USA", 2e9), ("VNM", "USA", 3e9)]


def test_a_sum_for_another_act_or_party_ends_the_list():
    events = [e for e in extract_events("Qatar pledged $5 billion in investment in Britain and $2 billion in aid to Syria.",
                                        PUBLISHED) if e.event_type == "COOPERATE"]
    assert [(e.actor2_code, e.amount_value) for e in events] == [("GBR", 5e9)]


# protests, threats and sanctions in more wordings

def test_demonstration_at_a_foreign_embassy_is_a_protest_against_its_state():
    assert _typed("Hundreds of Vietnamese rallied outside the Chinese embassy in Hanoi on Sunday.", "PROTEST") == [
        ("VNM", "CHN")]


def test_warning_with_a_date_before_its_clause_is_a_threat():
    assert _typed("Norway warned Russia on Monday that any incursion would be met with force.", "THREATEN") == [
        ("NOR", "RUS")]
    assert _typed("Norway warned Russia on Monday that any incursion would be met with force.", "CONSULT") == []


def test_reported_retaliation_and_warning_over_a_move_are_threats():
    assert _typed("Serbia said on Sunday it would retaliate against any provocation by Kosovo.", "THREATEN") == [
        ("SRB", "XKX")]
    assert _typed("Estonia warned Russia over airspace violations on Tuesday.", "THREATEN") == [("EST", "RUS")]


def test_sanctioning_counted_targets_entry_bans_and_asset_freezes():
    assert _typed("Australia sanctioned 11 Russian officials on Tuesday.", "SANCTION") == [("AUS", "RUS")]
    assert _typed("Three Chinese banks were sanctioned by the U.S. Treasury on Friday.", "SANCTION") == [("USA", "CHN")]
    assert _typed("Latvia barred 15 Russian officials from entering the country on Thursday.", "SANCTION") == [
        ("LVA", "RUS")]
    assert _typed("Ukraine imposed an asset freeze on Russian oligarchs on Monday.", "SANCTION") == [("UKR", "RUS")]


def test_coordinated_sanctioners_act_together_against_the_target():
    assert _typed("Canada and Britain jointly sanctioned a Russian oil company on Wednesday.", "SANCTION") == [
        ("CAN", "RUS")]


# sources named only by their kind: the administration, the government, the alliance, the company

def test_the_alliance_is_the_alliance_last_named():
    text = ("NATO defence ministers met in Brussels on Monday. Estonia asked for more air defence. "
            "The alliance condemned Russia's drone incursion on Tuesday.")
    assert ("NATO", "RUS") in _typed(text, "ACCUSE")
    assert ("EST", "RUS") not in _typed(text, "ACCUSE")


def test_the_administration_is_the_united_states_when_the_article_names_it():
    text = ("Zelenskiy met Trump in Washington on Monday. Zelenskiy left without a deal. "
            "Days later the administration paused military aid to Kyiv.")
    assert _typed(text, "SANCTION") == [("USA", "UKR")]


def test_the_government_is_the_state_the_nearest_sentence_is_about():
    text = ("Canada's trade minister flew to Mexico City on Monday. "
            "On Tuesday the government imposed tariffs of 25% on Chinese steel.")
    assert _typed(text, "SANCTION") == [("CAN", "CHN")]


def test_the_company_is_the_company_last_named():
    text = "Samsung opened a chip plant in Texas last year. Officials said the company will invest $4 billion in Mexico."
    assert _typed(text, "COOPERATE") == [("KOR", "MEX")]


def test_a_body_with_no_antecedent_stays_unresolved():
    assert _typed("On Tuesday the government imposed tariffs of 25% on Chinese steel.", "SANCTION") == []


# headlines: the first line states the main event, also when it runs into the dateline

def test_headline_on_the_first_line_is_coded():
    text = "Oman sanctions four Iranian shipping firms\n\nMUSCAT, June 12 (Gulf Wire) - The measures take effect at once."
    assert _typed(text, "SANCTION") == [("OMN", "IRN")]


def test_headline_running_into_the_dateline_is_its_own_sentence():
    from flows.extract.sentences import split_sentences
    text = "Chile signs lithium deal with Japan SANTIAGO, June 12 (Andes Wire) - Chile's mining minister said on Thursday."
    assert [s.text for s in split_sentences(text)] == ["Chile signs lithium deal with Japan",
                                                       "Chile's mining minister said on Thursday."]


def test_heading_lines_after_the_first_stay_out():
    from flows.extract.sentences import split_sentences
    text = "Peru and Chile sign a fishing pact today.\nChile warns Peru over quotas\nThe talks went on."
    assert [s.text for s in split_sentences(text)] == ["Peru and Chile sign a fishing pact today.", "The talks went on."]


# what is asked for or sought is not done

def test_act_a_state_is_pressed_to_take_is_not_done():
    assert _typed("Manila pressed Beijing on Monday to halt its air strikes on the reef.", "RETREAT") == []
    assert _typed("Manila pressed Beijing on Monday to halt its air strikes on the reef.", "REQUEST") == [("PHL", "CHN")]


def test_talks_a_state_bids_to_open_are_not_held():
    assert _typed("Austria backed Serbia's bid to open accession talks with the EU.", "CONSULT") == []


# object relatives: "the X that <state> <verb>ed" names the state acting

def test_object_relative_names_the_actor_after_that():
    assert _typed("The asset freeze that Canada imposed on Thursday targets three Haitian gang leaders.", "SANCTION") == [
        ("CAN", "HTI")]
    assert _typed("The drills that Egypt and Greece began on Friday involve about 3,000 troops.", "MOBILIZE") == [
        ("EGY", "GRC")]
    assert _typed("The warning that Ankara issued to Athens on Friday rattled markets.", "THREATEN") == [("TUR", "GRC")]
    assert _typed("The $2 billion in aid that Qatar promised Syria in May has yet to arrive.", "AID") == [("QAT", "SYR")]


def test_object_relative_without_a_named_actor_is_no_event():
    assert _typed("The asset freeze that was imposed on Thursday targets three Haitian gang leaders.", "SANCTION") == []


# fronted participles: "Having <done X>, <State> ..." - the state after the comma did X

def test_fronted_participle_act_belongs_to_the_main_subject():
    assert ("PAK", "AFG") in _typed("Having warned Kabul of retaliation, Pakistan on Saturday closed a border crossing.",
                                    "THREATEN")
    assert _typed("Having lowered its tariff on Canadian lumber, Japan on Tuesday cut the duty on wheat to 5%.",
                  "CONCEDE")[0] == ("JPN", "CAN")


def test_money_for_projects_in_another_country_is_investment():
    assert _typed("Kuwait pledged $3 billion for Egyptian port projects on Monday.", "COOPERATE") == [("KWT", "EGY")]
    assert _typed("Kuwait pledged $3 billion for Egyptian port projects on Monday.", "AID") == []


# places inside a country: the country is hit there; a venue is no party; a place never acts

def test_city_hit_by_an_attack_codes_its_country_as_target():
    assert _typed("Russian drones hit Kharkiv on Tuesday, killing three people.", "ASSAULT") == [("RUS", "UKR")]
    assert _typed("A Russian missile strike on Odesa killed five people on Monday.", "ASSAULT") == [("RUS", "UKR")]


def test_city_where_leaders_meet_is_no_party():
    assert _typed("Modi and Xi met in the Russian city of Kazan on Wednesday.", "CONSULT") == [("IND", "CHN")]


def test_city_never_acts():
    assert _typed("Kharkiv condemned the strike on Monday.", "ACCUSE") == []


def test_killing_people_named_by_their_nationality_is_an_attack():
    assert _typed("Israeli forces killed 12 Lebanese in the south on Monday.", "ASSAULT") == [("ISR", "LBN")]


def test_acting_in_retaliation_is_no_threat_but_retaliating_with_measures_is_a_sanction():
    assert _typed("Iran fired missiles at Israel on Saturday in retaliation.", "THREATEN") == []
    assert _typed("Beijing retaliated with export curbs on Japanese firms on Friday.", "SANCTION") == [("CHN", "JPN")]
    assert _typed("Beijing retaliated in May with duties on Japanese steel.", "THREATEN") == []
    assert _typed("Beijing threatened to retaliate against the Japanese curbs.", "THREATEN") == [("CHN", "JPN")]


def test_a_weekday_in_a_reported_future_is_the_coming_one():
    events = [e for e in extract_events("Araghchi said he would travel to Moscow on Monday for talks with Putin.",
                                        date(2025, 6, 22)) if e.event_type == "CONSULT"]
    assert [({e.actor1_code, e.actor2_code}, e.event_date) for e in events] == [({"IRN", "RUS"}, date(2025, 6, 23))]


# accusations in diplomatic wording

def test_reported_judgements_of_another_state_are_accusations():
    assert _typed("The EU said Beijing's export curbs were unjustified.", "ACCUSE") == [("EU", "CHN")]
    assert _typed("Seoul's trade ministry said the Japanese measures amounted to economic coercion.", "ACCUSE") == [
        ("KOR", "JPN")]


def test_regret_grave_concern_and_formal_complaints_are_accusations():
    assert _typed("Norway expressed regret over Russia's decision on Monday.", "ACCUSE") == [("NOR", "RUS")]
    assert _typed("Manila voiced grave concern over Chinese drills near the shoal.", "ACCUSE") == [("PHL", "CHN")]
    assert _typed("Poland lodged a formal complaint with Belarus over the incursion.", "ACCUSE") == [("POL", "BLR")]


def test_plain_concern_is_no_accusation():
    assert _typed("Norway expressed concern over Russia's economy on Monday.", "ACCUSE") == []


def test_warning_against_doing_something_is_a_threat():
    assert _typed("Beijing warned Manila against sending ships to the shoal.", "THREATEN") == [("CHN", "PHL")]


# concessions in more wordings

def test_resuming_imports_granting_exemptions_and_extending_a_pause_are_concessions():
    assert _typed("Beijing resumed imports of Japanese beef on Monday.", "CONCEDE") == [("CHN", "JPN")]
    assert _typed("China granted exemptions for some Dutch chip shipments on Friday.", "CONCEDE") == [("CHN", "NLD")]
    assert _typed("Washington extended the tariff truce with Beijing by 90 days.", "CONCEDE") == [("USA", "CHN")]
    assert _typed("China suspended its export ban on gallium to the United States.", "CONCEDE") == [("CHN", "USA")]


def test_dropping_a_digital_services_tax_under_pressure_is_a_concession():
    assert _typed("Ottawa dropped its digital services tax on Sunday after pressure from Washington.", "CONCEDE") == [
        ("CAN", "USA")]


# passives with their agent: the state after "by" acts on the subject

def test_passive_acts_take_the_by_agent_as_actor():
    assert _typed("Two Latvian citizens were detained by Russian border guards on Friday.", "COERCE") == [("RUS", "LVA")]
    assert _typed("The two Latvian citizens were released by Russia on Sunday.", "RETREAT") == [("RUS", "LVA")]
    assert _typed("Serbia was urged by Germany on Monday to recognise Kosovo.", "REQUEST") == [("DEU", "SRB")]
    assert _typed("The extra duties on Canadian goods were reduced to 10% by Beijing on Monday.", "CONCEDE") == [
        ("CHN", "CAN")]
    assert _typed("A memorandum of understanding on hydrogen was signed by Chile and Japan on Monday.", "AGREE") == [
        ("CHL", "JPN")]


def test_agreed_as_an_adjective_and_laws_signed_are_no_pacts():
    assert _typed("Thai troops pulled back to an agreed line near the border, Cambodia said.", "AGREE") == []
    assert _typed("Under the agreed-upon terms, Japan will buy American rice.", "AGREE") == []
    assert _typed("Trump signed the $900 billion defence package into law, a move that angered China.", "AGREE") == []


def test_plea_to_ones_own_government_is_no_request_between_states():
    assert _typed("Korea's automakers urged Seoul to speed up talks with Washington.", "REQUEST") == []
    assert _typed("Japan's foreign minister urged Beijing to lift the ban.", "REQUEST") == [("JPN", "CHN")]


def test_a_trade_statistic_is_no_purchase():
    assert _typed("China's purchases of U.S. soybeans fell sharply this year.", "COOPERATE") == []
    assert _typed("China bought 2 million tonnes of U.S. soybeans on Monday.", "COOPERATE") == [("CHN", "USA")]


def test_act_under_that_accord_takes_the_accords_date():
    text = ("Chile and Japan signed a trade deal on May 22. "
            "Under that accord, Japan will invest $5 billion in Chilean lithium.")
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "COOPERATE"]
    assert [(e.actor1_code, e.actor2_code, e.event_date) for e in events] == [("JPN", "CHL", date(2025, 5, 22))]


# passive without an agent: the other main party acts only when that is unambiguous

def test_agentless_passive_takes_the_articles_other_main_party():
    text = "India and the United States held talks in May. Tariffs of 50% were imposed on Indian goods on Wednesday."
    assert _typed(text, "SANCTION") == [("USA", "IND")]


def test_agentless_passive_with_no_clear_other_party_is_left_out():
    assert _typed("Tariffs of 50% were imposed on Indian goods on Wednesday.", "SANCTION") == []


# nominal acts owned by a possessive actor

def test_possessive_nominal_acts():
    assert _typed("Mali's expulsion of three French diplomats on Monday deepened the crisis.", "SANCTION") == [
        ("MLI", "FRA")]
    assert _typed("Iran's release of the British journalist on Sunday was welcomed.", "RETREAT") == [("IRN", "GBR")]
    assert _typed("Peru's refusal to accept deportation flights from Chile set off a row.", "REJECT") == [("PER", "CHL")]
    assert _typed("Norway's €2 billion aid package for Ukraine includes air defence.", "AID") == [("NOR", "UKR")]


def test_nominal_act_without_a_possessor_is_not_coded_by_these_rules():
    assert _typed("The release of the British journalist on Sunday was welcomed in Tehran.", "RETREAT") == []


def test_closing_a_border_or_airspace_to_a_state_is_a_sanction():
    assert _typed("Lithuania closed its border with Belarus on Friday, citing Russian drills.", "SANCTION") == [
        ("LTU", "BLR")]
    assert _typed("Pakistan closed its airspace to Indian airlines on Thursday.", "SANCTION") == [("PAK", "IND")]


# more verbs: releases, withdrawals, raids, expulsions, licences, requests for goods, refusals, commendation

def test_more_release_withdrawal_and_coercion_verbs():
    assert _typed("Iran freed a Belgian aid worker on Wednesday.", "RETREAT") == [("IRN", "BEL")]
    assert _typed("Minsk handed five detained Lithuanians over to a Lithuanian delegation on Friday.", "RETREAT") == [
        ("BLR", "LTU")]
    assert _typed("Indian tax officials raided the offices of a Chinese phone maker on Wednesday.", "COERCE") == [
        ("IND", "CHN")]
    assert _typed("Croatia declared a Serbian diplomat persona non grata on Friday.", "SANCTION") == [("HRV", "SRB")]


def test_a_person_named_like_a_demonym_is_not_released():
    assert _typed("Canberra published a fact sheet released by Albanese's office.", "RETREAT") == []


def test_more_request_rejection_and_support_verbs():
    assert _typed("Poland formally requested more Patriot batteries from Germany on Thursday.", "REQUEST") == [
        ("POL", "DEU")]
    assert _typed("India declined Washington's offer to mediate on Monday.", "REJECT") == [("IND", "USA")]
    assert _typed("The IMF commended Egypt's reform progress on Thursday.", "SUPPORT") == [("IMF", "EGY")]
    assert _typed("Britain suspended 30 export licences for arms sales to Israel on Tuesday.", "SANCTION") == [
        ("GBR", "ISR")]
