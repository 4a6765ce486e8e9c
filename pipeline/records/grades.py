"""Which grade each record gets: grades that fit its family, the one nearest its recipient, the
article's single dominant grade for those left without one, and the grade a headline announces."""
from __future__ import annotations

from collections import Counter

from pipeline.models import Mention
from pipeline.records.context import ArticleContext, inside_longer
from pipeline.records.draft import Draft
from pipeline.records.resolve import resolve_grade
from pipeline.rules import AwardFamily
from pipeline.rules.keys import AwardKey, GradeKey, is_grade_key


def grade_fits(ctx: ArticleContext, g: Mention, family: str) -> bool:
    """A grade word of another award's scale ("Provinsi" of Adiwiyata) is no grade of this award."""
    if is_grade_key(g.kb_id):
        return GradeKey.parse(g.kb_id).family == family
    fam = ctx.rules.awards.get(family)
    resolved = resolve_grade(ctx, fam, g)
    if resolved.rank is not None or resolved.letter:
        return True
    label = (resolved.label or "").lower()
    other = any(fam2.grade_by_label(label) for fid, fam2 in ctx.rules.awards.items() if fid != family)
    return not other


def grade_for(ctx: ArticleContext, r: Mention, grades: list[Mention]) -> Mention | None:
    """The first grade after a recipient (lists: "X yang meraih A-, Y dan Z meraih B"), else the last before.

    A grade inside a longer award name counts only when the sentence names no other: "meraih predikat Nindya
    pada Penghargaan Kabupaten/Kota Layak Anak, yaitu X" gives X Nindya, though KLA's top grade is also
    called "Kota Layak Anak".
    """
    grades = _outside_award_names(ctx, grades)
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


def _outside_award_names(ctx: ArticleContext, grades: list[Mention]) -> list[Mention]:
    """The grades that are not part of a longer award name, when there are any; else all of them."""
    if len(grades) < 2:
        return grades
    inside = inside_longer(grades, sorted((a.start, a.end) for a in ctx.by_label.get("AWARD", ())))
    return [g for g in grades if g not in inside] or grades


def _first_word(text: str) -> str:
    words = text.lower().split(maxsplit=1)
    return words[0] if words else ""


def fill_single_grade(ctx: ArticleContext, drafts: list[Draft]) -> None:
    """Recipients left without a grade take the family's grade when the article states one above all
    others ("… pembina pelayanan publik sangat baik. Ke-11 kepala daerah dimaksud yakni …")."""
    for family in {d.family for d in drafts if d.grade is None}:
        fam = ctx.rules.awards.get(family)
        # The grade written right after the family's own name ("kepala daerah pembina pelayanan publik sangat
        # baik") is the family's, whatever other grades the article reports for other units.
        named = _grades_after_name(ctx, fam)
        cued = [g for g in ctx.by_label.get("GRADE", []) if resolve_grade(ctx, fam, g).rank is not None]
        # A grade written with its cue ("kategori Nindya") outranks a bare term, which may be the
        # award's own name ("Kabupaten Layak Anak" is also KLA's top grade).
        fitting = named or cued
        ranks = Counter(resolve_grade(ctx, fam, g).rank for g in fitting)
        if not ranks:
            continue
        (top, n), *rest = ranks.most_common()
        if rest and n <= sum(c for _r, c in rest):
            continue  # no grade dominates: leave them empty rather than guess
        # The grade the article repeats ("kategori Nindya" ×5 against one "Pratama (2019)").
        chosen = next(g for g in fitting if resolve_grade(ctx, fam, g).rank == top)
        for d in drafts:
            if d.family == family and d.grade is None and not d.in_passing:
                d.grade = chosen


def _grades_after_name(ctx: ArticleContext, fam: AwardFamily | None) -> list[Mention]:
    """Grades of the family's scale written right after one of its AWARD spans."""
    if fam is None:
        return []
    key = str(AwardKey(fam.id))
    ends = {a.end for a in ctx.by_label.get("AWARD", []) if a.kb_id == key}
    own = [g for g in ctx.by_label.get("GRADE_TERM", []) if GradeKey.parse(g.kb_id).family == fam.id]
    return [g for g in ctx.by_label.get("GRADE", []) + own
            if (g.start - 1 in ends or g.start - 2 in ends) and resolve_grade(ctx, fam, g).rank is not None]


def title_grade_rank(ctx: ArticleContext, family: str) -> int | None:
    """The grade a headline announces ("… Penerima Adipura Kencana"), as a rank of the family's scale.

    A grade inside the award's own name counts only when the headline names no other: "Raih Kabupaten Layak
    Anak Kategori Nindya" announces Nindya, though the scale's top grade is also called "Kabupaten Layak Anak".
    """
    fam = ctx.rules.awards.get(family)
    names = [(a.start, a.end) for a in ctx.title_mentions if a.label == "AWARD"]
    named, in_name = [], []
    for m in ctx.title_mentions:
        rank = None
        if m.label == "GRADE_TERM" and (key := GradeKey.parse(m.kb_id)).family == family:
            rank = key.rank
        elif m.label == "GRADE" and fam is not None:
            rank = resolve_grade(ctx, fam, m).rank
        if rank is not None:
            (in_name if any(a <= m.start and m.end <= b for a, b in names) else named).append(rank)
    return (named or in_name or [None])[0]
