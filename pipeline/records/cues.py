"""The cue-word lists of rules/words.toml, compiled once per rules into the patterns the records stage uses."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import Rules


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


@dataclass(frozen=True)
class Cues:
    """Compiled cue patterns (see rules/words.toml for what each list does)."""

    giving_verbs: frozenset[str]
    witness: re.Pattern[str]
    owner: re.Pattern[str]
    list_cue: re.Pattern[str]
    back_reference: re.Pattern[str]
    handover_verb: re.Pattern[str]
    list_title: re.Pattern[str]
    regulation: re.Pattern[str]
    since: re.Pattern[str]
    one_per_region: frozenset[str]


_CACHE: dict[int, tuple[Rules, Cues]] = {}


def cues(rules: Rules) -> Cues:
    """Return the compiled cues of these rules (built once per Rules object)."""
    hit = _CACHE.get(id(rules))
    if hit and hit[0] is rules:
        return hit[1]
    w = rules.words
    whole = r"(?<!\w){}(?!\w)"
    built = Cues(
        giving_verbs=frozenset(w.get("giving_verbs", ())),
        witness=re.compile(whole.format(_any_of(w.get("witness_words", ()))) + r"[^.]{0,60}$", re.I),
        owner=re.compile(whole.format(_any_of(w.get("owner_words", ()))) + r"\s*$", re.I),
        list_cue=re.compile(r"(?<!\w){}".format(_any_of(w.get("list_cues", ()))), re.I),
        back_reference=re.compile(whole.format(_any_of(w.get("back_references", ()))), re.I),
        handover_verb=re.compile(whole.format(_any_of(w.get("handover_verbs", ()))), re.I),
        list_title=re.compile(
            r"(?<!\w)(?:(?:\d{{1,3}}|\w+ belas|\w+ puluh|{})\s+(?:\w+\s+)?(?:{})|{})(?!\w)".format(
                _alt(w.get("list_title_counts", ())), _alt(w.get("list_title_units", ())),
                _alt(w.get("list_title_words", ()))), re.I),
        regulation=re.compile(r"(?<!\w){}\w*\.?\s*[\d/.-]*\s*$".format(_any_of(w.get("regulation_words", ()))),
                              re.I),
        since=re.compile(whole.format(_any_of(w.get("since_words", ()))) + r"\s*$", re.I),
        one_per_region=frozenset(w.get("one_per_region", ())),
    )
    _CACHE[id(rules)] = (rules, built)
    return built
