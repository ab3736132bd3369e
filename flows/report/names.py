"""Names for actor codes: "USA" -> "United States", "JPN-USA" -> "Japan - United States".

Names come from the gazetteers in `flows/data/` (countries.csv: ISO 3166
alpha-3 codes; organisations.csv: EU, NATO, ...) when they are there, over a
small built-in table, so the report reads well even without them. An unknown
code is shown as it is.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

FALLBACK_NAMES = {
    "USA": "United States", "JPN": "Japan", "CHN": "China", "KOR": "South Korea", "PRK": "North Korea",
    "TWN": "Taiwan", "GBR": "United Kingdom", "FRA": "France", "DEU": "Germany", "ITA": "Italy",
    "CAN": "Canada", "AUS": "Australia", "NZL": "New Zealand", "IND": "India", "RUS": "Russia",
    "UKR": "Ukraine", "BRA": "Brazil", "MEX": "Mexico", "SAU": "Saudi Arabia", "ARE": "United Arab Emirates",
    "QAT": "Qatar", "ISR": "Israel", "IRN": "Iran", "TUR": "Turkey", "IDN": "Indonesia", "VNM": "Vietnam",
    "PHL": "Philippines", "SGP": "Singapore", "MYS": "Malaysia", "THA": "Thailand", "PAK": "Pakistan",
    "ZAF": "South Africa", "NLD": "Netherlands", "ESP": "Spain", "POL": "Poland", "SWE": "Sweden",
    "FIN": "Finland", "NOR": "Norway", "CHE": "Switzerland", "ARG": "Argentina",
    "EU": "European Union", "NATO": "NATO", "UN": "United Nations", "G7": "Group of Seven",
    "G20": "Group of 20", "WTO": "World Trade Organization", "ASEAN": "ASEAN", "QUAD": "Quad",
    "IMF": "International Monetary Fund",
}
UNKNOWN_PAIR_NAME = "Actors not identified"


def read_actor_names(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Code -> name from the gazetteer CSVs present in `data_dir`, over the fallback table.

    A missing or unreadable file is not an error: its names come from the fallback.
    """
    names = dict(FALLBACK_NAMES)
    for filename, code_column in (("countries.csv", "iso3"), ("organisations.csv", "code")):
        try:
            with open(data_dir / filename, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    code, name = (row.get(code_column) or "").strip(), (row.get("name") or "").strip()
                    if code and name:
                        names[code.upper()] = name
        except (OSError, csv.Error, UnicodeDecodeError):
            continue
    return names


@lru_cache(maxsize=1)
def actor_names() -> dict[str, str]:
    return read_actor_names()


def to_actor_name(code: str | None, names: dict[str, str] | None = None) -> str:
    if not code:
        return "unknown"
    return (names if names is not None else actor_names()).get(code.upper(), code)


def to_pair_name(pair_key: str | None, names: dict[str, str] | None = None) -> str:
    """'JPN-USA' -> 'Japan - United States'; 'USA' -> 'United States (one-sided)'."""
    if not pair_key:
        return UNKNOWN_PAIR_NAME
    codes = pair_key.split("-")
    if len(codes) == 1:
        return f"{to_actor_name(codes[0], names)} (one-sided)"
    return " - ".join(to_actor_name(code, names) for code in codes)


def to_pair_key(text: str) -> str:
    """A pair as a user writes it ('USA-JPN', 'usa_jpn', 'JPN USA') -> the warehouse key 'JPN-USA'."""
    codes = sorted(part.strip().upper() for part in text.replace("_", "-").replace(" ", "-").split("-") if part.strip())
    if not codes or len(codes) > 2:
        raise ValueError(f"a pair is one or two actor codes such as USA-JPN, not {text!r}")
    return "-".join(codes)
