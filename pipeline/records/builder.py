"""Link the mentions of one article into AwardRecords (the records stage)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline import __version__
from pipeline.lexicon import lexicon
from pipeline.models import Article, AwardRecord, Evidence, Mention, stable_hash
from pipeline.records.context import ArticleContext
from pipeline.records.cues import cues
from pipeline.records.draft import Draft
from pipeline.records.givers import resolve_giver
from pipeline.records.handover import Handover, article_handover, giver_official, recipient_official
from pipeline.records.headline import fill_headline_grades, is_title_mention
from pipeline.records.years import ArticleYears, article_years, award_year, past_year
from pipeline.records.family import (FamilyEvidence, family_before, family_evidence, family_near,
                                     shares_handover, tells_headlined_award)
from pipeline.records.lists import title_regions
from pipeline.records.recipients import own_grades, recipients_in
from pipeline.records.resolve import (article_region, current_grades, names_only_kind, official_dict,
                                      recipient_identity, resolve_grade)
from pipeline.rules import Rules
from pipeline.rules.keys import AwardKey, GradeKey, is_grade_key




@dataclass(frozen=True)
class _Shared:
    """What every record of one article shares, found once per article."""

    family: str  # the award family the article is about
    main_region: str | None
    handover: Handover
    years: ArticleYears
    families: FamilyEvidence


def build_records(article: Article, mentions: list[Mention], rules: Rules,
                  title_mentions: list[Mention] | None = None) -> list[AwardRecord]:
    """Return the award records an article states, each with its evidence."""
    ctx = ArticleContext(article, mentions, rules, lexicon(rules), title_mentions or [])
    evidence = family_evidence(ctx)
    family = evidence.main
    if family is None or any(m.label in ("PLAN_CUE", "NOT_AWARD") for m in ctx.title_mentions):
        return []  # no award named, or the headline says it is yet to come ("Bupati X Akan Terima …")
    drafts = _drafts(ctx, evidence)
    if not drafts:
        return []
    main_region = _main_region(ctx, drafts)
    drafts = _fold_parents(ctx, drafts)
    _fill_single_grade(ctx, drafts)
    fill_headline_grades(ctx, drafts)
    # A unit named only by its kind ("Dinas Kependudukan dan Catatan Sipil") in an article about no
    # one region cannot be told apart from the same unit anywhere else: no record.
    # So is one in a list article whose headline names no region: its first region is no unit's home.
    home = main_region if _headline_region(ctx) or len(
        {d.identity.get("region") for d in drafts if d.identity.get("region")}) <= 1 else None
    drafts = [d for d in drafts if d.identity["type"] != "opd" or d.identity.get("region") or home
              or not names_only_kind(ctx, d.recipient)]
    if not drafts:
        return []
    shared = _Shared(family, main_region, article_handover(ctx), article_years(ctx), evidence)
    return [_finish(ctx, d, shared) for d in drafts]


def _drafts(ctx: ArticleContext, evidence: FamilyEvidence) -> list[Draft]:
    drafts: list[Draft] = []
    award_sents = ctx.sents_with("AWARD", "AWARD_VERB", "GRADE")
    graded_sents = ctx.sents_with("GRADE", "GRADE_TERM")
    # The family's name (or "penghargaan" in its story) with an award verb: an award even without a grade.
    awarded_sents = ctx.sents_with("AWARD", "AWARD_CUE") & ctx.sents_with("AWARD_VERB")
    # Any other sentence can only continue a list begun in one of the two before it (_continues_a_list).
    after_award = {si + k for si in award_sents for k in (1, 2) if si + k < len(ctx.sents)}
    # An award hoped for, planned, nominated or missed ("akan menerima", "belum memperoleh") is no award.
    planned = ctx.sents_with("PLAN_CUE", "NOT_AWARD")
    for si in sorted((graded_sents | awarded_sents | after_award) - planned):
        graded, awarded = si in graded_sents, si in awarded_sents
        if not graded and not awarded and not _continues_a_list(ctx, si, award_sents):
            continue
        recips = recipients_in(ctx, si)
        if not recips:
            continue
        sent_family = family_near(ctx, si, evidence.main)
        shift = -1 if ctx.cues.last_year.search(ctx.sent_text(si)) else 0
        past = past_year(ctx, si)
        in_sent = ctx.in_sent(si, "GRADE", "GRADE_TERM")
        for r in recips:
            # A sentence listing several families ("PPD … serta Penghargaan Khusus … untuk X"): each
            # recipient takes the family named last before it.
            family = family_before(ctx, si, r, sent_family)
            grades = own_grades(r, recips, current_grades(ctx, [g for g in in_sent if _grade_fits(ctx, g, family)]))
            grade = _grade_for(ctx, r, grades)
            if grade is None and not awarded and not _continues_a_list(ctx, si, award_sents):
                continue
            ident = recipient_identity(ctx, r, ctx.rules.awards.get(family))
            fam_id = _family_for_type(ctx, evidence, family, ident["type"], grade)
            drafts.append(Draft(recipient=r, identity=ident, family=fam_id, grade=grade, sent=si,
                                year_shift=shift, past_year=past, official=r if r.label == "OFFICIAL" else None))
    return _merge(drafts, ctx.rules)


def _continues_a_list(ctx: ArticleContext, sent: int, award_sents: set[int]) -> bool:
    """"Keenam kepala daerah tersebut yakni …": a list sentence right after an award sentence
    (award_sents: the sentences naming an award, an award verb or a grade)."""
    if award_sents.isdisjoint(range(max(0, sent - 2), sent)):
        return False  # checked first: cheaper than the cue searches
    text = ctx.sent_text(sent)
    if ctx.cues.list_continuation.match(text):
        return True  # "Ada pula Bupati X; …", "Kemudian, Wali Kota Y …": the list goes on
    # The back reference first: its search is the cheaper one, and few sentences hold either.
    return bool(ctx.cues.back_reference.search(text) and ctx.cues.list_cue.search(text))


def _family_for_type(ctx: ArticleContext, evidence: FamilyEvidence, family: str, rtype: str,
                     grade: Mention | None) -> str:
    """A unit in a story about its head's award ("Pembina Pelayanan Publik") won the sibling award
    the same giver gives to units, when the article names it: the family whose recipient types and
    scale fit. A sibling the article does not name is never guessed."""
    fam = ctx.rules.awards.get(family)
    if fam is None or not fam.recipient_types or rtype in fam.recipient_types:
        return family
    for other in ctx.rules.awards.values():
        if other.id != family and evidence.names(other.id) and rtype in other.recipient_types[:1] and set(other.givers) & set(fam.givers) \
                and (grade is None or resolve_grade(ctx, other, grade)["rank"] is not None):
            return other.id
    return family


def _grade_fits(ctx: ArticleContext, g: Mention, family: str) -> bool:
    """A grade word of another award's scale ("Provinsi" of Adiwiyata) is no grade of this award."""
    if is_grade_key(g.kb_id):
        return GradeKey.parse(g.kb_id).family == family
    fam = ctx.rules.awards.get(family)
    resolved = resolve_grade(ctx, fam, g)
    if resolved["rank"] is not None or resolved["letter"]:
        return True
    label = (resolved["label"] or "").lower()
    other = any(fam2.grade_by_label(label) for fid, fam2 in ctx.rules.awards.items() if fid != family)
    return not other


