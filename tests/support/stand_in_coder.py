"""A tiny, fully predictable event coder that tests install in place of the real one.

This is a test double, on purpose: the reprocessing tests (backfill,
re-extraction) are about what happens to stored events when the coder
changes, so they need two coders whose outputs they know exactly. The real
coder (`flows.extract`) is tested on its own, against the gold set.

A coder is a table of keyword -> (PLOVER type, mode); every sentence that
contains a keyword and names two known countries yields one event between
them, in the order they are named.
"""

from __future__ import annotations

import re
from datetime import date

import flows.extract
import flows.pipeline
from flows.model import ExtractedEvent

COUNTRIES = {
    "Japan": "JPN", "United States": "USA", "South Korea": "KOR", "Australia": "AUS", "Philippines": "PHL",
}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_COUNTRY = re.compile("|".join(re.escape(name) for name in COUNTRIES))

# v1 finds deals and (wrongly, say) warnings; v2 drops the warnings and finds investments.
V1 = {"signed": ("AGREE", "deal"), "warned": ("THREATEN", None)}
V2 = {"signed": ("AGREE", "deal"), "invest": ("COOPERATE", "investment")}


def make_coder(rules: dict[str, tuple[str, str | None]]):
    def extract_events(text: str, published: date | None, title: str | None = None) -> list[ExtractedEvent]:
        events = []
        for match in _SENTENCE.finditer(text or ""):
            sentence = match.group(0).strip()
            start = text.index(sentence, match.start())
            names = []
            for found in _COUNTRY.finditer(sentence):
                if found.group(0) not in names:
                    names.append(found.group(0))
            if len(names) < 2:
                continue
            for keyword, (event_type, mode) in rules.items():
                if keyword in sentence.lower():
                    events.append(ExtractedEvent(
                        event_type=event_type, actor1_code=COUNTRIES[names[0]], actor1_name=names[0],
                        actor2_code=COUNTRIES[names[1]], actor2_name=names[1], sentence=sentence,
                        char_start=start, char_end=start + len(sentence), mode=mode,
                        event_date=published, date_precision="day" if published else None, confidence=0.9,
                    ))
        return events

    return extract_events


def install_coder(monkeypatch, version: str, rules: dict[str, tuple[str, str | None]]) -> None:
    """Make `rules` the coder and `version` the extractor version, wherever the flows look them up."""
    coder = make_coder(rules)
    monkeypatch.setattr(flows.extract, "extract_events", coder)
    monkeypatch.setattr(flows.extract, "EXTRACTOR_VERSION", version)
    monkeypatch.setattr(flows.pipeline, "extract_events", coder, raising=False)
    monkeypatch.setattr(flows.pipeline, "EXTRACTOR_VERSION", version, raising=False)
