"""Find where a token pattern can match, so spaCy's Matcher runs only there.

spaCy's Matcher tries every pattern at every token, and each IN or REGEX test on a pattern's
first token is a Python call per token: twelve date and count patterns cost more than
tokenising the text. But a match must cover a token that passes each of the pattern's required
tests, so a required token with a word list ("Januari"…"Desember", "kali") is an *anchor*:
a PhraseMatcher finds the anchor words in one hashed pass, and the Matcher runs only on a
window around each, as wide as the pattern can reach on either side. Same matches, less work.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WORD_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}


@dataclass(frozen=True)
class Anchor:
    """A required token of a pattern: its words, and how far the pattern reaches around it."""

    attr: str                # "LOWER" or "ORTH": how the words are compared
    words: tuple[str, ...]
    before: int | None       # tokens the pattern can cover before the anchor (None: unbounded)
    after: int | None        # tokens it can cover after the anchor


def _reach(spec: dict[str, Any]) -> int | None:
    """Most tokens one spec can consume (None: no limit)."""
    op = spec.get("OP")
    if op in (None, "?", "!", "1"):
        return 1
    if op in ("+", "*"):
        return None
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        parts = op[1:-1].split(",")
        if len(parts) == 1 and parts[0].strip().isdigit():
            return int(parts[0])
        if len(parts) == 2 and parts[1].strip().isdigit():
            return int(parts[1])
    return None


def _words(spec: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """The word test of a required spec as (attr, words), or None when it has none."""
    if spec.get("OP") not in (None, "1"):
        return None
    for key, attr in WORD_ATTRS.items():
        value = spec.get(key)
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words = [w for w in value["IN"] if isinstance(w, str)]
        else:
            continue
        # A token never holds a space: such a word can never match, so it is no anchor word.
        words = [w.lower() if attr == "LOWER" else w for w in words if w and not any(c.isspace() for c in w)]
        if words:
            return attr, tuple(dict.fromkeys(words))
    return None


def _rank(words: tuple[str, ...]) -> tuple[int, int]:
    # Words with letters are rarer in running text than brackets and slashes; fewer is rarer.
    return (0 if any(c.isalpha() for w in words for c in w) else 1, len(words))


def find_anchor(pattern: Any) -> Anchor | None:
    """Return the best anchor of a token pattern, or None when every match needs the full doc."""
    if not isinstance(pattern, list) or not all(isinstance(s, dict) for s in pattern):
        return None
    reach = [_reach(s) for s in pattern]
    best: tuple[tuple[int, int], Anchor] | None = None
    for i, spec in enumerate(pattern):
        found = _words(spec)
        if found is None:
            continue
        before = None if None in reach[:i] else sum(reach[:i])
        after = None if None in reach[i + 1:] else sum(reach[i + 1:])
        anchor = Anchor(found[0], found[1], before, after)
        if best is None or _rank(anchor.words) < best[0]:
            best = (_rank(anchor.words), anchor)
    return best[1] if best else None


class AnchoredMatcher:
    """spaCy Matchers for token patterns, each run only in windows around its anchor words."""

    def __init__(self, vocab, patterns: list[tuple[str, Any]]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.vocab = vocab
        self.finders = {"LOWER": PhraseMatcher(vocab, attr="LOWER"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        self.unanchored = Matcher(vocab, validate=True)
        self.windowed: dict[str, tuple[Any, Anchor]] = {}
        for n, (key, pattern) in enumerate(patterns):
            anchor = find_anchor(pattern)
            if anchor is None:
                self.unanchored.add(key, [pattern])
                continue
            matcher = Matcher(vocab, validate=True)
            matcher.add(key, [pattern])
            anchor_key = f"anchor:{n}"
            self.windowed[anchor_key] = (matcher, anchor)
            self.finders[anchor.attr].add(anchor_key, [Doc(vocab, words=[w]) for w in anchor.words])

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        """Return (match_id, start, end) for every match of every pattern, sorted."""
        strings = self.vocab.strings
        windows: dict[str, list[tuple[int, int]]] = {}
        n = len(doc)
        for finder in self.finders.values():
            for match_id, start, _end in finder(doc):
                key = strings[match_id]
                anchor = self.windowed[key][1]
                lo = 0 if anchor.before is None else max(0, start - anchor.before)
                hi = n if anchor.after is None else min(n, start + 1 + anchor.after)
                windows.setdefault(key, []).append((lo, hi))
        found = set(self.unanchored(doc)) if len(self.unanchored) else set()
        for key, spans in windows.items():
            matcher = self.windowed[key][0]
            for lo, hi in _merge(spans):
                found.update((m, lo + s, lo + e) for m, s, e in matcher(doc[lo:hi]))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping windows, so no stretch of text is matched twice."""
    merged: list[list[int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]
