"""Who gave an award: the giving agency, read from agencies and from the officials who speak for one."""
from __future__ import annotations

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.rules import AwardFamily


def officials_of(ctx: ArticleContext, *types: str) -> list[Mention]:
    """OFFICIAL mentions whose title is of one of these types (titles.tsv `type`)."""
    gaz = ctx.rules.gazetteer
    return [m for m in ctx.by_label.get("OFFICIAL", []) if m.kb_id in gaz and gaz[m.kb_id].type in types]


def official_agency(ctx: ArticleContext, m: Mention) -> str | None:
    """The agency an official speaks for: from the title's gazetteer row or an agency named in it."""
    entry = ctx.rules.gazetteer.get(m.kb_id)
    if entry and entry.attrs.get("agency"):
        return entry.attrs["agency"]
    for a in ctx.by_label.get("AGENCY", []):
        if m.start <= a.start and a.end <= m.end:
            parent = ctx.rules.gazetteer[a.kb_id].attrs.get("parent") if a.kb_id in ctx.rules.gazetteer else None
            return parent or a.kb_id
    return None


def resolve_giver(ctx: ArticleContext, fam: AwardFamily | None,
                  sents: tuple[int, ...]) -> tuple[dict | None, Mention | None]:
    """The giving agency, in this order: a usual giver of the family named in the record's sentences (its
    recipient's, then its award's) as an agency, then as an official speaking for it ("dari Presiden Joko
    Widodo"); a usual giver named anywhere; an agency after "dari"/"oleh" in the record's sentence; the
    agency of a central official."""
    usual = set(fam.givers) if fam else set()
    gaz = ctx.rules.gazetteer
    agencies = [m for m in ctx.by_label.get("AGENCY", []) if m.kb_id in gaz]
    here = [m for si in sents for m in ctx.in_sent(si, "AGENCY") if m.kb_id in gaz]
    pick = next((m for m in here if m.kb_id in usual), None)
    if pick is None and usual:
        for m in (m for si in sents for m in ctx.in_sent(si, "OFFICIAL")):
            agency = official_agency(ctx, m)
            if agency in usual and agency in gaz:
                return {"text": m.text, "name": gaz[agency].canonical, "id": agency}, m
    pick = pick or next((m for m in agencies if m.kb_id in usual), None) \
        or next((m for m in here if ctx.cues.giver_before.search(ctx.between(max(0, m.start - 8), m.start))), None)
    if pick is None:
        return _giver_from_official(ctx, usual)
    entry = gaz[pick.kb_id]
    parent = entry.attrs.get("parent")
    gid = parent if parent and parent in gaz and not usual.intersection({entry.id}) else entry.id
    if parent and parent in usual:
        gid = parent
    return {"text": pick.text, "name": gaz[gid].canonical, "id": gid}, pick


def _giver_from_official(ctx: ArticleContext, usual: set[str]) -> tuple[dict | None, Mention | None]:
    """The agency of the first minister or central official whose agency usually gives this award
    ("diserahkan Menteri Kesehatan …": the minister's ministry gives)."""
    for m in officials_of(ctx, "minister", "central", "president"):
        agency = official_agency(ctx, m)
        if agency and agency in ctx.rules.gazetteer and (agency in usual or not usual):
            return {"text": m.text, "name": ctx.rules.gazetteer[agency].canonical, "id": agency}, m
    return None, None
