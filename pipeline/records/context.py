"""What the records stage knows about one article: sentences, mentions by label, main region."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.lexicon import Lexicon
from pipeline.models import Article, Mention
from pipeline.records.cues import Cues, cues
from pipeline.rules import Rules

# A sentence ends at . ! ? (optionally followed by a closing quote) + space + an upper-case
# letter or an opening quote — except after initials and common abbreviations ("A.M.", "dr.").
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_NO_SPLIT_BEFORE = re.compile(r"(?:\b[A-Z]|\b(?:dr|Dr|drg|Ir|Prof|H|Hj|No|St|Kab|Jl|Drs|Dra|KH|Tbk|S|M|Sp))\.$")
_BOUNDARY_AT = re.compile(r"[.!?\n]")  # a boundary starts right after . ! ? or at a line break


def _boundaries(text: str) -> Iterator[re.Match[str]]:
    """The matches _BOUNDARY.finditer(text) gives, trying the pattern only where one can start.

    A pattern that opens with a look-behind is tried at every character of the text; trying it
    only after . ! ? and at line breaks finds the same matches several times faster.
    """
    end = 0
    for c in _BOUNDARY_AT.finditer(text):
        pos = c.start() if c.group() == "\n" else c.end()
        if pos >= end and (m := _BOUNDARY.match(text, pos)):
            end = m.end()
            yield m


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of text."""
    bounds = []
    start = 0
    for m in _boundaries(text):
        cut = m.start()
        if "\n" in m.group():
            if _last_visible_char(text, cut) in (",", ";"):
                continue  # a list that runs on into the next paragraph is one sentence
        elif _NO_SPLIT_BEFORE.search(text[max(0, cut - 6):cut]):
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


@dataclass
class ArticleContext:
    """An article, its mentions grouped by label and sentence, and its rules."""

    article: Article
    mentions: list[Mention]
    rules: Rules
    lex: Lexicon
    title_mentions: list[Mention] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)
    by_label: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    cues: Cues = field(init=False)

    def __post_init__(self) -> None:
        self.sents = sentence_bounds(self.article.text)
        self._starts = [s for s, _ in self.sents]
        self.cues = cues(self.rules)
        for m in self.mentions:
            self.by_label[m.label].append(m)
        nested = _drop_nested(self.by_label)
        if nested:
            self.mentions = [m for m in self.mentions if m not in nested]
        # Sentence → label → mentions, built once: the stage asks for it tens of times per sentence.
        self._by_sent: dict[int, dict[str, list[Mention]]] = defaultdict(dict)
        by_sent, starts = self._by_sent, self._starts
        for label, ms in self.by_label.items():
            for m in ms:  # the stage's busiest loop: sent_of inlined, no list made per setdefault
                per = by_sent[max(0, bisect_right(starts, m.start) - 1)]
                if label in per:
                    per[label].append(m)
                else:
                    per[label] = [m]

    def sent_of(self, m: Mention) -> int:
        """Index of the sentence holding a mention."""
        return max(0, bisect_right(self._starts, m.start) - 1)

    def in_sent(self, idx: int, *labels: str) -> list[Mention]:
        """Mentions with one of labels inside sentence idx."""
        per = self._by_sent.get(idx)
        if per is None:
            return []
        return [m for lab in labels for m in per.get(lab, ())]

    def has(self, idx: int, *labels: str) -> bool:
        """Whether sentence idx holds a mention with one of labels (in_sent without the list)."""
        per = self._by_sent.get(idx)
        return per is not None and not per.keys().isdisjoint(labels)

    def sents_with(self, *labels: str) -> set[int]:
        """Indexes of the sentences holding a mention with one of labels."""
        return {idx for idx, per in self._by_sent.items() if not per.keys().isdisjoint(labels)}

    def sent_text(self, idx: int) -> str:
        s, e = self.sents[idx]
        return self.article.text[s:e]

    def between(self, a: int, b: int) -> str:
        return self.article.text[a:b]


# A mention inside a longer one of these labels is part of that name, not a fact of its own:
# "Reformasi Birokrasi" inside "Kementerian … dan Reformasi Birokrasi" is no award (but an award
# inside an event's name, "dalam Anugerah Keterbukaan Informasi Publik 2023", still is), "prima"
# inside "kategori pelayanan prima" is no second grade.
_SHADOWS = {"AWARD": ("AGENCY", "UNIT_NAME"), "GRADE_TERM": ("GRADE", "AGENCY", "EVENT"),
            "GRADE": ("EVENT",), "REGION": ("EVENT", "AGENCY"), "GOV": ("EVENT",), "UNIT_NAME": ("EVENT",)}


def _drop_nested(by_label: dict[str, list[Mention]]) -> set[Mention]:
    """Remove from by_label the mentions inside a longer mention of a shadowing label; return them."""
    nested: set[Mention] = set()
    for label, shadowing in _SHADOWS.items():
        if label in by_label:
            # The spans that can shadow the label, gathered once (in order of start), not per mention.
            spans = sorted((o.start, o.end) for lab in shadowing for o in by_label.get(lab, ()))
            if spans:
                nested.update(m for m in by_label[label] if _inside_longer(m, spans))
    # Removed once all are found: a nested GRADE (inside an EVENT) still shadows a GRADE_TERM.
    for label in {m.label for m in nested}:
        kept = [m for m in by_label[label] if m not in nested]
        if kept:
            by_label[label] = kept
        else:
            del by_label[label]
    return nested


def _inside_longer(m: Mention, spans: list[tuple[int, int]]) -> bool:
    """Whether m lies inside one of spans (sorted by start) that is longer than m."""
    for start, end in spans:
        if start > m.start:
            return False  # the rest start after m too
        if m.end <= end and end - start > m.end - m.start:
            return True
    return False
