"""A cheap check that a text is Indonesian: the share of its words that are common function words."""
from __future__ import annotations

import re

# The most frequent Indonesian function words; any real news paragraph is full of them.
FUNCTION_WORDS = frozenset(
    "yang dan di dengan untuk dari ini itu pada dalam tidak akan ke oleh sebagai juga kami kata "
    "adalah atau telah sudah karena tersebut bagi para serta saat ada bisa lebih secara menjadi".split()
)
_WORD = re.compile(r"[a-zA-Z]+")
MIN_WORDS = 12
MIN_SHARE = 0.06


def check_indonesian(text: str) -> str | None:
    """Return why text does not look Indonesian, or None when it does (or is too short to tell)."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < MIN_WORDS:
        return None if words else "no words in the text"
    share = sum(w in FUNCTION_WORDS for w in words) / len(words)
    if share < MIN_SHARE:
        return f"does not look Indonesian ({share:.0%} Indonesian function words, expected ≥ {MIN_SHARE:.0%})"
    return None
