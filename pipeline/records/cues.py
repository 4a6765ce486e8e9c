"""The cue-word lists of rules/words.toml, compiled once per rules into the patterns the records stage uses."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import Rules, per_rules
from pipeline.rules.sites import load_sites, sites_dir


def _alt(words: tuple[str, ...]) -> str:
    """An alternation of the words, longest first, each matched whole (not inside a longer word)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


def _any_of(words: tuple[str, ...]) -> str:
    """The words' alternation as a group, behind a look-ahead for their first letters.

    A search tries its pattern at every character; the look-ahead turns away the positions no
    word starts at with one test instead of one per word (searches run per sentence, many times).
    """
    if not words:
        return "(?!)"
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    return f"(?=[{firsts}])(?:{_alt(words)})"


_YEAR = r"(?:19[89]|20\d)\d"  # a year an award may carry


def _phrases(phrases: tuple[str, ...]) -> str:
    """An alternation of phrases, longest first, whose spaces match any run of whitespace."""
    if not phrases:
        return "(?!)"
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True)) + ")"


# The only characters other than A-Z and a-z that re.I matches with an ASCII letter: İ ı ſ and the
# Kelvin sign (checked over all of Unicode).
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True)
class WordPattern:
    """A case-insensitive pattern that only matches where one of its words is written.

    search() first looks for the words in the lower-cased text, substring tests that cost less than
    the regex over a sentence, which runs only when one is there: most sentences hold none. The test
    is exact for ASCII words: re.I matches an ASCII letter only with its two cases and the characters
    _FOLDS_TO_ASCII finds, and a text holding one of those goes to the regex directly.
    """

    pattern: re.Pattern[str]
    words: tuple[str, ...] | None  # lower case; None when not all ASCII (no test: always the regex)

    def search(self, text: str) -> re.Match[str] | None:
        """pattern.search(text), or None at once when text holds none of the words."""
        if self.words is None or (not text.isascii() and _FOLDS_TO_ASCII.search(text)):
            return self.pattern.search(text)  # no test to make: the regex decides
        low = text.lower()
        for word in self.words:
            if word in low:
                return self.pattern.search(text)
        return None


