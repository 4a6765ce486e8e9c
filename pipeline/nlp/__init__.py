"""The nlp stage: article text → labelled Mentions, through a blank Indonesian spaCy pipeline."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pipeline.models import Mention
from pipeline.nlp.arrays import words_and_text
from pipeline.nlp.components import SPANS_KEY, build_nlp
from pipeline.rules import Rules

_WS = re.compile(r"[ \t\u00a0]+")


def normalise_text(text: str) -> str:
    """Collapse runs of spaces and tabs (phrase patterns must tokenise like the text).

    Newlines are kept so paragraphs stay apart; the records stage reads offsets into this
    normalised text, which is also the text written to articles.jsonl.
    """
    lines = [_WS.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class Analyzer:
    """Holds one spaCy pipeline per process (it takes ~2 s to build) and turns texts into Mentions."""

    def __init__(self, rules: Rules, batch_size: int = 64) -> None:
        self.rules = rules
        self.nlp = build_nlp(rules)
        self.batch_size = batch_size

    def mentions(self, text: str) -> list[Mention]:
        """Return the mentions of one text."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], headlines: bool = False) -> Iterator[list[Mention]]:
        """Yield the mentions of each text, batched through nlp.pipe.

        Headlines skip the token patterns (dates, years, counts): the records stage reads only
        names, awards, grades and cues from a headline, which the phrase rules find.
        """
        disable = ["warta_patterns"] if headlines else []
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size, disable=disable):
            yield doc_mentions(doc)


def doc_mentions(doc) -> list[Mention]:
    """Return the warta spans of a Doc as Mentions sorted by position."""
    if SPANS_KEY not in doc.spans:
        return []
    text, strings = words_and_text(doc)[2], doc.vocab.strings  # Doc.text is slow
    names: dict[int, str] = {0: ""}  # label, kb and rule ids as hashes: one string look-up each
    out: dict[tuple, Mention] = {}
    for s in doc.spans[SPANS_KEY]:
        label, kb, rule = s.label, s.kb_id, s.id
        for h in (label, kb, rule):
            if h not in names:
                names[h] = strings[h]
        start, end = s.start_char, s.end_char
        key = (label, start, end, kb or rule)
        if key not in out:
            out[key] = Mention(names[label], start, end, text[start:end], names[rule], names[kb])
    return sorted(out.values(), key=lambda m: (m.start, -m.end, m.label))
