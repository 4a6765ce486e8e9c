"""spaCy components of warta, registered as factories so `nlp.add_pipe(...)` works anywhere.

- `warta_patterns`: the token patterns of rules/patterns (span-ruler JSONL) that need spaCy's
  Matcher, each run only around its anchor words (see anchors.py).
- `warta_gazetteer`: phrase matches for every gazetteer entry, award alias and grade alias, and
  for the token patterns simple enough to run as phrases (see phrases.py).
- `warta_compose`: builds composite spans (GOV, UNIT, OFFICIAL, EVENT, VENUE, AWARD_YEAR)
  from the base spans the pattern ruler and the gazetteer found.
All spans go to `doc.spans["warta"]`; overlaps are kept, the records stage chooses. Each
component also keeps a row copy (rows.py); with `write_spans=False` it keeps only the rows,
which is how warta's own Analyzer runs them (building Span objects nobody reads costs time).
"""
from __future__ import annotations

import re
from pathlib import Path

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex, registry

from pipeline.nlp.anchors import AnchoredMatcher
from pipeline.nlp.compose import compose_spans
from pipeline.nlp.tokens import word_table
from pipeline.nlp.phrases import compile_token_pattern
from pipeline.nlp.rows import Row, add_rows, rows
from pipeline.nlp.tokenizer import InfixFinditer, PrefixSearch
from pipeline.rules import Rules, load_rules
from pipeline.rules.keys import AwardKey, GradeKey
from pipeline.settings import current

SPANS_KEY = "warta"


class Gazetteer:
    """Phrase-match gazetteer entries, award aliases and grade aliases into labelled spans."""

    def __init__(self, nlp: Language, rules: Rules, spans_key: str = SPANS_KEY, write_spans: bool = True) -> None:
        self.spans_key, self.write_spans = spans_key, write_spans
        self.rules = rules
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        # What each match key becomes: (label, kb_id, rule id, needs title case).
        made: dict[str, tuple[str, str, str, bool]] = {}
        make = nlp.make_doc
        by_key: dict[tuple[str, bool], list[str]] = {}
        for entry in rules.gazetteer.values():
            made[entry.id] = (entry.label, entry.id, "", False)
            for text, exact in entry.spellings():
                by_key.setdefault((entry.id, exact), []).append(text)
        for fam in rules.awards.values():
            key = str(AwardKey(fam.id))
            made[key] = ("AWARD", key, "", False)
            by_key[(key, False)] = [fam.name, *fam.aliases]
            for g in fam.grades:
                if g.aliases:
                    gkey = str(GradeKey(fam.id, g.rank, g.letter, g.label))
                    made[gkey] = ("GRADE_TERM", gkey, "", False)
                    by_key[(gkey, False)] = list(g.aliases)
        for (key, exact), texts in by_key.items():
            matcher = self.exact if exact else self.lower
            matcher.add(key, [make(t) for t in dict.fromkeys(texts) if t.strip()])
        # Simple token patterns run here as phrases (same matches, far cheaper than the Matcher).
        for n, rule in enumerate(rules.patterns):
            compiled = compile_token_pattern(rule.pattern)
            if compiled is None:
                continue
            key = f"pat:{n}"
            made[key] = (rule.label, "", rule.id, compiled.title_first)
            matcher = self.lower if compiled.attr == "LOWER" else self.exact
            matcher.add(key, [Doc(nlp.vocab, words=list(words)) for words in compiled.phrases])
        # Keyed by the match id the matchers report, so a match needs no string look-up.
        self.spans_of = {nlp.vocab.strings.add(key): value for key, value in made.items()}

    def __call__(self, doc: Doc) -> Doc:
        new = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                label, kb_id, rule_id, title_first = self.spans_of[match_id]
                if title_first and not doc[start].is_title:
                    continue
                new.append(Row(label, start, end, kb_id, rule_id))
        add_rows(doc, self.spans_key, new, self.write_spans)
        return doc


class PatternRuler:
    """Token patterns from rules/patterns that need the Matcher, as labelled spans."""

    def __init__(self, nlp: Language, rules: Rules, spans_key: str = SPANS_KEY, write_spans: bool = True) -> None:
        self.spans_key, self.write_spans = spans_key, write_spans
        token_rules = [r for r in rules.patterns if compile_token_pattern(r.pattern) is None]
        self.rules = {f"pat:{n}": r for n, r in enumerate(token_rules)}
        self.matcher = AnchoredMatcher(nlp.vocab, [(key, r.pattern) for key, r in self.rules.items()])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        new = []
        for match_id, start, end in self.matcher(doc):
            rule = self.rules[strings[match_id]]
            new.append(Row(rule.label, start, end, "", rule.id))
        add_rows(doc, self.spans_key, new, self.write_spans)
        return doc


