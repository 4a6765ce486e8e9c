"""OFFICIAL, PERSON and HONORIFIC_RUN spans: [prefix] TITLE [region | agency | unit] [,] [honorifics] Name."""
from __future__ import annotations

import re

from pipeline.lexicon import Lexicon
from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import NOT_NAME_LABELS, ComposeWords, SpanIndex, Tokens, bare_region, skip_paren_abbr
from pipeline.rules import Rules


_ROMAN = re.compile(r"[IVX]{1,4}")  # "Anggota V", "Asisten II": the number of an office
_LONE_INITIAL = re.compile(r"[A-Z]\.?")
_CAPS_INITIALS = re.compile(r"[A-Z]{1,2}")


def _caps_initials(tk: Tokens, i: int) -> bool:
    """Initials before a name word, without dots or with one the tokenizer split off: "AM Sukri", "IB Rai",
    "Sukri A Sappewali", "RM. Hasan" (the "." too)."""
    if tk.text[i] == "." and i > 0 and _CAPS_INITIALS.fullmatch(tk.text[i - 1]):
        return i + 1 < tk.n and tk.name[i + 1]
    if not _CAPS_INITIALS.fullmatch(tk.text[i]) or i + 1 >= tk.n:
        return False
    if tk.text[i + 1] == ".":
        return i + 2 < tk.n and tk.name[i + 2]
    return tk.name[i + 1]


