"""The nlp stage: article text → labelled Mentions, through a blank Indonesian spaCy pipeline."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pipeline.models import Mention
from pipeline.nlp.arrays import columns
from pipeline.nlp.components import SPANS_KEY, build_nlp
from pipeline.nlp.rows import rows
from pipeline.rules import Rules
from pipeline.settings import current

if TYPE_CHECKING:
    from spacy.language import Language

_WS = re.compile(r"[ \t\u00a0]+")
_NOT_NORMAL = ("\r", "\t", "\u00a0", "  ", " \n", "\n ", "\n\n\n")
_OTHER_SPACE = re.compile(r"[^\S \n]")  # \s is str.isspace(): any space but " " and newline


def _is_normal(text: str) -> bool:
    """True when normalise_text would return text unchanged (only spaces and newlines, in place)."""
    if text != text.strip() or any(bad in text for bad in _NOT_NORMAL):
        return False
    return _OTHER_SPACE.search(text) is None


def normalise_text(text: str) -> str:
    """Collapse runs of spaces and tabs (phrase patterns must tokenise like the text).

    Newlines are kept so paragraphs stay apart; the records stage reads offsets into this
    normalised text, which is also the text written to articles.jsonl.
    """
    if _is_normal(text):
        return text  # most texts arrive clean (readers normalise them); checking is cheaper
    lines = [_WS.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_BUILT: dict[tuple[str, str], Language] = {}
_KEEP = 2  # pipelines kept per process: the rules in use and the one before (a test's edited copy)


def shared_nlp(rules: Rules) -> Language:
    """Return this process's pipeline for these rules (same folder, same digest), building it once.

    Building takes seconds; a process that runs several batches, an evaluation after a run, or a
    test session that calls `main(argv)` many times reuses one. It only reads rows (write_spans=False).
    """
    key = (str(rules.path), rules.digest)
    if key not in _BUILT:
        while len(_BUILT) >= _KEEP:
            del _BUILT[next(iter(_BUILT))]  # the oldest first
        _BUILT[key] = build_nlp(rules, write_spans=False)
    return _BUILT[key]


class Analyzer:
    """Holds one spaCy pipeline per process (built once: ~0.4 s) and turns texts into Mentions."""

    def __init__(self, rules: Rules, batch_size: int | None = None) -> None:
        self.rules = rules
        self.nlp = shared_nlp(rules)
        self.batch_size = batch_size or current().batch.batch_size

    def mentions(self, text: str) -> list[Mention]:
        """Return the mentions of one text."""
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], headlines: bool = False) -> Iterator[list[Mention]]:
        """Yield the mentions of each text, batched through nlp.pipe.

        Headlines skip the token patterns (dates, years, counts): the records stage reads only
        names, awards, grades and cues from a headline, which the phrase rules find.
        """
        disable = ["warta_patterns"] if headlines else []
        pairs = ((text, text) for text in texts)  # the text rides along as context: Doc.text is slow
        for doc, text in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, disable=disable):
            yield doc_mentions(doc, text)


def doc_mentions(doc, text: str | None = None) -> list[Mention]:
    """Return the warta spans of a Doc as Mentions sorted by position (text: the Doc's text, if at hand)."""
    table = rows(doc, SPANS_KEY)
    if not table:
        return []
    text = doc.text if text is None else text  # Doc.text re-joins every token: pass it when known
    idx, length = columns(doc, ["IDX", "LENGTH"])
    out: dict[tuple, Mention] = {}
    for label, first, last, kb_id, rule in table:
        if last <= first:
            continue  # an empty span marks nothing in the text
        start, end = idx[first], idx[last - 1] + length[last - 1]
        key = (label, start, end, kb_id or rule)
        if key not in out:
            out[key] = Mention(label, start, end, text[start:end], rule, kb_id)
    return sorted(out.values(), key=_by_position)


def _by_position(m: Mention) -> tuple[int, int, str]:
    return m.start, -m.end, m.label
