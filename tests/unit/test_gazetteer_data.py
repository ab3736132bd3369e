"""The gazetteer data files: integrity of every row, and resolution of added actors through `extract_events`."""

import csv
from collections import defaultdict
from datetime import date

import pytest

from flows.extract import extract_events
from flows.extract.gazetteer import DATA_DIR, SURFACES, pick_entry


def rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split(cell):
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


COUNTRIES = rows("countries.csv")
ORGANISATIONS = rows("organisations.csv")
PEOPLE = rows("people.csv")
COMPANIES = rows("companies.csv")
ISO3 = {row["iso3"] for row in COUNTRIES}
ORG_CODES = {row["code"] for row in ORGANISATIONS}


# -- integrity -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, columns, required", [
    ("countries.csv", ["iso3", "name", "aliases", "adjectives", "capitals"], ["iso3", "name"]),
    ("organisations.csv", ["code", "name", "aliases"], ["code", "name"]),
    ("people.csv", ["name", "aliases", "code", "role", "term_start", "term_end"], ["name", "code", "role", "term_start"]),
    ("companies.csv", ["name", "aliases", "code"], ["name", "code"]),
    ("armed_groups.csv", ["name", "aliases"], ["name"]),
    ("ignore.csv", ["phrase", "reason"], ["phrase", "reason"]),
])
def test_every_row_has_the_documented_columns_and_a_name(name, columns, required):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == columns
        data = list(reader)
    assert data
    for row in data:
        assert None not in row, f"{name}: a row has more cells than the header: {row}"
        assert all(row[column] is not None for column in columns), f"{name}: a row has fewer cells: {row}"
        assert all(row[column] for column in required), f"{name}: empty required cell in {row}"
        # a stray space usually means an unquoted comma split a cell ("Savannah, Georgia")
        assert all(value == value.strip() for value in row.values()), f"{name}: stray spaces in {row}"


def test_country_codes_are_unique_iso3():
    codes = [row["iso3"] for row in COUNTRIES]
    assert len(codes) == len(set(codes)) >= 195
    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in codes)


@pytest.mark.parametrize("name, data", [("people.csv", PEOPLE), ("companies.csv", COMPANIES)])
def test_every_code_is_a_country_or_organisation(name, data):
    unknown = [(row["name"], row["code"]) for row in data if row["code"] not in ISO3 | ORG_CODES]
    assert unknown == []


def test_term_dates_parse_and_start_before_end():
    for row in PEOPLE:
        start = date.fromisoformat(row["term_start"])  # every term has a start
        if row["term_end"]:
            assert start <= date.fromisoformat(row["term_end"]), row
        assert row["role"] and row["role"] == row["role"].lower(), row


def test_no_duplicate_rows():
    people = [(r["name"], r["code"], r["role"], r["term_start"]) for r in PEOPLE]
    assert len(people) == len(set(people))
    companies = [r["name"] for r in COMPANIES]
    assert sorted({n for n in companies if companies.count(n) > 1}) == []
    ignored = [r["phrase"] for r in rows("ignore.csv")]
    assert len(ignored) == len(set(ignored))


def test_a_surface_without_terms_names_one_code():
    """Countries, capitals, organisations and companies: one surface form, one code."""
    conflicts = {}
    for surface, entries in SURFACES.items():
        codes = {e.code for e in entries if e.kind not in {"person", "ignore", "nonstate"}}
        if len(codes) > 1:
            conflicts[surface] = codes
    assert conflicts == {}


def test_a_person_surface_never_names_two_codes_on_one_day():
    """A name shared by rows with different codes ("Lee", "Rutte", "Kallas") needs terms that do not overlap."""
    overlaps = []
    for surface, entries in SURFACES.items():
        people = [e for e in entries if e.kind == "person"]
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                if a.code != b.code and a.term_start < (b.term_end or date.max) and b.term_start < (a.term_end or date.max):
                    overlaps.append((surface, a.code, b.code))
        others = {e.code for e in entries if e.kind not in {"person", "ignore"}}
        if people and others - {e.code for e in people}:
            overlaps.append((surface, "person vs", tuple(others)))
    assert overlaps == []


def test_every_row_is_loaded():
    for row in COUNTRIES:
        for surface in [row["name"], *split(row["aliases"]), *split(row["adjectives"]), *split(row["capitals"])]:
            assert row["iso3"] in {e.code for e in SURFACES[surface]}, surface
    for row in PEOPLE:
        entries = SURFACES[row["name"]]
        assert any(e.kind == "person" and e.code == row["code"] and e.term_start == date.fromisoformat(row["term_start"])
                   for e in entries), row
    for row in COMPANIES:
        for surface in [row["name"], *split(row["aliases"])]:
            assert row["code"] in {e.code for e in SURFACES[surface]}, surface
    for row in rows("ignore.csv"):
        assert any(e.kind == "ignore" for e in SURFACES[row["phrase"]])
    for row in rows("places.csv"):
        for surface in split(row["places"]):
            assert any(e.kind == "city" and e.code == row["code"] for e in SURFACES[surface]), surface


