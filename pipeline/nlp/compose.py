"""Composite spans built from base spans: regional governments, units, officials, events, venues.

Base spans (gazetteer and pattern matches) say what a word is; these say where a whole name
ends. The shapes are Indonesian naming conventions (title + region + name, "Pemerintah
Kabupaten (Pemkab) Bekasi", "Dinas X dan Y (ABBR)"), so they live here as code; every word
list they consult comes from rules/.
"""
from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc, Span, Token

from pipeline.lexicon import lexicon
from pipeline.rules import Rules

CONNECTORS = {"dan", "&"}
NAME_PARTICLES = {"bin", "binti", "van", "de", "al", "el"}
# Tokens that may look like names (title case) but end a name or unit.
STOP_TITLECASE = {"Republik", "Indonesia", "RI", "Tahun", "Senin", "Selasa", "Rabu", "Kamis", "Jumat",
                  "Jum'at", "Sabtu", "Minggu", "Ahad", "Alhamdulillah", "Di", "Dalam", "Pada", "Sementara",
                  "No", "No.", "Nomor", "Kembali", "Bapak", "Ibu", "Pak", "Bu", "Saudara", "Sdr."}
# Words found by these rules are never part of a person's or unit's name (headline case:
# "Bupati Purworejo Sabet Penghargaan", "UPT Puskesmas Ngawi Raih Penghargaan").
NOT_NAME_LABELS = ("AWARD_VERB", "AWARD_CUE", "GRADE_CUE", "EVENT_CUE", "AWARD", "PLAN_CUE", "YEAR_CUE",
                   "STREAK", "VENUE_CUE")
# Forms of address before a name; skipped, not part of the name.
ADDRESS = {"bapak", "ibu", "pak", "bu", "saudara", "sdr."}


def _is_name_token(tok: Token) -> bool:
    t = tok.text
    if t in STOP_TITLECASE:
        return False
    if "." in t:  # initials "A.M." are part of a name; "No." is not
        return bool(re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,3}\.", t))  # "A.M.", "HM."
    return tok.is_title


