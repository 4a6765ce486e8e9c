"""Who received an award in one sentence: the recipient candidates, without givers, places, owners,
witnesses, units named in an official's title and units named as another unit's address."""
from __future__ import annotations

import re
from bisect import bisect_left

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.lists import region_lists

RECIPIENT_LABELS = ("GOV", "UNIT_NAME", "OFFICIAL", "REGION")

_CLAUSE_END = re.compile(r"[,.;:!?]")
_ADDRESS_GAP = re.compile(r"\s*")  # "Desa Doko Kecamatan Ngasem": nothing but space between unit and place


def recipients_in(ctx: ArticleContext, sent: int) -> list[Mention]:
    """Recipient candidates of a sentence, longest first at each position, no nesting."""
    listed = region_lists(ctx, sent)
    listed_spans = {(m.start, m.end) for m in listed}
    cands = sorted([_with_name_after_abbr(ctx, m) for m in ctx.in_sent(sent, *RECIPIENT_LABELS)] + listed,
                   key=lambda m: (m.start, -(m.end - m.start)))
    if not cands:
        return []
    generic = ctx.in_sent(sent, "NOT_UNIT", "AGENCY")
    officials = ctx.in_sent(sent, "OFFICIAL")
    out: list[Mention] = []
    prev: Mention | None = None  # the candidate before, kept or not
    for m in cands:
        if prev is not None and m.start < prev.end:
            continue
        after_prev, prev = prev, m
        if m.label == "OFFICIAL":
            entry = ctx.rules.gazetteer.get(m.kb_id)
            if not entry or entry.type not in ("head", "deputy"):
                continue
            if ctx.cues.witness.search(ctx.between(ctx.sents[sent][0], m.start)):
                continue  # a witness at the handover, not a recipient
            if ctx.cues.delegate_after.match(ctx.between(m.end, m.end + 30)):
                continue  # "Wakil Bupati X mewakili Bupati menerima …": the recipient's official, not a recipient
        if m.label in ("REGION", "GOV") and out and out[-1] is after_prev and after_prev.label == "UNIT_NAME" \
                and _ADDRESS_GAP.fullmatch(ctx.between(after_prev.end, m.start)) \
                and not any(after_prev.start <= r.start < after_prev.end for r in ctx.by_label.get("REGION", ())):
            # "Dinas … Satu Pintu (PMPTSP) Kabupaten Gianyar": the unit's region, written after its abbreviation
            out[-1] = after_prev._replace(end=m.end, text=ctx.between(after_prev.start, m.end))
            continue
        if m.label == "REGION" and (m.start, m.end) not in listed_spans and not _subject_of_award(ctx, m):
            continue
        if m.label in ("REGION", "UNIT_NAME") and ctx.cues.outlet.search(ctx.between(max(0, m.start - 20), m.start)):
            continue  # "(Antaranews Jateng)", "Tribun Jateng", "(foto: Desa X)": a news outlet or a photo's credit
        if m.label == "UNIT_NAME" and (_after_title(ctx, m) or _counted(ctx, m)):
            continue  # "didampingi Kepala BPPKAD": an office; "8 OPD dan 1 desa": a count of units
        if m.label == "REGION" and after_prev is not None and _province_of(ctx, after_prev, m):
            continue  # "Pemerintah Kabupaten Kotawaringin Timur, Kalimantan Tengah": the province of the one before
        if m.label in ("UNIT_NAME", "REGION", "GOV") and any(o.start <= m.start and m.end <= o.end and o is not m
                                                            for o in officials):
            continue  # "Kepala Dinas Kominfo Kabupaten Ciamis, Hendra": the unit is in an official's title
        if m.label == "UNIT_NAME" and any(g.start <= m.start < g.end or m.start <= g.start < m.end for g in generic):
            continue  # "Badan Pemeriksa Keuangan" is the giver; "Badan Publik" is a category
        if m.label == "UNIT_NAME" and after_prev is not None and after_prev.label == "UNIT_NAME" \
                and _ADDRESS_GAP.fullmatch(ctx.between(after_prev.end, m.start)):
            continue  # "Desa Doko Kecamatan Ngasem", "Puskesmas X Kecamatan Y": the place of the unit before
        if _is_giver(ctx, sent, m) or _in_regulation_title(ctx, sent, m) or _is_owner(ctx, m):
            continue
        out.append(m)
    return out


_NAME_AFTER = re.compile(r"(?:\s+(?:[A-Z][\w'’.-]*|dr\.?))+")


def _with_name_after_abbr(ctx: ArticleContext, m: Mention) -> Mention:
    """"Rumah Sakit Umum Daerah (RSUD) Kardinah Kota Tegal": a unit's proper name (and region) written after the
    abbreviation of its kind belongs to it."""
    if m.label != "UNIT_NAME" or not m.text.endswith(")"):
        return m
    after = _NAME_AFTER.match(ctx.article.text, m.end, min(len(ctx.article.text), m.end + 60))
    if after is None:
        return m
    return m._replace(end=after.end(), text=ctx.between(m.start, after.end()))


