"""AwardRecords → AwardEvents: one event per award event, with every article that reported it.

An event is written in the AwardEvent contract of DESIGN.md (`event_id`, `recipient`, `award`,
`grade`, `giver`, `date`, `sources` first seen first) plus what analysts asked for beside it
(entity ids, officials, venue, the names the recipient went by, primary, confidence).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.entities import Entity, EntityIndex
from pipeline.events.link import Item, link
from pipeline.models import stable_hash

# What an event keeps of each record: the evidence list (the bulk of a record) is dropped.
_KEEP = ("record_id", "article", "recipient", "award", "grade", "giver", "giver_official", "recipient_official",
         "event", "venue", "date", "primary", "confidence")

_PARTS = ("article", "recipient", "award", "grade", "giver", "giver_official", "recipient_official", "event", "venue",
          "date")


def _obj(value: Any) -> dict[str, Any]:
    """A record part as a dict; a hand-edited line with a string or a list there reads as empty."""
    return value if isinstance(value, dict) else {}


def _text(obj: Any) -> str:
    return obj.get("text") or "" if isinstance(obj, dict) else ""


def _grade_key(grade: dict[str, Any]) -> str | None:
    """What tells two grades apart: the rank on the family's scale ("A" and "Zona Hijau" are both 1), else the text."""
    if grade.get("rank") is not None:
        return f"rank {grade['rank']}"
    return grade.get("letter") or grade.get("label") or None


def to_item(rec: dict[str, Any], index: EntityIndex, entity: Entity | None = None) -> Item:
    """Return what linking needs of one record dict; entities are recomputed with the current rules."""
    art, award, recipient, grade = (_obj(rec.get(k)) for k in ("article", "award", "recipient", "grade"))
    entity = entity or index.recipient(recipient)
    context = " ".join(filter(None, (art.get("title"), _text(award), _text(rec.get("event")),
                                     _text(rec.get("venue")), _text(grade))))
    year = award.get("year")
    return Item(
        record_id=rec.get("record_id") or stable_hash(repr(sorted(rec.items()))),
        article=art.get("id") or art.get("url") or rec.get("record_id") or "",
        family=award.get("family") or "", year=year if isinstance(year, int) else None,
        region=index.region(recipient.get("region")), rtype=recipient.get("type") or "other",
        entity=entity.id, key=entity.key, grade=_grade_key(grade),
        date=_obj(rec.get("date")).get("value"), context=context.lower(),
        order=(art.get("published") or "~", rec.get("record_id") or ""))


def _most_common(values: list[Any], key: Any = repr) -> Any:
    """The most frequent non-empty value (by key); on a tie the first seen (values come first seen first)."""
    if len(values) == 1:  # most events have one source: nothing to count
        return values[0] or None
    counts: dict[str, int] = {}
    first: dict[str, Any] = {}
    for v in values:
        if v:
            k = key(v)
            counts[k] = counts.get(k, 0) + 1
            first.setdefault(k, v)
    if not counts:
        return None
    best = max(counts.values())
    return next(first[k] for k in first if counts[k] == best)


def _official(recs: list[dict[str, Any]], field: str) -> dict[str, Any] | None:
    # One person spelt two ways counts as one: "Rachmat Hidayat" and "Rahmat Hidayat" share an entity id.
    o = _most_common([{k: v for k, v in (r.get(field) or {}).items() if k in ("name", "title", "entity_id")}
                      for r in recs], key=lambda o: o.get("entity_id") or repr(o))
    return o or None


def make_event(items: list[Item], records: dict[str, dict[str, Any]], index: EntityIndex,
               event_id: str) -> dict[str, Any]:
    """Return the AwardEvent dict of one linked group of items (first seen first)."""
    recs = [records[i.record_id] for i in items]
    first = recs[0]
    names = list(dict.fromkeys(n for n in (r["recipient"].get("name") for r in recs) if n))
    recipient = first.get("recipient") or {}
    name = _most_common([(r.get("recipient") or {}).get("name") for r in recs]) or recipient.get("name")
    region = items[0].region
    award = first.get("award") or {}
    grade = _most_common([{k: g.get(k) for k in ("letter", "label", "rank")} for g in
                          (r.get("grade") for r in recs) if g])
    giver = _most_common([{"id": g.get("id"), "name": g.get("name")} for g in (r.get("giver") for r in recs) if g])
    date = _most_common([{"text": d.get("text"), "value": d.get("value")} for d in (r.get("date") for r in recs)
                         if d and d.get("value")])
    sources = []
    for r in recs:
        art = r.get("article") or {}
        sources.append({"record_id": r.get("record_id"), "url": art.get("url"), "site": art.get("site"),
                        "published": art.get("published")})
    return {
        "event_id": event_id,
        "recipient": {"name": name, "type": items[0].rtype, "region": region, "entity_id": items[0].entity,
                      "province": index.province(region)},
        "award": {"family": items[0].family, "year": items[0].year,
                  "name": _most_common([(r.get("award") or {}).get("name") for r in recs]) or award.get("name")},
        "grade": grade,
        "giver": giver,
        "date": date,
        "sources": sources,
        "giver_official": _official(recs, "giver_official"),
        "recipient_official": _official(recs, "recipient_official"),
        "venue": _most_common([r.get("venue") for r in recs]),
        "event": _most_common([r.get("event") for r in recs]),
        "recipient_names": names,
        "grades_seen": sorted({g.get("letter") or g.get("label") for g in (r.get("grade") for r in recs)
                               if g and (g.get("letter") or g.get("label"))}),
        "primary": any(r.get("primary") for r in recs),
        "confidence": max((c for c in (r.get("confidence") for r in recs)
                           if isinstance(c, (int, float)) and not isinstance(c, bool)), default=None),
        "n_sources": len(sources),
    }


def build_events(records: Iterable[dict[str, Any]], index: EntityIndex) -> list[dict[str, Any]]:
    """Return the AwardEvents of a stream of record dicts, first seen first; ids independent of order."""
    kept: dict[str, dict[str, Any]] = {}
    items: list[Item] = []
    for rec in records:
        entities = index.record_entities(rec)  # ids of the current rules, also for records written before
        item = to_item(rec, index, entities["recipient"])
        if item.record_id in kept or not item.family:
            continue  # the same record read twice counts once; a record with no award family links to nothing
        slim = {k: rec.get(k) for k in _KEEP}
        for k in _PARTS:  # a hand-edited line with a string where an object belongs: read as missing
            if not isinstance(slim[k], dict):
                slim[k] = {} if k in ("article", "recipient", "award") else None
        for field, entity in entities.items():
            if entity is not None and isinstance(slim.get(field), dict):
                slim[field] = {**slim[field], "entity_id": entity.id}  # a copy: the caller's record stays as it was
        kept[item.record_id] = slim
        items.append(item)
    groups = link(items)
    # The id: family, year and the recipient entity of the event's first source (first seen first).
    return [make_event(g, kept, index, stable_hash("event", g[0].family, str(g[0].year), g[0].entity, length=16))
            for g in groups]


__all__ = ["build_events", "make_event", "to_item"]
