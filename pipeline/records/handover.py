"""The handover of an award: whose it is (the article's, a record's own) and who gave and who received it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Mention
from pipeline.records.context import ArticleContext
from pipeline.records.draft import Draft
from pipeline.records.givers import official_agency, officials_of
from pipeline.records.occasion import QUOTED, Told, events, handover_date, handover_dates, told_handover, venues
from pipeline.records.resolve import official_region, person_in



@dataclass(frozen=True)
class Handover:
    """The article's handover, found once and shared by every record of its event."""

    told: Told  # the sentence that tells it and its EVENT, VENUE and DATE mentions
    date: dict | None  # the DATE as written and as an ISO day
    receivers: list[tuple[Mention, str | None]]  # see _receivers
    own: bool = False  # a record's own handover, told apart from the article's (see own_handover)


def article_handover(ctx: ArticleContext) -> Handover:
    """The handover of the article's award, its date and the officials who may have received it."""
    told = told_handover(ctx)
    return Handover(told, handover_date(ctx, told.date), _receivers(ctx))


def own_handover(ctx: ArticleContext, d: Draft, shared: Handover) -> Handover:
    """The record's own handover when its sentence tells another one than the article's, with a handover verb and a
    date of its own ("predikat WTP untuk Pemprov Bali sudah lebih dulu diserahkan … kepada Gubernur X, Rabu (31/5)
    lalu"); else the article's."""
    sent = shared.told.sent
    if d.identity.type == "opd" and sent is not None and _received_for_the_head(ctx, sent):
        # "Kepala Dinas X yang mewakili Bupati Y menerima penghargaan": the handover was the government's, not
        # the unit's whose head stood in.
        return Handover(Told(), None, shared.receivers, own=True)
    if sent is None or d.sent == sent or not ctx.has(d.sent, "DATE") \
            or not ctx.cues.handover_verb.search(ctx.sent_text(d.sent)):
        return shared
    dates = [m for m in handover_dates(ctx) if ctx.sent_of(m) == d.sent]
    if not dates:
        return shared
    venue = next((m for m in venues(ctx) if ctx.sent_of(m) == d.sent), None)
    event = next((m for m in events(ctx) if ctx.sent_of(m) == d.sent), None)
    return Handover(Told(d.sent, event, venue, dates[0]), handover_date(ctx, dates[0]), shared.receivers, own=True)


def _received_for_the_head(ctx: ArticleContext, sent: int) -> bool:
    """Whether an official of the handover's sentence received standing in for a regional head ("… yang mewakili
    Pj Bupati Buleleng menerima …")."""
    gaz = ctx.rules.gazetteer
    for m in ctx.in_sent(sent, "OFFICIAL"):
        after = ctx.cues.delegate_after.match(ctx.between(m.end, m.end + 30))
        if after is None:
            continue
        at = m.end + after.end()
        if any(at <= o.start <= at + 3 and o.kb_id in gaz and gaz[o.kb_id].type == "head"
               for o in ctx.by_label.get("OFFICIAL", [])):
            return True
    return False


def _receivers(ctx: ArticleContext) -> list[tuple[Mention, str | None]]:
    """Local officials (head, deputy, bureaucrat) whose holder is named, each with the region its title names."""
    return [(m, official_region(ctx, m)) for m in officials_of(ctx, "head", "deputy", "bureaucrat")
            if person_in(ctx, m) is not None]


def _only_attended(ctx: ArticleContext, m: Mention) -> bool:
    """Whether an official only attended ("didampingi", "disaksikan" before them), is a building ("Istana …")
    or only spoke (a speech word and no handover verb in their sentence, quotations left out)."""
    si = ctx.sent_of(m)
    if ctx.cues.building.search(ctx.between(max(0, m.start - 20), m.start)):
        return True  # "Istana Wakil Presiden": a building, not an official
    if ctx.cues.witness.search(ctx.between(ctx.sents[si][0], m.start)):
        return True
    said = QUOTED.sub(lambda q: " " * len(q.group()), ctx.sent_text(si))  # blanked: offsets stay
    return bool(ctx.cues.speech.search(said)) and not _hands_over_award(ctx, si, said)


