"""Months and days placed by a following "last year" / "next year" (extractor 0.7.0); our own sentences."""

from datetime import date

from flows.extract import extract_events
from flows.extract.dates import find_dates

PUBLISHED = date(2025, 6, 18)


def _dates(text):
    return [(d.date, d.precision, d.is_bound) for d in find_dates(text, PUBLISHED)]


def test_a_month_followed_by_last_year_is_in_the_year_before():
    assert _dates("the accord they signed in June last year") == [(date(2024, 6, 1), "month", False)]


def test_of_last_year_and_next_year_move_the_year_both_ways():
    assert _dates("talks in March of next year") == [(date(2026, 3, 1), "month", False)]
    assert _dates("a visit in September of last year") == [(date(2024, 9, 1), "month", False)]


def test_a_day_followed_by_last_year_is_one_date():
    assert _dates("on Oct. 3 last year the two sides met") == [(date(2024, 10, 3), "day", False)]


def test_a_bare_month_without_a_year_phrase_keeps_the_recent_year():
    assert _dates("the accord they signed in June") == [(date(2025, 6, 1), "month", False)]


def test_from_a_month_last_year_bounds_a_period():
    assert _dates("units have served there from October last year") == [(date(2024, 10, 1), "month", True)]


def test_an_event_dated_a_month_last_year():
    events = [e for e in extract_events("Chile and Peru signed a fisheries pact in November last year.", PUBLISHED)
              if e.event_type == "AGREE"]
    assert [(e.event_date, e.date_precision) for e in events] == [(date(2024, 11, 1), "month")]


def test_by_the_end_of_a_year_is_a_deadline_not_the_date_of_the_pledge():
    events = [e for e in extract_events("Danish firms will invest $20 billion in Ghana by the end of 2029.", PUBLISHED)
              if e.event_type == "COOPERATE"]
    assert [(e.event_date, e.amount_value) for e in events] == [(PUBLISHED, 20e9)]


def test_a_weekday_after_an_explicit_earlier_day_is_the_week_of_that_day():
    text = "Chile raised its tariff on Peruvian steel on March 7, a day after a phone call with Peru on Thursday."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "CONSULT"]
    assert [e.event_date for e in events] == [date(2025, 3, 6)]


def test_a_weekday_stated_before_a_deadline_keeps_the_week_of_publication():
    text = "Chile on Monday suspended the tariff on Peruvian steel until Oct. 30."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "CONCEDE"]
    assert [e.event_date for e in events] == [date(2025, 6, 16)]


def test_the_levy_restates_the_rate_announced_before():
    text = "Chile announced a 25% tariff on Peruvian steel on March 3. The levy took effect on March 10."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert events and all(e.amount_value == 25.0 for e in events)


def test_a_tariff_named_by_its_own_goods_is_not_the_one_before():
    text = "Chile announced a 25% tariff on Peruvian steel on March 3. The tariff on Peruvian copper took effect on March 10."
    events = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert sorted(e.amount_value or 0 for e in events) == [0, 25.0]
