"""Long texts in pieces for spaCy: cut at paragraph, then sentence, then word boundaries.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters) and its memory grows with the
text, so a long article goes through the nlp stage in pieces; the pieces are contiguous slices
of the text, so a mention found in a piece is moved back into the whole text by its offset.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.models import Mention

# Where a piece may end, best first: after a blank line, after a sentence end, after a space.
_BOUNDARIES = (re.compile(r"\n\n"), re.compile(r"[.!?][\"')\]]*\s"), re.compile(r"\s"))


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Return (offset, piece) pairs that join back into text, each piece at most limit characters."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        pieces.append((start, text[start:end]))
        start = end
    if start < len(text) or not pieces:
        pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, start: int, hard: int) -> int:
    """The last boundary after which a piece starting at start may end (at most hard)."""
    floor = start + (hard - start) // 2  # keep pieces at least half full, or a text of short lines crawls
    for pattern in _BOUNDARIES:
        last = None
        for m in pattern.finditer(text, floor, hard):
            last = m.end()
        if last is not None and last > start:
            return last
    return hard  # one "word" longer than half a piece: cut it (nothing better exists)


def shifted(mentions: list[Mention], offset: int) -> Iterator[Mention]:
    """Yield mentions found in a piece, moved to their place in the whole text."""
    if not offset:
        yield from mentions
        return
    for m in mentions:
        yield m._replace(start=m.start + offset, end=m.end + offset)


__all__ = ["split_text", "shifted"]