def _skip_paren_abbr(doc: Doc, i: int) -> int:
    """Skip a parenthesised abbreviation "(Pemkab)" at i; return the index after it."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and doc[i + 1].text[:1].isupper():
        return i + 3
    if i + 4 < len(doc) and doc[i].text == "(" and doc[i + 2].text == "-" and doc[i + 4].text == ")":
        return i + 5  # "(PAN-RB)" is three tokens inside
    return i


class _Index:
    """Base spans by start token and label (labels read once: Span.label_ is a string look-up)."""

    def __init__(self, spans: list[Span]) -> None:
        self.by_start: dict[int, list[tuple[str, Span]]] = defaultdict(list)
        for s in spans:
            self.by_start[s.start].append((s.label_, s))

    def longest(self, i: int, *labels: str) -> Span | None:
        best = None
        for label, s in self.by_start.get(i, ()):
            if label in labels and (best is None or len(s) > len(best)):
                best = s
        return best


def _bare_region(doc: Doc, i: int, lex, kind: str | None) -> tuple[int, str] | None:
    """Longest run of name tokens at i that is a known bare region name; (end, entry id or '?')."""
    best = None
    for n in range(min(lex.max_bare_tokens, len(doc) - i), 0, -1):
        toks = doc[i:i + n]
        if not all(_is_name_token(t) or t.text in {"-"} for t in toks):
            continue
        entry, ambiguous = lex.region_for(toks.text, kind)
        if entry or ambiguous:
            best = (i + n, entry.id if entry else "?")
            break
    return best


def compose_spans(doc: Doc, base: list[Span], rules: Rules) -> list[Span]:
    """Return the composite spans for one doc."""
    lex = lexicon(rules)
    idx = _Index(base)
    out: list[Span] = []
    out += _govs(doc, base, idx, lex, rules)
    out += grade_spans(doc, base, rules)
    out += _units(doc, base, idx)
    out += _officials(doc, base, idx, lex, rules)
    out += _after_cue(doc, base, idx, "EVENT_CUE", "EVENT", _event_end)
    out += _after_cue(doc, base, idx, "VENUE_CUE", "VENUE", _venue_end)
    return out


def _govs(doc: Doc, base: list[Span], idx: _Index, lex, rules: Rules) -> list[Span]:
    """"Pemkab Bekasi", "Pemerintah Kabupaten (Pemkab) Bekasi" → GOV with the region as kb_id."""
    out = []
    for s in base:
        if s.label_ != "REGIONAL_GOV":
            continue
        kind = rules.gazetteer[s.kb_id_].type if s.kb_id_ in rules.gazetteer else None
        i = _skip_paren_abbr(doc, s.end)
        region = idx.longest(i, "REGION")
        found = _bare_region(doc, i, lex, kind if kind in ("kabupaten", "kota", "provinsi") else None)
        # "Pemkab Aceh Selatan": the bare name (Aceh Selatan) is longer than the province alias (Aceh).
        if found and (region is None or found[0] > region.end):
            out.append(Span(doc, s.start, found[0], label="GOV", kb_id=found[1]))
        elif region is not None:
            out.append(Span(doc, s.start, region.end, label="GOV", kb_id=region.kb_id_))
    return out


def _units(doc: Doc, base: list[Span], idx: _Index) -> list[Span]:
    """Extend unit heads ("RSUD", "Dinas Kesehatan") over the proper name and region that follow."""
    out = []
    starts = sorted({s.start for s in base if s.label_ in ("UNIT", "ORG")})
    taken = -1
    for start in starts:
        if start < taken:
            continue
        head = idx.longest(start, "UNIT", "ORG")
        unit = idx.longest(start, "UNIT")
        if not head.text[:1].isupper():
            continue  # "unit pelayanan publik" in running text is a common noun, not a unit's name
        i = head.end
        while i < len(doc):
            region = idx.longest(i, "REGION")
            if region is not None:
                i = region.end
                continue
            hon = idx.longest(i, "HONORIFIC")  # "RSUD dr. R. Soetrasno"
            if hon is not None and hon.end < len(doc) and _is_name_token(doc[hon.end]):
                i = hon.end
                continue
            tok = doc[i]
            if tok.text.lower() in CONNECTORS and i + 1 < len(doc) and _is_name_token(doc[i + 1]) \
                    and not idx.longest(i + 1, "UNIT", "ORG", "REGIONAL_GOV", "TITLE"):
                i += 1
                continue
            numbered = i > head.end - 1 and (re.fullmatch(r"[IVX]{1,5}|\d{1,3}", tok.text) is not None)
            if (_is_name_token(tok) or numbered) and not idx.longest(i, "UNIT", "ORG", "REGIONAL_GOV", "TITLE",
                                                                     "DATE", "AGENCY", *NOT_NAME_LABELS):
                i += 1
                continue
            break
        i = _skip_paren_abbr(doc, i)
        if i - head.start == 1 and head.label_ == "ORG":
            continue  # a bare "Dinas" names no unit
        kb = unit.kb_id_ if unit is not None else ""
        out.append(Span(doc, head.start, i, label="UNIT_NAME", kb_id=kb))
        taken = i
    return out


def _officials(doc: Doc, base: list[Span], idx: _Index, lex, rules: Rules) -> list[Span]:
    """[prefix] TITLE [region | agency | unit] [,] [honorifics] Name → OFFICIAL + PERSON spans."""
    out = []
    all_titles = [s for s in base if s.label_ == "TITLE"]
    # Only the longest title at each place: "Menteri Koordinator Bidang …" not also "Menteri".
    titles = sorted((t for t in all_titles if not any(o.start <= t.start and t.end <= o.end and len(o) > len(t)
                                                       for o in all_titles)), key=lambda s: s.start)
    consumed = -1
    for t in titles:
        if t.start < consumed:
            continue
        entry = rules.gazetteer.get(t.kb_id_)
        ttype = entry.type if entry else ""
        if ttype == "prefix":
            continue  # a prefix alone is not a title; it joins the title after it below
        start = t.start
        # Walk left over prefixes ("Plt", "Pelaksana Tugas (Plt)").
        j = start
        while True:
            prev = [s for s in base if s.label_ == "TITLE" and s.end in (j, j - 3) and s.start < j
                    and rules.gazetteer.get(s.kb_id_) and rules.gazetteer[s.kb_id_].type == "prefix"]
            if not prev:
                break
            j = min(p.start for p in prev)
        start = j
        i = _skip_paren_abbr(doc, t.end)
        level = entry.attrs.get("level") if entry else None
        region = idx.longest(i, "REGION", "AGENCY", "UNIT_NAME", "UNIT")
        comma = _title_run_to_comma(doc, i, idx, lex, level)
        if comma is not None:
            i = comma  # "Kepala Perwakilan BPK Provinsi Jateng, Ayub Amali": the title runs to the comma
        elif ttype in ("head", "deputy"):
            found = _bare_region(doc, i, lex, level)
            if found and (region is None or found[0] >= region.end):
                i = found[0]
            elif region is not None:
                i = region.end
        else:
            i = _org_run_end(doc, i, idx)  # "Kepala Perwakilan BPK Provinsi Jabar", "Kepala BKKBN Pusat"
        i = _skip_paren_abbr(doc, i)
        after_region = i
        if i < len(doc) and doc[i].text == ",":
            i += 1
            if ttype in ("head", "deputy") and _bare_region(doc, i, lex, level):
                i = after_region  # "Wali Kota Banda Aceh, Palembang, …": more offices, not a name
        name_start = i
        while i < len(doc):
            hon = idx.longest(i, "HONORIFIC")
            if hon is not None:
                i = hon.end
                continue
            break
        while i < len(doc) and doc[i].lower_ in ADDRESS:
            i += 1
        person_start = i
        while i < len(doc) and (_is_name_token(doc[i]) or (doc[i].text.lower() in NAME_PARTICLES and i > person_start)):
            if idx.longest(i, "REGION", "AGENCY", "UNIT", "ORG", "TITLE", "REGIONAL_GOV", "DATE") and i > person_start:
                break
            if idx.longest(i, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "DATE", *NOT_NAME_LABELS):
                break
            i += 1
        person_end = i
        if person_end == person_start:
            if ttype in ("head", "deputy") and after_region > _skip_paren_abbr(doc, t.end):
                # "Bupati Ngawi dan Pacitan": the office itself, and each region coordinated with it.
                out.append(Span(doc, start, after_region, label="OFFICIAL", kb_id=t.kb_id_))
                out += _coordinated_offices(doc, after_region, t.kb_id_, lex, level)
                consumed = after_region
            continue
        # Degree suffixes after a comma: ", S.H., M.Si."
        while i + 1 < len(doc) and doc[i].text == "," and idx.longest(i + 1, "HONORIFIC"):
            i = idx.longest(i + 1, "HONORIFIC").end
        out.append(Span(doc, start, i, label="OFFICIAL", kb_id=t.kb_id_))
        out.append(Span(doc, person_start, person_end, label="PERSON", kb_id=t.kb_id_))
        if name_start < person_start:
            out.append(Span(doc, name_start, person_start, label="HONORIFIC_RUN"))
        consumed = i
    return out


def _org_run_end(doc: Doc, i: int, idx: _Index, limit: int = 12) -> int:
    """End of the organisation words after a title: agencies, units, regions and ORG_WORDs."""
    j = i
    while j < len(doc) and j - i < limit:
        span = idx.longest(j, "AGENCY", "UNIT", "REGION", "ORG_WORD")
        if span is not None:
            j = span.end
            continue
        if doc[j].text == "(" and _skip_paren_abbr(doc, j) > j:
            j = _skip_paren_abbr(doc, j)
            continue
        break
    return j


def _coordinated_offices(doc: Doc, i: int, kb: str, lex, level: str | None) -> list[Span]:
    """OFFICIAL spans for bare regions coordinated after an office ("…, Palembang, dan Pacitan")."""
    out = []
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].text in {",", "dan", "serta"}:
            j += 1
        if j == i:
            break
        found = _bare_region(doc, j, lex, level)
        if not found or found[1] == "?" or (found[0] < len(doc) and _is_name_token(doc[found[0]])):
            break
        out.append(Span(doc, j, found[0], label="OFFICIAL", kb_id=kb))
        i = found[0]
    return out


def _title_run_to_comma(doc: Doc, i: int, idx: _Index, lex, level: str | None, limit: int = 10) -> int | None:
    """Index of the comma ending a title's organisation words, when a name (not a region) follows it."""
    j = i
    while j < len(doc) and j - i <= limit:
        tok = doc[j]
        if tok.text == ",":
            nxt = j + 1
            if j > i and nxt < len(doc) and (_is_name_token(doc[nxt]) or idx.longest(nxt, "HONORIFIC")) \
                    and not idx.longest(nxt, "TITLE", "REGION", "REGIONAL_GOV", "UNIT", "ORG", "AGENCY", "DATE",
                                        *NOT_NAME_LABELS) \
                    and not _bare_region(doc, nxt, lex, level):  # "Wali Kota Banda Aceh, Palembang, …"
                return j
            return None
        if tok.text[:1].isupper() or tok.text in {"(", ")", "-", "/"} or tok.lower_ in {"bidang", "dan", "ri"}:
            if idx.longest(j, *NOT_NAME_LABELS, "DATE"):
                return None
            j += 1
            continue
        return None
    return None


