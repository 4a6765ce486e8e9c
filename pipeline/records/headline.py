"""What the headline alone states: the grade a headline announces for the recipients it names.

A headline often carries the grade the text never repeats ("Jateng, DKI, Kalbar dan Jabar Raih Kualifikasi
Pemprov Informatif"). Its spans have offsets into the title, not the text: a grade taken from there has no
evidence span in the article text.
"""
from __future__ import annotations

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.records.lists import title_regions
from pipeline.records.resolve import official_region, resolve_grade
from pipeline.rules.keys import GradeKey


def headline_grade(ctx: ArticleContext, family: str) -> Mention | None:
    """The grade of the family's scale the headline writes: a cued one ("Kategori Madya") first, else a
    grade term only that scale has."""
    fam = ctx.rules.awards.get(family)
    if fam is None or not fam.grades:
        return None
    for m in ctx.title_mentions:
        if m.label == "GRADE" and resolve_grade(ctx, fam, m).rank is not None:
            return m
    for m in ctx.title_mentions:
        if m.label == "GRADE_TERM" and GradeKey.parse(m.kb_id).family == family:
            return m
    return None


def first_headline_region(ctx: ArticleContext) -> str | None:
    """The first region a span of the headline names, if any."""
    for m in ctx.title_mentions:
        if m.label in ("GOV", "REGION", "OFFICIAL") and m.kb_id:
            region = ctx.rules.gazetteer.get(m.kb_id)
            if region and region.label == "REGION":
                return region.canonical
    return None


def headline_regions(ctx: ArticleContext) -> set[str]:
    """Canonical regions the headline names (its spans, and bare names in a list of regions)."""
    ids = {m.kb_id for m in ctx.title_mentions if m.label in ("GOV", "REGION", "OFFICIAL") and m.kb_id}
    ids |= title_regions(ctx)
    out = set()
    for kb in ids:
        entry = ctx.rules.gazetteer.get(kb)
        if entry is not None and entry.label == "REGION":
            out.add(entry.canonical)
    for m in ctx.title_mentions:  # a head's title names its region inside ("Bupati Kampar")
        if m.label == "OFFICIAL":
            region = official_region(ctx, m)
            if region:
                out.add(region)
    return out


def is_title_mention(ctx: ArticleContext, m: Mention) -> bool:
    """Whether a mention is one of the headline's (its offsets are the title's, not the text's)."""
    return any(m is t for t in ctx.title_mentions)


def fill_headline_grades(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Recipients the headline names, left without a grade in an article whose text states none of the
    family's scale, take the grade the headline announces."""
    for family in {d.family for d in drafts if d.grade is None and not d.in_passing}:
        fam = ctx.rules.awards.get(family)
        if fam is None or _text_grades(ctx, family):
            continue
        grade = headline_grade(ctx, family)
        if grade is None:
            continue
        named = headline_regions(ctx)
        for d in drafts:
            if d.family == family and d.grade is None and not d.in_passing and d.identity.region in named:
                d.grade = grade


def _text_grades(ctx: ArticleContext, family: str) -> bool:
    """Whether the text writes any grade of the family's scale."""
    fam = ctx.rules.awards.get(family)
    if any(GradeKey.parse(g.kb_id).family == family for g in ctx.by_label.get("GRADE_TERM", [])):
        return True
    return any(resolve_grade(ctx, fam, g).rank is not None for g in ctx.by_label.get("GRADE", []))
