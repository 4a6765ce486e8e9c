"""Composite spans built from base spans: regional governments, units, officials, events, venues.

Base spans (gazetteer and pattern matches) say what a word is; these say where a whole name
ends. The shapes are Indonesian naming conventions (title + region + name, "Pemerintah
Kabupaten (Pemkab) Bekasi", "Dinas X dan Y (ABBR)"), so they live here as code; every word
list they consult comes from rules/.
"""
from __future__ import annotations

import re
from collections import defaultdict

from spacy.lexeme import Lexeme
from spacy.tokens import Doc

from pipeline.lexicon import lexicon
from pipeline.nlp.arrays import WordFacts
from pipeline.nlp.grade_spans import grade_spans
from pipeline.nlp.rows import Row
from pipeline.rules import Rules

CONNECTORS = {"dan", "&"}
NAME_PARTICLES = {"bin", "binti", "van", "de", "al", "el"}
# Tokens that may look like names (title case) but end a name or unit.
STOP_TITLECASE = {"Republik", "Indonesia", "RI", "Tahun", "Senin", "Selasa", "Rabu", "Kamis", "Jumat",
                  "Jum'at", "Sabtu", "Minggu", "Ahad", "Alhamdulillah", "Di", "Dalam", "Pada", "Sementara",
                  "No", "No.", "Nomor", "Kembali", "Bapak", "Ibu", "Pak", "Bu", "Saudara", "Sdr.", "Yang"}
# Words found by these rules are never part of a person's or unit's name (headline case:
# "Bupati Purworejo Sabet Penghargaan", "UPT Puskesmas Ngawi Raih Penghargaan").
NOT_NAME_LABELS = ("AWARD_VERB", "AWARD_CUE", "GRADE_CUE", "EVENT_CUE", "AWARD", "PLAN_CUE", "YEAR_CUE",
                   "STREAK", "VENUE_CUE")
# Forms of address before a name; skipped, not part of the name.
ADDRESS = {"bapak", "ibu", "pak", "bu", "saudara", "sdr."}


_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]{2,3}\.")  # "A.M.", "HM."; not "No."
_NUMBERED = re.compile(r"[IVX]{1,5}|\d{1,3}")  # "Puskesmas II", "SMPN 3"
_ROMAN = re.compile(r"[IVX]{1,4}")  # "Anggota V", "Asisten II": the number of an office
_LONE_INITIAL = re.compile(r"[A-Z]\.?")
_CAPS_INITIALS = re.compile(r"[A-Z]{1,2}")