def _hands_over_award(ctx: ArticleContext, si: int, said: str) -> bool:
    """Whether a handover verb of the sentence has the award near it ("menyerahkan penghargaan", "Piala …
    diserahkan"), not some other thing ("terus memberikan pelayanan terbaik")."""
    base = ctx.sents[si][0]
    awards = ctx.in_sent(si, "AWARD", "AWARD_CUE")
    for verb in ctx.cues.handover_verb.pattern.finditer(said):
        a, b = base + verb.start(), base + verb.end()
        for m in awards:
            gap = ctx.between(m.end, a) if m.end <= a else ctx.between(b, m.start) if m.start >= b else ""
            if len(gap.split()) <= 2 and not _CLAUSE_BREAK.search(gap):
                return True
    return False


_CLAUSE_BREAK = re.compile(r"[,.;:]")  # the award and the verb lie in one phrase: "penghargaan itu diterima"


def giver_official(ctx: ArticleContext, giver_id: str | None, sent: int | None,
                   region: str | None = None, rtype: str | None = None, only_sent: bool = False) -> Mention | None:
    """Who handed the award over: the giver's own official, else whoever "oleh" names in the handover, else a
    central official who gave, else the official the handover's sentence makes its giver ("Bupati X menyerahkan
    hadiah lomba desa …", but not the head of the record's own government, region and rtype); never one who only
    attended or spoke. only_sent: a record's own handover, told in one sentence, names its giver there or not at all."""
    if only_sent:
        found = _giver_official(ctx, giver_id, sent, region, rtype)
        return found if found is not None and sent is not None and ctx.sent_of(found) == sent else None
    return _giver_official(ctx, giver_id, sent, region, rtype)


def _giver_official(ctx: ArticleContext, giver_id: str | None, sent: int | None,
                    region: str | None, rtype: str | None) -> Mention | None:
    stand_in = _giver_stand_in(ctx, sent)
    if stand_in is not None:
        return stand_in  # "diberikan Menteri PPPA yang diwakili Asdep X": who handed it over for the minister
    linked = [m for m in ctx.by_label.get("OFFICIAL", [])
              if giver_id and official_agency(ctx, m) == giver_id and not _only_attended(ctx, m)]
    in_handover = [m for m in linked if ctx.sent_of(m) == sent]
    if in_handover:
        return in_handover[0]
    # "penyematan lencana dilakukan oleh Menteri X": who the handover's sentence says did it, before an official
    # of the giver named elsewhere ("… dari Presiden Y"); not one after "diterima oleh".
    if sent is not None:
        for m in ctx.in_sent(sent, "OFFICIAL"):
            before = ctx.between(max(0, m.start - 30), m.start)
            if ctx.cues.giver_before.search(before[-12:]) and not ctx.cues.received_by.search(before):
                return m
    if linked:
        return linked[0]
    central = [m for m in officials_of(ctx, "minister", "president") if not _only_attended(ctx, m)]
    here = [m for m in central if ctx.sent_of(m) == sent]
    if here:
        return here[0]
    # Named in another sentence than the handover's: the one that says they gave it ("diberikan Wakil
    # Presiden X kepada …", "Menteri X menyerahkan penghargaan …").
    for m in central:
        if _gives(ctx, m):
            return m
    # Any other official the text says it was handed over by ("diserahkan oleh Sekretaris Kementerian X").
    for m in ctx.by_label.get("OFFICIAL", []):
        if _given_by(ctx, m) and not _only_attended(ctx, m):
            return m
    if sent is not None:
        for m in ctx.in_sent(sent, "OFFICIAL"):
            own_head = rtype in ("pemda", "kepala_daerah") and official_region(ctx, m) == region
            if not own_head and person_in(ctx, m) is not None and _gives(ctx, m) and not _only_attended(ctx, m) \
                    and not _received_first(ctx, m):
                return m
    return None


def _received_first(ctx: ArticleContext, m: Mention) -> bool:
    """Whether a receiving verb of the award stands between an official and the giving verb after them ("Bupati X
    menerima penghargaan itu dan memberikan apresiasi kepada OPD": X received)."""
    si = ctx.sent_of(m)
    rest = ctx.between(m.end, ctx.sents[si][1])
    give = ctx.cues.giving_verb.search(rest)
    upto = m.end + (give.start() if give else len(rest))
    return any(m.end <= v.start < upto and v.text.lower() not in ctx.cues.giving_verbs
               and not v.text.lower().startswith("di") for v in ctx.in_sent(si, "AWARD_VERB"))




