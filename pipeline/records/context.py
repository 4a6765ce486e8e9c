"""What the records stage knows about one article: sentences, mentions by label, main region."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.lexicon import Lexicon
from pipeline.models import Article, Mention
from pipeline.records.cues import Cues, cues
from pipeline.records.draft import Grade
from pipeline.rules import Rules

# A sentence ends at . ! ? (optionally followed by a closing quote) + space + an upper-case
# letter or an opening quote — except after initials and the abbreviations of rules/words.toml ("A.M.", "dr.").
# A line break ends one too. Each match opens with the . ! ? or line break itself: a pattern that
# starts with a character class lets the regex engine skip the text in between without trying it.
# The gap between the sentences is group 1 after . ! ? and the whole match for line breaks.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])([\"”’)]?\s+)(?=[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)")


def sentence_bounds(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of text."""
    no_split = cues(rules).no_split_before
    bounds = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        gap = m.lastindex or 0  # group 1, or the whole match for a run of line breaks
        cut = m.start(gap)
        if "\n" in m.group(gap):
            if _last_visible_char(text, cut) in (",", ";"):
                continue  # a list that runs on into the next paragraph is one sentence
        elif no_split.search(text[max(0, cut - 6):cut]):
            continue
        if text[start:cut].strip():
            bounds.append((start, cut))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    return bounds


def _last_visible_char(text: str, pos: int) -> str:
    """The last non-space character before pos ("" if none), without copying the text before it."""
    while pos and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos else ""


# The labels the stage looks up by sentence (in_sent, has, sents_with): the sentence index holds
# only their mentions. The others, near half of an article's (the words the nlp stage built names
# from, people, honorifics …), are read through by_label, if at all.
SENTENCE_LABELS = frozenset({"AGENCY", "AWARD", "AWARD_CUE", "AWARD_VERB", "DATE", "EVENT", "GOV", "GRADE",
                             "GRADE_TERM", "NOT_AWARD", "NOT_UNIT", "OFFICIAL", "PLAN_CUE", "REGION", "UNIT_NAME",
                             "VENUE"})


