"""EVENT and VENUE spans: the name after an event or venue cue, and a capitalised event name with no cue."""
from __future__ import annotations

from collections.abc import Callable

from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import ComposeWords, SpanIndex, Tokens

EndFn = Callable[[Tokens, int, SpanIndex, ComposeWords], int]  # where a span that starts at a token ends


def event_end(tk: Tokens, i: int, idx: SpanIndex, words: ComposeWords, limit: int = 16) -> int:
    """End of an event name starting at i: up to a comma, a place, a date or a clause word."""
    j = i
    while j < tk.n and j - i < limit:
        # A verb's noun that heads events goes on with the name: "apresiasi dan penganugerahan Zona Integritas".
        verb = idx.longest(j, "AWARD_VERB") if j > i and not idx.longest(j, "EVENT_HEAD") else None
        if tk.space[j] or (j > i and (idx.longest(j, "DATE", "VENUE_CUE", "EVENT_CUE") or verb is not None
                                      or tk.lower[j] in words.event_stop)):
            break  # a name never runs over a paragraph break
        if tk.punct[j] and tk.text[j] not in {"(", ")", "-", "–", "/", "&", "'", "’"}:
            break
        j += 1
    while j > i and (tk.text[j - 1] in {"-", "–", "/", "&", "("} or tk.lower[j - 1] in words.event_tail):
        j -= 1
    return j


def venue_end(tk: Tokens, i: int, idx: SpanIndex, words: ComposeWords) -> int:
    """End of a venue: title-case runs, joined by commas ("Ballroom, Balai Kartini, Jakarta"), after building
    words in lower case ("gedung", "lapangan"); only building words make no venue."""
    j = i
    while j < tk.n and tk.lower[j] in words.building_heads and not tk.title[j]:
        j += 1
    if j > i and (j == tk.n or not (tk.name[j] or tk.upper[j])):
        return i
    while j < tk.n:
        text = tk.text[j]
        agency = idx.longest(j, "AGENCY")
        if agency is not None and tk.name[j]:
            j = agency.end  # "Kantor Kementerian Dalam Negeri": the agency's name whole, "Dalam" too
            continue
        if tk.space[j] or idx.longest(j, "DATE") or text in words.name_stop:
            break
        if tk.name[j] or tk.upper[j] or tk.like_num[j] or text in words.venue_words \
                or (tk.lower[j] in words.venue_joiners and j + 1 < tk.n and tk.title[j + 1]):
            j += 1
            continue
        if text == "," and j + 1 < tk.n and tk.name[j + 1] and not idx.longest(j + 1, "DATE"):
            j += 1
            continue
        break
    while j > i and tk.text[j - 1] in {",", "-", "&"}:
        j -= 1
    return j


def after_cue(tk: Tokens, idx: SpanIndex, cue_label: str, label: str, end_fn: EndFn,
              words: ComposeWords, lower_heads: frozenset[str] = frozenset()) -> list[Row]:
    """A span of `label` right after each `cue_label` span, ending where end_fn says (a lower-case start only
    with one of lower_heads)."""
    out = []
    for s in idx.by_label.get(cue_label, ()):
        i = s.end
        if i >= tk.n:
            continue
        end = end_fn(tk, i, idx, words)
        head = idx.longest(i, "EVENT_HEAD") if label == "EVENT" else None
        if end > i and (tk.title[i] or tk.upper[i] or head is not None or tk.lower[i] in lower_heads):
            out.append(Row(label, i, end, s.id))
    if label == "EVENT":
        # A capitalised event name needs no cue: "Malam Puncak Penganugerahan …", "Peringatan Hari …".
        cued = {sp.start for sp in out}
        for h in idx.by_label.get("EVENT_HEAD", ()):
            after_prep = h.start > 0 and tk.lower[h.start - 1] in words.event_lead
            capitalised = tk.title[h.start] and h.end < tk.n and tk.title[h.end] \
                and (h.start == 0 or not tk.title[h.start - 1])
            if h.start not in cued and (capitalised or after_prep):
                end = end_fn(tk, h.start, idx, words)
                if end - h.start >= 2:
                    out.append(Row(label, h.start, end, h.id))
    return out
