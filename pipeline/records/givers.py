"""Who gave an award: the giving agency, read from agencies and from the officials who speak for one."""
from __future__ import annotations

import re

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.resolve import gov_name, person_in
from pipeline.rules import AwardFamily


def officials_of(ctx: ArticleContext, *types: str) -> list[Mention]:
    """OFFICIAL mentions whose title is of one of these types (titles.tsv `type`)."""
    gaz = ctx.rules.gazetteer
    return [m for m in ctx.by_label.get("OFFICIAL", []) if m.kb_id in gaz and gaz[m.kb_id].type in types]


def official_agency(ctx: ArticleContext, m: Mention) -> str | None:
    """The agency an official speaks for: from the title's gazetteer row, a title inside it that leads one ("Wakil
    Menteri [Menteri PPPA]"), or an agency named in it."""
    gaz = ctx.rules.gazetteer
    entry = gaz.get(m.kb_id)
    if entry and entry.attrs.get("agency"):
        return entry.attrs["agency"]
    for t in ctx.by_label.get("TITLE", []):
        if m.start <= t.start and t.end <= m.end and t.kb_id in gaz and gaz[t.kb_id].attrs.get("agency"):
            return gaz[t.kb_id].attrs["agency"]
    for a in ctx.by_label.get("AGENCY", []):
        if m.start <= a.start and a.end <= m.end:
            parent = ctx.rules.gazetteer[a.kb_id].attrs.get("parent") if a.kb_id in ctx.rules.gazetteer else None
            return parent or a.kb_id
    return None


def resolve_giver(ctx: ArticleContext, fam: AwardFamily | None, sents: tuple[int, ...],
                  handover_sent: int | None = None, in_passing: bool = False) -> tuple[dict | None, Mention | None]:
    """The giving agency, in this order: a usual giver of the family named in the record's sentences (its
    recipient's, then its award's) as an agency, then as an official speaking for it; any agency or official
    the record's sentences name after "dari"/"oleh" ("dari Presiden RI Joko Widodo"); then, for the article's
    own news only (in_passing False): a usual giver in the handover's sentence, as an agency or an official; a
    usual giver named anywhere; the agency of a central official. An agency inside a venue ("di Kantor
    Kementerian Dalam Negeri") is a place, never the giver."""
    usual = set(fam.givers) if fam else set()
    gaz = ctx.rules.gazetteer
    venues = ctx.by_label.get("VENUE", [])
    agencies = [m for m in ctx.by_label.get("AGENCY", []) if m.kb_id in gaz
                and not any(v.start <= m.start < v.end for v in venues)]
    def in_sents(ms: list[Mention], ss: tuple[int, ...]) -> list[Mention]:
        return [m for si in ss for m in ms if ctx.sent_of(m) == si]
    here = in_sents(agencies, sents)
    pick = next((m for m in here if m.kb_id in usual), None)
    if pick is None and usual:
        found = _usual_official(ctx, usual, sents)
        if found:
            return found
    if pick is None:
        pick = next((m for m in here if ctx.cues.giver_before.search(ctx.between(max(0, m.start - 8), m.start))), None)
    if pick is None:
        found = _official_after_dari(ctx, sents, usual)
        if found:
            return found
    if pick is None and in_passing:
        # Mentioned in passing: only its own sentences may name who gave it, also by the bare name of an
        # official of a usual giver named before ("Syafrudin menjelaskan, … tahun lalu …, yakni RSUD X").
        return _named_again(ctx, usual, sents) or (None, None)
    if pick is None and handover_sent is not None and handover_sent not in sents:
        pick = next((m for m in in_sents(agencies, (handover_sent,)) if m.kb_id in usual), None)
        if pick is None and usual:
            found = _usual_official(ctx, usual, (handover_sent,))
            if found:
                return found
    pick = pick or next((m for m in agencies if m.kb_id in usual), None)
    if pick is None:
        return _giver_from_official(ctx, usual)
    entry = gaz[pick.kb_id]
    parent = entry.attrs.get("parent")
    gid = parent if parent and parent in gaz and not usual.intersection({entry.id}) else entry.id
    if parent and parent in usual:
        gid = parent
    return {"text": pick.text, "name": gaz[gid].canonical, "id": gid}, pick


