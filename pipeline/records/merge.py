"""Merging drafts: one per recipient and family, and governments folded into the units and heads they stand for."""
from __future__ import annotations

from pipeline.records.context import ArticleContext
from pipeline.records.cues import cues
from pipeline.records.draft import Draft
from pipeline.rules import Rules


def merge_drafts(drafts: list[Draft], rules: Rules) -> list[Draft]:
    """One draft per (recipient, family): later mentions fill what earlier ones lacked.

    A unit is the same recipient when its gazetteer kind matches and the regions do not
    disagree ("Dinas Dukcapil Kab Gianyar" … later "Disdukcapil").
    """
    out: list[Draft] = []
    for d in drafts:
        same = next((o for o in out if o.family == d.family and o.past_year == d.past_year
                     and _same_recipient(o, d, rules)), None)
        if same is None:
            out.append(d)
        elif same.grade is None and d.grade is not None:
            same.grade = d.grade
    return out


def _same_recipient(a: Draft, b: Draft, rules: Rules) -> bool:
    if a.identity.name.lower() == b.identity.name.lower():
        return True
    ka, kb = a.recipient.kb_id, b.recipient.kb_id
    ra, rb = a.identity.region, b.identity.region
    if not (a.identity.type == b.identity.type == "opd" and ka and ka == kb and (ra is None or rb is None
                                                                                      or ra == rb)):
        return False
    # A bare kind ("Disdukcapil") may stand for a fuller mention of it; and a region has one
    # Dinas Dukcapil, though it has many Puskesmas, desa and RSUD.
    if (key := a.identity.unit_key) and key == b.identity.unit_key:
        return True  # "RSUD Kardinah" and "Rumah Sakit Umum Daerah (RSUD) Kardinah Kota Tegal"
    words = min(len(x.recipient.text.split()) for x in (a, b))
    entry = rules.gazetteer.get(ka)
    unique_kind = entry is not None and entry.type in cues(rules).one_per_region
    return words == 1 or (unique_kind and ra is not None and ra == rb)


def fold_parents(ctx: ArticleContext, drafts: list[Draft]) -> list[Draft]:
    """A government with no grade whose own units got graded is their parent, not a record.

    Likewise a head of region who only receives for the government is its official.
    """
    graded_units = {(d.identity.region, d.family) for d in drafts
                    if d.identity.type == "opd" and d.grade is not None}
    out = []
    for d in drafts:
        if d.identity.type in ("pemda", "kepala_daerah") and d.grade is None \
                and (d.identity.region, d.family) in graded_units:
            continue
        if d.identity.type == "kepala_daerah":
            fam = ctx.rules.awards.get(d.family)
            personal = fam is not None and "kepala_daerah" in fam.recipient_types
            if not personal and any(o.identity.type in ("pemda", "opd") and o.family == d.family
                                    for o in drafts if o is not d):
                continue
        out.append(d)
    return out