# Words that end an event's name: what follows is where, when, who or what happened there.
_EVENT_STOP = {"yang", "oleh", "kepada", "pada", "bersama", "bertempat", "sebagai", "untuk", "dengan", "di",
               "ini", "itu", "tersebut", "kemarin", "lalu", "bagi", "dari", "sekaligus", "serta"}


def _event_end(doc: Doc, i: int, idx: _Index, limit: int = 16) -> int:
    """End of an event name starting at i: up to a comma, a place, a date or a clause word."""
    j = i
    while j < len(doc) and j - i < limit:
        tok = doc[j]
        if tok.is_space or (j > i and (idx.longest(j, "DATE", "VENUE_CUE", "AWARD_VERB", "EVENT_CUE")
                                       or tok.lower_ in _EVENT_STOP)):
            break  # a name never runs over a paragraph break
        if tok.is_punct and tok.text not in {"(", ")", "-", "–", "/", "&", "'", "’"}:
            break
        j += 1
    while j > i and (doc[j - 1].text in {"-", "–", "/", "&", "("} or doc[j - 1].lower_ in {"dan", "ke", "tahun"}):
        j -= 1
    return j


def _venue_end(doc: Doc, i: int, idx: _Index) -> int:
    """End of a venue: title-case runs, joined by commas ("Ballroom, Balai Kartini, Jakarta")."""
    j = i
    while j < len(doc):
        tok = doc[j]
        if tok.is_space or idx.longest(j, "DATE") or tok.text in STOP_TITLECASE:
            break
        if _is_name_token(tok) or tok.is_upper or tok.like_num or tok.text in {"-", "&", "Jl.", "Jln.", "No."} \
                or (tok.text.lower() in {"dan", "kota", "kabupaten"} and j + 1 < len(doc) and doc[j + 1].is_title):
            j += 1
            continue
        if tok.text == "," and j + 1 < len(doc) and _is_name_token(doc[j + 1]) \
                and doc[j + 1].text not in STOP_TITLECASE and not idx.longest(j + 1, "DATE"):
            j += 1
            continue
        break
    while j > i and doc[j - 1].text in {",", "-", "&"}:
        j -= 1
    return j


