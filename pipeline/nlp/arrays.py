"""Read token attributes of a Doc in bulk.

Each `doc[i]` (and `Doc.text`) builds Python Token objects one by one; `Doc.to_array` copies
the attributes out in one C loop. What depends on the word alone (its text, lowercase form,
flags) is cheaper still to look up once per vocabulary entry (`WordFacts`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import ORTH, SPACY
from spacy.lexeme import Lexeme
from spacy.tokens import Doc
from spacy.vocab import Vocab


def columns(doc: Doc, attrs: list[str]) -> list[list[int]]:
    """Return one list per attribute, each with a value per token."""
    if not len(doc):
        return [[] for _ in attrs]
    array = doc.to_array(attrs)
    if array.ndim == 1:  # spaCy returns one attribute as a flat array
        return [array.tolist()]
    # Transposed first: numpy turns a few long rows into lists far faster than many short ones.
    return array.T.tolist()


class WordFacts:
    """Facts about each word of a vocabulary, worked out the first time the word is met.

    `fact(lexeme)` returns a tuple; `read(doc)` gives each token its word's tuple. Reading five
    flags per token with Doc.to_array, and lowercasing each token, cost more than one dict
    look-up per token. The table grows with the words seen, as spaCy's vocabulary does.
    """

    def __init__(self, vocab: Vocab, fact: Callable[[Lexeme], tuple[Any, ...]]) -> None:
        self.vocab = vocab
        self.fact = fact
        self.known: dict[int, tuple[Any, ...]] = {}

    def read(self, doc: Doc) -> tuple[list[tuple[Any, ...]], list[int]]:
        """Return each token's word facts and its trailing-space flag (1 when a space follows)."""
        if not len(doc):
            return [], []
        orth, spacy = doc.to_array([ORTH, SPACY]).T.tolist()
        known = self.known
        for h in set(orth).difference(known):
            known[h] = self.fact(self.vocab[h])
        return [known[h] for h in orth], spacy
