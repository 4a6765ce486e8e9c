"""Assembling one record: every field of a draft filled from the article, with the evidence behind each."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline import __version__
from pipeline.models import AwardRecord, Evidence, Mention, stable_hash
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.records.family import FamilyEvidence, shares_handover, tells_headlined_award
from pipeline.records.givers import government_giver, resolve_giver
from pipeline.records.grades import title_grade_rank
from pipeline.records.handover import Handover, Told, giver_official, own_handover, recipient_official
from pipeline.records.headline import is_title_mention
from pipeline.records.lists import title_regions
from pipeline.records.resolve import gov_name, official_dict, official_region, resolve_grade
from pipeline.records.years import ArticleYears, award_year
from pipeline.rules.keys import AwardKey


@dataclass(frozen=True)
class Shared:
    """What every record of one article shares, found once per article."""

    family: str  # the award family the article is about
    main_region: str | None
    handover: Handover
    years: ArticleYears
    families: FamilyEvidence


def assemble_record(ctx: ArticleContext, d: Draft, shared: Shared) -> AwardRecord:
    """Fill every field of one draft and return the record."""
    rules = ctx.rules
    main_region, handover = shared.main_region, own_handover(ctx, d, shared.handover)
    fam = rules.awards.get(d.family)
    ident = d.identity
    # A unit without a region of its own belongs to the article's region.
    region = ident.region or (main_region if d.recipient.label == "UNIT_NAME" else None)
    # The article's news: the family it is about, or any family its headline names ("Peraih PPD 2022 dan
    # Penghargaan Khusus").
    same_event = not d.in_passing and shares_handover(ctx, shared.families, d.family)
    # Another award of the same night than the one the headline names shares its handover, not its news.
    primary = same_event and shared.families.is_news(d.family) \
        and tells_headlined_award(ctx, shared.families, d.family, d.recipient) \
        and (region is None or main_region is None or region == main_region or _is_list_article(ctx))
    grade = resolve_grade(ctx, fam, d.grade) if d.grade else None
    headline_rank = title_grade_rank(ctx, d.family) if primary and grade else None
    if headline_rank is not None and grade.rank not in (None, headline_rank):
        primary = False  # the headline announces another grade: this one is mentioned in passing
    ev: list[Evidence] = [Evidence("recipient", d.recipient.start, d.recipient.end, d.recipient.text)]

    if d.grade and not is_title_mention(ctx, d.grade):  # a headline's grade has no span in the text
        ev.append(Evidence("grade", d.grade.start, d.grade.end, d.grade.text))
    award_m = _nearest(ctx, "AWARD", d.recipient, kb=str(AwardKey(d.family)))
    if award_m:
        ev.append(Evidence("award", award_m.start, award_m.end, award_m.text))
    # The handover (event, venue, date) is shared by every record of the same event; a record of an earlier
    # year or another award was only mentioned in passing. The officials named gave and received the news:
    # a sibling award of the same ceremony shares its event, venue and date, not its officials.
    told = handover.told if same_event else Told()
    news = same_event and shared.families.is_news(d.family)
    giver, giver_m = resolve_giver(ctx, fam, (d.sent, ctx.sent_of(award_m)) if award_m else (d.sent,),
                                   told.sent, in_passing=d.in_passing)
    giver_off = giver_official(ctx, (giver or {}).get("id"), told.sent, region, ident.type,
                               only_sent=handover.own) if news else None
    if giver is None and (giver := government_giver(ctx, giver_off, official_region(ctx, giver_off)
                                                     if giver_off else None)):
        giver_m = giver_off  # a regional head handed it over: their government gave it
    if giver_m:
        ev.append(Evidence("giver", giver_m.start, giver_m.end, giver_m.text))
    # A village or other non-government recipient is not received for by the region's head.
    recip_off = recipient_official(ctx, region, told.sent, d, handover.receivers) \
        if news and ident.type != "other" else None
    for name, m in (("giver_official", giver_off), ("recipient_official", recip_off)):
        if m:
            ev.append(Evidence(name, m.start, m.end, m.text))
    event_m, venue_m, date_m = told.event, told.venue, told.date
    date = dict(handover.date) if same_event and handover.date else None  # each record owns its date
    for name, m in (("event", event_m), ("venue", venue_m), ("date", date_m)):
        if m:
            ev.append(Evidence(name, m.start, m.end, m.text))

    year, year_m = award_year(ctx, shared.years, d, date)
    if year_m:
        ev.append(Evidence("year", year_m.start, year_m.end, year_m.text))
    recipient = {"text": d.recipient.text, "name": ident.name, "type": ident.type, "region": region}
    parent = gov_name(region) if ident.type == "opd" and region and primary else None
    # The award as the article writes it: in the text, else in the headline (family_evidence saw to it
    # that one of the two names it).
    headlined = shared.families.headlined.get(d.family)
    award = {"text": award_m.text if award_m else (headlined.text if headlined else None),
             "name": fam.name if fam else d.family, "family": d.family, "year": year}
    confidence = 0.5  # a placeholder: records/confidence.py scores the finished record
    rid = stable_hash(ctx.article.id, ident.name, d.family, str(year),
                      (grade.letter or grade.label or "") if grade else "")
    return AwardRecord(
        record_id=rid, article=ctx.article.ref, recipient=recipient, recipient_parent=parent,
        award=award, grade=grade.as_dict() if grade else None, giver=giver,
        giver_official=official_dict(ctx, giver_off), recipient_official=official_dict(ctx, recip_off),
        event={"text": event_m.text} if event_m else None, venue={"text": venue_m.text} if venue_m else None,
        date=date, primary=primary, evidence=sorted(ev, key=lambda e: (e.start, e.field)),
        confidence=confidence, extractor={"version": __version__, "rules": rules.digest})


def _is_list_article(ctx: ArticleContext) -> bool:
    """A list article (counted or several regions in the headline): every item of its list is the news."""
    if not ctx.article.title:
        return False
    regions = {m.kb_id for m in ctx.title_mentions if m.label in ("GOV", "REGION") and m.kb_id}
    return bool(ctx.cues.list_title.search(ctx.article.title)) or len(regions | title_regions(ctx)) >= 2


def _nearest(ctx: ArticleContext, label: str, anchor: Mention, kb: str | None = None) -> Mention | None:
    cands = [m for m in ctx.by_label.get(label, []) if kb is None or m.kb_id == kb]
    if not cands:
        return None
    sent = ctx.sent_of(anchor)
    return min(cands, key=lambda m: (abs(ctx.sent_of(m) - sent), abs(m.start - anchor.start)))
