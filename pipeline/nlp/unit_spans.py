"""UNIT_NAME spans: a unit head ("RSUD", "Dinas Kesehatan") extended over the proper name and region after it."""
from __future__ import annotations

import re

from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import NOT_NAME_LABELS, ComposeWords, SpanIndex, Tokens, skip_paren_abbr

_NUMBERED = re.compile(r"[IVX]{1,5}|\d{1,3}")  # "Puskesmas II", "SMPN 3"


def unit_spans(tk: Tokens, idx: SpanIndex, words: ComposeWords) -> list[Row]:
    """Extend unit heads ("RSUD", "Dinas Kesehatan") over the proper name and region that follow."""
    out = []
    starts = sorted({s.start for label in ("UNIT", "ORG") for s in idx.by_label.get(label, ())})
    taken = -1
    for start in starts:
        if start < taken:
            continue
        head = idx.longest(start, "UNIT", "ORG")
        unit = idx.longest(start, "UNIT")
        if not tk.text[head.start][:1].isupper():
            continue  # "unit pelayanan publik" in running text is a common noun, not a unit's name
        i = head.end
        while i < tk.n:
            region = idx.longest(i, "REGION")
            if region is not None:
                i = region.end
                continue
            hon = idx.longest(i, "HONORIFIC")  # "RSUD dr. R. Soetrasno"
            if hon is not None and hon.end < tk.n and tk.name[hon.end]:
                i = hon.end
                continue
            if tk.lower[i] in words.connectors and i + 1 < tk.n and tk.name[i + 1] \
                    and not idx.longest(i + 1, "UNIT", "ORG", "REGIONAL_GOV", "TITLE"):
                i += 1
                continue
            numbered = i > head.end - 1 and _NUMBERED.fullmatch(tk.text[i]) is not None
            if (tk.name[i] or numbered) and not idx.longest(i, "UNIT", "ORG", "REGIONAL_GOV", "TITLE",
                                                            "DATE", "AGENCY", *NOT_NAME_LABELS):
                i += 1
                continue
            break
        i = skip_paren_abbr(tk, i)
        if i - head.start == 1 and head.label == "ORG":
            continue  # a bare "Dinas" names no unit
        kb = unit.kb_id if unit is not None else ""
        out.append(Row("UNIT_NAME", head.start, i, kb))
        taken = i
    return out
