"""Near-duplicate text detection: a bottom-k MinHash sketch of word 5-gram shingles.

The same press release republished on several sites differs in its dateline, a credit line
or a sentence; the share of shingles two texts have in common survives that, and the
sketch estimates it from a few dozen integers that an SQLite index can look up.
"""
from __future__ import annotations

import hashlib
import re

# The sketch's shape is not a setting: sketches are kept in the crawl state, and one made with
# another size or shingle could not be compared with them. The threshold is: [dedup] near_duplicate.
SKETCH_SIZE = 32
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """Return a hash of the text with case and whitespace normalised (exact-copy test)."""
    norm = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def sketch(text: str, k: int = SKETCH_SIZE) -> list[int]:
    """Return the k smallest 63-bit hashes of the text's word 5-grams, ascending."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big") >> 1
              for g in grams}
    return sorted(hashes)[:k]


def similarity(a: list[int], b: list[int], k: int = SKETCH_SIZE) -> float:
    """Estimate the Jaccard similarity of two texts from their sketches."""
    if not a or not b:
        return 0.0
    union_bottom = sorted(set(a) | set(b))[:k]
    shared = set(a) & set(b)
    return sum(1 for h in union_bottom if h in shared) / len(union_bottom)
