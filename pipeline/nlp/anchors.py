"""Find where token patterns can match, so spaCy's Matcher runs only there.

spaCy's Matcher tries every pattern at every token: twelve date and count patterns over a
whole article cost more than tokenising it. But a match must cover a token that passes each of
the pattern's required tests, so every required token with a word list ("Januari"…"Desember",
"kali") or a flag (LIKE_NUM) is an *anchor*. One PhraseMatcher pass and one Doc.to_array find
all anchor tokens; for each pattern the anchor with the fewest hits in this doc is used (no hit:
the pattern cannot match), and the Matcher runs only on the stretches of text the patterns can
reach from those hits. Same matches as the Matcher over the whole doc, a fraction of the work.
The patterns' word-list and regex tests run as lexeme flags (wordflags.py): cheap enough that
one Matcher over all windows beats one Matcher per pattern over its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from pipeline.nlp.arrays import columns
from pipeline.nlp.phrases import WORD_ATTRS
from pipeline.nlp.wordflags import WordFlags

# Boolean token flags an anchor may test; Doc.to_array reads them for all tokens at once.
FLAG_ATTRS = ("IS_DIGIT", "LIKE_NUM", "IS_ALPHA", "IS_PUNCT", "IS_UPPER", "IS_TITLE", "IS_CURRENCY",
              "LIKE_URL", "LIKE_EMAIL")


@dataclass(frozen=True)
class Anchor:
    """A required token of a pattern: its test, and how far the pattern reaches around it."""

    attr: str                # "LOWER" or "ORTH" (a word list) or a flag from FLAG_ATTRS
    words: tuple[str, ...]   # the words, for a word list; empty for a flag
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


def _tests(spec: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The anchor tests of one spec as (attr, words): its word list and its true flags."""
    if spec.get("OP") not in (None, "1"):
        return []  # an optional, repeated or negated token need not be there
    out = []
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
            out.append((attr, tuple(dict.fromkeys(words))))
    out += [(flag, ()) for flag in FLAG_ATTRS if spec.get(flag) is True]
    return out


def find_anchors(pattern: Any) -> list[Anchor]:
    """Return every anchor of a token pattern (none: every match needs the full doc)."""
    if not isinstance(pattern, list) or not all(isinstance(s, dict) for s in pattern):
        return []
    reach = [_reach(s) for s in pattern]
    anchors = []
    for i, spec in enumerate(pattern):
        before = None if None in reach[:i] else sum(reach[:i])
        after = None if None in reach[i + 1:] else sum(reach[i + 1:])
        anchors += [Anchor(attr, words, before, after) for attr, words in _tests(spec)]
    return anchors


class AnchoredMatcher:
    """One spaCy Matcher for token patterns, run only around the anchors the patterns need."""

    def __init__(self, vocab, patterns: list[tuple[str, Any]]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.vocab = vocab
        self.finders = {"LOWER": PhraseMatcher(vocab, attr="LOWER"), "ORTH": PhraseMatcher(vocab, attr="ORTH")}
        checked = Matcher(vocab, validate=True)  # patterns are checked as written, then compiled
        flags = WordFlags(vocab)
        self.unanchored = Matcher(vocab, validate=False)
        self.windowed = Matcher(vocab, validate=False)
        # per anchored pattern: its anchors, each with the key of its hits
        self.anchored: list[list[tuple[str, Anchor]]] = []
        self.flags: list[str] = []
        for n, (key, pattern) in enumerate(patterns):
            checked.add(key, [pattern])
            compiled = [flags.compile(spec) for spec in pattern]
            anchors = find_anchors(pattern)
            if not anchors:
                self.unanchored.add(key, [compiled])
                continue
            self.windowed.add(key, [compiled])
            keyed = []
            for m, anchor in enumerate(anchors):
                if anchor.words:
                    hit_key = f"anchor:{n}:{m}"
                    self.finders[anchor.attr].add(hit_key, [Doc(vocab, words=[w]) for w in anchor.words])
                else:
                    hit_key = f"flag:{anchor.attr}"
                    if anchor.attr not in self.flags:
                        self.flags.append(anchor.attr)
                keyed.append((hit_key, anchor))
            self.anchored.append(keyed)
        flags.apply()

    def _hits(self, doc: Doc) -> dict[str, list[int]]:
        """Token positions of every anchor word list and flag in the doc."""
        strings = self.vocab.strings
        hits: dict[str, list[int]] = {}
        for finder in self.finders.values():
            for match_id, start, _end in finder(doc):
                hits.setdefault(strings[match_id], []).append(start)
        for flag, values in zip(self.flags, columns(doc, self.flags) if self.flags else []):
            hits[f"flag:{flag}"] = [i for i, v in enumerate(values) if v]
        return hits

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Return (match_id, start, end) for every match of every pattern, sorted."""
        n = len(doc)
        found = set(self.unanchored(doc)) if len(self.unanchored) else set()
        hits = self._hits(doc)
        windows = []
        for keyed in self.anchored:
            # The anchor with the fewest hits here bounds where the pattern can match.
            positions, anchor = min(((hits.get(k, []), a) for k, a in keyed), key=lambda pa: len(pa[0]))
            windows += [(0 if anchor.before is None else max(0, i - anchor.before),
                         n if anchor.after is None else min(n, i + 1 + anchor.after)) for i in positions]
        # Every pattern runs on every window: a match found in another pattern's window is a
        # match all the same, and each of its own is inside one of the merged windows.
        for lo, hi in _merge(windows):
            found.update((m, lo + s, lo + e) for m, s, e in self.windowed(doc[lo:hi]))
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