def _giver_stand_in(ctx: ArticleContext, sent: int | None) -> Mention | None:
    """An official of the handover's sentence who stood in for a central official ("Menteri PPPA RI yang diwakili
    Asdep … X"); one standing in for a regional head ("Bupati yang diwakili Sekda") received, and is not this."""
    if sent is None:
        return None
    gaz = ctx.rules.gazetteer
    titles = [t for t in ctx.by_label.get("TITLE", []) if ctx.sent_of(t) == sent and t.kb_id in gaz]
    for m in ctx.in_sent(sent, "OFFICIAL"):
        before = ctx.between(max(ctx.sents[sent][0], m.start - 60), m.start)
        cue = ctx.cues.represented_by.search(before)
        if cue is None:
            continue
        cue_at = m.start - len(before) + cue.start()
        stood_for = max((t for t in titles if t.end <= cue_at), key=lambda t: (t.end, t.end - t.start), default=None)
        if stood_for is not None and cue_at - stood_for.end <= 12 \
                and gaz[stood_for.kb_id].type in ("minister", "central", "president"):
            return m
    return None


def _stood_in_for_head(ctx: ArticleContext, m: Mention) -> bool:
    """Whether an official stood in for a regional head named right before ("Bupati X yang diwakili Sekda Y")."""
    before = ctx.between(max(ctx.sents[ctx.sent_of(m)][0], m.start - 40), m.start)
    cue = ctx.cues.represented_by.search(before)
    if cue is None:
        return False
    cue_at = m.start - len(before) + cue.start()
    gaz = ctx.rules.gazetteer
    return any(cue_at - 3 <= o.end <= cue_at and o.kb_id in gaz and gaz[o.kb_id].type == "head"
               for o in ctx.in_sent(ctx.sent_of(m), "OFFICIAL"))


def _given_by(ctx: ArticleContext, m: Mention) -> bool:
    """Whether a giving passive stands right before this official ("diserahkan (langsung) oleh …")."""
    start = ctx.sents[ctx.sent_of(m)][0]
    before = ctx.between(max(start, m.start - 40), m.start).lower().split()
    while before and before[-1] in ctx.cues.agent_words:
        before.pop()
    return bool(before) and before[-1] in ctx.cues.giving_passives


def _gives(ctx: ArticleContext, m: Mention) -> bool:
    """Whether the sentence makes this official the one who gave: a giving passive right before them, or an
    active giving verb after them with no other official before them in the sentence."""
    si = ctx.sent_of(m)
    if _given_by(ctx, m):
        return True
    first = min(ctx.in_sent(si, "OFFICIAL"), key=lambda o: o.start, default=None)
    return first is m and bool(ctx.cues.giving_verb.search(ctx.between(m.end, ctx.sents[si][1])))


def is_delegate(ctx: ArticleContext, m: Mention) -> bool:
    """Whether an official is followed by a delegate word ("mewakili"): they received for someone else."""
    return bool(ctx.cues.delegate_after.match(ctx.between(m.end, m.end + 30)))


def _stands_in_for(ctx: ArticleContext, m: Mention) -> str | None:
    """The region of the official a delegate stood in for ("… yang mewakili Pj Bupati Kampar")."""
    after = ctx.cues.delegate_after.match(ctx.between(m.end, m.end + 30))
    if not after:
        return None
    at = m.end + after.end()
    for o in ctx.by_label.get("OFFICIAL", []):
        if at <= o.start <= at + 3:
            return official_region(ctx, o)
    return None


