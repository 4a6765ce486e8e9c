"""Which award family an article and each of its records are about: only one the article names.

A record may carry an award family only when the article names it in the family's own words (an
`AWARD` span of that family in the headline or the text), or when the headline writes a grade
only that family's scale has and the text names the family's giver ("… Raih Kualifikasi Pemprov
Informatif" with "Komisi Informasi Pusat" in the text). A grade word alone ("Provinsi",
"Nasional", "Tertinggi") is never evidence of a family.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.rules.keys import AwardKey, GradeKey


@dataclass(frozen=True)
class FamilyEvidence:
    """The family an article is about and every family it names, with the span that names each."""

    main: str | None  # the family the article is about (headline first, else the most named)
    named: dict[str, Mention]  # family id → its first AWARD span in the text
    headlined: dict[str, Mention]  # family id → its AWARD (or lone-grade) span in the headline

    def names(self, family: str) -> bool:
        """Whether the article names this family (text or headline)."""
        return family in self.named or family in self.headlined

    def is_news(self, family: str) -> bool:
        """Whether records of this family are the article's news: the family it is about or one its
        headline names; when the headline names none ("Dapat Penghargaan, …"), every family the text
        names (a ceremony that gave several)."""
        return family == self.main or family in self.headlined or (not self.headlined and family in self.named)


def family_evidence(ctx: ArticleContext) -> FamilyEvidence:
    """Read the families an article names and the one it is about."""
    named: dict[str, Mention] = {}
    for m in ctx.by_label.get("AWARD", []):
        named.setdefault(award_family_of(m), m)
    headlined: dict[str, Mention] = {}
    title_awards = [m for m in ctx.title_mentions if m.label == "AWARD"]
    for m in title_awards:
        # "Pelayanan Publik Terbaik" inside "Pembina Pelayanan Publik Terbaik" names no second family
        if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in title_awards):
            headlined.setdefault(award_family_of(m), m)
    lone = _headline_lone_grade(ctx)
    if lone is not None:
        headlined.setdefault(lone[0], lone[1])
    main = next(iter(headlined), None)
    if main is None and named:
        counts = Counter(award_family_of(m) for m in ctx.by_label.get("AWARD", []))
        main = counts.most_common(1)[0][0]
    return FamilyEvidence(main, named, headlined)


def award_family_of(m: Mention) -> str:
    """The family id of an AWARD span (its kb id is "award:<family>")."""
    return AwardKey.parse(m.kb_id).family


def _headline_lone_grade(ctx: ArticleContext) -> tuple[str, Mention] | None:
    """A headline grade only one family's scale has, whose family's giver the text names."""
    agencies = {m.kb_id for m in ctx.by_label.get("AGENCY", [])}
    agencies |= {ctx.rules.gazetteer[a].attrs.get("parent") for a in agencies if a in ctx.rules.gazetteer} - {None}
    for m in ctx.title_mentions:
        if m.label != "GRADE_TERM":
            continue
        families = {GradeKey.parse(x.kb_id).family for x in ctx.title_mentions
                    if x.label == "GRADE_TERM" and (x.start, x.end) == (m.start, m.end)}
        if len(families) != 1:
            continue
        fam = ctx.rules.awards.get(next(iter(families)))
        if fam is not None and agencies.intersection(fam.givers):
            return fam.id, m
    return None


def family_near(ctx: ArticleContext, sent: int, default: str) -> str:
    """The family named in this sentence, else the article's."""
    awards = ctx.in_sent(sent, "AWARD")
    return award_family_of(awards[0]) if awards else default


def family_before(ctx: ArticleContext, sent: int, m: Mention, default: str) -> str:
    """The family named last before a mention in its sentence when the sentence names several, else default."""
    awards = ctx.in_sent(sent, "AWARD")
    if len({a.kb_id for a in awards}) < 2:
        return default
    before = [a for a in awards if a.end <= m.start]
    return award_family_of(max(before, key=lambda a: a.end)) if before else default
