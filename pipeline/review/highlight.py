"""Evidence spans placed in an article's text, and the text cut into highlighted segments."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Span:
    """One evidence span placed in an article's text, with its HTML id."""

    id: str
    field: str
    start: int
    end: int


def field_class(field: str) -> str:
    """Return a CSS-safe class for an evidence field: its top-level name ("grade.letter" → grade)."""
    top = field.split(".")[0].lower()
    return "f-" + (re.sub(r"[^a-z0-9_]", "", top) or "other")


def place_evidence(text: str, records: list[dict[str, Any]], prefix: str
                   ) -> tuple[dict[tuple[int, int, str], Span], list[str]]:
    """Place every record's evidence in the text; return spans by (start, end, field) and problems.

    An evidence whose offsets do not hold its text is looked up by its text instead (offsets
    shift when a pipeline changes its text cleaning); one not found at all is reported.
    """
    spans: dict[tuple[int, int, str], Span] = {}
    problems: list[str] = []
    for record in records:
        for ev in record.get("evidence") or []:
            if not isinstance(ev, dict):
                continue
            key = locate(text, ev)
            if key is None:
                problems.append(f"{ev.get('field')}: {ev.get('text')!r} not found in the article text")
                continue
            if key not in spans:
                spans[key] = Span(f"{prefix}-{len(spans)}", key[2], key[0], key[1])
    return spans, problems


def locate(text: str, ev: dict[str, Any]) -> tuple[int, int, str] | None:
    """Return (start, end, field) of an evidence in the text, or None when it is not there."""
    field = str(ev.get("field") or "other")
    snippet = str(ev.get("text") or "")
    start, end = ev.get("start"), ev.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        if not snippet or text[start:end] == snippet:
            return start, end, field
    if snippet:
        found = text.find(snippet, max(0, start - 200) if isinstance(start, int) else 0)
        if found < 0:
            found = text.find(snippet)
        if found >= 0:
            return found, found + len(snippet), field
    return None


def segments(text: str, spans: list[Span]) -> list[Any]:
    """Return the text cut at span edges, for the page script to build as DOM text nodes.

    Each item is a plain string (unmarked text), a label `{"id", "f": field, "c": class}` at a
    span's start, or `[text, class, "id id", depth]` for text covered by spans (the innermost
    span's class; depth = how many spans cover it, at most 3). Joining the strings and the
    first items of the lists gives back the text exactly.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    out: list[Any] = []
    active: list[Span] = []  # spans covering the current piece (a sweep, not a scan per piece)
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > a]
        # Longest first, so labels read outer → inner like nested brackets.
        for span in sorted(starting.get(a, []), key=lambda s: s.start - s.end):
            out.append({"id": span.id, "f": span.field, "c": field_class(span.field)})
            active.append(span)
        piece = text[a:b]
        if not active:
            out.append(piece)
            continue
        inner = min(active, key=lambda s: s.end - s.start)
        out.append([piece, field_class(inner.field), " ".join(s.id for s in active),
                    min(len(active), 3)])
    return out
