"""Event triggers and topic keywords, loaded once from `flows/data/`.

`TRIGGERS` is the ordered list of compiled trigger patterns read from
`triggers.toml` (earlier entries win on overlap); `TOPIC_PATTERNS` maps each
topic of the fixed vocabulary to one compiled keyword pattern from
`topics.csv`.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass

from flows.extract.gazetteer import DATA_DIR

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PLACEHOLDERS = {
    "{W}": r"[^\s,;]+",
    "{TARIFF}": r"(?:tariffs?|duties|duty|levy|levies|rates?)",
    "{MONEY}": r"(?:US\$|[$€£¥₩])\s?\d[\d,.]*\s?(?:trillion|billion|million|bn|tn|mn|m|b)?",
    "{ARMS}": r"(?:missiles?|weapons|arms|fighter jets|jets|fighters|tanks|munitions|ammunition|drones|air.defen[cs]e systems?|howitzers|rockets|warplanes|submarines?|frigates?|warships?)",
}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a pattern that signals a PLOVER event."""

    event_type: str
    mode: str | None
    pattern: re.Pattern[str]
    priority: int
    needs_amount: bool = False


def _expand(pattern: str) -> str:
    for key, value in PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return pattern


def read_triggers() -> list[Trigger]:
    """Read and compile `triggers.toml`; an unknown event type is an error."""
    with (DATA_DIR / "triggers.toml").open("rb") as handle:
        entries = tomllib.load(handle)["trigger"]
    triggers = []
    for priority, entry in enumerate(entries):
        if entry["type"] not in PLOVER_TYPES:
            raise ValueError(f"triggers.toml entry {priority}: unknown PLOVER type {entry['type']!r}")
        triggers.append(Trigger(entry["type"], entry.get("mode"), re.compile(_expand(entry["pattern"]), re.I),
                                priority, bool(entry.get("needs_amount", False))))
    return triggers


def read_topics() -> dict[str, re.Pattern[str]]:
    """Read `topics.csv` into {topic: keyword pattern}."""
    topics = {}
    with (DATA_DIR / "topics.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = [w.strip() for w in row["keywords"].split("|") if w.strip()]
            topics[row["topic"].strip()] = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)
    return topics


def topics_of(text: str) -> tuple[str, ...]:
    """The topics of the fixed vocabulary that `text` touches, in vocabulary order."""
    return tuple(topic for topic, pattern in TOPIC_PATTERNS.items() if pattern.search(text))


TRIGGERS: list[Trigger] = read_triggers()
TOPIC_PATTERNS: dict[str, re.Pattern[str]] = read_topics()