# -- resolution through the public API --------------------------------------------------------------------------

def actors(events):
    return {(e.event_type, e.actor1_code, e.actor2_code) for e in events}


@pytest.mark.parametrize("sentence, published, expected", [
    # a person who changed roles is coded by the office held on the publication date
    ("Stoltenberg met Bessent in Washington on Tuesday.", date(2025, 4, 10), "NOR"),
    ("Stoltenberg met Blinken in Washington on Tuesday.", date(2023, 4, 11), "NATO"),
    ("Baerbock met Rubio in New York on Tuesday.", date(2025, 9, 23), "UN"),
    ("Baerbock met Blinken in Berlin on Tuesday.", date(2024, 3, 5), "DEU"),
    ("Hoekstra met Wang Yi in Beijing on Tuesday.", date(2023, 6, 20), "NLD"),
    ("Hoekstra met Wang Yi in Beijing on Tuesday.", date(2024, 6, 18), "EU"),
    ("Draghi met Biden in Washington on Tuesday.", date(2022, 5, 10), "ITA"),
])
def test_person_coded_by_the_term_covering_the_date(sentence, published, expected):
    events = extract_events(sentence, published)
    assert [e.actor1_code for e in events if e.event_type == "CONSULT"] == [expected]


@pytest.mark.parametrize("sentence, published, expected", [
    ("Kazuo Ueda met Scott Bessent in Washington on Tuesday.", date(2025, 4, 22), ("CONSULT", "JPN", "USA")),
    ("Yulia Svyrydenko signed a minerals agreement with Scott Bessent on Wednesday.", date(2025, 5, 1),
     ("AGREE", "UKR", "USA")),
    ("Anton Siluanov met Wang Yi in Moscow on Monday.", date(2025, 3, 3), ("CONSULT", "RUS", "CHN")),
    ("Mehmet Simsek met Kristalina Georgieva in Washington on Thursday.", date(2025, 4, 24), ("CONSULT", "TUR", "IMF")),
    ("Qatar Investment Authority pledged to invest $10 billion in Japan on Monday.", date(2025, 5, 12),
     ("COOPERATE", "QAT", "JPN")),
    ("Hanwha Aerospace signed a deal to supply howitzers to Poland on Friday.", date(2025, 4, 4), ("AGREE", "KOR", "POL")),
    ("The Taiwan Affairs Office accused Taipei of provocation on Monday.", date(2025, 3, 17), ("ACCUSE", "CHN", "TWN")),
    ("The Bundestag approved military aid to Ukraine on Thursday.", date(2025, 3, 20), None),
])
def test_added_actors_resolve(sentence, published, expected):
    events = extract_events(sentence, published)
    if expected is None:  # only the source is asserted
        assert {e.actor1_code for e in events} == {"DEU"}
    else:
        assert expected in actors(events)


@pytest.mark.parametrize("sentence, absent", [
    ("Japan pledged $2 billion in aid to Latin America on Monday.", "USA"),
    ("Hyundai will invest $5 billion in a new plant in Georgia, the company said on Monday.", "GEO"),
    ("Hyundai pledged to invest $5 billion in its Georgia plant on Monday.", "GEO"),
    ("Israeli forces raided villages in the Jordan Valley on Monday.", "JOR"),
])
def test_places_named_after_countries_are_not_those_countries(sentence, absent):
    # each sentence coded the named country as the target before its place was listed in ignore.csv
    events = extract_events(sentence, date(2025, 9, 5))
    assert absent not in {c for e in events for c in (e.actor1_code, e.actor2_code)}


def test_northern_ireland_is_the_united_kingdom():
    events = extract_events("The EU agreed a trade deal with Northern Ireland on Monday.", date(2025, 9, 5))
    assert actors(events) == {("AGREE", "EU", "GBR")}


def test_country_forms_resolve():
    for surface, code in [("Chinese Taipei", "TWN"), ("Kiwis", "NZL"), ("Qataris", "QAT"), ("Northern Ireland", "GBR"),
                          ("Palestinian Authority", "PSE"), ("Federal Reserve", "USA"), ("Bank of Japan", "JPN"),
                          ("ECB", "EU"), ("Hanwha Ocean", "KOR"), ("Mubadala", "ARE"), ("GIC", "SGP")]:
        assert pick_entry(SURFACES[surface], date(2025, 6, 1)).code == code, surface
