"""Which amount an event carries when a sentence offers several (our own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract import extract_events
from flows.extract.amounts import find_amounts

PUBLISHED = date(2025, 9, 10)


@pytest.mark.parametrize("text, value", [
    ("duties of between 12.5% and 40.1% on steel", 40.1),
    ("provisional deposits of 8.2% to 21% on pork", 21.0),
    ("a 5-10% levy", 10.0),
    ("rates between 10 percent and 35 percent", 35.0),
])
def test_a_range_of_rates_is_one_amount_its_upper_bound(text, value):
    amounts = find_amounts(text)
    assert [(a.value, a.unit) for a in amounts] == [(value, "percent")]


@pytest.mark.parametrize("text, values", [
    ("tariffs were cut from 60% to 20%", [60.0, 20.0]),       # a change of rate, not a range
    ("25% on trucks and 10% on parts", [25.0, 10.0]),          # two rates
    ("it lowered the rate 30% to 12%", [30.0, 12.0]),          # falling: not a range
])
def test_changes_and_coordinated_rates_stay_separate(text, values):
    assert [a.value for a in find_amounts(text)] == values


def test_a_tariff_on_a_stated_value_of_goods_carries_that_value():
    text = "Brazil imposed 30% duties on $12 billion of American imports on Monday."
    [event] = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert (event.amount_value, event.amount_unit) == (12e9, "USD")


def test_a_tariff_with_only_a_rate_keeps_the_rate():
    text = "Brazil imposed 30% duties on American steel on Monday."
    [event] = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert (event.amount_value, event.amount_unit) == (30.0, "percent")


def test_a_range_of_anti_dumping_rates_gives_the_ceiling():
    text = "India's commerce ministry imposed anti-dumping duties of between 18% and 27% on Chinese solar glass on Friday."
    [event] = [e for e in extract_events(text, PUBLISHED) if e.event_type == "SANCTION"]
    assert (event.amount_value, event.amount_unit, event.actor1_code) == (27.0, "percent", "IND")
