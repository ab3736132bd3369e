"""The paraphrase coverage set (tests/fixtures/paraphrases/items.jsonl) is well formed.

Format only: the extractor's score on it is printed by bench/eval_paraphrases.py
and has no floor yet.
"""

import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "paraphrases"
ROOTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ORGS = {"EU", "NATO", "UN", "ASEAN", "G7", "G20", "WTO", "IMF", "QUAD", "OPEC"}
ISO3 = set((FIXTURE / "iso3166_alpha3.txt").read_text(encoding="utf-8").split())
ITEM_KEYS = {"id", "group", "form", "text", "published", "expect"}
EVENT_KEYS = {"type", "alt_types", "actors", "recipients", "symmetric", "amount", "date"}
LINES = (FIXTURE / "items.jsonl").read_text(encoding="utf-8").splitlines()
ITEMS = [json.loads(line) for line in LINES]
DATE_FORMS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def test_iso_list_is_complete():
    assert len(ISO3) == 249 and all(re.fullmatch(r"[A-Z]{3}", code) for code in ISO3)


def test_every_line_is_one_json_object():
    assert all(line.strip() for line in LINES), "blank line in items.jsonl"
    assert all(isinstance(item, dict) for item in ITEMS)


def test_ids_are_unique_and_name_their_group():
    ids = Counter(item["id"] for item in ITEMS)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [item["id"] for item in ITEMS if not item["id"].startswith(item["group"] + "-")] == []


def test_set_size_and_coverage():
    groups = Counter(item["group"] for item in ITEMS)
    assert groups["negative"] >= 80
    modes = {g: n for g, n in groups.items() if g not in ("negative", "history")}
    assert len(modes) >= 22
    assert {g: n for g, n in modes.items() if n < 8} == {}
    assert all(item["expect"] == [] for item in ITEMS if item["group"] == "negative")
    assert all(item["expect"] for item in ITEMS if item["group"] != "negative")


@pytest.mark.parametrize("item", ITEMS, ids=[item["id"] for item in ITEMS])
def test_item(item):
    assert set(item) == ITEM_KEYS
    assert isinstance(item["text"], str) and 10 <= len(item["text"]) <= 400
    assert item["text"] == item["text"].strip()
    assert isinstance(item["form"], str) and item["form"]
    published = date.fromisoformat(item["published"])
    assert isinstance(item["expect"], list)
    for event in item["expect"]:
        assert set(event) == EVENT_KEYS
        assert event["type"] in ROOTS
        assert isinstance(event["alt_types"], list) and set(event["alt_types"]) <= ROOTS - {event["type"]}
        assert event["actors"], "every event names at least one actor"
        codes = event["actors"] + event["recipients"]
        assert [c for c in codes if c not in ISO3 and c not in ORGS] == []
        assert len(set(codes)) == len(codes), "a code is listed twice"
        assert isinstance(event["symmetric"], bool)
        if event["symmetric"]:
            assert len(codes) >= 2, "a joint event has two parties"
        amount = event["amount"]
        if amount is not None:
            assert set(amount) == {"value", "unit"}
            value, unit = amount["value"], amount["unit"]
            assert isinstance(value, (int, float)) and value > 0
            assert re.fullmatch(r"[A-Z]{3}|percent|percent_gdp", unit)
            if unit == "percent_gdp":
                assert value < 20
            elif unit == "percent":
                assert value <= 1000
            else:
                assert value >= 1000, "money is in base units ($400 billion -> 400000000000)"
        if event["date"] is not None:
            text = event["date"]
            assert len(text) in DATE_FORMS
            parsed = datetime.strptime(text, DATE_FORMS[len(text)]).date()
            assert parsed <= published, "an event is dated no later than its article"
