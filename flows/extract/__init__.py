"""Event extraction: a rule-based PLOVER coder (pure: no I/O).

Public interface used by the pipeline:

    extract_events(text, published, title=None) -> list[ExtractedEvent]
    EXTRACTOR_VERSION

One ExtractedEvent per real-world action per article, each with its
evidence sentence and character offsets into `text`. The modules:
`sentences` (splitting), `gazetteer` and `actors` (who), `lexicon` and
`modality` (what, and whether it happened), `amounts`, `dates`, `coder`
(putting them together) and `merge` (one event per action); `scan` finds
the same regex matches as `finditer`, faster, for the patterns the engine
cannot skip ahead for. The tables live in `flows/data/` (see its README).
"""

from __future__ import annotations

from datetime import date

from flows.extract.coder import code_article
from flows.extract.version import EXTRACTOR_VERSION, RULES_VERSION
from flows.model import ExtractedEvent

__all__ = ["EXTRACTOR_VERSION", "RULES_VERSION", "extract_events"]


def extract_events(text: str, published: date | None, title: str | None = None) -> list[ExtractedEvent]:
    """Return the events stated in an English article's text.

    `published` is the article's publication date, used to resolve relative
    dates ("on Tuesday", "earlier this year").
    """
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError:
            published = None
    elif published is not None and hasattr(published, "date") and callable(published.date):
        published = published.date()
    return code_article(text or "", published, title)
