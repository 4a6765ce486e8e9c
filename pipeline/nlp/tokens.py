"""The composer's view of one doc: its token facts as plain sequences, its base spans by start and label,
and the name helpers every span kind reads (compose.py and its *_spans modules)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from spacy.lexeme import Lexeme
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.lexicon import Lexicon
from pipeline.nlp.arrays import WordFacts
from pipeline.nlp.rows import Row
from pipeline.rules import Rules, per_rules

# Words found by these rules are never part of a person's or unit's name (headline case:
# "Bupati Purworejo Sabet Penghargaan", "UPT Puskesmas Ngawi Raih Penghargaan").
NOT_NAME_LABELS = ("AWARD_VERB", "AWARD_CUE", "GRADE_CUE", "EVENT_CUE", "AWARD", "PLAN_CUE", "YEAR_CUE",
                   "STREAK", "VENUE_CUE")

_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]{2,3}\.")  # "A.M.", "HM."; not "No."


class Tokens:
    """The token facts the composer reads, as plain sequences.

    Reading a spaCy Token builds a Python object per access; the composer looks at each token
    a few times, so it reads them all once, per word where the fact is the word's (arrays.py).
    """

    def __init__(self, doc: Doc, facts: WordFacts) -> None:
        per_token, self.ws = facts.read(doc)
        self.n = len(per_token)
        # 0/1 flags read as booleans
        (self.text, self.lower, self.name, self.title, self.upper, self.punct, self.space,
         self.like_num) = zip(*per_token) if per_token else ((),) * 8

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens i..j-1, as Span.text gives it."""
        return "".join([w + " " if s else w for w, s in zip(self.text[i:j - 1], self.ws[i:j - 1])]) + self.text[j - 1]

    def name_run(self, i: int, limit: int) -> int:
        """How many tokens from i (at most limit) are name tokens or hyphens: "Aceh - Selatan"."""
        n = 0
        # A word right after a hyphen continues the name in any case: "Pare-pare", "Tanjung-pinang".
        while n < limit and i + n < self.n and (self.name[i + n] or self.text[i + n] == "-"
                                                or (n and self.text[i + n - 1] == "-" and self.text[i + n].isalpha())):
            n += 1
        return n


def word_facts(lex: Lexeme, stop: frozenset[str] = frozenset()) -> tuple[str, str, bool, int, int, int, int, int]:
    """What the composer needs of a word: text, lowercase, name word? (not if in stop), five flags (WordFacts)."""
    text = lex.orth_
    return (text, text.lower(), _is_name_word(text, lex.is_title, stop), int(lex.is_title), int(lex.is_upper),
            int(lex.is_punct), int(lex.is_space), int(lex.like_num))


def word_table(vocab: Vocab, rules: Rules) -> WordFacts:
    """The composer's word table for a vocabulary, read with these rules' name_stop_words."""
    return WordFacts(vocab, partial(word_facts, stop=compose_words(rules).name_stop))


def _is_name_word(text: str, is_title: int, stop: frozenset[str]) -> bool:
    if text in stop:
        return False
    if "'" in text or "’" in text:  # "Mu'awanah", "Ma’ruf": title case with an apostrophe inside
        bare = text.replace("'", "").replace("’", "")
        return bare[:1].isupper() and bare[1:].islower()
    if "." in text:  # initials "A.M." are part of a name; "No." is not
        return _INITIALS.fullmatch(text) is not None
    return bool(is_title)


def skip_paren_abbr(tk: Tokens, i: int) -> int:
    """Skip a parenthesised abbreviation "(Pemkab)" at i; return the index after it."""
    text = tk.text
    if i + 2 < tk.n and text[i] == "(" and text[i + 2] == ")" and text[i + 1][:1].isupper():
        return i + 3
    if i + 4 < tk.n and text[i] == "(" and text[i + 2] == "-" and text[i + 4] == ")":
        return i + 5  # "(PAN-RB)" is three tokens inside
    return i


class SpanIndex:
    """Base spans by start token and by label, in the order the components found them."""

    def __init__(self, spans: list[Row]) -> None:
        self.by_start: dict[int, list[Row]] = defaultdict(list)
        self.by_label: dict[str, list[Row]] = defaultdict(list)
        for b in spans:
            self.by_start[b.start].append(b)
            self.by_label[b.label].append(b)

    def longest(self, i: int, *labels: str) -> Row | None:
        """The longest base span of one of these labels starting at token i, else None."""
        best = None
        for b in self.by_start.get(i, ()):
            if b.label in labels and (best is None or b.end - b.start > best.end - best.start):
                best = b
        return best


def bare_region(tk: Tokens, i: int, lex: Lexicon, kind: str | None) -> tuple[int, str] | None:
    """Longest run of name tokens at i that is a known bare region name; (end, entry id or '?')."""
    for n in range(tk.name_run(i, lex.max_bare_tokens), 0, -1):
        entry, ambiguous = lex.region_for(tk.span_text(i, i + n), kind)
        if entry or ambiguous:
            return i + n, entry.id if entry else "?"
    return None


@dataclass(frozen=True)
class ComposeWords:
    """The word lists of rules/words.toml the composer reads, as sets, with the punctuation that acts alike."""

    name_stop: frozenset[str]  # title-case words that are no name word
    connectors: frozenset[str]  # a unit's name runs on over one
    particles: frozenset[str]  # lower-case words inside a person's name
    address: frozenset[str]  # forms of address before a name
    office_joiners: frozenset[str]  # "," and list_joiners between coordinated offices
    title_org: frozenset[str]  # lower-case words inside a title's organisation words
    term: frozenset[str]  # "periode" before a term of office
    event_stop: frozenset[str]
    event_tail: frozenset[str]
    event_lead: frozenset[str]
    venue_words: frozenset[str]  # "-", "&" and venue_words ("Jl.")
    venue_joiners: frozenset[str]
    grade_joiners: frozenset[str]  # ",", ";" and list_joiners between grades
    grade_lead: frozenset[str]  # ":" and grade_lead_words
    grade_repeat: frozenset[str]
    office: frozenset[str]  # office_words: an office's field after a title ("Administrasi Umum")
    building_heads: frozenset[str]  # the words of building_words: a venue may begin with one in lower case


@per_rules
def compose_words(rules: Rules) -> ComposeWords:
    """Return the composer's word sets of these rules (built once per Rules object)."""
    w = rules.words

    def words(key: str, *punct: str) -> frozenset[str]:
        return frozenset(w.get(key, ())) | frozenset(punct)

    built = ComposeWords(
        name_stop=words("name_stop_words"), connectors=words("name_connectors"), particles=words("name_particles"),
        address=words("address_words"), office_joiners=words("list_joiners", ","), title_org=words("title_org_words"),
        term=words("term_words"), event_stop=words("event_stop_words"), event_tail=words("event_tail_words"),
        event_lead=words("event_lead_words"), venue_words=words("venue_words", "-", "&"),
        venue_joiners=words("venue_joiners"), grade_joiners=words("list_joiners", ",", ";"),
        grade_lead=words("grade_lead_words", ":"), grade_repeat=words("grade_repeat_cues"),
        office=words("office_words"),
        building_heads=frozenset(x for phrase in w.get("building_words", ()) for x in phrase.split()),
    )
    return built
