"""Compile simple token patterns into phrase lists, so a PhraseMatcher can run them.

spaCy's Matcher costs time per pattern per token; a PhraseMatcher costs a hash look-up. A
token pattern whose every token is a plain word or an IN-list of words (on one attribute,
optional tokens allowed) matches exactly the phrases of its expansion, so it can run as
phrases with the same results. Anything else (REGEX, LIKE_NUM, "+" or "*") stays a token pattern.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

WORD_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}
MAX_PHRASES = 5000


@dataclass(frozen=True)
class CompiledPattern:
    """A token pattern as phrases: the attribute they match on and each phrase's words."""

    attr: str  # "LOWER" or "ORTH"
    phrases: tuple[tuple[str, ...], ...]
    title_first: bool = False  # IS_TITLE on a one-token pattern, checked after matching


def compile_token_pattern(pattern: Any) -> CompiledPattern | None:
    """Return the phrase form of a simple token pattern, or None when it needs the Matcher."""
    if not isinstance(pattern, list) or not pattern:
        return None
    attr = None
    options: list[list[str | None]] = []
    title_first = False
    for spec in pattern:
        keys = set(spec) - {"OP"}
        if len(pattern) == 1 and "IS_TITLE" in keys and spec["IS_TITLE"] is True:
            title_first = True
            keys -= {"IS_TITLE"}
        if len(keys) != 1 or spec.get("OP") not in (None, "?"):
            return None
        key = keys.pop()
        if key not in WORD_ATTRS or (attr and WORD_ATTRS[key] != attr):
            return None
        attr = WORD_ATTRS[key]
        value = spec[key]
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(w, str) for w in value["IN"]):
            words = list(value["IN"])
        else:
            return None
        if any(" " in w or not w for w in words):
            return None
        options.append(words + ([None] if spec.get("OP") == "?" else []))
    phrases = set()
    for combo in itertools.product(*options):
        words = tuple(w for w in combo if w is not None)
        if words:
            phrases.add(tuple(w.lower() for w in words) if attr == "LOWER" else words)
        if len(phrases) > MAX_PHRASES:
            return None
    return CompiledPattern(attr=attr or "LOWER", phrases=tuple(sorted(phrases)), title_first=title_first)
