"""Near-duplicate detection: 64-bit SimHash over word shingles.

Syndicated copies of one wire story (same text, different site chrome,
a changed headline or a trailing "Reporting by ..." line) have SimHashes a
few bits apart; unrelated articles differ in about half of the 64 bits.
`MAX_DISTANCE` (Hamming) is the threshold: at 3 bits over 3-word shingles,
copies that share ~90% of their text are caught and different stories on
the same subject are not (see tests/unit/test_feeds_dedup.py).

`DuplicateIndex` finds the original of a new article among earlier
fingerprints without comparing it with each of them: a fingerprint within
`MAX_DISTANCE` bits of another agrees with it exactly on at least one of
`MAX_DISTANCE + 1` disjoint bands of bits (pigeonhole), so only fingerprints
sharing a band are compared.

Pure: fingerprints are plain ints (unsigned 64-bit).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Iterable

import numpy as np

SHINGLE_WORDS = 3
MAX_DISTANCE = 3
MIN_WORDS = 30  # shorter texts (headlines, teasers) are not fingerprinted: too little evidence
_WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << 64) - 1


def to_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def to_simhash(text: str, shingle_words: int = SHINGLE_WORDS) -> int | None:
    """The SimHash of `text`, or None when it has fewer than MIN_WORDS words.

    Bit b of the fingerprint is set when more than half of the distinct shingles' 64-bit
    BLAKE2b values have bit b set (the bits are counted with numpy: 0.6 ms instead of 3.7 ms
    for a corpus page in a Python loop; the same fingerprints).
    """
    words = to_words(text)
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + shingle_words]) for i in range(len(words) - shingle_words + 1)}
    digests = b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles)
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(len(shingles), 64)  # column 0 = bit 63
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(shingles)
    return int.from_bytes(np.packbits(majority).tobytes(), "big") & _MASK


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK).bit_count()


def find_near_duplicate(fingerprint: int, candidates: Iterable[tuple[str, int]],
                        max_distance: int = MAX_DISTANCE) -> tuple[str, int] | None:
    """The closest (id, distance) among `candidates` within `max_distance`, ties to the first."""
    best: tuple[str, int] | None = None
    for candidate_id, other in candidates:
        distance = hamming(fingerprint, other)
        if distance <= max_distance and (best is None or distance < best[1]):
            best = (candidate_id, distance)
    return best


class DuplicateIndex:
    """Earlier fingerprints, searched in the order duplicate linking wants: an exact copy (same content
    hash) first, else the nearest fingerprint within `max_distance`; ties go to the earliest
    `computed_at`, then the smallest article id."""

    def __init__(self, max_distance: int = MAX_DISTANCE) -> None:
        self.max_distance = max_distance
        count = min(64, max_distance + 1)  # disjoint bands: a match within max_distance shares one
        edges = [round(64 * i / count) for i in range(count + 1)]
        self._bands = [(low, (1 << (high - low)) - 1) for low, high in zip(edges, edges[1:])]
        self._buckets: list[dict[int, list[str]]] = [{} for _ in self._bands]
        self._first_by_hash: dict[str, tuple[datetime, str]] = {}
        self._entries: dict[str, tuple[int, datetime]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, article_id: str, fingerprint: int, content_hash: str, computed_at: datetime) -> None:
        self._entries[article_id] = (fingerprint, computed_at)
        first = self._first_by_hash.get(content_hash)
        if first is None or (computed_at, article_id) < first:
            self._first_by_hash[content_hash] = (computed_at, article_id)
        for (shift, mask), buckets in zip(self._bands, self._buckets):
            buckets.setdefault(fingerprint >> shift & mask, []).append(article_id)

    def find(self, article_id: str, fingerprint: int, content_hash: str) -> tuple[str, int, str] | None:
        """(original's article id, distance, 'exact' | 'near') for an article not in the index, or None."""
        exact = self._first_by_hash.get(content_hash)
        if exact is not None and exact[1] != article_id:
            return exact[1], 0, "exact"
        best: tuple[int, datetime, str] | None = None
        seen: set[str] = set()
        for (shift, mask), buckets in zip(self._bands, self._buckets):
            for other in buckets.get(fingerprint >> shift & mask, ()):
                if other in seen or other == article_id:
                    continue
                seen.add(other)
                other_fingerprint, computed_at = self._entries[other]
                distance = hamming(fingerprint, other_fingerprint)
                if distance <= self.max_distance and (best is None or (distance, computed_at, other) < best):
                    best = (distance, computed_at, other)
        return (best[2], best[0], "near") if best else None
