"""The evaluation year of an award, apart from the handover date."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.rules.keys import AwardKey


_YEAR_AFTER_AWARD = re.compile(r"^[\s\-–()]*(?:[A-Za-z]+[\s\-–)]+){0,2}?((?:19[89]|20\d)\d)\b")
_FOUR_DIGITS = re.compile(r"\d{4}")
_RANGE_END = re.compile(r"\s*[-–/]\s*((?:19[89]|20\d)\d)\b")
_WORD = re.compile(r"[A-Za-z]+\.?")
_YEAR_AT_END = re.compile(r"\b((?:19[89]|20\d)\d)\s*$")
_RANGE_START = re.compile(r"(?:19[89]|20\d)\d\s*[-–]\s*$")


def _year_after(text: str, end: int, not_before: frozenset[str]) -> int | None:
    """A year written right after an award's name: "SAKIP-RB Award 2020", "IGA) 2022", "Adipura Tahun 2022";
    not one after a word of not_before ("Adiwiyata sejak tahun 2007", "… Nomor 5 Tahun 2020")."""
    after = text[end:end + 20]
    if "19" not in after and "20" not in after:
        return None  # no year can be there (most names have none): spare the regex
    m = _YEAR_AFTER_AWARD.match(after)
    if m is None or not_before.intersection(w.lower() for w in _WORD.findall(after, 0, m.start(1))):
        return None
    range_end = _RANGE_END.match(text, end + m.end(1))  # "Adipura periode 2021-2022": the later year
    return int(range_end.group(1)) if range_end else int(m.group(1))


def _is_award_year_cue(ctx: ArticleContext, m: Mention) -> bool:
    """A year cue that dates an award: not a regulation's, not "sejak tahun 2007", not "tahun 2017 lalu"."""
    if not _FOUR_DIGITS.search(m.text):
        return False
    before = ctx.between(max(0, m.start - 25), m.start)
    after = ctx.between(m.end, m.end + 8)
    cue = ctx.cues
    return not (cue.regulation.search(before) or cue.since.search(before) or cue.past_year_after.match(after))


def _cue_year(ctx: ArticleContext, m: Mention) -> int:
    """The year of a cue; the later one of a range ("periode 2021-2022") or the last of a list ("pada 2014, 2015,
    dan 2016")."""
    after = _RANGE_END.match(ctx.between(m.end, m.end + 8))
    if after:
        return int(after.group(1))
    listed = ctx.cues.more_years.match(ctx.between(m.end, m.end + 40))
    if listed:
        return int(_FOUR_DIGITS.findall(listed.group(0))[-1])
    return int(_FOUR_DIGITS.search(m.text).group(0))


@dataclass(frozen=True)
class ArticleYears:
    """The years an article writes for its awards, read once and shared by all its records."""

    named: dict[str, int]  # award kb id → the year right after its first name that has one
    headlined: dict[str, int]  # the same, in the headline
    cues: list[Mention]  # year cues that date an award
    lead: list[Mention]  # of those, the ones in a sentence naming an award or a grade
    fiscal: list[Mention]  # of those, the fiscal years ("tahun anggaran 2015", "TA 2019")
    event: int | None  # the year ending the first event name told with an award


def article_years(ctx: ArticleContext) -> ArticleYears:
    """Read the years an article writes for its awards (see award_year for how each is used)."""
    cues = [m for m in ctx.by_label.get("YEAR_CUE", []) if _is_award_year_cue(ctx, m)]
    award_sents = ctx.sents_with("AWARD", "GRADE", "GRADE_TERM", "AWARD_CUE")
    not_before = ctx.cues.not_award_year_words
    return ArticleYears(
        named=_years_after_names(ctx.by_label.get("AWARD", []), ctx.article.text, not_before),
        headlined=_years_after_names(ctx.title_mentions, ctx.article.title or "", not_before),
        cues=cues,
        lead=[m for m in cues if ctx.sent_of(m) in award_sents],
        fiscal=[m for m in cues if ctx.cues.fiscal_year.search(m.text)],
        event=_event_year(ctx),
    )


def _years_after_names(mentions: list[Mention], text: str, not_before: frozenset[str]) -> dict[str, int]:
    """Each kb id's year written right after the first of its mentions that has one."""
    years: dict[str, int] = {}
    for m in mentions:
        if m.kb_id not in years and (year := _year_after(text, m.end, not_before)):
            years[m.kb_id] = year
    return years


def _event_year(ctx: ArticleContext) -> int | None:
    """"Penganugerahan Kepatuhan Standar Pelayanan 2018": the year ending an event told with an award."""
    for ev in ctx.by_label.get("EVENT", []):
        found = _YEAR_AT_END.search(ev.text)
        if found and _RANGE_START.search(ev.text, 0, found.start()):
            continue  # "Musrenbang RPJMD 2025 – 2029": a plan's period, not an award's year
        if found and ctx.has(ctx.sent_of(ev), "AWARD", "AWARD_CUE", "GRADE"):
            return int(found.group(1))
    return None


def award_year(ctx: ArticleContext, years: ArticleYears, d: Draft,
               date: dict | None) -> tuple[int | None, Mention | None]:
    """The evaluation year: the year the award's name carries, else "tahun 2018" in the award's sentences,
    shifted for "tahun lalu"; else the handover date's year, else the publication year."""
    best = None
    kb = str(AwardKey(d.family))  # "… Terima Penghargaan UHC Award 2023"
    year = years.named.get(kb, years.headlined.get(kb))
    if year is None:
        anchor = d.grade or d.recipient
        own = [m for m in years.cues if ctx.sent_of(m) in (d.sent, ctx.sent_of(anchor))
               and not _dates_another_grade(ctx, m, d.grade)]
        # Else the lead: the first sentence naming the award (or a grade) that gives a year; else the
        # article's first fiscal year ("LHP atas LKPD tahun anggaran 2015").
        pick = own or years.lead or years.fiscal
        if pick:
            best = min(pick, key=lambda m: abs(m.start - anchor.start)) if own else pick[0]
            year = _cue_year(ctx, best)
    if year is None:
        year = years.event
    if year is None and date and date.get("value"):
        year = int(date["value"][:4])
    if year is None and ctx.article.published:
        year = int(ctx.article.published[:4])
    if d.past_year is not None:
        return d.past_year, best
    if year is not None:
        year += d.year_shift
    return year, best


def _dates_another_grade(ctx: ArticleContext, cue: Mention, grade: Mention | None) -> bool:
    """Whether a year cue stands nearer another grade of its sentence than the record's own ("… sempat
    meraih opini Disclaimer atas LKPD tahun anggaran 2013, kini meraih WTP": 2013 is the Disclaimer's)."""
    if grade is None:
        return False
    grades = ctx.in_sent(ctx.sent_of(cue), "GRADE", "GRADE_TERM")
    nearest = min(grades, key=lambda g: min(abs(cue.start - g.end), abs(g.start - cue.end)), default=None)
    return nearest is not None and nearest is not grade and nearest.text.lower() != grade.text.lower()


def past_year(ctx: ArticleContext, sent: int) -> int | None:
    """The earlier year a sentence tells its award for: "Tahun 2017 lalu, ada lima kepala daerah …"."""
    for m in ctx.by_label.get("YEAR_CUE", ()):
        if ctx.sent_of(m) == sent and _FOUR_DIGITS.search(m.text) \
                and ctx.cues.past_year_after.match(ctx.between(m.end, m.end + 8)):
            return int(_FOUR_DIGITS.search(m.text).group(0))
    return None
