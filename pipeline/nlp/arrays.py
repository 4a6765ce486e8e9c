"""Read token attributes of a Doc in bulk.

Each `doc[i]` (and `Doc.text`) builds Python Token objects one by one; `Doc.to_array` copies
the attributes out in one C loop.
"""
from __future__ import annotations

from spacy.tokens import Doc


def columns(doc: Doc, attrs: list[str]) -> list[list[int]]:
    """Return one list per attribute, each with a value per token."""
    if not len(doc):
        return [[] for _ in attrs]
    array = doc.to_array(attrs)
    if array.ndim == 1:  # spaCy returns one attribute as a flat array
        return [array.tolist()]
    # Transposed first: numpy turns a few long rows into lists far faster than many short ones.
    return array.T.tolist()


def words(doc: Doc) -> tuple[list[str], list[int]]:
    """Return the tokens' texts and their trailing-space flags (1 when a space follows)."""
    orth, spacy = columns(doc, ["ORTH", "SPACY"])
    strings = doc.vocab.strings
    return [strings[h] for h in orth], spacy
