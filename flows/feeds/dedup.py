"""Near-duplicate detection: 64-bit SimHash over word shingles.

Syndicated copies of one wire story (same text, different site chrome,
a changed headline or a trailing "Reporting by ..." line) have SimHashes a
few bits apart; unrelated articles differ in about half of the 64 bits.
`MAX_DISTANCE` (Hamming) is the threshold: at 3 bits over 3-word shingles,
copies that share ~90% of their text are caught and different stories on
the same subject are not (see tests/unit/test_feeds_dedup.py).

Pure: fingerprints are plain ints (unsigned 64-bit).
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

SHINGLE_WORDS = 3
MAX_DISTANCE = 3
MIN_WORDS = 30  # shorter texts (headlines, teasers) are not fingerprinted: too little evidence
_WORD = re.compile(r"\w+", re.UNICODE)
_MASK = (1 << 64) - 1


def to_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def to_simhash(text: str, shingle_words: int = SHINGLE_WORDS) -> int | None:
    """The SimHash of `text`, or None when it has fewer than MIN_WORDS words."""
    words = to_words(text)
    if len(words) < MIN_WORDS:
        return None
    weights = [0] * 64
    shingles = {" ".join(words[i:i + shingle_words]) for i in range(len(words) - shingle_words + 1)}
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    fingerprint = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            fingerprint |= 1 << bit
    return fingerprint & _MASK


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
