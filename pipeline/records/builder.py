"""Link the mentions of one article into AwardRecords (the records stage), one job after another."""
from __future__ import annotations

from pipeline.lexicon import lexicon
from pipeline.models import Article, AwardRecord, Mention
from pipeline.records.assemble import Shared, assemble_record
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.records.drafting import find_drafts
from pipeline.records.family import family_evidence
from pipeline.records.grades import fill_single_grade
from pipeline.records.handover import article_handover
from pipeline.records.headline import fill_headline_grades, first_headline_region
from pipeline.records.merge import fold_parents, merge_drafts
from pipeline.records.resolve import article_region, names_only_kind
from pipeline.records.years import article_years
from pipeline.rules import Rules


def build_records(article: Article, mentions: list[Mention], rules: Rules,
                  title_mentions: list[Mention] | None = None) -> list[AwardRecord]:
    """Return the award records an article states, each with its evidence."""
    ctx = ArticleContext(article, mentions, rules, lexicon(rules), title_mentions or [])
    evidence = family_evidence(ctx)
    family = evidence.main
    if family is None or any(m.label in ("PLAN_CUE", "NOT_AWARD") for m in ctx.title_mentions):
        return []  # no award named, or the headline says it is yet to come ("Bupati X Akan Terima …")
    drafts = merge_drafts(find_drafts(ctx, evidence), ctx.rules)
    if not drafts:
        return []
    headlined = first_headline_region(ctx)
    main_region = _main_region(ctx, drafts, headlined)
    drafts = fold_parents(ctx, drafts)
    fill_single_grade(ctx, drafts)
    fill_headline_grades(ctx, drafts)
    # A unit named only by its kind ("Dinas Kependudukan dan Catatan Sipil") in an article about no
    # one region cannot be told apart from the same unit anywhere else: no record.
    # So is one in a list article whose headline names no region: its first region is no unit's home.
    home = main_region if headlined or len(
        {d.identity.region for d in drafts if d.identity.region}) <= 1 else None
    drafts = [d for d in drafts if d.identity.type != "opd" or d.identity.region or home
              or not names_only_kind(ctx, d.recipient)]
    if not drafts:
        return []
    shared = Shared(family, main_region, article_handover(ctx), article_years(ctx), evidence)
    return [assemble_record(ctx, d, shared) for d in drafts]


def _main_region(ctx: ArticleContext, drafts: list[Draft], headlined: str | None) -> str | None:
    """The region the article is about: the headline's (headlined), else the first recipient's."""
    if headlined:
        return headlined
    for d in drafts:
        if d.identity.region:
            return d.identity.region
    return article_region(ctx)