def _grade_for(ctx: ArticleContext, r: Mention, grades: list[Mention]) -> Mention | None:
    """The first grade after a recipient (lists: "X yang meraih A-, Y dan Z meraih B"), else the last before."""
    # "predikat A untuk X dan Y, serta A- untuk Z": a grade followed by "untuk" heads what comes after it.
    before = [g for g in grades if g.end <= r.start]
    if before and _first_word(ctx.between(before[-1].end, before[-1].end + 12)) in ctx.cues.for_words:
        return before[-1]
    # "Kota Terbaik Kedua diraih Kota Pagar Alam": only a passive award verb between grade and recipient.
    if before and " ".join(ctx.between(before[-1].end, r.start).lower().split()) in ctx.cues.passive_award_words:
        return before[-1]
    after = [g for g in grades if g.start >= r.end]
    if after:
        return after[0]
    before = [g for g in grades if g.end <= r.start]
    return before[-1] if before else None


def _first_word(text: str) -> str:
    words = text.lower().split(maxsplit=1)
    return words[0] if words else ""


def _merge(drafts: list[Draft], rules: Rules) -> list[Draft]:
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
    if a.identity["name"].lower() == b.identity["name"].lower():
        return True
    ka, kb = a.recipient.kb_id, b.recipient.kb_id
    ra, rb = a.identity.get("region"), b.identity.get("region")
    if not (a.identity["type"] == b.identity["type"] == "opd" and ka and ka == kb and (ra is None or rb is None
                                                                                      or ra == rb)):
        return False
    # A bare kind ("Disdukcapil") may stand for a fuller mention of it; and a region has one
    # Dinas Dukcapil, though it has many Puskesmas, desa and RSUD.
    if (key := a.identity.get("unit_key")) and key == b.identity.get("unit_key"):
        return True  # "RSUD Kardinah" and "Rumah Sakit Umum Daerah (RSUD) Kardinah Kota Tegal"
    words = min(len(x.recipient.text.split()) for x in (a, b))
    entry = rules.gazetteer.get(ka)
    unique_kind = entry is not None and entry.type in cues(rules).one_per_region
    return words == 1 or (unique_kind and ra is not None and ra == rb)


