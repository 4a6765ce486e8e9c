"""Canonical names for recipients, givers, officials and grades, from the gazetteers and scales."""
from __future__ import annotations

import re

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Grade, Identity
from pipeline.rules import AwardFamily
from pipeline.rules.keys import GradeKey, is_grade_key

_PAREN = re.compile(r"\s*\(([^()]{1,40})\)")
_LETTER = re.compile(r"\b(AA|BB|CC|A|B|C|D|E|F)\s?([-+]|\s?plus)?(?![\w])", re.I)
_ABBREVIATED = re.compile(r"([\w.\- ]+?) \(([^()]{1,20})\)")  # "Pelaksana Tugas (Plt)"


def gov_name(region: str) -> str:
    """The canonical name of a region's government: the record's name for a pemda recipient or giver."""
    return f"Pemerintah {region}"


def _strip_parens(text: str) -> str:
    return " ".join((_PAREN.sub("", text) if "(" in text else text).split())


def _region_entry(ctx: ArticleContext, kb: str):
    e = ctx.rules.gazetteer.get(kb)
    return e if e is not None and e.label == "REGION" else None


def recipient_identity(ctx: ArticleContext, m: Mention, fam: AwardFamily | None = None) -> Identity:
    """Return the Identity (name, type, region) a recipient mention stands for.

    A head of region named as recipient stands for the government, unless the award
    family is a personal one (its first recipient type is kepala_daerah).
    """
    text = m.text
    if m.label == "GOV":
        region = _region_entry(ctx, m.kb_id)
        if region:
            return Identity(gov_name(region.canonical), "pemda", region.canonical)
        return Identity(_strip_parens(text), "pemda", None)
    if m.label == "REGION":
        region = _region_entry(ctx, m.kb_id)
        name = region.canonical if region else text
        return Identity(gov_name(name), "pemda", name)
    if m.label == "OFFICIAL":
        person = person_in(ctx, m)
        region = _region_in(ctx, m)
        personal = fam is None or (fam.recipient_types[:1] == ["kepala_daerah"]) or \
            (fam.recipient_types[:1] == ["other"] and "kepala_daerah" in fam.recipient_types)
        if not personal and region:
            return Identity(gov_name(region), "pemda", region)
        if person is None and region:  # an office named without its holder: "Bupati Pacitan"
            entry = ctx.rules.gazetteer.get(m.kb_id)
            bare = ctx.lex.region_by_name(region).attrs.get("bare", region) if ctx.lex.region_by_name(region) else region
            return Identity(f"{entry.canonical if entry else text} {bare}", "kepala_daerah", region)
        return Identity(person.text if person else text, "kepala_daerah", region)
    # A unit: expand a standalone abbreviation ("DPMPTSP"); a proper name keeps its wording.
    bare = _strip_parens(text)
    name = bare
    entry = ctx.rules.gazetteer.get(m.kb_id) if m.kb_id else None
    if entry is not None:
        spelled = {s.lower() for s, _ in entry.spellings()}
        if bare.lower() in spelled:
            name = entry.canonical
        elif entry.type in ctx.cues.one_per_region:
            # "Disdukcapil Kabupaten Cilacap", "Dinas Dukcapil Kab Gianyar" → "Dinas Kependudukan dan Pencatatan
            # Sipil Kabupaten Cilacap" (… "Kabupaten Gianyar"); a hospital or clinic keeps its proper name
            # ("RSUD Kardinah").
            words = bare.split()
            for k in range(len(words) - 1, 0, -1):
                head, rest = " ".join(words[:k]), " ".join(words[k:])
                if head.lower() in spelled:
                    if head.lower() != entry.canonical.lower() \
                            and not entry.canonical.lower().startswith(head.lower() + " "):
                        region = ctx.lex.region_by_name(rest)
                        name = f"{entry.canonical} {region.canonical if region else rest}"
                    break
    # A village government (a desa) is no perangkat daerah: its kind is listed in words.toml other_units.
    rtype = "other" if entry is not None and entry.type in ctx.cues.other_units else "opd"
    return Identity(name, rtype, _region_in(ctx, m) or _trailing_region(ctx, bare), unit_key=unit_key(ctx, m))


