"""Event extraction: a rule-based PLOVER coder (pure: no I/O).

Public interface used by the pipeline:

    extract_events(text, published, title=None) -> list[ExtractedEvent]
    EXTRACTOR_VERSION

One ExtractedEvent per real-world action per article, each with its
evidence sentence and character offsets into `text`.
"""

from __future__ import annotations

from datetime import date

from flows.model import ExtractedEvent

EXTRACTOR_VERSION = "0.0.1"


def extract_events(text: str, published: date | None, title: str | None = None) -> list[ExtractedEvent]:
    """Return the events stated in an English article's text.

    `published` is the article's publication date, used to resolve relative
    dates ("on Tuesday", "earlier this year").
    """
    return []