def related_links(text: str, related_link: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of links to other articles: a "Baca juga: …" line, or the line after a lone "Baca Juga"."""
    spans = []
    for m in related_link.finditer(text):
        if m.group(1):  # the headline follows the colon, on the same line
            spans.append((m.start(), m.end()))
            continue
        nxt = _NEXT_LINE.match(text, m.end())  # the heading alone: the headline is the next line with text
        if nxt:
            spans.append((m.start(), nxt.end()))
    return spans


_NEXT_LINE = re.compile(r"\s*\n[ \t]*\S[^\n]*")


@dataclass
class ArticleContext:
    """An article, its mentions grouped by label and sentence, and its rules."""

    article: Article
    mentions: list[Mention]  # as found: by_label leaves out those nested in a longer name
    rules: Rules
    lex: Lexicon
    title_mentions: list[Mention] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)
    by_label: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    cues: Cues = field(init=False)
    # (family id, mention) → the grade it reads as (see resolve.resolve_grade)
    grades: dict[tuple[str | None, Mention], Grade] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.sents = sentence_bounds(self.article.text, self.rules)
        # Sentence starts for bisect, the first one at 0: text before the first sentence counts as
        # part of it, and the index of a position is bisect_right(...) - 1 with no max(0, ...).
        self._starts = [0] + [s for s, _ in self.sents[1:]]
        self.cues = cues(self.rules)
        links = related_links(self.article.text, self.cues.related_link)
        if links:  # "Baca juga: …": another article's headline, none of this one's facts
            self.mentions = [m for m in self.mentions if not any(a <= m.start < b for a, b in links)]
        by_label = self.by_label
        cued = self.cues.cued_grade_words
        for m in self.mentions:
            if m.label == "GRADE_TERM" and m.text.lower() in cued:
                continue  # an everyday word is a grade only after a grade cue (a GRADE span)
            by_label[m.label].append(m)
        self.title_mentions = [m for m in self.title_mentions
                               if m.label != "GRADE_TERM" or m.text.lower() not in cued]
        _drop_nested(by_label)
        _drop_venue_units(by_label)
        # Sentence → label → mentions and label → sentences, built once: the stage asks tens of times.
        self._by_sent: dict[int, dict[str, list[Mention]]] = defaultdict(dict)
        self._sents_of: dict[str, set[int]] = {}
        by_sent, starts = self._by_sent, self._starts
        for label, ms in by_label.items():
            if label not in SENTENCE_LABELS:
                continue
            sents = self._sents_of[label] = set()
            for m in ms:  # the stage's busiest loop: sent_of inlined, no list made per setdefault
                idx = bisect_right(starts, m.start) - 1
                per = by_sent[idx]
                if label in per:
                    per[label].append(m)
                else:
                    per[label] = [m]
                    sents.add(idx)

    def sent_of(self, m: Mention) -> int:
        """Index of the sentence holding a mention."""
        return bisect_right(self._starts, m.start) - 1

    def in_sent(self, idx: int, *labels: str) -> list[Mention]:
        """Mentions with one of labels (of SENTENCE_LABELS) inside sentence idx."""
        per = self._by_sent.get(idx)
        if per is None:
            return []
        return [m for lab in labels for m in per.get(lab, ())]

    def has(self, idx: int, *labels: str) -> bool:
        """Whether sentence idx holds a mention with one of labels (of SENTENCE_LABELS)."""
        per = self._by_sent.get(idx)
        return per is not None and not per.keys().isdisjoint(labels)

    def sents_with(self, *labels: str) -> set[int]:
        """Indexes of the sentences holding a mention with one of labels (of SENTENCE_LABELS)."""
        return {idx for lab in labels for idx in self._sents_of.get(lab, ())}

    def sent_text(self, idx: int) -> str:
        s, e = self.sents[idx]
        return self.article.text[s:e]

    def between(self, a: int, b: int) -> str:
        return self.article.text[a:b]


# A mention inside a longer one of these labels is part of that name, not a fact of its own:
# "Reformasi Birokrasi" inside "Kementerian … dan Reformasi Birokrasi" (or a minister's title) is no award (but an award
# inside an event's name, "dalam Anugerah Keterbukaan Informasi Publik 2023", still is), "prima"
# inside "kategori pelayanan prima" or "Adipura" inside "Adipura Kencana" is no second grade.
_SHADOWS = {"AWARD": ("AGENCY", "UNIT_NAME", "TITLE"),
            "GRADE_TERM": ("GRADE", "GRADE_TERM", "AGENCY", "EVENT", "REGION", "GOV", "UNIT_NAME"), "VENUE": ("AWARD",),
            "GRADE": ("EVENT",), "REGION": ("EVENT", "AGENCY"), "GOV": ("EVENT",), "UNIT_NAME": ("EVENT",)}


def _drop_nested(by_label: dict[str, list[Mention]]) -> None:
    """Remove from by_label the mentions inside a longer mention of a shadowing label."""
    nested: set[Mention] = set()
    for label, shadowing in _SHADOWS.items():
        if label in by_label:
            # The spans that can shadow the label, gathered once (in order of start), not per mention.
            spans = sorted([(o.start, o.end) for lab in shadowing for o in by_label.get(lab, ())])
            if spans:
                nested.update(inside_longer(by_label[label], spans))
    # Removed once all are found: a nested GRADE (inside an EVENT) still shadows a GRADE_TERM.
    for label in {m.label for m in nested}:
        kept = [m for m in by_label[label] if m not in nested]
        if kept:
            by_label[label] = kept
        else:
            del by_label[label]


def _drop_venue_units(by_label: dict[str, list[Mention]]) -> None:
    """A unit that begins a longer venue is the building ("di Kantor Perwakilan BPK …, Semarang"), not a recipient
    (a village inside one, "di lapangan Desa Doko", still names the village)."""
    venues = {(v.start, v.end) for v in by_label.get("VENUE", ())}
    if venues and "UNIT_NAME" in by_label:
        starts = {a: b for a, b in venues}
        by_label["UNIT_NAME"] = [u for u in by_label["UNIT_NAME"] if not (u.start in starts and starts[u.start] > u.end)]
        if not by_label["UNIT_NAME"]:
            del by_label["UNIT_NAME"]


def inside_longer(ms: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
    """The mentions of ms that lie inside one of spans (sorted by start) longer than they are."""
    inside = []
    for m in ms:
        for start, end in spans:
            if start > m.start:
                break  # the rest start after m too
            if m.end <= end and end - start > m.end - m.start:
                inside.append(m)
                break
    return inside
