"""The handover of an award: the sentence that tells it, its event, venue and date, and who gave and who received."""
from __future__ import annotations

import re

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.cues import cues
from pipeline.records.draft import Draft
from pipeline.records.resolve import official_dict, official_region


def handover(ctx: ArticleContext) -> dict:
    """Event, venue and date of the handover, from the sentence that tells it best (and its neighbours)."""
    best, best_score = None, 0
    for si in range(len(ctx.sents)):
        if not ctx.in_sent(si, "AWARD_VERB", "AWARD_CUE", "AWARD"):
            continue
        score = 2 * bool(ctx.in_sent(si, "DATE")) + bool(ctx.in_sent(si, "VENUE")) + \
            bool(ctx.in_sent(si, "EVENT")) + bool(cues(ctx.rules).handover_verb.search(ctx.sent_text(si)))
        if score > best_score:
            best, best_score = si, score
    if best is None:
        return {}
    found: dict = {"sent": best}
    for label in ("EVENT", "VENUE", "DATE"):
        for si in (best, best + 1, best - 1):
            ms = ctx.in_sent(si, label) if 0 <= si < len(ctx.sents) else []
            if ms:
                found[label] = ms[0]
                break
    return found


def _officials(ctx: ArticleContext, *types: str) -> list[Mention]:
    """OFFICIAL mentions whose title is of one of these types."""
    return [m for m in ctx.by_label.get("OFFICIAL", [])
            if ctx.rules.gazetteer.get(m.kb_id) and ctx.rules.gazetteer[m.kb_id].type in types]


def giver_official(ctx: ArticleContext, giver_id: str | None, sent: int | None) -> Mention | None:
    """Who handed the award over: the giver's own official, else whoever "oleh" names in the handover."""
    linked = [m for m in ctx.by_label.get("OFFICIAL", []) if giver_id and _official_agency(ctx, m) == giver_id]
    in_handover = [m for m in linked if ctx.sent_of(m) == sent]
    if in_handover or linked:
        return (in_handover or linked)[0]
    if sent is not None:
        for m in ctx.by_label.get("OFFICIAL", []):
            if ctx.sent_of(m) == sent and re.search(r"\b(oleh|dari)\s*$", ctx.between(max(0, m.start - 12), m.start)):
                return m
    central = _officials(ctx, "minister", "president")
    here = [m for m in central if ctx.sent_of(m) == sent]
    return (here or [None])[0]


def giver_from_official(ctx: ArticleContext, fam) -> tuple[dict | None, Mention | None]:
    """The agency of the first minister or central official whose agency usually gives this award."""
    usual = set(fam.givers) if fam else set()
    for m in _officials(ctx, "minister", "central", "president"):
        agency = _official_agency(ctx, m)
        if agency and agency in ctx.rules.gazetteer and (agency in usual or not usual):
            return {"text": m.text, "name": ctx.rules.gazetteer[agency].canonical, "id": agency}, m
    return None, None


def _official_agency(ctx: ArticleContext, m: Mention) -> str | None:
    """The agency an official speaks for: from the title's gazetteer row or an agency named in it."""
    entry = ctx.rules.gazetteer.get(m.kb_id)
    if entry and entry.attrs.get("agency"):
        return entry.attrs["agency"]
    for a in ctx.by_label.get("AGENCY", []):
        if m.start <= a.start and a.end <= m.end:
            parent = ctx.rules.gazetteer[a.kb_id].attrs.get("parent") if a.kb_id in ctx.rules.gazetteer else None
            return parent or a.kb_id
    return None


def recipient_official(ctx: ArticleContext, region: str | None, sent: int | None, d: Draft) -> Mention | None:
    """The official who received for this recipient: one of its own region, preferably named in the handover."""
    if d.official is not None:
        return d.official
    local = [m for m in _officials(ctx, "head", "deputy", "bureaucrat")
             if official_region(ctx, m) == region and official_dict(ctx, m) is not None]  # named ones only
    if not local or region is None:
        return None
    if sent is not None:
        for m in local:
            if ctx.sent_of(m) == sent and re.search(r"(kepada|diterima(?: oleh| langsung oleh)?|diwakili)\s*$",
                                                    ctx.between(max(0, m.start - 30), m.start).strip(), re.I):
                return m
    awarded = [m for m in local if ctx.in_sent(ctx.sent_of(m), "AWARD_VERB", "AWARD_CUE", "AWARD")]
    return (awarded or local)[0]