class Composer:
    """Build composite spans (GOV, UNIT, OFFICIAL, EVENT, VENUE) from base spans."""

    def __init__(self, nlp: Language, rules: Rules, spans_key: str = SPANS_KEY, write_spans: bool = True) -> None:
        self.rules = rules
        self.spans_key, self.write_spans = spans_key, write_spans
        self.facts = word_table(nlp.vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        new = compose_spans(doc, rows(doc, self.spans_key), self.rules, self.facts)
        add_rows(doc, self.spans_key, new, self.write_spans)
        return doc


_CONFIG = {"rules_dir": "", "spans_key": SPANS_KEY, "write_spans": True}


@Language.factory("warta_patterns", default_config=_CONFIG)
def make_pattern_ruler(nlp: Language, name: str, rules_dir: str, spans_key: str,
                       write_spans: bool) -> PatternRuler:
    """Factory: the Matcher-run token patterns of the rules in rules_dir (empty = default rules)."""
    return PatternRuler(nlp, load_rules(Path(rules_dir) if rules_dir else None), spans_key, write_spans)


@Language.factory("warta_gazetteer", default_config=_CONFIG)
def make_gazetteer(nlp: Language, name: str, rules_dir: str, spans_key: str,
                    write_spans: bool) -> Gazetteer:
    """Factory: a Gazetteer over the rules in rules_dir (empty = default rules)."""
    return Gazetteer(nlp, load_rules(Path(rules_dir) if rules_dir else None), spans_key, write_spans)


@Language.factory("warta_compose", default_config=_CONFIG)
def make_composer(nlp: Language, name: str, rules_dir: str, spans_key: str,
                  write_spans: bool) -> Composer:
    """Factory: a Composer using the rules in rules_dir (empty = default rules)."""
    return Composer(nlp, load_rules(Path(rules_dir) if rules_dir else None), spans_key, write_spans)


def _without_digit_emoticons(rules: dict) -> dict:
    """Drop the digit-led emoticon special cases ("8)", "3:)"): they glue "(14/8)" into four tokens."""
    return {k: v for k, v in rules.items() if not (k[:1].isdigit() and any(c in k for c in "()"))}


_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # letters joined by hyphens: "anak-anak", "Kota-Kota"


def _hyphenated_words(rules: dict) -> frozenset[str]:
    """The special cases that only keep a hyphenated word as one token, as it is written."""
    return frozenset(k for k, v in rules.items()
                     if _HYPHENATED.fullmatch(k) and len(v) == 1 and set(v[0]) in ({ORTH}, {"ORTH"}))


@registry.tokenizers("warta.Tokenizer.v1")
def create_warta_tokenizer():
    """Registered tokenizer: spaCy's own for the language, minus digit-led emoticons, built in a tenth of the time.

    Built in one go by `spacy.blank(..., config=TOKENIZER_CONFIG)`: patching a built tokenizer
    (or replacing it) loads its special cases a second time.
    """
    from spacy.tokenizer import Tokenizer

    def factory(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        rules = _without_digit_emoticons(d.tokenizer_exceptions)
        # The hyphenated words are kept whole by the infix search, not loaded as ~15,600 special
        # cases one by one (which took ~2 s of every start): same tokens (tokenizer.py).
        whole = _hyphenated_words(rules) if d.infixes else frozenset()
        return Tokenizer(
            nlp.vocab, rules={k: v for k, v in rules.items() if k not in whole},
            # Same prefixes, searched at the start only: tokenising takes half the time (tokenizer.py).
            prefix_search=PrefixSearch(d.prefixes).search if d.prefixes else None,
            suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            # Same infixes, not searched in chunks of letters and digits alone (tokenizer.py).
            infix_finditer=InfixFinditer(d.infixes, whole).finditer if d.infixes else None,
            token_match=d.token_match, url_match=d.url_match, max_cache_size=current().batch.tokenizer_cache_chunks)

    return factory


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "warta.Tokenizer.v1"}}}


def blank_indonesian() -> Language:
    """Return spacy.blank("id") keeping "(d/m)" dates apart, with a faster (same) prefix search.

    "8)" is an emoticon to the stock tokenizer, which glues the month to the bracket in
    "(14/8)"; dropping the digit-led emoticons keeps every "(d/m)" at five tokens.
    """
    import spacy

    return spacy.blank("id", config=TOKENIZER_CONFIG)


def build_nlp(rules: Rules, write_spans: bool = True) -> Language:
    """Return blank Indonesian spaCy with warta's pattern ruler, gazetteer and composer.

    write_spans=False: the components keep only their row copy, not doc.spans (see rows.py).
    """
    nlp = blank_indonesian()
    nlp.add_pipe("warta_patterns", config={"rules_dir": str(rules.path), "write_spans": write_spans})
    nlp.add_pipe("warta_gazetteer", config={"rules_dir": str(rules.path), "write_spans": write_spans})
    nlp.add_pipe("warta_compose", config={"rules_dir": str(rules.path), "write_spans": write_spans})
    return nlp

