"""What the records stage knows about one article: sentences, mentions by label, main region."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.lexicon import Lexicon
from pipeline.models import Article, Mention
from pipeline.rules import Rules

# A sentence ends at . ! ? (optionally followed by a closing quote) + space + an upper-case
# letter or an opening quote — except after initials and common abbreviations ("A.M.", "dr.").
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_NO_SPLIT_BEFORE = re.compile(r"(?:\b[A-Z]|\b(?:dr|Dr|drg|Ir|Prof|H|Hj|No|St|Kab|Jl|Drs|Dra|KH|Tbk|S|M|Sp))\.$")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of text."""
    bounds = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group(0) and _NO_SPLIT_BEFORE.search(text[max(0, m.start() - 6):m.start()]):
            continue
        if "\n" in m.group(0) and text[:m.start()].rstrip().endswith((",", ";")):
            continue  # a list that runs on into the next paragraph is one sentence
        if text[start:m.start()].strip():
            bounds.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text.rstrip())))
    return bounds


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

    def __post_init__(self) -> None:
        self.sents = sentence_bounds(self.article.text)
        self._starts = [s for s, _ in self.sents]
        self.mentions = _drop_nested(self.mentions)
        self._by_sent: dict[int, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
        for m in self.mentions:
            self.by_label[m.label].append(m)
            self._by_sent[self.sent_of(m)][m.label].append(m)

    def sent_of(self, m: Mention | int) -> int:
        """Index of the sentence holding a mention (or a character offset)."""
        pos = m if isinstance(m, int) else m.start
        return max(0, bisect_right(self._starts, pos) - 1)

    def in_sent(self, idx: int, *labels: str) -> list[Mention]:
        """Mentions with one of labels inside sentence idx."""
        per = self._by_sent.get(idx)
        if per is None:
            return []
        return [m for lab in labels for m in per.get(lab, ())]

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


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Remove mentions that lie inside a longer mention of a shadowing label."""
    by_label: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_label[m.label].append(m)
    out = []
    for m in mentions:
        outer = _SHADOWS.get(m.label, ())
        if any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
               for lab in outer for o in by_label.get(lab, [])):
            continue
        out.append(m)
    return out