class _Tokens:
    """The token facts the composer reads, as plain sequences.

    Reading a spaCy Token builds a Python object per access; the composer looks at each token
    a few times, so it reads them all once, per word where the fact is the word's (arrays.py).
    """

    def __init__(self, doc: Doc, facts: WordFacts) -> None:
        per_token, self.ws = facts.read(doc)
        self.n = len(per_token)
        # 0/1 flags read as booleans
        (self.text, self.lower, self.name, self.title, self.upper, self.punct, self.space,
         self.like_num) = zip(*per_token) if per_token else ((),) * 8

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens i..j-1, as Span.text gives it."""
        return "".join([w + " " if s else w for w, s in zip(self.text[i:j - 1], self.ws[i:j - 1])]) + self.text[j - 1]

    def name_run(self, i: int, limit: int) -> int:
        """How many tokens from i (at most limit) are name tokens or hyphens: "Aceh - Selatan"."""
        n = 0
        # A word right after a hyphen continues the name in any case: "Pare-pare", "Tanjung-pinang".
        while n < limit and i + n < self.n and (self.name[i + n] or self.text[i + n] == "-"
                                                or (n and self.text[i + n - 1] == "-" and self.text[i + n].isalpha())):
            n += 1
        return n


def word_facts(lex: Lexeme) -> tuple[str, str, bool, int, int, int, int, int]:
    """What the composer needs of a word: text, lowercase, name word?, and five flags (WordFacts)."""
    text = lex.orth_
    return (text, text.lower(), _is_name_word(text, lex.is_title), int(lex.is_title), int(lex.is_upper),
            int(lex.is_punct), int(lex.is_space), int(lex.like_num))


def _is_name_word(text: str, is_title: int) -> bool:
    if text in STOP_TITLECASE:
        return False
    if "'" in text or "’" in text:  # "Mu'awanah", "Ma’ruf": title case with an apostrophe inside
        bare = text.replace("'", "").replace("’", "")
        return bare[:1].isupper() and bare[1:].islower()
    if "." in text:  # initials "A.M." are part of a name; "No." is not
        return _INITIALS.fullmatch(text) is not None
    return bool(is_title)


def _caps_initials(tk: _Tokens, i: int) -> bool:
    """Initials before a name word, without dots or with one the tokenizer split off: "AM Sukri", "IB Rai",
    "Sukri A Sappewali", "RM. Hasan" (the "." too)."""
    if tk.text[i] == "." and i > 0 and _CAPS_INITIALS.fullmatch(tk.text[i - 1]):
        return i + 1 < tk.n and tk.name[i + 1]
    if not _CAPS_INITIALS.fullmatch(tk.text[i]) or i + 1 >= tk.n:
        return False
    if tk.text[i + 1] == ".":
        return i + 2 < tk.n and tk.name[i + 2]
    return tk.name[i + 1]


def _skip_paren_abbr(tk: _Tokens, i: int) -> int:
    """Skip a parenthesised abbreviation "(Pemkab)" at i; return the index after it."""
    text = tk.text
    if i + 2 < tk.n and text[i] == "(" and text[i + 2] == ")" and text[i + 1][:1].isupper():
        return i + 3
    if i + 4 < tk.n and text[i] == "(" and text[i + 2] == "-" and text[i + 4] == ")":
        return i + 5  # "(PAN-RB)" is three tokens inside
    return i


class _Index:
    """Base spans by start token and by label, in the order the components found them."""

    def __init__(self, spans: list[Row]) -> None:
        self.by_start: dict[int, list[Row]] = defaultdict(list)
        self.by_label: dict[str, list[Row]] = defaultdict(list)
        for b in spans:
            self.by_start[b.start].append(b)
            self.by_label[b.label].append(b)

    def longest(self, i: int, *labels: str) -> Row | None:
        best = None
        for b in self.by_start.get(i, ()):
            if b.label in labels and (best is None or b.end - b.start > best.end - best.start):
                best = b
        return best


def _bare_region(tk: _Tokens, i: int, lex, kind: str | None) -> tuple[int, str] | None:
    """Longest run of name tokens at i that is a known bare region name; (end, entry id or '?')."""
    for n in range(tk.name_run(i, lex.max_bare_tokens), 0, -1):
        entry, ambiguous = lex.region_for(tk.span_text(i, i + n), kind)
        if entry or ambiguous:
            return i + n, entry.id if entry else "?"
    return None


def compose_spans(doc: Doc, base: list[Row], rules: Rules, facts: WordFacts | None = None) -> list[Row]:
    """Return the composite spans for one doc (facts: the composer's word table, kept across docs)."""
    lex = lexicon(rules)
    tk = _Tokens(doc, facts or WordFacts(doc.vocab, word_facts))
    idx = _Index(base)
    out: list[Row] = []
    out += _govs(tk, idx, lex, rules)
    out += grade_spans(tk, idx, rules)
    out += _units(tk, idx)
    out += _officials(tk, idx, lex, rules)
    out += _after_cue(tk, idx, "EVENT_CUE", "EVENT", _event_end)
    # A venue may begin with a building word in lower case: "di lapangan Desa Doko", "di gedung Graha Gubernur".
    heads = frozenset(w for phrase in rules.words.get("building_words", ()) for w in phrase.split())
    out += _after_cue(tk, idx, "VENUE_CUE", "VENUE", lambda tk, i, idx: _venue_end(tk, i, idx, heads), heads)
    return out


def _govs(tk: _Tokens, idx: _Index, lex, rules: Rules) -> list[Row]:
    """"Pemkab Bekasi", "Pemerintah Kabupaten (Pemkab) Bekasi" → GOV with the region as kb_id."""
    out = []
    for s in idx.by_label.get("REGIONAL_GOV", ()):
        kind = rules.gazetteer[s.kb_id].type if s.kb_id in rules.gazetteer else None
        i = _skip_paren_abbr(tk, s.end)
        region = idx.longest(i, "REGION")
        found = _bare_region(tk, i, lex, kind if kind in ("kabupaten", "kota", "provinsi") else None)
        # "Pemkab Aceh Selatan": the bare name (Aceh Selatan) is longer than the province alias (Aceh).
        if found and (region is None or found[0] > region.end):
            out.append(Row("GOV", s.start, found[0], found[1]))
        elif region is not None:
            out.append(Row("GOV", s.start, region.end, region.kb_id))
    return out


def _units(tk: _Tokens, idx: _Index) -> list[Row]:
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
            if tk.lower[i] in CONNECTORS and i + 1 < tk.n and tk.name[i + 1] \
                    and not idx.longest(i + 1, "UNIT", "ORG", "REGIONAL_GOV", "TITLE"):
                i += 1
                continue
            numbered = i > head.end - 1 and _NUMBERED.fullmatch(tk.text[i]) is not None
            if (tk.name[i] or numbered) and not idx.longest(i, "UNIT", "ORG", "REGIONAL_GOV", "TITLE",
                                                            "DATE", "AGENCY", *NOT_NAME_LABELS):
                i += 1
                continue
            break
        i = _skip_paren_abbr(tk, i)
        if i - head.start == 1 and head.label == "ORG":
            continue  # a bare "Dinas" names no unit
        kb = unit.kb_id if unit is not None else ""
        out.append(Row("UNIT_NAME", head.start, i, kb))
        taken = i
    return out


def _officials(tk: _Tokens, idx: _Index, lex, rules: Rules) -> list[Row]:
    """[prefix] TITLE [region | agency | unit] [,] [honorifics] Name → OFFICIAL + PERSON spans."""
    out = []
    gaz = rules.gazetteer
    all_titles = idx.by_label.get("TITLE", [])
    # Only the longest title at each place: "Menteri Koordinator Bidang …" not also "Menteri".
    titles = sorted((t for t in all_titles if not any(o.start <= t.start and t.end <= o.end
                                                       and o.end - o.start > t.end - t.start
                                                       for o in all_titles)), key=lambda s: s.start)
    prefixes = [s for s in all_titles if s.kb_id in gaz and gaz[s.kb_id].type == "prefix"]
    office = frozenset(rules.words.get("office_words", ()))
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
        i = _skip_paren_abbr(tk, t.end)
        # "Kepala Dinas Kesehatan Nama": a unit that begins inside the title ("Dinas") runs on after it.
        i = max([i] + [u.end for u in idx.by_label.get("UNIT", ()) if t.start <= u.start < t.end < u.end])
        # "Wakil Menteri Pemberdayaan … Anak": a longer title that begins inside this one runs on after it.
        i = max([i] + [o.end for o in all_titles if t.start < o.start < t.end < o.end]
                + [a.end for a in idx.by_label.get("AGENCY", ()) if t.start <= a.start < t.end < a.end])
        i = _skip_paren_abbr(tk, i)
        if i < tk.n and _ROMAN.fullmatch(tk.text[i]) and (tk.text[i] != "I" or i + 1 == tk.n or not tk.name[i + 1]):
            # "Anggota V BPK", "Asisten II Setda": a numbered office, not a person called "V" (but Bali's
            # "I Wayan Koster" is a name)
            i += 1
        level = entry.attrs.get("level") if entry else None
        region = idx.longest(i, "REGION", "AGENCY", "UNIT_NAME", "UNIT")
        # A head's title runs to a comma only over its region ("Bupati Sumedang, Nama"); "Gubernur Made Mangku
        # Pastika dan Wakil Ketua DPRD Bali, Nama" is a name right after the title.
        named_at_once = ttype in ("head", "deputy") and region is None and _bare_region(tk, i, lex, level) is None
        comma = None if named_at_once else _title_run_to_comma(tk, i, idx, lex, level, office)
        if comma is not None:
            i = comma  # "Kepala Perwakilan BPK Provinsi Jateng, Ayub Amali": the title runs to the comma
        elif ttype in ("head", "deputy"):
            found = _bare_region(tk, i, lex, level)
            if found and (region is None or found[0] >= region.end):
                i = found[0]
            elif region is not None:
                i = region.end
            province = idx.longest(i, "REGION") if i > t.end else None
            if province is not None and province.kb_id in gaz and gaz[province.kb_id].type == "provinsi":
                i = province.end  # "Bupati Konawe Sulawesi Tenggara": the province of the region, no name
        else:
            i = _org_run_end(tk, i, idx)  # "Kepala Perwakilan BPK Provinsi Jabar", "Kepala BKKBN Pusat"
        i = _skip_paren_abbr(tk, i)
        after_region = i
        if i < tk.n and tk.text[i] == ",":
            i += 1
            if ttype in ("head", "deputy") and _bare_region(tk, i, lex, level):
                i = after_region  # "Wali Kota Banda Aceh, Palembang, …": more offices, not a name
        i = _term_end(tk, i)  # "Bupati Sumedang 2018-2023 Dony Ahmad Munir": the term of office
        if ttype not in ("head", "deputy"):
            i = _office_words_end(tk, i, office)  # "Asdep Gender Sosial Budaya dan Keluarga Nama": the office's field
        name_start = i
        while i < tk.n and (hon := idx.longest(i, "HONORIFIC")) is not None:
            i = hon.end
        while i < tk.n and tk.lower[i] in ADDRESS:
            i += 1
        person_start = i
        while i < tk.n and (tk.name[i] or (tk.lower[i] in NAME_PARTICLES and i > person_start)
                            or (_caps_initials(tk, i) and (i > person_start or tk.text[i] != "."))):
            if idx.longest(i, "REGION", "AGENCY", "UNIT", "ORG", "TITLE", "REGIONAL_GOV", "DATE") and (
                    i > person_start or not tk.name[i]):
                break
            if idx.longest(i, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "DATE", *NOT_NAME_LABELS) or tk.lower[i] in office:
                break
            i += 1
        person_end = i
        # "Dirut RSUD Sanjiwani dr. Ida Komang": an honorific inside the run begins the person; the words before it
        # named the unit (a name has no honorific inside it).
        k = person_end
        while k < tk.n and (hon := idx.longest(k, "HONORIFIC")) is not None:
            k = hon.end
        if person_end > person_start and k > person_end and k < tk.n and tk.name[k] \
                and not idx.longest(k, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "REGION", "AGENCY", "DATE", *NOT_NAME_LABELS):
            name_start = person_end
            person_start = i = k
            while i < tk.n and (tk.name[i] or (tk.lower[i] in NAME_PARTICLES and i > person_start)
                                or _caps_initials(tk, i)) \
                    and not idx.longest(i, "TITLE", "REGIONAL_GOV", "UNIT", "ORG", "REGION", "AGENCY", "DATE",
                                        *NOT_NAME_LABELS):
                i += 1
            person_end = i
        if person_end - person_start == 1 and (_LONE_INITIAL.fullmatch(tk.text[person_start])
                                               or lex.knows_bare(tk.text[person_start])):
            person_end = i = person_start  # a lone initial ("H.", "M") or a region ("Camat Depok") names no one
        if person_end == person_start:
            if ttype in ("head", "deputy") and after_region > _skip_paren_abbr(tk, t.end):
                # "Bupati Ngawi dan Pacitan": the office itself, and each region coordinated with it.
                out.append(Row("OFFICIAL", start, after_region, t.kb_id))
                out += _coordinated_offices(tk, after_region, t.kb_id, lex, level)
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


def _term_end(tk: _Tokens, i: int) -> int:
    """The index after a term of office at i ("2018-2023", "periode 2019–2024"), or i when there is none."""
    j = i + 1 if i < tk.n and tk.lower[i] == "periode" else i
    if j < tk.n and _YEAR_RANGE.fullmatch(tk.text[j]):
        return j + 1
    if j + 2 < tk.n and _YEAR.fullmatch(tk.text[j]) and tk.text[j + 1] in {"-", "–"} and _YEAR.fullmatch(tk.text[j + 2]):
        return j + 3
    return i


def _office_words_end(tk: _Tokens, i: int, office: frozenset[str]) -> int:
    """The index after the words of an office's field at i ("Gender Sosial Budaya dan Keluarga"), or i."""
    j = i
    while j < tk.n and (tk.lower[j] in office or (tk.lower[j] in CONNECTORS and j > i and j + 1 < tk.n
                                                   and tk.lower[j + 1] in office)):
        j += 1
    return j


def _org_run_end(tk: _Tokens, i: int, idx: _Index, limit: int = 12) -> int:
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
        if tk.text[j] == "(" and _skip_paren_abbr(tk, j) > j:
            j = _skip_paren_abbr(tk, j)
            continue
        break
    return j


def _coordinated_offices(tk: _Tokens, i: int, kb: str, lex, level: str | None) -> list[Row]:
    """OFFICIAL spans for bare regions coordinated after an office ("…, Palembang, dan Pacitan")."""
    out = []
    while i < tk.n:
        j = i
        while j < tk.n and tk.text[j] in {",", "dan", "serta"}:
            j += 1
        if j == i:
            break
        found = _bare_region(tk, j, lex, level)
        if not found or found[1] == "?" or (found[0] < tk.n and tk.name[found[0]]):
            break
        out.append(Row("OFFICIAL", j, found[0], kb))
        i = found[0]
    return out


def _title_run_to_comma(tk: _Tokens, i: int, idx: _Index, lex, level: str | None, office: frozenset[str] = frozenset(),
                        limit: int = 24) -> int | None:
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
        if text == "," and j + 1 < tk.n and tk.lower[j + 1] in office:
            j += 1
            continue
        if text == ",":
            nxt = j + 1
            while nxt < tk.n and (hon := idx.longest(nxt, "HONORIFIC")) is not None:
                nxt = hon.end  # ", Drs. Nama" — but ", M.Si, didampingi": degrees after a name, no name after them
            if j > i and nxt < tk.n and tk.name[nxt] \
                    and not idx.longest(nxt, "TITLE", "REGION", "REGIONAL_GOV", "UNIT", "ORG", "AGENCY", "DATE",
                                        *NOT_NAME_LABELS) \
                    and not _bare_region(tk, nxt, lex, level):  # "Wali Kota Banda Aceh, Palembang, …"
                return j
            return None
        if text[:1].isupper() or text in {"(", ")", "-", "/"} or tk.lower[j] in {"bidang", "dan", "ri"}:
            if idx.longest(j, *NOT_NAME_LABELS, "DATE"):
                return None
            j += 1
            continue
        return None
    return None


# Words that end an event's name: what follows is where, when, who or what happened there.
_EVENT_STOP = {"yang", "oleh", "kepada", "pada", "bersama", "bertempat", "sebagai", "untuk", "dengan", "di",
               "ini", "itu", "tersebut", "kemarin", "lalu", "bagi", "dari", "sekaligus", "serta"}


def _event_end(tk: _Tokens, i: int, idx: _Index, limit: int = 16) -> int:
    """End of an event name starting at i: up to a comma, a place, a date or a clause word."""
    j = i
    while j < tk.n and j - i < limit:
        # A verb's noun that heads events goes on with the name: "apresiasi dan penganugerahan Zona Integritas".
        verb = idx.longest(j, "AWARD_VERB") if j > i and not idx.longest(j, "EVENT_HEAD") else None
        if tk.space[j] or (j > i and (idx.longest(j, "DATE", "VENUE_CUE", "EVENT_CUE") or verb is not None
                                      or tk.lower[j] in _EVENT_STOP)):
            break  # a name never runs over a paragraph break
        if tk.punct[j] and tk.text[j] not in {"(", ")", "-", "–", "/", "&", "'", "’"}:
            break
        j += 1
    while j > i and (tk.text[j - 1] in {"-", "–", "/", "&", "("} or tk.lower[j - 1] in {"dan", "ke", "tahun"}):
        j -= 1
    return j


def _venue_end(tk: _Tokens, i: int, idx: _Index, heads: frozenset[str] = frozenset()) -> int:
    """End of a venue: title-case runs, joined by commas ("Ballroom, Balai Kartini, Jakarta"), after building
    words in lower case ("gedung", "lapangan"); only building words make no venue."""
    j = i
    while j < tk.n and tk.lower[j] in heads and not tk.title[j]:
        j += 1
    if j > i and (j == tk.n or not (tk.name[j] or tk.upper[j])):
        return i
    while j < tk.n:
        text = tk.text[j]
        agency = idx.longest(j, "AGENCY")
        if agency is not None and tk.name[j]:
            j = agency.end  # "Kantor Kementerian Dalam Negeri": the agency's name whole, "Dalam" too
            continue
        if tk.space[j] or idx.longest(j, "DATE") or text in STOP_TITLECASE:
            break
        if tk.name[j] or tk.upper[j] or tk.like_num[j] or text in {"-", "&", "Jl.", "Jln.", "No."} \
                or (tk.lower[j] in {"dan", "kota", "kabupaten"} and j + 1 < tk.n and tk.title[j + 1]):
            j += 1
            continue
        if text == "," and j + 1 < tk.n and tk.name[j + 1] and not idx.longest(j + 1, "DATE"):
            j += 1
            continue
        break
    while j > i and tk.text[j - 1] in {",", "-", "&"}:
        j -= 1
    return j


def _after_cue(tk: _Tokens, idx: _Index, cue_label: str, label: str, end_fn,
               lower_heads: frozenset[str] = frozenset()) -> list[Row]:
    """A span of `label` right after each `cue_label` span, ending where end_fn says (a lower-case start only
    with one of lower_heads)."""
    out = []
    for s in idx.by_label.get(cue_label, ()):
        i = s.end
        if i >= tk.n:
            continue
        end = end_fn(tk, i, idx)
        head = idx.longest(i, "EVENT_HEAD") if label == "EVENT" else None
        if end > i and (tk.title[i] or tk.upper[i] or head is not None or tk.lower[i] in lower_heads):
            out.append(Row(label, i, end, s.id))
    if label == "EVENT":
        # A capitalised event name needs no cue: "Malam Puncak Penganugerahan …", "Peringatan Hari …".
        cued = {sp.start for sp in out}
        for h in idx.by_label.get("EVENT_HEAD", ()):
            after_prep = h.start > 0 and tk.lower[h.start - 1] in {"pada", "dalam", "saat", "sela"}
            capitalised = tk.title[h.start] and h.end < tk.n and tk.title[h.end] \
                and (h.start == 0 or not tk.title[h.start - 1])
            if h.start not in cued and (capitalised or after_prep):
                end = end_fn(tk, h.start, idx)
                if end - h.start >= 2:
                    out.append(Row(label, h.start, end, h.id))
    return out
