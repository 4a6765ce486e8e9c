"""The occasion of an award's handover: the sentence that tells it, and its event, venue and date."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.dates import resolve_date, year_mentions
from pipeline.models import Mention
from pipeline.records.context import ArticleContext


@dataclass(frozen=True)
class Told:
    """The sentence that tells the handover best, and the EVENT, VENUE and DATE mentions in or beside it."""

    sent: int | None = None
    event: Mention | None = None
    venue: Mention | None = None
    date: Mention | None = None


# A quotation: whole, or the part of one that runs into or out of the sentence (a quote of several sentences).
QUOTED = re.compile(r"[“\"].*[”\"]|^[^“”\"]*”|“[^“”\"]*$")  # greedy: quotes may nest


def handover_date(ctx: ArticleContext, date_m: Mention | None) -> dict | None:
    """The handover's date as written and as an ISO day, read with the years the article names."""
    if date_m is None:
        return None
    rd = resolve_date(date_m.text, ctx.article.published, _year_hints(ctx))
    date = {"text": date_m.text, "value": rd.value}
    if rd.weekday_mismatch:
        date["weekday_mismatch"] = True
    return date


def _year_hints(ctx: ArticleContext) -> Iterator[int]:
    """The years of the url, then of the text: read only for a date with neither year nor publication day."""
    yield from year_mentions(ctx.article.url or "")
    yield from year_mentions(_without_regulation_years(ctx))


_YEAR = re.compile(r"(?:19|20)\d\d")


def _without_year_words(ctx: ArticleContext, before: str) -> str:
    """What precedes a year without the "Tahun " right before it ("Nomor 25 Tahun 2009" → "Nomor 25")."""
    for word in ctx.cues.year_words:
        before = before.removesuffix(word + " ")
    return before


def _without_regulation_years(ctx: ArticleContext) -> str:
    """The text with the years of regulations blanked ("UU Nomor 25 Tahun 2009" dates no handover)."""
    text = ctx.article.text
    cut = [m.span() for m in _YEAR.finditer(text)
           if ctx.cues.regulation.search(_without_year_words(ctx, text[max(0, m.start() - 30):m.start()]))]
    if not cut:
        return text
    parts, at = [], 0
    for a, b in cut:
        parts += [text[at:a], "    "]
        at = b
    parts.append(text[at:])
    return "".join(parts)


def told_handover(ctx: ArticleContext) -> Told:
    """Event, venue and date of the handover, from the sentence that tells it best (and its neighbours)."""
    best, best_score = None, 0
    usable = {"DATE": handover_dates(ctx), "VENUE": venues(ctx), "EVENT": events(ctx)}
    dated, placed = {ctx.sent_of(m) for m in usable["DATE"]}, {ctx.sent_of(m) for m in usable["VENUE"]}
    named = ctx.sents_with("EVENT")
    for si in sorted(ctx.sents_with("AWARD_VERB", "AWARD_CUE", "AWARD")):
        score = 2 * (si in dated) + (si in placed) + (si in named)
        if score < best_score:
            continue  # even a handover verb (one point more) would not beat the best: spare the search
        score += bool(ctx.cues.handover_verb.search(ctx.sent_text(si)))
        if score > best_score:
            best, best_score = si, score
    if best is None:
        return Told()
    found: dict[str, Mention] = {}
    for label in ("EVENT", "VENUE", "DATE"):
        for si in (best, best + 1, best - 1):
            ms = [m for m in ctx.in_sent(si, label) if m in usable[label]] if 0 <= si < len(ctx.sents) else []
            if ms:
                found[label] = ms[0]
                break
    titled = [m for si in (best, best + 1, best - 1) for m in ctx.in_sent(si, "EVENT") if m.kb_id == _TITLED]
    if titled:
        found["EVENT"] = titled[0]  # "acara yang bertajuk SAKIP Award 2021": the event's own name
    if "EVENT" not in found:
        # The event is often named in a sentence of its own ("Acara penganugerahan … tahun 2018 dihadiri …"):
        # the nearest one an event cue introduces whose sentence tells of the award.
        cue_ends = {m.end for m in ctx.by_label.get("EVENT_CUE", [])}
        told = [m for m in usable["EVENT"] if any(0 <= m.start - e <= 1 for e in cue_ends)
                and ctx.has(ctx.sent_of(m), "AWARD", "AWARD_CUE", "GRADE", "AWARD_VERB")
                and not ctx.cues.pointing_back.match(ctx.between(m.end, m.end + 10))]
        if told:
            found["EVENT"] = min(told, key=lambda m: (abs(ctx.sent_of(m) - best), m.start))
    return Told(best, found.get("EVENT"), found.get("VENUE"), found.get("DATE"))