def unit_key(ctx: ArticleContext, m: Mention) -> str:
    """A unit's proper name without its kind and region, lower case ("RSUD Kardinah", "Rumah Sakit Umum Daerah
    (RSUD) Kardinah Kota Tegal" → "kardinah"): two mentions of one kind with the same key are one unit."""
    entry = ctx.rules.gazetteer.get(m.kb_id) if m.kb_id else None
    if entry is None:
        return ""
    text = m.text
    for r in ctx.by_label.get("REGION", ()):
        if m.start <= r.start and r.end <= m.end:
            text = text.replace(r.text, " ")
    words = _strip_parens(text).lower().split()
    spelled = {sp.lower() for sp, _ in entry.spellings()}
    for k in range(len(words), 0, -1):
        if " ".join(words[:k]) in spelled:
            return " ".join(words[k:])
    return ""


def names_only_kind(ctx: ArticleContext, m: Mention) -> bool:
    """Whether a unit mention names only its kind ("Dinas Kependudukan dan Catatan Sipil", "RSUD"), which
    any region has, rather than one unit by a proper name ("Puskesmas Pulomerak", "RSUD Kardinah")."""
    if m.label != "UNIT_NAME" or not m.kb_id:
        return m.label == "UNIT_NAME"
    entry = ctx.rules.gazetteer.get(m.kb_id)
    return entry is None or _strip_parens(m.text).lower() in {s.lower() for s, _ in entry.spellings()}


