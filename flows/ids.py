"""Deterministic identifiers: the same input always gets the same id."""

from __future__ import annotations

import hashlib


def stable_hash(*parts: object, length: int = 16) -> str:
    """Hex digest of the parts joined by a separator no part contains."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def to_article_id(canonical_url: str) -> str:
    return stable_hash("article", canonical_url)


def to_content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