def handover_dates(ctx: ArticleContext) -> list[Mention]:
    """DATE mentions that may date a handover: not one that starts a period ("sejak tanggal 14 Mei") or dates a
    document ("SK … yang ditandatangani pada 31 Desember")."""
    out = []
    for m in ctx.by_label.get("DATE", []):
        start = ctx.sents[ctx.sent_of(m)][0]
        clause = ctx.between(max(start, m.start - 80), m.start).rsplit(",", 1)[-1]
        if ctx.cues.since.search(clause) or ctx.cues.document_date.search(clause):
            continue
        out.append(m)
    return out


_TITLED = "event_titled"  # the EVENT_CUE pattern id in rules/patterns/cues.jsonl that introduces an event's own name


def events(ctx: ArticleContext) -> list[Mention]:
    """EVENT mentions that name a ceremony: not an award's own name read as one ("meraih Anugerah Parahita
    Ekapraya (APE) 2023", "berupa Anugerah Nasional"): an event headed by an award word needs an event cue or a
    preposition before it ("dalam Anugerah Keterbukaan Informasi Publik Jawa Barat Tahun 2023", "acara apresiasi");
    nor a phrase that points back with a demonstrative ("Pada Penganugerahan … 2018 ini", "acara penyerahan opini
    tersebut"): it describes the handover, it does not name it."""
    award_starts = {m.start for lab in ("AWARD_CUE", "AWARD") for m in ctx.by_label.get(lab, [])}
    cue_ends = {m.end for m in ctx.by_label.get("EVENT_CUE", [])}
    return [m for m in ctx.by_label.get("EVENT", []) if not ctx.cues.pointing_back.match(ctx.between(m.end, m.end + 10))
            and (m.start not in award_starts or any(0 <= m.start - e <= 1 for e in cue_ends)
                 or ctx.cues.event_preposition.search(ctx.between(max(0, m.start - 8), m.start)))]


def venues(ctx: ArticleContext) -> list[Mention]:
    """VENUE mentions that name a place of a ceremony: not a bare province ("12 kabupaten/kota di Jawa Tengah"), nor
    where someone spoke on no stated day ("…,” kata Kepala Dinas X di Sampit, Jumat.")."""
    gaz = ctx.rules.gazetteer
    provinces = {(r.start, r.end) for r in ctx.by_label.get("REGION", [])
                 if r.kb_id in gaz and gaz[r.kb_id].type == "provinsi"}
    return [m for m in ctx.by_label.get("VENUE", []) if (m.start, m.end) not in provinces
            and not _only_spoken_there(ctx, ctx.sent_of(m))]


def _only_spoken_there(ctx: ArticleContext, si: int) -> bool:
    """Whether a sentence only reports speech (a speech word outside quotations, no handover verb, no date)."""
    if ctx.has(si, "DATE"):
        return False
    said = QUOTED.sub(lambda q: " " * len(q.group()), ctx.sent_text(si))
    return bool(ctx.cues.speech.search(said)) and not ctx.cues.handover_verb.search(said)