def official_spans(tk: Tokens, idx: SpanIndex, lex: Lexicon, rules: Rules, words: ComposeWords) -> list[Row]:
    """[prefix] TITLE [region | agency | unit] [,] [honorifics] Name → OFFICIAL + PERSON spans."""
    out = []
    gaz = rules.gazetteer
    all_titles = idx.by_label.get("TITLE", [])
    # Only the longest title at each place: "Menteri Koordinator Bidang …" not also "Menteri".
    titles = sorted((t for t in all_titles if not any(o.start <= t.start and t.end <= o.end
                                                       and o.end - o.start > t.end - t.start
                                                       for o in all_titles)), key=lambda s: s.start)
    prefixes = [s for s in all_titles if s.kb_id in gaz and gaz[s.kb_id].type == "prefix"]
    consumed = -1
    for t in titles:
        if t.start < consumed:
            continue
        entry = gaz.get(t.kb_id)
        ttype = entry.type if entry else ""
        if ttype == "prefix":
            continue  # a prefix alone is not a title; it joins the title after it below
        # Walk left over prefixes ("Plt", "Pelaksana Tugas (Plt)").
        start = t.start
        while prev := [p.start for p in prefixes if p.end in (start, start - 3) and p.start < start]:
            start = min(prev)
        i = skip_paren_abbr(tk, t.end)
        # "Kepala Dinas Kesehatan Nama": a unit that begins inside the title ("Dinas") runs on after it, as does
        # a longer title or agency ("Wakil Menteri Pemberdayaan … Anak").
        i = max([i] + [u.end for u in idx.by_label.get("UNIT", ()) if t.start <= u.start < t.end < u.end]
                + [o.end for o in all_titles if t.start < o.start < t.end < o.end]
                + [a.end for a in idx.by_label.get("AGENCY", ()) if t.start <= a.start < t.end < a.end])
        i = skip_paren_abbr(tk, i)
        if i < tk.n and _ROMAN.fullmatch(tk.text[i]) and (tk.text[i] != "I" or i + 1 == tk.n or not tk.name[i + 1]):
            # "Anggota V BPK", "Asisten II Setda": a numbered office, not a person called "V" (but Bali's
            # "I Wayan Koster" is a name)
            i += 1
        level = entry.attrs.get("level") if entry else None
        region = idx.longest(i, "REGION", "AGENCY", "UNIT_NAME", "UNIT")
        # A head's title runs to a comma only over its region ("Bupati Sumedang, Nama"); "Gubernur Made Mangku
        # Pastika dan Wakil Ketua DPRD Bali, Nama" is a name right after the title.
        head = ttype in ("head", "deputy")
        found = bare_region(tk, i, lex, level) if head else None
        named_at_once = head and region is None and found is None
        comma = None if named_at_once else _title_run_to_comma(tk, i, idx, lex, level, words)
        if comma is not None:
            i = comma  # "Kepala Perwakilan BPK Provinsi Jateng, Ayub Amali": the title runs to the comma
        elif head:
            if found and (region is None or found[0] >= region.end):
                i = found[0]
            elif region is not None:
                i = region.end
            province = idx.longest(i, "REGION") if i > t.end else None
            if province is not None and province.kb_id in gaz and gaz[province.kb_id].type == "provinsi":
                i = province.end  # "Bupati Konawe Sulawesi Tenggara": the province of the region, no name
        else:
            i = _org_run_end(tk, i, idx)  # "Kepala Perwakilan BPK Provinsi Jabar", "Kepala BKKBN Pusat"
        i = skip_paren_abbr(tk, i)
        after_region = i
        if i < tk.n and tk.text[i] == ",":
            i += 1
            if ttype in ("head", "deputy") and bare_region(tk, i, lex, level):
                i = after_region  # "Wali Kota Banda Aceh, Palembang, …": more offices, not a name
        i = _term_end(tk, i, words)  # "Bupati Sumedang 2018-2023 Dony Ahmad Munir": the term of office
        if ttype not in ("head", "deputy"):
            i = _office_words_end(tk, i, words)  # "Asdep Gender Sosial Budaya dan Keluarga Nama": the office's field
        name_start = i
        while i < tk.n and (hon := idx.longest(i, "HONORIFIC")) is not None:
            i = hon.end
        while i < tk.n and tk.lower[i] in words.address:
            i += 1
        person_start = i
        while i < tk.n and (tk.name[i] or (tk.lower[i] in words.particles and i > person_start)
                            or (_caps_initials(tk, i) and (i > person_start or tk.text[i] != "."))):
            if idx.longest(i, "REGION", "AGENCY", "UNIT", "ORG", "TITLE", "REGIONAL_GOV", "DATE") and (
                    i > person_start or not tk.name[i]):
                break
            if idx.longest(i, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "DATE", *NOT_NAME_LABELS) \
                    or tk.lower[i] in words.office:
                break
            i += 1
        person_end = i
        # "Dirut RSUD Sanjiwani dr. Ida Komang": an honorific inside the run begins the person; the words before it
        # named the unit (a name has no honorific inside it).
        k = person_end
        while k < tk.n and (hon := idx.longest(k, "HONORIFIC")) is not None:
            k = hon.end
        if person_end > person_start and k > person_end and k < tk.n and tk.name[k] \
                and not idx.longest(k, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "REGION", "AGENCY", "DATE",
                                    *NOT_NAME_LABELS):
            name_start = person_end
            person_start = i = k
            while i < tk.n and (tk.name[i] or (tk.lower[i] in words.particles and i > person_start)
                                or _caps_initials(tk, i)) \
                    and not idx.longest(i, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "REGION", "AGENCY", "DATE",
                                        *NOT_NAME_LABELS):
                i += 1
            person_end = i
        if person_end - person_start == 1 and (_LONE_INITIAL.fullmatch(tk.text[person_start])
                                               or lex.knows_bare(tk.text[person_start])):
            person_end = i = person_start  # a lone initial ("H.", "M") or a region ("Camat Depok") names no one
        if person_end == person_start:
            if ttype in ("head", "deputy") and after_region > skip_paren_abbr(tk, t.end):
                # "Bupati Ngawi dan Pacitan": the office itself, and each region coordinated with it.
                out.append(Row("OFFICIAL", start, after_region, t.kb_id))
                out += _coordinated_offices(tk, after_region, t.kb_id, lex, level, words)
                consumed = after_region
            continue
        # Degree suffixes after a comma: ", S.H., M.Si."
        while i + 1 < tk.n and tk.text[i] == "," and (hon := idx.longest(i + 1, "HONORIFIC")):
            i = hon.end
        out.append(Row("OFFICIAL", start, i, t.kb_id))
        out.append(Row("PERSON", person_start, person_end, t.kb_id))
        if name_start < person_start:
            out.append(Row("HONORIFIC_RUN", name_start, person_start))
        consumed = i
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d[-–](?:19|20)\d\d")