def _after_cue(doc: Doc, base: list[Span], idx: _Index, cue_label: str, label: str, end_fn) -> list[Span]:
    """A span of `label` right after each `cue_label` span, ending where end_fn says."""
    out = []
    for s in base:
        if s.label_ != cue_label:
            continue
        i = s.end
        end = end_fn(doc, i, idx)
        head = idx.longest(i, "EVENT_HEAD") if label == "EVENT" else None
        if end > i and (doc[i].is_title or doc[i].is_upper or head is not None):
            out.append(Span(doc, i, end, label=label, kb_id=s.id_))
    if label == "EVENT":
        # A capitalised event name needs no cue: "Malam Puncak Penganugerahan …", "Peringatan Hari …".
        cued = {sp.start for sp in out}
        for h in base:
            after_prep = h.start > 0 and doc[h.start - 1].lower_ in {"pada", "dalam", "saat", "sela"}
            capitalised = doc[h.start].is_title and h.end < len(doc) and doc[h.end].is_title \
                and (h.start == 0 or not doc[h.start - 1].is_title)
            if h.label_ == "EVENT_HEAD" and h.start not in cued and (capitalised or after_prep):
                end = end_fn(doc, h.start, idx)
                if end - h.start >= 2:
                    out.append(Span(doc, h.start, end, label=label, kb_id=h.id_))
    return out


