"""Dates resolved against the publication date."""

from datetime import date

import pytest

from flows.extract import extract_events
from flows.extract.dates import find_dates

PUBLISHED = date(2025, 10, 30)  # a Thursday


@pytest.mark.parametrize("text, expected, precision", [
    ("on Tuesday", date(2025, 10, 28), "day"),
    ("on Thursday", date(2025, 10, 30), "day"),
    ("on July 30", date(2025, 7, 30), "day"),
    ("on 12 March 2024", date(2024, 3, 12), "day"),
    ("on Dec. 5", date(2024, 12, 5), "day"),  # after publication, so last year's
    ("in July", date(2025, 7, 1), "month"),
    ("in late August", date(2025, 8, 1), "month"),
    ("earlier this year", date(2025, 1, 1), "year"),
    ("last month", date(2025, 9, 1), "month"),
    ("last year", date(2024, 1, 1), "year"),
    ("next year", date(2026, 1, 1), "year"),
    ("in 2019", date(2019, 1, 1), "year"),
    ("yesterday", date(2025, 10, 29), "day"),
    ("three days ago", date(2025, 10, 27), "day"),
])
def test_date_expressions(text, expected, precision):
    found = find_dates(text, PUBLISHED)
    assert [(d.date, d.precision) for d in found] == [(expected, precision)]


def test_bare_month_modifier_is_not_a_date():
    assert find_dates("their July trade framework", PUBLISHED) == []


def test_period_bounds_are_marked():
    assert find_dates("tariffs apply from Aug. 1", PUBLISHED)[0].is_bound


@pytest.mark.parametrize("text", ["in 1700", "in 2999", "the 1990s", "on Feb. 30", "on 99 March", "in 0000"])
def test_absurd_dates_do_not_crash(text):
    for found in find_dates(text, PUBLISHED):
        assert 1800 <= found.date.year <= 2100  # history back to 1800 is dated ("in 1867"), see below


def test_an_old_year_needs_its_preposition():
    assert [(d.date, d.precision) for d in find_dates("in 1900", PUBLISHED)] == [(date(1900, 1, 1), "year")]
    assert find_dates("some 1900 troops", PUBLISHED) == []


def test_event_date_from_weekday():
    events = extract_events("Brazil and Argentina signed a trade agreement on Tuesday.", PUBLISHED)
    assert (events[0].event_date, events[0].date_precision) == (date(2025, 10, 28), "day")


def test_background_event_keeps_its_own_date():
    text = "Earlier this year, Seoul pledged $350 billion in investments in the United States."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "COOPERATE"]
    assert (events[0].event_date, events[0].date_precision) == (date(2025, 1, 1), "year")


def test_future_plan_is_planned():
    events = extract_events("Vietnam will buy $2 billion of American aircraft next year.", PUBLISHED)
    assert events[0].status == "planned" and events[0].event_date == date(2026, 1, 1)


def test_no_date_in_text_defaults_to_publication_day():
    events = extract_events("Chile and Peru signed a fisheries agreement.", PUBLISHED)
    assert events[0].event_date == PUBLISHED


def test_next_day_is_relative_to_the_last_date():
    text = ("Spain summoned the Moroccan ambassador on Oct. 20. "
            "The next day Morocco accused Spain of interference.")
    accuse = [e for e in extract_events(text, PUBLISHED) if e.actor1_code == "MAR"]
    assert accuse and accuse[0].event_date == date(2025, 10, 21)


def test_weekday_after_will_or_due_to_is_the_coming_one():
    from flows.extract.dates import find_dates
    found = find_dates("The envoy is due to arrive in Hanoi on Tuesday.", date(2025, 3, 14))  # a Friday
    assert found[0].date == date(2025, 3, 18) and found[0].is_future
    past = find_dates("The envoy arrived in Hanoi on Tuesday.", date(2025, 3, 14))
    assert past[0].date == date(2025, 3, 11)


def _event_dates(text, event_type):
    return [(e.event_date, e.date_precision) for e in extract_events(text, PUBLISHED) if e.event_type == event_type]


@pytest.mark.parametrize("text, expected, precision", [
    ("last October", date(2024, 10, 1), "month"),
    ("this March", date(2025, 3, 1), "month"),
    ("next February", date(2026, 2, 1), "month"),
])
def test_relative_month_names(text, expected, precision):
    found = find_dates(f"The ministers met {text}.", PUBLISHED)
    assert [(d.date, d.precision) for d in found] == [(expected, precision)]


@pytest.mark.parametrize("phrase, shift", [
    ("A week later", 7), ("Two weeks later", 14), ("That evening", 0), ("The next morning", 1),
])
def test_relative_episode_phrases_shift_from_the_named_date(phrase, shift):
    found = find_dates(f"{phrase} the envoys met again.", PUBLISHED)
    assert found and found[0].shift_days == shift


def test_a_week_later_is_dated_from_the_date_just_named():
    text = ("Chile and Peru signed a fisheries accord on Sept. 3. "
            "A week later, Chilean officials hosted Peruvian ministers for talks in Santiago.")
    assert (date(2025, 9, 10), "day") in _event_dates(text, "CONSULT")


def test_effective_date_is_a_bound_not_the_announcement_date():
    text = "Mexico on Tuesday imposed tariffs of 20% on Chinese steel, effective Nov. 15."
    assert _event_dates(text, "SANCTION") == [(date(2025, 10, 28), "day")]


def test_a_date_in_a_since_clause_does_not_date_the_main_event():
    text = "Norway's premier met Poland's president on Monday, their first talks since Warsaw joined the scheme in April."
    assert _event_dates(text, "CONSULT") == [(date(2025, 10, 27), "day")]


def test_a_date_in_a_relative_clause_after_the_trigger_belongs_to_that_clause():
    text = "Kenya signed a rail agreement with China, which had financed an earlier line in 2017."
    assert (date(2017, 1, 1), "year") not in _event_dates(text, "AGREE")


def test_a_date_after_a_semicolon_belongs_to_its_own_clause():
    text = "Ghana thanked Japan for the grant; Tokyo approved a loan to Accra in August."
    assert _event_dates(text, "SUPPORT") == [(PUBLISHED, "day")]


def test_since_date_followed_by_when_clause_dates_that_clause():
    text = "Tension has built since March 4, when Canada imposed tariffs on American steel."
    assert _event_dates(text, "SANCTION") == [(date(2025, 3, 4), "day")]


def test_a_date_inside_a_since_clause_does_not_set_the_paragraph_in_the_past():
    from datetime import date as _date
    from flows.extract import extract_events as _extract
    text = ("Japan's prime minister Ishiba met Australia's prime minister on Sunday, their first talks since Canberra "
            "raised levies on Japanese beef in March. Ishiba said he had asked Canberra to lift the levies.")
    requests = [e for e in _extract(text, _date(2025, 10, 27)) if e.event_type == "REQUEST"]
    assert requests and requests[0].event_date != _date(2025, 3, 1)