def _fill_single_grade(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Recipients left without a grade take the family's grade when the article states one above all
    others ("… pembina pelayanan publik sangat baik. Ke-11 kepala daerah dimaksud yakni …")."""
    for family in {d.family for d in drafts if d.grade is None}:
        fam = ctx.rules.awards.get(family)
        # The grade written right after the family's own name ("kepala daerah pembina pelayanan publik sangat
        # baik") is the family's, whatever other grades the article reports for other units.
        named = _grades_after_name(ctx, fam)
        cued = [g for g in ctx.by_label.get("GRADE", []) if resolve_grade(ctx, fam, g)["rank"] is not None]
        # A grade written with its cue ("kategori Nindya") outranks a bare term, which may be the
        # award's own name ("Kabupaten Layak Anak" is also KLA's top grade).
        fitting = named or cued
        ranks = Counter(resolve_grade(ctx, fam, g)["rank"] for g in fitting)
        if not ranks:
            continue
        (top, n), *rest = ranks.most_common()
        if rest and n <= sum(c for _r, c in rest):
            continue  # no grade dominates: leave them empty rather than guess
        # The grade the article repeats ("kategori Nindya" ×5 against one "Pratama (2019)").
        chosen = next(g for g in fitting if resolve_grade(ctx, fam, g)["rank"] == top)
        for d in drafts:
            if d.family == family and d.grade is None and not d.in_passing:
                d.grade = chosen


def _grades_after_name(ctx: ArticleContext, fam) -> list[Mention]:
    """Grades of the family's scale written right after one of its AWARD spans."""
    if fam is None:
        return []
    key = str(AwardKey(fam.id))
    ends = {a.end for a in ctx.by_label.get("AWARD", []) if a.kb_id == key}
    own = [g for g in ctx.by_label.get("GRADE_TERM", []) if GradeKey.parse(g.kb_id).family == fam.id]
    return [g for g in ctx.by_label.get("GRADE", []) + own
            if (g.start - 1 in ends or g.start - 2 in ends) and resolve_grade(ctx, fam, g)["rank"] is not None]


def _headline_region(ctx: ArticleContext) -> str | None:
    """The region the headline names, if any."""
    for m in ctx.title_mentions:
        if m.label in ("GOV", "REGION", "OFFICIAL") and m.kb_id:
            region = ctx.rules.gazetteer.get(m.kb_id)
            if region and region.label == "REGION":
                return region.canonical
    return None


def _main_region(ctx: ArticleContext, drafts: list[Draft]) -> str | None:
    """The region the article is about: from the headline, else the first recipient's."""
    headlined = _headline_region(ctx)
    if headlined:
        return headlined
    for d in drafts:
        if d.identity.get("region"):
            return d.identity["region"]
    return article_region(ctx)


def _fold_parents(ctx: ArticleContext, drafts: list[Draft]) -> list[Draft]:
    """A government with no grade whose own units got graded is their parent, not a record.

    Likewise a head of region who only receives for the government is its official.
    """
    graded_units = {(d.identity.get("region"), d.family) for d in drafts
                    if d.identity["type"] == "opd" and d.grade is not None}
    out = []
    for d in drafts:
        if d.identity["type"] in ("pemda", "kepala_daerah") and d.grade is None \
                and (d.identity.get("region"), d.family) in graded_units:
            continue
        if d.identity["type"] == "kepala_daerah":
            fam = ctx.rules.awards.get(d.family)
            personal = fam is not None and "kepala_daerah" in fam.recipient_types
            if not personal and any(o.identity["type"] in ("pemda", "opd") and o.family == d.family
                                    for o in drafts if o is not d):
                continue
        out.append(d)
    return out


def _finish(ctx: ArticleContext, d: Draft, shared: _Shared) -> AwardRecord:
    """Fill every field of one draft and return the record."""
    rules = ctx.rules
    main_region, handover = shared.main_region, shared.handover
    fam = rules.awards.get(d.family)
    ident = d.identity
    # A unit without a region of its own belongs to the article's region.
    region = ident.get("region") or (main_region if d.recipient.label == "UNIT_NAME" else None)
    # The article's news: the family it is about, or any family its headline names ("Peraih PPD 2022 dan
    # Penghargaan Khusus").
    same_event = not d.in_passing and shares_handover(ctx, shared.families, d.family)
    # Another award of the same night than the one the headline names shares its handover, not its news.
    primary = same_event and shared.families.is_news(d.family) \
        and tells_headlined_award(ctx, shared.families, d.family, d.recipient) \
        and (region is None or main_region is None or region == main_region or _is_list_article(ctx))
    grade = resolve_grade(ctx, fam, d.grade) if d.grade else None
    headline_rank = _title_grade_rank(ctx, d.family) if primary and grade else None
    if headline_rank is not None and grade["rank"] not in (None, headline_rank):
        primary = False  # the headline announces another grade: this one is mentioned in passing
    ev: list[Evidence] = [Evidence("recipient", d.recipient.start, d.recipient.end, d.recipient.text)]

    if d.grade and not is_title_mention(ctx, d.grade):  # a headline's grade has no span in the text
        ev.append(Evidence("grade", d.grade.start, d.grade.end, d.grade.text))
    award_m = _nearest(ctx, "AWARD", d.recipient, kb=str(AwardKey(d.family)))
    if award_m:
        ev.append(Evidence("award", award_m.start, award_m.end, award_m.text))
    giver, giver_m = resolve_giver(ctx, fam, (d.sent, ctx.sent_of(award_m)) if award_m else (d.sent,))
    if giver_m:
        ev.append(Evidence("giver", giver_m.start, giver_m.end, giver_m.text))

    # The handover (event, venue, date, officials) is shared by every record of the same event;
    # a record of an earlier year or another award was only mentioned in passing.
    told = handover.told if same_event else {}
    giver_off = giver_official(ctx, (giver or {}).get("id"), told.get("sent")) if same_event else None
    # A village or other non-government recipient is not received for by the region's head.
    recip_off = recipient_official(ctx, region, told.get("sent"), d, handover.receivers) \
        if same_event and ident["type"] != "other" else None
    for name, m in (("giver_official", giver_off), ("recipient_official", recip_off)):
        if m:
            ev.append(Evidence(name, m.start, m.end, m.text))
    event_m, venue_m, date_m = told.get("EVENT"), told.get("VENUE"), told.get("DATE")
    date = dict(handover.date) if same_event and handover.date else None  # each record owns its date
    for name, m in (("event", event_m), ("venue", venue_m), ("date", date_m)):
        if m:
            ev.append(Evidence(name, m.start, m.end, m.text))

    year, year_m = award_year(ctx, shared.years, d, date)
    if year_m:
        ev.append(Evidence("year", year_m.start, year_m.end, year_m.text))
    recipient = {"text": d.recipient.text, "name": ident["name"], "type": ident["type"], "region": region}
    parent = ident.get("parent")
    if parent is None and ident["type"] == "opd" and region and primary:
        parent = _gov_name(region)
    # The award as the article writes it: in the text, else in the headline (family_evidence saw to it
    # that one of the two names it).
    headlined = shared.families.headlined.get(d.family)
    award = {"text": award_m.text if award_m else (headlined.text if headlined else None),
             "name": fam.name if fam else d.family, "family": d.family, "year": year}
    confidence = 0.5  # a placeholder: records/confidence.py scores the finished record
    rid = stable_hash(ctx.article.id, ident["name"], d.family, str(year),
                      (grade or {}).get("letter") or (grade or {}).get("label") or "")
    return AwardRecord(
        record_id=rid, article=ctx.article.ref, recipient=recipient, recipient_parent=parent,
        award=award, grade=grade, giver=giver,
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


def _title_grade_rank(ctx: ArticleContext, family: str) -> int | None:
    """The grade a headline announces ("… Penerima Adipura Kencana"), as a rank of the family's scale."""
    fam = ctx.rules.awards.get(family)
    for m in ctx.title_mentions:
        if m.label == "GRADE_TERM" and (key := GradeKey.parse(m.kb_id)).family == family:
            return key.rank
        if m.label == "GRADE" and fam is not None:
            rank = resolve_grade(ctx, fam, m)["rank"]
            if rank is not None:
                return rank
    return None


def _gov_name(region: str) -> str:
    return f"Pemerintah {region}"


def _nearest(ctx: ArticleContext, label: str, anchor: Mention, kb: str | None = None) -> Mention | None:
    cands = [m for m in ctx.by_label.get(label, []) if kb is None or m.kb_id == kb]
    if not cands:
        return None
    sent = ctx.sent_of(anchor)
    return min(cands, key=lambda m: (abs(ctx.sent_of(m) - sent), abs(m.start - anchor.start)))