_VOCAB: dict[int, tuple[set[str], dict[str, int]]] = {}


def _grade_vocab(rules: Rules) -> tuple[set[str], dict[str, int]]:
    """Letters and label phrases (lowercased) of every award scale in the rules."""
    cached = _VOCAB.get(id(rules))
    if cached:
        return cached
    letters: set[str] = set()
    labels: dict[str, int] = {}
    for fam in rules.awards.values():
        for g in fam.grades:
            if g.letter:
                letters.add(g.letter.upper().rstrip("-+"))
            for name in [g.label or "", *g.aliases]:
                base = name.split("(")[0].strip().lower()
                if base:
                    labels[base] = len(base.split())
    _VOCAB[id(rules)] = (letters, labels)
    return letters, labels


def _grade_expr_end(doc: Doc, i: int, rules: Rules) -> int:
    """End of a grade expression at i: a letter ("A-", "BB"), a scale label, then "(...)"."""
    letters, labels = _grade_vocab(rules)
    while i < len(doc) and doc[i].text in {"“", "\"", "‘", "'", "«"}:
        i += 1  # Predikat “BB”
    j = i
    if j < len(doc) and doc[j].text.upper() in letters and (doc[j].is_upper or len(doc[j]) <= 2):
        j += 1
        if j < len(doc) and doc[j].text in {"-", "+"} and not doc[j - 1].whitespace_:
            j += 1
        elif j < len(doc) and doc[j].lower_ == "plus":
            j += 1
    else:
        for n in range(min(6, len(doc) - j), 0, -1):
            if doc[j:j + n].text.lower() in labels:
                j += n
                break
    if j == i:
        return i
    while j < len(doc) and doc[j].text in {"”", "\"", "’", "'", "»"}:
        j += 1
    if j < len(doc) and doc[j].text == "(":
        k = j + 1
        while k < len(doc) and k - j <= 7 and doc[k].text != ")" and doc[k].text not in {".", ","}:
            k += 1
        if k < len(doc) and doc[k].text == ")":
            j = k + 1
    return j


_FOR = {"untuk", "bagi", "kepada"}


def _follow_on_grades(doc: Doc, i: int, rules: Rules, kb: str) -> list[Span]:
    """Grades that share the first one's cue: "predikat A untuk X dan Y, serta A- untuk Z"."""
    out = []
    sent_end = next((k for k in range(i, len(doc)) if doc[k].text in {".", "!", "?"}), len(doc))
    k = i
    while k < sent_end:
        if doc[k].text in {",", "serta", "dan", ";"}:
            j = k
            while j < sent_end and doc[j].text in {",", "serta", "dan", ";"}:
                j += 1
            end = _grade_expr_end(doc, j, rules)
            if end > j and end < sent_end and doc[end].lower_ in _FOR:
                out.append(Span(doc, j, end, label="GRADE", kb_id=kb))
                k = end
                continue
        k += 1
    return out


def grade_spans(doc: Doc, base: list[Span], rules: Rules) -> list[Span]:
    """A GRADE span from each grade cue followed by a grade ("Predikat Sangat Baik (A-)")."""
    out = []
    for s in base:
        if s.label_ != "GRADE_CUE":
            continue
        i = s.end
        if i < len(doc) and doc[i].lower_ in {"sebagai", ":", "dengan"}:
            i += 1
        if i < len(doc) and doc[i].lower_ in {"kategori", "predikat"}:  # "opini kategori A"
            i += 1
        end = _grade_expr_end(doc, i, rules)
        if end > i:
            out.append(Span(doc, s.start, end, label="GRADE", kb_id=s.id_))
            out += _follow_on_grades(doc, end, rules, s.id_)
        elif i < len(doc) and doc[i].like_num and ("," in doc[i].text or "." in doc[i].text):
            out.append(Span(doc, s.start, i + 1, label="SCORE", kb_id=s.id_))
    return out
