"""Read token attributes of a Doc in bulk.

Each `doc[i]` or `Doc.text` builds Python Token objects one by one (Doc.text alone costs as
much as a fifth of tokenising); `Doc.to_array` copies the attributes out in one C loop.
"""
from __future__ import annotations

from spacy.tokens import Doc


def columns(doc: Doc, attrs: list[str]) -> list[list[int]]:
    """Return one list per attribute, each with a value per token."""
    if not len(doc):
        return [[] for _ in attrs]
    # Transposed first: numpy turns a few long rows into lists far faster than many short ones.
    return doc.to_array(attrs).T.tolist()


def words_and_text(doc: Doc) -> tuple[list[str], list[int], str]:
    """Return the tokens' texts, their trailing-space flags and the Doc's text (as Doc.text)."""
    orth, spacy = columns(doc, ["ORTH", "SPACY"])
    strings = doc.vocab.strings
    words = [strings[h] for h in orth]
    return words, spacy, "".join([w + " " if s else w for w, s in zip(words, spacy)])
