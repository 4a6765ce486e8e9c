"""The evaluation year of an award, apart from the handover date."""
from __future__ import annotations

import re

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.cues import cues
from pipeline.records.draft import Draft


_YEAR_AFTER_AWARD = re.compile(r"^[\s\-–()]*(?:[A-Za-z]+[\s\-–)]+){0,2}?((?:19[89]|20\d)\d)\b")


def _year_after(text: str, end: int) -> int | None:
    """A year written right after an award's name: "SAKIP-RB Award 2020", "IGA) 2022", "Adipura Tahun 2022"."""
    m = _YEAR_AFTER_AWARD.match(text[end:end + 20])
    return int(m.group(1)) if m else None


def _is_award_year_cue(ctx: ArticleContext, m: Mention) -> bool:
    """A year cue that dates an award: not a regulation's, not "sejak tahun 2007", not "tahun 2017 lalu"."""
    if not re.search(r"\d{4}", m.text):
        return False
    before = ctx.between(max(0, m.start - 25), m.start)
    after = ctx.between(m.end, m.end + 8)
    cue = cues(ctx.rules)
    return not (cue.regulation.search(before) or cue.since.search(before) or re.match(r"\s*lalu\b", after))


def _cue_year(ctx: ArticleContext, m: Mention) -> int:
    """The year of a cue; the later one of a range ("periode 2021-2022")."""
    after = re.match(r"\s*[-–/]\s*((?:19[89]|20\d)\d)\b", ctx.between(m.end, m.end + 8))
    return int(after.group(1)) if after else int(re.search(r"\d{4}", m.text).group(0))


def award_year(ctx: ArticleContext, d: Draft, date: dict | None) -> tuple[int | None, Mention | None]:
    """The evaluation year: the year the award's name carries, else "tahun 2018" in the award's sentences,
    shifted for "tahun lalu"; else the handover date's year, else the publication year."""
    year, best = None, None
    named = [m for m in ctx.by_label.get("AWARD", []) if m.kb_id == f"award:{d.family}"
             and _year_after(ctx.article.text, m.end)]
    if named:
        year = _year_after(ctx.article.text, named[0].end)
    else:
        for m in ctx.title_mentions:  # "… Terima Penghargaan UHC Award 2023"
            if m.kb_id == f"award:{d.family}" and _year_after(ctx.article.title or "", m.end):
                year = _year_after(ctx.article.title or "", m.end)
                break
    if year is None:
        cues = [m for m in ctx.by_label.get("YEAR_CUE", []) if _is_award_year_cue(ctx, m)]
        anchor = d.grade or d.recipient
        own = [m for m in cues if ctx.sent_of(m) in (d.sent, ctx.sent_of(anchor))]
        # Else the lead: the first sentence naming the award (or a grade) that gives a year.
        award_sents = {ctx.sent_of(m) for lab in ("AWARD", "GRADE", "GRADE_TERM", "AWARD_CUE")
                       for m in ctx.by_label.get(lab, [])}
        lead = [m for m in cues if ctx.sent_of(m) in award_sents]
        pick = own or lead
        if pick:
            best = min(pick, key=lambda m: abs(m.start - anchor.start)) if own else pick[0]
            year = _cue_year(ctx, best)
    if year is None:
        for ev in ctx.by_label.get("EVENT", []):  # "Penganugerahan Kepatuhan Standar Pelayanan 2018"
            found = re.search(r"\b((?:19[89]|20\d)\d)\s*$", ev.text)
            if found and ctx.in_sent(ctx.sent_of(ev), "AWARD", "AWARD_CUE", "GRADE"):
                year = int(found.group(1))
                break
    if year is None and date and date.get("value"):
        year = int(date["value"][:4])
    if year is None and ctx.article.published:
        year = int(ctx.article.published[:4])
    if year is not None:
        year += d.year_shift
    return year, best