def recipient_official(ctx: ArticleContext, region: str | None, sent: int | None, d: Draft,
                       receivers: list[tuple[Mention, str | None]]) -> Mention | None:
    """The official who received for this recipient: one of its own region, preferably named in the handover."""
    local = [m for m, heads in receivers if heads == region and not _heads_another_unit(ctx, m, d.recipient)]
    # "Wakil Wali Kota X, Nama, mewakili wali kota menerima …": who stood in for the head received it.
    delegates = [m for m in local if is_delegate(ctx, m) or _stood_in_for_head(ctx, m)] if region is not None else []
    if not delegates and region is not None:
        # "Kepala Dinas X, Nama, yang mewakili Bupati Y": an official of no region of their own stood in for
        # the head of this record's region.
        delegates = [m for m, heads in receivers if heads is None and _stands_in_for(ctx, m) == region]
    if delegates:
        return delegates[0]
    if d.official is not None and person_in(ctx, d.official) is not None:
        return d.official
    own = _heads_of_unit(ctx, d.recipient, receivers)
    if own:
        return own[0]  # "Dirut RSUD X dr. Y": the head of the very unit that won, where the text names them
    bare = _bare_head_received(ctx, region, sent, receivers)
    if bare is not None:
        return bare  # "… diserahkan kepada Gubernur X" for the province's record
    local = [m for m in local if not _only_attended(ctx, m)]  # who only spoke or attended received nothing
    if not local or region is None:
        return None
    if sent is not None:
        for m in local:
            if ctx.sent_of(m) == sent and ctx.cues.receiver_before.search(ctx.between(max(0, m.start - 30), m.start).strip()):
                return m
    awarded = [m for m in local if ctx.has(ctx.sent_of(m), "AWARD_VERB", "AWARD_CUE", "AWARD")]
    return (awarded or local)[0]


_LEVEL_PREFIX = {"kabupaten": "Kabupaten ", "kota": "Kota ", "provinsi": "Provinsi "}


def _bare_head_received(ctx: ArticleContext, region: str | None, sent: int | None,
                        receivers: list[tuple[Mention, str | None]]) -> Mention | None:
    """A head whose title names no region ("kepada Gubernur Made X") who received in the handover's sentence, for
    the record of a region of the title's level."""
    if region is None or sent is None:
        return None
    gaz = ctx.rules.gazetteer
    for m, heads in receivers:
        entry = gaz.get(m.kb_id)
        level = entry.attrs.get("level") if entry else None
        if heads is None and ctx.sent_of(m) == sent and entry is not None and entry.type in ("head", "deputy") \
                and region.startswith(_LEVEL_PREFIX.get(level or "", "\0")) \
                and ctx.cues.receiver_before.search(ctx.between(max(0, m.start - 30), m.start).strip()):
            return m
    return None


def _heads_of_unit(ctx: ArticleContext, recipient: Mention, receivers: list[tuple[Mention, str | None]]) -> list[Mention]:
    """Officials whose title names the recipient unit itself: its kind, and for a kind a region has many of
    (RSUD, Puskesmas) also its name ("Kadis Dukcapil …" for Dinas Dukcapil, "Dirut RSUD Sanjiwani …" for RSUD
    Sanjiwani, not for another RSUD)."""
    if recipient.label != "UNIT_NAME" or not recipient.kb_id:
        return []
    entry = ctx.rules.gazetteer.get(recipient.kb_id)
    unique_kind = entry is not None and entry.type in ctx.cues.one_per_region
    name = _squash(recipient.text)
    out = []
    for m, _heads in receivers:
        units = [u for lab in ("UNIT_NAME", "UNIT") for u in ctx.by_label.get(lab, [])
                 if m.start <= u.start and u.end <= m.end and u.kb_id == recipient.kb_id]
        # A kind a region has many of must bring its own name: "RSUD Sanjiwani", not a bare "RSUD".
        if any(unique_kind or (u.label == "UNIT_NAME" and len(u.text.split()) > 1
                               and (_squash(u.text) in name or name in _squash(u.text))) for u in units):
            out.append(m)
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _heads_another_unit(ctx: ArticleContext, m: Mention, recipient: Mention) -> bool:
    """Whether an official's title names a unit of another kind than the unit that won ("Kadis Dukcapil …"
    for an RSUD's award): that official received their own unit's award, not this one."""
    if recipient.label != "UNIT_NAME" or not recipient.kb_id:
        return False
    units = {u.kb_id for u in ctx.by_label.get("UNIT", []) if m.start <= u.start and u.end <= m.end and u.kb_id}
    return bool(units) and recipient.kb_id not in units

