"""Word-list and regex tests of token patterns, turned into lexeme flags the Matcher reads in C.

spaCy's Matcher runs `{"LOWER": {"IN": [...]}}` and `{"TEXT": {"REGEX": ...}}` as a Python call
per token it tries, building a Token object each time. Both tests depend on the word alone, so
each can be worked out once per vocabulary entry and stored as one of the lexeme's boolean flags
(`Vocab.add_flag`); a pattern that tests `{flag_id: True}` instead gives the same matches and the
Matcher checks it in C. Flags are a fixed set of bits: when none is free a test stays as written.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.vocab import Vocab

from pipeline.nlp.phrases import WORD_ATTRS

# spaCy names bits 19-63 FLAG19…FLAG63 for such user flags; the bits below are its own.
_FIRST_FREE_BIT = 19


def _getter(lower: bool, op: str, value: Any) -> Callable[[str], bool]:
    """The flag's value for a word's text, as the Matcher's IN or REGEX test would find it."""
    if op == "IN":
        words = frozenset(value)
        return (lambda text: text.lower() in words) if lower else (lambda text: text in words)
    rx = re.compile(value)
    return (lambda text: rx.search(text.lower()) is not None) if lower else (lambda text: rx.search(text) is not None)


class WordFlags:
    """Compiles pattern tests into flags of one vocabulary, sharing a flag between equal tests.

    Call `apply()` once the patterns are compiled: it sets the new flags on the words already in
    the vocabulary in one pass (Vocab.add_flag makes a pass per flag: ~30,000 words each);
    words added later get them from the vocabulary's attribute getters, as spaCy's own flags.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.flags: dict[tuple, int | None] = {}
        self._unset: list[tuple[int, Callable[[str], bool]]] = []

    def _flag(self, lower: bool, op: str, value: Any) -> int | None:
        key = (lower, op, tuple(value) if op == "IN" else value)
        if key not in self.flags:
            getters = self.vocab.lex_attr_getters
            # A flag for the same test, set up by another matcher on this vocabulary, is reused.
            same = [b for b, g in getters.items() if getattr(g, "warta_test", None) == key]
            free = [b for b in range(_FIRST_FREE_BIT, 64) if b not in getters]
            if same:
                self.flags[key] = same[0]
            elif free:
                getter = _getter(lower, op, value)
                getter.warta_test = key  # type: ignore[attr-defined]
                getters[free[0]] = getter
                self._unset.append((free[0], getter))
                self.flags[key] = free[0]
            else:
                self.flags[key] = None
        return self.flags[key]

    def compile(self, spec: dict[str, Any]) -> dict[Any, Any]:
        """Return the token spec with each IN / REGEX test on the word's text as a flag test."""
        out: dict[Any, Any] = {}
        for key, value in spec.items():
            if key in WORD_ATTRS and isinstance(value, dict) and len(value) == 1:
                lower = WORD_ATTRS[key] == "LOWER"  # the word's lowercase form, else its text
                (op, arg), = value.items()
                ok = (op == "IN" and isinstance(arg, list) and all(isinstance(w, str) for w in arg)) \
                    or (op == "REGEX" and isinstance(arg, str))
                flag = self._flag(lower, op, arg) if ok else None
                if flag is not None:
                    out[flag] = True
                    continue
            out[key] = value
        return out

    def apply(self) -> None:
        """Set the flags compiled so far on every word already in the vocabulary."""
        if not self._unset:
            return
        for lex in self.vocab:
            text = lex.orth_
            for bit, getter in self._unset:
                lex.set_flag(bit, getter(text))
        self._unset = []
