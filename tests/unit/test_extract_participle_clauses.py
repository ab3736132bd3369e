"""A participle after a comma (", blaming ...", ", accusing ...") shares the main clause's subject, and a date
before that comma dates the main clause (our own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract import extract_events

PUBLISHED = date(2025, 9, 20)


def by_type(text: str) -> dict[str, tuple]:
    return {e.event_type: (e.actor1_code, e.actor2_code, e.event_date) for e in extract_events(text, PUBLISHED)}


@pytest.mark.parametrize("text, accuser, accused", [
    ("Beijing imposed export curbs on Japanese chipmakers, accusing Tokyo of militarism.", "CHN", "JPN"),
    ("India raised duties on Turkish apples, blaming Ankara for backing Pakistan.", "IND", "TUR"),
    ("Canada expelled two Indian diplomats, accusing New Delhi of plotting against Sikh activists.", "CAN", "IND"),
])
def test_the_participle_clause_takes_the_main_subject(text, accuser, accused):
    events = by_type(text)
    assert events["ACCUSE"][:2] == (accuser, accused)


def test_a_date_before_the_comma_dates_the_main_clause_not_the_participle():
    events = by_type("Mexico raised its tariff on Chinese cars to 50% on Sept. 2, blaming Beijing for dumping.")
    assert events["SANCTION"] == ("MEX", "CHN", date(2025, 9, 2))


def test_a_date_after_the_participle_stays_with_it():
    events = by_type("Mexico raised its tariff on Chinese cars to 50%, blaming Beijing on Sept. 2 for dumping.")
    assert events["ACCUSE"][2] == date(2025, 9, 2)
