"""SimHash with numpy gives the fingerprints of the plain definition, and `DuplicateIndex` finds the
same original as comparing a new article with every earlier one (the order link_duplicates used in SQL)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

import pytest

from flows.feeds import dedup
from flows.seeds import read_seed_dir
from tests.conftest import CORPUS_PAGES, DEV_ARTICLES


def simhash_by_definition(text: str) -> int | None:
    words = dedup.to_words(text)
    if len(words) < dedup.MIN_WORDS:
        return None
    weights = [0] * 64
    for shingle in {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}:
        value = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)


@pytest.fixture(scope="module")
def texts():
    docs, _ = read_seed_dir(CORPUS_PAGES)
    plain = [p.read_text(encoding="utf-8") for p in sorted(DEV_ARTICLES.glob("*.txt"))]
    return [d.body for d in docs] + plain + ["too short", " ".join(["word"] * 40)]


def test_simhash_matches_the_definition(texts):
    fingerprints = [dedup.to_simhash(t) for t in texts]
    assert fingerprints == [simhash_by_definition(t) for t in texts]
    assert sum(f is not None for f in fingerprints) >= 100 and fingerprints[-2] is None


def brute_force(earlier, fingerprint, content_hash, max_distance):
    """The SQL's order: distance, then 'exact' before 'near', then computed_at, then article id."""
    found = [(0, "exact", at, aid) for aid, _, h, at in earlier if h == content_hash]
    found += [(dedup.hamming(fingerprint, fp), "near", at, aid) for aid, fp, _, at in earlier
              if dedup.hamming(fingerprint, fp) <= max_distance]
    if not found:
        return None
    distance, link_type, _, aid = min(found)
    return aid, distance, link_type


@pytest.mark.parametrize("max_distance", [0, 3, 7])
def test_index_finds_what_comparing_with_everything_finds(max_distance):
    rng = random.Random(max_distance)
    bases = [rng.getrandbits(64) for _ in range(40)]
    start = datetime(2025, 1, 1)
    earlier: list[tuple[str, int, str, datetime]] = []
    index = dedup.DuplicateIndex(max_distance)
    links = 0
    for i in range(600):
        base = rng.choice(bases)
        flips = rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 30])
        fingerprint = base
        for bit in rng.sample(range(64), flips):
            fingerprint ^= 1 << bit
        content_hash = f"h{base}" if flips == 0 and rng.random() < 0.5 else f"h{i}"
        at = start + timedelta(minutes=rng.choice([0, i]))  # many ties on computed_at
        article_id = f"a{rng.getrandbits(32):08x}"
        expected = brute_force(earlier, fingerprint, content_hash, max_distance)
        assert index.find(article_id, fingerprint, content_hash) == expected
        links += expected is not None
        index.add(article_id, fingerprint, content_hash, at)
        earlier.append((article_id, fingerprint, content_hash, at))
    assert len(index) == 600 and 50 < links < 600
