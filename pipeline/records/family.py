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
    """The family named in this sentence, else (a sentence referring back) the one named last just before, else
    the article's."""
    awards = ctx.in_sent(sent, "AWARD")
    if awards:
        return award_family_of(awards[0])
    # "Untuk kategori provinsi, penghargaan tersebut diraih X": the award the sentence before named last.
    if ctx.cues.back_reference.search(ctx.sent_text(sent)):
        for prev in (sent - 1, sent - 2):
            before = ctx.in_sent(prev, "AWARD") if prev >= 0 else []
            if before:
                return award_family_of(max(before, key=lambda a: a.end))
    return default


def family_before(ctx: ArticleContext, sent: int, m: Mention, default: str) -> str:
    """The family named last before a mention in its sentence when the sentence names several, else default."""
    awards = ctx.in_sent(sent, "AWARD")
    if len({a.kb_id for a in awards}) < 2:
        return default
    before = [a for a in awards if a.end <= m.start]
    return award_family_of(max(before, key=lambda a: a.end)) if before else default


def _award_words(ctx: ArticleContext, text: str) -> str:
    """An award's name as compared with a sub award: lower case, one space, no leading "penghargaan"."""
    words = text.lower().split()
    return " ".join(words[1:] if words and words[0] in ctx.cues.award_lead_words else words)


def tells_headlined_award(ctx: ArticleContext, evidence: FamilyEvidence, family: str, recipient: Mention) -> bool:
    """False when the headline names one sub award of the family ("Empat provinsi raih penghargaan Pelopor
    Provinsi Layak Anak") and the recipient's award is told by another name ("Penggerak Provinsi Layak
    Anak", "predikat Utama pada Penghargaan Kabupaten/Kota Layak Anak"): another award of the same night,
    mentioned in passing. The recipient's award is the family's name nearest before it in its sentence,
    else the first after it, else the last one of the two sentences before ("Selain penghargaan A, juga
    diberikan penghargaan B … Delapan provinsi tersebut adalah …" tells B)."""
    fam = ctx.rules.awards.get(family)
    head = evidence.headlined.get(family)
    if fam is None or head is None or not fam.sub_awards or _award_words(ctx, head.text) not in fam.sub_awards:
        return True
    key = str(AwardKey(family))
    sent = ctx.sent_of(recipient)
    own = [a for a in ctx.in_sent(sent, "AWARD") if a.kb_id == key]
    before = [a for a in own if a.end <= recipient.start]
    after = [a for a in own if a.start >= recipient.end]
    if before:
        told = max(before, key=lambda a: (a.end, a.end - a.start))
    elif after:
        told = min(after, key=lambda a: (a.start, a.start - a.end))
    else:
        earlier = [a for s in (sent - 1, sent - 2) if s >= 0 for a in ctx.in_sent(s, "AWARD") if a.kb_id == key]
        if not earlier:
            return True
        last_sent = max(ctx.sent_of(a) for a in earlier)
        told = max((a for a in earlier if ctx.sent_of(a) == last_sent), key=lambda a: (a.end, a.end - a.start))
    return _award_words(ctx, told.text) == _award_words(ctx, head.text)


def shares_handover(ctx: ArticleContext, evidence: FamilyEvidence, family: str) -> bool:
    """Whether records of this family were handed over at the article's event: a family of its news, or
    one the same giver gives ("… malam penganugerahan KLA juga memberikan penghargaan pembina Forum Anak")."""
    if evidence.is_news(family):
        return True
    fam, main = ctx.rules.awards.get(family), ctx.rules.awards.get(evidence.main or "")
    return fam is not None and main is not None and bool(set(fam.givers) & set(main.givers))