def _is_giver(ctx: ArticleContext, sent: int, m: Mention) -> bool:
    """Who gives is not a recipient: "Pemprov X memberikan penghargaan kepada …", "… dari Pemkab X", and
    "Bupati X, didampingi istrinya, menyerahkan hadiah lomba desa …" (a giving verb later in the clause
    with no award verb before it)."""
    after = ctx.between(m.end, m.end + 40).lower().split(maxsplit=2)  # the next two words
    before = ctx.between(max(0, m.start - 12), m.start).lower()
    giving = ctx.cues.giving_verbs
    if after and (after[0] in giving or (len(after) > 1 and after[1] in giving)):
        return True
    if before.rstrip().endswith(ctx.cues.giver_words):
        # "… diraih oleh Kabupaten X" names who received it
        return not any(before.rstrip().endswith(w) for w in ctx.cues.passive_award_words if " " in w)
    if m.label not in ("OFFICIAL", "GOV"):
        return False
    rest = ctx.between(m.end, ctx.sents[sent][1])
    verb = ctx.cues.giving_verb.search(rest)
    if verb is None:
        return False
    at = m.end + verb.start()
    return not any(m.end <= v.start < at for v in ctx.in_sent(sent, "AWARD_VERB"))


def _is_owner(ctx: ArticleContext, m: Mention) -> bool:
    """"unit layanan milik Pemkab X", "OPD di lingkungan Pemkot Y": the government owns the units that won."""
    return bool(ctx.cues.owner.search(ctx.between(max(0, m.start - 20), m.start)))


def _in_regulation_title(ctx: ArticleContext, sent: int, m: Mention) -> bool:
    """Names after "tentang" belong to a regulation's title ("Keputusan … tentang Penetapan …")."""
    return bool(ctx.cues.regulation_title.search(ctx.between(ctx.sents[sent][0], m.start)))


def _subject_of_award(ctx: ArticleContext, m: Mention) -> bool:
    """A bare region is a recipient as the subject of an award verb in its clause ("Kabupaten X naik
    peringkat dan meraih …") or after "kepada"/"bagi"/"untuk"; after "di"/"dari" it is only a place."""
    before = ctx.between(max(0, m.start - 16), m.start)
    if ctx.cues.recipient_before.search(before):
        return True  # checked first: "diraih oleh Kabupaten X" ends in a place word too
    if ctx.cues.place_before.search(before):
        return False
    clause = _CLAUSE_END.split(ctx.between(m.end, m.end + 60), maxsplit=1)[0]
    return any(m.end <= v.start < m.end + len(clause) for v in ctx.by_label.get("AWARD_VERB", ()))


def _after_title(ctx: ArticleContext, m: Mention) -> bool:
    """A unit right after an official's title word with no one named ("Kepala BPPKAD") is an office."""
    titles = ctx.by_label.get("TITLE", ())
    # Titles are in order of start and a few words long: only those starting shortly before m can end at it.
    at = bisect_left(titles, m.start - 80, key=lambda t: t.start)
    for t in titles[at:]:
        if t.start >= m.start:
            break
        if m.start - 2 <= t.end <= m.start and not ctx.between(t.end, m.start).strip():
            return True
    return False


def _counted(ctx: ArticleContext, m: Mention) -> bool:
    """A unit inside a count ("1 desa", "sebanyak 16 puskesmas") is an aggregate, not one recipient."""
    return any(a.start <= m.start < a.end for a in ctx.by_label.get("AGGREGATE_CUE", ()))


def _province_of(ctx: ArticleContext, prev: Mention, m: Mention) -> bool:
    """Whether a province's name right after another recipient and a comma is that recipient's province."""
    if not re.fullmatch(r"\s*,\s*", ctx.between(prev.end, m.start)):
        return False
    entry = ctx.rules.gazetteer.get(m.kb_id) if m.kb_id else None
    if entry is None or entry.type != "provinsi":
        return False
    before = ctx.rules.gazetteer.get(prev.kb_id) if prev.kb_id else None
    if before is not None and before.label != "REGION":
        region = ctx.lex.region_by_name(_region_text(ctx, prev))
        before = region
    return before is not None and before.attrs.get("province") == entry.canonical


def _region_text(ctx: ArticleContext, m: Mention) -> str:
    """The region named at the end of a mention ("Pemerintah Kabupaten Kotawaringin Timur" → its region)."""
    inside = [r for r in ctx.by_label.get("REGION", ()) if m.start <= r.start and r.end <= m.end]
    return inside[-1].text if inside else ""


def own_grades(r: Mention, recips: list[Mention], grades: list[Mention]) -> list[Mention]:
    """The grades a government may take: not those after one of its units named between them ("Pemkab X
    meraih penghargaan …, dimana Disdukcapil meraih katagori A-"): that grade is the unit's."""
    if r.label not in ("GOV", "REGION"):
        return grades
    units = [u.start for u in recips if u.label == "UNIT_NAME" and u.start > r.end]
    return [g for g in grades if not any(r.end < u < g.start for u in units)]
