"""The actor gazetteer: countries, people with terms, companies, organisations.

Loaded once from the CSV files in `flows/data/` (see its README) into
`SURFACES`, a map from each surface form ("Japan", "Japanese", "Tokyo",
"Takaichi", "Toyota") to the entries it may name, and `ACTOR_PATTERN`, one
compiled alternation over all surface forms, longest first.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Entry:
    """One thing a surface form can name."""

    code: str | None  # ISO alpha-3 or organisation code; None for ignored phrases
    name: str  # canonical name
    kind: str  # country | adjective | capital | city | person | company | org | nonstate | ignore
    role: str | None = None
    term_start: date | None = None
    term_end: date | None = None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


class GazetteerError(ValueError):
    """A gazetteer row cannot be read: the message names the file, the row and the fix."""


def _date(value: str | None, where: str = "") -> date | None:
    """An ISO date, or None for an empty cell; anything else is an error (a term must not silently lose a bound)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GazetteerError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD); fix the cell or leave it empty") from None


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values())]


def read_gazetteer() -> dict[str, list[Entry]]:
    """Read every gazetteer file into {surface form: [entries]}."""
    surfaces: dict[str, list[Entry]] = {}

    def add(surface: str, entry: Entry) -> None:
        entries = surfaces.setdefault(surface, [])
        if entry not in entries:
            entries.append(entry)

    for row in _rows("countries.csv"):
        code, name = row["iso3"].strip(), row["name"].strip()
        for surface in [name, *_split(row["aliases"])]:
            add(surface, Entry(code, name, "country"))
            if surface.lower().startswith("the "):
                add(surface[0].upper() + surface[1:], Entry(code, name, "country"))
        for surface in _split(row["adjectives"]):
            add(surface, Entry(code, name, "adjective"))
        for surface in _split(row["capitals"]):
            add(surface, Entry(code, name, "capital"))
    for row in _rows("places.csv"):
        # cities and regions inside a country: a target they are hit in, never an actor (actors.py, coder.py)
        for surface in _split(row["places"]):
            add(surface, Entry(row["code"].strip(), surface, "city"))
    for row in _rows("organisations.csv"):
        code, name = row["code"].strip(), row["name"].strip()
        for surface in [name, *_split(row["aliases"])]:
            kind = "adjective" if surface in {"European", "Europeans"} else "org"
            add(surface, Entry(code, name, kind))
    for number, row in enumerate(_rows("people.csv"), start=1):
        where = f"{DATA_DIR / 'people.csv'} data row {number} ({row['name'].strip()})"
        entry = Entry(row["code"].strip(), row["name"].strip(), "person", row["role"].strip() or None,
                      _date(row["term_start"], where), _date(row["term_end"], where))
        for surface in [entry.name, *_split(row["aliases"])]:
            add(surface, entry)
    for row in _rows("companies.csv"):
        entry = Entry(row["code"].strip(), row["name"].strip(), "company")
        for surface in [entry.name, *_split(row["aliases"])]:
            add(surface, entry)
    for row in _rows("armed_groups.csv"):
        # non-state armed groups have no code in the gold guide: a mention that blocks the actor slot
        for surface in [row["name"].strip(), *_split(row["aliases"])]:
            add(surface, Entry(None, row["name"].strip(), "nonstate"))
    for row in _rows("ignore.csv"):
        add(row["phrase"].strip(), Entry(None, row["phrase"].strip(), "ignore"))
    return surfaces


def surface_pattern(surfaces) -> re.Pattern[str]:
    """One alternation over the surface forms, longest first, on word edges."""
    alternation = "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))
    return re.compile(r"(?<![\w])(?:" + alternation + r")(?!\w|\.\w)")


_LEADING_WORD = re.compile(r"\w+")


def surface_index(surfaces) -> dict[str, list[str]]:
    """First word of a surface form ("U" for "U.S.", "Kim" for "Kim Jong Un") -> its surface forms, longest first."""
    index: dict[str, list[str]] = {}
    for surface in sorted(surfaces, key=len, reverse=True):
        lead = _LEADING_WORD.match(surface)
        index.setdefault(lead.group(0) if lead else surface[:2], []).append(surface)
    return index


_WORD = re.compile(r"(?<!\w)\w+")


def find_surfaces(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every gazetteer surface form in `text`, longest match first.

    Same result as `ACTOR_PATTERN.finditer`, but looks up each word in
    `SURFACE_INDEX` (keyed by the first word of each surface form) instead of
    running a thousand-way alternation.
    """
    found = []
    position = 0
    for word in _WORD.finditer(text):
        start = word.start()
        if start < position:
            continue
        for surface in SURFACE_INDEX.get(word.group(0), ()):
            end = start + len(surface)
            if text.startswith(surface, start) and not (end < len(text) and (text[end].isalnum() or text[end] == "_"
                                                                              or text[end] == "." and end + 1 < len(text) and text[end + 1].isalnum())):
                found.append((start, end, surface))
                position = end
                break
    return found


def pick_entry(entries: list[Entry], on: date | None) -> Entry:
    """The entry that applies on a date: a person in office then, else the latest term."""
    if len(entries) == 1 or on is None:
        return max(entries, key=lambda e: (e.term_start or date.min)) if on is None else entries[0]
    in_office = [e for e in entries if (e.term_start or date.min) <= on < (e.term_end or date.max)]
    if in_office:
        return in_office[0]
    past = [e for e in entries if (e.term_start or date.min) <= on]
    return max(past or entries, key=lambda e: (e.term_start or date.min))


SURFACES: dict[str, list[Entry]] = read_gazetteer()
ACTOR_PATTERN = surface_pattern(SURFACES)
SURFACE_INDEX = surface_index(SURFACES)
ROLE_WORDS = ("prime minister", "president", "chancellor", "premier", "minister", "secretary")