def word_pattern(words: tuple[str, ...], before: str = r"(?<!\w)", after: str = r"(?!\w)") -> WordPattern:
    """A WordPattern for any of words (whole words by default), with before and after around them."""
    ascii_words = all(w.isascii() for w in words)
    return WordPattern(re.compile(before + _any_of(words) + after, re.I),
                       tuple(w.lower() for w in words) if ascii_words else None)


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns (see rules/words.toml for what each list does)."""

    giving_verbs: frozenset[str]
    giving_verb: WordPattern  # one of giving_verbs, searched in the rest of a sentence
    # Searched in sentences: most hold none of the words, which WordPattern tests first.
    witness: WordPattern
    list_cue: WordPattern
    list_continuation: re.Pattern[str]  # matched at a sentence's start
    grade_cue_prefix: re.Pattern[str]  # a GRADE_CUE word of rules/patterns ("predikat", "kategori") at the start
    delegate_after: re.Pattern[str]  # matched right after an official: "mewakili", ", yang mewakili"
    back_reference: WordPattern
    handover_verb: WordPattern
    giving_passives: frozenset[str]  # handover verbs "di…" that are no receiving word: "diberikan", "diserahkan"
    no_split_before: re.Pattern[str]  # an abbreviation or initial with its full stop, at a text's end
    giver_words: tuple[str, ...]  # "dari", "oleh": a name right after one gave the award
    giver_before: re.Pattern[str]  # one of giver_words, whole, right before a name
    receiver_before: re.Pattern[str]  # "kepada", "diterima (langsung) oleh" right before an official who received
    agent_words: frozenset[str]  # "oleh", "langsung" between a giving passive and its official
    received_by: re.Pattern[str]  # "diterima langsung oleh" at a text's end: the official after it received
    represented_by: re.Pattern[str]  # "yang diwakili oleh" at a text's end: the official after it stood in
    event_preposition: re.Pattern[str]  # "dalam" at a text's end: an award's name after it is an event
    pointing_back: re.Pattern[str]  # "tersebut" right at a text's start: the phrase before points back
    title_separator: re.Pattern[str]  # between a headline's list items: ",", "&" or a list joiner ("dan")
    more_years: re.Pattern[str]  # matched after a year: more years listed (", 2015, dan 2016")
    building: re.Pattern[str]  # "Istana", "Kantor" right before an official's title: a building
    speech: WordPattern  # "mengatakan", "ucap": an official who only spoke at the event
    # Searched in the few words before a mention, where the plain regex costs less than that test.
    owner: re.Pattern[str]
    regulation: re.Pattern[str]
    since: re.Pattern[str]
    list_title: re.Pattern[str]
    one_per_region: frozenset[str]
    other_units: frozenset[str]  # unit kinds that are no OPD: their records have type "other"
    regulation_title: WordPattern  # "tentang": a regulation's title follows
    place_before: re.Pattern[str]  # "di", "dari" … right before a name: a place, not a recipient
    recipient_before: re.Pattern[str]  # "kepada", "bagi" … right before a name: a recipient
    passive_award_words: frozenset[str]  # "diraih (oleh)" between a grade and its recipient
    for_words: frozenset[str]  # "untuk", "bagi", "kepada" after a grade: it heads the names after it
    last_year: WordPattern  # "tahun lalu": the award is a year older than the article's
    past_year_after: re.Pattern[str]  # matched right after a year: "lalu" ("tahun 2017 lalu")
    cued_grade_words: frozenset[str]
    fiscal_year: re.Pattern[str]  # a year cue naming a fiscal year
    year_words: tuple[str, ...]  # "tahun" before a year, as written or capitalised
    award_lead_words: frozenset[str]  # "penghargaan" opening an award's name
    not_award_year_words: frozenset[str]  # regulation_words and since_words: a year after one is no award's
    former_state: re.Pattern[str]  # "sempat dapat " right before a grade: a state left behind
    outlet: re.Pattern[str]  # "Antaranews " right before a region: a news outlet's name
    document_date: WordPattern  # "ditandatangani": a date after one in its clause dates a document
    # "Baca juga: …" (group 1 holds what follows the colon) or a lone "Baca Juga" line: a link to
    # another article, whose headline is no fact of this one (rules/sites/_cleanup.toml related_headings)
    related_link: re.Pattern[str]


def pattern_words(rules: Rules, label: str) -> tuple[str, ...]:
    """The words (LOWER values and IN lists) of the token patterns with this label: a cue list's one home is
    rules/patterns, and the records stage reads the same words from there."""
    words: list[str] = []
    for p in rules.patterns:
        if p.label != label or not isinstance(p.pattern, list):
            continue
        for tok in p.pattern:
            spec = tok.get("LOWER") if isinstance(tok, dict) else None
            if isinstance(spec, str):
                words.append(spec)
            elif isinstance(spec, dict):
                words += [w for w in spec.get("IN", []) if isinstance(w, str)]
    return tuple(dict.fromkeys(w.lower() for w in words))


@per_rules
def cues(rules: Rules) -> Cues:
    """Return the compiled cues of these rules (built once per Rules object)."""
    w = rules.words
    whole = r"(?<!\w){}(?!\w)"
    built = Cues(
        giving_verbs=frozenset(w.get("giving_verbs", ())),
        giving_verb=word_pattern(w.get("giving_verbs", ())),
        witness=word_pattern(w.get("witness_words", ()), after=r"(?!\w)[^.]{0,60}$"),
        list_cue=word_pattern(w.get("list_cues", ()), after=""),
        delegate_after=re.compile(r"[\s,(]*(?:yang\s+)?" + whole.format(_any_of(w.get("delegate_words", ()))), re.I),
        grade_cue_prefix=re.compile(r"^\s*" + whole.format(_any_of(pattern_words(rules, "GRADE_CUE"))) + r"\s+", re.I),
        list_continuation=re.compile(r"\s*" + whole.format(_any_of(w.get("list_continuations", ()))), re.I),
        back_reference=word_pattern(w.get("back_references", ())),
        handover_verb=word_pattern(w.get("handover_verbs", ())),
        giving_passives=frozenset(v for v in w.get("handover_verbs", ()) if v.startswith("di")
                                  and v not in w.get("passive_award_words", ())),
        no_split_before=re.compile(r"(?:\b[A-Z]|\b(?:" + _alt(w.get("abbreviations", ())) + r"))\.$"),
        giver_words=w.get("giver_words", ()),
        giver_before=re.compile(whole.format(_any_of(w.get("giver_words", ()))) + r"\s*$"),
        receiver_before=re.compile(f"(?:{_alt(w.get('receiver_words', ()))})" + r"\s*$", re.I),
        agent_words=frozenset(w.get("agent_words", ())),
        received_by=re.compile(r"(?<!\w)" + _phrases(w.get("received_by_words", ())) + r"\s*$", re.I),
        represented_by=re.compile(r"(?<!\w)" + _phrases(w.get("represented_by_words", ())) + r"\s*$", re.I),
        event_preposition=re.compile(whole.format(_any_of(w.get("event_prepositions", ()))) + r"\s*$", re.I),
        pointing_back=re.compile(r"\s*" + whole.format(_any_of(w.get("pointing_back_words", ()))), re.I),
        title_separator=re.compile(rf"\s*(?:,|&|\s{_any_of(w.get('list_joiners', ()))}\s)\s*", re.I),
        more_years=re.compile(rf"(?:\s*,\s*(?:{_any_of(w.get('list_joiners', ()))}\s+)?{_YEAR}"
                              rf"|\s+{_any_of(w.get('list_joiners', ()))}\s+{_YEAR})+"),
        building=re.compile(whole.format(_any_of(w.get("building_words", ()))) + r"\s*$", re.I),
        speech=word_pattern(w.get("speech_words", ())),
        list_title=re.compile(
            r"(?<!\w)(?:(?:\d{{1,3}}|\w+ belas|\w+ puluh|{})\s+(?:\w+\s+)?(?:{})|{})(?!\w)".format(
                _alt(w.get("list_title_counts", ())), _alt(w.get("list_title_units", ())),
                _alt(w.get("list_title_words", ()))), re.I),
        owner=re.compile(whole.format(_any_of(w.get("owner_words", ()))) + r"\s*$", re.I),
        # "Nomor 12 Tahun 2015", "Nomor 24/TK Tahun 2018", "Nomor : 57/Kep/02/2018": the number starts with a digit
        regulation=re.compile(r"(?<!\w){}\w*\.?\s*:?\s*(?:\d[\w/.-]*)?\s*$".format(_any_of(w.get("regulation_words", ()))),
                              re.I),
        since=re.compile(whole.format(_any_of(w.get("since_words", ()))) + r"\s*$", re.I),
        one_per_region=frozenset(w.get("one_per_region", ())),
        other_units=frozenset(w.get("other_units", ())),
        regulation_title=word_pattern(w.get("regulation_title_words", ())),
        place_before=re.compile(whole.format(_any_of(w.get("place_words", ()))) + r"\s*-?\s*$", re.I),
        recipient_before=re.compile(whole.format(_any_of(w.get("recipient_words", ()))) + r"\s*$", re.I),
        for_words=frozenset(w.get("for_words", ())),
        passive_award_words=frozenset(w.get("passive_award_words", ())),
        last_year=word_pattern(w.get("last_year_words", ())),
        past_year_after=re.compile(r"\s*(?:" + _alt(w.get("past_year_words", ())) + r")\b"),
        cued_grade_words=frozenset(w.get("cued_grade_words", ())),
        fiscal_year=re.compile(whole.format(_any_of(w.get("fiscal_year_words", ()))), re.I),
        year_words=tuple(f for word in w.get("year_words", ()) for f in (word.capitalize(), word)),
        award_lead_words=frozenset(w.get("award_lead_words", ())),
        not_award_year_words=frozenset(w.get("regulation_words", ()) + w.get("since_words", ())),
        outlet=re.compile(r"(?<!\w)" + _any_of(w.get("outlet_words", ())) + r"\s*[:,]?\s*$", re.I),
        former_state=re.compile(whole.format(_any_of(w.get("former_state_words", ()))) + r"(?:\s+\w+){0,2}\s*$", re.I),
        document_date=word_pattern(w.get("document_date_words", ())),
        related_link=re.compile(r"^[ \t]*{}[ \t]*(?:(:)[^\n]*)?$".format(
            _any_of(load_sites(sites_dir(rules.path)).cleanup.related_headings)), re.I | re.M),
    )
    return built