def _usual_official(ctx: ArticleContext, usual: set[str], sents: tuple[int, ...]) -> tuple[dict, Mention] | None:
    """The first official of these sentences who speaks for a usual giver ("dari Menteri Kesehatan X")."""
    gaz = ctx.rules.gazetteer
    for m in (m for si in sents for m in ctx.in_sent(si, "OFFICIAL")):
        agency = official_agency(ctx, m)
        if agency in usual and agency in gaz:
            return {"text": m.text, "name": gaz[agency].canonical, "id": agency}, m
    return None


def _official_after_dari(ctx: ArticleContext, sents: tuple[int, ...], usual: set[str]) -> tuple[dict, Mention] | None:
    """An official, or a bare minister's title, that the record's sentences name after "dari"/"oleh" ("dari Menteri
    Pendayagunaan Aparatur Negara RI"): the agency they speak for gave it."""
    gaz = ctx.rules.gazetteer
    titles = [t for t in ctx.by_label.get("TITLE", []) if t.kb_id in gaz
              and gaz[t.kb_id].type in ("minister", "president", "central")]
    for si in sents:
        for m in ctx.in_sent(si, "OFFICIAL") + [t for t in titles if ctx.sent_of(t) == si]:
            if not ctx.cues.giver_before.search(ctx.between(max(0, m.start - 8), m.start)):
                continue
            agency = official_agency(ctx, m) if m.label == "OFFICIAL" else gaz[m.kb_id].attrs.get("agency")
            if agency and agency in gaz:
                return {"text": m.text, "name": gaz[agency].canonical, "id": agency}, m
    return None


def _named_again(ctx: ArticleContext, usual: set[str], sents: tuple[int, ...]) -> tuple[dict, Mention] | None:
    """A usual giver's official whose name (a word of it, as written) recurs alone in these sentences."""
    gaz = ctx.rules.gazetteer
    text = " ".join(ctx.sent_text(si) for si in sents)
    for m in ctx.by_label.get("OFFICIAL", []):
        agency = official_agency(ctx, m)
        if agency not in usual or agency not in gaz or ctx.sent_of(m) in sents:
            continue
        person = person_in(ctx, m)
        names = [w for w in (person.text.split() if person else []) if len(w) > 3 and w[:1].isupper()]
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in names):
            return {"text": m.text, "name": gaz[agency].canonical, "id": agency}, m
    return None


def government_giver(ctx: ArticleContext, official: Mention | None, region: str | None) -> dict | None:
    """A regional head who handed the award over gives for their government ("Bupati Kediri menyerahkan hadiah
    lomba desa" → Pemerintah Kabupaten Kediri), written as the article names that government if it does."""
    gaz = ctx.rules.gazetteer
    if official is None or region is None or official.kb_id not in gaz or gaz[official.kb_id].type != "head":
        return None
    entry = ctx.lex.region_by_name(region)
    if entry is None:
        return None
    written = next((g.text for g in ctx.by_label.get("GOV", []) if g.kb_id == entry.id), None)
    return {"text": written or gov_name(region), "name": gov_name(region), "id": entry.id}


def _giver_from_official(ctx: ArticleContext, usual: set[str]) -> tuple[dict | None, Mention | None]:
    """The agency of the first minister or central official whose agency usually gives this award
    ("diserahkan Menteri Kesehatan …": the minister's ministry gives)."""
    for m in officials_of(ctx, "minister", "central", "president"):
        agency = official_agency(ctx, m)
        if agency and agency in ctx.rules.gazetteer and (agency in usual or not usual):
            return {"text": m.text, "name": ctx.rules.gazetteer[agency].canonical, "id": agency}, m
    return None, None
