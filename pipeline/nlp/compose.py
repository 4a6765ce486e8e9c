"""Composite spans built from base spans: regional governments, units, officials, events, venues.

Base spans (gazetteer and pattern matches) say what a word is; these say where a whole name
ends. The shapes are Indonesian naming conventions (title + region + name, "Pemerintah
Kabupaten (Pemkab) Bekasi", "Dinas X dan Y (ABBR)"), so they live in code, one module per span
kind: gov_spans, grade_spans, unit_spans, official_spans, event_spans (EVENT and VENUE), all
reading the token table and base-span index of tokens.py.
"""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.lexicon import lexicon
from pipeline.nlp.arrays import WordFacts
from pipeline.nlp.event_spans import after_cue, event_end, venue_end
from pipeline.nlp.gov_spans import gov_spans
from pipeline.nlp.grade_spans import grade_spans
from pipeline.nlp.official_spans import official_spans
from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import SpanIndex, Tokens, compose_words, word_table
from pipeline.nlp.unit_spans import unit_spans
from pipeline.rules import Rules


def compose_spans(doc: Doc, base: list[Row], rules: Rules, facts: WordFacts | None = None) -> list[Row]:
    """Return the composite spans for one doc (facts: the composer's word table, kept across docs)."""
    lex = lexicon(rules)
    tk = Tokens(doc, facts or word_table(doc.vocab, rules))
    idx = SpanIndex(base)
    words = compose_words(rules)
    out: list[Row] = []
    out += gov_spans(tk, idx, lex, rules)
    out += grade_spans(tk, idx, rules)
    out += unit_spans(tk, idx, words)
    out += official_spans(tk, idx, lex, rules, words)
    out += after_cue(tk, idx, "EVENT_CUE", "EVENT", event_end, words)
    # A venue may begin with a building word in lower case: "di lapangan Desa Doko", "di gedung Graha Gubernur".
    out += after_cue(tk, idx, "VENUE_CUE", "VENUE", venue_end, words, lower_heads=words.building_heads)
    return out


__all__ = ["compose_spans"]
