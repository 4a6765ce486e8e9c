"""GOV spans: a regional government's name with its region ("Pemkab Bekasi", "Pemerintah Kabupaten (Pemkab) Bekasi")."""
from __future__ import annotations

from pipeline.lexicon import Lexicon
from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import SpanIndex, Tokens, bare_region, skip_paren_abbr
from pipeline.rules import Rules


def gov_spans(tk: Tokens, idx: SpanIndex, lex: Lexicon, rules: Rules) -> list[Row]:
    """"Pemkab Bekasi", "Pemerintah Kabupaten (Pemkab) Bekasi" → GOV with the region as kb_id."""
    out = []
    for s in idx.by_label.get("REGIONAL_GOV", ()):
        kind = rules.gazetteer[s.kb_id].type if s.kb_id in rules.gazetteer else None
        i = skip_paren_abbr(tk, s.end)
        region = idx.longest(i, "REGION")
        found = bare_region(tk, i, lex, kind if kind in ("kabupaten", "kota", "provinsi") else None)
        # "Pemkab Aceh Selatan": the bare name (Aceh Selatan) is longer than the province alias (Aceh).
        if found and (region is None or found[0] > region.end):
            out.append(Row("GOV", s.start, found[0], found[1]))
        elif region is not None:
            out.append(Row("GOV", s.start, region.end, region.kb_id))
    return out