def _term_end(tk: Tokens, i: int, words: ComposeWords) -> int:
    """The index after a term of office at i ("2018-2023", "periode 2019–2024"), or i when there is none."""
    j = i + 1 if i < tk.n and tk.lower[i] in words.term else i
    if j < tk.n and _YEAR_RANGE.fullmatch(tk.text[j]):
        return j + 1
    if j + 2 < tk.n and _YEAR.fullmatch(tk.text[j]) and tk.text[j + 1] in {"-", "–"} and _YEAR.fullmatch(tk.text[j + 2]):
        return j + 3
    return i


def _office_words_end(tk: Tokens, i: int, words: ComposeWords) -> int:
    """The index after the words of an office's field at i ("Gender Sosial Budaya dan Keluarga"), or i."""
    j = i
    while j < tk.n and (tk.lower[j] in words.office or (tk.lower[j] in words.connectors and j > i and j + 1 < tk.n
                                                         and tk.lower[j + 1] in words.office)):
        j += 1
    return j


def _org_run_end(tk: Tokens, i: int, idx: SpanIndex, limit: int = 12) -> int:
    """End of the organisation words after a title: agencies, units, regions, ORG_WORDs and an acronym the
    gazetteers lack ("Kepala Dinas PPKBP3A Nama")."""
    j = i
    while j < tk.n and j - i < limit:
        span = idx.longest(j, "AGENCY", "UNIT", "REGION", "ORG_WORD")
        if span is not None:
            j = span.end
            continue
        if tk.upper[j] and len(tk.text[j]) >= 3 and tk.text[j].isalnum() and j + 1 < tk.n and tk.name[j + 1]:
            j += 1
            continue
        if tk.text[j] == "(" and skip_paren_abbr(tk, j) > j:
            j = skip_paren_abbr(tk, j)
            continue
        break
    return j


def _coordinated_offices(tk: Tokens, i: int, kb: str, lex: Lexicon, level: str | None,
                         words: ComposeWords) -> list[Row]:
    """OFFICIAL spans for bare regions coordinated after an office ("…, Palembang, dan Pacitan")."""
    out = []
    while i < tk.n:
        j = i
        while j < tk.n and tk.text[j] in words.office_joiners:
            j += 1
        if j == i:
            break
        found = bare_region(tk, j, lex, level)
        if not found or found[1] == "?" or (found[0] < tk.n and tk.name[found[0]]):
            break
        out.append(Row("OFFICIAL", j, found[0], kb))
        i = found[0]
    return out


def _title_run_to_comma(tk: Tokens, i: int, idx: SpanIndex, lex: Lexicon, level: str | None,
                        words: ComposeWords, limit: int = 24) -> int | None:
    """Index of the comma ending a title's organisation words, when a name (not a region) follows it; a comma
    before an office's field word ("Direktur Jenderal Pengelolaan Sampah, Limbah dan B3 KLHK, Nama") is inside
    the title. Long titles run far: "Deputi Bidang … dan … Kementerian Koordinator … (Kemenko PMK), Nama"."""
    j = i
    while j < tk.n and j - i <= limit:
        text = tk.text[j]
        agency = idx.longest(j, "AGENCY")
        if agency is not None:
            j = agency.end  # "Deputi Bidang Reformasi Birokrasi": an agency's name, not the award inside it
            continue
        if text == "," and j + 1 < tk.n and tk.lower[j + 1] in words.office:
            j += 1
            continue
        if text == ",":
            nxt = j + 1
            while nxt < tk.n and (hon := idx.longest(nxt, "HONORIFIC")) is not None:
                nxt = hon.end  # ", Drs. Nama" — but ", M.Si, didampingi": degrees after a name, no name after them
            if j > i and nxt < tk.n and tk.name[nxt] \
                    and not idx.longest(nxt, "TITLE", "REGION", "REGIONAL_GOV", "UNIT", "ORG", "AGENCY", "DATE",
                                        *NOT_NAME_LABELS) \
                    and not bare_region(tk, nxt, lex, level):  # "Wali Kota Banda Aceh, Palembang, …"
                return j
            return None
        if text[:1].isupper() or text in {"(", ")", "-", "/"} or tk.lower[j] in words.title_org:
            if idx.longest(j, *NOT_NAME_LABELS, "DATE"):
                return None
            j += 1
            continue
        return None
    return None