def article_region(ctx: ArticleContext) -> str | None:
    """The region the text names most often (its governments and region names), if one leads: the home of
    units an article names without a region ("Puskesmas Pulomerak" in an article about Kota Cilegon)."""
    counts: dict[str, int] = {}
    for m in ctx.by_label.get("GOV", []) + ctx.by_label.get("REGION", []):
        entry = _region_entry(ctx, m.kb_id) if m.kb_id else None
        if entry is not None:
            counts[entry.canonical] = counts.get(entry.canonical, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _trailing_region(ctx: ArticleContext, unit: str) -> str | None:
    """"Disdukcapil Kudus", "UPT Puskesmas Ngawi": a unit name ending in one region's bare name."""
    words = unit.split()
    for n in (3, 2, 1):
        if len(words) > n:
            region, ambiguous = ctx.lex.region_for(" ".join(words[-n:]), None)
            if region is not None and not ambiguous and region.type != "provinsi":
                return region.canonical
    return None


def person_in(ctx: ArticleContext, m: Mention) -> Mention | None:
    """The person named inside a mention ("Bupati Pacitan Indartato" → Indartato), if any."""
    for p in ctx.by_label.get("PERSON", []):
        if m.start <= p.start and p.end <= m.end:
            return p
    return None


def _region_in(ctx: ArticleContext, m: Mention) -> str | None:
    """Canonical region named inside a mention (a head title's bare region, or a REGION span)."""
    if m.label == "OFFICIAL":
        found = _official_title_region(ctx, m)
        if found:
            return found
    for r in ctx.by_label.get("REGION", []):
        if m.start <= r.start and r.end <= m.end:
            e = _region_entry(ctx, r.kb_id)
            if e:
                return e.canonical
    return None


def _official_title_region(ctx: ArticleContext, m: Mention) -> str | None:
    """The region in an official's title words, read with the title's level ("Walikota Banda Aceh")."""
    entry = ctx.rules.gazetteer.get(m.kb_id)
    person = person_in(ctx, m)
    title_part = ctx.article.text[m.start:person.start if person else m.end]
    level = entry.attrs.get("level") if entry else None
    words = _strip_parens(title_part).replace(",", " ").split()
    # Where a region's bare name can begin: most title words begin none ("Kepala", "Dinas", "Wakil").
    heads = [i for i, w in enumerate(words) if w.lower() in ctx.lex.bare_heads][::-1]
    # A region of the title's level first: "Bupati Konawe Sulawesi Tenggara" is Konawe's bupati.
    for fits in ((lambda r: r.type == level), (lambda r: True)) if level else ((lambda r: True),):
        for n in range(min(4, len(words)), 0, -1):  # longest first: "Banda Aceh" before "Aceh"
            for i in heads:  # from the last word back
                if i + n <= len(words) and (region := ctx.lex.region_for(" ".join(words[i:i + n]), level)[0]) \
                        and fits(region):
                    return region.canonical
    return None


def official_region(ctx: ArticleContext, m: Mention) -> str | None:
    """Canonical region an official's title names ("Bupati Luwu" → Kabupaten Luwu), if any."""
    return _region_in(ctx, m)


def official_dict(ctx: ArticleContext, m: Mention | None) -> dict | None:
    """Return {name, title} for an OFFICIAL mention; honorifics stay out of the title."""
    if m is None:
        return None
    person = person_in(ctx, m)
    if person is None:
        return None
    title = ctx.article.text[m.start:person.start]
    for h in ctx.by_label.get("HONORIFIC_RUN", []):
        if m.start <= h.start and h.end <= person.start:
            title = ctx.article.text[m.start:h.start]
    return {"name": person.text, "title": _short_title(ctx, title)}


def _short_title(ctx: ArticleContext, title: str) -> str:
    """"Pelaksana Tugas (Plt) Bupati Bekasi," → "Plt Bupati Bekasi" when the gazetteer knows both forms."""
    title = title.strip().rstrip(",").strip()

    def collapse(match: re.Match) -> str:
        abbr = match.group(2)
        words = match.group(1).split()
        for e in ctx.lex.spelled.get(abbr.lower(), []):
            spellings = {s.lower() for s, _ in e.spellings()}
            for k in range(len(words)):
                if " ".join(words[k:]).lower() in spellings:
                    return " ".join(words[:k] + [abbr])
        return match.group(0)

    if " (" in title:  # every match holds " (": most titles have no abbreviation to collapse
        title = _ABBREVIATED.sub(collapse, title)
    return " ".join(title.split())


def resolve_grade(ctx: ArticleContext, fam: AwardFamily | None, m: Mention) -> Grade:
    """Return the Grade (text, letter, label, rank) of a grade mention, read with the family's scale."""
    key = (fam.id if fam else None, m)
    read = ctx.grades.get(key)
    if read is None:  # several steps ask for the same grade: it is read once per article
        read = ctx.grades[key] = _read_grade(fam, m, ctx.cues.grade_cue_prefix)
    return read


def _read_grade(fam: AwardFamily | None, m: Mention, cue: re.Pattern[str]) -> Grade:
    """What resolve_grade returns, read from the mention and the family's scale."""
    text = m.text
    if is_grade_key(m.kb_id):
        key = GradeKey.parse(m.kb_id)
        return Grade(text, key.letter, key.label, key.rank)
    body = cue.sub("", text)  # "predikat Sangat Baik (A-)": the cue words of rules/patterns GRADE_CUE
    grade = None
    if fam is not None:
        letter_m = _LETTER.search(body)
        inner = _PAREN.findall(body)
        outer = _strip_parens(body)
        for candidate in [outer, *inner]:
            cand = cue.sub("", candidate.strip())  # "opini kategori A"
            grade = fam.grade_by_label(cand) \
                or (fam.grade_by_letter(cand.replace(" ", "")) if len(cand) <= 6 else None)
            if grade:
                break
        if grade is None and letter_m:
            grade = fam.grade_by_letter((letter_m.group(1) + (letter_m.group(2) or "").strip()).replace("plus", "+"))
    if grade is None:
        letter_m = _LETTER.fullmatch(_strip_parens(body).strip()) or _LETTER.fullmatch("".join(_PAREN.findall(body)).strip())
        return Grade(text, letter_m.group(0).replace(" ", "").upper() if letter_m else None,
                     None if letter_m else _strip_parens(body), None)
    return Grade(text, grade.letter, grade.label, grade.rank)


def current_grades(ctx: ArticleContext, grades: list[Mention]) -> list[Mention]:
    """The grades of a sentence without those it says the recipient has left ("sempat dapat opini
    Disclaimer … kini naik ke opini WTP"), unless nothing else would remain."""
    now = [g for g in grades if not ctx.cues.former_state.search(ctx.between(max(0, g.start - 30), g.start))]
    return now or grades
