"""Drafting: a Draft for each recipient of each award sentence, with its family and grade."""
from __future__ import annotations

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.records.family import FamilyEvidence, family_before, family_near
from pipeline.records.grades import grade_fits, grade_for
from pipeline.records.recipients import own_grades, recipients_in
from pipeline.records.resolve import current_grades, recipient_identity, resolve_grade
from pipeline.records.years import past_year


def find_drafts(ctx: ArticleContext, evidence: FamilyEvidence) -> list[Draft]:
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
            grades = own_grades(r, recips, current_grades(ctx, [g for g in in_sent if grade_fits(ctx, g, family)]))
            grade = grade_for(ctx, r, grades)
            if grade is None and not awarded and not _continues_a_list(ctx, si, award_sents):
                continue
            ident = recipient_identity(ctx, r, ctx.rules.awards.get(family))
            fam_id = _family_for_type(ctx, evidence, family, ident.type, grade)
            drafts.append(Draft(recipient=r, identity=ident, family=fam_id, grade=grade, sent=si,
                                year_shift=shift, past_year=past, official=r if r.label == "OFFICIAL" else None))
    return drafts


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
                and (grade is None or resolve_grade(ctx, other, grade).rank is not None):
            return other.id
    return family
