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
    # Transposed first: numpy turns a few long rows into lists far faster than many short ones.
    return doc.to_array(attrs).T.tolist()


def words(doc: Doc) -> tuple[list[str], list[int]]:
    """Return the tokens' texts and their trailing-space flags (1 when a space follows)."""
    orth, spacy = columns(doc, ["ORTH", "SPACY"])
    strings = doc.vocab.strings
    return [strings[h] for h in orth], spacy
